//! What requests leave behind in the cluster: kube-proxy's and each Traefik's round-robin positions, the weighted
//! round robins of HTTPRoute rules, sessionAffinity's choices, access logs, and the requests people sent.

use std::collections::{BTreeMap, VecDeque};

use serde::{Deserialize, Serialize};

use crate::engine::traffic::logs;

/// What requests leave behind: round-robin positions and access logs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Traffic {
    /// kube-proxy's next endpoint index per Service and port index.
    pub(super) proxy_turns: BTreeMap<String, Vec<u64>>,
    /// Each ingress controller instance's (by node) next endpoint index per Service and port index.
    pub(super) ingress_turns: BTreeMap<String, BTreeMap<String, Vec<u64>>>,
    /// sessionAffinity ClientIP: the pod each client IP was sent to, per Service.
    #[serde(default)]
    pub(super) affinity: BTreeMap<String, BTreeMap<String, String>>,
    /// Access-log entries per pod (`namespace/name`).
    pub(super) logs: BTreeMap<String, VecDeque<logs::Access>>,
    /// Each weighted rule's smooth round-robin state (Traefik's WRR service), by controller node, route and rule.
    #[serde(default)]
    pub(super) weighted: BTreeMap<String, Vec<i64>>,
    /// The requests a person sent (curl, the requests panel), newest last, as lessons check them.
    #[serde(default)]
    pub(super) sent: VecDeque<SentRequest>,
}

/// The most requests `Traffic` remembers for lessons.
pub(super) const SENT_KEPT: usize = 200;

/// A request a person sent and how it ended, in the few facts a lesson's check asks about. Load tests' requests
/// (which explain nothing) are not kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentRequest {
    pub at: crate::engine::Millis,
    /// From outside the cluster (not from a pod).
    pub outside: bool,
    pub address: String,
    pub port: u16,
    pub host: String,
    pub path: String,
    /// The HTTP status, or None when no response came.
    pub status: Option<u16>,
    /// The name of the pod that answered.
    pub pod: Option<String>,
    /// The image tag of the pod that answered, as it was then (the pod may be gone after a rollout).
    #[serde(default)]
    pub version: Option<String>,
}

impl Traffic {
    pub(super) fn affinity_of(&self, service: &str, client: &str) -> Option<&str> {
        self.affinity.get(service)?.get(client).map(String::as_str)
    }

    pub(super) fn remember(&mut self, service: &str, client: String, pod: String) {
        if !self.affinity.contains_key(service) {
            self.affinity.insert(service.to_string(), BTreeMap::new());
        }
        if let Some(clients) = self.affinity.get_mut(service) {
            clients.insert(client, pod);
        }
    }

    /// The round-robin position of one balancer for one Service port, looked up without allocating once it exists.
    pub(super) fn turn(
        &mut self,
        node: Option<&str>,
        service: &str,
        port_index: usize,
    ) -> &mut u64 {
        let turns = match node {
            None => &mut self.proxy_turns,
            Some(node) => {
                if !self.ingress_turns.contains_key(node) {
                    self.ingress_turns.insert(node.to_string(), BTreeMap::new());
                }
                self.ingress_turns.get_mut(node).expect("inserted above")
            }
        };
        if !turns.contains_key(service) {
            turns.insert(service.to_string(), Vec::new());
        }
        let ports = turns.get_mut(service).expect("inserted above");
        if ports.len() <= port_index {
            ports.resize(port_index + 1, 0);
        }
        &mut ports[port_index]
    }

    /// A smooth weighted round robin over `weights` (as nginx and Traefik balance): each backend gains its weight,
    /// the one ahead is chosen and pays the total. None when every weight is 0.
    pub(super) fn weighted_pick(&mut self, key: &str, weights: &[u64]) -> Option<usize> {
        let total: i64 = weights
            .iter()
            .map(|&w| i64::try_from(w).unwrap_or(i64::MAX / 2))
            .sum();
        if total == 0 {
            return None;
        }
        if !self.weighted.contains_key(key) {
            self.weighted.insert(key.to_string(), Vec::new());
        }
        let current = self.weighted.get_mut(key).expect("inserted above");
        current.resize(weights.len(), 0);
        for (c, &w) in current.iter_mut().zip(weights) {
            *c += i64::try_from(w).unwrap_or(0);
        }
        let best = (0..weights.len())
            .filter(|&i| weights[i] > 0)
            .max_by_key(|&i| (current[i], std::cmp::Reverse(i)))?;
        current[best] -= total;
        Some(best)
    }

    /// When each request a pod served came, oldest first.
    pub fn served_at(&self, pod_key: &str) -> Vec<crate::engine::Millis> {
        self.logs
            .get(pod_key)
            .map(|l| l.iter().map(logs::Access::at).collect())
            .unwrap_or_default()
    }

    /// The requests people sent, oldest first.
    pub fn sent(&self) -> impl DoubleEndedIterator<Item = &SentRequest> {
        self.sent.iter()
    }

    /// A pod's access log, one line per request, oldest first.
    pub fn logs(&self, pod_key: &str) -> Vec<String> {
        self.logs
            .get(pod_key)
            .map(|l| l.iter().map(logs::Access::line).collect())
            .unwrap_or_default()
    }
}
