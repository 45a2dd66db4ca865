//! What the Gateway API CRDs default and refuse: the OpenAPI schemas' defaults, enums, bounds and patterns, and the
//! CEL rules' `x-kubernetes-validations` messages, in the API server's words (`Invalid value: "object": ...` for a
//! rule on an object). HTTPRoute's many rules are in `validate_route.rs`.

use crate::engine::gateway::{Gateway, GatewayClass, ListenerProtocol, ReferenceGrant};
use crate::engine::validation::names::{object_meta, Rule};
use crate::engine::validation::{invalid, Bad, FieldError};

/// The pattern of a listener's and a route's host names.
pub(super) const HOSTNAME_PATTERN: &str =
    r"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
/// The pattern of a listener's (and a rule's) section name.
const SECTION_PATTERN: &str = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

/// A CEL rule's refusal: the field, `Invalid value: "object"` and the rule's message.
pub(super) fn rule(field: impl Into<String>, message: &str) -> FieldError {
    invalid(field, Bad::Str("object".into()), message)
}

/// An OpenAPI pattern's refusal.
pub(super) fn pattern(field: &str, value: &str, pattern: &str) -> FieldError {
    invalid(
        field,
        Bad::Str(value.into()),
        format!("{field} in body should match '{pattern}'"),
    )
}

