//! `kubectl get`: one table per kind, in kubectl's columns, with `kind.group/` prefixes when several kinds are listed.

use crate::engine::api::{Kind, Labels, ObjectMeta};
use crate::engine::{Cluster, KUBERNETES_VERSION};
use crate::shell::kubectl::resolve;
use crate::shell::table::{human_duration, render};
use crate::shell::Output;

/// The kinds `kubectl get all` lists, in kubectl's order.
const ALL: [Kind; 4] = [Kind::Pod, Kind::Service, Kind::Deployment, Kind::ReplicaSet];

pub(super) fn get(
    cluster: &Cluster,
    positional: &[String],
    namespace: &str,
    all_namespaces: bool,
    output: Option<&str>,
) -> Output {
    let Some((resources, names)) = positional.split_first() else {
        return Output::err(
            "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\n\
             error: Required resource not specified.\n\
             Use \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\n\
             See 'kubectl get -h' for help and examples\n",
        );
    };
    let format = match output {
        None => Format::Table { wide: false },
        Some("wide") => Format::Table { wide: true },
        Some("name") => Format::Name,
        Some(other) => {
            return Output::err(format!(
            "error: kplay does not print -o {other} yet; it prints tables, -o wide and -o name\n"
        ))
        }
    };
    let mut kinds = Vec::new();
    let mut listed_all = false;
    for word in resources.split(',').filter(|w| !w.is_empty()) {
        if word == "all" {
            listed_all = true;
            kinds.extend(ALL);
        } else {
            match resolve(word) {
                Ok(kind) => kinds.push(kind),
                Err(message) => return Output::err(format!("{message}\n")),
            }
        }
    }
    let with_kind = kinds.len() > 1 || listed_all;
    let mut output = Output::default();
    let mut tables = Vec::new();
    for kind in kinds {
        let mut listing = Listing::of(cluster, kind, namespace, all_namespaces);
        if !names.is_empty() {
            for name in names {
                if !listing.metas.iter().any(|m| &m.name == name) {
                    output.stderr.push_str(&format!(
                        "Error from server (NotFound): {} \"{}\" not found\n",
                        kind.plural(),
                        name
                    ));
                }
            }
            listing.keep(|meta| names.contains(&meta.name));
        }
        if listing.rows.is_empty() {
            continue;
        }
        let show_namespace = all_namespaces && kind.namespaced();
        match format {
            Format::Name => {
                for meta in &listing.metas {
                    tables.push(format!("{}/{}\n", kind.qualified(), meta.name));
                }
            }
            Format::Table { wide } => {
                let mut rows = vec![header(kind, wide, show_namespace)];
                for (meta, cells) in listing.metas.iter().zip(listing.rows) {
                    let mut row = Vec::new();
                    if show_namespace {
                        row.push(meta.namespace().to_string());
                    }
                    row.push(if with_kind {
                        format!("{}/{}", kind.qualified(), meta.name)
                    } else {
                        meta.name.clone()
                    });
                    row.extend(cells.narrow);
                    if wide {
                        row.extend(cells.wide);
                    }
                    rows.push(row);
                }
                tables.push(render(&rows));
            }
        }
    }
    let separator = if format == Format::Name { "" } else { "\n" };
    output.stdout = tables.join(separator);
    if output.stdout.is_empty() && names.is_empty() {
        output.stderr = if all_namespaces {
            "No resources found\n".to_string()
        } else {
            format!("No resources found in {namespace} namespace.\n")
        };
    }
    output
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Table { wide: bool },
    Name,
}

/// The cells after NAME, and the extra ones `-o wide` adds.
struct Cells {
    narrow: Vec<String>,
    wide: Vec<String>,
}

/// The objects of one kind to print, with their cells.
struct Listing {
    metas: Vec<ObjectMeta>,
    rows: Vec<Cells>,
}

