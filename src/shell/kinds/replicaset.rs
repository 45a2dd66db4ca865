//! A ReplicaSet in kubectl's words.

use serde_json::{json, Value};

use crate::engine::api::ReplicaSet;
use crate::engine::Cluster;
use crate::shell::columns::Cells;
use crate::shell::kinds::{
    age, controlled_by, counts, header, template, workload_wide, Printed, WORKLOAD_WIDE,
};
use crate::shell::sheet::{events, Sheet};

impl Printed for ReplicaSet {
    const COLUMNS: &'static [&'static str] = &["NAME", "DESIRED", "CURRENT", "READY", "AGE"];
    const WIDE: &'static [&'static str] = WORKLOAD_WIDE;
    const GENERATION: bool = true;

    fn cells(&self, cluster: &Cluster) -> Cells {
        Cells {
            narrow: vec![
                self.spec.replicas.unwrap_or(1).to_string(),
                self.status.replicas.to_string(),
                self.status.ready_replicas.to_string(),
                age(cluster, &self.metadata),
            ],
            wide: workload_wide(&self.spec.template, &self.spec.selector),
        }
    }

    fn describe(&self, cluster: &Cluster, sheet: &mut Sheet) {
        header(sheet, true, &self.metadata);
        sheet.field("Selector", self.spec.selector.to_display());
        controlled_by(sheet, &self.metadata);
        sheet.field(
            "Replicas",
            format!(
                "{} current / {} desired",
                self.status.replicas,
                self.spec.replicas.unwrap_or(1)
            ),
        );
        template(sheet, &self.spec.template);
        events(sheet, cluster, &self.metadata.uid);
    }

    fn status(&self) -> Option<Value> {
        let s = &self.status;
        let mut status = counts(
            &[
                ("availableReplicas", s.available_replicas),
                ("fullyLabeledReplicas", s.replicas),
                ("readyReplicas", s.ready_replicas),
            ],
            self.metadata.generation,
        );
        // `replicas` is not omitted when zero.
        status["replicas"] = json!(s.replicas);
        Some(status)
    }
}
