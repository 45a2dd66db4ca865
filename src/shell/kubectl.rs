//! `kubectl` on the shell: reads its arguments like kubectl does and prints what kubectl prints.

use crate::engine::api::Kind;
use crate::engine::manifest::{self, Manifest};
use crate::engine::{Command, Event, Millis, NodeChange, Refusal};
use crate::shell::{curl, describe, drain, get, rollout, verbs, wait};
use crate::shell::{Output, Shell};

/// The longest `kubectl delete` waits for an object to go, in virtual time.
const DELETE_WAIT_MILLIS: Millis = 60_000;

/// Flags and positional arguments of one kubectl invocation.
#[derive(Debug, Default)]
struct Args {
    positional: Vec<String>,
    files: Vec<String>,
    output: Option<String>,
    namespace: Option<String>,
    all_namespaces: bool,
    selector: Option<String>,
    field_selector: Option<String>,
    show_labels: bool,
    no_headers: bool,
    replicas: Option<String>,
    overwrite: bool,
    ignore_daemonsets: bool,
    to_revision: Option<u64>,
    wait_for: Option<String>,
    timeout: Option<String>,
    all: bool,
    /// Everything after `--`, for `exec`.
    command: Vec<String>,
}

impl Args {
    fn parse(words: &[String]) -> Result<Args, String> {
        let mut args = Args::default();
        let mut words = words.iter();
        while let Some(word) = words.next() {
            let (flag, inline) = match word.split_once('=') {
                Some((flag, value)) if word.starts_with('-') => (flag, Some(value.to_string())),
                _ => (word.as_str(), None),
            };
            let mut value = |name: &str| -> Result<String, String> {
                inline
                    .clone()
                    .or_else(|| words.next().cloned())
                    .ok_or_else(|| format!("error: flag needs an argument: '{name}' in -{name}"))
            };
            match flag {
                "-f" | "--filename" => args.files.push(value("f")?),
                "-o" | "--output" => args.output = Some(value("o")?),
                "-n" | "--namespace" => args.namespace = Some(value("n")?),
                "-A" | "--all-namespaces" => args.all_namespaces = true,
                "-l" | "--selector" => args.selector = Some(value("l")?),
                "--field-selector" => args.field_selector = Some(value("field-selector")?),
                "--show-labels" => args.show_labels = true,
                "--replicas" => args.replicas = Some(value("replicas")?),
                "--overwrite" => args.overwrite = true,
                "--ignore-daemonsets" => args.ignore_daemonsets = true,
                "--for" => args.wait_for = Some(value("for")?),
                "--timeout" => args.timeout = Some(value("timeout")?),
                "--all" => args.all = true,
                "--to-revision" => {
                    let v = value("to-revision")?;
                    args.to_revision = Some(v.parse().map_err(|_| {
                        format!("error: invalid argument \"{v}\" for \"--to-revision\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax")
                    })?);
                }
                "--" => {
                    args.command = words.by_ref().cloned().collect();
                }
                "--no-headers" => args.no_headers = true,
                _ if flag.starts_with("-o") && flag.len() > 2 => {
                    args.output = Some(flag[2..].to_string())
                }
                _ if flag.starts_with('-') && flag.len() > 1 => {
                    return Err(format!(
                        "error: unknown flag: {flag}\nSee 'kubectl --help' for usage."
                    ));
                }
                _ => args.positional.push(word.clone()),
            }
        }
        Ok(args)
    }

    fn namespace(&self) -> &str {
        self.namespace.as_deref().unwrap_or("default")
    }
}

