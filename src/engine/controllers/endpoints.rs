//! The endpoints controller: for each Service, the pods its selector picks and whether each can take traffic.

use crate::engine::api::{selector_matches, Endpoint, EndpointSlice, IntOrString};
use crate::engine::api::{Service, ServiceType};
use crate::engine::order;
use crate::engine::store::Table;
use crate::engine::Cluster;

impl Cluster {
    /// Gives each LoadBalancer Service an address from the pool, when a pool exists; without one they stay
    /// `<pending>`, as on a bare-metal cluster. Whether any address was given or taken back.
    pub(super) fn assign_load_balancers(&mut self) -> bool {
        let mut changed = false;
        for service in self.store.write::<Service>().values_mut() {
            let balanced = *service.spec.service_type() == ServiceType::LoadBalancer;
            if !balanced && service.load_balancer_ip.is_some() {
                service.load_balancer_ip = None;
                changed = true;
            }
        }
        let Some((first, last)) = self.lb_pool else {
            return changed;
        };
        let (first, last) = (u32::from(first), u32::from(last));
        let mut used: Vec<String> = self
            .store
            .services()
            .values()
            .filter_map(|s| s.load_balancer_ip.clone())
            .collect();
        for service in self.store.write::<Service>().values_mut() {
            let balanced = *service.spec.service_type() == ServiceType::LoadBalancer;
            if !balanced || service.load_balancer_ip.is_some() {
                continue;
            }
            let free = (first..=last)
                .map(|n| std::net::Ipv4Addr::from(n).to_string())
                .find(|ip| !used.contains(ip));
            if let Some(ip) = free {
                used.push(ip.clone());
                service.load_balancer_ip = Some(ip);
                changed = true;
            }
        }
        changed
    }

    /// Lists, for each Service with a selector, the pods it selects and whether each is ready; whether any list
    /// changed.
    pub(super) fn sync_endpoints(&mut self) -> bool {
        let mut slices = Vec::new();
        for (service_key, service) in self.store.services() {
            if service.spec.selector.is_empty() {
                continue;
            }
            let namespace = service.metadata.namespace();
            let mut endpoints: Vec<Endpoint> = self
                .store
                .pods()
                .values()
                .filter(|p| p.metadata.namespace() == namespace && p.metadata.deleted.is_none())
                .filter(|p| selector_matches(&service.spec.selector, &p.metadata.labels))
                .filter_map(|p| {
                    // A pod without the container port a targetPort names is left out, as Kubernetes does.
                    let ports = service
                        .spec
                        .ports
                        .iter()
                        .map(|sp| match &sp.target_port {
                            Some(IntOrString::Int(n)) => Some(*n),
                            Some(IntOrString::String(name)) => p
                                .spec
                                .containers
                                .iter()
                                .flat_map(|c| &c.ports)
                                .find(|cp| cp.name.as_deref() == Some(name.as_str()))
                                .map(|cp| cp.container_port),
                            None => Some(sp.port),
                        })
                        .collect::<Option<Vec<i32>>>()?;
                    Some(Endpoint {
                        ip: p.status.pod_ip.clone()?,
                        pod: p.metadata.name.clone(),
                        node: p.spec.node_name.clone()?,
                        ready: p.status.ready,
                        ports,
                    })
                })
                .collect();
            order::sort_by(&mut endpoints, |a, b| a.ip.cmp(&b.ip));
            slices.push((
                service_key.clone(),
                EndpointSlice {
                    service: service.metadata.name.clone(),
                    namespace: namespace.to_string(),
                    endpoints,
                },
            ));
        }
        let mut table = Table::default();
        table.extend(slices);
        if self.store.endpoints == table {
            return false;
        }
        self.store.endpoints = table;
        true
    }
}
