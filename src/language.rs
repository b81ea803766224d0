//! Which language to show, and remembering the visitor's choice.
//!
//! Order of precedence: `?lang=xx` in the address (so a link can carry a
//! language), then the choice saved in localStorage, then Swedish.

use crate::i18n::Locale;
use crate::model::Lang;

/// The localStorage key that remembers the chosen language.
pub const STORAGE_KEY: &str = "plan-explorer.lang";

/// Decides the starting language from the address's query string and the saved choice.
///
/// ```
/// use plan_explorer::language::initial_lang;
/// use plan_explorer::model::Lang;
/// assert_eq!(initial_lang("?lang=de", Some("en")), Lang::De);
/// assert_eq!(initial_lang("", Some("en")), Lang::En);
/// assert_eq!(initial_lang("?lang=xx", None), Lang::Sv);
/// ```
pub fn initial_lang(query: &str, saved: Option<&str>) -> Lang {
    query_param(query, "lang")
        .and_then(|code| Lang::from_code(&code))
        .or_else(|| saved.and_then(Lang::from_code))
        .unwrap_or_default()
}

/// The first value of `name` in a query string such as `?a=1&lang=en`.
pub fn query_param(query: &str, name: &str) -> Option<String> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

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

/// Reads the starting language from the browser (address and localStorage).
pub fn lang_from_browser() -> Lang {
    let query = web_sys::window()
        .and_then(|window| window.location().search().ok())
        .unwrap_or_default();
    let saved = local_storage().and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten());
    initial_lang(&query, saved.as_deref())
}

/// Saves the choice. Storage can be switched off or full; the app then simply
/// forgets the choice on reload, which is the best it can do.
pub fn save_lang(lang: Lang) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(STORAGE_KEY, lang.code());
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_param_finds_values_and_ignores_lookalikes() {
        assert_eq!(query_param("?lang=en&x=1", "lang").as_deref(), Some("en"));
        assert_eq!(query_param("x=1&lang=de", "lang").as_deref(), Some("de"));
        assert_eq!(query_param("?language=en", "lang"), None);
        assert_eq!(query_param("?lang", "lang").as_deref(), Some(""));
        assert_eq!(query_param("", "lang"), None);
    }

    #[test]
    fn address_beats_saved_choice_and_unknown_values_fall_back() {
        assert_eq!(initial_lang("?lang=en", Some("de")), Lang::En);
        assert_eq!(initial_lang("?lang=<script>", Some("de")), Lang::De);
        assert_eq!(initial_lang("", Some("garbage")), Lang::Sv);
        assert_eq!(initial_lang("", None), Lang::Sv);
    }

    #[test]
    fn locale_and_lang_convert_both_ways() {
        for lang in Lang::ALL {
            assert_eq!(lang_of(locale_of(lang)), lang);
        }
    }
}
