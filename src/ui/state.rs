//! The page's state: one session (the shell, the terminal's lines, the requests sent) behind a Yew reducer that
//! forwards every action to it. `window.kplay` shares the same session.

use std::cell::{Ref, RefCell};
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use yew::Reducible;

use crate::engine::manifest::Diagnostic;
use crate::engine::traffic::{Hop, HopObject};
use crate::engine::Millis;
use crate::scene::{RequestSummary, Target};
use crate::shell::{Output, Shell, Stream, CLEAR_SCREEN, OPENING};
use crate::ui::prefs;

/// The seed the page's cluster starts from, so every learner sees the same names.
const SEED: u64 = 1;
/// Virtual time run after the opening script, so the page opens on a settled cluster.
const SETTLE_MILLIS: Millis = 20_000;
/// How much the terminal keeps, and how many requests the results list keeps.
const TERMINAL_LINES: usize = 2_000;
const REQUESTS_KEPT: usize = 200;
const HISTORY_KEPT: usize = 200;

/// The three files the editors show, in tab order.
pub const FILES: [&str; 3] = ["deployment.yaml", "service.yaml", "ingress.yaml"];

/// Where Reset goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
        prompt: &'static str,
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

#[derive(Debug)]
pub struct Session {
    pub shell: Shell,
    pub terminal: VecDeque<TermLine>,
    /// Lines typed, oldest first.
    pub history: Vec<String>,
    /// Newest first.
    pub sent: VecDeque<Sent>,
    next_id: u64,
    /// Requests not yet drawn; the packet layer takes them.
    pub flights: Vec<Flight>,
    /// Whether saving to localStorage failed.
    pub storage_full: bool,
    /// Count changes to the terminal's lines and to the packets not yet drawn, so the terminal and the packet layer
    /// redraw only when theirs change (not on every tick of the clock).
    pub terminal_version: u64,
    pub flights_version: u64,
}

/// The session as components share it: equal when it is the same session, whatever its contents.
#[derive(Debug, Clone)]
pub struct SessionHandle(pub Rc<RefCell<Session>>);

impl PartialEq for SessionHandle {
    fn eq(&self, other: &SessionHandle) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Session {
    pub fn new(opening: Opening) -> Session {
        let mut session = Session {
            shell: Shell::new(SEED),
            terminal: VecDeque::new(),
            history: Vec::new(),
            sent: VecDeque::new(),
            next_id: 0,
            flights: Vec::new(),
            storage_full: false,
            terminal_version: 0,
            flights_version: 0,
        };
        // The opening script shows in the terminal, as if the learner had typed the tutorial's commands, but is
        // not part of the learner's history.
        if opening == Opening::Seed {
            for line in OPENING {
                session.run(line, false);
            }
            session.shell.advance(SETTLE_MILLIS);
        }
        session
    }

    /// The session a page load starts: the seed's end state, then the learner's saved files and history.
    pub fn restored() -> Session {
        let mut session = Session::new(Opening::Seed);
        session.history = prefs::load_history();
        for (file, text) in prefs::load_files() {
            if session.shell.files().get(&file) != Some(&text) {
                session.shell.write_file(&file, &text);
                session.shell.apply_file(&file);
            }
        }
        session
    }

    /// Runs one line as the terminal does, records it and its output, and returns the output as printed.
    pub fn exec(&mut self, line: &str) -> String {
        self.run(line, true)
    }

    fn run(&mut self, line: &str, remember: bool) -> String {
        let prompt = if self.shell.awaiting_input() {
            "> "
        } else {
            "$ "
        };
        let output = self.shell.exec(line);
        self.push(TermLine::Input {
            prompt,
            line: line.to_string(),
        });
        if remember
            && prompt == "$ "
            && !line.trim().is_empty()
            && self.history.last().map(String::as_str) != Some(line)
        {
            self.history.push(line.to_string());
            if self.history.len() > HISTORY_KEPT {
                self.history.remove(0);
            }
            self.storage_full |= prefs::save_history(&self.history).is_err();
        }
        self.push_output(&output);
        output.combined()
    }

    /// Adds what a command printed to the terminal; `clear`'s escape empties it instead.
    fn push_output(&mut self, output: &Output) {
        for (stream, text) in output.chunks() {
            if text.contains(CLEAR_SCREEN) {
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

    /// Saves the three editors' text; a refusal (full or disabled storage) shows the banner.
    fn save_files(&mut self) {
        let files: Vec<(&str, &str)> = FILES
            .iter()
            .filter_map(|f| Some((*f, self.shell.files().get(*f)?.as_str())))
            .collect();
        self.storage_full = prefs::save_files(&files).is_err();
    }

    /// Adds a line to the terminal.
    pub fn push(&mut self, line: TermLine) {
        self.terminal_version += 1;
        self.terminal.push_back(line);
        while self.terminal.len() > TERMINAL_LINES {
            self.terminal.pop_front();
        }
    }

    /// Applies an editor's file and shows it in the terminal as the `kubectl apply -f` it is.
    fn apply(&mut self, file: &str) -> Vec<Diagnostic> {
        let applied = self.shell.apply_file(file);
        self.push(TermLine::Input {
            prompt: "$ ",
            line: format!("kubectl apply -f {file}"),
        });
        self.push_output(&applied.output);
        applied.diagnostics
    }

    fn fire(&mut self, fire: &Fire) {
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
    /// Send requests from outside the cluster.
    Fire(Fire),
    /// Start over.
    Reset(Opening),
    /// The session changed outside the reducer (`window.kplay.exec`); redraw.
    Refresh,
}

/// The session is shared and mutated in place; `version` changes with every action so components know to redraw.
pub struct Playground {
    session: Rc<RefCell<Session>>,
    pub version: u64,
    /// Each file's problems from its last apply.
    pub diagnostics: BTreeMap<String, Vec<Diagnostic>>,
}

impl Playground {
    pub fn restored() -> Playground {
        Playground {
            session: Rc::new(RefCell::new(Session::restored())),
            version: 0,
            diagnostics: BTreeMap::new(),
        }
    }

    pub fn session(&self) -> Ref<'_, Session> {
        self.session.borrow()
    }

    pub fn shell(&self) -> Ref<'_, Shell> {
        Ref::map(self.session.borrow(), |s| &s.shell)
    }

    /// The shared session, for `window.kplay` and the components that redraw on their own counters.
    pub fn handle(&self) -> SessionHandle {
        SessionHandle(Rc::clone(&self.session))
    }
}

/// Two handles are equal when they show the same version of the same session.
impl PartialEq for Playground {
    fn eq(&self, other: &Playground) -> bool {
        self.version == other.version && Rc::ptr_eq(&self.session, &other.session)
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut diagnostics = self.diagnostics.clone();
        {
            let mut session = self.session.borrow_mut();
            match action {
                Action::Edit { file, text } => {
                    session.shell.write_file(&file, &text);
                    session.save_files();
                }
                Action::Apply { file } => {
                    let found = session.apply(&file);
                    diagnostics.insert(file, found);
                }
                Action::Tick(millis) => session.shell.advance(millis),
                Action::Step => session.shell.step(60_000),
                Action::Exec(line) => {
                    session.exec(&line);
                }
                Action::Fire(fire) => session.fire(&fire),
                Action::Reset(opening) => {
                    let history = std::mem::take(&mut session.history);
                    *session = Session::new(opening);
                    session.history = history;
                    session.save_files();
                    diagnostics.clear();
                }
                Action::Refresh => {}
            }
        }
        Rc::new(Playground {
            session: Rc::clone(&self.session),
            version: self.version + 1,
            diagnostics,
        })
    }
}
