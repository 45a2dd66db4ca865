//! The registry of kinds learners write: one line per kind in [`stored_kinds!`], and one file per kind beside this
//! one saying what the kind is (its API names, schema, extra decoding checks, defaults and validation). The `Kind`
//! and `Object` enums, the store's maps and every per-kind dispatch of the engine and the shell are generated from
//! the list, so the compiler finds every place a new kind must fill in. ARCHITECTURE.md's "Adding a kind" walks
//! through it.

use rand_chacha::ChaCha8Rng;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::engine::api::{Kind, Object, ObjectRef};
use crate::engine::schema::Struct;
use crate::engine::store::{Resource, Store, Table};
use crate::engine::validation::FieldError;
use crate::engine::Millis;

/// Calls `$m!` with every kind learners write, as `Variant(type) field module`: the `Kind` and `Object` variant, the
/// Rust type that holds the object, the store's map for it, and the name of the kind's own file, both here (what the
/// kind is) and in `shell/kinds/` (how kubectl prints it). The order is the order of `Kind::ALL`.
macro_rules! stored_kinds {
    ($m:ident) => {
        $m! {
            Deployment(crate::engine::api::Deployment) deployments deployment,
            ReplicaSet(crate::engine::api::ReplicaSet) replicasets replicaset,
            DaemonSet(crate::engine::api::DaemonSet) daemonsets daemonset,
            Pod(crate::engine::api::Pod) pods pod,
            Service(crate::engine::api::Service) services service,
            Ingress(crate::engine::api::Ingress) ingresses ingress,
            IngressClass(crate::engine::api::IngressClass) ingressclasses ingressclass,
            Namespace(crate::engine::api::Namespace) namespaces namespace,
            ServiceAccount(crate::engine::api::ServiceAccount) serviceaccounts serviceaccount,
            Secret(crate::engine::api::Secret) secrets secret,
            ConfigMap(crate::engine::kinds::configmap::ConfigMap) configmaps configmap,
            ClusterRole(crate::engine::api::ClusterRole) clusterroles clusterrole,
            ClusterRoleBinding(crate::engine::api::ClusterRoleBinding) clusterrolebindings clusterrolebinding,
            CustomResourceDefinition(crate::engine::gateway::CustomResourceDefinition) customresourcedefinitions customresourcedefinition,
            GatewayClass(crate::engine::gateway::GatewayClass) gatewayclasses gatewayclass,
            Gateway(crate::engine::gateway::Gateway) gateways gateway,
            HttpRoute(crate::engine::gateway::HttpRoute) httproutes httproute,
            ReferenceGrant(crate::engine::gateway::ReferenceGrant) referencegrants referencegrant,
        }
    };
}
pub(crate) use stored_kinds;

/// What kubectl and the API server know of a kind's name: how manifests, REST paths and `kubectl get` spell it.
#[derive(Debug, Clone, Copy)]
pub struct KindInfo {
    pub name: &'static str,
    /// The API group, empty for the core group.
    pub group: &'static str,
    pub version: &'static str,
    /// The lower-case plural that kubectl accepts and REST paths use.
    pub plural: &'static str,
    pub short: &'static [&'static str],
    pub namespaced: bool,
}

/// Everything the engine needs to know of one stored kind. Each kind's file implements it; the store and the
/// manifest pipeline reach it only through the dispatch generated from [`stored_kinds!`].
pub(crate) trait Stored: Resource + Clone + Serialize + DeserializeOwned + Sized {
    const INFO: KindInfo;
    /// The top-level struct strict decoding checks a manifest against.
    fn schema() -> &'static Struct;
    /// Checks Go's decoder makes beyond the schema (a Secret's base64), with its message.
    fn decoded(self) -> Result<Self, String> {
        Ok(self)
    }
    /// Fills in what the API server defaults.
    fn default_fields(&mut self) {}
    /// What the API server refuses in this object, created (`old` None) or replacing `old`.
    fn validate(&self, old: Option<&Self>, store: &Store) -> Vec<FieldError>;
    /// Fields the API server allocates when the object is stored (a Service's ClusterIP and node ports).
    fn allocate(&mut self, _store: &Store, _rng: &mut ChaCha8Rng) {}
    /// Starts deleting the object under `key`; returns whether it existed. Most kinds go at once.
    fn begin_delete(store: &mut Store, key: &str, _now: Millis) -> bool
    where
        Self: InStore,
    {
        Self::map_mut(store).remove(key).is_some()
    }
}

/// Where the store keeps a kind's objects; implemented for every kind by the registry.
pub(crate) trait InStore: Sized {
    fn map(store: &Store) -> &Table<Self>;
    fn map_mut(store: &mut Store) -> &mut Table<Self>;
}

