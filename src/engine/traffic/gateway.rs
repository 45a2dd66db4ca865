//! Traefik's Kubernetes Gateway provider's part of a request: the listener on the entry point's port whose hostname
//! fits, the HTTPRoute rule the spec's precedence picks (`gateway::routes`), the rule's filters (redirect, rewrite,
//! header changes), and one of its backends by weight (a smooth weighted round robin per rule, as Traefik's WRR
//! service), which answers 500 for the share of a backend that cannot be loaded.

use std::borrow::Cow;

use crate::engine::api::Kind;
use crate::engine::gateway::routes::{
    candidates, controlled, listeners_for, Candidate, ListenerRef, Wanted, TRAEFIK_CONTROLLER,
};
use crate::engine::gateway::{
    backends, Filter, FilterType, PathMatchType, PathModifier, PathModifierType, RouteRule,
};
use crate::engine::store::{KeyBuf, Store};
use crate::engine::traffic::proxy::Balancer;
use crate::engine::traffic::rules::lowercase;
use crate::engine::traffic::tls::CertSource;
use crate::engine::traffic::traefik::{entrypoint_ports, gateway_provider};
use crate::engine::traffic::{
    responses, why, Arg, HeaderValue, HopObject, HopStep, Hops, Msg, Outcome, Request, Response,
    Why,
};
use crate::engine::Cluster;

/// What the rule's filters did to a request on its way to a backend.
struct Forwarded {
    request: Request,
    response_headers: Vec<(String, Option<String>)>,
}

