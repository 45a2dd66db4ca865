//! Bad input a learner (or a cat on the keyboard) can paste into an editor: each gets a clear message and leaves the
//! cluster as it was. How long each takes is a benchmark's business (`make bench` prints it); these check the words.

use kplay::shell::Shell;

const SEED: &str = include_str!("../static/seed/deployment.yaml");

struct Applied {
    shell: Shell,
    /// What `kubectl apply` printed on stderr.
    stderr: String,
    /// Each diagnostic's detail, and hint.
    details: Vec<(String, Option<String>)>,
}

/// The tutorial's Deployment running, then `text` applied over it as deployment.yaml.
fn apply(text: &str) -> Applied {
    let mut shell = Shell::new(1);
    shell.apply_file("deployment.yaml");
    shell.advance(20_000);
    shell.write_file("deployment.yaml", text);
    let applied = shell.apply_file("deployment.yaml");
    let details = applied
        .diagnostics
        .iter()
        .map(|d| (d.detail.clone(), d.hint.as_ref().map(ToString::to_string)))
        .collect();
    Applied {
        shell,
        stderr: applied.output.stderr(),
        details,
    }
}

/// The cluster kept its last good state: the three pods of the seed, the file's text as pasted.
fn unchanged(applied: &Applied, text: &str) {
    let store = applied.shell.cluster().store();
    assert_eq!(store.pods().len(), 3);
    assert_eq!(store.deployments().len(), 1);
    assert_eq!(applied.shell.files()["deployment.yaml"], text);
}

fn check(text: &str, message: &str) -> Applied {
    let applied = apply(text);
    assert!(
        applied.stderr.contains(message),
        "expected {message:?} in {:?}",
        &applied.stderr[..applied.stderr.len().min(500)]
    );
    assert!(!applied.details.is_empty(), "no diagnostic for the editor");
    unchanged(&applied, text);
    applied
}

#[test]
fn a_yaml_alias_bomb_is_refused() {
    let mut text = "a: &a [x, x, x, x, x, x, x, x, x]\n".to_string();
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g"])
    {
        text += &format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(", ")
        );
    }
    check(&text, "yaml: line 1: repetition limit exceeded");
}

#[test]
fn a_five_megabyte_paste_is_refused_with_the_limit() {
    let text = format!("{SEED}#{}\n", "x".repeat(5 * 1024 * 1024));
    check(&text, "kplay reads manifests of at most 1048576 bytes");
}

#[test]
fn ten_thousand_levels_of_nesting_are_refused() {
    check(
        &format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
        "yaml: line 1: recursion limit exceeded",
    );
    check(
        &format!("{}1{}", "{a: ".repeat(10_000), "}".repeat(10_000)),
        "yaml: line 1: recursion limit exceeded",
    );
}

#[test]
fn a_billion_replicas_are_refused_by_kplays_cap() {
    check(
        &SEED.replace("replicas: 3", "replicas: 1000000000"),
        "spec.replicas: Invalid value: 1000000000: kplay limits replicas to 1000",
    );
}

#[test]
fn a_thousand_documents_are_refused() {
    let text = (0..1000)
        .map(|i| SEED.replace("nginx-deployment", &format!("d{i}")))
        .collect::<Vec<_>>()
        .join("---\n");
    check(
        &text,
        "deployment.yaml holds more than 100 documents; kplay reads at most 100",
    );
}

#[test]
fn binary_garbage_is_a_yaml_error() {
    let garbage: String = (0..3000u32)
        .filter_map(|i| char::from_u32((i * 7919) % 0x250 + 1))
        .collect();
    check(&garbage, "error converting YAML to JSON");
    // What a browser makes of invalid UTF-8 (replacement characters) is text like any other.
    let replaced = String::from_utf8_lossy(b"kind: \xff\xfe\xfd\nmetadata: [\x80").into_owned();
    check(&replaced, "error converting YAML to JSON");
}

#[test]
fn very_long_names_and_labels_get_the_api_servers_limits() {
    check(
        &SEED.replace("nginx-deployment", &"a".repeat(300)),
        "metadata.name: Invalid value:",
    );
    let long_label = check(
        &SEED.replace("app: nginx", &format!("app: {}", "b".repeat(100))),
        "must be no more than 63 characters",
    );
    assert!(long_label.details.len() >= 2);
}

#[test]
fn a_unicode_look_alike_in_a_name_is_named_in_the_hint() {
    // A Cyrillic "е" where the Latin "e" should be.
    let applied = check(
        &SEED.replace("nginx-deployment", "nginx-d\u{435}ployment"),
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters",
    );
    assert_eq!(
        applied.details[0].1.as_deref(),
        Some("the value contains \"е\" (U+0435), which is not an ASCII character; retype it")
    );
}
