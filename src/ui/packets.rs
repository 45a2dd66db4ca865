//! Requests as packets travelling the hops of their real trace, coloured by how they ended. Each packet is a circle
//! that one requestAnimationFrame loop moves along its hops and retires when its time is up, setting one `transform`
//! per packet per frame. (SVG `animateMotion` did this without a call per frame, but Chromium's own animation work
//! for a thousand of them cost more than the frame: 48 frames per second against 61 moved from the loop.) With
//! prefers-reduced-motion a packet appears at its last hop instead of travelling. A failed request's packet stays,
//! marked, where it stopped.

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
    /// Its first frame's time (requestAnimationFrame time); None until then.
    start: Option<f64>,
    /// The hops it travels, in the scene's units; one point for a packet that does not move.
    points: Vec<(f32, f32)>,
    /// Set once it has reached its last hop, so a lingering packet is not moved again.
    arrived: bool,
    element: Element,
}

impl Packet {
    fn travel(&self) -> f64 {
        HOP_MILLIS * self.points.len().saturating_sub(1) as f64
    }

    /// Where it is `elapsed` ms after its start: on the straight line between two hops.
    fn position(&self, elapsed: f64) -> (f32, f32) {
        let hops = self.points.len().saturating_sub(1);
        let progress = (elapsed / HOP_MILLIS).clamp(0.0, hops as f64);
        let hop = (progress.floor() as usize).min(hops.saturating_sub(1));
        let (Some(&(x1, y1)), Some(&(x2, y2))) = (self.points.get(hop), self.points.get(hop + 1))
        else {
            return self.points.last().copied().unwrap_or_default();
        };
        let t = (progress - hop as f64) as f32;
        (x1 + (x2 - x1) * t, y1 + (y2 - y1) * t)
    }

    fn place(&self, (x, y): (f32, f32)) {
        let _ = self
            .element
            .set_attribute("transform", &format!("translate({x:.1} {y:.1})"));
    }
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

/// One packet: a circle at the first of `points` (at the last when it does not travel), moved by the frame loop.
fn packet(mut points: Vec<(f32, f32)>, status: Option<u16>, still: bool) -> Option<Packet> {
    let document = gloo::utils::document();
    let element = document.create_element_ns(Some(SVG), "circle").ok()?;
    let class = format!("packet {}", status_class(status));
    for (name, value) in [
        ("class", class.as_str()),
        ("r", "5"),
        ("data-testid", "packet"),
    ] {
        element.set_attribute(name, value).ok()?;
    }
    if still {
        points = vec![*points.last()?];
    }
    let packet = Packet {
        start: None,
        arrived: points.len() < 2,
        element,
        points,
    };
    packet.place(*packet.points.first()?);
    Some(packet)
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
                    let Some(packet) = packet(points, flight.status, still) else {
                        continue;
                    };
                    if layer.append_child(&packet.element).is_ok() {
                        state.packets.push(packet);
                    }
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

/// Moves each travelling packet and retires those whose time is up, frame by frame, while any are left.
fn schedule(flights: Rc<RefCell<Flights>>) -> AnimationFrame {
    let next = flights.clone();
    request_animation_frame(move |now| {
        let mut state = next.borrow_mut();
        state.packets.retain_mut(|p| {
            let elapsed = now - *p.start.get_or_insert(now);
            if elapsed > p.travel() + LINGER_MILLIS {
                p.element.remove();
                return false;
            }
            if !p.arrived {
                p.place(p.position(elapsed));
                p.arrived = elapsed >= p.travel();
            }
            true
        });
        state.frame = (!state.packets.is_empty()).then(|| schedule(next.clone()));
    })
}
