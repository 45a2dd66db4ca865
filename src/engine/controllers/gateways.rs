//! The status Traefik's Gateway provider writes, while a Traefik pod with `--providers.kubernetesgateway` runs:
//! its GatewayClasses `Accepted`, each Gateway's listeners (valid when an entry point has their port) and
//! addresses, and each HTTPRoute's `parents[]` with `Accepted` and `ResolvedRefs`, with Traefik's reasons and
//! messages. Without a running controller, statuses stay as they were (at first the CRDs' "Waiting for controller").

use crate::engine::api::{ConditionStatus, Pod, PodPhase};
use crate::engine::gateway::routes::{
    attaches, names_gateway, ListenerRef, NotAttached, TRAEFIK_CONTROLLER,
};
use crate::engine::gateway::{
    backends, Gateway, GatewayStatus, GwCondition, HttpRoute, ListenerProtocol, ListenerStatus,
    RouteParentStatus, RouteStatus,
};
use crate::engine::store::Store;
use crate::engine::traffic::traefik::{
    entrypoint_ports, flag, gateway_provider, gateway_status_address, Published, Traefik,
};
use crate::engine::{Cluster, Millis};

const SCHEDULED: &str = "Gateway successfully scheduled";
const NO_ERROR: &str = "No error found";

/// A condition about to be written; its transition time comes from the one it replaces.
fn condition(
    type_: &'static str,
    ok: bool,
    reason: &'static str,
    message: impl Into<String>,
    generation: u64,
) -> GwCondition {
    GwCondition {
        type_,
        status: Some(if ok {
            ConditionStatus::True
        } else {
            ConditionStatus::False
        }),
        reason,
        message: message.into(),
        observed_generation: generation,
        last_transition: 0,
    }
}

/// Keeps each condition's transition time when its status did not change; `now` otherwise.
fn stamped(mut new: Vec<GwCondition>, old: &[GwCondition], now: Millis) -> Vec<GwCondition> {
    for c in &mut new {
        c.last_transition = old
            .iter()
            .find(|o| o.type_ == c.type_ && o.status == c.status)
            .map_or(now, |o| o.last_transition);
    }
    new
}

/// The running Traefik pod that runs the Gateway provider, if any.
fn controller(store: &Store) -> Option<&Pod> {
    store.pods().values().find(|p| {
        gateway_provider(Traefik::of(p))
            && p.status.phase == PodPhase::Running
            && p.metadata.deleted.is_none()
    })
}

impl Cluster {
    /// Writes the Gateway API statuses; whether anything changed.
    pub(crate) fn sync_gateways(&mut self) -> bool {
        // Nothing to write: spares looking through every pod for the controller, each round.
        let store = &self.store;
        if store.gatewayclasses().is_empty()
            && store.gateways().is_empty()
            && store.httproutes().is_empty()
        {
            return false;
        }
        let Some(provider) = provider(&self.store) else {
            return false;
        };
        let now = self.now;
        let mut changed = false;
        let classes: Vec<String> = self.store.gatewayclasses().keys().cloned().collect();
        for key in classes {
            let class = &self.store.gatewayclasses()[&key];
            if class.spec.controller_name != TRAEFIK_CONTROLLER {
                continue;
            }
            let want = vec![condition(
                "Accepted",
                true,
                "Handled",
                "Handled by Traefik controller",
                class.metadata.generation,
            )];
            let want = stamped(want, &class.status.conditions, now);
            if want != class.status.conditions {
                if let Some(c) = self
                    .store
                    .write::<crate::engine::gateway::GatewayClass>()
                    .get_mut(&key)
                {
                    c.status.conditions = want;
                }
                changed = true;
            }
        }
        let gateways: Vec<String> =
            crate::engine::gateway::routes::controlled(&self.store, TRAEFIK_CONTROLLER)
                .map(|g| format!("{}/{}", g.metadata.namespace(), g.metadata.name))
                .collect();
        for key in &gateways {
            let gateway = &self.store.gateways()[key];
            let want = self.gateway_status(gateway, &provider);
            if want != gateway.status {
                if let Some(g) = self.store.write::<Gateway>().get_mut(key) {
                    g.status = want;
                }
                changed = true;
            }
        }
        let routes: Vec<String> = self.store.httproutes().keys().cloned().collect();
        for key in routes {
            let route = &self.store.httproutes()[&key];
            let want = route_status(&self.store, route, &provider.ports, now);
            if want != route.status {
                if let Some(r) = self.store.write::<HttpRoute>().get_mut(&key) {
                    r.status = want;
                }
                changed = true;
            }
        }
        changed
    }

