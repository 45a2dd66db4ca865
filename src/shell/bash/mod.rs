//! The bash the tutorials write around kubectl, parsed into a script: words with quotes, `$NAME`, `"$NAME"`,
//! `${NAME}` and `$(...)`; pipes, `>` and `>>`; here-documents (`cat <<EOF > file`, `kubectl apply -f - <<EOF`);
//! `&&`, `||` and `;`; `export NAME=...`; and `for NAME in WORDS; do ...; done`. Parsing cannot fail: a line bash
//! refuses is `Line::Invalid` with bash's message. Running the script is `shell::script`'s work.

pub(super) mod arith;
mod lex;
#[cfg(test)]
mod tests;

use lex::is_name;

/// One piece of a word as it was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    /// Unquoted text: `$(...)` results next to it are split into fields.
    Bare(String),
    /// Text from quotes or a backslash, taken as it is.
    Quoted(String),
    /// `$NAME`, `${NAME}` or `$?`; `quoted` inside double quotes, where its value is not split.
    Var { name: String, quoted: bool },
    /// `$(...)`: the command line inside, run when the word is expanded.
    Command { line: String, quoted: bool },
    /// `$((...))`: integer arithmetic, evaluated when the word is expanded.
    Arith { expr: String, quoted: bool },
}

/// A word before expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Word(pub Vec<Piece>);

impl Word {
    /// The word's text when it is plain unquoted text (a keyword or a variable name).
    fn bare(&self) -> Option<&str> {
        match self.0.as_slice() {
            [Piece::Bare(text)] => Some(text),
            _ => None,
        }
    }

    /// The word's text with quotes removed and nothing expanded (a here-document's terminator).
    fn literal(&self) -> String {
        self.0
            .iter()
            .map(|p| match p {
                Piece::Bare(t) | Piece::Quoted(t) => t.clone(),
                Piece::Var { name, .. } => format!("${name}"),
                Piece::Command { line, .. } => format!("$({line})"),
                Piece::Arith { expr, .. } => format!("$(({expr}))"),
            })
            .collect()
    }

    /// `NAME=value` as an assignment: the name and the value's pieces.
    fn assignment(&self) -> Option<(String, Word)> {
        let Some(Piece::Bare(first)) = self.0.first() else {
            return None;
        };
        let (name, value) = first.split_once('=')?;
        if !is_name(name) {
            return None;
        }
        let mut pieces = Vec::new();
        if !value.is_empty() {
            pieces.push(Piece::Bare(value.to_string()));
        }
        pieces.extend(self.0[1..].iter().cloned());
        Some((name.to_string(), Word(pieces)))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    Pipe,
    And,
    Or,
    Semi,
    Background,
    Replace,
    Append,
    Heredoc,
    /// `2> file`, `2>> file`, `2>&1` and `&> file`.
    ErrReplace,
    ErrAppend,
    ErrToOut,
    Both,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token {
    Word(Word),
    Op(Op),
}

/// Where a command's standard output goes instead of the terminal or the next command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Redirect {
    /// `> file`: the file holds only this output.
    Replace(Word),
    /// `>> file`: the output goes after what the file holds.
    Append(Word),
}

/// A command with its words, the variables it sets, and where its output goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Simple {
    pub assignments: Vec<(String, Word)>,
    pub words: Vec<Word>,
    pub redirect: Option<Redirect>,
    /// Where its standard error goes instead of the terminal.
    pub errors: Option<Errors>,
    /// `<<EOF`: the here-document's body is this command's input.
    pub heredoc: Option<String>,
}

/// Where a command's standard error goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Errors {
    /// `2> file` or `2>> file` (`/dev/null` drops it).
    To(Redirect),
    /// `2>&1`: with standard output.
    ToOut,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Command {
    Simple(Simple),
    /// `for NAME in WORDS; do BODY; done`.
    For {
        name: String,
        values: Vec<Word>,
        body: Script,
    },
}

