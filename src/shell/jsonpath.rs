//! `-o jsonpath=...` and `-o custom-columns=...`: kubectl's own JSONPath dialect (client-go's `util/jsonpath`), which
//! no crate speaks: text with `{...}` actions, `range`/`end`, `[*]`, indexes and slices, `..` recursion, `['key']`,
//! and filters `[?(@.type=="Ready")]`. Missing keys print nothing, as kubectl's `--allow-missing-template-keys`
//! (on by default) asks.

use serde_json::Value;

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

/// Splits a template into text and actions, and nests `range` bodies up to their `end`.
fn parse(template: &str) -> Result<Vec<Node>, String> {
    let mut stack: Vec<(Vec<Step>, Vec<Node>)> = Vec::new();
    let mut nodes = Vec::new();
    let mut rest = template;
    while !rest.is_empty() {
        let Some(open) = rest.find('{') else {
            nodes.push(Node::Text(rest.to_string()));
            break;
        };
        if open > 0 {
            nodes.push(Node::Text(rest[..open].to_string()));
        }
        let close = action_end(&rest[open + 1..]).ok_or("unclosed action")?;
        let action = rest[open + 1..open + 1 + close].trim();
        rest = &rest[open + 1 + close + 1..];
        if action == "end" {
            let (steps, outer) = stack.pop().ok_or("not in range, nothing to end")?;
            let body = std::mem::replace(&mut nodes, outer);
            nodes.push(Node::Range(steps, body));
        } else if let Some(path) = action.strip_prefix("range ") {
            stack.push((parse_path(path.trim())?, std::mem::take(&mut nodes)));
        } else if let Some(text) = literal(action)? {
            nodes.push(Node::Text(text));
        } else {
            nodes.push(Node::Path(parse_path(action)?));
        }
    }
    if !stack.is_empty() {
        return Err("unclosed range".to_string());
    }
    Ok(nodes)
}

/// Where the action that starts here ends: the first `}` outside quotes.
fn action_end(text: &str) -> Option<usize> {
    let mut quote = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(_), '\\') if !escaped => {
                escaped = true;
                continue;
            }
            (Some(q), c) if c == q && !escaped => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '}') => return Some(i),
            _ => {}
        }
        escaped = false;
    }
    None
}

/// `{"\n"}`, `{'\t'}`: a quoted string prints itself, with Go's escapes read.
fn literal(action: &str) -> Result<Option<String>, String> {
    let Some(quote) = action.chars().next().filter(|c| *c == '"' || *c == '\'') else {
        return Ok(None);
    };
    let inner = action[1..]
        .strip_suffix(quote)
        .ok_or_else(|| format!("unterminated string: {action}"))?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    Ok(Some(out))
}

/// A path: `.items[*].metadata.name`, `$.spec`, `@.type`, `..image`, `.metadata.labels.app\.kubernetes\.io/name`.
fn parse_path(path: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let chars: Vec<char> = path.chars().collect();
    let mut i = usize::from(matches!(chars.first(), Some('$' | '@')));
    while i < chars.len() {
        match chars[i] {
            '.' if chars.get(i + 1) == Some(&'.') => {
                steps.push(Step::Recursive);
                i += 2;
                if chars.get(i).is_some_and(|c| *c != '[') {
                    i = field(&chars, i, &mut steps);
                }
            }
            '.' => i = field(&chars, i + 1, &mut steps),
            '[' => {
                let close = bracket_end(&chars, i + 1).ok_or("unclosed array expect ]")?;
                let inside: String = chars[i + 1..close].iter().collect();
                steps.push(bracket(inside.trim())?);
                i = close + 1;
            }
            c => {
                return Err(format!(
                    "unrecognized character in action: U+{:04X} '{c}'",
                    u32::from(c)
                ))
            }
        }
    }
    Ok(steps)
}

