//! Facets (focus area, sector, municipality, topic) and their live counts. Pure, no DOM.
//!
//! Within a facet the chosen values combine with OR; across facets with AND.
//! The count shown beside a value is the number of results the visitor would
//! get by choosing it: the entries that pass the search, every *other*
//! facet's choices, and this value.
//!
//! ```
//! use plan_core::facet::Facet;
//! use plan_core::filter::{Catalog, Selection};
//! use plan_core::validate::{parse_partners, parse_plan};
//! let plan = parse_plan("plan.json", include_str!("../../../public/data/plan.json")).unwrap();
//! // A directory without organisations, so that only the plan's entries are listed.
//! let no_partners = r#"{"format_version": 1, "sectors": [{"id": "s", "label": {"sv": "S"}}],
//!     "municipalities": [{"id": "m", "label": {"sv": "M"}}], "partners": []}"#;
//! let directory = parse_partners("partners.json", no_partners, &plan).unwrap();
//! let catalog = Catalog::new(&plan, &directory);
//! let mut selection = Selection::default();
//! selection.toggle(Facet::FocusArea, "fa-2");
//! let everything: Vec<usize> = (0..catalog.entries.len()).collect();
//! // Focus area 2 itself and its four activities.
//! assert_eq!(catalog.filter(&everything, &selection).len(), 5);
//! ```

use crate::facet::{Facet, FACET_COUNT};
use crate::model::ids::IdIndex;
use crate::model::{
    ActivityIx, FocusAreaIx, LocalizedText, MunicipalityIx, PartnerDirectory, PartnerIx, Plan,
    SectorIx, TagIx,
};
use std::collections::{BTreeSet, HashMap};

/// What an entry in the catalog is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// A focus area (insatsområde) of the plan.
    FocusArea,
    /// An activity of the plan.
    Activity,
    /// An organisation in the partner directory.
    Partner,
}

/// Which item of the plan or the directory an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryItem {
    /// A focus area of the plan.
    FocusArea(FocusAreaIx),
    /// An activity of the plan.
    Activity(ActivityIx),
    /// An organisation of the directory.
    Partner(PartnerIx),
}

/// One searchable, filterable thing, with the facet values it carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The item it is.
    pub item: EntryItem,
    /// Its id in the data.
    pub id: String,
    /// Focus areas (an activity has its own; a partner those it works on).
    pub focus_areas: Vec<FocusAreaIx>,
    /// Sector (partners only).
    pub sector: Option<SectorIx>,
    /// Municipality (partners only).
    pub municipality: Option<MunicipalityIx>,
    /// Topic tags.
    pub tags: Vec<TagIx>,
}

impl Entry {
    /// What kind of item it is.
    pub fn kind(&self) -> EntryKind {
        match self.item {
            EntryItem::FocusArea(_) => EntryKind::FocusArea,
            EntryItem::Activity(_) => EntryKind::Activity,
            EntryItem::Partner(_) => EntryKind::Partner,
        }
    }
}

/// The values chosen in each facet, by [`Facet::slot`]. Sorted sets keep shared links stable.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    chosen: [BTreeSet<String>; FACET_COUNT],
}

impl Selection {
    /// A selection of these values, per facet slot.
    pub fn from_values(chosen: [BTreeSet<String>; FACET_COUNT]) -> Selection {
        Selection { chosen }
    }

    /// The chosen values of one facet.
    pub fn values(&self, facet: Facet) -> &BTreeSet<String> {
        &self.chosen[facet.slot()]
    }

    fn values_mut(&mut self, facet: Facet) -> &mut BTreeSet<String> {
        &mut self.chosen[facet.slot()]
    }

    /// Whether a value is chosen.
    pub fn contains(&self, facet: Facet, id: &str) -> bool {
        self.values(facet).contains(id)
    }

    /// Chooses a value, or un-chooses it if it was chosen.
    pub fn toggle(&mut self, facet: Facet, id: &str) {
        let values = self.values_mut(facet);
        if !values.remove(id) {
            values.insert(id.to_string());
        }
    }

    /// Un-chooses everything in one facet.
    pub fn clear_facet(&mut self, facet: Facet) {
        self.values_mut(facet).clear();
    }

    /// Whether nothing is chosen in any facet.
    pub fn is_empty(&self) -> bool {
        self.chosen.iter().all(BTreeSet::is_empty)
    }

    /// How many values are chosen across all facets.
    pub fn len(&self) -> usize {
        self.chosen.iter().map(BTreeSet::len).sum()
    }
}

