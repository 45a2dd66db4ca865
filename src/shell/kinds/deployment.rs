//! A Deployment in kubectl's words.

use serde_json::{json, Value};

use crate::engine::api::{Deployment, DeploymentStrategyType, IntOrString};
use crate::engine::{timestamp, Cluster};
use crate::shell::columns::Cells;
use crate::shell::kinds::{age, counts, header, template, workload_wide, Printed, WORKLOAD_WIDE};
use crate::shell::sheet::{events, http_date, Sheet};

impl Printed for Deployment {
    const COLUMNS: &'static [&'static str] = &["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"];
    const WIDE: &'static [&'static str] = WORKLOAD_WIDE;
    const GENERATION: bool = true;

    fn cells(&self, cluster: &Cluster) -> Cells {
        Cells {
            narrow: vec![
                format!(
                    "{}/{}",
                    self.status.ready_replicas,
                    self.spec.replicas.unwrap_or(1)
                ),
                self.status.updated_replicas.to_string(),
                self.status.available_replicas.to_string(),
                age(cluster, &self.metadata),
            ],
            wide: workload_wide(&self.spec.template, &self.spec.selector),
        }
    }

    fn describe(&self, cluster: &Cluster, sheet: &mut Sheet) {
        let meta = &self.metadata;
        header(sheet, true, meta);
        sheet.field("CreationTimestamp", http_date(meta.created));
        sheet.field("Selector", self.spec.selector.to_display());
        let s = &self.status;
        sheet.field(
            "Replicas",
            format!(
                "{} desired | {} updated | {} total | {} available | {} unavailable",
                self.spec.replicas.unwrap_or(1),
                s.updated_replicas,
                s.replicas,
                s.available_replicas,
                (s.replicas - s.available_replicas).max(0)
            ),
        );
        strategy(self, sheet);
        template(sheet, &self.spec.template);
        conditions(self, sheet);
        replicasets(self, cluster, sheet);
        events(sheet, cluster, &meta.uid);
    }

    fn status(&self) -> Option<Value> {
        let s = &self.status;
        let mut status = counts(
            &[
                ("availableReplicas", s.available_replicas),
                ("readyReplicas", s.ready_replicas),
                ("replicas", s.replicas),
                (
                    "unavailableReplicas",
                    (s.replicas - s.available_replicas).max(0),
                ),
                ("updatedReplicas", s.updated_replicas),
            ],
            self.metadata.generation,
        );
        let conditions: Vec<Value> = s
            .conditions
            .iter()
            .map(|c| {
                json!({
                    "lastTransitionTime": timestamp(c.last_transition),
                    "lastUpdateTime": timestamp(c.last_update),
                    "message": c.message,
                    "reason": c.reason,
                    "status": c.status,
                    "type": c.type_,
                })
            })
            .collect();
        if !conditions.is_empty() {
            status["conditions"] = json!(conditions);
        }
        Some(status)
    }
}

/// StrategyType, MinReadySeconds and the rolling update's bounds.
fn strategy(d: &Deployment, sheet: &mut Sheet) {
    let strategy = d.spec.strategy.clone().unwrap_or_default();
    sheet.field(
        "StrategyType",
        strategy
            .type_
            .unwrap_or(DeploymentStrategyType::RollingUpdate)
            .to_string(),
    );
    sheet.field(
        "MinReadySeconds",
        d.spec.min_ready_seconds.unwrap_or(0).to_string(),
    );
    if let Some(rolling) = strategy.rolling_update {
        let show = |v: Option<IntOrString>| match v {
            Some(IntOrString::Int(n)) => n.to_string(),
            Some(IntOrString::String(s)) => s,
            None => "25%".to_string(),
        };
        sheet.field(
            "RollingUpdateStrategy",
            format!(
                "{} max unavailable, {} max surge",
                show(rolling.max_unavailable),
                show(rolling.max_surge)
            ),
        );
    }
}

fn conditions(d: &Deployment, sheet: &mut Sheet) {
    if d.status.conditions.is_empty() {
        return;
    }
    sheet.raw("Conditions:");
    sheet.raw("  Type\tStatus\tReason");
    sheet.raw("  ----\t------\t------");
    for c in &d.status.conditions {
        sheet.raw(format!("  {}\t{}\t{}", c.type_, c.status, c.reason));
    }
}

/// OldReplicaSets and NewReplicaSet, each with its counts.
fn replicasets(d: &Deployment, cluster: &Cluster, sheet: &mut Sheet) {
    let meta = &d.metadata;
    let (current, _) = crate::engine::current_replicaset(meta, &d.spec.template);
    let mut old = Vec::new();
    let mut new = None;
    for rs in cluster.store().replicasets_of(meta) {
        let line = format!(
            "{} ({}/{} replicas created)",
            rs.metadata.name,
            rs.status.replicas,
            rs.spec.replicas.unwrap_or(1)
        );
        if rs.metadata.name == current {
            new = Some(line);
        } else {
            old.push(line);
        }
    }
    sheet.field(
        "OldReplicaSets",
        if old.is_empty() {
            "<none>".to_string()
        } else {
            old.join(", ")
        },
    );
    sheet.field("NewReplicaSet", new.unwrap_or_else(|| "<none>".into()));
}
