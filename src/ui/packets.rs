//! Requests as packets travelling the hops of their real trace, coloured by how they ended. Each packet is a circle
//! (its own element, so a thousand requests are a thousand packets); packets sent together along the same hops share
//! one moving group, a `Journey`. One requestAnimationFrame loop moves each journey along its hops, setting one
//! `transform` per journey per frame, and retires it when its time is up. (SVG `animateMotion` on each packet let the
//! browser move them, but Chromium's own animation work for a thousand of them cost more than a frame; moving groups
//! instead of circles spares the style work of packets that overlap anyway. `make bench` measures the frame rate.)
//! With prefers-reduced-motion a packet appears at its last hop instead of travelling. Every packet, a failed
//! request's marked by its colour, lingers where it stopped for `LINGER_MILLIS`, then goes.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use web_sys::Element;
use yew::prelude::*;

use crate::scene::Scene;
use crate::session::Flight;
use crate::ui::requests::status_class;
use crate::ui::state::SessionHandle;

const SVG: &str = "http://www.w3.org/2000/svg";
/// How long a packet takes per hop, and how long it stays at its end.
const HOP_MILLIS: f64 = 220.0;
const LINGER_MILLIS: f64 = 700.0;
/// More packets than this at once are not drawn; the results list still counts them.
const MAX_IN_FLIGHT: usize = 1_500;

/// Packets that left together along the same hops: one group that moves, holding a circle per packet.
struct Journey {
    /// Its first frame's time (requestAnimationFrame time); None until then.
    start: Option<f64>,
    /// The hops it travels, in the scene's units; one point for packets that do not move.
    points: Vec<(f32, f32)>,
    /// Set once it has reached its last hop, so lingering packets are not moved again.
    arrived: bool,
    group: Element,
    packets: usize,
}

impl Journey {
    /// An empty group at the first of `points`, moved by the frame loop.
    fn new(points: Vec<(f32, f32)>) -> Option<Journey> {
        let group = gloo::utils::document()
            .create_element_ns(Some(SVG), "g")
            .ok()?;
        group.set_attribute("class", "journey").ok()?;
        let journey = Journey {
            start: None,
            arrived: points.len() < 2,
            group,
            points,
            packets: 0,
        };
        journey.place(*journey.points.first()?);
        Some(journey)
    }

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
            .group
            .set_attribute("transform", &format!("translate({x:.1} {y:.1})"));
    }

    /// Adds one packet: a circle coloured by how its request ended.
    fn add(&mut self, status: Option<u16>) -> Option<()> {
        let circle = gloo::utils::document()
            .create_element_ns(Some(SVG), "circle")
            .ok()?;
        let class = format!("packet {}", status_class(status));
        for (name, value) in [
            ("class", class.as_str()),
            ("r", "5"),
            ("data-testid", "packet"),
        ] {
            circle.set_attribute(name, value).ok()?;
        }
        self.group.append_child(&circle).ok()?;
        self.packets += 1;
        Some(())
    }
}

#[derive(Default)]
struct Flights {
    journeys: Vec<Journey>,
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
                let mut state = flights.borrow_mut();
                launch(&mut state, &layer, &scene, new);
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

/// Starts the new flights: each packet joins the journey of this batch that goes along the same hops, or starts
/// one. Past MAX_IN_FLIGHT packets, no more are drawn.
fn launch(state: &mut Flights, layer: &Element, scene: &Scene, new: Vec<Flight>) {
    let still = reduced_motion();
    let mut in_flight: usize = state.journeys.iter().map(|j| j.packets).sum();
    // Journeys of this batch by their hops, as bits so the points can be a key.
    let mut batch: HashMap<Vec<u32>, usize> = HashMap::new();
    for flight in new {
        if in_flight >= MAX_IN_FLIGHT {
            break;
        }
        let mut points: Vec<(f32, f32)> = flight
            .objects
            .iter()
            .filter_map(|o| scene.point(o))
            .collect();
        if still {
            points = points.last().copied().into_iter().collect();
        }
        let key: Vec<u32> = points
            .iter()
            .flat_map(|(x, y)| [x.to_bits(), y.to_bits()])
            .collect();
        let index = match batch.get(&key) {
            Some(&index) => index,
            None => {
                let Some(journey) = Journey::new(points) else {
                    continue;
                };
                if layer.append_child(&journey.group).is_err() {
                    continue;
                }
                state.journeys.push(journey);
                batch.insert(key, state.journeys.len() - 1);
                state.journeys.len() - 1
            }
        };
        if state.journeys[index].add(flight.status).is_some() {
            in_flight += 1;
        }
    }
}

fn reduced_motion() -> bool {
    gloo::utils::window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

/// Moves each travelling journey and retires those whose time is up, frame by frame, while any are left.
fn schedule(flights: Rc<RefCell<Flights>>) -> AnimationFrame {
    let next = flights.clone();
    request_animation_frame(move |now| {
        let mut state = next.borrow_mut();
        state.journeys.retain_mut(|j| {
            let elapsed = now - *j.start.get_or_insert(now);
            if elapsed > j.travel() + LINGER_MILLIS {
                j.group.remove();
                return false;
            }
            if !j.arrived {
                j.place(j.position(elapsed));
                j.arrived = elapsed >= j.travel();
            }
            true
        });
        state.frame = (!state.journeys.is_empty()).then(|| schedule(next.clone()));
    })
}
