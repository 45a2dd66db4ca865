//! The page's session without the page: shell, terminal, history, requests sent, and the files it saves.

pub mod embed;
pub mod export;
mod history;
pub mod lessons;
pub mod share;
pub mod storage;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, VecDeque};

use crate::engine::manifest::Diagnostic;
use crate::engine::traffic::{Hop, HopObject};
use crate::engine::Millis;
use crate::scene::{RequestSummary, Target};
use crate::shell::{Output, Shell, Stream, CLEAR_SCREEN, OPENING};

pub use crate::session::history::HistoryWalk;
pub use crate::session::storage::{MemoryStorage, Prefixed, Storage, StorageError};

/// The seed the page's cluster starts from, so every learner sees the same names.
pub(crate) const SEED: u64 = 1;
/// Virtual time run after the opening script, so the page opens on a settled cluster.
const SETTLE_MILLIS: Millis = 20_000;
/// How much the terminal keeps, and how many requests and history lines are kept.
pub const TERMINAL_LINES: usize = 2_000;
pub const REQUESTS_KEPT: usize = 200;
pub const HISTORY_KEPT: usize = 200;
/// The longest Step waits for something to happen.
const STEP_MILLIS: Millis = 60_000;

/// The three files the editors show, in tab order.
pub const FILES: [&str; 3] = ["deployment.yaml", "service.yaml", "ingress.yaml"];

/// The file the page's "To Gateway API" button writes with `kplay ingress2gateway`; once it exists it has an editor
/// of its own after the three, and is saved and shared as they are.
pub const GATEWAY_FILE: &str = "gateway.yaml";

/// The terminal line the "To Gateway API" button runs.
pub const TO_GATEWAY: &str = "kplay ingress2gateway > gateway.yaml";

/// Where Reset goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Opening {
    /// The seed tutorial's end state: Traefik and the three files applied.
    Seed,
    /// A control plane and two workers with nothing on them.
    Bare,
}

/// One line of the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermLine {
    /// What was typed, with the prompt it was typed at.
    Input {
        prompt: String,
        line: String,
    },
    Out(String),
    Err(String),
}

/// A request the learner sent, with its path.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    pub id: u64,
    pub summary: RequestSummary,
    pub hops: Vec<Hop>,
}

/// A request on its way: the objects its hops went through, for the packet animation.
#[derive(Debug, Clone, PartialEq)]
pub struct Flight {
    pub objects: Vec<HopObject>,
    pub status: Option<u16>,
}

/// What the panels ask for.
#[derive(Debug, Clone, PartialEq)]
pub struct Fire {
    pub method: String,
    pub target: Target,
    pub host: String,
    pub path: String,
    pub count: u32,
}

/// What the learner does on the page.
#[derive(Debug, Clone)]
pub enum Action {
    /// The learner changed an editor's text; nothing is applied yet.
    Edit { file: String, text: String },
    /// Apply one file, as `kubectl apply -f` would.
    Apply { file: String },
    /// Let virtual time pass.
    Tick(Millis),
    /// Let time run to the next moment something happens (at most a minute).
    Step,
    /// One terminal line.
    Exec(String),
    /// Ctrl+C in the terminal: stops a running `kubectl get -w`.
    Interrupt,
    /// Open what a share link or a `.kplay` file holds, replacing the session.
    Load(Box<share::Snapshot>),
    /// Send requests from outside the cluster.
    Fire(Fire),
    /// Start over.
    Reset(Opening),
    /// A lesson's buttons.
    Lesson(lessons::LessonAction),
    /// Nothing to do here: the session changed outside `act` (`window.kplay.exec`), and the page redraws.
    Refresh,
}

