//! What the Gateway API kinds share in kubectl's words: kubectl's describer for custom resources (every field of
//! the object, its keys as labels), and conditions as the API returns them.

use serde_json::{json, Map, Value};

use crate::engine::api::Object;
use crate::engine::gateway::GwCondition;
use crate::engine::{timestamp, Cluster};
use crate::shell::render;
use crate::shell::sheet::{events, Sheet};

/// kubectl's `GenericDescriberFor`: name, namespace, labels and annotations, then every other field of the object
/// in key order, then its events.
pub(super) fn describe_custom(cluster: &Cluster, object: Object, sheet: &mut Sheet) {
    let meta = object.meta().clone();
    sheet.field("Name", meta.name.clone());
    sheet.field("Namespace", meta.namespace.clone().unwrap_or_default());
    sheet.map("Labels", &meta.labels);
    sheet.annotations(&meta.annotations);
    let mut value = render::object(&object);
    if let Some(metadata) = value.get_mut("metadata").and_then(Value::as_object_mut) {
        for skipped in [
            "managedFields",
            "name",
            "namespace",
            "labels",
            "annotations",
        ] {
            metadata.remove(skipped);
        }
    }
    if let Value::Object(map) = &value {
        content(sheet, 0, map);
    }
    events(sheet, cluster, &meta.uid);
}

/// `printUnstructuredContent`: a map's keys in order, nested maps and lists one level deeper.
fn content(sheet: &mut Sheet, level: usize, map: &Map<String, Value>) {
    let indent = "  ".repeat(level);
    for (key, value) in map {
        let label = smart_label(key);
        match value {
            Value::Object(child) => {
                sheet.raw(format!("{indent}{label}:"));
                content(sheet, level + 1, child);
            }
            Value::Array(items) => {
                sheet.raw(format!("{indent}{label}:"));
                for item in items {
                    match item {
                        Value::Object(child) => content(sheet, level + 1, child),
                        other => sheet.raw(format!("{indent}  {}", go_value(other))),
                    }
                }
            }
            other => sheet.raw(format!("{indent}{label}:\t{}", go_value(other))),
        }
    }
}

/// A scalar as Go's `%v` prints a decoded JSON value (numbers are float64: a million is `1e+06`).
fn go_value(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "<nil>".to_string(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.abs() >= 1e21 || (f != 0.0 && f.abs() >= 1e6 && f.fract() == 0.0) => {
                let exp = f.abs().log10().floor() as i32;
                let mantissa = f / 10f64.powi(exp);
                let mantissa = format!("{mantissa}");
                format!("{mantissa}e+{exp:02}")
            }
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// kubectl's `smartLabelFor`: `gatewayClassName` is `Gateway Class Name`, `uid` is `UID`; a key with anything but
/// letters and `-` stays as written.
fn smart_label(key: &str) -> String {
    if key.chars().any(|c| !c.is_alphabetic() && c != '-') {
        return key.to_string();
    }
    let mut parts: Vec<String> = Vec::new();
    let chars: Vec<char> = key.chars().collect();
    let mut start = 0;
    for i in 1..chars.len() {
        let (prev, cur) = (chars[i - 1], chars[i]);
        let next_lower = chars.get(i + 1).is_some_and(|c| c.is_lowercase());
        if (prev.is_lowercase() && cur.is_uppercase())
            || (prev.is_uppercase() && cur.is_uppercase() && next_lower)
        {
            parts.push(chars[start..i].iter().collect());
            start = i;
        }
    }
    parts.push(chars[start..].iter().collect());
    parts
        .iter()
        .map(|part| {
            let upper = part.to_uppercase();
            if ["API", "URL", "UID", "OSB", "GUID"].contains(&upper.as_str()) {
                upper
            } else {
                let mut c = part.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Conditions as the API returns them; before any controller wrote one, `pending` (the CRD's default status:
/// `Unknown`, `Pending`, "Waiting for controller", at the epoch).
pub(super) fn conditions(conditions: &[GwCondition], pending: &[&str]) -> Value {
    if conditions.is_empty() {
        let shown: Vec<Value> = pending
            .iter()
            .map(|type_| {
                json!({
                    "lastTransitionTime": "1970-01-01T00:00:00Z",
                    "message": "Waiting for controller",
                    "reason": "Pending",
                    "status": "Unknown",
                    "type": type_,
                })
            })
            .collect();
        return json!(shown);
    }
    let shown: Vec<Value> = conditions
        .iter()
        .map(|c| {
            json!({
                "lastTransitionTime": timestamp(c.last_transition),
                "message": c.message,
                "observedGeneration": c.observed_generation,
                "reason": c.reason,
                "status": c.status.map_or("Unknown", |s| s.as_str()),
                "type": c.type_,
            })
        })
        .collect();
    json!(shown)
}

/// The status of the condition of `type_`, `Unknown` while no controller has written it.
pub(super) fn condition_status(conditions: &[GwCondition], type_: &str) -> String {
    if conditions.is_empty() {
        return "Unknown".to_string();
    }
    conditions
        .iter()
        .find(|c| c.type_ == type_)
        .map(|c| c.status.map_or("Unknown", |s| s.as_str()).to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_values_read_as_kubectl_prints_them() {
        assert_eq!(smart_label("gatewayClassName"), "Gateway Class Name");
        assert_eq!(smart_label("uid"), "UID");
        assert_eq!(smart_label("apiVersion"), "API Version");
        assert_eq!(smart_label("backendTLS"), "Backend TLS");
        assert_eq!(smart_label("lastTransitionTime"), "Last Transition Time");
        assert_eq!(
            smart_label("gateway.networking.k8s.io/generator"),
            "gateway.networking.k8s.io/generator"
        );
        assert_eq!(go_value(&json!(1_000_000)), "1e+06");
        assert_eq!(go_value(&json!(90)), "90");
        assert_eq!(go_value(&json!(8000)), "8000");
    }
}
