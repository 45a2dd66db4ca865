//! The selectors `kubectl get` and `wait` take: label selectors (`-l`) and field selectors (`--field-selector`).

use crate::engine::api::{
    Kind, LabelSelector, LabelSelectorRequirement, ObjectMeta, SelectorOperator,
};
use crate::engine::Cluster;
use crate::shell::columns;

/// One term of a field selector: `field=value` (`equal`) or `field!=value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FieldRequirement {
    pub field: String,
    pub equal: bool,
    pub value: String,
}

impl FieldRequirement {
    /// Whether an object's value of the field satisfies this term.
    pub(super) fn matches(&self, value: Option<&str>) -> bool {
        (value == Some(self.value.as_str())) == self.equal
    }
}

/// `a=b,c!=d`: each field, whether it must equal or differ, and the value.
pub(super) fn parse_field_selector(text: &str) -> Result<Vec<FieldRequirement>, String> {
    text.split(',')
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            let (field, equal, value) = if let Some((f, v)) = part.split_once("!=") {
                (f, false, v)
            } else if let Some((f, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
                (f, true, v)
            } else {
                return Err(format!(
                    "error: invalid selector: '{text}'; can't understand '{part}'\n"
                ));
            };
            Ok(FieldRequirement {
                field: field.trim().to_string(),
                equal,
                value: value.trim().to_string(),
            })
        })
        .collect()
}

/// The value of a field a field selector may name, or None when the kind does not support selecting on it.
pub(super) fn field_value(
    cluster: &Cluster,
    kind: Kind,
    meta: &ObjectMeta,
    field: &str,
) -> Option<String> {
    match (kind, field) {
        (_, "metadata.name") => Some(meta.name.clone()),
        (_, "metadata.namespace") => Some(meta.namespace().to_string()),
        (Kind::Pod, "status.phase" | "spec.nodeName") => {
            let pod = cluster
                .store()
                .pods()
                .get(&format!("{}/{}", meta.namespace(), meta.name));
            Some(match field {
                "status.phase" => pod
                    .map(|p| p.status.phase.as_str().to_string())
                    .unwrap_or_default(),
                _ => pod
                    .and_then(|p| p.spec.node_name.clone())
                    .unwrap_or_default(),
            })
        }
        (Kind::Event, "involvedObject.name" | "involvedObject.kind" | "reason" | "type") => {
            let event = cluster
                .store()
                .events
                .iter()
                .find(|e| columns::event_name(e) == meta.name);
            Some(match (event, field) {
                (Some(e), "involvedObject.name") => e.object.clone(),
                (Some(e), "involvedObject.kind") => e.kind.name().to_string(),
                (Some(e), "reason") => e.reason.clone(),
                (Some(e), _) => e.type_name().to_string(),
                (None, _) => String::new(),
            })
        }
        _ => None,
    }
}

/// A label selector as `-l` takes it: `app=nginx`, `tier!=db`, `env in (a,b)`, `env notin (c)`, `key`, `!key`.
pub(super) fn parse_selector(text: &str) -> Result<LabelSelector, String> {
    let mut selector = LabelSelector::default();
    let mut rest = text.trim();
    while !rest.is_empty() {
        // A requirement ends at the first comma outside parentheses.
        let mut depth = 0;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                c == ',' && depth == 0
            })
            .map_or(rest.len(), |(i, _)| i);
        let part = rest[..end].trim();
        rest = rest.get(end + 1..).unwrap_or("").trim();
        let invalid = || {
            format!("error: unable to parse requirement: found '{part}', expected: identifier\n")
        };
        let requirement =
            |key: &str, operator: SelectorOperator, values: Vec<String>| LabelSelectorRequirement {
                key: key.trim().to_string(),
                operator,
                values,
            };
        let set = |values: &str| -> Vec<String> {
            values
                .trim()
                .trim_start_matches('(')
                .trim_end_matches(')')
                .split(',')
                .map(|v| v.trim().to_string())
                .collect()
        };
        let parsed = if let Some((key, value)) = part.split_once("!=") {
            requirement(key, SelectorOperator::NotIn, vec![value.trim().to_string()])
        } else if let Some((key, value)) = part.split_once("==").or_else(|| part.split_once('=')) {
            requirement(key, SelectorOperator::In, vec![value.trim().to_string()])
        } else if let Some((key, values)) = part.split_once(" notin ") {
            requirement(key, SelectorOperator::NotIn, set(values))
        } else if let Some((key, values)) = part.split_once(" in ") {
            requirement(key, SelectorOperator::In, set(values))
        } else if let Some(key) = part.strip_prefix('!') {
            requirement(key, SelectorOperator::DoesNotExist, Vec::new())
        } else {
            requirement(part, SelectorOperator::Exists, Vec::new())
        };
        if parsed.key.is_empty() || parsed.key.contains(char::is_whitespace) {
            return Err(invalid());
        }
        selector.match_expressions.push(parsed);
    }
    Ok(selector)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::Labels;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn selectors_match_like_kubectls() {
        let nginx = labels(&[("app", "nginx"), ("tier", "web")]);
        let cases = [
            ("app=nginx", true),
            ("app==nginx", true),
            ("app!=nginx", false),
            ("app=nginx,tier=db", false),
            ("tier in (db, web)", true),
            ("tier notin (web)", false),
            ("app", true),
            ("!app", false),
            ("!missing", true),
        ];
        for (text, expected) in cases {
            let selector = parse_selector(text).unwrap_or_default();
            assert_eq!(selector.matches(&nginx), expected, "{text}");
        }
        assert!(parse_selector("a b").is_err());
    }
}
