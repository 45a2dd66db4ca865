//! Cluster-scoped and access-control objects: Nodes, Namespaces, ServiceAccounts, Secrets and RBAC.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::api::{Extra, Labels, ObjectMeta};
use crate::engine::Millis;

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
    pub labels: Labels,
    pub taints: Vec<Taint>,
    pub uid: String,
    /// When the machine stopped (its kubelet stopped reporting), if it is down.
    #[serde(default)]
    pub stopped: Option<Millis>,
    /// When the node controller marked it NotReady.
    #[serde(default)]
    pub not_ready_since: Option<Millis>,
}

impl Node {
    /// The node as an object's metadata, for events about it.
    pub fn meta(&self) -> ObjectMeta {
        ObjectMeta {
            name: self.name.clone(),
            uid: self.uid.clone(),
            created: self.created,
            labels: self.labels.clone(),
            ..ObjectMeta::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Taint {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub effect: TaintEffect,
}

string_enum! {
    /// What a taint does to pods that do not tolerate it: not scheduled there, scheduled there only if nothing
    /// else fits, or evicted as well.
    TaintEffect { NoSchedule, PreferNoSchedule, NoExecute }
}

impl TaintEffect {
    /// The effects that keep a new pod off a node.
    pub fn blocks_scheduling(&self) -> bool {
        matches!(self, TaintEffect::NoSchedule | TaintEffect::NoExecute)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Namespace {
    pub metadata: ObjectMeta,
    #[serde(flatten, default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceAccount {
    pub metadata: ObjectMeta,
    #[serde(flatten, default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

/// A Secret. `data` holds base64 text, as the API does; `stringData` is folded into it when the object is stored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Secret {
    pub metadata: ObjectMeta,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub data: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub string_data: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub immutable: Option<bool>,
    #[serde(flatten, default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

/// Go's standard base64 decoding, with its error message.
pub fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| match e {
            base64::DecodeError::InvalidByte(at, _)
            | base64::DecodeError::InvalidLastSymbol(at, _) => {
                format!("illegal base64 data at input byte {at}")
            }
            _ => format!("illegal base64 data at input byte {}", text.len()),
        })
}

pub fn encode_base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

impl Secret {
    /// A key of `data`, decoded; None when missing or not base64.
    pub fn value(&self, key: &str) -> Option<String> {
        let bytes = decode_base64(self.data.get(key)?).ok()?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// The type, `Opaque` when none is given.
    pub fn type_name(&self) -> &str {
        self.type_.as_deref().unwrap_or("Opaque")
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterRole {
    pub metadata: ObjectMeta,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<PolicyRule>,
    #[serde(flatten, default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyRule {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub api_groups: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub verbs: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resource_names: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterRoleBinding {
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub role_ref: RoleRef,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<Subject>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleRef {
    #[serde(default)]
    pub api_group: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Subject {
    #[serde(default)]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_group: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}
