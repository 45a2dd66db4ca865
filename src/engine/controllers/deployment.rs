//! The Deployment controller: a ReplicaSet per pod template, rolling updates within maxSurge and maxUnavailable (or
//! Recreate), and revision numbers for `rollout history`. Its conditions are in `conditions.rs`.

use crate::engine::api::{
    Deployment, DeploymentStrategyType, IntOrString, Kind, ObjectMeta, ReplicaSet, ReplicaSetSpec,
};
use crate::engine::controllers::{owned_by, owner_ref, POD_TEMPLATE_HASH};
use crate::engine::events::Source;
use crate::engine::order;
use crate::engine::store::{init_meta, key};
use crate::engine::{names, Cluster};

/// The annotation in which the Deployment controller numbers ReplicaSets, for `kubectl rollout history`.
pub const REVISION: &str = "deployment.kubernetes.io/revision";

/// One ReplicaSet of a Deployment as a sync step sees it: the replicas it has, the replicas this step gives it, and
/// how many of its pods are available.
struct Scale {
    name: String,
    before: i32,
    after: i32,
    available: i32,
}

impl Scale {
    /// Pods that count against the rollout's availability but are not available.
    fn unavailable(&self) -> i32 {
        (self.after - self.available).max(0)
    }
}

/// The ReplicaSets of one Deployment during a sync, oldest first, and which of them runs the current template.
struct Plan {
    scales: Vec<Scale>,
    current: usize,
}

impl Plan {
    fn total(&self) -> i32 {
        self.scales.iter().map(|s| s.after).sum()
    }

    /// The old ReplicaSets (every one but the current), to scale down.
    fn old_mut(&mut self) -> impl Iterator<Item = &mut Scale> {
        let current = self.current;
        self.scales
            .iter_mut()
            .enumerate()
            .filter(move |(i, _)| *i != current)
            .map(|(_, s)| s)
    }
}

impl Cluster {
    /// Moves every Deployment one step toward its desired state; whether any of them changed.
    pub(super) fn sync_deployments(&mut self) -> bool {
        let deployments: Vec<Deployment> = self.store.deployments().values().cloned().collect();
        let mut changed = false;
        for deployment in deployments {
            changed |= self.sync_deployment(&deployment);
        }
        changed
    }

    /// One Deployment: its current ReplicaSet exists and is the newest revision, then every ReplicaSet is scaled by
    /// the strategy's rules.
    fn sync_deployment(&mut self, deployment: &Deployment) -> bool {
        let meta = &deployment.metadata;
        let namespace = meta.namespace();
        let (new_name, hash) = current_replicaset(meta, &deployment.spec.template);
        let mut owned: Vec<ReplicaSet> = self
            .store
            .replicasets()
            .values()
            .filter(|rs| owned_by(&rs.metadata, meta))
            .cloned()
            .collect();
        order::sort_by(&mut owned, |a, b| {
            (a.metadata.created, &a.metadata.name).cmp(&(b.metadata.created, &b.metadata.name))
        });
        let newest = owned
            .iter()
            .map(|rs| revision(&rs.metadata))
            .max()
            .unwrap_or(0);
        let mut changed = false;
        if !owned.iter().any(|rs| rs.metadata.name == new_name) {
            let rs = self.new_replicaset(deployment, new_name.clone(), hash, newest + 1);
            owned.push(rs);
            changed = true;
        } else {
            changed |= self.refresh_current(deployment, &new_name, newest);
        }
        let current = owned
            .iter()
            .position(|rs| rs.metadata.name == new_name)
            .unwrap_or(0);
        let mut plan = Plan {
            scales: owned
                .iter()
                .map(|rs| {
                    let replicas = rs.spec.replicas.unwrap_or(1);
                    Scale {
                        name: rs.metadata.name.clone(),
                        before: replicas,
                        after: replicas,
                        available: rs.status.available_replicas,
                    }
                })
                .collect(),
            current,
        };
        let desired = deployment.spec.replicas.unwrap_or(1);
        if recreates(deployment) {
            let old_pods_left = self.old_pods_left(&owned, &new_name);
            plan_recreate(&mut plan, desired, old_pods_left);
        } else {
            let (surge, unavailable) = rolling_bounds(deployment, desired);
            plan_rolling(&mut plan, desired, surge, unavailable);
        }
        changed |= self.scale_replicasets(meta, &plan);
        let revision_now = self
            .store
            .replicasets()
            .get(&key(namespace, &new_name))
            .map_or(newest + 1, |rs| revision(&rs.metadata));
        if let Some(d) = self
            .store
            .write::<Deployment>()
            .get_mut(&key(namespace, &meta.name))
        {
            changed |= set_revision(&mut d.metadata, revision_now);
        }
        changed
    }

