//! apps/v1: Deployments, ReplicaSets and DaemonSets, in the order the API server checks them.

use serde_json::json;

use crate::engine::api::{
    DaemonSet, DaemonSetUpdateStrategyType, Deployment, DeploymentStrategy, DeploymentStrategyType,
    IntOrString, LabelSelector, PodTemplateSpec, ReplicaSet, RestartPolicy, RollingUpdate,
    SelectorOperator,
};
use crate::engine::validation::core::template;
use crate::engine::validation::names::{object_meta, Rule};
use crate::engine::validation::{invalid, required, Bad, FieldError};
use crate::engine::MAX_REPLICAS;

const NEGATIVE: &str = "must be greater than or equal to 0";
const PERCENT_MSG: &str = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

pub(crate) fn deployment(d: &Deployment, old: Option<&Deployment>) -> Vec<FieldError> {
    let mut errs = object_meta(&d.metadata, Rule::Subdomain, true);
    let spec = &d.spec;
    replicas(spec.replicas, &mut errs);
    selector_and_template(&spec.selector, &spec.template, true, &mut errs);
    if let Some(strategy) = &spec.strategy {
        deployment_strategy(strategy, &mut errs);
    }
    non_negative(spec.min_ready_seconds, "spec.minReadySeconds", &mut errs);
    non_negative(
        spec.revision_history_limit,
        "spec.revisionHistoryLimit",
        &mut errs,
    );
    if let Some(deadline) = spec.progress_deadline_seconds {
        non_negative(Some(deadline), "spec.progressDeadlineSeconds", &mut errs);
        if deadline <= spec.min_ready_seconds.unwrap_or(0) {
            errs.push(invalid(
                "spec.progressDeadlineSeconds",
                Bad::Num(i64::from(deadline)),
                "must be greater than minReadySeconds",
            ));
        }
    }
    if let Some(old) = old {
        immutable_selector(&old.spec.selector, &spec.selector, &mut errs);
    }
    errs
}

/// `spec.strategy`: RollingUpdate's bounds, no rollingUpdate for Recreate, no other type.
fn deployment_strategy(strategy: &DeploymentStrategy, errs: &mut Vec<FieldError>) {
    match strategy
        .type_
        .as_ref()
        .unwrap_or(&DeploymentStrategyType::RollingUpdate)
    {
        DeploymentStrategyType::RollingUpdate => {
            if let Some(rolling) = &strategy.rolling_update {
                deployment_rolling_update(rolling, errs);
            }
        }
        DeploymentStrategyType::Recreate => {
            if strategy.rolling_update.is_some() {
                errs.push(FieldError::Forbidden {
                    field: "spec.strategy.rollingUpdate".to_string(),
                    detail: "may not be specified when strategy `type` is 'Recreate'".to_string(),
                });
            }
        }
        DeploymentStrategyType::Other(other) => errs.push(FieldError::NotSupported {
            field: "spec.strategy".to_string(),
            value: strategy_struct(other),
            supported: vec!["Recreate", "RollingUpdate"],
        }),
    }
}

/// A Deployment's maxSurge and maxUnavailable: each a count or a percentage, not both 0, unavailable at most 100%.
fn deployment_rolling_update(rolling: &RollingUpdate, errs: &mut Vec<FieldError>) {
    let base = "spec.strategy.rollingUpdate";
    let surge = int_or_percent(
        rolling.max_surge.as_ref(),
        &format!("{base}.maxSurge"),
        errs,
    );
    let unavailable = int_or_percent(
        rolling.max_unavailable.as_ref(),
        &format!("{base}.maxUnavailable"),
        errs,
    );
    if let (Some(0), Some(0)) = (surge, unavailable) {
        errs.push(invalid(
            format!("{base}.maxUnavailable"),
            bad(rolling.max_unavailable.as_ref()),
            "may not be 0 when `maxSurge` is 0",
        ));
    }
    if let Some(IntOrString::String(s)) = &rolling.max_unavailable {
        if percent(s).is_some_and(|p| p > 100) {
            errs.push(invalid(
                format!("{base}.maxUnavailable"),
                Bad::Str(s.clone()),
                "must not be greater than 100%",
            ));
        }
    }
}

