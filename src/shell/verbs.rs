//! The kubectl verbs beyond apply, get and delete: scale, set image, label, annotate, logs, version, cluster-info and
//! api-resources, and the helpers `rollout` and `drain` share.

use crate::engine::api::{Kind, Labels, Pod, PodPhase};
use crate::engine::order;
use crate::engine::traffic::bootcamp_lines;
use crate::engine::{images, Change, Command, Event, Millis, Patch, KUBERNETES_VERSION};
use crate::shell::flags::Args;
use crate::shell::kubectl::{plural_qualified, resolve};
use crate::shell::selectors;
use crate::shell::table::render;
use crate::shell::{Output, Shell};

/// The longest a command that waits (`rollout status`, `drain`) lets virtual time run.
pub(super) const WAIT_MILLIS: Millis = 600_000;

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
pub(super) fn patch(
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
                let keeps_word = matches!(verb, "scaled" | "annotated") || verb.contains("label");
                let said = if change == Change::Unchanged && !keeps_word {
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
            Event::Deleted { .. } | Event::Served(_) => {}
        }
    }
    output
}

/// `kubectl scale deployment NAME --replicas=N`.
pub(super) fn scale(shell: &mut Shell, args: &Args) -> Output {
    let namespace = args.namespace();
    let Some(replicas) = args.replicas.as_deref() else {
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
    each_selected(
        shell,
        args,
        &args.positional,
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

/// Which of an object's key-value maps `kubectl label` or `kubectl annotate` changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Metadata {
    Labels,
    Annotations,
}

impl Metadata {
    /// What kubectl calls one entry, in "at least one label update is required".
    fn noun(self) -> &'static str {
        match self {
            Metadata::Labels => "label",
            Metadata::Annotations => "annotation",
        }
    }

    /// What kubectl prints after an object's name once it is changed.
    fn done(self) -> &'static str {
        match self {
            Metadata::Labels => "labeled",
            Metadata::Annotations => "annotated",
        }
    }

    fn patch(self, changes: Vec<(String, Option<String>)>, overwrite: bool) -> Patch {
        match self {
            Metadata::Labels => Patch::Labels { changes, overwrite },
            Metadata::Annotations => Patch::Annotations { changes, overwrite },
        }
    }
}

/// `kubectl label` and `kubectl annotate`: `key=value` sets, `key-` removes.
pub(super) fn label(shell: &mut Shell, args: &Args, which: Metadata) -> Output {
    let (words, namespace, overwrite) = (&args.positional, args.namespace(), args.overwrite);
    // kubectl takes an argument with `=` or ending in `-` as a change, anything else as a resource.
    let is_change = |w: &str| w.contains('=') || (w.ends_with('-') && w.len() > 1);
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
            which.noun()
        ));
    }
    let both = changes
        .iter()
        .any(|(k, v)| v.is_none() && changes.iter().any(|(k2, v2)| k == k2 && v2.is_some()));
    if both {
        return Output::err(format!(
            "error: can not both modify and remove {} in the same command\n",
            if which == Metadata::Labels {
                "a label"
            } else {
                "an annotation"
            }
        ));
    }
    each_selected(
        shell,
        args,
        words,
        |w| !is_change(w),
        |shell, kind, name| {
            let old = shell.cluster().store().meta(kind, namespace, name).cloned();
            let mut output = Output::default();
            let done = match (&old, which) {
                (Some(meta), Metadata::Labels) => {
                    for (key, _) in changes.iter().filter(|(_, v)| v.is_none()) {
                        if !meta.labels.contains_key(key) {
                            output.push_out(format!("label \"{key}\" not found.\n"));
                        }
                    }
                    label_message(&meta.labels, &changes)
                }
                _ => which.done(),
            };
            let p = which.patch(changes.clone(), overwrite);
            output.extend(patch(shell, kind, namespace, name, p, done));
            output
        },
    )
}

/// What kubectl v1.34 says after labelling: `labeled`, `unlabeled`, `label(s) changed` or `not labeled`.
fn label_message(old: &Labels, changes: &[(String, Option<String>)]) -> &'static str {
    let mut new = old.clone();
    for (key, value) in changes {
        match value {
            Some(value) => new.insert(key.clone(), value.clone()),
            None => new.remove(key),
        };
    }
    let unlabeled = old.keys().any(|k| !new.contains_key(k));
    let labeled = new.iter().any(|(k, v)| old.get(k) != Some(v));
    match (labeled, unlabeled) {
        (true, true) => "label(s) changed",
        (true, false) => "labeled",
        (false, true) => "unlabeled",
        (false, false) => "not labeled",
    }
}

