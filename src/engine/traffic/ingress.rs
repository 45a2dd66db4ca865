//! The ingress controller's part of a request: which Ingresses it serves, which rule matches the host and path (the
//! Kubernetes spec's rules: exact or one-label wildcard hosts, Prefix by whole path elements, Exact, longest match
//! first), and which Service port the rule names.

use serde::{Deserialize, Serialize};

use crate::engine::api::{Ingress, IngressBackend};
use crate::engine::traffic::traefik::{controller_image, skips_empty_services, traefik_major};
use crate::engine::traffic::{responses, Hop, Outcome, Request, Trace};
use crate::engine::Cluster;

const CLASS_ANNOTATION: &str = "kubernetes.io/ingress.class";

/// One path rule of one Ingress, flattened.
struct Candidate {
    ingress: String,
    namespace: String,
    host: Option<String>,
    path: String,
    path_type: String,
    backend: IngressBackend,
    index: String,
}

impl Cluster {
    /// The ingress controller pod at `controller_key`, on `node`, routes the request.
    pub(super) fn through_ingress_controller(
        &mut self,
        controller_key: &str,
        node: &str,
        request: &Request,
        trace: &mut Trace,
    ) -> Outcome {
        let Some(controller) = self.store.pods.get(controller_key) else {
            return Outcome::Refused {
                reason: "the ingress controller is gone".into(),
            };
        };
        let controller_ip = controller.status.pod_ip.clone();
        let served: Vec<&Ingress> = self
            .store
            .ingresses
            .values()
            .filter(|i| self.serves(i))
            .collect();
        trace.hops.push(Hop {
            step: "controller".into(),
            object: format!("pod/{}", controller.metadata.name),
            detail: if traefik_major(controller) == Some(1) {
                format!(
                    "Traefik on {node} serves {} Ingress(es) of class traefik. (On a real cluster Traefik 1.7 reads only extensions/v1beta1 Ingresses, which Kubernetes 1.22 removed; kplay lets it read networking.k8s.io/v1 ones so the tutorial works.)",
                    served.len()
                )
            } else {
                format!(
                    "Traefik ({}) on {node} serves {} Ingress(es) of class traefik",
                    controller_image(controller),
                    served.len()
                )
            },
        });
        let host = request
            .host
            .split(':')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let mut candidates: Vec<Candidate> = served.iter().flat_map(|i| rules(i)).collect();
        let mode = self.ingress_mode;
        let mut served = served;
        if mode == IngressMode::Traefik && skips_empty_services(controller) {
            // Traefik v2 and later drop a route whose Service has no endpoints ("Skipping service: no endpoints
            // found"), so the request may fall to another rule or to 404. Traefik 1.x keeps it and answers 503.
            let (kept, empty): (Vec<Candidate>, Vec<Candidate>) = candidates
                .into_iter()
                .partition(|c| self.backend_has_endpoints(&c.namespace, &c.backend));
            candidates = kept;
            if !empty.is_empty() {
                let empty: Vec<String> = empty
                    .iter()
                    .map(|c| format!("ingress/{} {}", c.ingress, c.index))
                    .collect();
                trace.hops.push(Hop {
                    step: "note".into(),
                    object: "ingress".into(),
                    detail: format!(
                        "{} skips {} because the Service has no ready endpoints (allowEmptyServices is off); Traefik 1.x and the Kubernetes spec mode would keep the rule and answer 503",
                        controller_image(controller),
                        empty.join(", ")
                    ),
                });
            }
            served.retain(|i| {
                i.spec
                    .default_backend
                    .as_ref()
                    .is_none_or(|b| self.backend_has_endpoints(i.metadata.namespace(), b))
            });
        }
        let best = pick(&candidates, &host, &request.path, mode);
        let other_mode = match mode {
            IngressMode::Spec => IngressMode::Traefik,
            IngressMode::Traefik => IngressMode::Spec,
        };
        let other = pick(&candidates, &host, &request.path, other_mode);
        if best.map(|c| &c.index) != other.map(|c| &c.index)
            || best.map(|c| &c.ingress) != other.map(|c| &c.ingress)
        {
            let said = |c: Option<&Candidate>| match c {
                Some(c) => format!(
                    "ingress/{} {} ({} {})",
                    c.ingress, c.index, c.path_type, c.path
                ),
                None => "no rule".to_string(),
            };
            trace.hops.push(Hop {
                step: "note".into(),
                object: "ingress".into(),
                detail: format!(
                    "the modes differ here: {} picks {}, {} would pick {}",
                    mode.describe(),
                    said(best),
                    other_mode.describe(),
                    said(other)
                ),
            });
        }
        let (backend, namespace, explanation, object) = match best {
            Some(c) => (
                c.backend.clone(),
                c.namespace.clone(),
                format!(
                    "{}: host {} and path {} ({}) match {}",
                    c.index,
                    c.host.clone().unwrap_or_else(|| "*".into()),
                    c.path,
                    c.path_type,
                    request.path
                ),
                format!("ingress/{}", c.ingress),
            ),
            None => match served.iter().find(|i| i.spec.default_backend.is_some()) {
                Some(i) => (
                    i.spec.default_backend.clone().unwrap_or_default(),
                    i.metadata.namespace().to_string(),
                    format!(
                        "no rule matches host {host} and path {}; ingress/{} has a defaultBackend",
                        request.path, i.metadata.name
                    ),
                    format!("ingress/{}", i.metadata.name),
                ),
                None => {
                    trace.hops.push(Hop {
                        step: "ingress".into(),
                        object: "ingress".into(),
                        detail: format!("no rule of any Ingress matches host {host} and path {}, and none has a defaultBackend", request.path),
                    });
                    if let Some(skipped) = self.store.ingresses.values().find(|i| {
                        !self.serves(i)
                            && (i.spec.default_backend.is_some()
                                || pick(&rules(i), &host, &request.path, mode).is_some())
                    }) {
                        trace.hops.push(Hop {
                            step: "note".into(),
                            object: format!("ingress/{}", skipped.metadata.name),
                            detail: format!(
                                "this Ingress would match, but Traefik ignores it: {}",
                                self.class_mismatch(skipped).unwrap_or_default()
                            ),
                        });
                    }
                    return Outcome::Answered {
                        response: responses::controller_error(404),
                        pod: None,
                    };
                }
            },
        };
        trace.hops.push(Hop {
            step: "ingress".into(),
            object,
            detail: explanation,
        });
        let Some(service_ref) = backend.service else {
            return Outcome::Answered {
                response: responses::controller_error(503),
                pod: None,
            };
        };
        let key = format!("{namespace}/{}", service_ref.name);
        let Some(service) = self.store.services.get(&key).cloned() else {
            let names: Vec<String> = self
                .store
                .services
                .values()
                .filter(|s| s.metadata.namespace() == namespace)
                .map(|s| s.metadata.name.clone())
                .collect();
            trace.hops.push(Hop {
                step: "service".into(),
                object: format!("service/{}", service_ref.name),
                detail: format!(
                    "no Service named {} in {namespace} (there are: {})",
                    service_ref.name,
                    names.join(", ")
                ),
            });
            return Outcome::Answered {
                response: responses::controller_error(503),
                pod: None,
            };
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
            trace.hops.push(Hop {
                step: "service".into(),
                object: format!("service/{}", service.metadata.name),
                detail: format!("has no port {asked} (its ports: {})", has.join(", ")),
            });
            return Outcome::Answered {
                response: responses::controller_error(503),
                pod: None,
            };
        };
        let balancer = format!("traefik@{node}");
        match self.balance(
            &service,
            index,
            &balancer,
            None,
            request,
            trace,
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
    fn serves(&self, ingress: &Ingress) -> bool {
        self.class_mismatch(ingress).is_none()
    }

    /// Why Traefik does not serve an Ingress, for the trace; `None` when it does.
    fn class_mismatch(&self, ingress: &Ingress) -> Option<String> {
        if let Some(class) = ingress.metadata.annotations.get(CLASS_ANNOTATION) {
            return (class != "traefik").then(|| {
                format!("its annotation {CLASS_ANNOTATION}: {class} names another controller's class, not traefik")
            });
        }
        let name = ingress.spec.ingress_class_name.as_ref()?;
        match self.store.ingressclasses.get(&format!("/{name}")) {
            None => Some(format!("its spec.ingressClassName {name} names no IngressClass (kubectl get ingressclass lists them)")),
            Some(class) => {
                let controller = class.spec.controller.as_deref().unwrap_or("<none>");
                (!controller.contains("traefik")).then(|| {
                    format!("its spec.ingressClassName {name} is an IngressClass of controller {controller}, not Traefik")
                })
            }
        }
    }
}

fn rules(ingress: &Ingress) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (i, rule) in ingress.spec.rules.iter().enumerate() {
        for (j, path) in rule.http.iter().flat_map(|h| &h.paths).enumerate() {
            out.push(Candidate {
                ingress: ingress.metadata.name.clone(),
                namespace: ingress.metadata.namespace().to_string(),
                host: rule
                    .host
                    .clone()
                    .filter(|h| !h.is_empty())
                    .map(|h| h.to_ascii_lowercase()),
                path: path.path.clone().unwrap_or_else(|| "/".into()),
                path_type: path
                    .path_type
                    .clone()
                    .unwrap_or_else(|| "ImplementationSpecific".into()),
                backend: path.backend.clone(),
                index: format!("rule {i} path {j}"),
            });
        }
    }
    out
}

/// How the ingress controller reads Ingress rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum IngressMode {
    /// What the Kubernetes documentation teaches: hosts first, Prefix by path elements, the longest path wins.
    #[default]
    Spec,
    /// What Traefik itself does: Prefix is a plain string prefix, and the longer rule (host and path) wins.
    Traefik,
}

