//! One JSON document to a typed object, as the API server decodes it: apiVersion and kind, the kind the cluster
//! serves (a Gateway API kind only once its CRD is installed, which `shell::apply` checks), the strict check against
//! the kind's schema (Go's decoding messages, or a custom resource's OpenAPI ones), then the typed object.

use crate::engine::api::{Kind, Object};
use crate::engine::schema::{self, Problem};

/// Why a document could not become an object.
pub(super) enum Failure {
    /// A problem with the document as a whole.
    Whole(String),
    /// Problems at fields; `message` is kubectl's one message for all of them.
    Fields {
        message: String,
        problems: Vec<Problem>,
    },
}

/// kubectl's error for a kind the API server does not serve (a CRD not installed, a removed version).
pub fn no_matches(
    name: &str,
    namespace: &str,
    file: &str,
    kind: &str,
    api_version: &str,
) -> String {
    format!(
        "error: resource mapping not found for name: \"{name}\" namespace: \"{namespace}\" from \"{file}\": no matches for kind \"{kind}\" in version \"{api_version}\"\nensure CRDs are installed first"
    )
}

/// A custom resource's values of the wrong type, as the API server's check against the CRD's OpenAPI schema says
/// them (every one, not only the first as Go's decoder does): `spec.listeners[0].port: Invalid value: "string":
/// spec.listeners[0].port in body must be of type integer: "string"`.
fn custom_wrong_types(kind: Kind, name: &str, problems: &[Problem]) -> Option<Failure> {
    let wrong: Vec<Problem> = problems
        .iter()
        .filter_map(|p| match p {
            Problem::WrongType { path, openapi, .. } => {
                let field = schema::dotted(path);
                let (found, expected) = *openapi;
                Some(Problem::WrongType {
                    path: path.clone(),
                    message: format!(
                        "{field}: Invalid value: \"{found}\": {field} in body must be of type {expected}: \"{found}\""
                    ),
                    openapi: *openapi,
                })
            }
            Problem::Unknown { .. } => None,
        })
        .collect();
    if wrong.is_empty() {
        return None;
    }
    let messages: Vec<&str> = wrong
        .iter()
        .map(|p| match p {
            Problem::WrongType { message, .. } => message.as_str(),
            Problem::Unknown { .. } => "",
        })
        .collect();
    let head = format!("The {} \"{name}\" is invalid", kind.name());
    let message = match messages.as_slice() {
        [one] => format!("{head}: {one}"),
        many => format!("{head}: \n* {}", many.join("\n* ")),
    };
    Some(Failure::Fields {
        message,
        problems: wrong,
    })
}

/// Turns one JSON document into a typed object, as the API server's strict decoding would.
pub(super) fn decode(file: &str, value: serde_json::Value) -> Result<Object, Failure> {
    let field = |name: &str| value.get(name).and_then(|v| v.as_str()).map(str::to_string);
    let name = value
        .get("metadata")
        .and_then(|m| m.get("name"))
        .and_then(|n| n.as_str())
        .unwrap_or_default()
        .to_string();
    let (api_version, kind_name) = match (field("apiVersion"), field("kind")) {
        (Some(api_version), Some(kind)) => (api_version, kind),
        (api_version, kind) => {
            let missing = match (api_version, kind) {
                (None, None) => "apiVersion not set, kind not set",
                (None, Some(_)) => "apiVersion not set",
                _ => "kind not set",
            };
            return Err(Failure::Whole(format!(
                "error: error validating \"{file}\": error validating data: [{missing}]; if you choose to ignore these errors, turn validation off with --validate=false"
            )));
        }
    };
    let kind = Kind::from_manifest(&api_version, &kind_name);
    if let Some(kind) = kind.filter(|k| !k.written_by_learners()) {
        return Err(Failure::Whole(format!(
            "error: kplay keeps {} itself; \"{name}\" in \"{file}\" was not applied",
            kind.plural()
        )));
    }
    let Some(kind) = kind else {
        return Err(Failure::Whole(no_matches(
            &name,
            "",
            file,
            &kind_name,
            &api_version,
        )));
    };
    let version = api_version
        .rsplit('/')
        .next()
        .unwrap_or(&api_version)
        .to_string();
    let refused = |detail: String| {
        format!(
            "Error from server (BadRequest): error when creating \"{file}\": {kind_name} in version \"{version}\" cannot be handled as a {kind_name}: {detail}"
        )
    };
    let problems = schema::check(&value, schema::root(kind));
    if kind.group() == crate::engine::gateway::GROUP {
        if let Some(failure) = custom_wrong_types(kind, &name, &problems) {
            return Err(failure);
        }
    }
    if let Some(Problem::WrongType { message, .. }) = problems
        .iter()
        .find(|p| matches!(p, Problem::WrongType { .. }))
    {
        // Go's decoder stops at the first value of the wrong type.
        let message = refused(message.clone());
        let first = problems
            .iter()
            .find(|p| matches!(p, Problem::WrongType { .. }))
            .cloned()
            .into_iter()
            .collect();
        return Err(Failure::Fields {
            message,
            problems: first,
        });
    }
    if !problems.is_empty() {
        let unknown: Vec<String> = problems
            .iter()
            .map(|p| format!("unknown field \"{}\"", schema::dotted(p.path())))
            .collect();
        let message = refused(format!("strict decoding error: {}", unknown.join(", ")));
        return Err(Failure::Fields { message, problems });
    }
    let typed = crate::engine::kinds::decode(kind, value)
        .unwrap_or_else(|| Err("kept by the cluster".to_string()));
    typed.map_err(|detail| Failure::Whole(refused(detail)))
}
