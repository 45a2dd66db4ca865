//! Inside a pod: `kubectl exec POD -- COMMAND`, and the shell `kubectl exec -ti POD -- bash` opens, whose prompt
//! is the container's (`root@POD:/# `) until `exit`. The commands tutorials run there: curl, env, printenv,
//! hostname, cat, ls, pwd, echo, whoami.

use crate::engine::api::{Pod, PodPhase, Service};
use crate::engine::images;
use crate::shell::flags::Args;
use crate::shell::{curl, verbs, Output, Shell};

/// The pod whose shell the terminal is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PodShell {
    pub namespace: String,
    pub pod: String,
    /// The shell's prompt: bash's `root@POD:/# `, or busybox's and alpine's `/ # `.
    pub prompt: String,
    /// What leaving the shell does besides closing it.
    pub ending: Ending,
}

/// How the terminal came into the pod, which decides what `exit` prints and does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ending {
    /// `kubectl exec -ti`.
    Exec,
    /// `kubectl run -ti`: kubectl says how to attach again.
    Attach,
    /// `kubectl run -ti --rm`: kubectl deletes the pod.
    Remove,
}

impl PodShell {
    fn new(namespace: String, pod: &Pod, ending: Ending) -> PodShell {
        let image = pod.spec.containers.first().map_or("", |c| c.image.as_str());
        let prompt = match images::split(image).0 {
            "busybox" | "alpine" | "curlimages/curl" => "/ # ".to_string(),
            _ => format!("root@{}:/# ", pod.metadata.name),
        };
        PodShell {
            namespace,
            pod: pod.metadata.name.clone(),
            prompt,
            ending,
        }
    }
}

impl PodShell {
    fn is_bash(&self) -> bool {
        self.prompt.starts_with("root@")
    }
}

/// The grace `kubectl run --rm` waits for its pod to run, as `--pod-running-timeout` does by default.
const RUNNING_TIMEOUT: crate::engine::Millis = 60_000;

/// `kubectl run -ti [--rm]`: waits for the pod to run and attaches the terminal to its shell.
pub(super) fn attach(shell: &mut Shell, namespace: &str, name: &str, rm: bool) -> Output {
    let key = format!("{namespace}/{name}");
    let running = |shell: &Shell| {
        shell.cluster().store().pods().get(&key).is_some_and(|p| {
            p.status.phase == PodPhase::Running && p.status.waiting_reason.is_none()
        })
    };
    if !shell.wait_for(RUNNING_TIMEOUT, running) {
        return Output::err("error: timed out waiting for the condition\n");
    }
    let Some(pod) = shell.cluster().store().pods().get(&key).cloned() else {
        return Output::default();
    };
    let ending = if rm { Ending::Remove } else { Ending::Attach };
    shell.inside = Some(PodShell::new(namespace.to_string(), &pod, ending));
    Output::err("If you don't see a command prompt, try pressing enter.\n")
}

/// The server of "Learn Kubernetes Basics" in `/server.js`: kplay's copy, written to behave and log as the image does.
const SERVER_JS: &str = include_str!("../../static/bootcamp/server.js");

/// `kubectl exec [-ti] POD [-c CONTAINER] -- COMMAND [ARGS]`.
pub(super) fn exec(shell: &mut Shell, args: &Args) -> Output {
    let Some(pod) = args.positional.first() else {
        return Output::err("error: pod, type/name or --filename must be specified\n");
    };
    let pod = pod.strip_prefix("pod/").unwrap_or(pod).to_string();
    let namespace = args.namespace().to_string();
    let found = match verbs::find_pod(shell, &namespace, &pod) {
        Ok(found) => found,
        Err(output) => return output,
    };
    let container = verbs::first_container(found);
    if found.status.phase != PodPhase::Running || found.status.waiting_reason.is_some() {
        return Output::err(format!(
            "error: unable to upgrade connection: container not found (\"{container}\")\n"
        ));
    }
    if args.command.is_empty() {
        return Output::err("error: you must specify at least one command for the container\n");
    }
    let at = PodShell::new(namespace, found, Ending::Exec);
    let interactive = args.stdin && args.tty;
    let output = command(shell, &at, &args.command, interactive);
    if output.status() == 127 {
        // Outside a shell, the container runtime reports the missing program.
        let program = &args.command[0];
        return Output::err(format!(
            "error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: exec: \"{program}\": executable file not found in $PATH: unknown\ncommand terminated with exit code 126\n"
        ));
    }
    output
}

