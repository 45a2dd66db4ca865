//! Traefik's Kubernetes Gateway provider's part of a request: the listener on the entry point's port whose hostname
//! fits, the HTTPRoute rule the spec's precedence picks (`gateway::routes`), the rule's filters
//! (`gateway_filters.rs`), and one of its backends by weight (a smooth weighted round robin per rule, as Traefik's
//! WRR service), which answers 500 for the share of a backend that cannot be loaded.

use crate::engine::api::Kind;
use crate::engine::gateway::backends;
use crate::engine::gateway::routes::{
    attaches, candidates, controlled, host_fits, listeners_for, listeners_of, names_gateway,
    Candidate, ListenerRef, NotAttached, Wanted, TRAEFIK_CONTROLLER,
};
use crate::engine::store::{KeyBuf, Store};
use crate::engine::traffic::gateway_filters::{
    apply_backend_filters, apply_filters, modify_response,
};
use crate::engine::traffic::proxy::Balancer;
use crate::engine::traffic::rules::lowercase;
use crate::engine::traffic::tls::CertSource;
use crate::engine::traffic::traefik::{entrypoint_ports, gateway_provider, Traefik};
use crate::engine::traffic::{
    responses, why, Arg, HopObject, HopStep, Hops, Msg, Outcome, Request, Response, Why,
};
use crate::engine::Cluster;

/// What the rule's filters did to a request on its way to a backend.
pub(super) struct Forwarded {
    pub(super) request: Request,
    pub(super) response_headers: Vec<HeaderChange>,
    /// The matched PathPrefix without its trailing `/` (empty for `/`), which ReplacePrefixMatch replaces.
    pub(super) prefix: String,
}

/// One change a ResponseHeaderModifier makes to the response.
pub(super) enum HeaderChange {
    Set(String, String),
    Add(String, String),
    Remove(String),
}

/// A response the controller writes itself.
pub(super) fn answer(response: Response) -> Outcome {
    Outcome::Answered {
        response,
        pod: None,
    }
}

impl Cluster {
    /// Routes the request by the Gateways the controller runs, when one has a listener on this entry point's port;
    /// None when none has, so the controller's Ingress routing takes over.
    pub(super) fn through_gateway(
        &mut self,
        controller_key: &str,
        major: Option<u32>,
        node: usize,
        port: u16,
        request: &Request,
        hops: &mut Hops,
    ) -> Option<Outcome> {
        let controller = self.store.pods().get(controller_key)?;
        let traefik = Traefik {
            pod: controller,
            major,
        };
        if !gateway_provider(traefik) || !entrypoint_ports(controller).contains(&port) {
            return None;
        }
        let controller_ip = controller
            .status
            .pod_ip
            .as_deref()
            .and_then(|ip| ip.parse().ok());
        let on_port = controlled(&self.store, TRAEFIK_CONTROLLER)
            .flat_map(|g| &g.spec.listeners)
            .any(|l| l.port == i32::from(port));
        if !on_port {
            return None;
        }
        // The handshake comes first, with any certificate of an HTTPS listener on this port that covers the SNI name.
        if let Some(client) = &request.tls {
            let sources = listeners_of(controlled(&self.store, TRAEFIK_CONTROLLER))
                .filter(|l| l.listener.port == i32::from(port))
                .flat_map(|l| certificate_sources(&self.store, l));
            if let Err(failed) = self.present_certificate(sources, client, hops) {
                return Some(failed);
            }
        }
        let host = lowercase(request.host.split(':').next().unwrap_or(""));
        let listeners = listeners_for(
            controlled(&self.store, TRAEFIK_CONTROLLER),
            port,
            request.tls.is_some(),
            &host,
        );
        let Some(&first) = listeners.first() else {
            hops.push(
                HopStep::Gateway,
                || HopObject::Controller,
                || why!(Msg::NoListenerForHost, port, host.as_ref()),
            );
            return Some(answer(responses::controller_error(404)));
        };
        let wanted = Wanted::new(&host, &request.path, &request.method, &request.headers);
        let found = candidates(&self.store, &listeners, &wanted);
        let Some(best) = found.first() else {
            listener_hop(first, &host, hops);
            hops.push(
                HopStep::Route,
                || HopObject::of(Kind::Gateway, &first.gateway.metadata),
                || {
                    why!(
                        Msg::NoRouteMatches,
                        &first.listener.name,
                        host.as_ref(),
                        &request.path
                    )
                },
            );
            if hops.explaining() {
                note_unmatched(&self.store, port, &host, hops);
            }
            return Some(answer(responses::controller_error(404)));
        };
        let listener = best.listener;
        listener_hop(listener, &host, hops);
        route_hop(best, &found[1..], hops);
        let rule = &best.route.spec.rules[best.rule];
        let forwarded = match apply_filters(best, rule, request, listener, hops) {
            Ok(forwarded) => forwarded,
            Err(outcome) => return Some(outcome),
        };
        let route_key = KeyBuf::new(best.route.metadata.namespace(), &best.route.metadata.name);
        let rule_index = best.rule;
        Some(self.send_to_backend(
            controller_ip,
            node,
            (route_key.as_str(), rule_index),
            forwarded,
            hops,
        ))
    }

