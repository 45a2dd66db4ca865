//! Tab completion for the terminal: programs, kubectl verbs, kinds, object names and files, as bash-completion for
//! kubectl would offer them. Pure, so it is tested natively.

use crate::engine::api::Kind;
use crate::engine::order;
use crate::shell::Shell;

/// The programs the shell runs, in the order `help` lists them.
const PROGRAMS: [&str; 14] = [
    "kubectl", "curl", "kplay", "openssl", "cat", "ls", "echo", "grep", "head", "tail", "wc",
    "sleep", "help", "clear",
];
const VERBS: [&str; 19] = [
    "annotate",
    "api-resources",
    "apply",
    "cluster-info",
    "cordon",
    "create",
    "delete",
    "describe",
    "drain",
    "exec",
    "get",
    "label",
    "logs",
    "rollout",
    "scale",
    "set",
    "uncordon",
    "version",
    "wait",
];
/// Verbs whose next word is a kind.
const KIND_VERBS: [&str; 8] = [
    "get", "describe", "delete", "label", "annotate", "scale", "wait", "rollout",
];
/// Verbs whose next word is an object of an implied kind.
const POD_VERBS: [&str; 2] = ["logs", "exec"];
const NODE_VERBS: [&str; 3] = ["cordon", "uncordon", "drain"];

/// What Tab does to a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// Where the word being completed starts, in bytes.
    pub start: usize,
    /// Every word that fits, sorted and without repeats.
    pub candidates: Vec<String>,
}

impl Completion {
    /// The line after Tab: the single candidate and a space, else the longest prefix all candidates share.
    pub fn apply(&self, line: &str) -> String {
        let head = &line[..self.start];
        match self.candidates.as_slice() {
            [] => line.to_string(),
            [only] => format!("{head}{only} "),
            many => {
                let shared = many.iter().skip(1).fold(many[0].as_str(), |acc, c| {
                    let n = acc
                        .char_indices()
                        .zip(c.chars())
                        .take_while(|((_, a), b)| a == b)
                        .last()
                        .map_or(0, |((i, a), _)| i + a.len_utf8());
                    &acc[..n]
                });
                let current = &line[self.start..];
                if shared.len() > current.len() {
                    format!("{head}{shared}")
                } else {
                    line.to_string()
                }
            }
        }
    }
}

/// The completions of the last word of `line`.
pub fn complete(shell: &Shell, line: &str) -> Completion {
    // Only the last stage of a pipe is completed.
    let stage_start = line.rfind('|').map_or(0, |i| i + 1);
    // Whitespace can be wider than a byte (U+0085, U+3000 from a Japanese keyboard).
    let start = line[stage_start..]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(stage_start, |(i, c)| stage_start + i + c.len_utf8());
    let current = &line[start..];
    let before: Vec<&str> = line[stage_start..start].split_whitespace().collect();
    let mut candidates = words_for(shell, &before, current);
    candidates.retain(|c| c.starts_with(current));
    order::sort(&mut candidates);
    candidates.dedup();
    Completion { start, candidates }
}

fn words_for(shell: &Shell, before: &[&str], current: &str) -> Vec<String> {
    let Some((&program, args)) = before.split_first() else {
        return PROGRAMS.iter().map(|p| p.to_string()).collect();
    };
    if before
        .last()
        .is_some_and(|w| *w == "-f" || *w == "--filename")
        || program == "cat"
    {
        return shell.files().keys().cloned().collect();
    }
    match program {
        "kubectl" | "k" => kubectl_words(shell, args, current),
        "curl" => shell
            .cluster()
            .nodes()
            .iter()
            .filter(|n| !n.control_plane)
            .map(|n| format!("http://{}/", n.internal_ip))
            .collect(),
        "kplay" => ["node", "load", "lb-pool", "ingress-mode"]
            .iter()
            .map(|w| w.to_string())
            .collect(),
        _ => Vec::new(),
    }
}