/// Commands joined by `|`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Pipeline(pub Vec<Command>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Chain {
    /// `&&`: run when the one before succeeded.
    And,
    /// `||`: run when the one before failed.
    Or,
}

/// Pipelines joined by `&&` and `||`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(Chain, Pipeline)>,
}

/// And-or lists run one after another (`;`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Script(pub Vec<AndOr>);

impl Script {
    /// The terminator of the here-document a command of the script reads, if one does.
    pub(super) fn heredoc(&self) -> Option<&str> {
        let commands = self.0.iter().flat_map(|a| {
            std::iter::once(&a.first)
                .chain(a.rest.iter().map(|(_, p)| p))
                .flat_map(|p| &p.0)
        });
        commands
            .filter_map(|c| match c {
                Command::Simple(s) => s.heredoc.as_deref(),
                Command::For { body, .. } => body.heredoc(),
            })
            .next()
    }
}

/// What a command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Line {
    Empty,
    Invalid(String),
    /// The line opens a here-document: the following lines, up to the terminator, are its body.
    Heredoc {
        terminator: String,
        script: Script,
    },
    Run(Script),
}

pub(super) fn parse(line: &str) -> Line {
    let tokens = match lex::tokens(line) {
        Ok(tokens) if tokens.is_empty() => return Line::Empty,
        Ok(tokens) => tokens,
        Err(message) => return Line::Invalid(message),
    };
    let mut parser = Parser { tokens, at: 0 };
    let script = match parser.list(&[]) {
        Ok(script) if parser.at == parser.tokens.len() => script,
        Ok(_) => return Line::Invalid(parser.unexpected()),
        Err(message) => return Line::Invalid(message),
    };
    match script.heredoc() {
        Some("") => Line::Invalid(unexpected_token("newline")),
        Some(terminator) => Line::Heredoc {
            terminator: terminator.to_string(),
            script,
        },
        None => Line::Run(script),
    }
}

