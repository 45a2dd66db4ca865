//! The control loops: Deployment, ReplicaSet, garbage collector, scheduler, kubelet and endpoints, run to a fixpoint
//! after every command.

use std::collections::BTreeSet;

use rand_core::RngCore;

use crate::engine::api::{
    selector_matches, Endpoint, EndpointSlice, Kind, Labels, Namespace, Object, ObjectMeta,
    OwnerRef, Pod, PodPhase, PodStatus, PodTemplateSpec, ReplicaSet, ReplicaSetSpec, Service,
    ServicePort, ServiceSpec, WorkloadStatus,
};
use crate::engine::store::{init_meta, key};
use crate::engine::{names, Cluster, Millis, MAX_REPLICAS};

/// How long a deleted pod stays Terminating before the kubelet has stopped it (shortened from Kubernetes' 30 s
/// grace period, since nginx stops at once on SIGTERM).
pub const TERMINATION_MILLIS: Millis = 2_000;
/// Image pull and container start take between these two, drawn per pod.
const START_MIN_MILLIS: Millis = 1_500;
const START_SPREAD_MILLIS: u32 = 1_500;
/// The label the Deployment controller adds to tell its ReplicaSets apart.
pub const POD_TEMPLATE_HASH: &str = "pod-template-hash";

/// Checks that the API server would do before storing an object.
pub fn check(object: &Object) -> Result<(), String> {
    let replicas = match object {
        Object::Deployment(d) => d.spec.replicas,
        Object::ReplicaSet(r) => r.spec.replicas,
        _ => None,
    };
    match replicas {
        Some(n) if n > MAX_REPLICAS => Err(format!(
            "The {} \"{}\" is invalid: spec.replicas: Invalid value: {n}: kplay limits replicas to {MAX_REPLICAS}",
            object.kind().name(),
            object.meta().name
        )),
        Some(n) if n < 0 => Err(format!(
            "The {} \"{}\" is invalid: spec.replicas: Invalid value: {n}: must be greater than or equal to 0",
            object.kind().name(),
            object.meta().name
        )),
        _ => Ok(()),
    }
}

impl Cluster {
    /// Runs every controller until none of them has anything left to do.
    pub(crate) fn reconcile(&mut self) {
        for _ in 0..8 {
            let before = self.fingerprint();
            self.collect_garbage();
            self.sync_deployments();
            self.sync_replicasets();
            self.schedule();
            self.run_kubelets();
            self.sync_endpoints();
            self.update_statuses();
            if self.fingerprint() == before {
                break;
            }
        }
    }

    /// The earliest future moment at which a kubelet has something to do.
    pub(crate) fn next_due(&self) -> Option<Millis> {
        self.store
            .pods
            .values()
            .filter_map(|pod| match pod.metadata.deleted {
                Some(deleted) => Some(deleted + TERMINATION_MILLIS),
                None if pod.status.phase == PodPhase::Pending => pod.status.starts_at,
                None => None,
            })
            .filter(|&due| due > self.now)
            .min()
    }

    /// What a new cluster holds before anyone applies anything: its namespaces and the `kubernetes` Service.
    pub(crate) fn bootstrap(&mut self) {
        for name in ["default", "kube-node-lease", "kube-public", "kube-system"] {
            let mut metadata = ObjectMeta {
                name: name.to_string(),
                labels: Labels::from([(
                    "kubernetes.io/metadata.name".to_string(),
                    name.to_string(),
                )]),
                ..ObjectMeta::default()
            };
            init_meta(&mut metadata, self.now, &mut self.rng);
            self.store.namespaces.insert(
                key("", name),
                Namespace {
                    metadata,
                    ..Namespace::default()
                },
            );
        }
        self.create_kubernetes_service();
    }

