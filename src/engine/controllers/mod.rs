//! The control loops, run to a fixpoint after every command: workloads (garbage collector, Deployment, ReplicaSet,
//! DaemonSet), nodes (scheduler, kubelet) and endpoints.

mod conditions;
mod daemonset;
mod deployment;
mod endpoints;
mod gateways;
mod kubelet;
mod lifecycle;
mod nodes;
mod workloads;

pub(crate) use crate::engine::controllers::deployment::{current_replicaset, revision};

use crate::engine::api::{
    Kind, Labels, Namespace, Node, ObjectMeta, OwnerRef, Protocol, Service, ServicePort,
    ServiceSpec, ServiceType,
};
use crate::engine::events::Source;
use crate::engine::store::{init_meta, key};
use crate::engine::{Cluster, Millis};

/// Image pull and container start take between these two, drawn per pod.
pub(super) const START_MIN_MILLIS: Millis = 1_500;
pub(super) const START_SPREAD_MILLIS: u32 = 1_500;
/// The label the Deployment controller adds to tell its ReplicaSets apart.
pub const POD_TEMPLATE_HASH: &str = "pod-template-hash";
/// The most rounds of the controllers one command may take. Busy commands (a rollout, a node failure) settle in a
/// handful; reaching this means some controller writes on every round.
pub(crate) const MAX_ROUNDS: u32 = 32;

impl Cluster {
    /// Runs every controller, round after round, until a whole round changes nothing. Each controller says whether
    /// it wrote anything, so the loop knows it settled rather than guessing. A loop that does not settle within
    /// `MAX_ROUNDS` is a bug: debug builds (and so the tests) stop there, release builds record a Warning event and
    /// go on with the state reached.
    pub(crate) fn reconcile(&mut self) {
        for round in 1..=MAX_ROUNDS {
            if !self.reconcile_round() {
                self.most_rounds = self.most_rounds.max(round);
                return;
            }
        }
        self.most_rounds = MAX_ROUNDS;
        debug_assert!(
            false,
            "the controllers did not settle in {MAX_ROUNDS} rounds"
        );
        self.not_settled();
    }

    /// The most rounds any reconcile of this cluster has taken.
    #[cfg(test)]
    pub(crate) fn most_rounds(&self) -> u32 {
        self.most_rounds
    }

    /// One pass of every controller, in the order a change flows (owners before pods, pods before endpoints and
    /// statuses); whether any of them changed anything.
    fn reconcile_round(&mut self) -> bool {
        let mut changed = self.collect_garbage();
        changed |= self.sync_deployments();
        changed |= self.sync_replicasets();
        changed |= self.sync_daemonsets();
        changed |= self.schedule();
        changed |= self.node_lifecycle();
        changed |= self.run_kubelets();
        changed |= self.sync_endpoints();
        changed |= self.assign_load_balancers();
        changed |= self.publish_ingress_status();
        changed |= self.sync_gateways();
        changed |= self.update_statuses();
        changed |= self.deployment_conditions();
        changed
    }

    /// The event a reconcile that did not settle leaves, on the control-plane node, so a learner sees it in
    /// `kubectl get events`.
    fn not_settled(&mut self) {
        let Some(meta) = self.nodes.iter().find(|n| n.control_plane).map(Node::meta) else {
            return;
        };
        self.warn(
            Kind::Node,
            &meta,
            Source::Kplay,
            "ReconcileNotSettled",
            format!(
                "kplay: the controllers were still changing the cluster after {MAX_ROUNDS} rounds"
            ),
        );
    }

    /// The earliest future moment at which a kubelet has something to do.
    pub(crate) fn next_due(&self) -> Option<Millis> {
        let pods = self.store.pods().values().filter_map(Cluster::kubelet_due);
        // Pods of ReplicaSets with minReadySeconds become available some time after they are ready.
        let available = self.store.replicasets().values().filter_map(|rs| {
            let min_ready =
                Millis::try_from(rs.spec.min_ready_seconds.unwrap_or(0)).unwrap_or(0) * 1000;
            if min_ready == 0 {
                return None;
            }
            self.store
                .pods()
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
            self.store.write::<Namespace>().insert(
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
                type_: Some(ServiceType::ClusterIP),
                selector: Labels::new(),
                ports: vec![ServicePort {
                    name: Some("https".to_string()),
                    protocol: Some(Protocol::TCP),
                    port: 443,
                    ..ServicePort::default()
                }],
                cluster_ip: Some("10.96.0.1".to_string()),
                ..ServiceSpec::default()
            },
            load_balancer_ip: None,
        };
        self.store
            .write::<Service>()
            .insert(key("default", "kubernetes"), service);
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
