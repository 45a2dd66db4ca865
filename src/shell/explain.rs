//! `kubectl explain TYPE[.FIELD...] [--recursive]`: the fields of a kind, from the same tables strict decoding
//! checks manifests against, in kubectl v1.34's layout. The tables hold names and types, not the API's prose, so the
//! description says where to read it.

use crate::engine::api::Kind;
use crate::engine::order;
use crate::engine::schema::{self, Struct, Ty};
use crate::shell::flags::Args;
use crate::shell::kubectl::resolve;
use crate::shell::Output;

/// Nested structs printed by `--recursive` at most this deep (the API's types do not nest further).
const MAX_DEPTH: usize = 12;

pub(super) fn explain(args: &Args, store: &crate::engine::Store) -> Output {
    let Some(target) = args.positional.first() else {
        return Output::err("You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nSee 'kubectl explain -h' for help and examples\n");
    };
    let mut path = target.split('.');
    let resource = path.next().unwrap_or_default();
    let kind = match resolve(resource) {
        Ok(kind) if crate::engine::gateway::served(store, kind) => kind,
        Ok(_) => {
            return Output::err(format!(
                "error: the server doesn't have a resource type \"{resource}\"\n"
            ))
        }
        Err(message) => return Output::err(format!("{message}\n")),
    };
    let fields: Vec<&str> = path.collect();
    let mut ty = Ty::Struct(schema::root(kind));
    for field in &fields {
        let found = inner(ty).and_then(|s| s.fields.iter().find(|f| f.name == *field));
        match found {
            Some(found) => ty = found.ty,
            None => return Output::err(format!("error: field \"{field}\" does not exist\n")),
        }
    }
    let mut out = header(kind);
    if let Some(last) = fields.last() {
        out.push_str(&format!("FIELD: {last} <{}>\n\n", type_name(ty)));
    }
    out.push_str("DESCRIPTION:\n    kplay keeps each field's name and type, not its description; the Kubernetes API\n    reference on kubernetes.io describes every field.\n    \n");
    if let Some(fields) = inner(ty) {
        out.push_str("FIELDS:\n");
        list(&mut out, fields, 1, args.recursive);
    }
    Output::out(out)
}

/// `GROUP`, `KIND` and `VERSION`, as kubectl aligns them.
fn header(kind: Kind) -> String {
    let mut out = String::new();
    if !kind.group().is_empty() {
        out.push_str(&format!("GROUP:      {}\n", kind.group()));
    }
    let version = kind.api_version();
    let version = version.rsplit('/').next().unwrap_or(&version);
    out.push_str(&format!(
        "KIND:       {}\nVERSION:    {version}\n\n",
        kind.name()
    ));
    out
}

/// The struct a field's values are made of, if they are objects.
fn inner(ty: Ty) -> Option<&'static Struct> {
    match ty {
        Ty::Struct(s) => Some(s),
        Ty::List(t) | Ty::Map(t) => inner(*t),
        _ => None,
    }
}

/// The fields in kubectl's order (by name), nested under their struct with `--recursive`.
fn list(out: &mut String, fields: &Struct, depth: usize, recursive: bool) {
    let mut sorted: Vec<_> = fields.fields.iter().collect();
    order::sort_by_key(&mut sorted, |f| f.name);
    for field in sorted {
        let indent = "  ".repeat(depth);
        out.push_str(&format!(
            "{indent}{}\t<{}>\n",
            field.name,
            type_name(field.ty)
        ));
        if recursive && depth < MAX_DEPTH {
            if let Some(nested) = inner(field.ty) {
                list(out, nested, depth + 1, true);
            }
        }
    }
}

/// How kubectl names a type: `string`, `integer`, `[]Container`, `map[string]string`, `DeploymentSpec`.
fn type_name(ty: Ty) -> String {
    match ty {
        Ty::String => "string".to_string(),
        Ty::Int32 | Ty::Int64 => "integer".to_string(),
        Ty::Bool => "boolean".to_string(),
        Ty::IntOrString => "IntOrString".to_string(),
        Ty::Map(t) => format!("map[string]{}", type_name(*t)),
        Ty::List(t) => format!("[]{}", type_name(*t)),
        Ty::Struct(s) => s
            .go_type
            .rsplit('.')
            .next()
            .unwrap_or(s.go_type)
            .to_string(),
        Ty::Any => "Object".to_string(),
    }
}
