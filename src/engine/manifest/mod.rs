//! Manifest text to typed objects. Parsing cannot fail: it returns what it could build plus diagnostics with positions.
//!
//! As the API server does, each YAML document becomes JSON, is checked strictly against the kind's schema (every
//! unknown field and wrongly typed value is reported) and only then decoded into a typed object.
//! serde_yaml is used here and nowhere else, so the YAML parser can be swapped without touching the rest of the engine.

mod decode;
mod emit;
mod positions;

pub use decode::no_matches;
use decode::{decode, Failure};

use serde::Deserialize;

use crate::engine::api::{Kind, Object};
use crate::engine::manifest::positions::Positions;
use crate::engine::schema::{self, Problem};
use crate::engine::why::{why, Msg, Why};

/// A document larger than this is refused before parsing, so a huge paste cannot stall the page.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;
/// More documents than this in one file are refused.
pub const MAX_DOCUMENTS: usize = 100;

/// One object read from a manifest, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    pub object: Object,
    /// The document as JSON, exactly as written: what `kubectl apply` records as the last-applied configuration.
    pub json: serde_json::Value,
    pub file: String,
    /// 1-based line of the document's first line.
    pub line: u32,
    /// Which document of the file it was, from 0.
    pub document: usize,
}

/// A problem in a manifest, pointing at a position in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based line and column.
    pub line: u32,
    pub column: u32,
    /// What kubectl prints for the document this problem is in (several problems of one document share it).
    pub message: String,
    /// This problem alone, for an editor marker: `unknown field "spec.replica"`.
    pub detail: String,
    /// Help beyond what kubectl says, such as "did you mean `replicas`?".
    pub hint: Option<Why>,
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

    /// kubectl's messages, one per failing document, in order.
    pub fn messages(&self) -> Vec<&str> {
        let mut messages: Vec<&str> = Vec::new();
        for d in &self.diagnostics {
            if messages.last() != Some(&d.message.as_str()) {
                messages.push(&d.message);
            }
        }
        messages
    }
}

