//! Workload controllers: the garbage collector, ReplicaSets, and the replica counts workloads report (the
//! DaemonSet controller is in `daemonset.rs`).

use std::collections::BTreeSet;

use crate::engine::api::{
    Deployment, Kind, ObjectMeta, Pod, PodStatus, PodTemplateSpec, ReplicaSet, WorkloadStatus,
};
use crate::engine::controllers::{current_replicaset, owned_by, owner_ref};
use crate::engine::events::Source;
use crate::engine::order;
use crate::engine::store::{init_meta, key};
use crate::engine::{names, Cluster, Millis};

/// The most pods a kplay cluster holds, so no manifest can make the page crawl.
pub const MAX_PODS: usize = 2000;

impl Cluster {
    /// Removes ReplicaSets whose Deployment is gone and starts deleting pods whose ReplicaSet or DaemonSet is gone.
    pub(super) fn collect_garbage(&mut self) -> bool {
        let store = &mut self.store;
        let replicasets = store.replicasets().len();
        let deployment_uids: BTreeSet<String> =
            order::set_from(store.deployments().values().map(|d| d.metadata.uid.clone()));
        store
            .write::<ReplicaSet>()
            .retain(|_, rs| match &rs.metadata.owner {
                Some(owner) => deployment_uids.contains(&owner.uid),
                None => true,
            });
        let mut changed = store.replicasets().len() != replicasets;
        let owner_uids: BTreeSet<String> = order::set_from(
            store
                .replicasets()
                .values()
                .map(|rs| rs.metadata.uid.clone())
                .chain(
                    store
                        .daemonsets()
                        .values()
                        .map(|ds| ds.metadata.uid.clone()),
                ),
        );
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
                order::sort_by_key(&mut live, |p| {
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

    /// Creates a pod from `template` for an owner, named `<owner>-<5 random characters>` as Kubernetes names them
    /// (the owner's part cut so the name keeps to 63 characters).
    /// A DaemonSet names the node; other pods wait for the scheduler.
    pub(super) fn create_pod(
        &mut self,
        owner_kind: Kind,
        owner: &ObjectMeta,
        template: &PodTemplateSpec,
        node: Option<String>,
    ) {
        let namespace = owner.namespace().to_string();
        let name = loop {
            let candidate = names::generated(&format!("{}-", owner.name), &mut self.rng);
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
}

/// Writes each object's counts where they differ; returns whether any did.
pub(super) fn write_counts<T>(
    objects: &mut crate::engine::store::Table<T>,
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
