//! The view-model: engine state turned into plain data in screen terms (boxes, dots, edges), ready to draw as SVG.
//!
//! Nothing here knows about the DOM, so layout is tested natively. The topology is first built as a graph
//! (internet -> ingress -> service -> pod) and then placed: ingresses and services in rows, pods inside the boxes of
//! the nodes they run on.

use petgraph::graph::{DiGraph, NodeIndex};

use crate::engine::api::{selector_matches, Pod};
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

/// A labelled rectangle.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub name: String,
    /// A second line under the name, such as a Service's ClusterIP.
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

    let mut graph: DiGraph<Item, Option<String>> = DiGraph::new();
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
        for route in ingress.routes() {
            let target = services.iter().position(|s| {
                s.metadata.name == route.service
                    && s.metadata.namespace() == ingress.metadata.namespace()
            });
            if let Some(s) = target {
                let label = format!("{} ({})", route.path, route.path_type);
                graph.add_edge(ingress_ix[i], service_ix[s], Some(label));
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
                graph.add_edge(service_ix[s], pod_ix[p], None);
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
            (
                s.metadata.name.clone(),
                format!("{} {ip}", s.spec.type_name()),
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
        Item::Pod(i) => (pods_placed[i].x, pods_placed[i].y - POD_R),
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
            Some(Edge {
                kind,
                from: anchor_out(from),
                to: anchor_in(to),
                label: graph[e].clone(),
                broken: false,
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
            });
        }
    }
    for (i, ingress) in ingresses.iter().enumerate() {
        let dangling = ingress
            .routes()
            .into_iter()
            .filter(|route| !services.iter().any(|s| s.metadata.name == route.service));
        for route in dangling {
            let (x, y) = ingress_blocks[i].bottom();
            edges.push(Edge {
                kind: EdgeKind::Route,
                from: (x, y),
                to: (x, y + 28.0),
                label: Some(route.service),
                broken: true,
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

/// Spreads blocks evenly across one row.
fn row_of_blocks(items: impl ExactSizeIterator<Item = (String, String)>, y: f32) -> Vec<Block> {
    let count = items.len().max(1) as f32;
    let slot = (WIDTH - 2.0 * MARGIN) / count;
    let w = (slot - 16.0).min(220.0);
    items
        .enumerate()
        .map(|(i, (name, detail))| Block {
            name,
            detail,
            x: MARGIN + slot * i as f32 + (slot - w) / 2.0,
            y,
            w,
            h: BLOCK_H,
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
    let mut order: Vec<usize> = (0..pods.len()).collect();
    order.sort_by_key(|&i| (pods[i].metadata.created, pods[i].metadata.name.clone()));

    let mut placed: Vec<Option<PodDot>> = vec![None; pods.len()];
    let mut boxes = Vec::new();
    let mut x = MARGIN;
    let mut tallest: f32 = 90.0;
    for (node, weight) in nodes.iter().zip(&weights) {
        let w = usable * weight / total;
        let columns = (((w - 12.0) / POD_PITCH).floor() as usize).max(1);
        let mut slot = 0;
        for &i in &order {
            if pods[i].spec.node_name.as_deref() != Some(node.name.as_str()) {
                continue;
            }
            let (col, row) = (slot % columns, slot / columns);
            placed[i] = Some(pod_dot(
                pods[i],
                x + 6.0 + POD_PITCH / 2.0 + col as f32 * POD_PITCH,
                ROW_NODES + NODE_PADDING + POD_R + row as f32 * POD_ROW,
            ));
            slot += 1;
        }
        let rows = slot.div_ceil(columns).max(1);
        tallest = tallest.max(NODE_PADDING + rows as f32 * POD_ROW + NODE_FOOTER);
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
                    MARGIN + POD_R + (waiting - 1) as f32 * POD_PITCH,
                    ROW_NODES - 22.0,
                )
            })
        })
        .collect();
    (boxes, pods_placed, ROW_NODES + tallest + MARGIN)
}

fn pod_dot(pod: &Pod, x: f32, y: f32) -> PodDot {
    let name = pod.metadata.name.clone();
    let short = name.rsplit('-').next().unwrap_or(&name).to_string();
    let tag = pod
        .spec
        .containers
        .first()
        .and_then(|c| c.image.rsplit_once(':').map(|(_, tag)| tag.to_string()))
        .unwrap_or_else(|| "latest".to_string());
    PodDot {
        name,
        short,
        status: pod.display_status(),
        ready: pod.status.ready,
        node: pod.spec.node_name.clone().unwrap_or_default(),
        tag,
        x,
        y,
        r: POD_R,
    }
}

#[cfg(test)]
mod tests;
