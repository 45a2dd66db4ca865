//! The ingress controller's part of a request: which Ingresses it serves, which rule matches the host and path (the
//! Kubernetes spec's rules: exact or one-label wildcard hosts, Prefix by whole path elements, Exact, longest match
//! first), and which Service port the rule names.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::engine::api::{Ingress, IngressBackend};
use crate::engine::store::KeyBuf;
use crate::engine::traffic::proxy::Balancer;
use crate::engine::traffic::traefik::{controller_image, skips_empty_services, traefik_major};
use crate::engine::traffic::{responses, Hops, Outcome, Request};
use crate::engine::Cluster;

const CLASS_ANNOTATION: &str = "kubernetes.io/ingress.class";

/// One path rule of one Ingress, flattened, borrowed from the Ingress.
struct Candidate<'a> {
    ingress: &'a Ingress,
    /// The rule's host, lower-cased; None for a rule without a host.
    host: Option<Cow<'a, str>>,
    path: &'a str,
    path_type: &'a str,
    backend: &'a IngressBackend,
    rule: usize,
    path_index: usize,
}

impl Candidate<'_> {
    fn namespace(&self) -> &str {
        self.ingress.metadata.namespace()
    }

    /// `rule 0 path 1`, as traces name a rule.
    fn index(&self) -> String {
        format!("rule {} path {}", self.rule, self.path_index)
    }

    fn same(&self, other: &Candidate) -> bool {
        std::ptr::eq(self.ingress, other.ingress)
            && (self.rule, self.path_index) == (other.rule, other.path_index)
    }
}

