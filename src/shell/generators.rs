//! Objects kubectl builds from flags rather than files: `kubectl create deployment` and `kubectl expose`, in the
//! shape kubectl v1.34 sends them.

use serde_json::{json, Value};

use crate::engine::api::{Kind, Labels, PodTemplateSpec};
use crate::engine::manifest;
use crate::engine::Event;
use crate::shell::apply::{apply_manifests, Verb};
use crate::shell::flags::{Args, DryRun};
use crate::shell::kubectl::{plural_qualified, resolve};
use crate::shell::render;
use crate::shell::{Output, Shell};

/// `kubectl create deployment NAME --image=IMAGE [--image=...] [--replicas=N] [--port=PORT]`.
pub(super) fn create_deployment(shell: &mut Shell, args: &Args) -> Output {
    let name = match one_name(args, "deployment") {
        Ok(name) => name,
        Err(message) => return Output::err(message),
    };
    let replicas = match args.replicas.as_deref().map(str::parse::<i32>) {
        None => 1,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            return Output::err(bad_int(
                "-r, --replicas",
                args.replicas.as_deref().unwrap_or_default(),
            ))
        }
    };
    let port = match args.port.as_deref().map(str::parse::<i32>) {
        None => None,
        Some(Ok(n)) => Some(n),
        Some(Err(_)) => {
            return Output::err(bad_int("--port", args.port.as_deref().unwrap_or_default()))
        }
    };
    if args.images.is_empty() {
        return Output::err("error: required flag(s) \"image\" not set\n");
    }
    let labels = json!({ "app": name });
    let mut containers: Vec<Value> = args
        .images
        .iter()
        .map(|image| container(image, port))
        .collect();
    // `-- COMMAND ARGS...` becomes the (first) container's command, as kubectl sets it.
    if let (Some(first), false) = (containers.first_mut(), args.command.is_empty()) {
        first["command"] = json!(args.command);
    }
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
        "status": {},
    });
    let exists = |kind: Kind, name: &str| {
        format!(
            "error: failed to create deployment: {} \"{name}\" already exists\n",
            plural_qualified(kind)
        )
    };
    send(shell, &deployment, args, exists, "created")
}

/// `kubectl create namespace NAME`.
pub(super) fn create_namespace(shell: &mut Shell, args: &Args) -> Output {
    let name = match one_name(args, "namespace") {
        Ok(name) => name,
        Err(message) => return Output::err(message),
    };
    let namespace = json!({
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": { "name": name },
        "spec": {},
        "status": {},
    });
    send(shell, &namespace, args, already_exists, "created")
}

/// `kubectl run NAME --image=IMAGE [--port] [--labels] [--env]... [--restart] [--command] [-- ARGS...]`: one pod,
/// labelled `run=NAME` unless `--labels` says otherwise.
pub(super) fn run(shell: &mut Shell, args: &Args) -> Output {
    let Some(name) = args.positional.first() else {
        return Output::err(
            "error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n",
        );
    };
    let [image] = args.images.as_slice() else {
        return Output::err("error: required flag(s) \"image\" not set\n");
    };
    let labels = match run_labels(name, args.labels.as_deref()) {
        Ok(labels) => labels,
        Err(message) => return Output::err(message),
    };
    let restart = args.restart.clone().unwrap_or_else(|| "Always".to_string());
    if !matches!(restart.as_str(), "Always" | "OnFailure" | "Never") {
        return Output::err(format!("error: invalid restart policy: {restart}\nSee 'kubectl run -h' for help and examples\n"));
    }
    let mut container = json!({ "image": image, "name": name, "resources": {} });
    if let Some(port) = &args.port {
        match port.parse::<i32>() {
            Ok(port) => container["ports"] = json!([{ "containerPort": port }]),
            Err(_) => return Output::err(bad_int("--port", port)),
        }
    }
    let env: Vec<Value> = args
        .env
        .iter()
        .map(|e| match e.split_once('=') {
            Some((k, v)) => json!({ "name": k, "value": v }),
            None => json!({ "name": e }),
        })
        .collect();
    if !env.is_empty() {
        container["env"] = json!(env);
    }
    if !args.command.is_empty() {
        let field = if args.command_flag { "command" } else { "args" };
        container[field] = json!(args.command);
    }
    if args.stdin {
        container["stdin"] = json!(true);
    }
    if args.tty {
        container["tty"] = json!(true);
    }
    let pod = json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": { "name": name, "labels": labels },
        "spec": {
            "containers": [container],
            "dnsPolicy": "ClusterFirst",
            "restartPolicy": restart,
        },
        "status": {},
    });
    let interactive = args.stdin && args.tty && args.dry_run == DryRun::None;
    let mut output = send(shell, &pod, args, already_exists, "created");
    if interactive && output.status() == 0 {
        // kubectl attaches instead of printing the created line.
        output = crate::shell::inside::attach(shell, args.namespace(), name, args.rm);
    }
    output
}

