//! The DaemonSet controller: one pod on every node its pods fit on (with the tolerations every daemon pod gets),
//! replaced node by node on a template change unless the strategy is OnDelete, and the counts a DaemonSet reports.

use crate::engine::api::{
    DaemonSet, DaemonSetUpdateStrategyType, IntOrString, Kind, Pod, PodTemplateSpec, TaintEffect,
    Toleration, TolerationOperator, WorkloadStatus,
};
use crate::engine::controllers::nodes::{fits, fits_taints};
use crate::engine::controllers::owned_by;
use crate::engine::controllers::workloads::write_counts;
use crate::engine::events::Source;
use crate::engine::{names, Cluster};

impl Cluster {
    /// Keeps one pod of each DaemonSet on every node its pods fit on, and none elsewhere; whether any pod was
    /// created or deleted.
    pub(super) fn sync_daemonsets(&mut self) -> bool {
        let mut changed = false;
        let daemonsets: Vec<_> = self.store.daemonsets().values().cloned().collect();
        for ds in daemonsets {
            changed |= self.sync_daemonset(&ds);
        }
        changed
    }

    fn sync_daemonset(&mut self, ds: &DaemonSet) -> bool {
        let probe = daemon_pod(&ds.spec.template);
        let hash = daemon_hash(&ds.spec.template);
        let eligible: Vec<String> = self
            .nodes
            .iter()
            .filter(|n| fits(&probe, n))
            .map(|n| n.name.clone())
            .collect();
        let may_stay: Vec<String> = self
            .nodes
            .iter()
            .filter(|n| fits_taints(&probe, n, &[TaintEffect::NoExecute]))
            .map(|n| n.name.clone())
            .collect();
        let pods: Vec<DaemonPod> = self
            .store
            .pods()
            .iter()
            .filter(|(_, p)| owned_by(&p.metadata, &ds.metadata))
            .map(|(k, p)| DaemonPod {
                key: k.clone(),
                node: p.spec.node_name.clone().unwrap_or_default(),
                current: p.metadata.labels.get(DAEMON_HASH) == Some(&hash),
                ready: p.status.ready,
                gone: p.metadata.deleted.is_some(),
            })
            .collect();
        let mut doomed: Vec<String> = pods
            .iter()
            .filter(|p| !p.gone && !may_stay.contains(&p.node))
            .map(|p| p.key.clone())
            .collect();
        if !on_delete(ds) {
            doomed.extend(rolling_replacements(ds, &pods, &eligible, &may_stay));
        }
        let mut changed = false;
        for pod_key in doomed {
            if let Some(pod) = self.store.write::<Pod>().get_mut(&pod_key) {
                pod.metadata.deleted = Some(self.now);
                changed = true;
                let message = format!("Deleted pod: {}", pod.metadata.name);
                self.record(
                    Kind::DaemonSet,
                    &ds.metadata,
                    Source::DaemonSetController,
                    "SuccessfulDelete",
                    message,
                );
            }
        }
        for node in eligible {
            // A node gets a new pod once its old one is gone (maxSurge 0: both would want the same hostPort).
            let occupied = self.store.pods().values().any(|p| {
                owned_by(&p.metadata, &ds.metadata)
                    && p.spec.node_name.as_deref() == Some(node.as_str())
            });
            if !occupied {
                let mut metadata = ds.spec.template.metadata.clone();
                metadata
                    .labels
                    .insert(DAEMON_HASH.to_string(), hash.clone());
                let template = PodTemplateSpec {
                    metadata,
                    spec: probe.spec.clone(),
                };
                self.create_pod(Kind::DaemonSet, &ds.metadata, &template, Some(node));
                changed = true;
            }
        }
        changed
    }

    /// Each DaemonSet's desired pods (the nodes its pods fit on or still run on), and its current, updated and
    /// ready ones.
    pub(super) fn daemonset_statuses(&mut self) -> bool {
        let counts: Vec<(String, WorkloadStatus)> = self
            .store
            .daemonsets()
            .iter()
            .map(|(key, ds)| (key.clone(), self.daemonset_counts(ds)))
            .collect();
        write_counts(self.store.write::<DaemonSet>(), counts, |ds| &mut ds.status)
    }

