//! Reading kubectl's JSONPath templates: text and `{...}` actions, `range` bodies up to their `end`, and each
//! path's steps (fields, `..`, brackets with indexes, slices, quoted paths and filters).

use serde_json::Value;

use super::{Compare, Filter, Node, Step};

/// Splits a template into text and actions, and nests `range` bodies up to their `end`.
pub(super) fn parse(template: &str) -> Result<Vec<Node>, String> {
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
pub(super) fn parse_path(path: &str) -> Result<Vec<Step>, String> {
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
