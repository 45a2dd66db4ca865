//! What the page keeps in localStorage: the language (chosen from the browser the first time), the editors' text
//! and the terminal's history. A full or blocked storage only means nothing is remembered; the callers say so.
//! Storage is blocked, for example, in a frame of another site when the browser blocks third-party storage; gloo
//! panics then, so every access first asks whether there is a storage at all.

use gloo::storage::{LocalStorage, Storage};

use crate::i18n::Lang;

const LANG_KEY: &str = "kplay.lang";
const FILES_KEY: &str = "kplay.files";
const HISTORY_KEY: &str = "kplay.history";

/// Whether this page may use localStorage.
pub fn available() -> bool {
    web_sys::window().is_some_and(|w| matches!(w.local_storage(), Ok(Some(_))))
}

/// A stored value, or None when there is none, it does not parse or there is no storage.
fn get<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    available().then(|| LocalStorage::get(key).ok()).flatten()
}

/// Stores a value; Err when the storage is full or blocked.
fn set<T: serde::Serialize>(key: &str, value: T) -> Result<(), ()> {
    if !available() {
        return Err(());
    }
    LocalStorage::set(key, value).map_err(|_| ())
}

/// The remembered language, else the browser's preferred one that kplay speaks.
pub fn initial_lang() -> Lang {
    if let Some(lang) = get::<String>(LANG_KEY).and_then(|code| Lang::from_code(&code)) {
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
    let _ = set(LANG_KEY, lang.code());
    gloo::utils::document_element()
        .set_attribute("lang", lang.code())
        .ok();
}

/// The editors' saved text, file by file.
pub fn load_files() -> Vec<(String, String)> {
    get(FILES_KEY).unwrap_or_default()
}

/// Saves the editors' text; Err when the storage refused it (full or blocked).
pub fn save_files(files: &[(&str, &str)]) -> Result<(), ()> {
    set(FILES_KEY, files)
}

pub fn load_history() -> Vec<String> {
    get(HISTORY_KEY).unwrap_or_default()
}

pub fn save_history(history: &[String]) -> Result<(), ()> {
    set(HISTORY_KEY, history)
}
