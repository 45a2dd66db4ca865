//! A ConfigMap in kubectl's words.

use crate::engine::api::decode_base64;
use crate::engine::kinds::configmap::ConfigMap;
use crate::engine::Cluster;
use crate::shell::columns::Cells;
use crate::shell::kinds::{age, header, Printed};
use crate::shell::sheet::{events, Sheet};

impl Printed for ConfigMap {
    const COLUMNS: &'static [&'static str] = &["NAME", "DATA", "AGE"];

    fn cells(&self, cluster: &Cluster) -> Cells {
        Cells {
            narrow: vec![
                (self.data.len() + self.binary_data.len()).to_string(),
                age(cluster, &self.metadata),
            ],
            wide: Vec::new(),
        }
    }

    /// kubectl prints each value under its key, and only the size of binary values.
    fn describe(&self, cluster: &Cluster, sheet: &mut Sheet) {
        header(sheet, true, &self.metadata);
        sheet.raw("");
        sheet.raw("Data");
        sheet.raw("====");
        for (key, value) in &self.data {
            sheet.raw(format!("{key}:"));
            sheet.raw("----");
            for line in value.split('\n') {
                sheet.raw(line);
            }
            sheet.raw("");
        }
        sheet.raw("");
        sheet.raw("BinaryData");
        sheet.raw("====");
        for (key, value) in &self.binary_data {
            let size = decode_base64(value).map_or(0, |b| b.len());
            sheet.raw(format!("{key}: {size} bytes"));
        }
        sheet.raw("");
        events(sheet, cluster, &self.metadata.uid);
    }
}
