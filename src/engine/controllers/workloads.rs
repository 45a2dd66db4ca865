//! Workload controllers: the garbage collector, ReplicaSets and DaemonSets, and the replica counts workloads
//! report.

use crate::engine::api::{Deployment, ReplicaSet};
use std::collections::BTreeSet;

use crate::engine::api::{
    DaemonSet, DaemonSetUpdateStrategyType, IntOrString, Kind, ObjectMeta, Pod, PodStatus,
    PodTemplateSpec, TaintEffect, Toleration, TolerationOperator, WorkloadStatus,
};
use crate::engine::controllers::nodes::{fits, fits_taints};
use crate::engine::controllers::{current_replicaset, owned_by, owner_ref};
use crate::engine::events::Source;
use crate::engine::store::{init_meta, key};
use crate::engine::{names, Cluster, Millis};

/// The most pods a kplay cluster holds, so no manifest can make the page crawl.
pub const MAX_PODS: usize = 2000;

impl Cluster {
    /// Removes ReplicaSets whose Deployment is gone and starts deleting pods whose ReplicaSet or DaemonSet is gone.
    pub(super) fn collect_garbage(&mut self) -> bool {
        let store = &mut self.store;
        let replicasets = store.replicasets().len();
        let deployment_uids: BTreeSet<String> = store
            .deployments()
            .values()
            .map(|d| d.metadata.uid.clone())
            .collect();
        store
            .write::<ReplicaSet>()
            .retain(|_, rs| match &rs.metadata.owner {
                Some(owner) => deployment_uids.contains(&owner.uid),
                None => true,
            });
        let mut changed = store.replicasets().len() != replicasets;
        let owner_uids: BTreeSet<String> = store
            .replicasets()
            .values()
            .map(|rs| rs.metadata.uid.clone())
            .chain(
                store
                    .daemonsets()
                    .values()
                    .map(|ds| ds.metadata.uid.clone()),
            )
            .collect();
        for pod in store.write::<Pod>().values_mut() {
            if let Some(owner) = &pod.metadata.owner {
                if !owner_uids.contains(&owner.uid) && pod.metadata.deleted.is_none() {
                    pod.metadata.deleted = Some(self.now);
                    changed = true;
                }
            }
        }
        changed
    }

    /// Creates or deletes pods until each ReplicaSet has as many live pods as it wants.
    pub(super) fn sync_replicasets(&mut self) -> bool {
        let mut changed = false;
        let replicasets: Vec<_> = self.store.replicasets().values().cloned().collect();
        for rs in replicasets {
            let desired = usize::try_from(rs.spec.replicas.unwrap_or(1)).unwrap_or(0);
            let mut live: Vec<&Pod> = self
                .store
                .pods()
                .values()
                .filter(|p| p.metadata.deleted.is_none() && owned_by(&p.metadata, &rs.metadata))
                .collect();
            if live.len() > desired {
                // Kubernetes deletes the least useful pods first: unscheduled, then not ready, then the newest.
                live.sort_by_key(|p| {
                    (
                        p.spec.node_name.is_some(),
                        p.status.ready,
                        std::cmp::Reverse(p.metadata.created),
                    )
                });
                let doomed: Vec<String> = live[..live.len() - desired]
                    .iter()
                    .map(|p| key(p.metadata.namespace(), &p.metadata.name))
                    .collect();
                for k in doomed {
                    if let Some(pod) = self.store.write::<Pod>().get_mut(&k) {
                        pod.metadata.deleted = Some(self.now);
                        changed = true;
                        let message = format!("Deleted pod: {}", pod.metadata.name);
                        self.record(
                            Kind::ReplicaSet,
                            &rs.metadata,
                            Source::ReplicaSetController,
                            "SuccessfulDelete",
                            message,
                        );
                    }
                }
            } else {
                for _ in live.len()..desired {
                    if self.store.pods().len() >= MAX_PODS {
                        let message =
                            format!("Error creating: kplay limits a cluster to {MAX_PODS} pods");
                        self.warn(
                            Kind::ReplicaSet,
                            &rs.metadata,
                            Source::ReplicaSetController,
                            "FailedCreate",
                            message,
                        );
                        break;
                    }
                    self.create_pod(Kind::ReplicaSet, &rs.metadata, &rs.spec.template, None);
                    changed = true;
                }
            }
        }
        changed
    }

