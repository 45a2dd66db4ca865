//! A lesson being followed: the step the learner is on, what its checks compare with, which steps are done, the
//! hints shown and, once the learner asks, what is not yet true. The session keeps one and lets it look at the
//! cluster after every action, so a step is confirmed the moment its checks hold, however the learner did it.

use crate::engine::{Cluster, Millis};
use crate::lesson::{evaluate, Baseline, Lesson, Start, Unmet};
use crate::session::share::{self, Snapshot, Step as ShareStep, SETTLE_MILLIS};
use crate::session::Opening;

#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub lesson: Lesson,
    /// The step shown (0-based).
    pub step: usize,
    pub baseline: Baseline,
    /// Each step's checks have all held once.
    pub done: Vec<bool>,
    /// How many of the step's hints are shown.
    pub hints: usize,
    /// What is not yet true, once the learner asked to check (None until then, and again after a step passes).
    pub unmet: Option<Vec<Unmet>>,
    /// The step whose checks have just come to hold, for the page's moment of success.
    pub passed: Option<usize>,
}

impl Progress {
    pub fn new(lesson: Lesson, step: usize, done: Vec<bool>, cluster: &Cluster) -> Progress {
        let count = lesson.steps.len();
        let mut done = done;
        done.resize(count, false);
        Progress {
            lesson,
            step: step.min(count.saturating_sub(1)),
            baseline: Baseline::of(cluster),
            done,
            hints: 0,
            unmet: None,
            passed: None,
        }
    }

    /// The current step's checks that do not hold, each with the part that is not yet true.
    pub fn failing(&self, cluster: &Cluster) -> Vec<Unmet> {
        self.lesson.steps[self.step]
            .checks
            .iter()
            .filter_map(|check| evaluate(check, cluster, &self.baseline).err())
            .collect()
    }

    /// After each action: the step is done the moment all its checks hold; an asked check is brought up to date.
    pub fn observe(&mut self, cluster: &Cluster) {
        let failing = self.failing(cluster);
        if failing.is_empty() && !self.done[self.step] {
            self.done[self.step] = true;
            self.passed = Some(self.step);
            self.unmet = None;
        } else if self.unmet.is_some() {
            self.unmet = Some(failing);
        }
    }

    /// The learner asks whether the step is done.
    pub fn ask(&mut self, cluster: &Cluster) {
        self.unmet = Some(self.failing(cluster));
        self.observe(cluster);
    }

    /// Shows another hint, if there is one.
    pub fn hint(&mut self) {
        self.hints = (self.hints + 1).min(self.lesson.steps[self.step].hints.len());
    }

    /// Moves to a step, whose checks compare with the cluster as it is now.
    pub fn go(&mut self, step: usize, cluster: &Cluster) {
        self.step = step.min(self.lesson.steps.len() - 1);
        self.baseline = Baseline::of(cluster);
        self.hints = 0;
        self.unmet = None;
        self.passed = None;
    }

    pub fn all_done(&self) -> bool {
        self.done.iter().all(|d| *d)
    }
}

/// The session a step begins on: the lesson's start, then every earlier step's solution, each followed by time to
/// settle. Opening a lesson, jumping to a step and "reset step" replay it.
pub fn snapshot_before(lesson: &Lesson, step: usize) -> Snapshot {
    let mut snapshot = start_snapshot(&lesson.start);
    for earlier in lesson.steps.iter().take(step) {
        snapshot.steps.extend(solution_steps(&earlier.solution));
        snapshot.steps.push(ShareStep::Time(SETTLE_MILLIS));
    }
    snapshot
}

fn start_snapshot(start: &Start) -> Snapshot {
    Snapshot {
        steps: share::start_steps(&start.files, &start.script),
        ..Snapshot::opening(
            start.opening.unwrap_or(Opening::Seed),
            start.workers.unwrap_or(2),
        )
    }
}

/// A solution as the steps a learner would take: each file written and applied, then each line run.
pub fn solution_steps(solution: &crate::lesson::Solution) -> Vec<ShareStep> {
    share::steps_of(&solution.files, &solution.run)
}

/// The longest a solved step may take to come true, in virtual time (Pods pulling images, rollouts).
const SOLVE_WAIT_MILLIS: Millis = 180_000;

/// What running one step's solution showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepReport {
    pub id: String,
    /// Checks that already held before the step was done: they cannot tell the step was done.
    pub early: Vec<usize>,
    /// Checks that did not hold after the solution and the wait, with what was not true.
    pub never: Vec<(usize, Unmet)>,
}

impl StepReport {
    pub fn ok(&self) -> bool {
        self.early.is_empty() && self.never.is_empty()
    }
}

/// Runs a lesson from its start: for each step, its checks must all fail, then its solution is done as a learner
/// would do it, and within three virtual minutes every check must hold. `kplay lesson check` and the tests use it.
pub fn solve(lesson: &Lesson) -> Vec<StepReport> {
    use crate::session::{Action, MemoryStorage, Session};
    let mut session = Session::replayed(
        &snapshot_before(lesson, 0),
        Box::new(MemoryStorage::default()),
    );
    let mut reports = Vec::new();
    for step in &lesson.steps {
        let baseline = Baseline::of(session.shell.cluster());
        let holds = |session: &Session, i: usize| {
            evaluate(&step.checks[i], session.shell.cluster(), &baseline)
        };
        let early = (0..step.checks.len())
            .filter(|i| holds(&session, *i).is_ok())
            .collect();
        session.do_steps(solution_steps(&step.solution));
        let mut waited = 0;
        let failing = |session: &Session| -> Vec<(usize, Unmet)> {
            (0..step.checks.len())
                .filter_map(|i| holds(session, i).err().map(|u| (i, u)))
                .collect()
        };
        while !failing(&session).is_empty() && waited < SOLVE_WAIT_MILLIS {
            session.act(Action::Tick(1_000));
            waited += 1_000;
        }
        let never = failing(&session);
        session.act(Action::Tick(SETTLE_MILLIS.saturating_sub(waited)));
        reports.push(StepReport {
            id: step.id.clone(),
            early,
            never,
        });
    }
    reports
}
