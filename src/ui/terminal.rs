//! The terminal: the engine's shell with a prompt, history on Up/Down, Tab completion and kubectl's output kept
//! as printed (monospace, tables never wrapped).

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{t, Lang, Text};
use crate::session::{Action, HistoryWalk, TermLine};
use crate::ui::state::{Playground, SessionHandle};

/// How many terminal lines are drawn; older ones stay in the session.
const SHOWN: usize = 400;

#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    pub session: SessionHandle,
    pub dispatcher: UseReducerDispatcher<Playground>,
    /// The session's terminal_version: the terminal redraws when it changes, not with every tick.
    pub lines: u64,
    pub lang: Lang,
}

#[function_component(Terminal)]
pub fn terminal(props: &TerminalProps) -> Html {
    let input = use_node_ref();
    let output = use_node_ref();
    let cursor = use_mut_ref(HistoryWalk::default);

    let onkeydown = {
        let (session, dispatcher, cursor, output) = (
            props.session.clone(),
            props.dispatcher.clone(),
            cursor.clone(),
            output.clone(),
        );
        Callback::from(move |event: KeyboardEvent| {
            on_key(&event, &session, &dispatcher, &cursor, &output)
        })
    };
    let onpaste = {
        let dispatcher = props.dispatcher.clone();
        Callback::from(move |event: Event| on_paste(&event, &dispatcher))
    };
    let focus = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| focus_unless_selecting(&input))
    };

    let session = props.session.0.borrow();
    let skip = session.terminal.len().saturating_sub(SHOWN);
    let prompt = session.shell.prompt();
    html! {
        <section class="terminal" aria-label={t(props.lang, Text::Terminal)} onclick={focus}>
            <h2 class="pane-title">{ t(props.lang, Text::Terminal) }</h2>
            // The newest output stays in view by style (the box scrolls from its bottom), not by script: reading the
            // height to scroll would lay the page out in the middle of a redraw.
            <div ref={output} class="term-output" data-testid="terminal-output" role="log" tabindex="0" translate="no">
                // Keyed by line number: a new line adds one element and one past the cap removes one, where a plain
                // list would rewrite every shown line as they shift.
                <div class="term-lines">
                    { for session.terminal.iter().enumerate().skip(skip).map(|(i, line)| html! {
                        <TermLineView key={session.terminal_first + i as u64} line={line.clone()} />
                    }) }
                </div>
            </div>
            <div class="term-prompt">
                <span class="prompt" aria-hidden="true">{ prompt }</span>
                <input ref={input} data-testid="terminal-input" type="text" spellcheck="false"
                    autocomplete="off" autocapitalize="off" aria-label={t(props.lang, Text::TerminalInput)}
                    placeholder="kubectl get pods" {onkeydown} {onpaste} />
            </div>
        </section>
    }
}

/// Scrolls the output back to its newest line, for a learner who scrolled up and then runs a line. In a
/// column-reverse box 0 is the bottom, and new lines keep it there; written at the key press, before anything
/// changed, so no layout is forced mid-render.
fn to_newest(output: &NodeRef) {
    if let Some(output) = output.cast::<web_sys::Element>() {
        output.set_scroll_top(0);
    }
}

#[derive(Properties, PartialEq)]
struct TermLineProps {
    line: TermLine,
}

/// One line, redrawn only when it changes.
#[function_component(TermLineView)]
fn term_line_view(props: &TermLineProps) -> Html {
    match &props.line {
        TermLine::Input { prompt, line } => html! {
            <pre class="term-input-line"><span class="prompt">{ prompt.clone() }</span>{ line.clone() }</pre>
        },
        TermLine::Out(text) => html! { <pre>{ text.clone() }</pre> },
        TermLine::Err(text) => html! { <pre class="stderr">{ text.clone() }</pre> },
    }
}

/// The prompt's keys: Enter runs the line (and brings the output back to its newest line), Up and Down walk the
/// history, Tab completes, Ctrl+L clears, Ctrl+C stops a running watch (and drops the line typed, as a terminal
/// does) unless text is selected to copy.
fn on_key(
    event: &KeyboardEvent,
    session: &SessionHandle,
    dispatcher: &UseReducerDispatcher<Playground>,
    cursor: &RefCell<HistoryWalk>,
    output: &NodeRef,
) {
    let field: HtmlInputElement = event.target_unchecked_into();
    let line = field.value();
    match event.key().as_str() {
        "Enter" => {
            to_newest(output);
            field.set_value("");
            cursor.borrow_mut().reset();
            dispatcher.dispatch(Action::Exec(line));
        }
        "ArrowUp" | "ArrowDown" => {
            event.prevent_default();
            let history = &session.0.borrow().history;
            let mut walk = cursor.borrow_mut();
            field.set_value(if event.key() == "ArrowUp" {
                walk.up(history)
            } else {
                walk.down(history)
            });
        }
        "Tab" if !line.is_empty() => {
            event.prevent_default();
            let before = session.0.borrow().terminal_version;
            let completed = session.0.borrow_mut().complete(&line);
            field.set_value(&completed);
            // The candidates were listed in the terminal.
            if session.0.borrow().terminal_version != before {
                dispatcher.dispatch(Action::Refresh);
            }
        }
        "l" if event.ctrl_key() => {
            event.prevent_default();
            dispatcher.dispatch(Action::Exec("clear".into()));
        }
        "c" if event.ctrl_key() && !selecting() => {
            event.prevent_default();
            field.set_value("");
            dispatcher.dispatch(Action::Interrupt);
        }
        _ => {}
    }
}

/// Whether the learner has text selected (to copy).
fn selecting() -> bool {
    gloo::utils::window()
        .get_selection()
        .ok()
        .flatten()
        .is_some_and(|s| !s.is_collapsed())
}

/// A paste of several lines (a tutorial's command with `\` continuations, or a few commands) runs each finished
/// line in turn, as a terminal does; the last, unfinished line stays in the prompt to edit.
fn on_paste(event: &Event, dispatcher: &UseReducerDispatcher<Playground>) {
    let text = event
        .dyn_ref::<web_sys::ClipboardEvent>()
        .and_then(|e| e.clipboard_data())
        .and_then(|data| data.get_data("text").ok())
        .unwrap_or_default();
    if !text.contains('\n') {
        return;
    }
    event.prevent_default();
    let field: HtmlInputElement = event.target_unchecked_into();
    let mut lines: Vec<String> = text
        .split('\n')
        .map(|l| l.trim_end_matches('\r').to_string())
        .collect();
    let last = lines.pop().unwrap_or_default();
    if let Some(first) = lines.first_mut() {
        first.insert_str(0, &field.value());
    }
    for line in lines {
        dispatcher.dispatch(Action::Exec(line));
    }
    field.set_value(&last);
}

/// A click in the terminal focuses the prompt, unless it selects text to copy, which must not lose the selection.
fn focus_unless_selecting(input: &NodeRef) {
    if let (false, Some(el)) = (selecting(), input.cast::<HtmlInputElement>()) {
        let _ = el.focus();
    }
}
