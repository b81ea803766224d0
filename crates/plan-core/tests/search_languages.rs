//! Issue #12's table: queries in Swedish, English and German, written from
//! the bundled data's own words, each with the entries it must and must not
//! return, run through the explore step as the view runs it.
//!
//! Every row is checked and all failures are reported together, so one run
//! shows which kinds of query work.

mod common;

use common::bundled_data;
use plan_core::explore::Explorer;
use plan_core::filter::Selection;
use plan_core::model::Lang;

/// What a row tests, for the report.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// A compound typed as one word that the data writes as two, or the reverse.
    Compound,
    /// Another form of a word the text uses.
    Inflection,
    /// One typo.
    Typo,
    /// Several words: all must match, nothing unrelated.
    MultiWord,
    /// Letters typed another way: missing accents, ü as ue, ß as ss.
    Folding,
}

struct Row {
    lang: Lang,
    kind: Kind,
    query: &'static str,
    /// Ids that must be among the results.
    must: &'static [&'static str],
    /// Ids that must not be among the results.
    must_not: &'static [&'static str],
}

const fn row(
    lang: Lang,
    kind: Kind,
    query: &'static str,
    must: &'static [&'static str],
    must_not: &'static [&'static str],
) -> Row {
    Row {
        lang,
        kind,
        query,
        must,
        must_not,
    }
}

use Kind::*;
use Lang::{De, En, Sv};

/// Entries with no word about social enterprises, procurement or networks:
/// the "unrelated" results a query about those must not show.
const STATISTICS: &str = "fa-1-a-2";
const GRANTS: &str = "fa-2-a-1";
const SOCIAL_ENTERPRISES: &str = "fa-2-a-2";
const PROCUREMENT_KNOWLEDGE: &str = "fa-2-a-3";
const PROCUREMENT_FROM: &str = "fa-2-a-4";
const CROSS_SECTOR_NETWORKS: &str = "fa-3-a-3";
const PUBLIC_ACTORS: &str = "fa-3-a-2";
const INTERNATIONAL: &str = "fa-4-a-1";
const VALUE: &str = "fa-1-a-3";

