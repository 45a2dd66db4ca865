//! Running a parsed command line: expanding words (variables, `$(...)`, field splitting), `&&`, `||` and `;`, pipes
//! and redirects, `for` loops, and the variables `export` and `NAME=value` set.

use crate::shell::bash::{
    arith, AndOr, Chain, Command, Errors, Piece, Pipeline, Redirect, Script, Simple, Word,
};
use crate::shell::{Output, Shell, Stream};

/// How deep `$(...)` may nest, and how many times all `for` loops of one line may run their body: enough for any
/// tutorial, and a bound on what one pasted line can cost.
const MAX_DEPTH: u32 = 8;
const MAX_ITERATIONS: usize = 1_000;

/// A word's fields as they are being built.
#[derive(Default)]
struct Fields {
    done: Vec<String>,
    current: String,
    /// Whether `current` is a field even when empty (it holds quoted text, if only `""`).
    started: bool,
}

impl Fields {
    fn push_str(&mut self, text: &str) {
        self.current.push_str(text);
        self.started = true;
    }

    /// An unquoted expansion's value, split at whitespace; its first and last pieces join the text around it.
    fn push_split(&mut self, value: &str) {
        if value.starts_with(char::is_whitespace) {
            self.finish();
        }
        let mut parts = value.split_whitespace().peekable();
        while let Some(part) = parts.next() {
            self.push_str(part);
            if parts.peek().is_some() {
                self.finish();
            }
        }
        if value.ends_with(char::is_whitespace) {
            self.finish();
        }
    }

    fn finish(&mut self) {
        if self.started {
            self.done.push(std::mem::take(&mut self.current));
            self.started = false;
        }
    }
}

impl Shell {
    /// Runs each and-or list in turn; `heredoc` is the body of the here-document the line opened.
    pub(super) fn run_script(&mut self, script: &Script, heredoc: Option<&str>) -> Output {
        let mut output = Output::default();
        for and_or in &script.0 {
            output.extend(self.run_and_or(and_or, heredoc));
        }
        output.set_status(self.status);
        output
    }

    fn run_and_or(&mut self, and_or: &AndOr, heredoc: Option<&str>) -> Output {
        let mut output = self.run_pipeline(&and_or.first, heredoc);
        for (chain, pipeline) in &and_or.rest {
            let succeeded = self.status == 0;
            if (*chain == Chain::And) == succeeded {
                output.extend(self.run_pipeline(pipeline, heredoc));
            }
        }
        output.set_status(self.status);
        output
    }

    /// Runs each command with the previous one's standard output as its input; its status is the last one's.
    fn run_pipeline(&mut self, pipeline: &Pipeline, heredoc: Option<&str>) -> Output {
        let mut output = Output::default();
        let mut stdin = None;
        let last = pipeline.0.len().saturating_sub(1);
        for (i, command) in pipeline.0.iter().enumerate() {
            let result = match command {
                Command::Simple(simple) => self.run_simple(simple, stdin.take(), heredoc),
                Command::For { name, values, body } => self.run_for(name, values, body, heredoc),
            };
            self.status = result.status();
            if i == last {
                output.extend(result);
                break;
            }
            for (stream, text) in result.chunks() {
                if *stream == Stream::Err {
                    output.push_err(text.clone());
                }
            }
            stdin = Some(result.stdout());
        }
        output.set_status(self.status);
        output
    }

    fn run_simple(
        &mut self,
        simple: &Simple,
        stdin: Option<String>,
        heredoc: Option<&str>,
    ) -> Output {
        let mut output = Output::default();
        for (name, value) in &simple.assignments {
            let value = self.expand_joined(value, &mut output);
            self.vars.insert(name.clone(), value);
        }
        let mut words = Vec::new();
        for word in &simple.words {
            words.extend(self.expand(word, &mut output));
        }
        let stdin = match (&simple.heredoc, heredoc) {
            (Some(_), Some(body)) => Some(body.to_string()),
            _ => stdin,
        };
        let result = if words.is_empty() {
            Output::default()
        } else {
            self.run(&words, stdin)
        };
        let result = self.route_errors(simple.errors.as_ref(), result, &mut output);
        let status = result.status();
        match &simple.redirect {
            None => output.extend(result),
            Some(redirect) => self.redirect(redirect, result, &mut output),
        }
        output.set_status(status);
        output
    }

