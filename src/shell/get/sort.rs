//! `kubectl get --sort-by`: rows in the order of a JSONPath's value in each object.

use crate::engine::api::{Kind, ObjectMeta};
use crate::engine::order;
use crate::engine::Cluster;
use crate::shell::columns::Cells;
use crate::shell::get::as_api_object;
use crate::shell::jsonpath;

/// `--sort-by=PATH`: rows in the order of the value PATH finds in each object (numbers by value, the rest as text,
/// objects without it first), as kubectl sorts before printing.
pub(super) fn sort_rows(
    cluster: &Cluster,
    kind: Kind,
    path: &str,
    rows: &mut Vec<(ObjectMeta, Cells)>,
) -> Result<(), String> {
    let keys: Vec<Option<serde_json::Value>> = rows
        .iter()
        .map(|(meta, _)| {
            let object = as_api_object(cluster, kind, meta);
            jsonpath::values(path, &object).map(|found| found.first().map(|v| (*v).clone()))
        })
        .collect::<Result<_, _>>()
        .map_err(|why| format!("error: {why}\n"))?;
    if keys.iter().all(Option::is_none) {
        return Err(format!(
            "error: couldn't find any field with path \"{{{}}}\" in the list of objects\n",
            path.trim_start_matches('{').trim_end_matches('}')
        ));
    }
    let mut paired: Vec<_> = std::mem::take(rows).into_iter().zip(keys).collect();
    order::sort_by(&mut paired, |(_, a), (_, b)| {
        compare_keys(a.as_ref(), b.as_ref())
    });
    *rows = paired.into_iter().map(|(row, _)| row).collect();
    Ok(())
}

fn compare_keys(
    a: Option<&serde_json::Value>,
    b: Option<&serde_json::Value>,
) -> std::cmp::Ordering {
    use serde_json::Value;
    match (a, b) {
        (Some(Value::Number(a)), Some(Value::Number(b))) => a
            .as_f64()
            .zip(b.as_f64())
            .and_then(|(a, b)| a.partial_cmp(&b))
            .unwrap_or(std::cmp::Ordering::Equal),
        (Some(a), Some(b)) => jsonpath::go_value(a).cmp(&jsonpath::go_value(b)),
        (a, b) => a.is_some().cmp(&b.is_some()),
    }
}
