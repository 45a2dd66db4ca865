//! Laying out the whole cluster: the topology as a graph (internet -> ingress -> service -> pod), a row of blocks
//! per level, and the edges between them, compacted per node when there are many pods.

use petgraph::graph::{DiGraph, NodeIndex};
use std::rc::Rc;

use crate::engine::api::{selector_matches, Ingress, IngressRoute, Kind, Pod, Service};
use crate::engine::gateway::{Gateway, HttpRoute};
use crate::engine::Cluster;
use crate::scene::gateway::{self, BackendEdge};
use crate::scene::place::{place_nodes_and_pods, row_of_blocks};
use crate::scene::{
    Block, Edge, EdgeKind, FieldRef, NodeBox, PodDot, Scene, POD_R, ROW_INGRESS, ROW_INTERNET,
    ROW_SERVICE, ROW_STEP, WIDTH,
};

/// Lays out the whole cluster.
pub fn layout(cluster: &Cluster) -> Scene {
    let store = cluster.store();
    let objects = Objects {
        gateways: store.gateways().values().collect(),
        routes: store.httproutes().values().collect(),
        ingresses: store.ingresses().values().collect(),
        // The `kubernetes` Service has no selector and no place in the learner's picture.
        services: store
            .services()
            .values()
            .filter(|s| !s.spec.selector.is_empty())
            .collect(),
        pods: store.pods().values().collect(),
    };
    let topology = Topology::of(&objects);
    let (nodes, pods, height) = place_nodes_and_pods(cluster, &objects.pods);
    let (ingresses, routes) = ingress_row(&objects.ingresses, &objects.routes);
    let mut placed = Placed {
        internet: internet_block(),
        gateways: gateway::gateway_row(&objects.gateways),
        ingresses,
        routes,
        services: service_row(&objects.services),
        nodes,
        pods,
    };
    // Gateways take a row of their own under the Internet; everything else moves down to make room.
    let shift = if objects.gateways.is_empty() {
        0.0
    } else {
        ROW_STEP
    };
    placed.shift_down(shift);
    let mut edges = placed.graph_edges(&objects, &topology);
    edges.extend(placed.dead_ends(&objects, &topology));
    Scene {
        width: WIDTH,
        height: height + shift,
        internet: placed.internet,
        gateways: placed.gateways,
        ingresses: placed.ingresses,
        routes: placed.routes,
        services: placed.services,
        nodes: placed.nodes,
        pods: placed.pods.into_iter().map(Rc::new).collect(),
        edges,
    }
}

/// What the picture shows, in the order the graph numbers them.
struct Objects<'a> {
    gateways: Vec<&'a Gateway>,
    routes: Vec<&'a HttpRoute>,
    ingresses: Vec<&'a Ingress>,
    services: Vec<&'a Service>,
    pods: Vec<&'a Pod>,
}

/// What the topology graph connects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Internet,
    Gateway(usize),
    Route(usize),
    Ingress(usize),
    Service(usize),
    Pod(usize),
}

/// What an edge of the graph says: its label (empty for none) and the manifest field it comes from.
type Link = Option<(String, FieldRef)>;

/// The graph of what sends traffic to what, and where each Service sits in it.
struct Topology {
    graph: DiGraph<Item, Link>,
    services: Vec<NodeIndex>,
}

