//! The printers `kubectl get -o` names: tables, names, YAML and JSON, Go templates, JSONPath and custom columns.

use crate::shell::get::Options;
use crate::shell::jsonpath;
use crate::shell::table::render as table;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Format {
    Table {
        wide: bool,
    },
    Name,
    Yaml,
    Json,
    /// `-o go-template=TEMPLATE`, or `-o go-template --template TEMPLATE`.
    GoTemplate(String),
    /// `-o jsonpath=TEMPLATE`, or `-o jsonpath --template TEMPLATE`.
    JsonPath(String),
    /// `-o custom-columns=HEADER:PATH,...`.
    CustomColumns {
        columns: Vec<(String, String)>,
        headers: bool,
    },
}

/// The formats kubectl v1.34 lists when it cannot match one.
const FORMATS: &str = "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml";

impl Format {
    /// The printer `-o` names.
    pub(super) fn parse(options: &Options) -> Result<Format, String> {
        let (output, template) = (options.output, options.template);
        let template_of =
            |inline: Option<&str>, make: fn(String) -> Format| match inline.or(template) {
                Some(text) => Ok(make(text.to_string())),
                None => Err("error: template format specified but no template given\n".to_string()),
            };
        if let Some((name, text)) = output.and_then(|o| o.split_once('=')) {
            match name {
                "go-template" | "template" => return template_of(Some(text), Format::GoTemplate),
                "jsonpath" => return template_of(Some(text), Format::JsonPath),
                "custom-columns" => return custom_columns(text, !options.no_headers),
                "go-template-file" | "templatefile" | "jsonpath-file" | "custom-columns-file"
                | "jsonpath-as-json" => {
                    return Err(format!("error: kplay does not print -o {name} yet; write the template inline: -o jsonpath='...', -o go-template='...' or -o custom-columns=...\n"))
                }
                _ => {}
            }
        }
        Ok(match output {
            None if template.is_some() => template_of(None, Format::GoTemplate)?,
            None => Format::Table { wide: false },
            Some("go-template" | "template") => template_of(None, Format::GoTemplate)?,
            Some("jsonpath") => template_of(None, Format::JsonPath)?,
            Some("custom-columns") => {
                return Err("error: custom-columns format specified but no custom columns given\n".to_string())
            }
            Some("wide") => Format::Table { wide: true },
            Some("name") => Format::Name,
            Some("yaml") => Format::Yaml,
            Some("json") => Format::Json,
            Some(other) => {
                return Err(format!(
                    "error: unable to match a printer suitable for the output format \"{other}\", allowed formats are: {FORMATS}\n"
                ))
            }
        })
    }

    /// Whether the format prints API objects rather than table rows.
    pub(super) fn prints_objects(&self) -> bool {
        !matches!(self, Format::Table { .. } | Format::Name)
    }
}

/// `HEADER:PATH,HEADER:PATH`, as kubectl's custom-columns printer reads it.
fn custom_columns(spec: &str, headers: bool) -> Result<Format, String> {
    if spec.is_empty() {
        return Err(
            "error: custom-columns format specified but no custom columns given\n".to_string(),
        );
    }
    let mut columns = Vec::new();
    for part in spec.split(',') {
        let Some((header, path)) = part.split_once(':') else {
            return Err(format!("error: unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>\n"));
        };
        jsonpath::values(path, &serde_json::Value::Null)
            .map_err(|why| format!("error: {why}\n"))?;
        columns.push((header.to_string(), path.to_string()));
    }
    Ok(Format::CustomColumns { columns, headers })
}

/// One row per object, each cell the values its path finds joined by commas, `<none>` when it finds none.
pub(super) fn custom_rows(
    columns: &[(String, String)],
    headers: bool,
    objects: &[serde_json::Value],
) -> String {
    let mut rows = Vec::new();
    if headers {
        rows.push(columns.iter().map(|(header, _)| header.clone()).collect());
    }
    for object in objects {
        rows.push(
            columns
                .iter()
                .map(|(_, path)| {
                    let found = jsonpath::values(path, object).unwrap_or_default();
                    if found.is_empty() {
                        "<none>".to_string()
                    } else {
                        found
                            .iter()
                            .map(|v| jsonpath::go_value(v))
                            .collect::<Vec<_>>()
                            .join(",")
                    }
                })
                .collect::<Vec<String>>(),
        );
    }
    table(&rows)
}
