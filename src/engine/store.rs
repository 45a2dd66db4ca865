//! The object store: what the API server would keep in etcd, one ordered map per kind.

use std::collections::{BTreeMap, VecDeque};

use arrayvec::ArrayString;
use rand_chacha::ChaCha8Rng;
use rand_core::RngCore;
use serde::{Deserialize, Serialize};

use crate::engine::api::{
    ClusterRole, ClusterRoleBinding, DaemonSet, Deployment, EndpointSlice, Ingress, IngressClass,
    Kind, Namespace, ObjectMeta, Pod, ReplicaSet, Secret, Service, ServiceAccount,
};
use crate::engine::events::EventRecord;
use crate::engine::kinds::{stored_kinds, InStore, Stored};
use crate::engine::names;
use crate::engine::{Change, Millis};

/// The objects of one kind by `namespace/name`, in key order. Each object is boxed, so every kind's map holds values
/// of one size: the ordered map's code (insert, remove, rebalance) compiles to the same wasm for every kind and
/// wasm-opt keeps one copy instead of one per kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Table<T>(BTreeMap<String, Box<T>>);

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table(BTreeMap::new())
    }
}

impl<T> Table<T> {
    pub fn get(&self, key: &str) -> Option<&T> {
        self.0.get(key).map(|boxed| &**boxed)
    }
    pub fn get_mut(&mut self, key: &str) -> Option<&mut T> {
        self.0.get_mut(key).map(|boxed| &mut **boxed)
    }
    pub fn contains_key(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + Clone {
        self.0.keys()
    }
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &T> + Clone {
        self.0.values().map(|boxed| &**boxed)
    }
    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut T> {
        self.0.values_mut().map(|boxed| &mut **boxed)
    }
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &T)> + Clone {
        self.0.iter().map(|(key, boxed)| (key, &**boxed))
    }
    /// Puts `value` at `key`, returning what was there.
    pub fn insert(&mut self, key: String, value: T) -> Option<T> {
        self.0.insert(key, Box::new(value)).map(|boxed| *boxed)
    }
    pub fn remove(&mut self, key: &str) -> Option<T> {
        self.0.remove(key).map(|boxed| *boxed)
    }
    pub fn retain(&mut self, mut keep: impl FnMut(&String, &mut T) -> bool) {
        self.0.retain(|key, boxed| keep(key, boxed));
    }
}

impl<T> Table<T> {
    pub fn clear(&mut self) {
        self.0.clear();
    }
}

impl<'a, T> IntoIterator for &'a Table<T> {
    type Item = (&'a String, &'a T);
    type IntoIter = std::iter::Map<
        std::collections::btree_map::Iter<'a, String, Box<T>>,
        fn((&'a String, &'a Box<T>)) -> (&'a String, &'a T),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(key, boxed)| (key, &**boxed))
    }
}

impl<T> std::ops::Index<&str> for Table<T> {
    type Output = T;
    /// The object at `key`; panics if there is none, as a map's index does.
    fn index(&self, key: &str) -> &T {
        &self.0[key]
    }
}

impl<T> Extend<(String, T)> for Table<T> {
    fn extend<I: IntoIterator<Item = (String, T)>>(&mut self, items: I) {
        for (key, value) in items {
            self.insert(key, value);
        }
    }
}

macro_rules! store_struct {
    ($($variant:ident($type:ty) $field:ident $module:ident,)*) => {
        /// Objects by `namespace/name`, one ordered map per kind of the registry (`engine::kinds`). Plain string
        /// keys keep the store serialisable as JSON.
        #[derive(Debug, Clone, Default, Serialize, Deserialize)]
        pub struct Store {
            $(
                #[serde(default)]
                $field: Table<$type>,
            )*
            /// The last resourceVersion handed out.
            pub revision: u64,
            /// Events, oldest first.
            pub events: VecDeque<EventRecord>,
            /// One slice per Service, kept by the endpoints controller.
            pub endpoints: Table<EndpointSlice>,
        }

        /// One reader and one writer per kind, so the maps themselves stay private to the store.
        impl Store {
            $(
                pub fn $field(&self) -> &Table<$type> {
                    &self.$field
                }
            )*
        }

        $(
            impl InStore for $type {
                fn map(store: &Store) -> &Table<Self> {
                    &store.$field
                }
                fn map_mut(store: &mut Store) -> &mut Table<Self> {
                    &mut store.$field
                }
            }
        )*
    };
}

stored_kinds!(store_struct);

impl Store {
    /// The objects of one kind, to change: `store.write::<Pod>()`. Controllers and the API write through this.
    pub(crate) fn write<T: InStore>(&mut self) -> &mut Table<T> {
        T::map_mut(self)
    }
}

/// The store key of a namespaced object.
pub fn key(namespace: &str, name: &str) -> String {
    format!("{namespace}/{name}")
}

