//! Reading Ingress rules: the rules flattened into candidates, and the one a request takes, by the Kubernetes spec
//! (exact or one-label wildcard hosts, Prefix by whole path elements, Exact, longest match first) or by Traefik
//! (string prefixes, the longer rule first).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::engine::api::{Ingress, IngressBackend, PathType};
use crate::engine::traffic::{why, Msg, Why};

/// One path rule of one Ingress, flattened, borrowed from the Ingress.
pub(super) struct Candidate<'a> {
    pub(super) ingress: &'a Ingress,
    /// The rule's host, lower-cased; None for a rule without a host.
    pub(super) host: Option<Cow<'a, str>>,
    pub(super) path: &'a str,
    pub(super) path_type: &'a PathType,
    pub(super) backend: &'a IngressBackend,
    pub(super) rule: usize,
    pub(super) path_index: usize,
}

impl Candidate<'_> {
    pub(super) fn namespace(&self) -> &str {
        self.ingress.metadata.namespace()
    }

    /// `rule 0 path 1`, as traces name a rule.
    pub(super) fn index(&self) -> Why {
        why!(Msg::RuleIndex, self.rule, self.path_index)
    }

    pub(super) fn same(&self, other: &Candidate) -> bool {
        std::ptr::eq(self.ingress, other.ingress)
            && (self.rule, self.path_index) == (other.rule, other.path_index)
    }
}

/// Every path of every rule of an Ingress, in order, pushed onto `out`; a host is compared lower-cased.
pub(super) fn rules<'a>(ingress: &'a Ingress, out: &mut Vec<Candidate<'a>>) {
    // Plain loops: this runs for every routed request, and nested iterator adapters cost more in the wasm build.
    for (rule, r) in ingress.spec.rules.iter().enumerate() {
        let Some(http) = &r.http else { continue };
        let host = r.host.as_deref().filter(|h| !h.is_empty());
        for (path_index, path) in http.paths.iter().enumerate() {
            out.push(Candidate {
                ingress,
                host: host.map(lowercase),
                path: path.path.as_deref().unwrap_or("/"),
                path_type: path
                    .path_type
                    .as_ref()
                    .unwrap_or(&PathType::ImplementationSpecific),
                backend: &path.backend,
                rule,
                path_index,
            });
        }
    }
}

/// Lower case, copying only when something changes.
pub(super) fn lowercase(text: &str) -> Cow<'_, str> {
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
    pub(super) fn describe(self) -> Why {
        match self {
            IngressMode::Spec => why!(Msg::ModeSpec),
            IngressMode::Traefik => why!(Msg::ModeTraefik),
        }
    }
}

/// The rule a request takes in a mode (`traefik_v1`: the controller is Traefik 1.x, which reads rules its own way).
pub(super) fn pick<'c, 'a>(
    candidates: &'c [Candidate<'a>],
    host: &str,
    path: &str,
    mode: IngressMode,
    traefik_v1: bool,
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
                .max_by_key(|c| (c.path.len(), *c.path_type == PathType::Exact))
        }
        IngressMode::Traefik => candidates
            .iter()
            .filter(|c| c.host.is_none() || host_of(c))
            .filter(|c| {
                let exact = match traefik_v1 {
                    // Traefik 1.x predates pathType: its own rule-type annotation decides.
                    true => traefik_v1_exact(c.ingress),
                    false => *c.path_type == PathType::Exact,
                };
                match exact {
                    true => c.path == path.split('?').next().unwrap_or(path),
                    false => path.starts_with(c.path),
                }
            })
            .max_by_key(|c| traefik_order(c, traefik_v1)),
    }
}

/// The annotations Traefik reads its rule priority from: 1.x's and v2's names.
const PRIORITY_V1: [&str; 2] = [
    "traefik.ingress.kubernetes.io/priority",
    "traefik.frontend.priority",
];
const PRIORITY: &str = "traefik.ingress.kubernetes.io/router.priority";
/// Traefik 1.x's rule type annotations; `Path` and `PathStrip` match the path exactly.
const RULE_TYPE_V1: [&str; 2] = [
    "traefik.ingress.kubernetes.io/rule-type",
    "traefik.frontend.rule.type",
];

fn annotation<'a>(ingress: &'a Ingress, names: &[&str]) -> Option<&'a str> {
    names
        .iter()
        .find_map(|n| ingress.metadata.annotations.get(*n))
        .map(String::as_str)
}

fn traefik_v1_exact(ingress: &Ingress) -> bool {
    matches!(
        annotation(ingress, &RULE_TYPE_V1),
        Some("Path" | "PathStrip")
    )
}

/// Which rule Traefik tries first, highest first. v2 and later: the priority annotation, else the rule's length.
/// 1.x: the priority annotation (0 when absent), then the rule's length.
fn traefik_order(c: &Candidate, traefik_v1: bool) -> (i64, usize) {
    let length = c.host.as_ref().map_or(0, |h| h.len() + 7) + c.path.len() + 12;
    let names: &[&str] = if traefik_v1 {
        &PRIORITY_V1
    } else {
        &[PRIORITY]
    };
    let given = annotation(c.ingress, names).and_then(|p| p.trim().parse::<i64>().ok());
    match (traefik_v1, given) {
        (true, given) => (given.unwrap_or(0), length),
        (false, Some(priority)) => (priority, 0),
        (false, None) => (i64::try_from(length).unwrap_or(i64::MAX), 0),
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
pub(crate) fn path_matches(path_type: &PathType, rule: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or(path);
    match path_type {
        PathType::Exact => rule == path,
        PathType::Prefix | PathType::ImplementationSpecific | PathType::Other(_) => {
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
                path_matches(&PathType::from(kind), rule, path),
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
