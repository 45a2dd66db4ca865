//! The cluster model: objects, controllers and a virtual clock. Pure Rust; it never names the browser.
//!
//! Every change goes through [`Cluster::apply`] with a [`Command`]; it returns the [`Event`]s the change caused. Time
//! only moves when a [`Command::Advance`] says so, and all randomness comes from the cluster's own seeded RNG, so the
//! same seed and the same commands give the same cluster, byte for byte, on every platform.

pub mod api;
pub mod certs;
mod controllers;
pub mod defaults;
pub mod events;
pub mod gateway;
pub mod images;
pub mod json;
pub(crate) mod kinds;
pub mod manifest;
pub mod names;
pub mod order;
mod patch;
pub mod schema;
mod store;
pub mod traffic;
pub mod validation;
pub mod why;

use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;
use serde::{Deserialize, Serialize};

use crate::engine::api::{Kind, Labels, Node, Object, Pod, Taint, TaintEffect};
#[cfg(test)]
pub(crate) use crate::engine::controllers::MAX_ROUNDS;
pub(crate) use crate::engine::controllers::{current_replicaset, revision, POD_TEMPLATE_HASH};
use crate::engine::manifest::Manifest;
pub use crate::engine::patch::Patch;
pub use crate::engine::store::Store;

/// Virtual time in milliseconds since the cluster was created.
pub type Millis = u64;

/// Kubernetes version kplay models.
pub const KUBERNETES_VERSION: &str = "v1.34.0";

/// The wall-clock moment virtual time 0 stands for (2026-01-01T00:00:00Z), so timestamps print the same everywhere.
pub const EPOCH_UNIX_SECONDS: u64 = 1_767_225_600;

/// A virtual time as Kubernetes prints timestamps: RFC 3339, whole seconds, UTC.
pub fn timestamp(millis: Millis) -> String {
    let at =
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(EPOCH_UNIX_SECONDS + millis / 1000);
    humantime::format_rfc3339_seconds(at).to_string()
}

/// How long the cluster has been up when a session starts, so its nodes and namespaces are older than anything the
/// learner creates, as on a real cluster.
pub const CLUSTER_AGE_AT_START: Millis = 15 * 60 * 1000;

/// A virtual time as calendar parts, for the date formats of describe, HTTP and nginx's log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    pub year: u32,
    /// `Jan`...`Dec`.
    pub month: &'static str,
    pub day: u32,
    pub hour: u64,
    pub minute: u64,
    pub second: u64,
    /// `Mon`...`Sun`.
    pub weekday: &'static str,
}

impl Civil {
    pub fn at(millis: Millis) -> Civil {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        // 1970-01-01 was a Thursday.
        const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
        let seconds = EPOCH_UNIX_SECONDS + millis / 1000;
        let stamp = timestamp(millis);
        let mut date = stamp
            .split('T')
            .next()
            .unwrap_or("")
            .split('-')
            .map(|p| p.parse::<u32>().unwrap_or(1));
        let (year, month, day) = (
            date.next().unwrap_or(1970),
            date.next().unwrap_or(1),
            date.next().unwrap_or(1),
        );
        Civil {
            year,
            month: MONTHS[usize::try_from(month.clamp(1, 12) - 1).unwrap_or(0)],
            day,
            hour: (seconds % 86_400) / 3600,
            minute: (seconds % 3600) / 60,
            second: seconds % 60,
            weekday: DAYS[usize::try_from((seconds / 86_400) % 7).unwrap_or(0)],
        }
    }
}

/// kplay keeps clusters small enough to draw and to run in a page.
pub const MAX_REPLICAS: i32 = 1000;

/// Every change to the cluster.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// `kubectl apply`: create each object or update it in place.
    Apply(Vec<Manifest>),
    /// `kubectl delete`: begin graceful deletion of one object; `grace` overrides a pod's grace period (seconds; 0
    /// removes it at once, as `--force --grace-period=0` does).
    Delete {
        kind: Kind,
        namespace: String,
        name: String,
        grace: Option<u64>,
    },
    /// `kubectl scale`, `set image`, `label`, `annotate`, `rollout restart`: change part of one object.
    Patch {
        kind: Kind,
        namespace: String,
        name: String,
        patch: Patch,
    },
    /// `kubectl cordon` (true) and `uncordon` (false).
    Cordon { node: String, unschedulable: bool },
    /// A machine stops, starts, joins or leaves the cluster.
    Node(NodeChange),
    /// Send an HTTP request through the cluster.
    Request(traffic::Request),
    /// Choose how the ingress controller reads Ingress rules.
    IngressMode(traffic::IngressMode),
    /// Install a MetalLB-style load balancer that gives LoadBalancer Services addresses from this range.
    LoadBalancerPool {
        first: std::net::Ipv4Addr,
        last: std::net::Ipv4Addr,
    },
    /// Let virtual time pass, running controllers and kubelets as it goes.
    Advance(Millis),
}