    /// Keeps the current ReplicaSet's minReadySeconds with the Deployment's, and makes it the newest revision again
    /// when a rollback brought its template back.
    fn refresh_current(&mut self, deployment: &Deployment, name: &str, newest: u64) -> bool {
        let Some(rs) = self
            .store
            .write::<ReplicaSet>()
            .get_mut(&key(deployment.metadata.namespace(), name))
        else {
            return false;
        };
        let mut changed = false;
        if rs.spec.min_ready_seconds != deployment.spec.min_ready_seconds {
            rs.spec.min_ready_seconds = deployment.spec.min_ready_seconds;
            changed = true;
        }
        let own = revision(&rs.metadata);
        if own == 0 || own < newest {
            changed |= set_revision(&mut rs.metadata, newest + 1);
        }
        changed
    }

    /// Whether any pod of the Deployment's old ReplicaSets is still there, terminating or not.
    fn old_pods_left(&self, owned: &[ReplicaSet], current: &str) -> bool {
        let old_uids: Vec<&str> = owned
            .iter()
            .filter(|rs| rs.metadata.name != current)
            .map(|rs| rs.metadata.uid.as_str())
            .collect();
        self.store.pods().values().any(|p| {
            p.metadata
                .owner
                .as_ref()
                .is_some_and(|o| old_uids.contains(&o.uid.as_str()))
        })
    }

    /// Writes the planned replica counts, with the ScalingReplicaSet event for each ReplicaSet that changes.
    fn scale_replicasets(&mut self, meta: &ObjectMeta, plan: &Plan) -> bool {
        let mut changed = false;
        for scale in plan.scales.iter().filter(|s| s.before != s.after) {
            let (name, before, after) = (&scale.name, scale.before, scale.after);
            if let Some(rs) = self
                .store
                .write::<ReplicaSet>()
                .get_mut(&key(meta.namespace(), name))
            {
                rs.spec.replicas = Some(after);
                changed = true;
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
        changed
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
            .write::<ReplicaSet>()
            .insert(key(&namespace, &rs.metadata.name), rs.clone());
        rs
    }
}

/// Whether a Deployment replaces its pods with the Recreate strategy rather than rolling.
fn recreates(deployment: &Deployment) -> bool {
    deployment
        .spec
        .strategy
        .as_ref()
        .and_then(|s| s.type_.as_ref())
        == Some(&DeploymentStrategyType::Recreate)
}

/// Recreate: every old pod goes first; the new ReplicaSet scales up once none is left.
fn plan_recreate(plan: &mut Plan, desired: i32, old_pods_left: bool) {
    for old in plan.old_mut() {
        old.after = 0;
    }
    plan.scales[plan.current].after = if old_pods_left { 0 } else { desired };
}

/// A rolling update: the new ReplicaSet grows within maxSurge, the old ones shrink within maxUnavailable.
fn plan_rolling(plan: &mut Plan, desired: i32, surge: i32, unavailable: i32) {
    // Scale the new ReplicaSet up, never past desired + maxSurge pods in all.
    let total = plan.total();
    let new = &mut plan.scales[plan.current];
    if new.after < desired {
        let room = (desired + surge - total).max(0);
        new.after += room.min(desired - new.after);
    } else if new.after > desired {
        new.after = desired;
    }
    let new_unavailable = new.after - new.available;
    // Scale old ReplicaSets down, never below desired - maxUnavailable available pods.
    let old_total: i32 = plan.old_mut().map(|s| s.after).sum();
    if old_total <= 0 {
        return;
    }
    let min_available = desired - unavailable;
    let mut budget = plan.total() - min_available - new_unavailable;
    // First the old pods that are not available anyway.
    for old in plan.old_mut() {
        if budget <= 0 {
            break;
        }
        let cut = old.unavailable().min(budget).min(old.after);
        old.after -= cut;
        budget -= cut;
    }
    // Then available ones, as far as the availability floor allows.
    let available_total: i32 = plan.scales.iter().map(|s| s.available.min(s.after)).sum();
    let mut room = available_total - min_available;
    for old in plan.old_mut() {
        if room <= 0 {
            break;
        }
        let cut = old.after.min(room);
        old.after -= cut;
        room -= cut;
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

/// Sets the revision annotation; whether it changed.
fn set_revision(meta: &mut ObjectMeta, revision: u64) -> bool {
    let value = revision.to_string();
    if meta.annotations.get(REVISION) == Some(&value) {
        return false;
    }
    meta.annotations.insert(REVISION.to_string(), value);
    true
}
