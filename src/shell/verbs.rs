//! The kubectl verbs beyond apply, get and delete: scale, set image, label, annotate, rollout, cordon, uncordon,
//! drain, logs, version, cluster-info and api-resources.

use crate::engine::api::{Kind, PodPhase, ReplicaSet};
use crate::engine::{
    revision, Change, Command, Event, Millis, Patch, KUBERNETES_VERSION, POD_TEMPLATE_HASH,
};
use crate::shell::kubectl::{plural_qualified, resolve};
use crate::shell::table::render;
use crate::shell::{Output, Shell};

/// The longest a command that waits (`rollout status`, `drain`) lets virtual time run.
const WAIT_MILLIS: Millis = 600_000;

/// `TYPE NAME...` or `TYPE/NAME...`: the objects a command names. Words for which `keep` is false (label changes,
/// say) are left out.
pub(super) fn targets(
    words: &[String],
    keep: impl Fn(&str) -> bool,
) -> Result<Vec<(Kind, String)>, String> {
    let words: Vec<&String> = words.iter().filter(|w| keep(w)).collect();
    let Some(first) = words.first() else {
        return Err(
            "error: You must provide one or more resources by argument or filename.".to_string(),
        );
    };
    if first.contains('/') {
        return words
            .iter()
            .map(|word| {
                let (resource, name) = word.split_once('/').unwrap_or((word, ""));
                Ok((resolve(resource)?, name.to_string()))
            })
            .collect();
    }
    let kind = resolve(first)?;
    if words.len() < 2 {
        return Err("error: resource(s) were provided, but no name was specified".to_string());
    }
    Ok(words[1..]
        .iter()
        .map(|name| (kind, name.to_string()))
        .collect())
}

/// Runs one patch and prints kubectl's line for it: `deployment.apps/web scaled`.
fn patch(
    shell: &mut Shell,
    kind: Kind,
    namespace: &str,
    name: &str,
    patch: Patch,
    verb: &str,
) -> Output {
    let events = shell.cluster.apply(Command::Patch {
        kind,
        namespace: namespace.to_string(),
        name: name.to_string(),
        patch,
    });
    let mut output = Output::default();
    for event in events {
        match event {
            Event::Applied { change, .. } => {
                let said = if change == Change::Unchanged && verb != "scaled" {
                    "not changed"
                } else {
                    verb
                };
                output.push_out(format!("{}/{name} {said}\n", kind.qualified()));
            }
            Event::NotFound { .. } => output.push_err(format!(
                "Error from server (NotFound): {} \"{name}\" not found\n",
                plural_qualified(kind)
            )),
            Event::Rejected { message, .. } => output.push_err(format!("{message}\n")),
            Event::Deleted { .. } => {}
        }
    }
    output
}

/// `kubectl scale deployment NAME --replicas=N`.
pub(super) fn scale(
    shell: &mut Shell,
    words: &[String],
    replicas: Option<&str>,
    namespace: &str,
) -> Output {
    let Some(replicas) = replicas else {
        return Output::err("error: required flag(s) \"replicas\" not set\n");
    };
    let Ok(replicas) = replicas.parse::<i32>() else {
        return Output::err(format!(
            "error: invalid argument \"{replicas}\" for \"--replicas\" flag: strconv.ParseInt: parsing \"{replicas}\": invalid syntax\n"
        ));
    };
    if replicas < 0 {
        return Output::err("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n");
    }
    each(
        shell,
        words,
        |_| true,
        |shell, kind, name| {
            patch(
                shell,
                kind,
                namespace,
                name,
                Patch::Replicas(replicas),
                "scaled",
            )
        },
    )
}

/// `kubectl set image deployment/NAME CONTAINER=IMAGE...`.
pub(super) fn set(shell: &mut Shell, words: &[String], namespace: &str) -> Output {
    match words.first().map(String::as_str) {
        Some("image") => {}
        Some(other) => return Output::err(format!("error: unknown command \"{other}\" for \"kubectl set\"\n")),
        None => return Output::err("error: Must specify one of: env, image, resources, selector, serviceaccount, subject\n"),
    }
    let words = &words[1..];
    let changes: Vec<(String, String)> = words
        .iter()
        .filter_map(|w| {
            w.split_once('=')
                .map(|(c, i)| (c.to_string(), i.to_string()))
        })
        .collect();
    if changes.is_empty() {
        return Output::err("error: at least one image update is required\n");
    }
    each(
        shell,
        words,
        |w| !w.contains('='),
        |shell, kind, name| {
            let mut output = Output::default();
            for (container, image) in &changes {
                let image = Patch::Image {
                    container: container.clone(),
                    image: image.clone(),
                };
                output.extend(patch(shell, kind, namespace, name, image, "image updated"));
            }
            output
        },
    )
}

