//! What the panels around the topology list: the addresses a request can be sent to, and the state summary that
//! `window.kplay.state()` returns. Plain data, tested natively.

use serde::Serialize;

use crate::engine::api::{Ingress, Node, Pod, Protocol, Service};
use crate::engine::traffic::{why, Msg, Outcome, TlsFailure, Trace, Why};
use crate::engine::{Cluster, Store};

/// An address a learner can send a request to from outside the cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    /// What the menu shows: `192.168.0.11:80 (kplay-worker)`.
    pub label: String,
    pub address: String,
    pub port: u16,
}

/// Every way in from outside: each worker on port 80 (where an ingress controller's hostPort listens), each
/// NodePort on each worker, and each LoadBalancer address.
pub fn targets(cluster: &Cluster) -> Vec<Target> {
    let workers: Vec<_> = cluster
        .nodes()
        .iter()
        .filter(|n| !n.control_plane)
        .collect();
    let mut out: Vec<Target> = workers
        .iter()
        .map(|n| Target {
            label: format!("{}:80 ({})", n.internal_ip, n.name),
            address: n.internal_ip.clone(),
            port: 80,
        })
        .collect();
    for service in cluster.store().services().values() {
        for port in &service.spec.ports {
            let (Some(node_port), Ok(port_number)) = (port.node_port, u16::try_from(port.port))
            else {
                continue;
            };
            if let Ok(node_port) = u16::try_from(node_port) {
                for n in &workers {
                    out.push(Target {
                        label: format!(
                            "{}:{node_port} (NodePort {})",
                            n.internal_ip, service.metadata.name
                        ),
                        address: n.internal_ip.clone(),
                        port: node_port,
                    });
                }
            }
            if let Some(ip) = &service.load_balancer_ip {
                out.push(Target {
                    label: format!(
                        "{ip}:{port_number} (LoadBalancer {})",
                        service.metadata.name
                    ),
                    address: ip.clone(),
                    port: port_number,
                });
            }
        }
    }
    out
}

/// How a request ended, for the page to say in its own language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Ending {
    Answered,
    Refused,
    TimedOut,
    UnknownHost,
    HandshakeFailed,
}

/// How one request ended, in the few words a results list shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestSummary {
    pub method: String,
    pub url: String,
    /// The HTTP status, or None when no response came.
    pub status: Option<u16>,
    pub ending: Ending,
    /// `200 OK`, `connection refused`, `timed out`, `unknown host`, `TLS handshake failed`.
    pub result: String,
    /// The pod that answered.
    pub pod: Option<String>,
    /// The answering pod's image tag, to tell versions apart during a rollout.
    pub version: Option<String>,
    /// Why the request ended where it did, when it did not reach a pod (in JSON, in English).
    #[serde(serialize_with = "english")]
    pub reason: Option<Why>,
}

/// An explanation as its English text.
fn english<S: serde::Serializer>(why: &Option<Why>, serializer: S) -> Result<S::Ok, S::Error> {
    match why {
        Some(why) => serializer.serialize_str(&why.to_string()),
        None => serializer.serialize_none(),
    }
}

impl RequestSummary {
    pub fn of(cluster: &Cluster, trace: &Trace) -> RequestSummary {
        let r = &trace.request;
        let (ending, response, pod, reason) = match &trace.outcome {
            Outcome::Answered { response, pod } => {
                (Ending::Answered, Some(response), pod.clone(), None)
            }
            Outcome::Refused { reason } => (Ending::Refused, None, None, Some(reason.clone())),
            Outcome::TimedOut { reason } => (Ending::TimedOut, None, None, Some(reason.clone())),
            Outcome::UnknownHost => (Ending::UnknownHost, None, None, None),
            Outcome::HandshakeFailed(failure) => {
                let why = match failure {
                    TlsFailure::WrongVersion => why!(Msg::HandshakePlainHttp),
                    TlsFailure::SelfSigned => why!(Msg::SelfSigned),
                    TlsFailure::NameMismatch { host } => why!(Msg::NameMismatch, host),
                };
                (Ending::HandshakeFailed, None, None, Some(why))
            }
        };
        let result = match (ending, response) {
            (_, Some(response)) => format!("{} {}", response.status, response.reason),
            (Ending::Refused, _) => "connection refused".to_string(),
            (Ending::TimedOut, _) => "timed out".to_string(),
            (Ending::UnknownHost, _) => "unknown host".to_string(),
            _ => "TLS handshake failed".to_string(),
        };
        let status = response.map(|r| r.status);
        let version = pod.as_ref().and_then(|name| {
            let pod = cluster
                .store()
                .pods()
                .values()
                .find(|p| &p.metadata.name == name)?;
            let image = &pod.spec.containers.first()?.image;
            Some(
                image
                    .rsplit_once(':')
                    .map_or("latest", |(_, tag)| tag)
                    .to_string(),
            )
        });
        RequestSummary {
            method: r.method.clone(),
            url: format!("http://{}:{}{}", r.host, r.port, r.path),
            ending,
            status,
            result,
            pod,
            version,
            reason,
        }
    }
}

