//! The browser's side of `session::storage`: localStorage, and the language chosen from the browser the first time.
//!
//! A full or blocked storage only means nothing is remembered; the session says so with a banner. Storage is
//! blocked, for example, in a frame of another site when the browser blocks third-party storage, and reading
//! `localStorage` then throws, so every access first asks whether there is a storage at all.

use crate::i18n::Lang;
use crate::session::storage::{self, Storage, StorageError};

/// localStorage, when the page may use it.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserStorage;

impl Storage for BrowserStorage {
    fn get(&self, key: &str) -> Option<String> {
        local()?.get_item(key).ok().flatten()
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        local()
            .ok_or(StorageError::Unavailable)?
            .set_item(key, value)
            .map_err(|_| StorageError::Refused)
    }

    fn remove(&mut self, key: &str) {
        if let Some(local) = local() {
            let _ = local.remove_item(key);
        }
    }
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Whether this page may use localStorage.
pub fn available() -> bool {
    local().is_some()
}

/// The remembered language, else the browser's preferred one that kplay speaks.
pub fn initial_lang() -> Lang {
    if let Some(lang) = storage::load_lang(&BrowserStorage) {
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

/// Tells the document the language, and remembers it when `save` (an embed keeps nothing unless asked).
pub fn show_lang(lang: Lang, save: bool) {
    if save {
        let _ = storage::save_lang(&mut BrowserStorage, lang);
    }
    gloo::utils::document_element()
        .set_attribute("lang", lang.code())
        .ok();
}
