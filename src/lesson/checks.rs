//! The predicates a lesson's checks are written in, and their evaluation on the cluster. A check reads the state
//! (objects, their status, endpoints, nodes, the requests people sent), never the lines typed, so every correct way
//! of doing a step passes. `docs/lessons.md` documents each one.

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::engine::api::{selector_matches, Labels};
use crate::engine::{Cluster, Millis};

/// One predicate, written in a lesson as `- deployment: {name: web, available: 3}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Check {
    /// A Deployment exists, with these replica counts and image.
    Deployment(DeploymentCheck),
    /// The pods a selector picks: how many, how many ready.
    Pods(PodsCheck),
    /// Since the step began, a pod the selector picks went away and a new one, ready, took its place.
    PodReplaced(Selected),
    /// A Service exists, of this type and with this port.
    Service(ServiceCheck),
    /// A Service's endpoints: how many are ready.
    Endpoints(EndpointsCheck),
    /// An Ingress sends a host and path to a Service port.
    Ingress(IngressCheck),
    /// Since the step began, someone sent a request that ended like this.
    Request(RequestCheck),
    /// A node is ready or not, schedulable or not.
    Node(NodeCheck),
    /// A Secret exists, of this type.
    Secret(SecretCheck),
    /// A CustomResourceDefinition is installed (`gateways.gateway.networking.k8s.io`).
    Crd(CrdCheck),
    /// A Gateway exists, and its controller programmed it.
    Gateway(GatewayCheck),
    /// An HTTPRoute exists, a Gateway's controller accepted it, and it sends to a Service (with a weight).
    HttpRoute(HttpRouteCheck),
}

