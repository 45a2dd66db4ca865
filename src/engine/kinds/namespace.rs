//! A Namespace.

use crate::engine::api::Namespace;
use crate::engine::kinds::{names, KindInfo, Stored};
use crate::engine::schema::{tables, Struct};
use crate::engine::store::Store;
use crate::engine::validation::FieldError;
use crate::engine::validation::names::{object_meta, Rule};

impl Stored for Namespace {
    const INFO: KindInfo = names("Namespace", "", "namespaces", &["ns"], false);

    fn schema() -> &'static Struct {
        &tables::NAMESPACE
    }

    fn validate(&self, _old: Option<&Self>, _store: &Store) -> Vec<FieldError> {
        object_meta(&self.metadata, Rule::Label, false)
    }
}