    /// Sends a command's standard error where `2>` or `2>&1` say: into a file (`/dev/null` drops it) or along
    /// with its standard output.
    fn route_errors(
        &mut self,
        errors: Option<&Errors>,
        result: Output,
        output: &mut Output,
    ) -> Output {
        let Some(errors) = errors else {
            return result;
        };
        let mut kept = Output::default();
        kept.set_status(result.status());
        let mut errors_text = String::new();
        for (stream, text) in result.chunks() {
            match (stream, errors) {
                (Stream::Err, Errors::ToOut) | (Stream::Out, _) => kept.push_out(text.clone()),
                (Stream::Err, Errors::To(_)) => errors_text.push_str(text),
            }
        }
        if let Errors::To(redirect) = errors {
            let mut written = Output::default();
            written.push_out(errors_text);
            self.redirect(redirect, written, output);
        }
        kept
    }

    /// Writes a command's standard output to the file a redirect names; its errors still reach the terminal.
    fn redirect(&mut self, redirect: &Redirect, result: Output, output: &mut Output) {
        let (word, append) = match redirect {
            Redirect::Replace(word) => (word, false),
            Redirect::Append(word) => (word, true),
        };
        let file = self.expand_joined(word, output);
        if file == "/dev/null" {
            return;
        }
        for (stream, text) in result.chunks() {
            if *stream == Stream::Err {
                output.push_err(text.clone());
            }
        }
        let old = if append {
            self.files.get(&file).cloned().unwrap_or_default()
        } else {
            String::new()
        };
        self.files.insert(file, old + &result.stdout());
    }

    fn run_for(
        &mut self,
        name: &str,
        values: &[Word],
        body: &Script,
        heredoc: Option<&str>,
    ) -> Output {
        let mut output = Output::default();
        let mut items = Vec::new();
        for word in values {
            items.extend(self.expand(word, &mut output));
        }
        self.status = 0;
        for item in items {
            if self.iterations >= MAX_ITERATIONS {
                output.push_err(format!(
                    "kplay: a command line runs a loop body at most {MAX_ITERATIONS} times\n"
                ));
                break;
            }
            self.iterations += 1;
            self.vars.insert(name.to_string(), item);
            output.extend(self.run_script(body, heredoc));
        }
        output.set_status(self.status);
        output
    }

    /// A word's fields after expansion: unquoted `$NAME` and `$(...)` split at whitespace, quoted text kept whole.
    pub(super) fn expand(&mut self, word: &Word, output: &mut Output) -> Vec<String> {
        if let Some(mut words) = braces(word) {
            if words.len() > MAX_BRACE_WORDS {
                output.push_err(format!(
                    "kplay: a brace expansion makes at most {MAX_BRACE_WORDS} words here\n"
                ));
                words.truncate(MAX_BRACE_WORDS);
            }
            return words.iter().flat_map(|w| self.expand(w, output)).collect();
        }
        let mut fields = Fields::default();
        for piece in &word.0 {
            match piece {
                Piece::Bare(text) | Piece::Quoted(text) => fields.push_str(text),
                Piece::Var { name, quoted } => {
                    let value = self.var(name);
                    if *quoted {
                        fields.push_str(&value);
                    } else {
                        fields.push_split(&value);
                    }
                }
                Piece::Command { line, quoted } => {
                    let value = self.substitute(line, output);
                    if *quoted {
                        fields.push_str(&value);
                    } else {
                        fields.push_split(&value);
                    }
                }
                Piece::Arith { expr, .. } => fields.push_str(&self.arithmetic(expr, output)),
            }
        }
        fields.finish();
        fields.done
    }

    /// `$((expr))`'s value; on an error bash's message, and nothing.
    fn arithmetic(&mut self, expr: &str, output: &mut Output) -> String {
        let var = |name: &str| self.var(name);
        match arith::eval(expr, &var) {
            Ok(value) => value.to_string(),
            Err(message) => {
                output.push_err(message);
                output.set_status(1);
                String::new()
            }
        }
    }

