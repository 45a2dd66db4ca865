//! The view-model: engine state turned into plain data in screen terms (boxes, dots, edges), ready to draw as SVG.
//!
//! Nothing here knows about the DOM, so layout is tested natively. The topology is first built as a graph
//! (internet -> ingress -> service -> pod) and then placed: ingresses and services in rows, pods inside the boxes of
//! the nodes they run on.

pub use crate::scene::panels::{summary, targets, Ending, RequestSummary, Target};

mod panels;
mod place;

use petgraph::graph::{DiGraph, NodeIndex};

use crate::engine::api::{selector_matches, Ingress, IngressRoute, Kind, Pod};
use crate::engine::traffic::HopObject;
use crate::engine::Cluster;
use crate::scene::place::{place_nodes_and_pods, row_of_blocks};

/// The width of the drawing in SVG user units; the height follows from the content.
pub const WIDTH: f32 = 720.0;
pub(crate) const MARGIN: f32 = 16.0;
const ROW_INTERNET: f32 = 16.0;
const ROW_INGRESS: f32 = 84.0;
const ROW_SERVICE: f32 = 164.0;
pub(crate) const ROW_NODES: f32 = 252.0;
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
    fn top(&self) -> (f32, f32) {
        (self.x + self.w / 2.0, self.y)
    }

    fn bottom(&self) -> (f32, f32) {
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
    pub node: String,
    /// The image tag, e.g. `1.17`.
    pub tag: String,
    pub x: f32,
    pub y: f32,
    pub r: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// Traffic from outside into an Ingress.
    Entry,
    /// An Ingress rule sending traffic to a Service.
    Route,
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
    pub kind: crate::engine::api::Kind,
    pub name: String,
    pub path: String,
}

/// Everything the topology view draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    pub width: f32,
    pub height: f32,
    pub internet: Block,
    pub ingresses: Vec<Block>,
    pub services: Vec<Block>,
    pub nodes: Vec<NodeBox>,
    pub pods: Vec<PodDot>,
    pub edges: Vec<Edge>,
}

impl Scene {
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

/// What the topology graph connects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Internet,
    Ingress(usize),
    Service(usize),
    Pod(usize),
}

