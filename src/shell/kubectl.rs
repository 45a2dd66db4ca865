//! `kubectl` on the shell: reads its arguments like kubectl does and prints what kubectl prints.

use crate::engine::api::Kind;
use crate::engine::manifest;
use crate::engine::{Command, Event, Millis, NodeChange};
use crate::shell::apply::{self, read_source, Verb};
use crate::shell::drain::Scheduling;
use crate::shell::flags::{self, Args};
use crate::shell::verbs::Metadata;
use crate::shell::{
    configmaps, describe, drain, generators, get, inside, rollout, secrets, verbs, wait,
};
use crate::shell::{Output, Shell};

/// The longest `kubectl delete` waits for an object to go, in virtual time.
const DELETE_WAIT_MILLIS: Millis = 60_000;

pub(super) fn run(shell: &mut Shell, words: &[String], stdin: Option<String>) -> Output {
    let words = global_flags_after_verb(words);
    let Some((verb, rest)) = words.split_first() else {
        return Output::out(
            "kubectl controls the Kubernetes cluster manager.\n\nTry: kubectl get pods\n",
        );
    };
    if verb == "create" && rest.first().map(String::as_str) == Some("secret") {
        let (namespace, words) = namespace_flag(&rest[1..]);
        return secrets::create_secret(shell, &words, namespace.as_deref());
    }
    if verb == "create" && matches!(rest.first().map(String::as_str), Some("configmap" | "cm")) {
        let (namespace, words) = namespace_flag(&rest[1..]);
        return configmaps::create_configmap(shell, &words, namespace.as_deref());
    }
    // kubectl refuses a verb it does not know before it reads any flag.
    let Some((path, accepted)) = flags::command(verb, rest) else {
        return Output::err(format!(
            "error: unknown command \"{verb}\" for \"kubectl\"\n"
        ));
    };
    match Args::parse(path, accepted, rest) {
        Ok(mut args) => {
            // The context's namespace stands in for `-n` (except for `kubectl config`, whose `--namespace` sets it).
            if verb != "config" && args.namespace.is_none() {
                args.namespace.clone_from(&shell.context_namespace);
            }
            let mut output = Output::default();
            if rest.iter().any(|w| w == "--dry-run") {
                output.push_err(flags::dry_run_deprecated(shell.cluster().now()));
            }
            output.extend(dispatch(shell, verb, &args, stdin));
            output
        }
        Err(message) => Output::err(message),
    }
}

/// Runs a verb whose flags were read.
fn dispatch(shell: &mut Shell, verb: &str, args: &Args, stdin: Option<String>) -> Output {
    match verb {
        "apply" => apply::apply(shell, args, stdin.as_deref(), Verb::Apply),
        "create" if args.positional.first().map(String::as_str) == Some("deployment") => {
            generators::create_deployment(shell, args)
        }
        "create"
            if matches!(
                args.positional.first().map(String::as_str),
                Some("namespace" | "ns")
            ) =>
        {
            generators::create_namespace(shell, args)
        }
        "create" => apply::apply(shell, args, stdin.as_deref(), Verb::Create),
        "get" if args.watch => {
            let table = get::get(shell.cluster(), &args.positional, &get_options(args));
            match table.status() {
                0 => crate::shell::watch::start(shell, args, table),
                _ => table,
            }
        }
        "get" => get::get(shell.cluster(), &args.positional, &get_options(args)),
        "delete" => delete(shell, args),
        "describe" => describe::describe(shell.cluster(), &args.positional, args.namespace()),
        "scale" => verbs::scale(shell, args),
        "set" => verbs::set(shell, &args.positional, args.namespace()),
        "label" => verbs::label(shell, args, Metadata::Labels),
        "annotate" => verbs::label(shell, args, Metadata::Annotations),
        "rollout" => rollout::rollout(shell, &args.positional, args.namespace(), args.to_revision),
        "cordon" => drain::cordon(shell, &args.positional, Scheduling::Cordon),
        "uncordon" => drain::cordon(shell, &args.positional, Scheduling::Uncordon),
        "drain" => drain::drain(shell, &args.positional, args.ignore_daemonsets),
        "logs" => verbs::logs(shell, &args.positional, args.namespace()),
        "wait" => wait::wait(shell, &wait_args(args)),
        "exec" => inside::exec(shell, args),
        "version" => verbs::version(),
        "expose" => generators::expose(shell, args),
        "run" => generators::run(shell, args),
        "patch" => crate::shell::patch::patch(shell, args),
        "explain" => crate::shell::explain::explain(args, shell.cluster.store()),
        "edit" => crate::shell::edit::start(shell, args),
        "config" => crate::shell::config::config(shell, args),
        "proxy" => crate::shell::proxy::start(shell, args),
        "port-forward" => crate::shell::proxy::port_forward(shell, args),
        "cluster-info" => verbs::cluster_info(shell),
        "api-resources" => verbs::api_resources(shell),
        other => Output::err(format!(
            "error: unknown command \"{other}\" for \"kubectl\"\n"
        )),
    }
}