    /// A word expanded as one string, as an assignment's value or a redirect's file name are.
    fn expand_joined(&mut self, word: &Word, output: &mut Output) -> String {
        let mut text = String::new();
        for piece in &word.0 {
            match piece {
                Piece::Bare(t) | Piece::Quoted(t) => text.push_str(t),
                Piece::Var { name, .. } => text.push_str(&self.var(name)),
                Piece::Command { line, .. } => text.push_str(&self.substitute(line, output)),
                Piece::Arith { expr, .. } => text.push_str(&self.arithmetic(expr, output)),
            }
        }
        text
    }

    fn var(&self, name: &str) -> String {
        if name == "?" {
            return self.status.to_string();
        }
        self.vars.get(name).cloned().unwrap_or_default()
    }

    /// `$(line)`: what the line prints, without its trailing newlines; what it prints to stderr reaches the terminal.
    fn substitute(&mut self, line: &str, output: &mut Output) -> String {
        if self.depth >= MAX_DEPTH {
            output.push_err(format!(
                "kplay: command substitutions nest at most {MAX_DEPTH} deep here\n"
            ));
            return String::new();
        }
        self.depth += 1;
        let result = match crate::shell::bash::parse(line) {
            crate::shell::bash::Line::Run(script) => self.run_script(&script, None),
            crate::shell::bash::Line::Invalid(message) => Output::err(message),
            _ => Output::default(),
        };
        self.depth -= 1;
        for (stream, text) in result.chunks() {
            if *stream == Stream::Err {
                output.push_err(text.clone());
            }
        }
        result.stdout().trim_end_matches('\n').to_string()
    }
}

/// The most words one brace expansion makes (`{1..100000}` stops here, and says so).
const MAX_BRACE_WORDS: usize = 10_000;

/// Brace expansion, which bash does first: the first unquoted `{1..5}`, `{a..e}` or `{x,y,z}` in the word gives one
/// word per item, prefix and suffix kept; None when the word has none.
fn braces(word: &Word) -> Option<Vec<Word>> {
    word.0.iter().enumerate().find_map(|(index, piece)| {
        let Piece::Bare(text) = piece else {
            return None;
        };
        let open = text.find('{')?;
        let close = open + text[open..].find('}')?;
        let items = brace_items(&text[open + 1..close])?;
        let words = items
            .into_iter()
            .map(|item| {
                let mut pieces = word.0.clone();
                pieces[index] =
                    Piece::Bare(format!("{}{item}{}", &text[..open], &text[close + 1..]));
                Word(pieces)
            })
            .collect();
        Some(words)
    })
}

/// `1..5` (also backwards, and `1..10..2`), `a..e`, or `x,y,z`.
fn brace_items(inside: &str) -> Option<Vec<String>> {
    if inside.contains(',') {
        return Some(inside.split(',').map(str::to_string).collect());
    }
    let parts: Vec<&str> = inside.split("..").collect();
    let (from, to, step) = match parts.as_slice() {
        [from, to] => (*from, *to, 1),
        [from, to, step] => (*from, *to, step.parse::<i64>().ok()?.unsigned_abs().max(1)),
        _ => return None,
    };
    if let (Ok(a), Ok(b)) = (from.parse::<i64>(), to.parse::<i64>()) {
        let step = usize::try_from(step).unwrap_or(1);
        let items: Vec<String> = match a <= b {
            // One past the cap, so the caller can say it cut the list.
            true => (a..=b)
                .step_by(step)
                .take(MAX_BRACE_WORDS + 1)
                .map(|n| n.to_string())
                .collect(),
            false => (b..=a)
                .rev()
                .step_by(step)
                .take(MAX_BRACE_WORDS + 1)
                .map(|n| n.to_string())
                .collect(),
        };
        return Some(items);
    }
    let (a, b) = (single_char(from)?, single_char(to)?);
    let range: Vec<String> = match a <= b {
        true => (a..=b).map(String::from).collect(),
        false => (b..=a).rev().map(String::from).collect(),
    };
    Some(range)
}

fn single_char(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let c = chars.next().filter(char::is_ascii_alphabetic)?;
    chars.next().is_none().then_some(c)
}
