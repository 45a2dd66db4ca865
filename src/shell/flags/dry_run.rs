//! `--dry-run`, as kubectl v1.34 reads it and says it.

/// `--dry-run`: whether a change is only shown (`client`: computed here; `server`: checked by the API server and
/// not stored).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(in crate::shell) enum DryRun {
    #[default]
    None,
    Client,
    Server,
}

impl DryRun {
    /// kubectl v1.34's reading: `--dry-run` alone still means client, with a deprecation warning (`deprecated`).
    pub(super) fn parse(value: &str) -> Result<DryRun, String> {
        match value {
            "client" | "unchanged" | "true" => Ok(DryRun::Client),
            "server" => Ok(DryRun::Server),
            "none" | "false" => Ok(DryRun::None),
            other => Err(format!(
                "Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
            )),
        }
    }

    /// What kubectl adds after the operation: `created (dry run)`, `configured (server dry run)`.
    pub(in crate::shell) fn suffix(self) -> &'static str {
        match self {
            DryRun::None => "",
            DryRun::Client => " (dry run)",
            DryRun::Server => " (server dry run)",
        }
    }
}

/// klog's warning for `--dry-run` without a value, stamped with the cluster's clock.
pub(in crate::shell) fn dry_run_deprecated(now: crate::engine::Millis) -> String {
    let stamp = crate::engine::timestamp(now);
    let (date, time) = stamp.split_once('T').unwrap_or((&stamp, ""));
    let month_day: String = date.split('-').skip(1).collect();
    let time = time.trim_end_matches('Z');
    format!("W{month_day} {time}.000000    4242 helpers.go:731] --dry-run is deprecated and can be replaced with --dry-run=client.\n")
}
