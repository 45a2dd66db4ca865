//! The fields of the Gateway API kinds (sigs.k8s.io/gateway-api/apis/v1 and v1beta1) and of a
//! CustomResourceDefinition, for strict decoding and did-you-mean hints, as `schema::tables` has them for the
//! built-in kinds.

use crate::engine::schema::tables::{field, LABEL_SELECTOR, OBJECT_META};
use crate::engine::schema::{Struct, Ty};

const STRINGS: Ty = Ty::List(&Ty::String);

macro_rules! top {
    ($name:ident, $go:literal, $spec:expr) => {
        pub(crate) static $name: Struct = Struct {
            go_type: $go,
            fields: &[
                field("apiVersion", Ty::String),
                field("kind", Ty::String),
                field("metadata", Ty::Struct(&OBJECT_META)),
                field("spec", Ty::Struct($spec)),
                field("status", Ty::Any),
            ],
        };
    };
}

top!(GATEWAY_CLASS, "v1.GatewayClass", &GATEWAY_CLASS_SPEC);
top!(GATEWAY, "v1.Gateway", &GATEWAY_SPEC);
top!(HTTP_ROUTE, "v1.HTTPRoute", &HTTP_ROUTE_SPEC);
top!(
    REFERENCE_GRANT,
    "v1beta1.ReferenceGrant",
    &REFERENCE_GRANT_SPEC
);
top!(CRD, "v1.CustomResourceDefinition", &CRD_SPEC);

static GATEWAY_CLASS_SPEC: Struct = Struct {
    go_type: "v1.GatewayClassSpec",
    fields: &[
        field("controllerName", Ty::String),
        field("parametersRef", Ty::Any),
        field("description", Ty::String),
    ],
};

static GATEWAY_SPEC: Struct = Struct {
    go_type: "v1.GatewaySpec",
    fields: &[
        field("gatewayClassName", Ty::String),
        field("listeners", Ty::List(&Ty::Struct(&LISTENER))),
        field("addresses", Ty::Any),
        field("infrastructure", Ty::Any),
        field("backendTLS", Ty::Any),
    ],
};

static LISTENER: Struct = Struct {
    go_type: "v1.Listener",
    fields: &[
        field("name", Ty::String),
        field("hostname", Ty::String),
        field("port", Ty::Int32),
        field("protocol", Ty::String),
        field("tls", Ty::Struct(&LISTENER_TLS)),
        field("allowedRoutes", Ty::Struct(&ALLOWED_ROUTES)),
    ],
};

static LISTENER_TLS: Struct = Struct {
    go_type: "v1.ListenerTLSConfig",
    fields: &[
        field("mode", Ty::String),
        field("certificateRefs", Ty::List(&Ty::Struct(&OBJECT_REFERENCE))),
        field("options", Ty::Map(&Ty::String)),
    ],
};

static OBJECT_REFERENCE: Struct = Struct {
    go_type: "v1.SecretObjectReference",
    fields: &[
        field("group", Ty::String),
        field("kind", Ty::String),
        field("name", Ty::String),
        field("namespace", Ty::String),
    ],
};

static ALLOWED_ROUTES: Struct = Struct {
    go_type: "v1.AllowedRoutes",
    fields: &[
        field("namespaces", Ty::Struct(&ROUTE_NAMESPACES)),
        field("kinds", Ty::List(&Ty::Struct(&ROUTE_GROUP_KIND))),
    ],
};

static ROUTE_NAMESPACES: Struct = Struct {
    go_type: "v1.RouteNamespaces",
    fields: &[
        field("from", Ty::String),
        field("selector", Ty::Struct(&LABEL_SELECTOR)),
    ],
};

static ROUTE_GROUP_KIND: Struct = Struct {
    go_type: "v1.RouteGroupKind",
    fields: &[field("group", Ty::String), field("kind", Ty::String)],
};

static HTTP_ROUTE_SPEC: Struct = Struct {
    go_type: "v1.HTTPRouteSpec",
    fields: &[
        field("parentRefs", Ty::List(&Ty::Struct(&PARENT_REF))),
        field("hostnames", STRINGS),
        field("rules", Ty::List(&Ty::Struct(&ROUTE_RULE))),
    ],
};

static PARENT_REF: Struct = Struct {
    go_type: "v1.ParentReference",
    fields: &[
        field("group", Ty::String),
        field("kind", Ty::String),
        field("namespace", Ty::String),
        field("name", Ty::String),
        field("sectionName", Ty::String),
        field("port", Ty::Int32),
    ],
};

static ROUTE_RULE: Struct = Struct {
    go_type: "v1.HTTPRouteRule",
    fields: &[
        field("name", Ty::String),
        field("matches", Ty::List(&Ty::Struct(&ROUTE_MATCH))),
        field("filters", Ty::List(&Ty::Struct(&FILTER))),
        field("backendRefs", Ty::List(&Ty::Struct(&BACKEND_REF))),
        field("timeouts", Ty::Any),
    ],
};

