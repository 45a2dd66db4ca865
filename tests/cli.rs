//! The native CLI as a script author uses it: `kplay run` on a file or standard input.

use snapbox::cmd::Command;

fn run(args: &[&str], stdin: &str) -> String {
    let output = Command::new(snapbox::cmd::cargo_bin!("kplay"))
        .args(args)
        .stdin(stdin.to_string())
        .assert()
        .success()
        .get_output()
        .clone();
    String::from_utf8(output.stdout).expect("output is UTF-8")
}

/// The rows of the table that follows the `$ <command>` line.
fn table_after<'a>(transcript: &'a str, command: &str) -> Vec<&'a str> {
    transcript
        .lines()
        .skip_while(|line| *line != format!("$ {command}"))
        .skip(1)
        .take_while(|line| !line.starts_with("$ "))
        .collect()
}

#[test]
fn applying_the_seed_deployment_lists_three_pods() {
    let transcript = run(
        &["run", "-"],
        "kubectl apply -f deployment.yaml\nsleep 10\nkubectl get pods\n",
    );
    assert!(transcript.contains(
        "$ kubectl apply -f deployment.yaml\ndeployment.apps/nginx-deployment created\n"
    ));
    let table = table_after(&transcript, "kubectl get pods");
    assert_eq!(
        table[0].split_whitespace().collect::<Vec<_>>(),
        ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    );
    let pods = &table[1..];
    assert_eq!(pods.len(), 3, "{transcript}");
    for row in pods {
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert!(cells[0].starts_with("nginx-deployment-"), "{row}");
        assert_eq!(&cells[1..], ["1/1", "Running", "0", "10s"], "{row}");
    }
}

#[test]
fn a_script_file_runs_like_standard_input() {
    let dir = std::env::temp_dir().join(format!("kplay-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("script.sh");
    std::fs::write(
        &path,
        "# comments are shown, blank lines skipped\n\nkubectl apply -f service.yaml\n",
    )
    .expect("write");
    let from_file = run(&["run", path.to_str().expect("utf-8 path")], "");
    let from_stdin = run(
        &["run", "-"],
        "# comments are shown, blank lines skipped\nkubectl apply -f service.yaml\n",
    );
    assert_eq!(from_file, from_stdin);
    assert_eq!(
        from_file,
        "$ # comments are shown, blank lines skipped\n$ kubectl apply -f service.yaml\nservice/nginx-service created\n"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn the_same_seed_gives_the_same_names_and_another_seed_other_names() {
    let script = "kubectl apply -f deployment.yaml\nkubectl get pods -o name\n";
    let a = run(&["run", "--seed", "7", "-"], script);
    let b = run(&["run", "--seed", "7", "-"], script);
    let c = run(&["run", "--seed", "8", "-"], script);
    assert_eq!(a, b);
    assert_ne!(a, c);
    // The ReplicaSet name comes from the pod template, not the seed.
    let rs = |t: &str| {
        t.lines()
            .nth(3)
            .and_then(|l| l.rsplit_once('-'))
            .map(|(rs, _)| rs.to_string())
    };
    assert_eq!(rs(&a), rs(&c));
}

#[test]
fn usage_errors_exit_with_status_2() {
    Command::new(snapbox::cmd::cargo_bin!("kplay"))
        .assert()
        .code(2);
    Command::new(snapbox::cmd::cargo_bin!("kplay"))
        .args(["run", "--seed", "x"])
        .assert()
        .code(2);
    Command::new(snapbox::cmd::cargo_bin!("kplay"))
        .args(["run", "/no/such/script"])
        .assert()
        .code(1);
}

#[test]
fn a_script_that_is_not_utf8_is_refused_with_a_message() {
    Command::new(snapbox::cmd::cargo_bin!("kplay"))
        .args(["run", "-"])
        .stdin(b"kubectl get pods\n\xff\xfe garbage\n".to_vec())
        .assert()
        .code(1)
        .stderr_eq("kplay: cannot read standard input: stream did not contain valid UTF-8\n");
}

#[test]
fn kplay_share_prints_a_link_that_replays_the_script() {
    use kplay::session::{share, MemoryStorage, Session};
    let output = Command::new(snapbox::cmd::cargo_bin!("kplay"))
        .args(["share", "-"])
        .stdin(b"# scale it\nkubectl scale deployment nginx-deployment --replicas=5\n".to_vec())
        .output()
        .expect("kplay share runs");
    assert!(output.status.success());
    let link = String::from_utf8(output.stdout).expect("utf-8");
    let payload = share::in_fragment(link.trim()).expect("a #share= fragment");
    let snapshot = share::decode(payload).expect("a payload this kplay reads");
    let session = Session::replayed(&snapshot, Box::new(MemoryStorage::default()));
    let pods = session.shell.cluster().store().pods();
    assert_eq!(
        pods.keys()
            .filter(|k| k.starts_with("default/nginx-deployment-"))
            .count(),
        5
    );
    Command::new(snapbox::cmd::cargo_bin!("kplay"))
        .args(["share", "--bare", "a", "b"])
        .assert()
        .code(2);
}

/// The example of docs/lessons.md, as the page documents it.
fn documented_lesson() -> String {
    let docs = std::fs::read_to_string("docs/lessons.md").expect("docs/lessons.md");
    let start = docs.find("```yaml\nid: scale").expect("the example") + "```yaml\n".len();
    let end = docs.find("\n```\n\n(The last check").expect("its end");
    docs[start..=end].to_string()
}

#[test]
fn kplay_lesson_check_reports_the_documented_example_as_documented() {
    let dir = std::env::temp_dir().join(format!("kplay-lesson-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    std::fs::write(dir.join("lesson.yaml"), documented_lesson()).expect("written");
    Command::new(snapbox::cmd::cargo_bin!("kplay"))
        .args(["lesson", "check", &dir.to_string_lossy()])
        .assert()
        .code(1)
        .stdout_eq("step create: ok\nstep scale: FAILED\n  check 2 does not hold after the solution: service/web does not exist yet\n");
    let fixed = documented_lesson().replace("      - endpoints: {service: web, ready: 5}   # fails: there is no Service; a check that cannot pass is an error too\n", "");
    std::fs::write(dir.join("lesson.yaml"), fixed).expect("written");
    Command::new(snapbox::cmd::cargo_bin!("kplay"))
        .args(["lesson", "check", &dir.to_string_lossy()])
        .assert()
        .success();
    Command::new(snapbox::cmd::cargo_bin!("kplay"))
        .args(["lesson", "check", "static/lessons/seed"])
        .assert()
        .success();
    std::fs::write(
        dir.join("lesson.yaml"),
        documented_lesson().replace("- deployment:", "- deploymnt:"),
    )
    .expect("written");
    let output = Command::new(snapbox::cmd::cargo_bin!("kplay"))
        .args(["lesson", "check", &dir.to_string_lossy()])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("lesson.yaml:33: steps[0].checks[0]: unknown variant `deploymnt`"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
