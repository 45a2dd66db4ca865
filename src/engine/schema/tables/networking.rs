//! Ingress and IngressClass (k8s.io/api/networking/v1).

use super::*;

// ---- Ingress (k8s.io/api/networking/v1) ----

pub(crate) static INGRESS: Struct = Struct {
    go_type: "v1.Ingress",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("spec", Ty::Struct(&INGRESS_SPEC)),
        field("status", Ty::Any),
    ],
};

pub(crate) static INGRESS_SPEC: Struct = Struct {
    go_type: "v1.IngressSpec",
    fields: &[
        field("ingressClassName", Ty::String),
        field("defaultBackend", Ty::Struct(&INGRESS_BACKEND)),
        field("tls", Ty::List(&Ty::Struct(&INGRESS_TLS))),
        field("rules", Ty::List(&Ty::Struct(&INGRESS_RULE))),
    ],
};

pub(crate) static INGRESS_BACKEND: Struct = Struct {
    go_type: "v1.IngressBackend",
    fields: &[
        field("service", Ty::Struct(&INGRESS_SERVICE_BACKEND)),
        field("resource", Ty::Struct(&TYPED_LOCAL_OBJECT_REFERENCE)),
    ],
};

pub(crate) static INGRESS_SERVICE_BACKEND: Struct = Struct {
    go_type: "v1.IngressServiceBackend",
    fields: &[
        field("name", Ty::String),
        field("port", Ty::Struct(&SERVICE_BACKEND_PORT)),
    ],
};

pub(crate) static SERVICE_BACKEND_PORT: Struct = Struct {
    go_type: "v1.ServiceBackendPort",
    fields: &[field("name", Ty::String), field("number", Ty::Int32)],
};

pub(crate) static INGRESS_TLS: Struct = Struct {
    go_type: "v1.IngressTLS",
    fields: &[field("hosts", STRINGS), field("secretName", Ty::String)],
};

// The rule value (http) is inlined into v1.IngressRule.
pub(crate) static INGRESS_RULE: Struct = Struct {
    go_type: "v1.IngressRule",
    fields: &[
        field("host", Ty::String),
        field("http", Ty::Struct(&HTTP_INGRESS_RULE_VALUE)),
    ],
};

pub(crate) static HTTP_INGRESS_RULE_VALUE: Struct = Struct {
    go_type: "v1.HTTPIngressRuleValue",
    fields: &[field("paths", Ty::List(&Ty::Struct(&HTTP_INGRESS_PATH)))],
};

pub(crate) static HTTP_INGRESS_PATH: Struct = Struct {
    go_type: "v1.HTTPIngressPath",
    fields: &[
        field("path", Ty::String),
        field("pathType", Ty::String),
        field("backend", Ty::Struct(&INGRESS_BACKEND)),
    ],
};

// ---- IngressClass (k8s.io/api/networking/v1) ----

pub(crate) static INGRESS_CLASS: Struct = Struct {
    go_type: "v1.IngressClass",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("spec", Ty::Struct(&INGRESS_CLASS_SPEC)),
    ],
};

pub(crate) static INGRESS_CLASS_SPEC: Struct = Struct {
    go_type: "v1.IngressClassSpec",
    fields: &[
        field("controller", Ty::String),
        field("parameters", Ty::Any),
    ],
};
