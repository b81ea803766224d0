//! Search and facets together, for the explore view. Pure, no DOM.
//!
//! The catalog's entry `i` is the search document `i`, so a search hit and a
//! filter result talk about the same thing. An index is built per language,
//! because the visitor searches the texts they see.
//!
//! ```
//! use plan_core::data_source::{interpret_responses, FileResponse};
//! use plan_core::explore::Explorer;
//! use plan_core::filter::Selection;
//! use plan_core::model::Lang;
//! let ok = |body: &str| FileResponse { status: 200, body: body.into() };
//! let data = interpret_responses(
//!     ok(include_str!("../../../public/data/plan.json")),
//!     ok(include_str!("../../../public/data/partners.json")),
//! ).unwrap();
//! let explorer = Explorer::new(&data, Lang::Sv);
//! let outcome = explorer.run(&data, "statistik", &Selection::default());
//! assert!(outcome.results.iter().any(|r| data.catalog.entries[r.entry].id == "fa-1-a-2"));
//! // Highlights are worked out only for the results shown.
//! let first = outcome.results[0].entry;
//! assert!(!explorer.highlight("statistik", &[first])[0].is_empty());
//! ```

use crate::data_source::AppData;
use crate::filter::{EntryKind, FacetCounts, Selection};
use crate::model::{Lang, LocalizedText};
use crate::search::{Field, FieldMatch, SearchDocument, SearchIndex, SearchOptions};

/// The search index for one language, over the catalog's entries.
pub struct Explorer {
    index: SearchIndex,
    documents: Vec<SearchDocument>,
    lang: Lang,
}

/// One result: a catalog entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExploreResult {
    /// Position in the catalog's entries.
    pub entry: usize,
}

/// What a search with filters gives: the results in order, and the counts
/// every facet value would give.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExploreOutcome {
    /// Matching entries: by relevance when searching, else in catalog order.
    pub results: Vec<ExploreResult>,
    /// Live counts for the facet values.
    pub counts: FacetCounts,
}

impl Explorer {
    /// Builds the index for `lang`.
    pub fn new(data: &AppData, lang: Lang) -> Explorer {
        let documents = documents(data, lang);
        let index = SearchIndex::build(&documents, SearchOptions::for_lang(lang));
        Explorer {
            index,
            documents,
            lang,
        }
    }

    /// The language this index was built for.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The texts of entry `entry`, as indexed; field 0 is its title.
    pub fn document(&self, entry: usize) -> Option<&SearchDocument> {
        self.documents.get(entry)
    }

    /// Runs a search (empty text: everything) with the facet selection.
    ///
    /// Ranking every match is cheap; working out where each matched (for
    /// highlighting) is not, so that is left to [`Explorer::highlight`] for
    /// the results actually shown.
    pub fn run(&self, data: &AppData, query: &str, selection: &Selection) -> ExploreOutcome {
        let catalog = &data.catalog;
        let candidates: Vec<usize> = if query.trim().is_empty() {
            (0..catalog.entries.len()).collect()
        } else {
            self.index
                .rank(query)
                .into_iter()
                .map(|ranked| ranked.doc)
                .collect()
        };
        let counts = catalog.facet_counts(&candidates, selection);
        let results = catalog
            .filter(&candidates, selection)
            .into_iter()
            .map(|entry| ExploreResult { entry })
            .collect();
        ExploreOutcome { results, counts }
    }

    /// Where `query` matched each of `entries`, by field (field 0 is the title);
    /// empty for an empty query.
    pub fn highlight(&self, query: &str, entries: &[usize]) -> Vec<Vec<FieldMatch>> {
        self.index.highlight(query, entries)
    }
}

