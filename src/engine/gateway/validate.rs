//! What the Gateway API CRDs default and refuse: the OpenAPI schemas' defaults, enums, bounds and patterns, and the
//! CEL rules' `x-kubernetes-validations` messages, in the API server's words (`Invalid value: "object": ...` for a
//! rule on an object).

use crate::engine::gateway::{
    FilterType, Gateway, GatewayClass, HttpRoute, ListenerProtocol, PathMatch, PathMatchType,
    PathModifierType, ReferenceGrant, RouteMatch, RouteRule, ValueMatchType,
};
use crate::engine::validation::names::{object_meta, Rule};
use crate::engine::validation::{invalid, Bad, FieldError};

/// The pattern of a listener's and a route's host names.
const HOSTNAME_PATTERN: &str =
    r"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
/// The pattern of a listener's (and a rule's) section name.
const SECTION_PATTERN: &str = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

/// A CEL rule's refusal: the field, `Invalid value: "object"` and the rule's message.
fn rule(field: impl Into<String>, message: &str) -> FieldError {
    invalid(field, Bad::Str("object".into()), message)
}

/// An OpenAPI pattern's refusal.
fn pattern(field: &str, value: &str, pattern: &str) -> FieldError {
    invalid(
        field,
        Bad::Str(value.into()),
        format!("{field} in body should match '{pattern}'"),
    )
}