/// `run=NAME`, or the `key=value,...` of `--labels`.
fn run_labels(name: &str, given: Option<&str>) -> Result<Value, String> {
    let Some(given) = given else {
        return Ok(json!({ "run": name }));
    };
    let mut labels = serde_json::Map::new();
    for pair in given.split(',') {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(format!("error: invalid label spec: {pair}\n"));
        };
        labels.insert(key.to_string(), json!(value));
    }
    Ok(Value::Object(labels))
}

/// `kubectl create KIND NAME`'s one NAME, or kubectl's message when there is not exactly one.
fn one_name<'a>(args: &'a Args, what: &str) -> Result<&'a str, String> {
    match args.positional.as_slice() {
        [_, name] => Ok(name),
        words => Err(format!(
            "error: exactly one NAME is required, got {}\nSee 'kubectl create {what} -h' for help and examples\n",
            words.len().saturating_sub(1)
        )),
    }
}

/// The API server's refusal of a name that is taken.
fn already_exists(kind: Kind, name: &str) -> String {
    format!(
        "Error from server (AlreadyExists): {} \"{name}\" already exists\n",
        plural_qualified(kind)
    )
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
    if let Some(kind) = &args.type_value {
        spec["type"] = json!(kind);
    }
    if let Some(name) = &args.external_name {
        spec["externalName"] = json!(name);
    }
    let mut metadata = json!({ "name": args.name.clone().unwrap_or(name) });
    if !exposed.labels.is_empty() {
        metadata["labels"] = json!(exposed.labels);
    }
    let service = json!({
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": metadata,
        "spec": spec,
        "status": { "loadBalancer": {} },
    });
    send(shell, &service, args, already_exists, "exposed")
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
/// the word kubectl prints after the object's name. With `--dry-run=client` nothing is sent and kubectl's own object
/// is shown; with `--dry-run=server` the API server checks and defaults it without storing it.
pub(super) fn send(
    shell: &mut Shell,
    object: &Value,
    args: &Args,
    exists: impl Fn(Kind, &str) -> String,
    done: &str,
) -> Output {
    let mut object = object.clone();
    if let Some(namespace) = &args.namespace {
        object["metadata"]["namespace"] = json!(namespace);
    }
    let parsed = manifest::parse("STDIN", &object.to_string());
    if let Some(d) = parsed.diagnostics.first() {
        return Output::err(format!("{}\n", d.detail));
    }
    let Some(m) = parsed.manifests.first() else {
        return Output::default();
    };
    let kind = m.object.kind();
    let name = m.object.meta().name.clone();
    let namespace = args.namespace();
    // A client dry run never asks the server, so it cannot know the name is taken.
    if args.dry_run == DryRun::Client {
        return shown(&object, kind, &name, args, done);
    }
    if shell.cluster().store().contains(kind, namespace, &name) {
        return Output::err(exists(kind, &name));
    }
    let mut trial = (args.dry_run == DryRun::Server).then(|| shell.clone());
    let target = trial.as_mut().unwrap_or(shell);
    let (output, events) = apply_manifests(
        target,
        "STDIN",
        parsed.manifests,
        args.namespace.as_deref(),
        Verb::Create,
    );
    if !events
        .iter()
        .all(|(_, e)| matches!(e, Event::Applied { .. }))
    {
        return output;
    }
    match render::stored(target.cluster(), kind, namespace, &name) {
        Some(stored) => shown(&stored, kind, &name, args, done),
        None => output,
    }
}

/// A created object as `-o yaml|json|name` prints it, or kubectl's line: `deployment.apps/web created (dry run)`.
pub(super) fn shown(object: &Value, kind: Kind, name: &str, args: &Args, done: &str) -> Output {
    match args.output.as_deref() {
        Some("yaml") => Output::out(manifest::to_yaml(object)),
        Some("json") => Output::out(render::to_json(object)),
        Some("name") => Output::out(format!("{}/{name}\n", kind.qualified())),
        _ => Output::out(format!(
            "{}/{name} {done}{}\n",
            kind.qualified(),
            args.dry_run.suffix()
        )),
    }
}