pub(super) fn run(shell: &mut Shell, words: &[String], stdin: Option<String>) -> Output {
    let Some((verb, rest)) = words.split_first() else {
        return Output::out(
            "kubectl controls the Kubernetes cluster manager.\n\nTry: kubectl get pods\n",
        );
    };
    let args = match Args::parse(rest) {
        Ok(args) => args,
        Err(message) => return Output::err(format!("{message}\n")),
    };
    match verb.as_str() {
        "apply" => apply(shell, &args, stdin.as_deref(), Verb::Apply),
        "create" => apply(shell, &args, stdin.as_deref(), Verb::Create),
        "get" => get::get(
            shell.cluster(),
            &args.positional,
            &get::Options {
                namespace: args.namespace(),
                all_namespaces: args.all_namespaces,
                output: args.output.as_deref(),
                selector: args.selector.as_deref(),
                field_selector: args.field_selector.as_deref(),
                show_labels: args.show_labels,
                no_headers: args.no_headers,
            },
        ),
        "delete" => delete(shell, &args),
        "describe" => describe::describe(shell.cluster(), &args.positional, args.namespace()),
        "scale" => verbs::scale(
            shell,
            &args.positional,
            args.replicas.as_deref(),
            args.namespace(),
        ),
        "set" => verbs::set(shell, &args.positional, args.namespace()),
        "label" => verbs::label(
            shell,
            &args.positional,
            args.namespace(),
            args.overwrite,
            false,
        ),
        "annotate" => verbs::label(
            shell,
            &args.positional,
            args.namespace(),
            args.overwrite,
            true,
        ),
        "rollout" => rollout::rollout(shell, &args.positional, args.namespace(), args.to_revision),
        "cordon" => drain::cordon(shell, &args.positional, true),
        "uncordon" => drain::cordon(shell, &args.positional, false),
        "drain" => drain::drain(shell, &args.positional, args.ignore_daemonsets),
        "logs" => verbs::logs(shell, &args.positional, args.namespace()),
        "wait" => wait::wait(
            shell,
            &wait::WaitArgs {
                words: &args.positional,
                namespace: args.namespace(),
                condition: args.wait_for.as_deref(),
                selector: args.selector.as_deref(),
                all: args.all,
                timeout: args.timeout.as_deref(),
            },
        ),
        "exec" => exec(shell, &args),
        "version" => verbs::version(),
        "cluster-info" => verbs::cluster_info(shell),
        "api-resources" => verbs::api_resources(),
        other => Output::err(format!(
            "error: unknown command \"{other}\" for \"kubectl\"\n"
        )),
    }
}

/// `kubectl apply` records what it applied and updates objects that exist; `kubectl create` only creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verb {
    Apply,
    Create,
}

/// The annotation in which `kubectl apply` keeps the configuration it last applied.
const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

fn apply(shell: &mut Shell, args: &Args, stdin: Option<&str>, verb: Verb) -> Output {
    if args.files.is_empty() {
        return Output::err("error: must specify one of -f and -k\n");
    }
    let mut output = Output::default();
    for source in &args.files {
        let text = match read_source(shell, source, stdin) {
            Ok((text, warning)) => {
                if let Some(warning) = warning {
                    output.push_err(format!("Warning: {warning}\n"));
                }
                text
            }
            Err(message) => {
                output.push_err(format!("{message}\n"));
                continue;
            }
        };
        // kubectl names standard input STDIN in its messages.
        let source = if source == "-" {
            "STDIN"
        } else {
            source.as_str()
        };
        let parsed = manifest::parse(source, &text);
        let messages: Vec<String> = parsed.messages().into_iter().map(str::to_string).collect();
        let (printed, _) = apply_manifests(
            shell,
            source,
            parsed.manifests,
            args.namespace.as_deref(),
            verb,
        );
        output.extend(printed);
        for message in messages {
            output.push_err(format!("{message}\n"));
        }
    }
    output
}

