//! The object store: what the API server would keep in etcd, one ordered map per kind.

use std::collections::BTreeMap;

use rand_chacha::ChaCha8Rng;
use rand_core::RngCore;
use serde::{Deserialize, Serialize};

use crate::engine::api::{
    Deployment, EndpointSlice, Ingress, Kind, Object, ObjectMeta, Pod, ReplicaSet, Service,
};
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
    /// One slice per Service, kept by the endpoints controller.
    pub endpoints: BTreeMap<String, EndpointSlice>,
}

/// The store key of an object.
pub fn key(namespace: &str, name: &str) -> String {
    format!("{namespace}/{name}")
}

impl Store {
    /// Whether an object of `kind` named `name` exists in `namespace`, including one that is being deleted.
    pub fn contains(&self, kind: Kind, namespace: &str, name: &str) -> bool {
        let k = key(namespace, name);
        match kind {
            Kind::Deployment => self.deployments.contains_key(&k),
            Kind::ReplicaSet => self.replicasets.contains_key(&k),
            Kind::Pod => self.pods.contains_key(&k),
            Kind::Service => self.services.contains_key(&k),
            Kind::Ingress => self.ingresses.contains_key(&k),
            Kind::Node => false,
        }
    }

    /// Creates the object or updates its desired state, keeping what the cluster generated.
    pub(crate) fn upsert(&mut self, object: Object, now: Millis, rng: &mut ChaCha8Rng) -> Change {
        match object {
            Object::Deployment(new) => upsert_in(&mut self.deployments, new, now, rng),
            Object::ReplicaSet(new) => upsert_in(&mut self.replicasets, new, now, rng),
            Object::Pod(new) => upsert_in(&mut self.pods, new, now, rng),
            Object::Ingress(new) => upsert_in(&mut self.ingresses, new, now, rng),
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
                new.spec.cluster_ip = Some(ip);
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
        let k = key(namespace, name);
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
            Kind::Service => {
                self.endpoints.remove(&k);
                self.services.remove(&k).is_some()
            }
            Kind::Ingress => self.ingresses.remove(&k).is_some(),
            Kind::Node => false,
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

resource_with_spec!(Deployment, ReplicaSet, Service, Ingress);

/// A pod's spec cannot change after creation; only its labels and annotations can.
impl Resource for Pod {
    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }
    fn meta_mut(&mut self) -> &mut ObjectMeta {
        &mut self.metadata
    }
    fn same_spec(&self, _: &Self) -> bool {
        true
    }
    fn take_spec(&mut self, _: Self) {}
}

fn upsert_in<T: Resource>(
    map: &mut BTreeMap<String, T>,
    mut new: T,
    now: Millis,
    rng: &mut ChaCha8Rng,
) -> Change {
    let namespace = new.meta().namespace().to_string();
    new.meta_mut().namespace = Some(namespace.clone());
    let k = key(&namespace, &new.meta().name);
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

fn same_user_meta(old: &ObjectMeta, new: &ObjectMeta) -> bool {
    old.labels == new.labels && old.annotations == new.annotations
}

fn copy_user_meta(old: &mut ObjectMeta, new: ObjectMeta) {
    old.labels = new.labels;
    old.annotations = new.annotations;
}
