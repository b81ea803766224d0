//! Buttons that switch the UI and the data between Swedish, English and German.

use crate::i18n::{t_string, use_i18n};
use crate::language::{lang_of, locale_of, save_lang};
use crate::navigation::{use_navigator, AddressWrite};
use leptos::prelude::*;
use plan_core::model::Lang;

/// One button per language, each named in its own language and marked
/// `aria-pressed` when chosen. A click also remembers the choice for the next visit.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let buttons = Lang::ALL
        .into_iter()
        .map(|lang| {
            let chosen = move || lang_of(i18n.get_locale()) == lang;
            view! {
                <button
                    type="button"
                    class="language-switcher__button"
                    lang=lang.code()
                    aria-pressed=move || chosen().to_string()
                    on:click=move |_| {
                        i18n.set_locale(locale_of(lang));
                        save_lang(lang);
                        // The address carries the language too, so a shared link opens in it.
                        navigator.update(AddressWrite::Replace, |state| state.lang = Some(lang));
                    }
                >
                    {lang.native_name()}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="language-switcher" role="group" aria-label=move || t_string!(i18n, language_switcher)>
            {buttons}
        </div>
    }
}