/// The state summary for automation (`window.kplay.state()`): nodes, pods with phase, readiness and node,
/// services, ingresses and the last request, as JSON.
pub fn summary(cluster: &Cluster, last_request: Option<&RequestSummary>) -> serde_json::Value {
    let store = cluster.store();
    let nodes: Vec<NodeState> = cluster.nodes().iter().map(NodeState::of).collect();
    let pods = pods_summary(cluster);
    let services: Vec<ServiceState> = store
        .services()
        .values()
        .map(|s| ServiceState::of(store, s))
        .collect();
    let ingresses: Vec<IngressState> = store.ingresses().values().map(IngressState::of).collect();
    serde_json::json!({
        "time": cluster.now(),
        "nodes": nodes,
        "pods": pods,
        "services": services,
        "ingresses": ingresses,
        "lastRequest": last_request,
    })
}

/// Every pod with its phase, status, readiness, node and address, as `summary` lists them (the embed's `pods` event).
pub fn pods_summary(cluster: &Cluster) -> serde_json::Value {
    let pods: Vec<PodState> = cluster.store().pods().values().map(PodState::of).collect();
    serde_json::to_value(pods).unwrap_or_default()
}

#[derive(Debug, Serialize)]
struct NodeState {
    name: String,
    ip: String,
    role: &'static str,
    ready: bool,
    schedulable: bool,
}

impl NodeState {
    fn of(n: &Node) -> NodeState {
        NodeState {
            name: n.name.clone(),
            ip: n.internal_ip.clone(),
            role: if n.control_plane {
                "control-plane"
            } else {
                "worker"
            },
            ready: n.ready,
            schedulable: !n.unschedulable,
        }
    }
}

#[derive(Debug, Serialize)]
struct PodState {
    namespace: String,
    name: String,
    phase: String,
    status: String,
    ready: bool,
    node: Option<String>,
    ip: Option<String>,
}

impl PodState {
    fn of(p: &Pod) -> PodState {
        PodState {
            namespace: p.metadata.namespace().to_string(),
            name: p.metadata.name.clone(),
            phase: format!("{:?}", p.status.phase),
            status: p.display_status(),
            ready: p.status.ready,
            node: p.spec.node_name.clone(),
            ip: p.status.pod_ip.clone(),
        }
    }
}

#[derive(Debug, Serialize)]
struct ServiceState {
    name: String,
    namespace: String,
    #[serde(rename = "type")]
    type_: String,
    cluster_ip: Option<String>,
    ports: Vec<String>,
    endpoints: usize,
}

impl ServiceState {
    fn of(store: &Store, s: &Service) -> ServiceState {
        ServiceState {
            name: s.metadata.name.clone(),
            namespace: s.metadata.namespace().to_string(),
            type_: s.spec.service_type().to_string(),
            cluster_ip: s.spec.cluster_ip.clone(),
            ports: s
                .spec
                .ports
                .iter()
                .map(|p| {
                    format!(
                        "{}/{}",
                        p.port,
                        p.protocol.as_ref().unwrap_or(&Protocol::TCP)
                    )
                })
                .collect(),
            endpoints: store
                .endpoints
                .get(&format!("{}/{}", s.metadata.namespace(), s.metadata.name))
                .map_or(0, |slice| {
                    slice.endpoints.iter().filter(|e| e.ready).count()
                }),
        }
    }
}

#[derive(Debug, Serialize)]
struct IngressState {
    name: String,
    namespace: String,
    rules: Vec<String>,
}

impl IngressState {
    fn of(i: &Ingress) -> IngressState {
        IngressState {
            name: i.metadata.name.clone(),
            namespace: i.metadata.namespace().to_string(),
            rules: i
                .routes()
                .iter()
                .map(|r| {
                    format!(
                        "{}{} ({}) -> {}",
                        r.host.as_deref().unwrap_or("*"),
                        r.path,
                        r.path_type_name(),
                        r.service
                    )
                })
                .collect(),
        }
    }
}