    fn create_kubernetes_service(&mut self) {
        let mut metadata = ObjectMeta {
            name: "kubernetes".to_string(),
            namespace: Some("default".to_string()),
            labels: Labels::from([
                ("component".to_string(), "apiserver".to_string()),
                ("provider".to_string(), "kubernetes".to_string()),
            ]),
            ..ObjectMeta::default()
        };
        init_meta(&mut metadata, self.now, &mut self.rng);
        let service = Service {
            metadata,
            spec: ServiceSpec {
                type_: Some("ClusterIP".to_string()),
                selector: Labels::new(),
                ports: vec![ServicePort {
                    name: Some("https".to_string()),
                    protocol: Some("TCP".to_string()),
                    port: 443,
                    ..ServicePort::default()
                }],
                cluster_ip: Some("10.96.0.1".to_string()),
                ..ServiceSpec::default()
            },
        };
        self.store
            .services
            .insert(key("default", "kubernetes"), service);
    }

    /// A cheap summary that changes whenever a controller changes something it would react to.
    fn fingerprint(&self) -> (usize, usize, usize, usize, usize, i64) {
        let store = &self.store;
        let pending = store
            .pods
            .values()
            .filter(|p| p.spec.node_name.is_none() || !p.status.ready)
            .count();
        let deleting = store
            .pods
            .values()
            .filter(|p| p.metadata.deleted.is_some())
            .count();
        let desired: i64 = store
            .replicasets
            .values()
            .map(|rs| i64::from(rs.spec.replicas.unwrap_or(1)))
            .sum();
        (
            store.deployments.len(),
            store.replicasets.len(),
            store.pods.len(),
            pending,
            deleting,
            desired,
        )
    }

    /// Removes ReplicaSets whose Deployment is gone and starts deleting pods whose ReplicaSet is gone.
    fn collect_garbage(&mut self) {
        let store = &mut self.store;
        let deployment_uids: BTreeSet<String> = store
            .deployments
            .values()
            .map(|d| d.metadata.uid.clone())
            .collect();
        store.replicasets.retain(|_, rs| match &rs.metadata.owner {
            Some(owner) => deployment_uids.contains(&owner.uid),
            None => true,
        });
        let rs_uids: BTreeSet<String> = store
            .replicasets
            .values()
            .map(|rs| rs.metadata.uid.clone())
            .collect();
        for pod in store.pods.values_mut() {
            if let Some(owner) = &pod.metadata.owner {
                if !rs_uids.contains(&owner.uid) {
                    pod.metadata.deleted.get_or_insert(self.now);
                }
            }
        }
    }

    /// Gives each Deployment a ReplicaSet for its current pod template and scales the others down.
    ///
    /// Old ReplicaSets go to zero at once here; rolling updates that honour maxSurge and maxUnavailable replace this
    /// step when the dynamics of Deployments are modelled.
    fn sync_deployments(&mut self) {
        let deployments: Vec<_> = self.store.deployments.values().cloned().collect();
        for deployment in deployments {
            let meta = &deployment.metadata;
            let namespace = meta.namespace().to_string();
            let (rs_name, hash) = current_replicaset(meta, &deployment.spec.template);
            let rs_key = key(&namespace, &rs_name);
            let desired = deployment.spec.replicas.unwrap_or(1);
            for rs in self.store.replicasets.values_mut() {
                let owned = rs
                    .metadata
                    .owner
                    .as_ref()
                    .is_some_and(|o| o.uid == meta.uid);
                if owned && rs.metadata.name != rs_name {
                    rs.spec.replicas = Some(0);
                }
            }
            if let Some(rs) = self.store.replicasets.get_mut(&rs_key) {
                rs.spec.replicas = Some(desired);
                continue;
            }
            let mut template = deployment.spec.template.clone();
            template
                .metadata
                .labels
                .insert(POD_TEMPLATE_HASH.to_string(), hash.clone());
            let mut selector = deployment.spec.selector.clone();
            selector
                .match_labels
                .insert(POD_TEMPLATE_HASH.to_string(), hash);
            let mut metadata = ObjectMeta {
                name: rs_name,
                namespace: Some(namespace),
                labels: template.metadata.labels.clone(),
                owner: Some(owner_ref(Kind::Deployment, meta)),
                ..ObjectMeta::default()
            };
            init_meta(&mut metadata, self.now, &mut self.rng);
            let rs = ReplicaSet {
                metadata,
                spec: ReplicaSetSpec {
                    replicas: Some(desired),
                    selector,
                    template,
                    min_ready_seconds: deployment.spec.min_ready_seconds,
                },
                status: Default::default(),
            };
            self.store.replicasets.insert(rs_key, rs);
        }
    }