pub(super) fn get_options(args: &Args) -> get::Options<'_> {
    get::Options {
        namespace: args.namespace(),
        all_namespaces: args.all_namespaces,
        output: args.output.as_deref(),
        selector: args.selector.as_deref(),
        field_selector: args.field_selector.as_deref(),
        show_labels: args.show_labels,
        no_headers: args.no_headers,
        template: args.template.as_deref(),
        sort_by: args.sort_by.as_deref(),
    }
}

fn wait_args(args: &Args) -> wait::WaitArgs<'_> {
    wait::WaitArgs {
        words: &args.positional,
        namespace: args.namespace(),
        condition: args.wait_for.as_deref(),
        selector: args.selector.as_deref(),
        all: args.all,
        timeout: args.timeout.as_deref(),
    }
}

/// Takes `-n NS`, `-nNS`, `--namespace NS` and `--namespace=NS` out of words, for verbs that read their own flags.
fn namespace_flag(words: &[String]) -> (Option<String>, Vec<String>) {
    let mut namespace = None;
    let mut rest = Vec::new();
    let mut iter = words.iter();
    while let Some(word) = iter.next() {
        if word == "-n" || word == "--namespace" {
            namespace = iter.next().cloned();
        } else if let Some(ns) = word.strip_prefix("--namespace=") {
            namespace = Some(ns.to_string());
        } else if let Some(ns) = word.strip_prefix("-n").filter(|ns| !ns.is_empty()) {
            namespace = Some(ns.to_string());
        } else {
            rest.push(word.clone());
        }
    }
    (namespace, rest)
}

/// kubectl takes its global flags before the verb too (`kubectl -n kube-system get pods`): move them after it.
fn global_flags_after_verb(words: &[String]) -> Vec<String> {
    let mut rest = words.to_vec();
    let mut global = Vec::new();
    while let Some(first) = rest.first() {
        let takes_value = matches!(first.as_str(), "-n" | "--namespace");
        let alone = first.starts_with("--namespace=")
            || (first.starts_with("-n") && first.len() > 2 && !first.starts_with("--"))
            || matches!(first.as_str(), "-A" | "--all-namespaces");
        if takes_value && rest.len() > 1 {
            global.extend(rest.drain(..2));
        } else if alone {
            global.push(rest.remove(0));
        } else {
            break;
        }
    }
    if !rest.is_empty() {
        rest.splice(1..1, global);
    }
    rest
}

