//! localStorage. It can be switched off, full or blocked in a frame; every
//! call here then does nothing, and the app forgets instead of failing.

use plan_core::language::{initial_lang, STORAGE_KEY};
use plan_core::model::Lang;

/// The page's localStorage, if the browser lets us have it.
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads the starting language: the address first, then the saved choice.
pub fn lang_from_browser() -> Lang {
    let saved = local_storage().and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten());
    initial_lang(super::history::current().lang, saved.as_deref())
}

/// Saves the language choice; on failure it is simply forgotten on reload.
pub fn save_lang(lang: Lang) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(STORAGE_KEY, lang.code());
    }
}
