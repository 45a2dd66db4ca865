//! An IngressClass: which controller serves Ingresses that name it.

use crate::engine::api::IngressClass;
use crate::engine::kinds::{names, KindInfo, Stored};
use crate::engine::schema::{tables, Struct};
use crate::engine::store::Store;
use crate::engine::validation::FieldError;
use crate::engine::validation::names::{object_meta, Rule};

impl Stored for IngressClass {
    const INFO: KindInfo = names("IngressClass", "networking.k8s.io", "ingressclasses", &[], false);

    fn schema() -> &'static Struct {
        &tables::INGRESS_CLASS
    }

    fn validate(&self, _old: Option<&Self>, _store: &Store) -> Vec<FieldError> {
        object_meta(&self.metadata, Rule::Subdomain, false)
    }
}