    /// Creates or deletes pods until each ReplicaSet has as many live pods as it wants.
    fn sync_replicasets(&mut self) {
        let replicasets: Vec<_> = self.store.replicasets.values().cloned().collect();
        for rs in replicasets {
            let desired = usize::try_from(rs.spec.replicas.unwrap_or(1)).unwrap_or(0);
            let mut live: Vec<&Pod> = self
                .store
                .pods
                .values()
                .filter(|p| p.metadata.deleted.is_none() && owned_by(&p.metadata, &rs.metadata))
                .collect();
            if live.len() > desired {
                // Kubernetes deletes the least useful pods first: unscheduled, then not ready, then the newest.
                live.sort_by_key(|p| {
                    (
                        p.spec.node_name.is_some(),
                        p.status.ready,
                        std::cmp::Reverse(p.metadata.created),
                    )
                });
                let doomed: Vec<String> = live[..live.len() - desired]
                    .iter()
                    .map(|p| key(p.metadata.namespace(), &p.metadata.name))
                    .collect();
                for k in doomed {
                    if let Some(pod) = self.store.pods.get_mut(&k) {
                        pod.metadata.deleted = Some(self.now);
                    }
                }
            } else {
                for _ in live.len()..desired {
                    self.create_pod(&rs);
                }
            }
        }
    }

    fn create_pod(&mut self, rs: &ReplicaSet) {
        let namespace = rs.metadata.namespace().to_string();
        let name = loop {
            let candidate = format!(
                "{}-{}",
                rs.metadata.name,
                names::random_suffix(&mut self.rng, 5)
            );
            if !self.store.pods.contains_key(&key(&namespace, &candidate)) {
                break candidate;
            }
        };
        let template = &rs.spec.template;
        let mut metadata = ObjectMeta {
            name: name.clone(),
            namespace: Some(namespace.clone()),
            labels: template.metadata.labels.clone(),
            annotations: template.metadata.annotations.clone(),
            owner: Some(owner_ref(Kind::ReplicaSet, &rs.metadata)),
            ..ObjectMeta::default()
        };
        init_meta(&mut metadata, self.now, &mut self.rng);
        let pod = Pod {
            metadata,
            spec: template.spec.clone(),
            status: PodStatus::default(),
        };
        self.store.pods.insert(key(&namespace, &name), pod);
    }

    /// Binds each unscheduled pod to the least-loaded schedulable worker; ties go to the first node by name.
    fn schedule(&mut self) {
        let unscheduled: Vec<String> = self
            .store
            .pods
            .iter()
            .filter(|(_, p)| p.spec.node_name.is_none() && p.metadata.deleted.is_none())
            .map(|(k, _)| k.clone())
            .collect();
        for pod_key in unscheduled {
            let Some(pod) = self.store.pods.get(&pod_key) else {
                continue;
            };
            let wanted = pod.spec.node_selector.clone();
            let load = |node: &str| {
                self.store
                    .pods
                    .values()
                    .filter(|p| p.spec.node_name.as_deref() == Some(node))
                    .count()
            };
            let chosen = self
                .nodes
                .iter()
                .enumerate()
                .filter(|(_, n)| n.ready && !n.unschedulable && !n.control_plane)
                .filter(|(_, n)| {
                    let labels =
                        Labels::from([("kubernetes.io/hostname".to_string(), n.name.clone())]);
                    wanted.iter().all(|(k, v)| labels.get(k) == Some(v))
                })
                .min_by_key(|(i, n)| (load(&n.name), *i))
                .map(|(i, _)| i);
            let Some(index) = chosen else { continue };
            let node = &mut self.nodes[index];
            let pod_ip = pod_ip(&node.pod_cidr, node.next_pod_host);
            node.next_pod_host = if node.next_pod_host >= 254 {
                2
            } else {
                node.next_pod_host + 1
            };
            let starts_at = self.now
                + START_MIN_MILLIS
                + Millis::from(self.rng.next_u32() % START_SPREAD_MILLIS);
            let (node_name, host_ip) = (node.name.clone(), node.internal_ip.clone());
            if let Some(pod) = self.store.pods.get_mut(&pod_key) {
                pod.spec.node_name = Some(node_name);
                pod.status.host_ip = Some(host_ip);
                pod.status.pod_ip = Some(pod_ip);
                pod.status.waiting_reason = Some("ContainerCreating".to_string());
                pod.status.starts_at = Some(starts_at);
            }
        }
    }

