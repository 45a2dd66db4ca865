//! A Service: a ClusterIP (and node ports) in front of the pods its selector picks.

use crate::engine::api::{Service, ServiceType};
use crate::engine::defaults;
use crate::engine::kinds::{names, KindInfo, Stored};
use crate::engine::schema::{tables, Struct};
use crate::engine::store::{key, Store};
use crate::engine::validation::FieldError;
use crate::engine::Millis;
use rand_chacha::ChaCha8Rng;
use crate::engine::validation;

impl Stored for Service {
    const INFO: KindInfo = names("Service", "", "services", &["svc"], true);

    fn schema() -> &'static Struct {
        &tables::SERVICE
    }

    fn default_fields(&mut self) {
        defaults::service_spec(&mut self.spec);
    }

    /// Keeps the ClusterIP the Service has (or the one asked for), else a free one, and gives NodePort and
    /// LoadBalancer ports their node ports. An ExternalName Service gets neither.
    fn allocate(&mut self, store: &Store, rng: &mut ChaCha8Rng) {
        let k = key(self.metadata.namespace(), &self.metadata.name);
        if *self.spec.service_type() == ServiceType::ExternalName {
            return;
        }
        let allocated = store
            .services()
            .get(&k)
            .and_then(|s| s.spec.cluster_ip.clone());
        let ip = match (self.spec.cluster_ip.take(), allocated) {
            (Some(ip), _) | (None, Some(ip)) => ip,
            (None, None) => store.allocate_cluster_ip(rng),
        };
        if self.spec.cluster_ips.is_empty() {
            self.spec.cluster_ips.push(ip.clone());
        }
        self.spec.cluster_ip = Some(ip);
        store.allocate_node_ports(&k, self, rng);
    }

    /// A Service's EndpointSlice goes with it.
    fn begin_delete(store: &mut Store, key: &str, _now: Millis) -> bool {
        store.endpoints.remove(key);
        store.write::<Service>().remove(key).is_some()
    }

    fn validate(&self, _old: Option<&Self>, store: &Store) -> Vec<FieldError> {
        validation::core::service(self, store)
    }
}
