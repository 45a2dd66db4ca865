//! Manifest text to typed objects. Parsing cannot fail: it returns what it could build plus diagnostics with positions.
//!
//! serde_yaml is used here and nowhere else, so the YAML parser can be swapped without touching the rest of the engine.

use serde::Deserialize;

use crate::engine::api::{Kind, Object};

/// A document larger than this is refused before parsing, so a huge paste cannot stall the page.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;
/// More documents than this in one file are refused.
pub const MAX_DOCUMENTS: usize = 100;

/// One object read from a manifest, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    pub object: Object,
    pub file: String,
    /// 1-based line of the document's first line.
    pub line: u32,
}

/// A problem in a manifest, pointing at a position in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based line and column.
    pub line: u32,
    pub column: u32,
    /// The message exactly as kubectl prints it.
    pub message: String,
}

/// Everything parsing found: the objects it could build and the problems it saw.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    pub manifests: Vec<Manifest>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    pub fn is_clean(&self) -> bool {
        self.diagnostics.is_empty()
    }
}

/// Parses every YAML document in `text`, which was read from `file`.
pub fn parse(file: &str, text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let diagnostic = |line: u32, column: u32, message: String| Diagnostic {
        file: file.to_string(),
        line,
        column,
        message,
    };
    if text.len() > MAX_TEXT_BYTES {
        parsed.diagnostics.push(diagnostic(
            1,
            1,
            format!(
                "error: {file} is {} bytes; kplay reads manifests of at most {MAX_TEXT_BYTES} bytes",
                text.len()
            ),
        ));
        return parsed;
    }
    let starts = document_start_lines(text);
    for (index, document) in serde_yaml::Deserializer::from_str(text).enumerate() {
        let start = starts.get(index).copied().unwrap_or(1);
        if index >= MAX_DOCUMENTS {
            parsed.diagnostics.push(diagnostic(
                start,
                1,
                format!("error: {file} holds more than {MAX_DOCUMENTS} documents; kplay reads at most {MAX_DOCUMENTS}"),
            ));
            break;
        }
        let value = match serde_yaml::Value::deserialize(document) {
            Ok(value) => value,
            Err(error) => {
                let (line, column) = error
                    .location()
                    .map(|l| (to_u32(l.line()), to_u32(l.column())))
                    .unwrap_or((start, 1));
                parsed.diagnostics.push(diagnostic(
                    line,
                    column,
                    format!(
                        "error: error parsing {file}: error converting YAML to JSON: yaml: line {line}: {}",
                        strip_location(&error.to_string())
                    ),
                ));
                // After a syntax error the rest of the stream cannot be trusted.
                break;
            }
        };
        if value.is_null() {
            continue;
        }
        match decode(file, value) {
            Ok(object) => parsed.manifests.push(Manifest {
                object,
                file: file.to_string(),
                line: start,
            }),
            Err(message) => parsed.diagnostics.push(diagnostic(start, 1, message)),
        }
    }
    parsed
}

/// Turns one YAML document into a typed object, or the message kubectl would print.
fn decode(file: &str, value: serde_yaml::Value) -> Result<Object, String> {
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
            return Err(format!(
                "error: error validating \"{file}\": error validating data: [{missing}]; if you choose to ignore these errors, turn validation off with --validate=false"
            ));
        }
    };
    let Some(kind) = Kind::from_manifest(&api_version, &kind_name) else {
        return Err(format!(
            "error: resource mapping not found for name: \"{name}\" namespace: \"\" from \"{file}\": no matches for kind \"{kind_name}\" in version \"{api_version}\"\nensure CRDs are installed first"
        ));
    };
    let typed = match kind {
        Kind::Deployment => serde_yaml::from_value(value).map(Object::Deployment),
        Kind::ReplicaSet => serde_yaml::from_value(value).map(Object::ReplicaSet),
        Kind::Pod => serde_yaml::from_value(value).map(Object::Pod),
        Kind::Service => serde_yaml::from_value(value).map(Object::Service),
        Kind::Ingress => serde_yaml::from_value(value).map(Object::Ingress),
        Kind::Node => return Err(format!("error: nodes are part of the cluster in kplay; \"{name}\" in \"{file}\" was not created")),
    };
    typed.map_err(|error| {
        let version = api_version.rsplit('/').next().unwrap_or(&api_version);
        format!(
            "Error from server (BadRequest): error when creating \"{file}\": {kind_name} in version \"{version}\" cannot be handled as a {kind_name}: {}",
            strip_location(&error.to_string())
        )
    })
}

