//! Property tests of the overview's counts: for any directory the validator accepts, every
//! partner is counted exactly once per municipality and per sector, once per focus area it
//! works on, and the example count is the number of partners marked as examples.

mod common;

use common::{bundled_plan, PARTNERS_JSON};
use plan_core::model::raw::{RawPartner, RawPartnerDirectory};
use plan_core::model::{LocalizedText, PartnerDirectory};
use plan_core::overview::{bar_lengths, Overview, TileMap};
use proptest::prelude::*;

/// One partner as positions into the bundled sectors, municipalities and focus areas.
#[derive(Clone, Debug)]
struct Drawn {
    example: bool,
    sector: usize,
    municipality: usize,
    focus_areas: Vec<usize>,
}

fn drawn() -> impl Strategy<Value = Drawn> {
    (
        any::<bool>(),
        0usize..32,
        0usize..32,
        prop::collection::btree_set(0usize..4, 1..=4),
    )
        .prop_map(|(example, sector, municipality, areas)| Drawn {
            example,
            sector,
            municipality,
            focus_areas: areas.into_iter().collect(),
        })
}

fn directory(partners: &[Drawn]) -> PartnerDirectory {
    let mut raw: RawPartnerDirectory =
        serde_json::from_str(PARTNERS_JSON).expect("partners.json is JSON");
    let plan = bundled_plan();
    let sectors: Vec<String> = raw.sectors.iter().map(|s| s.id.clone()).collect();
    let municipalities: Vec<String> = raw.municipalities.iter().map(|m| m.id.clone()).collect();
    raw.partners = partners
        .iter()
        .enumerate()
        .map(|(i, p)| RawPartner {
            id: format!("p-{i}"),
            name: format!("Partner {i}"),
            example: p.example,
            sector: sectors[p.sector % sectors.len()].clone(),
            municipality: municipalities[p.municipality % municipalities.len()].clone(),
            focus_areas: p
                .focus_areas
                .iter()
                .map(|&a| {
                    plan.focus_areas()[a % plan.focus_areas().len()]
                        .id
                        .to_string()
                })
                .collect(),
            description: LocalizedText {
                sv: format!("Partner {i}"),
                ..LocalizedText::default()
            },
            ..RawPartner::default()
        })
        .collect();
    PartnerDirectory::try_from((raw, plan))
        .unwrap_or_else(|problems| panic!("the drawn directory is invalid: {problems:?}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn totals_equal_the_number_of_partners(partners in prop::collection::vec(drawn(), 0..60)) {
        let directory = directory(&partners);
        let overview = Overview::new(bundled_plan(), &directory);
        prop_assert_eq!(overview.partners, partners.len());
        prop_assert_eq!(overview.municipalities.iter().map(|m| m.count).sum::<usize>(), partners.len());
        prop_assert_eq!(overview.sectors.iter().map(|s| s.count).sum::<usize>(), partners.len());
        prop_assert_eq!(overview.examples, partners.iter().filter(|p| p.example).count());
        // The matrix counts a partner once per focus area it works on, in its own sector.
        let mentions: usize = directory.partners().iter().map(|p| p.focus_areas.len()).sum();
        let cells: usize = overview.focus_areas.iter().flat_map(|a| &a.partners_by_sector).sum();
        prop_assert_eq!(cells, mentions);
        for (s, sector) in overview.sectors.iter().enumerate() {
            let column: usize = overview.focus_areas.iter().map(|a| a.partners_by_sector[s]).sum();
            let expected: usize = directory
                .partners()
                .iter()
                .filter(|p| directory.sector(p.sector).id.to_string() == sector.id)
                .map(|p| p.focus_areas.len())
                .sum();
            prop_assert_eq!(column, expected);
        }
        for area in &overview.focus_areas {
            prop_assert_eq!(area.partners_by_sector.iter().sum::<usize>(), area.partners);
        }
        // Every municipality gets a tile of its own.
        let map = TileMap::new(overview.municipalities.iter().map(|m| m.id.as_str()));
        prop_assert_eq!(map.tiles.len() + usize::from(map.whole_county.is_some()), overview.municipalities.len());
    }

    #[test]
    fn bars_never_exceed_the_chart(counts in prop::collection::vec(0usize..10_000, 0..20), full in 1u32..2_000) {
        let lengths = bar_lengths(&counts, full);
        prop_assert_eq!(lengths.len(), counts.len());
        let max = counts.iter().copied().max().unwrap_or(0);
        for (&count, &length) in counts.iter().zip(&lengths) {
            prop_assert!(length <= full);
            prop_assert_eq!(length == 0, count == 0);
            if count == max && max > 0 {
                prop_assert_eq!(length, full);
            }
        }
    }
}
