//! `kubectl apply` and `create`: reading `-f` sources (files, standard input, the URLs kplay knows), sending the
//! objects, and printing what kubectl prints for each.

use crate::engine::manifest::{self, Manifest};
use crate::engine::why::{why, Msg, Why};
use crate::engine::{Command, Event, Refusal};
use crate::shell::flags::{Args, DryRun};
use crate::shell::kubectl::plural_qualified;
use crate::shell::{Output, Shell};

/// `kubectl apply` records what it applied and updates objects that exist; `kubectl create` only creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verb {
    Apply,
    /// `kubectl apply --server-side`: the API server merges by field ownership, so no last-applied annotation.
    ServerSideApply,
    Create,
}

/// The annotation in which `kubectl apply` keeps the configuration it last applied.
const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

pub(super) fn apply(shell: &mut Shell, args: &Args, stdin: Option<&str>, verb: Verb) -> Output {
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
        // A dry run applies to a copy of the cluster, which is then dropped.
        let mut trial = (args.dry_run != DryRun::None).then(|| shell.clone());
        let target = trial.as_mut().unwrap_or(shell);
        let verb = match (verb, args.server_side) {
            (Verb::Apply, true) => Verb::ServerSideApply,
            (verb, _) => verb,
        };
        let (mut printed, _) = apply_manifests(
            target,
            source,
            parsed.manifests,
            args.namespace.as_deref(),
            verb,
        );
        if verb == Verb::ServerSideApply {
            printed = serverside_applied(printed);
        }
        output.extend(dry_run_marked(printed, args.dry_run));
        for message in messages {
            output.push_err(format!("{message}\n"));
        }
    }
    output
}

/// kubectl says `serverside-applied` of every object a server-side apply sends, changed or not.
fn serverside_applied(output: Output) -> Output {
    ["created", "configured", "unchanged"]
        .iter()
        .fold(output, |output, word| {
            output.replace_out(&format!(" {word}\n"), " serverside-applied\n")
        })
}

/// kubectl's lines for a dry run: `deployment.apps/web created (dry run)`, `... configured (server dry run)`.
fn dry_run_marked(output: Output, dry_run: DryRun) -> Output {
    if dry_run == DryRun::None {
        return output;
    }
    ["created", "configured", "unchanged", "serverside-applied"]
        .iter()
        .fold(output, |output, word| {
            output.replace_out(
                &format!(" {word}\n"),
                &format!(" {word}{}\n", dry_run.suffix()),
            )
        })
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
        if !crate::engine::gateway::served(shell.cluster.store(), kind) {
            let meta = m.object.meta();
            output.push_err(format!(
                "{}\n",
                manifest::no_matches(
                    &meta.name,
                    meta.namespace.as_deref().unwrap_or(""),
                    source,
                    kind.name(),
                    &kind.api_version()
                )
            ));
            continue;
        }
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
        if verb != Verb::Create && meta.name.is_empty() {
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

pub(super) const KNOWN_URLS: [KnownUrl; 5] = [
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
    KnownUrl {
        url: "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml",
        text: include_str!("../../static/manifests/gateway-api-standard-install.yaml"),
        warning: "kplay runs offline: applied its own copy of Gateway API v1.4.0's standard-install.yaml, its CRDs without their OpenAPI schemas (kplay checks the Gateway API kinds itself)",
    },
    KnownUrl {
        url: "https://raw.githubusercontent.com/traefik/traefik/v3.6/docs/content/reference/dynamic-configuration/kubernetes-gateway-rbac.yml",
        text: include_str!("../../static/manifests/traefik-gateway-rbac.yml"),
        warning: "kplay runs offline: applied its own copy of kubernetes-gateway-rbac.yml",
    },
    KnownUrl {
        url: "https://raw.githubusercontent.com/traefik/traefik/v3.6/docs/content/reference/dynamic-configuration/kubernetes-gateway-traefik-lb-svc.yml",
        text: include_str!("../../static/manifests/traefik-gateway-lb-svc.yml"),
        warning: "kplay runs offline: applied its own copy of kubernetes-gateway-traefik-lb-svc.yml, with statusaddress.service added so Gateways show an address",
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

/// A hint for a value refused because it holds a character that only looks like an ASCII one (a Cyrillic `е` in a
/// name pasted from a chat, a full-width `ｎ` from a Japanese input method), naming it so it can be found.
pub(super) fn lookalike_hint(cause: &str) -> Option<Why> {
    let value = cause.split("Invalid value: \"").nth(1)?.split('"').next()?;
    let c = value.chars().find(|c| !c.is_ascii())?;
    Some(why!(
        Msg::NotAscii,
        c.to_string(),
        format!("{:04X}", u32::from(c))
    ))
}