/// Reads a field name from `i` up to the next unescaped `.` or `[`.
fn field(chars: &[char], mut i: usize, steps: &mut Vec<Step>) -> usize {
    let mut name = String::new();
    while let Some(&c) = chars.get(i) {
        match c {
            '\\' if chars.get(i + 1) == Some(&'.') => {
                name.push('.');
                i += 2;
                continue;
            }
            '.' | '[' => break,
            c => name.push(c),
        }
        i += 1;
    }
    if !name.is_empty() {
        steps.push(Step::Field(name));
    }
    i
}

fn bracket_end(chars: &[char], from: usize) -> Option<usize> {
    let mut depth = 0;
    let mut quote = None;
    for (i, &c) in chars.iter().enumerate().skip(from) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '(') => depth += 1,
            (None, ')') => depth -= 1,
            (None, ']') if depth == 0 => return Some(i),
            (None, ']') => depth -= 1,
            _ => {}
        }
    }
    None
}

/// What is inside `[...]`: `*`, a filter, quoted names, or an index or slice.
fn bracket(inside: &str) -> Result<Step, String> {
    if inside == "*" {
        return Ok(Step::Slice {
            start: None,
            end: None,
            step: None,
            single: false,
        });
    }
    if let Some(filter) = inside.strip_prefix("?(").and_then(|f| f.strip_suffix(')')) {
        return parse_filter(filter.trim()).map(Step::Filter);
    }
    if inside.starts_with(['\'', '"']) {
        let branches = inside
            .split(',')
            .map(|n| quoted_path(n.trim()).ok_or_else(|| format!("invalid array index {inside}")))
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(Step::Union(branches));
    }
    let number = |part: &str| -> Result<Option<i64>, String> {
        let part = part.trim();
        if part.is_empty() {
            return Ok(None);
        }
        part.parse()
            .map(Some)
            .map_err(|_| format!("invalid array index {inside}"))
    };
    let parts: Vec<&str> = inside.split(':').collect();
    if parts.len() > 3 {
        return Err(format!("invalid array index {inside}"));
    }
    Ok(Step::Slice {
        start: number(parts[0])?,
        end: parts.get(1).map(|p| number(p)).transpose()?.flatten(),
        step: parts.get(2).map(|p| number(p)).transpose()?.flatten(),
        single: parts.len() == 1,
    })
}

/// `'metadata.name'` in brackets is a path of its own; `\.` keeps a dot in a name (`'kubernetes\.io/hostname'`).
fn quoted_path(quoted: &str) -> Option<Vec<Step>> {
    let quote = quoted.chars().next()?;
    let inner = quoted.get(1..)?.strip_suffix(quote)?;
    let mut steps = Vec::new();
    let mut name = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'.') => {
                name.push('.');
                chars.next();
            }
            '.' => steps.push(Step::Field(std::mem::take(&mut name))),
            c => name.push(c),
        }
    }
    steps.push(Step::Field(name));
    Some(steps)
}

/// `@.status.phase=="Running"`, `@.port>80`, `@.ready`.
fn parse_filter(filter: &str) -> Result<Filter, String> {
    const OPERATORS: [(&str, Compare); 6] = [
        ("==", Compare::Eq),
        ("!=", Compare::Ne),
        ("<=", Compare::Le),
        (">=", Compare::Ge),
        ("<", Compare::Lt),
        (">", Compare::Gt),
    ];
    for (symbol, compare) in OPERATORS {
        if let Some((left, right)) = filter.split_once(symbol) {
            let right = right.trim();
            let value = match literal(right)? {
                Some(text) => Value::String(text),
                None => serde_json::from_str(right)
                    .map_err(|_| format!("unrecognized filter value {right}"))?,
            };
            return Ok(Filter {
                path: parse_path(left.trim())?,
                test: Some((compare, value)),
            });
        }
    }
    Ok(Filter {
        path: parse_path(filter)?,
        test: None,
    })
}

#[cfg(test)]
mod tests;
