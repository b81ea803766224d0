//! One organisation of the partnership, as a card.

use super::{localized_text, Highlighted, OutboundLink};
use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;
use plan_core::data_source::AppData;
use plan_core::explore::PartnerMatches;
use plan_core::model::{Lang, LocalizedText, PartnerIx};
use std::ops::Range;
use std::sync::Arc;

/// Name, sector, municipality, description, links and tags of a partner.
/// Entries that the source page does not back carry a visible "Exempel" badge.
///
/// Rendered once in `lang`: cards come in lists, which re-render as a whole
/// when the language changes.
#[component]
pub fn PartnerCard(
    data: Arc<AppData>,
    partner: PartnerIx,
    lang: Lang,
    /// The heading level of the name, so the card fits the page's outline.
    #[prop(default = 3)]
    heading_level: u8,
    /// Where a search matched, by part of the card; nothing is marked without it.
    #[prop(optional)]
    matches: PartnerMatches,
) -> impl IntoView {
    let i18n = use_i18n();
    let directory = &data.partners;
    let partner = directory.partner(partner);
    let sector = &directory.sector(partner.sector).label;
    let municipality = &directory.municipality(partner.municipality).label;
    let name = view! { <Highlighted text=partner.name.clone() ranges=matches.name /> };
    let badge = partner.example.then(
        || view! { <span class="badge badge--example">{t_string!(i18n, example_badge)}</span> },
    );
    let heading = match heading_level {
        2 => view! { <h2 class="partner__name">{name}</h2> }.into_any(),
        4 => view! { <h4 class="partner__name">{name}</h4> }.into_any(),
        _ => view! { <h3 class="partner__name">{name}</h3> }.into_any(),
    };
    let tags = partner
        .tags
        .iter()
        .zip(
            matches
                .tags
                .into_iter()
                .chain(std::iter::repeat(Vec::new())),
        )
        .map(|(&tag, ranges)| {
            let label = &data.plan.tag(tag).label;
            view! { <li class="tag">{marked_text(label, lang, ranges)}</li> }
        })
        .collect_view();
    let website = partner.website.clone().map(|url| {
        let name = partner.name.clone();
        view! { <li><OutboundLink url>{t_string!(i18n, partner_website)}<span class="visually-hidden">" – " {name}</span></OutboundLink></li> }
    });
    let contact = partner.contact.clone().map(|contact| {
        view! { <li><OutboundLink url=contact.url.clone()>{localized_text(&contact.label, lang)}</OutboundLink></li> }
    });
    let people = partner
        .contact_people
        .iter()
        .map(|person| view! { <li>{person.name.clone()} ", " {localized_text(&person.role, lang)}</li> })
        .collect_view();
    view! {
        <article class="partner" class:partner--example=partner.example>
            <div class="partner__head">{heading} {badge}</div>
            <p class="partner__meta">
                {marked_text(sector, lang, matches.sector)} " · "
                {marked_text(municipality, lang, matches.municipality)}
            </p>
            <p class="partner__description">
                {marked_text(&partner.description, lang, matches.description)}
            </p>
            <ul class="partner__links">{website} {contact} {people}</ul>
            <ul class="tags" aria-label=t_string!(i18n, tags_label)>{tags}</ul>
        </article>
    }
}

/// A data text in `lang` (Swedish where a translation is missing, marked so),
/// with the search's matches in it marked. The ranges were found in the same
/// text the search indexed for `lang`, so they fit what is shown.
fn marked_text(text: &LocalizedText, lang: Lang, ranges: Vec<Range<usize>>) -> impl IntoView {
    if ranges.is_empty() {
        return localized_text(text, lang).into_any();
    }
    let (shown, actual) = text.resolve(lang);
    view! { <span lang=actual.code()><Highlighted text=shown.to_string() ranges /></span> }
        .into_any()
}
