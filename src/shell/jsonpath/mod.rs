//! `-o jsonpath=...` and `-o custom-columns=...`: kubectl's own JSONPath dialect (client-go's `util/jsonpath`), which
//! no crate speaks: text with `{...}` actions, `range`/`end`, `[*]`, indexes and slices, `..` recursion, `['key']`,
//! and filters `[?(@.type=="Ready")]`. Missing keys print nothing, as kubectl's `--allow-missing-template-keys`
//! (on by default) asks.

use serde_json::Value;

mod parse;

use parse::{parse, parse_path};

/// One piece of a parsed template.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Path(Vec<Step>),
    Range(Vec<Step>, Vec<Node>),
}

/// One step of a path, applied to every value the steps before it found.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    /// `.name`; `*` is every value of a map or list.
    Field(String),
    /// `['a.b']`, `['a', 'b.c']`: each quoted path in turn, over all the values found so far.
    Union(Vec<Vec<Step>>),
    /// `..`: the value and every value nested in it.
    Recursive,
    /// `[n]`, `[a:b]`, `[a:b:step]`, `[*]`.
    Slice {
        start: Option<i64>,
        end: Option<i64>,
        step: Option<i64>,
        single: bool,
    },
    /// `[?(@.path OP literal)]` or `[?(@.path)]`.
    Filter(Filter),
}

#[derive(Debug, Clone, PartialEq)]
struct Filter {
    path: Vec<Step>,
    test: Option<(Compare, Value)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Compare {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// The most values one template may produce, so a recursive pattern over a large list cannot hang the page.
const MAX_VALUES: usize = 200_000;

/// The template's output for `data`, or kubectl's message when it cannot be parsed or run.
pub(super) fn print(template: &str, data: &Value) -> Result<String, String> {
    let nodes = parse(template)
        .map_err(|why| format!("error: error parsing jsonpath {template}, {why}\n"))?;
    let mut out = String::new();
    run(&nodes, data, &mut out)
        .map_err(|why| format!("error: error executing jsonpath {template:?}: {why}\n"))?;
    Ok(out)
}

/// The values one relaxed path (`.metadata.name`, `metadata.name` or `{.metadata.name}`) finds in `data`.
pub(super) fn values<'a>(path: &str, data: &'a Value) -> Result<Vec<&'a Value>, String> {
    let steps = relaxed(path).and_then(|p| parse_path(&p))?;
    find(&steps, data)
}

/// `custom-columns`' reading of a column's path: braces and the leading dot are optional.
fn relaxed(path: &str) -> Result<String, String> {
    let inner = path
        .strip_prefix('{')
        .and_then(|p| p.strip_suffix('}'))
        .unwrap_or(path);
    let inner = inner.strip_prefix('.').unwrap_or(inner);
    if inner.is_empty() || inner.contains(['{', '}']) {
        return Err("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".to_string());
    }
    Ok(format!(".{inner}"))
}

fn run(nodes: &[Node], data: &Value, out: &mut String) -> Result<(), String> {
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Path(steps) => {
                let found = find(steps, data)?;
                let texts: Vec<String> = found.iter().map(|v| text(v)).collect();
                out.push_str(&texts.join(" "));
            }
            Node::Range(steps, body) => {
                for value in find(steps, data)? {
                    run(body, value, out)?;
                }
            }
        }
        if out.len() > 16 * 1024 * 1024 {
            return Err("the output passed 16 MB".to_string());
        }
    }
    Ok(())
}

/// How kubectl's JSONPath prints one value: strings bare, maps and lists as compact JSON.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "<nil>".to_string(),
        Value::Object(_) | Value::Array(_) => value.to_string(),
        other => other.to_string(),
    }
}

/// How Go's `%v` prints a value, as custom-columns does: `map[a:1 b:2]`, `[x y]`.
pub(super) fn go_value(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "<nil>".to_string(),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(go_value).collect();
            format!("[{}]", items.join(" "))
        }
        Value::Object(map) => {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{k}:{}", go_value(v)))
                .collect();
            format!("map[{}]", items.join(" "))
        }
        other => other.to_string(),
    }
}

