//! Kubernetes object types as kplay stores them: the spec a learner writes plus the metadata and status the cluster keeps.
//!
//! Field names follow the Kubernetes API (camelCase on the wire) so manifests decode straight into these types. Fields
//! kplay does not model are kept in each type's `extra` map.

// First, so the modules below can use `string_enum!`.
#[macro_use]
mod string_enum;
pub(crate) use self::string_enum::string_enum;

mod cluster;
mod network;
mod workloads;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::kinds::{self, names, stored_kinds, KindInfo};
use crate::engine::Millis;

pub use crate::engine::api::cluster::{
    decode_base64, encode_base64, ClusterRole, ClusterRoleBinding, Namespace, Node, PolicyRule,
    RoleRef, Secret, ServiceAccount, Subject, Taint, TaintEffect,
};
pub use crate::engine::api::network::{
    Endpoint, EndpointSlice, HttpIngressPath, HttpIngressRuleValue, Ingress, IngressBackend,
    IngressClass, IngressClassSpec, IngressRoute, IngressRule, IngressServiceBackend, IngressSpec,
    IngressTls, LoadBalancerIngress, PathType, Protocol, Service, ServiceBackendPort, ServicePort,
    ServiceSpec, ServiceType, SessionAffinity, TrafficPolicy,
};
pub use crate::engine::api::workloads::{
    Condition, ConditionStatus, Container, ContainerPort, DaemonSet, DaemonSetSpec,
    DaemonSetUpdateStrategy, DaemonSetUpdateStrategyType, Deployment, DeploymentSpec,
    DeploymentStrategy, DeploymentStrategyType, Pod, PodPhase, PodSpec, PodStatus, PodTemplateSpec,
    ReplicaSet, ReplicaSetSpec, RestartPolicy, RollingUpdate, TemplateMeta, Toleration,
    TolerationOperator, WorkloadStatus,
};

/// Labels, annotations and selectors: ordered, so everything printed or hashed from them is stable.
pub type Labels = BTreeMap<String, String>;

macro_rules! kind_enums {
    ($($variant:ident($type:ty) $field:ident $module:ident,)*) => {
        /// The kinds of object the cluster serves: those of the registry (`engine::kinds`), then those the cluster
        /// keeps itself.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum Kind {
            $($variant,)*
            Node,
            Endpoints,
            EndpointSlice,
            Event,
        }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$variant,)* Kind::Node, Kind::Endpoints, Kind::EndpointSlice, Kind::Event];
        }

        /// Any object a manifest can hold.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub enum Object {
            $($variant($type),)*
        }

        impl Object {
            pub fn kind(&self) -> Kind {
                match self {
                    $(Object::$variant(_) => Kind::$variant,)*
                }
            }

            pub fn meta(&self) -> &ObjectMeta {
                match self {
                    $(Object::$variant(o) => &o.metadata,)*
                }
            }

            pub fn meta_mut(&mut self) -> &mut ObjectMeta {
                match self {
                    $(Object::$variant(o) => &mut o.metadata,)*
                }
            }
        }
    };
}

stored_kinds!(kind_enums);

impl Kind {
    fn info(self) -> KindInfo {
        if let Some(info) = kinds::info(self) {
            return info;
        }
        match self {
            Kind::Node => names("Node", "", "nodes", &["no"], false),
            Kind::Endpoints => names("Endpoints", "", "endpoints", &["ep"], true),
            Kind::EndpointSlice => names(
                "EndpointSlice",
                "discovery.k8s.io",
                "endpointslices",
                &[],
                true,
            ),
            _ => names("Event", "", "events", &["ev"], true),
        }
    }

    /// The API group, empty for the core group.
    pub fn group(self) -> &'static str {
        self.info().group
    }

    pub fn api_version(self) -> String {
        match self.group() {
            "" => self.info().version.to_string(),
            group => format!("{group}/{}", self.info().version),
        }
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The lower-case plural that kubectl accepts and that REST paths use.
    pub fn plural(self) -> &'static str {
        self.info().plural
    }

    pub fn singular(self) -> String {
        match self {
            Kind::Endpoints => "endpoints".to_string(),
            _ => self.name().to_ascii_lowercase(),
        }
    }

    pub fn short_names(self) -> &'static [&'static str] {
        self.info().short
    }

    pub fn namespaced(self) -> bool {
        self.info().namespaced
    }

    /// `deployment.apps`, `pod`: how kubectl names the kind in `created` lines and multi-kind tables.
    pub fn qualified(self) -> String {
        match self.group() {
            "" => self.singular(),
            group => format!("{}.{}", self.singular(), group),
        }
    }

    /// Resolves what a learner typed after `kubectl get`: singular, plural, short name or `kind.group`, any case.
    pub fn from_resource(word: &str) -> Option<Kind> {
        let word = word.to_ascii_lowercase();
        let (base, group) = match word.split_once('.') {
            Some((base, group)) => (base, Some(group)),
            None => (word.as_str(), None),
        };
        Kind::ALL.iter().copied().find(|kind| {
            let named = base == kind.singular()
                || base == kind.plural()
                || kind.short_names().contains(&base);
            named
                && group.is_none_or(|g| g == kind.group() || (kind.group().is_empty() && g == "v1"))
        })
    }

    /// Whether learners create objects of this kind; nodes and endpoints are kept by the cluster itself.
    pub fn written_by_learners(self) -> bool {
        !matches!(
            self,
            Kind::Node | Kind::Endpoints | Kind::EndpointSlice | Kind::Event
        )
    }

    /// Finds the kind a manifest's `apiVersion` and `kind` name, if the cluster serves it.
    pub fn from_manifest(api_version: &str, kind: &str) -> Option<Kind> {
        Kind::ALL
            .iter()
            .copied()
            .find(|k| k.name() == kind && k.api_version() == api_version)
    }
}

