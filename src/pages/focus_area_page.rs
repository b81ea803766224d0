//! One focus area: its activities and the organisations that work on it.

use crate::components::{ActivityList, FeedbackWidget, Localized, PartnerCard};
use crate::directory::with_directory;
use crate::i18n::{t, t_string, use_i18n};
use crate::navigation::AppLink;
use leptos::prelude::*;
use plan_core::data_source::SiteData;
use plan_core::facet::Facet;
use plan_core::url_state::{UrlState, View};
use std::sync::Arc;

/// The focus area with id `id`, or a helpful message if there is none.
#[component]
pub fn FocusAreaPage(data: Arc<SiteData>, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let plan = data.plan.clone();
    let Some(area_ix) = plan.focus_area_by_id(&id) else {
        return view! {
            <h1 tabindex="-1">{t!(i18n, focus_area_not_found_heading)}</h1>
            <p>{t!(i18n, focus_area_not_found)}</p>
            <p><AppLink to=UrlState::default()>{t!(i18n, back_to_plan)}</AppLink></p>
        }
        .into_any();
    };
    let area = plan.focus_area(area_ix);
    let number = area.number;
    let lang = crate::components::use_lang();
    // The organisations once the partner directory is in (a loading notice until then),
    // re-rendered as a whole when the language changes.
    let partners = with_directory(move |data| {
        move || {
            let lang = lang.get();
            let items = data
                .partners
                .partners_working_on(area_ix)
                .map(|partner| view! { <li><PartnerCard data=data.clone() partner lang /></li> })
                .collect_view();
            view! { <ul class="partner-list">{items}</ul> }
        }
    });
    let mut explore = UrlState {
        view: View::Explore,
        ..UrlState::default()
    };
    explore.selection.toggle(Facet::FocusArea, area.id.as_str());
    view! {
        <article class="focus-area-page">
            <p class="breadcrumb">
                <AppLink to=UrlState::default()>{t!(i18n, back_to_plan)}</AppLink>
            </p>
            <h1 tabindex="-1">
                <span class="focus-area__number">
                    {move || t_string!(i18n, focus_area_number, number = number).to_string()}
                </span>
                <Localized text=area.title.clone() />
            </h1>
            <section class="plan__section" aria-labelledby="activities-heading">
                <h2 id="activities-heading">{t!(i18n, activities_heading)}</h2>
                <ActivityList plan=plan.clone() focus_area=area_ix />
            </section>
            <section class="plan__section" aria-labelledby="partners-heading">
                <h2 id="partners-heading">{t!(i18n, focus_area_partners_heading)}</h2>
                <p>{t!(i18n, example_notice)}</p>
                {partners}
                <p><AppLink to=explore>{t!(i18n, focus_area_explore)}</AppLink></p>
            </section>
            <FeedbackWidget content_id=area.id.to_string() />
        </article>
    }
    .into_any()
}