fn kubectl_words(shell: &Shell, args: &[&str], current: &str) -> Vec<String> {
    let words: Vec<&str> = args
        .iter()
        .copied()
        .filter(|w| !w.starts_with('-'))
        .collect();
    if current.starts_with('-') {
        return [
            "-f",
            "-o",
            "-n",
            "-A",
            "-l",
            "--all-namespaces",
            "--show-labels",
            "--replicas",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
    }
    let Some((&verb, objects)) = words.split_first() else {
        return VERBS.iter().map(|v| v.to_string()).collect();
    };
    let namespace = namespace_of(args);
    if POD_VERBS.contains(&verb) {
        return names(shell, Kind::Pod, namespace);
    }
    if NODE_VERBS.contains(&verb) {
        return names(shell, Kind::Node, namespace);
    }
    if !KIND_VERBS.contains(&verb) {
        return Vec::new();
    }
    if verb == "rollout" && objects.is_empty() {
        return ["status", "history", "undo", "restart", "pause", "resume"]
            .iter()
            .map(|w| w.to_string())
            .collect();
    }
    let objects = if verb == "rollout" {
        &objects[1..]
    } else {
        objects
    };
    // `kind/name`: the name part after the slash.
    if let Some((kind, _)) = current.split_once('/') {
        return Kind::from_resource(kind)
            .map(|k| {
                names(shell, k, namespace)
                    .into_iter()
                    .map(|n| format!("{kind}/{n}"))
                    .collect()
            })
            .unwrap_or_default();
    }
    match objects.first().and_then(|k| Kind::from_resource(k)) {
        Some(kind) => names(shell, kind, namespace),
        None if objects.is_empty() => Kind::ALL
            .iter()
            .flat_map(|k| [k.plural().to_string(), k.singular()])
            .collect(),
        None => Vec::new(),
    }
}

/// The namespace `-n NS` names, else `default`.
fn namespace_of<'a>(args: &[&'a str]) -> &'a str {
    args.windows(2)
        .find(|w| w[0] == "-n" || w[0] == "--namespace")
        .map_or("default", |w| w[1])
}

/// The names of a kind's objects in a namespace (cluster-scoped kinds ignore it).
fn names(shell: &Shell, kind: Kind, namespace: &str) -> Vec<String> {
    let cluster = shell.cluster();
    if kind == Kind::Node {
        return cluster.nodes().iter().map(|n| n.name.clone()).collect();
    }
    cluster
        .store()
        .refs(kind)
        .into_iter()
        .filter(|r| !kind.namespaced() || r.namespace == namespace)
        .map(|r| r.name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeded() -> Shell {
        let mut shell = Shell::new(1);
        shell.exec("kubectl apply -f deployment.yaml");
        shell.advance(20_000);
        shell
    }

    #[test]
    fn completes_programs_verbs_and_kinds() {
        let shell = seeded();
        assert_eq!(complete(&shell, "kub").apply("kub"), "kubectl ");
        assert_eq!(complete(&shell, "kubectl ge").candidates, ["get"]);
        assert_eq!(
            complete(&shell, "kubectl get deploy").candidates,
            ["deployment", "deployments"]
        );
        assert_eq!(
            complete(&shell, "kubectl get deploy").apply("kubectl get deploy"),
            "kubectl get deployment"
        );
    }

    #[test]
    fn completes_object_names_and_files() {
        let shell = seeded();
        let pods = complete(&shell, "kubectl delete pod nginx-").candidates;
        assert_eq!(pods.len(), 3);
        assert!(pods.iter().all(|p| p.starts_with("nginx-deployment-")));
        let line = "kubectl delete pod n";
        assert_eq!(
            complete(&shell, line).apply(line),
            "kubectl delete pod nginx-deployment-57f55d494c-"
        );
        assert_eq!(
            complete(&shell, "kubectl describe deploy/").candidates,
            ["deploy/nginx-deployment"]
        );
        assert_eq!(
            complete(&shell, "kubectl apply -f ser").candidates,
            ["service.yaml"]
        );
        assert_eq!(
            complete(&shell, "kubectl get pods | gr").candidates,
            ["grep"]
        );
        assert_eq!(
            complete(&shell, "kubectl cordon kplay-w").candidates,
            ["kplay-worker", "kplay-worker2"]
        );
        assert!(complete(&shell, "kubectl get pods nothing")
            .candidates
            .is_empty());
    }

    #[test]
    fn wide_whitespace_is_a_word_break_not_a_panic() {
        // Found by the shell_line fuzz target: U+0085 is whitespace two bytes wide.
        let shell = seeded();
        assert!(complete(&shell, "\u{85}\0").candidates.is_empty());
        assert_eq!(complete(&shell, "kubectl\u{3000}ge").candidates, ["get"]);
    }
}