/// Parses every YAML document in `text`, which was read from `file`.
pub fn parse(file: &str, text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    if text.len() > MAX_TEXT_BYTES {
        parsed.diagnostics.push(Diagnostic::plain(
            file,
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
    let mut positions: Option<Positions> = None;
    for (index, document) in serde_yaml::Deserializer::from_str(text).enumerate() {
        let start = starts.get(index).copied().unwrap_or(1);
        if index >= MAX_DOCUMENTS {
            parsed.diagnostics.push(Diagnostic::plain(
                file,
                start,
                1,
                format!("error: {file} holds more than {MAX_DOCUMENTS} documents; kplay reads at most {MAX_DOCUMENTS}"),
            ));
            break;
        }
        let yaml = match serde_yaml::Value::deserialize(document) {
            Ok(value) => value,
            Err(error) => {
                parsed.diagnostics.push(syntax_error(file, start, &error));
                // After a syntax error the rest of the stream cannot be trusted.
                break;
            }
        };
        if yaml.is_null() {
            continue;
        }
        // The API server reads JSON: YAML that has no JSON form (a non-string key) fails here, as in kubectl.
        let json = match serde_json::to_value(&yaml) {
            Ok(json) => json,
            Err(error) => {
                parsed.diagnostics.push(Diagnostic::plain(
                    file,
                    start,
                    1,
                    format!("error: error parsing {file}: error converting YAML to JSON: {error}"),
                ));
                continue;
            }
        };
        match decode(file, json.clone()) {
            Ok(object) => parsed.manifests.push(Manifest {
                object,
                json,
                file: file.to_string(),
                line: start,
                document: index,
            }),
            Err(Failure::Whole(message)) => parsed
                .diagnostics
                .push(Diagnostic::plain(file, start, 1, message)),
            Err(Failure::Fields { message, problems }) => {
                let positions = positions.get_or_insert_with(|| Positions::of(text));
                let at = DocumentAt { index, start };
                parsed.diagnostics.extend(
                    problems
                        .iter()
                        .map(|problem| field_problem(file, &message, problem, positions, at)),
                );
            }
        }
    }
    parsed
}

impl Diagnostic {
    /// A problem that is its own message, with no hint.
    fn plain(file: &str, line: u32, column: u32, message: String) -> Diagnostic {
        Diagnostic {
            file: file.to_string(),
            line,
            column,
            detail: message.clone(),
            message,
            hint: None,
        }
    }
}

/// Which document of a file, from 0, and the line it starts on.
#[derive(Debug, Clone, Copy)]
struct DocumentAt {
    index: usize,
    start: u32,
}

/// A YAML syntax error, worded and numbered as go-yaml (kubectl's parser) would.
fn syntax_error(file: &str, start: u32, error: &serde_yaml::Error) -> Diagnostic {
    let (line, column) = error
        .location()
        .map(|l| (to_u32(l.line()), to_u32(l.column())))
        .unwrap_or((start, 1));
    let problem = strip_location(&error.to_string()).to_string();
    Diagnostic::plain(
        file,
        line,
        column,
        format!(
            "error: error parsing {file}: error converting YAML to JSON: yaml: line {}: {problem}",
            go_yaml_line(line, start, &problem)
        ),
    )
}

/// One unknown or wrongly typed field of a document, at the field's position when it can be found.
fn field_problem(
    file: &str,
    message: &str,
    problem: &Problem,
    positions: &Positions,
    at: DocumentAt,
) -> Diagnostic {
    let path = schema::dotted(problem.path());
    let (line, column) = positions.find(at.index, &path).unwrap_or((at.start, 1));
    let (detail, hint) = match problem {
        Problem::Unknown { suggestion, .. } => (
            format!("unknown field \"{path}\""),
            suggestion.map(|s| why!(Msg::DidYouMean, s)),
        ),
        Problem::WrongType { message, .. } => (message.clone(), None),
    };
    Diagnostic {
        file: file.to_string(),
        line,
        column,
        message: message.to_string(),
        detail,
        hint,
    }
}

/// The 1-based line and column of a field in document `document` of `text`, given the path an API error names
/// (`spec.template.spec.containers[0].image`); the nearest enclosing field when the path itself is not written.
pub fn locate(text: &str, document: usize, path: &str) -> Option<(u32, u32)> {
    // A few API paths differ from where the field sits in the manifest.
    let path = match path {
        p if p.starts_with("annotations.") => "metadata.annotations".to_string(),
        p => p.replace("spec.template.labels", "spec.template.metadata.labels"),
    };
    Positions::of(text).find(document, &path)
}

/// Where an object's field is written among some files: the file, line and column, for an editor to show. Files
/// are searched in the order given; the first document of the object's kind and name wins.
pub fn find_field<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    kind: Kind,
    name: &str,
    path: &str,
) -> Option<(String, u32, u32)> {
    files.into_iter().find_map(|(file, text)| {
        let parsed = parse(file, text);
        let m = parsed
            .manifests
            .iter()
            .find(|m| m.object.kind() == kind && m.object.meta().name == name)?;
        let (line, column) = locate(text, m.document, path).unwrap_or((m.line, 1));
        Some((file.to_string(), line, column))
    })
}

/// Renders JSON as YAML the way kubectl's `-o yaml` does (go-yaml v2's keys, quotes and folding).
pub use emit::to_yaml;

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

/// The line go-yaml (and so kubectl) names for a syntax error: counted from the start of the failing document, and,
/// for parser errors (`did not find expected ...`), the line before the token that broke the construct.
fn go_yaml_line(line: u32, document_start: u32, problem: &str) -> u32 {
    let relative = line.saturating_sub(document_start.saturating_sub(1)).max(1);
    if problem.starts_with("did not find expected") {
        relative.saturating_sub(1).max(1)
    } else {
        relative
    }
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

    const SEED_DEPLOYMENT: &str = include_str!("../../../static/seed/deployment.yaml");

    #[test]
    fn find_field_names_the_file_and_line_of_an_objects_field() {
        let ingress = include_str!("../../../static/seed/ingress.yaml");
        let files = [
            ("deployment.yaml", SEED_DEPLOYMENT),
            ("ingress.yaml", ingress),
        ];
        assert_eq!(
            find_field(
                files,
                Kind::Ingress,
                "nginx-ingress",
                "spec.rules[0].http.paths[0]"
            ),
            Some(("ingress.yaml".to_string(), 11, 13))
        );
        assert_eq!(
            find_field(files, Kind::Deployment, "nginx-deployment", "spec.replicas"),
            Some(("deployment.yaml".to_string(), 6, 3))
        );
        assert_eq!(
            find_field(files, Kind::Service, "nginx-service", "spec"),
            None
        );
    }

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
