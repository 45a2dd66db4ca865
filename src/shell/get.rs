//! `kubectl get`: one table per kind, in kubectl's columns, with `kind.group/` prefixes when several kinds are listed;
//! or the objects themselves with `-o yaml|json|name`.

use crate::engine::api::{
    Kind, LabelSelector, LabelSelectorRequirement, ObjectMeta, SelectorOperator,
};
use crate::engine::manifest;
use crate::engine::Cluster;
use crate::shell::columns::{self, header, labels, Cells};
use crate::shell::kubectl::{plural_qualified, resolve};
use crate::shell::render;
use crate::shell::table::render as table;
use crate::shell::Output;

/// The kinds `kubectl get all` lists, in kubectl's order.
const ALL: [Kind; 5] = [
    Kind::Pod,
    Kind::Service,
    Kind::DaemonSet,
    Kind::Deployment,
    Kind::ReplicaSet,
];

/// The flags `kubectl get` reads.
#[derive(Debug, Default)]
pub(super) struct Options<'a> {
    pub namespace: &'a str,
    pub all_namespaces: bool,
    pub output: Option<&'a str>,
    pub selector: Option<&'a str>,
    pub field_selector: Option<&'a str>,
    pub show_labels: bool,
    pub no_headers: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Table { wide: bool },
    Name,
    Yaml,
    Json,
}

pub(super) fn get(cluster: &Cluster, positional: &[String], options: &Options) -> Output {
    if positional.is_empty() {
        return Output::err(
            "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\n\
             error: Required resource not specified.\n\
             Use \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\n\
             See 'kubectl get -h' for help and examples\n",
        );
    }
    let format = match options.output {
        None => Format::Table { wide: false },
        Some("wide") => Format::Table { wide: true },
        Some("name") => Format::Name,
        Some("yaml") => Format::Yaml,
        Some("json") => Format::Json,
        Some(other) => {
            return Output::err(format!(
                "error: unable to match a printer suitable for the output format \"{other}\", allowed formats are: json,name,wide,yaml\n"
            ))
        }
    };
    let selector = match options.selector.map(parse_selector).transpose() {
        Ok(selector) => selector,
        Err(message) => return Output::err(message),
    };
    let requests = match requests(positional) {
        Ok(requests) => requests,
        Err(message) => return Output::err(format!("{message}\n")),
    };
    let mut output = Output::default();
    if requests.iter().any(|(k, _)| *k == Kind::Endpoints) {
        output.push_err("Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n");
    }
    let with_kind = requests.len() > 1 || positional[0].split(',').any(|w| w == "all");
    let mut tables = Vec::new();
    let mut objects = Vec::new();
    let mut single = false;
    for (kind, names) in &requests {
        let mut rows: Vec<(ObjectMeta, Cells)> = columns::rows(cluster, *kind)
            .into_iter()
            .filter(|(meta, _)| {
                options.all_namespaces
                    || !kind.namespaced()
                    || meta.namespace() == options.namespace
            })
            .filter(|(meta, _)| selector.as_ref().is_none_or(|s| s.matches(&meta.labels)))
            .collect();
        if let Some(text) = options.field_selector {
            let fields = match parse_field_selector(text) {
                Ok(fields) => fields,
                Err(message) => return Output::err(message),
            };
            for (field, _, _) in &fields {
                if field_value(cluster, *kind, &ObjectMeta::default(), field).is_none() {
                    let (group, version) = match kind.group() {
                        "" => (String::new(), "v1"),
                        g => (g.to_string(), "v1"),
                    };
                    return Output::err(format!(
                        "Error from server (BadRequest): Unable to find \"{group}/{version}, Resource={}\" that match label selector \"\", field selector \"{text}\": \"{field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"\n",
                        kind.plural()
                    ));
                }
            }
            rows.retain(|(meta, _)| {
                fields.iter().all(|(field, equal, value)| {
                    (field_value(cluster, *kind, meta, field).as_deref() == Some(value.as_str()))
                        == *equal
                })
            });
        }
        if !names.is_empty() {
            for name in names {
                if !rows.iter().any(|(m, _)| &m.name == name) {
                    output.push_err(format!(
                        "Error from server (NotFound): {} \"{}\" not found\n",
                        plural_qualified(*kind),
                        name
                    ));
                }
            }
            rows.retain(|(m, _)| names.contains(&m.name));
            single = requests.len() == 1 && names.len() == 1;
        }
        if rows.is_empty() {
            continue;
        }
        let show_namespace = options.all_namespaces && kind.namespaced();
        match format {
            Format::Name => {
                for (meta, _) in &rows {
                    tables.push(format!("{}/{}\n", kind.qualified(), meta.name));
                }
            }
            Format::Yaml | Format::Json => {
                objects.extend(
                    rows.iter()
                        .map(|(meta, _)| as_api_object(cluster, *kind, meta)),
                );
            }
            Format::Table { wide } => {
                let mut lines = Vec::new();
                if !options.no_headers {
                    let mut head = header(*kind, wide, show_namespace);
                    if options.show_labels {
                        head.push("LABELS".to_string());
                    }
                    lines.push(head);
                }
                for (meta, cells) in rows {
                    let mut row = Vec::new();
                    if show_namespace {
                        row.push(meta.namespace().to_string());
                    }
                    if *kind != Kind::Event {
                        row.push(if with_kind {
                            format!("{}/{}", kind.qualified(), meta.name)
                        } else {
                            meta.name.clone()
                        });
                    }
                    row.extend(cells.narrow);
                    if wide {
                        row.extend(cells.wide);
                    }
                    if options.show_labels {
                        row.push(if meta.labels.is_empty() {
                            "<none>".to_string()
                        } else {
                            labels(&meta.labels)
                        });
                    }
                    lines.push(row);
                }
                tables.push(table(&lines));
            }
        }
    }
    let printed = match format {
        Format::Yaml | Format::Json if objects.is_empty() && single => String::new(),
        // Asked for one object, kubectl prints it; otherwise a List, even an empty one.
        Format::Yaml | Format::Json => {
            let value = if single {
                objects.remove(0)
            } else {
                render::list(objects)
            };
            if format == Format::Yaml {
                manifest::to_yaml(&value)
            } else {
                render::to_json(&value)
            }
        }
        Format::Name => tables.concat(),
        Format::Table { .. } => tables.join("\n"),
    };
    let nothing = printed.is_empty();
    output.push_out(printed);
    let tabular = matches!(format, Format::Table { .. } | Format::Name);
    if nothing && tabular && requests.iter().all(|(_, names)| names.is_empty()) {
        output.push_err(
            if options.all_namespaces || requests.iter().all(|(k, _)| !k.namespaced()) {
                "No resources found\n".to_string()
            } else {
                format!("No resources found in {} namespace.\n", options.namespace)
            },
        );
    }
    output
}

