//! Pod, Service, Namespace, Secret, ServiceAccount and Node (k8s.io/api/core/v1).

use super::*;

// ---- Pod (k8s.io/api/core/v1) ----

pub(crate) static POD: Struct = Struct {
    go_type: "v1.Pod",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("spec", Ty::Struct(&POD_SPEC)),
        field("status", Ty::Any),
    ],
};

pub(crate) static POD_TEMPLATE_SPEC: Struct = Struct {
    go_type: "v1.PodTemplateSpec",
    fields: &[
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("spec", Ty::Struct(&POD_SPEC)),
    ],
};

pub(crate) static POD_SPEC: Struct = Struct {
    go_type: "v1.PodSpec",
    fields: &[
        field("volumes", Ty::List(&Ty::Struct(&VOLUME))),
        field("initContainers", Ty::List(&Ty::Struct(&CONTAINER))),
        field("containers", Ty::List(&Ty::Struct(&CONTAINER))),
        field("ephemeralContainers", Ty::Any),
        field("restartPolicy", Ty::String),
        field("terminationGracePeriodSeconds", Ty::Int64),
        field("activeDeadlineSeconds", Ty::Int64),
        field("dnsPolicy", Ty::String),
        field("nodeSelector", Ty::Map(&Ty::String)),
        field("serviceAccountName", Ty::String),
        field("serviceAccount", Ty::String),
        field("automountServiceAccountToken", Ty::Bool),
        field("nodeName", Ty::String),
        field("hostNetwork", Ty::Bool),
        field("hostPID", Ty::Bool),
        field("hostIPC", Ty::Bool),
        field("shareProcessNamespace", Ty::Bool),
        field("securityContext", Ty::Any),
        field(
            "imagePullSecrets",
            Ty::List(&Ty::Struct(&LOCAL_OBJECT_REFERENCE)),
        ),
        field("hostname", Ty::String),
        field("subdomain", Ty::String),
        field("affinity", Ty::Any),
        field("schedulerName", Ty::String),
        field("tolerations", Ty::List(&Ty::Struct(&TOLERATION))),
        field("hostAliases", Ty::Any),
        field("priorityClassName", Ty::String),
        field("priority", Ty::Int32),
        field("dnsConfig", Ty::Any),
        field("readinessGates", Ty::Any),
        field("runtimeClassName", Ty::String),
        field("enableServiceLinks", Ty::Bool),
        field("preemptionPolicy", Ty::String),
        field("overhead", Ty::Any),
        field("topologySpreadConstraints", Ty::List(&Ty::Any)),
        field("setHostnameAsFQDN", Ty::Bool),
        field("os", Ty::Any),
        field("hostUsers", Ty::Bool),
        field("schedulingGates", Ty::Any),
        field("resourceClaims", Ty::Any),
        field("resources", Ty::Struct(&RESOURCE_REQUIREMENTS)),
        field("hostnameOverride", Ty::String),
    ],
};

// The volume source structs are inlined into v1.Volume, so their names sit next to `name`.
pub(crate) static VOLUME: Struct = Struct {
    go_type: "v1.Volume",
    fields: &[
        field("name", Ty::String),
        field("hostPath", Ty::Any),
        field("emptyDir", Ty::Any),
        field("gcePersistentDisk", Ty::Any),
        field("awsElasticBlockStore", Ty::Any),
        field("gitRepo", Ty::Any),
        field("secret", Ty::Any),
        field("nfs", Ty::Any),
        field("iscsi", Ty::Any),
        field("glusterfs", Ty::Any),
        field("persistentVolumeClaim", Ty::Any),
        field("rbd", Ty::Any),
        field("flexVolume", Ty::Any),
        field("cinder", Ty::Any),
        field("cephfs", Ty::Any),
        field("flocker", Ty::Any),
        field("downwardAPI", Ty::Any),
        field("fc", Ty::Any),
        field("azureFile", Ty::Any),
        field("configMap", Ty::Any),
        field("vsphereVolume", Ty::Any),
        field("quobyte", Ty::Any),
        field("azureDisk", Ty::Any),
        field("photonPersistentDisk", Ty::Any),
        field("projected", Ty::Any),
        field("portworxVolume", Ty::Any),
        field("scaleIO", Ty::Any),
        field("storageos", Ty::Any),
        field("csi", Ty::Any),
        field("ephemeral", Ty::Any),
        field("image", Ty::Any),
    ],
};

