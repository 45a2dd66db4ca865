//! One manifest editor: CodeMirror 6 (through `ui::codemirror`) with YAML highlighting, line numbers, undo/redo,
//! search, bracket matching and indentation, and the engine's diagnostics as underlines and gutter markers. Changes
//! apply after a pause or on Ctrl/Cmd+Enter; a field is selected when the topology or a trace points at one.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use web_sys::{Element, HtmlTextAreaElement};
use yew::prelude::*;

use crate::engine::manifest::Diagnostic;
use crate::i18n::{explain, t, Lang, Text};
use crate::ui::codemirror::{self, Mounted};

/// How long typing must pause before the file is applied, as `kubectl apply` would.
const APPLY_PAUSE_MILLIS: u32 = 400;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub file: String,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    pub lang: Lang,
    /// A line to show and select.
    pub highlight: Option<Highlight>,
    /// (file, new text) on every keystroke.
    pub on_edit: Callback<(String, String)>,
    /// The file to apply.
    pub on_apply: Callback<String>,
    /// Kept mounted but out of sight while another file's tab is open, so each file keeps its undo history.
    #[prop_or_default]
    pub hidden: bool,
    /// Applied after a pause in typing (the manifests); false for a `kubectl edit` file, which Apply saves.
    #[prop_or(true)]
    pub auto_apply: bool,
    /// Shown but not editable (an embed's option).
    #[prop_or_default]
    pub read_only: bool,
}

/// A line an editor is asked to show and select.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Highlight {
    /// 1-based.
    pub line: u32,
    /// Counts the asks, so the same line can be asked for twice.
    pub ask: u64,
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

/// The editor's marks as JSON: where each problem is, and its text with the hint in the page's language.
fn marks(diagnostics: &[Diagnostic], lang: Lang) -> String {
    let marks: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            serde_json::json!({
                "line": d.line,
                "column": d.column,
                "detail": d.detail,
                "hint": d.hint.as_ref().map(|h| explain(lang, h)),
            })
        })
        .collect();
    serde_json::Value::Array(marks).to_string()
}

/// What an editor should show: the newest text, language and marks.
struct Wanted {
    text: String,
    lang: Lang,
    marks: String,
    read_only: bool,
    /// The block a topology or trace click asked for, in UTF-16 offsets.
    selection: Option<(u32, u32)>,
}

/// UTF-16 offsets (what the editor counts in) of byte offsets in `text`.
fn utf16_span(text: &str, (start, end): (usize, usize)) -> (u32, u32) {
    let before = text[..start].encode_utf16().count();
    let inside = text[start..end].encode_utf16().count();
    (before as u32, (before + inside) as u32)
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let host = use_node_ref();
    // The plain text area that stands in when the editor script is missing.
    let area = use_node_ref();
    // Whether the editor script is missing, so a plain text area stands in.
    let fallback = use_state(|| false);
    let shared = use_shared(props);
    let handlers = use_handlers(props, &shared);
    use_mount(
        host.clone(),
        props.file.clone(),
        shared.clone(),
        handlers.clone(),
        fallback.clone(),
    );
    use_sync(props, shared, area.clone());

    let has_errors = !props.diagnostics.is_empty();
    let oninput = {
        let changed = handlers.changed.clone();
        Callback::from(move |event: InputEvent| {
            let field: HtmlTextAreaElement = event.target_unchecked_into();
            changed(field.value(), event.is_composing());
        })
    };
    let onkeydown = {
        let apply_now = handlers.apply_now.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
                event.prevent_default();
                apply_now();
            }
        })
    };
    let onclick = {
        let apply_now = handlers.apply_now;
        Callback::from(move |_: MouseEvent| apply_now())
    };

    html! {
        <div class="editor" role="tabpanel" hidden={props.hidden} data-invalid={has_errors.to_string()}>
            <div class="code-frame">
                <div class="cm-host" ref={host} hidden={*fallback}></div>
                if *fallback {
                    <textarea ref={area} data-testid={format!("editor-{}", props.file)} class="code" spellcheck="false"
                        autocomplete="off" autocapitalize="off" wrap="off" aria-label={props.file.clone()}
                        aria-invalid={has_errors.to_string()} readonly={props.read_only} value={props.text.clone()}
                        {oninput} {onkeydown} />
                }
            </div>
            if !props.read_only {
                <div class="editor-actions">
                    <button data-testid="apply" {onclick}>{ t(props.lang, Text::Apply) }</button>
                    <span class="hint">{ t(props.lang, Text::EditorKeys) }</span>
                </div>
            }
            if has_errors {
                { errors(props.lang, &props.diagnostics) }
            }
        </div>
    }
}

