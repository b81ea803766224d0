//! The action plan: goal, how it was made, focus areas with their activities,
//! the partnership and the contacts.

use crate::components::{format_date, ActivityList, FeedbackWidget, Localized};
use crate::i18n::{t, t_string, use_i18n};
use crate::navigation::AppLink;
use leptos::prelude::*;
use plan_core::data_source::SiteData;
use plan_core::model::{FocusAreaIx, Plan};
use plan_core::url_state::{UrlState, View};
use std::sync::Arc;

/// The whole plan on one page; each focus area has its own heading, anchor
/// (`#fa-1`) and a link to its own view.
#[component]
pub fn PlanPage(data: Arc<SiteData>) -> impl IntoView {
    let i18n = use_i18n();
    let plan = data.plan.clone();
    let process = plan
        .process()
        .iter()
        .map(|paragraph| view! { <p><Localized text=paragraph.clone() /></p> })
        .collect_view();
    let decided_on = plan.decided_on();
    let decided = view! {
        <p class="plan__decided">
            {move || t_string!(i18n, decided_on, date = format_date(decided_on)).to_string()}
        </p>
    };
    let focus_areas = plan
        .indexed_focus_areas()
        .map(|(focus_area, _)| view! { <li><FocusAreaSection plan=plan.clone() focus_area /></li> })
        .collect_view();
    let partnership = plan
        .partnership()
        .paragraphs
        .iter()
        .map(|paragraph| view! { <p><Localized text=paragraph.clone() /></p> })
        .collect_view();
    let contacts = plan
        .contacts()
        .iter()
        .map(|contact| {
            view! {
                <li class="contact">
                    <span class="contact__name">{contact.name.clone()}</span>
                    <span class="contact__role"><Localized text=contact.role.clone() /></span>
                </li>
            }
        })
        .collect_view();

    view! {
        <article class="plan">
            <header class="plan__intro">
                <p class="plan__owner"><Localized text=plan.owner().clone() /></p>
                <h1><Localized text=plan.title().clone() /></h1>
            </header>
            <section class="plan__section" aria-labelledby="goal-heading">
                <h2 id="goal-heading">{t!(i18n, goal_heading)}</h2>
                <p class="plan__goal"><Localized text=plan.goal().clone() /></p>
            </section>
            <section class="plan__section" aria-labelledby="process-heading">
                <h2 id="process-heading">{t!(i18n, process_heading)}</h2>
                {process}
                {decided}
            </section>
            <section class="plan__section" aria-labelledby="focus-areas-heading">
                <h2 id="focus-areas-heading">{t!(i18n, focus_areas_heading)}</h2>
                <ol class="focus-areas">{focus_areas}</ol>
            </section>
            <section class="plan__section" aria-labelledby="partnership-heading">
                <h2 id="partnership-heading"><Localized text=plan.partnership().name.clone() /></h2>
                {partnership}
            </section>
            <section class="plan__section" aria-labelledby="contacts-heading">
                <h2 id="contacts-heading">{t!(i18n, contacts_heading)}</h2>
                <ul class="contacts">{contacts}</ul>
            </section>
            <FeedbackWidget content_id="plan" />
        </article>
    }
}

/// One focus area with its numbered heading, activities and their topic tags.
#[component]
fn FocusAreaSection(plan: Arc<Plan>, focus_area: FocusAreaIx) -> impl IntoView {
    let i18n = use_i18n();
    let area = plan.focus_area(focus_area);
    let heading_id = format!("{}-heading", area.id);
    let labelled_by = heading_id.clone();
    let number = area.number;
    let link_to = UrlState {
        view: View::FocusArea(area.id.to_string()),
        ..UrlState::default()
    };
    view! {
        <section class="focus-area" id=area.id.to_string() aria-labelledby=labelled_by>
            <h3 id=heading_id>
                <span class="focus-area__number">
                    {move || t_string!(i18n, focus_area_number, number = number).to_string()}
                </span>
                <Localized text=area.title.clone() />
            </h3>
            <h4 class="focus-area__activities-heading">{t!(i18n, activities_heading)}</h4>
            <ActivityList plan=plan.clone() focus_area />
            <p class="focus-area__more">
                <AppLink to=link_to>
                    {move || t_string!(i18n, focus_area_open, number = number).to_string()}
                </AppLink>
            </p>
        </section>
    }
}