/// Every entry of the plan and the directory, in display order: focus areas,
/// then activities, then partners.
///
/// Facet values are also kept as small numbers (codes into a per-facet
/// dictionary), so that filtering and counting tens of thousands of entries
/// on every keystroke compares integers instead of strings. A value's code
/// is its index in the plan or directory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalog {
    /// The entries.
    pub entries: Vec<Entry>,
    /// Per facet slot, its values by code: every focus area, sector,
    /// municipality and tag, in file order.
    dictionary: [Vec<FacetValue>; FACET_COUNT],
    /// Per facet slot, each value's code by its id: for ids that come from the address.
    code_of_id: [IdIndex; FACET_COUNT],
    /// Every entry's codes, per facet, in one flat list (one allocation
    /// rather than four per entry, which keeps counting cache-friendly):
    /// entry `e`'s codes in facet slot `f` are `codes[starts[4e + f]..starts[4e + f + 1]]` (4 = [`FACET_COUNT`]).
    codes: Vec<u32>,
    starts: Vec<u32>,
}

impl Catalog {
    /// Builds the catalog. A focus area carries the tags of its activities,
    /// so that choosing a topic also finds the focus areas working on it.
    pub fn new(plan: &Plan, directory: &PartnerDirectory) -> Catalog {
        let mut entries = Vec::with_capacity(
            plan.focus_areas().len() + plan.activities().len() + directory.partners().len(),
        );
        for (ix, area) in plan.indexed_focus_areas() {
            let mut tags: Vec<TagIx> = Vec::new();
            for &tag in plan.activities_in(ix).flat_map(|a| &a.tags) {
                if !tags.contains(&tag) {
                    tags.push(tag);
                }
            }
            entries.push(Entry {
                item: EntryItem::FocusArea(ix),
                id: area.id.to_string(),
                focus_areas: vec![ix],
                sector: None,
                municipality: None,
                tags,
            });
        }
        for (ix, activity) in plan.indexed_activities() {
            entries.push(Entry {
                item: EntryItem::Activity(ix),
                id: activity.id.to_string(),
                focus_areas: vec![activity.focus_area],
                sector: None,
                municipality: None,
                tags: activity.tags.clone(),
            });
        }
        for (ix, partner) in directory.indexed_partners() {
            entries.push(Entry {
                item: EntryItem::Partner(ix),
                id: partner.id.to_string(),
                focus_areas: partner.focus_areas.clone(),
                sector: Some(partner.sector),
                municipality: Some(partner.municipality),
                tags: partner.tags.clone(),
            });
        }
        let dictionary: [Vec<FacetValue>; FACET_COUNT] = [
            plan.focus_areas()
                .iter()
                .map(|a| FacetValue::new(&a.id, numbered(a.number, &a.title)))
                .collect(),
            directory
                .sectors()
                .iter()
                .map(|c| FacetValue::new(&c.id, c.label.clone()))
                .collect(),
            directory
                .municipalities()
                .iter()
                .map(|c| FacetValue::new(&c.id, c.label.clone()))
                .collect(),
            plan.tags()
                .iter()
                .map(|t| FacetValue::new(&t.id, t.label.clone()))
                .collect(),
        ];
        let mut codes = Vec::new();
        let mut starts = Vec::with_capacity(entries.len() * FACET_COUNT + 1);
        for entry in &entries {
            for facet in Facet::ALL {
                starts.push(codes.len() as u32);
                codes.extend(facet_codes(entry, facet));
            }
        }
        starts.push(codes.len() as u32);
        let code_of_id = dictionary
            .each_ref()
            .map(|values| IdIndex::new(values.iter().map(|value| value.id.as_str())));
        Catalog {
            entries,
            dictionary,
            code_of_id,
            codes,
            starts,
        }
    }

    /// The values a visitor can choose in `facet`, in the data's order.
    pub fn values_of(&self, facet: Facet) -> &[FacetValue] {
        &self.dictionary[facet.slot()]
    }

    /// The value of `facet` with this id; `None` for an id the data doesn't have
    /// (an address can name anything).
    pub fn value(&self, facet: Facet, id: &str) -> Option<&FacetValue> {
        let code = self.code_of_id[facet.slot()].position(id)?;
        self.dictionary[facet.slot()].get(code)
    }

    /// Entry `entry`'s codes per facet slot; `None` past the end.
    fn codes_of(&self, entry: usize) -> Option<[&[u32]; FACET_COUNT]> {
        let first = entry * FACET_COUNT;
        let starts = self.starts.get(first..first + FACET_COUNT + 1)?;
        Some(std::array::from_fn(|f| {
            &self.codes[starts[f] as usize..starts[f + 1] as usize]
        }))
    }

    /// The entries among `candidates` (positions in [`Catalog::entries`])
    /// that match the selection, in the order given.
    pub fn filter(&self, candidates: &[usize], selection: &Selection) -> Vec<usize> {
        let chosen = self.code_selection(selection);
        candidates
            .iter()
            .copied()
            .filter(|&i| {
                self.codes_of(i)
                    .is_some_and(|codes| Facet::ALL.iter().all(|&f| chosen.passes(&codes, f)))
            })
            .collect()
    }

