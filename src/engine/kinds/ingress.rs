//! An Ingress: host and path rules for the ingress controller.

use crate::engine::api::Ingress;
use crate::engine::kinds::{names, KindInfo, Stored};
use crate::engine::schema::{tables, Struct};
use crate::engine::store::Store;
use crate::engine::validation::FieldError;
use crate::engine::validation;

impl Stored for Ingress {
    const INFO: KindInfo = names("Ingress", "networking.k8s.io", "ingresses", &["ing"], true);

    fn schema() -> &'static Struct {
        &tables::INGRESS
    }

    fn validate(&self, old: Option<&Self>, _store: &Store) -> Vec<FieldError> {
        validation::networking::ingress(self, old.is_none())
    }
}