/// What to list: `pods`, `deploy,svc`, `all`, `pod NAME...`, `pod/NAME svc/NAME`.
fn requests(positional: &[String]) -> Result<Vec<(Kind, Vec<String>)>, String> {
    if positional[0].contains('/') {
        let mut requests: Vec<(Kind, Vec<String>)> = Vec::new();
        for word in positional {
            let Some((resource, name)) = word.split_once('/') else {
                return Err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".to_string());
            };
            let kind = resolve(resource)?;
            match requests.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, names)) => names.push(name.to_string()),
                None => requests.push((kind, vec![name.to_string()])),
            }
        }
        return Ok(requests);
    }
    let names: Vec<String> = positional[1..].to_vec();
    let mut kinds = Vec::new();
    for word in positional[0].split(',').filter(|w| !w.is_empty()) {
        if word == "all" {
            kinds.extend(ALL);
        } else {
            kinds.push(resolve(word)?);
        }
    }
    Ok(kinds
        .into_iter()
        .map(|kind| (kind, names.clone()))
        .collect())
}

fn as_api_object(cluster: &Cluster, kind: Kind, meta: &ObjectMeta) -> serde_json::Value {
    if kind == Kind::Event {
        return render::event(cluster, meta);
    }
    if matches!(kind, Kind::Endpoints | Kind::EndpointSlice) {
        return render::endpoints(cluster, kind, meta);
    }
    if kind == Kind::Node {
        return cluster
            .nodes()
            .iter()
            .find(|n| n.name == meta.name)
            .map(render::node)
            .unwrap_or_default();
    }
    cluster
        .store()
        .objects(kind)
        .iter()
        .find(|o| o.meta().name == meta.name && o.meta().namespace() == meta.namespace())
        .map(render::object)
        .unwrap_or_default()
}

/// `a=b,c!=d`: each field, whether it must equal or differ, and the value.
fn parse_field_selector(text: &str) -> Result<Vec<(String, bool, String)>, String> {
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
            Ok((field.trim().to_string(), equal, value.trim().to_string()))
        })
        .collect()
}

/// The value of a field a field selector may name, or None when the kind does not support selecting on it.
fn field_value(cluster: &Cluster, kind: Kind, meta: &ObjectMeta, field: &str) -> Option<String> {
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
                .find(|e| crate::shell::columns::event_name(e) == meta.name);
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
