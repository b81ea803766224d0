//! Facets (focus area, sector, municipality, topic) and their live counts. Pure, no DOM.
//!
//! Within a facet the chosen values combine with OR; across facets with AND.
//! The count shown beside a value is the number of results the visitor would
//! get by choosing it: the entries that pass the search, every *other*
//! facet's choices, and this value.
//!
//! ```
//! use plan_core::filter::{Catalog, Facet, Selection};
//! use plan_core::model::{PartnerDirectory, Plan};
//! let plan: Plan = serde_json::from_str(include_str!("../../../public/data/plan.json")).unwrap();
//! let catalog = Catalog::new(&plan, &PartnerDirectory::default());
//! let mut selection = Selection::default();
//! selection.toggle(Facet::FocusArea, "fa-2");
//! let everything: Vec<usize> = (0..catalog.entries.len()).collect();
//! // Focus area 2 itself and its four activities.
//! assert_eq!(catalog.filter(&everything, &selection).len(), 5);
//! ```

use crate::model::{PartnerDirectory, Plan};
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

/// One searchable, filterable thing, with the facet values it carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// What it is.
    pub kind: EntryKind,
    /// Its position in the plan's or the directory's list of its kind.
    pub index: usize,
    /// Its id in the data.
    pub id: String,
    /// Focus area ids (an activity has its own; a partner those it works on).
    pub focus_areas: Vec<String>,
    /// Sector id (partners only).
    pub sector: Option<String>,
    /// Municipality id (partners only).
    pub municipality: Option<String>,
    /// Topic tag ids.
    pub tags: Vec<String>,
}

/// The facets a visitor can narrow by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Facet {
    /// Focus area (insatsområde).
    FocusArea,
    /// Sector (partners only).
    Sector,
    /// Municipality (partners only).
    Municipality,
    /// Topic tag.
    Tag,
}

impl Facet {
    /// Every facet, in the order the view shows them.
    pub const ALL: [Facet; 4] = [
        Facet::FocusArea,
        Facet::Sector,
        Facet::Municipality,
        Facet::Tag,
    ];
}

/// The values chosen in each facet. Sorted sets keep shared links stable.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Chosen focus area ids.
    pub focus_areas: BTreeSet<String>,
    /// Chosen sector ids.
    pub sectors: BTreeSet<String>,
    /// Chosen municipality ids.
    pub municipalities: BTreeSet<String>,
    /// Chosen tag ids.
    pub tags: BTreeSet<String>,
}

impl Selection {
    /// The chosen values of one facet.
    pub fn values(&self, facet: Facet) -> &BTreeSet<String> {
        match facet {
            Facet::FocusArea => &self.focus_areas,
            Facet::Sector => &self.sectors,
            Facet::Municipality => &self.municipalities,
            Facet::Tag => &self.tags,
        }
    }

    fn values_mut(&mut self, facet: Facet) -> &mut BTreeSet<String> {
        match facet {
            Facet::FocusArea => &mut self.focus_areas,
            Facet::Sector => &mut self.sectors,
            Facet::Municipality => &mut self.municipalities,
            Facet::Tag => &mut self.tags,
        }
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
        Facet::ALL
            .iter()
            .all(|facet| self.values(*facet).is_empty())
    }

    /// How many values are chosen across all facets.
    pub fn len(&self) -> usize {
        Facet::ALL
            .iter()
            .map(|facet| self.values(*facet).len())
            .sum()
    }
}

/// Every entry of the plan and the directory, in display order: focus areas,
/// then activities, then partners.
///
/// Facet values are also kept as small numbers (codes into a per-facet
/// dictionary), so that filtering and counting tens of thousands of entries
/// on every keystroke compares integers instead of strings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalog {
    /// The entries.
    pub entries: Vec<Entry>,
    /// Per facet, the distinct values, in first-seen order.
    dictionary: [Vec<String>; 4],
    /// Every entry's codes, per facet, in one flat list (one allocation
    /// rather than four per entry, which keeps counting cache-friendly):
    /// entry `e`'s codes in facet slot `f` are `codes[starts[4e + f]..starts[4e + f + 1]]`.
    codes: Vec<u32>,
    starts: Vec<u32>,
}

impl Catalog {
    /// Builds the catalog. A focus area carries the tags of its activities,
    /// so that choosing a topic also finds the focus areas working on it.
    pub fn new(plan: &Plan, directory: &PartnerDirectory) -> Catalog {
        let mut entries = Vec::with_capacity(
            plan.focus_areas.len() + plan.activities.len() + directory.partners.len(),
        );
        for (index, area) in plan.focus_areas.iter().enumerate() {
            let mut tags: Vec<String> = Vec::new();
            for tag in plan.activities_in(&area.id).flat_map(|a| &a.tags) {
                if !tags.contains(tag) {
                    tags.push(tag.clone());
                }
            }
            entries.push(Entry {
                kind: EntryKind::FocusArea,
                index,
                id: area.id.clone(),
                focus_areas: vec![area.id.clone()],
                sector: None,
                municipality: None,
                tags,
            });
        }
        for (index, activity) in plan.activities.iter().enumerate() {
            entries.push(Entry {
                kind: EntryKind::Activity,
                index,
                id: activity.id.clone(),
                focus_areas: vec![activity.focus_area.clone()],
                sector: None,
                municipality: None,
                tags: activity.tags.clone(),
            });
        }
        for (index, partner) in directory.partners.iter().enumerate() {
            entries.push(Entry {
                kind: EntryKind::Partner,
                index,
                id: partner.id.clone(),
                focus_areas: partner.focus_areas.clone(),
                sector: Some(partner.sector.clone()),
                municipality: Some(partner.municipality.clone()),
                tags: partner.tags.clone(),
            });
        }
        Catalog::from_entries(entries)
    }