/// `kubectl label` and `kubectl annotate`: `key=value` sets, `key-` removes.
pub(super) fn label(
    shell: &mut Shell,
    words: &[String],
    namespace: &str,
    overwrite: bool,
    annotate: bool,
) -> Output {
    let is_change =
        |w: &str| w.contains('=') || (w.ends_with('-') && !w.contains('/') && w.len() > 1);
    let changes: Vec<(String, Option<String>)> = words
        .iter()
        .filter(|w| is_change(w))
        .map(|w| match w.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (w.trim_end_matches('-').to_string(), None),
        })
        .collect();
    if changes.is_empty() {
        return Output::err(format!(
            "error: at least one {} update is required\n",
            if annotate { "annotation" } else { "label" }
        ));
    }
    let verb = if annotate { "annotated" } else { "labeled" };
    each(
        shell,
        words,
        |w| !is_change(w),
        |shell, kind, name| {
            let changes = changes.clone();
            let p = if annotate {
                Patch::Annotations { changes, overwrite }
            } else {
                Patch::Labels { changes, overwrite }
            };
            patch(shell, kind, namespace, name, p, verb)
        },
    )
}

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

/// A Deployment's ReplicaSets by revision, oldest first.
fn revisions(shell: &Shell, namespace: &str, name: &str) -> Option<Vec<(u64, ReplicaSet)>> {
    let store = shell.cluster.store();
    let deployment = store.deployments.get(&format!("{namespace}/{name}"))?;
    let mut list: Vec<(u64, ReplicaSet)> = store
        .replicasets
        .values()
        .filter(|rs| {
            rs.metadata
                .owner
                .as_ref()
                .is_some_and(|o| o.uid == deployment.metadata.uid)
        })
        .map(|rs| (revision(&rs.metadata), rs.clone()))
        .collect();
    list.sort_by_key(|(r, _)| *r);
    Some(list)
}

/// `kubectl rollout history deployment/NAME`.
fn history(shell: &mut Shell, kind: Kind, namespace: &str, name: &str) -> Output {
    if kind != Kind::Deployment {
        return Output::err(format!(
            "error: no history viewer has been implemented for {}\n",
            kind.name()
        ));
    }
    let Some(list) = revisions(shell, namespace, name) else {
        return not_found(kind, name);
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
    if kind != Kind::Deployment {
        return Output::err(format!(
            "error: no rollbacker has been implemented for {}\n",
            kind.name()
        ));
    }
    let Some(list) = revisions(shell, namespace, name) else {
        return not_found(kind, name);
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
    let mut waited = 0;
    loop {
        let store = shell.cluster.store();
        let key = format!("{namespace}/{name}");
        let (desired, updated, available) = match kind {
            Kind::Deployment => match store.deployments.get(&key) {
                Some(d) => (
                    d.spec.replicas.unwrap_or(1),
                    d.status.updated_replicas,
                    d.status.available_replicas,
                ),
                None => return not_found(kind, name),
            },
            Kind::DaemonSet => match store.daemonsets.get(&key) {
                Some(ds) => (
                    ds.status.replicas,
                    ds.status.updated_replicas,
                    ds.status.available_replicas,
                ),
                None => return not_found(kind, name),
            },
            _ => {
                return Output::err(format!(
                    "error: no status viewer has been implemented for {}\n",
                    kind.name()
                ))
            }
        };
        if updated >= desired && available >= desired {
            output.push_out(match kind {
                Kind::DaemonSet => format!("daemon set \"{name}\" successfully rolled out\n"),
                _ => format!("deployment \"{name}\" successfully rolled out\n"),
            });
            return output;
        }
        let line = match kind {
            Kind::DaemonSet => format!(
                "Waiting for daemon set \"{name}\" rollout to finish: {available} of {desired} updated pods are available...\n"
            ),
            _ => format!(
                "Waiting for deployment \"{name}\" rollout to finish: {available} of {desired} updated replicas are available...\n"
            ),
        };
        if line != last {
            output.push_out(line.clone());
            last = line;
        }
        if waited >= WAIT_MILLIS {
            output.push_err("error: timed out waiting for the condition\n");
            return output;
        }
        shell.cluster.apply(Command::Advance(500));
        waited += 500;
    }
}

/// `kubectl cordon|uncordon NODE`.
pub(super) fn cordon(shell: &mut Shell, words: &[String], unschedulable: bool) -> Output {
    let Some(node) = words.first() else {
        return Output::err(
            "error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n",
        );
    };
    let events = shell.cluster.apply(Command::Cordon {
        node: node.clone(),
        unschedulable,
    });
    let verb = if unschedulable {
        "cordoned"
    } else {
        "uncordoned"
    };
    match events.first() {
        Some(Event::Applied {
            change: Change::Unchanged,
            ..
        }) => Output::out(format!("node/{node} already {verb}\n")),
        Some(Event::Applied { .. }) => Output::out(format!("node/{node} {verb}\n")),
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
    let mut output = cordon(shell, std::slice::from_ref(&node), true);
    if output.stdout().is_empty() {
        return output;
    }
    let pods: Vec<(String, String, bool)> = shell
        .cluster
        .store()
        .pods
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
        });
        let mut waited = 0;
        while shell.cluster.store().contains(Kind::Pod, &namespace, &name) && waited < WAIT_MILLIS {
            shell.cluster.apply(Command::Advance(100));
            waited += 100;
        }
        output.push_out(format!("pod/{name} evicted\n"));
    }
    output.push_out(format!("node/{node} drained\n"));
    output
}

