//! `kubectl get`: one table per kind, in kubectl's columns, with `kind.group/` prefixes when several kinds are listed;
//! or the objects themselves with `-o yaml|json|name`.

use crate::engine::api::{Kind, LabelSelector, ObjectMeta};
use crate::engine::manifest;
use crate::engine::Cluster;
use crate::shell::columns::{self, header, labels, Cells};
use crate::shell::kubectl::{plural_qualified, resolve};
use crate::shell::render;
use crate::shell::selectors::{self, field_value, parse_field_selector, FieldRequirement};
use crate::shell::table::render as table;
mod format;
mod sort;

use format::{custom_rows, Format};
use sort::sort_rows;

use crate::shell::{jsonpath, template, Output};

/// The kinds `kubectl get all` lists, in kubectl's order.
const ALL: [Kind; 5] = [
    Kind::Pod,
    Kind::Service,
    Kind::DaemonSet,
    Kind::Deployment,
    Kind::ReplicaSet,
];

/// The flags `kubectl get` reads.
#[derive(Debug, Default)]
pub(super) struct Options<'a> {
    pub namespace: &'a str,
    pub all_namespaces: bool,
    pub output: Option<&'a str>,
    pub selector: Option<&'a str>,
    pub field_selector: Option<&'a str>,
    pub show_labels: bool,
    pub no_headers: bool,
    /// `--template`: the Go template `-o go-template` prints with.
    pub template: Option<&'a str>,
    /// `--sort-by`: a JSONPath into each object.
    pub sort_by: Option<&'a str>,
}

pub(super) fn get(cluster: &Cluster, positional: &[String], options: &Options) -> Output {
    if positional.is_empty() {
        return Output::err(
            "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\n\
             error: Required resource not specified.\n\
             Use \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\n\
             See 'kubectl get -h' for help and examples\n",
        );
    }
    let format = match Format::parse(options) {
        Ok(format) => format,
        Err(message) => return Output::err(message),
    };
    let selector = match options.selector.map(selectors::parse_selector).transpose() {
        Ok(selector) => selector,
        Err(message) => return Output::err(message),
    };
    let requests = match requests(cluster, positional) {
        Ok(requests) => requests,
        Err(message) => return Output::err(format!("{message}\n")),
    };
    // A bad field selector is refused before anything is printed, whichever kind it fails on.
    let fields = match options.field_selector {
        Some(text) if !requests.is_empty() => match field_requirements(cluster, &requests, text) {
            Ok(fields) => fields,
            Err(message) => return Output::err(message),
        },
        _ => Vec::new(),
    };
    let mut output = Output::default();
    if requests.iter().any(|r| r.kind == Kind::Endpoints) {
        output.push_err("Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n");
    }
    let filter = Filter {
        options,
        selector: selector.as_ref(),
        fields: &fields,
    };
    let with_kind = requests.len() > 1 || positional[0].split(',').any(|w| w == "all");
    let mut found = Found::default();
    for request in &requests {
        let kind = request.kind;
        let mut rows = filter.rows(cluster, kind);
        if !request.names.is_empty() {
            output.extend(named_only(request, &mut rows));
        }
        if rows.is_empty() {
            continue;
        }
        if let Some(path) = options.sort_by {
            if let Err(message) = sort_rows(cluster, kind, path, &mut rows) {
                return Output::err(message);
            }
        }
        let columns = TableColumns {
            wide: format == Format::Table { wide: true },
            with_kind,
            namespace: options.all_namespaces && kind.namespaced(),
            labels: options.show_labels,
            headers: !options.no_headers,
        };
        found.add(cluster, &format, kind, rows, &columns);
    }
    let single = requests.len() == 1 && requests[0].names.len() == 1;
    let printed = match found.print(&format, single) {
        Ok(printed) => printed,
        Err(message) => {
            output.push_err(message);
            output.set_status(1);
            return output;
        }
    };
    let nothing = printed.is_empty();
    output.push_out(printed);
    let tabular = !format.prints_objects() || matches!(format, Format::CustomColumns { .. });
    if nothing && tabular && requests.iter().all(|r| r.names.is_empty()) {
        output.push_err(nothing_found(options, &requests));
    }
    output
}

/// One object's row as `kubectl get` prints it now, for a watch to compare: its kind, namespace and name, the header
/// of its table, and its cells.
pub(super) struct Row {
    pub key: (Kind, String, String),
    pub header: Vec<String>,
    pub cells: Vec<String>,
}

