//! Facets and their live counts on the bundled plan, with three made-up
//! partners whose sectors, municipalities and focus areas overlap.

mod common;

use common::{bundled_plan, PARTNERS_JSON};
use plan_core::facet::Facet;
use plan_core::filter::{Catalog, EntryKind, Selection};
use plan_core::model::raw::{RawPartner, RawPartnerDirectory};
use plan_core::model::{LocalizedText, PartnerDirectory};

fn partner(
    id: &str,
    sector: &str,
    municipality: &str,
    focus_areas: &[&str],
    tags: &[&str],
) -> RawPartner {
    RawPartner {
        id: id.into(),
        name: id.into(),
        sector: sector.into(),
        municipality: municipality.into(),
        focus_areas: focus_areas.iter().map(|s| s.to_string()).collect(),
        tags: tags.iter().map(|s| s.to_string()).collect(),
        description: LocalizedText {
            sv: id.into(),
            ..LocalizedText::default()
        },
        ..RawPartner::default()
    }
}

fn catalog() -> Catalog {
    // The bundled sectors and municipalities, with these partners instead of the bundled ones.
    let mut directory: RawPartnerDirectory =
        serde_json::from_str(PARTNERS_JSON).expect("partners.json is JSON");
    directory.partners = vec![
        partner(
            "p-civil-kumla",
            "civil-society",
            "kumla",
            &["fa-3"],
            &["networks"],
        ),
        partner(
            "p-civil-nora",
            "civil-society",
            "nora",
            &["fa-2", "fa-3"],
            &["funding"],
        ),
        partner(
            "p-public-kumla",
            "public-sector",
            "kumla",
            &["fa-2"],
            &["procurement"],
        ),
    ];
    let directory = PartnerDirectory::try_from((directory, bundled_plan()))
        .unwrap_or_else(|problems| panic!("the test directory is invalid: {problems:?}"));
    Catalog::new(bundled_plan(), &directory)
}

fn all(catalog: &Catalog) -> Vec<usize> {
    (0..catalog.entries.len()).collect()
}

fn ids(catalog: &Catalog, positions: &[usize]) -> Vec<String> {
    positions
        .iter()
        .map(|&i| catalog.entries[i].id.clone())
        .collect()
}

#[test]
fn catalog_lists_focus_areas_then_activities_then_partners() {
    let catalog = catalog();
    assert_eq!(catalog.entries.len(), 4 + 12 + 3);
    assert_eq!(catalog.entries[0].kind(), EntryKind::FocusArea);
    assert_eq!(catalog.entries[4].kind(), EntryKind::Activity);
    assert_eq!(catalog.entries[16].kind(), EntryKind::Partner);
    // Focus area 2 carries the tags of its activities, once each.
    let plan = bundled_plan();
    let tag_ids: Vec<&str> = catalog.entries[1]
        .tags
        .iter()
        .map(|&tag| plan.tag(tag).id.as_str())
        .collect();
    assert_eq!(
        tag_ids,
        ["funding", "social-enterprise", "procurement", "knowledge"]
    );
}

#[test]
fn values_within_a_facet_combine_with_or() {
    let catalog = catalog();
    let mut selection = Selection::default();
    selection.toggle(Facet::Municipality, "kumla");
    selection.toggle(Facet::Municipality, "nora");
    assert_eq!(
        ids(&catalog, &catalog.filter(&all(&catalog), &selection)),
        ["p-civil-kumla", "p-civil-nora", "p-public-kumla"]
    );
}

#[test]
fn facets_combine_with_and() {
    let catalog = catalog();
    let mut selection = Selection::default();
    selection.toggle(Facet::Municipality, "kumla");
    selection.toggle(Facet::Sector, "civil-society");
    assert_eq!(
        ids(&catalog, &catalog.filter(&all(&catalog), &selection)),
        ["p-civil-kumla"]
    );
    // Activities have no sector, so a sector choice leaves only partners.
    selection.clear_facet(Facet::Municipality);
    selection.toggle(Facet::FocusArea, "fa-2");
    assert_eq!(
        ids(&catalog, &catalog.filter(&all(&catalog), &selection)),
        ["p-civil-nora"]
    );
}

#[test]
fn counts_say_how_many_results_each_choice_would_give() {
    let catalog = catalog();
    let mut selection = Selection::default();
    selection.toggle(Facet::Sector, "civil-society");
    let counts = catalog.facet_counts(&all(&catalog), &selection);
    // Choosing Kumla with civil society chosen gives one partner; Nora one.
    assert_eq!(counts.get(Facet::Municipality, "kumla"), 1);
    assert_eq!(counts.get(Facet::Municipality, "nora"), 1);
    // The sector facet's own counts ignore its own choice (OR within a facet).
    assert_eq!(counts.get(Facet::Sector, "public-sector"), 1);
    assert_eq!(counts.get(Facet::Sector, "civil-society"), 2);
    // fa-3: the civil-society partners working on it (2); activities are excluded by the sector.
    assert_eq!(counts.get(Facet::FocusArea, "fa-3"), 2);
    assert_eq!(counts.get(Facet::Tag, "procurement"), 0);
}

#[test]
fn counts_follow_the_search_candidates_and_keep_chosen_values_at_zero() {
    let catalog = catalog();
    let mut selection = Selection::default();
    selection.toggle(Facet::Municipality, "laxa");
    let only_partners: Vec<usize> = (16..19).collect();
    let counts = catalog.facet_counts(&only_partners, &selection);
    assert_eq!(counts.get(Facet::Municipality, "laxa"), 0);
    assert_eq!(counts.get(Facet::Municipality, "kumla"), 2);
    assert_eq!(counts.get(Facet::Tag, "international"), 0);
    assert!(catalog.filter(&only_partners, &selection).is_empty());
}

#[test]
fn unknown_positions_and_values_are_ignored() {
    let catalog = catalog();
    let mut selection = Selection::default();
    selection.toggle(Facet::Tag, "<script>");
    assert!(catalog.filter(&[0, 9_999], &selection).is_empty());
    assert_eq!(
        catalog
            .facet_counts(&[9_999], &Selection::default())
            .get(Facet::Tag, "funding"),
        0
    );
}