impl IngressMode {
    fn describe(self) -> &'static str {
        match self {
            IngressMode::Spec => "the Kubernetes spec",
            IngressMode::Traefik => "Traefik",
        }
    }
}

/// The rule a request takes in a mode.
fn pick<'a>(
    candidates: &'a [Candidate],
    host: &str,
    path: &str,
    mode: IngressMode,
) -> Option<&'a Candidate> {
    match mode {
        IngressMode::Spec => {
            let host_rules: Vec<&Candidate> = candidates
                .iter()
                .filter(|c| c.host.as_deref().is_some_and(|h| host_matches(h, host)))
                .collect();
            let pool: Vec<&Candidate> = if host_rules.is_empty() {
                candidates.iter().filter(|c| c.host.is_none()).collect()
            } else {
                host_rules
            };
            pool.into_iter()
                .filter(|c| path_matches(&c.path_type, &c.path, path))
                .max_by_key(|c| (c.path.len(), c.path_type == "Exact"))
        }
        IngressMode::Traefik => candidates
            .iter()
            .filter(|c| c.host.as_deref().is_none_or(|h| host_matches(h, host)))
            .filter(|c| match c.path_type.as_str() {
                "Exact" => c.path == path.split('?').next().unwrap_or(path),
                _ => path.starts_with(&c.path),
            })
            // Traefik orders routers by the length of their rule.
            .max_by_key(|c| c.host.as_ref().map_or(0, |h| h.len() + 7) + c.path.len() + 12),
    }
}

