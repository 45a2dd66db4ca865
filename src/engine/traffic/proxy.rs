//! kube-proxy's part of a request, and the balancing every path shares: a Service port to one ready endpoint,
//! round robin per balancer, with an explanation when there is none.

use crate::engine::api::{
    Endpoint, IntOrString, Kind, Pod, Service, SessionAffinity, TrafficPolicy,
};
use crate::engine::store::KeyBuf;
use crate::engine::traffic::{
    responses, why, HopObject, HopStep, Hops, Msg, Outcome, Request, Traffic, Why,
};
use crate::engine::Cluster;

/// Who spreads requests over a Service's endpoints; each keeps its own round-robin position.
#[derive(Debug, Clone, Copy)]
pub(super) enum Balancer {
    /// kube-proxy, for ClusterIP, NodePort and LoadBalancer traffic.
    KubeProxy,
    /// The ingress controller instance on node number N.
    Traefik(usize),
}

/// SplitMix64: spreads a counter into a number that looks random, the same on every run.
fn mix(n: u64) -> u64 {
    let mut z = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Which of `count` ready endpoints a balancer's turn lands on. kube-proxy picks at random (iptables' statistic
/// module); a seeded mix of the request count keeps runs repeatable. Traefik goes round the endpoints in turn.
fn draw(balancer: Balancer, turn: &mut u64, count: usize) -> usize {
    let draw = match balancer {
        Balancer::KubeProxy => mix(*turn),
        Balancer::Traefik(_) => *turn,
    };
    *turn += 1;
    usize::try_from(draw % count as u64).unwrap_or(0)
}

/// The endpoint a balancer chose, and how sessionAffinity took part.
struct Pick<'e> {
    endpoint: &'e Endpoint,
    affinity: Affinity,
}

/// How sessionAffinity ClientIP took part in a pick, with the client it keys on.
enum Affinity {
    Off,
    /// A new pick, remembered for the client.
    Kept(String),
    /// The endpoint the client had before, still ready.
    Again(String),
}

impl Traffic {
    /// The `nth` ready endpoint, or, under sessionAffinity (`client` set), the one the client had while it stays
    /// ready; the choice is remembered for the client.
    fn pick<'e>(
        &mut self,
        key: &str,
        client: Option<String>,
        mut ready: impl Iterator<Item = &'e Endpoint> + Clone,
        nth: usize,
    ) -> Pick<'e> {
        let again = client.as_deref().and_then(|client| {
            let pod = self.affinity_of(key, client)?;
            ready.clone().find(|e| e.pod == pod)
        });
        let endpoint = match again {
            Some(endpoint) => endpoint,
            None => {
                let Some(endpoint) = ready.nth(nth) else {
                    unreachable!("nth is below the count of ready endpoints");
                };
                endpoint
            }
        };
        let affinity = match client {
            None => Affinity::Off,
            Some(client) => {
                self.remember(key, client.clone(), endpoint.pod.clone());
                if again.is_some() {
                    Affinity::Again(client)
                } else {
                    Affinity::Kept(client)
                }
            }
        };
        Pick { endpoint, affinity }
    }
}

/// The Service hop's explanation of a pick: the port, the selector, how many were ready, who chose and which.
fn picked(service: &Service, port: i32, count: usize, node: Option<&str>, pick: &Pick) -> Why {
    let selector = crate::engine::api::Labels::iter(&service.spec.selector)
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",");
    let (msg, client) = match &pick.affinity {
        Affinity::Off => (Msg::Picked, ""),
        Affinity::Kept(client) => (Msg::PickedToKeep, client.as_str()),
        Affinity::Again(client) => (Msg::PickedAgain, client.as_str()),
    };
    let balancer = node.map_or("kube-proxy".to_string(), |n| format!("traefik@{n}"));
    why!(
        msg,
        port,
        selector,
        count,
        balancer,
        &pick.endpoint.ip,
        &pick.endpoint.node,
        client
    )
}

impl Cluster {
    /// kube-proxy: a Service port (by its port, or its NodePort when `via_node` is set) to one ready endpoint.
    pub(super) fn reach_service_port(
        &mut self,
        key: &str,
        port: u16,
        via_node: Option<&str>,
        request: &Request,
        hops: &mut Hops,
    ) -> Outcome {
        let Some(service) = self.store.services().get(key) else {
            return Outcome::Refused {
                reason: why!(Msg::ServiceGone, key),
            };
        };
        let port = i32::from(port);
        let Some(index) = service.spec.ports.iter().position(|p| {
            if via_node.is_some() {
                p.node_port == Some(port)
            } else {
                p.port == port
            }
        }) else {
            hops.push(
                HopStep::Service,
                || HopObject::of(Kind::Service, &service.metadata),
                || why!(Msg::ServiceNoPort, port),
            );
            return Outcome::Refused {
                reason: why!(Msg::ServiceNoPortReason, &service.metadata.name, port),
            };
        };
        let local_only =
            via_node.filter(|_| service.spec.external_traffic_policy == Some(TrafficPolicy::Local));
        self.balance(
            key,
            index,
            Balancer::KubeProxy,
            local_only,
            request,
            hops,
            None,
        )
    }