/// Sends parsed objects to the cluster as `kubectl apply` or `create` does: namespaced objects get the namespace
/// (`-n` or their own or `default`), apply records the last-applied configuration, create refuses what exists.
/// Returns what kubectl prints and, for each object sent, the manifest and the event it caused.
pub(super) fn apply_manifests(
    shell: &mut Shell,
    source: &str,
    parsed: Vec<Manifest>,
    namespace: Option<&str>,
    verb: Verb,
) -> (Output, Vec<(Manifest, Event)>) {
    let mut output = Output::default();
    let mut manifests = Vec::new();
    for mut m in parsed {
        let kind = m.object.kind();
        let own = m.object.meta().namespace.clone();
        if kind.namespaced() {
            let chosen = namespace
                .map(str::to_string)
                .or(own)
                .unwrap_or_else(|| "default".to_string());
            m.object.meta_mut().namespace = Some(chosen);
        }
        let meta = m.object.meta();
        if verb == Verb::Create
            && shell
                .cluster
                .store()
                .contains(kind, meta.namespace(), &meta.name)
        {
            output.push_err(format!(
                "Error from server (AlreadyExists): error when creating \"{source}\": {} \"{}\" already exists\n",
                plural_qualified(kind),
                meta.name
            ));
            continue;
        }
        if verb == Verb::Apply && meta.name.is_empty() {
            // kubectl looks the object up before patching it, and a nameless one cannot be looked up. Go prints the
            // core group as an empty string before the slash: `/v1`.
            let (group, version) = match kind.group() {
                "" => (String::new(), "v1"),
                group => (group.to_string(), "v1"),
            };
            output.push_err(format!(
                "error: error when retrieving current configuration of:\nResource: \"{group}/{version}, Resource={}\", GroupVersionKind: \"{group}/{version}, Kind={}\"\nName: \"\", Namespace: \"{}\"\nfrom server for: \"{source}\": resource name may not be empty\n",
                kind.plural(),
                kind.name(),
                if kind.namespaced() { meta.namespace() } else { "" }
            ));
            continue;
        }
        if verb == Verb::Apply {
            let mut recorded = m.json.clone();
            if kind.namespaced() {
                recorded["metadata"]["namespace"] = serde_json::json!(m.object.meta().namespace());
            }
            let text = format!("{recorded}\n");
            m.object
                .meta_mut()
                .annotations
                .insert(LAST_APPLIED.to_string(), text);
        }
        manifests.push(m);
    }
    let events = shell.cluster.apply(Command::Apply(manifests.clone()));
    output.extend(print_apply_events(source, &events));
    (output, manifests.into_iter().zip(events).collect())
}

/// `kubectl exec POD -- COMMAND`: curl from inside the pod, or its hostname.
fn exec(shell: &mut Shell, args: &Args) -> Output {
    let Some(pod) = args.positional.first() else {
        return Output::err("error: pod, type/name or --filename must be specified\n");
    };
    let pod = pod.strip_prefix("pod/").unwrap_or(pod).to_string();
    let namespace = args.namespace().to_string();
    let Some(found) = shell
        .cluster()
        .store()
        .pods
        .get(&format!("{namespace}/{pod}"))
    else {
        return Output::err(format!(
            "Error from server (NotFound): pods \"{pod}\" not found\n"
        ));
    };
    let container = found
        .spec
        .containers
        .first()
        .map(|c| c.name.clone())
        .unwrap_or_default();
    if found.status.phase != crate::engine::api::PodPhase::Running
        || found.status.waiting_reason.is_some()
    {
        return Output::err(format!(
            "error: unable to upgrade connection: container not found (\"{container}\")\n"
        ));
    }
    match args.command.split_first() {
        None => Output::err("error: you must specify at least one command for the container\n"),
        Some((program, rest)) if program == "curl" => {
            curl::curl(shell, rest, Some((namespace, pod)))
        }
        Some((program, _)) if program == "hostname" => Output::out(format!("{pod}\n")),
        Some((program, _)) => Output::err(format!(
            "kplay: inside pods kplay runs curl and hostname; \"{program}\" is not modelled\n"
        )),
    }
}

