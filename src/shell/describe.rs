//! `kubectl describe`: an object's fields in kubectl's "Key:  value" layout.

use crate::engine::api::{
    decode_base64, Container, IntOrString, Kind, Object, ObjectMeta, PodTemplateSpec,
};
use crate::engine::{Cluster, KUBERNETES_VERSION};
use crate::shell::columns::labels as label_list;
use crate::shell::kubectl::plural_qualified;
use crate::shell::sheet::{events, http_date, Sheet};
use crate::shell::verbs::targets;
use crate::shell::Output;

pub(super) fn describe(cluster: &Cluster, words: &[String], namespace: &str) -> Output {
    let targets = match targets(words, |_| true) {
        Ok(targets) => targets,
        // `kubectl describe pods` describes every pod.
        Err(_) if words.len() == 1 => match crate::shell::kubectl::resolve(&words[0]) {
            Ok(kind) => every(cluster, kind, namespace),
            Err(message) => return Output::err(format!("{message}\n")),
        },
        Err(message) => return Output::err(format!("{message}\n")),
    };
    let mut output = Output::default();
    let mut blocks = Vec::new();
    for (kind, name) in targets {
        match one(cluster, kind, namespace, &name) {
            Some(text) => blocks.push(text),
            None => output.push_err(format!(
                "Error from server (NotFound): {} \"{name}\" not found\n",
                plural_qualified(kind)
            )),
        }
    }
    output.push_out(blocks.join("\n\n"));
    output
}

fn every(cluster: &Cluster, kind: Kind, namespace: &str) -> Vec<(Kind, String)> {
    if kind == Kind::Node {
        return cluster
            .nodes()
            .iter()
            .map(|n| (kind, n.name.clone()))
            .collect();
    }
    cluster
        .store()
        .objects(kind)
        .iter()
        .filter(|o| !kind.namespaced() || o.meta().namespace() == namespace)
        .map(|o| (kind, o.meta().name.clone()))
        .collect()
}

fn header(sheet: &mut Sheet, kind: Kind, meta: &ObjectMeta) {
    sheet.field("Name", meta.name.clone());
    if kind.namespaced() {
        sheet.field("Namespace", meta.namespace().to_string());
    }
    sheet.map("Labels", &meta.labels);
    sheet.annotations(&meta.annotations);
}

