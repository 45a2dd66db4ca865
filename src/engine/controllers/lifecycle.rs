//! Machines stopping, starting, joining and leaving, and the node lifecycle controller: a node whose kubelet stops
//! reporting turns NotReady after a grace period, and its pods are evicted after their default toleration.

use crate::engine::api::Pod;
use crate::engine::api::{Kind, ObjectMeta, PodPhase, Taint, TaintEffect};
use crate::engine::events::Source;
use crate::engine::{node, Change, Cluster, Event, Millis, NodeChange};

/// How long the node controller waits for a silent kubelet before marking its node NotReady.
pub const NODE_GRACE_MILLIS: Millis = 40_000;
/// The default toleration of pods for `node.kubernetes.io/unreachable`: how long they stay on a NotReady node.
pub const EVICTION_MILLIS: Millis = 300_000;
const UNREACHABLE: &str = "node.kubernetes.io/unreachable";
/// The most workers a cluster has.
const MAX_WORKERS: usize = 10;

impl Cluster {
    pub(crate) fn change_node(&mut self, change: NodeChange) -> Event {
        let now = self.now;
        let event = |name: &str, change: Change| Event::Applied {
            kind: Kind::Node,
            namespace: String::new(),
            name: name.to_string(),
            change,
        };
        let not_found = |name: &str| Event::NotFound {
            kind: Kind::Node,
            namespace: String::new(),
            name: name.to_string(),
        };
        match change {
            NodeChange::Stop(name) => match self.nodes.iter_mut().find(|n| n.name == name) {
                Some(n) if n.stopped.is_some() => event(&name, Change::Unchanged),
                Some(n) => {
                    n.stopped = Some(now);
                    event(&name, Change::Configured)
                }
                None => not_found(&name),
            },
            NodeChange::Start(name) => {
                let Some(n) = self.nodes.iter_mut().find(|n| n.name == name) else {
                    return not_found(&name);
                };
                if n.stopped.is_none() {
                    return event(&name, Change::Unchanged);
                }
                n.stopped = None;
                n.ready = true;
                n.not_ready_since = None;
                n.taints.retain(|t| t.key != UNREACHABLE);
                let meta = n.meta();
                // The kubelet reports its running pods again.
                for pod in self.store.write::<Pod>().values_mut() {
                    let here = pod.spec.node_name.as_deref() == Some(name.as_str());
                    let running = pod.status.phase == PodPhase::Running
                        && pod.status.waiting_reason.is_none();
                    if here && running && pod.metadata.deleted.is_none() && !pod.status.ready {
                        pod.status.ready = true;
                        pod.status.ready_since = Some(now);
                    }
                }
                self.node_ready_event(&meta, &name);
                event(&name, Change::Configured)
            }
            NodeChange::Add => {
                let workers = self.nodes.iter().filter(|n| !n.control_plane).count();
                if workers >= MAX_WORKERS {
                    return Event::Rejected {
                        kind: Kind::Node,
                        name: String::new(),
                        reason: crate::engine::Refusal::Invalid,
                        message: format!("kplay clusters have at most {MAX_WORKERS} workers"),
                        causes: Vec::new(),
                    };
                }
                let index = (1..=u8::MAX)
                    .find(|i| !self.nodes.iter().any(|n| n.name == node(*i).name))
                    .unwrap_or(u8::MAX);
                let mut joined = node(index);
                joined.created = now;
                let name = joined.name.clone();
                let meta = joined.meta();
                self.nodes.push(joined);
                self.node_ready_event(&meta, &name);
                event(&name, Change::Created)
            }
            NodeChange::Remove(name) => {
                let Some(index) = self.nodes.iter().position(|n| n.name == name) else {
                    return not_found(&name);
                };
                if self.nodes[index].control_plane {
                    return Event::Rejected {
                        kind: Kind::Node,
                        name: name.clone(),
                        reason: crate::engine::Refusal::Invalid,
                        message: "kplay keeps its control-plane node".to_string(),
                        causes: Vec::new(),
                    };
                }
                self.nodes.remove(index);
                // The pod garbage collector deletes pods bound to a node that no longer exists.
                self.store
                    .write::<Pod>()
                    .retain(|_, p| p.spec.node_name.as_deref() != Some(name.as_str()));
                Event::Deleted {
                    kind: Kind::Node,
                    namespace: String::new(),
                    name,
                }
            }
        }
    }

