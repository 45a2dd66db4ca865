//! What go-yaml v2 makes of a scalar when it writes JSON back out: whether a plain string would read back as another
//! type (its `resolve`: YAML 1.1 booleans, numbers in any notation, timestamps), how Go writes a float, and the order
//! of a map's keys. `emit` asks these to choose quotes and order.

use std::cmp::Ordering;

use serde_json::Number;

/// Whether go-yaml v2 reads `text`, written plain, back as a string (its `resolve`): not null, a boolean of YAML 1.1
/// (`yes`, `on`, `N`), a number in any of its notations, a timestamp or the merge key.
pub(super) fn resolves_to_string(text: &str) -> bool {
    const OTHERS: [&str; 34] = [
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no",
        "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null",
        "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "<<",
    ];
    if OTHERS.contains(&text)
        || ["+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"].contains(&text)
    {
        return false;
    }
    match text.as_bytes()[0] {
        b'.' => !is_yaml_float(text),
        b'0'..=b'9' | b'+' | b'-' => {
            let plain = text.replace('_', "");
            !(is_timestamp(text) || is_go_int(&plain) || is_yaml_float(&plain))
        }
        _ => true,
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)` or `ParseUint` succeeding: a sign, then `0x`, `0o`, `0b`, a leading `0`
/// (octal) or decimal digits, within 64 bits.
fn is_go_int(text: &str) -> bool {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'+') => (false, &text[1..]),
        Some(b'-') => (true, &text[1..]),
        _ => (false, text),
    };
    let (radix, digits) = match digits.get(..2) {
        Some("0x" | "0X") => (16, &digits[2..]),
        Some("0o" | "0O") => (8, &digits[2..]),
        Some("0b" | "0B") => (2, &digits[2..]),
        _ if digits.len() > 1 && digits.starts_with('0') => (8, &digits[1..]),
        _ => (10, digits),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return false;
    }
    match u64::from_str_radix(digits, radix) {
        Ok(n) if negative => n <= 1 << 63,
        Ok(_) => true,
        Err(_) => false,
    }
}

/// go-yaml's float notation: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(text: &str) -> bool {
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = text.strip_prefix(['+', '-']).unwrap_or(text);
    let whole = digits(rest);
    let rest = &rest[whole..];
    let rest = match rest.strip_prefix('.') {
        Some(after) => {
            let fraction = digits(after);
            if whole == 0 && fraction == 0 {
                return false;
            }
            &after[fraction..]
        }
        None if whole == 0 => return false,
        None => rest,
    };
    match rest.strip_prefix(['e', 'E']) {
        None => rest.is_empty(),
        Some(exponent) => {
            let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
            !exponent.is_empty() && digits(exponent) == exponent.len()
        }
    }
}

/// YAML 1.1's sexagesimal floats (`1:20`, `190:20:30.15`), which go-yaml quotes for other parsers' sake:
/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
pub(super) fn is_base60_float(text: &str) -> bool {
    let rest = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (number, fraction) = rest.split_once('.').unwrap_or((rest, ""));
    let mut parts = number.split(':');
    let head = parts.next().unwrap_or_default();
    let head_ok = head.starts_with(|c: char| c.is_ascii_digit())
        && head.chars().all(|c| c.is_ascii_digit() || c == '_');
    let sixties: Vec<&str> = parts.collect();
    let sixty_ok = |p: &&str| match p.as_bytes() {
        [d] => d.is_ascii_digit(),
        [t, d] => (b'0'..=b'5').contains(t) && d.is_ascii_digit(),
        _ => false,
    };
    head_ok
        && !sixties.is_empty()
        && sixties.iter().all(sixty_ok)
        && fraction.chars().all(|c| c.is_ascii_digit() || c == '_')
}

/// The timestamps go-yaml v2 recognises: `2006-1-2`, `2006-1-2 15:4:5.999999999` and
/// `2006-1-2T15:4:5.999999999Z07:00` (`t` too), the date's year of four digits and the other fields of one or two.
fn is_timestamp(text: &str) -> bool {
    let Some((date, time)) = split_date(text) else {
        return false;
    };
    if !valid_date(date) {
        return false;
    }
    match time {
        None => true,
        Some((' ', clock)) => clock_and_fraction(clock),
        Some((_, clock)) => {
            let (clock, zone) = match clock.strip_suffix('Z') {
                Some(clock) => (clock, None),
                None if clock.len() > 6 => {
                    let (clock, zone) = clock.split_at(clock.len() - 6);
                    (clock, Some(zone))
                }
                None => return false,
            };
            let zone_ok = zone.is_none_or(|z| {
                let b = z.as_bytes();
                matches!(b[0], b'+' | b'-')
                    && two_digits(&z[1..3], 23)
                    && b[3] == b':'
                    && two_digits(&z[4..6], 59)
            });
            zone_ok && clock_and_fraction(clock)
        }
    }
}

/// `2006-1-2` and what follows its `T`, `t` or space.
fn split_date(text: &str) -> Option<(&str, Option<(char, &str)>)> {
    let at = text.find(['T', 't', ' ']);
    match at {
        None => Some((text, None)),
        Some(at) => {
            let separator = text[at..].chars().next()?;
            Some((&text[..at], Some((separator, &text[at + 1..]))))
        }
    }
}

fn valid_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return false;
    };
    year.len() == 4
        && year.chars().all(|c| c.is_ascii_digit())
        && short_number(month, 1, 12)
        && short_number(day, 1, 31)
}

/// `15:4:5` with an optional fraction of up to nine digits.
fn clock_and_fraction(clock: &str) -> bool {
    let (clock, fraction) = clock.split_once('.').unwrap_or((clock, "0"));
    let parts: Vec<&str> = clock.split(':').collect();
    let [hour, minute, second] = parts.as_slice() else {
        return false;
    };
    short_number(hour, 0, 23)
        && short_number(minute, 0, 59)
        && short_number(second, 0, 59)
        && (1..=9).contains(&fraction.len())
        && fraction.chars().all(|c| c.is_ascii_digit())
}

/// One or two digits within `low..=high`.
fn short_number(text: &str, low: u32, high: u32) -> bool {
    (1..=2).contains(&text.len())
        && text.chars().all(|c| c.is_ascii_digit())
        && text.parse::<u32>().is_ok_and(|n| (low..=high).contains(&n))
}

fn two_digits(text: &str, high: u32) -> bool {
    text.len() == 2 && short_number(text, 0, high)
}

/// A JSON number as go-yaml writes what it read: integers as they are, other numbers with Go's shortest `%g`
/// (`1.0` is `1`, `1e6` is `1e+06`).
pub(super) fn go_number(number: &Number) -> String {
    if number.is_i64() || number.is_u64() {
        return number.to_string();
    }
    let f = number.as_f64().unwrap_or_default();
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.into();
    }
    // Rust's `{:e}` gives the shortest digits that read back the same, as Go's does: `1.2345e6`. Go writes `%e` for
    // exponents below -4 or from 6 up.
    let scientific = format!("{:e}", f.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or_default();
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if f < 0.0 { "-" } else { "" };
    if !(-4..6).contains(&exponent) {
        let (first, rest) = digits.split_at(1);
        let point = if rest.is_empty() { "" } else { "." };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        return format!("{sign}{first}{point}{rest}e{exp_sign}{:02}", exponent.abs());
    }
    let point_at = exponent + 1;
    let text = if point_at <= 0 {
        format!("0.{}{digits}", "0".repeat(point_at.unsigned_abs() as usize))
    } else if point_at as usize >= digits.len() {
        format!("{digits}{}", "0".repeat(point_at as usize - digits.len()))
    } else {
        let (whole, fraction) = digits.split_at(point_at as usize);
        format!("{whole}.{fraction}")
    };
    format!("{sign}{text}")
}

/// go-yaml v2's order of map keys: letters by code point, letters after other characters, and runs of digits by
/// their value (`port9` before `port10`).
pub(super) fn go_key_order(a: &str, b: &str) -> Ordering {
    let (ar, br): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    for i in 0..ar.len().min(br.len()) {
        if ar[i] == br[i] {
            continue;
        }
        let (al, bl) = (ar[i].is_alphabetic(), br[i].is_alphabetic());
        if al && bl {
            return ar[i].cmp(&br[i]);
        }
        if al || bl {
            return if bl {
                Ordering::Less
            } else {
                Ordering::Greater
            };
        }
        return digit_run_order(&ar, &br, i);
    }
    ar.len().cmp(&br.len())
}

/// Where two keys first differ at `i` and neither character is a letter: compare the runs of digits from there.
fn digit_run_order(ar: &[char], br: &[char], i: usize) -> Ordering {
    let (mut an, mut bn) = (0i64, 0i64);
    if ar[i] == '0' || br[i] == '0' {
        // A zero inside a number (`10` against `1x`) counts as a digit of it, not as a leading zero.
        if ar[..i]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .any(|&c| c != '0')
        {
            (an, bn) = (1, 1);
        }
    }
    let run = |chars: &[char], mut n: i64| {
        let mut end = i;
        while end < chars.len() && chars[end].is_ascii_digit() {
            n = n
                .wrapping_mul(10)
                .wrapping_add(i64::from(chars[end] as u8 - b'0'));
            end += 1;
        }
        (n, end)
    };
    let ((an, ae), (bn, be)) = (run(ar, an), run(br, bn));
    an.cmp(&bn).then(ae.cmp(&be)).then(ar[i].cmp(&br[i]))
}
