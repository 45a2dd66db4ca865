//! The Gateway API in the picture: a row of Gateways (their class and listeners) under the Internet, their
//! HTTPRoutes beside the Ingresses, an edge for each parentRef (Gateway → HTTPRoute) and each backendRef (HTTPRoute
//! → Service, with its match and its share of the weight), and a dead end for a backend that names no Service.

use crate::engine::api::{Kind, Service};
use crate::engine::gateway::{Gateway, HttpRoute, RouteRule};
use crate::scene::place::row_of_blocks;
use crate::scene::{Block, FieldRef, ROW_INGRESS};

/// A block per Gateway: its class, then its listeners (`web:80`, `websecure:443 nginx.example`).
pub(super) fn gateway_row(gateways: &[&Gateway]) -> Vec<Block> {
    row_of_blocks(
        gateways.iter().map(|g| {
            let listeners: Vec<String> = g
                .spec
                .listeners
                .iter()
                .map(|l| {
                    let host = l
                        .hostname
                        .as_deref()
                        .map(|h| format!(" {h}"))
                        .unwrap_or_default();
                    format!("{}:{}{host}", l.name, l.port)
                })
                .collect();
            (
                g.metadata.namespace().to_string(),
                g.metadata.name.clone(),
                format!(
                    "Gateway {}\n{}",
                    g.spec.gateway_class_name,
                    listeners.join(" · ")
                ),
            )
        }),
        ROW_INGRESS,
    )
}

/// An HTTPRoute block's detail: its host names.
pub(super) fn route_detail(route: &HttpRoute) -> String {
    let hosts = if route.spec.hostnames.is_empty() {
        "*".to_string()
    } else {
        route.spec.hostnames.join(",")
    };
    format!("HTTPRoute {hosts}")
}

/// Each parentRef of a route that names a Gateway drawn: the Gateway's index and the edge's label and field.
pub(super) fn parents(route: &HttpRoute, gateways: &[&Gateway]) -> Vec<(usize, String, FieldRef)> {
    let ns = route.metadata.namespace();
    route
        .spec
        .parent_refs
        .iter()
        .enumerate()
        .filter_map(|(i, parent)| {
            let g = gateways
                .iter()
                .position(|g| crate::engine::gateway::routes::names_gateway(parent, ns, g))?;
            let label = parent.section_name.clone().unwrap_or_default();
            Some((g, label, field(route, format!("spec.parentRefs[{i}]"))))
        })
        .collect()
}

/// One backendRef of a route: the Service's name and namespace, the edge's label and its field.
pub(super) struct BackendEdge {
    pub namespace: String,
    pub service: String,
    pub label: String,
    pub field: FieldRef,
}

/// Every backendRef of a route, labelled with its rule's first match and, when the rule splits, its share.
pub(super) fn backends(route: &HttpRoute) -> Vec<BackendEdge> {
    let mut out = Vec::new();
    for (r, rule) in route.spec.rules.iter().enumerate() {
        let total: i64 = rule
            .backend_refs
            .iter()
            .map(|b| i64::from(b.weight.unwrap_or(1).max(0)))
            .sum();
        for (b, backend) in rule.backend_refs.iter().enumerate() {
            let share = if rule.backend_refs.len() > 1 && total > 0 {
                format!(
                    " {}%",
                    i64::from(backend.weight.unwrap_or(1).max(0)) * 100 / total
                )
            } else {
                String::new()
            };
            // A rule that matches everything says only its share, so labels of a split stay apart.
            let matched = match_label(rule);
            let label = match (matched.as_str(), share.as_str()) {
                ("PathPrefix /", share) if !share.is_empty() => share.trim_start().to_string(),
                (matched, share) => format!("{matched}{share}"),
            };
            out.push(BackendEdge {
                namespace: backend
                    .namespace
                    .clone()
                    .unwrap_or_else(|| route.metadata.namespace().to_string()),
                service: backend.name.clone(),
                label,
                field: field(route, format!("spec.rules[{r}].backendRefs[{b}]")),
            });
        }
    }
    out
}

/// `PathPrefix /app`, `Exact /`, with `+` when the rule has more matches or conditions.
fn match_label(rule: &RouteRule) -> String {
    let Some(first) = rule.matches.first() else {
        return "PathPrefix /".to_string();
    };
    let path = first.path.as_ref();
    let type_ = path
        .and_then(|p| p.type_.as_ref())
        .map_or("PathPrefix", |t| t.as_str());
    let value = path.and_then(|p| p.value.as_deref()).unwrap_or("/");
    let more = rule.matches.len() > 1
        || first.method.is_some()
        || !first.headers.is_empty()
        || !first.query_params.is_empty();
    format!("{type_} {value}{}", if more { " +" } else { "" })
}

/// Whether a backend names this Service.
pub(super) fn names(backend: &BackendEdge, service: &Service) -> bool {
    backend.service == service.metadata.name && backend.namespace == service.metadata.namespace()
}

fn field(route: &HttpRoute, path: String) -> FieldRef {
    FieldRef {
        kind: Kind::HttpRoute,
        name: route.metadata.name.clone(),
        path,
    }
}