    /// Marks silent nodes NotReady (and their pods unready), and evicts pods from nodes NotReady for too long.
    /// Whether any node or pod changed.
    pub(super) fn node_lifecycle(&mut self) -> bool {
        let now = self.now;
        let mut newly_down = Vec::new();
        for n in &mut self.nodes {
            if let Some(stopped) = n.stopped {
                if n.ready && now >= stopped + NODE_GRACE_MILLIS {
                    n.ready = false;
                    n.not_ready_since = Some(now);
                    for effect in [TaintEffect::NoSchedule, TaintEffect::NoExecute] {
                        n.taints.push(Taint {
                            key: UNREACHABLE.to_string(),
                            value: None,
                            effect,
                        });
                    }
                    newly_down.push(n.clone());
                }
            }
        }
        let mut changed = !newly_down.is_empty();
        for n in newly_down {
            let message = format!("Node {} status is now: NodeNotReady", n.name);
            self.record(
                Kind::Node,
                &n.meta(),
                Source::NodeController,
                "NodeNotReady",
                message,
            );
            for pod in self.store.write::<Pod>().values_mut() {
                if pod.spec.node_name.as_deref() == Some(n.name.as_str()) {
                    pod.status.ready = false;
                }
            }
        }
        let expired: Vec<String> = self
            .nodes
            .iter()
            .filter(|n| {
                n.not_ready_since
                    .is_some_and(|t| now >= t + EVICTION_MILLIS)
            })
            .map(|n| n.name.clone())
            .collect();
        for name in expired {
            let evicted: Vec<String> = self
                .store
                .pods()
                .iter()
                .filter(|(_, p)| {
                    p.spec.node_name.as_deref() == Some(name.as_str())
                        && p.metadata.deleted.is_none()
                })
                // DaemonSet pods tolerate an unreachable node for ever.
                .filter(|(_, p)| {
                    p.metadata
                        .owner
                        .as_ref()
                        .is_none_or(|o| o.kind != Kind::DaemonSet)
                })
                .map(|(k, _)| k.clone())
                .collect();
            for key in evicted {
                let Some(pod) = self.store.write::<Pod>().get_mut(&key) else {
                    continue;
                };
                pod.metadata.deleted = Some(now);
                changed = true;
                let meta = pod.metadata.clone();
                let message = format!(
                    "Marking for deletion Pod {}/{}",
                    meta.namespace(),
                    meta.name
                );
                self.record(
                    Kind::Pod,
                    &meta,
                    Source::TaintEviction,
                    "TaintManagerEviction",
                    message,
                );
            }
        }
        changed
    }

    /// The next moment the node controller acts: a grace period or a toleration running out.
    pub(super) fn node_due(&self) -> Option<Millis> {
        self.nodes
            .iter()
            .filter_map(|n| match (n.stopped, n.not_ready_since) {
                (Some(stopped), None) => Some(stopped + NODE_GRACE_MILLIS),
                (_, Some(since)) => Some(since + EVICTION_MILLIS),
                _ => None,
            })
            .min()
    }
}

impl Cluster {
    /// The kubelet's event when a node comes up or joins.
    fn node_ready_event(&mut self, meta: &ObjectMeta, name: &str) {
        self.record(
            Kind::Node,
            meta,
            Source::Kubelet,
            "NodeReady",
            format!("Node {name} status is now: NodeReady"),
        );
    }
}