/// The text behind `-f SOURCE`: a file of the shell, or one of the URLs kplay knows by heart, with a warning to show.
pub(super) fn read_source(
    shell: &Shell,
    source: &str,
    stdin: Option<&str>,
) -> Result<(String, Option<&'static str>), String> {
    if source == "-" {
        return Ok((stdin.unwrap_or_default().to_string(), None));
    }
    if source.starts_with("http://") || source.starts_with("https://") {
        return match KNOWN_URLS.iter().find(|known| known.url == source) {
            Some(known) => Ok((known.text.to_string(), Some(known.warning))),
            None => Err(format!(
                "error: kplay runs offline and cannot fetch \"{source}\". The URLs it knows are:\n{}",
                KNOWN_URLS.iter().map(|k| format!("  {}", k.url)).collect::<Vec<_>>().join("\n")
            )),
        };
    }
    shell
        .files()
        .get(source)
        .cloned()
        .map(|text| (text, None))
        .ok_or_else(|| format!("error: the path \"{source}\" does not exist"))
}

/// A manifest URL kplay serves from its own copy, so tutorials that apply it work offline.
pub(super) struct KnownUrl {
    pub url: &'static str,
    pub text: &'static str,
    pub warning: &'static str,
}

pub(super) const KNOWN_URLS: [KnownUrl; 2] = [
    KnownUrl {
        url: "https://raw.githubusercontent.com/traefik/traefik/v1.7/examples/k8s/traefik-rbac.yaml",
        text: include_str!("../../static/manifests/traefik-rbac.yaml"),
        warning: "kplay runs offline: applied its own copy of traefik-rbac.yaml, moved from rbac.authorization.k8s.io/v1beta1 (removed in Kubernetes 1.22) to v1",
    },
    KnownUrl {
        url: "https://raw.githubusercontent.com/traefik/traefik/v1.7/examples/k8s/traefik-ds.yaml",
        text: include_str!("../../static/manifests/traefik-ds.yaml"),
        warning: "kplay runs offline: applied its own copy of traefik-ds.yaml, moved from extensions/v1beta1 (removed in Kubernetes 1.16) to apps/v1",
    },
];

/// `deployment.apps/nginx-deployment created`, one line per object, and the API server's refusals.
pub(super) fn print_apply_events(source: &str, events: &[Event]) -> Output {
    let mut output = Output::default();
    // kubectl reports what it applied as it goes and the refusals together at the end. One refusal is printed on its
    // own; several are printed as an aggregate, each as the API server's status message.
    let refusals = events
        .iter()
        .filter(|e| matches!(e, Event::Rejected { .. }))
        .count();
    let mut errors = Output::default();
    for event in events {
        match event {
            Event::Applied {
                kind, name, change, ..
            } => output.push_out(format!(
                "{}/{} {}\n",
                kind.qualified(),
                name,
                change.as_str()
            )),
            Event::Rejected {
                kind,
                name,
                reason: Refusal::Invalid,
                message,
                causes,
            } => {
                if refusals == 1 {
                    errors.push_err(format!("{message}\n"));
                } else {
                    let group_kind = match kind.group() {
                        "" => kind.name().to_string(),
                        group => format!("{}.{group}", kind.name()),
                    };
                    let list: Vec<&str> = causes.iter().map(|(_, m)| m.as_str()).collect();
                    let body = match list.as_slice() {
                        [one] => one.to_string(),
                        many => format!("[{}]", many.join(", ")),
                    };
                    errors.push_err(format!(
                        "Error from server (Invalid): error when creating \"{source}\": {group_kind} \"{name}\" is invalid: {body}\n"
                    ));
                }
            }
            Event::Rejected {
                reason: Refusal::NotFound,
                message,
                ..
            } => errors.push_err(format!(
                "Error from server (NotFound): error when creating \"{source}\": {message}\n"
            )),
            Event::Deleted { .. } | Event::NotFound { .. } | Event::Served(_) => {}
        }
    }
    output.extend(errors);
    output
}