    /// A catalog of the given entries, with their facet values coded.
    pub fn from_entries(entries: Vec<Entry>) -> Catalog {
        let mut dictionary: [Vec<String>; 4] = Default::default();
        let mut lookup: [HashMap<String, u32>; 4] = Default::default();
        let mut codes = Vec::new();
        let mut starts = Vec::with_capacity(entries.len() * 4 + 1);
        for entry in &entries {
            for facet in Facet::ALL {
                let f = facet_slot(facet);
                starts.push(codes.len() as u32);
                for value in facet_values(entry, facet) {
                    let code = *lookup[f].entry(value.to_string()).or_insert_with(|| {
                        dictionary[f].push(value.to_string());
                        (dictionary[f].len() - 1) as u32
                    });
                    codes.push(code);
                }
            }
        }
        starts.push(codes.len() as u32);
        Catalog {
            entries,
            dictionary,
            codes,
            starts,
        }
    }

    /// Entry `entry`'s codes per facet slot; `None` past the end.
    fn codes_of(&self, entry: usize) -> Option<[&[u32]; 4]> {
        let starts = self.starts.get(entry * 4..entry * 4 + 5)?;
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
        let mut tallies: [Vec<usize>; 4] = self
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
                let f = facet_slot(facet);
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
            let f = facet_slot(facet);
            for (value, &count) in self.dictionary[f].iter().zip(&tallies[f]) {
                if count > 0 {
                    counts.insert((facet, value.clone()), count);
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
                    self.dictionary[facet_slot(facet)]
                        .iter()
                        .map(|v| chosen.contains(v))
                        .collect()
                })
            }),
        }
    }
}

/// Per facet, `None` when nothing is chosen, else which codes are chosen.
struct CodedSelection {
    masks: [Option<Vec<bool>>; 4],
}

impl CodedSelection {
    fn passes(&self, codes: &[&[u32]; 4], facet: Facet) -> bool {
        let f = facet_slot(facet);
        match &self.masks[f] {
            None => true,
            Some(mask) => codes[f].iter().any(|&code| mask[code as usize]),
        }
    }
}

fn facet_slot(facet: Facet) -> usize {
    match facet {
        Facet::FocusArea => 0,
        Facet::Sector => 1,
        Facet::Municipality => 2,
        Facet::Tag => 3,
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

/// The values an entry carries in one facet.
fn facet_values(entry: &Entry, facet: Facet) -> Vec<&str> {
    match facet {
        Facet::FocusArea => entry.focus_areas.iter().map(String::as_str).collect(),
        Facet::Sector => entry.sector.iter().map(String::as_str).collect(),
        Facet::Municipality => entry.municipality.iter().map(String::as_str).collect(),
        Facet::Tag => entry.tags.iter().map(String::as_str).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Partner, PartnerDirectory};

    fn plan() -> Plan {
        serde_json::from_str(include_str!("../../../public/data/plan.json")).unwrap()
    }

    fn partner(
        id: &str,
        sector: &str,
        municipality: &str,
        focus_areas: &[&str],
        tags: &[&str],
    ) -> Partner {
        Partner {
            id: id.into(),
            name: id.into(),
            sector: sector.into(),
            municipality: municipality.into(),
            focus_areas: focus_areas.iter().map(|s| s.to_string()).collect(),
            tags: tags.iter().map(|s| s.to_string()).collect(),
            ..Partner::default()
        }
    }

    fn catalog() -> Catalog {
        let directory = PartnerDirectory {
            partners: vec![
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
            ],
            ..PartnerDirectory::default()
        };
        Catalog::new(&plan(), &directory)
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
        assert_eq!(catalog.entries[0].kind, EntryKind::FocusArea);
        assert_eq!(catalog.entries[4].kind, EntryKind::Activity);
        assert_eq!(catalog.entries[16].kind, EntryKind::Partner);
        // Focus area 2 carries the tags of its activities, once each.
        assert_eq!(
            catalog.entries[1].tags,
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
    fn toggling_twice_removes_the_choice() {
        let mut selection = Selection::default();
        selection.toggle(Facet::Tag, "funding");
        assert!(selection.contains(Facet::Tag, "funding"));
        assert_eq!(selection.len(), 1);
        selection.toggle(Facet::Tag, "funding");
        assert!(selection.is_empty());
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
}
