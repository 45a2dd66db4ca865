//! The ingress controller's part of a request: which Ingresses it serves, the rule the request takes (read in
//! `rules.rs`), the Service port that rule names, and what Traefik answers when any of it is missing.

use std::borrow::Cow;

use crate::engine::api::{Ingress, IngressBackend, Kind, Pod};
use crate::engine::store::KeyBuf;
use crate::engine::traffic::proxy::Balancer;
use crate::engine::traffic::rules::{lowercase, pick, rules, Candidate, IngressMode};
use crate::engine::traffic::traefik::{
    controller_image, ingress_provider, skips_empty_services, Traefik,
};
use crate::engine::traffic::{
    responses, why, Arg, HopObject, HopStep, Hops, Msg, Outcome, Request, Why,
};
use crate::engine::Cluster;

const CLASS_ANNOTATION: &str = "kubernetes.io/ingress.class";

/// A note naming the rules the controller left out, and why (`msg`); none when it left none out.
fn note_left_out(hops: &mut Hops, msg: Msg, controller: &Pod, left_out: &[Candidate]) {
    if left_out.is_empty() {
        return;
    }
    hops.push(
        HopStep::Note,
        || HopObject::Ingresses,
        || {
            let rules: Vec<Why> = left_out
                .iter()
                .map(|c| why!(Msg::RuleAt, &c.ingress.metadata.name, c.index()))
                .collect();
            why!(msg, controller_image(controller), Arg::Items(rules))
        },
    );
}

/// When the other reading of the rules (the spec's or Traefik's) would pick another rule, a note says so, so a
/// learner sees where the two differ.
fn note_other_reading(
    candidates: &[Candidate],
    best: Option<&Candidate>,
    wanted: &Wanted,
    (mode, traefik_v1): (IngressMode, bool),
    hops: &mut Hops,
) {
    let other_mode = match mode {
        IngressMode::Spec => IngressMode::Traefik,
        IngressMode::Traefik => IngressMode::Spec,
    };
    let other = pick(
        candidates,
        &wanted.host,
        wanted.path,
        other_mode,
        traefik_v1,
    );
    let differ = match (best, other) {
        (Some(a), Some(b)) => !a.same(b),
        (None, None) => false,
        _ => true,
    };
    if !differ {
        return;
    }
    let said = |c: Option<&Candidate>| match c {
        Some(c) => why!(
            Msg::RuleOf,
            &c.ingress.metadata.name,
            c.index(),
            c.path_type.as_str(),
            &c.path
        ),
        None => why!(Msg::NoRule),
    };
    hops.push(
        HopStep::Note,
        || HopObject::Ingresses,
        || {
            why!(
                Msg::ModesDiffer,
                mode.describe(),
                said(best),
                other_mode.describe(),
                said(other)
            )
        },
    );
}

/// Where the controller sends a request: the backend of the rule (or defaultBackend) it chose, with the namespace
/// of the Ingress that names it.
struct Route<'a> {
    backend: &'a IngressBackend,
    namespace: &'a str,
}

/// What the controller matches a request against: its lower-cased host (no port) and its path.
struct Wanted<'r> {
    host: Cow<'r, str>,
    path: &'r str,
}

