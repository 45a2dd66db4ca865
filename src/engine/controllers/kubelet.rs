//! The kubelets: pulling images (and backing off when a pull fails), starting containers, restarting ones that exit
//! (CrashLoopBackOff), readiness probes, and stopping deleted pods within their grace period.

use serde_json::Value;

use crate::engine::api::{Container, Kind, Pod, PodPhase};
use crate::engine::events::Source;
use crate::engine::images::{self, Pull};
use crate::engine::{Cluster, Millis};

/// How long a failed pull or an exited container shows before the kubelet backs off.
const SHOW_MILLIS: Millis = 1_000;
/// Back-off starts at ten seconds and doubles up to five minutes, as the kubelet's does.
const BACKOFF_START: Millis = 10_000;
const BACKOFF_MAX: Millis = 300_000;
/// Stopping takes the pod's grace period, shortened to at most this so a lesson need not wait 30 s.
const MAX_TERMINATION_MILLIS: Millis = 2_000;

impl Cluster {
    /// Removes pods whose termination is over and moves every pod whose moment has come; whether anything changed.
    pub(super) fn run_kubelets(&mut self) -> bool {
        let now = self.now;
        // A stopped machine's kubelet does nothing, so its deleted pods stay Terminating until it comes back.
        let down: Vec<String> = self
            .nodes
            .iter()
            .filter(|n| n.stopped.is_some())
            .map(|n| n.name.clone())
            .collect();
        let on_down_node = |pod: &Pod| {
            pod.spec
                .node_name
                .as_ref()
                .is_some_and(|n| down.contains(n))
        };
        let before = self.store.pods().len();
        self.store
            .write::<Pod>()
            .retain(|_, pod| match pod.metadata.deleted {
                Some(deleted) => {
                    on_down_node(pod)
                        || (pod.spec.node_name.is_some() && now < deleted + termination_millis(pod))
                }
                None => true,
            });
        let due: Vec<String> = self
            .store
            .pods()
            .iter()
            .filter(|(_, p)| {
                p.spec.node_name.is_some() && p.status.pod_ip.is_some() && !on_down_node(p)
            })
            .filter(|(_, p)| {
                p.metadata.deleted.is_some_and(|_| !p.status.stopping)
                    || p.status.starts_at.is_some_and(|t| t <= now) && p.metadata.deleted.is_none()
                    || p.status.ready_at.is_some_and(|t| t <= now) && !p.status.ready
            })
            .map(|(k, _)| k.clone())
            .collect();
        let mut changed = self.store.pods().len() != before;
        for key in due {
            changed |= self.kubelet_step(&key);
        }
        changed
    }

    /// The next moment a kubelet has something to do for a pod.
    pub(super) fn kubelet_due(pod: &Pod) -> Option<Millis> {
        match pod.metadata.deleted {
            Some(deleted) => Some(deleted + termination_millis(pod)),
            None => [
                pod.status.starts_at,
                pod.status.ready_at.filter(|_| !pod.status.ready),
            ]
            .into_iter()
            .flatten()
            .min(),
        }
    }

    /// One pod's next move (stop, ready, start, back off); whether the pod changed.
    fn kubelet_step(&mut self, key: &str) -> bool {
        let now = self.now;
        let Some(mut pod) = self.store.pods().get(key).cloned() else {
            return false;
        };
        let mut events = KubeletEvents::default();
        if pod.metadata.deleted.is_some() {
            pod.status.ready = false;
            pod.status.stopping = true;
            for c in &pod.spec.containers {
                events.normal("Killing", format!("Stopping container {}", c.name));
            }
        } else if pod.status.ready_at.is_some_and(|t| t <= now)
            && !pod.status.ready
            && pod.status.waiting_reason.is_none()
        {
            pod.status.ready = true;
            pod.status.ready_since = Some(now);
            pod.status.ready_at = None;
        } else {
            next_start(&mut pod, now, &mut events);
        }
        let meta = pod.metadata.clone();
        let changed = self.store.pods().get(key) != Some(&pod);
        if changed {
            self.store.write::<Pod>().insert(key.to_string(), pod);
        }
        for event in events.0 {
            if event.warning {
                self.warn(
                    Kind::Pod,
                    &meta,
                    Source::Kubelet,
                    event.reason,
                    event.message,
                );
            } else {
                self.record(
                    Kind::Pod,
                    &meta,
                    Source::Kubelet,
                    event.reason,
                    event.message,
                );
            }
        }
        changed
    }
}

/// The events one kubelet step records about a pod, in order.
#[derive(Default)]
struct KubeletEvents(Vec<KubeletEvent>);

struct KubeletEvent {
    warning: bool,
    reason: &'static str,
    message: String,
}

impl KubeletEvents {
    fn normal(&mut self, reason: &'static str, message: String) {
        self.0.push(KubeletEvent {
            warning: false,
            reason,
            message,
        });
    }

    fn warning(&mut self, reason: &'static str, message: String) {
        self.0.push(KubeletEvent {
            warning: true,
            reason,
            message,
        });
    }
}