/// The banner under an editor whose file has problems: each problem where it is, with its hint, and what kubectl
/// says.
fn errors(lang: Lang, diagnostics: &[Diagnostic]) -> Html {
    html! {
        <div class="banner error" role="alert" data-testid="editor-errors">
            <p>{ t(lang, Text::ErrorsKeepLastGood) }</p>
            <ul>
                { for diagnostics.iter().map(|d| html! {
                    <li data-testid="diagnostic" data-line={d.line.to_string()} data-column={d.column.to_string()}>
                        <span class="where">{ format!("{}:{}:{}", d.file, d.line, d.column) }</span>
                        <pre>{ d.detail.clone() }</pre>
                        if let Some(hint) = &d.hint {
                            <p class="hint" data-testid="diagnostic-hint">{ explain(lang, hint) }</p>
                        }
                    </li>
                }) }
            </ul>
            <details>
                <summary>{ t(lang, Text::KubectlSays) }</summary>
                <pre data-testid="kubectl-message">{ diagnostics.first().map(|d| d.message.clone()).unwrap_or_default() }</pre>
            </details>
        </div>
    }
}

/// What the editor's hooks share, across renders and with the CodeMirror editor's callbacks.
#[derive(Clone)]
struct Shared {
    /// The CodeMirror editor, once made.
    mounted: Rc<RefCell<Option<Mounted>>>,
    /// The text the editor holds, as it last reported it or was given it, so a redraw does not hand it back.
    known: Rc<RefCell<String>>,
    /// What the editor should show, kept up to date while it is not there yet.
    wanted: Rc<RefCell<Wanted>>,
}

#[hook]
fn use_shared(props: &EditorProps) -> Shared {
    Shared {
        mounted: use_mut_ref(|| None),
        known: use_mut_ref(String::new),
        wanted: use_mut_ref(|| Wanted {
            text: props.text.clone(),
            lang: props.lang,
            marks: String::from("[]"),
            read_only: props.read_only,
            selection: None,
        }),
    }
}

/// What the editor does when its text changes (`changed(text, composing)`) and when asked to apply at once.
#[derive(Clone)]
struct Handlers {
    changed: Rc<dyn Fn(String, bool)>,
    apply_now: Rc<dyn Fn()>,
}

/// Every change is reported at once and applied after a pause; Ctrl/Cmd+Enter and the button apply at once.
#[hook]
fn use_handlers(props: &EditorProps, shared: &Shared) -> Handlers {
    // The pending apply; replacing or dropping the handle cancels it.
    let pending: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    // The newest callbacks, for the editor's closures, which outlive a render.
    let callbacks = use_mut_ref(|| (props.on_edit.clone(), props.on_apply.clone()));
    *callbacks.borrow_mut() = (props.on_edit.clone(), props.on_apply.clone());

    let changed = {
        let (file, known, pending, callbacks) = (
            props.file.clone(),
            shared.known.clone(),
            pending.clone(),
            callbacks.clone(),
        );
        let auto_apply = props.auto_apply;
        move |text: String, composing: bool| {
            known.borrow_mut().clone_from(&text);
            let (on_edit, on_apply) = callbacks.borrow().clone();
            on_edit.emit((file.clone(), text));
            // An unfinished IME composition is not text yet: its end reports the text again and schedules the apply.
            if composing || !auto_apply {
                pending.borrow_mut().take();
                return;
            }
            let file = file.clone();
            *pending.borrow_mut() = Some(Timeout::new(APPLY_PAUSE_MILLIS, move || {
                on_apply.emit(file)
            }));
        }
    };
    let apply_now = {
        let file = props.file.clone();
        move || {
            pending.borrow_mut().take();
            let on_apply = callbacks.borrow().1.clone();
            on_apply.emit(file.clone());
        }
    };
    Handlers {
        changed: Rc::new(changed),
        apply_now: Rc::new(apply_now),
    }
}