/// `kubectl logs POD`: what the container wrote: nginx's access log, one line per request it served.
pub(super) fn logs(shell: &Shell, words: &[String], namespace: &str) -> Output {
    let Some(name) = words.first() else {
        return Output::err("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n");
    };
    let mut found = Output::default();
    let name = match name.strip_prefix("pod/").or(name.strip_prefix("pods/")) {
        Some(pod) => pod.to_string(),
        // `deployment/web`: one of its pods, and kubectl says which when there are several.
        None if name.contains('/') => match crate::shell::proxy::pod_for(shell, namespace, name) {
            Ok((pod, _, count)) => {
                if count > 1 {
                    found.push_err(format!(
                        "Found {count} pods, using pod/{}\n",
                        pod.metadata.name
                    ));
                }
                pod.metadata.name
            }
            Err(message) => return Output::err(message),
        },
        None => name.clone(),
    };
    let name = name.as_str();
    let pod = match find_pod(shell, namespace, name) {
        Ok(pod) => pod,
        Err(output) => return output,
    };
    let container = first_container(pod);
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
    let key = format!("{namespace}/{name}");
    let image = pod.spec.containers.first().map_or("", |c| c.image.as_str());
    let lines = if images::split(image).0.ends_with("/kubernetes-bootcamp") {
        let started = pod.status.started_at.unwrap_or(pod.metadata.created);
        bootcamp_lines(name, started, &shell.cluster.traffic().served_at(&key))
    } else {
        shell.cluster.traffic().logs(&key)
    };
    found.push_out(lines.iter().map(|l| format!("{l}\n")).collect::<String>());
    found
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

pub(super) fn api_resources(shell: &Shell) -> Output {
    let store = shell.cluster.store();
    let mut kinds: Vec<Kind> = Kind::ALL
        .iter()
        .copied()
        .filter(|&k| crate::engine::gateway::served(store, k))
        .collect();
    order::sort_by_key(&mut kinds, |k| (k.group(), k.plural()));
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

/// A pod by namespace and name, or kubectl's NotFound.
pub(super) fn find_pod<'a>(
    shell: &'a Shell,
    namespace: &str,
    name: &str,
) -> Result<&'a Pod, Output> {
    shell
        .cluster
        .store()
        .pods()
        .get(&format!("{namespace}/{name}"))
        .ok_or_else(|| not_found(Kind::Pod, name))
}

/// The name of a pod's first container, which `logs` and `exec` use when no `-c` names one.
pub(super) fn first_container(pod: &Pod) -> String {
    pod.spec
        .containers
        .first()
        .map(|c| c.name.clone())
        .unwrap_or_default()
}

pub(super) fn not_found(kind: Kind, name: &str) -> Output {
    Output::err(format!(
        "Error from server (NotFound): {} \"{name}\" not found\n",
        plural_qualified(kind)
    ))
}

/// Runs `run` for every object the words name.
pub(super) fn each(
    shell: &mut Shell,
    words: &[String],
    keep: impl Fn(&str) -> bool,
    run: impl FnMut(&mut Shell, Kind, &str) -> Output,
) -> Output {
    run_each(shell, targets(words, keep), run)
}

/// Runs `run` for each object found, or prints why none could be.
fn run_each(
    shell: &mut Shell,
    found: Result<Vec<(Kind, String)>, String>,
    mut run: impl FnMut(&mut Shell, Kind, &str) -> Output,
) -> Output {
    match found {
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

/// Like `each`, but with `-l SELECTOR` or `--all` the objects are every one of the kinds named (`TYPE[,TYPE...]`)
/// in the namespace that the selector matches, as kubectl's resource builder finds them.
pub(super) fn each_selected(
    shell: &mut Shell,
    args: &Args,
    words: &[String],
    keep: impl Fn(&str) -> bool,
    run: impl FnMut(&mut Shell, Kind, &str) -> Output,
) -> Output {
    if args.selector.is_none() && !args.all {
        return each(shell, words, keep, run);
    }
    let found = selected(shell, args, words, keep);
    run_each(shell, found, run)
}

/// The objects `-l SELECTOR` or `--all` pick among the kinds the first kept word names.
pub(super) fn selected(
    shell: &Shell,
    args: &Args,
    words: &[String],
    keep: impl Fn(&str) -> bool,
) -> Result<Vec<(Kind, String)>, String> {
    if args.all && args.selector.is_some() {
        return Err("error: cannot set --all and --selector at the same time".to_string());
    }
    let selector = match &args.selector {
        Some(selector) => Some(selectors::parse_selector(selector)?),
        None => None,
    };
    let Some(resources) = words.iter().find(|w| keep(w)) else {
        return Err(
            "error: one or more resources must be specified as <resource> <name> or <resource>/<name>"
                .to_string(),
        );
    };
    let namespace = args.namespace();
    let mut targets = Vec::new();
    for resource in resources.split(',') {
        let kind = resolve(resource)?;
        targets.extend(
            shell
                .cluster()
                .store()
                .objects(kind)
                .iter()
                .map(|o| o.meta())
                .filter(|m| m.namespace() == namespace)
                .filter(|m| selector.as_ref().is_none_or(|s| s.matches(&m.labels)))
                .map(|m| (kind, m.name.clone())),
        );
    }
    Ok(targets)
}
