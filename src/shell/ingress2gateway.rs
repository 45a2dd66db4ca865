//! `kplay ingress2gateway`: the learner's Ingresses as a Gateway and HTTPRoutes, the way the ingress2gateway
//! project's common converter writes them (one Gateway per namespace and class, named after the class, a listener
//! per host; one HTTPRoute per namespace, class and host, named after its first Ingress, a rule per path; a defaultBackend as a route of its own), printed as
//! YAML to write to a file. kplay's Traefik serves Ingresses that name no class, so those are converted as class
//! `traefik`, and the note says so.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::engine::api::{Ingress, IngressBackend, PathType};
use crate::engine::manifest;
use crate::shell::{Output, Shell};

const GENERATOR: (&str, &str) = (
    "gateway.networking.k8s.io/generator",
    "kplay-ingress2gateway",
);

/// `NameFromHost`: runs of characters other than letters and digits become `-`; no host is `all-hosts`.
fn name_from_host(host: &str) -> String {
    if host.is_empty() || host == "*" {
        return "all-hosts".to_string();
    }
    let mut out = String::new();
    for c in host.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The class an Ingress is converted under, and whether kplay chose it (the Ingress names none).
fn class_of(ingress: &Ingress) -> (String, bool) {
    let named = ingress.spec.ingress_class_name.clone().or_else(|| {
        ingress
            .metadata
            .annotations
            .get("kubernetes.io/ingress.class")
            .cloned()
    });
    match named {
        Some(class) => (class, false),
        None => ("traefik".to_string(), true),
    }
}

/// One Gateway of the output: its namespace and class, and its listeners in the order first seen.
struct GatewayOut {
    namespace: String,
    class: String,
    listeners: Vec<Value>,
}

impl GatewayOut {
    fn listen(&mut self, host: &str, tls_secrets: &[String]) {
        let prefix = if host.is_empty() {
            String::new()
        } else {
            format!("{}-", name_from_host(host))
        };
        let mut http = json!({ "name": format!("{prefix}http"), "port": 80, "protocol": "HTTP" });
        if !host.is_empty() {
            http["hostname"] = json!(host);
        }
        let mut wanted = vec![http];
        if !tls_secrets.is_empty() {
            let refs: Vec<Value> = tls_secrets
                .iter()
                .map(|s| json!({ "group": "", "kind": "Secret", "name": s }))
                .collect();
            let mut https = json!({
                "name": format!("{prefix}https"), "port": 443, "protocol": "HTTPS",
                "tls": { "certificateRefs": refs },
            });
            if !host.is_empty() {
                https["hostname"] = json!(host);
            }
            wanted.push(https);
        }
        for listener in wanted {
            if !self.listeners.iter().any(|l| l["name"] == listener["name"]) {
                self.listeners.push(listener);
            }
        }
    }

    fn value(&self) -> Value {
        json!({
            "apiVersion": "gateway.networking.k8s.io/v1",
            "kind": "Gateway",
            "metadata": { "annotations": { GENERATOR.0: GENERATOR.1 }, "name": self.class, "namespace": self.namespace },
            "spec": { "gatewayClassName": self.class, "listeners": self.listeners },
        })
    }
}

/// A backendRef for an Ingress backend: its Service and port number (a named port looked up in the Service).
fn backend_ref(shell: &Shell, namespace: &str, backend: &IngressBackend) -> Result<Value, String> {
    let Some(service) = &backend.service else {
        return Err("only Service backends are converted".to_string());
    };
    let port = match (&service.port.number, &service.port.name) {
        (Some(n), _) => *n,
        (None, Some(name)) => shell
            .cluster
            .store()
            .services()
            .get(&format!("{namespace}/{}", service.name))
            .and_then(|s| {
                s.spec
                    .ports
                    .iter()
                    .find(|p| p.name.as_deref() == Some(name.as_str()))
            })
            .map(|p| p.port)
            .ok_or_else(|| {
                format!(
                    "cannot find port with name {name} in service {}",
                    service.name
                )
            })?,
        (None, None) => return Err(format!("backend {} has no port", service.name)),
    };
    Ok(json!({ "name": service.name, "port": port }))
}

fn route(name: String, namespace: &str, class: &str, host: &str, rules: Vec<Value>) -> Value {
    let mut spec = json!({ "parentRefs": [{ "name": class }], "rules": rules });
    if !host.is_empty() {
        spec["hostnames"] = json!([host]);
    }
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "HTTPRoute",
        "metadata": { "annotations": { GENERATOR.0: GENERATOR.1 }, "name": name, "namespace": namespace },
        "spec": spec,
        "status": { "parents": [] },
    })
}

