//! Lessons: steps a learner follows, each confirmed by the cluster's state rather than by what was typed. A lesson is
//! data (`static/lessons/<id>/lesson.yaml`, or an author's file): texts in English and Japanese, a starting state, and
//! per step instructions (Markdown), hints, a solution and checks, which are predicates the engine evaluates
//! (`checks.rs`). Loading never panics: a bad lesson is a `LoadError` that names its line.

pub mod checks;
mod checks_gateway;
mod checks_objects;
mod checks_traffic;
pub mod markdown;
pub mod run;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::i18n::Lang;
use crate::session::Opening;

pub use checks::{evaluate, Baseline, Check, Unmet};

/// A lesson larger than this is refused, so a pasted file cannot hang the page.
const MAX_BYTES: usize = 256 * 1024;

/// The built-in lessons, in the order the chooser lists them.
pub const BUILT_IN: [(&str, &str); 10] = [
    (
        "seed",
        include_str!("../../static/lessons/seed/lesson.yaml"),
    ),
    (
        "rolling-update",
        include_str!("../../static/lessons/rolling-update/lesson.yaml"),
    ),
    (
        "selector-typo",
        include_str!("../../static/lessons/selector-typo/lesson.yaml"),
    ),
    (
        "target-port",
        include_str!("../../static/lessons/target-port/lesson.yaml"),
    ),
    (
        "virtual-hosts",
        include_str!("../../static/lessons/virtual-hosts/lesson.yaml"),
    ),
    (
        "paths",
        include_str!("../../static/lessons/paths/lesson.yaml"),
    ),
    (
        "node-failure",
        include_str!("../../static/lessons/node-failure/lesson.yaml"),
    ),
    (
        "scaling",
        include_str!("../../static/lessons/scaling/lesson.yaml"),
    ),
    (
        "https",
        include_str!("../../static/lessons/https/lesson.yaml"),
    ),
    (
        "gateway-api",
        include_str!("../../static/lessons/gateway-api/lesson.yaml"),
    ),
];

/// A text in both languages the page speaks.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    pub en: String,
    pub ja: String,
}

impl Texts {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Ja => &self.ja,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    pub id: String,
    pub title: Texts,
    pub summary: Texts,
    /// Where the lesson begins: the seed tutorial's end state unless it says otherwise.
    #[serde(default)]
    pub start: Start,
    pub steps: Vec<Step>,
}

/// A state to begin from: an opening, a cluster size, files written and applied, and lines run.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Start {
    #[serde(default)]
    pub opening: Option<Opening>,
    #[serde(default)]
    pub workers: Option<u8>,
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    #[serde(default)]
    pub script: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub title: Texts,
    /// Instructions, in Markdown without HTML.
    pub text: Texts,
    /// Hints, shown one at a time.
    #[serde(default)]
    pub hints: Vec<Texts>,
    pub solution: Solution,
    /// Written as one-key maps (`- deployment: {...}`), not YAML tags.
    #[serde(with = "serde_yaml::with::singleton_map_recursive")]
    pub checks: Vec<Check>,
}

/// What doing a step takes: files written into the editors (and applied), then lines run in the terminal.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Solution {
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    #[serde(default)]
    pub run: Vec<String>,
}

/// Why a lesson could not be loaded, with the line (1-based) when the YAML says where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl LoadError {
    fn new(message: impl Into<String>) -> LoadError {
        LoadError {
            line: None,
            message: message.into(),
        }
    }
}

/// Reads a lesson: YAML in the format above, every check a known predicate with known fields, every text in both
/// languages, every Markdown text free of HTML, and no file outside the editors' three.
pub fn load(text: &str) -> Result<Lesson, LoadError> {
    if text.len() > MAX_BYTES {
        let message = format!(
            "the lesson is {} bytes; a lesson may be at most {MAX_BYTES}",
            text.len()
        );
        return Err(LoadError::new(message));
    }
    let lesson: Lesson = serde_yaml::from_str(text).map_err(|e| LoadError {
        line: e.location().map(|l| l.line()),
        // serde_yaml adds " at line L column C", which `line` already says.
        message: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_string(),
    })?;
    lesson.check().map_err(LoadError::new)?;
    Ok(lesson)
}

/// Where a link keeps a lesson: `#lesson=seed` for a built-in one, `#lesson=` and the packed YAML for an author's.
pub const FRAGMENT_KEY: &str = "lesson=";

/// The lesson a fragment's value names: a built-in one by id, else an author's packed into the link.
pub fn from_fragment(value: &str) -> Result<Lesson, LoadError> {
    if let Some(lesson) = built_in(value) {
        return Ok(lesson);
    }
    let bytes = crate::session::share::unpack(value).ok_or_else(|| {
        LoadError::new(format!(
            "{value:?} is neither a lesson of kplay's nor a lesson link"
        ))
    })?;
    load(&String::from_utf8_lossy(&bytes))
}

/// The fragment of a link that opens the lesson written in `text`.
pub fn to_fragment(text: &str) -> String {
    format!(
        "{FRAGMENT_KEY}{}",
        crate::session::share::pack(text.as_bytes())
    )
}

/// The built-in lesson called `id`.
pub fn built_in(id: &str) -> Option<Lesson> {
    BUILT_IN
        .iter()
        .find(|(name, _)| *name == id)
        .and_then(|(_, text)| load(text).ok())
}

impl Lesson {
    /// What serde's types do not say.
    fn check(&self) -> Result<(), String> {
        if self.steps.is_empty() {
            return Err("a lesson needs at least one step".to_string());
        }
        check_files(&self.start.files, "start")?;
        for step in &self.steps {
            let at = format!("step {:?}", step.id);
            if step.checks.is_empty() {
                return Err(format!("{at}: a step needs at least one check"));
            }
            check_files(&step.solution.files, &at)?;
            for text in [&step.text.en, &step.text.ja] {
                markdown::check(text).map_err(|e| format!("{at}: {e}"))?;
            }
            for check in &step.checks {
                check.check().map_err(|e| format!("{at}: {e}"))?;
            }
        }
        Ok(())
    }
}

fn check_files(files: &BTreeMap<String, String>, at: &str) -> Result<(), String> {
    match files
        .keys()
        .find(|f| !crate::session::FILES.contains(&f.as_str()))
    {
        Some(file) => Err(format!(
            "{at}: {file:?} is not one of the editors' files ({})",
            crate::session::FILES.join(", ")
        )),
        None => Ok(()),
    }
}
