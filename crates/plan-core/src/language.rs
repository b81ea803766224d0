//! Which language to show first.
//!
//! Order of precedence: `?lang=xx` in the address (so a link can carry a
//! language), then the choice saved in localStorage, then Swedish. The address
//! is parsed once, by [`crate::url_state::UrlState::from_query`]; this module
//! only decides.

use crate::model::Lang;

/// The localStorage key that remembers the chosen language.
pub const STORAGE_KEY: &str = "plan-explorer.lang";

/// Decides the starting language from the address's `lang` and the saved choice.
///
/// ```
/// use plan_core::language::initial_lang;
/// use plan_core::model::Lang;
/// use plan_core::url_state::UrlState;
/// let from_address = |query: &str| UrlState::from_query(query).lang;
/// assert_eq!(initial_lang(from_address("?lang=de"), Some("en")), Lang::De);
/// assert_eq!(initial_lang(from_address(""), Some("en")), Lang::En);
/// assert_eq!(initial_lang(from_address("?lang=xx"), None), Lang::Sv);
/// ```
pub fn initial_lang(from_address: Option<Lang>, saved: Option<&str>) -> Lang {
    from_address
        .or_else(|| saved.and_then(Lang::from_code))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url_state::UrlState;

    fn from_address(query: &str) -> Option<Lang> {
        UrlState::from_query(query).lang
    }

    #[test]
    fn the_address_is_read_by_its_lang_parameter_only() {
        assert_eq!(from_address("?lang=en&x=1"), Some(Lang::En));
        assert_eq!(from_address("x=1&lang=de"), Some(Lang::De));
        assert_eq!(from_address("?language=en"), None);
        assert_eq!(from_address("?lang"), None);
        assert_eq!(from_address(""), None);
        // Read like every other parameter of the address: percent-decoded, and
        // when it repeats, the last one counts (the links the app writes never repeat it).
        assert_eq!(from_address("?lang=%65n"), Some(Lang::En));
        assert_eq!(from_address("?lang=en&lang=de"), Some(Lang::De));
        assert_eq!(from_address("?lang=en&lang=xx"), None);
    }

    #[test]
    fn address_beats_saved_choice_and_unknown_values_fall_back() {
        assert_eq!(initial_lang(from_address("?lang=en"), Some("de")), Lang::En);
        assert_eq!(
            initial_lang(from_address("?lang=<script>"), Some("de")),
            Lang::De
        );
        assert_eq!(initial_lang(from_address(""), Some("garbage")), Lang::Sv);
        assert_eq!(initial_lang(from_address(""), None), Lang::Sv);
    }
}
