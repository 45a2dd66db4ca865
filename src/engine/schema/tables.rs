//! The tables strict decoding checks manifests against: each kind's Go types in Kubernetes v1.34.

use crate::engine::api::Kind;
use crate::engine::schema::{Field, Struct, Ty};

/// The top-level struct of a kind's manifest.
pub(super) fn root(kind: Kind) -> &'static Struct {
    match kind {
        Kind::Deployment => &DEPLOYMENT,
        Kind::ReplicaSet => &REPLICA_SET,
        Kind::DaemonSet => &DAEMON_SET,
        Kind::Pod => &POD,
        Kind::Service => &SERVICE,
        Kind::Ingress => &INGRESS,
        Kind::IngressClass => &INGRESS_CLASS,
        Kind::Namespace => &NAMESPACE,
        Kind::ServiceAccount => &SERVICE_ACCOUNT,
        Kind::ClusterRole => &CLUSTER_ROLE,
        Kind::ClusterRoleBinding => &CLUSTER_ROLE_BINDING,
        Kind::Node => &NODE,
        Kind::Endpoints => &ENDPOINTS,
        Kind::EndpointSlice => &ENDPOINT_SLICE,
        Kind::Event => &EVENT,
    }
}

const STRINGS: Ty = Ty::List(&Ty::String);

// Endpoints and EndpointSlices are kept by the cluster; only their outline is known.
static ENDPOINTS: Struct = Struct {
    go_type: "v1.Endpoints",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("subsets", Ty::Any),
    ],
};

static EVENT: Struct = Struct {
    go_type: "v1.Event",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("involvedObject", Ty::Any),
        field("reason", Ty::String),
        field("message", Ty::String),
        field("type", Ty::String),
    ],
};

static ENDPOINT_SLICE: Struct = Struct {
    go_type: "v1.EndpointSlice",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("addressType", Ty::String),
        field("endpoints", Ty::Any),
        field("ports", Ty::Any),
    ],
};

/// One field; a call rather than a struct literal so that rustfmt keeps each field on one line.
const fn field(name: &'static str, ty: Ty) -> Field {
    Field { name, ty }
}

// ---- Metadata (k8s.io/apimachinery/pkg/apis/meta/v1) ----

// metav1.Time decodes itself from a JSON string, so a wrong type is reported as `of type string`.
static OBJECT_META: Struct = Struct {
    go_type: "v1.ObjectMeta",
    fields: &[
        field("name", Ty::String),
        field("generateName", Ty::String),
        field("namespace", Ty::String),
        field("selfLink", Ty::String),
        field("uid", Ty::String),
        field("resourceVersion", Ty::String),
        field("generation", Ty::Int64),
        field("creationTimestamp", Ty::String),
        field("deletionTimestamp", Ty::String),
        field("deletionGracePeriodSeconds", Ty::Int64),
        field("labels", Ty::Map(&Ty::String)),
        field("annotations", Ty::Map(&Ty::String)),
        field("ownerReferences", Ty::List(&Ty::Struct(&OWNER_REFERENCE))),
        field("finalizers", STRINGS),
        field("managedFields", Ty::Any),
    ],
};

static OWNER_REFERENCE: Struct = Struct {
    go_type: "v1.OwnerReference",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("name", Ty::String),
        field("uid", Ty::String),
        field("controller", Ty::Bool),
        field("blockOwnerDeletion", Ty::Bool),
    ],
};

static LABEL_SELECTOR: Struct = Struct {
    go_type: "v1.LabelSelector",
    fields: &[
        field("matchLabels", Ty::Map(&Ty::String)),
        field(
            "matchExpressions",
            Ty::List(&Ty::Struct(&LABEL_SELECTOR_REQUIREMENT)),
        ),
    ],
};

static LABEL_SELECTOR_REQUIREMENT: Struct = Struct {
    go_type: "v1.LabelSelectorRequirement",
    fields: &[
        field("key", Ty::String),
        field("operator", Ty::String),
        field("values", STRINGS),
    ],
};

// ---- References (k8s.io/api/core/v1) ----

static LOCAL_OBJECT_REFERENCE: Struct = Struct {
    go_type: "v1.LocalObjectReference",
    fields: &[field("name", Ty::String)],
};

static OBJECT_REFERENCE: Struct = Struct {
    go_type: "v1.ObjectReference",
    fields: &[
        field("kind", Ty::String),
        field("namespace", Ty::String),
        field("name", Ty::String),
        field("uid", Ty::String),
        field("apiVersion", Ty::String),
        field("resourceVersion", Ty::String),
        field("fieldPath", Ty::String),
    ],
};

