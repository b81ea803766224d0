//! Search and facets together on the bundled plan and directory, as the
//! explore view runs them.

mod common;

use common::bundled_data;
use plan_core::data_source::AppData;
use plan_core::explore::{ExploreOutcome, Explorer};
use plan_core::facet::Facet;
use plan_core::filter::Selection;
use plan_core::model::Lang;

fn result_ids(data: &AppData, outcome: &ExploreOutcome) -> Vec<String> {
    outcome
        .results
        .iter()
        .map(|r| data.catalog.entries[r.entry].id.clone())
        .collect()
}

#[test]
fn empty_search_lists_everything_in_catalog_order() {
    let data = bundled_data();
    let outcome = Explorer::new(data, Lang::Sv).run(data, "  ", &Selection::default());
    assert_eq!(outcome.results.len(), data.catalog.entries.len());
    assert_eq!(result_ids(data, &outcome)[0], "fa-1");
    let explorer = Explorer::new(data, Lang::Sv);
    assert!(explorer.highlight("", &[0, 1]).iter().all(Vec::is_empty));
}

#[test]
fn search_and_filters_combine_and_matches_stay_with_their_entry() {
    let data = bundled_data();
    let explorer = Explorer::new(data, Lang::Sv);
    let all = explorer.run(data, "upphandl", &Selection::default());
    assert!(all.results.len() >= 3, "{:?}", result_ids(data, &all));
    // A sector applies to partners only, so it drops the matching activities.
    let mut selection = Selection::default();
    selection.toggle(Facet::Sector, "civil-society");
    let narrowed = explorer.run(data, "upphandl", &selection);
    assert!(!narrowed.results.is_empty() && narrowed.results.len() < all.results.len());
    let shown: Vec<usize> = narrowed.results.iter().map(|r| r.entry).collect();
    for (entry, matches) in shown.iter().zip(explorer.highlight("upphandl", &shown)) {
        let sector = data.catalog.entries[*entry].sector;
        assert_eq!(
            sector.map(|sector| data.partners.sector(sector).id.as_str()),
            Some("civil-society")
        );
        assert!(
            !matches.is_empty(),
            "every shown result has something to highlight"
        );
    }
    // The activity's own title match is highlighted in field 0.
    let activity = all
        .results
        .iter()
        .find(|r| data.catalog.entries[r.entry].id == "fa-2-a-3")
        .unwrap();
    let title = &explorer.document(activity.entry).unwrap().fields[0].1;
    let matches = &explorer.highlight("upphandl", &[activity.entry])[0];
    let first = matches.iter().find(|m| m.field_index == 0).unwrap().ranges[0].clone();
    assert_eq!(&title[first], "upphandl");
}

#[test]
fn counts_follow_the_search() {
    let data = bundled_data();
    let explorer = Explorer::new(data, Lang::Sv);
    let everything = explorer.run(data, "", &Selection::default());
    let searched = explorer.run(data, "internationella", &Selection::default());
    let fa4 = searched.counts.get(Facet::FocusArea, "fa-4");
    assert!(
        fa4 >= 3,
        "focus area 4, its two activities and partners: {fa4}"
    );
    let fa4_ix = data.plan.focus_area_by_id("fa-4").unwrap();
    assert_eq!(
        fa4,
        searched
            .results
            .iter()
            .filter(|r| data.catalog.entries[r.entry].focus_areas.contains(&fa4_ix))
            .count()
    );
    assert!(
        searched.counts.get(Facet::FocusArea, "fa-1")
            < everything.counts.get(Facet::FocusArea, "fa-1")
    );
}

#[test]
fn each_language_searches_its_own_texts() {
    let data = bundled_data();
    let english = Explorer::new(data, Lang::En);
    assert_eq!(english.lang(), Lang::En);
    assert!(!english
        .run(data, "procurement", &Selection::default())
        .results
        .is_empty());
    assert!(Explorer::new(data, Lang::Sv)
        .run(data, "procurement", &Selection::default())
        .results
        .is_empty());
}

#[test]
fn a_partners_matches_land_on_the_parts_of_its_card_that_show_them() {
    use plan_core::explore::PartnerMatches;
    use plan_core::filter::EntryItem;
    let data = bundled_data();
    for lang in Lang::ALL {
        let explorer = Explorer::new(data, lang);
        for (entry, item) in data.catalog.entries.iter().enumerate() {
            let EntryItem::Partner(ix) = item.item else {
                continue;
            };
            let partner = data.partners.partner(ix);
            let document = explorer
                .document(entry)
                .expect("every entry has a document");
            // Search each part's own first word: its ranges must fall inside that part's text.
            let parts: Vec<(&str, String)> = [
                ("description", partner.description.get(lang).to_string()),
                (
                    "sector",
                    data.partners
                        .sector(partner.sector)
                        .label
                        .get(lang)
                        .to_string(),
                ),
            ]
            .into_iter()
            .collect();
            for (part, text) in parts {
                let Some(word) = text
                    .split_whitespace()
                    .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()))
                    .find(|w| w.chars().count() >= 6 && w.chars().all(char::is_alphabetic))
                else {
                    continue;
                };
                let matches = &explorer.highlight(word, &[entry])[0];
                let sorted = PartnerMatches::of(partner.tags.len(), matches);
                let ranges = if part == "description" {
                    &sorted.description
                } else {
                    &sorted.sector
                };
                assert!(
                    !ranges.is_empty(),
                    "{lang:?} {}: {word} in its {part}",
                    partner.id
                );
                for range in ranges {
                    assert!(
                        text.get(range.clone()).is_some(),
                        "{part} range {range:?} in {text:?}"
                    );
                }
                assert_eq!(document.fields.len(), partner.tags.len() + 4);
            }
        }
    }
}