/// An OpenAPI enum's refusal.
fn not_supported(field: String, value: &str, supported: &[&'static str]) -> FieldError {
    FieldError::NotSupported {
        field,
        value: Bad::Str(value.into()),
        supported: supported.to_vec(),
    }
}

/// An OpenAPI bound: `should be greater than or equal to 1`.
fn bound(field: &str, value: i64, min: i64, max: i64) -> Option<FieldError> {
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
fn hostname_ok(name: &str) -> bool {
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
        let ok = text
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

pub fn default_http_route(route: &mut HttpRoute) {
    for parent in &mut route.spec.parent_refs {
        parent
            .group
            .get_or_insert_with(|| crate::engine::gateway::GROUP.into());
        parent.kind.get_or_insert_with(|| "Gateway".into());
    }
    if route.spec.rules.is_empty() {
        route.spec.rules.push(RouteRule::default());
    }
    for rule in &mut route.spec.rules {
        default_rule(rule);
    }
}

fn default_rule(rule: &mut RouteRule) {
    if rule.matches.is_empty() {
        rule.matches.push(RouteMatch::default());
    }
    for m in &mut rule.matches {
        let path = m.path.get_or_insert(PathMatch {
            type_: None,
            value: None,
        });
        path.type_.get_or_insert(PathMatchType::PathPrefix);
        path.value.get_or_insert_with(|| "/".into());
        for v in m.headers.iter_mut().chain(&mut m.query_params) {
            v.type_.get_or_insert(ValueMatchType::Exact);
        }
    }
    for filter in &mut rule.filters {
        if let Some(redirect) = &mut filter.request_redirect {
            redirect.status_code.get_or_insert(302);
        }
    }
    for backend in &mut rule.backend_refs {
        backend.group.get_or_insert_with(String::new);
        backend.kind.get_or_insert_with(|| "Service".into());
        backend.weight.get_or_insert(1);
    }
}

pub fn http_route(route: &HttpRoute) -> Vec<FieldError> {
    let mut errs = object_meta(&route.metadata, Rule::Subdomain, true);
    let spec = &route.spec;
    for (i, host) in spec.hostnames.iter().enumerate() {
        if !hostname_ok(host) {
            errs.push(pattern(
                &format!("spec.hostnames[{i}]"),
                host,
                HOSTNAME_PATTERN,
            ));
        }
    }
    parent_rules(route, &mut errs);
    for (i, rule) in spec.rules.iter().enumerate() {
        rule_fields(&format!("spec.rules[{i}]"), rule, &mut errs);
    }
    errs
}

fn parent_rules(route: &HttpRoute, errs: &mut Vec<FieldError>) {
    let parents = &route.spec.parent_refs;
    let same = |a: &crate::engine::gateway::ParentRef, b: &crate::engine::gateway::ParentRef| {
        let ns = |p: &crate::engine::gateway::ParentRef| p.namespace.clone().unwrap_or_default();
        a.kind == b.kind && a.group == b.group && a.name == b.name && ns(a) == ns(b)
    };
    let section =
        |p: &crate::engine::gateway::ParentRef| p.section_name.clone().unwrap_or_default();
    let mixed = parents.iter().any(|a| {
        parents
            .iter()
            .any(|b| same(a, b) && section(a).is_empty() != section(b).is_empty())
    });
    if mixed {
        errs.push(rule(
            "spec.parentRefs",
            "sectionName must be specified when parentRefs includes 2 or more references to the same parent",
        ));
    }
    let repeated = parents.iter().enumerate().any(|(i, a)| {
        parents[..i]
            .iter()
            .any(|b| same(a, b) && section(a) == section(b))
    });
    if repeated {
        errs.push(rule(
            "spec.parentRefs",
            "sectionName must be unique when parentRefs includes 2 or more references to the same parent",
        ));
    }
}

fn rule_fields(at: &str, route_rule: &RouteRule, errs: &mut Vec<FieldError>) {
    for (j, m) in route_rule.matches.iter().enumerate() {
        if let Some(path) = &m.path {
            path_match(&format!("{at}.matches[{j}].path"), path, errs);
        }
        if let Some(method) = &m.method {
            const METHODS: &[&str] = &[
                "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
            ];
            if !METHODS.contains(&method.as_str()) {
                errs.push(not_supported(
                    format!("{at}.matches[{j}].method"),
                    method,
                    METHODS,
                ));
            }
        }
    }
    rule_rules(at, route_rule, errs);
    for (j, filter) in route_rule.filters.iter().enumerate() {
        filter_fields(&format!("{at}.filters[{j}]"), filter, errs);
    }
    filter_rules(at, route_rule, errs);
    for (j, backend) in route_rule.backend_refs.iter().enumerate() {
        let field = format!("{at}.backendRefs[{j}]");
        let service = backend.group.as_deref().unwrap_or("").is_empty()
            && backend.kind.as_deref().unwrap_or("Service") == "Service";
        if service && backend.port.is_none() {
            errs.push(rule(field.clone(), "Must have port for Service reference"));
        }
        if let Some(weight) = backend.weight {
            errs.extend(bound(
                &format!("{field}.weight"),
                weight.into(),
                0,
                1_000_000,
            ));
        }
        if let Some(port) = backend.port {
            errs.extend(bound(&format!("{field}.port"), port.into(), 1, 65535));
        }
    }
}

/// The CEL rules on a rule as a whole: a redirect answers without a backend, and replacing a prefix needs exactly
/// one PathPrefix match to know which prefix.
fn rule_rules(at: &str, rule_: &RouteRule, errs: &mut Vec<FieldError>) {
    if !rule_.backend_refs.is_empty() && rule_.filters.iter().any(|f| f.request_redirect.is_some())
    {
        errs.push(rule(
            at,
            "RequestRedirect filter must not be used together with backendRefs",
        ));
    }
    let one_prefix = rule_.matches.len() == 1
        && rule_.matches[0]
            .path
            .as_ref()
            .is_some_and(|p| p.type_ == Some(PathMatchType::PathPrefix));
    let replaces = |p: Option<&crate::engine::gateway::PathModifier>| {
        p.is_some_and(|p| {
            p.type_ == PathModifierType::ReplacePrefixMatch && p.replace_prefix_match.is_some()
        })
    };
    let redirects = rule_
        .filters
        .iter()
        .filter(|f| replaces(f.request_redirect.as_ref().and_then(|r| r.path.as_ref())))
        .count()
        == 1;
    let rewrites = rule_
        .filters
        .iter()
        .filter(|f| replaces(f.url_rewrite.as_ref().and_then(|r| r.path.as_ref())))
        .count()
        == 1;
    if redirects && !one_prefix {
        errs.push(rule(at, "When using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified"));
    }
    if rewrites && !one_prefix {
        errs.push(rule(at, "When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified"));
    }
}

/// The CEL rules on a path match, in the CRD's order.
fn path_match(field: &str, path: &PathMatch, errs: &mut Vec<FieldError>) {
    let value = path.value.as_deref().unwrap_or("/");
    let typed = matches!(
        path.type_,
        Some(PathMatchType::Exact) | Some(PathMatchType::PathPrefix) | None
    );
    if let Some(PathMatchType::Other(text)) = &path.type_ {
        errs.push(not_supported(
            format!("{field}.type"),
            text,
            &["Exact", "PathPrefix", "RegularExpression"],
        ));
        return;
    }
    if !typed {
        return;
    }
    let valid = |b: u8| b.is_ascii_alphanumeric() || b"-/._~!$&'()*+,;=:@%".contains(&b);
    let checks: [(bool, &str); 10] = [
        (!value.starts_with('/'), "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']"),
        (value.contains("//"), "must not contain '//' when type one of ['Exact', 'PathPrefix']"),
        (value.contains("/./"), "must not contain '/./' when type one of ['Exact', 'PathPrefix']"),
        (value.contains("/../"), "must not contain '/../' when type one of ['Exact', 'PathPrefix']"),
        (value.contains("%2f"), "must not contain '%2f' when type one of ['Exact', 'PathPrefix']"),
        (value.contains("%2F"), "must not contain '%2F' when type one of ['Exact', 'PathPrefix']"),
        (value.contains('#'), "must not contain '#' when type one of ['Exact', 'PathPrefix']"),
        (value.ends_with("/.."), "must not end with '/..' when type one of ['Exact', 'PathPrefix']"),
        (value.ends_with("/."), "must not end with '/.' when type one of ['Exact', 'PathPrefix']"),
        (!value.bytes().all(valid) || !percent_ok(value), "must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types ['Exact', 'PathPrefix']"),
    ];
    for (broken, message) in checks {
        if broken {
            errs.push(rule(field, message));
        }
    }
}

/// Every `%` starts two hex digits.
fn percent_ok(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    })
}

/// A filter's own rules: the field its type names must be set, and no other.
fn filter_fields(at: &str, filter: &crate::engine::gateway::Filter, errs: &mut Vec<FieldError>) {
    let fields: [(&str, FilterType, bool); 4] = [
        (
            "requestHeaderModifier",
            FilterType::RequestHeaderModifier,
            filter.request_header_modifier.is_some(),
        ),
        (
            "responseHeaderModifier",
            FilterType::ResponseHeaderModifier,
            filter.response_header_modifier.is_some(),
        ),
        (
            "requestRedirect",
            FilterType::RequestRedirect,
            filter.request_redirect.is_some(),
        ),
        (
            "urlRewrite",
            FilterType::URLRewrite,
            filter.url_rewrite.is_some(),
        ),
    ];
    for (name, type_, set) in fields {
        let typed = filter.type_ == type_;
        let type_name = type_.as_str();
        if set && !typed {
            errs.push(rule(
                at,
                &format!("filter.{name} must be nil if the filter.type is not {type_name}"),
            ));
        }
        if !set && typed {
            errs.push(rule(
                at,
                &format!("filter.{name} must be specified for {type_name} filter.type"),
            ));
        }
    }
    if let FilterType::Other(text) = &filter.type_ {
        errs.push(not_supported(
            format!("{at}.type"),
            text,
            &[
                "RequestHeaderModifier",
                "ResponseHeaderModifier",
                "RequestMirror",
                "RequestRedirect",
                "URLRewrite",
                "ExtensionRef",
            ],
        ));
    }
    let path = filter
        .request_redirect
        .as_ref()
        .and_then(|r| r.path.as_ref())
        .map(|p| (p, "requestRedirect"))
        .or(filter
            .url_rewrite
            .as_ref()
            .and_then(|r| r.path.as_ref())
            .map(|p| (p, "urlRewrite")));
    if let Some((path, name)) = path {
        path_modifier(&format!("{at}.{name}.path"), path, errs);
    }
    if let Some(code) = filter.request_redirect.as_ref().and_then(|r| r.status_code) {
        if code != 301 && code != 302 {
            errs.push(FieldError::NotSupported {
                field: format!("{at}.requestRedirect.statusCode"),
                value: Bad::Num(code.into()),
                supported: vec!["301", "302"],
            });
        }
    }
}

fn path_modifier(
    at: &str,
    path: &crate::engine::gateway::PathModifier,
    errs: &mut Vec<FieldError>,
) {
    use PathModifierType::{ReplaceFullPath, ReplacePrefixMatch};
    let checks = [
        (
            path.replace_full_path.is_some() && path.type_ != ReplaceFullPath,
            "replaceFullPath must be specified when type is set to 'ReplaceFullPath'",
        ),
        (
            path.type_ == ReplaceFullPath && path.replace_full_path.is_none(),
            "type must be 'ReplaceFullPath' when replaceFullPath is set",
        ),
        (
            path.replace_prefix_match.is_some() && path.type_ != ReplacePrefixMatch,
            "replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'",
        ),
        (
            path.type_ == ReplacePrefixMatch && path.replace_prefix_match.is_none(),
            "type must be 'ReplacePrefixMatch' when replacePrefixMatch is set",
        ),
    ];
    for (broken, message) in checks {
        if broken {
            errs.push(rule(at, message));
        }
    }
}

/// The CEL rules on a rule's filters together.
fn filter_rules(at: &str, rule_: &RouteRule, errs: &mut Vec<FieldError>) {
    let count = |t: FilterType| rule_.filters.iter().filter(|f| f.type_ == t).count();
    let field = format!("{at}.filters");
    if count(FilterType::RequestRedirect) > 0 && count(FilterType::URLRewrite) > 0 {
        errs.push(rule(
            field.clone(),
            "May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both",
        ));
    }
    for (t, message) in [
        (
            FilterType::RequestHeaderModifier,
            "RequestHeaderModifier filter cannot be repeated",
        ),
        (
            FilterType::ResponseHeaderModifier,
            "ResponseHeaderModifier filter cannot be repeated",
        ),
        (
            FilterType::RequestRedirect,
            "RequestRedirect filter cannot be repeated",
        ),
        (
            FilterType::URLRewrite,
            "URLRewrite filter cannot be repeated",
        ),
    ] {
        if count(t) > 1 {
            errs.push(rule(field.clone(), message));
        }
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
