//! The bridge to the manifest editor: CodeMirror 6, bundled from npm into `codemirror.js` (see
//! `www/editor/codemirror.mjs`), which puts a small API on `globalThis.kplayEditor` before the wasm starts.

use wasm_bindgen::prelude::*;
use web_sys::Element;

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
    /// Creates an editor in `host`, or `None` when the editor script did not load (the page then falls back to a
    /// plain text area).
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
