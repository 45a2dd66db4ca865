//! Requests as packets travelling the hops of their real trace, coloured by how they ended. Driven by
//! requestAnimationFrame and moved by setting attributes, so a thousand packets in flight do not re-render the page.
//! With prefers-reduced-motion, a packet appears at its last hop instead of travelling.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use web_sys::Element;
use yew::prelude::*;

use crate::scene::Scene;
use crate::ui::requests::status_class;
use crate::ui::state::SessionHandle;

const SVG: &str = "http://www.w3.org/2000/svg";
/// How long a packet takes per hop, and how long it stays at its end.
const HOP_MILLIS: f64 = 220.0;
const LINGER_MILLIS: f64 = 700.0;
/// More packets than this at once are not drawn; the results list still counts them.
const MAX_IN_FLIGHT: usize = 1_500;

struct Packet {
    points: Vec<(f32, f32)>,
    start: Option<f64>,
    element: Element,
}

#[derive(Default)]
struct Flights {
    packets: Vec<Packet>,
    frame: Option<AnimationFrame>,
}

#[derive(Properties, PartialEq)]
pub struct PacketsProps {
    pub session: SessionHandle,
    /// The session's flights_version: new packets to draw.
    pub flights: u64,
    pub scene: Rc<Scene>,
}

#[function_component(Packets)]
pub fn packets(props: &PacketsProps) -> Html {
    let layer = use_node_ref();
    let flights = use_mut_ref(Flights::default);
    {
        let (layer, flights, session, scene) = (
            layer.clone(),
            flights.clone(),
            props.session.clone(),
            props.scene.clone(),
        );
        use_effect_with(props.flights, move |_| {
            let new = std::mem::take(&mut session.0.borrow_mut().flights);
            if let (false, Some(layer)) = (new.is_empty(), layer.cast::<Element>()) {
                let document = gloo::utils::document();
                let mut state = flights.borrow_mut();
                for flight in new {
                    if state.packets.len() >= MAX_IN_FLIGHT {
                        break;
                    }
                    let points: Vec<(f32, f32)> = flight
                        .objects
                        .iter()
                        .filter_map(|o| scene.point(o))
                        .collect();
                    let Some(&(x, y)) = points.first() else {
                        continue;
                    };
                    let Ok(element) = document.create_element_ns(Some(SVG), "circle") else {
                        continue;
                    };
                    let class = format!("packet {}", status_class(flight.status));
                    for (name, value) in [
                        ("class", class.as_str()),
                        ("r", "5"),
                        ("data-testid", "packet"),
                        ("cx", &x.to_string()),
                        ("cy", &y.to_string()),
                    ] {
                        let _ = element.set_attribute(name, value);
                    }
                    let _ = layer.append_child(&element);
                    state.packets.push(Packet {
                        points,
                        start: None,
                        element,
                    });
                }
                if state.frame.is_none() {
                    state.frame = Some(schedule(flights.clone()));
                }
            }
        });
    }
    // A layer over the topology with the same viewBox, so packets move without redrawing the topology.
    html! {
        <svg class="packets-layer" aria-hidden="true" viewBox={format!("0 0 {} {}", props.scene.width, props.scene.height)}
            preserveAspectRatio="xMidYMin meet">
            <g class="packets" ref={layer}></g>
        </svg>
    }
}

fn reduced_motion() -> bool {
    gloo::utils::window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

fn schedule(flights: Rc<RefCell<Flights>>) -> AnimationFrame {
    let next = flights.clone();
    request_animation_frame(move |now| {
        let mut state = next.borrow_mut();
        let still = reduced_motion();
        state.packets.retain_mut(|p| {
            let start = *p.start.get_or_insert(now);
            let travel = if still {
                0.0
            } else {
                HOP_MILLIS * p.points.len().saturating_sub(1) as f64
            };
            let elapsed = now - start;
            if elapsed > travel + LINGER_MILLIS {
                p.element.remove();
                return false;
            }
            let (x, y) = position(
                &p.points,
                if travel == 0.0 {
                    1.0
                } else {
                    (elapsed / travel).min(1.0)
                },
            );
            let _ = p.element.set_attribute("cx", &format!("{x:.1}"));
            let _ = p.element.set_attribute("cy", &format!("{y:.1}"));
            true
        });
        state.frame = (!state.packets.is_empty()).then(|| schedule(next.clone()));
    })
}

/// The point a fraction `t` of the way along the hops, each hop taking equal time.
fn position(points: &[(f32, f32)], t: f64) -> (f32, f32) {
    let legs = points.len().saturating_sub(1);
    if legs == 0 {
        return points.first().copied().unwrap_or_default();
    }
    let along = t * legs as f64;
    let leg = (along.floor() as usize).min(legs - 1);
    let f = (along - leg as f64) as f32;
    let ((x1, y1), (x2, y2)) = (points[leg], points[leg + 1]);
    (x1 + (x2 - x1) * f, y1 + (y2 - y1) * f)
}
