//! `kplay compare`: the same requests through the Ingress (Traefik on a worker's port 80, as the seed serves it)
//! and through the Gateway (its address), side by side: status and the Service that answered, rows that differ
//! marked. The requests come from the Ingresses' own hosts and paths, with the cases where the two readings part:
//! a path one element longer, and a path that only extends the prefix's text.

use crate::engine::api::Kind;
use crate::engine::gateway::routes::{controlled, TRAEFIK_CONTROLLER};
use crate::engine::traffic::{HopStep, IngressMode, Outcome, Trace};
use crate::shell::table::render;
use crate::shell::{Output, Shell};

/// The host and path of each request to send, in the Ingresses' order.
fn requests(shell: &Shell, namespace: &str) -> Vec<(String, String)> {
    let mut wanted: Vec<(String, String)> = Vec::new();
    let mut add = |host: &str, path: String| {
        let pair = (host.to_string(), path);
        if !wanted.contains(&pair) {
            wanted.push(pair);
        }
    };
    for ingress in shell
        .cluster
        .store()
        .ingresses()
        .values()
        .filter(|i| i.metadata.namespace() == namespace)
    {
        if ingress.spec.default_backend.is_some() {
            add("", "/".to_string());
        }
        for rule in &ingress.spec.rules {
            let host = rule.host.as_deref().unwrap_or("");
            for path in rule.http.iter().flat_map(|h| &h.paths) {
                let path = path.path.clone().unwrap_or_else(|| "/".to_string());
                let trimmed = path.trim_end_matches('/');
                add(host, path.clone());
                add(host, format!("{trimmed}/x"));
                if !trimmed.is_empty() {
                    add(host, format!("{trimmed}x"));
                }
            }
        }
    }
    wanted
}

/// `200 nginx-service`, `404`, or how the request failed.
fn said(trace: Option<&Trace>) -> String {
    let Some(trace) = trace else {
        return "no answer".to_string();
    };
    let service = trace
        .hops
        .iter()
        .rev()
        .find(|h| h.step == HopStep::Service)
        .and_then(|h| h.object.object())
        .filter(|o| o.kind == Kind::Service)
        .map(|o| o.name.clone());
    match &trace.outcome {
        Outcome::Answered {
            response,
            pod: Some(_),
        } => format!("{} {}", response.status, service.unwrap_or_default())
            .trim_end()
            .to_string(),
        Outcome::Answered {
            response,
            pod: None,
        } => response.status.to_string(),
        Outcome::Refused { .. } => "refused".to_string(),
        Outcome::TimedOut { .. } => "timed out".to_string(),
        Outcome::UnknownHost => "unknown host".to_string(),
        Outcome::HandshakeFailed(_) => "TLS failed".to_string(),
    }
}

/// Where the Gateway listens: its address and its first HTTP listener's port.
fn gateway_entry(shell: &Shell, namespace: &str) -> Option<(String, String, u16)> {
    let gateway = controlled(shell.cluster.store(), TRAEFIK_CONTROLLER)
        .find(|g| g.metadata.namespace() == namespace && !g.status.addresses.is_empty())?;
    let port = gateway
        .spec
        .listeners
        .iter()
        .find(|l| l.protocol == crate::engine::gateway::ListenerProtocol::HTTP)
        .map_or(80, |l| u16::try_from(l.port).unwrap_or(80));
    Some((
        gateway.metadata.name.clone(),
        gateway.status.addresses[0].clone(),
        port,
    ))
}

/// `kplay compare [-n NAMESPACE]`.
pub(super) fn compare(shell: &mut Shell, args: &[&str]) -> Output {
    let namespace = match args {
        [] => shell
            .context_namespace
            .clone()
            .unwrap_or_else(|| "default".to_string()),
        ["-n" | "--namespace", ns] => ns.to_string(),
        _ => return Output::err("kplay: usage: kplay compare [-n NAMESPACE]\n"),
    };
    let wanted = requests(shell, &namespace);
    if wanted.is_empty() {
        return Output::err(format!(
            "kplay: no Ingress in the {namespace} namespace to compare with\n"
        ));
    }
    let Some((gateway, address, port)) = gateway_entry(shell, &namespace) else {
        return Output::err(format!("kplay: no Gateway of Traefik's in the {namespace} namespace has an address yet (kubectl get gateway shows ADDRESS once Traefik runs and its Service has one)\n"));
    };
    let Some(node) = shell
        .cluster
        .nodes()
        .iter()
        .find(|n| !n.control_plane)
        .map(|n| n.internal_ip.clone())
    else {
        return Output::err("kplay: the cluster has no worker\n");
    };
    let mut rows = vec![vec![
        "  REQUEST".to_string(),
        format!("INGRESS ({node}:80)"),
        format!("GATEWAY ({gateway}, {address}:{port})"),
    ]];
    let mut differ = 0;
    for (host, path) in wanted {
        let sent_host = if host.is_empty() {
            node.clone()
        } else {
            host.clone()
        };
        let ingress = said(shell.send("GET", &node, 80, &sent_host, &path).as_ref());
        let gw_host = if host.is_empty() {
            address.clone()
        } else {
            host.clone()
        };
        let through_gateway = said(shell.send("GET", &address, port, &gw_host, &path).as_ref());
        let mark = if ingress == through_gateway { ' ' } else { '*' };
        differ += usize::from(mark == '*');
        let shown = if host.is_empty() {
            path
        } else {
            format!("{host}{path}")
        };
        rows.push(vec![
            format!("{mark} GET {shown}"),
            ingress,
            through_gateway,
        ]);
    }
    let mut output = Output::out(render(&rows));
    let reading = match shell.cluster.ingress_mode() {
        IngressMode::Traefik => "The Ingress is read as Traefik does: Traefik 1.7 takes a path as a plain prefix of the text (/app matches /appx), where HTTPRoute's PathPrefix matches whole path elements (/app matches /app and /app/x, not /appx).",
        IngressMode::Spec => "The Ingress is read as the Kubernetes spec says, whose Prefix matches whole path elements as HTTPRoute's PathPrefix does; `kplay ingress-mode traefik` reads it as Traefik 1.7 does, where /app also matches /appx.",
    };
    if differ > 0 {
        output.push_out(format!("\n{differ} request(s) marked * are answered differently; `curl --trace-kplay` on each shows why, hop by hop. {reading}\n"));
    } else {
        output.push_out(format!("\nBoth answer every request alike. {reading}\n"));
    }
    output
}
