//! How kubectl prints each kind of the registry (`engine::kinds`): `get`'s columns and cells, `describe`'s sheet and
//! the status `-o yaml` shows. One file per kind, named in the registry; the dispatch below is generated from it, so a
//! kind without a printer does not compile.

use serde_json::{json, Map, Value};

use crate::engine::api::{
    Container, Kind, LabelSelector, Object, ObjectMeta, ObjectRef, PodTemplateSpec, Protocol,
};
use crate::engine::kinds::{stored_kinds, InStore, Stored};
use crate::engine::Cluster;
use crate::shell::columns::Cells;
use crate::shell::sheet::{events, Sheet};
use crate::shell::table::human_duration;

/// How kubectl prints one stored kind.
pub(super) trait Printed: Stored {
    /// `kubectl get`'s header, NAME first.
    const COLUMNS: &'static [&'static str];
    /// The columns `-o wide` adds.
    const WIDE: &'static [&'static str] = &[];
    /// Whether the API returns `metadata.generation` for this kind.
    const GENERATION: bool = false;

    /// The cells after NAME, and the wide ones.
    fn cells(&self, cluster: &Cluster) -> Cells;

    /// `kubectl describe`: by default the name, labels and annotations, then the object's events.
    fn describe(&self, cluster: &Cluster, sheet: &mut Sheet) {
        header(sheet, Self::INFO.namespaced, self.meta());
        events(sheet, cluster, &self.meta().uid);
    }

    /// The status the API returns, in its own shape; None for kinds without one.
    fn status(&self) -> Option<Value> {
        None
    }
}

macro_rules! printers {
    ($($variant:ident($type:ty) $field:ident $module:ident,)*) => {
        $(mod $module;)*

        /// The header of a stored kind's table and its wide columns.
        pub(super) fn columns(kind: Kind) -> Option<(&'static [&'static str], &'static [&'static str])> {
            match kind {
                $(Kind::$variant => Some((<$type as Printed>::COLUMNS, <$type as Printed>::WIDE)),)*
                _ => None,
            }
        }

        /// Every object of a stored kind with its cells, in key order.
        pub(super) fn rows(cluster: &Cluster, kind: Kind) -> Option<Vec<(ObjectMeta, Cells)>> {
            let store = cluster.store();
            match kind {
                $(Kind::$variant => Some(<$type>::map(store).values().map(|o| (o.metadata.clone(), o.cells(cluster))).collect()),)*
                _ => None,
            }
        }

        /// `kubectl describe` of one stored object, if it exists.
        pub(super) fn describe(cluster: &Cluster, kind: Kind, key: &str) -> Option<String> {
            let mut sheet = Sheet::new();
            let store = cluster.store();
            match kind {
                $(Kind::$variant => <$type>::map(store).get(key)?.describe(cluster, &mut sheet),)*
                _ => return None,
            }
            Some(sheet.render())
        }

        /// The object's own fields as JSON, its status as the API shapes it, and whether the API shows its
        /// generation.
        pub(super) fn body(object: &Object) -> (Value, Option<Value>, bool) {
            match object {
                $(Object::$variant(o) => (
                    serde_json::to_value(o).unwrap_or(Value::Null),
                    o.status(),
                    <$type as Printed>::GENERATION,
                ),)*
            }
        }
    };
}

stored_kinds!(printers);

mod gateway_api;

/// An age as kubectl prints it.
pub(super) fn age(cluster: &Cluster, meta: &ObjectMeta) -> String {
    human_duration(cluster.now().saturating_sub(meta.created))
}

/// The sheet's opening lines for most kinds: name, namespace, labels, annotations.
pub(super) fn header(sheet: &mut Sheet, namespaced: bool, meta: &ObjectMeta) {
    sheet.field("Name", meta.name.clone());
    if namespaced {
        sheet.field("Namespace", meta.namespace().to_string());
    }
    sheet.map("Labels", &meta.labels);
    sheet.annotations(&meta.annotations);
}

/// `Controlled By:  ReplicaSet/nginx-...` for an owned object.
pub(super) fn controlled_by(sheet: &mut Sheet, meta: &ObjectMeta) {
    if let Some(owner) = &meta.owner {
        sheet.field(
            "Controlled By",
            format!("{}/{}", owner.kind.name(), owner.name),
        );
    }
}

/// A workload's pod template as describe prints it.
pub(super) fn template(sheet: &mut Sheet, template: &PodTemplateSpec) {
    sheet.raw("Pod Template:");
    let labels: Vec<String> = template
        .metadata
        .labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    sheet.raw(format!("  Labels:\t{}", labels.join("\n  \t")));
    sheet.raw("  Containers:");
    for c in &template.spec.containers {
        container(sheet, c, "   ");
    }
}

/// A container's name, image and ports; the name is indented as its section is.
pub(super) fn container(sheet: &mut Sheet, c: &Container, indent: &str) {
    sheet.raw(format!("{indent}{}:", c.name));
    sheet.raw(format!("    Image:\t{}", c.image));
    let ports: Vec<String> = c
        .ports
        .iter()
        .map(|p| {
            format!(
                "{}/{}",
                p.container_port,
                p.protocol.as_ref().unwrap_or(&Protocol::TCP)
            )
        })
        .collect();
    let ports = if ports.is_empty() {
        "<none>".to_string()
    } else {
        ports.join(", ")
    };
    sheet.raw(format!("    Port:\t{ports}"));
}

/// The wide columns every workload shares: containers, images and selector.
pub(super) const WORKLOAD_WIDE: &[&str] = &["CONTAINERS", "IMAGES", "SELECTOR"];

pub(super) fn workload_wide(template: &PodTemplateSpec, selector: &LabelSelector) -> Vec<String> {
    let containers = &template.spec.containers;
    vec![
        containers
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(","),
        containers
            .iter()
            .map(|c| c.image.as_str())
            .collect::<Vec<_>>()
            .join(","),
        selector.to_display(),
    ]
}

/// The addresses of a Service's ready endpoints, as describe lists them.
pub(super) fn ready_ips(cluster: &Cluster, namespace: &str, service: &str) -> Vec<String> {
    let key = ObjectRef::new(Kind::Service, namespace, service).key();
    cluster
        .store()
        .endpoints
        .get(&key)
        .map(|slice| {
            slice
                .endpoints
                .iter()
                .filter(|e| e.ready)
                .map(|e| e.ip.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// `<none>` where a value is missing.
pub(super) fn or_none(value: Option<String>) -> String {
    value.unwrap_or_else(|| "<none>".to_string())
}

/// Leaves out zero counts, as the API's `omitempty` fields do.
pub(super) fn counts(pairs: &[(&str, i32)], observed_generation: u64) -> Value {
    let mut out = Map::new();
    for (name, value) in pairs {
        if *value != 0 {
            out.insert(name.to_string(), json!(value));
        }
    }
    out.insert(
        "observedGeneration".to_string(),
        json!(observed_generation.max(1)),
    );
    Value::Object(out)
}
