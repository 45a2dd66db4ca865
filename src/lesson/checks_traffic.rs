//! The check on requests: since the step began, someone sent a request that ended as the lesson says.

use std::collections::BTreeSet;

use crate::engine::order::set_from;
use crate::engine::traffic::SentRequest;
use crate::engine::Cluster;
use crate::lesson::checks::{Aspect, Baseline, RequestCheck, Unmet};

pub(super) fn request(
    c: &RequestCheck,
    cluster: &Cluster,
    baseline: &Baseline,
) -> Result<(), Unmet> {
    let since: Vec<&SentRequest> = cluster
        .traffic()
        .sent()
        .filter(|r| r.at >= baseline.at)
        .collect();
    let matching: Vec<&&SentRequest> = since.iter().filter(|r| fits(c, r, cluster)).collect();
    let subject = describe(c);
    if matching.is_empty() {
        let have = since.last().map(|r| {
            let status = r.status.map_or("no answer".to_string(), |s| s.to_string());
            format!("{} {}{} → {status}", r.address, r.host, r.path)
        });
        return Err(Unmet {
            subject,
            what: Aspect::Request,
            want: "a request like this since the step began".to_string(),
            have,
        });
    }
    let answered: BTreeSet<String> = set_from(matching.iter().filter_map(|r| r.version.clone()));
    let pods: BTreeSet<&str> = set_from(matching.iter().filter_map(|r| r.pod.as_deref()));
    if let Some(wanted) = c.answered_by.filter(|n| pods.len() < *n) {
        return Err(Unmet {
            subject,
            what: Aspect::Spread,
            want: wanted.to_string(),
            have: Some(pods.len().to_string()),
        });
    }
    match c.versions.iter().find(|v| !answered.contains(*v)) {
        Some(_) => Err(Unmet {
            subject,
            what: Aspect::Versions,
            want: c.versions.join(", "),
            have: Some(answered.into_iter().collect::<Vec<_>>().join(", ")),
        }),
        None => Ok(()),
    }
}

/// `GET foo.bar.com/bar → 200 from service/bar`, as the lesson asks for it.
fn describe(c: &RequestCheck) -> String {
    let mut out = String::from("request");
    if let Some(address) = &c.address {
        out.push_str(&format!(" to {address}"));
    }
    if let Some(port) = c.port {
        out.push_str(&format!(" to port {port}"));
    }
    if let Some(host) = &c.host {
        out.push_str(&format!(" Host: {host}"));
    }
    if let Some(path) = &c.path {
        out.push_str(&format!(" {path}"));
    }
    if let Some(status) = c.status {
        out.push_str(&format!(" → {status}"));
    }
    if let Some(service) = &c.service {
        out.push_str(&format!(" from service/{service}"));
    }
    out
}

fn fits(c: &RequestCheck, r: &SentRequest, cluster: &Cluster) -> bool {
    r.outside == c.outside
        && c.port.is_none_or(|p| p == r.port)
        && c.address.as_ref().is_none_or(|a| *a == r.address)
        && c.host.as_ref().is_none_or(|h| *h == r.host)
        && c.path.as_ref().is_none_or(|p| *p == r.path)
        && c.status.is_none_or(|s| r.status == Some(s))
        && c.service
            .as_ref()
            .is_none_or(|s| r.pod.as_deref().is_some_and(|pod| selects(cluster, s, pod)))
}

/// Whether the Service named (in any namespace) has the pod named among its endpoints.
fn selects(cluster: &Cluster, service: &str, pod: &str) -> bool {
    cluster
        .store()
        .endpoints
        .values()
        .filter(|slice| slice.service == service)
        .any(|slice| slice.endpoints.iter().any(|e| e.pod == pod))
}