pub(crate) fn replicaset(rs: &ReplicaSet) -> Vec<FieldError> {
    let mut errs = object_meta(&rs.metadata, Rule::Subdomain, true);
    replicas(rs.spec.replicas, &mut errs);
    selector_and_template(&rs.spec.selector, &rs.spec.template, true, &mut errs);
    errs
}

pub(crate) fn daemonset(ds: &DaemonSet, old: Option<&DaemonSet>) -> Vec<FieldError> {
    let mut errs = object_meta(&ds.metadata, Rule::Subdomain, true);
    selector_and_template(&ds.spec.selector, &ds.spec.template, false, &mut errs);
    if let Some(strategy) = &ds.spec.update_strategy {
        match strategy
            .type_
            .as_ref()
            .unwrap_or(&DaemonSetUpdateStrategyType::RollingUpdate)
        {
            DaemonSetUpdateStrategyType::OnDelete => {}
            DaemonSetUpdateStrategyType::RollingUpdate => {
                if let Some(rolling) = &strategy.rolling_update {
                    let base = "spec.updateStrategy.rollingUpdate";
                    let surge = int_or_percent(
                        rolling.max_surge.as_ref(),
                        &format!("{base}.maxSurge"),
                        &mut errs,
                    );
                    let unavailable = int_or_percent(
                        rolling.max_unavailable.as_ref(),
                        &format!("{base}.maxUnavailable"),
                        &mut errs,
                    );
                    match (surge, unavailable) {
                        (Some(0) | None, Some(0) | None) => errs.push(required(
                            format!("{base}.maxUnavailable"),
                            "cannot be 0 when maxSurge is 0",
                        )),
                        (Some(s), Some(u)) if s != 0 && u != 0 => errs.push(invalid(
                            format!("{base}.maxSurge"),
                            bad(rolling.max_surge.as_ref()),
                            "may not be set when maxUnavailable is non-zero",
                        )),
                        _ => {}
                    }
                }
            }
            DaemonSetUpdateStrategyType::Other(other) => errs.push(FieldError::NotSupported {
                field: "spec.updateStrategy".to_string(),
                value: strategy_struct(other),
                supported: vec!["RollingUpdate", "OnDelete"],
            }),
        }
    }
    non_negative(ds.spec.min_ready_seconds, "spec.minReadySeconds", &mut errs);
    non_negative(
        ds.spec.revision_history_limit,
        "spec.revisionHistoryLimit",
        &mut errs,
    );
    if let Some(old) = old {
        immutable_selector(&old.spec.selector, &ds.spec.selector, &mut errs);
    }
    errs
}

fn replicas(replicas: Option<i32>, errs: &mut Vec<FieldError>) {
    non_negative(replicas, "spec.replicas", errs);
    if let Some(n) = replicas.filter(|n| *n > MAX_REPLICAS) {
        errs.push(invalid(
            "spec.replicas",
            Bad::Num(i64::from(n)),
            format!("kplay limits replicas to {MAX_REPLICAS}"),
        ));
    }
}

