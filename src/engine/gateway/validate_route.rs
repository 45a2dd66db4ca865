//! What the HTTPRoute CRD defaults and refuses: its parentRefs, each rule's matches and filters (the CEL rules on
//! paths, filters and their combinations) and backendRefs, in the API server's words.

use crate::engine::gateway::validate::{
    bound, hostname_ok, not_supported, pattern, rule, HOSTNAME_PATTERN,
};
use crate::engine::gateway::{
    FilterType, HttpRoute, PathMatch, PathMatchType, PathModifierType, RouteMatch, RouteRule,
    ValueMatchType,
};
use crate::engine::validation::names::{object_meta, Rule};
use crate::engine::validation::{Bad, FieldError};

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
        for (kind, values) in [("headers", &m.headers), ("queryParams", &m.query_params)] {
            for (k, v) in values.iter().enumerate() {
                if let Some(ValueMatchType::Other(text)) = &v.type_ {
                    errs.push(not_supported(
                        format!("{at}.matches[{j}].{kind}[{k}].type"),
                        text,
                        &["Exact", "RegularExpression"],
                    ));
                }
            }
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
    filter_rules(at, &route_rule.filters, errs);
    for (j, backend) in route_rule.backend_refs.iter().enumerate() {
        let field = format!("{at}.backendRefs[{j}]");
        let service = backend.group.as_deref().unwrap_or("").is_empty()
            && backend.kind.as_deref().unwrap_or("Service") == "Service";
        if service && backend.port.is_none() {
            errs.push(rule(field.clone(), "Must have port for Service reference"));
        }
        for (k, filter) in backend.filters.iter().enumerate() {
            filter_fields(&format!("{field}.filters[{k}]"), filter, errs);
        }
        filter_rules(&field, &backend.filters, errs);
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
        if let Some(scheme) = filter
            .request_redirect
            .as_ref()
            .and_then(|r| r.scheme.as_ref())
        {
            if scheme != "http" && scheme != "https" {
                errs.push(not_supported(
                    format!("{at}.requestRedirect.scheme"),
                    scheme,
                    &["http", "https"],
                ));
            }
        }
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
            path.type_ == ReplaceFullPath && path.replace_full_path.is_none(),
            "replaceFullPath must be specified when type is set to 'ReplaceFullPath'",
        ),
        (
            path.replace_full_path.is_some() && path.type_ != ReplaceFullPath,
            "type must be 'ReplaceFullPath' when replaceFullPath is set",
        ),
        (
            path.type_ == ReplacePrefixMatch && path.replace_prefix_match.is_none(),
            "replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'",
        ),
        (
            path.replace_prefix_match.is_some() && path.type_ != ReplacePrefixMatch,
            "type must be 'ReplacePrefixMatch' when replacePrefixMatch is set",
        ),
    ];
    if let PathModifierType::Other(text) = &path.type_ {
        errs.push(not_supported(
            format!("{at}.type"),
            text,
            &["ReplaceFullPath", "ReplacePrefixMatch"],
        ));
    }
    for (broken, message) in checks {
        if broken {
            errs.push(rule(at, message));
        }
    }
}

/// The CEL rules on a rule's filters together.
fn filter_rules(at: &str, filters: &[crate::engine::gateway::Filter], errs: &mut Vec<FieldError>) {
    let count = |t: FilterType| filters.iter().filter(|f| f.type_ == t).count();
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