    /// Picks the next ready endpoint of a Service port, round robin per balancer, and hands the request to its pod.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn balance(
        &mut self,
        key: &str,
        port_index: usize,
        balancer: Balancer,
        local_only: Option<&str>,
        request: &Request,
        hops: &mut Hops,
        client_ip: Option<std::net::Ipv4Addr>,
    ) -> Outcome {
        let Some(service) = self.store.services().get(key) else {
            return Outcome::Refused {
                reason: why!(Msg::ServiceGone, key),
            };
        };
        let meta = &service.metadata;
        let sp = &service.spec.ports[port_index];
        let ready = |e: &&Endpoint| e.ready && local_only.is_none_or(|n| e.node == n);
        let endpoints = self
            .store
            .endpoints
            .get(key)
            .map_or(&[][..], |s| &s.endpoints[..]);
        let count = endpoints.iter().filter(ready).count();
        if count == 0 {
            return self.no_endpoints(service, balancer, local_only, hops);
        }
        let node = match balancer {
            Balancer::KubeProxy => None,
            Balancer::Traefik(node) => Some(self.nodes[node].name.as_str()),
        };
        let client = self.affinity_client(service, balancer, request);
        let nth = draw(balancer, self.traffic.turn(node, key, port_index), count);
        let pick = self
            .traffic
            .pick(key, client, endpoints.iter().filter(ready), nth);
        let chosen = pick.endpoint;
        hops.push(
            HopStep::Service,
            || HopObject::of(Kind::Service, meta),
            || picked(service, sp.port, count, node, &pick),
        );
        let target = chosen.ports.get(port_index).copied().unwrap_or(sp.port);
        hops.push(
            HopStep::Endpoint,
            || HopObject::named(Kind::Pod, meta.namespace(), &chosen.pod),
            || match &sp.target_port {
                Some(IntOrString::String(name)) => {
                    why!(Msg::EndpointNamedPort, &chosen.ip, target, name)
                }
                _ => why!(Msg::EndpointPort, &chosen.ip, target),
            },
        );
        let pod_key = KeyBuf::new(meta.namespace(), &chosen.pod);
        self.reach_pod(
            pod_key.as_str(),
            u16::try_from(target).unwrap_or(0),
            request,
            hops,
            client_ip,
        )
    }

    /// A Service port without a ready endpoint: kube-proxy refuses the connection, Traefik answers 503.
    fn no_endpoints(
        &self,
        service: &Service,
        balancer: Balancer,
        local_only: Option<&str>,
        hops: &mut Hops,
    ) -> Outcome {
        hops.push(
            HopStep::Service,
            || HopObject::of(Kind::Service, &service.metadata),
            || self.why_no_endpoints(service, local_only),
        );
        match balancer {
            Balancer::KubeProxy => Outcome::Refused {
                reason: why!(Msg::NoReadyEndpoints, &service.metadata.name),
            },
            Balancer::Traefik(_) => Outcome::Answered {
                response: responses::controller_error(503),
                pod: None,
            },
        }
    }

    /// The client sessionAffinity ClientIP keys on, when kube-proxy balances a Service that has it.
    fn affinity_client(
        &self,
        service: &Service,
        balancer: Balancer,
        request: &Request,
    ) -> Option<String> {
        let affinity = matches!(balancer, Balancer::KubeProxy)
            && service.spec.session_affinity == Some(SessionAffinity::ClientIP);
        affinity.then(|| {
            self.client_ip(request)
                .map(|ip| ip.to_string())
                .unwrap_or_default()
        })
    }

    /// The ready endpoints of the Service `namespace/name`.
    pub(super) fn ready_endpoints(&self, key: &str) -> impl Iterator<Item = &Endpoint> {
        self.store
            .endpoints
            .get(key)
            .into_iter()
            .flat_map(|s| s.endpoints.iter().filter(|e| e.ready))
    }

    /// Explains an empty endpoint list: no pod matches the selector, or none is ready, or none on this node.
    fn why_no_endpoints(&self, service: &Service, local_only: Option<&str>) -> Why {
        let meta = &service.metadata;
        let selector = &service.spec.selector;
        let same_namespace: Vec<&Pod> = self
            .store
            .pods()
            .values()
            .filter(|p| p.metadata.namespace() == meta.namespace())
            .collect();
        let matching = same_namespace
            .iter()
            .filter(|p| crate::engine::api::selector_matches(selector, &p.metadata.labels))
            .count();
        if let Some(node) = local_only {
            return why!(Msg::LocalNoEndpoint, node);
        }
        let wanted = selector
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",");
        if matching == 0 {
            // A workload whose pods would match but that runs none: scaled to zero, not a typo.
            let idle = self.store.deployments().values().find(|d| {
                d.metadata.namespace() == meta.namespace()
                    && d.spec.replicas == Some(0)
                    && !selector.is_empty()
                    && crate::engine::api::selector_matches(
                        selector,
                        &d.spec.template.metadata.labels,
                    )
            });
            if let Some(d) = idle {
                return why!(Msg::ScaledToZero, wanted, &d.metadata.name);
            }
            let near: Vec<String> = crate::engine::order::set_from(
                same_namespace
                    .iter()
                    .flat_map(|p| p.metadata.labels.iter().map(|(k, v)| format!("{k}={v}")))
                    .filter(|label| !label.starts_with("pod-template-hash")),
            )
            .into_iter()
            .collect();
            return if near.is_empty() {
                why!(Msg::SelectsNoPod, wanted)
            } else {
                why!(Msg::SelectsNoPodHere, wanted, near.join(", "))
            };
        }
        why!(Msg::NoneReady, wanted, matching)
    }
}
