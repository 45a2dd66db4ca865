//! The session's side of lessons: opening one on its starting state (or where this browser left it), the learner's
//! buttons (check, hint, solution, reset step, another step), and progress kept in the session's storage.

use serde::{Deserialize, Serialize};

use crate::lesson::run::{snapshot_before, solution_steps, Progress};
use crate::lesson::Lesson;
use crate::session::share::Step;
use crate::session::{storage, Action, Session};

/// What the lesson panel asks.
#[derive(Debug, Clone)]
pub enum LessonAction {
    /// Open a lesson, at the step this browser was last on.
    Open(Box<Lesson>),
    /// Tell me what is not yet true.
    Check,
    Hint,
    /// Do the step: its files into the editors and applied, its lines run in the terminal.
    Solution,
    /// The step again, on the state it begins on.
    ResetStep,
    /// Another step, on the state it begins on.
    Go(usize),
    Close,
}

/// Where a learner is in a lesson, as kept in storage.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub step: usize,
    pub done: Vec<bool>,
}

impl Session {
    pub(super) fn lesson_act(&mut self, action: LessonAction) {
        match action {
            LessonAction::Open(lesson) => {
                let saved = storage::load_lesson(self.storage(), &lesson.id).unwrap_or_default();
                self.begin_step(*lesson, saved.step, saved.done);
            }
            LessonAction::Check => self.with_lesson(|p, cluster| p.ask(cluster)),
            LessonAction::Hint => self.with_lesson(|p, _| p.hint()),
            LessonAction::Solution => self.solve_step(),
            LessonAction::ResetStep => self.restart_step(None),
            LessonAction::Go(step) => self.restart_step(Some(step)),
            LessonAction::Close => self.lesson = None,
        }
        self.save_lesson();
    }

    fn with_lesson(&mut self, f: impl FnOnce(&mut Progress, &crate::engine::Cluster)) {
        if let Some(progress) = self.lesson.as_mut() {
            f(progress, self.shell.cluster());
        }
    }

    /// The session replaced by the state `step` begins on, and the lesson on that step.
    fn begin_step(&mut self, lesson: Lesson, step: usize, done: Vec<bool>) {
        let step = step.min(lesson.steps.len().saturating_sub(1));
        self.load(&snapshot_before(&lesson, step));
        self.lesson = Some(Progress::new(lesson, step, done, self.shell.cluster()));
    }

    fn restart_step(&mut self, step: Option<usize>) {
        if let Some(progress) = self.lesson.take() {
            let step = step.unwrap_or(progress.step);
            self.begin_step(progress.lesson, step, progress.done);
        }
    }

    /// The step's solution, done as a learner would do it, so the editors and the terminal show it.
    fn solve_step(&mut self) {
        let Some(progress) = &self.lesson else {
            return;
        };
        let solution = solution_steps(&progress.lesson.steps[progress.step].solution);
        self.do_steps(solution);
    }

    /// Steps done as a learner does them: a file into its editor and applied, a line typed in the terminal.
    pub fn do_steps(&mut self, steps: Vec<Step>) {
        for step in steps {
            match step {
                Step::Apply { file, text } => {
                    self.act(Action::Edit {
                        file: file.clone(),
                        text,
                    });
                    self.act(Action::Apply { file });
                }
                Step::Line(line) => {
                    self.exec(&line);
                }
                _ => {}
            }
        }
    }

    /// After every action: the lesson looks at the cluster.
    pub(super) fn observe_lesson(&mut self) {
        let before = self.lesson.as_ref().map(|p| p.done.clone());
        self.with_lesson(|p, cluster| p.observe(cluster));
        if self.lesson.as_ref().map(|p| &p.done) != before.as_ref() {
            self.save_lesson();
        }
    }

    fn save_lesson(&mut self) {
        if let Some(p) = &self.lesson {
            let saved = Saved {
                step: p.step,
                done: p.done.clone(),
            };
            let id = p.lesson.id.clone();
            let _ = storage::save_lesson(self.storage.as_mut(), &id, &saved);
        }
    }
}
