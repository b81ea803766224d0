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
use crate::filter::{EntryItem, FacetCounts, Selection};
use crate::model::{Lang, LocalizedText, TagIx};
use crate::search::{Field, FieldMatch, SearchDocument, SearchIndex};
use std::ops::Range;

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
    /// What was searched for, when the search read the query differently
    /// from how it was typed: a compound split into its parts
    /// ("socialföretag" → "social företag"). `None` otherwise.
    pub interpreted_query: Option<String>,
}

impl Explorer {
    /// Builds the index for `lang`.
    pub fn new(data: &AppData, lang: Lang) -> Explorer {
        let documents = documents(data, lang);
        let index = SearchIndex::build_for_lang(&documents, lang);
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
        let (candidates, interpreted_query): (Vec<usize>, _) = if query.trim().is_empty() {
            ((0..catalog.entries.len()).collect(), None)
        } else {
            let (ranked, interpreted) = self.index.rank_interpreted(query);
            (ranked.into_iter().map(|r| r.doc).collect(), interpreted)
        };
        let counts = catalog.facet_counts(&candidates, selection);
        let results = catalog
            .filter(&candidates, selection)
            .into_iter()
            .map(|entry| ExploreResult { entry })
            .collect();
        ExploreOutcome {
            results,
            counts,
            interpreted_query,
        }
    }

    /// Where `query` matched each of `entries`, by field (field 0 is the title);
    /// empty for an empty query.
    pub fn highlight(&self, query: &str, entries: &[usize]) -> Vec<Vec<FieldMatch>> {
        self.index.highlight(query, entries)
    }
}

/// Where a partner's search document matched, by the part of the card that
/// shows it. The document's fields are, in order: the name, each tag, the
/// sector, the municipality and the description (see `documents`); this is
/// the one place outside `documents` that knows that order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PartnerMatches {
    /// In the name.
    pub name: Vec<Range<usize>>,
    /// In each tag, in the partner's order.
    pub tags: Vec<Vec<Range<usize>>>,
    /// In the sector's label.
    pub sector: Vec<Range<usize>>,
    /// In the municipality's label.
    pub municipality: Vec<Range<usize>>,
    /// In the description.
    pub description: Vec<Range<usize>>,
}

impl PartnerMatches {
    /// Sorts `matches` (of a partner with `tag_count` tags) by the card's parts.
    pub fn of(tag_count: usize, matches: &[FieldMatch]) -> PartnerMatches {
        let in_field = |index: usize| {
            matches
                .iter()
                .find(|m| m.field_index == index)
                .map(|m| m.ranges.clone())
                .unwrap_or_default()
        };
        PartnerMatches {
            name: in_field(0),
            tags: (1..=tag_count).map(in_field).collect(),
            sector: in_field(tag_count + 1),
            municipality: in_field(tag_count + 2),
            description: in_field(tag_count + 3),
        }
    }
}

/// One search document per catalog entry, in the same order.
fn documents(data: &AppData, lang: Lang) -> Vec<SearchDocument> {
    let plan = &data.plan;
    let directory = &data.partners;
    let text = |t: &LocalizedText| t.get(lang).to_string();
    let with_tags = |mut document: SearchDocument, tags: &[TagIx]| {
        for &tag in tags {
            document = document.with(Field::Tags, text(&plan.tag(tag).label));
        }
        document
    };
    data.catalog
        .entries
        .iter()
        .map(|entry| match entry.item {
            EntryItem::FocusArea(ix) => {
                let area = plan.focus_area(ix);
                let document = SearchDocument::new().with(Field::Title, text(&area.title));
                with_tags(document, &entry.tags)
            }
            EntryItem::Activity(ix) => {
                let activity = plan.activity(ix);
                let document = SearchDocument::new().with(Field::Title, text(&activity.text));
                let area = plan.focus_area(activity.focus_area);
                with_tags(document, &activity.tags).with(Field::Description, text(&area.title))
            }
            EntryItem::Partner(ix) => {
                let partner = directory.partner(ix);
                let document = SearchDocument::new().with(Field::Title, partner.name.clone());
                with_tags(document, &partner.tags)
                    .with(Field::Tags, text(&directory.sector(partner.sector).label))
                    .with(
                        Field::Tags,
                        text(&directory.municipality(partner.municipality).label),
                    )
                    .with(Field::Description, text(&partner.description))
            }
        })
        .collect()
}