/// The selector is required (Deployments and ReplicaSets say so; DaemonSets only report the mismatch), must not be
/// empty, and must match the template's labels; then the template itself, which must restart Always.
fn selector_and_template(
    selector: &LabelSelector,
    pod: &PodTemplateSpec,
    say_required: bool,
    errs: &mut Vec<FieldError>,
) {
    let empty = selector.match_labels.is_empty() && selector.match_expressions.is_empty();
    match (selector.given, empty) {
        (false, true) if say_required => errs.push(required("spec.selector", "")),
        // Kubernetes says "deployment" for ReplicaSets too (the message was copied between the two).
        (true, true) => errs.push(invalid(
            "spec.selector",
            Bad::Json(json!({})),
            if say_required {
                "empty selector is invalid for deployment"
            } else {
                "empty selector is invalid for daemonset"
            },
        )),
        _ => {}
    }
    for (i, r) in selector.match_expressions.iter().enumerate() {
        let at = format!("spec.selector.matchExpressions[{i}]");
        match &r.operator {
            SelectorOperator::In | SelectorOperator::NotIn if r.values.is_empty() => {
                errs.push(required(
                    format!("{at}.values"),
                    "must be specified when `operator` is 'In' or 'NotIn'",
                ))
            }
            SelectorOperator::Exists | SelectorOperator::DoesNotExist if !r.values.is_empty() => {
                errs.push(FieldError::Forbidden {
                    field: format!("{at}.values"),
                    detail: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
                        .to_string(),
                })
            }
            SelectorOperator::In
            | SelectorOperator::NotIn
            | SelectorOperator::Exists
            | SelectorOperator::DoesNotExist => {}
            SelectorOperator::Other(other) => errs.push(invalid(
                format!("{at}.operator"),
                Bad::Str(other.clone()),
                "not a valid selector operator",
            )),
        }
    }
    // A given but empty selector selects everything, so the API server checks no labels against it; a missing one
    // selects nothing, so every template fails.
    let everything = selector.given && empty;
    if !everything && !selector.matches(&pod.metadata.labels) {
        let labels = if pod.metadata.labels.is_empty() {
            json!(null)
        } else {
            json!(pod.metadata.labels)
        };
        errs.push(invalid(
            "spec.template.metadata.labels",
            Bad::Json(labels),
            "`selector` does not match template `labels`",
        ));
    }
    errs.extend(template(pod, "spec.template"));
    if let Some(policy) = pod
        .spec
        .restart_policy
        .as_ref()
        .filter(|p| **p != RestartPolicy::Always)
    {
        errs.push(FieldError::NotSupported {
            field: "spec.template.spec.restartPolicy".to_string(),
            value: Bad::Json(json!(policy.as_str())),
            supported: vec!["Always"],
        });
    }
}

fn immutable_selector(old: &LabelSelector, new: &LabelSelector, errs: &mut Vec<FieldError>) {
    if old != new {
        errs.push(invalid(
            "spec.selector",
            Bad::Json(json!(new)),
            "field is immutable",
        ));
    }
}

fn non_negative(value: Option<i32>, field: &str, errs: &mut Vec<FieldError>) {
    if let Some(n) = value.filter(|n| *n < 0) {
        errs.push(invalid(field, Bad::Num(i64::from(n)), NEGATIVE));
    }
}

/// Checks an int-or-percent and returns its amount (a count or a percentage) when valid.
fn int_or_percent(
    value: Option<&IntOrString>,
    field: &str,
    errs: &mut Vec<FieldError>,
) -> Option<i64> {
    match value? {
        IntOrString::Int(n) if *n < 0 => {
            errs.push(invalid(field, Bad::Num(i64::from(*n)), NEGATIVE));
            None
        }
        IntOrString::Int(n) => Some(i64::from(*n)),
        IntOrString::String(s) => match percent(s) {
            Some(p) => Some(p),
            None => {
                errs.push(invalid(field, Bad::Str(s.clone()), PERCENT_MSG));
                None
            }
        },
    }
}

fn percent(s: &str) -> Option<i64> {
    let digits = s.strip_suffix('%')?;
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn bad(value: Option<&IntOrString>) -> Bad {
    match value {
        Some(IntOrString::Int(n)) => Bad::Num(i64::from(*n)),
        Some(IntOrString::String(s)) => Bad::Str(s.clone()),
        None => Bad::Json(json!(null)),
    }
}

/// The internal strategy struct the API server reports an unknown strategy type with.
fn strategy_struct(kind: &str) -> Bad {
    Bad::Struct(format!(
        "{{\"Type\":{},\"RollingUpdate\":null}}",
        json!(kind)
    ))
}
