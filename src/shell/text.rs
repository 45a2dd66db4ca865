//! The text filters tutorials pipe kubectl and curl into: `head`, `tail`, `grep` (fixed strings) and `wc -l`.

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
        "wc" => Output::out(format!("{}\n", lines.len())),
        _ => {
            // Patterns are fixed strings (as with grep -F); `-e` may give several.
            let ignore_case = args.iter().any(|a| a == "-i");
            let invert = args.iter().any(|a| a == "-v");
            let mut patterns = Vec::new();
            let mut words = args.iter();
            while let Some(word) = words.next() {
                if word == "-e" {
                    patterns.extend(words.next().cloned());
                } else if !word.starts_with('-') && patterns.is_empty() {
                    patterns.push(word.clone());
                }
            }
            if patterns.is_empty() {
                return Output::err("Usage: grep [OPTION]... PATTERNS [FILE]...\n");
            }
            let fold = |s: &str| {
                if ignore_case {
                    s.to_lowercase()
                } else {
                    s.to_string()
                }
            };
            let patterns: Vec<String> = patterns.iter().map(|p| fold(p)).collect();
            let picked: Vec<&str> = lines
                .iter()
                .copied()
                .filter(|l| patterns.iter().any(|p| fold(l).contains(p.as_str())) != invert)
                .collect();
            Output::out(joined(&picked))
        }
    }
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
}