/// A typed reference to one object: its kind, its namespace (empty for cluster-scoped kinds) and its name. What the
/// engine hands to the shell, the scene and the UI instead of a `kind/name` string they would have to split again.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ObjectRef {
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
}

impl ObjectRef {
    /// A reference to `name` of `kind`; the namespace is dropped for cluster-scoped kinds.
    pub fn new(kind: Kind, namespace: &str, name: &str) -> ObjectRef {
        ObjectRef {
            kind,
            namespace: if kind.namespaced() {
                namespace.to_string()
            } else {
                String::new()
            },
            name: name.to_string(),
        }
    }

    /// The store key of the object (`namespace/name`, or `/name` for cluster-scoped kinds).
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
}

/// `pod/nginx-deployment-6b7f-x2x9z`: as kubectl names an object in its output.
impl std::fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.kind.singular(), self.name)
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
    /// The grace period `kubectl delete --grace-period`, `--now` or `--force` asked for, in seconds; None keeps the
    /// pod's own.
    #[serde(default, skip_serializing_if = "Option::is_none", skip_deserializing)]
    pub deletion_grace_period_seconds: Option<u64>,
    #[serde(default, skip_deserializing)]
    pub generation: u64,
    /// Bumped by the store on every write, as etcd's revision is.
    #[serde(default, skip_deserializing)]
    pub resource_version: u64,
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
#[serde(rename_all = "camelCase", from = "SelectorFields")]
pub struct LabelSelector {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub match_labels: Labels,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub match_expressions: Vec<LabelSelectorRequirement>,
    /// Whether the manifest wrote a selector at all: `selector: {}` is refused as empty, a missing one as required.
    #[serde(skip)]
    pub given: bool,
}

/// A selector as a manifest writes it; read into a `LabelSelector` that knows it was given.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SelectorFields {
    #[serde(default)]
    match_labels: Labels,
    #[serde(default)]
    match_expressions: Vec<LabelSelectorRequirement>,
}

impl From<SelectorFields> for LabelSelector {
    fn from(fields: SelectorFields) -> LabelSelector {
        LabelSelector {
            match_labels: fields.match_labels,
            match_expressions: fields.match_expressions,
            given: true,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelectorRequirement {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub operator: SelectorOperator,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

string_enum! {
    /// How a `matchExpressions` requirement compares a label with its values.
    SelectorOperator { In, NotIn, Exists, DoesNotExist }
}

/// An operator left out reads as the empty string, Go's zero value.
impl Default for SelectorOperator {
    fn default() -> SelectorOperator {
        SelectorOperator::Other(String::new())
    }
}

impl LabelSelector {
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    /// An empty selector matches nothing here: the API server rejects it for workloads, and kplay never selects
    /// every pod by accident.
    pub fn matches(&self, labels: &Labels) -> bool {
        !self.is_empty()
            && selector_matches(&self.match_labels, labels)
            && self.match_expressions.iter().all(|r| {
                let value = labels.get(&r.key);
                match r.operator {
                    SelectorOperator::In => value.is_some_and(|v| r.values.contains(v)),
                    SelectorOperator::NotIn => value.is_none_or(|v| !r.values.contains(v)),
                    SelectorOperator::Exists => value.is_some(),
                    SelectorOperator::DoesNotExist => value.is_none(),
                    SelectorOperator::Other(_) => false,
                }
            })
    }

    /// `app=nginx,tier in (web)`: as kubectl prints a selector.
    pub fn to_display(&self) -> String {
        let mut parts: Vec<String> = self
            .match_labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        for r in &self.match_expressions {
            parts.push(match &r.operator {
                SelectorOperator::Exists => r.key.clone(),
                SelectorOperator::DoesNotExist => format!("!{}", r.key),
                op => format!(
                    "{} {} ({})",
                    r.key,
                    op.as_str().to_ascii_lowercase(),
                    r.values.join(",")
                ),
            });
        }
        parts.join(",")
    }
}

/// Whether every key/value of `selector` is among `labels`.
pub fn selector_matches(selector: &Labels, labels: &Labels) -> bool {
    selector
        .iter()
        .all(|(key, value)| labels.get(key) == Some(value))
}

/// A port or a count given by number or by name or percentage, as `targetPort` and `maxSurge` allow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IntOrString {
    Int(i32),
    String(String),
}

/// Fields kplay does not model, kept as written so nothing the learner wrote is lost and `-o yaml` shows them.
pub type Extra = BTreeMap<String, serde_json::Value>;
