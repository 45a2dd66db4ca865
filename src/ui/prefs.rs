//! Preferences kept in localStorage: the language, chosen from the browser the first time.

use gloo::storage::{LocalStorage, Storage};

use crate::i18n::Lang;

const LANG_KEY: &str = "kplay.lang";

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

/// Remembers the language; a full or disabled storage only means it is not remembered.
pub fn save_lang(lang: Lang) {
    let _ = LocalStorage::set(LANG_KEY, lang.code());
    gloo::utils::document_element()
        .set_attribute("lang", lang.code())
        .ok();
}