fn find<'a>(steps: &[Step], data: &'a Value) -> Result<Vec<&'a Value>, String> {
    let mut current = vec![data];
    for step in steps {
        let mut next = Vec::new();
        if let Step::Union(branches) = step {
            for branch in branches {
                for value in &current {
                    next.extend(find(branch, value)?);
                }
            }
        }
        for value in current {
            apply(step, value, &mut next)?;
            if next.len() > MAX_VALUES {
                return Err(format!("the template found more than {MAX_VALUES} values"));
            }
        }
        current = next;
    }
    Ok(current)
}

fn apply<'a>(step: &Step, value: &'a Value, next: &mut Vec<&'a Value>) -> Result<(), String> {
    match step {
        Step::Field(name) if name == "*" => match value {
            Value::Object(map) => next.extend(map.values()),
            Value::Array(items) => next.extend(items),
            _ => {}
        },
        Step::Field(name) => next.extend(value.get(name.as_str())),
        Step::Union(_) => {}
        Step::Recursive => descend(value, next),
        Step::Slice {
            start,
            end,
            step,
            single,
        } => {
            if let Value::Array(items) = value {
                slice(items, (*start, *end, *step), *single, next)?;
            }
        }
        Step::Filter(filter) => {
            let items: Vec<&Value> = match value {
                Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for item in items {
                if passes(filter, item)? {
                    next.push(item);
                }
            }
        }
    }
    Ok(())
}

fn descend<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    out.push(value);
    match value {
        Value::Object(map) => map.values().for_each(|v| descend(v, out)),
        Value::Array(items) => items.iter().for_each(|v| descend(v, out)),
        _ => {}
    }
}

type Bounds = (Option<i64>, Option<i64>, Option<i64>);

fn slice<'a>(
    items: &'a [Value],
    (start, end, step): Bounds,
    single: bool,
    next: &mut Vec<&'a Value>,
) -> Result<(), String> {
    let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let at = |i: i64| if i < 0 { i + len } else { i };
    if single {
        let index = at(start.unwrap_or(0));
        let Some(item) = usize::try_from(index).ok().and_then(|i| items.get(i)) else {
            return Err(format!(
                "array index out of bounds: index {}, length {len}",
                start.unwrap_or(0)
            ));
        };
        next.push(item);
        return Ok(());
    }
    let from = at(start.unwrap_or(0)).clamp(0, len);
    let to = at(end.unwrap_or(len)).clamp(0, len);
    let step = step.unwrap_or(1);
    if step <= 0 {
        return Err("step must be > 0".to_string());
    }
    let mut i = from;
    while i < to {
        if let Some(item) = usize::try_from(i).ok().and_then(|i| items.get(i)) {
            next.push(item);
        }
        i += step;
    }
    Ok(())
}

fn passes(filter: &Filter, item: &Value) -> Result<bool, String> {
    let found = find(&filter.path, item)?;
    let Some((compare, literal)) = &filter.test else {
        return Ok(!found.is_empty());
    };
    Ok(found.iter().any(|value| compares(value, *compare, literal)))
}

fn compares(value: &Value, compare: Compare, literal: &Value) -> bool {
    let ordering = match (value, literal) {
        (Value::Number(a), Value::Number(b)) => a
            .as_f64()
            .zip(b.as_f64())
            .and_then(|(a, b)| a.partial_cmp(&b)),
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
        _ => None,
    };
    let Some(ordering) = ordering else {
        return compare == Compare::Ne;
    };
    match compare {
        Compare::Eq => ordering.is_eq(),
        Compare::Ne => ordering.is_ne(),
        Compare::Lt => ordering.is_lt(),
        Compare::Le => ordering.is_le(),
        Compare::Gt => ordering.is_gt(),
        Compare::Ge => ordering.is_ge(),
    }
}

#[cfg(test)]
mod tests;
