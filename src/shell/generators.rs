//! Objects kubectl builds from flags rather than files: `kubectl create deployment` and `kubectl expose`, in the
//! shape kubectl v1.34 sends them.

use serde_json::{json, Value};

use crate::engine::api::{Kind, Labels, PodTemplateSpec};
use crate::engine::manifest;
use crate::shell::apply::{apply_manifests, Verb};
use crate::shell::flags::Args;
use crate::shell::kubectl::{plural_qualified, resolve};
use crate::shell::secrets::SecretArgs;
use crate::shell::{Output, Shell};

/// `kubectl create deployment NAME --image=IMAGE [--image=...] [--replicas=N] [--port=PORT]`.
pub(super) fn create_deployment(
    shell: &mut Shell,
    words: &[String],
    namespace: Option<&str>,
) -> Output {
    let args = SecretArgs::parse(words);
    let [name] = args.positional.as_slice() else {
        return Output::err(format!(
            "error: exactly one NAME is required, got {}\nSee 'kubectl create deployment -h' for help and examples\n",
            args.positional.len()
        ));
    };
    let mut images = Vec::new();
    let (mut replicas, mut port) = (1, None);
    for (flag, value) in &args.flags {
        match flag.as_str() {
            "image" => images.push(value.clone()),
            "replicas" | "r" => match value.parse::<i32>() {
                Ok(n) => replicas = n,
                Err(_) => return Output::err(bad_int("-r, --replicas", value)),
            },
            "port" => match value.parse::<i32>() {
                Ok(n) => port = Some(n),
                Err(_) => return Output::err(bad_int("--port", value)),
            },
            other => {
                return Output::err(format!(
                    "error: unknown flag: --{other}\nSee 'kubectl create deployment --help' for usage.\n"
                ))
            }
        }
    }
    if images.is_empty() {
        return Output::err("error: required flag(s) \"image\" not set\n");
    }
    let labels = json!({ "app": name });
    let containers: Vec<Value> = images.iter().map(|image| container(image, port)).collect();
    let deployment = json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": { "name": name, "labels": labels },
        "spec": {
            "replicas": replicas,
            "selector": { "matchLabels": labels },
            "strategy": {},
            "template": {
                "metadata": { "labels": labels },
                "spec": { "containers": containers },
            },
        },
    });
    let exists = |kind: Kind, name: &str| {
        format!(
            "error: failed to create deployment: {} \"{name}\" already exists\n",
            plural_qualified(kind)
        )
    };
    send(shell, &deployment, namespace, exists, "created")
}

/// A container of `create deployment`: named after its image's last path part, without tag or digest.
fn container(image: &str, port: Option<i32>) -> Value {
    let last = image.rsplit('/').next().unwrap_or(image);
    let name = last.split([':', '@']).next().unwrap_or(last);
    let mut container = json!({ "image": image, "name": name, "resources": {} });
    if let Some(port) = port {
        container["ports"] = json!([{ "containerPort": port }]);
    }
    container
}

/// pflag's message for a number it cannot read.
fn bad_int(flag: &str, value: &str) -> String {
    format!(
        "error: invalid argument \"{value}\" for \"{flag}\" flag: strconv.ParseInt: parsing \"{value}\": invalid syntax\nSee 'kubectl create deployment --help' for usage.\n"
    )
}

/// What `kubectl expose` reads from the object it exposes: its labels, the selector, and the ports it declares.
struct Exposed {
    labels: Labels,
    selector: Option<Labels>,
    ports: Vec<(i32, Option<String>)>,
}

/// `kubectl expose (deployment|replicaset|pod|service) NAME [--port] [--target-port] [--type] [--name] [--protocol]`.
pub(super) fn expose(shell: &mut Shell, args: &Args) -> Output {
    let (kind, name) = match target(&args.positional) {
        Ok(found) => found,
        Err(message) => return Output::err(message),
    };
    let namespace = args.namespace();
    let Some(exposed) = exposed(shell, kind, namespace, &name) else {
        return Output::err(format!(
            "Error from server (NotFound): {} \"{name}\" not found\n",
            plural_qualified(kind)
        ));
    };
    let Some(selector) = exposed.selector.filter(|s| !s.is_empty()) else {
        return Output::err(format!(
            "error: couldn't retrieve selectors via --selector flag or introspection: the {} has no selector, so it cannot be exposed\nSee 'kubectl expose -h' for help and examples\n",
            kind.singular()
        ));
    };
    let ports = match service_ports(args, &exposed.ports) {
        Ok(ports) => ports,
        Err(message) => return Output::err(message),
    };
    let mut spec = json!({ "ports": ports, "selector": selector });
    if let Some(kind) = &args.service_type {
        spec["type"] = json!(kind);
    }
    let mut metadata = json!({ "name": args.name.clone().unwrap_or(name) });
    if !exposed.labels.is_empty() {
        metadata["labels"] = json!(exposed.labels);
    }
    let service =
        json!({ "apiVersion": "v1", "kind": "Service", "metadata": metadata, "spec": spec });
    let exists = |kind: Kind, name: &str| {
        format!(
            "Error from server (AlreadyExists): {} \"{name}\" already exists\n",
            plural_qualified(kind)
        )
    };
    send(shell, &service, Some(namespace), exists, "exposed")
}

