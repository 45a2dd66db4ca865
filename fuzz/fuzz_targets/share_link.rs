//! Share links as anyone could craft them: the fragment after `#share=` and a `.kplay` file's JSON. Decoding must
//! never panic, and what decodes must replay (a few steps of it, to keep each input quick). The embed page's
//! fragment options and host messages come from other sites too, and lessons from authors, so the same input is
//! read as those.
#![no_main]

use kplay::session::embed;
use kplay::session::share::{decode, from_json};
use kplay::session::{MemoryStorage, Opening, Session};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = embed::incoming(&text);
    // An author's lesson: a file dropped on the page, or a lesson link's payload.
    if let Ok(lesson) = kplay::lesson::load(&text) {
        let _ = kplay::lesson::run::snapshot_before(&lesson, lesson.steps.len());
    }
    let _ = kplay::lesson::from_fragment(&text);
    let options = embed::options(&text);
    let mut start = options.start;
    start.steps.truncate(8);
    let _ = Session::embedded(&start, Box::new(MemoryStorage::default()), false);
    for decoded in [decode(&text), from_json(data)] {
        if let Ok(mut snapshot) = decoded {
            snapshot.steps.truncate(8);
            snapshot.opening = Opening::Bare;
            let _ = Session::replayed(&snapshot, Box::new(MemoryStorage::default()));
        }
    }
});
