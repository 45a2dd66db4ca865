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

mod resolve;

use serde_json::{Map, Value};

use crate::engine::order;
use resolve::{go_key_order, go_number, is_base60_float, resolves_to_string};

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

    /// A space inside a scalar: where the writer may fold and the line is past column 80, a line break and the
    /// scalar's indent take its place. Returns whether it folded.
    fn write_space(&mut self, may_fold: bool, indent: usize) -> bool {
        if may_fold && self.column > BEST_WIDTH {
            self.write_indent(indent);
            true
        } else {
            self.put(' ');
            false
        }
    }

    /// What every quoted or plain scalar leaves behind.
    fn end_scalar(&mut self) {
        self.whitespace = false;
        self.indention = false;
    }

    fn write_plain(&mut self, text: &str, indent: usize, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let chars: Vec<char> = text.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_is_space = chars.get(i + 1) == Some(&' ');
                self.write_space(allow_breaks && !spaces && !next_is_space, indent);
                spaces = true;
            } else {
                self.put(c);
                self.indention = false;
                spaces = false;
            }
        }
        self.end_scalar();
    }

    fn write_single_quoted(&mut self, text: &str, indent: usize, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let chars: Vec<char> = text.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let inner = i > 0 && i + 1 < chars.len() && chars[i + 1] != ' ';
                self.write_space(allow_breaks && !spaces && inner, indent);
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
        self.end_scalar();
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
                let inner = i > 0 && i + 1 < chars.len();
                // A folded line that goes on with a space keeps it with an escaped break.
                if self.write_space(allow_breaks && !spaces && inner, indent) && chars[i + 1] == ' '
                {
                    self.put('\\');
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.end_scalar();
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

#[cfg(test)]
mod tests;