/// What a pod that is not stopping or becoming ready does next, by what it is waiting on: a failed pull or an
/// exited container backs off, and a back-off over (or a new pod) starts again.
fn next_start(pod: &mut Pod, now: Millis, events: &mut KubeletEvents) {
    match pod.status.waiting_reason.as_deref() {
        Some("ErrImagePull") => {
            let image = failing_image(pod).unwrap_or_default();
            back_off(pod, now, "ImagePullBackOff");
            events.normal("BackOff", format!("Back-off pulling image \"{image}\""));
            events.warning("Failed", "Error: ImagePullBackOff".to_string());
        }
        Some("Completed") => {
            back_off(pod, now, "CrashLoopBackOff");
            let name = pod
                .spec
                .containers
                .iter()
                .find(|c| !images::keeps_running(c))
                .map(|c| c.name.clone());
            let meta = &pod.metadata;
            events.warning(
                "BackOff",
                format!(
                    "Back-off restarting failed container {} in pod {}_{}({})",
                    name.unwrap_or_default(),
                    meta.name,
                    meta.namespace(),
                    meta.uid
                ),
            );
        }
        Some("CrashLoopBackOff") => {
            pod.status.restarts += 1;
            start(pod, now, true, events);
        }
        Some("ImagePullBackOff") => {
            for c in &pod.spec.containers {
                events.normal("Pulling", format!("Pulling image \"{}\"", c.image));
            }
            start(pod, now, false, events);
        }
        _ => start(pod, now, false, events),
    }
}

/// The next, doubled back-off, shown as `reason` until it is over.
fn back_off(pod: &mut Pod, now: Millis, reason: &str) {
    pod.status.backoff = next_backoff(pod.status.backoff);
    pod.status.waiting_reason = Some(reason.to_string());
    pod.status.starts_at = Some(now + pod.status.backoff);
}

/// Pulls the images and starts the containers: running and (after any readiness delay) ready, or exited, or stuck
/// on a failed pull.
fn start(pod: &mut Pod, now: Millis, restart: bool, events: &mut KubeletEvents) {
    if let Some(image) = failing_image(pod) {
        let reference = images::reference(&image);
        let cause = match images::pull(&image) {
            Pull::NoSuchRepository => format!(
                "failed to pull and unpack image \"{reference}\": failed to resolve reference \"{reference}\": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed"
            ),
            _ => format!(
                "rpc error: code = NotFound desc = failed to pull and unpack image \"{reference}\": failed to resolve reference \"{reference}\": {reference}: not found"
            ),
        };
        pod.status.phase = PodPhase::Pending;
        pod.status.waiting_reason = Some("ErrImagePull".to_string());
        pod.status.starts_at = Some(now + SHOW_MILLIS);
        events.warning(
            "Failed",
            format!("Failed to pull image \"{image}\": {cause}"),
        );
        events.warning("Failed", "Error: ErrImagePull".to_string());
        return;
    }
    let pulled_in = pod
        .status
        .starts_at
        .unwrap_or(now)
        .saturating_sub(pod.metadata.created);
    for c in &pod.spec.containers {
        if restart {
            events.normal(
                "Pulled",
                format!("Container image \"{}\" already present on machine", c.image),
            );
        } else {
            let took = go_duration(pulled_in);
            events.normal(
                "Pulled",
                format!(
                    "Successfully pulled image \"{}\" in {took} ({took} including waiting). Image size: {} bytes.",
                    c.image,
                    images::size(&c.image)
                ),
            );
        }
        events.normal("Created", format!("Created container: {}", c.name));
        events.normal("Started", format!("Started container {}", c.name));
    }
    pod.status.phase = PodPhase::Running;
    pod.status.started_at = Some(now);
    if pod
        .spec
        .containers
        .iter()
        .any(|c| !images::keeps_running(c))
    {
        // The container ran to its end at once; the kubelet restarts it after a back-off.
        pod.status.waiting_reason = Some("Completed".to_string());
        pod.status.ready = false;
        pod.status.starts_at = Some(now + SHOW_MILLIS);
        return;
    }
    pod.status.waiting_reason = None;
    pod.status.starts_at = None;
    pod.status.backoff = 0;
    match pod.spec.containers.iter().filter_map(readiness_delay).max() {
        Some(delay) if delay > 0 => {
            pod.status.ready = false;
            pod.status.ready_at = Some(now + delay);
        }
        _ => {
            pod.status.ready = true;
            pod.status.ready_since = Some(now);
        }
    }
}

/// The first container image that cannot be pulled.
fn failing_image(pod: &Pod) -> Option<String> {
    pod.spec
        .containers
        .iter()
        .find(|c| images::pull(&c.image) != Pull::Ok)
        .map(|c| c.image.clone())
}

/// A readiness probe's initial delay: the container is not ready before it.
fn readiness_delay(container: &Container) -> Option<Millis> {
    let probe = container.extra.get("readinessProbe")?;
    let delay = probe
        .get("initialDelaySeconds")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    Some(delay * 1000)
}

fn next_backoff(current: Millis) -> Millis {
    if current == 0 {
        BACKOFF_START
    } else {
        (current * 2).min(BACKOFF_MAX)
    }
}

/// How long a deleted pod stays Terminating: the grace period its deletion asked for, else its own, at most two
/// seconds here.
pub(crate) fn termination_millis(pod: &Pod) -> Millis {
    let own = || {
        pod.spec
            .termination_grace_period_seconds
            .unwrap_or(30)
            .clamp(0, 3600)
    };
    let grace = pod
        .metadata
        .deletion_grace_period_seconds
        .and_then(|g| i64::try_from(g).ok())
        .unwrap_or_else(own);
    (u64::try_from(grace).unwrap_or(0) * 1000).min(MAX_TERMINATION_MILLIS)
}

/// A duration as Go prints one: `2s`, `2.1s`, `1.525s`.
fn go_duration(millis: Millis) -> String {
    let fraction = format!("{:03}", millis % 1000);
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        format!("{}s", millis / 1000)
    } else {
        format!("{}.{fraction}s", millis / 1000)
    }
}
