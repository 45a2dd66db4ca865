//! A CustomResourceDefinition in kubectl's words.

use crate::engine::gateway::CustomResourceDefinition;
use crate::engine::{timestamp, Cluster};
use crate::shell::columns::Cells;
use crate::shell::kinds::gateway_api::describe_custom;
use crate::shell::kinds::Printed;
use crate::shell::sheet::Sheet;

impl Printed for CustomResourceDefinition {
    const COLUMNS: &'static [&'static str] = &["NAME", "CREATED AT"];
    const GENERATION: bool = true;

    fn cells(&self, _cluster: &Cluster) -> Cells {
        Cells {
            narrow: vec![timestamp(self.metadata.created)],
            wide: Vec::new(),
        }
    }

    fn describe(&self, cluster: &Cluster, sheet: &mut Sheet) {
        describe_custom(cluster, self.clone().into(), sheet);
    }
}
