//! Networking objects: Services, Ingresses, IngressClasses and the EndpointSlices the cluster keeps for Services.

use serde::{Deserialize, Serialize};

use crate::engine::api::{Extra, IntOrString, Labels, ObjectMeta};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: ServiceSpec,
    /// The external address a load balancer gave a LoadBalancer Service, once one has.
    #[serde(skip)]
    pub load_balancer_ip: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceSpec {
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<ServiceType>,
    #[serde(default, skip_serializing_if = "Labels::is_empty")]
    pub selector: Labels,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ServicePort>,
    #[serde(default, rename = "clusterIP", skip_serializing_if = "Option::is_none")]
    pub cluster_ip: Option<String>,
    #[serde(default, rename = "clusterIPs", skip_serializing_if = "Vec::is_empty")]
    pub cluster_ips: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_affinity: Option<SessionAffinity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_traffic_policy: Option<TrafficPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal_traffic_policy: Option<TrafficPolicy>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ip_families: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_family_policy: Option<String>,
    #[serde(flatten, default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

impl ServiceSpec {
    /// The type, `ClusterIP` when none is given.
    pub fn service_type(&self) -> &ServiceType {
        self.type_.as_ref().unwrap_or(&ServiceType::ClusterIP)
    }
}

string_enum! {
    /// `spec.type` of a Service.
    ServiceType { ClusterIP, NodePort, LoadBalancer, ExternalName }
}

impl ServiceType {
    /// NodePort and LoadBalancer Services open a port on every node.
    pub fn has_node_ports(&self) -> bool {
        matches!(self, ServiceType::NodePort | ServiceType::LoadBalancer)
    }
}

string_enum! {
    /// `spec.sessionAffinity` of a Service: `ClientIP` sends a client to the same endpoint every time.
    SessionAffinity { None, ClientIP }
}

string_enum! {
    /// `spec.externalTrafficPolicy` and `spec.internalTrafficPolicy` of a Service: `Local` keeps traffic on the
    /// node it arrived at.
    TrafficPolicy { Cluster, Local }
}

string_enum! {
    /// The protocol of a Service port or a container port.
    Protocol { TCP, UDP, SCTP }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePort {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<Protocol>,
    pub port: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_port: Option<IntOrString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_port: Option<i32>,
    #[serde(flatten, default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ingress {
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: IngressSpec,
    /// `status.loadBalancer.ingress`: the addresses the ingress controller published, if it publishes any.
    #[serde(default, skip_deserializing)]
    pub addresses: Vec<LoadBalancerIngress>,
}

/// One published address of an Ingress: an IP or a host name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadBalancerIngress {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
}

impl LoadBalancerIngress {
    pub fn shown(&self) -> &str {
        self.ip
            .as_deref()
            .or(self.hostname.as_deref())
            .unwrap_or("")
    }
}

/// `spec.tls[]`: the hosts a Secret's certificate serves.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IngressTls {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IngressSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingress_class_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_backend: Option<IngressBackend>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tls: Vec<IngressTls>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<IngressRule>,
    #[serde(flatten, default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IngressRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpIngressRuleValue>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpIngressRuleValue {
    #[serde(default)]
    pub paths: Vec<HttpIngressPath>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpIngressPath {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_type: Option<PathType>,
    #[serde(default)]
    pub backend: IngressBackend,
}

string_enum! {
    /// `pathType` of an Ingress path: how its path is compared with a request's.
    PathType { Exact, Prefix, ImplementationSpecific }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IngressBackend {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<IngressServiceBackend>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IngressServiceBackend {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub port: ServiceBackendPort,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceBackendPort {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<i32>,
}

impl Ingress {
    /// Every (host, path, pathType, backend service) the Ingress routes, in manifest order.
    pub fn routes(&self) -> Vec<IngressRoute> {
        let mut routes = Vec::new();
        for rule in &self.spec.rules {
            for path in rule.http.iter().flat_map(|http| &http.paths) {
                if let Some(service) = &path.backend.service {
                    routes.push(IngressRoute {
                        host: rule.host.clone(),
                        path: path.path.clone().unwrap_or_else(|| "/".to_string()),
                        path_type: path.path_type.clone(),
                        service: service.name.clone(),
                    });
                }
            }
        }
        routes
    }
}

/// One routing rule of an Ingress, flattened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngressRoute {
    pub host: Option<String>,
    pub path: String,
    pub path_type: Option<PathType>,
    pub service: String,
}

impl IngressRoute {
    /// The path type as written, empty when none is.
    pub fn path_type_name(&self) -> &str {
        self.path_type.as_ref().map_or("", PathType::as_str)
    }
}

/// The ready and not-ready addresses behind one Service, as its EndpointSlice lists them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EndpointSlice {
    pub service: String,
    pub namespace: String,
    pub endpoints: Vec<Endpoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Endpoint {
    pub ip: String,
    pub pod: String,
    pub node: String,
    pub ready: bool,
    /// The pod's port for each of the Service's ports, in order: `targetPort` as a number, or the number of the
    /// container port it names.
    pub ports: Vec<i32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IngressClass {
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: IngressClassSpec,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IngressClassSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<String>,
    #[serde(flatten, default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_set_keeps_unknown_text_and_reads_and_writes_as_the_plain_string() {
        let spec: ServiceSpec = crate::engine::json::from_value(serde_json::json!({
            "type": "NodePort",
            "sessionAffinity": "Sticky",
            "ports": [{"port": 80, "protocol": "HTTP"}],
        }))
        .expect("a Service spec decodes");
        assert_eq!(spec.type_, Some(ServiceType::NodePort));
        assert_eq!(
            spec.session_affinity,
            Some(SessionAffinity::Other("Sticky".to_string()))
        );
        assert_eq!(
            spec.ports[0].protocol.as_ref().map(Protocol::as_str),
            Some("HTTP")
        );
        let back = serde_json::to_value(&spec).expect("a Service spec encodes");
        assert_eq!(back["type"], "NodePort");
        assert_eq!(back["sessionAffinity"], "Sticky");
        assert_eq!(back["ports"][0]["protocol"], "HTTP");
        let wrong = crate::engine::json::from_value::<ServiceSpec>(serde_json::json!({"type": 5}));
        assert_eq!(
            wrong.expect_err("a number is not a type").to_string(),
            "invalid type: integer `5`, expected a string"
        );
    }
}
