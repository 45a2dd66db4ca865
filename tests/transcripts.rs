//! Transcript tests: each `tests/transcripts/*.txt` is a session of kplay's shell, `$ <line>` followed by what the line
//! prints (`> <line>` for the lines of a here-document). The commands are fed to `kplay run`, and its transcript must match the file, where `[..]` matches any text
//! within a line and a line of `...` matches any lines. Refresh expectations with `SNAPSHOTS=overwrite cargo test`.
//!
//! Cases under `known-failures/` record known bugs: they must still differ from the file, so fixing one is noticed.

use std::fs;
use std::path::{Path, PathBuf};

use snapbox::cmd::Command;
use snapbox::{Assert, Data};

fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    cases.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    kplay::engine::order::sort(&mut cases);
    cases
}

/// The commands of a transcript: its prompt lines, and the `> ` lines that continue a here-document.
fn script(transcript: &str) -> String {
    transcript
        .lines()
        .filter_map(kplay::shell::command_on_prompt)
        .map(|line| format!("{line}\n"))
        .collect()
}

fn run(path: &Path) -> String {
    let transcript = fs::read_to_string(path).expect("transcript is readable");
    let output = Command::new(snapbox::cmd::cargo_bin!("kplay"))
        .args(["run", "-"])
        .stdin(script(&transcript))
        .assert()
        .success()
        .get_output()
        .clone();
    String::from_utf8(output.stdout).expect("transcripts are UTF-8")
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts")
}

#[test]
fn transcripts_match() {
    let cases = cases(&root());
    assert!(
        !cases.is_empty(),
        "no transcripts found in {}",
        root().display()
    );
    // Transcripts hold backslashes (`\n` in curl -w formats) that must not be read as Windows paths.
    let assert = Assert::new().action_env("SNAPSHOTS").normalize_paths(false);
    let mut failures = Vec::new();
    for path in &cases {
        let actual = run(path);
        if let Err(error) = assert.try_eq(
            Some(&path.display()),
            actual.into(),
            Data::read_from(path, None),
        ) {
            failures.push(error.to_string());
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} transcripts differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    println!("{} transcripts matched", cases.len());
}

#[test]
fn known_failures_still_fail() {
    for path in cases(&root().join("known-failures")) {
        let actual = run(&path);
        let matched = Assert::new().normalize_paths(false).try_eq(
            Some(&path.display()),
            actual.into(),
            Data::read_from(&path, None),
        );
        assert!(
            matched.is_err(),
            "{} now passes: move it out of known-failures/",
            path.display()
        );
    }
}
