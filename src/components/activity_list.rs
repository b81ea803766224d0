//! The activities of one focus area, each with its topic tags.

use super::Localized;
use crate::i18n::{t, use_i18n};
use leptos::prelude::*;
use plan_core::model::{FocusAreaIx, Plan};
use std::sync::Arc;

/// A list of a focus area's activities, in the plan's order.
#[component]
pub fn ActivityList(plan: Arc<Plan>, focus_area: FocusAreaIx) -> impl IntoView {
    let i18n = use_i18n();
    let activities = plan
        .activities_in(focus_area)
        .map(|activity| {
            let tags = activity
                .tags
                .iter()
                .map(|&tag| plan.tag(tag))
                .map(|tag| view! { <li class="tag"><Localized text=tag.label.clone() /></li> })
                .collect_view();
            view! {
                <li class="activity" id=activity.id.to_string()>
                    <p class="activity__text"><Localized text=activity.text.clone() /></p>
                    <div class="activity__tags">
                        <span class="activity__tags-label">{t!(i18n, tags_label)}</span>
                        <ul class="tags">{tags}</ul>
                    </div>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="activities">{activities}</ul> }
}
