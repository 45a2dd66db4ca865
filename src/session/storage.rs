//! Where a session keeps what it remembers: a small trait, localStorage on the page (`ui::prefs`), memory in tests.

use std::collections::BTreeMap;
use std::fmt;

use crate::i18n::Lang;

// Values are JSON text under these keys, as gloo's `LocalStorage` wrote them, so what earlier builds saved still loads.
pub const LANG_KEY: &str = "kplay.lang";
pub const FILES_KEY: &str = "kplay.files";
pub const HISTORY_KEY: &str = "kplay.history";
pub const LESSONS_KEY: &str = "kplay.lessons";

/// A key-value store of strings that may refuse to keep anything.
pub trait Storage: fmt::Debug {
    /// The stored text, or None when there is none or nothing can be read.
    fn get(&self, key: &str) -> Option<String>;
    /// Keeps the text; Err when the store is full or the browser lets the page keep nothing.
    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError>;
    fn remove(&mut self, key: &str);
}

/// Why a value was not kept. Callers only tell the learner that saving is off, so the two are not told apart there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageError {
    /// There is no storage at all (a third-party frame whose browser blocks storage).
    Unavailable,
    /// The storage refused the value (over its quota).
    Refused,
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StorageError::Unavailable => "no storage is available",
            StorageError::Refused => "the storage refused the value",
        })
    }
}

impl std::error::Error for StorageError {}

/// A storage in memory, for native tests. `refusing` builds one that keeps nothing, as a blocked or full browser does.
#[derive(Debug, Clone, Default)]
pub struct MemoryStorage {
    values: BTreeMap<String, String>,
    refuse: Option<StorageError>,
}

impl MemoryStorage {
    pub fn refusing(error: StorageError) -> MemoryStorage {
        MemoryStorage {
            values: BTreeMap::new(),
            refuse: Some(error),
        }
    }

    /// From now on every `set` fails with `error` (None: succeeds again); what is stored stays readable.
    pub fn set_refusal(&mut self, error: Option<StorageError>) {
        self.refuse = error;
    }
}

impl Storage for MemoryStorage {
    fn get(&self, key: &str) -> Option<String> {
        self.values.get(key).cloned()
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        if let Some(error) = self.refuse {
            return Err(error);
        }
        self.values.insert(key.to_string(), value.to_string());
        Ok(())
    }

    fn remove(&mut self, key: &str) {
        self.values.remove(key);
    }
}

/// A stored value, or None when there is none or it does not parse (a value an older kplay wrote differently).
fn load<T: serde::de::DeserializeOwned>(storage: &dyn Storage, key: &str) -> Option<T> {
    serde_json::from_str(&storage.get(key)?).ok()
}

fn save<T: serde::Serialize + ?Sized>(
    storage: &mut dyn Storage,
    key: &str,
    value: &T,
) -> Result<(), StorageError> {
    // Strings and lists of strings always serialise; an empty value would only be read back as nothing.
    let text = serde_json::to_string(value).unwrap_or_default();
    storage.set(key, &text)
}

pub fn load_lang(storage: &dyn Storage) -> Option<Lang> {
    load::<String>(storage, LANG_KEY).and_then(|code| Lang::from_code(&code))
}

pub fn save_lang(storage: &mut dyn Storage, lang: Lang) -> Result<(), StorageError> {
    save(storage, LANG_KEY, lang.code())
}

/// The editors' saved text, file by file.
pub fn load_files(storage: &dyn Storage) -> Vec<(String, String)> {
    load(storage, FILES_KEY).unwrap_or_default()
}

pub fn save_files(storage: &mut dyn Storage, files: &[(&str, &str)]) -> Result<(), StorageError> {
    save(storage, FILES_KEY, files)
}

/// The terminal's history, oldest first.
pub fn load_history(storage: &dyn Storage) -> Vec<String> {
    load(storage, HISTORY_KEY).unwrap_or_default()
}

pub fn save_history(storage: &mut dyn Storage, history: &[String]) -> Result<(), StorageError> {
    save(storage, HISTORY_KEY, history)
}

/// Where this browser left a lesson.
pub fn load_lesson(storage: &dyn Storage, id: &str) -> Option<crate::session::lessons::Saved> {
    load::<BTreeMap<String, crate::session::lessons::Saved>>(storage, LESSONS_KEY)?.remove(id)
}

pub fn save_lesson(
    storage: &mut dyn Storage,
    id: &str,
    saved: &crate::session::lessons::Saved,
) -> Result<(), StorageError> {
    let mut all: BTreeMap<String, crate::session::lessons::Saved> =
        load(storage, LESSONS_KEY).unwrap_or_default();
    all.insert(id.to_string(), saved.clone());
    save(storage, LESSONS_KEY, &all)
}

/// Another storage with every key under a prefix, so an embed that persists keeps its files apart from the page's
/// and from other embeds' (`kplay.embed.NAME.kplay.files`).
#[derive(Debug)]
pub struct Prefixed {
    pub inner: Box<dyn Storage>,
    pub prefix: String,
}

impl Storage for Prefixed {
    fn get(&self, key: &str) -> Option<String> {
        self.inner.get(&format!("{}{key}", self.prefix))
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        self.inner.set(&format!("{}{key}", self.prefix), value)
    }

    fn remove(&mut self, key: &str) {
        self.inner.remove(&format!("{}{key}", self.prefix));
    }
}