/// What happens to a machine of the cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeChange {
    /// Power off: its kubelet stops reporting and its pods stop, but the API does not know yet.
    Stop(String),
    /// Power back on.
    Start(String),
    /// A new worker joins.
    Add,
    /// `kubectl delete node`: the node leaves and its pods with it.
    Remove(String),
}

/// What a command did, for the shell to print and the UI to animate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Applied {
        kind: Kind,
        namespace: String,
        name: String,
        change: Change,
    },
    /// The object was refused; `message` is what kubectl prints for it, `causes` the field paths and messages of
    /// each validation error, so an editor can point at them.
    Rejected {
        kind: Kind,
        name: String,
        reason: Refusal,
        message: String,
        causes: Vec<(String, String)>,
    },
    Deleted {
        kind: Kind,
        namespace: String,
        name: String,
    },
    NotFound {
        kind: Kind,
        namespace: String,
        name: String,
    },
    /// A request went through the cluster.
    Served(Box<traffic::Trace>),
}

/// Why the API server refused an object, which decides how kubectl prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Validation failed: kubectl prints the message as it is.
    Invalid,
    /// Something the object needs does not exist (its namespace): kubectl prints `Error from server (NotFound)`.
    NotFound,
}

/// How `kubectl apply` reports an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Created,
    Configured,
    Unchanged,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Created => "created",
            Change::Configured => "configured",
            Change::Unchanged => "unchanged",
        }
    }
}

/// A whole cluster: its nodes, its objects, its clock and its RNG. Serialisable, so it can be saved and replayed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cluster {
    now: Millis,
    rng: ChaCha8Rng,
    nodes: Vec<Node>,
    store: Store,
    /// The addresses a MetalLB-style load balancer hands to LoadBalancer Services, once one is installed.
    #[serde(default)]
    lb_pool: Option<(std::net::Ipv4Addr, std::net::Ipv4Addr)>,
    /// Round-robin positions and access logs that requests leave behind.
    #[serde(default)]
    traffic: traffic::Traffic,
    /// How the ingress controller reads Ingress rules.
    #[serde(default)]
    ingress_mode: traffic::IngressMode,
    /// The most rounds any reconcile has taken, for the test that every command settles well within the bound.
    #[serde(skip)]
    most_rounds: u32,
}

impl Cluster {
    /// A control-plane node and `workers` worker nodes (at least one), with nothing applied but the `kubernetes`
    /// Service.
    pub fn new(seed: u64, workers: u8) -> Cluster {
        let workers = workers.clamp(1, 10);
        let nodes = (0..=workers).map(node).collect();
        let mut cluster = Cluster {
            now: 0,
            rng: ChaCha8Rng::seed_from_u64(seed),
            nodes,
            store: Store::default(),
            lb_pool: None,
            traffic: traffic::Traffic::default(),
            ingress_mode: traffic::IngressMode::Spec,
            most_rounds: 0,
        };
        // The cluster's own objects date from its creation at virtual time 0.
        cluster.now = 0;
        cluster.bootstrap();
        cluster.now = CLUSTER_AGE_AT_START;
        cluster
    }

    pub fn now(&self) -> Millis {
        self.now
    }

    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The load balancer's address range, if one is installed.
    /// How the ingress controller reads Ingress rules: as the Kubernetes spec says, or as Traefik does.
    pub fn ingress_mode(&self) -> traffic::IngressMode {
        self.ingress_mode
    }

    pub fn lb_pool(&self) -> Option<(std::net::Ipv4Addr, std::net::Ipv4Addr)> {
        self.lb_pool
    }

    /// Carries out one command, lets the controllers settle, and says what happened.
    pub fn apply(&mut self, command: Command) -> Vec<Event> {
        // A request changes nothing the controllers watch, so it needs no reconcile after it.
        let settles = !matches!(command, Command::Request(_));
        let events = match command {
            Command::Apply(manifests) => manifests
                .into_iter()
                .map(|manifest| self.apply_object(manifest.object))
                .collect(),
            Command::Delete {
                kind,
                namespace,
                name,
                grace,
            } => vec![self.delete(kind, &namespace, &name, grace)],
            Command::Patch {
                kind,
                namespace,
                name,
                patch,
            } => vec![self.patch(kind, &namespace, &name, patch)],
            Command::Cordon {
                node,
                unschedulable,
            } => vec![self.cordon(&node, unschedulable)],
            Command::Node(change) => vec![self.change_node(change)],
            Command::Request(request) => vec![Event::Served(Box::new(self.route(request)))],
            Command::IngressMode(mode) => {
                self.ingress_mode = mode;
                Vec::new()
            }
            Command::LoadBalancerPool { first, last } => {
                self.lb_pool = Some((first, last));
                Vec::new()
            }
            Command::Advance(millis) => {
                self.advance(millis);
                Vec::new()
            }
        };
        if settles {
            self.reconcile();
        }
        events
    }

