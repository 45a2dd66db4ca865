//! Core objects: pods and their specs, and Services (ports, types, node ports).

use std::collections::BTreeSet;

use serde_json::json;

use crate::engine::api::{
    Container, ContainerPort, IntOrString, Pod, PodSpec, PodTemplateSpec, Protocol, RestartPolicy,
    Secret, Service, ServicePort, ServiceSpec, ServiceType, SessionAffinity,
};
use crate::engine::validation::names::{self, object_meta, Rule};
use crate::engine::validation::{invalid, required, Bad, FieldError};
use crate::engine::Store;

/// The range `--service-node-port-range` has by default.
const NODE_PORTS: std::ops::RangeInclusive<i32> = 30000..=32767;

/// `ValidateSecret`: data keys are config keys, and a TLS Secret has a certificate and a key.
pub(crate) fn secret(secret: &Secret) -> Vec<FieldError> {
    let mut errs = object_meta(&secret.metadata, Rule::Subdomain, true);
    config_keys(secret.data.keys(), "data", &mut errs);
    if secret.type_name() == "kubernetes.io/tls" {
        for key in ["tls.crt", "tls.key"] {
            if !secret.data.contains_key(key) {
                errs.push(required(format!("data[{key}]"), ""));
            }
        }
    }
    errs
}

/// `IsConfigMapKey`: the keys of a Secret's or ConfigMap's `data` (under `field`) are file names of letters, digits,
/// '-', '_' and '.'.
pub(crate) fn config_keys<'a>(
    keys: impl Iterator<Item = &'a String>,
    field: &str,
    errs: &mut Vec<FieldError>,
) {
    for key in keys {
        let valid = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !valid {
            errs.push(invalid(
                format!("{field}[{key}]"),
                Bad::Str(key.clone()),
                "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
            ));
        }
    }
}

pub(crate) fn pod(pod: &Pod) -> Vec<FieldError> {
    let mut errs = object_meta(&pod.metadata, Rule::Subdomain, true);
    errs.extend(pod_spec(&pod.spec, "spec"));
    errs
}

/// `ValidatePodTemplateSpec`: template labels and annotations (reported at `<path>.labels`, as the API server does),
/// then the pod spec.
pub(super) fn template(template: &PodTemplateSpec, path: &str) -> Vec<FieldError> {
    let mut errs = names::labels(&template.metadata.labels, &format!("{path}.labels"));
    errs.extend(names::annotations(
        &template.metadata.annotations,
        &format!("{path}.annotations"),
    ));
    errs.extend(pod_spec(&template.spec, &format!("{path}.spec")));
    errs
}

/// `ValidatePodSpec`: the containers, each with its ports, then the restart policy.
fn pod_spec(spec: &PodSpec, path: &str) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if spec.containers.is_empty() {
        errs.push(required(format!("{path}.containers"), ""));
    }
    let mut names = BTreeSet::new();
    for (i, c) in spec.containers.iter().enumerate() {
        let at = format!("{path}.containers[{i}]");
        container(c, &at, &mut errs);
        if !c.name.is_empty() && !names.insert(c.name.clone()) {
            errs.push(FieldError::Duplicate {
                field: format!("{at}.name"),
                value: Bad::Str(c.name.clone()),
            });
        }
    }
    if let Some(RestartPolicy::Other(policy)) = &spec.restart_policy {
        errs.push(FieldError::NotSupported {
            field: format!("{path}.restartPolicy"),
            value: Bad::Json(json!(policy)),
            supported: vec!["Always", "OnFailure", "Never"],
        });
    }
    errs
}

/// One container at `at`: its name, image and ports (port names unique within the container).
fn container(c: &Container, at: &str, errs: &mut Vec<FieldError>) {
    if c.name.is_empty() {
        errs.push(required(format!("{at}.name"), ""));
    } else {
        errs.extend(
            names::label(&c.name)
                .into_iter()
                .map(|m| invalid(format!("{at}.name"), Bad::Str(c.name.clone()), m)),
        );
    }
    if c.image.trim().is_empty() {
        errs.push(required(format!("{at}.image"), ""));
    }
    let mut port_names = BTreeSet::new();
    for (j, p) in c.ports.iter().enumerate() {
        container_port(p, &format!("{at}.ports[{j}]"), &mut port_names, errs);
    }
}

