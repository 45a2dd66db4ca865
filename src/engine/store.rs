//! The object store: what the API server would keep in etcd, one ordered map per kind.

use std::collections::{BTreeMap, VecDeque};

use rand_chacha::ChaCha8Rng;
use rand_core::RngCore;
use serde::{Deserialize, Serialize};

use crate::engine::api::{
    ClusterRole, ClusterRoleBinding, DaemonSet, Deployment, EndpointSlice, Ingress, IngressClass,
    Kind, Namespace, Object, ObjectMeta, Pod, ReplicaSet, Secret, Service, ServiceAccount,
};
use crate::engine::events::EventRecord;
use crate::engine::names;
use crate::engine::{Change, Millis};

/// Objects by `namespace/name`. Plain string keys keep the store serialisable as JSON.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Store {
    pub deployments: BTreeMap<String, Deployment>,
    pub replicasets: BTreeMap<String, ReplicaSet>,
    pub pods: BTreeMap<String, Pod>,
    pub services: BTreeMap<String, Service>,
    pub ingresses: BTreeMap<String, Ingress>,
    pub daemonsets: BTreeMap<String, DaemonSet>,
    pub ingressclasses: BTreeMap<String, IngressClass>,
    pub namespaces: BTreeMap<String, Namespace>,
    pub serviceaccounts: BTreeMap<String, ServiceAccount>,
    #[serde(default)]
    pub secrets: BTreeMap<String, Secret>,
    pub clusterroles: BTreeMap<String, ClusterRole>,
    pub clusterrolebindings: BTreeMap<String, ClusterRoleBinding>,
    /// The last resourceVersion handed out.
    pub revision: u64,
    /// Events, oldest first.
    pub events: VecDeque<EventRecord>,
    /// One slice per Service, kept by the endpoints controller.
    pub endpoints: BTreeMap<String, EndpointSlice>,
}

/// The store key of a namespaced object.
pub fn key(namespace: &str, name: &str) -> String {
    format!("{namespace}/{name}")
}

/// The key `namespace/name` kept on the stack (with a heap fallback for names longer than Kubernetes allows), so the
/// request path looks objects up without allocating.
#[derive(Debug)]
pub(crate) struct KeyBuf {
    buf: [u8; 320],
    len: usize,
    long: Option<String>,
}

impl KeyBuf {
    pub(crate) fn new(namespace: &str, name: &str) -> KeyBuf {
        let mut key = KeyBuf {
            buf: [0; 320],
            len: namespace.len() + 1 + name.len(),
            long: None,
        };
        if key.len > key.buf.len() {
            key.long = Some(self::key(namespace, name));
            return key;
        }
        key.buf[..namespace.len()].copy_from_slice(namespace.as_bytes());
        key.buf[namespace.len()] = b'/';
        key.buf[namespace.len() + 1..key.len].copy_from_slice(name.as_bytes());
        key
    }