    /// Moves the clock forward, stopping at each moment something is due so every transition happens on time.
    fn advance(&mut self, millis: Millis) {
        let target = self.now.saturating_add(millis);
        loop {
            self.reconcile();
            match self.next_due().filter(|&due| due <= target) {
                Some(due) => self.now = due.max(self.now),
                None => break,
            }
        }
        self.now = target;
    }

    fn apply_object(&mut self, mut object: Object) -> Event {
        let kind = object.kind();
        let meta = object.meta();
        let name = meta.name.clone();
        let namespace = meta.namespace().to_string();
        if kind.namespaced()
            && !self
                .store
                .namespaces()
                .contains_key(&store::key("", &namespace))
        {
            return Event::Rejected {
                kind,
                name,
                reason: Refusal::NotFound,
                message: format!("namespaces \"{namespace}\" not found"),
                causes: Vec::new(),
            };
        }
        // As in the API server: defaults first, then validation of the defaulted object against the stored one.
        object.default_fields();
        if let Some((message, causes)) = self.invalid(&object) {
            return Event::Rejected {
                kind,
                name,
                reason: Refusal::Invalid,
                message,
                causes,
            };
        }
        let now = self.now;
        let change = self.store.upsert(object, now, &mut self.rng);
        Event::Applied {
            kind,
            namespace,
            name,
            change,
        }
    }

    /// kubectl's message for an object validation refuses, with each cause's field and message, if it does.
    pub(crate) fn invalid(&self, object: &Object) -> Option<(String, Vec<(String, String)>)> {
        let meta = object.meta();
        let kind = object.kind();
        let old = self.store.objects(kind).into_iter().find(|o| {
            o.meta().name == meta.name
                && (!kind.namespaced() || o.meta().namespace() == meta.namespace())
        });
        let errors = object.validate(old.as_ref(), &self.store);
        let causes = errors
            .iter()
            .map(|e| (e.field().to_string(), e.message()))
            .collect();
        (!errors.is_empty()).then(|| {
            (
                validation::kubectl_message(kind, &meta.name, &errors),
                causes,
            )
        })
    }

    fn delete(&mut self, kind: Kind, namespace: &str, name: &str, grace: Option<u64>) -> Event {
        let (namespace, name) = (namespace.to_string(), name.to_string());
        if self.store.begin_delete(kind, &namespace, &name, self.now) {
            let key = format!("{namespace}/{name}");
            if let (Some(grace), Some(pod)) = (grace, self.store.write::<Pod>().get_mut(&key)) {
                pod.metadata.deletion_grace_period_seconds = Some(grace);
            }
            Event::Deleted {
                kind,
                namespace,
                name,
            }
        } else {
            Event::NotFound {
                kind,
                namespace,
                name,
            }
        }
    }
}

/// Node `index`: 0 is the control plane (tainted so workloads stay off it), then `kplay-worker`, `kplay-worker2`...
pub(crate) fn node(index: u8) -> Node {
    let control_plane = index == 0;
    let name = match index {
        0 => "kplay-control-plane".to_string(),
        1 => "kplay-worker".to_string(),
        n => format!("kplay-worker{n}"),
    };
    let mut labels = Labels::from([
        ("kubernetes.io/arch".to_string(), "amd64".to_string()),
        ("kubernetes.io/hostname".to_string(), name.clone()),
        ("kubernetes.io/os".to_string(), "linux".to_string()),
    ]);
    let mut taints = Vec::new();
    if control_plane {
        labels.insert(
            "node-role.kubernetes.io/control-plane".to_string(),
            String::new(),
        );
        taints.push(Taint {
            key: "node-role.kubernetes.io/control-plane".to_string(),
            value: None,
            effect: TaintEffect::NoSchedule,
        });
    }
    Node {
        name,
        internal_ip: format!("192.168.0.{}", 10 + u16::from(index)),
        control_plane,
        pod_cidr: format!("10.244.{index}.0/24"),
        ready: true,
        unschedulable: false,
        created: 0,
        labels,
        taints,
        uid: {
            let h = names::fnv32a(format!("node-{index}").as_bytes());
            format!(
                "{h:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
                h >> 16,
                h & 0xfff,
                (h >> 8) & 0xfff,
                u64::from(h) * 2_654_435_761 % 0xffff_ffff_ffff
            )
        },
        stopped: None,
        not_ready_since: None,
    }
}
