//! A ServiceAccount (kept, not used for authentication).

use crate::engine::api::ServiceAccount;
use crate::engine::kinds::{names, KindInfo, Stored};
use crate::engine::schema::{tables, Struct};
use crate::engine::store::Store;
use crate::engine::validation::FieldError;
use crate::engine::validation::names::{object_meta, Rule};

impl Stored for ServiceAccount {
    const INFO: KindInfo = names("ServiceAccount", "", "serviceaccounts", &["sa"], true);

    fn schema() -> &'static Struct {
        &tables::SERVICE_ACCOUNT
    }

    fn validate(&self, _old: Option<&Self>, _store: &Store) -> Vec<FieldError> {
        object_meta(&self.metadata, Rule::Subdomain, true)
    }
}