    /// Creates a pod from `template` for an owner, named `<owner>-<5 random characters>` as Kubernetes names them.
    /// A DaemonSet names the node; other pods wait for the scheduler.
    fn create_pod(
        &mut self,
        owner_kind: Kind,
        owner: &ObjectMeta,
        template: &PodTemplateSpec,
        node: Option<String>,
    ) {
        let namespace = owner.namespace().to_string();
        let name = loop {
            let candidate = format!("{}-{}", owner.name, names::random_suffix(&mut self.rng, 5));
            if !self.store.pods().contains_key(&key(&namespace, &candidate)) {
                break candidate;
            }
        };
        let mut metadata = ObjectMeta {
            name: name.clone(),
            namespace: Some(namespace.clone()),
            labels: template.metadata.labels.clone(),
            annotations: template.metadata.annotations.clone(),
            owner: Some(owner_ref(owner_kind, owner)),
            ..ObjectMeta::default()
        };
        init_meta(&mut metadata, self.now, &mut self.rng);
        let mut spec = template.spec.clone();
        if node.is_some() {
            spec.node_name = node;
        }
        let pod = Pod {
            metadata,
            spec,
            status: PodStatus::default(),
        };
        self.store
            .write::<Pod>()
            .insert(key(&namespace, &name), pod);
        let source = if owner_kind == Kind::DaemonSet {
            Source::DaemonSetController
        } else {
            Source::ReplicaSetController
        };
        self.record(
            owner_kind,
            owner,
            source,
            "SuccessfulCreate",
            format!("Created pod: {name}"),
        );
    }

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

    /// Recounts the replicas each ReplicaSet, Deployment and DaemonSet reports; whether any count changed.
    pub(super) fn update_statuses(&mut self) -> bool {
        // ReplicaSets first: a Deployment's counts are the sum of its ReplicaSets'.
        let mut changed = self.replicaset_statuses();
        changed |= self.deployment_statuses();
        changed |= self.daemonset_statuses();
        changed
    }

    /// Each ReplicaSet's live, ready and available (ready for minReadySeconds) pods.
    fn replicaset_statuses(&mut self) -> bool {
        let counts: Vec<(String, WorkloadStatus)> = self
            .store
            .replicasets()
            .iter()
            .map(|(key, rs)| (key.clone(), self.replicaset_counts(rs)))
            .collect();
        write_counts(self.store.write::<ReplicaSet>(), counts, |rs| {
            &mut rs.status
        })
    }

    fn replicaset_counts(&self, rs: &ReplicaSet) -> WorkloadStatus {
        let min_ready =
            Millis::try_from(rs.spec.min_ready_seconds.unwrap_or(0)).unwrap_or(0) * 1000;
        let pods = self
            .store
            .pods()
            .values()
            .filter(|p| p.metadata.deleted.is_none() && owned_by(&p.metadata, &rs.metadata));
        let (mut replicas, mut ready, mut available) = (0, 0, 0);
        for pod in pods {
            replicas += 1;
            ready += i32::from(pod.status.ready);
            let long_enough = pod
                .status
                .ready_since
                .is_some_and(|t| t + min_ready <= self.now);
            available += i32::from(pod.status.ready && long_enough);
        }
        WorkloadStatus {
            replicas,
            ready_replicas: ready,
            available_replicas: available,
            updated_replicas: replicas,
            current_replicas: rs.status.current_replicas,
            ..WorkloadStatus::default()
        }
    }

    /// Each Deployment's counts, summed over its ReplicaSets; updated ones are those of the current template.
    fn deployment_statuses(&mut self) -> bool {
        let counts: Vec<(String, WorkloadStatus)> = self
            .store
            .deployments()
            .iter()
            .map(|(key, d)| (key.clone(), self.deployment_counts(d)))
            .collect();
        write_counts(self.store.write::<Deployment>(), counts, |d| &mut d.status)
    }

    fn deployment_counts(&self, deployment: &Deployment) -> WorkloadStatus {
        let (current, _) = current_replicaset(&deployment.metadata, &deployment.spec.template);
        let mut status = WorkloadStatus::default();
        let owned = self
            .store
            .replicasets()
            .values()
            .filter(|rs| owned_by(&rs.metadata, &deployment.metadata));
        for rs in owned {
            status.replicas += rs.status.replicas;
            status.ready_replicas += rs.status.ready_replicas;
            status.available_replicas += rs.status.available_replicas;
            if rs.metadata.name == current {
                status.updated_replicas = rs.status.replicas;
            }
        }
        status
    }

    /// Each DaemonSet's desired pods (the nodes its pods fit on or still run on), and its current, updated and
    /// ready ones.
    fn daemonset_statuses(&mut self) -> bool {
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

/// Writes each object's counts where they differ; returns whether any did.
fn write_counts<T>(
    objects: &mut std::collections::BTreeMap<String, T>,
    counts: Vec<(String, WorkloadStatus)>,
    status: fn(&mut T) -> &mut WorkloadStatus,
) -> bool {
    let mut changed = false;
    for (key, counts) in counts {
        if let Some(object) = objects.get_mut(&key) {
            changed |= set_counts(status(object), counts);
        }
    }
    changed
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

/// Writes the replica counts of `counts` into a workload's status, leaving its conditions alone; whether any
/// count changed.
fn set_counts(status: &mut WorkloadStatus, counts: WorkloadStatus) -> bool {
    let same = status.replicas == counts.replicas
        && status.current_replicas == counts.current_replicas
        && status.updated_replicas == counts.updated_replicas
        && status.ready_replicas == counts.ready_replicas
        && status.available_replicas == counts.available_replicas;
    if !same {
        status.replicas = counts.replicas;
        status.current_replicas = counts.current_replicas;
        status.updated_replicas = counts.updated_replicas;
        status.ready_replicas = counts.ready_replicas;
        status.available_replicas = counts.available_replicas;
    }
    !same
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
