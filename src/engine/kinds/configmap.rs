//! A ConfigMap: named pieces of text (and base64 binary data) for pods to read. Added through the registry alone:
//! this file is the whole of the kind for the engine, `shell/kinds/configmap.rs` for kubectl's printing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::api::{decode_base64, Extra, ObjectMeta};
use crate::engine::kinds::{names, KindInfo, Stored};
use crate::engine::schema::tables::{field, OBJECT_META};
use crate::engine::schema::{Struct, Ty};
use crate::engine::store::{resource_whole, Resource, Store};
use crate::engine::validation::core::config_keys;
use crate::engine::validation::names::{object_meta, Rule};
use crate::engine::validation::{invalid, Bad, FieldError};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigMap {
    pub metadata: ObjectMeta,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub data: BTreeMap<String, String>,
    /// Base64 text, as the API carries `[]byte`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub binary_data: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub immutable: Option<bool>,
    #[serde(flatten, default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

/// `k8s.io/api/core/v1.ConfigMap`.
static CONFIG_MAP: Struct = Struct {
    go_type: "v1.ConfigMap",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("data", Ty::Map(&Ty::String)),
        field("binaryData", Ty::Map(&Ty::String)),
        field("immutable", Ty::Bool),
    ],
};

resource_whole!(ConfigMap);

impl Stored for ConfigMap {
    const INFO: KindInfo = names("ConfigMap", "", "configmaps", &["cm"], true);

    fn schema() -> &'static Struct {
        &CONFIG_MAP
    }

    /// `binaryData` is `map[string][]byte`: Go's decoder refuses text that is not base64.
    fn decoded(self) -> Result<Self, String> {
        for text in self.binary_data.values() {
            decode_base64(text)?;
        }
        Ok(self)
    }

    /// `ValidateConfigMap` and `ValidateConfigMapUpdate`.
    fn validate(&self, old: Option<&Self>, _store: &Store) -> Vec<FieldError> {
        let mut errs = object_meta(&self.metadata, Rule::Subdomain, true);
        config_keys(self.data.keys(), "data", &mut errs);
        config_keys(self.binary_data.keys(), "binaryData", &mut errs);
        for key in self.data.keys().filter(|k| self.binary_data.contains_key(*k)) {
            errs.push(invalid(
                format!("data[{key}]"),
                Bad::Str(key.clone()),
                "duplicate of key present in binaryData",
            ));
        }
        if let Some(old) = old.filter(|old| old.immutable == Some(true)) {
            immutable(self, old, &mut errs);
        }
        errs
    }
}

/// An immutable ConfigMap keeps its data and stays immutable.
fn immutable(new: &ConfigMap, old: &ConfigMap, errs: &mut Vec<FieldError>) {
    let forbidden = |field: &str| FieldError::Forbidden {
        field: field.to_string(),
        detail: "field is immutable when `immutable` is set".to_string(),
    };
    if new.immutable != Some(true) {
        errs.push(forbidden("immutable"));
    }
    if new.data != old.data {
        errs.push(forbidden("data"));
    }
    if new.binary_data != old.binary_data {
        errs.push(forbidden("binaryData"));
    }
}
