//! The footer: when the content was last updated and where it comes from.

use super::{format_date, Localized, OutboundLink};
use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;
use plan_core::model::Plan;
use std::sync::Arc;

/// Shows the last-updated date and the source link once the plan has loaded.
#[component]
pub fn SiteFooter(plan: Signal<Option<Arc<Plan>>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
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
                    view! { {updated} {source} }
                })}
            </div>
        </footer>
    }
}
