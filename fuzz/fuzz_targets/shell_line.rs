//! Lines typed into the terminal: the bit of bash, kubectl's arguments, curl's, openssl's, kplay's. Up to four
//! lines, so here-documents and commands that depend on one another are reached.
#![no_main]

use std::cell::RefCell;

use kplay::shell::Shell;
use libfuzzer_sys::fuzz_target;

thread_local! {
    static SEEDED: RefCell<Shell> = RefCell::new(Shell::at_tutorial_end(1, 20_000));
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut shell = SEEDED.with(|s| s.borrow().clone());
    for line in text.lines().take(4) {
        let _ = shell.exec(line);
    }
    let _ = kplay::shell::complete::complete(&shell, &text);
    let _ = kplay::scene::layout(shell.cluster());
});