    /// Starts containers whose image has been pulled and lets go of pods whose termination is over.
    fn run_kubelets(&mut self) {
        let now = self.now;
        self.store.pods.retain(|_, pod| match pod.metadata.deleted {
            Some(deleted) => pod.spec.node_name.is_some() && now < deleted + TERMINATION_MILLIS,
            None => true,
        });
        for pod in self.store.pods.values_mut() {
            let due = pod.status.starts_at.is_some_and(|t| t <= now);
            if pod.status.phase == PodPhase::Pending && due && pod.metadata.deleted.is_none() {
                pod.status.phase = PodPhase::Running;
                pod.status.waiting_reason = None;
                pod.status.ready = true;
            }
            if pod.metadata.deleted.is_some() {
                pod.status.ready = false;
            }
        }
    }

    /// Lists, for each Service with a selector, the pods it selects and whether each is ready.
    fn sync_endpoints(&mut self) {
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

    /// Recounts the replicas each ReplicaSet and Deployment reports.
    fn update_statuses(&mut self) {
        let store = &mut self.store;
        for rs in store.replicasets.values_mut() {
            let pods = store
                .pods
                .values()
                .filter(|p| p.metadata.deleted.is_none() && owned_by(&p.metadata, &rs.metadata));
            let (mut replicas, mut ready) = (0, 0);
            for pod in pods {
                replicas += 1;
                ready += i32::from(pod.status.ready);
            }
            rs.status.replicas = replicas;
            rs.status.ready_replicas = ready;
            rs.status.available_replicas = ready;
            rs.status.updated_replicas = replicas;
        }
        for deployment in store.deployments.values_mut() {
            let (current, _) = current_replicaset(&deployment.metadata, &deployment.spec.template);
            let mut status = WorkloadStatus::default();
            let owned = store
                .replicasets
                .values()
                .filter(|rs| owned_by(&rs.metadata, &deployment.metadata));
            for rs in owned {
                status.replicas += rs.status.replicas;
                status.ready_replicas += rs.status.ready_replicas;
                status.available_replicas += rs.status.available_replicas;
                if rs.metadata.name == current {
                    status.updated_replicas = rs.status.replicas;
                }
            }
            deployment.status = status;
        }
    }
}

/// The name of the ReplicaSet that runs a Deployment's current pod template, and the template's hash.
pub fn current_replicaset(deployment: &ObjectMeta, template: &PodTemplateSpec) -> (String, String) {
    let canonical = serde_json::to_string(template).unwrap_or_default();
    let hash = names::pod_template_hash(&canonical);
    (format!("{}-{}", deployment.name, hash), hash)
}

fn owner_ref(kind: Kind, meta: &ObjectMeta) -> OwnerRef {
    OwnerRef {
        kind,
        name: meta.name.clone(),
        uid: meta.uid.clone(),
    }
}

fn owned_by(child: &ObjectMeta, owner: &ObjectMeta) -> bool {
    child.owner.as_ref().is_some_and(|o| o.uid == owner.uid)
}

/// The `host`-th address of a `/24` pod CIDR such as `10.244.1.0/24`.
fn pod_ip(cidr: &str, host: u8) -> String {
    let network = cidr.split('/').next().unwrap_or(cidr);
    let prefix = network.rsplit_once('.').map_or(network, |(p, _)| p);
    format!("{prefix}.{host}")
}