    /// For every facet value that any candidate carries, and every chosen
    /// value, the number of results choosing it would give.
    pub fn facet_counts(&self, candidates: &[usize], selection: &Selection) -> FacetCounts {
        let chosen = self.code_selection(selection);
        let mut tallies: [Vec<usize>; FACET_COUNT] = self
            .dictionary
            .each_ref()
            .map(|values| vec![0; values.len()]);
        // Counting does not depend on the order: walking the entries in
        // catalog order reads memory front to back.
        let mut in_order = candidates.to_vec();
        in_order.sort_unstable();
        for codes in in_order.iter().filter_map(|&i| self.codes_of(i)) {
            let passes = Facet::ALL.map(|f| chosen.passes(&codes, f));
            let failing = passes.iter().filter(|pass| !**pass).count();
            for facet in Facet::ALL {
                let f = facet.slot();
                // The entry must pass every *other* facet; this facet's value is what we count.
                if failing == 0 || (failing == 1 && !passes[f]) {
                    for &code in codes[f] {
                        tallies[f][code as usize] += 1;
                    }
                }
            }
        }
        let mut counts: HashMap<(Facet, String), usize> = HashMap::new();
        for facet in Facet::ALL {
            let f = facet.slot();
            for (value, &count) in self.dictionary[f].iter().zip(&tallies[f]) {
                if count > 0 {
                    counts.insert((facet, value.id.clone()), count);
                }
            }
            for value in selection.values(facet) {
                counts.entry((facet, value.clone())).or_insert(0);
            }
        }
        FacetCounts { counts }
    }

    /// The selection as per-facet masks over the dictionary codes.
    fn code_selection(&self, selection: &Selection) -> CodedSelection {
        CodedSelection {
            masks: Facet::ALL.map(|facet| {
                let chosen = selection.values(facet);
                (!chosen.is_empty()).then(|| {
                    self.dictionary[facet.slot()]
                        .iter()
                        .map(|v| chosen.contains(&v.id))
                        .collect()
                })
            }),
        }
    }
}

/// Per facet, `None` when nothing is chosen, else which codes are chosen.
struct CodedSelection {
    masks: [Option<Vec<bool>>; FACET_COUNT],
}

impl CodedSelection {
    fn passes(&self, codes: &[&[u32]; FACET_COUNT], facet: Facet) -> bool {
        let f = facet.slot();
        match &self.masks[f] {
            None => true,
            Some(mask) => codes[f].iter().any(|&code| mask[code as usize]),
        }
    }
}

/// One value a visitor can choose in a facet: its id in the data and its label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetValue {
    /// The value's id, as in the data and the address.
    pub id: String,
    /// What the visitor reads.
    pub label: LocalizedText,
}

impl FacetValue {
    fn new(id: &impl ToString, label: LocalizedText) -> FacetValue {
        FacetValue {
            id: id.to_string(),
            label,
        }
    }
}

/// "2. Skapa långsiktiga …": focus areas are known by their numbers.
fn numbered(number: u32, title: &LocalizedText) -> LocalizedText {
    LocalizedText {
        sv: format!("{number}. {}", title.sv),
        en: title.en.as_ref().map(|t| format!("{number}. {t}")),
        de: title.de.as_ref().map(|t| format!("{number}. {t}")),
    }
}

/// Result counts per facet value; see [`Catalog::facet_counts`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FacetCounts {
    counts: HashMap<(Facet, String), usize>,
}

impl FacetCounts {
    /// How many results choosing `id` in `facet` would give (0 if none).
    pub fn get(&self, facet: Facet, id: &str) -> usize {
        self.counts
            .get(&(facet, id.to_string()))
            .copied()
            .unwrap_or(0)
    }
}

/// The codes of the values an entry carries in one facet: their indices.
fn facet_codes(entry: &Entry, facet: Facet) -> Vec<u32> {
    let code = |position: usize| position as u32;
    match facet {
        Facet::FocusArea => entry
            .focus_areas
            .iter()
            .map(|a| code(a.position()))
            .collect(),
        Facet::Sector => entry.sector.iter().map(|s| code(s.position())).collect(),
        Facet::Municipality => entry
            .municipality
            .iter()
            .map(|m| code(m.position()))
            .collect(),
        Facet::Tag => entry.tags.iter().map(|t| code(t.position())).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggling_twice_removes_the_choice() {
        let mut selection = Selection::default();
        selection.toggle(Facet::Tag, "funding");
        assert!(selection.contains(Facet::Tag, "funding"));
        assert_eq!(selection.len(), 1);
        selection.toggle(Facet::Tag, "funding");
        assert!(selection.is_empty());
    }
}
