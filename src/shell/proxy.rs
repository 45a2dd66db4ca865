//! Ways in from the learner's machine that tutorials use: `kubectl proxy` (so `curl http://localhost:8001/...`
//! reaches the API server's version and its pod proxy), `kubectl port-forward` (so `curl localhost:PORT` reaches a
//! pod), and minikube's `minikube ip` and `minikube service --url`, answered with this cluster's addresses and a
//! one-line note that this is kplay.

use crate::engine::api::{IntOrString, Kind, Pod, PodPhase};
use crate::engine::order;
use crate::engine::traffic::{Outcome, PodRef, Request};
use crate::engine::{Command, Event, KUBERNETES_VERSION};
use crate::shell::flags::Args;
use crate::shell::{Output, Shell};

/// `kubectl proxy [--port N]`: the proxy serves until the session ends (a terminal has no second window to run it in).
pub(super) fn start(shell: &mut Shell, args: &Args) -> Output {
    let port = match args.port.as_deref().map(str::parse::<u16>) {
        None => 8001,
        Some(Ok(port)) => port,
        Some(Err(_)) => {
            return Output::err(format!(
                "error: invalid argument \"{}\" for \"-p, --port\" flag: strconv.ParseInt: parsing \"{0}\": invalid syntax\n",
                args.port.clone().unwrap_or_default()
            ))
        }
    };
    shell.proxy = Some(port);
    Output::out(format!("Starting to serve on 127.0.0.1:{port}\n"))
}

/// A request from the learner's machine to `localhost:PORT`: the proxy's, if one serves there.
pub(super) fn local(shell: &mut Shell, port: u16, path: &str) -> Output {
    if shell.proxy != Some(port) {
        return Output::err(format!(
            "curl: (7) Failed to connect to localhost port {port} after 0 ms: Couldn't connect to server\n"
        ));
    }
    if path == "/version" || path == "/version/" {
        return Output::out(version());
    }
    match pod_proxy(path) {
        Some((namespace, pod, port, rest)) => to_pod(shell, &namespace, &pod, port, &rest),
        None => Output::out(status(
            404,
            "NotFound",
            "the server could not find the requested resource",
        )),
    }
}

/// The API server's `/version`, in its field order.
fn version() -> String {
    let minor = KUBERNETES_VERSION.split('.').nth(1).unwrap_or_default();
    format!(
        "{{\n  \"major\": \"1\",\n  \"minor\": \"{minor}\",\n  \"gitVersion\": \"{KUBERNETES_VERSION}\",\n  \"gitTreeState\": \"clean\",\n  \"goVersion\": \"go1.24.6\",\n  \"compiler\": \"gc\",\n  \"platform\": \"linux/amd64\"\n}}"
    )
}

/// An API `Status`, as the API server answers a failed request (fields in its order).
fn status(code: u16, reason: &str, message: &str) -> String {
    format!(
        "{{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{{}},\"status\":\"Failure\",\"message\":{},\"reason\":\"{reason}\",\"code\":{code}}}\n",
        serde_json::Value::from(message)
    )
}

/// `/api/v1/namespaces/NS/pods/NAME[:PORT]/proxy/REST` as (namespace, pod, port, `/REST`).
fn pod_proxy(path: &str) -> Option<(String, String, Option<u16>, String)> {
    let rest = path.strip_prefix("/api/v1/namespaces/")?;
    let (namespace, rest) = rest.split_once("/pods/")?;
    let (target, rest) = rest.split_once("/proxy")?;
    let (pod, port) = match target.split_once(':') {
        Some((pod, port)) => (pod, Some(port.parse().ok()?)),
        None => (target, None),
    };
    let rest = if rest.is_empty() {
        "/".to_string()
    } else {
        rest.to_string()
    };
    Some((namespace.to_string(), pod.to_string(), port, rest))
}