    /// One backend of the rule by weight, then one of its Service's endpoints.
    fn send_to_backend(
        &mut self,
        controller_ip: Option<std::net::Ipv4Addr>,
        node: usize,
        (route_key, rule_index): (&str, usize),
        mut forwarded: Forwarded,
        hops: &mut Hops,
    ) -> Outcome {
        let Some(route) = self.store.httproutes().get(route_key) else {
            return answer(responses::controller_error(404));
        };
        let rule = &route.spec.rules[rule_index];
        let weights: Vec<u64> = rule
            .backend_refs
            .iter()
            .map(|b| u64::try_from(b.weight.unwrap_or(1)).unwrap_or(0))
            .collect();
        let state = format!("{}|{route_key}|{rule_index}", self.nodes[node].name);
        let Some(chosen) = self.traffic.weighted_pick(&state, &weights) else {
            let status = if rule.backend_refs.is_empty() {
                500
            } else {
                503
            };
            hops.push(
                HopStep::Route,
                || HopObject::of(Kind::HttpRoute, &route.metadata),
                || why!(Msg::NoBackends, status),
            );
            return answer(responses::controller_error(status));
        };
        let backend = &rule.backend_refs[chosen];
        let total: u64 = weights.iter().sum();
        if rule.backend_refs.len() > 1 {
            hops.push(
                HopStep::Route,
                || HopObject::of(Kind::HttpRoute, &route.metadata),
                || {
                    let shares: Vec<Why> = rule
                        .backend_refs
                        .iter()
                        .zip(&weights)
                        .map(|(b, w)| why!(Msg::BackendWeight, &b.name, w.to_string()))
                        .collect();
                    why!(
                        Msg::RouteWeights,
                        rule_index,
                        Arg::Items(shares),
                        &backend.name,
                        weights[chosen].to_string(),
                        total.to_string()
                    )
                },
            );
        }
        if let Some(problem) = backends::unresolved(&self.store, route, backend) {
            hops.push(
                HopStep::Service,
                || HopObject::of(Kind::HttpRoute, &route.metadata),
                || why!(Msg::BackendUnresolved, problem.message.as_str()),
            );
            return answer(responses::controller_error(500));
        }
        if let Err(outcome) =
            apply_backend_filters(&backend.filters, &route.metadata, &mut forwarded, hops)
        {
            return outcome;
        }
        let ns = backends::namespace_of(route, backend).to_string();
        let key = KeyBuf::new(&ns, &backend.name);
        let port = backend.port.unwrap_or_default();
        let index = self
            .store
            .services()
            .get(key.as_str())
            .and_then(|s| s.spec.ports.iter().position(|p| p.port == port))
            .unwrap_or_default();
        let outcome = self.balance(
            key.as_str(),
            index,
            Balancer::Traefik(node),
            None,
            &forwarded.request,
            hops,
            controller_ip,
        );
        match outcome {
            Outcome::Refused { .. } | Outcome::TimedOut { .. } => {
                answer(responses::controller_error(502))
            }
            Outcome::Answered { mut response, pod } => {
                modify_response(&mut response, &forwarded.response_headers);
                Outcome::Answered { response, pod }
            }
            other => other,
        }
    }
}

/// The Secrets an HTTPS listener names for its certificate: Secrets of its Gateway's namespace, or of another
/// namespace whose ReferenceGrant lets Gateways of this one refer to them.
fn certificate_sources<'a>(
    store: &'a Store,
    l: ListenerRef<'a>,
) -> impl Iterator<Item = CertSource<'a>> + 'a {
    let gateway_ns = l.gateway.metadata.namespace();
    let hosts = l.listener.hostname.as_slice();
    l.listener
        .tls
        .iter()
        .flat_map(|tls| &tls.certificate_refs)
        .filter(|r| {
            r.kind.as_deref().unwrap_or("Secret") == "Secret"
                && r.group.as_deref().unwrap_or("").is_empty()
        })
        .filter(move |r| {
            let ns = r.namespace.as_deref().unwrap_or(gateway_ns);
            ns == gateway_ns
                || backends::grants(store, ns, "Gateway", gateway_ns, "Secret", &r.name)
        })
        .map(move |r| CertSource {
            namespace: r.namespace.as_deref().unwrap_or(gateway_ns),
            secret: &r.name,
            hosts,
        })
}