const ROWS: &[Row] = &[
    // Swedish.
    row(
        Sv,
        Compound,
        "socialföretag",
        &[SOCIAL_ENTERPRISES, "example-foreningen-motesplats-laxa"],
        &[STATISTICS, PROCUREMENT_KNOWLEDGE, GRANTS],
    ),
    row(
        Sv,
        Compound,
        "upphandlingssamverkan",
        &[PROCUREMENT_KNOWLEDGE],
        &[STATISTICS, SOCIAL_ENTERPRISES],
    ),
    row(
        Sv,
        Compound,
        "socialekonomi",
        &["fa-3", "fa-3-a-1"],
        &["example-studieforbundet-degerfors"],
    ),
    row(
        Sv,
        Compound,
        "samhälls nytta",
        &[VALUE],
        &[STATISTICS, PROCUREMENT_KNOWLEDGE],
    ),
    row(
        Sv,
        Compound,
        "erfarenhets utbyte",
        &["fa-3-a-1"],
        &[STATISTICS, SOCIAL_ENTERPRISES],
    ),
    row(
        Sv,
        Inflection,
        "nätverket",
        &[CROSS_SECTOR_NETWORKS],
        &[STATISTICS],
    ),
    row(
        Sv,
        Inflection,
        "upphandlingen",
        &[PROCUREMENT_KNOWLEDGE, PROCUREMENT_FROM],
        &[STATISTICS],
    ),
    row(
        Sv,
        Typo,
        "upphandlnig",
        &[PROCUREMENT_KNOWLEDGE, PROCUREMENT_FROM],
        &[STATISTICS],
    ),
    row(
        Sv,
        MultiWord,
        "sociala företag",
        &[SOCIAL_ENTERPRISES],
        &[STATISTICS, PROCUREMENT_KNOWLEDGE, GRANTS, INTERNATIONAL],
    ),
    row(
        Sv,
        MultiWord,
        "stöd till föreningar",
        &[GRANTS],
        &[STATISTICS, SOCIAL_ENTERPRISES],
    ),
    row(
        Sv,
        MultiWord,
        "nätverk och mötesplatser",
        &[CROSS_SECTOR_NETWORKS, "fa-3"],
        &[STATISTICS, PROCUREMENT_KNOWLEDGE],
    ),
    // Every activity's description is its focus area's heading, which names Örebro län.
    row(
        Sv,
        Folding,
        "orebro",
        &["fa-4-a-1", "region-orebro-lan"],
        &["example-studieforbundet-degerfors"],
    ),
    row(
        Sv,
        Folding,
        "motesplatser",
        &[CROSS_SECTOR_NETWORKS],
        &[STATISTICS],
    ),
    // English.
    row(
        En,
        Inflection,
        "networking",
        &[CROSS_SECTOR_NETWORKS, "fa-3"],
        &[STATISTICS, PROCUREMENT_KNOWLEDGE],
    ),
    row(
        En,
        Inflection,
        "developing",
        &[GRANTS, SOCIAL_ENTERPRISES, INTERNATIONAL],
        &[PUBLIC_ACTORS, PROCUREMENT_KNOWLEDGE],
    ),
    row(
        En,
        Inflection,
        "cooperating",
        &[PROCUREMENT_KNOWLEDGE],
        &[STATISTICS],
    ),
    row(
        En,
        Inflection,
        "strengthening",
        &[SOCIAL_ENTERPRISES, CROSS_SECTOR_NETWORKS],
        &[STATISTICS],
    ),
    row(
        En,
        Inflection,
        "enterprise",
        &[SOCIAL_ENTERPRISES],
        &[STATISTICS],
    ),
    row(
        En,
        Inflection,
        "funded",
        &["example-foreningen-motesplats-hallefors"],
        &[STATISTICS],
    ),
    row(
        En,
        Inflection,
        "statistic",
        &[STATISTICS],
        &[SOCIAL_ENTERPRISES],
    ),
    row(
        En,
        Typo,
        "procurment",
        &[PROCUREMENT_KNOWLEDGE, PROCUREMENT_FROM],
        &[STATISTICS],
    ),
    row(
        En,
        Typo,
        "enterprizes",
        &[SOCIAL_ENTERPRISES],
        &[STATISTICS],
    ),
    row(
        En,
        MultiWord,
        "social enterprises",
        &[SOCIAL_ENTERPRISES],
        &[STATISTICS, PROCUREMENT_KNOWLEDGE, GRANTS, INTERNATIONAL],
    ),
    row(
        En,
        MultiWord,
        "exchange of experience",
        &["fa-3-a-1", PUBLIC_ACTORS],
        &[STATISTICS, SOCIAL_ENTERPRISES],
    ),
    row(
        En,
        MultiWord,
        "the meeting places",
        &[CROSS_SECTOR_NETWORKS],
        &[STATISTICS, GRANTS],
    ),
    row(En, Compound, "longterm", &["fa-2"], &[STATISTICS, "fa-1"]),
    row(
        En,
        Compound,
        "crosssector",
        &[CROSS_SECTOR_NETWORKS],
        &[STATISTICS],
    ),
    row(
        En,
        Folding,
        "hallefors",
        &["example-foreningen-motesplats-hallefors"],
        &[STATISTICS],
    ),
    // German.
    row(
        De,
        Compound,
        "soziale Unternehmen",
        &[SOCIAL_ENTERPRISES],
        &[STATISTICS, PROCUREMENT_KNOWLEDGE, GRANTS],
    ),
    row(
        De,
        Compound,
        "Netzwerktreffpunkte",
        &[CROSS_SECTOR_NETWORKS, "fa-3"],
        &[STATISTICS, PROCUREMENT_KNOWLEDGE],
    ),
    row(
        De,
        Compound,
        "Unternehmen",
        &[SOCIAL_ENTERPRISES],
        &[STATISTICS],
    ),
    row(
        De,
        Compound,
        "Beschaffungsformen",
        &[PROCUREMENT_KNOWLEDGE],
        &[STATISTICS, SOCIAL_ENTERPRISES],
    ),
    row(
        De,
        Inflection,
        "Netzwerken",
        &[CROSS_SECTOR_NETWORKS, "fa-3"],
        &[STATISTICS],
    ),
    row(
        De,
        Inflection,
        "Beschaffungen",
        &[PROCUREMENT_KNOWLEDGE, PROCUREMENT_FROM],
        &[STATISTICS],
    ),
    row(
        De,
        Inflection,
        "Statistik",
        &[STATISTICS],
        &[SOCIAL_ENTERPRISES],
    ),
    row(
        De,
        Inflection,
        "internationaler",
        &[INTERNATIONAL],
        &[STATISTICS],
    ),
    row(
        De,
        Typo,
        "Beschafung",
        &[PROCUREMENT_KNOWLEDGE, PROCUREMENT_FROM],
        &[STATISTICS],
    ),
    row(
        De,
        MultiWord,
        "Netzwerke und Treffpunkte",
        &[CROSS_SECTOR_NETWORKS],
        &[STATISTICS, GRANTS],
    ),
    row(
        De,
        MultiWord,
        "öffentliche Akteure",
        &[PUBLIC_ACTORS],
        &[STATISTICS, SOCIAL_ENTERPRISES],
    ),
    row(
        De,
        Folding,
        "oeffentliche Akteure",
        &[PUBLIC_ACTORS],
        &[STATISTICS, SOCIAL_ENTERPRISES],
    ),
    row(
        De,
        Folding,
        "Verstaendnis",
        &["fa-1"],
        &["fa-2", PROCUREMENT_KNOWLEDGE],
    ),
    row(
        De,
        Folding,
        "gemeinnuetzigen",
        &["example-foreningen-motesplats-hallefors"],
        &[STATISTICS],
    ),
    row(
        De,
        Folding,
        "verfuegbar",
        &[STATISTICS],
        &[SOCIAL_ENTERPRISES],
    ),
    row(
        De,
        Folding,
        "daß Statistiken",
        &[STATISTICS],
        &[SOCIAL_ENTERPRISES],
    ),
];

