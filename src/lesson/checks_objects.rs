//! Checks on objects and their status: Deployments, pods, Services and their endpoints, Ingresses, nodes, Secrets.

use crate::engine::api::IntOrString;
use crate::engine::Cluster;
use crate::lesson::checks::{
    picks, Aspect, Baseline, DeploymentCheck, EndpointsCheck, IngressCheck, NodeCheck, PodsCheck,
    SecretCheck, Selected, ServiceCheck, Unmet,
};

fn key(namespace: &str, name: &str) -> String {
    format!("{namespace}/{name}")
}

fn unmet(
    subject: impl Into<String>,
    what: Aspect,
    want: impl ToString,
    have: Option<String>,
) -> Unmet {
    Unmet {
        subject: subject.into(),
        what,
        want: want.to_string(),
        have,
    }
}

fn missing(subject: impl Into<String>) -> Unmet {
    unmet(subject, Aspect::Exists, "", None)
}

/// `want` is met by `have`, or the unmet part.
fn equal<T: PartialEq + ToString>(
    subject: &str,
    what: Aspect,
    want: Option<&T>,
    have: &T,
) -> Result<(), Unmet> {
    match want {
        Some(want) if want != have => Err(unmet(
            subject,
            what,
            want.to_string(),
            Some(have.to_string()),
        )),
        _ => Ok(()),
    }
}

pub(super) fn deployment(c: &DeploymentCheck, cluster: &Cluster) -> Result<(), Unmet> {
    let subject = format!("deployment/{}", c.name);
    let d = cluster
        .store()
        .deployments()
        .get(&key(&c.namespace, &c.name))
        .ok_or_else(|| missing(&subject))?;
    equal(
        &subject,
        Aspect::Replicas,
        c.replicas.as_ref(),
        &d.spec.replicas.unwrap_or(1),
    )?;
    equal(
        &subject,
        Aspect::Available,
        c.available.as_ref(),
        &d.status.available_replicas,
    )?;
    if let Some(image) = &c.image {
        let images: Vec<&str> = d
            .spec
            .template
            .spec
            .containers
            .iter()
            .map(|c| c.image.as_str())
            .collect();
        if images.iter().any(|i| i != image) {
            return Err(unmet(
                &subject,
                Aspect::Image,
                image,
                Some(images.join(", ")),
            ));
        }
        // The rollout is over when every available pod runs the new template.
        equal(
            &subject,
            Aspect::Available,
            c.replicas.as_ref(),
            &d.status.updated_replicas,
        )?;
    }
    Ok(())
}

pub(super) fn pods(c: &PodsCheck, cluster: &Cluster) -> Result<(), Unmet> {
    let subject = format!("pods {}", c.selector);
    let picked: Vec<_> = cluster
        .store()
        .pods()
        .values()
        .filter(|p| p.metadata.namespace() == c.namespace && picks(&c.selector, &p.metadata.labels))
        .filter(|p| p.metadata.deleted.is_none())
        .collect();
    equal(&subject, Aspect::Count, c.count.as_ref(), &picked.len())?;
    let ready = picked.iter().filter(|p| p.status.ready).count();
    equal(&subject, Aspect::Ready, c.ready.as_ref(), &ready)
}

pub(super) fn pod_replaced(
    c: &Selected,
    cluster: &Cluster,
    baseline: &Baseline,
) -> Result<(), Unmet> {
    let subject = format!("pods {}", c.selector);
    let pods = cluster.store().pods();
    let picked = |k: &String| {
        pods.get(k).is_some_and(|p| {
            p.metadata.namespace() == c.namespace && picks(&c.selector, &p.metadata.labels)
        })
    };
    let before: Vec<&String> = baseline
        .pods
        .iter()
        .filter(|k| k.starts_with(&format!("{}/", c.namespace)))
        .collect();
    let gone = before
        .iter()
        .any(|k| !pods.contains_key(k) || pods[*k].metadata.deleted.is_some());
    let new_ready = pods
        .iter()
        .any(|(k, p)| !baseline.pods.contains(k) && picked(k) && p.status.ready);
    if gone && new_ready {
        Ok(())
    } else {
        Err(unmet(
            subject,
            Aspect::Replaced,
            "a pod deleted and a new one ready",
            None,
        ))
    }
}

pub(super) fn service(c: &ServiceCheck, cluster: &Cluster) -> Result<(), Unmet> {
    let subject = format!("service/{}", c.name);
    let s = cluster
        .store()
        .services()
        .get(&key(&c.namespace, &c.name))
        .ok_or_else(|| missing(&subject))?;
    let have = s.spec.service_type().as_str().to_string();
    equal(&subject, Aspect::Type, c.service_type.as_ref(), &have)?;
    let ports: Vec<i32> = s.spec.ports.iter().map(|p| p.port).collect();
    if let Some(port) = c.port.filter(|p| !ports.contains(p)) {
        return Err(unmet(&subject, Aspect::Port, port, Some(join(&ports))));
    }
    if let Some(target) = &c.target_port {
        let targets: Vec<String> = s
            .spec
            .ports
            .iter()
            .filter(|p| c.port.is_none_or(|port| port == p.port))
            .map(|p| match &p.target_port {
                Some(IntOrString::Int(n)) => n.to_string(),
                Some(IntOrString::String(s)) => s.clone(),
                None => p.port.to_string(),
            })
            .collect();
        if !targets.contains(target) {
            return Err(unmet(
                &subject,
                Aspect::TargetPort,
                target,
                Some(targets.join(", ")),
            ));
        }
    }
    Ok(())
}

