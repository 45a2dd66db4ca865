//! HTTP requests through the cluster: from outside to a node (its ingress controller on port 80, a NodePort, a
//! LoadBalancer address) or from inside a pod (a ClusterIP, a Service name, a pod IP), hop by hop, with the rule or
//! field that decided each hop, as a `Trace`.

mod ingress;
mod logs;
mod proxy;
mod responses;
mod traefik;

use std::collections::{BTreeMap, VecDeque};
use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use crate::engine::api::PodPhase;
use crate::engine::Cluster;

pub use crate::engine::traffic::ingress::IngressMode;
pub use crate::engine::traffic::responses::Response;

/// The most access-log lines a pod keeps.
pub(super) const MAX_LOG_LINES: usize = 500;

/// One HTTP request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The address and port the client connects to, and the Host header it sends.
    pub address: String,
    pub port: u16,
    pub host: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    /// The pod the request leaves from, or None for a client outside the cluster.
    pub from_pod: Option<(String, String)>,
}

/// What one hop of a request went through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    /// `client`, `node`, `controller`, `ingress`, `service`, `endpoint`, `pod`.
    pub step: String,
    /// The object it went through: `node/kplay-worker`, `ingress/nginx-ingress`...
    pub object: String,
    /// Why it went this way, in words.
    pub detail: String,
}

/// How a request ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// An HTTP response, from the pod named (None when the ingress controller answered itself).
    Answered {
        response: Response,
        pod: Option<String>,
    },
    /// Nothing listens on that address and port.
    Refused { reason: String },
    /// No answer ever comes: the address is not reachable from where the request starts.
    TimedOut { reason: String },
    /// The name does not resolve.
    UnknownHost,
}

/// A request's path through the cluster and how it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace {
    pub request: Request,
    pub hops: Vec<Hop>,
    pub outcome: Outcome,
}

/// What requests leave behind: round-robin positions and access logs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Traffic {
    /// Next endpoint index per (balancer, Service).
    turns: BTreeMap<String, u64>,
    /// Access-log lines per pod (`namespace/name`).
    logs: BTreeMap<String, VecDeque<String>>,
}

impl Traffic {
    pub fn logs(&self, pod_key: &str) -> Vec<String> {
        self.logs
            .get(pod_key)
            .map(|l| l.iter().cloned().collect())
            .unwrap_or_default()
    }
}

impl Cluster {
    /// Sends one request and records what it did (round-robin turns, access logs).
    pub(crate) fn route(&mut self, request: Request) -> Trace {
        let mut trace = Trace {
            hops: Vec::new(),
            outcome: Outcome::UnknownHost,
            request: request.clone(),
        };
        let hop = |trace: &mut Trace, step: &str, object: String, detail: String| {
            trace.hops.push(Hop {
                step: step.to_string(),
                object,
                detail,
            });
        };
        let origin = match &request.from_pod {
            Some((ns, pod)) => format!("pod/{pod} in {ns}"),
            None => "a client outside the cluster".to_string(),
        };
        hop(
            &mut trace,
            "client",
            "client".to_string(),
            format!(
                "{} http://{}:{}{} from {origin}",
                request.method, request.address, request.port, request.path
            ),
        );
        let Some(address) = self.resolve(&request) else {
            trace.outcome = Outcome::UnknownHost;
            return trace;
        };
        trace.outcome = match address {
            Address::Node(index) => self.reach_node(index, &request, &mut trace),
            Address::LoadBalancer(key) => self.reach_service_port(&key, request.port, None, &request, &mut trace),
            Address::ClusterIp(key) if request.from_pod.is_some() => {
                self.reach_service_port(&key, request.port, None, &request, &mut trace)
            }
            Address::ClusterIp(key) => Outcome::TimedOut {
                reason: format!(
                    "{} is the ClusterIP of service/{}: it is reachable only from inside the cluster; from outside, go through an Ingress, a NodePort or a LoadBalancer",
                    request.address,
                    key.rsplit('/').next().unwrap_or(&key)
                ),
            },
            Address::Pod(key) if request.from_pod.is_some() => self.reach_pod(&key, request.port, &request, &mut trace, None),
            Address::Pod(_) => Outcome::TimedOut {
                reason: format!("{} is a pod IP: pod networks are not reachable from outside the cluster", request.address),
            },
            Address::Nothing => Outcome::TimedOut { reason: format!("nothing in the cluster has the address {}", request.address) },
        };
        trace
    }