    fn daemonset_counts(&self, ds: &DaemonSet) -> WorkloadStatus {
        let store = &self.store;
        let probe = daemon_pod(&ds.spec.template);
        let runs_on = |node: &str| {
            store.pods().values().any(|p| {
                p.metadata.deleted.is_none()
                    && owned_by(&p.metadata, &ds.metadata)
                    && p.spec.node_name.as_deref() == Some(node)
            })
        };
        let desired = self
            .nodes
            .iter()
            .filter(|n| {
                fits(&probe, n)
                    || (fits_taints(&probe, n, &[TaintEffect::NoExecute]) && runs_on(&n.name))
            })
            .count();
        let hash = daemon_hash(&ds.spec.template);
        let (mut current, mut updated, mut ready) = (0, 0, 0);
        for pod in store.pods().values() {
            if pod.metadata.deleted.is_none() && owned_by(&pod.metadata, &ds.metadata) {
                current += 1;
                updated += i32::from(pod.metadata.labels.get(DAEMON_HASH) == Some(&hash));
                ready += i32::from(pod.status.ready);
            }
        }
        WorkloadStatus {
            replicas: i32::try_from(desired).unwrap_or(i32::MAX),
            current_replicas: current,
            updated_replicas: updated,
            ready_replicas: ready,
            available_replicas: ready,
            ..WorkloadStatus::default()
        }
    }
}

/// A pod of a DaemonSet as its controller weighs it.
struct DaemonPod {
    key: String,
    node: String,
    /// Made from the DaemonSet's current template.
    current: bool,
    ready: bool,
    /// Being deleted.
    gone: bool,
}

/// Whether a DaemonSet replaces its pods only when they are deleted, rather than rolling.
fn on_delete(ds: &DaemonSet) -> bool {
    ds.spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.type_.as_ref())
        == Some(&DaemonSetUpdateStrategyType::OnDelete)
}

/// A rolling update replaces pods of an older template, at most maxUnavailable (default 1) unavailable at a time.
fn rolling_replacements(
    ds: &DaemonSet,
    pods: &[DaemonPod],
    eligible: &[String],
    may_stay: &[String],
) -> Vec<String> {
    let budget = ds
        .spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.rolling_update.as_ref())
        .and_then(|r| match &r.max_unavailable {
            Some(IntOrString::Int(n)) => usize::try_from(*n).ok(),
            _ => None,
        })
        .unwrap_or(1)
        .max(1);
    let unavailable = pods.iter().filter(|p| p.gone || !p.ready).count()
        + eligible
            .iter()
            .filter(|n| !pods.iter().any(|p| &p.node == *n))
            .count();
    pods.iter()
        .filter(|p| !p.current && !p.gone && may_stay.contains(&p.node))
        .map(|p| p.key.clone())
        .take(budget.saturating_sub(unavailable))
        .collect()
}

/// A DaemonSet's pod as the controller makes it: the template plus the tolerations every daemon pod gets, so it
/// stays on nodes that are unreachable, not ready, under pressure or cordoned.
fn daemon_pod(template: &PodTemplateSpec) -> Pod {
    let mut spec = template.spec.clone();
    let defaults = [
        ("node.kubernetes.io/not-ready", TaintEffect::NoExecute),
        ("node.kubernetes.io/unreachable", TaintEffect::NoExecute),
        ("node.kubernetes.io/disk-pressure", TaintEffect::NoSchedule),
        (
            "node.kubernetes.io/memory-pressure",
            TaintEffect::NoSchedule,
        ),
        ("node.kubernetes.io/pid-pressure", TaintEffect::NoSchedule),
        ("node.kubernetes.io/unschedulable", TaintEffect::NoSchedule),
    ];
    for (key, effect) in defaults {
        if !spec
            .tolerations
            .iter()
            .any(|t| t.key.as_deref() == Some(key) && t.effect.as_ref() == Some(&effect))
        {
            spec.tolerations.push(Toleration {
                key: Some(key.to_string()),
                operator: Some(TolerationOperator::Exists),
                effect: Some(effect),
                ..Toleration::default()
            });
        }
    }
    Pod {
        spec,
        ..Pod::default()
    }
}

/// The label that ties a DaemonSet's pod to the template it was made from.
const DAEMON_HASH: &str = "controller-revision-hash";

/// A DaemonSet template's hash, as its ControllerRevision names it.
fn daemon_hash(template: &PodTemplateSpec) -> String {
    names::pod_template_hash(&serde_json::to_string(template).unwrap_or_default())
}