fn one(cluster: &Cluster, kind: Kind, namespace: &str, name: &str) -> Option<String> {
    let mut sheet = Sheet::new();
    if kind == Kind::Node {
        let node = cluster.nodes().iter().find(|n| n.name == name)?;
        sheet.field("Name", node.name.clone());
        sheet.field(
            "Roles",
            if node.control_plane {
                "control-plane"
            } else {
                "<none>"
            },
        );
        sheet.map("Labels", &node.labels);
        sheet.field("CreationTimestamp", http_date(node.created));
        let taints: Vec<String> = node
            .taints
            .iter()
            .map(|t| format!("{}:{}", t.key, t.effect))
            .collect();
        sheet.field(
            "Taints",
            if taints.is_empty() {
                "<none>".to_string()
            } else {
                taints.join(", ")
            },
        );
        sheet.field("Unschedulable", node.unschedulable.to_string());
        sheet.raw("Addresses:");
        sheet.raw(format!("  InternalIP:\t{}", node.internal_ip));
        sheet.raw(format!("  Hostname:\t{}", node.name));
        sheet.raw("System Info:");
        sheet.raw(format!("  Kubelet Version:\t{KUBERNETES_VERSION}"));
        sheet.raw("  Container Runtime Version:\tcontainerd://1.7.24");
        sheet.field("PodCIDR", node.pod_cidr.clone());
        let pods: Vec<String> = cluster
            .store()
            .pods
            .values()
            .filter(|p| p.spec.node_name.as_deref() == Some(name))
            .map(|p| format!("  {}\t{}", p.metadata.namespace(), p.metadata.name))
            .collect();
        sheet.raw(format!("Non-terminated Pods:\t({} in total)", pods.len()));
        sheet.raw("  Namespace\tName");
        sheet.raw("  ---------\t----");
        for pod in pods {
            sheet.raw(pod);
        }
        events(&mut sheet, cluster, &node.uid);
        return Some(sheet.render());
    }
    let object = cluster.store().objects(kind).into_iter().find(|o| {
        o.meta().name == name && (!kind.namespaced() || o.meta().namespace() == namespace)
    })?;
    let meta = object.meta().clone();
    match &object {
        Object::Pod(pod) => {
            sheet.field("Name", meta.name.clone());
            sheet.field("Namespace", meta.namespace().to_string());
            sheet.field("Priority", "0");
            sheet.field(
                "Service Account",
                pod.spec
                    .service_account_name
                    .clone()
                    .unwrap_or_else(|| "default".into()),
            );
            let node = match (&pod.spec.node_name, &pod.status.host_ip) {
                (Some(node), Some(ip)) => format!("{node}/{ip}"),
                _ => "<none>".to_string(),
            };
            sheet.field("Node", node);
            sheet.field("Start Time", http_date(meta.created));
            sheet.map("Labels", &meta.labels);
            sheet.annotations(&meta.annotations);
            sheet.field("Status", pod.display_status());
            let ip = pod.status.pod_ip.clone().unwrap_or_default();
            sheet.field("IP", ip.clone());
            if let Some(owner) = &meta.owner {
                sheet.field(
                    "Controlled By",
                    format!("{}/{}", owner.kind.name(), owner.name),
                );
            }
            sheet.raw("Containers:");
            for c in &pod.spec.containers {
                container(&mut sheet, c, "  ");
                let state = match (&pod.status.waiting_reason, pod.metadata.deleted) {
                    (Some(reason), _) => format!("Waiting\n    \t  Reason:\t{reason}"),
                    (None, _) => format!(
                        "Running\n    \t  Started:\t{}",
                        http_date(pod.status.started_at.unwrap_or(meta.created))
                    ),
                };
                sheet.raw(format!("    State:\t{state}"));
                sheet.raw(format!(
                    "    Ready:\t{}",
                    if pod.status.ready { "True" } else { "False" }
                ));
                sheet.raw(format!("    Restart Count:\t{}", pod.status.restarts));
            }
            sheet.field("QoS Class", "BestEffort");
            sheet.field(
                "Node-Selectors",
                if pod.spec.node_selector.is_empty() {
                    "<none>".to_string()
                } else {
                    label_list(&pod.spec.node_selector)
                },
            );
        }
        Object::Deployment(d) => {
            header(&mut sheet, kind, &meta);
            sheet.field("CreationTimestamp", http_date(meta.created));
            sheet.field("Selector", d.spec.selector.to_display());
            let s = &d.status;
            let desired = d.spec.replicas.unwrap_or(1);
            sheet.field(
                "Replicas",
                format!(
                    "{desired} desired | {} updated | {} total | {} available | {} unavailable",
                    s.updated_replicas,
                    s.replicas,
                    s.available_replicas,
                    (s.replicas - s.available_replicas).max(0)
                ),
            );
            let strategy = d.spec.strategy.clone().unwrap_or_default();
            sheet.field(
                "StrategyType",
                strategy
                    .type_
                    .clone()
                    .unwrap_or_else(|| "RollingUpdate".into()),
            );
            sheet.field(
                "MinReadySeconds",
                d.spec.min_ready_seconds.unwrap_or(0).to_string(),
            );
            if let Some(rolling) = strategy.rolling_update {
                let show = |v: Option<IntOrString>| match v {
                    Some(IntOrString::Int(n)) => n.to_string(),
                    Some(IntOrString::String(s)) => s,
                    None => "25%".to_string(),
                };
                sheet.field(
                    "RollingUpdateStrategy",
                    format!(
                        "{} max unavailable, {} max surge",
                        show(rolling.max_unavailable),
                        show(rolling.max_surge)
                    ),
                );
            }
            template(&mut sheet, &d.spec.template);
            if !d.status.conditions.is_empty() {
                sheet.raw("Conditions:");
                sheet.raw("  Type\tStatus\tReason");
                sheet.raw("  ----\t------\t------");
                for c in &d.status.conditions {
                    sheet.raw(format!("  {}\t{}\t{}", c.type_, c.status, c.reason));
                }
            }
            let (current, _) = crate::engine::current_replicaset(&meta, &d.spec.template);
            let owned: Vec<String> = cluster
                .store()
                .replicasets_of(&meta)
                .map(|rs| {
                    format!(
                        "{} ({}/{} replicas created)",
                        rs.metadata.name,
                        rs.status.replicas,
                        rs.spec.replicas.unwrap_or(1)
                    )
                })
                .collect();
            let old: Vec<&String> = owned
                .iter()
                .filter(|l| !l.starts_with(&format!("{current} ")))
                .collect();
            sheet.field(
                "OldReplicaSets",
                if old.is_empty() {
                    "<none>".to_string()
                } else {
                    old.iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                },
            );
            sheet.field(
                "NewReplicaSet",
                owned
                    .iter()
                    .find(|l| l.starts_with(&format!("{current} ")))
                    .cloned()
                    .unwrap_or_else(|| "<none>".into()),
            );
        }
        Object::ReplicaSet(rs) => {
            header(&mut sheet, kind, &meta);
            sheet.field("Selector", rs.spec.selector.to_display());
            if let Some(owner) = &meta.owner {
                sheet.field(
                    "Controlled By",
                    format!("{}/{}", owner.kind.name(), owner.name),
                );
            }
            sheet.field(
                "Replicas",
                format!(
                    "{} current / {} desired",
                    rs.status.replicas,
                    rs.spec.replicas.unwrap_or(1)
                ),
            );
            template(&mut sheet, &rs.spec.template);
        }
        Object::DaemonSet(ds) => {
            header(&mut sheet, kind, &meta);
            sheet.field("Selector", ds.spec.selector.to_display());
            sheet.field(
                "Desired Number of Nodes Scheduled",
                ds.status.replicas.to_string(),
            );
            sheet.field(
                "Current Number of Nodes Scheduled",
                ds.status.current_replicas.to_string(),
            );
            sheet.field(
                "Number of Nodes Scheduled with Up-to-date Pods",
                ds.status.updated_replicas.to_string(),
            );
            sheet.field(
                "Number of Nodes Scheduled with Available Pods",
                ds.status.available_replicas.to_string(),
            );
            template(&mut sheet, &ds.spec.template);
        }
        Object::Service(svc) => {
            header(&mut sheet, kind, &meta);
            sheet.field(
                "Selector",
                if svc.spec.selector.is_empty() {
                    "<none>".to_string()
                } else {
                    label_list(&svc.spec.selector)
                },
            );
            sheet.field("Type", svc.spec.type_name().to_string());
            sheet.field(
                "IP Family Policy",
                svc.spec
                    .ip_family_policy
                    .clone()
                    .unwrap_or_else(|| "SingleStack".into()),
            );
            sheet.field("IP Families", "IPv4");
            sheet.field("IP", svc.spec.cluster_ip.clone().unwrap_or_default());
            sheet.field("IPs", svc.spec.cluster_ip.clone().unwrap_or_default());
            let key = format!("{}/{}", meta.namespace(), meta.name);
            let ready: Vec<String> = cluster
                .store()
                .endpoints
                .get(&key)
                .map(|slice| {
                    slice
                        .endpoints
                        .iter()
                        .filter(|e| e.ready)
                        .map(|e| e.ip.clone())
                        .collect()
                })
                .unwrap_or_default();
            for port in &svc.spec.ports {
                let name = port.name.clone().unwrap_or_else(|| "<unset>".into());
                let protocol = port.protocol.clone().unwrap_or_else(|| "TCP".into());
                sheet.field("Port", format!("{name}  {}/{protocol}", port.port));
                let target = match &port.target_port {
                    Some(IntOrString::Int(n)) => n.to_string(),
                    Some(IntOrString::String(s)) => s.clone(),
                    None => port.port.to_string(),
                };
                sheet.field("TargetPort", format!("{target}/{protocol}"));
                if let Some(node_port) = port.node_port {
                    sheet.field("NodePort", format!("{name}  {node_port}/{protocol}"));
                }
                let endpoints: Vec<String> =
                    ready.iter().map(|ip| format!("{ip}:{target}")).collect();
                sheet.field("Endpoints", endpoints.join(","));
            }
            sheet.field(
                "Session Affinity",
                svc.spec
                    .session_affinity
                    .clone()
                    .unwrap_or_else(|| "None".into()),
            );
            sheet.field(
                "Internal Traffic Policy",
                svc.spec
                    .internal_traffic_policy
                    .clone()
                    .unwrap_or_else(|| "Cluster".into()),
            );
        }
        Object::Ingress(ing) => {
            header(&mut sheet, kind, &meta);
            sheet.field("Address", "");
            sheet.field(
                "Ingress Class",
                ing.spec
                    .ingress_class_name
                    .clone()
                    .unwrap_or_else(|| "<none>".into()),
            );
            sheet.field("Default backend", "<default>");
            sheet.raw("Rules:");
            sheet.raw("  Host\tPath  Backends");
            sheet.raw("  ----\t----  --------");
            for rule in &ing.spec.rules {
                sheet.raw(format!(
                    "  {}\t",
                    rule.host.clone().unwrap_or_else(|| "*".into())
                ));
                for path in rule.http.iter().flat_map(|h| &h.paths) {
                    let backend = path.backend.service.as_ref().map(|s| {
                        let port = s
                            .port
                            .number
                            .map(|n| n.to_string())
                            .or(s.port.name.clone())
                            .unwrap_or_default();
                        let ready: Vec<String> = cluster
                            .store()
                            .endpoints
                            .get(&format!("{}/{}", meta.namespace(), s.name))
                            .map(|slice| {
                                slice
                                    .endpoints
                                    .iter()
                                    .filter(|e| e.ready)
                                    .map(|e| format!("{}:{port}", e.ip))
                                    .collect()
                            })
                            .unwrap_or_default();
                        format!("{}:{port} ({})", s.name, ready.join(","))
                    });
                    sheet.raw(format!(
                        "  \t{}  {}",
                        path.path.clone().unwrap_or_else(|| "/".into()),
                        backend.unwrap_or_default()
                    ));
                }
            }
        }
        Object::Secret(secret) => {
            // kubectl shows the size of each value, never the value, and no events.
            header(&mut sheet, kind, &meta);
            sheet.raw("");
            sheet.raw(format!("Type:  {}", secret.type_name()));
            sheet.raw("");
            sheet.raw("Data");
            sheet.raw("====");
            for (k, v) in &secret.data {
                let size = decode_base64(v).map_or(0, |b| b.len());
                sheet.raw(format!("{k}:  {size} bytes"));
            }
            return Some(sheet.render());
        }
        _ => {
            header(&mut sheet, kind, &meta);
        }
    }
    events(&mut sheet, cluster, &meta.uid);
    Some(sheet.render())
}

fn template(sheet: &mut Sheet, template: &PodTemplateSpec) {
    sheet.raw("Pod Template:");
    let labels: Vec<String> = template
        .metadata
        .labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    sheet.raw(format!("  Labels:\t{}", labels.join("\n  \t")));
    sheet.raw("  Containers:");
    for c in &template.spec.containers {
        container(sheet, c, "   ");
    }
}

/// A container's name, image and ports; the name is indented as its section is.
fn container(sheet: &mut Sheet, c: &Container, indent: &str) {
    sheet.raw(format!("{indent}{}:", c.name));
    sheet.raw(format!("    Image:\t{}", c.image));
    let ports: Vec<String> = c
        .ports
        .iter()
        .map(|p| {
            format!(
                "{}/{}",
                p.container_port,
                p.protocol.as_deref().unwrap_or("TCP")
            )
        })
        .collect();
    let ports = if ports.is_empty() {
        "<none>".to_string()
    } else {
        ports.join(", ")
    };
    sheet.raw(format!("    Port:\t{ports}"));
}