/// The rules of one Ingress host: one per distinct (pathType, path), the backends of equal paths together.
fn host_rules(
    shell: &Shell,
    ingresses: &[&Ingress],
    host: &str,
    notes: &mut Vec<String>,
) -> Vec<Value> {
    let mut rules: Vec<(String, String, Vec<Value>)> = Vec::new();
    let paths = ingresses.iter().flat_map(|ingress| {
        ingress
            .spec
            .rules
            .iter()
            .filter(|r| r.host.as_deref().unwrap_or("") == host)
            .filter_map(|r| r.http.as_ref())
            .flat_map(|h| &h.paths)
            .map(move |path| (*ingress, path))
    });
    for (ingress, path) in paths {
        let namespace = ingress.metadata.namespace();
        let type_ = match path.path_type.as_ref() {
            Some(PathType::Exact) => "Exact",
            Some(PathType::Prefix) => "PathPrefix",
            Some(PathType::ImplementationSpecific) => {
                notes.push(format!("ingress/{}: ImplementationSpecific path {} becomes PathPrefix, as the traefik and ingress-nginx providers convert it", ingress.metadata.name, path.path.as_deref().unwrap_or("/")));
                "PathPrefix"
            }
            _ => {
                notes.push(format!(
                    "ingress/{}: pathType is required",
                    ingress.metadata.name
                ));
                continue;
            }
        };
        let value = path.path.clone().unwrap_or_else(|| "/".to_string());
        let backend = match backend_ref(shell, namespace, &path.backend) {
            Ok(b) => b,
            Err(e) => {
                notes.push(format!("ingress/{}: {e}", ingress.metadata.name));
                continue;
            }
        };
        match rules.iter_mut().find(|(t, v, _)| t == type_ && *v == value) {
            Some((_, _, backends)) if !backends.contains(&backend) => backends.push(backend),
            Some(_) => {}
            None => rules.push((type_.to_string(), value, vec![backend])),
        }
    }
    rules
        .into_iter()
        .map(|(type_, value, backends)| json!({ "backendRefs": backends, "matches": [{ "path": { "type": type_, "value": value } }] }))
        .collect()
}

/// The Ingresses of one namespace and class that name one host: they become one HTTPRoute, named after the first.
type Groups<'a> = BTreeMap<(String, String, String), Vec<&'a Ingress>>;

/// The Ingresses of a namespace (all of them when None) grouped by namespace, class and host, in that order, as
/// ingress2gateway groups their rules; and the defaultBackend routes.
fn grouped<'a>(
    shell: &'a Shell,
    namespace: Option<&str>,
    notes: &mut Vec<String>,
) -> (Groups<'a>, Vec<Value>) {
    let mut groups: Groups = BTreeMap::new();
    let mut defaults = Vec::new();
    let ingresses = shell.cluster.store().ingresses().values();
    for ingress in ingresses.filter(|i| namespace.is_none_or(|n| i.metadata.namespace() == n)) {
        let (class, chosen) = class_of(ingress);
        let (name, ns) = (&ingress.metadata.name, ingress.metadata.namespace());
        if chosen {
            notes.push(format!("kplay: ingress/{name} names no class; kplay's Traefik serves it, so it is converted as class {class}"));
        }
        for rule in &ingress.spec.rules {
            let key = (
                ns.to_string(),
                class.clone(),
                rule.host.clone().unwrap_or_default(),
            );
            let group = groups.entry(key).or_default();
            if !group.iter().any(|i| std::ptr::eq(*i, ingress)) {
                group.push(ingress);
            }
        }
        if let Some(default) = &ingress.spec.default_backend {
            match backend_ref(shell, ns, default) {
                Ok(b) => defaults.push(route(
                    format!("{name}-default-backend"),
                    ns,
                    &class,
                    "",
                    vec![json!({ "backendRefs": [b] })],
                )),
                Err(e) => notes.push(format!("ingress/{name}: {e}")),
            }
        }
    }
    (groups, defaults)
}

