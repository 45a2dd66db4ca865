//! The view-model: engine state turned into plain data in screen terms (boxes, dots, edges), ready to draw as SVG.
//!
//! Nothing here knows about the DOM, so layout is tested natively. The topology is first built as a graph
//! (internet -> ingress -> service -> pod) and then placed: ingresses and services in rows, pods inside the boxes of
//! the nodes they run on.

pub use crate::scene::layout::layout;
pub use crate::scene::panels::{pods_summary, summary, targets, Ending, RequestSummary, Target};

mod gateway;
mod layout;
mod panels;
mod place;

use crate::engine::api::Kind;
use crate::engine::traffic::HopObject;
use std::rc::Rc;

/// The width of the drawing in SVG user units; the height follows from the content.
pub const WIDTH: f32 = 720.0;
pub(crate) const MARGIN: f32 = 16.0;
pub(crate) const ROW_INTERNET: f32 = 16.0;
pub(crate) const ROW_INGRESS: f32 = 84.0;
pub(crate) const ROW_SERVICE: f32 = 164.0;
pub(crate) const ROW_NODES: f32 = 252.0;
/// How far the rows under the Internet move down when Gateways take a row of their own.
pub(crate) const ROW_STEP: f32 = 80.0;
pub(crate) const BLOCK_H: f32 = 48.0;
/// Room under a node's pods for its name, address and role.
pub const NODE_FOOTER: f32 = 48.0;
pub(crate) const NODE_PADDING: f32 = 14.0;
pub(crate) const POD_R: f32 = 15.0;
pub(crate) const POD_PITCH: f32 = 46.0;
pub(crate) const POD_ROW: f32 = 58.0;
/// Above this many pods on one node, pods are drawn as small unlabelled dots so a thousand still fit.
pub(crate) const COMPACT_ABOVE: usize = 24;
pub(crate) const COMPACT_R: f32 = 4.0;
pub(crate) const COMPACT_PITCH: f32 = 11.0;
/// Above this many pods the page draws them without motion (no pulse while pending, no fade in, no colour
/// transition): an animated circle repaints the whole drawing each frame, which at 1,000 pods took an edit's repaint
/// from about 17 to 25-28 ms at p50 and past 40 ms at p95. A dot's colour still says its phase.
pub const CROWD_ABOVE: usize = 100;

/// A labelled rectangle.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The namespace of the Ingress or Service it draws; empty for the Internet and for nodes.
    pub namespace: String,
    pub name: String,
    /// Lines under the name, such as a Service's type and ClusterIP, then its ports and selector.
    pub detail: String,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Block {
    pub(crate) fn top(&self) -> (f32, f32) {
        (self.x + self.w / 2.0, self.y)
    }

    pub(crate) fn bottom(&self) -> (f32, f32) {
        (self.x + self.w / 2.0, self.y + self.h)
    }
}

/// A node of the cluster, drawn as a box its pods sit in.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeBox {
    pub block: Block,
    pub control_plane: bool,
    pub ready: bool,
}

/// A pod, drawn as a dot inside its node's box.
#[derive(Debug, Clone, PartialEq)]
pub struct PodDot {
    pub namespace: String,
    pub name: String,
    /// The part of the name that tells pods of one ReplicaSet apart.
    pub short: String,
    /// kubectl's STATUS column: Running, ContainerCreating, Terminating...
    pub status: String,
    pub ready: bool,
    /// How the dot is drawn, from the pod's phase, readiness and deletion.
    pub look: PodLook,
    /// The node it is on; None while it waits to be scheduled.
    pub node: Option<String>,
    /// The image tag, e.g. `1.17`.
    pub tag: String,
    pub x: f32,
    pub y: f32,
    pub r: f32,
}

/// How a pod's dot is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodLook {
    /// Running and ready: a Service sends it traffic.
    Running,
    /// Running, not (yet) ready.
    Unready,
    /// Deleted, on its way out.
    Terminating,
    /// Not running yet, or its container waits (ContainerCreating, CrashLoopBackOff...).
    Pending,
}

impl PodLook {
    pub fn of(pod: &crate::engine::api::Pod) -> PodLook {
        use crate::engine::api::PodPhase;
        if pod.metadata.deleted.is_some() {
            return PodLook::Terminating;
        }
        match (
            pod.status.phase,
            pod.status.waiting_reason.is_some(),
            pod.status.ready,
        ) {
            (PodPhase::Running, false, true) => PodLook::Running,
            (PodPhase::Running, false, false) => PodLook::Unready,
            _ => PodLook::Pending,
        }
    }

    /// The dot's CSS class.
    pub fn class(self) -> &'static str {
        match self {
            PodLook::Running => "running",
            PodLook::Unready => "unready",
            PodLook::Terminating => "terminating",
            PodLook::Pending => "pending",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// Traffic from outside into an Ingress.
    Entry,
    /// An Ingress rule or an HTTPRoute backend sending traffic to a Service.
    Route,
    /// An HTTPRoute attached to a Gateway by a parentRef.
    Attach,
    /// A Service selecting a pod by label.
    Select,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub kind: EdgeKind,
    pub from: (f32, f32),
    pub to: (f32, f32),
    pub label: Option<String>,
    /// Drawn as a dead end: the rule or selector points at nothing.
    pub broken: bool,
    /// The manifest field that makes this edge: an Ingress path or a Service selector.
    pub source: Option<FieldRef>,
}

/// A field of a stored object, as an API error path names it (`spec.rules[0].http.paths[0]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRef {
    pub kind: Kind,
    pub name: String,
    pub path: String,
}

/// Everything the topology view draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    pub width: f32,
    pub height: f32,
    pub internet: Block,
    pub gateways: Vec<Block>,
    pub ingresses: Vec<Block>,
    pub routes: Vec<Block>,
    pub services: Vec<Block>,
    pub nodes: Vec<NodeBox>,
    /// Shared, so the page's pod views compare and keep them without copying their strings.
    pub pods: Vec<Rc<PodDot>>,
    pub edges: Vec<Edge>,
}

impl Scene {
    /// Whether the pods are too many to animate (`CROWD_ABOVE`).
    pub fn crowded(&self) -> bool {
        self.pods.len() > CROWD_ABOVE
    }

    /// Where a trace hop is drawn: the client at the Internet block, a node at the top of its box, an Ingress or a
    /// Service at its block's centre, a pod at its dot; each found by namespace and name. The controller and a Secret
    /// have no place of their own.
    pub fn point(&self, object: &HopObject) -> Option<(f32, f32)> {
        let centre = |b: &Block| (b.x + b.w / 2.0, b.y + b.h / 2.0);
        let object = match object {
            HopObject::Client => return Some(self.internet.bottom()),
            HopObject::Controller | HopObject::Ingresses => return None,
            HopObject::Object(object) => object,
        };
        let (namespace, name) = (object.namespace.as_str(), object.name.as_str());
        let same = |b: &&Block| b.namespace == namespace && b.name == name;
        match object.kind {
            Kind::Node => self
                .nodes
                .iter()
                .find(|n| n.block.name == name)
                .map(|n| n.block.top()),
            Kind::Ingress => self.ingresses.iter().find(same).map(centre),
            Kind::Gateway => self.gateways.iter().find(same).map(centre),
            Kind::HttpRoute => self.routes.iter().find(same).map(centre),
            Kind::Service => self.services.iter().find(same).map(centre),
            Kind::Pod => self
                .pods
                .iter()
                .find(|p| p.namespace == namespace && p.name == name)
                .map(|p| (p.x, p.y)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
