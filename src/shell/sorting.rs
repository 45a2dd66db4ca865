//! `sort`, `uniq` and `tr`, as tutorials pipe kubectl into them (kubernetes.io's "List All Container Images Running
//! in a Cluster": `tr -s '[[:space:]]' '\n' | sort | uniq -c`). GNU coreutils' output, for the options tutorials use.

use crate::engine::order;
use crate::shell::Output;

/// `sort [-r] [-n] [-u]`: lines in byte order (the C locale), numerically by their leading number with `-n`.
pub(super) fn sort(args: &[String], input: &str) -> Output {
    let flags = letters(args);
    let mut lines: Vec<&str> = input.lines().collect();
    if flags.contains('n') {
        let number = |l: &str| {
            let t = l.trim_start();
            let end = t
                .char_indices()
                .find(|(i, c)| !(c.is_ascii_digit() || (*i == 0 && *c == '-') || *c == '.'))
                .map_or(t.len(), |(i, _)| i);
            t[..end].parse::<f64>().unwrap_or(0.0)
        };
        order::sort_by(&mut lines, |a, b| {
            number(a).total_cmp(&number(b)).then(a.cmp(b))
        });
    } else {
        lines.sort_unstable();
    }
    if flags.contains('r') {
        lines.reverse();
    }
    if flags.contains('u') {
        lines.dedup();
    }
    Output::out(lines.iter().map(|l| format!("{l}\n")).collect::<String>())
}

/// `uniq [-c]`: adjacent repeated lines once, with `-c` counted as GNU uniq prints (`%7d `).
pub(super) fn uniq(args: &[String], input: &str) -> Output {
    let count = letters(args).contains('c');
    let mut out = String::new();
    let mut lines = input.lines().peekable();
    while let Some(line) = lines.next() {
        let mut n = 1;
        while lines.peek() == Some(&line) {
            lines.next();
            n += 1;
        }
        if count {
            out.push_str(&format!("{n:>7} {line}\n"));
        } else {
            out.push_str(&format!("{line}\n"));
        }
    }
    Output::out(out)
}

/// `tr [-s] [-d] SET1 [SET2]`: characters of SET1 become SET2's (the last one repeats), `-d` deletes them, `-s`
/// squeezes runs of the result's SET characters into one. Sets take ranges (`a-z`), `\n`, `\t` and the classes
/// `[:space:]`, `[:upper:]`, `[:lower:]`, `[:digit:]`, `[:alpha:]`.
pub(super) fn tr(args: &[String], input: &str) -> Output {
    let flags = letters(args);
    let sets: Vec<Vec<char>> = args
        .iter()
        .filter(|a| !(a.starts_with('-') && a.len() > 1))
        .map(|a| set(a))
        .collect();
    let Some(from) = sets.first() else {
        return Output::err("tr: missing operand\nTry 'tr --help' for more information.\n");
    };
    let to = sets.get(1);
    let mut out = String::with_capacity(input.len());
    let squeeze: &[char] = to.map_or(from.as_slice(), Vec::as_slice);
    for c in input.chars() {
        let mapped = match from.iter().position(|f| *f == c) {
            Some(_) if flags.contains('d') => continue,
            Some(i) => to
                .and_then(|to| to.get(i).or(to.last()))
                .copied()
                .unwrap_or(c),
            None => c,
        };
        if flags.contains('s') && squeeze.contains(&mapped) && out.ends_with(mapped) {
            continue;
        }
        out.push(mapped);
    }
    Output::out(out)
}

/// The one-letter flags given (`-rn` is `r` and `n`).
fn letters(args: &[String]) -> String {
    args.iter()
        .filter(|a| a.starts_with('-') && a.len() > 1 && !a.starts_with("--"))
        .flat_map(|a| a[1..].chars())
        .collect()
}

/// A character class of `tr` and the test for its members.
type Class = (&'static str, fn(char) -> bool);

/// A `tr` set, expanded.
fn set(text: &str) -> Vec<char> {
    const CLASSES: [Class; 5] = [
        ("[:space:]", |c| c.is_ascii_whitespace() || c == '\u{b}'),
        ("[:upper:]", |c| c.is_ascii_uppercase()),
        ("[:lower:]", |c| c.is_ascii_lowercase()),
        ("[:digit:]", |c| c.is_ascii_digit()),
        ("[:alpha:]", |c| c.is_ascii_alphabetic()),
    ];
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some((class, test)) = CLASSES.iter().find(|(name, _)| rest.starts_with(name)) {
            out.extend((0u8..128).map(char::from).filter(|c| test(*c)));
            rest = &rest[class.len()..];
            continue;
        }
        rest = &rest[c.len_utf8()..];
        let c = match (c, rest.chars().next()) {
            ('\\', Some(e)) => {
                rest = &rest[e.len_utf8()..];
                match e {
                    'n' => '\n',
                    't' => '\t',
                    other => other,
                }
            }
            // `[` and `]` around a class or a set, as in `'[[:space:]]'`, stand for themselves only alone.
            ('[' | ']', _) if text.contains("[:") => continue,
            (c, _) => c,
        };
        match (rest.strip_prefix('-'), rest.chars().nth(1)) {
            (Some(after), Some(end)) if end != '\\' => {
                out.extend((c..=end).filter(|x| *x >= c));
                rest = &after[end.len_utf8()..];
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{sort, tr, uniq};

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn the_container_images_pipeline() {
        let images = "nginx:1.17 traefik:v1.7 nginx:1.17\nnginx:1.17";
        let lines = tr(&words(&["-s", "[[:space:]]", "\\n"]), images).combined();
        assert_eq!(lines, "nginx:1.17\ntraefik:v1.7\nnginx:1.17\nnginx:1.17");
        let sorted = sort(&[], &lines).combined();
        assert_eq!(
            uniq(&words(&["-c"]), &sorted).combined(),
            "      3 nginx:1.17\n      1 traefik:v1.7\n"
        );
    }

    #[test]
    fn sort_numbers_and_reverse_and_tr_ranges() {
        let input = "10 b\n9 a\n100 c\n";
        assert_eq!(
            sort(&words(&["-n"]), input).combined(),
            "9 a\n10 b\n100 c\n"
        );
        assert_eq!(
            sort(&words(&["-rn"]), input).combined(),
            "100 c\n10 b\n9 a\n"
        );
        assert_eq!(tr(&words(&["a-z", "A-Z"]), "web-1").combined(), "WEB-1");
        assert_eq!(tr(&words(&["-d", "-"]), "web-1").combined(), "web1");
    }
}
