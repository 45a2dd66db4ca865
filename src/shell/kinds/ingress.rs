//! An Ingress in kubectl's words.

use serde_json::{json, Value};

use crate::engine::api::{HttpIngressPath, Ingress};
use crate::engine::Cluster;
use crate::shell::columns::Cells;
use crate::shell::kinds::{age, header, or_none, ready_ips, Printed};
use crate::shell::sheet::{events, Sheet};

/// The HOSTS column as kubectl's printer (`formatHosts`) writes it: up to three hosts, then `+ N more...` where N
/// counts every rule past the third; `*` when no rule names a host.
fn hosts(rules: &[crate::engine::api::IngressRule]) -> String {
    const MAX: usize = 3;
    let mut list: Vec<&str> = Vec::new();
    let mut more = false;
    for rule in rules {
        more |= list.len() == MAX;
        if let Some(host) = rule.host.as_deref().filter(|h| !more && !h.is_empty()) {
            list.push(host);
        }
    }
    match (list.is_empty(), more) {
        (true, _) => "*".to_string(),
        (false, true) => format!("{} + {} more...", list.join(","), rules.len() - MAX),
        (false, false) => list.join(","),
    }
}

impl Printed for Ingress {
    const COLUMNS: &'static [&'static str] = &["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"];
    const GENERATION: bool = true;

    fn cells(&self, cluster: &Cluster) -> Cells {
        Cells {
            narrow: vec![
                or_none(self.spec.ingress_class_name.clone()),
                hosts(&self.spec.rules),
                self.addresses
                    .iter()
                    .map(|a| a.shown())
                    .collect::<Vec<_>>()
                    .join(","),
                if self.spec.tls.is_empty() {
                    "80".to_string()
                } else {
                    "80, 443".to_string()
                },
                age(cluster, &self.metadata),
            ],
            wide: Vec::new(),
        }
    }

    fn describe(&self, cluster: &Cluster, sheet: &mut Sheet) {
        header(sheet, true, &self.metadata);
        sheet.field("Address", "");
        sheet.field(
            "Ingress Class",
            self.spec
                .ingress_class_name
                .clone()
                .unwrap_or_else(|| "<none>".into()),
        );
        sheet.field("Default backend", "<default>");
        sheet.raw("Rules:");
        sheet.raw("  Host\tPath  Backends");
        sheet.raw("  ----\t----  --------");
        for rule in &self.spec.rules {
            sheet.raw(format!(
                "  {}\t",
                rule.host.clone().unwrap_or_else(|| "*".into())
            ));
            for path in rule.http.iter().flat_map(|h| &h.paths) {
                sheet.raw(format!(
                    "  \t{}  {}",
                    path.path.clone().unwrap_or_else(|| "/".into()),
                    backend(self, path, cluster)
                ));
            }
        }
        events(sheet, cluster, &self.metadata.uid);
    }

    fn status(&self) -> Option<Value> {
        Some(if self.addresses.is_empty() {
            json!({ "loadBalancer": {} })
        } else {
            json!({ "loadBalancer": { "ingress": self.addresses } })
        })
    }
}

/// `nginx-service:80 (10.244.1.2:80,...)`: a path's Service, port and ready endpoints.
fn backend(ingress: &Ingress, path: &HttpIngressPath, cluster: &Cluster) -> String {
    let Some(service) = path.backend.service.as_ref() else {
        return String::new();
    };
    let port = service
        .port
        .number
        .map(|n| n.to_string())
        .or(service.port.name.clone())
        .unwrap_or_default();
    let ready: Vec<String> = ready_ips(cluster, ingress.metadata.namespace(), &service.name)
        .iter()
        .map(|ip| format!("{ip}:{port}"))
        .collect();
    format!("{}:{port} ({})", service.name, ready.join(","))
}
