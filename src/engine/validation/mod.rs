//! Validation as the API server does it, with its exact messages: field errors render as `field.Error` does in
//! Kubernetes v1.34 (values as JSON, strings quoted), and kubectl prints one cause on a line or several as a list.

pub(crate) mod apps;
pub(crate) mod core;
pub(crate) mod names;
pub(crate) mod networking;

use serde_json::Value;

use crate::engine::api::Kind;

/// A bad value as the API server renders it.
#[derive(Debug, Clone, PartialEq)]
pub enum Bad {
    /// A Go `string`: rendered quoted, `"Web"`.
    Str(String),
    /// Numbers and booleans: rendered bare.
    Num(i64),
    /// Anything else (maps, selectors, typed strings): rendered as compact JSON, keys sorted as Go sorts map keys.
    Json(Value),
    /// An internal Go struct, already rendered: its JSON keys follow the struct's field order, not the alphabet.
    Struct(String),
}

impl Bad {
    fn render(&self) -> String {
        match self {
            Bad::Str(s) => go_quote(s),
            Bad::Num(n) => n.to_string(),
            Bad::Json(v) => serde_json::to_string(v).unwrap_or_default(),
            Bad::Struct(s) => s.clone(),
        }
    }
}

/// One cause, as `field.Error` holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldError {
    Required {
        field: String,
        detail: String,
    },
    Invalid {
        field: String,
        value: Bad,
        detail: String,
    },
    NotSupported {
        field: String,
        value: Bad,
        supported: Vec<&'static str>,
    },
    Duplicate {
        field: String,
        value: Bad,
    },
    Forbidden {
        field: String,
        detail: String,
    },
    TooLong {
        field: String,
        max: usize,
    },
}

impl FieldError {
    pub fn field(&self) -> &str {
        match self {
            FieldError::Required { field, .. }
            | FieldError::Invalid { field, .. }
            | FieldError::NotSupported { field, .. }
            | FieldError::Duplicate { field, .. }
            | FieldError::Forbidden { field, .. }
            | FieldError::TooLong { field, .. } => field,
        }
    }

    /// `field.Error.Error()`: `spec.replicas: Invalid value: -1: must be greater than or equal to 0`.
    pub fn message(&self) -> String {
        let with = |head: String, detail: &str| {
            if detail.is_empty() {
                head
            } else {
                format!("{head}: {detail}")
            }
        };
        let body = match self {
            FieldError::Required { detail, .. } => with("Required value".to_string(), detail),
            FieldError::Invalid { value, detail, .. } => {
                with(format!("Invalid value: {}", value.render()), detail)
            }
            FieldError::NotSupported {
                value, supported, ..
            } => {
                let list: Vec<String> = supported.iter().map(|s| go_quote(s)).collect();
                with(
                    format!("Unsupported value: {}", value.render()),
                    &format!("supported values: {}", list.join(", ")),
                )
            }
            FieldError::Duplicate { value, .. } => format!("Duplicate value: {}", value.render()),
            FieldError::Forbidden { detail, .. } => with("Forbidden".to_string(), detail),
            FieldError::TooLong { max, .. } => {
                format!("Too long: may not be more than {max} bytes")
            }
        };
        format!("{}: {body}", self.field())
    }
}

pub(crate) fn required(field: impl Into<String>, detail: &str) -> FieldError {
    FieldError::Required {
        field: field.into(),
        detail: detail.to_string(),
    }
}

pub(crate) fn invalid(
    field: impl Into<String>,
    value: Bad,
    detail: impl Into<String>,
) -> FieldError {
    FieldError::Invalid {
        field: field.into(),
        value,
        detail: detail.into(),
    }
}

/// What kubectl prints for a refused object: one cause on the header line, several as `* ` lines under a header
/// that ends in `": "`.
pub fn kubectl_message(kind: Kind, name: &str, errors: &[FieldError]) -> String {
    let mut messages: Vec<String> = Vec::new();
    for e in errors {
        let m = e.message();
        if !messages.contains(&m) {
            messages.push(m);
        }
    }
    let head = format!("The {} {} is invalid", kind.name(), go_quote(name));
    match messages.as_slice() {
        [] => head,
        [one] => format!("{head}: {one}"),
        many => format!("{head}: \n* {}", many.join("\n* ")),
    }
}

/// Go's `%q` for the strings validation prints.
fn go_quote(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests;
