//! The control loops, run to a fixpoint after every command: workloads (garbage collector, Deployment, ReplicaSet,
//! DaemonSet), nodes (scheduler, kubelet) and endpoints.

mod deployment;
mod endpoints;
mod kubelet;
mod lifecycle;
mod nodes;
mod workloads;

pub(crate) use crate::engine::controllers::deployment::{current_replicaset, revision};

use crate::engine::api::{
    Kind, Labels, Namespace, ObjectMeta, OwnerRef, Service, ServicePort, ServiceSpec,
};
use crate::engine::store::{init_meta, key};
use crate::engine::{Cluster, Millis};

/// Image pull and container start take between these two, drawn per pod.
pub(super) const START_MIN_MILLIS: Millis = 1_500;
pub(super) const START_SPREAD_MILLIS: u32 = 1_500;
/// The label the Deployment controller adds to tell its ReplicaSets apart.
pub const POD_TEMPLATE_HASH: &str = "pod-template-hash";

impl Cluster {
    /// Runs every controller until none of them has anything left to do.
    pub(crate) fn reconcile(&mut self) {
        for _ in 0..8 {
            let before = self.fingerprint();
            self.collect_garbage();
            self.sync_deployments();
            self.sync_replicasets();
            self.sync_daemonsets();
            self.schedule();
            self.node_lifecycle();
            self.run_kubelets();
            self.sync_endpoints();
            self.assign_load_balancers();
            self.publish_ingress_status();
            self.update_statuses();
            self.deployment_conditions();
            if self.fingerprint() == before {
                break;
            }
        }
    }

    /// The earliest future moment at which a kubelet has something to do.
    pub(crate) fn next_due(&self) -> Option<Millis> {
        let pods = self.store.pods.values().filter_map(Cluster::kubelet_due);
        // Pods of ReplicaSets with minReadySeconds become available some time after they are ready.
        let available = self.store.replicasets.values().filter_map(|rs| {
            let min_ready =
                Millis::try_from(rs.spec.min_ready_seconds.unwrap_or(0)).unwrap_or(0) * 1000;
            if min_ready == 0 {
                return None;
            }
            self.store
                .pods
                .values()
                .filter(|p| {
                    p.metadata
                        .owner
                        .as_ref()
                        .is_some_and(|o| o.uid == rs.metadata.uid)
                })
                .filter_map(|p| p.status.ready_since.map(|t| t + min_ready))
                .filter(|&t| t > self.now)
                .min()
        });
        pods.chain(available)
            .chain(self.next_deadline())
            .chain(self.node_due())
            .filter(|&due| due > self.now)
            .min()
    }

    /// What a new cluster holds before anyone applies anything: its namespaces and the `kubernetes` Service.
    pub(crate) fn bootstrap(&mut self) {
        for name in ["default", "kube-node-lease", "kube-public", "kube-system"] {
            let mut metadata = ObjectMeta {
                name: name.to_string(),
                labels: Labels::from([(
                    "kubernetes.io/metadata.name".to_string(),
                    name.to_string(),
                )]),
                ..ObjectMeta::default()
            };
            init_meta(&mut metadata, self.now, &mut self.rng);
            self.store.namespaces.insert(
                key("", name),
                Namespace {
                    metadata,
                    ..Namespace::default()
                },
            );
        }
        self.create_kubernetes_service();
    }

    fn create_kubernetes_service(&mut self) {
        let mut metadata = ObjectMeta {
            name: "kubernetes".to_string(),
            namespace: Some("default".to_string()),
            labels: Labels::from([
                ("component".to_string(), "apiserver".to_string()),
                ("provider".to_string(), "kubernetes".to_string()),
            ]),
            ..ObjectMeta::default()
        };
        init_meta(&mut metadata, self.now, &mut self.rng);
        let service = Service {
            metadata,
            spec: ServiceSpec {
                type_: Some("ClusterIP".to_string()),
                selector: Labels::new(),
                ports: vec![ServicePort {
                    name: Some("https".to_string()),
                    protocol: Some("TCP".to_string()),
                    port: 443,
                    ..ServicePort::default()
                }],
                cluster_ip: Some("10.96.0.1".to_string()),
                ..ServiceSpec::default()
            },
            load_balancer_ip: None,
        };
        self.store
            .services
            .insert(key("default", "kubernetes"), service);
    }

    /// A cheap summary that changes whenever a controller changes something it would react to.
    fn fingerprint(&self) -> (usize, usize, usize, usize, usize, i64, i64) {
        let store = &self.store;
        let pending = store
            .pods
            .values()
            .filter(|p| p.spec.node_name.is_none() || !p.status.ready)
            .count();
        let deleting = store
            .pods
            .values()
            .filter(|p| p.metadata.deleted.is_some())
            .count();
        let desired: i64 = store
            .replicasets
            .values()
            .map(|rs| i64::from(rs.spec.replicas.unwrap_or(1)))
            .sum();
        let available: i64 = store
            .replicasets
            .values()
            .map(|rs| i64::from(rs.status.available_replicas))
            .sum();
        (
            store.deployments.len(),
            store.replicasets.len(),
            store.pods.len(),
            pending,
            deleting,
            desired,
            available,
        )
    }
}

pub(super) fn owner_ref(kind: Kind, meta: &ObjectMeta) -> OwnerRef {
    OwnerRef {
        kind,
        name: meta.name.clone(),
        uid: meta.uid.clone(),
    }
}

pub(super) fn owned_by(child: &ObjectMeta, owner: &ObjectMeta) -> bool {
    child.owner.as_ref().is_some_and(|o| o.uid == owner.uid)
}
