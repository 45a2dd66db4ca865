//! The bits of bash the tutorials use around kubectl: quoting, pipes, `>` and `>>` redirects and here-documents
//! (`cat <<EOF > file`, `kubectl apply -f - <<EOF`).

/// One command of a pipeline and where its standard output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Stage {
    pub words: Vec<String>,
    pub redirect: Option<Redirect>,
}

/// Where a stage's standard output goes instead of the next stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Redirect {
    /// `> file`: the file holds only this output.
    Replace(String),
    /// `>> file`: the output goes after what the file holds.
    Append(String),
}

impl Redirect {
    fn to(operator: &str, file: String) -> Redirect {
        if operator == ">>" {
            Redirect::Append(file)
        } else {
            Redirect::Replace(file)
        }
    }
}

/// A here-document being read: the line that started it and the body so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Heredoc {
    pub terminator: String,
    pub stages: Vec<Stage>,
    pub body: String,
}

/// What a command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Line {
    Empty,
    Invalid(String),
    /// The line opened a here-document; the following lines are its body.
    Heredoc(Heredoc),
    Run(Vec<Stage>),
}

pub(super) fn parse(line: &str) -> Line {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Line::Empty;
    }
    let Some(mut words) = shlex::split(trimmed) else {
        return Line::Invalid("bash: syntax error: unterminated quoted string\n".to_string());
    };
    // `<<EOF`, `<< EOF`, `<<'EOF'` and `<<-EOF` all open a here-document (shlex has already removed the quotes).
    let mut terminator = None;
    if let Some(at) = words.iter().position(|w| w.starts_with("<<")) {
        let word = words.remove(at);
        let rest = word
            .trim_start_matches("<<")
            .trim_start_matches('-')
            .to_string();
        terminator = Some(if rest.is_empty() && at < words.len() {
            words.remove(at)
        } else {
            rest
        });
    }
    let stages = match split_stages(words) {
        Ok(stages) => stages,
        Err(message) => return Line::Invalid(message),
    };
    match terminator {
        Some(t) if t.is_empty() => {
            Line::Invalid("bash: syntax error near unexpected token `newline'\n".to_string())
        }
        Some(terminator) => Line::Heredoc(Heredoc {
            terminator,
            stages,
            body: String::new(),
        }),
        None => Line::Run(stages),
    }
}

fn split_stages(words: Vec<String>) -> Result<Vec<Stage>, String> {
    let mut stages = Vec::new();
    let mut current = Stage {
        words: Vec::new(),
        redirect: None,
    };
    let mut words = words.into_iter();
    while let Some(word) = words.next() {
        match word.as_str() {
            "|" => {
                if current.words.is_empty() {
                    return Err("bash: syntax error near unexpected token `|'\n".to_string());
                }
                stages.push(std::mem::replace(
                    &mut current,
                    Stage {
                        words: Vec::new(),
                        redirect: None,
                    },
                ));
            }
            ">" | ">>" => match words.next() {
                Some(file) => current.redirect = Some(Redirect::to(&word, file)),
                None => {
                    return Err("bash: syntax error near unexpected token `newline'\n".to_string())
                }
            },
            _ if word.starts_with(">>") => {
                current.redirect = Some(Redirect::Append(word[2..].to_string()))
            }
            _ if word.starts_with('>') => {
                current.redirect = Some(Redirect::Replace(word[1..].to_string()))
            }
            _ => current.words.push(word),
        }
    }
    if current.words.is_empty() && !stages.is_empty() {
        return Err("bash: syntax error: unexpected end of file\n".to_string());
    }
    stages.push(current);
    Ok(stages)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(stage: &Stage) -> Vec<&str> {
        stage.words.iter().map(String::as_str).collect()
    }

    #[test]
    fn a_heredoc_into_a_file() {
        let Line::Heredoc(h) = parse("cat <<'EOF' > pod.yaml") else {
            panic!("no heredoc")
        };
        assert_eq!(h.terminator, "EOF");
        assert_eq!(words(&h.stages[0]), ["cat"]);
        assert_eq!(
            h.stages[0].redirect,
            Some(Redirect::Replace("pod.yaml".to_string()))
        );
    }

    #[test]
    fn a_heredoc_into_kubectl() {
        let Line::Heredoc(h) = parse("kubectl apply -f - << END") else {
            panic!("no heredoc")
        };
        assert_eq!(h.terminator, "END");
        assert_eq!(words(&h.stages[0]), ["kubectl", "apply", "-f", "-"]);
    }

    #[test]
    fn pipes_and_appends() {
        let Line::Run(stages) = parse("cat a.yaml | kubectl apply -f - >> log") else {
            panic!("not a run")
        };
        assert_eq!(stages.len(), 2);
        assert_eq!(words(&stages[1]), ["kubectl", "apply", "-f", "-"]);
        assert_eq!(
            stages[1].redirect,
            Some(Redirect::Append("log".to_string()))
        );
    }

    #[test]
    fn broken_lines_say_what_bash_says() {
        assert!(matches!(parse("echo 'x"), Line::Invalid(_)));
        assert!(matches!(parse("| ls"), Line::Invalid(_)));
        assert!(matches!(parse("ls >"), Line::Invalid(_)));
        assert_eq!(parse("   # a comment"), Line::Empty);
    }
}
