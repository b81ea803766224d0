//! What the visitor sees while the data is on its way.

use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;

/// A polite status message, announced by screen readers: the plan on its way, or, with
/// `partners`, the partner directory (loaded after the plan, inside a view that is there).
#[component]
pub fn LoadingNotice(#[prop(optional)] partners: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="loading" role="status">
            <span class="loading__spinner" aria-hidden="true"></span>
            {move || if partners { t_string!(i18n, loading_partners) } else { t_string!(i18n, loading) }}
        </p>
    }
}
