//! The tables strict decoding checks manifests against: each kind's Go types in Kubernetes v1.34.

mod apps;
mod core;
mod meta;
mod networking;
mod rbac;

use self::{apps::*, core::*, meta::*, networking::*, rbac::*};
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
        Kind::Secret => &SECRET,
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
