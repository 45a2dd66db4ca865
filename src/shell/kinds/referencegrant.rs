//! A ReferenceGrant in kubectl's words: the CRD's printer columns and the describer for custom resources.

use crate::engine::gateway::ReferenceGrant;
use crate::engine::Cluster;
use crate::shell::columns::Cells;
use crate::shell::kinds::gateway_api::describe_custom;
use crate::shell::kinds::{age, Printed};
use crate::shell::sheet::Sheet;

impl Printed for ReferenceGrant {
    const COLUMNS: &'static [&'static str] = &["NAME", "AGE"];
    const GENERATION: bool = true;

    fn cells(&self, cluster: &Cluster) -> Cells {
        Cells {
            narrow: vec![age(cluster, &self.metadata)],
            wide: Vec::new(),
        }
    }

    fn describe(&self, cluster: &Cluster, sheet: &mut Sheet) {
        describe_custom(cluster, self.clone().into(), sheet);
    }
}
