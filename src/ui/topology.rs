//! The topology as SVG, drawn from a `Scene`: internet, Gateways, Ingresses and HTTPRoutes, services, and nodes
//! with their pods.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::{t, Lang, Text};
use crate::scene::{Block, Edge, EdgeKind, FieldRef, PodDot, Scene};

/// What the learner clicked to see details of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    Pod { namespace: String, name: String },
    Node(String),
}

#[derive(Properties, PartialEq)]
pub struct TopologyProps {
    pub scene: Rc<Scene>,
    pub lang: Lang,
    pub selected: Option<Selection>,
    pub on_select: Callback<Selection>,
    pub on_locate: Callback<FieldRef>,
}

/// Click and Enter/Space both activate an SVG element made focusable.
fn activate<T: Clone + 'static>(
    callback: &Callback<T>,
    value: T,
) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let (c, v) = (callback.clone(), value.clone());
    let click = Callback::from(move |_: MouseEvent| c.emit(v.clone()));
    let c = callback.clone();
    let key = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            c.emit(value.clone());
        }
    });
    (click, key)
}

#[function_component(Topology)]
pub fn topology(props: &TopologyProps) -> Html {
    let scene = &props.scene;
    let lang = props.lang;
    html! {
        <svg data-testid="topology" class={classes!("topology", scene.crowded().then_some("crowd"))} role="group" aria-label={t(lang, Text::Topology)}
            viewBox={format!("0 0 {} {}", scene.width, scene.height)} preserveAspectRatio="xMidYMin meet">
            <defs>
                <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"
                    orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead" />
                </marker>
            </defs>
            { for scene.nodes.iter().map(|node| {
                let b = &node.block;
                let role = if node.control_plane { t(lang, Text::ControlPlane) } else { t(lang, Text::Worker) };
                let footer = b.y + b.h;
                let (onclick, onkeydown) = activate(&props.on_select, Selection::Node(b.name.clone()));
                let selected = props.selected == Some(Selection::Node(b.name.clone()));
                html! {
                    <g data-testid="node" data-name={b.name.clone()} data-ready={node.ready.to_string()}
                        class={classes!("node", node.control_plane.then_some("control-plane"), (!node.ready).then_some("not-ready"), selected.then_some("selected"))}
                        tabindex="0" role="button" {onclick} {onkeydown}>
                        <rect x={n(b.x)} y={n(b.y)} width={n(b.w)}
                            height={n(b.h)} rx="10" />
                        <title>{ format!("{} ({role}) {}", b.name, b.detail) }</title>
                        <text x={n(b.x + 10.0)} y={n(footer - 28.0)} class="title">
                            { b.name.clone() }
                        </text>
                        <text x={n(b.x + 10.0)} y={n(footer - 12.0)} class="detail">
                            { b.detail.clone() }
                        </text>
                        // The control plane runs no workload pods; its empty body says what it is.
                        if node.control_plane {
                            <text x={n(b.x + b.w / 2.0)} y={n(b.y + 34.0)}
                                class="detail" text-anchor="middle">{ role }</text>
                        }
                    </g>
                }
            }) }
            { for scene.edges.iter().map(|e| edge(e, lang, &props.on_locate)) }
            { block(&scene.internet, "internet", None, t(lang, Text::Internet)) }
            { for scene.gateways.iter().map(|b| block(b, "gateway", Some("gateway"), &b.name)) }
            { for scene.ingresses.iter().map(|b| block(b, "ingress", Some("ingress"), &b.name)) }
            { for scene.routes.iter().map(|b| block(b, "httproute", Some("httproute"), &b.name)) }
            { for scene.services.iter().map(|b| block(b, "service", Some("service"), &b.name)) }
            { for pods_by_node(scene).into_iter().map(|(node, pods)| {
                let selected = match &props.selected {
                    Some(selected @ Selection::Pod { namespace, name }) if pods.iter().any(|p| p.name == *name && p.namespace == *namespace) => Some(selected.clone()),
                    _ => None,
                };
                html! { <NodePods key={node.unwrap_or_default().to_string()} {pods} {selected} on_select={props.on_select.clone()} /> }
            }) }
        </svg>
    }
}

/// A coordinate as the SVG gets it: whole units are fine at this scale, and integers print much faster than floats,
/// which matters at a thousand pods.
fn n(v: f32) -> String {
    (v.round() as i32).to_string()
}

fn block(b: &Block, class: &'static str, testid: Option<&'static str>, title: &str) -> Html {
    html! {
        <g class={classes!("block", class)} data-testid={testid} data-name={testid.map(|_| b.name.clone())}>
            <title>{ format!("{title}\n{}", b.detail) }</title>
            <rect x={n(b.x)} y={n(b.y)} width={n(b.w)} height={n(b.h)}
                rx="8" />
            <text x={n(b.x + b.w / 2.0)} y={(b.y + if b.detail.is_empty() { b.h / 2.0 + 5.0 } else { 20.0 }).to_string()}
                class="title" text-anchor="middle">{ title.to_string() }</text>
            { for b.detail.lines().enumerate().map(|(i, line)| html! {
                <text x={n(b.x + b.w / 2.0)} y={n(b.y + 37.0 + 14.0 * i as f32)} class="detail"
                    text-anchor="middle">{ line.to_string() }</text>
            }) }
        </g>
    }
}

