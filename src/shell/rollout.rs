//! `kubectl rollout status|restart|history|undo`: watching and steering a Deployment's revisions.

use crate::engine::api::{DaemonSet, Deployment, Kind, ReplicaSet};
use crate::engine::order;
use crate::engine::{revision, Patch, POD_TEMPLATE_HASH};
use crate::shell::verbs::{each, not_found, patch, WAIT_MILLIS};
use crate::shell::{Output, Shell};

/// `kubectl rollout status|restart deployment/NAME`.
pub(super) fn rollout(
    shell: &mut Shell,
    words: &[String],
    namespace: &str,
    to_revision: Option<u64>,
) -> Output {
    let Some((action, rest)) = words.split_first() else {
        return Output::err("error: Required resource not specified.\n");
    };
    match action.as_str() {
        "restart" => each(
            shell,
            rest,
            |_| true,
            |shell, kind, name| patch(shell, kind, namespace, name, Patch::Restart, "restarted"),
        ),
        "status" => each(
            shell,
            rest,
            |_| true,
            |shell, kind, name| rollout_status(shell, kind, namespace, name),
        ),
        "history" => each(
            shell,
            rest,
            |_| true,
            |shell, kind, name| history(shell, kind, namespace, name),
        ),
        "undo" => each(
            shell,
            rest,
            |_| true,
            |shell, kind, name| undo(shell, kind, namespace, name, to_revision),
        ),
        other => Output::err(format!(
            "error: unknown command \"{other}\" for \"kubectl rollout\"\n"
        )),
    }
}

/// A Deployment's ReplicaSets by revision, oldest first; refused for other kinds, for which kubectl has no
/// `viewer` (history viewer, rollbacker).
fn revisions(
    shell: &Shell,
    kind: Kind,
    namespace: &str,
    name: &str,
    viewer: &str,
) -> Result<Vec<(u64, ReplicaSet)>, Output> {
    if kind != Kind::Deployment {
        return Err(Output::err(format!(
            "error: no {viewer} has been implemented for {}\n",
            kind.name()
        )));
    }
    let store = shell.cluster.store();
    let Some(deployment) = store.deployments().get(&format!("{namespace}/{name}")) else {
        return Err(not_found(kind, name));
    };
    let mut list: Vec<(u64, ReplicaSet)> = store
        .replicasets_of(&deployment.metadata)
        .map(|rs| (revision(&rs.metadata), rs.clone()))
        .collect();
    order::sort_by_key(&mut list, |(r, _)| *r);
    Ok(list)
}

/// `kubectl rollout history deployment/NAME`.
fn history(shell: &mut Shell, kind: Kind, namespace: &str, name: &str) -> Output {
    let list = match revisions(shell, kind, namespace, name, "history viewer") {
        Ok(list) => list,
        Err(output) => return output,
    };
    let mut rows = vec![vec!["REVISION".to_string(), "CHANGE-CAUSE".to_string()]];
    for (revision, rs) in list {
        let cause = rs
            .metadata
            .annotations
            .get("kubernetes.io/change-cause")
            .cloned();
        rows.push(vec![
            revision.to_string(),
            cause.unwrap_or_else(|| "<none>".to_string()),
        ]);
    }
    let mut writer = tabwriter::TabWriter::new(Vec::new()).padding(2);
    for row in rows {
        let _ = std::io::Write::write_all(&mut writer, format!("{}\n", row.join("\t")).as_bytes());
    }
    let table = writer
        .into_inner()
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default();
    Output::out(format!("{}/{name} \n{table}\n", kind.qualified()))
}

/// `kubectl rollout undo deployment/NAME [--to-revision=N]`: back to the previous (or the given) revision's template.
fn undo(shell: &mut Shell, kind: Kind, namespace: &str, name: &str, to: Option<u64>) -> Output {
    let list = match revisions(shell, kind, namespace, name, "rollbacker") {
        Ok(list) => list,
        Err(output) => return output,
    };
    let target = match to.filter(|r| *r != 0) {
        Some(wanted) => list.iter().find(|(r, _)| *r == wanted),
        None => list.iter().rev().nth(1),
    };
    let Some((_, rs)) = target else {
        return Output::err(match to {
            Some(r) if r != 0 => {
                format!("error: unable to find specified revision {r} in history\n")
            }
            _ => format!("error: no rollout history found for deployment \"{name}\"\n"),
        });
    };
    let mut template = rs.spec.template.clone();
    template.metadata.labels.remove(POD_TEMPLATE_HASH);
    let mut output = patch(
        shell,
        kind,
        namespace,
        name,
        Patch::Template(Box::new(template)),
        "rolled back",
    );
    if output.stdout().contains("not changed") {
        output = Output::out(format!(
            "{}/{name} skipped rollback (current template already matches revision {})\n",
            kind.qualified(),
            revision(&rs.metadata)
        ));
    }
    output
}