/// The 1-based line on which each YAML document of `text` starts.
fn document_start_lines(text: &str) -> Vec<u32> {
    let mut starts = vec![1];
    for (index, line) in text.lines().enumerate() {
        if line.starts_with("---") && index > 0 {
            starts.push(to_u32(index + 2));
        } else if line.starts_with("---") {
            starts[0] = 2;
        }
    }
    starts
}

/// serde_yaml appends ` at line L column C`; kubectl's messages carry the line elsewhere.
fn strip_location(message: &str) -> &str {
    match message.find(" at line ") {
        Some(index) => &message[..index],
        None => message,
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_DEPLOYMENT: &str = include_str!("../../static/seed/deployment.yaml");

    #[test]
    fn reads_the_seed_deployment() {
        let parsed = parse("deployment.yaml", SEED_DEPLOYMENT);
        assert!(parsed.is_clean(), "{:?}", parsed.diagnostics);
        let [manifest] = parsed.manifests.as_slice() else {
            panic!("expected one manifest, got {:?}", parsed.manifests)
        };
        let Object::Deployment(deployment) = &manifest.object else {
            panic!("expected a Deployment")
        };
        assert_eq!(deployment.metadata.name, "nginx-deployment");
        assert_eq!(deployment.spec.replicas, Some(3));
        assert_eq!(
            deployment.spec.template.spec.containers[0].image,
            "nginx:1.17"
        );
    }

    #[test]
    fn reads_several_documents_and_skips_empty_ones() {
        let text = "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n";
        let parsed = parse("s.yaml", text);
        assert!(parsed.is_clean(), "{:?}", parsed.diagnostics);
        let lines: Vec<u32> = parsed.manifests.iter().map(|m| m.line).collect();
        assert_eq!(lines, vec![2, 8]);
    }

    #[test]
    fn a_syntax_error_points_at_its_line() {
        let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  bad: [\n";
        let parsed = parse("service.yaml", text);
        assert!(parsed.manifests.is_empty());
        let diagnostic = &parsed.diagnostics[0];
        assert!(diagnostic.line >= 5, "{diagnostic:?}");
        assert!(
            diagnostic.message.starts_with(
                "error: error parsing service.yaml: error converting YAML to JSON: yaml: line "
            ),
            "{diagnostic:?}"
        );
    }

    #[test]
    fn an_unserved_version_gets_kubectls_mapping_error() {
        let text = "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: x\n";
        let parsed = parse("ingress.yaml", text);
        assert_eq!(
            parsed.diagnostics[0].message,
            "error: resource mapping not found for name: \"x\" namespace: \"\" from \"ingress.yaml\": no matches for kind \"Ingress\" in version \"extensions/v1beta1\"\nensure CRDs are installed first"
        );
    }

    #[test]
    fn a_wrong_type_is_a_diagnostic_not_a_panic() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: three\n";
        let parsed = parse("deployment.yaml", text);
        assert!(parsed.manifests.is_empty());
        assert!(parsed.diagnostics[0]
            .message
            .starts_with("Error from server (BadRequest): error when creating \"deployment.yaml\": Deployment in version \"v1\" cannot be handled as a Deployment: "));
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused() {
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
        assert_eq!(parse("bomb.yaml", bomb).diagnostics.len(), 1);
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(parse("deep.yaml", &deep).diagnostics.len(), 1);
    }
}
