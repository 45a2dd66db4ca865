//! The embed page as plain data: its options, read from its URL fragment (`embed.html#tab=service.yaml&readonly`),
//! and the messages of its postMessage API, version 1. The page's side (`ui::embed`) only moves them in and out of
//! the browser, so everything here is tested natively. `docs/embedding.md` documents both for authors.
//!
//! Options become a `Snapshot`, the share payload: the opening, the files applied and the startup script's lines as
//! steps. The embed starts by replaying it, resets to it, and its "Open in kplay" link carries the session's own.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{json, Value};

use crate::i18n::Lang;
use crate::session::share::{self, Snapshot};
use crate::session::{Opening, FILES};

/// The API's version: every message carries it as `kplay`, and a message with another is refused.
pub const API_VERSION: u64 = 1;
/// The longest shell line or file a host may send, in characters, as the editors would take a huge paste.
const MAX_TEXT: usize = 1024 * 1024;
/// The most requests one message may send, as the requests panel allows.
const MAX_COUNT: u32 = 1_000;

/// Which parts of the page an embed shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panels {
    pub editors: bool,
    pub terminal: bool,
    pub topology: bool,
    pub requests: bool,
}

impl Default for Panels {
    fn default() -> Panels {
        Panels {
            editors: true,
            terminal: true,
            topology: true,
            requests: true,
        }
    }
}

/// What an embed's fragment asks for. Never fails: what it cannot read is listed in `problems`, and the embed
/// reports those to the host as errors and opens with the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct EmbedOptions {
    pub panels: Panels,
    pub read_only: bool,
    pub lang: Option<Lang>,
    /// The frame's height in CSS pixels; without it the embed asks for its content's height.
    pub height: Option<u32>,
    /// Keep the files and history in this browser's storage under this name; without it, in memory only.
    pub persist: Option<String>,
    /// The origins whose messages are taken (and to which events go); empty: any.
    pub origins: Vec<String>,
    /// A lesson to open: a built-in one's id, or a lesson link's packed YAML (`lesson::from_fragment`).
    pub lesson: Option<String>,
    /// The session it opens with, and Reset returns to.
    pub start: Snapshot,
    pub problems: Vec<String>,
}

/// The options of a fragment such as `#panels=terminal,topology&tab=service.yaml&script=kubectl%20get%20pods`.
pub fn options(fragment: &str) -> EmbedOptions {
    let mut options = EmbedOptions {
        panels: Panels::default(),
        read_only: false,
        lang: None,
        height: None,
        persist: None,
        origins: Vec::new(),
        lesson: None,
        start: Snapshot::opening(Opening::Seed, 2),
        problems: Vec::new(),
    };
    let mut files = BTreeMap::new();
    let mut script = Vec::new();
    let mut tab = None;
    for (key, value) in pairs(fragment) {
        if let Err(problem) = options.take(&key, &value, &mut files, &mut script, &mut tab) {
            options.problems.push(problem);
        }
    }
    options
        .start
        .steps
        .extend(share::start_steps(&files, &script));
    options.start.files.extend(files);
    options.start.tab = tab.or(options.start.tab.take());
    options
}

/// The fragment's `key=value` pairs, decoded as a form is (`%20` and `+` are spaces), so both a hand-written
/// fragment and one made by `URLSearchParams` read as meant.
fn pairs(fragment: &str) -> impl Iterator<Item = (String, String)> + '_ {
    form_urlencoded::parse(fragment.trim_start_matches('#').as_bytes())
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
}

