//! The last hop: a pod answers if it runs and something listens on the port, as its image would; nginx logs it.

use std::net::Ipv4Addr;

use crate::engine::api::{Container, Kind, Pod, PodPhase};
use crate::engine::store::KeyBuf;
use crate::engine::traffic::{
    responses, traefik, why, HopObject, HopStep, Hops, Msg, Outcome, Request, TlsFailure,
    OUTSIDE_CLIENT,
};
use crate::engine::Cluster;

impl Cluster {
    /// The address a request comes from: its pod's IP, or the outside client's.
    pub(super) fn client_ip(&self, request: &Request) -> Option<Ipv4Addr> {
        match &request.from_pod {
            Some(pod) => self
                .store
                .pods()
                .get(KeyBuf::new(&pod.namespace, &pod.name).as_str())
                .and_then(|p| p.status.pod_ip.as_deref()?.parse().ok()),
            None => Some(OUTSIDE_CLIENT),
        }
    }

    /// The pod answers if it runs and something listens on the port; the answer depends on its image.
    pub(super) fn reach_pod(
        &mut self,
        key: &str,
        port: u16,
        request: &Request,
        hops: &mut Hops,
        client_ip: Option<Ipv4Addr>,
    ) -> Outcome {
        // Borrowed, not cloned: only the access log at the end needs `self` mutably.
        let Some(pod) = self.store.pods().get(key) else {
            return Outcome::Refused {
                reason: why!(Msg::PodGone, key),
            };
        };
        if let Some(refused) = self.not_running(pod, hops) {
            return refused;
        }
        // A Service in front of the ingress controller (a LoadBalancer, a NodePort) hands the request to Traefik.
        if let Some(node) = self.controller_node(pod, port, hops) {
            let key = key.to_string();
            return self.through_ingress_controller(&key, node, port, request, hops);
        }
        let container = match listener(pod, port, request, hops) {
            Ok(container) => container,
            Err(refused) => return refused,
        };
        let image = crate::engine::images::split(&container.image);
        let response = responses::answer(pod, container, image, request, self.now);
        hops.push(
            HopStep::Pod,
            || HopObject::of(Kind::Pod, &pod.metadata),
            || {
                why!(
                    Msg::Answered,
                    &container.name,
                    &container.image,
                    response.status
                )
            },
        );
        let name = pod.metadata.name.clone();
        // Of the images kplay knows, nginx writes an access log and the bootcamp server a line per request.
        let (image, _) = image;
        if image == "nginx" || image.ends_with("/kubernetes-bootcamp") {
            let client = client_ip.or_else(|| self.client_ip(request));
            self.log(key, client, request, &response);
        }
        Outcome::Answered {
            response,
            pod: Some(name),
        }
    }

    /// A pod that cannot answer: its node is down (the request times out) or it is not running (refused).
    fn not_running(&self, pod: &Pod, hops: &mut Hops) -> Option<Outcome> {
        let name = &pod.metadata.name;
        let node_down = self
            .nodes
            .iter()
            .any(|n| Some(n.name.as_str()) == pod.spec.node_name.as_deref() && n.stopped.is_some());
        if node_down {
            hops.push(
                HopStep::Pod,
                || HopObject::of(Kind::Pod, &pod.metadata),
                || {
                    why!(
                        Msg::ItsNodeDown,
                        pod.spec.node_name.clone().unwrap_or_default()
                    )
                },
            );
            return Some(Outcome::TimedOut {
                reason: why!(Msg::OnDownNode, name),
            });
        }
        if pod.status.phase != PodPhase::Running
            || pod.metadata.deleted.is_some()
            || pod.status.waiting_reason.is_some()
        {
            hops.push(
                HopStep::Pod,
                || HopObject::of(Kind::Pod, &pod.metadata),
                || why!(Msg::NotAnswering, pod.display_status()),
            );
            return Some(Outcome::Refused {
                reason: why!(Msg::PodIs, name, pod.display_status()),
            });
        }
        None
    }

    /// The node of a Traefik pod that takes this request as the ingress controller (on port 80 or a TLS entry
    /// point, when the request has not been through the controller yet).
    fn controller_node(&self, pod: &Pod, port: u16, hops: &Hops) -> Option<usize> {
        if hops.through_controller || !traefik::is_traefik(pod) {
            return None;
        }
        let traefik = traefik::Traefik::of(pod);
        let entry = port == 80
            || traefik::tls_entrypoint(traefik, port)
            || !traefik.v1() && traefik::entrypoint_ports(pod).contains(&port);
        if !entry {
            return None;
        }
        self.nodes
            .iter()
            .position(|n| Some(n.name.as_str()) == pod.spec.node_name.as_deref())
    }
}

/// The container listening on the port, or why the pod refuses: HTTPS to a plain-HTTP pod fails its handshake,
/// and a port nothing listens on is refused.
fn listener<'p>(
    pod: &'p Pod,
    port: u16,
    request: &Request,
    hops: &mut Hops,
) -> Result<&'p Container, Outcome> {
    if request.tls.is_some() && !hops.tls_terminated {
        hops.push(
            HopStep::Pod,
            || HopObject::of(Kind::Pod, &pod.metadata),
            || why!(Msg::PlainHttpNotTls, port),
        );
        return Err(Outcome::HandshakeFailed(TlsFailure::WrongVersion));
    }
    responses::listener(pod, port).ok_or_else(|| {
        hops.push(
            HopStep::Pod,
            || HopObject::of(Kind::Pod, &pod.metadata),
            || why!(Msg::NothingOnPodPort, port, responses::listening(pod)),
        );
        Outcome::Refused {
            reason: why!(Msg::PodNothingListening, &pod.metadata.name, port),
        }
    })
}