impl Cluster {
    /// The ingress controller pod at `controller_key`, on node number `node`, routes the request.
    pub(super) fn through_ingress_controller(
        &mut self,
        controller_key: &str,
        node: usize,
        container_port: u16,
        request: &Request,
        hops: &mut Hops,
    ) -> Outcome {
        let Some(controller) = self.store.pods.get(controller_key) else {
            return Outcome::Refused {
                reason: "the ingress controller is gone".into(),
            };
        };
        let node_name = &self.nodes[node].name;
        hops.through_controller = true;
        let served = || self.store.ingresses.values().filter(|i| self.serves(i));
        if let Err(outcome) = self.entry_point(controller, container_port, request, hops) {
            return outcome;
        }
        hops.push(
            "controller",
            || format!("pod/{}", controller.metadata.name),
            || if traefik_major(controller) == Some(1) {
                format!(
                    "Traefik on {node_name} serves {} Ingress(es) of class traefik. (On a real cluster Traefik 1.7 reads only extensions/v1beta1 Ingresses, which Kubernetes 1.22 removed; kplay lets it read networking.k8s.io/v1 ones so the tutorial works.)",
                    served().count()
                )
            } else {
                format!(
                    "Traefik ({}) on {node_name} serves {} Ingress(es) of class traefik",
                    controller_image(controller),
                    served().count()
                )
            },
        );
        if let Some(client) = &request.tls {
            if let Err(failed) = self.present_certificate(served(), client, hops) {
                return failed;
            }
        }
        let host = request.host.split(':').next().unwrap_or("");
        let host = lowercase(host);
        let mut candidates: Vec<Candidate> = served().flat_map(rules).collect();
        let mode = self.ingress_mode;
        let skip_empty = mode == IngressMode::Traefik && skips_empty_services(controller);
        if skip_empty {
            // Traefik v2 and later drop a route whose Service has no endpoints ("Skipping service: no endpoints
            // found"), so the request may fall to another rule or to 404. Traefik 1.x keeps it and answers 503.
            let (kept, empty): (Vec<Candidate>, Vec<Candidate>) = candidates
                .into_iter()
                .partition(|c| self.backend_has_endpoints(c.namespace(), c.backend));
            candidates = kept;
            if !empty.is_empty() {
                hops.push(
                    "note",
                    || "ingress".into(),
                    || {
                        let empty: Vec<String> = empty
                            .iter()
                            .map(|c| format!("ingress/{} {}", c.ingress.metadata.name, c.index()))
                            .collect();
                        format!(
                            "{} skips {} because the Service has no ready endpoints (allowEmptyServices is off); Traefik 1.x and the Kubernetes spec mode would keep the rule and answer 503",
                            controller_image(controller),
                            empty.join(", ")
                        )
                    },
                );
            }
        }
        let best = pick(&candidates, &host, &request.path, mode);
        if hops.explaining() {
            let other_mode = match mode {
                IngressMode::Spec => IngressMode::Traefik,
                IngressMode::Traefik => IngressMode::Spec,
            };
            let other = pick(&candidates, &host, &request.path, other_mode);
            let differ = match (best, other) {
                (Some(a), Some(b)) => !a.same(b),
                (None, None) => false,
                _ => true,
            };
            if differ {
                let said = |c: Option<&Candidate>| match c {
                    Some(c) => format!(
                        "ingress/{} {} ({} {})",
                        c.ingress.metadata.name,
                        c.index(),
                        c.path_type,
                        c.path
                    ),
                    None => "no rule".to_string(),
                };
                hops.push(
                    "note",
                    || "ingress".into(),
                    || {
                        format!(
                            "the modes differ here: {} picks {}, {} would pick {}",
                            mode.describe(),
                            said(best),
                            other_mode.describe(),
                            said(other)
                        )
                    },
                );
            }
        }
        let (backend, namespace) = match best {
            Some(c) => {
                hops.push(
                    "ingress",
                    || format!("ingress/{}", c.ingress.metadata.name),
                    || {
                        format!(
                            "{}: host {} and path {} ({}) match {}",
                            c.index(),
                            c.host.as_deref().unwrap_or("*"),
                            c.path,
                            c.path_type,
                            request.path
                        )
                    },
                );
                (c.backend, c.namespace())
            }
            None => match served().find(|i| {
                i.spec.default_backend.as_ref().is_some_and(|b| {
                    !skip_empty || self.backend_has_endpoints(i.metadata.namespace(), b)
                })
            }) {
                Some(i) => {
                    hops.push(
                        "ingress",
                        || format!("ingress/{}", i.metadata.name),
                        || {
                            format!(
                                "no rule matches host {host} and path {}; ingress/{} has a defaultBackend",
                                request.path, i.metadata.name
                            )
                        },
                    );
                    let Some(backend) = i.spec.default_backend.as_ref() else {
                        unreachable!("found by its defaultBackend");
                    };
                    (backend, i.metadata.namespace())
                }
                None => {
                    hops.push(
                        "ingress",
                        || "ingress".into(),
                        || format!("no rule of any Ingress matches host {host} and path {}, and none has a defaultBackend", request.path),
                    );
                    if hops.explaining() {
                        if let Some(skipped) = self.store.ingresses.values().find(|i| {
                            !self.serves(i)
                                && (i.spec.default_backend.is_some()
                                    || pick(
                                        &rules(i).collect::<Vec<_>>(),
                                        &host,
                                        &request.path,
                                        mode,
                                    )
                                    .is_some())
                        }) {
                            hops.push(
                                "note",
                                || format!("ingress/{}", skipped.metadata.name),
                                || {
                                    format!(
                                        "this Ingress would match, but Traefik ignores it: {}",
                                        self.class_mismatch(skipped).unwrap_or_default()
                                    )
                                },
                            );
                        }
                    }
                    return Outcome::Answered {
                        response: responses::controller_error(404),
                        pod: None,
                    };
                }
            },
        };
        let Some(service_ref) = &backend.service else {
            return Outcome::Answered {
                response: responses::controller_error(503),
                pod: None,
            };
        };
        let key = KeyBuf::new(namespace, &service_ref.name);
        let Some(service) = self.store.services.get(key.as_str()) else {
            hops.push(
                "service",
                || format!("service/{}", service_ref.name),
                || {
                    let names: Vec<&str> = self
                        .store
                        .services
                        .values()
                        .filter(|s| s.metadata.namespace() == namespace)
                        .map(|s| s.metadata.name.as_str())
                        .collect();
                    format!(
                        "no Service named {} in {namespace} (there are: {})",
                        service_ref.name,
                        names.join(", ")
                    )
                },
            );
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
            hops.push(
                "service",
                || format!("service/{}", service.metadata.name),
                || {
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
                    format!("has no port {asked} (its ports: {})", has.join(", "))
                },
            );
            return Outcome::Answered {
                response: responses::controller_error(503),
                pod: None,
            };
        };
        let controller_ip = controller
            .status
            .pod_ip
            .as_deref()
            .and_then(|ip| ip.parse().ok());
        match self.balance(
            key.as_str(),
            index,
            Balancer::Traefik(node),
            None,
            request,
            hops,
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
    pub(super) fn class_mismatch(&self, ingress: &Ingress) -> Option<String> {
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

fn rules(ingress: &Ingress) -> impl Iterator<Item = Candidate<'_>> {
    ingress
        .spec
        .rules
        .iter()
        .enumerate()
        .flat_map(move |(rule, r)| {
            r.http
                .iter()
                .flat_map(|h| &h.paths)
                .enumerate()
                .map(move |(path_index, path)| Candidate {
                    ingress,
                    host: r.host.as_deref().filter(|h| !h.is_empty()).map(lowercase),
                    path: path.path.as_deref().unwrap_or("/"),
                    path_type: path
                        .path_type
                        .as_deref()
                        .unwrap_or("ImplementationSpecific"),
                    backend: &path.backend,
                    rule,
                    path_index,
                })
        })
}

/// Lower case, copying only when something changes.
fn lowercase(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
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
fn pick<'c, 'a>(
    candidates: &'c [Candidate<'a>],
    host: &str,
    path: &str,
    mode: IngressMode,
) -> Option<&'c Candidate<'a>> {
    let host_of = |c: &Candidate| c.host.as_deref().is_some_and(|h| host_matches(h, host));
    match mode {
        IngressMode::Spec => {
            // Rules for the request's host first; rules without a host only when no host rule matches.
            let by_host = candidates.iter().any(host_of);
            candidates
                .iter()
                .filter(|c| {
                    if by_host {
                        host_of(c)
                    } else {
                        c.host.is_none()
                    }
                })
                .filter(|c| path_matches(c.path_type, c.path, path))
                .max_by_key(|c| (c.path.len(), c.path_type == "Exact"))
        }
        IngressMode::Traefik => candidates
            .iter()
            .filter(|c| c.host.is_none() || host_of(c))
            .filter(|c| match c.path_type {
                "Exact" => c.path == path.split('?').next().unwrap_or(path),
                _ => path.starts_with(c.path),
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
