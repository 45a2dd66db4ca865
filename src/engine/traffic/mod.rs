//! HTTP requests through the cluster: from outside to a node (its ingress controller on port 80, a NodePort, a
//! LoadBalancer address) or from inside a pod (a ClusterIP, a Service name, a pod IP), hop by hop, with the rule or
//! field that decided each hop, as a `Trace`.

mod gateway;
mod gateway_filters;
mod ingress;
mod logs;
pub use logs::bootcamp_lines;
mod nodes;
mod pods;
mod proxy;
mod responses;
mod state;
use state::SENT_KEPT;
pub use state::{SentRequest, Traffic};
mod rules;
mod status;
mod tls;
pub(crate) mod traefik;

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use crate::engine::api::{Kind, ObjectMeta, ObjectRef};
use crate::engine::traffic::nodes::Address;
use crate::engine::Cluster;

pub use crate::engine::traffic::logs::LOAD_AGENT;
pub use crate::engine::traffic::responses::{HeaderValue, Response};
pub(crate) use crate::engine::traffic::rules::host_matches;
pub use crate::engine::traffic::rules::IngressMode;
pub use crate::engine::traffic::tls::Certificate;
pub(crate) use crate::engine::why::why;
pub use crate::engine::why::{Arg, Msg, Why};

/// The address requests from outside the cluster come from.
const OUTSIDE_CLIENT: Ipv4Addr = Ipv4Addr::new(192, 168, 0, 1);

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
    pub from_pod: Option<PodRef>,
    /// Whether the trace explains each hop (curl, the UI) or only says how the request ended (load tests).
    pub explain: bool,
    /// The TLS client side of an `https://` request; None for plain HTTP.
    pub tls: Option<TlsClient>,
}

/// What the client brings to a TLS handshake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsClient {
    /// The host name sent as SNI: the URL's host when it is a name, not an address.
    pub server_name: Option<String>,
    /// The URL's host, which the certificate must cover.
    pub verify_host: String,
    /// None: the certificate is not checked (`curl -k`). Some: the PEM certificates trusted (`--cacert`); a
    /// self-signed certificate is trusted only when it is one of them.
    pub trust: Option<Vec<String>>,
}

/// What one hop of a request went through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    pub step: HopStep,
    /// The object it went through.
    pub object: HopObject,
    /// Why it went this way.
    pub why: Why,
}

/// Which part of the path a hop is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HopStep {
    /// Where the request starts: outside the cluster or in a pod.
    Client,
    /// A node's address: a hostPort, a NodePort, or nothing.
    Node,
    /// The ingress controller taking the request on an entry point.
    Controller,
    /// The Ingress rule (or default backend) the controller chose.
    Ingress,
    /// A Service choosing one of its endpoints.
    Service,
    /// The chosen endpoint's address and port.
    Endpoint,
    /// The pod that answers, or does not.
    Pod,
    /// A remark beside the path: a rule another reading would choose, an Ingress the controller ignores.
    Note,
    /// The TLS handshake at the ingress controller.
    Tls,
    /// A Gateway's listener taking the request (Gateway API).
    Gateway,
    /// The HTTPRoute rule (and backend by weight) the request takes.
    Route,
    /// A filter of that rule: a redirect, a rewrite, header changes.
    Filter,
}

impl HopStep {
    /// The step as curl's trace and the page's `data-step` name it: `client`, `node`, `controller`...
    pub fn as_str(self) -> &'static str {
        match self {
            HopStep::Client => "client",
            HopStep::Node => "node",
            HopStep::Controller => "controller",
            HopStep::Ingress => "ingress",
            HopStep::Service => "service",
            HopStep::Endpoint => "endpoint",
            HopStep::Pod => "pod",
            HopStep::Note => "note",
            HopStep::Tls => "tls",
            HopStep::Gateway => "gateway",
            HopStep::Route => "route",
            HopStep::Filter => "filter",
        }
    }
}

impl std::fmt::Display for HopStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a hop went through: the client, the ingress controller as a whole, or one object.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HopObject {
    /// The client the request starts from (`client`).
    Client,
    /// The ingress controller itself, for what no one object decides, such as its default certificate
    /// (`controller`).
    Controller,
    /// The controller's Ingress rules together, when no one Ingress decides (`ingress`).
    Ingresses,
    /// A node, pod, Ingress, Service or Secret (`pod/NAME`, as kubectl names it).
    Object(ObjectRef),
}

impl HopObject {
    /// The object `name` of `kind` in `namespace` (ignored for cluster-scoped kinds).
    pub(crate) fn named(kind: Kind, namespace: &str, name: &str) -> HopObject {
        HopObject::Object(ObjectRef::new(kind, namespace, name))
    }

    /// The object a stored object's metadata describes.
    pub(crate) fn of(kind: Kind, meta: &ObjectMeta) -> HopObject {
        HopObject::named(kind, meta.namespace(), &meta.name)
    }

    /// The object, when the hop went through one.
    pub fn object(&self) -> Option<&ObjectRef> {
        match self {
            HopObject::Object(object) => Some(object),
            HopObject::Client | HopObject::Controller | HopObject::Ingresses => None,
        }
    }
}

impl std::fmt::Display for HopObject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HopObject::Client => f.write_str("client"),
            HopObject::Controller => f.write_str("controller"),
            HopObject::Ingresses => f.write_str("ingress"),
            HopObject::Object(object) => object.fmt(f),
        }
    }
}