pub(crate) static CONTAINER: Struct = Struct {
    go_type: "v1.Container",
    fields: &[
        field("name", Ty::String),
        field("image", Ty::String),
        field("command", STRINGS),
        field("args", STRINGS),
        field("workingDir", Ty::String),
        field("ports", Ty::List(&Ty::Struct(&CONTAINER_PORT))),
        field("envFrom", Ty::List(&Ty::Any)),
        field("env", Ty::List(&Ty::Struct(&ENV_VAR))),
        field("resources", Ty::Struct(&RESOURCE_REQUIREMENTS)),
        field(
            "resizePolicy",
            Ty::List(&Ty::Struct(&CONTAINER_RESIZE_POLICY)),
        ),
        field("restartPolicy", Ty::String),
        field(
            "restartPolicyRules",
            Ty::List(&Ty::Struct(&CONTAINER_RESTART_RULE)),
        ),
        field("volumeMounts", Ty::List(&Ty::Struct(&VOLUME_MOUNT))),
        field("volumeDevices", Ty::List(&Ty::Struct(&VOLUME_DEVICE))),
        field("livenessProbe", Ty::Struct(&PROBE)),
        field("readinessProbe", Ty::Struct(&PROBE)),
        field("startupProbe", Ty::Struct(&PROBE)),
        field("lifecycle", Ty::Struct(&LIFECYCLE)),
        field("terminationMessagePath", Ty::String),
        field("terminationMessagePolicy", Ty::String),
        field("imagePullPolicy", Ty::String),
        field("securityContext", Ty::Any),
        field("stdin", Ty::Bool),
        field("stdinOnce", Ty::Bool),
        field("tty", Ty::Bool),
    ],
};

pub(crate) static CONTAINER_PORT: Struct = Struct {
    go_type: "v1.ContainerPort",
    fields: &[
        field("name", Ty::String),
        field("hostPort", Ty::Int32),
        field("containerPort", Ty::Int32),
        field("protocol", Ty::String),
        field("hostIP", Ty::String),
    ],
};

pub(crate) static ENV_VAR: Struct = Struct {
    go_type: "v1.EnvVar",
    fields: &[
        field("name", Ty::String),
        field("value", Ty::String),
        field("valueFrom", Ty::Any),
    ],
};

// Quantities are strings or numbers, so the resource lists are not looked into.
pub(crate) static RESOURCE_REQUIREMENTS: Struct = Struct {
    go_type: "v1.ResourceRequirements",
    fields: &[
        field("limits", Ty::Any),
        field("requests", Ty::Any),
        field("claims", Ty::Any),
    ],
};

pub(crate) static CONTAINER_RESIZE_POLICY: Struct = Struct {
    go_type: "v1.ContainerResizePolicy",
    fields: &[
        field("resourceName", Ty::String),
        field("restartPolicy", Ty::String),
    ],
};

pub(crate) static CONTAINER_RESTART_RULE: Struct = Struct {
    go_type: "v1.ContainerRestartRule",
    fields: &[field("action", Ty::String), field("exitCodes", Ty::Any)],
};

pub(crate) static VOLUME_MOUNT: Struct = Struct {
    go_type: "v1.VolumeMount",
    fields: &[
        field("name", Ty::String),
        field("readOnly", Ty::Bool),
        field("recursiveReadOnly", Ty::String),
        field("mountPath", Ty::String),
        field("subPath", Ty::String),
        field("mountPropagation", Ty::String),
        field("subPathExpr", Ty::String),
    ],
};

pub(crate) static VOLUME_DEVICE: Struct = Struct {
    go_type: "v1.VolumeDevice",
    fields: &[field("name", Ty::String), field("devicePath", Ty::String)],
};