    /// What an address (or a Service DNS name, from a pod) stands for.
    fn resolve(&self, request: &Request) -> Option<Address> {
        let store = &self.store;
        let mut address = request.address.clone();
        if address.parse::<Ipv4Addr>().is_err() {
            // Service DNS: svc, svc.ns, svc.ns.svc, svc.ns.svc.cluster.local, only from inside.
            let (namespace, _) = request.from_pod.clone()?;
            let parts: Vec<&str> = address.trim_end_matches('.').split('.').collect();
            let (name, ns) = match parts.as_slice() {
                [name] => (*name, namespace.as_str()),
                [name, ns] | [name, ns, "svc"] | [name, ns, "svc", "cluster", "local"] => {
                    (*name, *ns)
                }
                _ => return None,
            };
            let service = store.services.get(&format!("{ns}/{name}"))?;
            address = service.spec.cluster_ip.clone()?;
        }
        if let Some(i) = self.nodes.iter().position(|n| n.internal_ip == address) {
            return Some(Address::Node(i));
        }
        for (key, s) in &store.services {
            if s.spec.cluster_ip.as_deref() == Some(address.as_str()) {
                return Some(Address::ClusterIp(key.clone()));
            }
            if s.load_balancer_ip.as_deref() == Some(address.as_str()) {
                return Some(Address::LoadBalancer(key.clone()));
            }
        }
        for (key, p) in &store.pods {
            if p.status.pod_ip.as_deref() == Some(address.as_str()) && p.metadata.deleted.is_none()
            {
                return Some(Address::Pod(key.clone()));
            }
        }
        Some(Address::Nothing)
    }

    /// A node's address: a hostPort (the ingress controller), a NodePort, or nothing.
    fn reach_node(&mut self, index: usize, request: &Request, trace: &mut Trace) -> Outcome {
        let node = &self.nodes[index];
        if node.stopped.is_some() {
            trace.hops.push(Hop {
                step: "node".into(),
                object: format!("node/{}", node.name),
                detail: "the machine is down".into(),
            });
            return Outcome::TimedOut {
                reason: format!(
                    "node {} is down: nothing answers at {}",
                    node.name, node.internal_ip
                ),
            };
        }
        let port = i32::from(request.port);
        let host_port_pod = self
            .store
            .pods
            .iter()
            .filter(|(_, p)| {
                p.spec.node_name.as_deref() == Some(node.name.as_str())
                    && p.metadata.deleted.is_none()
            })
            .find(|(_, p)| {
                p.spec
                    .containers
                    .iter()
                    .flat_map(|c| &c.ports)
                    .any(|cp| cp.host_port == Some(port))
            })
            .map(|(k, p)| {
                let running = p.is_serving() && p.status.phase == PodPhase::Running;
                (k.clone(), p.metadata.name.clone(), running)
            });
        let node_name = node.name.clone();
        if let Some((key, controller, running)) = host_port_pod {
            trace.hops.push(Hop {
                step: "node".into(),
                object: format!("node/{node_name}"),
                detail: format!("port {port} is the hostPort of pod/{controller}"),
            });
            if !running {
                return Outcome::Refused {
                    reason: format!("pod/{controller} holds hostPort {port} but is not running"),
                };
            }
            return self.through_ingress_controller(&key, &node_name, request, trace);
        }
        let node_port = self
            .store
            .services
            .iter()
            .find(|(_, s)| s.spec.ports.iter().any(|p| p.node_port == Some(port)))
            .map(|(k, _)| k.clone());
        if let Some(key) = node_port {
            trace.hops.push(Hop {
                step: "node".into(),
                object: format!("node/{node_name}"),
                detail: format!(
                    "port {port} is a NodePort of service/{}; kube-proxy forwards it",
                    key.rsplit('/').next().unwrap_or(&key)
                ),
            });
            return self.reach_service_port(&key, request.port, Some(&node_name), request, trace);
        }
        trace.hops.push(Hop {
            step: "node".into(),
            object: format!("node/{}", node.name),
            detail: format!("nothing listens on port {port}"),
        });
        Outcome::Refused {
            reason: format!(
                "nothing listens on {}:{port}: no hostPort and no NodePort there",
                node.internal_ip
            ),
        }
    }

