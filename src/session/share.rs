//! Share links: what the learner did since the opening state, as a payload a URL fragment can carry. The session
//! records each step that changed the cluster (a terminal line, an editor's apply, time passing, requests sent);
//! replaying them on the same opening gives the same cluster, pod names and terminal. The payload is JSON, deflated
//! (miniz_oxide) and written in base64url, with a version so a newer kplay's link is recognised and refused kindly.

use std::collections::BTreeMap;

use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::engine::Millis;
use crate::session::Opening;

/// The payload's version; a link with a higher one was made by a newer kplay.
pub const VERSION: u32 = 1;
/// Where a share link keeps its payload: `#share=...`.
pub const FRAGMENT_KEY: &str = "share=";
/// Links longer than this are offered as a `.kplay` file instead, as some chat tools and browsers cut long URLs.
pub const MAX_LINK_CHARS: usize = 8_000;
/// Payloads larger than this (decoded) are refused, so a crafted link cannot exhaust memory.
const MAX_DECODED_BYTES: usize = 4 * 1024 * 1024;
/// A replay runs at most this many steps.
pub const MAX_STEPS: usize = 20_000;
/// The most virtual time one step of a replay lets pass (30 days), so a crafted link cannot run the clock forever.
const MAX_TIME_STEP: Millis = 30 * 24 * 3_600_000;

/// One thing the learner did that changed the cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Step {
    /// A line typed in the terminal (a here-document's lines too).
    Line(String),
    /// An editor's file applied, with the text it had.
    Apply { file: String, text: String },
    /// Virtual time passing (ticks of the clock and Steps, added up).
    Time(Millis),
    /// Requests sent from the requests panel.
    Fire {
        method: String,
        address: String,
        port: u16,
        host: String,
        path: String,
        count: u32,
    },
    /// Ctrl+C in the terminal.
    Interrupt,
}

/// Everything a link needs to show what the learner saw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    pub version: u32,
    pub opening: Opening,
    pub seed: u64,
    pub workers: u8,
    pub steps: Vec<Step>,
    /// The editors' text now, applied or not.
    pub files: BTreeMap<String, String>,
    /// The editor tab that was open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tab: Option<String>,
}

/// Time a starting state runs after its files and lines (and a lesson after each earlier step's solution), so it
/// opens on a settled cluster.
pub const SETTLE_MILLIS: Millis = 30_000;

impl Snapshot {
    /// A session that opens on `opening` with `workers` workers and has done nothing yet.
    pub fn opening(opening: Opening, workers: u8) -> Snapshot {
        Snapshot {
            version: VERSION,
            opening,
            seed: crate::session::SEED,
            workers: workers.clamp(1, 10),
            steps: Vec::new(),
            files: BTreeMap::new(),
            tab: None,
        }
    }
}

/// Files written into their editors and applied (in the editors' order), then lines run: as a learner does them.
pub fn steps_of(files: &BTreeMap<String, String>, lines: &[String]) -> Vec<Step> {
    let applied = crate::session::FILES.iter().filter_map(|name| {
        let text = files.get(*name)?;
        Some(Step::Apply {
            file: name.to_string(),
            text: text.clone(),
        })
    });
    applied
        .chain(lines.iter().cloned().map(Step::Line))
        .collect()
}

/// A starting state's steps (an embed's, a lesson's): `steps_of`, then time to settle when there is anything.
pub fn start_steps(files: &BTreeMap<String, String>, lines: &[String]) -> Vec<Step> {
    let mut steps = steps_of(files, lines);
    if !steps.is_empty() {
        steps.push(Step::Time(SETTLE_MILLIS));
    }
    steps
}

/// Why a link could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// Made by a newer kplay, whose payload this one cannot read.
    Newer(u32),
    /// Cut, altered or not a kplay link at all.
    Broken,
}

/// The payload as it goes after `#share=`.
pub fn encode(snapshot: &Snapshot) -> String {
    pack(&serde_json::to_vec(snapshot).unwrap_or_default())
}

/// A payload read back; never panics, whatever the text.
pub fn decode(payload: &str) -> Result<Snapshot, ShareError> {
    from_json(&unpack(payload).ok_or(ShareError::Broken)?)
}

/// Bytes as a URL fragment carries them: deflated, in base64url. Share links and lesson links use it.
pub fn pack(bytes: &[u8]) -> String {
    let deflated = miniz_oxide::deflate::compress_to_vec(bytes, 9);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(deflated)
}

/// What `pack` wrote, or None for anything else (at most 4 MiB once inflated).
pub fn unpack(payload: &str) -> Option<Vec<u8>> {
    let deflated = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim().trim_end_matches('='))
        .ok()?;
    miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_DECODED_BYTES).ok()
}

