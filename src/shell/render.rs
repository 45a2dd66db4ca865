//! Objects as the API returns them, for `kubectl get -o yaml|json`: apiVersion, kind, metadata with what the server
//! generated, the defaulted spec, and a status in the API's own shape.

use serde_json::{json, Map, Value};

use crate::engine::api::{ConditionStatus, IntOrString, Kind, Node, Object, ObjectMeta, Protocol};
use crate::engine::{timestamp, Cluster, KUBERNETES_VERSION};
use crate::shell::endpoints::SERVICE_NAME_LABEL;
use crate::shell::kinds;

/// One object as the API server would return it.
pub(super) fn object(object: &Object) -> Value {
    let kind = object.kind();
    let (body, status, generation) = kinds::body(object);
    let mut body = match body {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    body.remove("status");
    body.remove("metadata");
    let mut out = Map::new();
    out.insert("apiVersion".to_string(), json!(kind.api_version()));
    out.insert("kind".to_string(), json!(kind.name()));
    out.insert(
        "metadata".to_string(),
        metadata(kind, object.meta(), generation),
    );
    out.extend(body);
    if let Some(status) = status {
        out.insert("status".to_string(), status);
    }
    Value::Object(out)
}

/// A stored object as the API server returns it, by kind, namespace and name.
pub(super) fn stored(cluster: &Cluster, kind: Kind, namespace: &str, name: &str) -> Option<Value> {
    cluster
        .store()
        .objects(kind)
        .iter()
        .find(|o| o.meta().name == name && o.meta().namespace() == namespace)
        .map(object)
}

/// A node, which kplay keeps outside the object store.
pub(super) fn node(node: &Node) -> Value {
    let mut spec = json!({ "podCIDR": node.pod_cidr, "podCIDRs": [node.pod_cidr] });
    if !node.taints.is_empty() {
        spec["taints"] = json!(node.taints);
    }
    if node.unschedulable {
        spec["unschedulable"] = json!(true);
    }
    json!({
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {
            "creationTimestamp": timestamp(node.created),
            "labels": node.labels,
            "name": node.name,
        },
        "spec": spec,
        "status": {
            "addresses": [
                { "address": node.internal_ip, "type": "InternalIP" },
                { "address": node.name, "type": "Hostname" },
            ],
            "conditions": [{
                "type": "Ready",
                "status": if node.ready { ConditionStatus::True } else { ConditionStatus::Unknown },
                "reason": if node.ready { "KubeletReady" } else { "NodeStatusUnknown" },
            }],
            "nodeInfo": {
                "architecture": "amd64",
                "containerRuntimeVersion": "containerd://1.7.24",
                "kernelVersion": "6.1.0-28-amd64",
                "kubeProxyVersion": KUBERNETES_VERSION,
                "kubeletVersion": KUBERNETES_VERSION,
                "operatingSystem": "linux",
                "osImage": "Debian GNU/Linux 12 (bookworm)",
            },
        },
    })
}

/// The Endpoints or EndpointSlice the cluster keeps for a Service (`meta` is the row's metadata).
pub(super) fn endpoints(cluster: &Cluster, kind: Kind, meta: &ObjectMeta) -> Value {
    let store = cluster.store();
    let service_name = match kind {
        Kind::EndpointSlice => meta.labels.get(SERVICE_NAME_LABEL).unwrap_or(&meta.name),
        _ => &meta.name,
    };
    let key = format!("{}/{service_name}", meta.namespace());
    let Some(service) = store.services().get(&key) else {
        return Value::Null;
    };
    let endpoints = store
        .endpoints
        .get(&key)
        .map(|s| s.endpoints.clone())
        .unwrap_or_default();
    let ports: Vec<Value> = service
        .spec
        .ports
        .iter()
        .map(|p| {
            let port = match &p.target_port {
                Some(IntOrString::Int(n)) => *n,
                _ => p.port,
            };
            let mut v =
                json!({ "port": port, "protocol": p.protocol.as_ref().unwrap_or(&Protocol::TCP) });
            if let Some(name) = &p.name {
                v["name"] = json!(name);
            }
            v
        })
        .collect();
    let reference =
        |pod: &str| json!({ "kind": "Pod", "name": pod, "namespace": meta.namespace() });
    let mut metadata = json!({
        "creationTimestamp": timestamp(meta.created),
        "name": meta.name,
        "namespace": meta.namespace(),
    });
    if kind == Kind::EndpointSlice {
        metadata["labels"] = json!(meta.labels);
    }
    if kind == Kind::Endpoints {
        let address = |e: &crate::engine::api::Endpoint| json!({ "ip": e.ip, "nodeName": e.node, "targetRef": reference(&e.pod) });
        let ready: Vec<Value> = endpoints.iter().filter(|e| e.ready).map(address).collect();
        let not_ready: Vec<Value> = endpoints.iter().filter(|e| !e.ready).map(address).collect();
        let mut subset = json!({ "addresses": ready, "ports": ports });
        if !not_ready.is_empty() {
            subset["notReadyAddresses"] = json!(not_ready);
        }
        return json!({ "apiVersion": "v1", "kind": "Endpoints", "metadata": metadata, "subsets": [subset] });
    }
    let items: Vec<Value> = endpoints
        .iter()
        .map(|e| {
            json!({
                "addresses": [e.ip],
                "conditions": { "ready": e.ready, "serving": e.ready, "terminating": false },
                "nodeName": e.node,
                "targetRef": reference(&e.pod),
            })
        })
        .collect();
    json!({
        "addressType": "IPv4",
        "apiVersion": "discovery.k8s.io/v1",
        "endpoints": items,
        "kind": "EndpointSlice",
        "metadata": metadata,
        "ports": ports,
    })
}

/// An event as the API returns it.
pub(super) fn event(cluster: &Cluster, meta: &ObjectMeta) -> Value {
    let Some(e) = cluster
        .store()
        .events
        .iter()
        .find(|e| crate::shell::columns::event_name(e) == meta.name)
    else {
        return Value::Null;
    };
    json!({
        "apiVersion": "v1",
        "count": e.count,
        "firstTimestamp": timestamp(e.first),
        "involvedObject": {
            "apiVersion": e.kind.api_version(),
            "kind": e.kind.name(),
            "name": e.object,
            "namespace": e.namespace,
            "uid": e.uid,
        },
        "kind": "Event",
        "lastTimestamp": timestamp(e.last),
        "message": e.message,
        "metadata": {
            "creationTimestamp": timestamp(e.first),
            "name": meta.name,
            "namespace": e.namespace,
        },
        "reason": e.reason,
        "source": { "component": e.source },
        "type": e.type_name(),
    })
}

/// Several objects as `kubectl get` returns a list.
pub(super) fn list(items: Vec<Value>) -> Value {
    json!({
        "apiVersion": "v1",
        "items": items,
        "kind": "List",
        "metadata": { "resourceVersion": "" },
    })
}

/// kubectl's JSON: four spaces of indentation.
pub(super) fn to_json(value: &Value) -> String {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    let _ = serde::Serialize::serialize(value, &mut serializer);
    let mut text = String::from_utf8(out).unwrap_or_default();
    text.push('\n');
    text
}

fn metadata(kind: Kind, meta: &ObjectMeta, generation: bool) -> Value {
    let mut out = Map::new();
    if !meta.annotations.is_empty() {
        out.insert("annotations".to_string(), json!(meta.annotations));
    }
    out.insert(
        "creationTimestamp".to_string(),
        json!(timestamp(meta.created)),
    );
    if let Some(deleted) = meta.deleted {
        out.insert("deletionGracePeriodSeconds".to_string(), json!(30));
        out.insert("deletionTimestamp".to_string(), json!(timestamp(deleted)));
    }
    if generation {
        out.insert("generation".to_string(), json!(meta.generation.max(1)));
    }
    if !meta.labels.is_empty() {
        out.insert("labels".to_string(), json!(meta.labels));
    }
    out.insert("name".to_string(), json!(meta.name));
    if kind.namespaced() {
        out.insert("namespace".to_string(), json!(meta.namespace()));
    }
    if let Some(owner) = &meta.owner {
        out.insert(
            "ownerReferences".to_string(),
            json!([{
                "apiVersion": owner.kind.api_version(),
                "blockOwnerDeletion": true,
                "controller": true,
                "kind": owner.kind.name(),
                "name": owner.name,
                "uid": owner.uid,
            }]),
        );
    }
    out.insert(
        "resourceVersion".to_string(),
        json!(meta.resource_version.to_string()),
    );
    out.insert("uid".to_string(), json!(meta.uid));
    Value::Object(out)
}
