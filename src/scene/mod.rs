//! The view-model: engine state turned into plain data in screen terms (boxes, dots, edges), ready to draw as SVG.
//!
//! Nothing here knows about the DOM, so layout is tested natively. The topology is first built as a graph
//! (internet -> ingress -> service -> pod) and then placed: ingresses and services in rows, pods inside the boxes of
//! the nodes they run on.

pub use crate::scene::panels::{summary, targets, RequestSummary, Target};

mod panels;

use petgraph::graph::{DiGraph, NodeIndex};

use crate::engine::api::{selector_matches, Ingress, IngressRoute, Kind, Pod};
use crate::engine::Cluster;

/// The width of the drawing in SVG user units; the height follows from the content.
pub const WIDTH: f32 = 720.0;
const MARGIN: f32 = 16.0;
const ROW_INTERNET: f32 = 16.0;
const ROW_INGRESS: f32 = 84.0;
const ROW_SERVICE: f32 = 164.0;
const ROW_NODES: f32 = 252.0;
const BLOCK_H: f32 = 48.0;
/// Room under a node's pods for its name, address and role.
pub const NODE_FOOTER: f32 = 48.0;
const NODE_PADDING: f32 = 14.0;
const POD_R: f32 = 15.0;
const POD_PITCH: f32 = 46.0;
const POD_ROW: f32 = 58.0;
/// Above this many pods on one node, pods are drawn as small unlabelled dots so a thousand still fit.
const COMPACT_ABOVE: usize = 24;
const COMPACT_R: f32 = 4.0;
const COMPACT_PITCH: f32 = 11.0;

/// A labelled rectangle.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
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
    /// Where a trace hop's object (`client`, `node/NAME`, `ingress/NAME`, `service/NAME`, `pod/NAME`) is drawn.
    pub fn point(&self, object: &str) -> Option<(f32, f32)> {
        let centre = |b: &Block| (b.x + b.w / 2.0, b.y + b.h / 2.0);
        let (kind, name) = object.split_once('/').unwrap_or((object, ""));
        match kind {
            "client" => Some(self.internet.bottom()),
            "node" => self
                .nodes
                .iter()
                .find(|n| n.block.name == name)
                .map(|n| n.block.top()),
            "ingress" => self.ingresses.iter().find(|b| b.name == name).map(centre),
            "service" => self.services.iter().find(|b| b.name == name).map(centre),
            "pod" => self
                .pods
                .iter()
                .find(|p| p.name == name)
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
    let mut edges: Vec<Edge> = graph
        .edge_indices()
        .filter_map(|e| {
            let (a, b) = graph.edge_endpoints(e)?;
            let (from, to) = (graph[a], graph[b]);
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

/// Spreads blocks evenly across one row.
fn row_of_blocks(items: impl ExactSizeIterator<Item = (String, String)>, y: f32) -> Vec<Block> {
    let count = items.len().max(1) as f32;
    let slot = (WIDTH - 2.0 * MARGIN) / count;
    let w = (slot - 16.0).min(220.0);
    items
        .enumerate()
        .map(|(i, (name, detail))| Block {
            name,
            // Each line of the detail adds a line to the block.
            h: BLOCK_H + 14.0 * detail.matches('\n').count() as f32,
            detail,
            x: MARGIN + slot * i as f32 + (slot - w) / 2.0,
            y,
            w,
        })
        .collect()
}

/// Places node boxes side by side and each pod in a grid inside its node's box. Pods keep their order by creation
/// time, so a new pod appears after the others instead of shuffling them. Returns the nodes, the pods in the order
/// given, and the height of the whole drawing.
fn place_nodes_and_pods(cluster: &Cluster, pods: &[&Pod]) -> (Vec<NodeBox>, Vec<PodDot>, f32) {
    let nodes = cluster.nodes();
    // The control plane runs no workload pods, so it gets a narrow box.
    let weights: Vec<f32> = nodes
        .iter()
        .map(|n| if n.control_plane { 0.8 } else { 1.0 })
        .collect();
    let total: f32 = weights.iter().sum();
    let gap = 12.0;
    let usable = WIDTH - 2.0 * MARGIN - gap * (nodes.len().saturating_sub(1)) as f32;
    let busiest = nodes
        .iter()
        .map(|n| {
            pods.iter()
                .filter(|p| p.spec.node_name.as_deref() == Some(n.name.as_str()))
                .count()
        })
        .max()
        .unwrap_or(0);
    let (r, pitch, row_h) = if busiest > COMPACT_ABOVE {
        (COMPACT_R, COMPACT_PITCH, COMPACT_PITCH)
    } else {
        (POD_R, POD_PITCH, POD_ROW)
    };
    let mut order: Vec<usize> = (0..pods.len()).collect();
    order.sort_by_key(|&i| (pods[i].metadata.created, pods[i].metadata.name.clone()));

    let mut placed: Vec<Option<PodDot>> = vec![None; pods.len()];
    let mut boxes = Vec::new();
    let mut x = MARGIN;
    let mut tallest: f32 = 90.0;
    for (node, weight) in nodes.iter().zip(&weights) {
        let w = usable * weight / total;
        let columns = (((w - 12.0) / pitch).floor() as usize).max(1);
        let mut slot = 0;
        for &i in &order {
            if pods[i].spec.node_name.as_deref() != Some(node.name.as_str()) {
                continue;
            }
            let (col, row) = (slot % columns, slot / columns);
            placed[i] = Some(pod_dot(
                pods[i],
                x + 6.0 + pitch / 2.0 + col as f32 * pitch,
                ROW_NODES + NODE_PADDING + r + row as f32 * row_h,
                r,
            ));
            slot += 1;
        }
        let rows = slot.div_ceil(columns).max(1);
        tallest = tallest.max(NODE_PADDING + rows as f32 * row_h + NODE_FOOTER);
        boxes.push(NodeBox {
            block: Block {
                name: node.name.clone(),
                detail: node.internal_ip.clone(),
                x,
                y: ROW_NODES,
                w,
                h: 0.0,
            },
            control_plane: node.control_plane,
            ready: node.ready,
        });
        x += w + gap;
    }
    for node in &mut boxes {
        node.block.h = tallest;
    }
    // Pods not yet bound to a node wait above the nodes, at the left.
    let mut waiting = 0;
    let pods_placed = placed
        .into_iter()
        .zip(pods)
        .map(|(dot, pod)| {
            dot.unwrap_or_else(|| {
                waiting += 1;
                pod_dot(
                    pod,
                    MARGIN + r + (waiting - 1) as f32 * pitch,
                    ROW_NODES - 22.0,
                    r,
                )
            })
        })
        .collect();
    (boxes, pods_placed, ROW_NODES + tallest + MARGIN)
}

fn pod_dot(pod: &Pod, x: f32, y: f32, r: f32) -> PodDot {
    let name = pod.metadata.name.clone();
    let short = name.rsplit('-').next().unwrap_or(&name).to_string();
    let tag = pod
        .spec
        .containers
        .first()
        .and_then(|c| c.image.rsplit_once(':').map(|(_, tag)| tag.to_string()))
        .unwrap_or_else(|| "latest".to_string());
    PodDot {
        namespace: pod.metadata.namespace().to_string(),
        name,
        short,
        status: pod.display_status(),
        ready: pod.status.ready,
        node: pod.spec.node_name.clone().unwrap_or_default(),
        tag,
        x,
        y,
        r,
    }
}

#[cfg(test)]
mod tests;
