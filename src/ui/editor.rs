//! One manifest editor: the text with line numbers, the engine's diagnostics underlined at their line and column
//! with a gutter marker, a highlighted field when the topology or a trace points at one, and applying after a pause
//! or on Ctrl/Cmd+Enter. The text area is the browser's own, so undo/redo, search and IME input work as anywhere.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlDocument, HtmlTextAreaElement};
use yew::prelude::*;

use crate::engine::manifest::Diagnostic;
use crate::i18n::{t, Lang, Text};

/// How long typing must pause before the file is applied, as `kubectl apply` would.
const APPLY_PAUSE_MILLIS: u32 = 400;
/// Past this size the underlines and gutter marks are left out: a paste that big is refused anyway, and laying out a
/// second copy of it would freeze the page.
const MARKED_BYTES: usize = 100_000;
/// The editor's line height in CSS pixels (style.css says the same), to scroll a line into view.
const LINE_PX: i32 = 20;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub file: String,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    pub lang: Lang,
    /// A line to show and select, with a counter so the same line can be asked for twice.
    pub highlight: Option<(u32, u64)>,
    /// (file, new text) on every keystroke.
    pub on_edit: Callback<(String, String)>,
    /// The file to apply.
    pub on_apply: Callback<String>,
}

/// Byte offsets of a 1-based line's start and end in `text`.
fn line_span(text: &str, line: u32) -> Option<(usize, usize)> {
    let mut start = 0;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line as usize {
            return Some((start, start + l.len()));
        }
        start += l.len() + 1;
    }
    None
}

/// Byte offsets of a 1-based line and the lines under it that are indented deeper: a YAML field and its value,
/// or a list item and its fields.
fn block_span(text: &str, line: u32) -> Option<(usize, usize)> {
    let (start, mut end) = line_span(text, line)?;
    let first = &text[start..end];
    let depth = |l: &str| l.len() - l.trim_start_matches([' ', '-']).len();
    let own = first.len() - first.trim_start().len();
    // A list item's fields sit under its first field, not under its dash.
    let inner = if first.trim_start().starts_with("- ") {
        depth(first)
    } else {
        own + 1
    };
    // The lines after it, walked once.
    for next in text[end..].split('\n').skip(1) {
        if next.trim().is_empty() || depth(next) < inner.max(own + 1) {
            break;
        }
        end += 1 + next.len();
    }
    Some((start, end))
}

/// The text split into plain runs and marked runs: each diagnostic marks the word at its line and column.
fn marked(text: &str, diagnostics: &[Diagnostic]) -> Vec<(String, bool)> {
    let mut marks: Vec<(usize, usize)> = diagnostics
        .iter()
        .filter_map(|d| {
            let (start, end) = line_span(text, d.line)?;
            let line = &text[start..end];
            let col = line
                .char_indices()
                .nth(d.column.saturating_sub(1) as usize)
                .map_or(0, |(i, _)| i);
            let rest = &line[col..];
            let word = rest
                .find(|c: char| c.is_whitespace() || c == ':')
                .filter(|n| *n > 0)
                .unwrap_or(rest.len());
            Some(if word == 0 {
                (start, end)
            } else {
                (start + col, start + col + word)
            })
        })
        .collect();
    marks.sort();
    let mut runs = Vec::new();
    let mut at = 0;
    for (start, end) in marks {
        if start < at {
            continue;
        }
        runs.push((text[at..start].to_string(), false));
        runs.push((text[start..end.max(start)].to_string(), true));
        at = end.max(start);
    }
    runs.push((text[at..].to_string(), false));
    runs
}

/// The indentation a new line after `line` starts with: the same, two spaces more after `key:`, and for a list
/// item (`- name: x`) the column of its first field.
fn next_indent(line: &str) -> String {
    let own = line.len() - line.trim_start().len();
    let rest = line.trim_start();
    let width = if let Some(item) = rest.strip_prefix("- ") {
        own + 2 + if item.trim_end().ends_with(':') { 2 } else { 0 }
    } else if rest.trim_end().ends_with(':') && !rest.starts_with('#') {
        own + 2
    } else {
        own
    };
    " ".repeat(width)
}

