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

/// The event of a node command on `name`.
fn node_event(name: &str, change: Change) -> Event {
    Event::Applied {
        kind: Kind::Node,
        namespace: String::new(),
        name: name.to_string(),
        change,
    }
}

fn node_not_found(name: &str) -> Event {
    Event::NotFound {
        kind: Kind::Node,
        namespace: String::new(),
        name: name.to_string(),
    }
}

/// A node command kplay refuses, with its own message.
fn node_refused(name: String, message: String) -> Event {
    Event::Rejected {
        kind: Kind::Node,
        name,
        reason: crate::engine::Refusal::Invalid,
        message,
        causes: Vec::new(),
    }
}

impl Cluster {
    /// `kplay node stop|start|add|remove`: a machine stops or starts, a worker joins or leaves.
    pub(crate) fn change_node(&mut self, change: NodeChange) -> Event {
        match change {
            NodeChange::Stop(name) => self.stop_node(&name),
            NodeChange::Start(name) => self.start_node(&name),
            NodeChange::Add => self.add_node(),
            NodeChange::Remove(name) => self.remove_node(name),
        }
    }

    /// The machine stops: its kubelet goes silent, and the node controller notices after the grace period.
    fn stop_node(&mut self, name: &str) -> Event {
        let now = self.now;
        match self.nodes.iter_mut().find(|n| n.name == name) {
            Some(n) if n.stopped.is_some() => node_event(name, Change::Unchanged),
            Some(n) => {
                n.stopped = Some(now);
                node_event(name, Change::Configured)
            }
            None => node_not_found(name),
        }
    }

    /// The machine starts again: the node is Ready and untainted, and its kubelet reports its running pods ready.
    fn start_node(&mut self, name: &str) -> Event {
        let now = self.now;
        let Some(n) = self.nodes.iter_mut().find(|n| n.name == name) else {
            return node_not_found(name);
        };
        if n.stopped.is_none() {
            return node_event(name, Change::Unchanged);
        }
        n.stopped = None;
        n.ready = true;
        n.not_ready_since = None;
        n.taints.retain(|t| t.key != UNREACHABLE);
        let meta = n.meta();
        for pod in self.store.write::<Pod>().values_mut() {
            let here = pod.spec.node_name.as_deref() == Some(name);
            let running =
                pod.status.phase == PodPhase::Running && pod.status.waiting_reason.is_none();
            if here && running && pod.metadata.deleted.is_none() && !pod.status.ready {
                pod.status.ready = true;
                pod.status.ready_since = Some(now);
            }
        }
        self.node_ready_event(&meta, name);
        node_event(name, Change::Configured)
    }

    /// A worker joins under the first free number, up to `MAX_WORKERS`.
    fn add_node(&mut self) -> Event {
        let workers = self.nodes.iter().filter(|n| !n.control_plane).count();
        if workers >= MAX_WORKERS {
            return node_refused(
                String::new(),
                format!("kplay clusters have at most {MAX_WORKERS} workers"),
            );
        }
        let index = (1..=u8::MAX)
            .find(|i| !self.nodes.iter().any(|n| n.name == node(*i).name))
            .unwrap_or(u8::MAX);
        let mut joined = node(index);
        joined.created = self.now;
        let name = joined.name.clone();
        let meta = joined.meta();
        self.nodes.push(joined);
        self.node_ready_event(&meta, &name);
        node_event(&name, Change::Created)
    }

    /// A worker leaves; the pod garbage collector deletes pods bound to a node that no longer exists.
    fn remove_node(&mut self, name: String) -> Event {
        let Some(index) = self.nodes.iter().position(|n| n.name == name) else {
            return node_not_found(&name);
        };
        if self.nodes[index].control_plane {
            return node_refused(name, "kplay keeps its control-plane node".to_string());
        }
        self.nodes.remove(index);
        self.store
            .write::<Pod>()
            .retain(|_, p| p.spec.node_name.as_deref() != Some(name.as_str()));
        Event::Deleted {
            kind: Kind::Node,
            namespace: String::new(),
            name,
        }
    }

    /// Marks silent nodes NotReady (and their pods unready), and evicts pods from nodes NotReady for too long.
    /// Whether any node or pod changed.
    pub(super) fn node_lifecycle(&mut self) -> bool {
        let marked = self.mark_silent_nodes_not_ready();
        let evicted = self.evict_from_expired_nodes();
        marked || evicted
    }

    /// Nodes whose kubelet has been silent for the grace period turn NotReady, tainted unreachable, with their pods
    /// unready. Whether any did.
    fn mark_silent_nodes_not_ready(&mut self) -> bool {
        let now = self.now;
        let mut newly_down = Vec::new();
        for n in &mut self.nodes {
            let Some(stopped) = n.stopped else { continue };
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
        let changed = !newly_down.is_empty();
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
        changed
    }

    /// Pods on a node NotReady for longer than their default toleration are marked for deletion, except
    /// DaemonSet pods, which tolerate an unreachable node for ever. Whether any was.
    fn evict_from_expired_nodes(&mut self) -> bool {
        let now = self.now;
        let expired: Vec<String> = self
            .nodes
            .iter()
            .filter(|n| {
                n.not_ready_since
                    .is_some_and(|t| now >= t + EVICTION_MILLIS)
            })
            .map(|n| n.name.clone())
            .collect();
        let mut changed = false;
        for name in expired {
            changed |= self.evict_pods_of(&name);
        }
        changed
    }

    /// Marks for deletion the pods on a node, but for DaemonSet pods. Whether any was.
    fn evict_pods_of(&mut self, node: &str) -> bool {
        let now = self.now;
        let evicted: Vec<String> = self
            .store
            .pods()
            .iter()
            .filter(|(_, p)| {
                p.spec.node_name.as_deref() == Some(node) && p.metadata.deleted.is_none()
            })
            .filter(|(_, p)| {
                p.metadata
                    .owner
                    .as_ref()
                    .is_none_or(|o| o.kind != Kind::DaemonSet)
            })
            .map(|(k, _)| k.clone())
            .collect();
        let mut changed = false;
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
