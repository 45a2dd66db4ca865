//! Object metadata, label selectors and references (k8s.io/apimachinery/pkg/apis/meta/v1, k8s.io/api/core/v1).

use super::*;

// ---- Metadata (k8s.io/apimachinery/pkg/apis/meta/v1) ----

// metav1.Time decodes itself from a JSON string, so a wrong type is reported as `of type string`.
pub(crate) static OBJECT_META: Struct = Struct {
    go_type: "v1.ObjectMeta",
    fields: &[
        field("name", Ty::String),
        field("generateName", Ty::String),
        field("namespace", Ty::String),
        field("selfLink", Ty::String),
        field("uid", Ty::String),
        field("resourceVersion", Ty::String),
        field("generation", Ty::Int64),
        field("creationTimestamp", Ty::String),
        field("deletionTimestamp", Ty::String),
        field("deletionGracePeriodSeconds", Ty::Int64),
        field("labels", Ty::Map(&Ty::String)),
        field("annotations", Ty::Map(&Ty::String)),
        field("ownerReferences", Ty::List(&Ty::Struct(&OWNER_REFERENCE))),
        field("finalizers", STRINGS),
        field("managedFields", Ty::Any),
    ],
};

pub(crate) static OWNER_REFERENCE: Struct = Struct {
    go_type: "v1.OwnerReference",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("name", Ty::String),
        field("uid", Ty::String),
        field("controller", Ty::Bool),
        field("blockOwnerDeletion", Ty::Bool),
    ],
};

pub(crate) static LABEL_SELECTOR: Struct = Struct {
    go_type: "v1.LabelSelector",
    fields: &[
        field("matchLabels", Ty::Map(&Ty::String)),
        field(
            "matchExpressions",
            Ty::List(&Ty::Struct(&LABEL_SELECTOR_REQUIREMENT)),
        ),
    ],
};

pub(crate) static LABEL_SELECTOR_REQUIREMENT: Struct = Struct {
    go_type: "v1.LabelSelectorRequirement",
    fields: &[
        field("key", Ty::String),
        field("operator", Ty::String),
        field("values", STRINGS),
    ],
};

// ---- References (k8s.io/api/core/v1) ----

pub(crate) static LOCAL_OBJECT_REFERENCE: Struct = Struct {
    go_type: "v1.LocalObjectReference",
    fields: &[field("name", Ty::String)],
};

pub(crate) static OBJECT_REFERENCE: Struct = Struct {
    go_type: "v1.ObjectReference",
    fields: &[
        field("kind", Ty::String),
        field("namespace", Ty::String),
        field("name", Ty::String),
        field("uid", Ty::String),
        field("apiVersion", Ty::String),
        field("resourceVersion", Ty::String),
        field("fieldPath", Ty::String),
    ],
};

pub(crate) static TYPED_LOCAL_OBJECT_REFERENCE: Struct = Struct {
    go_type: "v1.TypedLocalObjectReference",
    fields: &[
        field("apiGroup", Ty::String),
        field("kind", Ty::String),
        field("name", Ty::String),
    ],
};
