//! Deployment, ReplicaSet and DaemonSet (k8s.io/api/apps/v1).

use super::*;

// ---- Deployment (k8s.io/api/apps/v1) ----

pub(crate) static DEPLOYMENT: Struct = Struct {
    go_type: "v1.Deployment",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("spec", Ty::Struct(&DEPLOYMENT_SPEC)),
        field("status", Ty::Any),
    ],
};

pub(crate) static DEPLOYMENT_SPEC: Struct = Struct {
    go_type: "v1.DeploymentSpec",
    fields: &[
        field("replicas", Ty::Int32),
        field("selector", Ty::Struct(&LABEL_SELECTOR)),
        field("template", Ty::Struct(&POD_TEMPLATE_SPEC)),
        field("strategy", Ty::Struct(&DEPLOYMENT_STRATEGY)),
        field("minReadySeconds", Ty::Int32),
        field("revisionHistoryLimit", Ty::Int32),
        field("paused", Ty::Bool),
        field("progressDeadlineSeconds", Ty::Int32),
    ],
};

pub(crate) static DEPLOYMENT_STRATEGY: Struct = Struct {
    go_type: "v1.DeploymentStrategy",
    fields: &[
        field("type", Ty::String),
        field("rollingUpdate", Ty::Struct(&ROLLING_UPDATE_DEPLOYMENT)),
    ],
};

pub(crate) static ROLLING_UPDATE_DEPLOYMENT: Struct = Struct {
    go_type: "v1.RollingUpdateDeployment",
    fields: &[
        field("maxUnavailable", Ty::IntOrString),
        field("maxSurge", Ty::IntOrString),
    ],
};

// ---- ReplicaSet (k8s.io/api/apps/v1) ----

pub(crate) static REPLICA_SET: Struct = Struct {
    go_type: "v1.ReplicaSet",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("spec", Ty::Struct(&REPLICA_SET_SPEC)),
        field("status", Ty::Any),
    ],
};

pub(crate) static REPLICA_SET_SPEC: Struct = Struct {
    go_type: "v1.ReplicaSetSpec",
    fields: &[
        field("replicas", Ty::Int32),
        field("minReadySeconds", Ty::Int32),
        field("selector", Ty::Struct(&LABEL_SELECTOR)),
        field("template", Ty::Struct(&POD_TEMPLATE_SPEC)),
    ],
};

// ---- DaemonSet (k8s.io/api/apps/v1) ----

pub(crate) static DAEMON_SET: Struct = Struct {
    go_type: "v1.DaemonSet",
    fields: &[
        field("apiVersion", Ty::String),
        field("kind", Ty::String),
        field("metadata", Ty::Struct(&OBJECT_META)),
        field("spec", Ty::Struct(&DAEMON_SET_SPEC)),
        field("status", Ty::Any),
    ],
};

pub(crate) static DAEMON_SET_SPEC: Struct = Struct {
    go_type: "v1.DaemonSetSpec",
    fields: &[
        field("selector", Ty::Struct(&LABEL_SELECTOR)),
        field("template", Ty::Struct(&POD_TEMPLATE_SPEC)),
        field("updateStrategy", Ty::Struct(&DAEMON_SET_UPDATE_STRATEGY)),
        field("minReadySeconds", Ty::Int32),
        field("revisionHistoryLimit", Ty::Int32),
    ],
};

pub(crate) static DAEMON_SET_UPDATE_STRATEGY: Struct = Struct {
    go_type: "v1.DaemonSetUpdateStrategy",
    fields: &[
        field("type", Ty::String),
        field("rollingUpdate", Ty::Struct(&ROLLING_UPDATE_DAEMON_SET)),
    ],
};

pub(crate) static ROLLING_UPDATE_DAEMON_SET: Struct = Struct {
    go_type: "v1.RollingUpdateDaemonSet",
    fields: &[
        field("maxUnavailable", Ty::IntOrString),
        field("maxSurge", Ty::IntOrString),
    ],
};
