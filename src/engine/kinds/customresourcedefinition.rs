//! A CustomResourceDefinition: applying one makes the cluster serve its kind (kplay knows the Gateway API's);
//! deleting it deletes every object of that kind.

use crate::engine::api::Kind;
use crate::engine::gateway::{schema, CustomResourceDefinition};
use crate::engine::kinds::{names, InStore, KindInfo, Stored};
use crate::engine::schema::Struct;
use crate::engine::store::Store;
use crate::engine::validation::names::{object_meta, Rule};
use crate::engine::validation::{invalid, Bad, FieldError};
use crate::engine::Millis;

impl Stored for CustomResourceDefinition {
    const INFO: KindInfo = names(
        "CustomResourceDefinition",
        "apiextensions.k8s.io",
        "customresourcedefinitions",
        &["crd", "crds"],
        false,
    );

    fn schema() -> &'static Struct {
        &schema::CRD
    }

    /// `ValidateCustomResourceDefinition`'s first rule: the name is `<plural>.<group>`.
    fn validate(&self, _old: Option<&Self>, _store: &Store) -> Vec<FieldError> {
        let mut errs = object_meta(&self.metadata, Rule::Subdomain, false);
        let wanted = format!("{}.{}", self.spec.names.plural, self.spec.group);
        if self.metadata.name != wanted {
            errs.push(invalid(
                "metadata.name",
                Bad::Str(self.metadata.name.clone()),
                "must be spec.names.plural+\".\"+spec.group",
            ));
        }
        errs
    }

    fn begin_delete(store: &mut Store, key: &str, _now: Millis) -> bool {
        let Some(crd) = Self::map_mut(store).remove(key) else {
            return false;
        };
        let kind = Kind::ALL.iter().copied().find(|k| {
            k.group() == crd.spec.group && k.plural() == crd.spec.names.plural
        });
        if let Some(kind) = kind {
            store.remove_all(kind);
        }
        true
    }
}
