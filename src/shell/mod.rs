//! A small shell around kubectl: the text interface the terminal and the CLI share. Pure, like the engine.
//!
//! It owns the cluster and a virtual filesystem whose files are the editors' buffers in the browser.

mod apply;
mod columns;
pub mod complete;
mod configmaps;
mod curl;
mod describe;
mod drain;
mod endpoints;
mod flags;
mod get;
mod kinds;
mod kplay;
mod kubectl;
mod load;
mod output;
mod page;
mod pipeline;
mod render;
mod rollout;
mod secrets;
mod selectors;
mod sheet;
pub mod table;
mod text;
mod verbs;
mod wait;

use std::collections::BTreeMap;

use crate::engine::manifest::{self, Diagnostic};
use crate::engine::{Cluster, Command, Event, Millis};
pub use crate::shell::output::{Output, Stream};
pub use crate::shell::page::OPENING;
use crate::shell::pipeline::{Heredoc, Line, Redirect, Stage};

/// The three files of the seed tutorial, present in every new shell.
pub const SEED_FILES: [(&str, &str); 3] = [
    (
        "deployment.yaml",
        include_str!("../../static/seed/deployment.yaml"),
    ),
    (
        "service.yaml",
        include_str!("../../static/seed/service.yaml"),
    ),
    (
        "ingress.yaml",
        include_str!("../../static/seed/ingress.yaml"),
    ),
];

/// The result of applying one file from an editor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileApply {
    pub output: Output,
    /// Problems with positions. Parse problems stop the whole file; a refused object leaves the others applied, as
    /// `kubectl apply` does.
    pub diagnostics: Vec<Diagnostic>,
}

/// A cluster plus the files a learner works on.
#[derive(Debug, Clone)]
pub struct Shell {
    cluster: Cluster,
    files: BTreeMap<String, String>,
    /// The here-document being read, if a line opened one.
    heredoc: Option<Heredoc>,
}

impl Shell {
    /// A bare cluster (a control plane and two workers) with the seed tutorial's files in its filesystem.
    pub fn new(seed: u64) -> Shell {
        Shell::with_workers(seed, 2)
    }

    /// A bare cluster with `workers` worker nodes (1 to 10).
    pub fn with_workers(seed: u64, workers: u8) -> Shell {
        Shell {
            cluster: Cluster::new(seed, workers),
            files: SEED_FILES
                .iter()
                .map(|(name, text)| (name.to_string(), text.to_string()))
                .collect(),
            heredoc: None,
        }
    }

    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    pub fn files(&self) -> &BTreeMap<String, String> {
        &self.files
    }

    pub fn write_file(&mut self, name: &str, text: &str) {
        self.files.insert(name.to_string(), text.to_string());
    }

    /// One step of a command that waits: virtual time runs to the next moment something happens, but not past
    /// `deadline`. Returns false once the deadline is reached, so waits of any length take a few steps.
    pub(super) fn step_toward(&mut self, deadline: Millis) -> bool {
        let now = self.cluster.now();
        if now >= deadline {
            return false;
        }
        let next = self.cluster.next_due().unwrap_or(deadline).min(deadline);
        self.cluster
            .apply(Command::Advance(next.saturating_sub(now).max(1)));
        true
    }

    /// Waits in virtual time, at most `limit`, for `done`; returns whether it came.
    pub(super) fn wait_for(&mut self, limit: Millis, done: impl Fn(&Shell) -> bool) -> bool {
        let deadline = self.cluster.now().saturating_add(limit);
        loop {
            if done(self) {
                return true;
            }
            if !self.step_toward(deadline) {
                return done(self);
            }
        }
    }

    /// Lets virtual time run to the next moment something happens, but at most `limit`.
    pub fn step(&mut self, limit: Millis) {
        let deadline = self.cluster.now().saturating_add(limit);
        self.step_toward(deadline);
    }

    /// Lets virtual time pass.
    pub fn advance(&mut self, millis: Millis) {
        self.cluster.apply(Command::Advance(millis));
    }

    /// Applies an editor's file as `kubectl apply -f` would, but all or nothing: while the file has problems the
    /// cluster keeps its last good state.
    pub fn apply_file(&mut self, name: &str) -> FileApply {
        let Some(text) = self.files.get(name) else {
            return FileApply {
                output: Output::err(format!("error: the path \"{name}\" does not exist\n")),
                diagnostics: Vec::new(),
            };
        };
        let parsed = manifest::parse(name, text);
        if !parsed.is_clean() {
            let stderr: String = parsed
                .diagnostics
                .iter()
                .map(|d| format!("{}\n", d.message))
                .collect();
            return FileApply {
                output: Output::err(stderr),
                diagnostics: parsed.diagnostics,
            };
        }
        let text = text.clone();
        let (output, applied) =
            apply::apply_manifests(self, name, parsed.manifests, None, apply::Verb::Apply);
        // Validation errors point at the fields they name, as parse errors do.
        let mut diagnostics = Vec::new();
        for (m, event) in applied {
            if let Event::Rejected {
                message, causes, ..
            } = event
            {
                for (path, cause) in causes {
                    let (line, column) =
                        manifest::locate(&text, m.document, &path).unwrap_or((m.line, 1));
                    diagnostics.push(Diagnostic {
                        file: name.to_string(),
                        line,
                        column,
                        message: message.clone(),
                        hint: apply::lookalike_hint(&cause),
                        detail: cause,
                    });
                }
            }
        }
        FileApply {
            output,
            diagnostics,
        }
    }