/// A `.kplay` file (the snapshot's JSON) read back. The version is read first, so a newer payload with fields this
/// kplay does not know is named as newer; the JSON goes through a `Value`, as manifests do, so the page carries one
/// JSON reader.
pub fn from_json(json: &[u8]) -> Result<Snapshot, ShareError> {
    let text = std::str::from_utf8(json).map_err(|_| ShareError::Broken)?;
    let value: serde_json::Value = serde_json::from_str(text).map_err(|_| ShareError::Broken)?;
    let version = value
        .get("version")
        .and_then(serde_json::Value::as_u64)
        .ok_or(ShareError::Broken)?;
    if version > u64::from(VERSION) {
        return Err(ShareError::Newer(
            u32::try_from(version).unwrap_or(u32::MAX),
        ));
    }
    let snapshot: Snapshot =
        crate::engine::json::from_value(value).map_err(|_| ShareError::Broken)?;
    if snapshot.steps.len() > MAX_STEPS || !(1..=10).contains(&snapshot.workers) {
        return Err(ShareError::Broken);
    }
    Ok(snapshot)
}

/// The snapshot as a `.kplay` file's text.
pub fn to_json(snapshot: &Snapshot) -> String {
    serde_json::to_string_pretty(snapshot).unwrap_or_default()
}

/// The payload of a URL fragment (`#share=...`), if it carries one.
pub fn in_fragment(fragment: &str) -> Option<&str> {
    fragment.trim_start_matches('#').strip_prefix(FRAGMENT_KEY)
}

/// Adds a step, folding time into the time just before it so a clock running for minutes is one step.
pub(super) fn record(steps: &mut Vec<Step>, step: Step) {
    if steps.len() >= MAX_STEPS {
        return;
    }
    match (steps.last_mut(), &step) {
        (Some(Step::Time(before)), Step::Time(more)) => *before = before.saturating_add(*more),
        _ => steps.push(step),
    }
}

impl crate::session::Session {
    /// What a link needs to rebuild this session, with the editor tab that is open.
    pub fn snapshot(&self, tab: Option<&str>) -> Snapshot {
        Snapshot {
            version: VERSION,
            opening: self.opening,
            seed: self.seed,
            workers: self.workers,
            steps: self.steps.clone(),
            files: crate::engine::order::map_from(
                self.editor_files()
                    .iter()
                    .filter_map(|f| Some((f.to_string(), self.shell.files().get(*f)?.clone()))),
            ),
            tab: tab.map(str::to_string),
        }
    }

    /// The session a link describes: its opening, then each step again, then the editors' text as it was.
    pub fn replayed(
        snapshot: &Snapshot,
        storage: Box<dyn crate::session::Storage>,
    ) -> crate::session::Session {
        let mut session = crate::session::Session::starting(
            snapshot.opening,
            snapshot.seed,
            snapshot.workers,
            storage,
        );
        for step in &snapshot.steps {
            session.replay(step);
        }
        for (file, text) in &snapshot.files {
            if crate::session::FILES.contains(&file.as_str())
                || file == crate::session::GATEWAY_FILE
            {
                session.shell.write_file(file, text);
            }
        }
        session.tab.clone_from(&snapshot.tab);
        session
    }

    /// One step again, shown in the terminal as it was the first time but kept out of this learner's history.
    fn replay(&mut self, step: &Step) {
        use crate::session::{Action, Fire, Record};
        match step {
            Step::Line(line) => {
                record(&mut self.steps, step.clone());
                self.run(line, Record::ShowOnly);
            }
            Step::Apply { file, text } => {
                self.shell.write_file(file, text);
                let found = self.apply(file);
                self.diagnostics.insert(file.clone(), found);
            }
            Step::Time(millis) => self.act(Action::Tick((*millis).min(MAX_TIME_STEP))),
            Step::Fire {
                method,
                address,
                port,
                host,
                path,
                count,
            } => self.fire(&Fire {
                method: method.clone(),
                target: crate::scene::Target {
                    label: String::new(),
                    address: address.clone(),
                    port: *port,
                },
                host: host.clone(),
                path: path.clone(),
                count: (*count).min(1_000),
            }),
            Step::Interrupt => self.act(Action::Interrupt),
        }
    }

    /// Replaces the session with the one a link or file describes, keeping this learner's storage and history.
    pub(super) fn load(&mut self, snapshot: &Snapshot) {
        let storage = std::mem::replace(
            &mut self.storage,
            Box::new(crate::session::MemoryStorage::default()),
        );
        let history = std::mem::take(&mut self.history);
        let (terminal_version, flights_version) = (self.terminal_version, self.flights_version);
        *self = crate::session::Session::replayed(snapshot, storage);
        self.history = history;
        self.terminal_version += terminal_version + 1;
        self.flights_version += flights_version + 1;
    }
}