/// An OpenAPI enum's refusal.
pub(super) fn not_supported(field: String, value: &str, supported: &[&'static str]) -> FieldError {
    FieldError::NotSupported {
        field,
        value: Bad::Str(value.into()),
        supported: supported.to_vec(),
    }
}

/// An OpenAPI bound: `should be greater than or equal to 1`.
pub(super) fn bound(field: &str, value: i64, min: i64, max: i64) -> Option<FieldError> {
    let detail = if value < min {
        format!("{field} in body should be greater than or equal to {min}")
    } else if value > max {
        format!("{field} in body should be less than or equal to {max}")
    } else {
        return None;
    };
    Some(invalid(field, Bad::Num(value), detail))
}

/// Whether a host name matches the CRDs' pattern (a lower-case DNS name, with an optional leading `*.`).
pub(super) fn hostname_ok(name: &str) -> bool {
    let rest = name.strip_prefix("*.").unwrap_or(name);
    !rest.is_empty()
        && rest.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

pub fn default_gateway_class(_class: &mut GatewayClass) {}

pub fn gateway_class(class: &GatewayClass) -> Vec<FieldError> {
    let mut errs = object_meta(&class.metadata, Rule::Subdomain, false);
    let name = &class.spec.controller_name;
    if name.is_empty() {
        errs.push(FieldError::Required {
            field: "spec.controllerName".into(),
            detail: String::new(),
        });
    } else if !controller_name_ok(name) {
        errs.push(pattern(
            "spec.controllerName",
            name,
            r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9\/\-._~%!$&'()*+,;=:]+$",
        ));
    }
    errs
}

/// `example.net/gateway-controller`: a domain, a slash and a path.
fn controller_name_ok(name: &str) -> bool {
    name.split_once('/').is_some_and(|(domain, path)| {
        hostname_ok(domain) && !domain.starts_with('*') && !path.is_empty()
    })
}

pub fn default_gateway(gateway: &mut Gateway) {
    for listener in &mut gateway.spec.listeners {
        let routes = listener.allowed_routes.get_or_insert_with(Default::default);
        let namespaces = routes.namespaces.get_or_insert_with(Default::default);
        namespaces
            .from
            .get_or_insert(crate::engine::gateway::FromNamespaces::Same);
        if let Some(tls) = &mut listener.tls {
            tls.mode.get_or_insert_with(|| "Terminate".into());
            for cert in &mut tls.certificate_refs {
                cert.group.get_or_insert_with(String::new);
                cert.kind.get_or_insert_with(|| "Secret".into());
            }
        }
    }
}

pub fn gateway(gateway: &Gateway) -> Vec<FieldError> {
    let mut errs = object_meta(&gateway.metadata, Rule::Subdomain, true);
    let spec = &gateway.spec;
    if spec.gateway_class_name.is_empty() {
        errs.push(FieldError::Required {
            field: "spec.gatewayClassName".into(),
            detail: String::new(),
        });
    }
    if spec.listeners.is_empty() {
        errs.push(invalid(
            "spec.listeners",
            Bad::Num(0),
            "spec.listeners in body should have at least 1 items",
        ));
    }
    for (i, listener) in spec.listeners.iter().enumerate() {
        listener_fields(i, listener, &mut errs);
    }
    listener_rules(gateway, &mut errs);
    errs
}

fn listener_fields(
    i: usize,
    listener: &crate::engine::gateway::Listener,
    errs: &mut Vec<FieldError>,
) {
    let at = |f: &str| format!("spec.listeners[{i}].{f}");
    if !section_ok(&listener.name) {
        errs.push(pattern(&at("name"), &listener.name, SECTION_PATTERN));
    }
    if let Some(host) = &listener.hostname {
        if !hostname_ok(host) {
            errs.push(pattern(&at("hostname"), host, HOSTNAME_PATTERN));
        }
    }
    errs.extend(bound(&at("port"), listener.port.into(), 1, 65535));
    if let ListenerProtocol::Other(text) = &listener.protocol {
        // `http` matches the pattern's first part (a plain word); only Traefik then says it does not speak it.
        let word = !text.is_empty()
            && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !text.starts_with('-')
            && !text.ends_with('-');
        let ok = word
            || text
                .split_once('/')
                .is_some_and(|(d, p)| hostname_ok(d) && !p.is_empty());
        if !ok {
            errs.push(pattern(
                &at("protocol"),
                text,
                r"^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9]+$",
            ));
        }
    }
    if let Some(tls) = &listener.tls {
        let terminate = tls.mode.as_deref().is_none_or(|m| m == "Terminate");
        if terminate
            && tls.certificate_refs.is_empty()
            && tls
                .options
                .as_ref()
                .is_none_or(|o| o.as_object().is_none_or(|o| o.is_empty()))
        {
            errs.push(rule(
                at("tls"),
                "certificateRefs or options must be specified when mode is Terminate",
            ));
        }
    }
    let from = listener
        .allowed_routes
        .as_ref()
        .and_then(|r| r.namespaces.as_ref())
        .and_then(|n| n.from.as_ref());
    if let Some(crate::engine::gateway::FromNamespaces::Other(text)) = from {
        errs.push(not_supported(
            at("allowedRoutes.namespaces.from"),
            text,
            &["All", "Selector", "Same"],
        ));
    }
}

fn section_ok(name: &str) -> bool {
    !name.is_empty() && !name.starts_with("*.") && hostname_ok(name)
}

/// The CEL rules on `spec.listeners` as a whole, in the CRD's order.
fn listener_rules(gateway: &Gateway, errs: &mut Vec<FieldError>) {
    use ListenerProtocol::{HTTP, TCP, UDP};
    let listeners = &gateway.spec.listeners;
    let field = "spec.listeners";
    if listeners
        .iter()
        .any(|l| matches!(l.protocol, HTTP | TCP | UDP) && l.tls.is_some())
    {
        errs.push(rule(
            field,
            "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']",
        ));
    }
    let terminates = |l: &crate::engine::gateway::Listener| {
        l.tls
            .as_ref()
            .is_none_or(|t| matches!(t.mode.as_deref(), None | Some("") | Some("Terminate")))
    };
    if listeners
        .iter()
        .any(|l| l.protocol == ListenerProtocol::HTTPS && !terminates(l))
    {
        errs.push(rule(field, "tls mode must be Terminate for protocol HTTPS"));
    }
    if listeners
        .iter()
        .any(|l| matches!(l.protocol, TCP | UDP) && l.hostname.is_some())
    {
        errs.push(rule(
            field,
            "hostname must not be specified for protocols ['TCP', 'UDP']",
        ));
    }
    let unique_names = listeners
        .iter()
        .enumerate()
        .all(|(i, l)| listeners[..i].iter().all(|o| o.name != l.name));
    if !unique_names {
        errs.push(rule(
            field,
            "Listener name must be unique within the Gateway",
        ));
    }
    let unique_combo = listeners.iter().enumerate().all(|(i, l)| {
        listeners[..i]
            .iter()
            .all(|o| !(o.port == l.port && o.protocol == l.protocol && o.hostname == l.hostname))
    });
    if !unique_combo {
        errs.push(rule(
            field,
            "Combination of port, protocol and hostname must be unique for each listener",
        ));
    }
}

pub fn default_reference_grant(_grant: &mut ReferenceGrant) {}

pub fn reference_grant(grant: &ReferenceGrant) -> Vec<FieldError> {
    let mut errs = object_meta(&grant.metadata, Rule::Subdomain, true);
    if grant.spec.from.is_empty() {
        errs.push(invalid(
            "spec.from",
            Bad::Num(0),
            "spec.from in body should have at least 1 items",
        ));
    }
    if grant.spec.to.is_empty() {
        errs.push(invalid(
            "spec.to",
            Bad::Num(0),
            "spec.to in body should have at least 1 items",
        ));
    }
    errs
}
