//! An HTTPRoute rule's filters on a request through Traefik, in order: RequestRedirect answers at once (its Location
//! built as the spec derives scheme, host, port and path), URLRewrite and RequestHeaderModifier change what the backend
//! sees, ResponseHeaderModifier what the client gets back; a filter Traefik does not load makes it answer 500.

use std::borrow::Cow;

use crate::engine::api::Kind;
use crate::engine::api::ObjectMeta;
use crate::engine::gateway::routes::{Candidate, ListenerRef};
use crate::engine::gateway::{
    Filter, FilterType, HeaderModifier, PathMatchType, PathModifier, PathModifierType, RouteRule,
};
use crate::engine::traffic::gateway::{answer, Forwarded, HeaderChange};
use crate::engine::traffic::{
    responses, why, HeaderValue, HopObject, HopStep, Hops, Msg, Outcome, Request, Response,
};

/// The rule's filters in order: a redirect answers at once; a rewrite and header changes shape what the backend
/// sees and what the client gets back. Filters Traefik does not load make it answer 500.
pub(super) fn apply_filters(
    c: &Candidate,
    rule: &RouteRule,
    request: &Request,
    listener: ListenerRef,
    hops: &mut Hops,
) -> Result<Forwarded, Outcome> {
    let prefix = c
        .matched
        .path
        .as_ref()
        .filter(|p| p.type_ == Some(PathMatchType::PathPrefix))
        .and_then(|p| p.value.as_deref())
        .unwrap_or("/")
        .trim_end_matches('/')
        .to_string();
    let mut forwarded = Forwarded {
        request: request.clone(),
        response_headers: Vec::new(),
        prefix,
    };
    for filter in &rule.filters {
        apply_one(
            filter,
            &c.route.metadata,
            Some(listener),
            &mut forwarded,
            hops,
        )?;
    }
    Ok(forwarded)
}

/// The filters of the backend the request goes to, after the rule's, as Traefik runs them.
pub(super) fn apply_backend_filters(
    filters: &[Filter],
    route: &ObjectMeta,
    forwarded: &mut Forwarded,
    hops: &mut Hops,
) -> Result<(), Outcome> {
    for filter in filters {
        apply_one(filter, route, None, forwarded, hops)?;
    }
    Ok(())
}

/// One filter; a redirect (only on a rule, where `listener` is known) answers at once.
fn apply_one(
    filter: &Filter,
    meta: &ObjectMeta,
    listener: Option<ListenerRef>,
    forwarded: &mut Forwarded,
    hops: &mut Hops,
) -> Result<(), Outcome> {
    let route = || HopObject::of(Kind::HttpRoute, meta);
    match (&filter.type_, listener) {
        (FilterType::RequestRedirect, Some(listener)) => {
            let (status, location) =
                redirect(filter, &forwarded.prefix, &forwarded.request, listener);
            hops.push(HopStep::Filter, route, || {
                why!(Msg::FilterRedirect, status, location.as_str())
            });
            return Err(answer(redirect_response(status, location)));
        }
        (FilterType::URLRewrite, _) => {
            rewrite(filter, &forwarded.prefix, &mut forwarded.request);
            let r = &forwarded.request;
            hops.push(HopStep::Filter, route, || {
                why!(Msg::FilterRewrite, &r.host, &r.path)
            });
        }
        (FilterType::RequestHeaderModifier, _) => {
            let said = modify_request(filter, &mut forwarded.request);
            hops.push(HopStep::Filter, route, || {
                why!(Msg::FilterRequestHeaders, said.as_str())
            });
        }
        (FilterType::ResponseHeaderModifier, _) => {
            let Some(m) = &filter.response_header_modifier else {
                return Ok(());
            };
            let changes = &mut forwarded.response_headers;
            changes.extend(
                m.set
                    .iter()
                    .map(|h| HeaderChange::Set(h.name.clone(), h.value.clone())),
            );
            changes.extend(
                m.add
                    .iter()
                    .map(|h| HeaderChange::Add(h.name.clone(), h.value.clone())),
            );
            changes.extend(m.remove.iter().map(|n| HeaderChange::Remove(n.clone())));
            hops.push(HopStep::Filter, route, || {
                why!(Msg::FilterResponseHeaders, header_changes(m))
            });
        }
        (other, _) => {
            hops.push(HopStep::Filter, route, || {
                why!(Msg::FilterUnsupported, other.as_str())
            });
            return Err(answer(responses::controller_error(500)));
        }
    }
    Ok(())
}

/// The path a redirect or rewrite gives: a full replacement, or the matched prefix (without its trailing `/`)
/// replaced.
fn new_path(modifier: &PathModifier, prefix: &str, path: &str) -> String {
    match modifier.type_ {
        PathModifierType::ReplaceFullPath => modifier.replace_full_path.clone().unwrap_or_default(),
        _ => {
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
    prefix: &str,
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
    let path = r.path.as_ref().map_or(Cow::Borrowed(path), |m| {
        Cow::Owned(new_path(m, prefix, path))
    });
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

fn rewrite(filter: &Filter, prefix: &str, request: &mut Request) {
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
        let mut new = new_path(modifier, prefix, &path);
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
fn header_changes(m: &HeaderModifier) -> String {
    let mut said: Vec<String> = m
        .set
        .iter()
        .map(|h| format!("set {}: {}", h.name, h.value))
        .collect();
    said.extend(m.add.iter().map(|h| format!("add {}: {}", h.name, h.value)));
    said.extend(m.remove.iter().map(|n| format!("remove {n}")));
    said.join(", ")
}

/// A response with the ResponseHeaderModifier's changes: set replaces a header, add appends to it (`old,new`),
/// remove drops it; names compared without case.
pub(super) fn modify_response(response: &mut Response, changes: &[HeaderChange]) {
    fn text(value: String) -> HeaderValue {
        HeaderValue::Text(Cow::Owned(value))
    }
    let headers = &mut response.headers;
    for change in changes {
        match change {
            HeaderChange::Set(name, value) => {
                headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
                headers.push((Cow::Owned(name.clone()), text(value.clone())));
            }
            HeaderChange::Add(name, value) => {
                match headers
                    .iter_mut()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                {
                    Some((_, old)) => *old = text(format!("{old},{value}")),
                    None => headers.push((Cow::Owned(name.clone()), text(value.clone()))),
                }
            }
            HeaderChange::Remove(name) => headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name)),
        }
    }
}
