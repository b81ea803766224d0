//! Languages and text that exists in several of them.

use serde::{Deserialize, Serialize};

/// A language the app speaks. Swedish is the source language of the plan.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Swedish, the default and the language of the source page.
    #[default]
    Sv,
    /// English.
    En,
    /// German.
    De,
}

impl Lang {
    /// Every supported language, in the order the language switcher shows them.
    pub const ALL: [Lang; 3] = [Lang::Sv, Lang::En, Lang::De];

    /// The BCP 47 code, as used in `<html lang>` and in links (`?lang=en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
            Lang::De => "de",
        }
    }

    /// Parses a language code such as `sv`, `en-GB` or `DE`; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|lang| lang.code() == primary)
    }

    /// The language's own name for itself, shown in the language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Sv => "Svenska",
            Lang::En => "English",
            Lang::De => "Deutsch",
        }
    }
}

/// A text in Swedish (required) with optional English and German translations.
///
/// ```
/// use plan_core::model::{Lang, LocalizedText};
/// let text = LocalizedText { sv: "Mål".into(), en: Some("Goal".into()), de: None };
/// assert_eq!(text.resolve(Lang::En), ("Goal", Lang::En));
/// // A missing translation falls back to Swedish, and says so, so the view can mark it `lang="sv"`.
/// assert_eq!(text.resolve(Lang::De), ("Mål", Lang::Sv));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(not(feature = "json-paths"), serde(deny_unknown_fields))]
pub struct LocalizedText {
    /// Swedish: the source text, always required.
    pub sv: String,
    /// English translation, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    /// German translation, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub de: Option<String>,
}

impl LocalizedText {
    /// The text in `lang` and the language it is actually in: a missing or
    /// blank translation falls back to Swedish.
    pub fn resolve(&self, lang: Lang) -> (&str, Lang) {
        let translation = match lang {
            Lang::Sv => None,
            Lang::En => self.en.as_deref(),
            Lang::De => self.de.as_deref(),
        };
        match translation {
            Some(text) if !text.trim().is_empty() => (text, lang),
            _ => (self.sv.as_str(), Lang::Sv),
        }
    }

    /// The text in `lang`, falling back to Swedish.
    pub fn get(&self, lang: Lang) -> &str {
        self.resolve(lang).0
    }
}

/// Shortens a value for an error message, so that a huge or hostile string
/// in a data file cannot flood the message; control characters are escaped.
pub fn shorten_for_message(text: &str) -> String {
    shorten_to(text, 60)
}

/// Like [`shorten_for_message`], with a chosen number of characters.
pub fn shorten_to(text: &str, max_chars: usize) -> String {
    let mut shown: String = text.chars().take(max_chars).collect();
    if text.chars().count() > max_chars {
        shown.push('…');
    }
    shown.escape_debug().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_round_trip_and_accept_regional_variants() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_code(" DE "), Some(Lang::De));
        assert_eq!(Lang::from_code("sv_FI"), Some(Lang::Sv));
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::from_code(""), None);
        assert_eq!(Lang::from_code("<script>"), None);
    }

    #[test]
    fn blank_translation_falls_back_to_swedish() {
        let text = LocalizedText {
            sv: "Hej".into(),
            en: Some("   ".into()),
            de: Some("Hallo".into()),
        };
        assert_eq!(text.resolve(Lang::En), ("Hej", Lang::Sv));
        assert_eq!(text.resolve(Lang::De), ("Hallo", Lang::De));
        assert_eq!(text.get(Lang::Sv), "Hej");
    }
}
