//! Checks on the Gateway API: its CRDs installed, a Gateway its controller programmed, an HTTPRoute accepted and
//! sending to a Service with a weight.

use crate::engine::api::ConditionStatus;
use crate::engine::gateway::GwCondition;
use crate::engine::Cluster;
use crate::lesson::checks::{Aspect, CrdCheck, GatewayCheck, HttpRouteCheck, Unmet};

fn missing(subject: String) -> Unmet {
    Unmet {
        subject,
        what: Aspect::Exists,
        want: String::new(),
        have: None,
    }
}

/// The status of the condition `type_`, as kubectl prints it (`Unknown` before any controller wrote one).
fn status(conditions: &[GwCondition], type_: &str) -> String {
    conditions
        .iter()
        .find(|c| c.type_ == type_)
        .and_then(|c| c.status)
        .map_or("Unknown", ConditionStatus::as_str)
        .to_string()
}

/// A condition that must be True.
fn holds(subject: &str, what: Aspect, have: String) -> Result<(), Unmet> {
    if have == "True" {
        return Ok(());
    }
    Err(Unmet {
        subject: subject.to_string(),
        what,
        want: "True".to_string(),
        have: Some(have),
    })
}

pub(super) fn crd(c: &CrdCheck, cluster: &Cluster) -> Result<(), Unmet> {
    let subject = format!("customresourcedefinition/{}", c.name);
    let key = format!("/{}", c.name);
    match cluster
        .store()
        .customresourcedefinitions()
        .contains_key(&key)
    {
        true => Ok(()),
        false => Err(missing(subject)),
    }
}

pub(super) fn gateway(c: &GatewayCheck, cluster: &Cluster) -> Result<(), Unmet> {
    let subject = format!("gateway/{}", c.name);
    let gateway = cluster
        .store()
        .gateways()
        .get(&format!("{}/{}", c.namespace, c.name))
        .ok_or_else(|| missing(subject.clone()))?;
    if c.programmed {
        holds(
            &subject,
            Aspect::Programmed,
            status(&gateway.status.conditions, "Programmed"),
        )?;
    }
    Ok(())
}

pub(super) fn http_route(c: &HttpRouteCheck, cluster: &Cluster) -> Result<(), Unmet> {
    let subject = format!("httproute/{}", c.name);
    let route = cluster
        .store()
        .httproutes()
        .get(&format!("{}/{}", c.namespace, c.name))
        .ok_or_else(|| missing(subject.clone()))?;
    if c.accepted {
        let accepted = route
            .status
            .parents
            .iter()
            .map(|p| status(&p.conditions, "Accepted"))
            .find(|s| s == "True")
            .unwrap_or_else(|| "Unknown".to_string());
        holds(&subject, Aspect::Accepted, accepted)?;
    }
    let Some(service) = &c.backend else {
        return Ok(());
    };
    let backends: Vec<(String, i32)> = route
        .spec
        .rules
        .iter()
        .flat_map(|r| &r.backend_refs)
        .map(|b| (b.name.clone(), b.weight.unwrap_or(1)))
        .collect();
    let found = backends
        .iter()
        .any(|(name, weight)| name == service && c.weight.is_none_or(|w| w == *weight));
    if found {
        return Ok(());
    }
    let have: Vec<String> = backends
        .iter()
        .map(|(n, w)| format!("{n} (weight {w})"))
        .collect();
    let want = match c.weight {
        Some(w) => format!("{service} (weight {w})"),
        None => service.clone(),
    };
    Err(Unmet {
        subject,
        what: Aspect::Backend,
        want,
        have: Some(have.join(", ")),
    })
}