fn unexpected_token(token: &str) -> String {
    format!("bash: syntax error near unexpected token `{token}'\n")
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    /// Whether the next token is the keyword `word` at a command's start.
    fn at_keyword(&self, keyword: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(w)) if w.bare() == Some(keyword))
    }

    /// bash's message for the token where parsing stopped.
    fn unexpected(&self) -> String {
        match self.peek() {
            None => "bash: syntax error: unexpected end of file\n".to_string(),
            Some(Token::Word(w)) => unexpected_token(&w.literal()),
            Some(Token::Op(op)) => unexpected_token(match op {
                Op::Pipe => "|",
                Op::And => "&&",
                Op::Or => "||",
                Op::Semi => ";",
                Op::Background => "&",
                Op::Replace | Op::Append | Op::Heredoc => "newline",
                Op::ErrReplace | Op::ErrAppend | Op::ErrToOut | Op::Both => "newline",
            }),
        }
    }

    /// And-or lists separated by `;` (or `&`, run in the foreground here), up to the end or a keyword in `stops`.
    fn list(&mut self, stops: &[&str]) -> Result<Script, String> {
        let mut script = Script::default();
        loop {
            if self.peek().is_none() || stops.iter().any(|k| self.at_keyword(k)) {
                return Ok(script);
            }
            script.0.push(self.and_or(stops)?);
            match self.peek() {
                Some(Token::Op(Op::Semi | Op::Background)) => self.at += 1,
                None => return Ok(script),
                _ if stops.iter().any(|k| self.at_keyword(k)) => return Ok(script),
                _ => return Err(self.unexpected()),
            }
        }
    }

    fn and_or(&mut self, stops: &[&str]) -> Result<AndOr, String> {
        let first = self.pipeline(stops)?;
        let mut rest = Vec::new();
        loop {
            let chain = match self.peek() {
                Some(Token::Op(Op::And)) => Chain::And,
                Some(Token::Op(Op::Or)) => Chain::Or,
                _ => return Ok(AndOr { first, rest }),
            };
            self.at += 1;
            rest.push((chain, self.pipeline(stops)?));
        }
    }

    fn pipeline(&mut self, stops: &[&str]) -> Result<Pipeline, String> {
        let mut commands = vec![self.command(stops)?];
        while let Some(Token::Op(Op::Pipe)) = self.peek() {
            self.at += 1;
            commands.push(self.command(stops)?);
        }
        Ok(Pipeline(commands))
    }

    fn command(&mut self, stops: &[&str]) -> Result<Command, String> {
        if self.at_keyword("for") {
            return self.for_loop();
        }
        let simple = self.simple(stops)?;
        if simple.words.is_empty() && simple.assignments.is_empty() {
            return Err(self.unexpected());
        }
        Ok(Command::Simple(simple))
    }

    /// Words, assignments before them, a redirect and a here-document, up to an operator that ends the command.
    fn simple(&mut self, stops: &[&str]) -> Result<Simple, String> {
        let mut simple = Simple::default();
        while let Some(token) = self.peek().cloned() {
            match token {
                Token::Word(_)
                    if simple.words.is_empty() && stops.iter().any(|k| self.at_keyword(k)) =>
                {
                    break
                }
                Token::Word(word) => {
                    self.at += 1;
                    // `export NAME=VALUE` sets as `NAME=VALUE` does: the value is one word, never split.
                    let declares = simple.words.first().and_then(Word::bare) == Some("export");
                    match word.assignment() {
                        Some(a) if simple.words.is_empty() || declares => {
                            simple.assignments.push(a)
                        }
                        _ => simple.words.push(word),
                    }
                }
                Token::Op(Op::ErrToOut) => {
                    self.at += 1;
                    simple.errors = Some(Errors::ToOut);
                }
                Token::Op(
                    op @ (Op::Replace
                    | Op::Append
                    | Op::Heredoc
                    | Op::ErrReplace
                    | Op::ErrAppend
                    | Op::Both),
                ) => {
                    self.at += 1;
                    let Some(Token::Word(target)) = self.next() else {
                        self.at -= 1;
                        return Err(unexpected_token("newline"));
                    };
                    match op {
                        Op::Replace => simple.redirect = Some(Redirect::Replace(target)),
                        Op::Append => simple.redirect = Some(Redirect::Append(target)),
                        Op::ErrReplace => {
                            simple.errors = Some(Errors::To(Redirect::Replace(target)))
                        }
                        Op::ErrAppend => simple.errors = Some(Errors::To(Redirect::Append(target))),
                        Op::Both => {
                            simple.redirect = Some(Redirect::Replace(target));
                            simple.errors = Some(Errors::ToOut);
                        }
                        _ => simple.heredoc = Some(target.literal()),
                    }
                }
                Token::Op(_) => break,
            }
        }
        Ok(simple)
    }

    /// `for NAME in WORDS; do LIST; done` (the `for` keyword is next).
    fn for_loop(&mut self) -> Result<Command, String> {
        self.at += 1;
        let name = match self.next() {
            Some(Token::Word(w)) if w.bare().is_some_and(is_name) => w.literal(),
            _ => {
                self.at -= 1;
                return Err(self.unexpected());
            }
        };
        let mut values = Vec::new();
        if self.at_keyword("in") {
            self.at += 1;
            while let Some(Token::Word(w)) = self.peek() {
                values.push(w.clone());
                self.at += 1;
            }
        }
        if let Some(Token::Op(Op::Semi)) = self.peek() {
            self.at += 1;
        }
        if !self.at_keyword("do") {
            return Err(self.unexpected());
        }
        self.at += 1;
        let body = self.list(&["done"])?;
        if !self.at_keyword("done") || body.0.is_empty() {
            return Err(self.unexpected());
        }
        self.at += 1;
        Ok(Command::For { name, values, body })
    }
}
