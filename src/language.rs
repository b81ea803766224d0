//! The i18n layer's locales and the model's languages, one to one. Which
//! language to start in is decided by `plan_core::language`; reading and saving
//! the choice is in [`crate::browser::storage`].

use crate::i18n::Locale;
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
