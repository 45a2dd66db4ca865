//! Requests as packets travelling the hops of their real trace, coloured by how they ended. Each packet is a circle
//! with an SVG `animateMotion` along its hops, so the browser moves a thousand packets without a call per frame; a
//! requestAnimationFrame loop only retires packets whose time is up. With prefers-reduced-motion a packet appears at
//! its last hop instead of travelling. A failed request's packet stays, marked, where it stopped.

use std::cell::RefCell;
use std::fmt::Write;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use wasm_bindgen::JsCast;
use web_sys::{Element, SvgAnimationElement};
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
    /// When it leaves the page, in requestAnimationFrame time; None until its first frame.
    end: Option<f64>,
    lifetime: f64,
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

/// One packet: a circle that moves along `points` (or sits at the last one).
fn packet(points: &[(f32, f32)], status: Option<u16>, still: bool) -> Option<(Element, f64)> {
    let document = gloo::utils::document();
    let circle = document.create_element_ns(Some(SVG), "circle").ok()?;
    let class = format!("packet {}", status_class(status));
    for (name, value) in [
        ("class", class.as_str()),
        ("r", "5"),
        ("data-testid", "packet"),
    ] {
        circle.set_attribute(name, value).ok()?;
    }
    let &(x, y) = points.last()?;
    let travel = HOP_MILLIS * points.len().saturating_sub(1) as f64;
    if still || points.len() < 2 {
        circle.set_attribute("cx", &x.to_string()).ok()?;
        circle.set_attribute("cy", &y.to_string()).ok()?;
        return Some((circle, LINGER_MILLIS));
    }
    let mut path = String::new();
    for (i, (x, y)) in points.iter().enumerate() {
        let _ = write!(path, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { " L" });
    }
    let motion = document
        .create_element_ns(Some(SVG), "animateMotion")
        .ok()?;
    for (name, value) in [
        ("path", path.as_str()),
        ("dur", &format!("{travel}ms")),
        ("fill", "freeze"),
        ("begin", "indefinite"),
        ("calcMode", "linear"),
    ] {
        motion.set_attribute(name, value).ok()?;
    }
    circle.append_child(&motion).ok()?;
    Some((circle, travel + LINGER_MILLIS))
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
                let still = reduced_motion();
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
                    let Some((element, lifetime)) = packet(&points, flight.status, still) else {
                        continue;
                    };
                    if layer.append_child(&element).is_err() {
                        continue;
                    }
                    if let Some(motion) = element
                        .first_element_child()
                        .and_then(|m| m.dyn_into::<SvgAnimationElement>().ok())
                    {
                        let _ = motion.begin_element();
                    }
                    state.packets.push(Packet {
                        end: None,
                        lifetime,
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

/// Retires packets whose time is up, frame by frame, while any are left.
fn schedule(flights: Rc<RefCell<Flights>>) -> AnimationFrame {
    let next = flights.clone();
    request_animation_frame(move |now| {
        let mut state = next.borrow_mut();
        state.packets.retain_mut(|p| {
            let end = *p.end.get_or_insert(now + p.lifetime);
            if now > end {
                p.element.remove();
                return false;
            }
            true
        });
        state.frame = (!state.packets.is_empty()).then(|| schedule(next.clone()));
    })
}
