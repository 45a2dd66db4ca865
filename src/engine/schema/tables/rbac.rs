//! ClusterRole and ClusterRoleBinding (k8s.io/api/rbac/v1).

use super::*;

// ---- ClusterRole (k8s.io/api/rbac/v1) ----

pub(crate) static CLUSTER_ROLE: Struct = Struct {
    go_type: "v1.ClusterRole",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("rules", Ty::List(&Ty::Struct(&POLICY_RULE))),
        field("aggregationRule", Ty::Any),
    ],
};

pub(crate) static POLICY_RULE: Struct = Struct {
    go_type: "v1.PolicyRule",
    fields: &[
        field("verbs", STRINGS),
        field("apiGroups", STRINGS),
        field("resources", STRINGS),
        field("resourceNames", STRINGS),
        field("nonResourceURLs", STRINGS),
    ],
};

// ---- ClusterRoleBinding (k8s.io/api/rbac/v1) ----

pub(crate) static CLUSTER_ROLE_BINDING: Struct = Struct {
    go_type: "v1.ClusterRoleBinding",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("subjects", Ty::List(&Ty::Struct(&SUBJECT))),
        field("roleRef", Ty::Struct(&ROLE_REF)),
    ],
};

pub(crate) static SUBJECT: Struct = Struct {
    go_type: "v1.Subject",
    fields: &[
        field("kind", Ty::String),
        field("apiGroup", Ty::String),
        field("name", Ty::String),
        field("namespace", Ty::String),
    ],
};

pub(crate) static ROLE_REF: Struct = Struct {
    go_type: "v1.RoleRef",
    fields: &[
        field("apiGroup", Ty::String),
        field("kind", Ty::String),
        field("name", Ty::String),
    ],
};
