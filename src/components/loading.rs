//! What the visitor sees while the data is on its way.

use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

/// A polite status message, announced by screen readers.
#[component]
pub fn LoadingNotice() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="loading" role="status">
            <span class="loading__spinner" aria-hidden="true"></span>
            {t!(i18n, loading)}
        </p>
    }
}
