//! `kubectl get -w`: the table, then a row each time an object's row changes (its age aside) or the object goes.
//! In the page the watch streams as the clock runs, until Ctrl+C or the next command; run from a script (the CLI,
//! the transcripts) it watches until the cluster has been quiet for a while, then stops and says so.

use std::collections::BTreeMap;

use crate::engine::api::Kind;
use crate::engine::Millis;
use crate::shell::flags::Args;
use crate::shell::get::{self, Row};
use crate::shell::{Output, Shell};

/// Outside the page, the watch ends once nothing has changed for this long, or after the longest run.
const QUIET_MILLIS: Millis = 10_000;
const LONGEST_MILLIS: Millis = 120_000;
/// How often a scripted watch looks, in virtual time.
const LOOK_EVERY: Millis = 250;

/// A running `kubectl get -w`.
#[derive(Debug, Clone)]
pub(super) struct Watch {
    args: Args,
    /// Each object's last row printed, by kind, namespace and name, and the column widths of the first table.
    seen: BTreeMap<(Kind, String, String), Vec<String>>,
    widths: Vec<usize>,
}

/// Starts a watch after `kubectl get -w` printed its table; from a script, runs it to its end.
pub(super) fn start(shell: &mut Shell, args: &Args, table: Output) -> Output {
    let rows = rows(shell, args);
    let mut widths: Vec<usize> = Vec::new();
    for row in &rows {
        for line in [&row.header, &row.cells] {
            widths.resize(widths.len().max(line.len()), 0);
            for (width, cell) in widths.iter_mut().zip(line) {
                *width = (*width).max(cell.chars().count());
            }
        }
    }
    let seen = rows.into_iter().map(|r| (r.key, r.cells)).collect();
    shell.watch = Some(Watch {
        args: args.clone(),
        seen,
        widths,
    });
    let mut output = table;
    if !shell.interactive {
        output.extend(run_to_quiet(shell));
    }
    output
}

fn rows(shell: &Shell, args: &Args) -> Vec<Row> {
    let options = crate::shell::kubectl::get_options(args);
    get::rows_now(shell.cluster(), &args.positional, &options).unwrap_or_default()
}

/// The rows that changed since the watch last looked: new and changed objects, and those gone (their last row).
pub(super) fn step(shell: &mut Shell) -> Output {
    let Some(mut watch) = shell.watch.take() else {
        return Output::default();
    };
    let now = rows(shell, &watch.args);
    let mut output = Output::default();
    let mut current = BTreeMap::new();
    for row in now {
        let changed = watch.seen.get(&row.key).is_none_or(|before| {
            without_age(&row.header, before) != without_age(&row.header, &row.cells)
        });
        if changed {
            output.push_out(line(&watch.widths, &row.cells));
        }
        current.insert(row.key, row.cells);
    }
    for (key, last) in &watch.seen {
        if !current.contains_key(key) {
            output.push_out(line(&watch.widths, last));
        }
    }
    watch.seen = current;
    shell.watch = Some(watch);
    output
}

/// A scripted watch: looks every quarter second of virtual time until the cluster is quiet.
fn run_to_quiet(shell: &mut Shell) -> Output {
    let mut output = Output::default();
    let (mut waited, mut quiet) = (0, 0);
    while quiet < QUIET_MILLIS && waited < LONGEST_MILLIS {
        shell.advance(LOOK_EVERY);
        waited += LOOK_EVERY;
        let changes = step(shell);
        quiet = if changes.is_empty() {
            quiet + LOOK_EVERY
        } else {
            0
        };
        output.extend(changes);
    }
    shell.watch = None;
    output.push_err(format!(
        "kplay: the watch stopped after {}s without a change (in the page's terminal it runs until Ctrl+C)\n",
        QUIET_MILLIS / 1000
    ));
    output
}

/// The cells that say whether a row changed: all but AGE, which changes every second.
fn without_age<'a>(header: &[String], cells: &'a [String]) -> Vec<&'a String> {
    cells
        .iter()
        .zip(header)
        .filter(|(_, h)| h.as_str() != "AGE")
        .map(|(c, _)| c)
        .collect()
}

/// A row laid out under the first table's columns (three spaces between, as kubectl's tabwriter pads).
fn line(widths: &[usize], cells: &[String]) -> String {
    let mut out = String::new();
    for (i, cell) in cells.iter().enumerate() {
        out.push_str(cell);
        if i + 1 < cells.len() {
            let width = widths.get(i).copied().unwrap_or(0);
            out.push_str(&" ".repeat(width.saturating_sub(cell.chars().count()) + 3));
        }
    }
    out.push('\n');
    out
}