/// A response the controller writes itself.
fn answer(response: Response) -> Outcome {
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
        node: usize,
        port: u16,
        request: &Request,
        hops: &mut Hops,
    ) -> Option<Outcome> {
        let controller = self.store.pods().get(controller_key)?;
        if !gateway_provider(controller) || !entrypoint_ports(controller).contains(&port) {
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
            let sources = controlled(&self.store, TRAEFIK_CONTROLLER)
                .flat_map(|gateway| {
                    gateway
                        .spec
                        .listeners
                        .iter()
                        .map(move |listener| ListenerRef { gateway, listener })
                })
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
        forwarded: Forwarded,
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

/// The rule's filters in order: a redirect answers at once; a rewrite and header changes shape what the backend
/// sees and what the client gets back. Filters Traefik does not load make it answer 500.
fn apply_filters(
    c: &Candidate,
    rule: &RouteRule,
    request: &Request,
    listener: ListenerRef,
    hops: &mut Hops,
) -> Result<Forwarded, Outcome> {
    let mut forwarded = Forwarded {
        request: request.clone(),
        response_headers: Vec::new(),
    };
    for filter in &rule.filters {
        let route = || HopObject::of(Kind::HttpRoute, &c.route.metadata);
        match &filter.type_ {
            FilterType::RequestRedirect => {
                let (status, location) = redirect(filter, c, request, listener);
                hops.push(HopStep::Filter, route, || {
                    why!(Msg::FilterRedirect, status, location.as_str())
                });
                return Err(answer(redirect_response(status, location)));
            }
            FilterType::URLRewrite => {
                rewrite(filter, c, &mut forwarded.request);
                let r = &forwarded.request;
                hops.push(HopStep::Filter, route, || {
                    why!(Msg::FilterRewrite, &r.host, &r.path)
                });
            }
            FilterType::RequestHeaderModifier => {
                let said = modify_request(filter, &mut forwarded.request);
                hops.push(HopStep::Filter, route, || {
                    why!(Msg::FilterRequestHeaders, said.as_str())
                });
            }
            FilterType::ResponseHeaderModifier => {
                let Some(m) = &filter.response_header_modifier else {
                    continue;
                };
                forwarded.response_headers.extend(
                    m.set
                        .iter()
                        .chain(&m.add)
                        .map(|h| (h.name.clone(), Some(h.value.clone()))),
                );
                forwarded
                    .response_headers
                    .extend(m.remove.iter().map(|n| (n.clone(), None)));
                hops.push(HopStep::Filter, route, || {
                    why!(Msg::FilterResponseHeaders, header_changes(m))
                });
            }
            other => {
                hops.push(HopStep::Filter, route, || {
                    why!(Msg::FilterUnsupported, other.as_str())
                });
                return Err(answer(responses::controller_error(500)));
            }
        }
    }
    Ok(forwarded)
}

/// The path a redirect or rewrite gives: a full replacement, or the matched prefix replaced.
fn new_path(modifier: &PathModifier, c: &Candidate, path: &str) -> String {
    match modifier.type_ {
        PathModifierType::ReplaceFullPath => modifier.replace_full_path.clone().unwrap_or_default(),
        _ => {
            let prefix = c
                .matched
                .path
                .as_ref()
                .filter(|p| p.type_ == Some(PathMatchType::PathPrefix))
                .and_then(|p| p.value.as_deref())
                .unwrap_or("/")
                .trim_end_matches('/');
            let rest = path.strip_prefix(prefix).unwrap_or(path);
            let replacement = modifier
                .replace_prefix_match
                .as_deref()
                .unwrap_or("/")
                .trim_end_matches('/');
            match (replacement, rest) {
                ("", "") => "/".to_string(),
                (r, rest) => format!("{r}{rest}"),
            }
        }
    }
}

/// A redirect's status and Location, the port derived as the spec says (the scheme's well-known port, else the
/// listener's) and left out when it is the scheme's own.
fn redirect(
    filter: &Filter,
    c: &Candidate,
    request: &Request,
    listener: ListenerRef,
) -> (u16, String) {
    let r = filter.request_redirect.clone().unwrap_or_default();
    let (path, query) = request
        .path
        .split_once('?')
        .map_or((request.path.as_str(), None), |(p, q)| (p, Some(q)));
    let scheme = r.scheme.clone().unwrap_or_else(|| {
        if request.tls.is_some() {
            "https".into()
        } else {
            "http".into()
        }
    });
    let host = r
        .hostname
        .clone()
        .unwrap_or_else(|| request.host.split(':').next().unwrap_or("").to_string());
    let well_known = if scheme == "https" { 443 } else { 80 };
    let port = r.port.unwrap_or(if r.scheme.is_some() {
        well_known
    } else {
        listener.listener.port
    });
    let mut location = format!("{scheme}://{host}");
    if port != well_known {
        location.push_str(&format!(":{port}"));
    }
    let path = r
        .path
        .as_ref()
        .map_or(Cow::Borrowed(path), |m| Cow::Owned(new_path(m, c, path)));
    location.push_str(&path);
    if let Some(query) = query {
        location.push('?');
        location.push_str(query);
    }
    (r.status_code.unwrap_or(302), location)
}

fn redirect_response(status: u16, location: String) -> Response {
    let reason = match status {
        301 => "Moved Permanently",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        _ => "Found",
    };
    let mut response = responses::controller_error(404);
    response.status = status;
    response.reason = reason;
    response.headers = vec![
        ("Location".into(), HeaderValue::Text(location.into())),
        ("Content-Length".into(), HeaderValue::Number(0)),
    ];
    response.body = Cow::Borrowed("");
    response
}

fn rewrite(filter: &Filter, c: &Candidate, request: &mut Request) {
    let Some(r) = &filter.url_rewrite else { return };
    if let Some(host) = &r.hostname {
        request.host = host.clone();
    }
    if let Some(modifier) = &r.path {
        let (path, query) = request
            .path
            .split_once('?')
            .map_or((request.path.clone(), None), |(p, q)| {
                (p.to_string(), Some(q.to_string()))
            });
        let mut new = new_path(modifier, c, &path);
        if let Some(query) = query {
            new = format!("{new}?{query}");
        }
        request.path = new;
    }
}

/// Applies set, add and remove to the request's headers; returns what changed, for the trace.
fn modify_request(filter: &Filter, request: &mut Request) -> String {
    let Some(m) = &filter.request_header_modifier else {
        return String::new();
    };
    let headers = &mut request.headers;
    for h in &m.set {
        headers.retain(|(k, _)| !k.eq_ignore_ascii_case(&h.name));
        headers.push((h.name.clone(), h.value.clone()));
    }
    for h in &m.add {
        match headers
            .iter_mut()
            .find(|(k, _)| k.eq_ignore_ascii_case(&h.name))
        {
            Some((_, v)) => *v = format!("{v},{}", h.value),
            None => headers.push((h.name.clone(), h.value.clone())),
        }
    }
    for name in &m.remove {
        headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    }
    header_changes(m)
}

/// `set X-A: 1, add X-B: 2, remove X-C`.
fn header_changes(m: &crate::engine::gateway::HeaderModifier) -> String {
    let mut said: Vec<String> = m
        .set
        .iter()
        .map(|h| format!("set {}: {}", h.name, h.value))
        .collect();
    said.extend(m.add.iter().map(|h| format!("add {}: {}", h.name, h.value)));
    said.extend(m.remove.iter().map(|n| format!("remove {n}")));
    said.join(", ")
}

/// A response with the ResponseHeaderModifier's changes: a value sets (or adds) the header, None removes it.
fn modify_response(response: &mut Response, changes: &[(String, Option<String>)]) {
    for (name, value) in changes {
        response
            .headers
            .retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        if let Some(value) = value {
            response.headers.push((
                Cow::Owned(name.clone()),
                HeaderValue::Text(Cow::Owned(value.clone())),
            ));
        }
    }
}