fn join(ports: &[i32]) -> String {
    ports
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn endpoints(c: &EndpointsCheck, cluster: &Cluster) -> Result<(), Unmet> {
    let subject = format!("service/{}", c.service);
    let k = key(&c.namespace, &c.service);
    if !cluster.store().services().contains_key(&k) {
        return Err(missing(subject));
    }
    let ready = cluster.store().endpoints.get(&k).map_or(0, |slice| {
        slice.endpoints.iter().filter(|e| e.ready).count()
    });
    equal(&subject, Aspect::Ready, Some(&c.ready), &ready)
}

pub(super) fn ingress(c: &IngressCheck, cluster: &Cluster) -> Result<(), Unmet> {
    let subject = format!("ingress/{}", c.name);
    let ing = cluster
        .store()
        .ingresses()
        .get(&key(&c.namespace, &c.name))
        .ok_or_else(|| missing(&subject))?;
    let routes = ing
        .spec
        .rules
        .iter()
        .filter(|r| c.host.is_none() || r.host == c.host)
        .flat_map(|r| r.http.iter().flat_map(|h| &h.paths));
    let found = routes.clone().any(|p| {
        let service = p.backend.service.as_ref();
        p.path.as_deref().unwrap_or("/") == c.path
            && c.path_type
                .as_ref()
                .is_none_or(|t| p.path_type.as_ref().is_some_and(|pt| pt.as_str() == t))
            && service.is_some_and(|s| {
                s.name == c.service && (c.port.is_none() || s.port.number == c.port)
            })
    });
    if found {
        return tls(c, ing, &subject);
    }
    let have: Vec<String> = routes
        .filter_map(|p| {
            let s = p.backend.service.as_ref()?;
            let port = s
                .port
                .number
                .map(|n| n.to_string())
                .or(s.port.name.clone())
                .unwrap_or_default();
            let path_type = p.path_type.as_ref().map_or("", |t| t.as_str());
            Some(format!(
                "{} ({path_type}) → {}:{port}",
                p.path.as_deref().unwrap_or("/"),
                s.name
            ))
        })
        .collect();
    let path_type = c
        .path_type
        .as_deref()
        .map(|t| format!(" ({t})"))
        .unwrap_or_default();
    let port = c.port.map(|p| format!(":{p}")).unwrap_or_default();
    let want = format!("{}{path_type} → {}{port}", c.path, c.service);
    Err(unmet(
        subject,
        Aspect::Route,
        want,
        (!have.is_empty()).then(|| have.join(", ")),
    ))
}

/// The Ingress's `tls` names the Secret wanted for the host (any host when the check names none).
fn tls(c: &IngressCheck, ing: &crate::engine::api::Ingress, subject: &str) -> Result<(), Unmet> {
    let Some(secret) = &c.tls_secret else {
        return Ok(());
    };
    let covered = ing.spec.tls.iter().any(|t| {
        t.secret_name.as_ref() == Some(secret)
            && c.host.as_ref().is_none_or(|h| t.hosts.contains(h))
    });
    if covered {
        return Ok(());
    }
    let have: Vec<String> = ing
        .spec
        .tls
        .iter()
        .map(|t| {
            format!(
                "{} → {}",
                t.hosts.join(","),
                t.secret_name.clone().unwrap_or_default()
            )
        })
        .collect();
    let want = format!("{} → {secret}", c.host.clone().unwrap_or_default());
    Err(unmet(
        subject,
        Aspect::Tls,
        want,
        (!have.is_empty()).then(|| have.join(", ")),
    ))
}

pub(super) fn node(c: &NodeCheck, cluster: &Cluster) -> Result<(), Unmet> {
    let subject = format!("node/{}", c.name);
    let n = cluster
        .nodes()
        .iter()
        .find(|n| n.name == c.name)
        .ok_or_else(|| missing(&subject))?;
    equal(&subject, Aspect::Ready, c.ready.as_ref(), &n.ready)?;
    equal(
        &subject,
        Aspect::Schedulable,
        c.schedulable.as_ref(),
        &!n.unschedulable,
    )
}

pub(super) fn secret(c: &SecretCheck, cluster: &Cluster) -> Result<(), Unmet> {
    let subject = format!("secret/{}", c.name);
    let s = cluster
        .store()
        .secrets()
        .get(&key(&c.namespace, &c.name))
        .ok_or_else(|| missing(&subject))?;
    let have = s.type_.clone().unwrap_or_else(|| "Opaque".to_string());
    equal(&subject, Aspect::Type, c.secret_type.as_ref(), &have)
}