    /// The pod answers if it runs and something listens on the port; the answer depends on its image.
    fn reach_pod(
        &mut self,
        key: &str,
        port: u16,
        request: &Request,
        trace: &mut Trace,
        client_ip: Option<String>,
    ) -> Outcome {
        // Borrowed, not cloned: only the access log at the end needs `self` mutably.
        let Some(pod) = self.store.pods.get(key) else {
            return Outcome::Refused {
                reason: format!("pod {key} is gone"),
            };
        };
        let name = pod.metadata.name.clone();
        let node_down = self
            .nodes
            .iter()
            .any(|n| Some(n.name.as_str()) == pod.spec.node_name.as_deref() && n.stopped.is_some());
        if node_down {
            trace.hops.push(Hop {
                step: "pod".into(),
                object: format!("pod/{name}"),
                detail: format!(
                    "its node {} is down",
                    pod.spec.node_name.clone().unwrap_or_default()
                ),
            });
            return Outcome::TimedOut {
                reason: format!("pod/{name} is on a node that is down"),
            };
        }
        if pod.status.phase != PodPhase::Running
            || pod.metadata.deleted.is_some()
            || pod.status.waiting_reason.is_some()
        {
            trace.hops.push(Hop {
                step: "pod".into(),
                object: format!("pod/{name}"),
                detail: format!("is {}: nothing answers", pod.display_status()),
            });
            return Outcome::Refused {
                reason: format!("pod/{name} is {}", pod.display_status()),
            };
        }
        let Some(container) = responses::listener(pod, port) else {
            trace.hops.push(Hop {
                step: "pod".into(),
                object: format!("pod/{name}"),
                detail: format!(
                    "nothing listens on port {port}: {}",
                    responses::listening(pod)
                ),
            });
            return Outcome::Refused {
                reason: format!("pod/{name} has nothing listening on port {port}"),
            };
        };
        let response = responses::answer(pod, &container, request, self.now);
        trace.hops.push(Hop {
            step: "pod".into(),
            object: format!("pod/{name}"),
            detail: format!(
                "container {} ({}) answered {}",
                container.name, container.image, response.status
            ),
        });
        let client = client_ip.unwrap_or_else(|| match &request.from_pod {
            Some((ns, pod)) => self
                .store
                .pods
                .get(&format!("{ns}/{pod}"))
                .and_then(|p| p.status.pod_ip.clone())
                .unwrap_or_default(),
            None => "192.168.0.1".to_string(),
        });
        self.log(key, &client, request, &response);
        Outcome::Answered {
            response,
            pod: Some(name),
        }
    }

    pub fn traffic(&self) -> &Traffic {
        &self.traffic
    }

    /// Pods of a kind of object, for requests that start inside the cluster.
    pub fn pod_ip(&self, namespace: &str, name: &str) -> Option<String> {
        self.store
            .pods
            .get(&format!("{namespace}/{name}"))
            .and_then(|p| p.status.pod_ip.clone())
    }
}

enum Address {
    Node(usize),
    ClusterIp(String),
    LoadBalancer(String),
    Pod(String),
    Nothing,
}