/// `TYPE NAME` or `TYPE/NAME`.
fn target(words: &[String]) -> Result<(Kind, String), String> {
    let (resource, name) = match words {
        [one] if one.contains('/') => one.split_once('/').map(|(r, n)| (r, n.to_string())).unwrap_or_default(),
        [resource, name] => (resource.as_str(), name.clone()),
        _ => {
            return Err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n".to_string())
        }
    };
    let kind = resolve(resource).map_err(|e| format!("{e}\n"))?;
    match kind {
        Kind::Deployment | Kind::ReplicaSet | Kind::Pod | Kind::Service => Ok((kind, name)),
        _ => Err(format!("error: cannot expose a {}\n", kind.name())),
    }
}

fn exposed(shell: &Shell, kind: Kind, namespace: &str, name: &str) -> Option<Exposed> {
    let store = shell.cluster().store();
    let key = format!("{namespace}/{name}");
    let from_template = |labels: &Labels, selector: &Labels, template: &PodTemplateSpec| Exposed {
        labels: labels.clone(),
        selector: Some(selector.clone()),
        ports: template_ports(&template.spec.containers),
    };
    match kind {
        Kind::Deployment => store.deployments().get(&key).map(|d| {
            from_template(
                &d.metadata.labels,
                &d.spec.selector.match_labels,
                &d.spec.template,
            )
        }),
        Kind::ReplicaSet => store.replicasets().get(&key).map(|rs| {
            from_template(
                &rs.metadata.labels,
                &rs.spec.selector.match_labels,
                &rs.spec.template,
            )
        }),
        Kind::Pod => store.pods().get(&key).map(|p| Exposed {
            labels: p.metadata.labels.clone(),
            selector: Some(p.metadata.labels.clone()),
            ports: template_ports(&p.spec.containers),
        }),
        _ => store.services().get(&key).map(|s| Exposed {
            labels: s.metadata.labels.clone(),
            selector: Some(s.spec.selector.clone()),
            ports: s
                .spec
                .ports
                .iter()
                .map(|p| (p.port, p.name.clone()))
                .collect(),
        }),
    }
}

fn template_ports(containers: &[crate::engine::api::Container]) -> Vec<(i32, Option<String>)> {
    containers
        .iter()
        .flat_map(|c| c.ports.iter().map(|p| (p.container_port, p.name.clone())))
        .collect()
}

/// The Service's ports: `--port` (targetPort `--target-port`, else the same), or every port the object declares.
fn service_ports(args: &Args, declared: &[(i32, Option<String>)]) -> Result<Vec<Value>, String> {
    let protocol = args.protocol.clone().unwrap_or_else(|| "TCP".to_string());
    let target = |default: Value| match &args.target_port {
        Some(t) => t.parse::<i32>().map_or_else(|_| json!(t), |n| json!(n)),
        None => default,
    };
    if let Some(port) = &args.port {
        let port: i32 = port.parse().map_err(|_| {
            format!("error: invalid argument \"{port}\" for \"--port\" flag: strconv.ParseInt: parsing \"{port}\": invalid syntax\nSee 'kubectl expose --help' for usage.\n")
        })?;
        return Ok(vec![
            json!({ "port": port, "protocol": protocol, "targetPort": target(json!(port)) }),
        ]);
    }
    if declared.is_empty() {
        return Err("error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples\n".to_string());
    }
    let named = declared.len() > 1;
    Ok(declared
        .iter()
        .enumerate()
        .map(|(i, (port, name))| {
            let mut p =
                json!({ "port": port, "protocol": protocol, "targetPort": target(json!(port)) });
            if named {
                p["name"] = json!(name.clone().unwrap_or_else(|| format!("port-{}", i + 1)));
            }
            p
        })
        .collect())
}

/// Sends a generated object as `kubectl create` does; `exists` is the message when the name is taken, and `done`
/// the word kubectl prints after the object's name.
fn send(
    shell: &mut Shell,
    object: &Value,
    namespace: Option<&str>,
    exists: impl Fn(Kind, &str) -> String,
    done: &str,
) -> Output {
    let parsed = manifest::parse("STDIN", &object.to_string());
    if let Some(d) = parsed.diagnostics.first() {
        return Output::err(format!("{}\n", d.detail));
    }
    let Some(m) = parsed.manifests.first() else {
        return Output::default();
    };
    let kind = m.object.kind();
    let name = m.object.meta().name.clone();
    let ns = namespace.unwrap_or("default");
    if shell.cluster().store().contains(kind, ns, &name) {
        return Output::err(exists(kind, &name));
    }
    let (mut output, _) =
        apply_manifests(shell, "STDIN", parsed.manifests, namespace, Verb::Create);
    if done != "created" {
        output = output.replace_out(" created\n", &format!(" {done}\n"));
    }
    output
}
