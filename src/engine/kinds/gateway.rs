//! A Gateway of the Gateway API (`engine::gateway`), served once its CRD is applied.

use crate::engine::gateway::{schema, validate, Gateway, GROUP};
use crate::engine::kinds::{names, KindInfo, Stored};
use crate::engine::schema::Struct;
use crate::engine::store::Store;
use crate::engine::validation::FieldError;

impl Stored for Gateway {
    const INFO: KindInfo = KindInfo {
        version: "v1",
        ..names("Gateway", GROUP, "gateways", &["gtw"], true)
    };

    fn schema() -> &'static Struct {
        &schema::GATEWAY
    }

    fn default_fields(&mut self) {
        validate::default_gateway(self);
    }

    fn validate(&self, _old: Option<&Self>, _store: &Store) -> Vec<FieldError> {
        validate::gateway(self)
    }
}
