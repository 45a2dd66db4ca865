//! Which HTTPRoute rule a request takes, as the Gateway API spec orders it: the listener whose hostname matches
//! most specifically, the routes attached to it (parentRefs, allowedRoutes, hostname intersection), their matches
//! (path, method, headers, query parameters), and the spec's precedence among the matches that fit.

use std::cmp::Reverse;

use crate::engine::gateway::{
    FromNamespaces, Gateway, HttpRoute, Listener, ListenerProtocol, ParentRef, PathMatchType,
    RouteMatch, ValueMatchType, GROUP,
};
use crate::engine::order;
use crate::engine::store::Store;

/// The controller name Traefik answers to.
pub const TRAEFIK_CONTROLLER: &str = "traefik.io/gateway-controller";

/// What a request brings to matching: its host (lower case, no port), path (without the query), method, headers
/// and query parameters.
#[derive(Debug)]
pub struct Wanted<'r> {
    pub host: &'r str,
    pub path: &'r str,
    pub query: Vec<(String, String)>,
    pub method: &'r str,
    pub headers: &'r [(String, String)],
}

impl<'r> Wanted<'r> {
    pub fn new(
        host: &'r str,
        target: &'r str,
        method: &'r str,
        headers: &'r [(String, String)],
    ) -> Self {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let query = form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Wanted {
            host,
            path,
            query,
            method,
            headers,
        }
    }
}

/// A listener of a Gateway.
#[derive(Debug, Clone, Copy)]
pub struct ListenerRef<'a> {
    pub gateway: &'a Gateway,
    pub listener: &'a Listener,
}

/// The Gateways a controller named `controller` runs (their class names it).
pub fn controlled<'a>(
    store: &'a Store,
    controller: &str,
) -> impl Iterator<Item = &'a Gateway> + 'a {
    let controller = controller.to_string();
    store.gateways().values().filter(move |g| {
        store
            .gatewayclasses()
            .get(&format!("/{}", g.spec.gateway_class_name))
            .is_some_and(|c| c.spec.controller_name == controller)
    })
}

/// Whether a host name (or `*.` wildcard) matches a host.
pub fn host_fits(pattern: &str, host: &str) -> bool {
    match pattern.strip_prefix("*.") {
        Some(suffix) => {
            host.len() > suffix.len() + 1
                && host.ends_with(suffix)
                && host[..host.len() - suffix.len()].ends_with('.')
        }
        None => pattern == host,
    }
}

/// How specific a matching host name is: its non-wildcard characters first, then all of them.
fn specificity(pattern: Option<&str>) -> (usize, usize) {
    match pattern {
        None => (0, 0),
        Some(p) if p.starts_with("*.") => (0, p.len()),
        Some(p) => (p.len(), p.len()),
    }
}

/// Every listener of these Gateways.
pub fn listeners_of<'a>(
    gateways: impl Iterator<Item = &'a Gateway>,
) -> impl Iterator<Item = ListenerRef<'a>> {
    gateways.flat_map(|gateway| {
        gateway
            .spec
            .listeners
            .iter()
            .map(move |listener| ListenerRef { gateway, listener })
    })
}

/// The listeners on `port` (HTTP, or HTTPS when `tls`) whose hostname matches `host`, most specific first. Routes
/// of all of them compete, and a route's host names (narrowed by its listener's) decide first, so the most specific
/// listener's routes win, as the spec asks.
pub fn listeners_for<'a>(
    gateways: impl Iterator<Item = &'a Gateway>,
    port: u16,
    tls: bool,
    host: &str,
) -> Vec<ListenerRef<'a>> {
    let protocol = if tls {
        ListenerProtocol::HTTPS
    } else {
        ListenerProtocol::HTTP
    };
    let mut found: Vec<ListenerRef> = listeners_of(gateways)
        .filter(|l| l.listener.port == i32::from(port) && l.listener.protocol == protocol)
        .filter(|l| {
            l.listener
                .hostname
                .as_deref()
                .is_none_or(|h| host_fits(h, host))
        })
        .collect();
    order::sort_by_key(&mut found, |l| {
        Reverse(specificity(l.listener.hostname.as_deref()))
    });
    found
}

/// The host names a route serves on a listener: the intersection of both (None: every host). An empty list means
/// the two have none in common.
pub fn intersection(listener: Option<&str>, route: &[String]) -> Option<Vec<String>> {
    let Some(listener) = listener else {
        return (!route.is_empty()).then(|| route.to_vec());
    };
    if route.is_empty() {
        return Some(vec![listener.to_string()]);
    }
    Some(
        route
            .iter()
            .filter_map(|r| intersect(listener, r))
            .collect(),
    )
}

