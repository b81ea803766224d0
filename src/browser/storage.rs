//! localStorage, one key at a time. It can be switched off, full or blocked in
//! a frame: every failure comes back as a [`StorageError`] in the browser's own
//! words (e.g. `QuotaExceededError: …`), and callers choose to forget (the
//! language) or to keep things in memory instead (the feedback queue).
//!
//! ```text
//! let item = LocalStorageItem::open("plan-explorer.lang")?;
//! item.set("en")?;
//! assert_eq!(item.get()?, Some("en".to_string()));
//! ```
//!
//! Not a hook, and not leptos-use's `use_local_storage`: these are plain reads
//! and writes with nothing to clean up, and the feedback queue must read,
//! change and write in one step (another tab may have written in between) and
//! see each error, where that hook is a signal written back by an effect.

use plan_core::feedback::StorageError;
use wasm_bindgen::JsValue;

/// One key in the page's localStorage.
pub struct LocalStorageItem {
    storage: web_sys::Storage,
    key: &'static str,
}

impl LocalStorageItem {
    /// The item under `key`, if the browser gives access to localStorage.
    pub fn open(key: &'static str) -> Result<LocalStorageItem, StorageError> {
        let window = web_sys::window().ok_or_else(|| StorageError::new("no window"))?;
        match window.local_storage() {
            Ok(Some(storage)) => Ok(LocalStorageItem { storage, key }),
            Ok(None) => Err(StorageError::new("the browser has no localStorage")),
            Err(thrown) => Err(storage_error(thrown)),
        }
    }

    /// The item under `key` in the tab's sessionStorage, which ends with the tab.
    pub fn open_session(key: &'static str) -> Result<LocalStorageItem, StorageError> {
        let window = web_sys::window().ok_or_else(|| StorageError::new("no window"))?;
        match window.session_storage() {
            Ok(Some(storage)) => Ok(LocalStorageItem { storage, key }),
            Ok(None) => Err(StorageError::new("the browser has no sessionStorage")),
            Err(thrown) => Err(storage_error(thrown)),
        }
    }

    /// Removes the stored text.
    pub fn remove(&self) -> Result<(), StorageError> {
        self.storage.remove_item(self.key).map_err(storage_error)
    }

    /// The stored text, or `None` if nothing is stored yet.
    pub fn get(&self) -> Result<Option<String>, StorageError> {
        self.storage.get_item(self.key).map_err(storage_error)
    }

    /// Replaces the stored text.
    pub fn set(&self, text: &str) -> Result<(), StorageError> {
        self.storage.set_item(self.key, text).map_err(storage_error)
    }
}

/// The name and message of what the browser threw (e.g. `QuotaExceededError: …`).
fn storage_error(thrown: JsValue) -> StorageError {
    let field = |key: &str| {
        js_sys::Reflect::get(&thrown, &key.into())
            .ok()
            .and_then(|value| value.as_string())
    };
    match (field("name"), field("message")) {
        (Some(name), Some(message)) => StorageError::new(format!("{name}: {message}")),
        (Some(text), None) | (None, Some(text)) => StorageError::new(text),
        (None, None) => StorageError::new(format!("{thrown:?}")),
    }
}