/// `kubectl delete TYPE NAME...`, `TYPE/NAME...` or `-f FILE`. Like kubectl, it waits until each object is gone.
fn delete(shell: &mut Shell, args: &Args) -> Output {
    let targets = match delete_targets(shell, args) {
        Ok(targets) => targets,
        Err(message) => return Output::err(format!("{message}\n")),
    };
    let mut output = Output::default();
    for (kind, namespace, name) in targets {
        if kind == Kind::Node {
            let events = shell
                .cluster
                .apply(Command::Node(NodeChange::Remove(name.clone())));
            match events.first() {
                Some(Event::Deleted { .. }) => {
                    output.push_out(format!("node \"{name}\" deleted\n"))
                }
                Some(Event::Rejected { message, .. }) => {
                    output.push_err(format!("error: {message}\n"))
                }
                _ => output.push_err(format!(
                    "Error from server (NotFound): nodes \"{name}\" not found\n"
                )),
            }
            continue;
        }
        let events = shell.cluster.apply(Command::Delete {
            kind,
            namespace: namespace.clone(),
            name: name.clone(),
        });
        for event in events {
            match event {
                Event::Deleted { .. } => {
                    wait_until_gone(shell, kind, &namespace, &name);
                    output.push_out(format!("{} \"{}\" deleted\n", kind.singular(), name));
                }
                Event::NotFound { .. } => output.push_err(format!(
                    "Error from server (NotFound): {} \"{}\" not found\n",
                    kind.plural(),
                    name
                )),
                Event::Applied { .. } | Event::Rejected { .. } | Event::Served(_) => {}
            }
        }
    }
    output
}

fn delete_targets(shell: &Shell, args: &Args) -> Result<Vec<(Kind, String, String)>, String> {
    let namespace = args.namespace().to_string();
    if !args.files.is_empty() {
        let mut targets = Vec::new();
        for file in &args.files {
            let (text, _) = read_source(shell, file, None)?;
            for m in manifest::parse(file, &text).manifests {
                let meta = m.object.meta();
                targets.push((
                    m.object.kind(),
                    meta.namespace().to_string(),
                    meta.name.clone(),
                ));
            }
        }
        return Ok(targets);
    }
    if let Some(selector) = &args.selector {
        let selector = get::parse_selector(selector)?;
        let Some(resource) = args.positional.first() else {
            return Err("error: resource(s) were provided, but no name was specified".to_string());
        };
        let kind = resolve(resource)?;
        return Ok(shell
            .cluster()
            .store()
            .objects(kind)
            .iter()
            .map(|o| o.meta())
            .filter(|m| m.namespace() == namespace && selector.matches(&m.labels))
            .map(|m| (kind, namespace.clone(), m.name.clone()))
            .collect());
    }
    Ok(verbs::targets(&args.positional, |_| true)?
        .into_iter()
        .map(|(kind, name)| (kind, namespace.clone(), name))
        .collect())
}

/// `pods`, `deployments.apps`: how the API server names a kind in its errors.
pub(super) fn plural_qualified(kind: Kind) -> String {
    match kind.group() {
        "" => kind.plural().to_string(),
        group => format!("{}.{group}", kind.plural()),
    }
}

/// Finds the kind a resource word names, or kubectl's error for one the server does not have.
pub(super) fn resolve(resource: &str) -> Result<Kind, String> {
    Kind::from_resource(resource)
        .ok_or_else(|| format!("error: the server doesn't have a resource type \"{resource}\""))
}

fn wait_until_gone(shell: &mut Shell, kind: Kind, namespace: &str, name: &str) {
    let step = 100;
    let mut waited = 0;
    while shell.cluster.store().contains(kind, namespace, name) && waited < DELETE_WAIT_MILLIS {
        shell.cluster.apply(Command::Advance(step));
        waited += step;
    }
}
