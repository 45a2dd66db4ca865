//! Defaulting, as the API server fills in what a manifest leaves out before it stores the object.

use crate::engine::api::{
    Container, DaemonSet, DaemonSetUpdateStrategy, DaemonSetUpdateStrategyType, Deployment,
    DeploymentStrategy, DeploymentStrategyType, IntOrString, PodSpec, Protocol, ReplicaSet,
    RestartPolicy, RollingUpdate, Secret, ServiceSpec, ServiceType, SessionAffinity, TrafficPolicy,
};

/// A Deployment's replicas, history, deadline and rolling-update strategy.
pub(crate) fn deployment(d: &mut Deployment) {
    let spec = &mut d.spec;
    spec.replicas.get_or_insert(1);
    spec.revision_history_limit.get_or_insert(10);
    spec.progress_deadline_seconds.get_or_insert(600);
    let strategy = spec
        .strategy
        .get_or_insert_with(DeploymentStrategy::default);
    let kind = strategy
        .type_
        .get_or_insert(DeploymentStrategyType::RollingUpdate);
    if *kind == DeploymentStrategyType::RollingUpdate {
        let rolling = strategy
            .rolling_update
            .get_or_insert_with(RollingUpdate::default);
        rolling
            .max_surge
            .get_or_insert_with(|| IntOrString::String("25%".to_string()));
        rolling
            .max_unavailable
            .get_or_insert_with(|| IntOrString::String("25%".to_string()));
    }
    pod_spec(&mut spec.template.spec);
}

pub(crate) fn replicaset(rs: &mut ReplicaSet) {
    rs.spec.replicas.get_or_insert(1);
    pod_spec(&mut rs.spec.template.spec);
}

/// A DaemonSet updates one node at a time by default.
pub(crate) fn daemonset(ds: &mut DaemonSet) {
    let spec = &mut ds.spec;
    spec.revision_history_limit.get_or_insert(10);
    let strategy = spec
        .update_strategy
        .get_or_insert_with(DaemonSetUpdateStrategy::default);
    let kind = strategy
        .type_
        .get_or_insert(DaemonSetUpdateStrategyType::RollingUpdate);
    if *kind == DaemonSetUpdateStrategyType::RollingUpdate {
        let rolling = strategy
            .rolling_update
            .get_or_insert_with(RollingUpdate::default);
        rolling.max_surge.get_or_insert(IntOrString::Int(0));
        rolling.max_unavailable.get_or_insert(IntOrString::Int(1));
    }
    pod_spec(&mut spec.template.spec);
}

/// The API server folds stringData into data and keeps only data.
pub(crate) fn secret(secret: &mut Secret) {
    for (key, value) in std::mem::take(&mut secret.string_data) {
        secret
            .data
            .insert(key, crate::engine::api::encode_base64(value.as_bytes()));
    }
    secret.type_.get_or_insert_with(|| "Opaque".to_string());
}

pub(crate) fn pod_spec(spec: &mut PodSpec) {
    spec.restart_policy.get_or_insert(RestartPolicy::Always);
    spec.termination_grace_period_seconds.get_or_insert(30);
    spec.dns_policy
        .get_or_insert_with(|| "ClusterFirst".to_string());
    spec.scheduler_name
        .get_or_insert_with(|| "default-scheduler".to_string());
    spec.extra
        .entry("securityContext".to_string())
        .or_insert_with(|| serde_json::json!({}));
    for container in &mut spec.containers {
        self::container(container);
    }
}

fn container(c: &mut Container) {
    // `latest` (or no tag) is pulled every time; a pinned tag only when missing.
    let tag = c
        .image
        .rsplit_once(':')
        .map(|(_, tag)| tag)
        .filter(|tag| !tag.contains('/'));
    let policy = match tag {
        Some("latest") | None => "Always",
        Some(_) => "IfNotPresent",
    };
    c.image_pull_policy
        .get_or_insert_with(|| policy.to_string());
    c.termination_message_path
        .get_or_insert_with(|| "/dev/termination-log".to_string());
    c.termination_message_policy
        .get_or_insert_with(|| "File".to_string());
    c.extra
        .entry("resources".to_string())
        .or_insert_with(|| serde_json::json!({}));
    for port in &mut c.ports {
        port.protocol.get_or_insert(Protocol::TCP);
    }
}

