//! The search engine on the bundled plan: focus areas and activities, in
//! Swedish and in English.

mod common;

use common::bundled_plan;
use plan_core::model::{Lang, Plan};
use plan_core::search::{
    highlight_segments, Field, MatchKind, SearchDocument, SearchIndex, SearchOptions,
};

/// Focus areas (heading as title), then activities (text as title, tag labels as tags).
fn documents(plan: &Plan, lang: Lang) -> Vec<SearchDocument> {
    let areas = plan
        .focus_areas()
        .iter()
        .map(|area| SearchDocument::new().with(Field::Title, area.title.get(lang)));
    let activities = plan.activities().iter().map(|activity| {
        let mut doc = SearchDocument::new().with(Field::Title, activity.text.get(lang));
        for &tag in &activity.tags {
            doc = doc.with(Field::Tags, plan.tag(tag).label.get(lang));
        }
        doc
    });
    areas.chain(activities).collect()
}

fn title(docs: &[SearchDocument], doc: usize) -> &str {
    &docs[doc].fields[0].1
}

#[test]
fn swedish_queries_find_the_right_activities() {
    let plan = bundled_plan();
    let docs = documents(plan, Lang::Sv);
    let index = SearchIndex::build(&docs, SearchOptions::for_lang(Lang::Sv));

    let best = |query: &str| title(&docs, index.query(query)[0].doc).to_string();
    assert_eq!(
        best("sociala företag"),
        "Arbeta för att stärka och utveckla sociala företag"
    );
    assert!(best("upphandl").contains("upphandling"));
    assert!(best("nätverket").contains("nätverk"));
    assert!(best("orebro").contains("Örebro"));
    assert!(best("upphandlng").contains("upphandling"));
    assert!(best("erfarenhetsutbytet").contains("erfarenhetsutbyte"));

    // Both procurement activities, and nothing without the word.
    for hit in index.query("upphandling") {
        let text: String = docs[hit.doc]
            .fields
            .iter()
            .map(|(_, t)| t.as_str())
            .collect();
        assert!(text.to_lowercase().contains("upphandl"), "{text}");
    }
    assert!(index.query("upphandling").len() >= 2);
    assert!(index.query("").is_empty());
}

#[test]
fn every_word_of_the_plan_finds_its_own_document() {
    let plan = bundled_plan();
    for lang in Lang::ALL {
        let docs = documents(plan, lang);
        let index = SearchIndex::build(&docs, SearchOptions::for_lang(lang));
        for (doc, document) in docs.iter().enumerate() {
            for (_, text) in &document.fields {
                for word in text.split(|c: char| !c.is_alphanumeric()) {
                    if word.is_empty() {
                        continue;
                    }
                    let hits = index.query(word);
                    let hit = hits.iter().find(|hit| hit.doc == doc);
                    let hit = hit.unwrap_or_else(|| panic!("{word:?} ({lang:?}) misses doc {doc}"));
                    assert!(hit.matches.iter().any(|m| m.kind == MatchKind::Exact));
                }
            }
        }
    }
}

#[test]
fn highlights_cover_the_texts_exactly_in_every_language() {
    let plan = bundled_plan();
    for lang in Lang::ALL {
        let docs = documents(plan, lang);
        let index = SearchIndex::build(&docs, SearchOptions::for_lang(lang));
        for query in [
            "s", "för", "öka", "upph", "netzwerk", "procure", "kunskap", "örebro",
        ] {
            for hit in index.query(query) {
                for found in &hit.matches {
                    let text = &docs[hit.doc].fields[found.field_index].1;
                    let pieces = highlight_segments(text, &found.ranges);
                    let joined: String = pieces.iter().map(|(piece, _)| *piece).collect();
                    assert_eq!(&joined, text);
                    assert!(pieces.iter().any(|(_, highlighted)| *highlighted));
                }
            }
        }
    }
}

#[test]
fn english_and_german_are_searched_without_swedish_stemming() {
    let plan = bundled_plan();
    let docs = documents(plan, Lang::En);
    let index = SearchIndex::build(&docs, SearchOptions::for_lang(Lang::En));
    assert!(!index.options().swedish_stemming);
    let hits = index.query("procurement");
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|hit| docs[hit.doc]
        .fields
        .iter()
        .any(|(_, t)| t.contains("rocurement"))));

    let docs = documents(plan, Lang::De);
    let index = SearchIndex::build(&docs, SearchOptions::for_lang(Lang::De));
    assert!(!index.query("Sozialunternehmen").is_empty());
    assert!(
        !index.query("offentlich").is_empty(),
        "öffentlich without the umlaut"
    );
}