impl Topology {
    /// The internet feeds every Ingress, each Ingress path the Service it names, each Service the pods it selects.
    fn of(objects: &Objects) -> Topology {
        let mut graph: DiGraph<Item, Link> = DiGraph::new();
        let internet = graph.add_node(Item::Internet);
        let ingresses: Vec<NodeIndex> = (0..objects.ingresses.len())
            .map(|i| graph.add_node(Item::Ingress(i)))
            .collect();
        let services: Vec<NodeIndex> = (0..objects.services.len())
            .map(|i| graph.add_node(Item::Service(i)))
            .collect();
        let pods: Vec<NodeIndex> = (0..objects.pods.len())
            .map(|i| graph.add_node(Item::Pod(i)))
            .collect();
        let gateways: Vec<NodeIndex> = (0..objects.gateways.len())
            .map(|i| graph.add_node(Item::Gateway(i)))
            .collect();
        for &g in &gateways {
            graph.add_edge(internet, g, None);
        }
        for (r, route) in objects.routes.iter().enumerate() {
            let node = graph.add_node(Item::Route(r));
            for (g, label, field) in gateway::parents(route, &objects.gateways) {
                graph.add_edge(gateways[g], node, Some((label, field)));
            }
            for backend in gateway::backends(route) {
                if let Some(s) = objects
                    .services
                    .iter()
                    .position(|s| gateway::names(&backend, s))
                {
                    graph.add_edge(node, services[s], Some((backend.label, backend.field)));
                }
            }
        }
        for (i, ingress) in objects.ingresses.iter().enumerate() {
            graph.add_edge(internet, ingresses[i], None);
            for (route, path) in ingress_paths(ingress) {
                let target = objects.services.iter().position(|s| {
                    s.metadata.name == route.service
                        && s.metadata.namespace() == ingress.metadata.namespace()
                });
                if let Some(s) = target {
                    graph.add_edge(ingresses[i], services[s], Some((route_label(&route), path)));
                }
            }
        }
        for (s, service) in objects.services.iter().enumerate() {
            for (p, pod) in objects.pods.iter().enumerate() {
                if selects(service, pod) {
                    let source = selector_field(service);
                    graph.add_edge(services[s], pods[p], Some((String::new(), source)));
                }
            }
        }
        Topology { graph, services }
    }
}

/// Whether a Service's selector picks a pod that is not being deleted, in its own namespace.
fn selects(service: &Service, pod: &Pod) -> bool {
    pod.metadata.namespace() == service.metadata.namespace()
        && pod.metadata.deleted.is_none()
        && selector_matches(&service.spec.selector, &pod.metadata.labels)
}

/// Everything placed: the blocks of each row, the node boxes and the pods, indexed as the graph's items.
struct Placed {
    internet: Block,
    gateways: Vec<Block>,
    ingresses: Vec<Block>,
    routes: Vec<Block>,
    services: Vec<Block>,
    nodes: Vec<NodeBox>,
    pods: Vec<PodDot>,
}

impl Placed {
    /// Moves everything under the Gateways' row down by `dy`.
    fn shift_down(&mut self, dy: f32) {
        if dy == 0.0 {
            return;
        }
        let blocks = self
            .ingresses
            .iter_mut()
            .chain(&mut self.routes)
            .chain(&mut self.services);
        for block in blocks.chain(self.nodes.iter_mut().map(|n| &mut n.block)) {
            block.y += dy;
        }
        for pod in &mut self.pods {
            pod.y += dy;
        }
    }

    /// Where an edge leaves an item.
    fn anchor_out(&self, item: Item) -> (f32, f32) {
        match item {
            Item::Internet => self.internet.bottom(),
            Item::Gateway(i) => self.gateways[i].bottom(),
            Item::Route(i) => self.routes[i].bottom(),
            Item::Ingress(i) => self.ingresses[i].bottom(),
            Item::Service(i) => self.services[i].bottom(),
            Item::Pod(i) => (self.pods[i].x, self.pods[i].y),
        }
    }

    /// Where an edge enters an item.
    fn anchor_in(&self, item: Item) -> (f32, f32) {
        match item {
            Item::Internet => self.internet.top(),
            Item::Gateway(i) => self.gateways[i].top(),
            Item::Route(i) => self.routes[i].top(),
            Item::Ingress(i) => self.ingresses[i].top(),
            Item::Service(i) => self.services[i].top(),
            Item::Pod(i) => (self.pods[i].x, self.pods[i].y - self.pods[i].r),
        }
    }

