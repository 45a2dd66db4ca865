//! Share links as anyone could craft them: the fragment after `#share=` and a `.kplay` file's JSON. Decoding must
//! never panic, and what decodes must replay (a few steps of it, to keep each input quick).
#![no_main]

use kplay::session::share::{decode, from_json};
use kplay::session::{MemoryStorage, Opening, Session};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for decoded in [decode(&text), from_json(data)] {
        if let Ok(mut snapshot) = decoded {
            snapshot.steps.truncate(8);
            snapshot.opening = Opening::Bare;
            let _ = Session::replayed(&snapshot, Box::new(MemoryStorage::default()));
        }
    }
});