// The handler (exec, httpGet, tcpSocket, grpc) is inlined into v1.Probe.
pub(crate) static PROBE: Struct = Struct {
    go_type: "v1.Probe",
    fields: &[
        field("exec", Ty::Struct(&EXEC_ACTION)),
        field("httpGet", Ty::Struct(&HTTP_GET_ACTION)),
        field("tcpSocket", Ty::Struct(&TCP_SOCKET_ACTION)),
        field("grpc", Ty::Struct(&GRPC_ACTION)),
        field("initialDelaySeconds", Ty::Int32),
        field("timeoutSeconds", Ty::Int32),
        field("periodSeconds", Ty::Int32),
        field("successThreshold", Ty::Int32),
        field("failureThreshold", Ty::Int32),
        field("terminationGracePeriodSeconds", Ty::Int64),
    ],
};

pub(crate) static EXEC_ACTION: Struct = Struct {
    go_type: "v1.ExecAction",
    fields: &[field("command", STRINGS)],
};

pub(crate) static HTTP_GET_ACTION: Struct = Struct {
    go_type: "v1.HTTPGetAction",
    fields: &[
        field("path", Ty::String),
        field("port", Ty::IntOrString),
        field("host", Ty::String),
        field("scheme", Ty::String),
        field("httpHeaders", Ty::List(&Ty::Struct(&HTTP_HEADER))),
    ],
};

pub(crate) static HTTP_HEADER: Struct = Struct {
    go_type: "v1.HTTPHeader",
    fields: &[field("name", Ty::String), field("value", Ty::String)],
};

pub(crate) static TCP_SOCKET_ACTION: Struct = Struct {
    go_type: "v1.TCPSocketAction",
    fields: &[field("port", Ty::IntOrString), field("host", Ty::String)],
};

pub(crate) static GRPC_ACTION: Struct = Struct {
    go_type: "v1.GRPCAction",
    fields: &[field("port", Ty::Int32), field("service", Ty::String)],
};

pub(crate) static LIFECYCLE: Struct = Struct {
    go_type: "v1.Lifecycle",
    fields: &[
        field("postStart", Ty::Any),
        field("preStop", Ty::Any),
        field("stopSignal", Ty::String),
    ],
};

pub(crate) static TOLERATION: Struct = Struct {
    go_type: "v1.Toleration",
    fields: &[
        field("key", Ty::String),
        field("operator", Ty::String),
        field("value", Ty::String),
        field("effect", Ty::String),
        field("tolerationSeconds", Ty::Int64),
    ],
};

// ---- Service (k8s.io/api/core/v1) ----

pub(crate) static SERVICE: Struct = Struct {
    go_type: "v1.Service",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("spec", Ty::Struct(&SERVICE_SPEC)),
        field("status", Ty::Any),
    ],
};

pub(crate) static SERVICE_SPEC: Struct = Struct {
    go_type: "v1.ServiceSpec",
    fields: &[
        field("ports", Ty::List(&Ty::Struct(&SERVICE_PORT))),
        field("selector", Ty::Map(&Ty::String)),
        field("clusterIP", Ty::String),
        field("clusterIPs", STRINGS),
        field("type", Ty::String),
        field("externalIPs", STRINGS),
        field("sessionAffinity", Ty::String),
        field("loadBalancerIP", Ty::String),
        field("loadBalancerSourceRanges", STRINGS),
        field("externalName", Ty::String),
        field("externalTrafficPolicy", Ty::String),
        field("healthCheckNodePort", Ty::Int32),
        field("publishNotReadyAddresses", Ty::Bool),
        field("sessionAffinityConfig", Ty::Any),
        field("ipFamilies", STRINGS),
        field("ipFamilyPolicy", Ty::String),
        field("allocateLoadBalancerNodePorts", Ty::Bool),
        field("loadBalancerClass", Ty::String),
        field("internalTrafficPolicy", Ty::String),
        field("trafficDistribution", Ty::String),
    ],
};

