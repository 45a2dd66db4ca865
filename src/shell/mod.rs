//! A small shell around kubectl: the text interface the terminal and the CLI share. Pure, like the engine.
//!
//! It owns the cluster and a virtual filesystem whose files are the editors' buffers in the browser.

mod apply;
mod bash;
mod columns;
mod compare;
pub mod complete;
mod config;
mod configmaps;
mod curl;
mod describe;
mod drain;
mod edit;
mod endpoints;
mod explain;
mod flags;
mod generators;
mod get;
mod ingress2gateway;
mod inside;
mod jsonpath;
mod kinds;
mod kplay;
mod kubectl;
mod load;
mod output;
mod page;
mod patch;
mod programs;
mod proxy;
mod render;
mod rollout;
mod script;
mod secrets;
mod selectors;
mod sheet;
mod sorting;
pub mod table;
mod template;
mod text;
mod verbs;
mod wait;
mod watch;

use std::collections::BTreeMap;

use crate::engine::manifest::{self, Diagnostic};
use crate::engine::{Cluster, Command, Event, Millis};
use crate::shell::bash::{Line, Script};
pub use crate::shell::output::{Output, Stream};
pub use crate::shell::page::OPENING;

/// The three files of the seed tutorial, present in every new shell.
pub const SEED_FILES: [(&str, &str); 3] = [
    (
        "deployment.yaml",
        include_str!("../../static/seed/deployment.yaml"),
    ),
    (
        "service.yaml",
        include_str!("../../static/seed/service.yaml"),
    ),
    (
        "ingress.yaml",
        include_str!("../../static/seed/ingress.yaml"),
    ),
];

/// The result of applying one file from an editor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileApply {
    pub output: Output,
    /// Problems with positions. Parse problems stop the whole file; a refused object leaves the others applied, as
    /// `kubectl apply` does.
    pub diagnostics: Vec<Diagnostic>,
}

/// A cluster plus the files a learner works on.
#[derive(Debug, Clone)]
pub struct Shell {
    cluster: Cluster,
    files: BTreeMap<String, String>,
    /// The here-document being read, if a line opened one.
    heredoc: Option<Heredoc>,
    /// Shell variables (`export NAME=...`, `NAME=...`, a `for` loop's variable).
    vars: BTreeMap<String, String>,
    /// The exit status of the last command (`$?`, and what `&&` and `||` look at).
    status: i32,
    /// How deep `$(...)` nests now, and how many loop bodies the current line has run: both are bounded.
    depth: u32,
    iterations: usize,
    /// The pod whose shell `kubectl exec -ti POD -- bash` opened, until `exit`.
    inside: Option<inside::PodShell>,
    /// The port `kubectl proxy` serves on, once started.
    proxy: Option<u16>,
    /// The `kubectl port-forward`s listening, once started.
    forwards: Vec<proxy::Forward>,
    /// The `kubectl get -w` running, and whether a terminal drives this shell (the page: a watch streams until
    /// Ctrl+C) or a script does (a watch runs until the cluster is quiet).
    watch: Option<watch::Watch>,
    interactive: bool,
    /// The namespace `kubectl config set-context --current --namespace=NS` made the default.
    context_namespace: Option<String>,
    /// A command line that goes on in the next one (it ended in `\`, `|`, `&&` or `||`), waiting for it.
    continued: Option<String>,
    /// The object `kubectl edit` opened in an editor tab, until it is saved or cancelled.
    editing: Option<edit::Editing>,
    /// Whether `minikube` has said once that this is kplay.
    minikube_warned: bool,
}

/// The command on a transcript's prompt line: after bash's `$ `, a here-document's `> `, or a pod shell's
/// `root@POD:/# ` or `/ # `.
pub fn command_on_prompt(line: &str) -> Option<&str> {
    let in_pod = || {
        line.strip_prefix("root@")
            .and_then(|rest| rest.split_once(":/# "))
            .map(|(_, command)| command)
    };
    line.strip_prefix("$ ")
        .or_else(|| line.strip_prefix("> "))
        .or_else(|| line.strip_prefix("/ # "))
        .or_else(in_pod)
}

