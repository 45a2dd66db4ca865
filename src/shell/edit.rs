//! `kubectl edit TYPE NAME`: the live object, as kubectl hands it to an editor, in a file of its own. In the page
//! the file opens in an editor tab and applying it saves the edit, as closing the editor does; Ctrl+C in the
//! terminal cancels. The CLI has no editor, so it says what to do instead.

use crate::engine::api::Kind;
use crate::engine::manifest;
use crate::engine::{Change, Command, Event};
use crate::shell::flags::Args;
use crate::shell::kubectl::plural_qualified;
use crate::shell::{render, verbs, Output, Shell};

/// What kubectl writes above the object.
const HEADER: &str = "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n";

/// An edit in progress: the file the object is in and the object it came from.
#[derive(Debug, Clone)]
pub(super) struct Editing {
    pub file: String,
    kind: Kind,
    name: String,
    original: String,
}

pub(super) fn start(shell: &mut Shell, args: &Args) -> Output {
    let (kind, name) = match verbs::targets(&args.positional, |_| true).as_deref() {
        Ok([one]) => one.clone(),
        Ok(_) => return Output::err("error: kplay edits one object at a time\n"),
        Err(message) => return Output::err(format!("{message}\n")),
    };
    let Some(object) = render::stored(shell.cluster(), kind, args.namespace(), &name) else {
        return Output::err(format!(
            "Error from server (NotFound): {} \"{name}\" not found\n",
            plural_qualified(kind)
        ));
    };
    if !shell.interactive {
        return Output::err(format!(
            "kplay: the CLI has no editor for kubectl edit; use kubectl patch, or kubectl get {0} {name} -o yaml > {name}.yaml, change the file and kubectl apply -f {name}.yaml\n",
            kind.singular()
        ));
    }
    let file = format!("kubectl-edit-{}-{name}.yaml", kind.singular());
    let original = format!("{HEADER}{}", manifest::to_yaml(&object));
    shell.write_file(&file, &original);
    let said = format!(
        "kplay: {0}/{name} is open in the editor tab {file}; Apply saves it, Ctrl+C here cancels\n",
        kind.qualified()
    );
    shell.editing = Some(Editing {
        file,
        kind,
        name,
        original,
    });
    // kplay's own remark, not an error: on standard output, so the terminal does not show it red.
    Output::out(said)
}

/// Saving the edited file: kubectl applies the object if it changed, and says so.
pub(super) fn finish(shell: &mut Shell) -> Output {
    let Some(editing) = shell.editing.clone() else {
        return Output::default();
    };
    let text = shell
        .files()
        .get(&editing.file)
        .cloned()
        .unwrap_or_default();
    let kept: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    if kept.trim().is_empty() || text == editing.original {
        return close(
            shell,
            &editing,
            Output::out("Edit cancelled, no changes made.\n"),
        );
    }
    let parsed = manifest::parse(&editing.file, &kept);
    if let Some(d) = parsed.diagnostics.first() {
        return Output::err(format!("error: {}\n", d.detail));
    }
    let same = parsed.manifests.len() == 1
        && parsed
            .manifests
            .iter()
            .all(|m| m.object.kind() == editing.kind && m.object.meta().name == editing.name);
    if !same {
        return Output::err("error: At least one of apiVersion, kind and name was changed\n");
    }
    let events = shell.cluster.apply(Command::Apply(parsed.manifests));
    match events.into_iter().next() {
        Some(Event::Applied {
            change: Change::Unchanged,
            ..
        }) => close(
            shell,
            &editing,
            Output::out("Edit cancelled, no changes made.\n"),
        ),
        Some(Event::Applied { .. }) => {
            let said = format!("{}/{} edited\n", editing.kind.qualified(), editing.name);
            close(shell, &editing, Output::out(said))
        }
        Some(Event::Rejected { message, .. }) => Output::err(format!("{message}\n")),
        _ => Output::default(),
    }
}

/// Ctrl+C while editing: nothing is saved.
pub(super) fn cancel(shell: &mut Shell) -> Output {
    match shell.editing.clone() {
        Some(editing) => close(
            shell,
            &editing,
            Output::out("Edit cancelled, no changes made.\n"),
        ),
        None => Output::default(),
    }
}

fn close(shell: &mut Shell, editing: &Editing, said: Output) -> Output {
    shell.files.remove(&editing.file);
    shell.editing = None;
    said
}
