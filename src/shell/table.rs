//! kubectl's human-readable output: tab-aligned tables and human durations, byte for byte.

use std::io::Write;

use tabwriter::TabWriter;

use crate::engine::Millis;

/// Aligns rows the way kubectl's printer does: Go's tabwriter with a minimum width of 6 and 3 spaces of padding.
/// The last cell of a line is never padded.
pub fn render(rows: &[Vec<String>]) -> String {
    // Go counts the padding inside the minimum width; the tabwriter crate adds it on top, hence 6 - 3.
    let mut writer = TabWriter::new(Vec::new()).minwidth(3).padding(3);
    for row in rows {
        // Writing to a Vec cannot fail.
        let _ = writeln!(writer, "{}", row.join("\t"));
    }
    writer
        .into_inner()
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default()
}

/// apimachinery's `duration.HumanDuration`, which kubectl uses for AGE.
pub fn human_duration(millis: Millis) -> String {
    let seconds = millis / 1000;
    if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        };
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = minutes / 60;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 {
            format!("{}d", hours / 24)
        } else {
            format!("{}d{h}h", hours / 24)
        };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let days = (hours / 24) % 365;
        return if days == 0 {
            format!("{}y", hours / 24 / 365)
        } else {
            format!("{}y{days}d", hours / 24 / 365)
        };
    }
    format!("{}y", hours / 24 / 365)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn tables_align_like_kubectl() {
        let text = render(&[
            row(&["NAME", "READY", "STATUS", "RESTARTS", "AGE"]),
            row(&[
                "nginx-deployment-66b6c48dd5-75g6s",
                "1/1",
                "Running",
                "0",
                "35s",
            ]),
        ]);
        assert_eq!(
            text,
            "NAME                                READY   STATUS    RESTARTS   AGE\n\
             nginx-deployment-66b6c48dd5-75g6s   1/1     Running   0          35s\n"
        );
    }

    #[test]
    fn short_columns_get_the_minimum_width() {
        let text = render(&[row(&["A", "B"]), row(&["x", "y"])]);
        assert_eq!(text, "A     B\nx     y\n");
    }

    #[test]
    fn durations_read_like_kubectl() {
        let cases = [
            (0, "0s"),
            (35_000, "35s"),
            (119_000, "119s"),
            (120_000, "2m"),
            (200_000, "3m20s"),
            (14 * 60_000, "14m"),
            (179 * 60_000, "179m"),
            (3 * 3_600_000, "3h"),
            (3 * 3_600_000 + 5 * 60_000, "3h5m"),
            (30 * 3_600_000, "30h"),
            (50 * 3_600_000, "2d2h"),
            (10 * 86_400_000, "10d"),
            (800 * 86_400_000, "2y70d"),
            (3000 * 86_400_000, "8y"),
        ];
        for (millis, expected) in cases {
            assert_eq!(human_duration(millis), expected, "{millis} ms");
        }
    }
}
