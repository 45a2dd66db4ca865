//! An IngressClass in kubectl's words.

use crate::engine::api::IngressClass;
use crate::engine::Cluster;
use crate::shell::columns::Cells;
use crate::shell::kinds::{age, or_none, Printed};

impl Printed for IngressClass {
    const COLUMNS: &'static [&'static str] = &["NAME", "CONTROLLER", "PARAMETERS", "AGE"];

    fn cells(&self, cluster: &Cluster) -> Cells {
        Cells {
            narrow: vec![
                or_none(self.spec.controller.clone()),
                "<none>".to_string(),
                age(cluster, &self.metadata),
            ],
            wide: Vec::new(),
        }
    }
}
