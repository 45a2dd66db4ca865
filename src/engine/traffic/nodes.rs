//! Where a request goes first: what its address stands for (a node, a ClusterIP, a LoadBalancer address, a pod IP,
//! or a Service DNS name from inside), and what listens on a node's port (a hostPort, a NodePort, or nothing).

use std::net::Ipv4Addr;

use crate::engine::api::{ContainerPort, Kind, Pod, PodPhase};
use crate::engine::store::KeyBuf;
use crate::engine::traffic::{why, HopObject, HopStep, Hops, Msg, Outcome, Request};
use crate::engine::Cluster;

/// What an address stands for.
pub(super) enum Address {
    Node(usize),
    ClusterIp(String),
    LoadBalancer(String),
    Pod(String),
    Nothing,
}

impl Cluster {
    /// What an address (or a Service DNS name, from a pod) stands for.
    pub(super) fn resolve(&self, request: &Request) -> Option<Address> {
        let store = &self.store;
        let mut address = request.address.as_str();
        // Node addresses first: most requests go to one, and a string compare is cheaper than parsing.
        if let Some(i) = self.nodes.iter().position(|n| n.internal_ip == address) {
            return Some(Address::Node(i));
        }
        // Inside a pod, localhost is the pod itself.
        if let Some(from) = &request.from_pod {
            if address == "localhost" || address == "127.0.0.1" {
                return Some(Address::Pod(format!("{}/{}", from.namespace, from.name)));
            }
        }
        if address.parse::<Ipv4Addr>().is_err() {
            // Service DNS: svc, svc.ns, svc.ns.svc, svc.ns.svc.cluster.local, only from inside.
            let namespace = &request.from_pod.as_ref()?.namespace;
            let parts: Vec<&str> = address.trim_end_matches('.').split('.').collect();
            let (name, ns) = match parts.as_slice() {
                [name] => (*name, namespace.as_str()),
                [name, ns] | [name, ns, "svc"] | [name, ns, "svc", "cluster", "local"] => {
                    (*name, *ns)
                }
                _ => return None,
            };
            let service = store.services().get(&format!("{ns}/{name}"))?;
            address = service.spec.cluster_ip.as_deref()?;
        }
        if let Some(i) = self.nodes.iter().position(|n| n.internal_ip == address) {
            return Some(Address::Node(i));
        }
        for (key, s) in store.services() {
            if s.spec.cluster_ip.as_deref() == Some(address) {
                return Some(Address::ClusterIp(key.clone()));
            }
            if s.load_balancer_ip.as_deref() == Some(address) {
                return Some(Address::LoadBalancer(key.clone()));
            }
        }
        for (key, p) in store.pods() {
            if p.status.pod_ip.as_deref() == Some(address) && p.metadata.deleted.is_none() {
                return Some(Address::Pod(key.clone()));
            }
        }
        Some(Address::Nothing)
    }

    /// A node's address: a hostPort (the ingress controller), a NodePort, or nothing.
    pub(super) fn reach_node(
        &mut self,
        index: usize,
        request: &Request,
        hops: &mut Hops,
    ) -> Outcome {
        let node = &self.nodes[index];
        if node.stopped.is_some() {
            hops.push(
                HopStep::Node,
                || HopObject::named(Kind::Node, "", &node.name),
                || why!(Msg::MachineDown),
            );
            return Outcome::TimedOut {
                reason: why!(Msg::NodeDown, &node.name, &node.internal_ip),
            };
        }
        let port = i32::from(request.port);
        let host_port = self.store.pods().values().find_map(|p| {
            let here = p.spec.node_name.as_deref() == Some(node.name.as_str())
                && p.metadata.deleted.is_none();
            if !here {
                return None;
            }
            Some((p, host_port(p, port)?))
        });
        if let Some((controller, mapped)) = host_port {
            let container_port = u16::try_from(mapped.container_port).unwrap_or(request.port);
            let controller_name = &controller.metadata.name;
            hops.push(
                HopStep::Node,
                || HopObject::named(Kind::Node, "", &node.name),
                || why!(Msg::HostPort, port, controller_name),
            );
            if !(controller.is_serving() && controller.status.phase == PodPhase::Running) {
                return Outcome::Refused {
                    reason: why!(Msg::HostPortNotRunning, controller_name, port),
                };
            }
            // Copied to the stack: the controller needs `self` mutably once it has chosen a pod.
            let key = KeyBuf::new(controller.metadata.namespace(), controller_name);
            return self.through_ingress_controller(
                key.as_str(),
                index,
                container_port,
                request,
                hops,
            );
        }
        let node_port = self
            .store
            .services()
            .iter()
            .find(|(_, s)| s.spec.ports.iter().any(|p| p.node_port == Some(port)))
            .map(|(k, s)| (k.clone(), s.metadata.name.clone()));
        if let Some((key, name)) = node_port {
            hops.push(
                HopStep::Node,
                || HopObject::named(Kind::Node, "", &node.name),
                || why!(Msg::NodePort, port, &name),
            );
            let node_name = node.name.clone();
            return self.reach_service_port(&key, request.port, Some(&node_name), request, hops);
        }
        hops.push(
            HopStep::Node,
            || HopObject::named(Kind::Node, "", &node.name),
            || why!(Msg::NothingOnPort, port),
        );
        Outcome::Refused {
            reason: why!(Msg::NothingOnNode, &node.internal_ip, port),
        }
    }
}

/// The container port a pod maps a node's `port` to, with a hostPort.
fn host_port(pod: &Pod, port: i32) -> Option<&ContainerPort> {
    pod.spec
        .containers
        .iter()
        .flat_map(|c| &c.ports)
        .find(|cp| cp.host_port == Some(port))
}