    pub(crate) fn as_str(&self) -> &str {
        match &self.long {
            Some(long) => long,
            // Two strings and a slash: always UTF-8.
            None => std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default(),
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

    /// The metadata of one object, if it exists.
    pub fn meta(&self, kind: Kind, namespace: &str, name: &str) -> Option<&ObjectMeta> {
        let k = scoped_key(kind, namespace, name);
        match kind {
            Kind::Deployment => self.deployments.get(&k).map(|o| &o.metadata),
            Kind::ReplicaSet => self.replicasets.get(&k).map(|o| &o.metadata),
            Kind::DaemonSet => self.daemonsets.get(&k).map(|o| &o.metadata),
            Kind::Pod => self.pods.get(&k).map(|o| &o.metadata),
            Kind::Service => self.services.get(&k).map(|o| &o.metadata),
            Kind::Ingress => self.ingresses.get(&k).map(|o| &o.metadata),
            Kind::IngressClass => self.ingressclasses.get(&k).map(|o| &o.metadata),
            Kind::Namespace => self.namespaces.get(&k).map(|o| &o.metadata),
            Kind::ServiceAccount => self.serviceaccounts.get(&k).map(|o| &o.metadata),
            Kind::Secret => self.secrets.get(&k).map(|o| &o.metadata),
            Kind::ClusterRole => self.clusterroles.get(&k).map(|o| &o.metadata),
            Kind::ClusterRoleBinding => self.clusterrolebindings.get(&k).map(|o| &o.metadata),
            Kind::Node | Kind::Endpoints | Kind::EndpointSlice | Kind::Event => None,
        }
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

    /// Every stored object of a kind, cloned into `Object`s, in key order.
    pub fn objects(&self, kind: Kind) -> Vec<Object> {
        fn all<T: Clone>(map: &BTreeMap<String, T>, wrap: fn(T) -> Object) -> Vec<Object> {
            map.values().cloned().map(wrap).collect()
        }
        match kind {
            Kind::Deployment => all(&self.deployments, Object::Deployment),
            Kind::ReplicaSet => all(&self.replicasets, Object::ReplicaSet),
            Kind::DaemonSet => all(&self.daemonsets, Object::DaemonSet),
            Kind::Pod => all(&self.pods, Object::Pod),
            Kind::Service => all(&self.services, Object::Service),
            Kind::Ingress => all(&self.ingresses, Object::Ingress),
            Kind::IngressClass => all(&self.ingressclasses, Object::IngressClass),
            Kind::Namespace => all(&self.namespaces, Object::Namespace),
            Kind::ServiceAccount => all(&self.serviceaccounts, Object::ServiceAccount),
            Kind::Secret => all(&self.secrets, Object::Secret),
            Kind::ClusterRole => all(&self.clusterroles, Object::ClusterRole),
            Kind::ClusterRoleBinding => all(&self.clusterrolebindings, Object::ClusterRoleBinding),
            Kind::Node | Kind::Endpoints | Kind::EndpointSlice | Kind::Event => Vec::new(),
        }
    }

    /// Creates the object or updates its desired state, keeping what the cluster generated.
    pub(crate) fn upsert(
        &mut self,
        mut object: Object,
        now: Millis,
        rng: &mut ChaCha8Rng,
    ) -> Change {
        self.revision += 1;
        object.meta_mut().resource_version = self.revision;
        match object {
            Object::Deployment(new) => upsert_in(&mut self.deployments, new, now, rng),
            Object::ReplicaSet(new) => upsert_in(&mut self.replicasets, new, now, rng),
            Object::Pod(new) => upsert_in(&mut self.pods, new, now, rng),
            Object::Ingress(new) => upsert_in(&mut self.ingresses, new, now, rng),
            Object::DaemonSet(new) => upsert_in(&mut self.daemonsets, new, now, rng),
            Object::IngressClass(new) => upsert_in(&mut self.ingressclasses, new, now, rng),
            Object::Namespace(new) => upsert_in(&mut self.namespaces, new, now, rng),
            Object::ServiceAccount(new) => upsert_in(&mut self.serviceaccounts, new, now, rng),
            Object::Secret(new) => upsert_in(&mut self.secrets, new, now, rng),
            Object::ClusterRole(new) => upsert_in(&mut self.clusterroles, new, now, rng),
            Object::ClusterRoleBinding(new) => {
                upsert_in(&mut self.clusterrolebindings, new, now, rng)
            }
            Object::Service(mut new) => {
                let k = key(new.metadata.namespace(), &new.metadata.name);
                let allocated = self
                    .services
                    .get(&k)
                    .and_then(|s| s.spec.cluster_ip.clone());
                let ip = match (new.spec.cluster_ip.take(), allocated) {
                    (Some(ip), _) | (None, Some(ip)) => ip,
                    (None, None) => self.allocate_cluster_ip(rng),
                };
                if new.spec.cluster_ips.is_empty() {
                    new.spec.cluster_ips.push(ip.clone());
                }
                new.spec.cluster_ip = Some(ip);
                self.allocate_node_ports(&k, &mut new, rng);
                upsert_in(&mut self.services, new, now, rng)
            }
        }
    }

    /// Starts deleting an object. Pods linger as Terminating until the kubelet lets them go; everything else goes at
    /// once and the garbage collector removes what it owned. Returns whether the object existed.
    pub(crate) fn begin_delete(
        &mut self,
        kind: Kind,
        namespace: &str,
        name: &str,
        now: Millis,
    ) -> bool {
        let k = scoped_key(kind, namespace, name);
        match kind {
            Kind::Pod => match self.pods.get_mut(&k) {
                Some(pod) => {
                    pod.metadata.deleted.get_or_insert(now);
                    true
                }
                None => false,
            },
            Kind::Deployment => self.deployments.remove(&k).is_some(),
            Kind::ReplicaSet => self.replicasets.remove(&k).is_some(),
            Kind::DaemonSet => self.daemonsets.remove(&k).is_some(),
            Kind::Service => {
                self.endpoints.remove(&k);
                self.services.remove(&k).is_some()
            }
            Kind::Ingress => self.ingresses.remove(&k).is_some(),
            Kind::IngressClass => self.ingressclasses.remove(&k).is_some(),
            Kind::Namespace => self.namespaces.remove(&k).is_some(),
            Kind::ServiceAccount => self.serviceaccounts.remove(&k).is_some(),
            Kind::Secret => self.secrets.remove(&k).is_some(),
            Kind::ClusterRole => self.clusterroles.remove(&k).is_some(),
            Kind::ClusterRoleBinding => self.clusterrolebindings.remove(&k).is_some(),
            Kind::Node | Kind::Endpoints | Kind::EndpointSlice | Kind::Event => false,
        }
    }

    /// Gives every port of a NodePort or LoadBalancer Service a node port from 30000-32767, keeping the ones it had.
    fn allocate_node_ports(&self, service_key: &str, service: &mut Service, rng: &mut ChaCha8Rng) {
        if !matches!(service.spec.type_name(), "NodePort" | "LoadBalancer") {
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

resource_with_spec!(
    Deployment,
    ReplicaSet,
    DaemonSet,
    Service,
    Ingress,
    IngressClass
);

/// Kinds without a spec: their whole body beside the metadata is the desired state.
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

resource_whole!(
    Namespace,
    ServiceAccount,
    Secret,
    ClusterRole,
    ClusterRoleBinding
);

/// Whether a kind lives in a namespace.
pub(crate) trait Scoped {
    const NAMESPACED: bool;
}

macro_rules! scoped {
    ($namespaced:expr => $($type:ty),*) => {$(
        impl Scoped for $type {
            const NAMESPACED: bool = $namespaced;
        }
    )*};
}

scoped!(true => Deployment, ReplicaSet, DaemonSet, Pod, Service, Ingress, ServiceAccount, Secret);
scoped!(false => IngressClass, Namespace, ClusterRole, ClusterRoleBinding);

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

fn upsert_in<T: Resource + Scoped>(
    map: &mut BTreeMap<String, T>,
    mut new: T,
    now: Millis,
    rng: &mut ChaCha8Rng,
) -> Change {
    let k = if T::NAMESPACED {
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
