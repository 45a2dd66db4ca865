//! Ways in from the learner's machine that tutorials use: `kubectl proxy` (so `curl http://localhost:8001/...`
//! reaches the API server's version and its pod proxy), and minikube's `minikube ip` and `minikube service --url`,
//! answered with this cluster's addresses and a one-line note that this is kplay.

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