/// The more specific of two host names when one covers the other: equal names, a name (or narrower wildcard)
/// under a wildcard.
fn intersect(listener: &str, route: &str) -> Option<String> {
    let base = |h: &str| h.strip_prefix("*.").map(str::to_string);
    let under = |wildcard: &str, name: &str| {
        wildcard.starts_with("*.") && host_fits(wildcard, base(name).as_deref().unwrap_or(name))
    };
    if listener == route || under(listener, route) {
        Some(route.to_string())
    } else if under(route, listener) {
        Some(listener.to_string())
    } else {
        None
    }
}

/// Why a route does not attach to a listener, as the status reasons say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAttached {
    NoMatchingParent,
    NotAllowedByListeners,
    NoMatchingListenerHostname,
}

impl NotAttached {
    pub fn reason(self) -> &'static str {
        match self {
            NotAttached::NoMatchingParent => "NoMatchingParent",
            NotAttached::NotAllowedByListeners => "NotAllowedByListeners",
            NotAttached::NoMatchingListenerHostname => "NoMatchingListenerHostname",
        }
    }
}

/// Whether a parentRef names this Gateway (and this listener, by sectionName or port).
pub fn names_listener(parent: &ParentRef, route_ns: &str, l: ListenerRef) -> bool {
    names_gateway(parent, route_ns, l.gateway)
        && parent
            .section_name
            .as_ref()
            .is_none_or(|s| *s == l.listener.name)
        && parent.port.is_none_or(|p| p == l.listener.port)
}

/// Whether a parentRef names this Gateway.
pub fn names_gateway(parent: &ParentRef, route_ns: &str, gateway: &Gateway) -> bool {
    parent.group.as_deref().unwrap_or(GROUP) == GROUP
        && parent.kind.as_deref().unwrap_or("Gateway") == "Gateway"
        && parent.name == gateway.metadata.name
        && parent.namespace.as_deref().unwrap_or(route_ns) == gateway.metadata.namespace()
}

/// Whether the route attaches to the listener through `parent`, or the first reason it does not.
pub fn attaches(
    store: &Store,
    route: &HttpRoute,
    parent: &ParentRef,
    l: ListenerRef,
) -> Result<Vec<String>, NotAttached> {
    let route_ns = route.metadata.namespace();
    if !names_listener(parent, route_ns, l) {
        return Err(NotAttached::NoMatchingParent);
    }
    if !allowed(store, route_ns, l) {
        return Err(NotAttached::NotAllowedByListeners);
    }
    match intersection(l.listener.hostname.as_deref(), &route.spec.hostnames) {
        Some(hosts) if hosts.is_empty() => Err(NotAttached::NoMatchingListenerHostname),
        hosts => Ok(hosts.unwrap_or_default()),
    }
}

/// The listener's `allowedRoutes`: the route's namespace (Same, All, Selector) and kind.
fn allowed(store: &Store, route_ns: &str, l: ListenerRef) -> bool {
    let routes = l.listener.allowed_routes.as_ref();
    let kinds_ok = routes.is_none_or(|r| {
        r.kinds.is_empty()
            || r.kinds
                .iter()
                .any(|k| k.kind == "HTTPRoute" && k.group.as_deref().unwrap_or(GROUP) == GROUP)
    });
    let namespaces = routes.and_then(|r| r.namespaces.as_ref());
    let from = namespaces
        .and_then(|n| n.from.clone())
        .unwrap_or(FromNamespaces::Same);
    let ns_ok = match from {
        FromNamespaces::All => true,
        FromNamespaces::Selector => {
            let labels = store
                .namespaces()
                .get(&format!("/{route_ns}"))
                .map(|n| n.metadata.labels.clone())
                .unwrap_or_default();
            namespaces
                .and_then(|n| n.selector.as_ref())
                .is_some_and(|s| s.matches(&labels))
        }
        FromNamespaces::Same | FromNamespaces::Other(_) => {
            route_ns == l.gateway.metadata.namespace()
        }
    };
    kinds_ok && ns_ok
}

/// One match of one rule that fits the request, with what the spec orders matches by.
#[derive(Debug)]
pub struct Candidate<'a> {
    /// The listener the route is attached to.
    pub listener: ListenerRef<'a>,
    pub route: &'a HttpRoute,
    pub rule: usize,
    pub index: usize,
    pub matched: &'a RouteMatch,
    /// The route's host name that matched the request, None when the route serves every host.
    pub host: Option<String>,
}

impl Candidate<'_> {
    /// The spec's precedence, largest first: host specificity, Exact path, longest prefix, method, most headers,
    /// most query parameters; then the oldest route, its namespace/name, and the rule and match order.
    fn key(&self) -> impl Ord + '_ {
        let path = self.matched.path.as_ref();
        let exact = path.is_some_and(|p| p.type_ == Some(PathMatchType::Exact));
        let length = path.and_then(|p| p.value.as_deref()).map_or(1, str::len);
        let meta = &self.route.metadata;
        (
            Reverse(specificity(self.host.as_deref())),
            Reverse(exact),
            Reverse(length),
            Reverse(self.matched.method.is_some()),
            Reverse(self.matched.headers.len()),
            Reverse(self.matched.query_params.len()),
            meta.created,
            (meta.namespace(), meta.name.as_str()),
            self.rule,
            self.index,
        )
    }
}

