//! The scheduler and the kubelets: which node each pod runs on, and how its containers start and stop.

use rand_core::RngCore;

use crate::engine::api::{Node, Pod, PodPhase, Taint, Toleration};
use crate::engine::controllers::{START_MIN_MILLIS, START_SPREAD_MILLIS, TERMINATION_MILLIS};
use crate::engine::{Cluster, Millis};

impl Cluster {
    /// Binds each unscheduled pod to the least-loaded node it fits on; ties go to the first node. Pods created with a
    /// node already named (DaemonSet pods) are bound to it.
    pub(super) fn schedule(&mut self) {
        let waiting: Vec<String> = self
            .store
            .pods
            .iter()
            .filter(|(_, p)| p.status.pod_ip.is_none() && p.metadata.deleted.is_none())
            .map(|(k, _)| k.clone())
            .collect();
        for pod_key in waiting {
            let Some(pod) = self.store.pods.get(&pod_key) else {
                continue;
            };
            let chosen = match &pod.spec.node_name {
                Some(name) => self.nodes.iter().position(|n| &n.name == name),
                None => {
                    let load = |node: &str| {
                        self.store
                            .pods
                            .values()
                            .filter(|p| p.spec.node_name.as_deref() == Some(node))
                            .count()
                    };
                    self.nodes
                        .iter()
                        .enumerate()
                        .filter(|(_, n)| n.ready && !n.unschedulable && fits(pod, n))
                        .min_by_key(|(i, n)| (load(&n.name), *i))
                        .map(|(i, _)| i)
                }
            };
            if let Some(index) = chosen {
                self.bind(&pod_key, index);
            }
        }
    }

    /// Puts a pod on a node: it gets an IP from the node's pod CIDR and starts pulling its image.
    fn bind(&mut self, pod_key: &str, index: usize) {
        let node = &mut self.nodes[index];
        let pod_ip = pod_ip(&node.pod_cidr, node.next_pod_host);
        node.next_pod_host = if node.next_pod_host >= 254 {
            2
        } else {
            node.next_pod_host + 1
        };
        let starts_at =
            self.now + START_MIN_MILLIS + Millis::from(self.rng.next_u32() % START_SPREAD_MILLIS);
        let (node_name, host_ip) = (node.name.clone(), node.internal_ip.clone());
        if let Some(pod) = self.store.pods.get_mut(pod_key) {
            pod.spec.node_name = Some(node_name);
            pod.status.host_ip = Some(host_ip);
            pod.status.pod_ip = Some(pod_ip);
            pod.status.waiting_reason = Some("ContainerCreating".to_string());
            pod.status.starts_at = Some(starts_at);
        }
    }

    /// Starts containers whose image has been pulled and lets go of pods whose termination is over.
    pub(super) fn run_kubelets(&mut self) {
        let now = self.now;
        self.store.pods.retain(|_, pod| match pod.metadata.deleted {
            Some(deleted) => pod.spec.node_name.is_some() && now < deleted + TERMINATION_MILLIS,
            None => true,
        });
        for pod in self.store.pods.values_mut() {
            let due = pod.status.starts_at.is_some_and(|t| t <= now);
            if pod.status.phase == PodPhase::Pending && due && pod.metadata.deleted.is_none() {
                pod.status.phase = PodPhase::Running;
                pod.status.waiting_reason = None;
                pod.status.ready = true;
            }
            if pod.metadata.deleted.is_some() {
                pod.status.ready = false;
            }
        }
    }
}

/// Whether a pod may run on a node: its nodeSelector matches the node's labels and it tolerates every NoSchedule
/// taint.
pub(super) fn fits(pod: &Pod, node: &Node) -> bool {
    let selected = pod
        .spec
        .node_selector
        .iter()
        .all(|(k, v)| node.labels.get(k) == Some(v));
    let tolerated = node
        .taints
        .iter()
        .filter(|t| t.effect == "NoSchedule" || t.effect == "NoExecute")
        .all(|t| pod.spec.tolerations.iter().any(|tol| tolerates(tol, t)));
    selected && tolerated
}

/// Kubernetes' toleration matching: `Exists` matches any value (and, with no key, any taint); `Equal`, the default,
/// needs the same key and value. An empty effect matches every effect.
fn tolerates(toleration: &Toleration, taint: &Taint) -> bool {
    let effect = toleration
        .effect
        .as_deref()
        .is_none_or(|e| e.is_empty() || e == taint.effect);
    let key = toleration.key.as_deref().unwrap_or("");
    let matches = match toleration.operator.as_deref().unwrap_or("Equal") {
        "Exists" => key.is_empty() || key == taint.key,
        _ => {
            key == taint.key
                && toleration.value.as_deref().unwrap_or("") == taint.value.as_deref().unwrap_or("")
        }
    };
    effect && matches
}

/// The `host`-th address of a `/24` pod CIDR such as `10.244.1.0/24`.
fn pod_ip(cidr: &str, host: u8) -> String {
    let network = cidr.split('/').next().unwrap_or(cidr);
    let prefix = network.rsplit_once('.').map_or(network, |(p, _)| p);
    format!("{prefix}.{host}")
}
