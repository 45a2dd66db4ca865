//! The columns `kubectl get` prints for each kind, and each object's cells, as kubectl's table printers fill them.

use crate::engine::api::{Kind, Labels, ObjectMeta};
use crate::engine::events::EventRecord;
use crate::engine::order;
use crate::engine::{names, Cluster, KUBERNETES_VERSION};
use crate::shell::table::human_duration;
use crate::shell::{endpoints, kinds};

/// The cells after NAME, and the extra ones `-o wide` adds.
pub(super) struct Cells {
    pub narrow: Vec<String>,
    pub wide: Vec<String>,
}

/// The header row of a kind's table.
pub(super) fn header(kind: Kind, wide: bool, namespace: bool) -> Vec<String> {
    let (narrow, extra) = kinds::columns(kind).unwrap_or_else(|| kept_columns(kind));
    let mut cells: Vec<String> = Vec::new();
    if namespace {
        cells.push("NAMESPACE".to_string());
    }
    cells.extend(narrow.iter().map(|s| s.to_string()));
    if wide {
        cells.extend(extra.iter().map(|s| s.to_string()));
    }
    cells
}

/// The columns of the kinds the cluster keeps itself, which the registry does not list.
fn kept_columns(kind: Kind) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        Kind::Endpoints => (&["NAME", "ENDPOINTS", "AGE"], &[]),
        Kind::EndpointSlice => (&["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], &[]),
        // Events have no NAME column; `get` leaves the name out for them.
        Kind::Event => (
            &["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
            &[
                "SUBOBJECT",
                "SOURCE",
                "MESSAGE",
                "FIRST SEEN",
                "COUNT",
                "NAME",
            ],
        ),
        Kind::Node => (
            &["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
            &[
                "INTERNAL-IP",
                "EXTERNAL-IP",
                "OS-IMAGE",
                "KERNEL-VERSION",
                "CONTAINER-RUNTIME",
            ],
        ),
        _ => (&["NAME"], &[]),
    }
}

/// Every object of a kind with its cells, in name order within each namespace.
pub(super) fn rows(cluster: &Cluster, kind: Kind) -> Vec<(ObjectMeta, Cells)> {
    let store = cluster.store();
    let now = cluster.now();
    let age = |meta: &ObjectMeta| human_duration(now.saturating_sub(meta.created));
    let row = |meta: &ObjectMeta, narrow: Vec<String>, wide: Vec<String>| {
        (meta.clone(), Cells { narrow, wide })
    };
    if let Some(rows) = kinds::rows(cluster, kind) {
        return rows;
    }
    match kind {
        Kind::Endpoints | Kind::EndpointSlice => endpoints::rows(cluster, kind),
        Kind::Event => {
            let mut events: Vec<_> = store.events.iter().collect();
            order::sort_by_key(&mut events, |e| e.last);
            events
                .into_iter()
                .map(|e| {
                    let meta = ObjectMeta {
                        name: event_name(e),
                        namespace: Some(e.namespace.clone()),
                        created: e.first,
                        ..ObjectMeta::default()
                    };
                    let last_seen = human_duration(now.saturating_sub(e.last));
                    let object = format!("{}/{}", e.kind.singular(), e.object);
                    row(
                        &meta,
                        vec![
                            last_seen,
                            e.type_name().to_string(),
                            e.reason.clone(),
                            object,
                            e.message.clone(),
                        ],
                        Vec::new(),
                    )
                })
                .collect()
        }
        Kind::Node => cluster
            .nodes()
            .iter()
            .map(|node| {
                let meta = ObjectMeta {
                    name: node.name.clone(),
                    labels: node.labels.clone(),
                    created: node.created,
                    ..ObjectMeta::default()
                };
                let mut status = if node.ready { "Ready" } else { "NotReady" }.to_string();
                if node.unschedulable {
                    status.push_str(",SchedulingDisabled");
                }
                let role = if node.control_plane {
                    "control-plane"
                } else {
                    "<none>"
                };
                row(
                    &meta,
                    vec![
                        status,
                        role.to_string(),
                        age(&meta),
                        KUBERNETES_VERSION.to_string(),
                    ],
                    vec![
                        node.internal_ip.clone(),
                        "<none>".to_string(),
                        "Debian GNU/Linux 12 (bookworm)".to_string(),
                        "6.1.0-28-amd64".to_string(),
                        "containerd://1.7.24".to_string(),
                    ],
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Event names are the object's name and a hexadecimal suffix.
pub(crate) fn event_name(e: &EventRecord) -> String {
    let key = format!("{}/{}/{}", e.uid, e.reason, e.message);
    format!(
        "{}.{:016x}",
        e.object,
        u64::from(names::fnv32a(key.as_bytes())) << 24
            | u64::from(names::fnv32a(e.uid.as_bytes()) & 0xff_ffff)
    )
}

/// `app=nginx,tier=web`.
pub(super) fn labels(labels: &Labels) -> String {
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}
