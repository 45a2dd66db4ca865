//! `kubectl get`: one table per kind, in kubectl's columns, with `kind.group/` prefixes when several kinds are listed.

use crate::engine::api::{Kind, ObjectMeta};
use crate::engine::Cluster;
use crate::shell::columns::{self, header, Cells};
use crate::shell::kubectl::resolve;
use crate::shell::table::render;
use crate::shell::Output;

/// The kinds `kubectl get all` lists, in kubectl's order.
const ALL: [Kind; 5] = [
    Kind::Pod,
    Kind::Service,
    Kind::DaemonSet,
    Kind::Deployment,
    Kind::ReplicaSet,
];

pub(super) fn get(
    cluster: &Cluster,
    positional: &[String],
    namespace: &str,
    all_namespaces: bool,
    output: Option<&str>,
) -> Output {
    let Some((resources, names)) = positional.split_first() else {
        return Output::err(
            "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\n\
             error: Required resource not specified.\n\
             Use \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\n\
             See 'kubectl get -h' for help and examples\n",
        );
    };
    let format = match output {
        None => Format::Table { wide: false },
        Some("wide") => Format::Table { wide: true },
        Some("name") => Format::Name,
        Some(other) => {
            return Output::err(format!(
            "error: kplay does not print -o {other} yet; it prints tables, -o wide and -o name\n"
        ))
        }
    };
    let mut kinds = Vec::new();
    let mut listed_all = false;
    for word in resources.split(',').filter(|w| !w.is_empty()) {
        if word == "all" {
            listed_all = true;
            kinds.extend(ALL);
        } else {
            match resolve(word) {
                Ok(kind) => kinds.push(kind),
                Err(message) => return Output::err(format!("{message}\n")),
            }
        }
    }
    let with_kind = kinds.len() > 1 || listed_all;
    let mut output = Output::default();
    let mut tables = Vec::new();
    for kind in kinds {
        let mut listing = Listing::of(cluster, kind, namespace, all_namespaces);
        if !names.is_empty() {
            for name in names {
                if !listing.metas.iter().any(|m| &m.name == name) {
                    output.push_err(format!(
                        "Error from server (NotFound): {} \"{}\" not found\n",
                        kind.plural(),
                        name
                    ));
                }
            }
            listing.keep(|meta| names.contains(&meta.name));
        }
        if listing.rows.is_empty() {
            continue;
        }
        let show_namespace = all_namespaces && kind.namespaced();
        match format {
            Format::Name => {
                for meta in &listing.metas {
                    tables.push(format!("{}/{}\n", kind.qualified(), meta.name));
                }
            }
            Format::Table { wide } => {
                let mut rows = vec![header(kind, wide, show_namespace)];
                for (meta, cells) in listing.metas.iter().zip(listing.rows) {
                    let mut row = Vec::new();
                    if show_namespace {
                        row.push(meta.namespace().to_string());
                    }
                    row.push(if with_kind {
                        format!("{}/{}", kind.qualified(), meta.name)
                    } else {
                        meta.name.clone()
                    });
                    row.extend(cells.narrow);
                    if wide {
                        row.extend(cells.wide);
                    }
                    rows.push(row);
                }
                tables.push(render(&rows));
            }
        }
    }
    let separator = if format == Format::Name { "" } else { "\n" };
    let printed = tables.join(separator);
    let nothing = printed.is_empty();
    output.push_out(printed);
    if nothing && names.is_empty() {
        output.push_err(if all_namespaces {
            "No resources found\n".to_string()
        } else {
            format!("No resources found in {namespace} namespace.\n")
        });
    }
    output
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Table { wide: bool },
    Name,
}

/// The objects of one kind to print, with their cells.
struct Listing {
    metas: Vec<ObjectMeta>,
    rows: Vec<Cells>,
}

impl Listing {
    fn of(cluster: &Cluster, kind: Kind, namespace: &str, all_namespaces: bool) -> Listing {
        let (metas, rows) = columns::rows(cluster, kind)
            .into_iter()
            .filter(|(meta, _)| {
                all_namespaces || !kind.namespaced() || meta.namespace() == namespace
            })
            .unzip();
        Listing { metas, rows }
    }

    fn keep(&mut self, wanted: impl Fn(&ObjectMeta) -> bool) {
        let rows = std::mem::take(&mut self.rows);
        let metas = std::mem::take(&mut self.metas);
        for (meta, row) in metas.into_iter().zip(rows) {
            if wanted(&meta) {
                self.metas.push(meta);
                self.rows.push(row);
            }
        }
    }
}