/// `kubectl delete TYPE NAME...`, `TYPE/NAME...`, `-f FILE`, `-l SELECTOR` or `TYPE --all`. Like kubectl, it waits
/// until each object is gone unless `--wait=false`.
fn delete(shell: &mut Shell, args: &Args) -> Output {
    let planned = delete_grace(args).and_then(|grace| Ok((grace, delete_targets(shell, args)?)));
    let (grace, targets) = match planned {
        Ok(planned) => planned,
        Err(message) => return Output::err(format!("{message}\n")),
    };
    let mut output = Output::default();
    if targets.is_empty() {
        output.push_err("No resources found\n");
    }
    if grace == Some(0) {
        output.push_err("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
    }
    let operation = if grace == Some(0) {
        "force deleted"
    } else {
        "deleted"
    };
    for (kind, namespace, name) in targets {
        if kind == Kind::Node {
            output.extend(delete_node(shell, &name, operation));
            continue;
        }
        let events = shell.cluster.apply(Command::Delete {
            kind,
            namespace: namespace.clone(),
            name: name.clone(),
            grace,
        });
        for event in events {
            match event {
                Event::Deleted { .. } => {
                    if args.wait != Some(false) {
                        wait_until_gone(shell, kind, &namespace, &name);
                    }
                    // A namespaced object says where it was; a cluster-scoped one (a Namespace) does not.
                    let from = match kind.namespaced() {
                        true => format!(" from {namespace} namespace"),
                        false => String::new(),
                    };
                    output.push_out(format!(
                        "{} \"{name}\" {operation}{from}\n",
                        kind.qualified()
                    ));
                }
                Event::NotFound { .. } => output.push_err(format!(
                    "Error from server (NotFound): {} \"{name}\" not found\n",
                    plural_qualified(kind)
                )),
                Event::Applied { .. } | Event::Rejected { .. } | Event::Served(_) => {}
            }
        }
    }
    output
}

/// Deletes one pod as `kubectl delete pod NAME` does, waiting until it is gone.
pub(super) fn delete_pod(shell: &mut Shell, namespace: &str, name: &str) -> Output {
    shell.cluster.apply(Command::Delete {
        kind: Kind::Pod,
        namespace: namespace.to_string(),
        name: name.to_string(),
        grace: None,
    });
    wait_until_gone(shell, Kind::Pod, namespace, name);
    Output::out(format!(
        "pod \"{name}\" deleted from {namespace} namespace\n"
    ))
}

/// The grace period `kubectl delete` sends, worked out from `--now`, `--grace-period` and `--force` as kubectl
/// v1.34 does: None keeps each object's own; `--grace-period=0` without `--force` becomes 1.
fn delete_grace(args: &Args) -> Result<Option<u64>, String> {
    let mut grace = args.grace_period.unwrap_or(-1);
    if args.now {
        if grace != -1 {
            return Err("error: --now and --grace-period cannot be specified together".to_string());
        }
        grace = 1;
    }
    if grace == 0 && !args.force {
        grace = 1;
    }
    if args.force && grace < 0 {
        grace = 0;
    }
    if args.force && grace > 0 {
        return Err(
            "error: --force and --grace-period greater than 0 cannot be specified together"
                .to_string(),
        );
    }
    if args.all && args.selector.is_some() {
        return Err("error: cannot set --all and --selector at the same time".to_string());
    }
    Ok(u64::try_from(grace).ok())
}

/// A node leaves the cluster (kplay's nodes live outside the object store).
fn delete_node(shell: &mut Shell, name: &str, operation: &str) -> Output {
    let events = shell
        .cluster
        .apply(Command::Node(NodeChange::Remove(name.to_string())));
    match events.first() {
        Some(Event::Deleted { .. }) => Output::out(format!("node \"{name}\" {operation}\n")),
        Some(Event::Rejected { message, .. }) => Output::err(format!("error: {message}\n")),
        _ => Output::err(format!(
            "Error from server (NotFound): nodes \"{name}\" not found\n"
        )),
    }
}

fn delete_targets(shell: &Shell, args: &Args) -> Result<Vec<(Kind, String, String)>, String> {
    let namespace = args.namespace().to_string();
    if !args.files.is_empty() {
        let mut targets = Vec::new();
        for file in &args.files {
            let (text, _) = read_source(shell, file, None)?;
            for m in manifest::parse(file, &text).manifests {
                let meta = m.object.meta();
                let ns = meta.namespace.clone().unwrap_or_else(|| namespace.clone());
                targets.push((m.object.kind(), ns, meta.name.clone()));
            }
        }
        return Ok(targets);
    }
    if args.selector.is_some() || args.all {
        return Ok(verbs::selected(shell, args, &args.positional, |_| true)?
            .into_iter()
            .map(|(kind, name)| (kind, namespace.clone(), name))
            .collect());
    }
    Ok(verbs::targets(&args.positional, |_| true)?
        .into_iter()
        .map(|(kind, name)| (kind, namespace.clone(), name))
        .collect())
}

/// `pods`, `deployments.apps`: how the API server names a kind in its errors.
pub(super) fn plural_qualified(kind: Kind) -> String {
    match kind.group() {
        "" => kind.plural().to_string(),
        group => format!("{}.{group}", kind.plural()),
    }
}

/// Finds the kind a resource word names, or kubectl's error for one the server does not have.
pub(super) fn resolve(resource: &str) -> Result<Kind, String> {
    Kind::from_resource(resource)
        .ok_or_else(|| format!("error: the server doesn't have a resource type \"{resource}\""))
}

fn wait_until_gone(shell: &mut Shell, kind: Kind, namespace: &str, name: &str) {
    shell.wait_for(DELETE_WAIT_MILLIS, |shell| {
        !shell.cluster().store().contains(kind, namespace, name)
    });
}
