//! A Namespace in kubectl's words.

use serde_json::{json, Value};

use crate::engine::api::Namespace;
use crate::engine::Cluster;
use crate::shell::columns::Cells;
use crate::shell::kinds::{age, Printed};

impl Printed for Namespace {
    const COLUMNS: &'static [&'static str] = &["NAME", "STATUS", "AGE"];

    fn cells(&self, cluster: &Cluster) -> Cells {
        Cells {
            narrow: vec!["Active".to_string(), age(cluster, &self.metadata)],
            wide: Vec::new(),
        }
    }

    fn status(&self) -> Option<Value> {
        Some(json!({ "phase": "Active" }))
    }
}