    fn gateway_status(&self, gateway: &Gateway, provider: &Provider) -> GatewayStatus {
        let generation = gateway.metadata.generation;
        let old = &gateway.status;
        let ports = &provider.ports;
        let listeners: Vec<ListenerStatus> = gateway
            .spec
            .listeners
            .iter()
            .map(|l| {
                let before = old
                    .listeners
                    .iter()
                    .find(|o| o.name == l.name)
                    .map_or(&[][..], |o| &o.conditions[..]);
                let listener = ListenerRef {
                    gateway,
                    listener: l,
                };
                let (conditions, kinds) =
                    listener_conditions(&self.store, listener, ports, generation);
                let attached = if kinds.is_empty() {
                    0
                } else {
                    attached_routes(&self.store, listener)
                };
                ListenerStatus {
                    name: l.name.clone(),
                    supported_kinds: kinds,
                    attached_routes: attached,
                    conditions: stamped(conditions, before, self.now),
                }
            })
            .collect();
        let valid = listeners.iter().all(|l| programmed(&l.conditions));
        let conditions = if valid {
            vec![
                condition("Accepted", true, "Accepted", SCHEDULED, generation),
                condition("Programmed", true, "Programmed", SCHEDULED, generation),
            ]
        } else {
            vec![condition(
                "Accepted",
                false,
                "ListenersNotValid",
                "All Listeners must be valid",
                generation,
            )]
        };
        GatewayStatus {
            conditions: stamped(conditions, &old.conditions, self.now),
            addresses: provider.addresses.clone(),
            listeners,
        }
    }
}

/// What the running Traefik tells its Gateways: its entry points' ports and the addresses it publishes
/// (`statusaddress`: an IP, a host name, or a Service's load-balancer address). Read once per reconcile round.
struct Provider {
    ports: Vec<u16>,
    addresses: Vec<String>,
}

fn provider(store: &Store) -> Option<Provider> {
    let traefik = controller(store)?;
    let addresses = match gateway_status_address(traefik) {
        Some(Published::Ip(ip)) => vec![ip.to_string()],
        Some(Published::Hostname(host)) => vec![host.to_string()],
        Some(Published::Service(name)) => {
            let ns = flag(
                traefik,
                "--providers.kubernetesgateway.statusaddress.service.namespace",
            )
            .unwrap_or("default");
            store
                .services()
                .get(&format!("{ns}/{name}"))
                .and_then(|s| s.load_balancer_ip.clone())
                .into_iter()
                .collect()
        }
        None => Vec::new(),
    };
    Some(Provider {
        ports: entrypoint_ports(traefik),
        addresses,
    })
}

/// A listener's conditions and the route kinds it takes (none when it is not valid).
fn listener_conditions(
    store: &Store,
    l: ListenerRef,
    ports: &[u16],
    generation: u64,
) -> (Vec<GwCondition>, Vec<&'static str>) {
    let listener = l.listener;
    if !matches!(
        listener.protocol,
        ListenerProtocol::HTTP | ListenerProtocol::HTTPS
    ) {
        let message = format!(
            "Unsupported listener protocol {:?}",
            listener.protocol.as_str()
        );
        return (
            vec![condition(
                "Conflicted",
                true,
                "UnsupportedProtocol",
                message,
                generation,
            )],
            Vec::new(),
        );
    }
    if !ports.iter().any(|&p| i32::from(p) == listener.port) {
        let message = format!(
            "Cannot find entryPoint for Gateway: no matching entryPoint for port {} and protocol {:?}",
            listener.port,
            listener.protocol.as_str()
        );
        return (
            vec![condition(
                "Accepted",
                false,
                "PortUnavailable",
                message,
                generation,
            )],
            Vec::new(),
        );
    }
    // A certificate Traefik cannot load leaves the listener unprogrammed, but it still takes its route kinds and
    // counts the routes attached to it, as Traefik writes it.
    if let Some(problem) = certificate_problem(store, l) {
        let failed = vec![
            condition("ResolvedRefs", false, problem.0, problem.1, generation),
            condition(
                "Programmed",
                false,
                "Invalid",
                "Invalid CertificateRefs",
                generation,
            ),
        ];
        return (failed, vec!["HTTPRoute", "GRPCRoute"]);
    }
    let ok = vec![
        condition("Accepted", true, "Accepted", NO_ERROR, generation),
        condition("ResolvedRefs", true, "ResolvedRefs", NO_ERROR, generation),
        condition("Programmed", true, "Programmed", NO_ERROR, generation),
    ];
    (ok, vec!["HTTPRoute", "GRPCRoute"])
}

