//! Words and operators of a command line, as bash splits them: quotes, escapes, `$NAME`, `${NAME}` and `$(...)`.

use super::{Op, Piece, Token, Word};

/// The message bash gives for a quote left open.
pub(super) const OPEN_QUOTE: &str = "bash: syntax error: unterminated quoted string\n";

/// The tokens of a line; `Err` carries bash's message.
pub(super) fn tokens(line: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = line.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '#' {
            break;
        } else if let Some((op, len)) = operator(&chars[i..]) {
            tokens.push(Token::Op(op));
            i += len;
        } else {
            let (word, next) = word(&chars, i)?;
            tokens.push(Token::Word(word));
            i = next;
        }
    }
    Ok(tokens)
}

fn operator(rest: &[char]) -> Option<(Op, usize)> {
    Some(match rest {
        ['2', '>', '&', '1', ..] => (Op::ErrToOut, 4),
        ['2', '>', '>', ..] => (Op::ErrAppend, 3),
        ['2', '>', ..] => (Op::ErrReplace, 2),
        ['&', '>', ..] => (Op::Both, 2),
        ['&', '&', ..] => (Op::And, 2),
        ['|', '|', ..] => (Op::Or, 2),
        ['|', ..] => (Op::Pipe, 1),
        [';', ..] => (Op::Semi, 1),
        ['>', '>', ..] => (Op::Append, 2),
        ['>', ..] => (Op::Replace, 1),
        ['<', '<', '-', ..] => (Op::Heredoc, 3),
        ['<', '<', ..] => (Op::Heredoc, 2),
        ['&', ..] => (Op::Background, 1),
        _ => return None,
    })
}

/// Collects a word's pieces, joining neighbouring literal text of the same kind.
#[derive(Default)]
struct Pieces(Vec<Piece>);

impl Pieces {
    fn bare(&mut self, c: char) {
        match self.0.last_mut() {
            Some(Piece::Bare(text)) => text.push(c),
            _ => self.0.push(Piece::Bare(c.to_string())),
        }
    }

    fn quoted(&mut self, text: &str) {
        match self.0.last_mut() {
            Some(Piece::Quoted(old)) => old.push_str(text),
            _ => self.0.push(Piece::Quoted(text.to_string())),
        }
    }
}

/// One word from `start`, and where the next token starts.
fn word(chars: &[char], start: usize) -> Result<(Word, usize), String> {
    let mut pieces = Pieces::default();
    let mut i = start;
    while i < chars.len() {
        let c = chars[i];
        let digit_op = c == '2' && i > start;
        if c.is_whitespace() || (!digit_op && operator(&chars[i..]).is_some()) {
            break;
        }
        match c {
            '\'' => {
                let end = find(chars, i + 1, '\'').ok_or(OPEN_QUOTE)?;
                pieces.quoted(&chars[i + 1..end].iter().collect::<String>());
                i = end + 1;
            }
            '"' => i = double_quoted(chars, i + 1, &mut pieces)?,
            '\\' if i + 1 < chars.len() => {
                pieces.quoted(&chars[i + 1].to_string());
                i += 2;
            }
            '$' => match dollar(chars, i, false)? {
                Some((piece, next)) => {
                    pieces.0.push(piece);
                    i = next;
                }
                None => {
                    pieces.bare('$');
                    i += 1;
                }
            },
            _ => {
                pieces.bare(c);
                i += 1;
            }
        }
    }
    Ok((Word(pieces.0), i))
}

/// The inside of `"..."` from `i`; returns the index after the closing quote.
fn double_quoted(chars: &[char], mut i: usize, pieces: &mut Pieces) -> Result<usize, String> {
    // `""` is an empty word, not no word.
    pieces.quoted("");
    while i < chars.len() {
        match chars[i] {
            '"' => return Ok(i + 1),
            '\\' if matches!(chars.get(i + 1), Some('"' | '\\' | '$' | '`')) => {
                pieces.quoted(&chars[i + 1].to_string());
                i += 2;
            }
            '$' => match dollar(chars, i, true)? {
                Some((piece, next)) => {
                    pieces.0.push(piece);
                    i = next;
                }
                None => {
                    pieces.quoted("$");
                    i += 1;
                }
            },
            c => {
                pieces.quoted(&c.to_string());
                i += 1;
            }
        }
    }
    Err(OPEN_QUOTE.to_string())
}

/// `$NAME`, `${NAME}`, `$?` or `$(...)` at `i`; None when the `$` is a plain character.
fn dollar(chars: &[char], i: usize, quoted: bool) -> Result<Option<(Piece, usize)>, String> {
    match chars.get(i + 1) {
        Some('(') if chars.get(i + 2) == Some(&'(') => {
            let inner = closing_paren(chars, i + 3)?;
            if chars.get(inner + 1) != Some(&')') {
                return Err("bash: unexpected EOF while looking for matching `)'\n".to_string());
            }
            let expr = chars[i + 3..inner].iter().collect();
            Ok(Some((Piece::Arith { expr, quoted }, inner + 2)))
        }
        Some('(') => {
            let end = closing_paren(chars, i + 2)?;
            let line = chars[i + 2..end].iter().collect();
            Ok(Some((Piece::Command { line, quoted }, end + 1)))
        }
        Some('{') => {
            let end = find(chars, i + 2, '}').ok_or("bash: bad substitution\n")?;
            let name: String = chars[i + 2..end].iter().collect();
            if !is_name(&name) && name != "?" {
                return Err(format!("bash: ${{{name}}}: bad substitution\n"));
            }
            Ok(Some((Piece::Var { name, quoted }, end + 1)))
        }
        Some('?') => Ok(Some((
            Piece::Var {
                name: "?".into(),
                quoted,
            },
            i + 2,
        ))),
        Some(c) if c.is_ascii_alphabetic() || *c == '_' => {
            let end = (i + 1..chars.len())
                .find(|&j| !(chars[j].is_ascii_alphanumeric() || chars[j] == '_'))
                .unwrap_or(chars.len());
            let name = chars[i + 1..end].iter().collect();
            Ok(Some((Piece::Var { name, quoted }, end)))
        }
        _ => Ok(None),
    }
}

/// The `)` that closes a `$(` whose inside starts at `i`, skipping quoted text and nested parentheses.
fn closing_paren(chars: &[char], mut i: usize) -> Result<usize, String> {
    let mut depth = 0;
    while i < chars.len() {
        match chars[i] {
            '\'' => i = find(chars, i + 1, '\'').ok_or(OPEN_QUOTE)?,
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
                if i >= chars.len() {
                    return Err(OPEN_QUOTE.to_string());
                }
            }
            '\\' => i += 1,
            '(' => depth += 1,
            ')' if depth == 0 => return Ok(i),
            ')' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    Err("bash: unexpected EOF while looking for matching `)'\n".to_string())
}

fn find(chars: &[char], from: usize, wanted: char) -> Option<usize> {
    (from..chars.len()).find(|&j| chars[j] == wanted)
}

/// A shell variable's name: a letter or `_`, then letters, digits and `_`.
pub(super) fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
