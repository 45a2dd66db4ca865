//! The last hop: a pod answers if it runs and something listens on the port, as its image would; nginx logs it.

use std::net::Ipv4Addr;

use crate::engine::api::{Kind, PodPhase};
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
            return Outcome::TimedOut {
                reason: why!(Msg::OnDownNode, name),
            };
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
            return Outcome::Refused {
                reason: why!(Msg::PodIs, name, pod.display_status()),
            };
        }
        // A Service in front of the ingress controller (a LoadBalancer, a NodePort) hands the request to Traefik.
        if !hops.through_controller
            && traefik::is_traefik(pod)
            && (port == 80 || traefik::tls_entrypoint(pod, port))
        {
            let node = self
                .nodes
                .iter()
                .position(|n| Some(n.name.as_str()) == pod.spec.node_name.as_deref());
            if let Some(node) = node {
                let key = key.to_string();
                return self.through_ingress_controller(&key, node, port, request, hops);
            }
        }
        if request.tls.is_some() && !hops.tls_terminated {
            hops.push(
                HopStep::Pod,
                || HopObject::of(Kind::Pod, &pod.metadata),
                || why!(Msg::PlainHttpNotTls, port),
            );
            return Outcome::HandshakeFailed(TlsFailure::WrongVersion);
        }
        let Some(container) = responses::listener(pod, port) else {
            hops.push(
                HopStep::Pod,
                || HopObject::of(Kind::Pod, &pod.metadata),
                || why!(Msg::NothingOnPodPort, port, responses::listening(pod)),
            );
            return Outcome::Refused {
                reason: why!(Msg::PodNothingListening, name, port),
            };
        };
        let response = responses::answer(pod, container, request, self.now);
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
        let name = name.clone();
        // Of the images kplay knows, nginx writes an access log.
        if crate::engine::images::split(&container.image).0 != "nginx" {
            return Outcome::Answered {
                response,
                pod: Some(name),
            };
        }
        let client = client_ip.or_else(|| self.client_ip(request));
        self.log(key, client, request, &response);
        Outcome::Answered {
            response,
            pod: Some(name),
        }
    }
}