/// Makes the CodeMirror editor once, after the page's first frame and once its script has run, or shows the
/// plain text area when the script never comes.
#[hook]
fn use_mount(
    host: NodeRef,
    file: String,
    shared: Shared,
    handlers: Handlers,
    fallback: UseStateHandle<bool>,
) {
    use_effect_with((), move |_| {
        // The editor is made after the page's first frame, once its script has run (it loads beside the wasm,
        // not before it), so the topology is not kept waiting.
        let Shared {
            mounted,
            known,
            wanted,
        } = shared;
        let create = {
            let (mounted, fallback) = (mounted.clone(), fallback.clone());
            move || {
                if mounted.borrow().is_some() {
                    return;
                }
                let Some(el) = host.cast::<Element>() else {
                    return;
                };
                let wanted = wanted.borrow();
                *known.borrow_mut() = wanted.text.clone();
                let (changed, apply_now) = (handlers.changed.clone(), handlers.apply_now.clone());
                let editor = Mounted::create(
                    &el,
                    &wanted.text,
                    &file,
                    wanted.lang.code(),
                    move |text, composing| changed(text, composing),
                    move || apply_now(),
                );
                match &editor {
                    Some(editor) => {
                        editor.editor.set_diagnostics(&wanted.marks);
                        if wanted.read_only {
                            editor.editor.set_read_only(true);
                        }
                        // A topology click made before the editor was there.
                        if let Some((from, to)) = wanted.selection {
                            editor.editor.select(from, to);
                        }
                    }
                    None => fallback.set(true),
                }
                *mounted.borrow_mut() = editor;
            }
        };
        let waiting = codemirror::when_ready(create, move || fallback.set(true));
        move || {
            drop(waiting);
            drop(mounted.borrow_mut().take());
        }
    });
}

/// Hands the editor what changed in the props: the text (only when it differs from what the editor holds), the
/// marks, the language and the block to select. Each is also kept in `wanted` for an editor not made yet.
#[hook]
fn use_sync(props: &EditorProps, shared: Shared, area: NodeRef) {
    let Shared {
        mounted,
        known,
        wanted,
    } = shared;
    {
        let (mounted, wanted) = (mounted.clone(), wanted.clone());
        use_effect_with(props.text.clone(), move |text| {
            wanted.borrow_mut().text.clone_from(text);
            if let Some(m) = mounted.borrow().as_ref() {
                if *known.borrow() != *text {
                    m.editor.set_text(text);
                    known.borrow_mut().clone_from(text);
                }
            }
        });
    }
    {
        let (mounted, wanted) = (mounted.clone(), wanted.clone());
        use_effect_with(
            (props.diagnostics.clone(), props.lang),
            move |(diagnostics, lang)| {
                let marks = marks(diagnostics, *lang);
                if let Some(m) = mounted.borrow().as_ref() {
                    m.editor.set_diagnostics(&marks);
                }
                wanted.borrow_mut().marks = marks;
            },
        );
    }
    {
        let (mounted, wanted) = (mounted.clone(), wanted.clone());
        use_effect_with(props.lang, move |lang| {
            wanted.borrow_mut().lang = *lang;
            if let Some(m) = mounted.borrow().as_ref() {
                m.editor.set_lang(lang.code());
            }
        });
    }
    // The text effect above has already put the newest text in `wanted`.
    use_effect_with(props.highlight, move |highlight| {
        let span = {
            let text = &wanted.borrow().text;
            highlight
                .and_then(|h| block_span(text, h.line))
                .map(|span| utf16_span(text, span))
        };
        wanted.borrow_mut().selection = span;
        let Some((from, to)) = span else {
            return;
        };
        if let Some(m) = mounted.borrow().as_ref() {
            m.editor.select(from, to);
        } else if let Some(field) = area.cast::<HtmlTextAreaElement>() {
            let _ = field.focus();
            let _ = field.set_selection_range(from, to);
        }
    });
}
