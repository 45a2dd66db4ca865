//! A Pod in kubectl's words.

use serde_json::{json, Map, Value};

use crate::engine::api::{ConditionStatus, Pod, PodPhase};
use crate::engine::{images, timestamp, Cluster};
use crate::shell::columns::{labels, Cells};
use crate::shell::kinds::{age, container, controlled_by, or_none, Printed};
use crate::shell::sheet::{events, http_date, Sheet};

impl Printed for Pod {
    const COLUMNS: &'static [&'static str] = &["NAME", "READY", "STATUS", "RESTARTS", "AGE"];
    const WIDE: &'static [&'static str] = &["IP", "NODE", "NOMINATED NODE", "READINESS GATES"];
    const GENERATION: bool = true;

    fn cells(&self, cluster: &Cluster) -> Cells {
        let total = self.spec.containers.len().max(1);
        let ready = if self.status.ready { total } else { 0 };
        Cells {
            narrow: vec![
                format!("{ready}/{total}"),
                self.display_status(),
                self.status.restarts.to_string(),
                age(cluster, &self.metadata),
            ],
            wide: vec![
                or_none(self.status.pod_ip.clone()),
                or_none(self.spec.node_name.clone()),
                "<none>".to_string(),
                "<none>".to_string(),
            ],
        }
    }

    fn describe(&self, cluster: &Cluster, sheet: &mut Sheet) {
        let meta = &self.metadata;
        sheet.field("Name", meta.name.clone());
        sheet.field("Namespace", meta.namespace().to_string());
        sheet.field("Priority", "0");
        sheet.field(
            "Service Account",
            self.spec
                .service_account_name
                .clone()
                .unwrap_or_else(|| "default".into()),
        );
        let node = match (&self.spec.node_name, &self.status.host_ip) {
            (Some(node), Some(ip)) => format!("{node}/{ip}"),
            _ => "<none>".to_string(),
        };
        sheet.field("Node", node);
        sheet.field("Start Time", http_date(meta.created));
        sheet.map("Labels", &meta.labels);
        sheet.annotations(&meta.annotations);
        sheet.field("Status", self.display_status());
        sheet.field("IP", self.status.pod_ip.clone().unwrap_or_default());
        controlled_by(sheet, meta);
        containers(self, sheet);
        sheet.field("QoS Class", "BestEffort");
        sheet.field(
            "Node-Selectors",
            if self.spec.node_selector.is_empty() {
                "<none>".to_string()
            } else {
                labels(&self.spec.node_selector)
            },
        );
        events(sheet, cluster, &meta.uid);
    }

    fn status(&self) -> Option<Value> {
        let s = &self.status;
        let mut out = Map::new();
        out.insert("containerStatuses".to_string(), json!(container_statuses(self)));
        if let Some(ip) = &s.host_ip {
            out.insert("hostIP".to_string(), json!(ip));
            out.insert("hostIPs".to_string(), json!([{ "ip": ip }]));
        }
        out.insert("phase".to_string(), json!(s.phase.as_str()));
        if let Some(ip) = &s.pod_ip {
            out.insert("podIP".to_string(), json!(ip));
            out.insert("podIPs".to_string(), json!([{ "ip": ip }]));
        }
        out.insert("qosClass".to_string(), json!("BestEffort"));
        out.insert(
            "startTime".to_string(),
            json!(timestamp(self.metadata.created)),
        );
        Some(Value::Object(out))
    }
}

/// Each container with its state, readiness and restarts.
fn containers(pod: &Pod, sheet: &mut Sheet) {
    sheet.raw("Containers:");
    for c in &pod.spec.containers {
        container(sheet, c, "  ");
        let state = match &pod.status.waiting_reason {
            Some(reason) => format!("Waiting\n    \t  Reason:\t{reason}"),
            None => format!(
                "Running\n    \t  Started:\t{}",
                http_date(pod.status.started_at.unwrap_or(pod.metadata.created))
            ),
        };
        sheet.raw(format!("    State:\t{state}"));
        sheet.raw(format!(
            "    Ready:\t{}",
            ConditionStatus::from(pod.status.ready)
        ));
        sheet.raw(format!("    Restart Count:\t{}", pod.status.restarts));
    }
}

fn container_statuses(pod: &Pod) -> Vec<Value> {
    let s = &pod.status;
    let running = s.phase == PodPhase::Running;
    pod.spec
        .containers
        .iter()
        .map(|c| {
            let state = match &s.waiting_reason {
                Some(reason) => json!({ "waiting": { "reason": reason } }),
                None if running => json!({ "running": { "startedAt": timestamp(s.started_at.unwrap_or_default()) } }),
                None => json!({}),
            };
            // A started container reports the reference the runtime resolved (`docker.io/library/nginx:1.17`).
            let image = match running {
                true => images::reference(&c.image),
                false => c.image.clone(),
            };
            json!({
                "image": image,
                "lastState": {},
                "name": c.name,
                "ready": s.ready,
                "restartCount": s.restarts,
                "started": running,
                "state": state,
            })
        })
        .collect()
}