impl EmbedOptions {
    /// Takes one option, or says why it cannot.
    fn take(
        &mut self,
        key: &str,
        value: &str,
        files: &mut BTreeMap<String, String>,
        script: &mut Vec<String>,
        tab: &mut Option<String>,
    ) -> Result<(), String> {
        match key {
            "panels" => self.panels = panels(value)?,
            "tab" if FILES.contains(&value) => *tab = Some(value.to_string()),
            "readonly" => self.read_only = flag(key, value)?,
            "lang" => {
                self.lang =
                    Some(Lang::from_code(value).ok_or(format!("lang: {value:?} is not en or ja"))?)
            }
            "height" => self.height = Some(number(key, value, 120..=4_000)?),
            "workers" => self.start.workers = number(key, value, 1..=10)?,
            "persist" => {
                self.persist = Some(if value.is_empty() {
                    "default".to_string()
                } else {
                    value.to_string()
                })
            }
            "origin" => self.origins.extend(
                value
                    .split(',')
                    .map(|o| o.trim().to_string())
                    .filter(|o| !o.is_empty()),
            ),
            "opening" => self.start = Snapshot::opening(opening(value)?, self.start.workers),
            "lesson" => self.lesson = Some(value.to_string()),
            "share" => self.start = share::decode(value).map_err(|e| format!("share: {e:?}"))?,
            "script" => script.extend(
                value
                    .lines()
                    .map(str::to_string)
                    .filter(|l| !l.trim().is_empty()),
            ),
            file if FILES.contains(&file) => {
                files.insert(file.to_string(), value.to_string());
            }
            _ => return Err(format!("unknown option {key:?}")),
        }
        Ok(())
    }
}

fn panels(value: &str) -> Result<Panels, String> {
    let mut panels = Panels {
        editors: false,
        terminal: false,
        topology: false,
        requests: false,
    };
    for name in value.split(',').map(str::trim) {
        match name {
            "editors" => panels.editors = true,
            "terminal" => panels.terminal = true,
            "topology" => panels.topology = true,
            "requests" => panels.requests = true,
            other => {
                return Err(format!(
                    "panels: unknown panel {other:?} (editors, terminal, topology, requests)"
                ))
            }
        }
    }
    Ok(panels)
}

fn opening(value: &str) -> Result<Opening, String> {
    match value {
        "seed" => Ok(Opening::Seed),
        "bare" => Ok(Opening::Bare),
        other => Err(format!("opening: {other:?} is not seed or bare")),
    }
}

/// `readonly`, `readonly=1`, `readonly=true`; `0` and `false` turn it off.
fn flag(key: &str, value: &str) -> Result<bool, String> {
    match value {
        "" | "1" | "true" => Ok(true),
        "0" | "false" => Ok(false),
        other => Err(format!("{key}: {other:?} is not true or false")),
    }
}

fn number<T: TryFrom<u64> + Copy>(
    key: &str,
    value: &str,
    range: std::ops::RangeInclusive<u64>,
) -> Result<T, String> {
    value
        .parse::<u64>()
        .ok()
        .filter(|n| range.contains(n))
        .and_then(|n| T::try_from(n).ok())
        .ok_or(format!(
            "{key}: {value:?} is not a number from {} to {}",
            range.start(),
            range.end()
        ))
}

/// Whether a message from `origin` is taken: any, unless the embed names the origins it takes.
pub fn allowed(origins: &[String], origin: &str) -> bool {
    origins.is_empty() || origins.iter().any(|o| o == origin)
}

/// What a host page asks, once its message is read. Hosts write the variant as a `type` field beside its fields;
/// `incoming` moves it out to the one-key form (`{"run": {"line": ...}}`) before reading, which saves serde's
/// buffering of tagged content (about 5 KB of gzip wasm) and says the same things of a bad message.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum HostMessage {
    /// Replace the editors' text (and apply each file, unless `apply` is false).
    #[serde(rename_all = "camelCase")]
    SetFiles {
        files: BTreeMap<String, String>,
        #[serde(default = "yes")]
        apply: bool,
    },
    /// Run one line in the terminal.
    Run {
        line: String,
    },
    /// Send requests from outside, as the requests panel does. Without an address, to the first worker on port 80.
    Request {
        #[serde(default)]
        address: Option<String>,
        #[serde(default)]
        port: Option<u16>,
        #[serde(default)]
        host: Option<String>,
        #[serde(default)]
        path: Option<String>,
        #[serde(default)]
        method: Option<String>,
        #[serde(default)]
        count: Option<u32>,
    },
    /// Back to the embed's opening state.
    Reset {},
    /// Open a lesson: a built-in one's id, or a lesson's YAML.
    OpenLesson {
        lesson: String,
    },
    SetLanguage {
        lang: String,
    },
}

