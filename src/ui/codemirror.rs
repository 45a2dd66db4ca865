//! The bridge to the manifest editor: CodeMirror 6, bundled from npm into `codemirror.js` (see
//! `www/editor/codemirror.mjs`), which puts a small API on `globalThis.kplayEditor` when it has loaded, beside the
//! wasm, and says so with a `kplay-editor-ready` event.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::render::{request_animation_frame, AnimationFrame};
use gloo::timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use web_sys::Element;

/// How long the page waits for the editor script before it falls back to a plain text area.
const GIVE_UP_MILLIS: u32 = 10_000;

#[wasm_bindgen]
extern "C" {
    /// One CodeMirror view in its own shadow root.
    #[derive(Debug)]
    pub type CodeEditor;

    #[wasm_bindgen(catch, js_namespace = kplayEditor, js_name = create)]
    fn create_editor(
        host: &Element,
        text: &str,
        label: &str,
        testid: &str,
        lang: &str,
        on_change: &Closure<dyn FnMut(String, bool)>,
        on_apply: &Closure<dyn FnMut()>,
    ) -> Result<CodeEditor, JsValue>;

    #[wasm_bindgen(method, js_name = setText)]
    pub fn set_text(this: &CodeEditor, text: &str);

    /// A JSON array of `{line, column, detail, hint}`.
    #[wasm_bindgen(method, js_name = setDiagnostics)]
    pub fn set_diagnostics(this: &CodeEditor, json: &str);

    /// Selects a range given in UTF-16 offsets, scrolls to it and focuses the editor.
    #[wasm_bindgen(method)]
    pub fn select(this: &CodeEditor, from: u32, to: u32);

    /// Shown but not editable.
    #[wasm_bindgen(method, js_name = setReadOnly)]
    pub fn set_read_only(this: &CodeEditor, read_only: bool);

    #[wasm_bindgen(method, js_name = setLang)]
    pub fn set_lang(this: &CodeEditor, lang: &str);

    #[wasm_bindgen(method)]
    pub fn destroy(this: &CodeEditor);
}

/// A live editor and the callbacks it calls, which must live as long as it does.
#[derive(Debug)]
pub struct Mounted {
    pub editor: CodeEditor,
    _on_change: Closure<dyn FnMut(String, bool)>,
    _on_apply: Closure<dyn FnMut()>,
}

impl Mounted {
    /// Creates an editor in `host`, or `None` when the editor script is not there.
    pub fn create(
        host: &Element,
        text: &str,
        label: &str,
        lang: &str,
        on_change: impl FnMut(String, bool) + 'static,
        on_apply: impl FnMut() + 'static,
    ) -> Option<Self> {
        let on_change = Closure::new(on_change);
        let on_apply = Closure::new(on_apply);
        let testid = format!("editor-{label}");
        let editor = create_editor(host, text, label, &testid, lang, &on_change, &on_apply).ok()?;
        Some(Self {
            editor,
            _on_change: on_change,
            _on_apply: on_apply,
        })
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.editor.destroy();
    }
}

/// Whether the editor script has run.
fn ready() -> bool {
    js_sys::Reflect::has(&js_sys::global(), &JsValue::from_str("kplayEditor")).unwrap_or(false)
}

/// The timers and the listener of an editor waiting to be made; dropping it stops the wait.
#[derive(Debug, Default)]
pub struct Waiting {
    listener: Option<EventListener>,
    frame: Option<AnimationFrame>,
    soon: Option<Timeout>,
    give_up: Option<Timeout>,
}

/// Calls `create` once the editor script has run (it says so with a `kplay-editor-ready` event) and the page has
/// painted a frame, so the topology shows first; calls `fallback` instead if the script has not come in 10 s.
pub fn when_ready(
    create: impl Fn() + 'static,
    fallback: impl FnOnce() + 'static,
) -> Rc<RefCell<Waiting>> {
    let waiting = Rc::new(RefCell::new(Waiting::default()));
    let create = Rc::new(create);
    let after_a_frame = {
        let waiting = Rc::downgrade(&waiting);
        move || {
            let Some(strong) = waiting.upgrade() else {
                return;
            };
            let (waiting, create) = (waiting.clone(), create.clone());
            strong.borrow_mut().frame = Some(request_animation_frame(move |_| {
                if let Some(strong) = waiting.upgrade() {
                    let create = create.clone();
                    strong.borrow_mut().soon = Some(Timeout::new(0, move || create()));
                }
            }));
        }
    };
    if ready() {
        after_a_frame();
        return waiting;
    }
    let listener = EventListener::once(&gloo::utils::window(), "kplay-editor-ready", {
        let after_a_frame = after_a_frame.clone();
        move |_| after_a_frame()
    });
    let give_up = Timeout::new(GIVE_UP_MILLIS, {
        let waiting = Rc::downgrade(&waiting);
        move || {
            if !ready() {
                if let Some(strong) = waiting.upgrade() {
                    strong.borrow_mut().listener.take();
                }
                fallback();
            }
        }
    });
    {
        let mut w = waiting.borrow_mut();
        w.listener = Some(listener);
        w.give_up = Some(give_up);
    }
    waiting
}