/// The Gateways and HTTPRoutes for the Ingresses of a namespace (all of them when None), and notes to show.
pub(super) fn convert(shell: &Shell, namespace: Option<&str>) -> (Vec<Value>, Vec<String>) {
    let mut notes = Vec::new();
    let (groups, defaults) = grouped(shell, namespace, &mut notes);
    let mut gateways: Vec<GatewayOut> = Vec::new();
    let mut routes = Vec::new();
    for ((ns, class, host), ingresses) in &groups {
        let mut secrets: Vec<String> = Vec::new();
        for secret in ingresses
            .iter()
            .flat_map(|i| &i.spec.tls)
            .filter_map(|t| t.secret_name.clone())
        {
            if !secrets.contains(&secret) {
                secrets.push(secret);
            }
        }
        let gateway = match gateways
            .iter()
            .position(|g| g.namespace == *ns && g.class == *class)
        {
            Some(i) => &mut gateways[i],
            None => {
                gateways.push(GatewayOut {
                    namespace: ns.clone(),
                    class: class.clone(),
                    listeners: Vec::new(),
                });
                gateways.last_mut().expect("pushed")
            }
        };
        gateway.listen(host, &secrets);
        let rules = host_rules(shell, ingresses, host, &mut notes);
        let first = &ingresses[0].metadata.name;
        routes.push(route(
            format!("{first}-{}", name_from_host(host)),
            ns,
            class,
            host,
            rules,
        ));
    }
    let mut objects: Vec<Value> = gateways.iter().map(GatewayOut::value).collect();
    objects.extend(routes);
    objects.extend(defaults);
    (objects, notes)
}

/// `kplay ingress2gateway [-n NAMESPACE | -A]`: the YAML on standard output, notes on standard error.
pub(super) fn ingress2gateway(shell: &Shell, args: &[&str]) -> Output {
    let namespace = match args {
        [] => Some(
            shell
                .context_namespace
                .clone()
                .unwrap_or_else(|| "default".to_string()),
        ),
        ["-A" | "--all-namespaces"] => None,
        ["-n" | "--namespace", ns] => Some(ns.to_string()),
        _ => return Output::err("kplay: usage: kplay ingress2gateway [-n NAMESPACE | -A]\n"),
    };
    let (objects, notes) = convert(shell, namespace.as_deref());
    let mut output = Output::default();
    if objects.is_empty() {
        let said = match &namespace {
            Some(ns) => format!("No resources found in {ns} namespace.\n"),
            None => "No resources found\n".to_string(),
        };
        output.push_err(said);
        return output;
    }
    let documents: Vec<String> = objects.iter().map(manifest::to_yaml).collect();
    output.push_out(documents.join("---\n"));
    for note in notes {
        output.push_err(format!("{note}\n"));
    }
    output
}

#[cfg(test)]
mod tests {
    use super::name_from_host;

    #[test]
    fn names_come_from_hosts_as_ingress2gateway_makes_them() {
        assert_eq!(name_from_host("example.com"), "example-com");
        assert_eq!(name_from_host("*.foo.com"), "foo-com");
        assert_eq!(name_from_host(""), "all-hosts");
    }
}
