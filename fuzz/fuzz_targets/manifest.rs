//! A manifest pasted into an editor: parse, strict schema check, validate, apply, and let the controllers run.
//! Any panic is a bug: bad input must become diagnostics.
#![no_main]

use std::cell::RefCell;

use kplay::shell::Shell;
use libfuzzer_sys::fuzz_target;

thread_local! {
    /// A cluster with the tutorial applied, so new manifests also update and conflict with stored objects.
    static SEEDED: RefCell<Shell> = RefCell::new(Shell::at_tutorial_end(1, 20_000));
}

fuzz_target!(|data: &[u8]| {
    // The editor only ever holds text; invalid UTF-8 is checked by the bad-input tests on the CLI's read path.
    let text = String::from_utf8_lossy(data);
    let mut shell = SEEDED.with(|s| s.borrow().clone());
    shell.write_file("deployment.yaml", &text);
    let applied = shell.apply_file("deployment.yaml");
    for d in &applied.diagnostics {
        assert!(d.line >= 1, "a diagnostic points before the file: {d:?}");
    }
    shell.advance(10_000);
    let _ = kplay::scene::layout(shell.cluster());
});