/// The rows `kubectl get` would print now, in its order.
pub(super) fn rows_now(
    cluster: &Cluster,
    positional: &[String],
    options: &Options,
) -> Result<Vec<Row>, String> {
    let selector = options
        .selector
        .map(selectors::parse_selector)
        .transpose()?;
    let requests = requests(cluster, positional)?;
    let fields = match options.field_selector {
        Some(text) => field_requirements(cluster, &requests, text)?,
        None => Vec::new(),
    };
    let filter = Filter {
        options,
        selector: selector.as_ref(),
        fields: &fields,
    };
    let with_kind = requests.len() > 1 || positional[0].split(',').any(|w| w == "all");
    let wide = options.output == Some("wide");
    let mut found = Vec::new();
    for request in &requests {
        let kind = request.kind;
        let columns = TableColumns {
            wide,
            with_kind,
            namespace: options.all_namespaces && kind.namespaced(),
            labels: options.show_labels,
            headers: true,
        };
        let mut head = header(kind, wide, columns.namespace);
        if columns.labels {
            head.push("LABELS".to_string());
        }
        let mut rows = filter.rows(cluster, kind);
        if !request.names.is_empty() {
            rows.retain(|(m, _)| request.names.contains(&m.name));
        }
        for (meta, cells) in rows {
            found.push(Row {
                key: (kind, meta.namespace().to_string(), meta.name.clone()),
                header: head.clone(),
                cells: columns.row(kind, &meta, cells),
            });
        }
    }
    Ok(found)
}

/// Keeps the rows a request names, and kubectl's NotFound for each name no row has.
fn named_only(request: &Request, rows: &mut Vec<(ObjectMeta, Cells)>) -> Output {
    let mut output = Output::default();
    for name in request
        .names
        .iter()
        .filter(|n| !rows.iter().any(|(m, _)| &m.name == *n))
    {
        output.push_err(format!(
            "Error from server (NotFound): {} \"{name}\" not found\n",
            plural_qualified(request.kind)
        ));
    }
    rows.retain(|(m, _)| request.names.contains(&m.name));
    output
}

/// What kubectl says when nothing matched: where it looked.
fn nothing_found(options: &Options, requests: &[Request]) -> String {
    if options.all_namespaces || requests.iter().all(|r| !r.kind.namespaced()) {
        "No resources found\n".to_string()
    } else {
        format!("No resources found in {} namespace.\n", options.namespace)
    }
}

/// One kind to list, and the names asked for (none: all of them).
#[derive(Debug)]
struct Request {
    kind: Kind,
    names: Vec<String>,
}

/// What to list: `pods`, `deploy,svc`, `all`, `pod NAME...`, `pod/NAME svc/NAME`.
fn requests(cluster: &Cluster, positional: &[String]) -> Result<Vec<Request>, String> {
    let resolve = |word: &str| resolve_in(cluster, word);
    if positional[0].contains('/') {
        let mut requests: Vec<Request> = Vec::new();
        for word in positional {
            let Some((resource, name)) = word.split_once('/') else {
                return Err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".to_string());
            };
            let kind = resolve(resource)?;
            match requests.iter_mut().find(|r| r.kind == kind) {
                Some(request) => request.names.push(name.to_string()),
                None => requests.push(Request {
                    kind,
                    names: vec![name.to_string()],
                }),
            }
        }
        return Ok(requests);
    }
    let names: Vec<String> = positional[1..].to_vec();
    let mut kinds = Vec::new();
    for word in positional[0].split(',').filter(|w| !w.is_empty()) {
        if word == "all" {
            kinds.extend(ALL);
        } else {
            kinds.push(resolve(word)?);
        }
    }
    Ok(kinds
        .into_iter()
        .map(|kind| Request {
            kind,
            names: names.clone(),
        })
        .collect())
}

/// The field selector's terms, refused if any listed kind cannot select on one of its fields.
fn field_requirements(
    cluster: &Cluster,
    requests: &[Request],
    text: &str,
) -> Result<Vec<FieldRequirement>, String> {
    let fields = parse_field_selector(text)?;
    for kind in requests.iter().map(|r| r.kind) {
        for FieldRequirement { field, .. } in &fields {
            if field_value(cluster, kind, &ObjectMeta::default(), field).is_none() {
                let (group, version) = match kind.group() {
                    "" => (String::new(), "v1"),
                    g => (g.to_string(), "v1"),
                };
                return Err(format!(
                    "Error from server (BadRequest): Unable to find \"{group}/{version}, Resource={}\" that match label selector \"\", field selector \"{text}\": \"{field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"\n",
                    kind.plural()
                ));
            }
        }
    }
    Ok(fields)
}

/// Which objects a `get` keeps: those in the namespace asked for that match the label and field selectors.
struct Filter<'a> {
    options: &'a Options<'a>,
    selector: Option<&'a LabelSelector>,
    fields: &'a [FieldRequirement],
}

