//! A HTTPRoute of the Gateway API (`engine::gateway`), served once its CRD is applied.

use crate::engine::gateway::{schema, validate_route, HttpRoute, GROUP};
use crate::engine::kinds::{names, KindInfo, Stored};
use crate::engine::schema::Struct;
use crate::engine::store::Store;
use crate::engine::validation::FieldError;

impl Stored for HttpRoute {
    const INFO: KindInfo = KindInfo {
        version: "v1",
        ..names("HTTPRoute", GROUP, "httproutes", &[], true)
    };

    fn schema() -> &'static Struct {
        &schema::HTTP_ROUTE
    }

    fn default_fields(&mut self) {
        validate_route::default_http_route(self);
    }

    fn validate(&self, _old: Option<&Self>, _store: &Store) -> Vec<FieldError> {
        validate_route::http_route(self)
    }
}
