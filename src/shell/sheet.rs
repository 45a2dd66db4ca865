//! The "Key:  value" layout of `kubectl describe`, its Events section and its dates.

use std::io::Write;

use tabwriter::TabWriter;

use crate::engine::api::Labels;
use crate::engine::{Civil, Cluster, Millis};
use crate::shell::table::human_duration;

/// Lines of `Key:\tvalue`; continuation lines of a multi-line value start with a tab.
pub(super) struct Sheet {
    lines: Vec<String>,
}

impl Sheet {
    pub(super) fn new() -> Sheet {
        Sheet { lines: Vec::new() }
    }

    pub(super) fn field(&mut self, key: &str, value: impl Into<String>) {
        self.lines.push(format!("{key}:\t{}", value.into()));
    }

    /// `Labels:  app=nginx` then one label per line under the first.
    pub(super) fn map(&mut self, key: &str, map: &Labels) {
        self.pairs(key, map, "=");
    }

    /// `Annotations:  key: value`, leaving out the configuration `kubectl apply` records, as kubectl does.
    pub(super) fn annotations(&mut self, map: &Labels) {
        let shown: Labels = crate::engine::order::map_from(
            map.iter()
                .filter(|(k, _)| k.as_str() != "kubectl.kubernetes.io/last-applied-configuration")
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        self.pairs("Annotations", &shown, ": ");
    }

    fn pairs(&mut self, key: &str, map: &Labels, separator: &str) {
        if map.is_empty() {
            return self.field(key, "<none>");
        }
        for (i, (k, v)) in map.iter().enumerate() {
            let head = if i == 0 {
                format!("{key}:")
            } else {
                String::new()
            };
            self.lines.push(format!("{head}\t{k}{separator}{v}"));
        }
    }

    pub(super) fn raw(&mut self, line: impl Into<String>) {
        self.lines.push(line.into());
    }

    pub(super) fn render(self) -> String {
        let mut writer = TabWriter::new(Vec::new()).padding(2);
        for line in self.lines {
            let _ = writeln!(writer, "{line}");
        }
        let text = writer
            .into_inner()
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default();
        text.trim_end_matches('\n').to_string() + "\n"
    }
}

/// The Events section: what happened to the object with this uid, oldest first.
pub(super) fn events(sheet: &mut Sheet, cluster: &Cluster, uid: &str) {
    let now = cluster.now();
    let mine: Vec<_> = cluster
        .store()
        .events
        .iter()
        .filter(|e| !uid.is_empty() && e.uid == uid)
        .collect();
    if mine.is_empty() {
        return sheet.field("Events", "<none>");
    }
    sheet.raw("Events:");
    sheet.raw("  Type\tReason\tAge\tFrom\tMessage");
    sheet.raw("  ----\t------\t----\t----\t-------");
    for e in mine {
        let last = human_duration(now.saturating_sub(e.last));
        let age = if e.count > 1 {
            format!(
                "{last} (x{} over {})",
                e.count,
                human_duration(now.saturating_sub(e.first))
            )
        } else {
            last
        };
        sheet.raw(format!(
            "  {}\t{}\t{age}\t{}\t{}",
            e.type_name(),
            e.reason,
            e.source,
            e.message
        ));
    }
}

/// kubectl describe's timestamps: `Thu, 01 Jan 2026 00:15:00 +0000`.
pub(super) fn http_date(millis: Millis) -> String {
    let c = Civil::at(millis);
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} +0000",
        c.weekday, c.day, c.month, c.year, c.hour, c.minute, c.second
    )
}