#[test]
fn every_query_kind_works_in_every_language() {
    let data = bundled_data();
    let explorers = [Sv, En, De].map(|lang| Explorer::new(data, lang));
    let mut failures = Vec::new();
    for row in ROWS {
        let explorer = explorers.iter().find(|e| e.lang() == row.lang).unwrap();
        let outcome = explorer.run(data, row.query, &Selection::default());
        let ids: Vec<&str> = outcome
            .results
            .iter()
            .map(|r| data.catalog.entries[r.entry].id.as_str())
            .collect();
        let missing: Vec<&str> = row
            .must
            .iter()
            .copied()
            .filter(|id| !ids.contains(id))
            .collect();
        let unwanted: Vec<&str> = row
            .must_not
            .iter()
            .copied()
            .filter(|id| ids.contains(id))
            .collect();
        if !missing.is_empty() || !unwanted.is_empty() {
            failures.push(format!(
                "{:?} {:?} {:?}: missing {missing:?}, unwanted {unwanted:?}; got {ids:?}",
                row.lang, row.kind, row.query
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows fail:\n{}",
        failures.len(),
        ROWS.len(),
        failures.join("\n")
    );
}

#[test]
fn a_split_compound_says_what_was_searched_for() {
    let data = bundled_data();
    let interpreted = |lang: Lang, query: &str| {
        Explorer::new(data, lang)
            .run(data, query, &Selection::default())
            .interpreted_query
    };
    assert_eq!(
        interpreted(Sv, "socialföretag").as_deref(),
        Some("social företag")
    );
    assert_eq!(interpreted(Sv, "sociala företag"), None);
    assert_eq!(
        interpreted(Sv, "upphandlingssamverkan").as_deref(),
        Some("upphandling samverkan")
    );
    assert_eq!(interpreted(En, "longterm").as_deref(), Some("long term"));
    assert_eq!(
        interpreted(De, "Netzwerktreffpunkte").as_deref(),
        Some("netzwerk treffpunkte")
    );
    assert_eq!(interpreted(Sv, ""), None);
}

#[test]
fn words_that_stand_together_rank_first() {
    let data = bundled_data();
    let first = |lang: Lang, query: &str| {
        let outcome = Explorer::new(data, lang).run(data, query, &Selection::default());
        data.catalog.entries[outcome.results[0].entry].id.clone()
    };
    assert_eq!(first(Sv, "sociala företag"), SOCIAL_ENTERPRISES);
    assert_eq!(first(En, "social enterprises"), SOCIAL_ENTERPRISES);
    assert_eq!(first(De, "Netzwerke Treffpunkte"), "fa-3");
}