fn edge(e: &Edge, lang: Lang, on_locate: &Callback<FieldRef>) -> Html {
    let kind = match e.kind {
        EdgeKind::Entry => "entry",
        EdgeKind::Route => "route",
        EdgeKind::Attach => "attach",
        EdgeKind::Select => "select",
    };
    let (x1, y1) = e.from;
    let (x2, y2) = e.to;
    let mid_y = (y1 + y2) / 2.0;
    let (a, b, c, d, m) = (n(x1), n(y1), n(x2), n(y2), n(mid_y));
    let path = format!("M {a} {b} C {a} {m}, {c} {m}, {c} {d}");
    let (onclick, onkeydown) = match &e.source {
        Some(source) => {
            let (c, k) = activate(on_locate, source.clone());
            (Some(c), Some(k))
        }
        None => (None, None),
    };
    let clickable = e.source.is_some();
    html! {
        <g class={classes!("edge", kind, e.broken.then_some("broken"), clickable.then_some("clickable"))}
            data-testid={if e.broken { "broken-edge" } else { "edge" }}
            tabindex={clickable.then_some("0")} role={clickable.then_some("button")}
            aria-label={e.source.as_ref().map(|s| format!("{}/{} {}", s.kind.singular(), s.name, s.path))}
            onclick={if clickable { onclick } else { None }} onkeydown={if clickable { onkeydown } else { None }}>
            <title>{ e.label.clone().unwrap_or_default() }</title>
            <path class="hit" d={path.clone()} />
            <path d={path} marker-end={(!e.broken).then_some("url(#arrow)")} />
            if e.broken {
                <text x={n(x2)} y={n(y2 + 12.0)} text-anchor="middle" class="warning">
                    { "✕ " }{ if e.kind == EdgeKind::Select { t(lang, Text::BrokenSelector) } else { "" } }
                </text>
            }
            if let Some(label) = &e.label {
                { edge_label(label, (x1, x2), mid_y) }
            }
        </g>
    }
}

/// A label beside its edge: right of a vertical one, above the level middle of a curved one (never on the line).
fn edge_label(label: &str, (x1, x2): (f32, f32), mid_y: f32) -> Html {
    let (x, y, anchor) = if (x2 - x1).abs() < 40.0 {
        ((x1 + x2) / 2.0 + 6.0, mid_y + 4.0, "start")
    } else {
        ((x1 + x2) / 2.0, mid_y - 6.0, "middle")
    };
    html! {
        <text x={n(x)} y={n(y)} text-anchor={anchor} class="label">{ label.to_string() }</text>
    }
}

/// The scene's pods by the node they are on (pending pods under None), each node's in the scene's order.
fn pods_by_node(scene: &Scene) -> BTreeMap<Option<&str>, Vec<Rc<PodDot>>> {
    let mut groups: BTreeMap<Option<&str>, Vec<Rc<PodDot>>> = BTreeMap::new();
    for pod in &scene.pods {
        groups
            .entry(pod.node.as_deref())
            .or_default()
            .push(Rc::clone(pod));
    }
    groups
}

#[derive(Properties, PartialEq)]
struct NodePodsProps {
    pods: Vec<Rc<PodDot>>,
    /// The selected pod, when it is one of these.
    selected: Option<Selection>,
    on_select: Callback<Selection>,
}

/// One node's pods. A node whose pods did not change is not redrawn; a pod added or removed shifts only its own
/// node's pods (a keyed list of a thousand pods made Yew rebuild every pod before the new one).
#[function_component(NodePods)]
fn node_pods(props: &NodePodsProps) -> Html {
    html! {
        { for props.pods.iter().map(|p| html! {
            <PodView dot={Rc::clone(p)} selected={matches!(&props.selected,
                Some(Selection::Pod { namespace, name }) if *name == p.name && *namespace == p.namespace)}
                on_select={props.on_select.clone()} />
        }) }
    }
}

#[derive(Properties, PartialEq)]
struct PodViewProps {
    dot: Rc<PodDot>,
    selected: bool,
    on_select: Callback<Selection>,
}

/// One pod: its own component, so a pod that did not change is not redrawn.
#[function_component(PodView)]
fn pod_view(props: &PodViewProps) -> Html {
    let p = &props.dot;
    let selection = Selection::Pod {
        namespace: p.namespace.clone(),
        name: p.name.clone(),
    };
    let (onclick, onkeydown) = activate(&props.on_select, selection);
    html! {
        <g data-testid="pod" data-name={p.name.clone()} data-namespace={p.namespace.clone()} data-phase={p.status.clone()}
            data-ready={p.ready.to_string()} data-node={p.node.clone().unwrap_or_default()}
            class={classes!("pod", p.look.class(), props.selected.then_some("selected"), (p.namespace != "default").then_some("system"))}
            tabindex="0" role="button" {onclick} {onkeydown}>
            <title>{ format!("{} ({}, {})", p.name, p.status, p.tag) }</title>
            <circle cx={n(p.x)} cy={n(p.y)} r={n(p.r)} />
            if p.r >= 10.0 {
                <text x={n(p.x)} y={n(p.y + 4.0)} text-anchor="middle" class="tag">
                    { p.tag.clone() }
                </text>
                <text x={n(p.x)} y={n(p.y + p.r + 13.0)} text-anchor="middle" class="short">
                    { p.short.clone() }
                </text>
            }
        </g>
    }
}
