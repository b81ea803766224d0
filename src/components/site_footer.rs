//! The footer: when the content was last updated, where it comes from, and the
//! accessibility statement (in every mode: the embedded one shows only that link).

use super::{format_date, Localized, OutboundLink};
use crate::i18n::{t, t_string, use_i18n};
use crate::navigation::{use_navigator, AppLink};
use leptos::prelude::*;
use plan_core::model::Plan;
use plan_core::url_state::{AppMode, UrlState, View};
use std::sync::Arc;

/// Shows the last-updated date, the source link and the link to the accessibility
/// statement once the plan has loaded.
#[component]
pub fn SiteFooter(plan: Signal<Option<Arc<Plan>>>) -> impl IntoView {
    let i18n = use_i18n();
    let mode = use_navigator().mode();
    // Inside another page, whose own footer is a landmark too, ours is named.
    let label =
        move || (mode.get() == AppMode::Embedded).then(|| t_string!(i18n, embed_footer_label));
    view! {
        <footer class="site-footer" aria-label=label>
            <div class="container">
                {move || plan.get().map(|plan| {
                    let updated = plan.updated_on();
                    let updated = view! {
                        <p>{move || t_string!(i18n, last_updated, date = format_date(updated)).to_string()}</p>
                    };
                    let source = plan.source().cloned().map(|source| view! {
                        <p>
                            {t!(i18n, source)} " "
                            <OutboundLink url=source.url><Localized text=source.label /></OutboundLink>
                        </p>
                    });
                    let statement = UrlState { view: View::Accessibility, ..UrlState::default() };
                    view! {
                        {updated}
                        {source}
                        <p class="site-footer__statement">
                            <AppLink to=statement>{t!(i18n, footer_accessibility)}</AppLink>
                        </p>
                    }
                })}
            </div>
        </footer>
    }
}