    /// An edge per graph edge. Past COMPACT_ABOVE pods on a node, a Service's selector is drawn once per node
    /// ("N pods"), not once per pod: a thousand curves say less and cost a thousand paths.
    fn graph_edges(&self, objects: &Objects, topology: &Topology) -> Vec<Edge> {
        let graph = &topology.graph;
        let compact = self.pods.iter().any(|p| p.r < POD_R);
        // (Service, node) and how many of the Service's pods run there.
        let mut per_node: Vec<((usize, Option<String>), usize)> = Vec::new();
        let mut edges: Vec<Edge> = graph
            .edge_indices()
            .filter_map(|e| {
                let (a, b) = graph.edge_endpoints(e)?;
                let (from, to) = (graph[a], graph[b]);
                if let (true, Item::Service(s), Item::Pod(p)) = (compact, from, to) {
                    let node = self.pods[p].node.clone();
                    match per_node.iter_mut().find(|(k, _)| k.0 == s && k.1 == node) {
                        Some((_, n)) => *n += 1,
                        None => per_node.push(((s, node), 1)),
                    }
                    return None;
                }
                let kind = match from {
                    Item::Internet => EdgeKind::Entry,
                    Item::Gateway(_) => EdgeKind::Attach,
                    Item::Ingress(_) | Item::Route(_) => EdgeKind::Route,
                    _ => EdgeKind::Select,
                };
                let (label, source) = match graph[e].clone() {
                    Some((label, source)) => ((!label.is_empty()).then_some(label), Some(source)),
                    None => (None, None),
                };
                Some(Edge {
                    kind,
                    from: self.anchor_out(from),
                    to: self.anchor_in(to),
                    label,
                    broken: false,
                    source,
                })
            })
            .collect();
        for ((s, node), count) in per_node {
            let Some(target) = self
                .nodes
                .iter()
                .find(|n| Some(&n.block.name) == node.as_ref())
            else {
                continue;
            };
            edges.push(Edge {
                kind: EdgeKind::Select,
                from: self.services[s].bottom(),
                to: target.block.top(),
                label: Some(format!("{count} pods")),
                broken: false,
                source: Some(selector_field(objects.services[s])),
            });
        }
        edges
    }

    /// A Service whose selector matches no pod, or an Ingress rule naming no Service, ends in a dead end.
    fn dead_ends(&self, objects: &Objects, topology: &Topology) -> Vec<Edge> {
        let mut edges = Vec::new();
        for (s, index) in topology.services.iter().enumerate() {
            if topology.graph.neighbors(*index).next().is_none() {
                let (x, y) = self.services[s].bottom();
                edges.push(Edge {
                    kind: EdgeKind::Select,
                    from: (x, y),
                    to: (x, y + 28.0),
                    label: None,
                    broken: true,
                    source: Some(selector_field(objects.services[s])),
                });
            }
        }
        for (r, route) in objects.routes.iter().enumerate() {
            let dangling = gateway::backends(route)
                .into_iter()
                .filter(|b| !objects.services.iter().any(|s| gateway::names(b, s)));
            for BackendEdge {
                service,
                label,
                field,
                ..
            } in dangling
            {
                let (x, y) = self.routes[r].bottom();
                edges.push(Edge {
                    kind: EdgeKind::Route,
                    from: (x, y),
                    to: (x, y + 28.0),
                    label: Some(format!("{label} → {service}")),
                    broken: true,
                    source: Some(field),
                });
            }
        }
        for (i, ingress) in objects.ingresses.iter().enumerate() {
            let dangling = ingress_paths(ingress).into_iter().filter(|(route, _)| {
                !objects
                    .services
                    .iter()
                    .any(|s| s.metadata.name == route.service)
            });
            for (route, path) in dangling {
                let (x, y) = self.ingresses[i].bottom();
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
        edges
    }
}

/// A Service's selector, as the field an edge comes from.
fn selector_field(service: &Service) -> FieldRef {
    FieldRef {
        kind: Kind::Service,
        name: service.metadata.name.clone(),
        path: "spec.selector".to_string(),
    }
}

/// The block the outside world is drawn as, at the top.
fn internet_block() -> Block {
    Block {
        namespace: String::new(),
        name: "Internet".to_string(),
        detail: String::new(),
        x: WIDTH / 2.0 - 70.0,
        y: ROW_INTERNET,
        w: 140.0,
        h: 36.0,
    }
}

/// A block per Ingress, with its class, and per HTTPRoute, with its host names, side by side in one row.
fn ingress_row(ingresses: &[&Ingress], routes: &[&HttpRoute]) -> (Vec<Block>, Vec<Block>) {
    let mut row = row_of_blocks(
        ingresses
            .iter()
            .map(|ing| {
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
            })
            .chain(routes.iter().map(|r| {
                (
                    r.metadata.namespace().to_string(),
                    r.metadata.name.clone(),
                    gateway::route_detail(r),
                )
            }))
            .collect::<Vec<_>>()
            .into_iter(),
        ROW_INGRESS,
    );
    let routes = row.split_off(ingresses.len());
    (row, routes)
}

/// A block per Service: its type and ClusterIP, then its ports and selector.
fn service_row(services: &[&Service]) -> Vec<Block> {
    row_of_blocks(
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
                    s.spec.service_type(),
                    ports.join(","),
                    selector.join(",")
                ),
            )
        }),
        ROW_SERVICE,
    )
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
                    path_type: path.path_type.clone(),
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
        route.path_type_name()
    )
}
