//! The scheduler and the kubelets: which node each pod runs on, and how its containers start and stop.

use rand_core::RngCore;

use crate::engine::api::{Kind, Node, Pod, Taint, TaintEffect, Toleration, TolerationOperator};
use crate::engine::controllers::{START_MIN_MILLIS, START_SPREAD_MILLIS};
use crate::engine::events::Source;
use crate::engine::{Cluster, Millis};

/// The kubelet's default `maxPods`: a node runs at most this many pods.
pub const MAX_PODS_PER_NODE: usize = 110;

impl Cluster {
    /// Binds each unscheduled pod to the least-loaded node it fits on; ties go to the first node. Pods created with a
    /// node already named (DaemonSet pods) are bound to it.
    /// Whether any pod was bound.
    pub(super) fn schedule(&mut self) -> bool {
        let waiting: Vec<String> = self
            .store
            .pods()
            .iter()
            .filter(|(_, p)| p.status.pod_ip.is_none() && p.metadata.deleted.is_none())
            .map(|(k, _)| k.clone())
            .collect();
        if waiting.is_empty() {
            return false;
        }
        let mut changed = false;
        // Pods per node, counted once and kept up to date as pods bind.
        let mut load: Vec<usize> = self
            .nodes
            .iter()
            .map(|n| {
                self.store
                    .pods()
                    .values()
                    .filter(|p| p.spec.node_name.as_deref() == Some(n.name.as_str()))
                    .count()
            })
            .collect();
        for pod_key in waiting {
            let Some(pod) = self.store.pods().get(&pod_key) else {
                continue;
            };
            let chosen = match &pod.spec.node_name {
                Some(name) => self.nodes.iter().position(|n| &n.name == name),
                None => self
                    .nodes
                    .iter()
                    .enumerate()
                    .filter(|(i, n)| {
                        n.ready && !n.unschedulable && load[*i] < MAX_PODS_PER_NODE && fits(pod, n)
                    })
                    .min_by_key(|(i, _)| (load[*i], *i))
                    .map(|(i, _)| i),
            };
            match chosen {
                Some(index) => {
                    load[index] += 1;
                    changed |= self.bind(&pod_key, index);
                }
                None => self.unschedulable(&pod_key, &load),
            }
        }
        changed
    }

    /// Puts a pod on a node: it gets an IP from the node's pod CIDR and starts pulling its image. False when the
    /// node has no address left.
    fn bind(&mut self, pod_key: &str, index: usize) -> bool {
        // The lowest address of the node's /24 that no pod there holds, as a CNI's IPAM hands them out.
        let node_name = self.nodes[index].name.clone();
        let used: std::collections::BTreeSet<String> = crate::engine::order::set_from(
            self.store
                .pods()
                .values()
                .filter(|p| p.spec.node_name.as_deref() == Some(node_name.as_str()))
                .filter_map(|p| p.status.pod_ip.clone()),
        );
        let node = &mut self.nodes[index];
        let free = (2..=254u8)
            .map(|host| pod_ip(&node.pod_cidr, host))
            .find(|ip| !used.contains(ip));
        let Some(pod_ip) = free else {
            return false;
        };
        // Kubelets report on a sync loop, so starts land on 100 ms steps; that also keeps a thousand pods from
        // needing a thousand separate steps of the clock.
        let drawn =
            self.now + START_MIN_MILLIS + Millis::from(self.rng.next_u32() % START_SPREAD_MILLIS);
        let starts_at = drawn.div_ceil(100) * 100;
        let (node_name, host_ip) = (node.name.clone(), node.internal_ip.clone());
        let Some(pod) = self.store.write::<Pod>().get_mut(pod_key) else {
            return false;
        };
        pod.spec.node_name = Some(node_name.clone());
        pod.status.host_ip = Some(host_ip);
        pod.status.pod_ip = Some(pod_ip);
        pod.status.waiting_reason = Some("ContainerCreating".to_string());
        pod.status.starts_at = Some(starts_at);
        let pod = pod.clone();
        let meta = &pod.metadata;
        let assigned = format!(
            "Successfully assigned {}/{} to {node_name}",
            meta.namespace(),
            meta.name
        );
        self.record(Kind::Pod, meta, Source::Scheduler, "Scheduled", assigned);
        for c in &pod.spec.containers {
            self.record(
                Kind::Pod,
                meta,
                Source::Kubelet,
                "Pulling",
                format!("Pulling image \"{}\"", c.image),
            );
        }
        true
    }

