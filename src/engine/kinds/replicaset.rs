//! A ReplicaSet: a number of pods from one template.

use crate::engine::api::ReplicaSet;
use crate::engine::defaults;
use crate::engine::kinds::{names, KindInfo, Stored};
use crate::engine::schema::{tables, Struct};
use crate::engine::store::Store;
use crate::engine::validation::FieldError;
use crate::engine::validation;

impl Stored for ReplicaSet {
    const INFO: KindInfo = names("ReplicaSet", "apps", "replicasets", &["rs"], true);

    fn schema() -> &'static Struct {
        &tables::REPLICA_SET
    }

    fn default_fields(&mut self) {
        defaults::replicaset(self);
    }

    fn validate(&self, _old: Option<&Self>, _store: &Store) -> Vec<FieldError> {
        validation::apps::replicaset(self)
    }
}
