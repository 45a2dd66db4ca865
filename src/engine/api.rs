//! Kubernetes object types as kplay stores them: the spec a learner writes plus the metadata and status the cluster keeps.
//!
//! Field names follow the Kubernetes API (camelCase on the wire) so manifests decode straight into these types.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::Millis;

/// Labels, annotations and selectors: ordered, so everything printed or hashed from them is stable.
pub type Labels = BTreeMap<String, String>;

/// The kinds of object the cluster serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Kind {
    Deployment,
    ReplicaSet,
    Pod,
    Service,
    Ingress,
    Node,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Deployment,
        Kind::ReplicaSet,
        Kind::Pod,
        Kind::Service,
        Kind::Ingress,
        Kind::Node,
    ];

    /// The API group, empty for the core group.
    pub fn group(self) -> &'static str {
        match self {
            Kind::Deployment | Kind::ReplicaSet => "apps",
            Kind::Ingress => "networking.k8s.io",
            Kind::Pod | Kind::Service | Kind::Node => "",
        }
    }

    pub fn api_version(self) -> &'static str {
        match self {
            Kind::Deployment | Kind::ReplicaSet => "apps/v1",
            Kind::Ingress => "networking.k8s.io/v1",
            Kind::Pod | Kind::Service | Kind::Node => "v1",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Deployment => "Deployment",
            Kind::ReplicaSet => "ReplicaSet",
            Kind::Pod => "Pod",
            Kind::Service => "Service",
            Kind::Ingress => "Ingress",
            Kind::Node => "Node",
        }
    }

    /// The lower-case plural that kubectl accepts and that REST paths use.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Deployment => "deployments",
            Kind::ReplicaSet => "replicasets",
            Kind::Pod => "pods",
            Kind::Service => "services",
            Kind::Ingress => "ingresses",
            Kind::Node => "nodes",
        }
    }

    pub fn singular(self) -> &'static str {
        match self {
            Kind::Deployment => "deployment",
            Kind::ReplicaSet => "replicaset",
            Kind::Pod => "pod",
            Kind::Service => "service",
            Kind::Ingress => "ingress",
            Kind::Node => "node",
        }
    }

    pub fn short_names(self) -> &'static [&'static str] {
        match self {
            Kind::Deployment => &["deploy"],
            Kind::ReplicaSet => &["rs"],
            Kind::Pod => &["po"],
            Kind::Service => &["svc"],
            Kind::Ingress => &["ing"],
            Kind::Node => &["no"],
        }
    }

    /// `deployment.apps`, `pod`: how kubectl names the kind in `created` lines and multi-kind tables.
    pub fn qualified(self) -> String {
        match self.group() {
            "" => self.singular().to_string(),
            group => format!("{}.{}", self.singular(), group),
        }
    }

    /// Resolves what a learner typed after `kubectl get`: singular, plural, short name or `kind.group`, any case.
    pub fn from_resource(word: &str) -> Option<Kind> {
        let word = word.to_ascii_lowercase();
        Kind::ALL.into_iter().find(|kind| {
            word == kind.singular()
                || word == kind.plural()
                || kind.short_names().contains(&word.as_str())
                || (!kind.group().is_empty()
                    && (word == format!("{}.{}", kind.singular(), kind.group())
                        || word == format!("{}.{}", kind.plural(), kind.group())))
        })
    }

    /// Finds the kind a manifest's `apiVersion` and `kind` name, if the cluster serves it.
    pub fn from_manifest(api_version: &str, kind: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name() == kind && k.api_version() == api_version && *k != Kind::Node)
    }

    pub fn namespaced(self) -> bool {
        self != Kind::Node
    }
}

/// Metadata every object carries. The learner sets name, namespace, labels and annotations; the cluster sets the rest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectMeta {
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: Labels,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: Labels,
    #[serde(default, skip_deserializing)]
    pub uid: String,
    /// Virtual time of creation.
    #[serde(default, skip_deserializing)]
    pub created: Millis,
    /// Set when deletion has begun; the object lingers until its finalisation.
    #[serde(default, skip_deserializing)]
    pub deleted: Option<Millis>,
    #[serde(default, skip_deserializing)]
    pub generation: u64,
    #[serde(default, skip_deserializing)]
    pub owner: Option<OwnerRef>,
}