/// The rule matches that fit the request among the routes attached to the listeners, best first.
pub fn candidates<'a>(
    store: &'a Store,
    listeners: &[ListenerRef<'a>],
    wanted: &Wanted,
) -> Vec<Candidate<'a>> {
    let mut found: Vec<Candidate> = Vec::new();
    for &l in listeners {
        for route in store.httproutes().values() {
            let hosts = route
                .spec
                .parent_refs
                .iter()
                .find_map(|p| attaches(store, route, p, l).ok());
            let Some(hosts) = hosts else { continue };
            let host = if hosts.is_empty() {
                None
            } else {
                match hosts
                    .iter()
                    .filter(|h| host_fits(h, wanted.host))
                    .max_by_key(|h| specificity(Some(h)))
                {
                    Some(h) => Some(h.clone()),
                    None => continue,
                }
            };
            for (rule, r) in route.spec.rules.iter().enumerate() {
                for (index, m) in r.matches.iter().enumerate() {
                    if fits(m, wanted) {
                        found.push(Candidate {
                            listener: l,
                            route,
                            rule,
                            index,
                            matched: m,
                            host: host.clone(),
                        });
                    }
                }
            }
        }
    }
    order::sort_by(&mut found, |a, b| a.key().cmp(&b.key()));
    found
}

/// Whether one match fits: every condition it gives holds.
pub fn fits(m: &RouteMatch, wanted: &Wanted) -> bool {
    let path_ok = m.path.as_ref().is_none_or(|p| {
        let value = p.value.as_deref().unwrap_or("/");
        match p.type_.as_ref().unwrap_or(&PathMatchType::PathPrefix) {
            PathMatchType::Exact => wanted.path == value,
            PathMatchType::PathPrefix => prefix_fits(value, wanted.path),
            PathMatchType::RegularExpression => regex_fits(value, wanted.path),
            PathMatchType::Other(_) => false,
        }
    });
    let method_ok = m
        .method
        .as_deref()
        .is_none_or(|method| method == wanted.method);
    let headers_ok = m.headers.iter().all(|h| {
        wanted
            .headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(&h.name))
            .is_some_and(|(_, value)| value_fits(h.type_.as_ref(), &h.value, value))
    });
    let query_ok = m.query_params.iter().all(|q| {
        wanted
            .query
            .iter()
            .find(|(name, _)| *name == q.name)
            .is_some_and(|(_, value)| value_fits(q.type_.as_ref(), &q.value, value))
    });
    path_ok && method_ok && headers_ok && query_ok
}

fn value_fits(type_: Option<&ValueMatchType>, wanted: &str, value: &str) -> bool {
    match type_.unwrap_or(&ValueMatchType::Exact) {
        ValueMatchType::RegularExpression => regex_fits(wanted, value),
        _ => wanted == value,
    }
}

/// PathPrefix matches whole path elements, a trailing `/` of the prefix ignored: `/abc` matches `/abc`, `/abc/`
/// and `/abc/def`, not `/abcd`.
pub fn prefix_fits(prefix: &str, path: &str) -> bool {
    let prefix = prefix.trim_end_matches('/');
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// A regular expression matches the whole value (Traefik anchors nothing, but Go's RE2 as the spec suggests
/// matches anywhere; kplay matches anywhere, as Traefik's `PathRegexp` does).
fn regex_fits(pattern: &str, value: &str) -> bool {
    regex_lite::Regex::new(pattern).is_ok_and(|re| re.is_match(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_match_whole_elements() {
        assert!(prefix_fits("/abc", "/abc"));
        assert!(prefix_fits("/abc/", "/abc"));
        assert!(prefix_fits("/abc", "/abc/def"));
        assert!(!prefix_fits("/abc", "/abcd"));
        assert!(prefix_fits("/", "/anything"));
    }

    #[test]
    fn hostnames_intersect_as_the_spec_says() {
        let hosts = |l: Option<&str>, r: &[&str]| {
            intersection(l, &r.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        };
        assert_eq!(hosts(None, &[]), None);
        assert_eq!(
            hosts(Some("*.example.com"), &[]),
            Some(vec!["*.example.com".into()])
        );
        assert_eq!(
            hosts(Some("*.example.com"), &["foo.example.com", "bar.net"]),
            Some(vec!["foo.example.com".into()])
        );
        assert_eq!(
            hosts(Some("foo.example.com"), &["*.example.com"]),
            Some(vec!["foo.example.com".into()])
        );
        assert_eq!(
            hosts(Some("very.specific.com"), &["other.com"]),
            Some(vec![])
        );
        assert!(host_fits("*.example.com", "a.b.example.com"));
        assert!(!host_fits("*.example.com", "example.com"));
    }
}