    /// Says why a pod fits no node, as the scheduler's FailedScheduling event does.
    fn unschedulable(&mut self, pod_key: &str, load: &[usize]) {
        let Some(pod) = self.store.pods().get(pod_key).cloned() else {
            return;
        };
        // The scheduler retries with a back-off of up to a minute, not on every pass.
        let recent = self.store.events.iter().any(|e| {
            e.uid == pod.metadata.uid
                && e.reason == "FailedScheduling"
                && e.last + 60_000 > self.now
        });
        if recent {
            return;
        }
        let mut reasons: Vec<(usize, String)> = Vec::new();
        let mut count = |reason: String| match reasons.iter_mut().find(|(_, r)| *r == reason) {
            Some((n, _)) => *n += 1,
            None => reasons.push((1, reason)),
        };
        for (i, node) in self.nodes.iter().enumerate() {
            let untolerated = node.taints.iter().find(|t| {
                t.effect.blocks_scheduling()
                    && !pod.spec.tolerations.iter().any(|tol| tolerates(tol, t))
            });
            if !node.ready {
                count("node(s) were not ready".to_string());
            } else if node.unschedulable {
                count("node(s) were unschedulable".to_string());
            } else if let Some(taint) = untolerated {
                count(format!(
                    "node(s) had untolerated taint {{{}: {}}}",
                    taint.key,
                    taint.value.clone().unwrap_or_default()
                ));
            } else if !fits(&pod, node) {
                count("node(s) didn't match Pod's node affinity/selector".to_string());
            } else if load[i] >= MAX_PODS_PER_NODE {
                count("Too many pods".to_string());
            }
        }
        let total = self.nodes.len();
        let why: Vec<String> = reasons.iter().map(|(n, r)| format!("{n} {r}")).collect();
        let message = format!(
            "0/{total} nodes are available: {}. preemption: 0/{total} nodes are available: {total} Preemption is not helpful for scheduling.",
            why.join(", ")
        );
        self.warn(
            Kind::Pod,
            &pod.metadata,
            Source::Scheduler,
            "FailedScheduling",
            message,
        );
    }
}

/// Whether a pod may run on a node: its nodeSelector matches the node's labels and it tolerates every NoSchedule
/// taint.
pub(super) fn fits(pod: &Pod, node: &Node) -> bool {
    fits_taints(
        pod,
        node,
        &[TaintEffect::NoSchedule, TaintEffect::NoExecute],
    )
}

/// Whether a pod matches a node's labels and tolerates its taints of the given effects: a running pod need only
/// tolerate `NoExecute` ones to stay.
pub(super) fn fits_taints(pod: &Pod, node: &Node, effects: &[TaintEffect]) -> bool {
    let selected = pod
        .spec
        .node_selector
        .iter()
        .all(|(k, v)| node.labels.get(k) == Some(v));
    let tolerated = node
        .taints
        .iter()
        .filter(|t| effects.contains(&t.effect))
        .all(|t| pod.spec.tolerations.iter().any(|tol| tolerates(tol, t)));
    selected && tolerated
}

/// Kubernetes' toleration matching: `Exists` matches any value (and, with no key, any taint); `Equal`, the default,
/// needs the same key and value. An empty effect matches every effect.
fn tolerates(toleration: &Toleration, taint: &Taint) -> bool {
    let effect = toleration
        .effect
        .as_ref()
        .is_none_or(|e| e.as_str().is_empty() || *e == taint.effect);
    let key = toleration.key.as_deref().unwrap_or("");
    let operator = toleration
        .operator
        .as_ref()
        .unwrap_or(&TolerationOperator::Equal);
    let matches = match operator {
        TolerationOperator::Exists => key.is_empty() || key == taint.key,
        TolerationOperator::Equal | TolerationOperator::Other(_) => {
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