/// How a line number is drawn.
enum Mark {
    Plain,
    /// A diagnostic on this line, with its text for the tooltip.
    Error(String),
    Highlight,
}

/// The gutter's numbers "1\n2\n..." as runs: plain ones joined, each marked line on its own.
fn number_runs(
    lines: usize,
    diagnostics: &[Diagnostic],
    highlighted: Option<u32>,
) -> Vec<(String, Mark)> {
    let mut runs = Vec::new();
    let mut plain = String::with_capacity(lines * 4);
    for n in 1..=lines as u32 {
        let mark = match diagnostics.iter().find(|d| d.line == n) {
            Some(d) => Mark::Error(d.detail.clone()),
            None if highlighted == Some(n) => Mark::Highlight,
            None => {
                plain.push_str(&n.to_string());
                plain.push('\n');
                continue;
            }
        };
        runs.push((std::mem::take(&mut plain), Mark::Plain));
        runs.push((format!("{n}\n"), mark));
    }
    runs.push((plain, Mark::Plain));
    runs
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    // The pending apply; replacing or dropping the handle cancels it.
    let pending: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    let area = use_node_ref();
    let gutter = use_node_ref();
    let mirror = use_node_ref();

    {
        let (area, text) = (area.clone(), props.text.clone());
        use_effect_with(props.highlight, move |highlight| {
            if let (Some((line, _)), Some(el)) = (highlight, area.cast::<HtmlTextAreaElement>()) {
                if let Some((start, end)) = block_span(&text, *line) {
                    let (start, end) = (
                        text[..start].encode_utf16().count(),
                        text[..end].encode_utf16().count(),
                    );
                    let _ = el.focus();
                    let _ = el.set_selection_range(start as u32, end as u32);
                    el.set_scroll_top((*line as i32 - 4).max(0) * LINE_PX);
                }
            }
        });
    }
    let apply_now = {
        let (pending, on_apply, file) =
            (pending.clone(), props.on_apply.clone(), props.file.clone());
        Callback::from(move |_: ()| {
            pending.borrow_mut().take();
            on_apply.emit(file.clone());
        })
    };
    let oninput = {
        let (pending, on_edit, on_apply, file) = (
            pending.clone(),
            props.on_edit.clone(),
            props.on_apply.clone(),
            props.file.clone(),
        );
        Callback::from(move |event: InputEvent| {
            let field: HtmlTextAreaElement = event.target_unchecked_into();
            on_edit.emit((file.clone(), field.value()));
            // An IME composition is not finished text; its last input event (not composing) schedules the apply.
            if event.is_composing() {
                pending.borrow_mut().take();
                return;
            }
            let (on_apply, file) = (on_apply.clone(), file.clone());
            *pending.borrow_mut() = Some(Timeout::new(APPLY_PAUSE_MILLIS, move || {
                on_apply.emit(file)
            }));
        })
    };
    let onkeydown = {
        let apply_now = apply_now.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() != "Enter" || event.is_composing() {
                return;
            }
            if event.ctrl_key() || event.meta_key() {
                event.prevent_default();
                apply_now.emit(());
                return;
            }
            if event.shift_key() || event.alt_key() {
                return;
            }
            // A new line keeps the indentation, one level deeper after `key:` or a list dash. Inserted as typed text,
            // so the browser's undo takes it back in one step.
            let field: HtmlTextAreaElement = event.target_unchecked_into();
            let (Ok(Some(at)), value) = (field.selection_start(), field.value()) else {
                return;
            };
            let before: String = String::from_utf16_lossy(
                &value.encode_utf16().take(at as usize).collect::<Vec<u16>>(),
            );
            let insert = format!(
                "\n{}",
                next_indent(before.rsplit('\n').next().unwrap_or(""))
            );
            let document: Option<HtmlDocument> = gloo::utils::document().dyn_into().ok();
            if let Some(document) = document {
                if document
                    .exec_command_with_show_ui_and_value("insertText", false, &insert)
                    .unwrap_or(false)
                {
                    event.prevent_default();
                }
            }
        })
    };
    let onscroll = {
        let (gutter, mirror) = (gutter.clone(), mirror.clone());
        Callback::from(move |event: Event| {
            let field: Element = event.target_unchecked_into();
            for el in [gutter.cast::<Element>(), mirror.cast::<Element>()]
                .into_iter()
                .flatten()
            {
                el.set_scroll_top(field.scroll_top());
                el.set_scroll_left(field.scroll_left());
            }
        })
    };
    let onclick = Callback::from(move |_: MouseEvent| apply_now.emit(()));
    let has_errors = !props.diagnostics.is_empty();
    let lines = props.text.split('\n').count().max(1);
    let small = props.text.len() <= MARKED_BYTES;
    let highlighted = props.highlight.map(|(line, _)| line);

    html! {
        <div class="editor" role="tabpanel">
            <div class="code-frame">
                <div class="gutter" ref={gutter} aria-hidden="true">
                    // The numbers are a few text runs (a run between marked lines), so a long paste costs a string,
                    // not a node per line, and the markers need no inline style.
                    <pre class="numbers">
                        { for number_runs(if small { lines } else { lines.min(1_000) }, &props.diagnostics, highlighted).into_iter().map(|(text, mark)| match mark {
                            Mark::Plain => html! { { text } },
                            Mark::Error(detail) => html! {
                                <span class="marker error" data-testid="gutter-marker" data-line={text.trim().to_string()} title={detail}>{ text }</span>
                            },
                            Mark::Highlight => html! { <span class="marker highlight">{ text }</span> },
                        }) }
                    </pre>
                </div>
                <div class="code-stack">
                    <pre class="mirror" ref={mirror} aria-hidden="true">
                        { for marked(if small { &props.text } else { "" }, &props.diagnostics).into_iter().map(|(run, mark)| if mark {
                            html! { <mark class="squiggle" data-testid="squiggle">{ run }</mark> }
                        } else {
                            html! { { run } }
                        }) }
                        { "\n" }
                    </pre>
                    <textarea ref={area} data-testid={format!("editor-{}", props.file)} class="code" spellcheck="false"
                        autocomplete="off" autocapitalize="off" wrap="off" aria-label={props.file.clone()}
                        aria-invalid={has_errors.to_string()} value={props.text.clone()} {oninput} {onkeydown} {onscroll} />
                </div>
            </div>
            <div class="editor-actions">
                <button data-testid="apply" {onclick}>{ t(props.lang, Text::Apply) }</button>
                <span class="hint">{ "Ctrl/⌘+Enter" }</span>
            </div>
            if has_errors {
                <div class="banner error" role="alert" data-testid="editor-errors">
                    <p>{ t(props.lang, Text::ErrorsKeepLastGood) }</p>
                    <ul>
                        { for props.diagnostics.iter().map(|d| html! {
                            <li data-testid="diagnostic" data-line={d.line.to_string()} data-column={d.column.to_string()}>
                                <span class="where">{ format!("{}:{}:{}", d.file, d.line, d.column) }</span>
                                <pre>{ d.detail.clone() }</pre>
                                if let Some(hint) = &d.hint {
                                    <p class="hint" data-testid="diagnostic-hint">{ hint.clone() }</p>
                                }
                            </li>
                        }) }
                    </ul>
                    <details>
                        <summary>{ t(props.lang, Text::KubectlSays) }</summary>
                        <pre data-testid="kubectl-message">{ props.diagnostics.first().map(|d| d.message.clone()).unwrap_or_default() }</pre>
                    </details>
                </div>
            }
        </div>
    }
}