/// The pod a request leaves from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodRef {
    pub namespace: String,
    pub name: String,
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
    Refused { reason: Why },
    /// No answer ever comes: the address is not reachable from where the request starts.
    TimedOut { reason: Why },
    /// The name does not resolve.
    UnknownHost,
    /// The TLS handshake failed.
    HandshakeFailed(TlsFailure),
}

/// Why a TLS handshake failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsFailure {
    /// The server answered the handshake with plain HTTP.
    WrongVersion,
    /// The certificate is self-signed and the client does not trust it.
    SelfSigned,
    /// The certificate does not cover the host name the client asked for.
    NameMismatch { host: String },
}

/// A request's path through the cluster and how it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace {
    pub request: Request,
    pub hops: Vec<Hop>,
    pub outcome: Outcome,
    /// The certificate the server presented, for a TLS request that got that far.
    pub certificate: Option<Certificate>,
}

/// The hops of a request being routed. Their texts are written only when the request asks for an explanation, so a
/// load test routes without formatting a word.
pub(super) struct Hops {
    explain: bool,
    list: Vec<Hop>,
    /// The certificate presented in the TLS handshake, kept whether or not the hops are explained.
    certificate: Option<Certificate>,
    /// Whether a TLS request's encryption ended at the ingress controller, which speaks plain HTTP to pods.
    tls_terminated: bool,
    /// Whether the request already went through the ingress controller (so an Ingress that points back at Traefik
    /// does not loop).
    through_controller: bool,
}

impl Hops {
    /// Adds a hop: the step, the object it went through and why, each built only when explaining.
    pub(super) fn push(
        &mut self,
        step: HopStep,
        object: impl FnOnce() -> HopObject,
        why: impl FnOnce() -> Why,
    ) {
        if self.explain {
            self.list.push(Hop {
                step,
                object: object(),
                why: why(),
            });
        }
    }

    /// Whether the hops are being written, for explanations that cost more than a format.
    pub(super) fn explaining(&self) -> bool {
        self.explain
    }
}

impl Cluster {
    /// Sends one request and records what it did (round-robin turns, access logs).
    pub(crate) fn route(&mut self, request: Request) -> Trace {
        let mut hops = Hops {
            explain: request.explain,
            list: Vec::new(),
            certificate: None,
            tls_terminated: false,
            through_controller: false,
        };
        hops.push(
            HopStep::Client,
            || HopObject::Client,
            || {
                let scheme = if request.tls.is_some() {
                    "https"
                } else {
                    "http"
                };
                let (method, address, port, path) = (
                    &request.method,
                    &request.address,
                    request.port,
                    &request.path,
                );
                match &request.from_pod {
                    Some(pod) => {
                        why!(
                            Msg::ClientFromPod,
                            method,
                            scheme,
                            address,
                            port,
                            path,
                            &pod.name,
                            &pod.namespace
                        )
                    }
                    None => why!(Msg::ClientOutside, method, scheme, address, port, path),
                }
            },
        );
        let outcome = match self.resolve(&request) {
            None => Outcome::UnknownHost,
            Some(Address::Node(index)) => self.reach_node(index, &request, &mut hops),
            Some(Address::LoadBalancer(key)) => {
                self.reach_service_port(&key, request.port, None, &request, &mut hops)
            }
            Some(Address::ClusterIp(key)) if request.from_pod.is_some() => {
                self.reach_service_port(&key, request.port, None, &request, &mut hops)
            }
            Some(Address::ClusterIp(key)) => Outcome::TimedOut {
                reason: why!(
                    Msg::ClusterIpFromOutside,
                    &request.address,
                    self.store
                        .services()
                        .get(&key)
                        .map_or("", |s| s.metadata.name.as_str())
                ),
            },
            Some(Address::Pod(key)) if request.from_pod.is_some() => {
                self.reach_pod(&key, request.port, &request, &mut hops, None)
            }
            Some(Address::Pod(_)) => Outcome::TimedOut {
                reason: why!(Msg::PodIpFromOutside, &request.address),
            },
            Some(Address::Nothing) => Outcome::TimedOut {
                reason: why!(Msg::NoSuchAddress, &request.address),
            },
        };
        if request.explain {
            self.remember_sent(&request, &outcome);
        }
        Trace {
            request,
            hops: hops.list,
            outcome,
            certificate: hops.certificate,
        }
    }

    fn remember_sent(&mut self, request: &Request, outcome: &Outcome) {
        let (status, pod) = match outcome {
            Outcome::Answered { response, pod } => (Some(response.status), pod.clone()),
            _ => (None, None),
        };
        let version = pod.as_deref().and_then(|name| {
            let pod = self
                .store
                .pods()
                .values()
                .find(|p| p.metadata.name == name)?;
            let image = &pod.spec.containers.first()?.image;
            Some(crate::engine::images::split(image).1.to_string())
        });
        let sent = &mut self.traffic.sent;
        if sent.len() >= SENT_KEPT {
            sent.pop_front();
        }
        sent.push_back(SentRequest {
            at: self.now,
            outside: request.from_pod.is_none(),
            address: request.address.clone(),
            port: request.port,
            host: request.host.clone(),
            path: request.path.clone(),
            status,
            pod,
            version,
        });
    }

    pub fn traffic(&self) -> &Traffic {
        &self.traffic
    }

    /// Pods of a kind of object, for requests that start inside the cluster.
    pub fn pod_ip(&self, namespace: &str, name: &str) -> Option<String> {
        self.store
            .pods()
            .get(&format!("{namespace}/{name}"))
            .and_then(|p| p.status.pod_ip.clone())
    }
}
