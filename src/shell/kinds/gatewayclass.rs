//! A GatewayClass in kubectl's words: the CRD's printer columns and the describer for custom resources.

use serde_json::{json, Value};

use crate::engine::gateway::GatewayClass;
use crate::engine::Cluster;
use crate::shell::columns::Cells;
use crate::shell::kinds::gateway_api::{condition_status, conditions, describe_custom};
use crate::shell::kinds::{age, Printed};
use crate::shell::sheet::Sheet;

impl Printed for GatewayClass {
    const COLUMNS: &'static [&'static str] = &["NAME", "CONTROLLER", "ACCEPTED", "AGE"];
    const WIDE: &'static [&'static str] = &["DESCRIPTION"];
    const GENERATION: bool = true;

    fn cells(&self, cluster: &Cluster) -> Cells {
        Cells {
            narrow: vec![
                self.spec.controller_name.clone(),
                condition_status(&self.status.conditions, "Accepted"),
                age(cluster, &self.metadata),
            ],
            wide: vec![self.spec.description.clone().unwrap_or_default()],
        }
    }

    fn describe(&self, cluster: &Cluster, sheet: &mut Sheet) {
        describe_custom(cluster, self.clone().into(), sheet);
    }

    fn status(&self) -> Option<Value> {
        Some(json!({ "conditions": conditions(&self.status.conditions, &["Accepted"]) }))
    }
}