static TYPED_LOCAL_OBJECT_REFERENCE: Struct = Struct {
    go_type: "v1.TypedLocalObjectReference",
    fields: &[
        field("apiGroup", Ty::String),
        field("kind", Ty::String),
        field("name", Ty::String),
    ],
};

// ---- Deployment (k8s.io/api/apps/v1) ----

static DEPLOYMENT: Struct = Struct {
    go_type: "v1.Deployment",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("spec", Ty::Struct(&DEPLOYMENT_SPEC)),
        field("status", Ty::Any),
    ],
};

static DEPLOYMENT_SPEC: Struct = Struct {
    go_type: "v1.DeploymentSpec",
    fields: &[
        field("replicas", Ty::Int32),
        field("selector", Ty::Struct(&LABEL_SELECTOR)),
        field("template", Ty::Struct(&POD_TEMPLATE_SPEC)),
        field("strategy", Ty::Struct(&DEPLOYMENT_STRATEGY)),
        field("minReadySeconds", Ty::Int32),
        field("revisionHistoryLimit", Ty::Int32),
        field("paused", Ty::Bool),
        field("progressDeadlineSeconds", Ty::Int32),
    ],
};

static DEPLOYMENT_STRATEGY: Struct = Struct {
    go_type: "v1.DeploymentStrategy",
    fields: &[
        field("type", Ty::String),
        field("rollingUpdate", Ty::Struct(&ROLLING_UPDATE_DEPLOYMENT)),
    ],
};

static ROLLING_UPDATE_DEPLOYMENT: Struct = Struct {
    go_type: "v1.RollingUpdateDeployment",
    fields: &[
        field("maxUnavailable", Ty::IntOrString),
        field("maxSurge", Ty::IntOrString),
    ],
};

// ---- ReplicaSet (k8s.io/api/apps/v1) ----

static REPLICA_SET: Struct = Struct {
    go_type: "v1.ReplicaSet",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("spec", Ty::Struct(&REPLICA_SET_SPEC)),
        field("status", Ty::Any),
    ],
};

static REPLICA_SET_SPEC: Struct = Struct {
    go_type: "v1.ReplicaSetSpec",
    fields: &[
        field("replicas", Ty::Int32),
        field("minReadySeconds", Ty::Int32),
        field("selector", Ty::Struct(&LABEL_SELECTOR)),
        field("template", Ty::Struct(&POD_TEMPLATE_SPEC)),
    ],
};

// ---- DaemonSet (k8s.io/api/apps/v1) ----

static DAEMON_SET: Struct = Struct {
    go_type: "v1.DaemonSet",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("spec", Ty::Struct(&DAEMON_SET_SPEC)),
        field("status", Ty::Any),
    ],
};

static DAEMON_SET_SPEC: Struct = Struct {
    go_type: "v1.DaemonSetSpec",
    fields: &[
        field("selector", Ty::Struct(&LABEL_SELECTOR)),
        field("template", Ty::Struct(&POD_TEMPLATE_SPEC)),
        field("updateStrategy", Ty::Struct(&DAEMON_SET_UPDATE_STRATEGY)),
        field("minReadySeconds", Ty::Int32),
        field("revisionHistoryLimit", Ty::Int32),
    ],
};

static DAEMON_SET_UPDATE_STRATEGY: Struct = Struct {
    go_type: "v1.DaemonSetUpdateStrategy",
    fields: &[
        field("type", Ty::String),
        field("rollingUpdate", Ty::Struct(&ROLLING_UPDATE_DAEMON_SET)),
    ],
};

static ROLLING_UPDATE_DAEMON_SET: Struct = Struct {
    go_type: "v1.RollingUpdateDaemonSet",
    fields: &[
        field("maxUnavailable", Ty::IntOrString),
        field("maxSurge", Ty::IntOrString),
    ],
};

// ---- Pod (k8s.io/api/core/v1) ----

static POD: Struct = Struct {
    go_type: "v1.Pod",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("spec", Ty::Struct(&POD_SPEC)),
        field("status", Ty::Any),
    ],
};

static POD_TEMPLATE_SPEC: Struct = Struct {
    go_type: "v1.PodTemplateSpec",
    fields: &[
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("spec", Ty::Struct(&POD_SPEC)),
    ],
};

