//! A ClusterRoleBinding (kept, not enforced).

use crate::engine::api::ClusterRoleBinding;
use crate::engine::kinds::{names, KindInfo, Stored};
use crate::engine::schema::{tables, Struct};
use crate::engine::store::Store;
use crate::engine::validation::FieldError;
use crate::engine::validation::names::{object_meta, Rule};

impl Stored for ClusterRoleBinding {
    const INFO: KindInfo = names("ClusterRoleBinding", "rbac.authorization.k8s.io", "clusterrolebindings", &[], false);

    fn schema() -> &'static Struct {
        &tables::CLUSTER_ROLE_BINDING
    }

    fn validate(&self, _old: Option<&Self>, _store: &Store) -> Vec<FieldError> {
        object_meta(&self.metadata, Rule::Path, false)
    }
}
