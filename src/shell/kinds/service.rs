//! A Service in kubectl's words.

use serde_json::{json, Value};

use crate::engine::api::{
    IntOrString, Protocol, Service, ServicePort, ServiceType, SessionAffinity, TrafficPolicy,
};
use crate::engine::Cluster;
use crate::shell::columns::{labels, Cells};
use crate::shell::kinds::{age, header, or_none, ready_ips, Printed};
use crate::shell::sheet::{events, Sheet};

impl Printed for Service {
    const COLUMNS: &'static [&'static str] = &[
        "NAME",
        "TYPE",
        "CLUSTER-IP",
        "EXTERNAL-IP",
        "PORT(S)",
        "AGE",
    ];
    const WIDE: &'static [&'static str] = &["SELECTOR"];

    fn cells(&self, cluster: &Cluster) -> Cells {
        let ports = self
            .spec
            .ports
            .iter()
            .map(|p| {
                let protocol = p.protocol.as_ref().unwrap_or(&Protocol::TCP);
                match p.node_port {
                    Some(node_port) => format!("{}:{node_port}/{protocol}", p.port),
                    None => format!("{}/{protocol}", p.port),
                }
            })
            .collect::<Vec<_>>()
            .join(",");
        Cells {
            narrow: vec![
                self.spec.service_type().to_string(),
                or_none(self.spec.cluster_ip.clone()),
                match (&self.load_balancer_ip, self.spec.service_type()) {
                    (Some(ip), _) => ip.clone(),
                    (None, ServiceType::ExternalName) => or_none(
                        self.spec
                            .extra
                            .get("externalName")
                            .and_then(|v| v.as_str())
                            .map(str::to_string),
                    ),
                    (None, ServiceType::LoadBalancer) => "<pending>".to_string(),
                    (None, _) => "<none>".to_string(),
                },
                if ports.is_empty() {
                    "<none>".to_string()
                } else {
                    ports
                },
                age(cluster, &self.metadata),
            ],
            wide: vec![selector(self)],
        }
    }

    fn describe(&self, cluster: &Cluster, sheet: &mut Sheet) {
        let spec = &self.spec;
        header(sheet, true, &self.metadata);
        sheet.field("Selector", selector(self));
        sheet.field("Type", spec.service_type().to_string());
        if let Some(policy) = &spec.ip_family_policy {
            sheet.field("IP Family Policy", policy.clone());
        }
        let none_if_empty = |list: &[String]| match list.is_empty() {
            true => "<none>".to_string(),
            false => list.join(","),
        };
        sheet.field("IP Families", none_if_empty(&spec.ip_families));
        sheet.field("IP", spec.cluster_ip.clone().unwrap_or_default());
        sheet.field("IPs", none_if_empty(&spec.cluster_ips));
        if let Some(name) = spec.extra.get("externalName").and_then(|v| v.as_str()) {
            sheet.field("External Name", name.to_string());
        }
        if let Some(ip) = &self.load_balancer_ip {
            sheet.field("LoadBalancer Ingress", format!("{ip} (VIP)"));
        }
        let ready = ready_ips(cluster, self.metadata.namespace(), &self.metadata.name);
        for port in &spec.ports {
            describe_port(sheet, port, &ready);
        }
        sheet.field(
            "Session Affinity",
            spec.session_affinity
                .as_ref()
                .unwrap_or(&SessionAffinity::None)
                .to_string(),
        );
        if let Some(policy) = &spec.external_traffic_policy {
            sheet.field("External Traffic Policy", policy.to_string());
        }
        sheet.field(
            "Internal Traffic Policy",
            spec.internal_traffic_policy
                .as_ref()
                .unwrap_or(&TrafficPolicy::Cluster)
                .to_string(),
        );
        events(sheet, cluster, &self.metadata.uid);
    }

    fn status(&self) -> Option<Value> {
        Some(match &self.load_balancer_ip {
            Some(ip) => json!({ "loadBalancer": { "ingress": [{ "ip": ip, "ipMode": "VIP" }] } }),
            None => json!({ "loadBalancer": {} }),
        })
    }
}

fn selector(service: &Service) -> String {
    if service.spec.selector.is_empty() {
        "<none>".to_string()
    } else {
        labels(&service.spec.selector)
    }
}


/// Port, TargetPort, NodePort and Endpoints of one port.
fn describe_port(sheet: &mut Sheet, port: &ServicePort, ready: &[String]) {
    let name = port.name.clone().unwrap_or_else(|| "<unset>".into());
    let protocol = port.protocol.as_ref().unwrap_or(&Protocol::TCP);
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
    let endpoints: Vec<String> = ready.iter().map(|ip| format!("{ip}:{target}")).collect();
    sheet.field("Endpoints", endpoints.join(","));
}