/// Everything the page shows but the cluster does not hold. The UI's reducer forwards each `Action` to `act`, so
/// all of it runs, and is tested, natively.
#[derive(Debug)]
pub struct Session {
    pub shell: Shell,
    pub terminal: VecDeque<TermLine>,
    /// The number of the terminal's first line: how many lines have left its front (past the cap, or by `clear`),
    /// so each line keeps one number while it is shown and the page redraws only the lines that came and went.
    pub terminal_first: u64,
    /// Lines typed, oldest first.
    pub history: Vec<String>,
    /// Newest first.
    pub sent: VecDeque<Sent>,
    next_id: u64,
    /// Requests not yet drawn; the packet layer takes them.
    pub flights: Vec<Flight>,
    /// Whether saving failed (a full storage, or none at all); the page shows a banner then.
    pub storage_full: bool,
    /// Each file's problems from its last apply.
    pub diagnostics: BTreeMap<String, Vec<Diagnostic>>,
    /// Count changes to the terminal's lines and to the packets not yet drawn, so the terminal and the packet layer
    /// redraw only when theirs change (not on every tick of the clock).
    pub terminal_version: u64,
    pub flights_version: u64,
    storage: Box<dyn Storage>,
    /// Where the session began, and each step since that changed the cluster: what a share link replays.
    opening: Opening,
    seed: u64,
    workers: u8,
    steps: Vec<share::Step>,
    /// The editor tab a replayed link had open, for the page to open.
    pub tab: Option<String>,
    /// Why the link the page was opened with could not be replayed, for the page to say.
    pub link_error: Option<share::ShareError>,
    /// The lesson being followed, if any.
    pub lesson: Option<crate::lesson::run::Progress>,
    /// Why the lesson a link named could not be opened, for the page to say.
    pub lesson_error: Option<String>,
}

/// Whether a line run in the terminal joins the learner's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Record {
    /// Typed by the learner: Up finds it again, and it is saved.
    History,
    /// Run for the learner (the opening script): shown, but not theirs to recall.
    ShowOnly,
}

impl Session {
    /// A fresh session on `opening`, keeping what it saves in `storage` (nothing is read from it).
    pub fn new(opening: Opening, storage: Box<dyn Storage>) -> Session {
        Session::starting(opening, SEED, 2, storage)
    }

    /// A fresh session on `opening`, its cluster made from `seed` with `workers` workers.
    fn starting(opening: Opening, seed: u64, workers: u8, storage: Box<dyn Storage>) -> Session {
        let mut shell = Shell::with_workers(seed, workers);
        shell.set_interactive(true);
        let mut session = Session {
            shell,
            terminal: VecDeque::new(),
            terminal_first: 0,
            history: Vec::new(),
            sent: VecDeque::new(),
            next_id: 0,
            flights: Vec::new(),
            storage_full: false,
            diagnostics: BTreeMap::new(),
            terminal_version: 0,
            flights_version: 0,
            storage,
            opening,
            seed,
            workers,
            steps: Vec::new(),
            tab: None,
            link_error: None,
            lesson: None,
            lesson_error: None,
        };
        // The opening script shows in the terminal, as if the learner had typed the tutorial's commands, but is
        // not part of the learner's history.
        if opening == Opening::Seed {
            for line in OPENING {
                session.run(line, Record::ShowOnly);
            }
            session.shell.advance(SETTLE_MILLIS);
        }
        session
    }

    /// The session a page load starts: the seed's end state, then the learner's saved files and history.
    pub fn restored(storage: Box<dyn Storage>) -> Session {
        let mut session = Session::new(Opening::Seed, storage);
        session.restore_saved();
        session
    }

    /// An embed's session: its opening snapshot replayed, then, when it persists, what its storage saved.
    pub fn embedded(start: &share::Snapshot, storage: Box<dyn Storage>, persist: bool) -> Session {
        let mut session = Session::replayed(start, storage);
        if persist {
            session.restore_saved();
        }
        session
    }

    /// The saved history, and each saved file that differs from the editor's, applied.
    fn restore_saved(&mut self) {
        self.history = storage::load_history(self.storage.as_ref());
        for (file, text) in storage::load_files(self.storage.as_ref()) {
            if self.shell.files().get(&file) != Some(&text) {
                self.shell.write_file(&file, &text);
                self.shell.apply_file(&file);
                share::record(&mut self.steps, share::Step::Apply { file, text });
            }
        }
    }

