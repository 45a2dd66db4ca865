//! An HTTPRoute in kubectl's words: the CRD's printer columns and the describer for custom resources.

use serde_json::{json, Value};

use crate::engine::gateway::HttpRoute;
use crate::engine::Cluster;
use crate::shell::columns::Cells;
use crate::shell::kinds::gateway_api::{conditions, describe_custom};
use crate::shell::kinds::{age, Printed};
use crate::shell::sheet::Sheet;

impl Printed for HttpRoute {
    const COLUMNS: &'static [&'static str] = &["NAME", "HOSTNAMES", "AGE"];
    const GENERATION: bool = true;

    /// The CRD's column is `.spec.hostnames`, a list, which kubectl prints as JSON.
    fn cells(&self, cluster: &Cluster) -> Cells {
        let hostnames = if self.spec.hostnames.is_empty() {
            String::new()
        } else {
            serde_json::to_string(&self.spec.hostnames).unwrap_or_default()
        };
        Cells {
            narrow: vec![hostnames, age(cluster, &self.metadata)],
            wide: Vec::new(),
        }
    }

    fn describe(&self, cluster: &Cluster, sheet: &mut Sheet) {
        describe_custom(cluster, self.clone().into(), sheet);
    }

    fn status(&self) -> Option<Value> {
        let parents: Vec<Value> = self
            .status
            .parents
            .iter()
            .map(|p| {
                json!({
                    "conditions": conditions(&p.conditions, &[]),
                    "controllerName": p.controller_name,
                    "parentRef": p.parent,
                })
            })
            .collect();
        Some(json!({ "parents": parents }))
    }
}