/// What the pod answers when the API server proxies to it: the port asked, else the first it declares, else 80.
fn to_pod(shell: &mut Shell, namespace: &str, name: &str, port: Option<u16>, path: &str) -> Output {
    let key = format!("{namespace}/{name}");
    let Some(pod) = shell.cluster().store().pods().get(&key) else {
        return Output::out(status(
            404,
            "NotFound",
            &format!("pods \"{name}\" not found"),
        ));
    };
    let declared = pod
        .spec
        .containers
        .iter()
        .flat_map(|c| &c.ports)
        .next()
        .map(|p| p.container_port);
    let port = port
        .or_else(|| declared.and_then(|p| u16::try_from(p).ok()))
        .unwrap_or(80);
    let Some(ip) = pod.status.pod_ip.clone() else {
        return Output::out(status(
            503,
            "ServiceUnavailable",
            &format!("pod {name} has no IP yet"),
        ));
    };
    let request = Request {
        method: "GET".to_string(),
        address: ip.clone(),
        port,
        host: format!("{ip}:{port}"),
        path: path.to_string(),
        headers: Vec::new(),
        // The API server reaches the pod on the pod network, as the pod itself would.
        from_pod: Some(PodRef {
            namespace: namespace.to_string(),
            name: name.to_string(),
        }),
        explain: false,
        tls: None,
    };
    let events = shell.cluster.apply(Command::Request(request));
    match events.into_iter().next() {
        Some(Event::Served(trace)) => match trace.outcome {
            Outcome::Answered { response, .. } => Output::out(response.body.to_string()),
            _ => Output::out(status(
                503,
                "ServiceUnavailable",
                &format!("error trying to reach service: dial tcp {ip}:{port}: connect: connection refused"),
            )),
        },
        _ => Output::default(),
    }
}

/// `minikube ip` and `minikube service NAME --url`: this cluster's first worker stands in for minikube's node; the
/// first answer says so.
pub(super) fn minikube(shell: &mut Shell, args: &[String]) -> Output {
    let node = shell
        .cluster()
        .nodes()
        .iter()
        .find(|n| !n.control_plane)
        .map(|n| (n.name.clone(), n.internal_ip.clone()));
    let Some((node, ip)) = node else {
        return Output::err("kplay: this cluster has no worker node\n");
    };
    let mut output = Output::default();
    if !shell.minikube_warned {
        shell.minikube_warned = true;
        output.push_err(format!(
            "kplay: this is kplay, not minikube: the address is node {node}'s\n"
        ));
    }
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["ip"] => output.push_out(format!("{ip}\n")),
        ["service", name] => return minikube_service_table(shell, &ip, name, output),
        ["service", name, rest @ ..] if rest.contains(&"--url") => {
            let key = format!("default/{name}");
            let ports: Vec<i32> = shell
                .cluster()
                .store()
                .services()
                .get(&key)
                .map(|s| s.spec.ports.iter().filter_map(|p| p.node_port).collect())
                .unwrap_or_default();
            if ports.is_empty() {
                return Output::err(format!("kplay: service default/{name} has no node port\n"));
            }
            for port in ports {
                output.push_out(format!("http://{ip}:{port}\n"));
            }
        }
        _ => {
            return Output::err(
                "kplay: this is kplay, not minikube: its cluster is already running; `minikube ip` and `minikube service NAME --url` give its addresses\n",
            )
        }
    }
    output
}

/// One `kubectl port-forward`: connections to `localhost:local` reach `pod`'s port `remote`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Forward {
    local: u16,
    pod: PodRef,
    remote: u16,
}

impl Shell {
    /// The port-forward listening on `localhost:port`, if one does.
    pub(super) fn forward(&self, port: u16) -> Option<&Forward> {
        self.forwards.iter().find(|f| f.local == port)
    }
}

/// `kubectl port-forward TYPE/NAME [LOCAL:]REMOTE...`: it forwards until the session ends (a terminal has no second
/// window to run it in), and says "Handling connection" for each request as kubectl does.
pub(super) fn port_forward(shell: &mut Shell, args: &Args) -> Output {
    let usage = "error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples\n";
    let [target, ports @ ..] = args.positional.as_slice() else {
        return Output::err(usage);
    };
    if ports.is_empty() {
        return Output::err(usage);
    }
    let namespace = args.namespace();
    let (pod, service, _) = match pod_for(shell, namespace, target) {
        Ok(found) => found,
        Err(message) => return Output::err(message),
    };
    if pod.status.phase != PodPhase::Running {
        return Output::err(format!(
            "error: unable to forward port because pod is not running. Current status={}\n",
            pod.status.phase.as_str()
        ));
    }
    let pod_ref = PodRef {
        namespace: namespace.to_string(),
        name: pod.metadata.name.clone(),
    };
    let mut pairs = Vec::new();
    for spec in ports {
        match port_pair(spec, &pod, service.as_ref()) {
            Ok(pair) => pairs.push(pair),
            Err(message) => return Output::err(message),
        }
    }
    let mut output = Output::default();
    for (local, remote) in pairs {
        if shell.forward(local).is_some() || shell.proxy == Some(local) {
            output.push_err(format!("Unable to listen on port {local}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:{local}: bind: address already in use unable to create listener: Error listen tcp6 [::1]:{local}: bind: address already in use]\nerror: unable to listen on any of the requested ports: [{{{local} {remote}}}]\n"));
            continue;
        }
        output.push_out(format!(
            "Forwarding from 127.0.0.1:{local} -> {remote}\nForwarding from [::1]:{local} -> {remote}\n"
        ));
        shell.forwards.push(Forward {
            local,
            pod: pod_ref.clone(),
            remote,
        });
    }
    output
}

