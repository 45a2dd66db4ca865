//! A Pod. It lingers as Terminating after a delete until its kubelet lets it go.

use crate::engine::api::Pod;
use crate::engine::defaults;
use crate::engine::kinds::{names, KindInfo, Stored};
use crate::engine::schema::{tables, Struct};
use crate::engine::store::Store;
use crate::engine::validation::FieldError;
use crate::engine::Millis;
use crate::engine::validation;

impl Stored for Pod {
    const INFO: KindInfo = names("Pod", "", "pods", &["po"], true);

    fn schema() -> &'static Struct {
        &tables::POD
    }

    fn default_fields(&mut self) {
        defaults::pod_spec(&mut self.spec);
    }

    fn begin_delete(store: &mut Store, key: &str, now: Millis) -> bool {
        match store.write::<Pod>().get_mut(key) {
            Some(pod) => {
                pod.metadata.deleted.get_or_insert(now);
                true
            }
            None => false,
        }
    }

    fn validate(&self, _old: Option<&Self>, _store: &Store) -> Vec<FieldError> {
        validation::core::pod(self)
    }
}
