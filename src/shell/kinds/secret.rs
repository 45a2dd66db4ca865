//! A Secret in kubectl's words: sizes, never values.

use crate::engine::api::{decode_base64, Secret};
use crate::engine::Cluster;
use crate::shell::columns::Cells;
use crate::shell::kinds::{age, header, Printed};
use crate::shell::sheet::Sheet;

impl Printed for Secret {
    const COLUMNS: &'static [&'static str] = &["NAME", "TYPE", "DATA", "AGE"];

    fn cells(&self, cluster: &Cluster) -> Cells {
        Cells {
            narrow: vec![
                self.type_name().to_string(),
                self.data.len().to_string(),
                age(cluster, &self.metadata),
            ],
            wide: Vec::new(),
        }
    }

    /// kubectl shows the size of each value, never the value, and no events.
    fn describe(&self, _cluster: &Cluster, sheet: &mut Sheet) {
        header(sheet, true, &self.metadata);
        sheet.raw("");
        sheet.raw(format!("Type:  {}", self.type_name()));
        sheet.raw("");
        sheet.raw("Data");
        sheet.raw("====");
        for (k, v) in &self.data {
            let size = decode_base64(v).map_or(0, |b| b.len());
            sheet.raw(format!("{k}:  {size} bytes"));
        }
    }
}
