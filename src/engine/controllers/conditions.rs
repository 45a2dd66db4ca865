//! A Deployment's Available and Progressing conditions, and the moment its progress deadline runs out.

use crate::engine::api::{Condition, ConditionStatus, Deployment};
use crate::engine::controllers::deployment::{current_replicaset, rolling_bounds};
use crate::engine::{Cluster, Millis};

impl Cluster {
    /// Sets the Available and Progressing conditions from the counts just computed; whether any of them changed.
    pub(super) fn deployment_conditions(&mut self) -> bool {
        let now = self.now;
        let mut changed = false;
        for d in self.store.write::<Deployment>().values_mut() {
            let (conditions, counts) = conditions(d, now);
            if d.status.conditions != conditions || d.status.observed != counts {
                d.status.conditions = conditions;
                d.status.observed = counts;
                changed = true;
            }
        }
        changed
    }

    /// The next moment a Deployment's progress deadline runs out, if one is running.
    pub(super) fn next_deadline(&self) -> Option<Millis> {
        self.store
            .deployments()
            .values()
            .filter_map(|d| {
                let progressing = d
                    .status
                    .conditions
                    .iter()
                    .find(|c| c.type_ == "Progressing")?;
                if progressing.reason != "ReplicaSetUpdated" {
                    return None;
                }
                let deadline = Millis::try_from(d.spec.progress_deadline_seconds.unwrap_or(600))
                    .unwrap_or(600)
                    * 1000;
                Some(progressing.last_update + deadline + 1)
            })
            .min()
    }
}

/// The counts a Deployment reports: replicas, updated, ready, available.
type Counts = (i32, i32, i32, i32);

/// A Deployment's Available and Progressing conditions, and the counts they were computed from.
fn conditions(d: &Deployment, now: Millis) -> (Vec<Condition>, Counts) {
    let s = &d.status;
    let counts = (
        s.replicas,
        s.updated_replicas,
        s.ready_replicas,
        s.available_replicas,
    );
    // Progress is a change of the counts; without one the last update time stays.
    let last_progress = match s.conditions.iter().find(|c| c.type_ == "Progressing") {
        Some(c) if s.observed == counts => c.last_update,
        _ => now,
    };
    let conditions = vec![
        // As the deployment controller does, an unchanged Available condition keeps its times.
        condition(&s.conditions, "Available", available(d), now, 0),
        condition(
            &s.conditions,
            "Progressing",
            progressing(d, now, last_progress),
            now,
            last_progress,
        ),
    ];
    (conditions, counts)
}

/// Available: at least desired - maxUnavailable pods are available.
fn available(d: &Deployment) -> (ConditionStatus, &'static str, String) {
    let desired = d.spec.replicas.unwrap_or(1);
    let (_, unavailable) = rolling_bounds(d, desired);
    if d.status.available_replicas >= desired - unavailable {
        (
            ConditionStatus::True,
            "MinimumReplicasAvailable",
            "Deployment has minimum availability.".to_string(),
        )
    } else {
        (
            ConditionStatus::False,
            "MinimumReplicasUnavailable",
            "Deployment does not have minimum availability.".to_string(),
        )
    }
}

/// Progressing: complete, still progressing, or stalled past progressDeadlineSeconds since the last progress.
fn progressing(
    d: &Deployment,
    now: Millis,
    last_progress: Millis,
) -> (ConditionStatus, &'static str, String) {
    let desired = d.spec.replicas.unwrap_or(1);
    let (rs_name, _) = current_replicaset(&d.metadata, &d.spec.template);
    let s = &d.status;
    let complete =
        s.updated_replicas == desired && s.replicas == desired && s.available_replicas == desired;
    let deadline =
        Millis::try_from(d.spec.progress_deadline_seconds.unwrap_or(600)).unwrap_or(600) * 1000;
    if complete {
        (
            ConditionStatus::True,
            "NewReplicaSetAvailable",
            format!("ReplicaSet \"{rs_name}\" has successfully progressed."),
        )
    } else if now.saturating_sub(last_progress) > deadline {
        (
            ConditionStatus::False,
            "ProgressDeadlineExceeded",
            format!("ReplicaSet \"{rs_name}\" has timed out progressing."),
        )
    } else {
        (
            ConditionStatus::True,
            "ReplicaSetUpdated",
            format!("ReplicaSet \"{rs_name}\" is progressing."),
        )
    }
}

/// A condition with its status, reason and message; the transition time moves only when the status changes.
fn condition(
    old: &[Condition],
    type_: &str,
    (status, reason, message): (ConditionStatus, &str, String),
    now: Millis,
    last_update: Millis,
) -> Condition {
    let before = old.iter().find(|c| c.type_ == type_);
    let last_transition = match before {
        Some(c) if c.status == status => c.last_transition,
        _ => now,
    };
    let last_update = match before {
        Some(c) if c.status == status && c.reason == reason => {
            last_update.max(c.last_update).min(now)
        }
        _ => now,
    };
    Condition {
        type_: type_.to_string(),
        status,
        reason: reason.to_string(),
        message,
        last_update,
        last_transition,
    }
}
