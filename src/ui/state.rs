//! The page's state: one shell (cluster plus files) behind a Yew reducer that forwards every action to it.

use std::cell::{Ref, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use yew::Reducible;

use crate::engine::manifest::Diagnostic;
use crate::engine::Millis;
use crate::shell::Shell;

/// The seed the page's cluster starts from, so every learner sees the same names.
const SEED: u64 = 1;
/// Virtual time run after the opening script, so the page opens on a settled cluster.
const SETTLE_MILLIS: Millis = 20_000;

/// The three files the editors show, in tab order.
pub const FILES: [&str; 3] = ["deployment.yaml", "service.yaml", "ingress.yaml"];

pub enum Action {
    /// The learner changed an editor's text; nothing is applied yet.
    Edit { file: String, text: String },
    /// Apply one file, as `kubectl apply -f` would.
    Apply { file: String },
    /// Let virtual time pass.
    Tick(Millis),
}

/// The shell is shared and mutated in place; `version` changes with every action so components know to redraw.
pub struct Playground {
    shell: Rc<RefCell<Shell>>,
    pub version: u64,
    /// Each file's problems from its last apply.
    pub diagnostics: BTreeMap<String, Vec<Diagnostic>>,
}

impl Playground {
    /// A cluster on which the seed tutorial's three files have been applied.
    pub fn seeded() -> Playground {
        let mut shell = Shell::new(SEED);
        for file in FILES {
            shell.apply_file(file);
        }
        shell.advance(SETTLE_MILLIS);
        Playground {
            shell: Rc::new(RefCell::new(shell)),
            version: 0,
            diagnostics: BTreeMap::new(),
        }
    }

    pub fn shell(&self) -> Ref<'_, Shell> {
        self.shell.borrow()
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut diagnostics = self.diagnostics.clone();
        {
            let mut shell = self.shell.borrow_mut();
            match action {
                Action::Edit { file, text } => shell.write_file(&file, &text),
                Action::Apply { file } => {
                    let applied = shell.apply_file(&file);
                    diagnostics.insert(file, applied.diagnostics);
                }
                Action::Tick(millis) => shell.advance(millis),
            }
        }
        Rc::new(Playground {
            shell: Rc::clone(&self.shell),
            version: self.version + 1,
            diagnostics,
        })
    }
}