/// One container port at `at`: name, number, host port and protocol.
fn container_port(
    p: &ContainerPort,
    at: &str,
    port_names: &mut BTreeSet<String>,
    errs: &mut Vec<FieldError>,
) {
    if let Some(name) = &p.name {
        errs.extend(
            names::port_name(name)
                .into_iter()
                .map(|m| invalid(format!("{at}.name"), Bad::Str(name.clone()), m)),
        );
        if !port_names.insert(name.clone()) {
            errs.push(FieldError::Duplicate {
                field: format!("{at}.name"),
                value: Bad::Str(name.clone()),
            });
        }
    }
    if p.container_port == 0 {
        errs.push(required(format!("{at}.containerPort"), ""));
    } else {
        let n = i64::from(p.container_port);
        errs.extend(
            names::port_number(n)
                .into_iter()
                .map(|m| invalid(format!("{at}.containerPort"), Bad::Num(n), m)),
        );
    }
    if let Some(host) = p.host_port.filter(|h| *h != 0) {
        let n = i64::from(host);
        errs.extend(
            names::port_number(n)
                .into_iter()
                .map(|m| invalid(format!("{at}.hostPort"), Bad::Num(n), m)),
        );
    }
    errs.extend(protocol(p.protocol.as_ref(), &format!("{at}.protocol")));
}

/// `ValidateService`, in the API server's order: node ports allocated, then metadata, ports, selector,
/// sessionAffinity, type, and node ports again (forbidden for ClusterIP, unique).
/// The kubelet's port, which a LoadBalancer Service may not expose.
const KUBELET_PORT: i32 = 10250;

