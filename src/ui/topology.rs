//! The topology as SVG, drawn from a `Scene`: internet, ingresses, services, and nodes with their pods.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::{t, Lang, Text};
use crate::scene::{Block, Edge, EdgeKind, PodDot, Scene};

#[derive(Properties, PartialEq)]
pub struct TopologyProps {
    pub scene: Rc<Scene>,
    pub lang: Lang,
}

#[function_component(Topology)]
pub fn topology(props: &TopologyProps) -> Html {
    let scene = &props.scene;
    let lang = props.lang;
    html! {
        <svg data-testid="topology" class="topology" role="img" aria-label={t(lang, Text::Topology)}
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
                html! {
                    <g data-testid="node" data-name={b.name.clone()} data-ready={node.ready.to_string()}
                        class={classes!("node", node.control_plane.then_some("control-plane"))}>
                        <rect x={b.x.to_string()} y={b.y.to_string()} width={b.w.to_string()}
                            height={b.h.to_string()} rx="10" />
                        <title>{ format!("{} ({role}) {}", b.name, b.detail) }</title>
                        <text x={(b.x + 10.0).to_string()} y={(footer - 28.0).to_string()} class="title">
                            { b.name.clone() }
                        </text>
                        <text x={(b.x + 10.0).to_string()} y={(footer - 12.0).to_string()} class="detail">
                            { b.detail.clone() }
                        </text>
                        // The control plane runs no workload pods; its empty body says what it is.
                        if node.control_plane {
                            <text x={(b.x + b.w / 2.0).to_string()} y={(b.y + 34.0).to_string()}
                                class="detail" text-anchor="middle">{ role }</text>
                        }
                    </g>
                }
            }) }
            { for scene.edges.iter().map(edge) }
            { block(&scene.internet, "internet", None, t(lang, Text::Internet)) }
            { for scene.ingresses.iter().map(|b| block(b, "ingress", Some("ingress"), &b.name)) }
            { for scene.services.iter().map(|b| block(b, "service", Some("service"), &b.name)) }
            { for scene.pods.iter().map(pod) }
        </svg>
    }
}

fn block(b: &Block, class: &'static str, testid: Option<&'static str>, title: &str) -> Html {
    html! {
        <g class={classes!("block", class)} data-testid={testid} data-name={testid.map(|_| b.name.clone())}>
            <rect x={b.x.to_string()} y={b.y.to_string()} width={b.w.to_string()} height={b.h.to_string()}
                rx="8" />
            <text x={(b.x + b.w / 2.0).to_string()} y={(b.y + if b.detail.is_empty() { b.h / 2.0 + 5.0 } else { 20.0 }).to_string()}
                class="title" text-anchor="middle">{ title.to_string() }</text>
            if !b.detail.is_empty() {
                <text x={(b.x + b.w / 2.0).to_string()} y={(b.y + 37.0).to_string()} class="detail"
                    text-anchor="middle">{ b.detail.clone() }</text>
            }
        </g>
    }
}

fn edge(e: &Edge) -> Html {
    let kind = match e.kind {
        EdgeKind::Entry => "entry",
        EdgeKind::Route => "route",
        EdgeKind::Select => "select",
    };
    let (x1, y1) = e.from;
    let (x2, y2) = e.to;
    let mid_y = (y1 + y2) / 2.0;
    let path = format!("M {x1} {y1} C {x1} {mid_y}, {x2} {mid_y}, {x2} {y2}");
    html! {
        <g class={classes!("edge", kind, e.broken.then_some("broken"))} data-testid={e.broken.then_some("broken-edge")}>
            <path d={path} marker-end={(!e.broken).then_some("url(#arrow)")} />
            if e.broken {
                <text x={x2.to_string()} y={(y2 + 12.0).to_string()} text-anchor="middle" class="warning">
                    { "✕" }
                </text>
            }
            if let Some(label) = &e.label {
                <text x={((x1 + x2) / 2.0 + 6.0).to_string()} y={mid_y.to_string()} class="label">
                    { label.clone() }
                </text>
            }
        </g>
    }
}

fn pod(p: &PodDot) -> Html {
    let state = match (p.status.as_str(), p.ready) {
        ("Running", true) => "running",
        ("Terminating", _) => "terminating",
        ("Running", false) => "unready",
        _ => "pending",
    };
    html! {
        <g data-testid="pod" data-name={p.name.clone()} data-phase={p.status.clone()}
            data-node={p.node.clone()} class={classes!("pod", state)}>
            <title>{ format!("{} ({})", p.name, p.status) }</title>
            <circle cx={p.x.to_string()} cy={p.y.to_string()} r={p.r.to_string()} />
            <text x={p.x.to_string()} y={(p.y + 4.0).to_string()} text-anchor="middle" class="tag">
                { p.tag.clone() }
            </text>
            <text x={p.x.to_string()} y={(p.y + p.r + 13.0).to_string()} text-anchor="middle" class="short">
                { p.short.clone() }
            </text>
        </g>
    }
}
