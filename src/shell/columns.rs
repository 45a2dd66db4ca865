//! The columns `kubectl get` prints for each kind, and each object's cells, as kubectl's table printers fill them.

use crate::engine::api::{Kind, LabelSelector, Labels, ObjectMeta, PodTemplateSpec};
use crate::engine::events::EventRecord;
use crate::engine::{names, timestamp, Cluster, KUBERNETES_VERSION};
use crate::shell::endpoints;
use crate::shell::table::human_duration;

/// The cells after NAME, and the extra ones `-o wide` adds.
pub(super) struct Cells {
    pub narrow: Vec<String>,
    pub wide: Vec<String>,
}

/// The header row of a kind's table.
pub(super) fn header(kind: Kind, wide: bool, namespace: bool) -> Vec<String> {
    let workload_wide: &[&str] = &["CONTAINERS", "IMAGES", "SELECTOR"];
    let (narrow, extra): (&[&str], &[&str]) = match kind {
        Kind::Pod => (
            &["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            &["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
        ),
        Kind::Deployment => (
            &["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
            workload_wide,
        ),
        Kind::ReplicaSet => (
            &["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
            workload_wide,
        ),
        Kind::DaemonSet => (
            &[
                "NAME",
                "DESIRED",
                "CURRENT",
                "READY",
                "UP-TO-DATE",
                "AVAILABLE",
                "NODE SELECTOR",
                "AGE",
            ],
            workload_wide,
        ),
        Kind::Service => (
            &[
                "NAME",
                "TYPE",
                "CLUSTER-IP",
                "EXTERNAL-IP",
                "PORT(S)",
                "AGE",
            ],
            &["SELECTOR"],
        ),
        Kind::Ingress => (&["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"], &[]),
        Kind::IngressClass => (&["NAME", "CONTROLLER", "PARAMETERS", "AGE"], &[]),
        Kind::Namespace => (&["NAME", "STATUS", "AGE"], &[]),
        Kind::ServiceAccount => (&["NAME", "SECRETS", "AGE"], &[]),
        Kind::Secret => (&["NAME", "TYPE", "DATA", "AGE"], &[]),
        Kind::ClusterRole => (&["NAME", "CREATED AT"], &[]),
        Kind::ClusterRoleBinding => (
            &["NAME", "ROLE", "AGE"],
            &["USERS", "GROUPS", "SERVICEACCOUNTS"],
        ),
        Kind::Endpoints => (&["NAME", "ENDPOINTS", "AGE"], &[]),
        Kind::EndpointSlice => (&["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], &[]),
        // Events have no NAME column; `get` leaves the name out for them.
        Kind::Event => (
            &["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
            &[
                "SUBOBJECT",
                "SOURCE",
                "MESSAGE",
                "FIRST SEEN",
                "COUNT",
                "NAME",
            ],
        ),
        Kind::Node => (
            &["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
            &[
                "INTERNAL-IP",
                "EXTERNAL-IP",
                "OS-IMAGE",
                "KERNEL-VERSION",
                "CONTAINER-RUNTIME",
            ],
        ),
    };
    let mut cells: Vec<String> = Vec::new();
    if namespace {
        cells.push("NAMESPACE".to_string());
    }
    cells.extend(narrow.iter().map(|s| s.to_string()));
    if wide {
        cells.extend(extra.iter().map(|s| s.to_string()));
    }
    cells
}

/// Every object of a kind with its cells, in name order within each namespace.
pub(super) fn rows(cluster: &Cluster, kind: Kind) -> Vec<(ObjectMeta, Cells)> {
    let store = cluster.store();
    let now = cluster.now();
    let age = |meta: &ObjectMeta| human_duration(now.saturating_sub(meta.created));
    let row = |meta: &ObjectMeta, narrow: Vec<String>, wide: Vec<String>| {
        (meta.clone(), Cells { narrow, wide })
    };
    match kind {
        Kind::Pod => store
            .pods
            .values()
            .map(|pod| {
                let total = pod.spec.containers.len().max(1);
                let ready = if pod.status.ready { total } else { 0 };
                row(
                    &pod.metadata,
                    vec![
                        format!("{ready}/{total}"),
                        pod.display_status(),
                        pod.status.restarts.to_string(),
                        age(&pod.metadata),
                    ],
                    vec![
                        or_none(pod.status.pod_ip.clone()),
                        or_none(pod.spec.node_name.clone()),
                        "<none>".to_string(),
                        "<none>".to_string(),
                    ],
                )
            })
            .collect(),
        Kind::Deployment => store
            .deployments
            .values()
            .map(|d| {
                row(
                    &d.metadata,
                    vec![
                        format!(
                            "{}/{}",
                            d.status.ready_replicas,
                            d.spec.replicas.unwrap_or(1)
                        ),
                        d.status.updated_replicas.to_string(),
                        d.status.available_replicas.to_string(),
                        age(&d.metadata),
                    ],
                    workload_wide(&d.spec.template, &d.spec.selector),
                )
            })
            .collect(),
        Kind::ReplicaSet => store
            .replicasets
            .values()
            .map(|rs| {
                row(
                    &rs.metadata,
                    vec![
                        rs.spec.replicas.unwrap_or(1).to_string(),
                        rs.status.replicas.to_string(),
                        rs.status.ready_replicas.to_string(),
                        age(&rs.metadata),
                    ],
                    workload_wide(&rs.spec.template, &rs.spec.selector),
                )
            })
            .collect(),
        Kind::DaemonSet => store
            .daemonsets
            .values()
            .map(|ds| {
                let status = &ds.status;
                let node_selector = ds.spec.template.spec.node_selector.clone();
                row(
                    &ds.metadata,
                    vec![
                        status.replicas.to_string(),
                        status.current_replicas.to_string(),
                        status.ready_replicas.to_string(),
                        status.updated_replicas.to_string(),
                        status.available_replicas.to_string(),
                        if node_selector.is_empty() {
                            "<none>".to_string()
                        } else {
                            labels(&node_selector)
                        },
                        age(&ds.metadata),
                    ],
                    workload_wide(&ds.spec.template, &ds.spec.selector),
                )
            })
            .collect(),
        Kind::Service => store
            .services
            .values()
            .map(|s| {
                let ports = s
                    .spec
                    .ports
                    .iter()
                    .map(|p| {
                        let protocol = p.protocol.as_deref().unwrap_or("TCP");
                        match p.node_port {
                            Some(node_port) => format!("{}:{node_port}/{protocol}", p.port),
                            None => format!("{}/{protocol}", p.port),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(",");
                let selector = if s.spec.selector.is_empty() {
                    "<none>".to_string()
                } else {
                    labels(&s.spec.selector)
                };
                row(
                    &s.metadata,
                    vec![
                        s.spec.type_name().to_string(),
                        or_none(s.spec.cluster_ip.clone()),
                        match (&s.load_balancer_ip, s.spec.type_name()) {
                            (Some(ip), _) => ip.clone(),
                            (None, "LoadBalancer") => "<pending>".to_string(),
                            (None, _) => "<none>".to_string(),
                        },
                        if ports.is_empty() {
                            "<none>".to_string()
                        } else {
                            ports
                        },
                        age(&s.metadata),
                    ],
                    vec![selector],
                )
            })
            .collect(),
        Kind::Ingress => store
            .ingresses
            .values()
            .map(|ing| {
                let hosts: Vec<&str> = ing
                    .spec
                    .rules
                    .iter()
                    .filter_map(|r| r.host.as_deref())
                    .collect();
                row(
                    &ing.metadata,
                    vec![
                        or_none(ing.spec.ingress_class_name.clone()),
                        if hosts.is_empty() {
                            "*".to_string()
                        } else {
                            hosts.join(",")
                        },
                        ing.addresses
                            .iter()
                            .map(|a| a.shown())
                            .collect::<Vec<_>>()
                            .join(","),
                        if ing.spec.tls.is_empty() {
                            "80".to_string()
                        } else {
                            "80, 443".to_string()
                        },
                        age(&ing.metadata),
                    ],
                    Vec::new(),
                )
            })
            .collect(),
        Kind::IngressClass => store
            .ingressclasses
            .values()
            .map(|c| {
                row(
                    &c.metadata,
                    vec![
                        or_none(c.spec.controller.clone()),
                        "<none>".to_string(),
                        age(&c.metadata),
                    ],
                    Vec::new(),
                )
            })
            .collect(),
        Kind::Namespace => store
            .namespaces
            .values()
            .map(|n| {
                row(
                    &n.metadata,
                    vec!["Active".to_string(), age(&n.metadata)],
                    Vec::new(),
                )
            })
            .collect(),
        Kind::Secret => store
            .secrets
            .values()
            .map(|s| {
                row(
                    &s.metadata,
                    vec![
                        s.type_name().to_string(),
                        s.data.len().to_string(),
                        age(&s.metadata),
                    ],
                    Vec::new(),
                )
            })
            .collect(),
        Kind::ServiceAccount => store
            .serviceaccounts
            .values()
            .map(|sa| {
                row(
                    &sa.metadata,
                    vec!["0".to_string(), age(&sa.metadata)],
                    Vec::new(),
                )
            })
            .collect(),
        Kind::ClusterRole => store
            .clusterroles
            .values()
            .map(|r| row(&r.metadata, vec![timestamp(r.metadata.created)], Vec::new()))
            .collect(),
        Kind::ClusterRoleBinding => store
            .clusterrolebindings
            .values()
            .map(|b| {
                let subjects = |kind: &str| {
                    let names: Vec<String> = b
                        .subjects
                        .iter()
                        .filter(|s| s.kind == kind)
                        .map(|s| match &s.namespace {
                            Some(ns) if kind == "ServiceAccount" => format!("{ns}/{}", s.name),
                            _ => s.name.clone(),
                        })
                        .collect();
                    names.join(", ")
                };
                row(
                    &b.metadata,
                    vec![
                        format!("{}/{}", b.role_ref.kind, b.role_ref.name),
                        age(&b.metadata),
                    ],
                    vec![
                        subjects("User"),
                        subjects("Group"),
                        subjects("ServiceAccount"),
                    ],
                )
            })
            .collect(),
        Kind::Endpoints | Kind::EndpointSlice => endpoints::rows(cluster, kind),
        Kind::Event => {
            let mut events: Vec<_> = store.events.iter().collect();
            events.sort_by_key(|e| e.last);
            events
                .into_iter()
                .map(|e| {
                    let meta = ObjectMeta {
                        name: event_name(e),
                        namespace: Some(e.namespace.clone()),
                        created: e.first,
                        ..ObjectMeta::default()
                    };
                    let last_seen = human_duration(now.saturating_sub(e.last));
                    let object = format!("{}/{}", e.kind.singular(), e.object);
                    row(
                        &meta,
                        vec![
                            last_seen,
                            e.type_name().to_string(),
                            e.reason.clone(),
                            object,
                            e.message.clone(),
                        ],
                        Vec::new(),
                    )
                })
                .collect()
        }
        Kind::Node => cluster
            .nodes()
            .iter()
            .map(|node| {
                let meta = ObjectMeta {
                    name: node.name.clone(),
                    labels: node.labels.clone(),
                    created: node.created,
                    ..ObjectMeta::default()
                };
                let mut status = if node.ready { "Ready" } else { "NotReady" }.to_string();
                if node.unschedulable {
                    status.push_str(",SchedulingDisabled");
                }
                let role = if node.control_plane {
                    "control-plane"
                } else {
                    "<none>"
                };
                row(
                    &meta,
                    vec![
                        status,
                        role.to_string(),
                        age(&meta),
                        KUBERNETES_VERSION.to_string(),
                    ],
                    vec![
                        node.internal_ip.clone(),
                        "<none>".to_string(),
                        "Debian GNU/Linux 12 (bookworm)".to_string(),
                        "6.1.0-28-amd64".to_string(),
                        "containerd://1.7.24".to_string(),
                    ],
                )
            })
            .collect(),
    }
}

/// Event names are the object's name and a hexadecimal suffix.
pub(crate) fn event_name(e: &EventRecord) -> String {
    let key = format!("{}/{}/{}", e.uid, e.reason, e.message);
    format!(
        "{}.{:016x}",
        e.object,
        u64::from(names::fnv32a(key.as_bytes())) << 24
            | u64::from(names::fnv32a(e.uid.as_bytes()) & 0xff_ffff)
    )
}

fn workload_wide(template: &PodTemplateSpec, selector: &LabelSelector) -> Vec<String> {
    let containers = &template.spec.containers;
    vec![
        containers
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(","),
        containers
            .iter()
            .map(|c| c.image.as_str())
            .collect::<Vec<_>>()
            .join(","),
        selector.to_display(),
    ]
}

fn or_none(value: Option<String>) -> String {
    value.unwrap_or_else(|| "<none>".to_string())
}

/// `app=nginx,tier=web`.
pub(super) fn labels(labels: &Labels) -> String {
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}