/// Lays out the whole cluster.
pub fn layout(cluster: &Cluster) -> Scene {
    let store = cluster.store();
    let ingresses: Vec<_> = store.ingresses.values().collect();
    // The `kubernetes` Service has no selector and no place in the learner's picture.
    let services: Vec<_> = store
        .services
        .values()
        .filter(|s| !s.spec.selector.is_empty())
        .collect();
    let pods: Vec<&Pod> = store.pods.values().collect();

    let mut graph: DiGraph<Item, Option<(String, FieldRef)>> = DiGraph::new();
    let internet = graph.add_node(Item::Internet);
    let ingress_ix: Vec<NodeIndex> = (0..ingresses.len())
        .map(|i| graph.add_node(Item::Ingress(i)))
        .collect();
    let service_ix: Vec<NodeIndex> = (0..services.len())
        .map(|i| graph.add_node(Item::Service(i)))
        .collect();
    let pod_ix: Vec<NodeIndex> = (0..pods.len())
        .map(|i| graph.add_node(Item::Pod(i)))
        .collect();
    for (i, ingress) in ingresses.iter().enumerate() {
        graph.add_edge(internet, ingress_ix[i], None);
        for (route, path) in ingress_paths(ingress) {
            let target = services.iter().position(|s| {
                s.metadata.name == route.service
                    && s.metadata.namespace() == ingress.metadata.namespace()
            });
            if let Some(s) = target {
                graph.add_edge(
                    ingress_ix[i],
                    service_ix[s],
                    Some((route_label(&route), path)),
                );
            }
        }
    }
    for (s, service) in services.iter().enumerate() {
        for (p, pod) in pods.iter().enumerate() {
            let same_namespace = pod.metadata.namespace() == service.metadata.namespace();
            if same_namespace
                && pod.metadata.deleted.is_none()
                && selector_matches(&service.spec.selector, &pod.metadata.labels)
            {
                let source = FieldRef {
                    kind: Kind::Service,
                    name: service.metadata.name.clone(),
                    path: "spec.selector".to_string(),
                };
                graph.add_edge(service_ix[s], pod_ix[p], Some((String::new(), source)));
            }
        }
    }

    let internet_block = Block {
        namespace: String::new(),
        name: "Internet".to_string(),
        detail: String::new(),
        x: WIDTH / 2.0 - 70.0,
        y: ROW_INTERNET,
        w: 140.0,
        h: 36.0,
    };
    let ingress_blocks = row_of_blocks(
        ingresses.iter().map(|ing| {
            let class = ing
                .spec
                .ingress_class_name
                .clone()
                .or_else(|| {
                    ing.metadata
                        .annotations
                        .get("kubernetes.io/ingress.class")
                        .cloned()
                })
                .unwrap_or_default();
            (
                ing.metadata.namespace().to_string(),
                ing.metadata.name.clone(),
                format!("Ingress {class}").trim_end().to_string(),
            )
        }),
        ROW_INGRESS,
    );
    let service_blocks = row_of_blocks(
        services.iter().map(|s| {
            let ip = s.spec.cluster_ip.clone().unwrap_or_default();
            let ports: Vec<String> = s
                .spec
                .ports
                .iter()
                .map(|p| match p.node_port {
                    Some(node_port) => format!("{}:{node_port}", p.port),
                    None => p.port.to_string(),
                })
                .collect();
            let selector: Vec<String> = s
                .spec
                .selector
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            (
                s.metadata.namespace().to_string(),
                s.metadata.name.clone(),
                format!(
                    "{} {ip}\n{} · {}",
                    s.spec.type_name(),
                    ports.join(","),
                    selector.join(",")
                ),
            )
        }),
        ROW_SERVICE,
    );
    let (nodes, pods_placed, height) = place_nodes_and_pods(cluster, &pods);

    let anchor_out = |item: Item| match item {
        Item::Internet => internet_block.bottom(),
        Item::Ingress(i) => ingress_blocks[i].bottom(),
        Item::Service(i) => service_blocks[i].bottom(),
        Item::Pod(i) => (pods_placed[i].x, pods_placed[i].y),
    };
    let anchor_in = |item: Item| match item {
        Item::Internet => internet_block.top(),
        Item::Ingress(i) => ingress_blocks[i].top(),
        Item::Service(i) => service_blocks[i].top(),
        Item::Pod(i) => (pods_placed[i].x, pods_placed[i].y - pods_placed[i].r),
    };
    // Past COMPACT_ABOVE pods on a node, a Service's selector is drawn once per node ("N pods"), not once per pod:
    // a thousand curves say less and cost a thousand paths.
    let compact = pods_placed.iter().any(|p| p.r < POD_R);
    let mut per_node: Vec<((usize, String), usize)> = Vec::new();
    let mut edges: Vec<Edge> = graph
        .edge_indices()
        .filter_map(|e| {
            let (a, b) = graph.edge_endpoints(e)?;
            let (from, to) = (graph[a], graph[b]);
            if let (true, Item::Service(s), Item::Pod(p)) = (compact, from, to) {
                let node = pods_placed[p].node.clone();
                match per_node.iter_mut().find(|(k, _)| k.0 == s && k.1 == node) {
                    Some((_, n)) => *n += 1,
                    None => per_node.push(((s, node), 1)),
                }
                return None;
            }
            let kind = match from {
                Item::Internet => EdgeKind::Entry,
                Item::Ingress(_) => EdgeKind::Route,
                _ => EdgeKind::Select,
            };
            let (label, source) = match graph[e].clone() {
                Some((label, source)) => ((!label.is_empty()).then_some(label), Some(source)),
                None => (None, None),
            };
            Some(Edge {
                kind,
                from: anchor_out(from),
                to: anchor_in(to),
                label,
                broken: false,
                source,
            })
        })
        .collect();
    for ((s, node), count) in per_node {
        let Some(target) = nodes.iter().find(|n| n.block.name == node) else {
            continue;
        };
        edges.push(Edge {
            kind: EdgeKind::Select,
            from: service_blocks[s].bottom(),
            to: target.block.top(),
            label: Some(format!("{count} pods")),
            broken: false,
            source: Some(FieldRef {
                kind: Kind::Service,
                name: services[s].metadata.name.clone(),
                path: "spec.selector".to_string(),
            }),
        });
    }
    // A Service whose selector matches no pod, or an Ingress rule naming no Service, ends in a dead end.
    for (s, index) in service_ix.iter().enumerate() {
        if graph.neighbors(*index).next().is_none() {
            let (x, y) = service_blocks[s].bottom();
            edges.push(Edge {
                kind: EdgeKind::Select,
                from: (x, y),
                to: (x, y + 28.0),
                label: None,
                broken: true,
                source: Some(FieldRef {
                    kind: Kind::Service,
                    name: services[s].metadata.name.clone(),
                    path: "spec.selector".to_string(),
                }),
            });
        }
    }
    for (i, ingress) in ingresses.iter().enumerate() {
        let dangling = ingress_paths(ingress)
            .into_iter()
            .filter(|(route, _)| !services.iter().any(|s| s.metadata.name == route.service));
        for (route, path) in dangling {
            let (x, y) = ingress_blocks[i].bottom();
            edges.push(Edge {
                kind: EdgeKind::Route,
                from: (x, y),
                to: (x, y + 28.0),
                label: Some(format!("{} → {}", route_label(&route), route.service)),
                broken: true,
                source: Some(path),
            });
        }
    }
    Scene {
        width: WIDTH,
        height,
        internet: internet_block,
        ingresses: ingress_blocks,
        services: service_blocks,
        nodes,
        pods: pods_placed,
        edges,
    }
}

/// Every path of an Ingress with the field it is written at.
fn ingress_paths(ingress: &Ingress) -> Vec<(IngressRoute, FieldRef)> {
    let mut out = Vec::new();
    for (r, rule) in ingress.spec.rules.iter().enumerate() {
        for (p, path) in rule.http.iter().flat_map(|http| &http.paths).enumerate() {
            if let Some(service) = &path.backend.service {
                let route = IngressRoute {
                    host: rule.host.clone(),
                    path: path.path.clone().unwrap_or_else(|| "/".to_string()),
                    path_type: path.path_type.clone().unwrap_or_default(),
                    service: service.name.clone(),
                };
                let field = FieldRef {
                    kind: Kind::Ingress,
                    name: ingress.metadata.name.clone(),
                    path: format!("spec.rules[{r}].http.paths[{p}]"),
                };
                out.push((route, field));
            }
        }
    }
    out
}

/// `host/path (pathType)`, `*` standing for any host.
fn route_label(route: &IngressRoute) -> String {
    format!(
        "{}{} ({})",
        route.host.as_deref().unwrap_or("*"),
        route.path,
        route.path_type
    )
}

#[cfg(test)]
mod tests;