fn default_namespace() -> String {
    "default".to_string()
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeploymentCheck {
    pub name: String,
    #[serde(default = "default_namespace")]
    pub namespace: String,
    pub replicas: Option<i32>,
    pub available: Option<i32>,
    /// Every container of the pod template runs this image (the whole reference, `nginx:1.16.1`).
    pub image: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PodsCheck {
    /// `key=value[,key=value]`.
    pub selector: String,
    #[serde(default = "default_namespace")]
    pub namespace: String,
    pub count: Option<usize>,
    pub ready: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Selected {
    pub selector: String,
    #[serde(default = "default_namespace")]
    pub namespace: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceCheck {
    pub name: String,
    #[serde(default = "default_namespace")]
    pub namespace: String,
    /// ClusterIP, NodePort, LoadBalancer or ExternalName.
    #[serde(rename = "type")]
    pub service_type: Option<String>,
    pub port: Option<i32>,
    /// The port's targetPort, as written (a number or a name).
    pub target_port: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EndpointsCheck {
    pub service: String,
    #[serde(default = "default_namespace")]
    pub namespace: String,
    pub ready: usize,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IngressCheck {
    pub name: String,
    #[serde(default = "default_namespace")]
    pub namespace: String,
    /// The rule's host; without it, any rule.
    pub host: Option<String>,
    pub path: String,
    /// `Prefix`, `Exact` or `ImplementationSpecific`, as written.
    pub path_type: Option<String>,
    pub service: String,
    pub port: Option<i32>,
    /// Its `tls` names this Secret for the host (HTTPS terminated by the ingress controller).
    pub tls_secret: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RequestCheck {
    /// The port it was sent to (80 for a worker's ingress controller, a NodePort...).
    pub port: Option<u16>,
    /// The Host header it carried.
    pub host: Option<String>,
    pub path: Option<String>,
    /// The address it was sent to (a node's, a LoadBalancer's).
    pub address: Option<String>,
    /// The HTTP status it got.
    pub status: Option<u16>,
    /// It was answered by a pod this Service selects.
    pub service: Option<String>,
    /// It came from outside the cluster (true unless said otherwise).
    #[serde(default = "yes")]
    pub outside: bool,
    /// Pods of each of these image tags answered one of the requests (a rollout seen from outside).
    #[serde(default)]
    pub versions: Vec<String>,
    /// At least this many different pods answered the matching requests (traffic spread over replicas).
    pub answered_by: Option<usize>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeCheck {
    pub name: String,
    pub ready: Option<bool>,
    pub schedulable: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SecretCheck {
    pub name: String,
    #[serde(default = "default_namespace")]
    pub namespace: String,
    #[serde(rename = "type")]
    pub secret_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CrdCheck {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GatewayCheck {
    pub name: String,
    #[serde(default = "default_namespace")]
    pub namespace: String,
    /// Its `Programmed` condition is True.
    #[serde(default)]
    pub programmed: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpRouteCheck {
    pub name: String,
    #[serde(default = "default_namespace")]
    pub namespace: String,
    /// A parent's `Accepted` condition is True.
    #[serde(default)]
    pub accepted: bool,
    /// One of its rules sends to this Service.
    pub backend: Option<String>,
    /// With this weight.
    pub weight: Option<i32>,
}

/// What a step's checks compare with: the moment it began and the pods there were.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    pub at: Millis,
    pub pods: BTreeSet<String>,
}

impl Baseline {
    pub fn of(cluster: &Cluster) -> Baseline {
        Baseline {
            at: cluster.now(),
            pods: crate::engine::order::set_from(cluster.store().pods().keys().cloned()),
        }
    }
}

/// The part of a check that is not yet true, to tell the learner: what was looked at, what is wanted, what is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmet {
    /// `deployment/nginx-deployment`, `pods app=nginx`, `requests`...
    pub subject: String,
    pub what: Aspect,
    pub want: String,
    /// None: the object does not exist (or nothing has happened yet).
    pub have: Option<String>,
}

/// Which property of the subject a check found wanting; `i18n` names each in Japanese.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aspect {
    Exists,
    Replicas,
    Available,
    Image,
    Count,
    Ready,
    Replaced,
    Type,
    Port,
    TargetPort,
    Route,
    Tls,
    Request,
    Versions,
    Spread,
    Schedulable,
    Programmed,
    Accepted,
    Backend,
}

impl Aspect {
    pub fn as_str(self) -> &'static str {
        match self {
            Aspect::Exists => "exists",
            Aspect::Replicas => "replicas",
            Aspect::Available => "available replicas",
            Aspect::Image => "image",
            Aspect::Count => "count",
            Aspect::Ready => "ready",
            Aspect::Replaced => "replaced",
            Aspect::Type => "type",
            Aspect::Port => "port",
            Aspect::TargetPort => "targetPort",
            Aspect::Route => "route",
            Aspect::Tls => "tls",
            Aspect::Request => "request",
            Aspect::Versions => "versions answering",
            Aspect::Spread => "pods answering",
            Aspect::Schedulable => "schedulable",
            Aspect::Programmed => "Programmed",
            Aspect::Accepted => "Accepted",
            Aspect::Backend => "backend",
        }
    }
}

impl std::fmt::Display for Unmet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.what, &self.have) {
            (Aspect::Exists, _) => write!(f, "{} does not exist yet", self.subject),
            (_, Some(have)) => write!(
                f,
                "{}: {} is {have}, wanted {}",
                self.subject,
                self.what.as_str(),
                self.want
            ),
            (_, None) => write!(
                f,
                "{}: no {} yet ({})",
                self.subject,
                self.what.as_str(),
                self.want
            ),
        }
    }
}

impl Check {
    /// What deserialising cannot check: selectors that parse.
    pub(super) fn check(&self) -> Result<(), String> {
        match self {
            Check::Pods(PodsCheck { selector, .. })
            | Check::PodReplaced(Selected { selector, .. }) => parse_selector(selector).map(|_| ()),
            _ => Ok(()),
        }
    }
}

/// `app=nginx,tier=web` as labels; an empty selector or a part without `=` is an error.
fn parse_selector(text: &str) -> Result<Labels, String> {
    let mut labels = Labels::new();
    for part in text.split(',') {
        let (key, value) = part
            .split_once('=')
            .filter(|(k, _)| !k.trim().is_empty())
            .ok_or_else(|| format!("selector {text:?}: each part is key=value"))?;
        labels.insert(key.trim().to_string(), value.trim().to_string());
    }
    Ok(labels)
}

/// Whether the check holds; if not, the first part that does not.
pub fn evaluate(check: &Check, cluster: &Cluster, baseline: &Baseline) -> Result<(), Unmet> {
    match check {
        Check::Deployment(c) => super::checks_objects::deployment(c, cluster),
        Check::Pods(c) => super::checks_objects::pods(c, cluster),
        Check::PodReplaced(c) => super::checks_objects::pod_replaced(c, cluster, baseline),
        Check::Service(c) => super::checks_objects::service(c, cluster),
        Check::Endpoints(c) => super::checks_objects::endpoints(c, cluster),
        Check::Ingress(c) => super::checks_objects::ingress(c, cluster),
        Check::Request(c) => super::checks_traffic::request(c, cluster, baseline),
        Check::Node(c) => super::checks_objects::node(c, cluster),
        Check::Secret(c) => super::checks_objects::secret(c, cluster),
        Check::Crd(c) => super::checks_gateway::crd(c, cluster),
        Check::Gateway(c) => super::checks_gateway::gateway(c, cluster),
        Check::HttpRoute(c) => super::checks_gateway::http_route(c, cluster),
    }
}

/// The labels a selector written in a lesson stands for (already checked when the lesson loaded).
pub(super) fn selector(text: &str) -> Labels {
    parse_selector(text).unwrap_or_default()
}

/// Whether a pod's labels match a selector written in a lesson.
pub(super) fn picks(selector_text: &str, labels: &Labels) -> bool {
    selector_matches(&selector(selector_text), labels)
}
