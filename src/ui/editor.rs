//! One manifest editor: the text, its diagnostics, and applying after a pause or on Ctrl/Cmd+Enter.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::engine::manifest::Diagnostic;
use crate::i18n::{t, Lang, Text};

/// How long typing must pause before the file is applied, as `kubectl apply` would.
const APPLY_PAUSE_MILLIS: u32 = 400;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub file: String,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    pub lang: Lang,
    /// (file, new text) on every keystroke.
    pub on_edit: Callback<(String, String)>,
    /// The file to apply.
    pub on_apply: Callback<String>,
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    // The pending apply; replacing or dropping the handle cancels it.
    let pending: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);

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
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            on_edit.emit((file.clone(), area.value()));
            let (on_apply, file) = (on_apply.clone(), file.clone());
            *pending.borrow_mut() = Some(Timeout::new(APPLY_PAUSE_MILLIS, move || {
                on_apply.emit(file)
            }));
        })
    };
    let onkeydown = {
        let apply_now = apply_now.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
                event.prevent_default();
                apply_now.emit(());
            }
        })
    };
    let onclick = Callback::from(move |_: MouseEvent| apply_now.emit(()));
    let has_errors = !props.diagnostics.is_empty();

    html! {
        <div class="editor" role="tabpanel">
            <textarea data-testid={format!("editor-{}", props.file)} class="code" spellcheck="false"
                autocomplete="off" aria-label={props.file.clone()} aria-invalid={has_errors.to_string()}
                value={props.text.clone()} {oninput} {onkeydown} />
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