/// One search document per catalog entry, in the same order.
fn documents(data: &AppData, lang: Lang) -> Vec<SearchDocument> {
    let plan = &data.plan;
    let text = |t: &LocalizedText| t.get(lang).to_string();
    let tag_labels = |ids: &[String]| -> Vec<String> {
        ids.iter()
            .filter_map(|id| plan.tag(id))
            .map(|tag| text(&tag.label))
            .collect()
    };
    data.catalog
        .entries
        .iter()
        .map(|entry| {
            let mut document = SearchDocument::new();
            match entry.kind {
                EntryKind::FocusArea => {
                    let area = &plan.focus_areas[entry.index];
                    document = document.with(Field::Title, text(&area.title));
                    for label in tag_labels(&entry.tags) {
                        document = document.with(Field::Tags, label);
                    }
                }
                EntryKind::Activity => {
                    let activity = &plan.activities[entry.index];
                    document = document.with(Field::Title, text(&activity.text));
                    for label in tag_labels(&activity.tags) {
                        document = document.with(Field::Tags, label);
                    }
                    if let Some(area) = plan
                        .focus_areas
                        .iter()
                        .find(|a| a.id == activity.focus_area)
                    {
                        document = document.with(Field::Description, text(&area.title));
                    }
                }
                EntryKind::Partner => {
                    let partner = &data.partners.partners[entry.index];
                    document = document.with(Field::Title, partner.name.clone());
                    for label in tag_labels(&partner.tags) {
                        document = document.with(Field::Tags, label);
                    }
                    if let Some(sector) = data.partners.sector(&partner.sector) {
                        document = document.with(Field::Tags, text(&sector.label));
                    }
                    if let Some(municipality) = data.partners.municipality(&partner.municipality) {
                        document = document.with(Field::Tags, text(&municipality.label));
                    }
                    document = document.with(Field::Description, text(&partner.description));
                }
            }
            document
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data_source::{interpret_responses, FileResponse};
    use crate::filter::Facet;

    fn data() -> AppData {
        let ok = |body: &str| FileResponse {
            status: 200,
            body: body.into(),
        };
        interpret_responses(
            ok(include_str!("../../../public/data/plan.json")),
            ok(include_str!("../../../public/data/partners.json")),
        )
        .unwrap()
    }

    fn result_ids(data: &AppData, outcome: &ExploreOutcome) -> Vec<String> {
        outcome
            .results
            .iter()
            .map(|r| data.catalog.entries[r.entry].id.clone())
            .collect()
    }

    #[test]
    fn empty_search_lists_everything_in_catalog_order() {
        let data = data();
        let outcome = Explorer::new(&data, Lang::Sv).run(&data, "  ", &Selection::default());
        assert_eq!(outcome.results.len(), data.catalog.entries.len());
        assert_eq!(result_ids(&data, &outcome)[0], "fa-1");
        let explorer = Explorer::new(&data, Lang::Sv);
        assert!(explorer.highlight("", &[0, 1]).iter().all(Vec::is_empty));
    }

    #[test]
    fn search_and_filters_combine_and_matches_stay_with_their_entry() {
        let data = data();
        let explorer = Explorer::new(&data, Lang::Sv);
        let all = explorer.run(&data, "upphandl", &Selection::default());
        assert!(all.results.len() >= 3, "{:?}", result_ids(&data, &all));
        // A sector applies to partners only, so it drops the matching activities.
        let mut selection = Selection::default();
        selection.toggle(Facet::Sector, "civil-society");
        let narrowed = explorer.run(&data, "upphandl", &selection);
        assert!(!narrowed.results.is_empty() && narrowed.results.len() < all.results.len());
        let shown: Vec<usize> = narrowed.results.iter().map(|r| r.entry).collect();
        for (entry, matches) in shown.iter().zip(explorer.highlight("upphandl", &shown)) {
            assert_eq!(
                data.catalog.entries[*entry].sector.as_deref(),
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
        let data = data();
        let explorer = Explorer::new(&data, Lang::Sv);
        let everything = explorer.run(&data, "", &Selection::default());
        let searched = explorer.run(&data, "internationella", &Selection::default());
        let fa4 = searched.counts.get(Facet::FocusArea, "fa-4");
        assert!(
            fa4 >= 3,
            "focus area 4, its two activities and partners: {fa4}"
        );
        assert_eq!(
            fa4,
            searched
                .results
                .iter()
                .filter(|r| data.catalog.entries[r.entry]
                    .focus_areas
                    .contains(&"fa-4".into()))
                .count()
        );
        assert!(
            searched.counts.get(Facet::FocusArea, "fa-1")
                < everything.counts.get(Facet::FocusArea, "fa-1")
        );
    }

    #[test]
    fn each_language_searches_its_own_texts() {
        let data = data();
        let english = Explorer::new(&data, Lang::En);
        assert_eq!(english.lang(), Lang::En);
        assert!(!english
            .run(&data, "procurement", &Selection::default())
            .results
            .is_empty());
        assert!(Explorer::new(&data, Lang::Sv)
            .run(&data, "procurement", &Selection::default())
            .results
            .is_empty());
    }
}