/// Whether a listener's `Programmed` condition is True.
fn programmed(conditions: &[GwCondition]) -> bool {
    conditions
        .iter()
        .any(|c| c.type_ == "Programmed" && c.status == Some(ConditionStatus::True))
}

/// How many routes attach to a listener.
fn attached_routes(store: &Store, l: ListenerRef) -> u32 {
    let count = store
        .httproutes()
        .values()
        .filter(|r| {
            r.spec
                .parent_refs
                .iter()
                .any(|p| attaches(store, r, p, l).is_ok())
        })
        .count();
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// The route's `parents[]`: one entry per parentRef naming a Gateway Traefik runs.
fn route_status(store: &Store, route: &HttpRoute, ports: &[u16], now: Millis) -> RouteStatus {
    let generation = route.metadata.generation;
    let ns = route.metadata.namespace();
    let mut parents = Vec::new();
    for parent in &route.spec.parent_refs {
        let Some(gateway) = crate::engine::gateway::routes::controlled(store, TRAEFIK_CONTROLLER)
            .find(|g| names_gateway(parent, ns, g))
        else {
            continue;
        };
        let mut reason = NotAttached::NoMatchingParent;
        let mut accepted = false;
        for listener in &gateway.spec.listeners {
            let l = ListenerRef { gateway, listener };
            let (conditions, kinds) = listener_conditions(store, l, ports, 0);
            match attaches(store, route, parent, l) {
                Ok(_) if programmed(&conditions) => accepted = true,
                Ok(_) if kinds.is_empty() => reason = NotAttached::NotAllowedByListeners,
                // A listener Traefik did not program (its certificate) attaches nothing: NoMatchingParent stands.
                Ok(_) => {}
                Err(NotAttached::NoMatchingParent) => {}
                Err(other) => reason = other,
            }
        }
        let accepted = if accepted {
            condition("Accepted", true, "Accepted", "", generation)
        } else {
            condition("Accepted", false, reason.reason(), "", generation)
        };
        let problem = route
            .spec
            .rules
            .iter()
            .flat_map(|r| &r.backend_refs)
            .find_map(|b| backends::unresolved(store, route, b));
        let resolved = match problem {
            None => condition("ResolvedRefs", true, "ResolvedRefs", "", generation),
            Some(p) => condition("ResolvedRefs", false, p.reason, p.message, generation),
        };
        let old = route
            .status
            .parents
            .iter()
            .find(|p| p.parent == *parent)
            .map_or(&[][..], |p| &p.conditions[..]);
        parents.push(RouteParentStatus {
            parent: parent.clone(),
            controller_name: TRAEFIK_CONTROLLER.to_string(),
            conditions: stamped(vec![accepted, resolved], old, now),
        });
    }
    RouteStatus { parents }
}

/// Why an HTTPS listener's certificate cannot be loaded, as Traefik says it: the reason and message.
fn certificate_problem(store: &Store, l: ListenerRef) -> Option<(&'static str, String)> {
    if l.listener.protocol != ListenerProtocol::HTTPS {
        return None;
    }
    let gateway_ns = l.gateway.metadata.namespace();
    let refs = l
        .listener
        .tls
        .as_ref()
        .map_or(&[][..], |t| &t.certificate_refs[..]);
    let Some(first) = refs.first() else {
        return Some((
            "InvalidCertificateRef",
            "One TLS CertificateRef is required in Terminate mode".into(),
        ));
    };
    let ns = first.namespace.as_deref().unwrap_or(gateway_ns);
    let name = &first.name;
    if ns != gateway_ns
        && !crate::engine::gateway::backends::grants(
            store, ns, "Gateway", gateway_ns, "Secret", name,
        )
    {
        return Some((
            "RefNotPermitted",
            format!("Cannot reference CertificateRef {ns}/{name}: missing ReferenceGrant"),
        ));
    }
    if !store.secrets().contains_key(&format!("{ns}/{name}")) {
        return Some((
            "InvalidCertificateRef",
            format!("Cannot load CertificateRef {ns}/{name}: getting secret: secret \"{name}\" not found"),
        ));
    }
    None
}