/// The key `namespace/name` kept on the stack, so the request path looks objects up without allocating. Keys are
/// short (a pod's is about 45 bytes); one longer than the buffer, which Kubernetes' limits allow, goes on the heap.
#[derive(Debug)]
pub(crate) enum KeyBuf {
    Short(ArrayString<96>),
    Long(String),
}

impl KeyBuf {
    pub(crate) fn new(namespace: &str, name: &str) -> KeyBuf {
        let mut short = ArrayString::new();
        let fits = short.try_push_str(namespace).is_ok()
            && short.try_push('/').is_ok()
            && short.try_push_str(name).is_ok();
        if fits {
            KeyBuf::Short(short)
        } else {
            KeyBuf::Long(key(namespace, name))
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        match self {
            KeyBuf::Short(short) => short,
            KeyBuf::Long(long) => long,
        }
    }
}

/// The store key of an object of `kind`: cluster-scoped kinds ignore the namespace.
pub fn scoped_key(kind: Kind, namespace: &str, name: &str) -> String {
    if kind.namespaced() {
        key(namespace, name)
    } else {
        key("", name)
    }
}

impl Store {
    /// Whether an object of `kind` named `name` exists in `namespace` (ignored for cluster-scoped kinds), including
    /// one that is being deleted.
    pub fn contains(&self, kind: Kind, namespace: &str, name: &str) -> bool {
        self.meta(kind, namespace, name).is_some()
    }

    /// The ReplicaSets an object (a Deployment) owns.
    pub fn replicasets_of<'a>(
        &'a self,
        owner: &'a ObjectMeta,
    ) -> impl Iterator<Item = &'a ReplicaSet> + 'a {
        self.replicasets.values().filter(move |rs| {
            rs.metadata
                .owner
                .as_ref()
                .is_some_and(|o| o.uid == owner.uid)
        })
    }

    /// Creates or updates one object of a registered kind: the kind allocates what it needs, then the object is
    /// stored under its key with generated metadata.
    pub(crate) fn upsert_typed<T: Stored + InStore>(
        &mut self,
        mut object: T,
        now: Millis,
        rng: &mut ChaCha8Rng,
    ) -> Change {
        object.meta_mut().resource_version = self.revision;
        object.allocate(self, rng);
        upsert_in(T::map_mut(self), object, now, rng)
    }

    /// Gives every port of a NodePort or LoadBalancer Service a node port from 30000-32767, keeping the ones it had.
    pub(crate) fn allocate_node_ports(
        &self,
        service_key: &str,
        service: &mut Service,
        rng: &mut ChaCha8Rng,
    ) {
        if !service.spec.service_type().has_node_ports() {
            return;
        }
        let previous = self.services.get(service_key);
        let mut taken: Vec<i32> = self
            .services
            .iter()
            .filter(|(k, _)| k.as_str() != service_key)
            .flat_map(|(_, s)| s.spec.ports.iter().filter_map(|p| p.node_port))
            .collect();
        taken.extend(service.spec.ports.iter().filter_map(|p| p.node_port));
        for port in &mut service.spec.ports {
            if port.node_port.is_some() {
                continue;
            }
            let kept = previous
                .and_then(|old| {
                    old.spec
                        .ports
                        .iter()
                        .find(|p| p.port == port.port && p.name == port.name)
                })
                .and_then(|p| p.node_port)
                .filter(|n| !taken.contains(n));
            // From a random start, the first free port of the range; a full range leaves the port without one.
            let start = rng.next_u32() % 2768;
            let free = (0..2768u32)
                .map(|i| 30_000 + i32::try_from((start + i) % 2768).unwrap_or(0))
                .find(|candidate| !taken.contains(candidate));
            let Some(chosen) = kept.or(free) else {
                continue;
            };
            taken.push(chosen);
            port.node_port = Some(chosen);
        }
    }

    /// A free address in 10.96.0.0/12, the default service CIDR. 10.96.0.1 belongs to the `kubernetes` Service.
    pub(crate) fn allocate_cluster_ip(&self, rng: &mut ChaCha8Rng) -> String {
        loop {
            // 2^20 addresses in a /12; skip the network address and the first two (apiserver and DNS in kubeadm).
            let offset = rng.next_u32() % ((1 << 20) - 12) + 11;
            let ip = format!(
                "10.{}.{}.{}",
                96 + (offset >> 16),
                (offset >> 8) & 0xff,
                offset & 0xff
            );
            let taken = self
                .services
                .values()
                .any(|s| s.spec.cluster_ip.as_deref() == Some(ip.as_str()));
            if !taken && !ip.ends_with(".0") && !ip.ends_with(".255") {
                return ip;
            }
        }
    }
}

/// What the store needs of every kind it keeps.
pub(crate) trait Resource {
    fn meta(&self) -> &ObjectMeta;
    fn meta_mut(&mut self) -> &mut ObjectMeta;
    /// Whether the learner-written desired state equals `other`'s.
    fn same_spec(&self, other: &Self) -> bool;
    /// Takes the desired state from `new`, keeping status and generated metadata.
    fn take_spec(&mut self, new: Self);
}