pub(crate) fn service_spec(spec: &mut ServiceSpec) {
    spec.type_.get_or_insert(ServiceType::ClusterIP);
    spec.session_affinity.get_or_insert(SessionAffinity::None);
    for port in &mut spec.ports {
        port.protocol.get_or_insert(Protocol::TCP);
        port.target_port.get_or_insert(IntOrString::Int(port.port));
    }
    // An ExternalName Service is a DNS name only: no traffic policies, no address, no IP families.
    if *spec.service_type() == ServiceType::ExternalName {
        return;
    }
    spec.internal_traffic_policy
        .get_or_insert(TrafficPolicy::Cluster);
    if spec.service_type().has_node_ports() {
        spec.external_traffic_policy
            .get_or_insert(TrafficPolicy::Cluster);
    }
    if *spec.service_type() == ServiceType::LoadBalancer {
        spec.extra
            .entry("allocateLoadBalancerNodePorts".to_string())
            .or_insert(serde_json::Value::Bool(true));
    }
    if spec.ip_families.is_empty() {
        spec.ip_families.push("IPv4".to_string());
    }
    spec.ip_family_policy
        .get_or_insert_with(|| "SingleStack".to_string());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::api::Object;
    use crate::engine::manifest;

    fn seed(file: &str, text: &str) -> Object {
        let mut parsed = manifest::parse(file, text);
        let mut object = parsed.manifests.remove(0).object;
        object.default_fields();
        object
    }

    #[test]
    fn a_deployment_gets_the_api_servers_defaults() {
        let Object::Deployment(d) =
            seed("d.yaml", include_str!("../../static/seed/deployment.yaml"))
        else {
            panic!("not a Deployment")
        };
        assert_eq!(d.spec.revision_history_limit, Some(10));
        assert_eq!(d.spec.progress_deadline_seconds, Some(600));
        let rolling = d
            .spec
            .strategy
            .and_then(|s| s.rolling_update)
            .unwrap_or_default();
        assert_eq!(
            rolling.max_surge,
            Some(IntOrString::String("25%".to_string()))
        );
        let pod = &d.spec.template.spec;
        assert_eq!(pod.restart_policy, Some(RestartPolicy::Always));
        assert_eq!(
            pod.containers[0].image_pull_policy.as_deref(),
            Some("IfNotPresent")
        );
    }

    #[test]
    fn a_service_targets_its_own_port_over_tcp() {
        let Object::Service(s) = seed("s.yaml", include_str!("../../static/seed/service.yaml"))
        else {
            panic!("not a Service")
        };
        assert_eq!(s.spec.service_type(), &ServiceType::ClusterIP);
        assert_eq!(s.spec.ports[0].protocol, Some(Protocol::TCP));
        assert_eq!(s.spec.ports[0].target_port, Some(IntOrString::Int(80)));
        assert_eq!(s.spec.session_affinity, Some(SessionAffinity::None));
    }

    #[test]
    fn latest_and_untagged_images_are_always_pulled() {
        for (image, policy) in [
            ("nginx", "Always"),
            ("nginx:latest", "Always"),
            ("nginx:1.17", "IfNotPresent"),
            ("localhost:5000/app", "Always"),
            ("localhost:5000/app:v1", "IfNotPresent"),
        ] {
            let mut c = Container {
                image: image.to_string(),
                ..Container::default()
            };
            container(&mut c);
            assert_eq!(c.image_pull_policy.as_deref(), Some(policy), "{image}");
        }
    }
}
