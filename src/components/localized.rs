//! Showing data text in the visitor's language.

use crate::i18n::{t_string, use_i18n};
use crate::language::lang_of;
use leptos::prelude::*;
use plan_core::model::{IsoDate, Lang, LocalizedText};

/// The current language as a reactive value.
pub fn use_lang() -> Signal<Lang> {
    let i18n = use_i18n();
    Signal::derive(move || lang_of(i18n.get_locale()))
}

/// A data text in the current language, as plain text (never HTML).
///
/// Where a translation is missing, the Swedish text is shown and marked
/// `lang="sv"` so that screen readers pronounce it as Swedish.
#[component]
pub fn Localized(text: LocalizedText) -> impl IntoView {
    let lang = use_lang();
    let text = StoredValue::new(text);
    let resolved = move || {
        text.with_value(|text| {
            let (shown, actual) = text.resolve(lang.get());
            (shown.to_string(), actual)
        })
    };
    view! {
        <span lang=move || resolved().1.code()>{move || resolved().0}</span>
    }
}

/// A data text in a given language, rendered once: for long lists that
/// re-render as a whole when the language changes, where a reactive
/// [`Localized`] per text would cost more than it saves.
pub fn localized_text(text: &LocalizedText, lang: Lang) -> impl IntoView {
    let (shown, actual) = text.resolve(lang);
    view! { <span lang=actual.code()>{shown.to_string()}</span> }
}

/// A date written out in the current language, for example "29 november 2022".
pub fn format_date(date: IsoDate) -> String {
    let i18n = use_i18n();
    let months = t_string!(i18n, months);
    let month = months
        .split_whitespace()
        .nth(usize::from(date.month).saturating_sub(1))
        .unwrap_or_default();
    t_string!(
        i18n,
        date_format,
        day = date.day,
        month = month,
        year = date.year
    )
    .to_string()
}