impl Filter<'_> {
    fn rows(&self, cluster: &Cluster, kind: Kind) -> Vec<(ObjectMeta, Cells)> {
        columns::rows(cluster, kind)
            .into_iter()
            .filter(|(meta, _)| {
                self.options.all_namespaces
                    || !kind.namespaced()
                    || meta.namespace() == self.options.namespace
            })
            .filter(|(meta, _)| self.selector.is_none_or(|s| s.matches(&meta.labels)))
            .filter(|(meta, _)| {
                self.fields.iter().all(|requirement| {
                    requirement
                        .matches(field_value(cluster, kind, meta, &requirement.field).as_deref())
                })
            })
            .collect()
    }
}

/// The columns of one kind's table besides its own: which are shown, and whether rows are named `kind/name`.
struct TableColumns {
    wide: bool,
    with_kind: bool,
    namespace: bool,
    labels: bool,
    headers: bool,
}

impl TableColumns {
    fn render(&self, kind: Kind, rows: Vec<(ObjectMeta, Cells)>) -> String {
        let mut lines = Vec::new();
        if self.headers {
            let mut head = header(kind, self.wide, self.namespace);
            if self.labels {
                head.push("LABELS".to_string());
            }
            lines.push(head);
        }
        for (meta, cells) in rows {
            lines.push(self.row(kind, &meta, cells));
        }
        table(&lines)
    }

    fn row(&self, kind: Kind, meta: &ObjectMeta, cells: Cells) -> Vec<String> {
        let mut row = Vec::new();
        if self.namespace {
            row.push(meta.namespace().to_string());
        }
        if kind != Kind::Event {
            row.push(if self.with_kind {
                format!("{}/{}", kind.qualified(), meta.name)
            } else {
                meta.name.clone()
            });
        }
        row.extend(cells.narrow);
        if self.wide {
            row.extend(cells.wide);
        }
        if self.labels {
            row.push(if meta.labels.is_empty() {
                "<none>".to_string()
            } else {
                labels(&meta.labels)
            });
        }
        row
    }
}

/// What the kinds listed gave: tables or name lines, or API objects for `-o yaml|json`.
#[derive(Default)]
struct Found {
    tables: Vec<String>,
    objects: Vec<serde_json::Value>,
}

impl Found {
    /// One kind's rows, printed as the format asks.
    fn add(
        &mut self,
        cluster: &Cluster,
        format: &Format,
        kind: Kind,
        rows: Vec<(ObjectMeta, Cells)>,
        columns: &TableColumns,
    ) {
        match format {
            Format::Name => self.tables.extend(
                rows.iter()
                    .map(|(meta, _)| format!("{}/{}\n", kind.qualified(), meta.name)),
            ),
            Format::Table { .. } => self.tables.push(columns.render(kind, rows)),
            _ => self.objects.extend(
                rows.iter()
                    .map(|(meta, _)| as_api_object(cluster, kind, meta)),
            ),
        }
    }

    fn print(mut self, format: &Format, single: bool) -> Result<String, String> {
        if let Format::CustomColumns { columns, headers } = format {
            if self.objects.is_empty() {
                return Ok(String::new());
            }
            return Ok(custom_rows(columns, *headers, &self.objects));
        }
        Ok(match format {
            Format::Yaml | Format::Json if self.objects.is_empty() && single => String::new(),
            Format::Name => self.tables.concat(),
            Format::Table { .. } => self.tables.join("\n"),
            // Asked for one object, kubectl prints it; otherwise a List, even an empty one.
            _ => {
                let value = if single && !self.objects.is_empty() {
                    self.objects.remove(0)
                } else {
                    render::list(self.objects)
                };
                match format {
                    Format::Yaml => manifest::to_yaml(&value),
                    Format::GoTemplate(text) => template::go_template(text, &value)?,
                    Format::JsonPath(text) => jsonpath::print(text, &value)?,
                    _ => render::to_json(&value),
                }
            }
        })
    }
}

fn as_api_object(cluster: &Cluster, kind: Kind, meta: &ObjectMeta) -> serde_json::Value {
    if kind == Kind::Event {
        return render::event(cluster, meta);
    }
    if matches!(kind, Kind::Endpoints | Kind::EndpointSlice) {
        return render::endpoints(cluster, kind, meta);
    }
    if kind == Kind::Node {
        return cluster
            .nodes()
            .iter()
            .find(|n| n.name == meta.name)
            .map(render::node)
            .unwrap_or_default();
    }
    render::stored(cluster, kind, meta.namespace(), &meta.name).unwrap_or_default()
}

/// The kind a word names, if the cluster serves it (a Gateway API kind only once its CRD is installed).
fn resolve_in(cluster: &Cluster, word: &str) -> Result<Kind, String> {
    resolve(word).and_then(|kind| {
        if crate::engine::gateway::served(cluster.store(), kind) {
            Ok(kind)
        } else {
            Err(format!(
                "error: the server doesn't have a resource type \"{word}\""
            ))
        }
    })
}