fn yes() -> bool {
    true
}

/// A message read from the host.
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    /// Not a kplay message (no `kplay` field): another script's, left alone.
    NotOurs,
    /// A kplay message that cannot be taken: the reply says why, and nothing changes.
    Refused {
        id: Value,
        error: String,
    },
    Take {
        id: Value,
        message: HostMessage,
    },
}

/// Reads a message's data (as JSON text). A message is an object with `kplay: 1`, a `type`, the type's fields and,
/// optionally, an `id` the replies carry back.
pub fn incoming(json: &str) -> Incoming {
    let Ok(Value::Object(mut object)) = serde_json::from_str::<Value>(json) else {
        return Incoming::NotOurs;
    };
    let Some(version) = object.remove("kplay") else {
        return Incoming::NotOurs;
    };
    let id = object.remove("id").unwrap_or(Value::Null);
    if version.as_u64() != Some(API_VERSION) {
        let error =
            format!("unsupported API version {version}: this kplay speaks version {API_VERSION}");
        return Incoming::Refused { id, error };
    }
    let Some(kind) = object.remove("type") else {
        let error = "missing field `type`".to_string();
        return Incoming::Refused { id, error };
    };
    let tagged = match kind {
        Value::String(name) => {
            let mut tagged = serde_json::Map::new();
            tagged.insert(name, Value::Object(object));
            Value::Object(tagged)
        }
        other => {
            let error = format!("invalid type: {other}, expected the message's type as a string");
            return Incoming::Refused { id, error };
        }
    };
    match crate::engine::json::from_value::<HostMessage>(tagged) {
        Ok(message) => match message.check() {
            Ok(()) => Incoming::Take { id, message },
            Err(error) => Incoming::Refused { id, error },
        },
        Err(error) => Incoming::Refused {
            id,
            error: error.to_string(),
        },
    }
}

impl HostMessage {
    /// What the types alone do not say: known files, known languages, sizes within bounds.
    fn check(&self) -> Result<(), String> {
        match self {
            HostMessage::SetFiles { files, .. } => {
                if let Some(file) = files.keys().find(|f| !FILES.contains(&f.as_str())) {
                    return Err(format!(
                        "unknown file {file:?}: the files are {}",
                        FILES.join(", ")
                    ));
                }
                if files.values().any(|text| text.len() > MAX_TEXT) {
                    return Err(format!("a file is longer than {MAX_TEXT} bytes"));
                }
            }
            HostMessage::Run { line } | HostMessage::OpenLesson { lesson: line }
                if line.len() > MAX_TEXT =>
            {
                return Err(format!("the text is longer than {MAX_TEXT} bytes"));
            }
            HostMessage::Request {
                count: Some(count), ..
            } if !(1..=MAX_COUNT).contains(count) => {
                return Err(format!("count must be from 1 to {MAX_COUNT}"));
            }
            HostMessage::SetLanguage { lang } if Lang::from_code(lang).is_none() => {
                return Err(format!("unknown language {lang:?}: en or ja"));
            }
            _ => {}
        }
        Ok(())
    }
}

/// An event or reply for the host: `{"kplay": 1, "type": ..., ...fields}`.
pub fn event(kind: &str, fields: Value) -> Value {
    let mut event = json!({ "kplay": API_VERSION, "type": kind });
    if let (Value::Object(event), Value::Object(fields)) = (&mut event, fields) {
        event.extend(fields);
    }
    event
}

#[cfg(test)]
#[path = "embed_tests.rs"]
mod tests;