static POD_SPEC: Struct = Struct {
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
static VOLUME: Struct = Struct {
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

static CONTAINER: Struct = Struct {
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

static CONTAINER_PORT: Struct = Struct {
    go_type: "v1.ContainerPort",
    fields: &[
        field("name", Ty::String),
        field("hostPort", Ty::Int32),
        field("containerPort", Ty::Int32),
        field("protocol", Ty::String),
        field("hostIP", Ty::String),
    ],
};

static ENV_VAR: Struct = Struct {
    go_type: "v1.EnvVar",
    fields: &[
        field("name", Ty::String),
        field("value", Ty::String),
        field("valueFrom", Ty::Any),
    ],
};

// Quantities are strings or numbers, so the resource lists are not looked into.
static RESOURCE_REQUIREMENTS: Struct = Struct {
    go_type: "v1.ResourceRequirements",
    fields: &[
        field("limits", Ty::Any),
        field("requests", Ty::Any),
        field("claims", Ty::Any),
    ],
};

static CONTAINER_RESIZE_POLICY: Struct = Struct {
    go_type: "v1.ContainerResizePolicy",
    fields: &[
        field("resourceName", Ty::String),
        field("restartPolicy", Ty::String),
    ],
};

static CONTAINER_RESTART_RULE: Struct = Struct {
    go_type: "v1.ContainerRestartRule",
    fields: &[field("action", Ty::String), field("exitCodes", Ty::Any)],
};

static VOLUME_MOUNT: Struct = Struct {
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

static VOLUME_DEVICE: Struct = Struct {
    go_type: "v1.VolumeDevice",
    fields: &[field("name", Ty::String), field("devicePath", Ty::String)],
};

// The handler (exec, httpGet, tcpSocket, grpc) is inlined into v1.Probe.
static PROBE: Struct = Struct {
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

static EXEC_ACTION: Struct = Struct {
    go_type: "v1.ExecAction",
    fields: &[field("command", STRINGS)],
};

static HTTP_GET_ACTION: Struct = Struct {
    go_type: "v1.HTTPGetAction",
    fields: &[
        field("path", Ty::String),
        field("port", Ty::IntOrString),
        field("host", Ty::String),
        field("scheme", Ty::String),
        field("httpHeaders", Ty::List(&Ty::Struct(&HTTP_HEADER))),
    ],
};

static HTTP_HEADER: Struct = Struct {
    go_type: "v1.HTTPHeader",
    fields: &[field("name", Ty::String), field("value", Ty::String)],
};

static TCP_SOCKET_ACTION: Struct = Struct {
    go_type: "v1.TCPSocketAction",
    fields: &[field("port", Ty::IntOrString), field("host", Ty::String)],
};

static GRPC_ACTION: Struct = Struct {
    go_type: "v1.GRPCAction",
    fields: &[field("port", Ty::Int32), field("service", Ty::String)],
};

static LIFECYCLE: Struct = Struct {
    go_type: "v1.Lifecycle",
    fields: &[
        field("postStart", Ty::Any),
        field("preStop", Ty::Any),
        field("stopSignal", Ty::String),
    ],
};

static TOLERATION: Struct = Struct {
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

static SERVICE: Struct = Struct {
    go_type: "v1.Service",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("spec", Ty::Struct(&SERVICE_SPEC)),
        field("status", Ty::Any),
    ],
};

static SERVICE_SPEC: Struct = Struct {
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

static SERVICE_PORT: Struct = Struct {
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

// ---- Ingress (k8s.io/api/networking/v1) ----

static INGRESS: Struct = Struct {
    go_type: "v1.Ingress",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("spec", Ty::Struct(&INGRESS_SPEC)),
        field("status", Ty::Any),
    ],
};

static INGRESS_SPEC: Struct = Struct {
    go_type: "v1.IngressSpec",
    fields: &[
        field("ingressClassName", Ty::String),
        field("defaultBackend", Ty::Struct(&INGRESS_BACKEND)),
        field("tls", Ty::List(&Ty::Struct(&INGRESS_TLS))),
        field("rules", Ty::List(&Ty::Struct(&INGRESS_RULE))),
    ],
};

static INGRESS_BACKEND: Struct = Struct {
    go_type: "v1.IngressBackend",
    fields: &[
        field("service", Ty::Struct(&INGRESS_SERVICE_BACKEND)),
        field("resource", Ty::Struct(&TYPED_LOCAL_OBJECT_REFERENCE)),
    ],
};

static INGRESS_SERVICE_BACKEND: Struct = Struct {
    go_type: "v1.IngressServiceBackend",
    fields: &[
        field("name", Ty::String),
        field("port", Ty::Struct(&SERVICE_BACKEND_PORT)),
    ],
};

static SERVICE_BACKEND_PORT: Struct = Struct {
    go_type: "v1.ServiceBackendPort",
    fields: &[field("name", Ty::String), field("number", Ty::Int32)],
};

static INGRESS_TLS: Struct = Struct {
    go_type: "v1.IngressTLS",
    fields: &[field("hosts", STRINGS), field("secretName", Ty::String)],
};

// The rule value (http) is inlined into v1.IngressRule.
static INGRESS_RULE: Struct = Struct {
    go_type: "v1.IngressRule",
    fields: &[
        field("host", Ty::String),
        field("http", Ty::Struct(&HTTP_INGRESS_RULE_VALUE)),
    ],
};

static HTTP_INGRESS_RULE_VALUE: Struct = Struct {
    go_type: "v1.HTTPIngressRuleValue",
    fields: &[field("paths", Ty::List(&Ty::Struct(&HTTP_INGRESS_PATH)))],
};

static HTTP_INGRESS_PATH: Struct = Struct {
    go_type: "v1.HTTPIngressPath",
    fields: &[
        field("path", Ty::String),
        field("pathType", Ty::String),
        field("backend", Ty::Struct(&INGRESS_BACKEND)),
    ],
};

// ---- IngressClass (k8s.io/api/networking/v1) ----

static INGRESS_CLASS: Struct = Struct {
    go_type: "v1.IngressClass",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("spec", Ty::Struct(&INGRESS_CLASS_SPEC)),
    ],
};

static INGRESS_CLASS_SPEC: Struct = Struct {
    go_type: "v1.IngressClassSpec",
    fields: &[
        field("controller", Ty::String),
        field("parameters", Ty::Any),
    ],
};

// ---- Namespace (k8s.io/api/core/v1) ----

static NAMESPACE: Struct = Struct {
    go_type: "v1.Namespace",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("spec", Ty::Struct(&NAMESPACE_SPEC)),
        field("status", Ty::Any),
    ],
};

static NAMESPACE_SPEC: Struct = Struct {
    go_type: "v1.NamespaceSpec",
    fields: &[field("finalizers", STRINGS)],
};

// ---- ServiceAccount (k8s.io/api/core/v1) ----

static SERVICE_ACCOUNT: Struct = Struct {
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

// ---- ClusterRole (k8s.io/api/rbac/v1) ----

static CLUSTER_ROLE: Struct = Struct {
    go_type: "v1.ClusterRole",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("rules", Ty::List(&Ty::Struct(&POLICY_RULE))),
        field("aggregationRule", Ty::Any),
    ],
};

static POLICY_RULE: Struct = Struct {
    go_type: "v1.PolicyRule",
    fields: &[
        field("verbs", STRINGS),
        field("apiGroups", STRINGS),
        field("resources", STRINGS),
        field("resourceNames", STRINGS),
        field("nonResourceURLs", STRINGS),
    ],
};

// ---- ClusterRoleBinding (k8s.io/api/rbac/v1) ----

static CLUSTER_ROLE_BINDING: Struct = Struct {
    go_type: "v1.ClusterRoleBinding",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("subjects", Ty::List(&Ty::Struct(&SUBJECT))),
        field("roleRef", Ty::Struct(&ROLE_REF)),
    ],
};

static SUBJECT: Struct = Struct {
    go_type: "v1.Subject",
    fields: &[
        field("kind", Ty::String),
        field("apiGroup", Ty::String),
        field("name", Ty::String),
        field("namespace", Ty::String),
    ],
};

static ROLE_REF: Struct = Struct {
    go_type: "v1.RoleRef",
    fields: &[
        field("apiGroup", Ty::String),
        field("kind", Ty::String),
        field("name", Ty::String),
    ],
};

// ---- Node (k8s.io/api/core/v1) ----

static NODE: Struct = Struct {
    go_type: "v1.Node",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("spec", Ty::Struct(&NODE_SPEC)),
        field("status", Ty::Any),
    ],
};

static NODE_SPEC: Struct = Struct {
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

static TAINT: Struct = Struct {
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
        for kind in Kind::ALL {
            let names: Vec<&str> = root(kind).fields.iter().map(|f| f.name).collect();
            for required in ["apiVersion", "kind", "metadata"] {
                assert!(names.contains(&required), "{kind:?} has no {required}");
            }
        }
    }

    #[test]
    fn no_struct_lists_a_field_twice() {
        let mut seen = HashMap::new();
        for kind in Kind::ALL {
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
