//! The Deployment controller: a ReplicaSet per pod template, rolling updates within maxSurge and maxUnavailable (or
//! Recreate), revision numbers for `rollout history`, and the Available and Progressing conditions.

use crate::engine::api::{
    Condition, Deployment, IntOrString, Kind, ObjectMeta, ReplicaSet, ReplicaSetSpec,
};
use crate::engine::controllers::{owned_by, owner_ref, POD_TEMPLATE_HASH};
use crate::engine::events::Source;
use crate::engine::store::{init_meta, key};
use crate::engine::{names, Cluster, Millis};

/// The annotation in which the Deployment controller numbers ReplicaSets, for `kubectl rollout history`.
pub const REVISION: &str = "deployment.kubernetes.io/revision";

impl Cluster {
    /// Moves every Deployment one step toward its desired state.
    pub(super) fn sync_deployments(&mut self) {
        let deployments: Vec<Deployment> = self.store.deployments.values().cloned().collect();
        for deployment in deployments {
            self.sync_deployment(&deployment);
        }
    }

    fn sync_deployment(&mut self, deployment: &Deployment) {
        let meta = &deployment.metadata;
        let namespace = meta.namespace().to_string();
        let (new_name, hash) = current_replicaset(meta, &deployment.spec.template);
        let new_key = key(&namespace, &new_name);
        let desired = deployment.spec.replicas.unwrap_or(1);

        let mut owned: Vec<ReplicaSet> = self
            .store
            .replicasets
            .values()
            .filter(|rs| owned_by(&rs.metadata, meta))
            .cloned()
            .collect();
        owned.sort_by_key(|rs| (rs.metadata.created, rs.metadata.name.clone()));
        let newest = owned
            .iter()
            .map(|rs| revision(&rs.metadata))
            .max()
            .unwrap_or(0);
        if !owned.iter().any(|rs| rs.metadata.name == new_name) {
            let rs = self.new_replicaset(deployment, new_name.clone(), hash, newest + 1);
            owned.push(rs);
        } else if let Some(rs) = self.store.replicasets.get_mut(&new_key) {
            rs.spec.min_ready_seconds = deployment.spec.min_ready_seconds;
            // Rolling back to an older template makes its ReplicaSet the newest revision again.
            let own = revision(&rs.metadata);
            if own == 0 || own < newest {
                set_revision(&mut rs.metadata, newest + 1);
            }
        }
        let mut replicas: Vec<(String, i32, i32)> = owned
            .iter()
            .map(|rs| {
                let r = rs.spec.replicas.unwrap_or(1);
                (rs.metadata.name.clone(), r, r)
            })
            .collect();
        let available = |name: &str| {
            owned
                .iter()
                .find(|rs| rs.metadata.name == name)
                .map_or(0, |rs| rs.status.available_replicas)
        };
        let new_index = replicas
            .iter()
            .position(|(n, _, _)| *n == new_name)
            .unwrap_or(0);
        let recreate = deployment
            .spec
            .strategy
            .as_ref()
            .and_then(|s| s.type_.as_deref())
            == Some("Recreate");
        if recreate {
            // Recreate: every old pod goes first; the new ReplicaSet scales up once none is left.
            for (i, r) in replicas.iter_mut().enumerate() {
                if i != new_index {
                    r.2 = 0;
                }
            }
            let old_uids: Vec<&str> = owned
                .iter()
                .filter(|rs| rs.metadata.name != new_name)
                .map(|rs| rs.metadata.uid.as_str())
                .collect();
            let old_pods_left = self.store.pods.values().any(|p| {
                p.metadata
                    .owner
                    .as_ref()
                    .is_some_and(|o| old_uids.contains(&o.uid.as_str()))
            });
            replicas[new_index].2 = if old_pods_left { 0 } else { desired };
        } else {
            let (surge, unavailable) = rolling_bounds(deployment, desired);
            // Scale the new ReplicaSet up, never past desired + maxSurge pods in all.
            let total: i32 = replicas.iter().map(|r| r.2).sum();
            let current = replicas[new_index].2;
            if current < desired {
                let room = (desired + surge - total).max(0);
                replicas[new_index].2 = current + room.min(desired - current);
            } else if current > desired {
                replicas[new_index].2 = desired;
            }
            // Scale old ReplicaSets down, never below desired - maxUnavailable available pods.
            let old_total: i32 = replicas
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != new_index)
                .map(|(_, r)| r.2)
                .sum();
            if old_total > 0 {
                let all: i32 = replicas.iter().map(|r| r.2).sum();
                let min_available = desired - unavailable;
                let new_unavailable = replicas[new_index].2 - available(&new_name);
                let mut budget = all - min_available - new_unavailable;
                // First the old pods that are not available anyway.
                for (i, r) in replicas.iter_mut().enumerate() {
                    if i == new_index || budget <= 0 {
                        continue;
                    }
                    let unhealthy = (r.2 - available(&r.0)).max(0);
                    let cut = unhealthy.min(budget).min(r.2);
                    r.2 -= cut;
                    budget -= cut;
                }
                // Then available ones, as far as the availability floor allows.
                let available_total: i32 = replicas.iter().map(|r| available(&r.0).min(r.2)).sum();
                let mut room = available_total - min_available;
                for (i, r) in replicas.iter_mut().enumerate() {
                    if i == new_index || room <= 0 {
                        continue;
                    }
                    let cut = r.2.min(room);
                    r.2 -= cut;
                    room -= cut;
                }
            }
        }
        for (name, before, after) in replicas {
            if before == after {
                continue;
            }
            if let Some(rs) = self.store.replicasets.get_mut(&key(&namespace, &name)) {
                rs.spec.replicas = Some(after);
            }
            let direction = if after > before { "up" } else { "down" };
            self.record(
                Kind::Deployment,
                meta,
                Source::DeploymentController,
                "ScalingReplicaSet",
                format!("Scaled {direction} replica set {name} from {before} to {after}"),
            );
        }
        let current = self
            .store
            .replicasets
            .get(&new_key)
            .map_or(newest + 1, |rs| revision(&rs.metadata));
        if let Some(d) = self.store.deployments.get_mut(&key(&namespace, &meta.name)) {
            set_revision(&mut d.metadata, current);
        }
    }

    /// The ReplicaSet for a Deployment's current template, with no pods yet: its labels and selector carry the
    /// template's hash.
    fn new_replicaset(
        &mut self,
        deployment: &Deployment,
        name: String,
        hash: String,
        revision: u64,
    ) -> ReplicaSet {
        let meta = &deployment.metadata;
        let namespace = meta.namespace().to_string();
        let mut template = deployment.spec.template.clone();
        template
            .metadata
            .labels
            .insert(POD_TEMPLATE_HASH.to_string(), hash.clone());
        let mut selector = deployment.spec.selector.clone();
        selector
            .match_labels
            .insert(POD_TEMPLATE_HASH.to_string(), hash);
        let mut metadata = ObjectMeta {
            name,
            namespace: Some(namespace.clone()),
            labels: template.metadata.labels.clone(),
            owner: Some(owner_ref(Kind::Deployment, meta)),
            ..ObjectMeta::default()
        };
        set_revision(&mut metadata, revision);
        init_meta(&mut metadata, self.now, &mut self.rng);
        let rs = ReplicaSet {
            metadata,
            spec: ReplicaSetSpec {
                replicas: Some(0),
                selector,
                template,
                min_ready_seconds: deployment.spec.min_ready_seconds,
            },
            status: Default::default(),
        };
        self.store
            .replicasets
            .insert(key(&namespace, &rs.metadata.name), rs.clone());
        rs
    }

    /// Sets the Available and Progressing conditions from the counts just computed.
    pub(super) fn deployment_conditions(&mut self) {
        let now = self.now;
        let names: Vec<String> = self.store.deployments.keys().cloned().collect();
        for k in names {
            let Some(d) = self.store.deployments.get(&k) else {
                continue;
            };
            let desired = d.spec.replicas.unwrap_or(1);
            let (_, unavailable) = rolling_bounds(d, desired);
            let (rs_name, _) = current_replicaset(&d.metadata, &d.spec.template);
            let s = &d.status;
            let complete = s.updated_replicas == desired
                && s.replicas == desired
                && s.available_replicas == desired;
            let deadline = Millis::try_from(d.spec.progress_deadline_seconds.unwrap_or(600))
                .unwrap_or(600)
                * 1000;
            let available = if s.available_replicas >= desired - unavailable {
                (
                    "True",
                    "MinimumReplicasAvailable",
                    "Deployment has minimum availability.".to_string(),
                )
            } else {
                (
                    "False",
                    "MinimumReplicasUnavailable",
                    "Deployment does not have minimum availability.".to_string(),
                )
            };
            let old = d
                .status
                .conditions
                .iter()
                .find(|c| c.type_ == "Progressing")
                .cloned();
            let counts = (
                s.replicas,
                s.updated_replicas,
                s.ready_replicas,
                s.available_replicas,
            );
            let progressed = d.status.observed != counts;
            let last_progress = match &old {
                Some(c) if !progressed => c.last_update,
                _ => now,
            };
            let progressing = if complete {
                (
                    "True",
                    "NewReplicaSetAvailable",
                    format!("ReplicaSet \"{rs_name}\" has successfully progressed."),
                )
            } else if now.saturating_sub(last_progress) > deadline {
                (
                    "False",
                    "ProgressDeadlineExceeded",
                    format!("ReplicaSet \"{rs_name}\" has timed out progressing."),
                )
            } else {
                (
                    "True",
                    "ReplicaSetUpdated",
                    format!("ReplicaSet \"{rs_name}\" is progressing."),
                )
            };
            let updated = vec![
                condition(&d.status.conditions, "Available", available, now, now),
                condition(
                    &d.status.conditions,
                    "Progressing",
                    progressing,
                    now,
                    last_progress,
                ),
            ];
            if let Some(d) = self.store.deployments.get_mut(&k) {
                d.status.conditions = updated;
                d.status.observed = counts;
            }
        }
    }

    /// The next moment a Deployment's progress deadline runs out, if one is running.
    pub(super) fn next_deadline(&self) -> Option<Millis> {
        self.store
            .deployments
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

/// A condition with its status, reason and message; the transition time moves only when the status changes.
fn condition(
    old: &[Condition],
    type_: &str,
    (status, reason, message): (&str, &str, String),
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
        status: status.to_string(),
        reason: reason.to_string(),
        message,
        last_update,
        last_transition,
    }
}

