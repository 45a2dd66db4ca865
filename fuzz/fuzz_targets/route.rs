//! Requests through the cluster: any method, address, port, Host header and path, from outside, as the requests
//! panel sends them, into the tutorial's cluster (Traefik, an Ingress, a Service, three pods), with each hop's
//! explanation said in English and Japanese.
#![no_main]

use std::cell::RefCell;

use kplay::shell::Shell;
use libfuzzer_sys::fuzz_target;

thread_local! {
    static SEEDED: RefCell<Shell> = RefCell::new(Shell::at_tutorial_end(1, 20_000));
}

/// Addresses that lead somewhere, so most inputs go past the first hop.
const ADDRESSES: [&str; 6] = ["192.168.0.11", "192.168.0.12", "192.168.0.10", "10.96.0.1", "10.244.1.2", "nginx-service"];

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let text = String::from_utf8_lossy(&data[3..]);
    let mut fields = text.splitn(3, '\n');
    let (method, host, path) = (
        fields.next().unwrap_or("GET"),
        fields.next().unwrap_or(""),
        fields.next().unwrap_or("/"),
    );
    let address = ADDRESSES[usize::from(data[0]) % ADDRESSES.len()];
    let port = u16::from_le_bytes([data[1], data[2]]);
    let port = if port % 4 == 0 { 80 } else { port };
    SEEDED.with(|s| {
        let mut shell = s.borrow_mut();
        if let Some(trace) = shell.send(method, address, port, host, path) {
            assert!(!trace.hops.is_empty(), "a trace without hops");
            let summary = kplay::scene::RequestSummary::of(shell.cluster(), &trace);
            // Every explanation, said in both languages, as the requests panel says it.
            for lang in kplay::i18n::Lang::ALL {
                for hop in &trace.hops {
                    assert!(!kplay::i18n::explain(lang, &hop.why).is_empty(), "an empty explanation");
                }
                if let Some(reason) = &summary.reason {
                    let _ = kplay::i18n::explain(lang, reason);
                }
            }
        }
    });
});
