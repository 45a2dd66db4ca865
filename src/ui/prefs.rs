//! What the page keeps in localStorage: the language (chosen from the browser the first time), the editors' text
//! and the terminal's history. A full or disabled storage only means nothing is remembered; the callers say so.

use gloo::storage::{LocalStorage, Storage};

use crate::i18n::Lang;

const LANG_KEY: &str = "kplay.lang";
const FILES_KEY: &str = "kplay.files";
const HISTORY_KEY: &str = "kplay.history";

/// The remembered language, else the browser's preferred one that kplay speaks.
pub fn initial_lang() -> Lang {
    if let Some(lang) = LocalStorage::get::<String>(LANG_KEY)
        .ok()
        .and_then(|code| Lang::from_code(&code))
    {
        return lang;
    }
    let navigator = gloo::utils::window().navigator();
    let codes: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .chain(navigator.language())
        .collect();
    Lang::preferred(codes.iter().map(String::as_str))
}

/// Remembers the language and tells the document.
pub fn save_lang(lang: Lang) {
    let _ = LocalStorage::set(LANG_KEY, lang.code());
    gloo::utils::document_element()
        .set_attribute("lang", lang.code())
        .ok();
}

/// The editors' saved text, file by file.
pub fn load_files() -> Vec<(String, String)> {
    LocalStorage::get(FILES_KEY).unwrap_or_default()
}

/// Saves the editors' text; Err when the storage refused it (full or disabled).
pub fn save_files(files: &[(&str, &str)]) -> Result<(), ()> {
    LocalStorage::set(FILES_KEY, files).map_err(|_| ())
}

pub fn load_history() -> Vec<String> {
    LocalStorage::get(HISTORY_KEY).unwrap_or_default()
}

pub fn save_history(history: &[String]) -> Result<(), ()> {
    LocalStorage::set(HISTORY_KEY, history).map_err(|_| ())
}
