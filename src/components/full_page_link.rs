//! "Öppna i helsida": in the embedded mode, the same view, search and filters
//! in the app on its own, in a new tab.

use crate::i18n::{t, use_i18n};
use crate::language::lang_of;
use crate::navigation::use_navigator;
use leptos::prelude::*;

/// A link to the standalone app with the current state: the address without
/// `mode=embedded` (outside a frame the app is standalone) and with the
/// language shown, since a new tab may not share the frame's saved choice.
#[component]
pub fn FullPageLink() -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let href = move || navigator.standalone_query(lang_of(i18n.get_locale()));
    view! {
        <a class="site-nav__link full-page-link" href=href target="_blank" rel="noopener">
            {t!(i18n, embed_open_full_page)}
            <span class="visually-hidden">" " {t!(i18n, embed_opens_in_new_tab)}</span>
        </a>
    }
}
