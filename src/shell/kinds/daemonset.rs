//! A DaemonSet in kubectl's words.

use serde_json::{json, Value};

use crate::engine::api::DaemonSet;
use crate::engine::Cluster;
use crate::shell::columns::{labels, Cells};
use crate::shell::kinds::{age, header, template, workload_wide, Printed, WORKLOAD_WIDE};
use crate::shell::sheet::{events, Sheet};

impl Printed for DaemonSet {
    const COLUMNS: &'static [&'static str] = &[
        "NAME",
        "DESIRED",
        "CURRENT",
        "READY",
        "UP-TO-DATE",
        "AVAILABLE",
        "NODE SELECTOR",
        "AGE",
    ];
    const WIDE: &'static [&'static str] = WORKLOAD_WIDE;
    const GENERATION: bool = true;

    fn cells(&self, cluster: &Cluster) -> Cells {
        let status = &self.status;
        let node_selector = &self.spec.template.spec.node_selector;
        Cells {
            narrow: vec![
                status.replicas.to_string(),
                status.current_replicas.to_string(),
                status.ready_replicas.to_string(),
                status.updated_replicas.to_string(),
                status.available_replicas.to_string(),
                if node_selector.is_empty() {
                    "<none>".to_string()
                } else {
                    labels(node_selector)
                },
                age(cluster, &self.metadata),
            ],
            wide: workload_wide(&self.spec.template, &self.spec.selector),
        }
    }

    fn describe(&self, cluster: &Cluster, sheet: &mut Sheet) {
        let s = &self.status;
        header(sheet, true, &self.metadata);
        sheet.field("Selector", self.spec.selector.to_display());
        sheet.field("Desired Number of Nodes Scheduled", s.replicas.to_string());
        sheet.field(
            "Current Number of Nodes Scheduled",
            s.current_replicas.to_string(),
        );
        sheet.field(
            "Number of Nodes Scheduled with Up-to-date Pods",
            s.updated_replicas.to_string(),
        );
        sheet.field(
            "Number of Nodes Scheduled with Available Pods",
            s.available_replicas.to_string(),
        );
        template(sheet, &self.spec.template);
        events(sheet, cluster, &self.metadata.uid);
    }

    fn status(&self) -> Option<Value> {
        let s = &self.status;
        Some(json!({
            "currentNumberScheduled": s.current_replicas,
            "desiredNumberScheduled": s.replicas,
            "numberAvailable": s.available_replicas,
            "numberMisscheduled": 0,
            "numberReady": s.ready_replicas,
            "observedGeneration": self.metadata.generation.max(1),
            "updatedNumberScheduled": s.updated_replicas,
        }))
    }
}
