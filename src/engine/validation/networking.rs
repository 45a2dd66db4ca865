//! networking.k8s.io/v1 Ingresses: rules, hosts, paths, backends and the class annotation.

use std::net::IpAddr;

use serde_json::json;

use crate::engine::api::{HttpIngressPath, Ingress, IngressBackend, PathType};
use crate::engine::validation::names::{self, object_meta, Rule};
use crate::engine::validation::{invalid, required, Bad, FieldError};

const CLASS_ANNOTATION: &str = "kubernetes.io/ingress.class";

/// `ValidateIngress`: a default backend or rules, each rule's host and paths, then the class name.
pub(crate) fn ingress(ingress: &Ingress, creating: bool) -> Vec<FieldError> {
    let mut errs = object_meta(&ingress.metadata, Rule::Subdomain, true);
    let spec = &ingress.spec;
    if spec.rules.is_empty() && spec.default_backend.is_none() {
        errs.push(invalid(
            "spec",
            Bad::Json(json!(null)),
            "either `defaultBackend` or `rules` must be specified",
        ));
    }
    if let Some(backend) = &spec.default_backend {
        errs.extend(backend_errors(backend, "spec.defaultBackend"));
    }
    for (i, rule) in spec.rules.iter().enumerate() {
        let at = format!("spec.rules[{i}]");
        if let Some(host) = rule.host.as_deref().filter(|h| !h.is_empty()) {
            rule_host(host, &format!("{at}.host"), &mut errs);
        }
        let Some(http) = &rule.http else { continue };
        if http.paths.is_empty() {
            errs.push(required(format!("{at}.http.paths"), ""));
        }
        for (j, path) in http.paths.iter().enumerate() {
            http_path(path, &format!("{at}.http.paths[{j}]"), &mut errs);
        }
    }
    if let Some(class) = &spec.ingress_class_name {
        class_name(ingress, class, creating, &mut errs);
    }
    errs
}

/// A rule's host: a DNS name, not an IP address, with at most a leading `*.` wildcard.
fn rule_host(host: &str, field: &str, errs: &mut Vec<FieldError>) {
    if host.parse::<IpAddr>().is_ok() {
        errs.push(invalid(
            field,
            Bad::Str(host.to_string()),
            "must be a DNS name, not an IP address",
        ));
    }
    let messages = if host.contains('*') {
        names::wildcard(host)
    } else {
        names::subdomain(host)
    };
    errs.extend(
        messages
            .into_iter()
            .map(|m| invalid(field, Bad::Str(host.to_string()), m)),
    );
}

/// One HTTP path at `at`: its pathType (required; the API server stops checking the path without one), the path
/// that type allows, and the backend.
fn http_path(path: &HttpIngressPath, at: &str, errs: &mut Vec<FieldError>) {
    let Some(path_type) = &path.path_type else {
        errs.push(required(
            format!("{at}.pathType"),
            "pathType must be specified",
        ));
        return;
    };
    let value = path.path.clone().unwrap_or_default();
    let field = format!("{at}.path");
    match path_type {
        PathType::Exact | PathType::Prefix => absolute_clean_path(&value, &field, errs),
        PathType::ImplementationSpecific => {
            if !value.is_empty() && !value.starts_with('/') {
                errs.push(invalid(
                    &field,
                    Bad::Str(value.clone()),
                    "must be an absolute path",
                ));
            }
        }
        PathType::Other(other) => errs.push(FieldError::NotSupported {
            field: format!("{at}.pathType"),
            value: Bad::Json(json!(other)),
            supported: vec!["Exact", "ImplementationSpecific", "Prefix"],
        }),
    }
    errs.extend(backend_errors(&path.backend, &format!("{at}.backend")));
}

/// An Exact or Prefix path: absolute, without `//`, `/./`, `/../` or an encoded slash, not ending in `/.` or `/..`.
fn absolute_clean_path(value: &str, field: &str, errs: &mut Vec<FieldError>) {
    if !value.starts_with('/') {
        errs.push(invalid(
            field,
            Bad::Str(value.to_string()),
            "must be an absolute path",
        ));
    }
    if value.is_empty() {
        return;
    }
    for bad in ["//", "/./", "/../", "%2f", "%2F"] {
        if value.contains(bad) {
            errs.push(invalid(
                field,
                Bad::Str(value.to_string()),
                format!("must not contain '{bad}'"),
            ));
        }
    }
    for bad in ["/..", "/."] {
        if value.ends_with(bad) {
            errs.push(invalid(
                field,
                Bad::Str(value.to_string()),
                format!("cannot end with '{bad}'"),
            ));
        }
    }
}

/// `spec.ingressClassName`: a DNS subdomain, and on create the same as the old class annotation if both are given.
fn class_name(ingress: &Ingress, class: &str, creating: bool, errs: &mut Vec<FieldError>) {
    errs.extend(
        names::subdomain(class)
            .into_iter()
            .map(|m| invalid("spec.ingressClassName", Bad::Str(class.to_string()), m)),
    );
    if let Some(annotation) = ingress.metadata.annotations.get(CLASS_ANNOTATION) {
        if creating && annotation != class {
            errs.push(invalid(
                format!("annotations.{CLASS_ANNOTATION}"),
                Bad::Str(annotation.clone()),
                "must match `ingressClassName` when both are specified",
            ));
        }
    }
}

fn backend_errors(backend: &IngressBackend, at: &str) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let Some(service) = &backend.service else {
        errs.push(invalid(
            at,
            Bad::Str(String::new()),
            "resource or service backend is required",
        ));
        return errs;
    };
    if service.name.is_empty() {
        errs.push(required(format!("{at}.service.name"), ""));
    } else {
        errs.extend(names::dns1035(&service.name).into_iter().map(|m| {
            invalid(
                format!("{at}.service.name"),
                Bad::Str(service.name.clone()),
                m,
            )
        }));
    }
    match (&service.port.name, service.port.number) {
        (Some(_), Some(_)) => errs.push(invalid(
            at,
            Bad::Str(String::new()),
            "cannot set both port name & port number",
        )),
        (Some(name), None) => errs.extend(
            names::port_name(name)
                .into_iter()
                .map(|m| invalid(format!("{at}.service.port.name"), Bad::Str(name.clone()), m)),
        ),
        (None, Some(n)) => errs.extend(names::port_number(i64::from(n)).into_iter().map(|m| {
            invalid(
                format!("{at}.service.port.number"),
                Bad::Num(i64::from(n)),
                m,
            )
        })),
        (None, None) => errs.push(required(at, "port name or number is required")),
    }
    errs
}
