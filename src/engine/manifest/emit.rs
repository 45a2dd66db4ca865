//! JSON written as YAML the way kubectl writes it. kubectl's `-o yaml` marshals an object to JSON and converts it with
//! sigs.k8s.io/yaml, which reads the JSON with go-yaml v2 and writes it back with go-yaml v2's emitter (a port of
//! libyaml's). This follows that emitter for the values JSON has: keys in go-yaml's order, two-space indents,
//! sequences at their key's indent, a string that would read back as another type (`"1"`, `"True"`, a timestamp) in
//! double quotes, one that plain YAML cannot hold (`'* * * *'`) in single quotes, a multi-line string as a literal
//! block, and long scalars folded at the first space past column 80.
//!
//! The function names follow libyaml's emitter (`write_indent`, `write_indicator`, `analyze_scalar`), so each step can
//! be checked against it. Keys are always written as simple keys: JSON keys longer than 128 bytes or holding a line
//! break, which go-yaml would write as `? key`, do not occur in Kubernetes objects.

use std::cmp::Ordering;

use serde_json::{Map, Number, Value};

use crate::engine::order;

/// Indent per level, and the column after which a scalar is folded at its next space.
const BEST_INDENT: usize = 2;
const BEST_WIDTH: usize = 80;

/// `value` as kubectl prints it with `-o yaml`, ending with a line break.
pub fn to_yaml(value: &Value) -> String {
    let mut emitter = Emitter {
        out: String::new(),
        column: 0,
        whitespace: true,
        indention: true,
        open_ended: false,
    };
    emitter.node(value, None, Context::Root);
    emitter.write_indent(0);
    if emitter.open_ended {
        emitter.write_indicator("...", true, false, false);
        emitter.write_indent(0);
    }
    emitter.out
}

/// Where a node sits, which decides how a sequence is indented and whether a plain scalar ends the document open.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Root,
    SequenceItem,
    MappingValue,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

struct Emitter {
    out: String,
    /// Characters (not bytes) since the last line break.
    column: usize,
    /// Whether the last thing written was white space, so an indicator needs no space before it.
    whitespace: bool,
    /// Whether only indentation has been written on this line.
    indention: bool,
    /// Whether the document needs `...` to end it: a plain scalar at its root.
    open_ended: bool,
}

impl Emitter {
    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn write_indent(&mut self, indent: usize) {
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        indicator.chars().for_each(|c| self.put(c));
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
        self.open_ended = false;
    }

    /// A node whose parent collection is indented by `parent` (None at the root).
    fn node(&mut self, value: &Value, parent: Option<usize>, context: Context) {
        match value {
            Value::Object(map) if !map.is_empty() => self.mapping(map, parent),
            Value::Array(items) if !items.is_empty() => self.sequence(items, parent, context),
            Value::Object(_) => self.empty("{", "}"),
            Value::Array(_) => self.empty("[", "]"),
            Value::String(text) => self.string(text, scalar_indent(parent), false),
            Value::Null => self.plain("null", scalar_indent(parent), context),
            Value::Bool(true) => self.plain("true", scalar_indent(parent), context),
            Value::Bool(false) => self.plain("false", scalar_indent(parent), context),
            Value::Number(number) => self.plain(&go_number(number), scalar_indent(parent), context),
        }
    }

    fn mapping(&mut self, map: &Map<String, Value>, parent: Option<usize>) {
        let indent = parent.map_or(0, |p| p + BEST_INDENT);
        let mut keys: Vec<&String> = map.keys().collect();
        order::sort_by(&mut keys, |a, b| go_key_order(a, b));
        for key in keys {
            self.write_indent(indent);
            self.string(key, indent + BEST_INDENT, true);
            self.write_indicator(":", false, false, false);
            self.node(&map[key.as_str()], Some(indent), Context::MappingValue);
        }
    }

    /// Items of a mapping's value start at the key's own indent, as go-yaml v2 writes them.
    fn sequence(&mut self, items: &[Value], parent: Option<usize>, context: Context) {
        let indentless = context == Context::MappingValue && !self.indention;
        let indent = match parent {
            None => 0,
            Some(p) if indentless => p,
            Some(p) => p + BEST_INDENT,
        };
        for item in items {
            self.write_indent(indent);
            self.write_indicator("-", true, false, true);
            self.node(item, Some(indent), Context::SequenceItem);
        }
    }