/// Waits, in virtual time, until a Deployment or DaemonSet has all its pods updated and available.
fn rollout_status(shell: &mut Shell, kind: Kind, namespace: &str, name: &str) -> Output {
    let mut output = Output::default();
    let mut last = String::new();
    let deadline = shell.cluster().now() + WAIT_MILLIS;
    loop {
        let line = match progress(shell, kind, namespace, name) {
            Ok(Progress::Waiting(line)) => line,
            Ok(Progress::Done(line)) => {
                output.push_out(line);
                return output;
            }
            Err(error) => {
                output.extend(error);
                return output;
            }
        };
        if line != last {
            output.push_out(line.clone());
            last = line;
        }
        if !shell.step_toward(deadline) {
            output.push_err("error: timed out waiting for the condition\n");
            return output;
        }
    }
}

/// Where a rollout stands, as kubectl's status viewers put it: the line to show now.
enum Progress {
    Waiting(String),
    Done(String),
}

/// kubectl's status viewers, one per kind that has one.
fn progress(shell: &Shell, kind: Kind, namespace: &str, name: &str) -> Result<Progress, Output> {
    let store = shell.cluster.store();
    let key = format!("{namespace}/{name}");
    match kind {
        Kind::Deployment => match store.deployments().get(&key) {
            Some(d) => deployment_progress(d, name),
            None => Err(not_found(kind, name)),
        },
        Kind::DaemonSet => match store.daemonsets().get(&key) {
            Some(ds) => Ok(daemonset_progress(ds, name)),
            None => Err(not_found(kind, name)),
        },
        _ => Err(Output::err(format!(
            "error: no status viewer has been implemented for {}\n",
            kind.name()
        ))),
    }
}

fn deployment_progress(d: &Deployment, name: &str) -> Result<Progress, Output> {
    let s = &d.status;
    let desired = d.spec.replicas.unwrap_or(1);
    let timed_out = s
        .conditions
        .iter()
        .any(|c| c.reason == "ProgressDeadlineExceeded");
    if timed_out {
        return Err(Output::err(format!(
            "error: deployment \"{name}\" exceeded its progress deadline\n"
        )));
    }
    let waiting = |what: String| {
        Ok(Progress::Waiting(format!(
            "Waiting for deployment \"{name}\" rollout to finish: {what}...\n"
        )))
    };
    if s.updated_replicas < desired {
        return waiting(format!(
            "{} out of {desired} new replicas have been updated",
            s.updated_replicas
        ));
    }
    if s.replicas > s.updated_replicas {
        return waiting(format!(
            "{} old replicas are pending termination",
            s.replicas - s.updated_replicas
        ));
    }
    if s.available_replicas < s.updated_replicas {
        return waiting(format!(
            "{} of {} updated replicas are available",
            s.available_replicas, s.updated_replicas
        ));
    }
    Ok(Progress::Done(format!(
        "deployment \"{name}\" successfully rolled out\n"
    )))
}

fn daemonset_progress(ds: &DaemonSet, name: &str) -> Progress {
    let s = &ds.status;
    let waiting = |what: String| {
        Progress::Waiting(format!(
            "Waiting for daemon set \"{name}\" rollout to finish: {what}...\n"
        ))
    };
    if s.updated_replicas < s.replicas {
        return waiting(format!(
            "{} out of {} new pods have been updated",
            s.updated_replicas, s.replicas
        ));
    }
    if s.available_replicas < s.replicas {
        return waiting(format!(
            "{} of {} updated pods are available",
            s.available_replicas, s.replicas
        ));
    }
    Progress::Done(format!("daemon set \"{name}\" successfully rolled out\n"))
}