/// When no rule takes a request, the routes that might have: one not attached to a Gateway it names on this port
/// (and why, in the status's words), or one whose host names leave this host out.
fn note_unmatched(store: &Store, port: u16, host: &str, hops: &mut Hops) {
    let on_port: Vec<ListenerRef> = listeners_of(controlled(store, TRAEFIK_CONTROLLER))
        .filter(|l| l.listener.port == i32::from(port))
        .collect();
    for route in store.httproutes().values() {
        let ns = route.metadata.namespace();
        let named: Vec<(&crate::engine::gateway::ParentRef, ListenerRef)> = route
            .spec
            .parent_refs
            .iter()
            .flat_map(|p| {
                on_port
                    .iter()
                    .filter(move |l| names_gateway(p, ns, l.gateway))
                    .map(move |l| (p, *l))
            })
            .collect();
        let Some(&(_, first)) = named.first() else {
            continue;
        };
        let outcomes: Vec<Result<Vec<String>, NotAttached>> = named
            .iter()
            .map(|(p, l)| attaches(store, route, p, *l))
            .collect();
        let why = match outcomes.iter().find_map(|o| o.as_ref().ok()) {
            Some(hosts) if !hosts.is_empty() && !hosts.iter().any(|h| host_fits(h, host)) => {
                why!(
                    Msg::RouteOtherHosts,
                    &route.metadata.name,
                    hosts.join(", "),
                    host
                )
            }
            Some(_) => continue,
            None => {
                let reason = outcomes.iter().find_map(|o| {
                    o.as_ref()
                        .err()
                        .filter(|r| **r != NotAttached::NoMatchingParent)
                });
                let reason = reason.copied().unwrap_or(NotAttached::NoMatchingParent);
                why!(
                    Msg::RouteNotAttached,
                    &route.metadata.name,
                    &first.gateway.metadata.name,
                    reason.reason()
                )
            }
        };
        hops.push(
            HopStep::Note,
            || HopObject::of(Kind::HttpRoute, &route.metadata),
            || why,
        );
    }
}

fn listener_hop(listener: ListenerRef, host: &str, hops: &mut Hops) {
    hops.push(
        HopStep::Gateway,
        || HopObject::of(Kind::Gateway, &listener.gateway.metadata),
        || {
            why!(
                Msg::GatewayListener,
                &listener.listener.name,
                &listener.gateway.metadata.name,
                listener.listener.port,
                listener.listener.hostname.as_deref().unwrap_or("*"),
                host
            )
        },
    );
}

/// The match the request took and, in a note, the matches that also fit but come later in the spec's order.
fn route_hop(best: &Candidate, others: &[Candidate], hops: &mut Hops) {
    hops.push(
        HopStep::Route,
        || HopObject::of(Kind::HttpRoute, &best.route.metadata),
        || {
            why!(
                Msg::RouteRuleMatches,
                &best.route.metadata.name,
                best.rule,
                described(best),
                best.host.as_deref().unwrap_or("*")
            )
        },
    );
    if others.is_empty() {
        return;
    }
    hops.push(
        HopStep::Note,
        || HopObject::of(Kind::HttpRoute, &best.route.metadata),
        || {
            let items: Vec<Why> = others
                .iter()
                .take(5)
                .map(|c| why!(Msg::RouteAt, &c.route.metadata.name, c.rule, described(c)))
                .collect();
            why!(Msg::LowerPrecedence, Arg::Items(items))
        },
    );
}

/// A match in a few words: `Exact /foo, GET, 1 header(s)`.
fn described(c: &Candidate) -> String {
    let m = c.matched;
    let mut parts = Vec::new();
    if let Some(path) = &m.path {
        let type_ = path.type_.as_ref().map_or("PathPrefix", |t| t.as_str());
        parts.push(format!("{type_} {}", path.value.as_deref().unwrap_or("/")));
    }
    if let Some(method) = &m.method {
        parts.push(method.clone());
    }
    parts.extend(
        m.headers
            .iter()
            .map(|h| format!("header {}={}", h.name, h.value)),
    );
    parts.extend(
        m.query_params
            .iter()
            .map(|q| format!("query {}={}", q.name, q.value)),
    );
    parts.join(", ")
}