macro_rules! engine_dispatch {
    ($($variant:ident($type:ty) $field:ident $module:ident,)*) => {
        $(pub(crate) mod $module;)*

        $(
            impl From<$type> for Object {
                fn from(object: $type) -> Object {
                    Object::$variant(object)
                }
            }
        )*

        /// The names of a stored kind, or None for the kinds the cluster keeps itself.
        pub(crate) fn info(kind: Kind) -> Option<KindInfo> {
            match kind {
                $(Kind::$variant => Some(<$type as Stored>::INFO),)*
                _ => None,
            }
        }

        /// The schema of a stored kind.
        pub(crate) fn schema(kind: Kind) -> Option<&'static Struct> {
            match kind {
                $(Kind::$variant => Some(<$type as Stored>::schema()),)*
                _ => None,
            }
        }

        /// Decodes a strictly checked manifest into its typed object; None for kinds learners cannot write.
        pub(crate) fn decode(kind: Kind, value: serde_json::Value) -> Option<Result<Object, String>> {
            match kind {
                $(Kind::$variant => Some(typed::<$type>(value)),)*
                _ => None,
            }
        }

        impl Object {
            /// Fills in every default the API server would.
            pub fn default_fields(&mut self) {
                match self {
                    $(Object::$variant(o) => o.default_fields(),)*
                }
            }

            /// Validates an object about to be created (`old` is None) or to replace `old`.
            pub fn validate(&self, old: Option<&Object>, store: &Store) -> Vec<FieldError> {
                match (self, old) {
                    $((Object::$variant(o), Some(Object::$variant(old))) => o.validate(Some(old), store),)*
                    $((Object::$variant(o), _) => o.validate(None, store),)*
                }
            }
        }

        impl Store {
            /// The metadata of one object, if it exists (being deleted or not).
            pub fn meta(&self, kind: Kind, namespace: &str, name: &str) -> Option<&crate::engine::api::ObjectMeta> {
                let k = crate::engine::store::scoped_key(kind, namespace, name);
                match kind {
                    $(Kind::$variant => <$type>::map(self).get(&k).map(|o| &o.metadata),)*
                    _ => None,
                }
            }

            /// Every stored object of a kind, cloned into `Object`s, in key order.
            pub fn objects(&self, kind: Kind) -> Vec<Object> {
                match kind {
                    $(Kind::$variant => <$type>::map(self).values().cloned().map(Object::$variant).collect(),)*
                    _ => Vec::new(),
                }
            }

            /// A reference to every stored object of a kind, in key order.
            pub fn refs(&self, kind: Kind) -> Vec<ObjectRef> {
                match kind {
                    $(Kind::$variant => <$type>::map(self).values().map(|o| ObjectRef::new(kind, o.metadata.namespace(), &o.metadata.name)).collect(),)*
                    Kind::Endpoints | Kind::EndpointSlice => self
                        .endpoints
                        .values()
                        .map(|e| ObjectRef::new(kind, &e.namespace, &e.service))
                        .collect(),
                    _ => Vec::new(),
                }
            }

            /// Creates the object or updates its desired state, keeping what the cluster generated.
            pub(crate) fn upsert(&mut self, object: Object, now: Millis, rng: &mut ChaCha8Rng) -> crate::engine::Change {
                self.revision += 1;
                match object {
                    $(Object::$variant(o) => self.upsert_typed(o, now, rng),)*
                }
            }

            /// Removes every object of a kind at once, as deleting its CustomResourceDefinition does.
            pub(crate) fn remove_all(&mut self, kind: Kind) {
                match kind {
                    $(Kind::$variant => <$type>::map_mut(self).clear(),)*
                    _ => {}
                }
            }

            /// Starts deleting an object. Returns whether the object existed.
            pub(crate) fn begin_delete(&mut self, kind: Kind, namespace: &str, name: &str, now: Millis) -> bool {
                let k = crate::engine::store::scoped_key(kind, namespace, name);
                match kind {
                    $(Kind::$variant => <$type as Stored>::begin_delete(self, &k, now),)*
                    _ => false,
                }
            }
        }
    };
}

stored_kinds!(engine_dispatch);

fn typed<T: Stored + Into<Object>>(value: serde_json::Value) -> Result<Object, String> {
    let object: T = crate::engine::json::from_value(value).map_err(|e| e.to_string())?;
    Ok(object.decoded()?.into())
}

/// Lets a kind's file write its names in one expression.
pub(crate) const fn names(
    name: &'static str,
    group: &'static str,
    plural: &'static str,
    short: &'static [&'static str],
    namespaced: bool,
) -> KindInfo {
    KindInfo {
        name,
        group,
        version: "v1",
        plural,
        short,
        namespaced,
    }
}
