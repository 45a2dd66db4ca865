//! A ServiceAccount in kubectl's words.

use crate::engine::api::ServiceAccount;
use crate::engine::Cluster;
use crate::shell::columns::Cells;
use crate::shell::kinds::{age, Printed};

impl Printed for ServiceAccount {
    const COLUMNS: &'static [&'static str] = &["NAME", "SECRETS", "AGE"];

    fn cells(&self, cluster: &Cluster) -> Cells {
        Cells {
            narrow: vec!["0".to_string(), age(cluster, &self.metadata)],
            wide: Vec::new(),
        }
    }
}