macro_rules! resource_with_spec {
    ($($type:ty),*) => {$(
        impl Resource for $type {
            fn meta(&self) -> &ObjectMeta {
                &self.metadata
            }
            fn meta_mut(&mut self) -> &mut ObjectMeta {
                &mut self.metadata
            }
            fn same_spec(&self, other: &Self) -> bool {
                self.spec == other.spec
            }
            fn take_spec(&mut self, new: Self) {
                self.spec = new.spec;
            }
        }
    )*};
}

pub(crate) use resource_with_spec;

resource_with_spec!(
    Deployment,
    ReplicaSet,
    DaemonSet,
    Service,
    Ingress,
    IngressClass
);

/// Kinds without a spec: their whole body beside the metadata is the desired state. A kind's own file may use it.
macro_rules! resource_whole {
    ($($type:ty),*) => {$(
        impl Resource for $type {
            fn meta(&self) -> &ObjectMeta {
                &self.metadata
            }
            fn meta_mut(&mut self) -> &mut ObjectMeta {
                &mut self.metadata
            }
            fn same_spec(&self, other: &Self) -> bool {
                let mut other = other.clone();
                other.metadata = self.metadata.clone();
                *self == other
            }
            fn take_spec(&mut self, new: Self) {
                let metadata = std::mem::take(&mut self.metadata);
                *self = new;
                self.metadata = metadata;
            }
        }
    )*};
}

pub(crate) use resource_whole;

resource_whole!(
    Namespace,
    ServiceAccount,
    Secret,
    ClusterRole,
    ClusterRoleBinding
);

/// A pod's spec cannot change after creation, except its containers' images (as `kubectl set image pod` does).
impl Resource for Pod {
    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }
    fn meta_mut(&mut self) -> &mut ObjectMeta {
        &mut self.metadata
    }
    fn same_spec(&self, other: &Self) -> bool {
        self.spec.containers.iter().map(|c| &c.image).eq(other
            .spec
            .containers
            .iter()
            .map(|c| &c.image))
    }
    fn take_spec(&mut self, new: Self) {
        for (old, new) in self.spec.containers.iter_mut().zip(new.spec.containers) {
            old.image = new.image;
        }
    }
}

fn upsert_in<T: Stored>(
    map: &mut Table<T>,
    mut new: T,
    now: Millis,
    rng: &mut ChaCha8Rng,
) -> Change {
    let k = if T::INFO.namespaced {
        let namespace = new.meta().namespace().to_string();
        new.meta_mut().namespace = Some(namespace.clone());
        key(&namespace, &new.meta().name)
    } else {
        new.meta_mut().namespace = None;
        key("", &new.meta().name)
    };
    match map.get_mut(&k) {
        Some(old) if old.same_spec(&new) && same_user_meta(old.meta(), new.meta()) => {
            Change::Unchanged
        }
        Some(old) => {
            if !old.same_spec(&new) {
                old.meta_mut().generation += 1;
            }
            let meta = new.meta().clone();
            old.take_spec(new);
            old.meta_mut().resource_version = meta.resource_version;
            copy_user_meta(old.meta_mut(), meta);
            Change::Configured
        }
        None => {
            init_meta(new.meta_mut(), now, rng);
            map.insert(k, new);
            Change::Created
        }
    }
}

pub(crate) fn init_meta(meta: &mut ObjectMeta, now: Millis, rng: &mut ChaCha8Rng) {
    meta.uid = names::uuid(rng);
    meta.created = now;
    meta.generation = 1;
    meta.deleted = None;
}

/// Annotations the controllers keep on objects; applying a manifest leaves them alone, as kubectl's merge does.
fn server_managed(key: &str) -> bool {
    key.starts_with("deployment.kubernetes.io/")
}

fn user_annotations(meta: &ObjectMeta) -> impl Iterator<Item = (&String, &String)> {
    meta.annotations.iter().filter(|(k, _)| !server_managed(k))
}

fn same_user_meta(old: &ObjectMeta, new: &ObjectMeta) -> bool {
    old.labels == new.labels && user_annotations(old).eq(user_annotations(new))
}

fn copy_user_meta(old: &mut ObjectMeta, new: ObjectMeta) {
    old.labels = new.labels;
    let kept: Vec<(String, String)> = old
        .annotations
        .iter()
        .filter(|(k, _)| server_managed(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    old.annotations = new.annotations;
    old.annotations.extend(kept);
}

#[cfg(test)]
mod tests {
    use super::{key, KeyBuf};

    #[test]
    fn a_key_on_the_stack_or_on_the_heap_reads_as_the_store_writes_it() {
        let long = "a".repeat(253);
        for (namespace, name) in [
            ("default", "nginx-deployment-57f55d494c-drn86"),
            ("", "traefik"),
            ("kube-system", long.as_str()),
            (long.as_str(), long.as_str()),
        ] {
            assert_eq!(KeyBuf::new(namespace, name).as_str(), key(namespace, name));
        }
    }
}