/// Whether bash reads on after this line, and the text so far: a trailing `\` joins the next line to it (the
/// backslash and the line break go), a trailing `|`, `&&` or `||` wants the command that follows.
fn continues(line: &str) -> Option<String> {
    let trimmed = line.trim_end();
    let backslashes = trimmed.len() - trimmed.trim_end_matches('\\').len();
    if line.ends_with('\\') && backslashes % 2 == 1 {
        return Some(line[..line.len() - 1].to_string());
    }
    let operator = trimmed.ends_with('|') || trimmed.ends_with("&&");
    (operator && !trimmed.starts_with('#')).then(|| format!("{trimmed} "))
}

/// A line that opened a here-document, waiting for its body.
#[derive(Debug, Clone)]
struct Heredoc {
    terminator: String,
    script: Script,
    body: String,
}

impl Shell {
    /// A bare cluster (a control plane and two workers) with the seed tutorial's files in its filesystem.
    pub fn new(seed: u64) -> Shell {
        Shell::with_workers(seed, 2)
    }

    /// A bare cluster with `workers` worker nodes (1 to 10).
    pub fn with_workers(seed: u64, workers: u8) -> Shell {
        Shell {
            cluster: Cluster::new(seed, workers),
            files: SEED_FILES
                .iter()
                .map(|(name, text)| (name.to_string(), text.to_string()))
                .collect(),
            heredoc: None,
            vars: BTreeMap::new(),
            status: 0,
            depth: 0,
            iterations: 0,
            inside: None,
            proxy: None,
            forwards: Vec::new(),
            minikube_warned: false,
            watch: None,
            interactive: false,
            context_namespace: None,
            continued: None,
            editing: None,
        }
    }

    /// A terminal drives this shell: `kubectl get -w` keeps watching until `interrupt`.
    pub fn set_interactive(&mut self, interactive: bool) {
        self.interactive = interactive;
    }

    /// Whether a `kubectl get -w` is running.
    pub fn watching(&self) -> bool {
        self.watch.is_some()
    }

    /// The rows a running watch prints for what changed since it last looked.
    pub fn watch_step(&mut self) -> Output {
        watch::step(self)
    }

    /// Ctrl+C: stops a running watch, a here-document being typed or an edit, as the terminal shows it.
    pub fn interrupt(&mut self) -> Output {
        self.watch = None;
        self.heredoc = None;
        let mut output = Output::out("^C\n");
        output.extend(edit::cancel(self));
        output
    }

    /// The file `kubectl edit` opened, while the edit is open.
    pub fn editing_file(&self) -> Option<&str> {
        self.editing.as_ref().map(|e| e.file.as_str())
    }

    /// Saves the open edit, as closing kubectl's editor does.
    pub fn finish_edit(&mut self) -> Output {
        edit::finish(self)
    }

    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    pub fn files(&self) -> &BTreeMap<String, String> {
        &self.files
    }

    pub fn write_file(&mut self, name: &str, text: &str) {
        self.files.insert(name.to_string(), text.to_string());
    }

    /// One step of a command that waits: virtual time runs to the next moment something happens, but not past
    /// `deadline`. Returns false once the deadline is reached, so waits of any length take a few steps.
    pub(super) fn step_toward(&mut self, deadline: Millis) -> bool {
        let now = self.cluster.now();
        if now >= deadline {
            return false;
        }
        let next = self.cluster.next_due().unwrap_or(deadline).min(deadline);
        self.cluster
            .apply(Command::Advance(next.saturating_sub(now).max(1)));
        true
    }

    /// Waits in virtual time, at most `limit`, for `done`; returns whether it came.
    pub(super) fn wait_for(&mut self, limit: Millis, done: impl Fn(&Shell) -> bool) -> bool {
        let deadline = self.cluster.now().saturating_add(limit);
        loop {
            if done(self) {
                return true;
            }
            if !self.step_toward(deadline) {
                return done(self);
            }
        }
    }

    /// Lets virtual time run to the next moment something happens, but at most `limit`.
    pub fn step(&mut self, limit: Millis) {
        let deadline = self.cluster.now().saturating_add(limit);
        self.step_toward(deadline);
    }

    /// Lets virtual time pass.
    pub fn advance(&mut self, millis: Millis) {
        self.cluster.apply(Command::Advance(millis));
    }

