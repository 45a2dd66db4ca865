//! Workload controllers: the garbage collector, Deployments, ReplicaSets and DaemonSets, and the replica counts they
//! report.

use std::collections::BTreeSet;

use crate::engine::api::{
    Deployment, Kind, ObjectMeta, Pod, PodStatus, PodTemplateSpec, ReplicaSet, ReplicaSetSpec,
    WorkloadStatus,
};
use crate::engine::controllers::nodes::fits;
use crate::engine::controllers::{owned_by, owner_ref, POD_TEMPLATE_HASH};
use crate::engine::events::Source;
use crate::engine::store::{init_meta, key};
use crate::engine::{names, Cluster};

impl Cluster {
    /// Removes ReplicaSets whose Deployment is gone and starts deleting pods whose ReplicaSet or DaemonSet is gone.
    pub(super) fn collect_garbage(&mut self) {
        let store = &mut self.store;
        let deployment_uids: BTreeSet<String> = store
            .deployments
            .values()
            .map(|d| d.metadata.uid.clone())
            .collect();
        store.replicasets.retain(|_, rs| match &rs.metadata.owner {
            Some(owner) => deployment_uids.contains(&owner.uid),
            None => true,
        });
        let owner_uids: BTreeSet<String> = store
            .replicasets
            .values()
            .map(|rs| rs.metadata.uid.clone())
            .chain(store.daemonsets.values().map(|ds| ds.metadata.uid.clone()))
            .collect();
        for pod in store.pods.values_mut() {
            if let Some(owner) = &pod.metadata.owner {
                if !owner_uids.contains(&owner.uid) {
                    pod.metadata.deleted.get_or_insert(self.now);
                }
            }
        }
    }

    /// Gives each Deployment a ReplicaSet for its current pod template and scales the others down.
    ///
    /// Old ReplicaSets go to zero at once here; rolling updates that honour maxSurge and maxUnavailable replace this
    /// step when the dynamics of Deployments are modelled.
    pub(super) fn sync_deployments(&mut self) {
        let deployments: Vec<_> = self.store.deployments.values().cloned().collect();
        for deployment in deployments {
            let meta = &deployment.metadata;
            let namespace = meta.namespace().to_string();
            let (rs_name, hash) = current_replicaset(meta, &deployment.spec.template);
            let rs_key = key(&namespace, &rs_name);
            let desired = deployment.spec.replicas.unwrap_or(1);
            let mut newest = 0;
            // (ReplicaSet name, replicas before, replicas after) for every scaling this pass does.
            let mut scalings = Vec::new();
            for rs in self.store.replicasets.values_mut() {
                if !owned_by(&rs.metadata, meta) {
                    continue;
                }
                newest = newest.max(revision(&rs.metadata));
                let before = rs.spec.replicas.unwrap_or(1);
                if rs.metadata.name != rs_name && before != 0 {
                    rs.spec.replicas = Some(0);
                    scalings.push((rs.metadata.name.clone(), before, 0));
                }
            }
            let current = match self.store.replicasets.get_mut(&rs_key) {
                Some(rs) => {
                    let before = rs.spec.replicas.unwrap_or(1);
                    if before != desired {
                        scalings.push((rs.metadata.name.clone(), before, desired));
                    }
                    rs.spec.replicas = Some(desired);
                    // Rolling back to an older template makes its ReplicaSet the newest revision again.
                    let own = revision(&rs.metadata);
                    if own == 0 || own < newest {
                        set_revision(&mut rs.metadata, newest + 1);
                    }
                    revision(&rs.metadata)
                }
                None => {
                    scalings.push((rs_name.clone(), 0, desired));
                    self.create_replicaset(&deployment, rs_name, hash, newest + 1);
                    newest + 1
                }
            };
            for (name, before, after) in scalings {
                let direction = if after > before { "up" } else { "down" };
                self.record(
                    Kind::Deployment,
                    meta,
                    Source::DeploymentController,
                    "ScalingReplicaSet",
                    format!("Scaled {direction} replica set {name} from {before} to {after}"),
                );
            }
            if let Some(d) = self.store.deployments.get_mut(&key(&namespace, &meta.name)) {
                set_revision(&mut d.metadata, current);
            }
        }
    }

    /// The ReplicaSet for a Deployment's current template: its labels and selector carry the template's hash.
    fn create_replicaset(
        &mut self,
        deployment: &Deployment,
        rs_name: String,
        hash: String,
        revision: u64,
    ) {
        let meta = &deployment.metadata;
        let namespace = meta.namespace().to_string();
        let rs_key = key(&namespace, &rs_name);
        let desired = deployment.spec.replicas.unwrap_or(1);
        {
            let mut template = deployment.spec.template.clone();
            template
                .metadata
                .labels
                .insert(POD_TEMPLATE_HASH.to_string(), hash.clone());
            let mut selector = deployment.spec.selector.clone();
            selector
                .match_labels
                .insert(POD_TEMPLATE_HASH.to_string(), hash);
            let mut metadata = ObjectMeta {
                name: rs_name,
                namespace: Some(namespace),
                labels: template.metadata.labels.clone(),
                owner: Some(owner_ref(Kind::Deployment, meta)),
                ..ObjectMeta::default()
            };
            set_revision(&mut metadata, revision);
            init_meta(&mut metadata, self.now, &mut self.rng);
            let rs = ReplicaSet {
                metadata,
                spec: ReplicaSetSpec {
                    replicas: Some(desired),
                    selector,
                    template,
                    min_ready_seconds: deployment.spec.min_ready_seconds,
                },
                status: Default::default(),
            };
            self.store.replicasets.insert(rs_key, rs);
        }
    }

