//! `kubectl config`: kplay's one context (`kplay`), whose namespace `set-context --current --namespace=NS` changes,
//! as tutorials that make a namespace of their own do. Every later command without `-n` uses that namespace.

use serde_json::{json, Value};

use crate::engine::manifest;
use crate::shell::flags::Args;
use crate::shell::table::render;
use crate::shell::{jsonpath, Output, Shell};

/// The context, cluster and user names of kplay's kubeconfig.
const CONTEXT: &str = "kplay";

pub(super) fn config(shell: &mut Shell, args: &Args) -> Output {
    let words: Vec<&str> = args.positional.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["current-context"] => Output::out(format!("{CONTEXT}\n")),
        ["get-contexts", ..] => get_contexts(shell),
        ["use-context", CONTEXT] => Output::out(format!("Switched to context \"{CONTEXT}\".\n")),
        ["use-context", other] => Output::err(format!("error: no context exists with the name: \"{other}\"\n")),
        ["set-context", rest @ ..] if args.current || rest == [CONTEXT] => {
            if let Some(namespace) = &args.namespace {
                shell.context_namespace = Some(namespace.clone()).filter(|n| !n.is_empty());
            }
            Output::out(format!("Context \"{CONTEXT}\" modified.\n"))
        }
        ["set-context", ..] => Output::err("error: you must specify a non-empty context name or --current\n"),
        ["view", ..] => view(shell, args),
        _ => Output::err("kplay: kubectl config here knows current-context, get-contexts, use-context, set-context --current --namespace=NS and view\n"),
    }
}

fn get_contexts(shell: &Shell) -> Output {
    let rows = vec![
        ["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]
            .map(String::from)
            .to_vec(),
        vec![
            "*".to_string(),
            CONTEXT.to_string(),
            CONTEXT.to_string(),
            CONTEXT.to_string(),
            shell.context_namespace.clone().unwrap_or_default(),
        ],
    ];
    Output::out(render(&rows))
}

/// The kubeconfig as `kubectl config view` shows it, credentials left out as kubectl leaves them.
fn view(shell: &Shell, args: &Args) -> Output {
    let server = shell
        .cluster()
        .nodes()
        .iter()
        .find(|n| n.control_plane)
        .map(|n| format!("https://{}:6443", n.internal_ip))
        .unwrap_or_default();
    let mut context = json!({ "cluster": CONTEXT, "user": CONTEXT });
    if let Some(namespace) = &shell.context_namespace {
        context["namespace"] = json!(namespace);
    }
    let config = json!({
        "apiVersion": "v1",
        "clusters": [{ "cluster": { "certificate-authority-data": "DATA+OMITTED", "server": server }, "name": CONTEXT }],
        "contexts": [{ "context": context, "name": CONTEXT }],
        "current-context": CONTEXT,
        "kind": "Config",
        "preferences": {},
        "users": [{ "name": CONTEXT, "user": { "client-certificate-data": "DATA+OMITTED", "client-key-data": "DATA+OMITTED" } }],
    });
    printed(&config, args.output.as_deref())
}

fn printed(config: &Value, output: Option<&str>) -> Output {
    match output.map(|o| o.split_once('=').unwrap_or((o, ""))) {
        Some(("jsonpath", template)) => match jsonpath::print(template, config) {
            Ok(text) => Output::out(text),
            Err(message) => Output::err(message),
        },
        Some(("json", _)) => Output::out(crate::shell::render::to_json(config)),
        _ => Output::out(manifest::to_yaml(config)),
    }
}
