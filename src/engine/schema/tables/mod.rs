//! The tables strict decoding checks manifests against: each kind's Go types in Kubernetes v1.34.

mod apps;
mod core;
mod meta;
mod networking;
mod rbac;

pub(crate) use self::{apps::*, core::*, meta::*, networking::*, rbac::*};
use crate::engine::api::Kind;
use crate::engine::schema::{Field, Struct, Ty};

/// The top-level struct of a kind's manifest: the registry's kinds name their own, the cluster's own kinds are here.
pub(super) fn root(kind: Kind) -> &'static Struct {
    if let Some(schema) = crate::engine::kinds::schema(kind) {
        return schema;
    }
    match kind {
        Kind::Node => &NODE,
        Kind::Endpoints => &ENDPOINTS,
        Kind::EndpointSlice => &ENDPOINT_SLICE,
        _ => &EVENT,
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
pub(crate) const fn field(name: &'static str, ty: Ty) -> Field {
    Field { name, ty }
}
