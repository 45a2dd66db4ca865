//! A Gateway in kubectl's words: the CRD's printer columns and the describer for custom resources.

use serde_json::{json, Value};

use crate::engine::gateway::Gateway;
use crate::engine::Cluster;
use crate::shell::columns::Cells;
use crate::shell::kinds::gateway_api::{condition_status, conditions, describe_custom};
use crate::shell::kinds::{age, Printed};
use crate::shell::sheet::Sheet;

impl Printed for Gateway {
    const COLUMNS: &'static [&'static str] = &["NAME", "CLASS", "ADDRESS", "PROGRAMMED", "AGE"];
    const GENERATION: bool = true;

    fn cells(&self, cluster: &Cluster) -> Cells {
        Cells {
            narrow: vec![
                self.spec.gateway_class_name.clone(),
                self.status.addresses.join(","),
                condition_status(&self.status.conditions, "Programmed"),
                age(cluster, &self.metadata),
            ],
            wide: Vec::new(),
        }
    }

    fn describe(&self, cluster: &Cluster, sheet: &mut Sheet) {
        describe_custom(cluster, self.clone().into(), sheet);
    }

    fn status(&self) -> Option<Value> {
        let status = &self.status;
        let mut out = json!({
            "conditions": conditions(&status.conditions, &["Accepted", "Programmed"]),
        });
        if !status.addresses.is_empty() {
            let addresses: Vec<Value> = status
                .addresses
                .iter()
                .map(|a| {
                    let type_ = if a.parse::<std::net::Ipv4Addr>().is_ok() { "IPAddress" } else { "Hostname" };
                    json!({ "type": type_, "value": a })
                })
                .collect();
            out["addresses"] = json!(addresses);
        }
        if !status.listeners.is_empty() {
            let listeners: Vec<Value> = status
                .listeners
                .iter()
                .map(|l| {
                    let kinds: Vec<Value> = l
                        .supported_kinds
                        .iter()
                        .map(|k| json!({ "group": crate::engine::gateway::GROUP, "kind": k }))
                        .collect();
                    json!({
                        "attachedRoutes": l.attached_routes,
                        "conditions": conditions(&l.conditions, &[]),
                        "name": l.name,
                        "supportedKinds": kinds,
                    })
                })
                .collect();
            out["listeners"] = json!(listeners);
        }
        Some(out)
    }
}