    /// Where the session keeps what it saves.
    pub fn storage(&self) -> &dyn Storage {
        self.storage.as_ref()
    }

    /// What the reducer does with an action.
    pub fn act(&mut self, action: Action) {
        match action {
            Action::Edit { file, text } => {
                self.shell.write_file(&file, &text);
                self.save_files();
            }
            Action::Apply { file } => {
                let found = self.apply(&file);
                self.diagnostics.insert(file, found);
            }
            Action::Tick(millis) => {
                self.shell.advance(millis);
                share::record(&mut self.steps, share::Step::Time(millis));
                self.watch();
            }
            Action::Step => {
                let before = self.shell.cluster().now();
                self.shell.step(STEP_MILLIS);
                let passed = self.shell.cluster().now().saturating_sub(before);
                share::record(&mut self.steps, share::Step::Time(passed));
                self.watch();
            }
            Action::Exec(line) => {
                self.exec(&line);
            }
            Action::Interrupt => self.interrupt(),
            Action::Load(snapshot) => self.load(&snapshot),
            Action::Fire(fire) => self.fire(&fire),
            Action::Reset(opening) => self.reset(opening),
            Action::Lesson(action) => self.lesson_act(action),
            Action::Refresh => {}
        }
        self.observe_lesson();
    }

    /// Runs one line as the terminal does, records it and its output, and returns the output as printed.
    pub fn exec(&mut self, line: &str) -> String {
        share::record(&mut self.steps, share::Step::Line(line.to_string()));
        self.run(line, Record::History)
    }

    /// Ctrl+C in the terminal.
    fn interrupt(&mut self) {
        share::record(&mut self.steps, share::Step::Interrupt);
        let stopped = self.shell.interrupt();
        self.push_output(&stopped);
    }

    /// Tab on the terminal's line: the line completed, and when several words fit, the line and the words shown
    /// in the terminal as a shell lists them.
    pub fn complete(&mut self, line: &str) -> String {
        let completion = crate::shell::complete::complete(&self.shell, line);
        if completion.candidates.len() > 1 {
            self.push(TermLine::Input {
                prompt: "$ ".to_string(),
                line: line.to_string(),
            });
            self.push(TermLine::Out(format!(
                "{}\n",
                completion.candidates.join("  ")
            )));
        }
        completion.apply(line)
    }

    /// Adds a line to the terminal, dropping the oldest past its cap.
    pub fn push(&mut self, line: TermLine) {
        self.terminal_version += 1;
        self.terminal.push_back(line);
        while self.terminal.len() > TERMINAL_LINES {
            self.terminal.pop_front();
            self.terminal_first += 1;
        }
    }

    /// What a running `kubectl get -w` prints for the time that just passed.
    fn watch(&mut self) {
        if self.shell.watching() {
            let changes = self.shell.watch_step();
            self.push_output(&changes);
        }
    }

    fn run(&mut self, line: &str, record: Record) -> String {
        // A new line ends a running watch, as Ctrl+C would have before the learner could type it.
        if self.shell.watching() {
            let stopped = self.shell.interrupt();
            self.push_output(&stopped);
        }
        let prompt = self.shell.prompt();
        let typed = !self.shell.awaiting_input();
        let output = self.shell.exec(line);
        self.push(TermLine::Input {
            prompt,
            line: line.to_string(),
        });
        // Lines of a here-document, blank lines and a repeat of the line just before are not worth an Up.
        if record == Record::History
            && typed
            && !line.trim().is_empty()
            && self.history.last().map(String::as_str) != Some(line)
        {
            self.history.push(line.to_string());
            if self.history.len() > HISTORY_KEPT {
                self.history.remove(0);
            }
            self.storage_full |=
                storage::save_history(self.storage.as_mut(), &self.history).is_err();
        }
        self.push_output(&output);
        output.combined()
    }

