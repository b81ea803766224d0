//! The accessibility statement (tillgänglighetsredogörelse) that DOS-lagen asks of a public
//! site, in the order of Digg's template: who stands behind the site, how accessible it is,
//! how that was assessed, the known gaps, how to report a problem, and enforcement.
//!
//! Keep it true to the tests: what it says was checked is what `tests/e2e/` checks.

use crate::components::{format_date, FeedbackWidget, Localized, OutboundLink};
use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;
use plan_core::data_source::SiteData;
use plan_core::model::IsoDate;
use std::sync::Arc;

/// When the statement was last checked against the test suite's results. Change it (and
/// the text) whenever the tests or the known gaps change.
pub const ASSESSED_ON: IsoDate = IsoDate {
    year: 2026,
    month: 12,
    day: 2,
};

/// Digg's form for reporting a public site that is not accessible.
const DIGG_COMPLAINT_FORM: &str = "https://www.digg.se/tdosanmalan";

/// The statement. Problems are reported to `config.json`'s `accessibility.report_to`, or,
/// where the site has set none, through the region's website (the plan's source).
#[component]
pub fn AccessibilityPage(data: Arc<SiteData>) -> impl IntoView {
    let i18n = use_i18n();
    let report_to = data
        .config
        .accessibility
        .report_to
        .clone()
        .or_else(|| data.plan.source().cloned())
        .map(|link| {
            view! {
                <p>
                    {t!(i18n, a11y_report_region)} " "
                    <OutboundLink url=link.url><Localized text=link.label /></OutboundLink>
                </p>
            }
        });
    let feedback = data
        .config
        .feedback
        .enabled
        .then(|| view! { <p>{t!(i18n, a11y_report_feedback)}</p> });

    view! {
        <article class="statement">
            <h1 tabindex="-1">{t!(i18n, a11y_heading)}</h1>
            <p>{t!(i18n, a11y_intro)}</p>
            <section class="plan__section" aria-labelledby="a11y-status-heading">
                <h2 id="a11y-status-heading">{t!(i18n, a11y_status_heading)}</h2>
                <p>{t!(i18n, a11y_status)}</p>
            </section>
            <section class="plan__section" aria-labelledby="a11y-method-heading">
                <h2 id="a11y-method-heading">{t!(i18n, a11y_method_heading)}</h2>
                <p>{t!(i18n, a11y_method_intro)}</p>
                <ul>
                    <li>{t!(i18n, a11y_method_axe)}</li>
                    <li>{t!(i18n, a11y_method_keyboard)}</li>
                    <li>{t!(i18n, a11y_method_layout)}</li>
                </ul>
                <p>{move || t_string!(i18n, a11y_assessed, date = format_date(ASSESSED_ON)).to_string()}</p>
            </section>
            <section class="plan__section" aria-labelledby="a11y-gaps-heading">
                <h2 id="a11y-gaps-heading">{t!(i18n, a11y_gaps_heading)}</h2>
                <ul>
                    <li>{t!(i18n, a11y_gap_assistive)}</li>
                    <li>{t!(i18n, a11y_gap_outside)}</li>
                </ul>
            </section>
            <section class="plan__section" aria-labelledby="a11y-report-heading">
                <h2 id="a11y-report-heading">{t!(i18n, a11y_report_heading)}</h2>
                <p>{t!(i18n, a11y_report)}</p>
                {report_to}
                {feedback}
            </section>
            <section class="plan__section" aria-labelledby="a11y-enforcement-heading">
                <h2 id="a11y-enforcement-heading">{t!(i18n, a11y_enforcement_heading)}</h2>
                <p>{t!(i18n, a11y_enforcement)}</p>
                <p>
                    <OutboundLink url=DIGG_COMPLAINT_FORM>{t!(i18n, a11y_digg_link)}</OutboundLink>
                </p>
            </section>
            <FeedbackWidget content_id="accessibility" />
        </article>
    }
}
