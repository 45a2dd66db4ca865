//! `kubectl describe`: an object's fields in kubectl's "Key:  value" layout.

use crate::engine::api::{Kind, ObjectRef};
use crate::engine::{Cluster, KUBERNETES_VERSION};
use crate::shell::kinds;
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

/// One object's sheet: a node from the cluster's machines, anything else from the registry's printers.
fn one(cluster: &Cluster, kind: Kind, namespace: &str, name: &str) -> Option<String> {
    if kind == Kind::Node {
        return node(cluster, name);
    }
    kinds::describe(cluster, kind, &ObjectRef::new(kind, namespace, name).key())
}

/// A node: its roles, addresses, taints and the pods it runs.
fn node(cluster: &Cluster, name: &str) -> Option<String> {
    let mut sheet = Sheet::new();
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
        .pods()
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
    Some(sheet.render())
}