/// The pod `TYPE/NAME` stands for (the first running one a Deployment, ReplicaSet or Service selects), the Service
/// when it was one, and how many pods it selects.
pub(super) fn pod_for(
    shell: &Shell,
    namespace: &str,
    target: &str,
) -> Result<(Pod, Option<crate::engine::api::Service>, usize), String> {
    let (kind, name) = match target.split_once('/') {
        Some((resource, name)) => (
            crate::shell::kubectl::resolve(resource).map_err(|e| format!("{e}\n"))?,
            name,
        ),
        None => (Kind::Pod, target),
    };
    let store = shell.cluster().store();
    let key = format!("{namespace}/{name}");
    let not_found = || {
        format!(
            "Error from server (NotFound): {} \"{name}\" not found\n",
            crate::shell::kubectl::plural_qualified(kind)
        )
    };
    let selected = |matches: &dyn Fn(&Pod) -> bool| {
        let mut pods: Vec<&Pod> = store
            .pods()
            .values()
            .filter(|p| p.metadata.namespace() == namespace && p.metadata.deleted.is_none())
            .filter(|p| matches(p))
            .collect();
        order::sort_by_key(&mut pods, |p| {
            (p.status.phase != PodPhase::Running, p.metadata.created)
        });
        let count = pods.len();
        pods.first().map(|p| ((*p).clone(), count))
    };
    let no_pods = || format!("error: no pods found for {}/{name}\n", kind.singular());
    match kind {
        Kind::Pod => store
            .pods()
            .get(&key)
            .cloned()
            .map(|p| (p, None, 1))
            .ok_or_else(not_found),
        Kind::Deployment => {
            let d = store.deployments().get(&key).ok_or_else(not_found)?;
            let (pod, count) =
                selected(&|p| d.spec.selector.matches(&p.metadata.labels)).ok_or_else(no_pods)?;
            Ok((pod, None, count))
        }
        Kind::ReplicaSet => {
            let rs = store.replicasets().get(&key).ok_or_else(not_found)?;
            let (pod, count) =
                selected(&|p| rs.spec.selector.matches(&p.metadata.labels)).ok_or_else(no_pods)?;
            Ok((pod, None, count))
        }
        Kind::Service => {
            let s = store.services().get(&key).ok_or_else(not_found)?;
            let matches = |p: &Pod| {
                !s.spec.selector.is_empty()
                    && s.spec
                        .selector
                        .iter()
                        .all(|(k, v)| p.metadata.labels.get(k) == Some(v))
            };
            let (pod, count) = selected(&matches).ok_or_else(no_pods)?;
            Ok((pod, Some(s.clone()), count))
        }
        _ => Err(format!(
            "error: cannot attach to {}: not implemented\n",
            kind.plural()
        )),
    }
}

/// `8080:80`, `8080` (the same port), `:80` (a free local port); through a Service, the remote port is the
/// Service's and becomes its target port on the pod.
fn port_pair(
    spec: &str,
    pod: &Pod,
    service: Option<&crate::engine::api::Service>,
) -> Result<(u16, u16), String> {
    let (local, remote) = spec.split_once(':').unwrap_or((spec, spec));
    let bad = || {
        format!("error: Error parsing local port '{local}': strconv.ParseUint: parsing \"{local}\": invalid syntax\n")
    };
    let remote_port = match service {
        Some(service) => service_target(service, pod, remote)?,
        None => container_port(pod, remote)?,
    };
    let local = match local {
        "" => 40_000 + remote_port % 20_000,
        local => local.parse::<u16>().map_err(|_| bad())?,
    };
    Ok((local, remote_port))
}

