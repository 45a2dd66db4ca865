//! A ReferenceGrant of the Gateway API (`engine::gateway`), served once its CRD is applied.

use crate::engine::gateway::{schema, validate, ReferenceGrant, GROUP};
use crate::engine::kinds::{names, KindInfo, Stored};
use crate::engine::schema::Struct;
use crate::engine::store::Store;
use crate::engine::validation::FieldError;

impl Stored for ReferenceGrant {
    const INFO: KindInfo = KindInfo {
        version: "v1beta1",
        ..names("ReferenceGrant", GROUP, "referencegrants", &["refgrant"], true)
    };

    fn schema() -> &'static Struct {
        &schema::REFERENCE_GRANT
    }

    fn default_fields(&mut self) {
        validate::default_reference_grant(self);
    }

    fn validate(&self, _old: Option<&Self>, _store: &Store) -> Vec<FieldError> {
        validate::reference_grant(self)
    }
}
