//! The i18n layer's locales and the model's languages, one to one, and the
//! visitor's choice: read at start, remembered for the next visit. Which
//! language to start in is decided by `plan_core::language`.

use crate::browser::storage::LocalStorageItem;
use crate::i18n::Locale;
use plan_core::language::{initial_lang, STORAGE_KEY};
use plan_core::model::Lang;

/// The i18n layer's locale for a language.
pub fn locale_of(lang: Lang) -> Locale {
    match lang {
        Lang::Sv => Locale::sv,
        Lang::En => Locale::en,
        Lang::De => Locale::de,
    }
}

/// The language of an i18n locale.
pub fn lang_of(locale: Locale) -> Lang {
    match locale {
        Locale::sv => Lang::Sv,
        Locale::en => Lang::En,
        Locale::de => Lang::De,
    }
}

/// The starting language: the address's (already parsed by the navigator),
/// else the saved choice, else Swedish.
pub fn starting_lang(from_address: Option<Lang>) -> Lang {
    let saved = LocalStorageItem::open(STORAGE_KEY)
        .and_then(|item| item.get())
        .ok()
        .flatten();
    initial_lang(from_address, saved.as_deref())
}

/// Saves the language choice; on failure it is simply forgotten on reload.
pub fn save_lang(lang: Lang) {
    if let Ok(item) = LocalStorageItem::open(STORAGE_KEY) {
        let _ = item.set(lang.code());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_and_lang_convert_both_ways() {
        for lang in Lang::ALL {
            assert_eq!(lang_of(locale_of(lang)), lang);
        }
    }
}
