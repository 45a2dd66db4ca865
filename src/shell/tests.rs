//! The shell as the editors use it: diagnostics that point at the line to fix.

use crate::shell::Shell;

fn diagnostics(file: &str, from: &str, to: &str) -> Vec<(u32, u32, String, Option<String>)> {
    let mut shell = Shell::new(1);
    let text = shell.files()[file].replace(from, to);
    shell.write_file(file, &text);
    shell
        .apply_file(file)
        .diagnostics
        .into_iter()
        .map(|d| (d.line, d.column, d.detail, d.hint.map(|h| h.to_string())))
        .collect()
}

#[test]
fn a_misspelt_field_points_at_its_line_with_a_hint() {
    assert_eq!(
        diagnostics("deployment.yaml", "replicas: 3", "replica: 3"),
        vec![(
            6,
            3,
            "unknown field \"spec.replica\"".to_string(),
            Some("did you mean `replicas`?".to_string())
        )]
    );
}

#[test]
fn a_validation_error_points_at_the_field_it_names() {
    let found = diagnostics("ingress.yaml", "            pathType: Prefix\n", "");
    assert_eq!(found.len(), 1, "{found:?}");
    let (line, _, detail, _) = &found[0];
    // The path item starts on the `- backend:` line.
    assert_eq!(*line, 11);
    assert_eq!(
        detail,
        "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified"
    );
}

#[test]
fn a_clean_file_has_no_diagnostics_and_applies() {
    let mut shell = Shell::new(1);
    let applied = shell.apply_file("deployment.yaml");
    assert!(applied.diagnostics.is_empty());
    assert_eq!(
        applied.output.stdout(),
        "deployment.apps/nginx-deployment created\n"
    );
}

#[test]
fn curl_verbose_shows_the_certificate_traefik_presents_and_its_verification() {
    let mut shell = Shell::new(1);
    let script = include_str!("../../tests/transcripts/conformance-tls.txt");
    // Replay the transcript's commands up to the Ingress, then look at one handshake with -v.
    for line in script.lines() {
        if let Some(command) = line.strip_prefix("$ ") {
            if command.starts_with("curl") {
                break;
            }
            shell.exec(command);
        } else if let Some(body) = line.strip_prefix("> ") {
            shell.exec(body);
        } else if line == ">" {
            shell.exec("");
        }
    }
    let out = shell.exec(
        "curl -v --cacert tls.crt --resolve foo.bar.com:443:192.168.0.11 https://foo.bar.com/",
    );
    let err = out.stderr();
    assert!(err.contains("*  subject: CN=foo.bar.com\n"), "{err}");
    assert!(
        err.contains("*  subjectAltName: host \"foo.bar.com\" matched cert's \"foo.bar.com\"\n"),
        "{err}"
    );
    assert!(err.contains("*  SSL certificate verify ok.\n"), "{err}");
    assert!(
        out.stdout().starts_with("Hostname: foo-bar-com-"),
        "{}",
        out.stdout()
    );
    let insecure = shell.exec("curl -v -k --resolve x.foo.com:443:192.168.0.11 https://x.foo.com/");
    assert!(insecure
        .stderr()
        .contains("*  subject: CN=TRAEFIK DEFAULT CERT\n"));
    assert!(insecure.stderr().contains("continuing anyway"));
}