pub(crate) static SERVICE_PORT: Struct = Struct {
    go_type: "v1.ServicePort",
    fields: &[
        field("name", Ty::String),
        field("protocol", Ty::String),
        field("appProtocol", Ty::String),
        field("port", Ty::Int32),
        field("targetPort", Ty::IntOrString),
        field("nodePort", Ty::Int32),
    ],
};

// ---- Namespace (k8s.io/api/core/v1) ----

pub(crate) static NAMESPACE: Struct = Struct {
    go_type: "v1.Namespace",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("spec", Ty::Struct(&NAMESPACE_SPEC)),
        field("status", Ty::Any),
    ],
};

pub(crate) static NAMESPACE_SPEC: Struct = Struct {
    go_type: "v1.NamespaceSpec",
    fields: &[field("finalizers", STRINGS)],
};

// ---- Secret (k8s.io/api/core/v1) ----

pub(crate) static SECRET: Struct = Struct {
    go_type: "v1.Secret",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("type", Ty::String),
        field("data", Ty::Map(&Ty::String)),
        field("stringData", Ty::Map(&Ty::String)),
        field("immutable", Ty::Bool),
    ],
};

// ---- ServiceAccount (k8s.io/api/core/v1) ----

pub(crate) static SERVICE_ACCOUNT: Struct = Struct {
    go_type: "v1.ServiceAccount",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("secrets", Ty::List(&Ty::Struct(&OBJECT_REFERENCE))),
        field(
            "imagePullSecrets",
            Ty::List(&Ty::Struct(&LOCAL_OBJECT_REFERENCE)),
        ),
        field("automountServiceAccountToken", Ty::Bool),
    ],
};

// ---- Node (k8s.io/api/core/v1) ----

pub(crate) static NODE: Struct = Struct {
    go_type: "v1.Node",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("spec", Ty::Struct(&NODE_SPEC)),
        field("status", Ty::Any),
    ],
};

pub(crate) static NODE_SPEC: Struct = Struct {
    go_type: "v1.NodeSpec",
    fields: &[
        field("podCIDR", Ty::String),
        field("podCIDRs", STRINGS),
        field("providerID", Ty::String),
        field("unschedulable", Ty::Bool),
        field("taints", Ty::List(&Ty::Struct(&TAINT))),
        field("configSource", Ty::Any),
        field("externalID", Ty::String),
    ],
};

pub(crate) static TAINT: Struct = Struct {
    go_type: "v1.Taint",
    fields: &[
        field("key", Ty::String),
        field("value", Ty::String),
        field("effect", Ty::String),
        field("timeAdded", Ty::String),
    ],
};

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use super::*;

    /// Collects every struct reachable from `ty` once; two tables may not share a Go type name.
    fn walk(ty: Ty, seen: &mut HashMap<&'static str, &'static Struct>) {
        match ty {
            Ty::Struct(schema) => {
                if let Some(known) = seen.get(schema.go_type) {
                    assert!(
                        std::ptr::eq(*known, schema),
                        "two tables are named {}",
                        schema.go_type
                    );
                    return;
                }
                seen.insert(schema.go_type, schema);
                for field in schema.fields {
                    walk(field.ty, seen);
                }
            }
            Ty::List(inner) | Ty::Map(inner) => walk(*inner, seen),
            Ty::String | Ty::Int32 | Ty::Int64 | Ty::Bool | Ty::IntOrString | Ty::Any => {}
        }
    }

    #[test]
    fn every_kind_has_a_root_with_type_meta_and_metadata() {
        for &kind in Kind::ALL {
            let names: Vec<&str> = root(kind).fields.iter().map(|f| f.name).collect();
            for required in ["apiVersion", "kind", "metadata"] {
                assert!(names.contains(&required), "{kind:?} has no {required}");
            }
        }
    }

    #[test]
    fn no_struct_lists_a_field_twice() {
        let mut seen = HashMap::new();
        for &kind in Kind::ALL {
            walk(Ty::Struct(root(kind)), &mut seen);
        }
        for schema in seen.values() {
            let mut names = HashSet::new();
            for field in schema.fields {
                assert!(
                    names.insert(field.name),
                    "{} lists {} twice",
                    schema.go_type,
                    field.name
                );
            }
        }
    }
}
