//! The text filters tutorials pipe kubectl and curl into: `head`, `tail`, `grep` (basic, `-E` extended or `-F` fixed patterns) and `wc`.

use crate::shell::Output;

pub(super) fn filter(program: &str, args: &[String], input: &str) -> Output {
    let lines: Vec<&str> = input.lines().collect();
    let count = |default: usize| {
        let mut n = default;
        let mut words = args.iter();
        while let Some(word) = words.next() {
            if word == "-n" {
                n = words
                    .next()
                    .and_then(|v| v.trim_start_matches('+').parse().ok())
                    .unwrap_or(n);
            } else if let Some(v) = word.strip_prefix("-n").or_else(|| word.strip_prefix('-')) {
                n = v.parse().unwrap_or(n);
            }
        }
        n
    };
    let joined = |picked: &[&str]| picked.iter().map(|l| format!("{l}\n")).collect::<String>();
    match program {
        "head" => Output::out(joined(&lines[..count(10).min(lines.len())])),
        "tail" => Output::out(joined(&lines[lines.len().saturating_sub(count(10))..])),
        "wc" => Output::out(wc(args, input)),
        _ => grep(args, &lines, joined),
    }
}

/// `wc [-l] [-w] [-c]` on standard input: one count alone, or several in GNU's 7-wide columns (all three without
/// options).
fn wc(args: &[String], input: &str) -> String {
    let flags: String = args
        .iter()
        .filter(|a| a.starts_with('-'))
        .flat_map(|a| a.chars().skip(1))
        .collect();
    let counts = [
        ('l', input.matches('\n').count()),
        ('w', input.split_whitespace().count()),
        ('c', input.len()),
    ];
    let chosen: Vec<usize> = counts
        .iter()
        .filter(|(flag, _)| flags.is_empty() || flags.contains(*flag))
        .map(|(_, n)| *n)
        .collect();
    match chosen.as_slice() {
        [one] => format!("{one}\n"),
        many => {
            many.iter()
                .map(|n| format!("{n:>7}"))
                .collect::<Vec<_>>()
                .join(" ")
                + "\n"
        }
    }
}

/// grep's dialects: `-F` fixed strings, `-E` extended, and by default basic regular expressions, where `+ ? | ( ) { }`
/// are literal unless escaped.
#[derive(Clone, Copy, PartialEq)]
enum Dialect {
    Fixed,
    Basic,
    Extended,
}

fn grep(args: &[String], lines: &[&str], joined: impl Fn(&[&str]) -> String) -> Output {
    let mut dialect = Dialect::Basic;
    let (mut ignore_case, mut invert) = (false, false);
    let mut patterns = Vec::new();
    let mut given = false;
    let mut words = args.iter();
    while let Some(word) = words.next() {
        match word.as_str() {
            "-e" => {
                given = true;
                patterns.extend(words.next().cloned());
            }
            "-F" | "--fixed-strings" => dialect = Dialect::Fixed,
            "-E" | "--extended-regexp" => dialect = Dialect::Extended,
            "-G" | "--basic-regexp" => dialect = Dialect::Basic,
            "-i" | "--ignore-case" => ignore_case = true,
            "-v" | "--invert-match" => invert = true,
            flag if flag.starts_with('-') && flag.len() > 1 => {
                for c in flag[1..].chars() {
                    match c {
                        'F' => dialect = Dialect::Fixed,
                        'E' => dialect = Dialect::Extended,
                        'i' => ignore_case = true,
                        'v' => invert = true,
                        _ => {}
                    }
                }
            }
            pattern if !given && patterns.is_empty() => patterns.push(pattern.to_string()),
            _ => {}
        }
    }
    if patterns.is_empty() {
        return Output::err("Usage: grep [OPTION]... PATTERNS [FILE]...\n");
    }
    let mut regexes = Vec::new();
    for pattern in &patterns {
        let source = match dialect {
            Dialect::Fixed => regex_lite::escape(pattern),
            Dialect::Basic => basic_to_extended(pattern),
            Dialect::Extended => pattern.clone(),
        };
        match regex_lite::RegexBuilder::new(&source)
            .case_insensitive(ignore_case)
            .build()
        {
            Ok(regex) => regexes.push(regex),
            Err(_) => return Output::err(format!("grep: invalid regular expression: {pattern}\n")),
        }
    }
    let picked: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| regexes.iter().any(|r| r.is_match(l)) != invert)
        .collect();
    Output::out(joined(&picked))
}

/// A basic regular expression in the extended syntax: `\+ \? \| \( \) \{ \}` become operators and their bare
/// forms become literals.
fn basic_to_extended(pattern: &str) -> String {
    let mut out = String::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(op @ ('+' | '?' | '|' | '(' | ')' | '{' | '}')) => out.push(op),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push_str("\\\\"),
            },
            '+' | '?' | '|' | '(' | ')' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_pick_lines() {
        let text = "a\nb\nc\nd\n";
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(filter("head", &args(&["-n", "2"]), text).stdout(), "a\nb\n");
        assert_eq!(filter("tail", &args(&["-1"]), text).stdout(), "d\n");
        assert_eq!(
            filter("grep", &args(&["-v", "b"]), text).stdout(),
            "a\nc\nd\n"
        );
        assert_eq!(filter("wc", &args(&["-l"]), text).stdout(), "4\n");
        assert_eq!(
            filter("grep", &args(&["-e", "a", "-e", "c"]), text).stdout(),
            "a\nc\n"
        );
    }

    #[test]
    fn grep_speaks_basic_extended_and_fixed_patterns() {
        let text = "nginx-1 Running\nweb (nginx) Pending\na+b\nNGINX\n";
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let grep = |a: &[&str]| filter("grep", &args(a), text).stdout();
        assert_eq!(grep(&["^nginx"]), "nginx-1 Running\n");
        assert_eq!(grep(&["Running$"]), "nginx-1 Running\n");
        assert_eq!(grep(&["(nginx)"]), "web (nginx) Pending\n");
        assert_eq!(grep(&["a+b"]), "a+b\n");
        assert_eq!(
            grep(&["Running\\|Pending"]),
            "nginx-1 Running\nweb (nginx) Pending\n"
        );
        assert_eq!(
            grep(&["-E", "Running|Pending"]),
            "nginx-1 Running\nweb (nginx) Pending\n"
        );
        assert_eq!(grep(&["-F", "a+b"]), "a+b\n");
        assert_eq!(grep(&["-i", "^nginx$"]), "NGINX\n");
        assert_eq!(grep(&["-vi", "nginx"]), "a+b\n");
        let broken = filter("grep", &args(&["-E", "(nginx"]), text);
        assert_eq!(broken.stdout(), "");
        assert_eq!(
            broken.stderr(),
            "grep: invalid regular expression: (nginx\n"
        );
    }
}