impl ObjectMeta {
    pub fn namespace(&self) -> &str {
        self.namespace.as_deref().unwrap_or("default")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerRef {
    pub kind: Kind,
    pub name: String,
    pub uid: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelector {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub match_labels: Labels,
}

impl LabelSelector {
    /// An empty selector matches nothing here: the API server rejects it for workloads, and kplay never selects
    /// every pod by accident.
    pub fn matches(&self, labels: &Labels) -> bool {
        !self.match_labels.is_empty() && selector_matches(&self.match_labels, labels)
    }
}

/// Whether every key/value of `selector` is among `labels`.
pub fn selector_matches(selector: &Labels, labels: &Labels) -> bool {
    selector
        .iter()
        .all(|(key, value)| labels.get(key) == Some(value))
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodTemplateSpec {
    #[serde(default)]
    pub metadata: TemplateMeta,
    #[serde(default)]
    pub spec: PodSpec,
}

/// The metadata a pod template may carry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateMeta {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: Labels,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: Labels,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodSpec {
    #[serde(default)]
    pub containers: Vec<Container>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub node_selector: Labels,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub image: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ContainerPort>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerPort {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub container_port: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: DeploymentSpec,
    #[serde(default, skip_deserializing)]
    pub status: WorkloadStatus,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    #[serde(default)]
    pub selector: LabelSelector,
    #[serde(default)]
    pub template: PodTemplateSpec,
}

/// The replica counts a Deployment or ReplicaSet reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadStatus {
    pub replicas: i32,
    pub updated_replicas: i32,
    pub ready_replicas: i32,
    pub available_replicas: i32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaSet {
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: ReplicaSetSpec,
    #[serde(default, skip_deserializing)]
    pub status: WorkloadStatus,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaSetSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    #[serde(default)]
    pub selector: LabelSelector,
    #[serde(default)]
    pub template: PodTemplateSpec,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pod {
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: PodSpec,
    #[serde(default, skip_deserializing)]
    pub status: PodStatus,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PodPhase {
    #[default]
    Pending,
    Running,
    Succeeded,
    Failed,
}

impl PodPhase {
    pub fn as_str(self) -> &'static str {
        match self {
            PodPhase::Pending => "Pending",
            PodPhase::Running => "Running",
            PodPhase::Succeeded => "Succeeded",
            PodPhase::Failed => "Failed",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodStatus {
    pub phase: PodPhase,
    pub ready: bool,
    /// Why the containers are not running yet, as kubectl's STATUS column shows it (`ContainerCreating`).
    pub waiting_reason: Option<String>,
    pub pod_ip: Option<String>,
    pub host_ip: Option<String>,
    pub restarts: u32,
    /// Virtual time at which the kubelet will have pulled the image and started the containers.
    pub starts_at: Option<Millis>,
}

impl Pod {
    /// What kubectl prints in the STATUS column.
    pub fn display_status(&self) -> String {
        if self.metadata.deleted.is_some() {
            return "Terminating".to_string();
        }
        match &self.status.waiting_reason {
            Some(reason) => reason.clone(),
            None => self.status.phase.as_str().to_string(),
        }
    }

    /// Ready and not on its way out: the pods a Service sends traffic to.
    pub fn is_serving(&self) -> bool {
        self.status.ready && self.metadata.deleted.is_none()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: ServiceSpec,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceSpec {
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub selector: Labels,
    #[serde(default)]
    pub ports: Vec<ServicePort>,
    #[serde(default, rename = "clusterIP", skip_serializing_if = "Option::is_none")]
    pub cluster_ip: Option<String>,
}

impl ServiceSpec {
    pub fn type_name(&self) -> &str {
        self.type_.as_deref().unwrap_or("ClusterIP")
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePort {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    pub port: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_port: Option<IntOrString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_port: Option<i32>,
}

/// A port given by number or by name, as `targetPort` allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IntOrString {
    Int(i32),
    String(String),
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ingress {
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: IngressSpec,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IngressSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingress_class_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_backend: Option<IngressBackend>,
    #[serde(default)]
    pub rules: Vec<IngressRule>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IngressRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpIngressRuleValue>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpIngressRuleValue {
    #[serde(default)]
    pub paths: Vec<HttpIngressPath>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpIngressPath {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_type: Option<String>,
    #[serde(default)]
    pub backend: IngressBackend,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IngressBackend {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<IngressServiceBackend>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IngressServiceBackend {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub port: ServiceBackendPort,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceBackendPort {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<i32>,
}

impl Ingress {
    /// Every (host, path, pathType, backend service) the Ingress routes, in manifest order.
    pub fn routes(&self) -> Vec<IngressRoute> {
        let mut routes = Vec::new();
        for rule in &self.spec.rules {
            for path in rule.http.iter().flat_map(|http| &http.paths) {
                if let Some(service) = &path.backend.service {
                    routes.push(IngressRoute {
                        host: rule.host.clone(),
                        path: path.path.clone().unwrap_or_else(|| "/".to_string()),
                        path_type: path.path_type.clone().unwrap_or_default(),
                        service: service.name.clone(),
                    });
                }
            }
        }
        routes
    }
}

/// One routing rule of an Ingress, flattened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngressRoute {
    pub host: Option<String>,
    pub path: String,
    pub path_type: String,
    pub service: String,
}

/// A machine of the cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub name: String,
    pub internal_ip: String,
    pub control_plane: bool,
    pub pod_cidr: String,
    pub ready: bool,
    pub unschedulable: bool,
    pub created: Millis,
    /// The host part of the next pod IP handed out from `pod_cidr`.
    pub next_pod_host: u8,
}

/// The ready and not-ready addresses behind one Service, as its EndpointSlice lists them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EndpointSlice {
    pub service: String,
    pub namespace: String,
    pub endpoints: Vec<Endpoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Endpoint {
    pub ip: String,
    pub pod: String,
    pub node: String,
    pub ready: bool,
}

/// Any object a manifest can hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Object {
    Deployment(Deployment),
    ReplicaSet(ReplicaSet),
    Pod(Pod),
    Service(Service),
    Ingress(Ingress),
}

impl Object {
    pub fn kind(&self) -> Kind {
        match self {
            Object::Deployment(_) => Kind::Deployment,
            Object::ReplicaSet(_) => Kind::ReplicaSet,
            Object::Pod(_) => Kind::Pod,
            Object::Service(_) => Kind::Service,
            Object::Ingress(_) => Kind::Ingress,
        }
    }

    pub fn meta(&self) -> &ObjectMeta {
        match self {
            Object::Deployment(o) => &o.metadata,
            Object::ReplicaSet(o) => &o.metadata,
            Object::Pod(o) => &o.metadata,
            Object::Service(o) => &o.metadata,
            Object::Ingress(o) => &o.metadata,
        }
    }
}