/// A pod port by number or by the name a container gives it.
fn container_port(pod: &Pod, port: &str) -> Result<u16, String> {
    if let Ok(number) = port.parse::<u16>() {
        return Ok(number);
    }
    pod.spec
        .containers
        .iter()
        .flat_map(|c| &c.ports)
        .find(|p| p.name.as_deref() == Some(port))
        .and_then(|p| u16::try_from(p.container_port).ok())
        .ok_or_else(|| {
            format!(
                "error: Pod '{}' does not have a named port '{port}'\n",
                pod.metadata.name
            )
        })
}

/// The pod port behind a Service port (by number or name), as kubectl translates it.
fn service_target(
    service: &crate::engine::api::Service,
    pod: &Pod,
    port: &str,
) -> Result<u16, String> {
    let found = service
        .spec
        .ports
        .iter()
        .find(|p| p.port.to_string() == port || p.name.as_deref() == Some(port));
    let Some(found) = found else {
        return Err(format!(
            "error: Service {} does not have a service port {port}\n",
            service.metadata.name
        ));
    };
    match &found.target_port {
        Some(IntOrString::Int(n)) => {
            u16::try_from(*n).map_err(|_| format!("error: invalid port {n}\n"))
        }
        Some(IntOrString::String(name)) => container_port(pod, name),
        None => {
            u16::try_from(found.port).map_err(|_| format!("error: invalid port {}\n", found.port))
        }
    }
}

/// A request to `localhost:PORT` from the learner's machine through a port-forward: sent to the pod's port (from
/// the pod's own network, as the kubelet's stream is), with kubectl's "Handling connection" line. That line is the
/// background kubectl's, so it goes to the terminal (stderr here), not into curl's pipe.
pub(super) fn forwarded(shell: &Shell, mut request: Request) -> Option<(Request, Output)> {
    let local = matches!(request.address.as_str(), "localhost" | "127.0.0.1");
    let forward = shell.forward(request.port).filter(|_| local)?;
    let ip = shell
        .cluster()
        .store()
        .pods()
        .get(&format!("{}/{}", forward.pod.namespace, forward.pod.name))
        .and_then(|p| p.status.pod_ip.clone())
        .unwrap_or_default();
    let mut said = Output::default();
    said.push_err(format!("Handling connection for {}\n", forward.local));
    request.address = ip;
    request.port = forward.remote;
    request.from_pod = Some(forward.pod.clone());
    Some((request, said))
}

/// `minikube service NAME`: the table minikube prints before opening a browser, which kplay cannot open.
fn minikube_service_table(shell: &Shell, ip: &str, name: &str, mut output: Output) -> Output {
    let key = format!("default/{name}");
    let Some(service) = shell.cluster().store().services().get(&key) else {
        output.push_err(format!(
            "X Exiting due to SVC_NOT_FOUND: Service '{name}' was not found in 'default' namespace.\n"
        ));
        output.set_status(1);
        return output;
    };
    let node_port = service.spec.ports.iter().find(|p| p.node_port.is_some());
    let (target, url) = match node_port {
        Some(port) => (
            port.port.to_string(),
            format!("http://{ip}:{}", port.node_port.unwrap_or_default()),
        ),
        None => (String::new(), "No node port".to_string()),
    };
    let widths = [9, name.len().max(4), 11, url.len()];
    let line = widths
        .iter()
        .map(|w| "-".repeat(w + 2))
        .collect::<Vec<_>>()
        .join("|");
    // minikube's table centres its headings, right-aligns the port and left-aligns the rest.
    let row = |cells: [&str; 4], heading: bool| {
        let cells: Vec<String> = cells
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (c, w))| match (heading, i) {
                (true, _) => format!(" {c:^w$} "),
                (false, 2) => format!(" {c:>w$} "),
                (false, _) => format!(" {c:<w$} "),
            })
            .collect();
        format!("|{}|\n", cells.join("|"))
    };
    output.push_out(format!(
        "|{line}|\n{}|{line}|\n{}|{line}|\n",
        row(["NAMESPACE", "NAME", "TARGET PORT", "URL"], true),
        row(["default", name, &target, &url], false)
    ));
    output.push_err(format!(
        "kplay: there is no browser to open here: curl {url} or send a request from the requests panel\n"
    ));
    output
}