impl Cluster {
    /// The ingress controller pod at `controller_key`, on node number `node`, routes the request: entry point, TLS,
    /// the rule it matches, the Service port that rule names, and one of that Service's endpoints.
    pub(super) fn through_ingress_controller(
        &mut self,
        controller_key: &str,
        node: usize,
        container_port: u16,
        request: &Request,
        hops: &mut Hops,
    ) -> Outcome {
        let Some(controller) = self.store.pods().get(controller_key) else {
            return Outcome::Refused {
                reason: why!(Msg::ControllerGone),
            };
        };
        hops.through_controller = true;
        // Read once: the version is asked at the entry point, for the providers and for the rules.
        let traefik = Traefik::of(controller);
        if let Err(outcome) = self.entry_point(traefik, container_port, request, hops) {
            return outcome;
        }
        self.controller_hop(traefik, node, hops);
        let major = traefik.major;
        if let Some(outcome) =
            self.through_gateway(controller_key, major, node, container_port, request, hops)
        {
            return outcome;
        }
        let Some(controller) = self.store.pods().get(controller_key) else {
            return Outcome::Refused {
                reason: why!(Msg::ControllerGone),
            };
        };
        let traefik = Traefik {
            pod: controller,
            major,
        };
        if !ingress_provider(traefik) {
            hops.push(
                HopStep::Ingress,
                || HopObject::of(Kind::Pod, &controller.metadata),
                || why!(Msg::NoIngressProvider, container_port),
            );
            return Outcome::Answered {
                response: responses::controller_error(404),
                pod: None,
            };
        }
        if let Some(client) = &request.tls {
            let served = self
                .store
                .ingresses()
                .values()
                .filter(|i| self.serves(i))
                .flat_map(crate::engine::traffic::tls::ingress_sources);
            if let Err(failed) = self.present_certificate(served, client, hops) {
                return failed;
            }
        }
        let Some(route) = self.choose_route(traefik, request, hops) else {
            return Outcome::Answered {
                response: responses::controller_error(404),
                pod: None,
            };
        };
        let (key, index) = match self.service_port(&route, hops) {
            Ok(found) => found,
            Err(status) => {
                return Outcome::Answered {
                    response: responses::controller_error(status),
                    pod: None,
                }
            }
        };
        let controller_ip = controller
            .status
            .pod_ip
            .as_deref()
            .and_then(|ip| ip.parse().ok());
        match self.balance(
            key.as_str(),
            index,
            Balancer::Traefik(node),
            None,
            request,
            hops,
            controller_ip,
        ) {
            // The controller turns a pod that does not answer into 502 Bad Gateway.
            Outcome::Refused { .. } | Outcome::TimedOut { .. } => Outcome::Answered {
                response: responses::controller_error(502),
                pod: None,
            },
            answered => answered,
        }
    }

    /// The hop that says which controller took the request and how many Ingresses it serves.
    fn controller_hop(&self, traefik: Traefik, node: usize, hops: &mut Hops) {
        let (controller, node_name) = (traefik.pod, &self.nodes[node].name);
        hops.push(
            HopStep::Controller,
            || HopObject::of(Kind::Pod, &controller.metadata),
            || {
                let served = self.store.ingresses().values().filter(|i| self.serves(i));
                if crate::engine::traffic::traefik::gateway_provider(traefik) {
                    let gateways = crate::engine::gateway::routes::controlled(
                        &self.store,
                        crate::engine::gateway::routes::TRAEFIK_CONTROLLER,
                    );
                    why!(
                        Msg::TraefikGateways,
                        controller_image(controller),
                        node_name,
                        gateways.count()
                    )
                } else if traefik.v1() {
                    why!(Msg::Traefik1Serves, node_name, served.count())
                } else {
                    why!(
                        Msg::TraefikServes,
                        controller_image(controller),
                        node_name,
                        served.count()
                    )
                }
            },
        );
    }