static ROUTE_MATCH: Struct = Struct {
    go_type: "v1.HTTPRouteMatch",
    fields: &[
        field("path", Ty::Struct(&PATH_MATCH)),
        field("headers", Ty::List(&Ty::Struct(&VALUE_MATCH))),
        field("queryParams", Ty::List(&Ty::Struct(&VALUE_MATCH))),
        field("method", Ty::String),
    ],
};

static PATH_MATCH: Struct = Struct {
    go_type: "v1.HTTPPathMatch",
    fields: &[field("type", Ty::String), field("value", Ty::String)],
};

static VALUE_MATCH: Struct = Struct {
    go_type: "v1.HTTPHeaderMatch",
    fields: &[
        field("type", Ty::String),
        field("name", Ty::String),
        field("value", Ty::String),
    ],
};

static FILTER: Struct = Struct {
    go_type: "v1.HTTPRouteFilter",
    fields: &[
        field("type", Ty::String),
        field("requestHeaderModifier", Ty::Struct(&HEADER_MODIFIER)),
        field("responseHeaderModifier", Ty::Struct(&HEADER_MODIFIER)),
        field("requestRedirect", Ty::Struct(&REDIRECT)),
        field("urlRewrite", Ty::Struct(&REWRITE)),
        field("requestMirror", Ty::Any),
        field("cors", Ty::Any),
        field("extensionRef", Ty::Any),
    ],
};

static HEADER_MODIFIER: Struct = Struct {
    go_type: "v1.HTTPHeaderFilter",
    fields: &[
        field("set", Ty::List(&Ty::Struct(&HEADER))),
        field("add", Ty::List(&Ty::Struct(&HEADER))),
        field("remove", STRINGS),
    ],
};

static HEADER: Struct = Struct {
    go_type: "gatewayv1.HTTPHeader",
    fields: &[field("name", Ty::String), field("value", Ty::String)],
};

static REDIRECT: Struct = Struct {
    go_type: "v1.HTTPRequestRedirectFilter",
    fields: &[
        field("scheme", Ty::String),
        field("hostname", Ty::String),
        field("path", Ty::Struct(&PATH_MODIFIER)),
        field("port", Ty::Int32),
        field("statusCode", Ty::Int32),
    ],
};

static REWRITE: Struct = Struct {
    go_type: "v1.HTTPURLRewriteFilter",
    fields: &[
        field("hostname", Ty::String),
        field("path", Ty::Struct(&PATH_MODIFIER)),
    ],
};

static PATH_MODIFIER: Struct = Struct {
    go_type: "v1.HTTPPathModifier",
    fields: &[
        field("type", Ty::String),
        field("replaceFullPath", Ty::String),
        field("replacePrefixMatch", Ty::String),
    ],
};

static BACKEND_REF: Struct = Struct {
    go_type: "v1.HTTPBackendRef",
    fields: &[
        field("group", Ty::String),
        field("kind", Ty::String),
        field("name", Ty::String),
        field("namespace", Ty::String),
        field("port", Ty::Int32),
        field("weight", Ty::Int32),
        field("filters", Ty::List(&Ty::Struct(&FILTER))),
    ],
};

static REFERENCE_GRANT_SPEC: Struct = Struct {
    go_type: "v1beta1.ReferenceGrantSpec",
    fields: &[
        field("from", Ty::List(&Ty::Struct(&GRANT_FROM))),
        field("to", Ty::List(&Ty::Struct(&GRANT_TO))),
    ],
};

static GRANT_FROM: Struct = Struct {
    go_type: "v1beta1.ReferenceGrantFrom",
    fields: &[
        field("group", Ty::String),
        field("kind", Ty::String),
        field("namespace", Ty::String),
    ],
};

static GRANT_TO: Struct = Struct {
    go_type: "v1beta1.ReferenceGrantTo",
    fields: &[
        field("group", Ty::String),
        field("kind", Ty::String),
        field("name", Ty::String),
    ],
};

static CRD_SPEC: Struct = Struct {
    go_type: "v1.CustomResourceDefinitionSpec",
    fields: &[
        field("group", Ty::String),
        field("names", Ty::Struct(&CRD_NAMES)),
        field("scope", Ty::String),
        field("versions", Ty::Any),
        field("conversion", Ty::Any),
        field("preserveUnknownFields", Ty::Bool),
    ],
};

static CRD_NAMES: Struct = Struct {
    go_type: "v1.CustomResourceDefinitionNames",
    fields: &[
        field("plural", Ty::String),
        field("singular", Ty::String),
        field("kind", Ty::String),
        field("listKind", Ty::String),
        field("shortNames", STRINGS),
        field("categories", STRINGS),
    ],
};