    /// Adds what a command printed to the terminal; `clear`'s escape empties it instead.
    fn push_output(&mut self, output: &Output) {
        for (stream, text) in output.chunks() {
            if text.contains(CLEAR_SCREEN) {
                self.terminal_first += self.terminal.len() as u64;
                self.terminal.clear();
                self.terminal_version += 1;
                continue;
            }
            self.push(match stream {
                Stream::Out => TermLine::Out(text.clone()),
                Stream::Err => TermLine::Err(text.clone()),
            });
        }
    }

    /// Saves the three editors' text; a refusal (full or blocked storage) shows the banner, a success clears it.
    fn save_files(&mut self) {
        let files: Vec<(&str, &str)> = self
            .editor_files()
            .iter()
            .filter_map(|f| Some((*f, self.shell.files().get(*f)?.as_str())))
            .collect();
        self.storage_full = storage::save_files(self.storage.as_mut(), &files).is_err();
    }

    /// The files the editors show: the three, and `gateway.yaml` once it exists.
    pub fn editor_files(&self) -> Vec<&'static str> {
        let gateway = self.shell.files().contains_key(GATEWAY_FILE);
        FILES
            .iter()
            .copied()
            .chain(gateway.then_some(GATEWAY_FILE))
            .collect()
    }

    /// Applies an editor's file and shows it in the terminal as the `kubectl apply -f` it is; the file of a
    /// `kubectl edit` is saved as the edit instead.
    fn apply(&mut self, file: &str) -> Vec<Diagnostic> {
        let text = self.shell.files().get(file).cloned().unwrap_or_default();
        share::record(
            &mut self.steps,
            share::Step::Apply {
                file: file.to_string(),
                text,
            },
        );
        if self.shell.editing_file() == Some(file) {
            let saved = self.shell.finish_edit();
            self.push_output(&saved);
            return Vec::new();
        }
        let applied = self.shell.apply_file(file);
        self.push(TermLine::Input {
            prompt: "$ ".to_string(),
            line: format!("kubectl apply -f {file}"),
        });
        self.push_output(&applied.output);
        applied.diagnostics
    }

    /// Starts over on `opening`, keeping the learner's history and storage, and saves the opening's files.
    fn reset(&mut self, opening: Opening) {
        let storage = std::mem::replace(&mut self.storage, Box::new(MemoryStorage::default()));
        let history = std::mem::take(&mut self.history);
        // The counters only move forward, so a component holding the old count redraws whatever the new one is.
        let (terminal_version, flights_version) = (self.terminal_version, self.flights_version);
        *self = Session::new(opening, storage);
        self.history = history;
        self.terminal_version += terminal_version + 1;
        self.flights_version += flights_version + 1;
        self.save_files();
    }

    fn fire(&mut self, fire: &Fire) {
        share::record(
            &mut self.steps,
            share::Step::Fire {
                method: fire.method.clone(),
                address: fire.target.address.clone(),
                port: fire.target.port,
                host: fire.host.clone(),
                path: fire.path.clone(),
                count: fire.count,
            },
        );
        let host = if fire.host.trim().is_empty() {
            fire.target.address.clone()
        } else {
            fire.host.trim().to_string()
        };
        let path = if fire.path.starts_with('/') {
            fire.path.clone()
        } else {
            format!("/{}", fire.path)
        };
        for _ in 0..fire.count {
            let Some(trace) = self.shell.send(
                &fire.method,
                &fire.target.address,
                fire.target.port,
                &host,
                &path,
            ) else {
                continue;
            };
            let summary = RequestSummary::of(self.shell.cluster(), &trace);
            self.flights.push(Flight {
                objects: trace.hops.iter().map(|h| h.object.clone()).collect(),
                status: summary.status,
            });
            self.next_id += 1;
            self.sent.push_front(Sent {
                id: self.next_id,
                summary,
                hops: trace.hops,
            });
            self.sent.truncate(REQUESTS_KEPT);
        }
        self.flights_version += 1;
    }
}
