//! A ClusterRole in kubectl's words.

use crate::engine::api::ClusterRole;
use crate::engine::{timestamp, Cluster};
use crate::shell::columns::Cells;
use crate::shell::kinds::Printed;

impl Printed for ClusterRole {
    const COLUMNS: &'static [&'static str] = &["NAME", "CREATED AT"];

    fn cells(&self, _cluster: &Cluster) -> Cells {
        Cells {
            narrow: vec![timestamp(self.metadata.created)],
            wide: Vec::new(),
        }
    }
}