/// A command line's words run in the pod shell the terminal is in.
pub(super) fn run(shell: &mut Shell, at: &PodShell, words: &[String]) -> Output {
    if words.first().map(String::as_str) == Some("exit") {
        shell.inside = None;
        // bash says `exit` as it leaves; busybox's sh leaves quietly.
        let mut output = match at.is_bash() {
            true => Output::err("exit\n"),
            false => Output::default(),
        };
        match at.ending {
            Ending::Exec => {}
            Ending::Attach => output.push_out(format!("Session ended, resume using 'kubectl attach {0} -c {0} -i -t' command when the pod is running\n", at.pod)),
            Ending::Remove => output.extend(crate::shell::kubectl::delete_pod(shell, &at.namespace, &at.pod)),
        }
        return output;
    }
    let output = command(shell, at, words, true);
    if output.status() == 127 {
        let shell_name = if at.is_bash() { "bash" } else { "sh" };
        return Output::err(format!("{shell_name}: {}: command not found\n", words[0]));
    }
    output
}

/// One program in the pod; status 127 when the image has no such program.
fn command(shell: &mut Shell, at: &PodShell, words: &[String], interactive: bool) -> Output {
    let Some(pod) = shell
        .cluster()
        .store()
        .pods()
        .get(&format!("{}/{}", at.namespace, at.pod))
        .cloned()
    else {
        return Output::err(format!("kplay: pod {} is gone\n", at.pod));
    };
    let (program, args) = words.split_first().expect("callers pass a command");
    let program = program.rsplit('/').next().unwrap_or(program);
    match program {
        "curl" => curl::curl(shell, args, Some((at.namespace.clone(), at.pod.clone()))),
        "wget" => wget(shell, at, args),
        "nslookup" if !at.is_bash() => nslookup(shell, at, args),
        "hostname" => Output::out(format!("{}\n", at.pod)),
        "whoami" => Output::out("root\n"),
        "pwd" => Output::out("/\n"),
        "echo" => Output::out(format!("{}\n", args.join(" "))),
        "env" | "printenv" => Output::out(environment(shell, &pod).join("\n") + "\n"),
        "cat" => cat(&pod, args),
        "ls" => Output::out(listing(&pod)),
        "bash" | "sh" if interactive => {
            shell.inside = Some(at.clone());
            Output::default()
        }
        // Without a terminal, a shell reads no commands and ends at once.
        "bash" | "sh" => Output::default(),
        _ => {
            let mut missing = Output::default();
            missing.set_status(127);
            missing
        }
    }
}

/// busybox's `wget -qO- URL` (and `-O -`), as tutorials fetch a page from a pod without curl.
fn wget(shell: &mut Shell, at: &PodShell, args: &[String]) -> Output {
    let to_stdout = args.windows(2).any(|w| w[0] == "-O" && w[1] == "-")
        || args
            .iter()
            .any(|a| a == "-O-" || a == "-qO-" || a == "-qO" || a == "-O");
    let Some(url) = args.iter().find(|a| !a.starts_with('-')) else {
        return Output::err("BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n");
    };
    if !to_stdout {
        return Output::err("kplay: wget here writes only to standard output: use wget -qO- URL\n");
    }
    let url = if url.contains("://") {
        url.clone()
    } else {
        format!("http://{url}")
    };
    let from = Some((at.namespace.clone(), at.pod.clone()));
    let output = curl::curl(
        shell,
        &["-s".to_string(), "--fail".to_string(), url.clone()],
        from,
    );
    if output.status() != 0 {
        let host = url
            .split("://")
            .nth(1)
            .unwrap_or(&url)
            .split('/')
            .next()
            .unwrap_or_default();
        return Output::err(format!(
            "wget: can't connect to remote host ({host}): Connection refused\n"
        ));
    }
    output
}

/// busybox's `nslookup NAME`: the cluster DNS's answer for a Service name.
fn nslookup(shell: &Shell, at: &PodShell, args: &[String]) -> Output {
    let Some(name) = args.first() else {
        return Output::err("BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n");
    };
    let head = "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n";
    let parts: Vec<&str> = name.trim_end_matches('.').split('.').collect();
    let (service, namespace) = match parts.as_slice() {
        [service] => (*service, at.namespace.as_str()),
        [service, namespace, ..] => (*service, *namespace),
        [] => return Output::default(),
    };
    let found = shell
        .cluster()
        .store()
        .services()
        .get(&format!("{namespace}/{service}"))
        .and_then(|s| s.spec.cluster_ip.clone());
    match found {
        Some(ip) => Output::out(format!(
            "{head}Name:\t{service}.{namespace}.svc.cluster.local\nAddress: {ip}\n\n"
        )),
        None => {
            let mut output = Output::out(head);
            output.push_err(format!("** server can't find {name}: NXDOMAIN\n\n"));
            output.set_status(1);
            output
        }
    }
}

