//! The rows of `kubectl get endpoints|endpointslices`, read from what the endpoints controller keeps.

use crate::engine::api::{IntOrString, Kind, ObjectMeta, ServicePort};
use crate::engine::{names, Cluster};
use crate::shell::columns::Cells;
use crate::shell::table::human_duration;

/// The label an EndpointSlice names its Service by.
pub(super) const SERVICE_NAME_LABEL: &str = "kubernetes.io/service-name";

/// The addresses behind each Service: `Endpoints` lists `ip:port`, `EndpointSlice` the ports and the ready IPs.
pub(super) fn rows(cluster: &Cluster, kind: Kind) -> Vec<(ObjectMeta, Cells)> {
    let store = cluster.store();
    let now = cluster.now();
    let control_plane = cluster
        .nodes()
        .iter()
        .find(|n| n.control_plane)
        .map(|n| n.internal_ip.clone());
    let mut rows = Vec::new();
    for (key, service) in store.services() {
        // Each ready address with its ports, resolved per pod when a targetPort names a container port.
        let entries: Vec<(String, Vec<String>)> = match store.endpoints.get(key) {
            Some(slice) => slice
                .endpoints
                .iter()
                .filter(|e| e.ready)
                .map(|e| (e.ip.clone(), e.ports.iter().map(i32::to_string).collect()))
                .collect(),
            // The apiserver keeps the `kubernetes` Service's endpoints itself.
            None if service.metadata.name == "kubernetes" => control_plane
                .iter()
                .map(|ip| (ip.clone(), vec!["6443".to_string()]))
                .collect(),
            None => continue,
        };
        let ips: Vec<String> = entries.iter().map(|(ip, _)| ip.clone()).collect();
        let ports: Vec<String> = match entries.first() {
            Some((_, ports)) => ports.clone(),
            None => service.spec.ports.iter().map(target_port).collect(),
        };
        let mut meta = service.metadata.clone();
        let age = human_duration(now.saturating_sub(meta.created));
        let narrow = if kind == Kind::Endpoints {
            let pairs: Vec<String> = entries
                .iter()
                .flat_map(|(ip, ports)| ports.iter().map(move |p| format!("{ip}:{p}")))
                .collect();
            vec![truncated(&pairs), age]
        } else {
            // Kubernetes names slices after their Service plus five generated characters, and labels them with it.
            meta.labels
                .insert(SERVICE_NAME_LABEL.to_string(), meta.name.clone());
            meta.name = format!(
                "{}-{}",
                meta.name,
                &names::safe_encode(&format!("{:010}", names::fnv32a(meta.uid.as_bytes())))[5..]
            );
            vec![
                "IPv4".to_string(),
                if ports.is_empty() {
                    "<unset>".to_string()
                } else {
                    ports.join(",")
                },
                truncated(&ips),
                age,
            ]
        };
        rows.push((
            meta,
            Cells {
                narrow,
                wide: Vec::new(),
            },
        ));
    }
    rows
}

/// kubectl shows three addresses and counts the rest.
fn truncated(items: &[String]) -> String {
    match items.len() {
        0 => "<none>".to_string(),
        n if n <= 3 => items.join(","),
        n => format!("{} + {} more...", items[..3].join(","), n - 3),
    }
}

fn target_port(port: &ServicePort) -> String {
    match &port.target_port {
        Some(IntOrString::Int(n)) => n.to_string(),
        Some(IntOrString::String(name)) => name.clone(),
        None => port.port.to_string(),
    }
}