/// maxSurge (rounded up) and maxUnavailable (rounded down) in pods; both zero would stall, so unavailable becomes 1.
pub(crate) fn rolling_bounds(deployment: &Deployment, desired: i32) -> (i32, i32) {
    let rolling = deployment
        .spec
        .strategy
        .as_ref()
        .and_then(|s| s.rolling_update.clone())
        .unwrap_or_default();
    let desired64 = i64::from(desired.max(0));
    // Values past `desired` change nothing (no ReplicaSet ever wants more than `desired`), so they are clamped,
    // which also keeps the arithmetic below from overflowing.
    let resolve = |value: Option<&IntOrString>, up: bool| -> i32 {
        let pods = match value {
            Some(IntOrString::Int(n)) => i64::from(*n),
            Some(IntOrString::String(s)) => {
                let percent: i64 = s
                    .trim_end_matches('%')
                    .parse()
                    .unwrap_or(25)
                    .clamp(0, 100_000);
                let scaled = desired64 * percent;
                if up {
                    (scaled + 99) / 100
                } else {
                    scaled / 100
                }
            }
            None => {
                let scaled = desired64 * 25;
                if up {
                    (scaled + 99) / 100
                } else {
                    scaled / 100
                }
            }
        };
        i32::try_from(pods.clamp(0, desired64)).unwrap_or(0)
    };
    let surge = resolve(rolling.max_surge.as_ref(), true);
    let unavailable = resolve(rolling.max_unavailable.as_ref(), false);
    if surge == 0 && unavailable == 0 {
        (0, 1)
    } else {
        (surge, unavailable)
    }
}

/// The name of the ReplicaSet that runs a Deployment's current pod template, and the template's hash.
pub fn current_replicaset(
    deployment: &ObjectMeta,
    template: &crate::engine::api::PodTemplateSpec,
) -> (String, String) {
    let canonical = serde_json::to_string(template).unwrap_or_default();
    let hash = names::pod_template_hash(&canonical);
    (format!("{}-{}", deployment.name, hash), hash)
}

pub(crate) fn revision(meta: &ObjectMeta) -> u64 {
    meta.annotations
        .get(REVISION)
        .and_then(|r| r.parse().ok())
        .unwrap_or(0)
}

fn set_revision(meta: &mut ObjectMeta, revision: u64) {
    meta.annotations
        .insert(REVISION.to_string(), revision.to_string());
}
