//! The Gateway API (`gateway.networking.k8s.io`, standard channel): its kinds' types (`types.rs`) and fields
//! (`schema.rs`), what its CRDs' OpenAPI schemas and CEL rules refuse (`validate.rs`), the status a controller
//! writes (`status.rs`), and which rule of which HTTPRoute a request takes (`routes.rs`). The cluster serves the
//! kinds only once their CustomResourceDefinitions are applied, as a real API server does.

pub mod backends;
pub mod routes;
pub(crate) mod schema;
mod types;
pub(crate) mod validate;
pub(crate) mod validate_route;

pub use types::*;

use crate::engine::api::{Kind, ObjectMeta};
use crate::engine::store::{Resource, Store};

/// The API group of every Gateway API kind.
pub const GROUP: &str = "gateway.networking.k8s.io";

/// Whether the cluster serves `kind`: the built-in kinds always, a Gateway API kind once its CRD is stored.
pub fn served(store: &Store, kind: Kind) -> bool {
    if kind.group() != GROUP {
        return true;
    }
    let crd = format!("/{}.{}", kind.plural(), GROUP);
    store.customresourcedefinitions().contains_key(&crd)
}

crate::engine::store::resource_with_spec!(GatewayClass, Gateway, HttpRoute);
crate::engine::store::resource_whole!(ReferenceGrant, CustomResourceDefinition);