    /// The rule the request takes, or the defaultBackend of a served Ingress; None (after saying why) when nothing
    /// matches, which the controller answers with 404.
    fn choose_route<'a>(
        &'a self,
        traefik: Traefik<'a>,
        request: &'a Request,
        hops: &mut Hops,
    ) -> Option<Route<'a>> {
        let controller = traefik.pod;
        let wanted = Wanted {
            host: lowercase(request.host.split(':').next().unwrap_or("")),
            path: &request.path,
        };
        let mode = self.ingress_mode;
        let skip_empty = mode == IngressMode::Traefik && skips_empty_services(traefik);
        let traefik_v1 = traefik.v1();
        let candidates = self.candidates(controller, mode, skip_empty, hops);
        let best = pick(&candidates, &wanted.host, wanted.path, mode, traefik_v1);
        if hops.explaining() {
            note_other_reading(&candidates, best, &wanted, (mode, traefik_v1), hops);
        }
        if let Some(c) = best {
            hops.push(
                HopStep::Ingress,
                || HopObject::of(Kind::Ingress, &c.ingress.metadata),
                || {
                    why!(
                        Msg::RuleMatches,
                        c.index(),
                        c.host.as_deref().unwrap_or("*"),
                        &c.path,
                        c.path_type.as_str(),
                        wanted.path
                    )
                },
            );
            let ingress: &'a Ingress = c.ingress;
            return Some(Route {
                backend: c.backend,
                namespace: ingress.metadata.namespace(),
            });
        }
        let default = self.store.ingresses().values().find(|i| {
            self.serves(i)
                && i.spec.default_backend.as_ref().is_some_and(|b| {
                    !skip_empty || self.backend_has_endpoints(i.metadata.namespace(), b)
                })
        });
        let Some((ingress, backend)) =
            default.and_then(|i| Some((i, i.spec.default_backend.as_ref()?)))
        else {
            hops.push(
                HopStep::Ingress,
                || HopObject::Ingresses,
                || why!(Msg::NoRuleMatches, &wanted.host, wanted.path),
            );
            if hops.explaining() {
                self.note_ignored_ingress(&wanted, (mode, traefik_v1), hops);
            }
            return None;
        };
        hops.push(
            HopStep::Ingress,
            || HopObject::of(Kind::Ingress, &ingress.metadata),
            || {
                why!(
                    Msg::DefaultBackend,
                    &wanted.host,
                    wanted.path,
                    &ingress.metadata.name
                )
            },
        );
        Some(Route {
            backend,
            namespace: ingress.metadata.namespace(),
        })
    }

    /// The rules of every served Ingress. Traefik v2 and later (in Traefik's reading) leave out the rules whose
    /// Service has no endpoints, and the trace says which.
    fn candidates<'a>(
        &'a self,
        controller: &Pod,
        mode: IngressMode,
        skip_empty: bool,
        hops: &mut Hops,
    ) -> Vec<Candidate<'a>> {
        let mut candidates: Vec<Candidate> = Vec::new();
        for ingress in self.store.ingresses().values() {
            if self.serves(ingress) {
                rules(ingress, &mut candidates);
            }
        }
        if mode == IngressMode::Traefik {
            candidates = self.without_missing_services(controller, candidates, hops);
        }
        if !skip_empty {
            return candidates;
        }
        // Traefik v2 and later drop a route whose Service has no endpoints ("Skipping service: no endpoints
        // found"), so the request may fall to another rule or to 404. Traefik 1.x keeps it and answers 503.
        let (kept, empty): (Vec<Candidate>, Vec<Candidate>) = candidates
            .into_iter()
            .partition(|c| self.backend_has_endpoints(c.namespace(), c.backend));
        note_left_out(hops, Msg::SkipsEmptyServices, controller, &empty);
        kept
    }

    /// Traefik (every version) leaves out a path whose Service does not exist ("Service not found"), so the request
    /// may fall to another rule or to 404 rather than a 503.
    fn without_missing_services<'a>(
        &self,
        controller: &Pod,
        candidates: Vec<Candidate<'a>>,
        hops: &mut Hops,
    ) -> Vec<Candidate<'a>> {
        let (kept, missing): (Vec<Candidate>, Vec<Candidate>) =
            candidates.into_iter().partition(|c| {
                c.backend.service.as_ref().is_none_or(|s| {
                    self.store
                        .services()
                        .contains_key(&format!("{}/{}", c.namespace(), s.name))
                })
            });
        note_left_out(hops, Msg::SkipsMissingServices, controller, &missing);
        kept
    }

    /// When no rule matches, an Ingress the controller does not serve that would have matched, and why it is not
    /// served (another class).
    fn note_ignored_ingress(
        &self,
        wanted: &Wanted,
        (mode, traefik_v1): (IngressMode, bool),
        hops: &mut Hops,
    ) {
        let skipped = self.store.ingresses().values().find(|i| {
            !self.serves(i)
                && (i.spec.default_backend.is_some()
                    || pick(
                        &{
                            let mut candidates = Vec::new();
                            rules(i, &mut candidates);
                            candidates
                        },
                        &wanted.host,
                        wanted.path,
                        mode,
                        traefik_v1,
                    )
                    .is_some())
        });
        if let Some(skipped) = skipped {
            hops.push(
                HopStep::Note,
                || HopObject::of(Kind::Ingress, &skipped.metadata),
                || {
                    let reason = self.class_mismatch(skipped);
                    why!(
                        Msg::IgnoredIngress,
                        reason.map_or(Arg::Text(String::new()), Arg::from)
                    )
                },
            );
        }
    }

    /// The Service and port index a backend names; Err with the controller's status (503) when either is missing.
    fn service_port(&self, route: &Route, hops: &mut Hops) -> Result<(KeyBuf, usize), u16> {
        let Some(service_ref) = &route.backend.service else {
            return Err(503);
        };
        let namespace = route.namespace;
        let key = KeyBuf::new(namespace, &service_ref.name);
        let Some(service) = self.store.services().get(key.as_str()) else {
            hops.push(
                HopStep::Service,
                || HopObject::named(Kind::Service, namespace, &service_ref.name),
                || {
                    let names: Vec<&str> = self
                        .store
                        .services()
                        .values()
                        .filter(|s| s.metadata.namespace() == namespace)
                        .map(|s| s.metadata.name.as_str())
                        .collect();
                    why!(
                        Msg::NoSuchService,
                        &service_ref.name,
                        namespace,
                        names.join(", ")
                    )
                },
            );
            return Err(503);
        };
        let wanted = &service_ref.port;
        let index = service
            .spec
            .ports
            .iter()
            .position(|p| match (&wanted.number, &wanted.name) {
                (Some(n), _) => p.port == *n,
                (None, Some(name)) => p.name.as_deref() == Some(name.as_str()),
                (None, None) => false,
            });
        let Some(index) = index else {
            hops.push(
                HopStep::Service,
                || HopObject::of(Kind::Service, &service.metadata),
                || {
                    let asked = wanted
                        .number
                        .map(|n| n.to_string())
                        .or(wanted.name.clone())
                        .unwrap_or_default();
                    let has: Vec<String> = service
                        .spec
                        .ports
                        .iter()
                        .map(|p| p.name.clone().unwrap_or_else(|| p.port.to_string()))
                        .collect();
                    why!(Msg::NoSuchServicePort, asked, has.join(", "))
                },
            );
            return Err(503);
        };
        Ok((key, index))
    }

    /// Whether an Ingress backend names a Service with at least one ready endpoint.
    fn backend_has_endpoints(&self, namespace: &str, backend: &IngressBackend) -> bool {
        backend.service.as_ref().is_some_and(|s| {
            self.ready_endpoints(&format!("{namespace}/{}", s.name))
                .next()
                .is_some()
        })
    }

    /// Whether Traefik serves an Ingress: the class annotation says traefik, or its ingressClassName names a class
    /// Traefik controls, or it names no class at all.
    pub(super) fn serves(&self, ingress: &Ingress) -> bool {
        self.class_mismatch(ingress).is_none()
    }

    /// Why Traefik does not serve an Ingress, for the trace; `None` when it does.
    fn class_mismatch(&self, ingress: &Ingress) -> Option<Why> {
        if let Some(class) = ingress.metadata.annotations.get(CLASS_ANNOTATION) {
            return (class != "traefik")
                .then(|| why!(Msg::OtherClassAnnotation, CLASS_ANNOTATION, class));
        }
        let name = ingress.spec.ingress_class_name.as_ref()?;
        match self.store.ingressclasses().get(&format!("/{name}")) {
            None => Some(why!(Msg::UnknownClassName, name)),
            Some(class) => {
                let controller = class.spec.controller.as_deref().unwrap_or("<none>");
                (!controller.contains("traefik"))
                    .then(|| why!(Msg::OtherControllerClass, name, controller))
            }
        }
    }
}