/// The controllers settle after every command of a busy session (the seed tutorial, a scale up and down, deleted
/// pods, a rollout, a node stopping and coming back) well within the bound at which a reconcile gives up.
#[test]
fn reconcile_settles_well_within_its_bound() {
    let mut shell = Shell::new(1);
    let script = [
        "kubectl apply -f deployment.yaml",
        "kubectl apply -f service.yaml",
        "kubectl apply -f https://raw.githubusercontent.com/traefik/traefik/v1.7/examples/k8s/traefik-rbac.yaml",
        "kubectl apply -f https://raw.githubusercontent.com/traefik/traefik/v1.7/examples/k8s/traefik-ds.yaml",
        "kubectl apply -f ingress.yaml",
        "sleep 10",
        "kubectl scale deployment nginx-deployment --replicas=12",
        "sleep 5",
        "kubectl delete pod -l app=nginx",
        "kubectl set image deployment/nginx-deployment nginx=nginx:1.19",
        "sleep 20",
        "kplay node stop kplay-worker2",
        "sleep 400",
        "kplay node start kplay-worker2",
        "kubectl scale deployment nginx-deployment --replicas=1",
        "sleep 30",
    ];
    for line in script {
        shell.exec(line);
    }
    let rounds = shell.cluster().most_rounds();
    assert!(
        rounds < crate::engine::MAX_ROUNDS / 2,
        "a command took {rounds} rounds to settle"
    );
    // The session did exercise the loop: a command that starts pods takes more than one round.
    assert!(rounds > 1, "{rounds}");
}

/// The same for every transcript: none of them comes near the bound.
#[test]
fn every_transcript_settles() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("the transcripts are there")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    crate::engine::order::sort(&mut entries);
    for path in entries {
        let text = std::fs::read_to_string(&path).expect("a transcript is readable");
        let mut shell = Shell::new(1);
        for line in text.lines() {
            if let Some(command) = super::command_on_prompt(line) {
                shell.exec(command);
            } else if line == ">" {
                shell.exec("");
            }
        }
        let rounds = shell.cluster().most_rounds();
        assert!(
            rounds < crate::engine::MAX_ROUNDS / 2,
            "{}: a command took {rounds} rounds to settle",
            path.display()
        );
    }
}

/// A settled Deployment's Available condition keeps its times while the clock runs, as the deployment controller
/// leaves an unchanged condition alone; only Progressing moves with progress.
#[test]
fn an_unchanged_available_condition_keeps_its_update_time() {
    let mut shell = Shell::new(1);
    shell.exec("kubectl apply -f deployment.yaml");
    shell.exec("sleep 10");
    let times = |shell: &Shell| {
        let deployments = shell.cluster().store().deployments();
        let d = deployments.values().next().expect("the deployment exists");
        let available = d.status.conditions.iter().find(|c| c.type_ == "Available");
        available.map(|c| (c.last_update, c.last_transition))
    };
    let settled = times(&shell).expect("Available is set");
    shell.exec("sleep 60");
    assert_eq!(times(&shell), Some(settled));
}

/// Lines built to hurt the bash subset and the new printers: none panics or floods the terminal, and the shell
/// still works after them. Hangs are the fuzz target's to find (its -timeout).
#[test]
fn hostile_lines_end_with_a_message() {
    let mut shell = Shell::new(1);
    let deep = format!("echo {}x{}", "$(echo ".repeat(20), ")".repeat(20));
    let lines = [
        deep.as_str(),
        "for i in $(seq 1 100000); do echo $i; done",
        "for i in $(seq 1 50); do for j in $(seq 1 50); do true; done; done",
        "echo \"unterminated",
        "echo $((1+2))",
        "for i in a b; do echo $i",
        "kubectl get pods -o jsonpath='{range .items[*]}{range .x}{end}'",
        "kubectl get pods -o jsonpath='{..a..b..c}'",
        "kubectl get pods -o go-template='{{range $i := until 100000000}}x{{end}}'",
        "kubectl get pods -o custom-columns=A:.a,B:.b[*].c[?(@.d==\"e\")]",
        "kubectl patch deployment x --type=json -p '[{\"op\":\"move\",\"from\":\"/a\",\"path\":\"/a/b\"}]'",
        "kubectl run x --image=busybox -it --rm --dry-run=client -- sh",
        "exit",
    ];
    for line in lines {
        let output = shell.exec(line);
        assert!(output.combined().len() < 1_000_000, "{line}");
    }
    assert_eq!(shell.exec("echo still here").combined(), "still here\n");
}
