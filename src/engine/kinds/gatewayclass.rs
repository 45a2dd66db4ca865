//! A GatewayClass of the Gateway API (`engine::gateway`), served once its CRD is applied.

use crate::engine::gateway::{schema, validate, GatewayClass, GROUP};
use crate::engine::kinds::{names, KindInfo, Stored};
use crate::engine::schema::Struct;
use crate::engine::store::Store;
use crate::engine::validation::FieldError;

impl Stored for GatewayClass {
    const INFO: KindInfo = KindInfo {
        version: "v1",
        ..names("GatewayClass", GROUP, "gatewayclasses", &["gc"], false)
    };

    fn schema() -> &'static Struct {
        &schema::GATEWAY_CLASS
    }

    fn default_fields(&mut self) {
        validate::default_gateway_class(self);
    }

    fn validate(&self, _old: Option<&Self>, _store: &Store) -> Vec<FieldError> {
        validate::gateway_class(self)
    }
}