    /// Creates or deletes pods until each ReplicaSet has as many live pods as it wants.
    pub(super) fn sync_replicasets(&mut self) {
        let replicasets: Vec<_> = self.store.replicasets.values().cloned().collect();
        for rs in replicasets {
            let desired = usize::try_from(rs.spec.replicas.unwrap_or(1)).unwrap_or(0);
            let mut live: Vec<&Pod> = self
                .store
                .pods
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
                    if let Some(pod) = self.store.pods.get_mut(&k) {
                        pod.metadata.deleted = Some(self.now);
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
                    self.create_pod(Kind::ReplicaSet, &rs.metadata, &rs.spec.template, None);
                }
            }
        }
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
            if !self.store.pods.contains_key(&key(&namespace, &candidate)) {
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
        self.store.pods.insert(key(&namespace, &name), pod);
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

    /// Keeps one pod of each DaemonSet on every node its pods fit on, and none elsewhere.
    pub(super) fn sync_daemonsets(&mut self) {
        let daemonsets: Vec<_> = self.store.daemonsets.values().cloned().collect();
        for ds in daemonsets {
            let probe = Pod {
                spec: ds.spec.template.spec.clone(),
                ..Pod::default()
            };
            let eligible: Vec<String> = self
                .nodes
                .iter()
                .filter(|n| fits(&probe, n))
                .map(|n| n.name.clone())
                .collect();
            let live: Vec<(String, String)> = self
                .store
                .pods
                .iter()
                .filter(|(_, p)| {
                    p.metadata.deleted.is_none() && owned_by(&p.metadata, &ds.metadata)
                })
                .map(|(k, p)| (k.clone(), p.spec.node_name.clone().unwrap_or_default()))
                .collect();
            for (pod_key, node) in &live {
                if !eligible.contains(node) {
                    if let Some(pod) = self.store.pods.get_mut(pod_key) {
                        pod.metadata.deleted = Some(self.now);
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
            }
            for node in eligible {
                if !live.iter().any(|(_, n)| *n == node) {
                    self.create_pod(Kind::DaemonSet, &ds.metadata, &ds.spec.template, Some(node));
                }
            }
        }
    }

    /// Recounts the replicas each ReplicaSet and Deployment reports.
    pub(super) fn update_statuses(&mut self) {
        let store = &mut self.store;
        for rs in store.replicasets.values_mut() {
            let pods = store
                .pods
                .values()
                .filter(|p| p.metadata.deleted.is_none() && owned_by(&p.metadata, &rs.metadata));
            let (mut replicas, mut ready) = (0, 0);
            for pod in pods {
                replicas += 1;
                ready += i32::from(pod.status.ready);
            }
            rs.status.replicas = replicas;
            rs.status.ready_replicas = ready;
            rs.status.available_replicas = ready;
            rs.status.updated_replicas = replicas;
        }
        for deployment in store.deployments.values_mut() {
            let (current, _) = current_replicaset(&deployment.metadata, &deployment.spec.template);
            let mut status = WorkloadStatus::default();
            let owned = store
                .replicasets
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
            deployment.status = status;
        }
        let nodes = &self.nodes;
        for ds in store.daemonsets.values_mut() {
            let probe = Pod {
                spec: ds.spec.template.spec.clone(),
                ..Pod::default()
            };
            let desired = nodes.iter().filter(|n| fits(&probe, n)).count();
            let (mut current, mut ready) = (0, 0);
            for pod in store.pods.values() {
                if pod.metadata.deleted.is_none() && owned_by(&pod.metadata, &ds.metadata) {
                    current += 1;
                    ready += i32::from(pod.status.ready);
                }
            }
            ds.status = WorkloadStatus {
                replicas: i32::try_from(desired).unwrap_or(i32::MAX),
                updated_replicas: current,
                ready_replicas: ready,
                available_replicas: ready,
            };
        }
    }
}

/// The name of the ReplicaSet that runs a Deployment's current pod template, and the template's hash.
pub fn current_replicaset(deployment: &ObjectMeta, template: &PodTemplateSpec) -> (String, String) {
    let canonical = serde_json::to_string(template).unwrap_or_default();
    let hash = names::pod_template_hash(&canonical);
    (format!("{}-{}", deployment.name, hash), hash)
}

/// The annotation in which the Deployment controller numbers ReplicaSets, for `kubectl rollout history`.
pub const REVISION: &str = "deployment.kubernetes.io/revision";

pub(crate) fn revision(meta: &ObjectMeta) -> u64 {
    meta.annotations
        .get(REVISION)
        .and_then(|r| r.parse().ok())
        .unwrap_or(0)
}

fn set_revision(meta: &mut ObjectMeta, revision: u64) {
    meta.annotations
        .insert(REVISION.to_string(), revision.to_string());
}