    /// Runs one command line, or takes it as the next line of a here-document being read.
    pub fn exec(&mut self, line: &str) -> Output {
        if let Some(mut heredoc) = self.heredoc.take() {
            if line.trim_end() == heredoc.terminator {
                return self.run_pipeline(heredoc.stages, Some(heredoc.body));
            }
            heredoc.body.push_str(line);
            heredoc.body.push('\n');
            self.heredoc = Some(heredoc);
            return Output::default();
        }
        match pipeline::parse(line) {
            Line::Empty => Output::default(),
            Line::Invalid(message) => Output::err(message),
            Line::Heredoc(heredoc) => {
                self.heredoc = Some(heredoc);
                Output::default()
            }
            Line::Run(stages) => self.run_pipeline(stages, None),
        }
    }

    /// Whether the shell is in the middle of a here-document, so the next line is input rather than a command
    /// (a terminal shows the `> ` prompt).
    pub fn awaiting_input(&self) -> bool {
        self.heredoc.is_some()
    }

    /// Runs each stage with the previous one's standard output as its input; redirected output goes to files.
    fn run_pipeline(&mut self, stages: Vec<Stage>, mut stdin: Option<String>) -> Output {
        let mut output = Output::default();
        let last = stages.len().saturating_sub(1);
        for (i, stage) in stages.into_iter().enumerate() {
            let result = self.run(&stage.words, stdin.take());
            if i == last && stage.redirect.is_none() {
                output.extend(result);
                break;
            }
            for (stream, text) in result.chunks() {
                if *stream == Stream::Err {
                    output.push_err(text.clone());
                }
            }
            let stdout = result.stdout();
            match stage.redirect {
                Some(Redirect::Replace(file)) => {
                    self.files.insert(file, stdout);
                    stdin = Some(String::new());
                }
                Some(Redirect::Append(file)) => {
                    let old = self.files.get(&file).map_or("", String::as_str);
                    let text = format!("{old}{stdout}");
                    self.files.insert(file, text);
                    stdin = Some(String::new());
                }
                None => stdin = Some(stdout),
            }
        }
        output
    }

    fn run(&mut self, words: &[String], stdin: Option<String>) -> Output {
        let Some((program, args)) = words.split_first() else {
            return Output::default();
        };
        match program.as_str() {
            "kubectl" | "k" => kubectl::run(self, args, stdin),
            "kplay" => self.kplay(args),
            "curl" => curl::curl(self, args, None),
            "openssl" => secrets::openssl(self, args),
            "sleep" => self.sleep(args),
            "ls" => Output::out(
                self.files
                    .keys()
                    .map(|name| format!("{name}\n"))
                    .collect::<String>(),
            ),
            "cat" if args.is_empty() => Output::out(stdin.unwrap_or_default()),
            "head" | "tail" | "grep" | "wc" => {
                text::filter(program, args, &self.input(args, stdin))
            }
            "cat" => self.cat(args),
            "echo" => Output::out(format!("{}\n", args.join(" "))),
            "help" => Output::out(HELP),
            // What `clear` writes: the terminal moves home and erases the screen and its scrollback.
            "clear" => Output::out(CLEAR_SCREEN),
            other => Output::err(format!("bash: {other}: command not found\n")),
        }
    }

    fn sleep(&mut self, args: &[String]) -> Output {
        let seconds = args
            .first()
            .and_then(|a| a.trim_end_matches('s').parse::<f64>().ok());
        match seconds {
            Some(s) if (0.0..=86_400.0).contains(&s) => {
                self.advance((s * 1000.0).round() as Millis);
                Output::default()
            }
            _ => Output::err(format!(
                "sleep: invalid time interval '{}'\n",
                args.first().map_or("", String::as_str)
            )),
        }
    }

    /// What a filter reads: the file it names last, or its standard input.
    fn input(&self, args: &[String], stdin: Option<String>) -> String {
        let named = args
            .iter()
            .rev()
            .find(|a| !a.starts_with('-') && self.files.contains_key(*a));
        match named {
            Some(file) => self.files[file].clone(),
            None => stdin.unwrap_or_default(),
        }
    }

    fn cat(&self, args: &[String]) -> Output {
        let mut output = Output::default();
        for name in args {
            match self.files.get(name) {
                Some(text) => output.push_out(text.clone()),
                None => output.push_err(format!("cat: {name}: No such file or directory\n")),
            }
        }
        output
    }
}

/// What `clear` writes: the terminal moves home and erases the screen and its scrollback.
pub const CLEAR_SCREEN: &str = "\x1b[H\x1b[2J\x1b[3J";

const HELP: &str = "\
kplay shell: a Kubernetes cluster in your browser.

  kubectl apply -f FILE        create or update the objects in FILE
  kubectl get TYPE[,TYPE] [NAME] [-o wide|name]
  kubectl delete TYPE NAME     delete an object (also TYPE/NAME)
  kubectl describe|scale|set image|label|annotate|rollout|cordon|drain|logs ...
  ls, cat FILE, echo           the files you can apply; cat <<EOF > FILE writes one
  sleep N                      let N seconds of cluster time pass
  kplay node stop|start NAME   make a node fail and recover (also: kplay node add|remove)
  clear                        clear the terminal
";

#[cfg(test)]
mod tests;
