//! `kubectl wait --for=condition=C|delete TYPE [NAME | -l SELECTOR | --all] [--timeout=30s]`, in virtual time.

use crate::engine::api::{ConditionStatus, Kind, PodPhase};
use crate::engine::{Cluster, Millis};
use crate::shell::kubectl::{plural_qualified, resolve};
use crate::shell::selectors::parse_selector;
use crate::shell::verbs::targets;
use crate::shell::{Output, Shell};

pub(super) struct WaitArgs<'a> {
    pub words: &'a [String],
    pub namespace: &'a str,
    pub condition: Option<&'a str>,
    pub selector: Option<&'a str>,
    pub all: bool,
    pub timeout: Option<&'a str>,
}

pub(super) fn wait(shell: &mut Shell, args: &WaitArgs) -> Output {
    let Some(wanted) = args.condition else {
        return Output::err("error: --for must be specified\n");
    };
    let condition = if wanted == "delete" {
        None
    } else if let Some(c) = wanted.strip_prefix("condition=") {
        Some(c.split('=').next().unwrap_or(c).to_string())
    } else {
        return Output::err(format!("error: unrecognized condition: \"{wanted}\"\n"));
    };
    let timeout = match args.timeout.map(parse_duration) {
        None => 30_000,
        Some(Some(ms)) => ms,
        Some(None) => {
            return Output::err(format!(
                "error: invalid timeout \"{}\"\n",
                args.timeout.unwrap_or_default()
            ))
        }
    };
    let objects = match objects(shell.cluster(), args) {
        Ok(objects) => objects,
        Err(message) => return Output::err(message),
    };
    if objects.is_empty() {
        return Output::err("error: no matching resources found\n");
    }
    let mut output = Output::default();
    let deadline = shell.cluster().now().saturating_add(timeout);
    let mut pending = objects;
    loop {
        let mut still = Vec::new();
        for (kind, name) in pending {
            match met(
                shell.cluster(),
                kind,
                args.namespace,
                &name,
                condition.as_deref(),
            ) {
                Some(true) => {
                    output.push_out(format!("{}/{name} condition met\n", kind.qualified()))
                }
                Some(false) => still.push((kind, name)),
                None if condition.is_none() => {
                    output.push_out(format!("{}/{name} condition met\n", kind.qualified()))
                }
                None => output.push_err(format!(
                    "Error from server (NotFound): {} \"{name}\" not found\n",
                    plural_qualified(kind)
                )),
            }
        }
        if still.is_empty() {
            return output;
        }
        if !shell.step_toward(deadline) {
            for (kind, name) in still {
                output.push_err(format!(
                    "error: timed out waiting for the condition on {}/{name}\n",
                    kind.plural()
                ));
            }
            return output;
        }
        pending = still;
    }
}

fn objects(cluster: &Cluster, args: &WaitArgs) -> Result<Vec<(Kind, String)>, String> {
    if args.selector.is_some() || args.all {
        let Some(resource) = args.words.first() else {
            return Err(
                "error: resource(s) were provided, but no name was specified\n".to_string(),
            );
        };
        let kind = resolve(resource).map_err(|m| format!("{m}\n"))?;
        let selector = args.selector.map(parse_selector).transpose()?;
        return Ok(cluster
            .store()
            .objects(kind)
            .iter()
            .map(|o| o.meta())
            .filter(|m| m.namespace() == args.namespace)
            .filter(|m| selector.as_ref().is_none_or(|s| s.matches(&m.labels)))
            .map(|m| (kind, m.name.clone()))
            .collect());
    }
    targets(args.words, |_| true).map_err(|m| format!("{m}\n"))
}

/// Whether the condition holds (`None` for "delete": whether the object is gone); None when it does not exist.
fn met(
    cluster: &Cluster,
    kind: Kind,
    namespace: &str,
    name: &str,
    condition: Option<&str>,
) -> Option<bool> {
    let store = cluster.store();
    let key = format!("{namespace}/{name}");
    let Some(condition) = condition else {
        return store.contains(kind, namespace, name).then_some(false);
    };
    let condition = condition.to_ascii_lowercase();
    match kind {
        Kind::Pod => {
            let pod = store.pods().get(&key)?;
            Some(match condition.as_str() {
                "ready" | "containersready" => pod.status.ready,
                "podscheduled" => pod.spec.node_name.is_some(),
                "initialized" => pod.status.pod_ip.is_some(),
                _ => pod.status.phase == PodPhase::Succeeded,
            })
        }
        Kind::Deployment => {
            let d = store.deployments().get(&key)?;
            Some(d.status.conditions.iter().any(|c| {
                c.type_.to_ascii_lowercase() == condition && c.status == ConditionStatus::True
            }))
        }
        _ => Some(store.contains(kind, namespace, name)),
    }
}

/// `30s`, `2m`, `1h`, `90` (seconds); at most a day of virtual time.
fn parse_duration(text: &str) -> Option<Millis> {
    let (number, unit) = text.split_at(
        text.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len()),
    );
    let n: Millis = number.parse().ok()?;
    let scale = match unit {
        "" | "s" => 1_000,
        "ms" => 1,
        "m" => 60_000,
        "h" => 3_600_000,
        _ => return None,
    };
    Some(n.checked_mul(scale)?.min(86_400_000))
}
