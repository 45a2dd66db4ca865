//! The endpoints controller: for each Service, the pods its selector picks and whether each can take traffic.

use crate::engine::api::{selector_matches, Endpoint, EndpointSlice};
use crate::engine::Cluster;

impl Cluster {
    /// Lists, for each Service with a selector, the pods it selects and whether each is ready.
    pub(super) fn sync_endpoints(&mut self) {
        let mut slices = Vec::new();
        for (service_key, service) in &self.store.services {
            if service.spec.selector.is_empty() {
                continue;
            }
            let namespace = service.metadata.namespace();
            let mut endpoints: Vec<Endpoint> = self
                .store
                .pods
                .values()
                .filter(|p| p.metadata.namespace() == namespace && p.metadata.deleted.is_none())
                .filter(|p| selector_matches(&service.spec.selector, &p.metadata.labels))
                .filter_map(|p| {
                    Some(Endpoint {
                        ip: p.status.pod_ip.clone()?,
                        pod: p.metadata.name.clone(),
                        node: p.spec.node_name.clone()?,
                        ready: p.status.ready,
                    })
                })
                .collect();
            endpoints.sort_by(|a, b| a.ip.cmp(&b.ip));
            slices.push((
                service_key.clone(),
                EndpointSlice {
                    service: service.metadata.name.clone(),
                    namespace: namespace.to_string(),
                    endpoints,
                },
            ));
        }
        self.store.endpoints = slices.into_iter().collect();
    }
}