    /// Applies an editor's file as `kubectl apply -f` would, but all or nothing: while the file has problems the
    /// cluster keeps its last good state.
    pub fn apply_file(&mut self, name: &str) -> FileApply {
        let Some(text) = self.files.get(name) else {
            return FileApply {
                output: Output::err(format!("error: the path \"{name}\" does not exist\n")),
                diagnostics: Vec::new(),
            };
        };
        let parsed = manifest::parse(name, text);
        if !parsed.is_clean() {
            let stderr: String = parsed
                .diagnostics
                .iter()
                .map(|d| format!("{}\n", d.message))
                .collect();
            return FileApply {
                output: Output::err(stderr),
                diagnostics: parsed.diagnostics,
            };
        }
        let text = text.clone();
        let (output, applied) =
            apply::apply_manifests(self, name, parsed.manifests, None, apply::Verb::Apply);
        // Validation errors point at the fields they name, as parse errors do.
        let mut diagnostics = Vec::new();
        for (m, event) in applied {
            if let Event::Rejected {
                message, causes, ..
            } = event
            {
                for (path, cause) in causes {
                    let (line, column) =
                        manifest::locate(&text, m.document, &path).unwrap_or((m.line, 1));
                    diagnostics.push(Diagnostic {
                        file: name.to_string(),
                        line,
                        column,
                        message: message.clone(),
                        hint: apply::lookalike_hint(&cause),
                        detail: cause,
                    });
                }
            }
        }
        FileApply {
            output,
            diagnostics,
        }
    }

    /// Runs one command line, or takes it as the next line of a here-document being read.
    pub fn exec(&mut self, line: &str) -> Output {
        self.iterations = 0;
        if let Some(mut heredoc) = self.heredoc.take() {
            if line.trim_end() == heredoc.terminator {
                return self.run_script(&heredoc.script, Some(&heredoc.body));
            }
            heredoc.body.push_str(line);
            heredoc.body.push('\n');
            self.heredoc = Some(heredoc);
            return Output::default();
        }
        let whole = match self.continued.take() {
            Some(before) => format!("{before}{line}"),
            None => line.to_string(),
        };
        if let Some(before) = continues(&whole) {
            self.continued = Some(before);
            return Output::default();
        }
        let line = whole.as_str();
        match bash::parse(line) {
            Line::Empty => Output::default(),
            Line::Invalid(message) => {
                // bash's status for a syntax error.
                self.status = 2;
                Output::err(message)
            }
            Line::Heredoc { terminator, script } => {
                self.heredoc = Some(Heredoc {
                    terminator,
                    script,
                    body: String::new(),
                });
                Output::default()
            }
            Line::Run(script) => self.run_script(&script, None),
        }
    }

    /// Whether the shell is in the middle of a here-document, so the next line is input rather than a command
    /// (a terminal shows the `> ` prompt).
    pub fn awaiting_input(&self) -> bool {
        self.heredoc.is_some() || self.continued.is_some()
    }

    /// The prompt before the next line: bash's `$ `, `> ` inside a here-document, or the container's own prompt in
    /// a pod's shell.
    pub fn prompt(&self) -> String {
        match &self.inside {
            _ if self.awaiting_input() => "> ".to_string(),
            Some(at) => at.prompt.clone(),
            None => "$ ".to_string(),
        }
    }

    fn run(&mut self, words: &[String], stdin: Option<String>) -> Output {
        let Some((program, args)) = words.split_first() else {
            return Output::default();
        };
        if let Some(at) = self.inside.clone() {
            // The pod's own text tools read the pipe as the learner's do.
            return match program.as_str() {
                "head" | "tail" | "grep" | "wc" => {
                    text::filter(program, args, &stdin.unwrap_or_default())
                }
                "cat" if args.is_empty() => Output::out(stdin.unwrap_or_default()),
                "sleep" | "seq" | "true" | "false" | "clear" => self.run_outside(words, stdin),
                _ => inside::run(self, &at, words),
            };
        }
        self.run_outside(words, stdin)
    }
}

/// What `clear` writes: the terminal moves home and erases the screen and its scrollback.
pub const CLEAR_SCREEN: &str = "\x1b[H\x1b[2J\x1b[3J";

#[cfg(test)]
mod tests;
