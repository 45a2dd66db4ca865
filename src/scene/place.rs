//! Placing things: blocks in rows, node boxes side by side, and pods in a grid inside their node's box.

use crate::engine::api::{Node, Pod};
use crate::engine::order;
use crate::engine::Cluster;
use crate::scene::{
    Block, NodeBox, PodDot, PodLook, BLOCK_H, COMPACT_ABOVE, COMPACT_PITCH, COMPACT_R, MARGIN,
    NODE_FOOTER, NODE_PADDING, POD_PITCH, POD_R, POD_ROW, ROW_NODES, WIDTH,
};

/// Spreads blocks evenly across one row; each item is a block's namespace, name and detail.
pub(super) fn row_of_blocks(
    items: impl ExactSizeIterator<Item = (String, String, String)>,
    y: f32,
) -> Vec<Block> {
    let count = items.len().max(1) as f32;
    let slot = (WIDTH - 2.0 * MARGIN) / count;
    let w = (slot - 16.0).min(220.0);
    items
        .enumerate()
        .map(|(i, (namespace, name, detail))| Block {
            namespace,
            name,
            // Each line of the detail adds a line to the block.
            h: BLOCK_H + 14.0 * fitted(&detail, w).matches('\n').count() as f32,
            detail: fitted(&detail, w),
            x: MARGIN + slot * i as f32 + (slot - w) / 2.0,
            y,
            w,
        })
        .collect()
}

/// The widest a character of a block's detail (11 px, the page's sans-serif) is taken to be.
const DETAIL_CHAR_W: f32 = 6.4;
/// A block shows at most this many detail lines.
const DETAIL_LINES: usize = 3;

/// A block's detail made to fit its width: a line too long breaks at its ` · ` (a Service's ports, then its
/// selector, on lines of their own), and what is still too long, or past three lines, ends in `…`.
pub(super) fn fitted(detail: &str, w: f32) -> String {
    let room = ((w - 16.0) / DETAIL_CHAR_W).max(4.0) as usize;
    let lines: Vec<&str> = detail
        .lines()
        .flat_map(|line| {
            if line.chars().count() > room {
                line.split(" · ").collect()
            } else {
                vec![line]
            }
        })
        .collect();
    let kept = lines.len().min(DETAIL_LINES);
    lines[..kept]
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let cut = i + 1 == kept && kept < lines.len();
            if line.chars().count() <= room && !cut {
                line.to_string()
            } else {
                let keep: String = line.chars().take(room.saturating_sub(1)).collect();
                format!("{keep}…")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Places node boxes side by side and each pod in a grid inside its node's box. Pods keep their order by creation
/// time, so a new pod appears after the others instead of shuffling them. Returns the nodes, the pods in the order
/// given, and the height of the whole drawing.
pub(super) fn place_nodes_and_pods(
    cluster: &Cluster,
    pods: &[&Pod],
) -> (Vec<NodeBox>, Vec<PodDot>, f32) {
    let nodes = cluster.nodes();
    let widths = node_widths(nodes);
    let size = PodSize::for_busiest(busiest(nodes, pods));
    let mut order: Vec<usize> = (0..pods.len()).collect();
    order::sort_by(&mut order, |&a, &b| {
        let key = |i: usize| (pods[i].metadata.created, &pods[i].metadata.name);
        key(a).cmp(&key(b))
    });

    let mut placed: Vec<Option<PodDot>> = vec![None; pods.len()];
    let mut boxes = Vec::new();
    let mut x = MARGIN;
    let mut tallest: f32 = 90.0;
    for (node, &w) in nodes.iter().zip(&widths) {
        let grid = Grid { x, w, size };
        let mut slot = 0;
        for &i in order.iter().filter(|&&i| runs_on(pods[i], node)) {
            placed[i] = Some(grid.place(pods[i], slot));
            slot += 1;
        }
        tallest = tallest.max(NODE_PADDING + grid.rows(slot) as f32 * size.row_h + NODE_FOOTER);
        boxes.push(node_box(node, x, w));
        x += w + NODE_GAP;
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
                    MARGIN + size.r + (waiting - 1) as f32 * size.pitch,
                    ROW_NODES - 22.0,
                    size.r,
                )
            })
        })
        .collect();
    (boxes, pods_placed, ROW_NODES + tallest + MARGIN)
}

/// The space between node boxes.
const NODE_GAP: f32 = 12.0;

/// Each node box's width. The control plane runs no workload pods, so it gets a narrow box.
fn node_widths(nodes: &[Node]) -> Vec<f32> {
    let weights: Vec<f32> = nodes
        .iter()
        .map(|n| if n.control_plane { 0.8 } else { 1.0 })
        .collect();
    let total: f32 = weights.iter().sum();
    let usable = WIDTH - 2.0 * MARGIN - NODE_GAP * (nodes.len().saturating_sub(1)) as f32;
    weights
        .iter()
        .map(|weight| usable * weight / total)
        .collect()
}

fn runs_on(pod: &Pod, node: &Node) -> bool {
    pod.spec.node_name.as_deref() == Some(node.name.as_str())
}

/// The most pods any one node runs.
fn busiest(nodes: &[Node], pods: &[&Pod]) -> usize {
    nodes
        .iter()
        .map(|n| pods.iter().filter(|p| runs_on(p, n)).count())
        .max()
        .unwrap_or(0)
}

/// How big pods are drawn: full circles, or small dots once a node runs more than `COMPACT_ABOVE`.
#[derive(Debug, Clone, Copy)]
struct PodSize {
    r: f32,
    pitch: f32,
    row_h: f32,
}

impl PodSize {
    fn for_busiest(busiest: usize) -> PodSize {
        if busiest > COMPACT_ABOVE {
            PodSize {
                r: COMPACT_R,
                pitch: COMPACT_PITCH,
                row_h: COMPACT_PITCH,
            }
        } else {
            PodSize {
                r: POD_R,
                pitch: POD_PITCH,
                row_h: POD_ROW,
            }
        }
    }
}

/// The grid of pods inside one node's box, which starts at `x` and is `w` wide.
struct Grid {
    x: f32,
    w: f32,
    size: PodSize,
}

impl Grid {
    fn columns(&self) -> usize {
        (((self.w - 12.0) / self.size.pitch).floor() as usize).max(1)
    }

    /// The rows `count` pods take, at least one.
    fn rows(&self, count: usize) -> usize {
        count.div_ceil(self.columns()).max(1)
    }

    /// The pod in the grid's `slot`th place, row by row.
    fn place(&self, pod: &Pod, slot: usize) -> PodDot {
        let PodSize { r, pitch, row_h } = self.size;
        let columns = self.columns();
        let (col, row) = (slot % columns, slot / columns);
        pod_dot(
            pod,
            self.x + 6.0 + pitch / 2.0 + col as f32 * pitch,
            ROW_NODES + NODE_PADDING + r + row as f32 * row_h,
            r,
        )
    }
}

fn node_box(node: &Node, x: f32, w: f32) -> NodeBox {
    NodeBox {
        block: Block {
            namespace: String::new(),
            name: node.name.clone(),
            detail: node.internal_ip.clone(),
            x,
            y: ROW_NODES,
            w,
            h: 0.0,
        },
        control_plane: node.control_plane,
        ready: node.ready,
    }
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
        look: PodLook::of(pod),
        node: pod.spec.node_name.clone(),
        tag,
        x,
        y,
        r,
    }
}