impl Listing {
    fn of(cluster: &Cluster, kind: Kind, namespace: &str, all_namespaces: bool) -> Listing {
        let store = cluster.store();
        let now = cluster.now();
        let age = |meta: &ObjectMeta| human_duration(now.saturating_sub(meta.created));
        let in_scope = |meta: &ObjectMeta| all_namespaces || meta.namespace() == namespace;
        let mut listing = Listing {
            metas: Vec::new(),
            rows: Vec::new(),
        };
        let mut push = |meta: &ObjectMeta, narrow: Vec<String>, wide: Vec<String>| {
            if in_scope(meta) {
                listing.metas.push(meta.clone());
                listing.rows.push(Cells { narrow, wide });
            }
        };
        match kind {
            Kind::Pod => {
                for pod in store.pods.values() {
                    let total = pod.spec.containers.len().max(1);
                    let ready = if pod.status.ready { total } else { 0 };
                    push(
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
                    );
                }
            }
            Kind::Deployment => {
                for d in store.deployments.values() {
                    let t = &d.spec.template.spec;
                    push(
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
                        vec![
                            join(t.containers.iter().map(|c| c.name.as_str())),
                            join(t.containers.iter().map(|c| c.image.as_str())),
                            selector(&d.spec.selector.match_labels),
                        ],
                    );
                }
            }
            Kind::ReplicaSet => {
                for rs in store.replicasets.values() {
                    let t = &rs.spec.template.spec;
                    push(
                        &rs.metadata,
                        vec![
                            rs.spec.replicas.unwrap_or(1).to_string(),
                            rs.status.replicas.to_string(),
                            rs.status.ready_replicas.to_string(),
                            age(&rs.metadata),
                        ],
                        vec![
                            join(t.containers.iter().map(|c| c.name.as_str())),
                            join(t.containers.iter().map(|c| c.image.as_str())),
                            selector(&rs.spec.selector.match_labels),
                        ],
                    );
                }
            }
            Kind::Service => {
                for s in store.services.values() {
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
                    push(
                        &s.metadata,
                        vec![
                            s.spec.type_name().to_string(),
                            or_none(s.spec.cluster_ip.clone()),
                            "<none>".to_string(),
                            ports,
                            age(&s.metadata),
                        ],
                        vec![if s.spec.selector.is_empty() {
                            "<none>".to_string()
                        } else {
                            selector(&s.spec.selector)
                        }],
                    );
                }
            }
            Kind::Ingress => {
                for ing in store.ingresses.values() {
                    let hosts: Vec<&str> = ing
                        .spec
                        .rules
                        .iter()
                        .filter_map(|r| r.host.as_deref())
                        .collect();
                    push(
                        &ing.metadata,
                        vec![
                            or_none(ing.spec.ingress_class_name.clone()),
                            if hosts.is_empty() {
                                "*".to_string()
                            } else {
                                hosts.join(",")
                            },
                            String::new(),
                            "80".to_string(),
                            age(&ing.metadata),
                        ],
                        Vec::new(),
                    );
                }
            }
            Kind::Node => {
                for node in cluster.nodes() {
                    let meta = ObjectMeta {
                        name: node.name.clone(),
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
                    listing.metas.push(meta.clone());
                    listing.rows.push(Cells {
                        narrow: vec![
                            status,
                            role.to_string(),
                            age(&meta),
                            KUBERNETES_VERSION.to_string(),
                        ],
                        wide: vec![
                            node.internal_ip.clone(),
                            "<none>".to_string(),
                            "Debian GNU/Linux 12 (bookworm)".to_string(),
                            "6.1.0-28-amd64".to_string(),
                            "containerd://1.7.24".to_string(),
                        ],
                    });
                }
            }
        }
        listing
    }

    fn keep(&mut self, wanted: impl Fn(&ObjectMeta) -> bool) {
        let rows = std::mem::take(&mut self.rows);
        let metas = std::mem::take(&mut self.metas);
        for (meta, row) in metas.into_iter().zip(rows) {
            if wanted(&meta) {
                self.metas.push(meta);
                self.rows.push(row);
            }
        }
    }
}

fn header(kind: Kind, wide: bool, namespace: bool) -> Vec<String> {
    let (narrow, extra): (&[&str], &[&str]) = match kind {
        Kind::Pod => (
            &["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            &["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
        ),
        Kind::Deployment => (
            &["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        Kind::ReplicaSet => (
            &["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
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

fn or_none(value: Option<String>) -> String {
    value.unwrap_or_else(|| "<none>".to_string())
}

fn join<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(",")
}

fn selector(labels: &Labels) -> String {
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}