fn is_bootcamp(pod: &Pod) -> bool {
    let image = pod.spec.containers.first().map_or("", |c| c.image.as_str());
    images::split(image).0.ends_with("/kubernetes-bootcamp")
}

fn cat(pod: &Pod, files: &[String]) -> Output {
    let mut output = Output::default();
    for file in files {
        match file.trim_start_matches('/') {
            "server.js" if is_bootcamp(pod) => output.push_out(bootcamp_server(pod)),
            "etc/hostname" => output.push_out(format!("{}\n", pod.metadata.name)),
            _ => {
                output.push_err(format!("cat: {file}: No such file or directory\n"));
                output.set_status(1);
            }
        }
    }
    output
}

/// `/server.js` of the image's version: v2 answers `v=2`.
fn bootcamp_server(pod: &Pod) -> String {
    let image = pod.spec.containers.first().map_or("", |c| c.image.as_str());
    let (_, tag) = images::split(image);
    SERVER_JS.replace("v=1", &format!("v={}", tag.trim_start_matches('v')))
}

fn listing(pod: &Pod) -> String {
    let mut entries = vec![
        "bin", "boot", "dev", "etc", "home", "lib", "lib64", "media", "mnt", "opt", "proc", "root",
        "run", "sbin", "srv", "sys", "tmp", "usr", "var",
    ];
    if is_bootcamp(pod) {
        entries.push("server.js");
        entries.sort_unstable();
    }
    entries.join("\n") + "\n"
}

/// The container's environment as the kubelet sets it: PATH, HOSTNAME, the container's `env`, a set of variables
/// for each Service of the namespace that existed when the pod started, the image's own, and HOME.
fn environment(shell: &Shell, pod: &Pod) -> Vec<String> {
    let mut lines = vec![
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string(),
        format!("HOSTNAME={}", pod.metadata.name),
    ];
    if let Some(container) = pod.spec.containers.first() {
        // `env` is not modelled: its entries are read from the container's other fields.
        let env = container.extra.get("env").and_then(|e| e.as_array());
        lines.extend(env.into_iter().flatten().filter_map(|e| {
            let name = e.get("name")?.as_str()?;
            Some(format!(
                "{name}={}",
                e.get("value").and_then(|v| v.as_str()).unwrap_or("")
            ))
        }));
    }
    let services = shell.cluster().store().services();
    for service in services.values().filter(|s| {
        s.metadata.namespace() == pod.metadata.namespace()
            && s.metadata.created <= pod.metadata.created
    }) {
        lines.extend(service_variables(service));
    }
    if is_bootcamp(pod) {
        lines.push("NPM_CONFIG_LOGLEVEL=info".to_string());
        lines.push("NODE_VERSION=6.3.1".to_string());
    }
    lines.push("HOME=/root".to_string());
    lines
}

/// The docker-links style variables the kubelet writes for one Service (`NGINX_SERVICE_SERVICE_HOST`, ...).
fn service_variables(service: &Service) -> Vec<String> {
    let Some(ip) = service
        .spec
        .cluster_ip
        .as_deref()
        .filter(|ip| *ip != "None")
    else {
        return Vec::new();
    };
    let Some(first) = service.spec.ports.first() else {
        return Vec::new();
    };
    let prefix = service.metadata.name.to_uppercase().replace('-', "_");
    let mut lines = vec![
        format!("{prefix}_SERVICE_HOST={ip}"),
        format!("{prefix}_SERVICE_PORT={}", first.port),
    ];
    for port in &service.spec.ports {
        if let Some(name) = &port.name {
            lines.push(format!(
                "{prefix}_SERVICE_PORT_{}={}",
                name.to_uppercase().replace('-', "_"),
                port.port
            ));
        }
    }
    let protocol = |p: &crate::engine::api::ServicePort| {
        p.protocol
            .as_ref()
            .map_or("tcp".to_string(), |p| p.to_string().to_lowercase())
    };
    lines.push(format!(
        "{prefix}_PORT={}://{ip}:{}",
        protocol(first),
        first.port
    ));
    for port in &service.spec.ports {
        let proto = protocol(port);
        let base = format!("{prefix}_PORT_{}_{}", port.port, proto.to_uppercase());
        lines.push(format!("{base}={proto}://{ip}:{}", port.port));
        lines.push(format!("{base}_PROTO={proto}"));
        lines.push(format!("{base}_PORT={}", port.port));
        lines.push(format!("{base}_ADDR={ip}"));
    }
    lines
}
