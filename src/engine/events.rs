//! Kubernetes Events: what the controllers, the scheduler and the kubelets report, for `kubectl get events` and the
//! Events section of `kubectl describe`.

use serde::{Deserialize, Serialize};

use crate::engine::api::{Kind, ObjectMeta};
use crate::engine::{Cluster, Millis};

/// The most events kept; the oldest go first, as the API server lets events expire.
const MAX_EVENTS: usize = 2000;
/// How far back a repeat is looked for. The kubelet's repeats (back-offs) come close together; a bounded look keeps
/// recording cheap in a cluster of a thousand pods.
const FOLD_WINDOW: usize = 256;

/// One event, with repeats folded into a count as the event recorder does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRecord {
    pub namespace: String,
    pub kind: Kind,
    pub object: String,
    pub uid: String,
    pub warning: bool,
    pub reason: String,
    pub message: String,
    /// The component that reported it: `default-scheduler`, `kubelet`, `replicaset-controller`...
    pub source: String,
    pub first: Millis,
    pub last: Millis,
    pub count: u32,
}

impl EventRecord {
    pub fn type_name(&self) -> &'static str {
        if self.warning {
            "Warning"
        } else {
            "Normal"
        }
    }
}

/// Who reports an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    DeploymentController,
    ReplicaSetController,
    DaemonSetController,
    Scheduler,
    Kubelet,
    NodeController,
    TaintEviction,
    /// kplay itself, about its own machinery (controllers that did not settle).
    Kplay,
}

impl Source {
    fn name(self) -> &'static str {
        match self {
            Source::DeploymentController => "deployment-controller",
            Source::ReplicaSetController => "replicaset-controller",
            Source::DaemonSetController => "daemonset-controller",
            Source::Scheduler => "default-scheduler",
            Source::Kubelet => "kubelet",
            Source::NodeController => "node-controller",
            Source::TaintEviction => "taint-eviction-controller",
            Source::Kplay => "kplay",
        }
    }
}

impl Cluster {
    /// Records an event about an object; the same reason and message again only bumps the count.
    pub(crate) fn record(
        &mut self,
        kind: Kind,
        meta: &ObjectMeta,
        source: Source,
        reason: &str,
        message: String,
    ) {
        self.record_event(kind, meta, source, false, reason, message);
    }

    pub(crate) fn warn(
        &mut self,
        kind: Kind,
        meta: &ObjectMeta,
        source: Source,
        reason: &str,
        message: String,
    ) {
        self.record_event(kind, meta, source, true, reason, message);
    }

    fn record_event(
        &mut self,
        kind: Kind,
        meta: &ObjectMeta,
        source: Source,
        warning: bool,
        reason: &str,
        message: String,
    ) {
        let now = self.now;
        let events = &mut self.store.events;
        if let Some(same) = events
            .iter_mut()
            .rev()
            .take(FOLD_WINDOW)
            .find(|e| e.uid == meta.uid && e.reason == reason && e.message == message)
        {
            same.count += 1;
            same.last = now;
            return;
        }
        events.push_back(EventRecord {
            namespace: meta.namespace().to_string(),
            kind,
            object: meta.name.clone(),
            uid: meta.uid.clone(),
            warning,
            reason: reason.to_string(),
            message,
            source: source.name().to_string(),
            first: now,
            last: now,
            count: 1,
        });
        if events.len() > MAX_EVENTS {
            events.pop_front();
        }
    }
}