/// `kubectl logs POD`: what the container wrote. nginx writes nothing until it serves a request.
pub(super) fn logs(shell: &Shell, words: &[String], namespace: &str) -> Output {
    let Some(name) = words.first() else {
        return Output::err("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n");
    };
    let name = name.strip_prefix("pod/").unwrap_or(name);
    let Some(pod) = shell
        .cluster
        .store()
        .pods
        .get(&format!("{namespace}/{name}"))
    else {
        return not_found(Kind::Pod, name);
    };
    let container = pod
        .spec
        .containers
        .first()
        .map(|c| c.name.clone())
        .unwrap_or_default();
    if pod.status.phase == PodPhase::Pending {
        let reason = pod
            .status
            .waiting_reason
            .clone()
            .unwrap_or_else(|| "ContainerCreating".to_string());
        return Output::err(format!(
            "Error from server (BadRequest): container \"{container}\" in pod \"{name}\" is waiting to start: {reason}\n"
        ));
    }
    Output::default()
}

pub(super) fn version() -> Output {
    Output::out(format!(
        "Client Version: {KUBERNETES_VERSION}\nKustomize Version: v5.7.1\nServer Version: {KUBERNETES_VERSION}\n"
    ))
}

pub(super) fn cluster_info(shell: &Shell) -> Output {
    let ip = shell
        .cluster
        .nodes()
        .iter()
        .find(|n| n.control_plane)
        .map(|n| n.internal_ip.clone())
        .unwrap_or_default();
    Output::out(format!(
        "Kubernetes control plane is running at https://{ip}:6443\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n"
    ))
}

pub(super) fn api_resources() -> Output {
    let mut kinds = Kind::ALL.to_vec();
    kinds.sort_by_key(|k| (k.group(), k.plural()));
    let mut rows = vec![["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
        .map(String::from)
        .to_vec()];
    for kind in kinds {
        rows.push(vec![
            kind.plural().to_string(),
            kind.short_names().join(","),
            kind.api_version(),
            kind.namespaced().to_string(),
            kind.name().to_string(),
        ]);
    }
    Output::out(render(&rows))
}

fn not_found(kind: Kind, name: &str) -> Output {
    Output::err(format!(
        "Error from server (NotFound): {} \"{name}\" not found\n",
        plural_qualified(kind)
    ))
}

/// Runs `run` for every object the words name.
fn each(
    shell: &mut Shell,
    words: &[String],
    keep: impl Fn(&str) -> bool,
    mut run: impl FnMut(&mut Shell, Kind, &str) -> Output,
) -> Output {
    match targets(words, keep) {
        Ok(targets) => {
            let mut output = Output::default();
            for (kind, name) in targets {
                output.extend(run(shell, kind, &name));
            }
            output
        }
        Err(message) => Output::err(format!("{message}\n")),
    }
}
