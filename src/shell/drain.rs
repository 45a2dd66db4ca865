//! `kubectl cordon`, `uncordon` and `drain`: taking a node out of scheduling and moving its pods away.

use crate::engine::api::Kind;
use crate::engine::{Change, Command, Event};
use crate::shell::verbs::{not_found, WAIT_MILLIS};
use crate::shell::{Output, Shell};

/// Whether a node is taken out of scheduling or given back to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scheduling {
    Cordon,
    Uncordon,
}

impl Scheduling {
    /// The kubectl verb.
    fn verb(self) -> &'static str {
        match self {
            Scheduling::Cordon => "cordon",
            Scheduling::Uncordon => "uncordon",
        }
    }

    /// What kubectl prints after the node's name.
    fn done(self) -> &'static str {
        match self {
            Scheduling::Cordon => "cordoned",
            Scheduling::Uncordon => "uncordoned",
        }
    }
}

/// `kubectl cordon|uncordon NODE`.
pub(super) fn cordon(shell: &mut Shell, words: &[String], scheduling: Scheduling) -> Output {
    let verb = scheduling.verb();
    let Some(node) = words.first() else {
        return Output::err(format!(
            "error: USAGE: {verb} NODE [flags]\nSee 'kubectl {verb} -h' for help and examples\n"
        ));
    };
    let events = shell.cluster.apply(Command::Cordon {
        node: node.clone(),
        unschedulable: scheduling == Scheduling::Cordon,
    });
    let done = scheduling.done();
    match events.first() {
        Some(Event::Applied {
            change: Change::Unchanged,
            ..
        }) => Output::out(format!("node/{node} already {done}\n")),
        Some(Event::Applied { .. }) => Output::out(format!("node/{node} {done}\n")),
        _ => not_found(Kind::Node, node),
    }
}

/// `kubectl drain NODE [--ignore-daemonsets]`: cordon, then evict every pod that a controller will recreate elsewhere.
pub(super) fn drain(shell: &mut Shell, words: &[String], ignore_daemonsets: bool) -> Output {
    let Some(node) = words.first().cloned() else {
        return Output::err(
            "error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples\n",
        );
    };
    let mut output = cordon(shell, std::slice::from_ref(&node), Scheduling::Cordon);
    if output.stdout().is_empty() {
        return output;
    }
    let pods: Vec<(String, String, bool)> = shell
        .cluster
        .store()
        .pods()
        .values()
        .filter(|p| {
            p.spec.node_name.as_deref() == Some(node.as_str()) && p.metadata.deleted.is_none()
        })
        .map(|p| {
            let daemon = p
                .metadata
                .owner
                .as_ref()
                .is_some_and(|o| o.kind == Kind::DaemonSet);
            (
                p.metadata.namespace().to_string(),
                p.metadata.name.clone(),
                daemon,
            )
        })
        .collect();
    let daemons: Vec<String> = pods
        .iter()
        .filter(|p| p.2)
        .map(|(ns, name, _)| format!("{ns}/{name}"))
        .collect();
    if !daemons.is_empty() && !ignore_daemonsets {
        let reason = format!(
            "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): {}",
            daemons.join(", ")
        );
        output.push_err(format!(
            "error: unable to drain node \"{node}\" due to error: {reason}, continuing command...\nThere are pending nodes to be drained:\n {node}\n{reason}\n"
        ));
        return output;
    }
    if !daemons.is_empty() {
        output.push_err(format!(
            "Warning: ignoring DaemonSet-managed Pods: {}\n",
            daemons.join(", ")
        ));
    }
    for (namespace, name, daemon) in pods {
        if daemon {
            continue;
        }
        output.push_out(format!("evicting pod {namespace}/{name}\n"));
        shell.cluster.apply(Command::Delete {
            kind: Kind::Pod,
            namespace: namespace.clone(),
            name: name.clone(),
            grace: None,
        });
        shell.wait_for(WAIT_MILLIS, |shell| {
            !shell
                .cluster()
                .store()
                .contains(Kind::Pod, &namespace, &name)
        });
        output.push_out(format!("pod/{name} evicted\n"));
    }
    output.push_out(format!("node/{node} drained\n"));
    output
}