/// `foo.bar.com` matches itself (case-insensitive, port ignored); `*.bar.com` matches exactly one more label.
pub(crate) fn host_matches(rule: &str, host: &str) -> bool {
    match rule.strip_prefix("*.") {
        Some(suffix) => host
            .split_once('.')
            .is_some_and(|(first, rest)| !first.is_empty() && rest == suffix),
        None => rule == host,
    }
}

/// Prefix matches whole path elements (`/foo` matches `/foo` and `/foo/bar`, not `/foobar`); Exact matches the
/// path alone. ImplementationSpecific is treated as Prefix here.
pub(crate) fn path_matches(path_type: &str, rule: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or(path);
    match path_type {
        "Exact" => rule == path,
        _ => {
            let rule = rule.trim_end_matches('/');
            rule.is_empty()
                || path == rule
                || path
                    .strip_prefix(rule)
                    .is_some_and(|rest| rest.starts_with('/'))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_matches_whole_elements_like_the_kubernetes_docs() {
        // The path-matching examples of the Kubernetes Ingress page.
        let cases = [
            ("Prefix", "/", "/any/path", true),
            ("Exact", "/foo", "/foo", true),
            ("Exact", "/foo", "/bar", false),
            ("Exact", "/foo", "/foo/", false),
            ("Exact", "/foo/", "/foo", false),
            ("Prefix", "/foo", "/foo", true),
            ("Prefix", "/foo", "/foo/", true),
            ("Prefix", "/foo/", "/foo", true),
            ("Prefix", "/foo/", "/foo/", true),
            ("Prefix", "/aaa/bb", "/aaa/bbb", false),
            ("Prefix", "/aaa/bbb", "/aaa/bbb", true),
            ("Prefix", "/aaa/bbb/", "/aaa/bbb", true),
            ("Prefix", "/aaa/bbb", "/aaa/bbb/", true),
            ("Prefix", "/aaa/bbb", "/aaa/bbb/ccc", true),
            ("Prefix", "/aaa/bbb", "/aaa/bbbxyz", false),
        ];
        for (kind, rule, path, expected) in cases {
            assert_eq!(
                path_matches(kind, rule, path),
                expected,
                "{kind} {rule} vs {path}"
            );
        }
    }

    #[test]
    fn wildcards_cover_exactly_one_label() {
        assert!(host_matches("*.foo.com", "bar.foo.com"));
        assert!(!host_matches("*.foo.com", "baz.bar.foo.com"));
        assert!(!host_matches("*.foo.com", "foo.com"));
        assert!(host_matches("foo.bar.com", "foo.bar.com"));
    }
}
