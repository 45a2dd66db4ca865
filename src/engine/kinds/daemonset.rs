//! A DaemonSet: one pod per eligible node.

use crate::engine::api::DaemonSet;
use crate::engine::defaults;
use crate::engine::kinds::{names, KindInfo, Stored};
use crate::engine::schema::{tables, Struct};
use crate::engine::store::Store;
use crate::engine::validation::FieldError;
use crate::engine::validation;

impl Stored for DaemonSet {
    const INFO: KindInfo = names("DaemonSet", "apps", "daemonsets", &["ds"], true);

    fn schema() -> &'static Struct {
        &tables::DAEMON_SET
    }

    fn default_fields(&mut self) {
        defaults::daemonset(self);
    }

    fn validate(&self, old: Option<&Self>, _store: &Store) -> Vec<FieldError> {
        validation::apps::daemonset(self, old)
    }
}
