//! Whether an HTTPRoute's backendRef can be used: a Service (the only kind kplay's Traefik loads), in the route's
//! namespace or one whose ReferenceGrant allows it, that exists and has the port. What Traefik writes in the
//! route's `ResolvedRefs` condition when it cannot, and answers (500) for that share of the traffic.

use crate::engine::gateway::{BackendRef, HttpRoute, GROUP};
use crate::engine::store::Store;

/// Why a backend cannot be used: the `ResolvedRefs` reason and Traefik's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    pub reason: &'static str,
    pub message: String,
}

/// The namespace a backendRef points into.
pub fn namespace_of<'a>(route: &'a HttpRoute, backend: &'a BackendRef) -> &'a str {
    backend
        .namespace
        .as_deref()
        .unwrap_or(route.metadata.namespace())
}

/// None when the backend resolves; else why not, in Traefik's words.
pub fn unresolved(store: &Store, route: &HttpRoute, backend: &BackendRef) -> Option<Unresolved> {
    let group = backend.group.as_deref().unwrap_or("");
    let kind = backend.kind.as_deref().unwrap_or("Service");
    let ns = namespace_of(route, backend);
    let name = &backend.name;
    let core = if group.is_empty() { "core" } else { group };
    if !(group.is_empty() && kind == "Service") {
        return Some(Unresolved {
            reason: "InvalidKind",
            message: format!("Cannot load HTTPBackendRef {core}/{kind}/{ns}/{name}: unsupported HTTPBackendRef {core}/{kind}/{name}"),
        });
    }
    if ns != route.metadata.namespace() && !granted(store, route, ns, name) {
        return Some(Unresolved {
            reason: "RefNotPermitted",
            message: format!(
                "Cannot load HTTPBackendRef {core}/{kind}/{ns}/{name}: missing ReferenceGrant"
            ),
        });
    }
    let Some(service) = store.services().get(&format!("{ns}/{name}")) else {
        return Some(Unresolved {
            reason: "BackendNotFound",
            message: format!("Cannot load HTTPBackendRef {ns}/{name}: getting service: service \"{name}\" not found"),
        });
    };
    let port = backend.port?;
    if !service.spec.ports.iter().any(|p| p.port == port) {
        return Some(Unresolved {
            reason: "BackendNotFound",
            message: format!(
                "Cannot load HTTPBackendRef {ns}/{name}: service port {port} not found"
            ),
        });
    }
    None
}

/// Whether a ReferenceGrant in the Service's namespace lets HTTPRoutes of the route's namespace refer to it.
pub fn granted(store: &Store, route: &HttpRoute, ns: &str, name: &str) -> bool {
    grants(
        store,
        ns,
        "HTTPRoute",
        route.metadata.namespace(),
        "Service",
        name,
    )
}

/// Whether a ReferenceGrant in `ns` lets objects of `from_kind` (Gateway API group) in `from_ns` refer to the core
/// object `to_kind`/`name` there.
pub fn grants(
    store: &Store,
    ns: &str,
    from_kind: &str,
    from_ns: &str,
    to_kind: &str,
    name: &str,
) -> bool {
    store
        .referencegrants()
        .values()
        .filter(|g| g.metadata.namespace() == ns)
        .any(|g| {
            let from = g
                .spec
                .from
                .iter()
                .any(|f| f.group == GROUP && f.kind == from_kind && f.namespace == from_ns);
            let to = g.spec.to.iter().any(|t| {
                t.group.is_empty()
                    && t.kind == to_kind
                    && t.name.as_deref().is_none_or(|n| n == name)
            });
            from && to
        })
}