    fn empty(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.write_indicator(close, false, false, false);
    }

    /// A number, boolean or null: always plain.
    fn plain(&mut self, text: &str, indent: usize, context: Context) {
        self.write_plain(text, indent, true);
        if context == Context::Root {
            self.open_ended = true;
        }
    }

    /// A string (or a key, `simple_key`), in the style go-yaml would choose for it.
    fn string(&mut self, text: &str, indent: usize, simple_key: bool) {
        match scalar_style(text, simple_key) {
            Style::Plain => self.write_plain(text, indent, !simple_key),
            Style::SingleQuoted => self.write_single_quoted(text, indent, !simple_key),
            Style::DoubleQuoted => self.write_double_quoted(text, indent, !simple_key),
            Style::Literal => self.write_literal(text, indent),
        }
    }

    fn write_plain(&mut self, text: &str, indent: usize, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let mut spaces = false;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == ' ' {
                let next_is_space = chars.peek() == Some(&' ');
                if allow_breaks && !spaces && self.column > BEST_WIDTH && !next_is_space {
                    self.write_indent(indent);
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                self.indention = false;
                spaces = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted(&mut self, text: &str, indent: usize, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let chars: Vec<char> = text.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let inner = i > 0 && i + 1 < chars.len() && chars[i + 1] != ' ';
                if allow_breaks && !spaces && self.column > BEST_WIDTH && inner {
                    self.write_indent(indent);
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, text: &str, indent: usize, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        let chars: Vec<char> = text.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                escape(c).chars().for_each(|e| self.put(e));
                spaces = false;
            } else if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i + 1 < chars.len()
                {
                    self.write_indent(indent);
                    if chars[i + 1] == ' ' {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal(&mut self, text: &str, indent: usize) {
        self.write_indicator("|", true, false, false);
        self.write_block_scalar_hints(text);
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in text.chars() {
            if is_break(c) {
                if c == '\n' {
                    self.put_break();
                } else {
                    self.out.push(c);
                    self.column = 0;
                }
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent(indent);
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }

    /// The indentation indicator when the text starts with a space or a break, and the chomping indicator: `-` for no
    /// final break, none for one, `+` for more.
    fn write_block_scalar_hints(&mut self, text: &str) {
        let first = text.chars().next();
        if first.is_some_and(|c| c == ' ' || is_break(c)) {
            self.write_indicator(&BEST_INDENT.to_string(), false, false, false);
        }
        let mut last = text.chars().rev();
        let chomp = match (last.next(), last.next()) {
            (None, _) => Some("-"),
            (Some(end), _) if !is_break(end) => Some("-"),
            (Some(_), None) => Some("+"),
            (Some(_), Some(before)) if is_break(before) => Some("+"),
            _ => None,
        };
        // libyaml marks the document open-ended for `+` here, and writing the indicator clears that again.
        if let Some(chomp) = chomp {
            self.write_indicator(chomp, false, false, false);
        }
    }
}

/// A scalar's indent: one step in from its collection's, or one step at the root.
fn scalar_indent(parent: Option<usize>) -> usize {
    parent.map_or(BEST_INDENT, |p| p + BEST_INDENT)
}

/// The style go-yaml v2 writes a string in: what its encoder asks for (a literal block for several lines, plain for a
/// string that reads back as a string, double quotes otherwise), then what libyaml's emitter allows of that.
fn scalar_style(text: &str, simple_key: bool) -> Style {
    let asked = if text.contains('\n') {
        Style::Literal
    } else if resolves_to_string(text) && !is_base60_float(text) {
        Style::Plain
    } else {
        Style::DoubleQuoted
    };
    let allowed = analyze_scalar(text);
    if simple_key && allowed.multiline {
        return Style::DoubleQuoted;
    }
    let mut style = asked;
    if style == Style::Plain && (!allowed.block_plain || (text.is_empty() && simple_key)) {
        style = Style::SingleQuoted;
    }
    if style == Style::SingleQuoted && !allowed.single_quoted {
        style = Style::DoubleQuoted;
    }
    if style == Style::Literal && (!allowed.block || simple_key) {
        style = Style::DoubleQuoted;
    }
    style
}

/// Which styles can hold a scalar, as libyaml's `yaml_emitter_analyze_scalar` decides (block context only).
#[derive(Debug)]
struct Allowed {
    multiline: bool,
    block_plain: bool,
    single_quoted: bool,
    block: bool,
}

fn analyze_scalar(text: &str) -> Allowed {
    if text.is_empty() {
        return Allowed {
            multiline: false,
            block_plain: true,
            single_quoted: true,
            block: false,
        };
    }
    let chars: Vec<char> = text.chars().collect();
    let mut block_indicators = text.starts_with("---") || text.starts_with("...");
    let (mut line_breaks, mut special) = (false, false);
    let (mut leading, mut trailing_space, mut trailing_break) = (false, false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_whitespace = chars.get(i + 1).is_none_or(|&n| is_blank(n) || is_break(n));
        block_indicators |= match (i, c) {
            (
                0,
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%'
                | '@' | '`',
            ) => true,
            (0, '?' | ':' | '-') => followed_by_whitespace,
            (_, ':') => followed_by_whitespace,
            (_, '#') => preceded_by_whitespace,
            _ => false,
        };
        special |= !is_printable(c);
        let last = i + 1 == chars.len();
        if c == ' ' {
            leading |= i == 0;
            trailing_space |= last;
            break_space |= previous_break;
            (previous_space, previous_break) = (true, false);
        } else if is_break(c) {
            line_breaks = true;
            leading |= i == 0;
            trailing_break |= last;
            space_break |= previous_space;
            (previous_space, previous_break) = (false, true);
        } else {
            (previous_space, previous_break) = (false, false);
        }
        preceded_by_whitespace = is_blank(c) || is_break(c);
    }
    let spaced = leading || trailing_space || trailing_break;
    Allowed {
        multiline: line_breaks,
        block_plain: !(spaced
            || break_space
            || space_break
            || special
            || line_breaks
            || block_indicators),
        single_quoted: !(break_space || space_break || special),
        block: !(trailing_space || space_break || special),
    }
}

/// libyaml's printable characters: line feed, printable ASCII, and the Basic Multilingual Plane above 0xA0 except
/// surrogates, the byte order mark and 0xFFFE-0xFFFF. Characters beyond it (emoji) are escaped in double quotes.
fn is_printable(c: char) -> bool {
    matches!(c, '\n' | '\u{20}'..='\u{7E}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        && c != '\u{FEFF}'
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// What follows the backslash for a character double quotes must escape.
fn escape(c: char) -> String {
    match c {
        '\0' => "0".into(),
        '\u{7}' => "a".into(),
        '\u{8}' => "b".into(),
        '\t' => "t".into(),
        '\n' => "n".into(),
        '\u{b}' => "v".into(),
        '\u{c}' => "f".into(),
        '\r' => "r".into(),
        '\u{1b}' => "e".into(),
        '"' => "\"".into(),
        '\\' => "\\".into(),
        '\u{85}' => "N".into(),
        '\u{A0}' => "_".into(),
        '\u{2028}' => "L".into(),
        '\u{2029}' => "P".into(),
        c if (c as u32) <= 0xFF => format!("x{:02X}", c as u32),
        c if (c as u32) <= 0xFFFF => format!("u{:04X}", c as u32),
        c => format!("U{:08X}", c as u32),
    }
}

/// Whether go-yaml v2 reads `text`, written plain, back as a string (its `resolve`): not null, a boolean of YAML 1.1
/// (`yes`, `on`, `N`), a number in any of its notations, a timestamp or the merge key.
fn resolves_to_string(text: &str) -> bool {
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
fn is_base60_float(text: &str) -> bool {
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
fn go_number(number: &Number) -> String {
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
fn go_key_order(a: &str, b: &str) -> Ordering {
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

#[cfg(test)]
#[path = "emit_tests.rs"]
mod tests;