pub(crate) fn service(service: &Service, store: &Store) -> Vec<FieldError> {
    let spec = &service.spec;
    // Node ports are allocated before validation runs, so their errors come back alone.
    if let Some(err) = node_port_allocation(service, store) {
        return vec![err];
    }
    let mut errs = object_meta(&service.metadata, Rule::Dns1035, true);
    if spec.ports.is_empty() && *spec.service_type() != ServiceType::ExternalName {
        errs.push(required("spec.ports", ""));
    }
    let require_name = spec.ports.len() > 1;
    let mut port_names = BTreeSet::new();
    for (i, port) in spec.ports.iter().enumerate() {
        service_port(
            port,
            &format!("spec.ports[{i}]"),
            require_name,
            &mut port_names,
            &mut errs,
        );
    }
    let external_name = spec
        .extra
        .get("externalName")
        .and_then(|v| v.as_str())
        .unwrap_or("");
    if *spec.service_type() == ServiceType::ExternalName && external_name.is_empty() {
        errs.push(required("spec.externalName", ""));
    }
    if *spec.service_type() == ServiceType::LoadBalancer {
        // Kubernetes keeps load balancers off the kubelet's port, for clouds that open firewalls too widely.
        for (i, port) in spec.ports.iter().enumerate() {
            if port.port == KUBELET_PORT {
                errs.push(invalid(
                    format!("spec.ports[{i}]"),
                    Bad::Num(i64::from(port.port)),
                    format!(
                        "may not expose port {KUBELET_PORT} externally since it is used by kubelet"
                    ),
                ));
            }
        }
    }
    errs.extend(names::labels(&spec.selector, "spec.selector"));
    if let Some(SessionAffinity::Other(affinity)) = &spec.session_affinity {
        errs.push(FieldError::NotSupported {
            field: "spec.sessionAffinity".to_string(),
            value: Bad::Json(json!(affinity)),
            supported: vec!["ClientIP", "None"],
        });
    }
    if let ServiceType::Other(kind) = spec.service_type() {
        errs.push(FieldError::NotSupported {
            field: "spec.type".to_string(),
            value: Bad::Json(json!(kind)),
            supported: vec!["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
        });
    }
    node_ports(spec, &mut errs);
    errs
}

/// The allocator's answer for a NodePort or LoadBalancer Service's requested node ports: out of range, or already
/// another Service's.
fn node_port_allocation(service: &Service, store: &Store) -> Option<FieldError> {
    let spec = &service.spec;
    if !spec.service_type().has_node_ports() {
        return None;
    }
    let key = format!("{}/{}", service.metadata.namespace(), service.metadata.name);
    for (i, port) in spec.ports.iter().enumerate() {
        let Some(node_port) = port.node_port else {
            continue;
        };
        let field = format!("spec.ports[{i}].nodePort");
        if !NODE_PORTS.contains(&node_port) {
            return Some(invalid(
                field,
                Bad::Num(i64::from(node_port)),
                "provided port is not in the valid range. The range of valid ports is 30000-32767",
            ));
        }
        let taken = store
            .services()
            .iter()
            .filter(|(k, _)| **k != key)
            .any(|(_, s)| s.spec.ports.iter().any(|p| p.node_port == Some(node_port)));
        if taken {
            return Some(invalid(
                field,
                Bad::Num(i64::from(node_port)),
                "provided port is already allocated",
            ));
        }
    }
    None
}

/// One Service port at `at`: its name (required when there are several, unique), number, protocol and target.
fn service_port(
    port: &ServicePort,
    at: &str,
    require_name: bool,
    port_names: &mut BTreeSet<String>,
    errs: &mut Vec<FieldError>,
) {
    match port.name.as_deref().filter(|n| !n.is_empty()) {
        None if require_name => errs.push(required(format!("{at}.name"), "")),
        None => {}
        Some(name) => {
            errs.extend(
                names::label(name)
                    .into_iter()
                    .map(|m| invalid(format!("{at}.name"), Bad::Str(name.to_string()), m)),
            );
            if !port_names.insert(name.to_string()) {
                errs.push(FieldError::Duplicate {
                    field: format!("{at}.name"),
                    value: Bad::Str(name.to_string()),
                });
            }
        }
    }
    let n = i64::from(port.port);
    errs.extend(
        names::port_number(n)
            .into_iter()
            .map(|m| invalid(format!("{at}.port"), Bad::Num(n), m)),
    );
    errs.extend(protocol(port.protocol.as_ref(), &format!("{at}.protocol")));
    match &port.target_port {
        Some(IntOrString::Int(t)) => {
            let t = i64::from(*t);
            errs.extend(
                names::port_number(t)
                    .into_iter()
                    .map(|m| invalid(format!("{at}.targetPort"), Bad::Num(t), m)),
            );
        }
        Some(IntOrString::String(name)) => {
            errs.extend(
                names::port_name(name)
                    .into_iter()
                    .map(|m| invalid(format!("{at}.targetPort"), Bad::Str(name.clone()), m)),
            );
        }
        None => {}
    }
}

/// Node ports: forbidden on a ClusterIP Service, and no two ports of a Service on the same one.
fn node_ports(spec: &ServiceSpec, errs: &mut Vec<FieldError>) {
    if *spec.service_type() == ServiceType::ClusterIP {
        for (i, port) in spec.ports.iter().enumerate() {
            if port.node_port.is_some_and(|n| n != 0) {
                errs.push(FieldError::Forbidden {
                    field: format!("spec.ports[{i}].nodePort"),
                    detail: "may not be used when `type` is 'ClusterIP'".to_string(),
                });
            }
        }
    }
    let mut seen = BTreeSet::new();
    for (i, port) in spec.ports.iter().enumerate() {
        if let Some(n) = port.node_port.filter(|n| *n != 0) {
            if !seen.insert(n) {
                errs.push(FieldError::Duplicate {
                    field: format!("spec.ports[{i}].nodePort"),
                    value: Bad::Num(i64::from(n)),
                });
            }
        }
    }
}

/// A port's protocol, when it is none of TCP, UDP and SCTP.
fn protocol(protocol: Option<&Protocol>, field: &str) -> Option<FieldError> {
    let Some(Protocol::Other(text)) = protocol else {
        return None;
    };
    Some(FieldError::NotSupported {
        field: field.to_string(),
        value: Bad::Json(json!(text)),
        supported: vec!["SCTP", "TCP", "UDP"],
    })
}
