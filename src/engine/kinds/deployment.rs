//! A Deployment: ReplicaSets of a pod template, rolled from one to the next.

use crate::engine::api::Deployment;
use crate::engine::defaults;
use crate::engine::kinds::{names, KindInfo, Stored};
use crate::engine::schema::{tables, Struct};
use crate::engine::store::Store;
use crate::engine::validation::FieldError;
use crate::engine::validation;

impl Stored for Deployment {
    const INFO: KindInfo = names("Deployment", "apps", "deployments", &["deploy"], true);

    fn schema() -> &'static Struct {
        &tables::DEPLOYMENT
    }

    fn default_fields(&mut self) {
        defaults::deployment(self);
    }

    fn validate(&self, old: Option<&Self>, _store: &Store) -> Vec<FieldError> {
        validation::apps::deployment(self, old)
    }
}
