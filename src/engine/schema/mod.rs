//! What fields each kind accepts and of which types, as the API server's strict decoding knows them.
//!
//! Manifests are checked against these tables after YAML becomes JSON, the way the API server does it: every unknown
//! field is reported with its path, and a value of the wrong type gets Go's decoding message. The tables also feed
//! "did you mean" hints.

pub(crate) mod tables;

use serde_json::Value;

use crate::engine::api::Kind;

/// The type of a field, as Go declares it.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    String,
    Int32,
    Int64,
    Bool,
    /// `intstr.IntOrString`: a number or a string.
    IntOrString,
    /// `map[string]X`.
    Map(&'static Ty),
    /// `[]X`.
    List(&'static Ty),
    Struct(&'static Struct),
    /// Accepted without looking inside (quantities, volumes and other parts kplay does not model).
    Any,
}

/// A Go struct: its package-qualified name (`v1.DeploymentSpec`) and its JSON fields.
#[derive(Debug)]
pub struct Struct {
    pub go_type: &'static str,
    pub fields: &'static [Field],
}

#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
}

/// One step of a path into a manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// A problem strict decoding finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A field the type does not have. `suggestion` is the closest known field, if one is close.
    Unknown {
        path: Vec<Segment>,
        suggestion: Option<&'static str>,
    },
    /// A value of the wrong JSON type, with Go's message for it, and the OpenAPI names of the type found and the one
    /// expected (what the API server says of a custom resource, which it checks against its CRD's schema).
    WrongType {
        path: Vec<Segment>,
        message: String,
        openapi: (&'static str, &'static str),
    },
}

impl Problem {
    pub fn path(&self) -> &[Segment] {
        match self {
            Problem::Unknown { path, .. } | Problem::WrongType { path, .. } => path,
        }
    }
}

/// The top-level struct of a kind's manifest.
pub fn root(kind: Kind) -> &'static Struct {
    tables::root(kind)
}

/// Every unknown field and wrongly typed value in `value`, in document order.
pub fn check(value: &Value, root: &'static Struct) -> Vec<Problem> {
    let mut problems = Vec::new();
    check_struct(value, root, &mut Vec::new(), &mut problems);
    problems
}

/// `spec.template.spec.containers[0].image`: the path as strict decoding errors print it.
pub fn dotted(path: &[Segment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// `spec.template.spec.containers.image`: the path as Go's JSON decoder prints it, without list indices.
fn json_path(path: &[Segment]) -> String {
    path.iter()
        .filter_map(|s| match s {
            Segment::Key(key) => Some(key.as_str()),
            Segment::Index(_) => None,
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn check_struct(
    value: &Value,
    schema: &'static Struct,
    path: &mut Vec<Segment>,
    problems: &mut Vec<Problem>,
) {
    let Value::Object(map) = value else {
        return;
    };
    for (key, child) in map {
        path.push(Segment::Key(key.clone()));
        match schema.fields.iter().find(|f| f.name == key) {
            Some(field) => check_value(child, field.ty, schema, path, problems),
            None => problems.push(Problem::Unknown {
                path: path.clone(),
                suggestion: suggest(key, schema),
            }),
        }
        path.pop();
    }
}

/// Checks a value against the type of the field it sits in; `owner` is the struct that declares the field.
fn check_value(
    value: &Value,
    ty: Ty,
    owner: &'static Struct,
    path: &mut Vec<Segment>,
    problems: &mut Vec<Problem>,
) {
    if value.is_null() {
        return;
    }
    let fits = match (ty, value) {
        (Ty::Any, _) => true,
        (Ty::String, Value::String(_)) | (Ty::Bool, Value::Bool(_)) => true,
        (Ty::Int32 | Ty::Int64, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (Ty::IntOrString, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (Ty::IntOrString, Value::String(_)) => true,
        (Ty::Map(_) | Ty::Struct(_), Value::Object(_)) | (Ty::List(_), Value::Array(_)) => true,
        _ => false,
    };
    if !fits {
        let found = match value {
            Value::Number(n) if matches!(ty, Ty::Int32 | Ty::Int64 | Ty::IntOrString) => {
                format!("number {n}")
            }
            Value::Number(_) => "number".to_string(),
            Value::String(_) => "string".to_string(),
            Value::Bool(_) => "bool".to_string(),
            Value::Array(_) => "array".to_string(),
            Value::Object(_) => "object".to_string(),
            Value::Null => "null".to_string(),
        };
        let bare = owner.go_type.rsplit('.').next().unwrap_or(owner.go_type);
        problems.push(Problem::WrongType {
            path: path.clone(),
            message: format!(
                "json: cannot unmarshal {found} into Go struct field {bare}.{} of type {}",
                json_path(path),
                go_type(ty)
            ),
            openapi: (openapi_type_of(value), openapi_type(ty)),
        });
        return;
    }
    match (ty, value) {
        (Ty::Struct(schema), _) => check_struct(value, schema, path, problems),
        (Ty::List(inner), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Segment::Index(i));
                check_value(item, *inner, owner, path, problems);
                path.pop();
            }
        }
        (Ty::Map(inner), Value::Object(map)) => {
            for (key, item) in map {
                path.push(Segment::Key(key.clone()));
                check_value(item, *inner, owner, path, problems);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The OpenAPI name of a JSON value's type.
fn openapi_type_of(value: &Value) -> &'static str {
    match value {
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Null => "null",
    }
}

/// The OpenAPI name of a field's type.
fn openapi_type(ty: Ty) -> &'static str {
    match ty {
        Ty::String => "string",
        Ty::Int32 | Ty::Int64 | Ty::IntOrString => "integer",
        Ty::Bool => "boolean",
        Ty::List(_) => "array",
        Ty::Map(_) | Ty::Struct(_) | Ty::Any => "object",
    }
}

/// How Go prints a type in decoding errors.
fn go_type(ty: Ty) -> String {
    match ty {
        Ty::String => "string".to_string(),
        Ty::Int32 => "int32".to_string(),
        Ty::Int64 => "int64".to_string(),
        Ty::Bool => "bool".to_string(),
        Ty::IntOrString => "intstr.IntOrString".to_string(),
        Ty::Map(inner) => format!("map[string]{}", go_type(*inner)),
        Ty::List(inner) => format!("[]{}", go_type(*inner)),
        Ty::Struct(s) => s.go_type.to_string(),
        Ty::Any => "interface {}".to_string(),
    }
}

/// The known field closest to a misspelt one, if it is close enough to be what was meant.
fn suggest(key: &str, schema: &Struct) -> Option<&'static str> {
    schema
        .fields
        .iter()
        .map(|f| {
            (
                strsim::damerau_levenshtein(
                    &key.to_ascii_lowercase(),
                    &f.name.to_ascii_lowercase(),
                ),
                f.name,
            )
        })
        .filter(|(distance, name)| *distance <= 2.max(name.len() / 4))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests;
