//! Ingress status: the ingress controller writes `status.loadBalancer.ingress` of the Ingresses it serves when it is
//! told where it is exposed (Traefik's `ingressEndpoint` options); otherwise the ADDRESS column stays empty, as it
//! does with the tutorial's Traefik 1.7 DaemonSet.

use crate::engine::api::Ingress;
use crate::engine::api::{LoadBalancerIngress, PodPhase};
use crate::engine::traffic::traefik::{ingress_endpoint, is_traefik, Published, Traefik};
use crate::engine::Cluster;

impl Cluster {
    /// Writes the addresses a running Traefik publishes into the Ingresses it serves. With no controller running,
    /// the last status stays, as it does on a real cluster. Whether any Ingress's status changed.
    pub(crate) fn publish_ingress_status(&mut self) -> bool {
        // This runs with every reconcile: with no Ingress there is nothing to write and no pod to look for.
        if self.store.ingresses().is_empty() {
            return false;
        }
        let Some(controller) = self.store.pods().values().find(|p| {
            is_traefik(p) && p.status.phase == PodPhase::Running && p.metadata.deleted.is_none()
        }) else {
            return false;
        };
        let addresses: Vec<LoadBalancerIngress> = match ingress_endpoint(Traefik::of(controller)) {
            None => Vec::new(),
            Some(Published::Ip(ip)) => vec![LoadBalancerIngress {
                ip: Some(ip.to_string()),
                hostname: None,
            }],
            Some(Published::Hostname(host)) => vec![LoadBalancerIngress {
                ip: None,
                hostname: Some(host.to_string()),
            }],
            // The Service's own load-balancer address; none yet, none published.
            Some(Published::Service(key)) => self
                .store
                .services()
                .get(key)
                .and_then(|s| s.load_balancer_ip.clone())
                .map(|ip| LoadBalancerIngress {
                    ip: Some(ip),
                    hostname: None,
                })
                .into_iter()
                .collect(),
        };
        let served: Vec<bool> = self
            .store
            .ingresses()
            .values()
            .map(|i| self.serves(i))
            .collect();
        let mut changed = false;
        for (ingress, served) in self.store.write::<Ingress>().values_mut().zip(served) {
            if served && ingress.addresses != addresses {
                ingress.addresses.clone_from(&addresses);
                changed = true;
            }
        }
        changed
    }
}
