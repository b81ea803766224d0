//! The overview ("Översikt"): the partnership as a whole, counted from the data and nothing
//! else. Partners per municipality (laid out as a tile map of Örebro län) and per sector,
//! focus areas against sectors, and activities per focus area. The view only draws these.
//!
//! ```
//! use plan_core::overview::{bar_lengths, Overview};
//! use plan_core::validate::{parse_partners, parse_plan};
//! let plan = parse_plan("plan.json", include_str!("../../../public/data/plan.json")).unwrap();
//! let directory = parse_partners("partners.json", include_str!("../../../public/data/partners.json"), &plan).unwrap();
//! let overview = Overview::new(&plan, &directory);
//! let total: usize = overview.municipalities.iter().map(|m| m.count).sum();
//! assert_eq!(total, directory.partners().len());
//! // Bars in whole units, the longest as long as the chart: no floats reach the view.
//! assert_eq!(bar_lengths(&[4, 2, 0, 1], 200), [200, 100, 0, 50]);
//! ```

use crate::model::{LocalizedText, PartnerDirectory, Plan};

/// The id of the directory's "Hela länet" (the whole county): not a municipality, so it has a
/// tile of its own apart from the map and is left out of "which municipality has the most".
pub const WHOLE_COUNTY: &str = "whole-county";

/// How many partners (or activities) one value has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tally {
    /// The value's id, as in the data and the explore view's address.
    pub id: String,
    /// Its name.
    pub label: LocalizedText,
    /// How many.
    pub count: usize,
}

/// One focus area's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FocusAreaFigures {
    /// The focus area's id.
    pub id: String,
    /// Its number in the plan.
    pub number: u32,
    /// Its title.
    pub title: LocalizedText,
    /// Its activities.
    pub activities: usize,
    /// The partners working on it.
    pub partners: usize,
    /// The partners working on it by sector, in the order of [`Overview::sectors`].
    pub partners_by_sector: Vec<usize>,
}

/// Everything the overview shows, counted once per loaded directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overview {
    /// All partners.
    pub partners: usize,
    /// Partners marked `"example": true`: the view says they are in the figures.
    pub examples: usize,
    /// Partners per municipality, in file order ("Hela länet" among them).
    pub municipalities: Vec<Tally>,
    /// Partners per sector, in file order.
    pub sectors: Vec<Tally>,
    /// The focus areas in the plan's order.
    pub focus_areas: Vec<FocusAreaFigures>,
}

impl Overview {
    /// Counts the directory against its plan. Each partner counts once per municipality and
    /// sector (it has one of each) and once per focus area it works on.
    pub fn new(plan: &Plan, directory: &PartnerDirectory) -> Overview {
        let mut municipalities = tallies(directory.municipalities());
        let mut sectors = tallies(directory.sectors());
        let mut focus_areas: Vec<FocusAreaFigures> = plan
            .indexed_focus_areas()
            .map(|(ix, area)| FocusAreaFigures {
                id: area.id.to_string(),
                number: area.number,
                title: area.title.clone(),
                activities: plan.activities_in(ix).count(),
                partners: 0,
                partners_by_sector: vec![0; sectors.len()],
            })
            .collect();
        for partner in directory.partners() {
            municipalities[partner.municipality.position()].count += 1;
            let sector = partner.sector.position();
            sectors[sector].count += 1;
            for area in &partner.focus_areas {
                let figures = &mut focus_areas[area.position()];
                figures.partners += 1;
                figures.partners_by_sector[sector] += 1;
            }
        }
        Overview {
            partners: directory.partners().len(),
            examples: directory.partners().iter().filter(|p| p.example).count(),
            municipalities,
            sectors,
            focus_areas,
        }
    }

    /// The municipalities with the most partners, "Hela länet" left out.
    pub fn municipality_leaders(&self) -> Option<Leaders> {
        let counts: Vec<usize> = self
            .municipalities
            .iter()
            .map(|m| if m.id == WHOLE_COUNTY { 0 } else { m.count })
            .collect();
        Leaders::of(&counts)
    }

    /// The sectors with the most partners.
    pub fn sector_leaders(&self) -> Option<Leaders> {
        Leaders::of(&self.sectors.iter().map(|s| s.count).collect::<Vec<_>>())
    }

    /// The focus areas the most partners work on.
    pub fn focus_area_partner_leaders(&self) -> Option<Leaders> {
        Leaders::of(
            &self
                .focus_areas
                .iter()
                .map(|a| a.partners)
                .collect::<Vec<_>>(),
        )
    }

    /// The focus areas with the most activities.
    pub fn focus_area_activity_leaders(&self) -> Option<Leaders> {
        Leaders::of(
            &self
                .focus_areas
                .iter()
                .map(|a| a.activities)
                .collect::<Vec<_>>(),
        )
    }
}

fn tallies<Id: ToString>(choices: &[crate::model::Choice<Id>]) -> Vec<Tally> {
    choices
        .iter()
        .map(|choice| Tally {
            id: choice.id.to_string(),
            label: choice.label.clone(),
            count: 0,
        })
        .collect()
}

/// The values that share the largest count, for a chart's one-sentence summary; ties are
/// all named rather than one picked at random.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leaders {
    /// Their positions in the chart's list, in its order.
    pub positions: Vec<usize>,
    /// The count they share.
    pub count: usize,
}

impl Leaders {
    /// `None` when every count is zero (or there are none): then nothing leads.
    pub fn of(counts: &[usize]) -> Option<Leaders> {
        let count = counts.iter().copied().max().filter(|&max| max > 0)?;
        let positions = (0..counts.len()).filter(|&i| counts[i] == count).collect();
        Some(Leaders { positions, count })
    }
}

/// Bar lengths in whole units of a chart `full` units long, proportional to the largest count
/// (which gets `full`), rounded to the nearest unit; a non-zero count gets at least one unit,
/// so that it never looks like none.
pub fn bar_lengths(counts: &[usize], full: u32) -> Vec<u32> {
    // u128: a count times `full` fits, whatever the count.
    let max = counts.iter().copied().max().unwrap_or(0) as u128;
    counts
        .iter()
        .map(|&count| {
            let count = count as u128;
            if count == 0 || max == 0 {
                return 0;
            }
            let length = (u128::from(full) * count + max / 2) / max;
            // At most `full`, since count ≤ max.
            u32::try_from(length).unwrap_or(full).max(1)
        })
        .collect()
}

/// Where a tile goes, in grid cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tile {
    /// The municipality's position in [`Overview::municipalities`].
    pub municipality: usize,
    /// Its column, from the west.
    pub column: u32,
    /// Its row, from the north.
    pub row: u32,
}

/// The municipalities on a small grid, roughly where they lie in the county, so that a
/// visitor recognises the map; names the layout doesn't know go in rows below it, so new
/// data never breaks the map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TileMap {
    /// The tiles of the map and the unknown names, in [`Overview::municipalities`] order.
    pub tiles: Vec<Tile>,
    /// "Hela länet", in a row of its own after all the others.
    pub whole_county: Option<Tile>,
    /// The grid's columns.
    pub columns: u32,
    /// The grid's rows, the whole county's included.
    pub rows: u32,
}

/// Örebro län's municipalities on a 4 × 5 grid, north at the top (their ids in partners.json).
const KNOWN_PLACES: [(&str, u32, u32); 12] = [
    ("hallefors", 1, 0),
    ("ljusnarsberg", 2, 0),
    ("karlskoga", 0, 1),
    ("nora", 2, 1),
    ("lindesberg", 3, 1),
    ("degerfors", 0, 2),
    ("lekeberg", 1, 2),
    ("orebro", 2, 2),
    ("laxa", 0, 3),
    ("hallsberg", 1, 3),
    ("kumla", 2, 3),
    ("askersund", 1, 4),
];
const MAP_COLUMNS: u32 = 4;
const MAP_ROWS: u32 = 5;

impl TileMap {
    /// Places the municipalities with these ids (in [`Overview::municipalities`] order).
    pub fn new<'a>(ids: impl IntoIterator<Item = &'a str>) -> TileMap {
        let mut tiles = Vec::new();
        let mut whole_county = None;
        let mut unknown = 0;
        for (municipality, id) in ids.into_iter().enumerate() {
            if id == WHOLE_COUNTY {
                whole_county = Some(municipality);
                continue;
            }
            let (column, row) = match KNOWN_PLACES.iter().find(|(known, _, _)| *known == id) {
                Some(&(_, column, row)) => (column, row),
                None => {
                    unknown += 1;
                    let n = unknown - 1;
                    (n % MAP_COLUMNS, MAP_ROWS + n / MAP_COLUMNS)
                }
            };
            tiles.push(Tile {
                municipality,
                column,
                row,
            });
        }
        let rows = MAP_ROWS + unknown.div_ceil(MAP_COLUMNS);
        let whole_county = whole_county.map(|municipality| Tile {
            municipality,
            column: 0,
            row: rows,
        });
        TileMap {
            tiles,
            rows: rows + u32::from(whole_county.is_some()),
            whole_county,
            columns: MAP_COLUMNS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{parse_partners, parse_plan};

    const PLAN: &str = include_str!("../../../public/data/plan.json");
    const PARTNERS: &str = include_str!("../../../public/data/partners.json");

    fn bundled() -> Overview {
        let plan = parse_plan("plan.json", PLAN).unwrap();
        let directory = parse_partners("partners.json", PARTNERS, &plan).unwrap();
        Overview::new(&plan, &directory)
    }

    fn count_of(tallies: &[Tally], id: &str) -> usize {
        tallies.iter().find(|t| t.id == id).unwrap().count
    }

    #[test]
    fn counts_the_bundled_directory() {
        let overview = bundled();
        assert_eq!(overview.partners, 40);
        // Only Region Örebro län is backed by the source page.
        assert_eq!(overview.examples, 39);
        assert_eq!(count_of(&overview.municipalities, "orebro"), 4);
        assert_eq!(count_of(&overview.municipalities, WHOLE_COUNTY), 2);
        assert_eq!(count_of(&overview.sectors, "civil-society"), 12);
        assert_eq!(count_of(&overview.sectors, "academia"), 2);
        let activities: Vec<usize> = overview.focus_areas.iter().map(|a| a.activities).collect();
        assert_eq!(activities.iter().sum::<usize>(), 12);
        for area in &overview.focus_areas {
            assert_eq!(area.partners_by_sector.iter().sum::<usize>(), area.partners);
        }
    }

    #[test]
    fn leaders_name_every_tie_and_nothing_when_all_are_zero() {
        assert_eq!(
            Leaders::of(&[1, 4, 0, 4]),
            Some(Leaders {
                positions: vec![1, 3],
                count: 4
            })
        );
        assert_eq!(Leaders::of(&[0, 0]), None);
        assert_eq!(Leaders::of(&[]), None);
        // The bundled data: four municipalities share the lead; the whole county is not one.
        let overview = bundled();
        let leaders = overview.municipality_leaders().unwrap();
        let names: Vec<&str> = leaders
            .positions
            .iter()
            .map(|&i| overview.municipalities[i].id.as_str())
            .collect();
        assert_eq!(names, ["degerfors", "hallefors", "lindesberg", "orebro"]);
        assert_eq!(leaders.count, 4);
    }

    #[test]
    fn bars_are_whole_units_and_small_counts_stay_visible() {
        assert_eq!(bar_lengths(&[3, 2, 1], 300), [300, 200, 100]);
        assert_eq!(bar_lengths(&[1000, 1], 300), [300, 1]);
        assert_eq!(bar_lengths(&[0, 0], 300), [0, 0]);
        assert_eq!(bar_lengths(&[], 300), Vec::<u32>::new());
        assert_eq!(bar_lengths(&[usize::MAX, 1], u32::MAX)[0], u32::MAX);
    }

    #[test]
    fn the_map_places_known_municipalities_and_puts_the_rest_below() {
        let map = TileMap::new(["orebro", "whole-county", "ljusnarsberg", "new-one", "other"]);
        let place = |i: usize| {
            let tile = map.tiles.iter().find(|t| t.municipality == i).unwrap();
            (tile.column, tile.row)
        };
        assert_eq!(place(0), (2, 2));
        assert_eq!(place(2), (2, 0));
        // Unknown names: a row below the map, side by side.
        assert_eq!(place(3), (0, MAP_ROWS));
        assert_eq!(place(4), (1, MAP_ROWS));
        let county = map.whole_county.unwrap();
        assert_eq!((county.municipality, county.row), (1, MAP_ROWS + 1));
        assert_eq!(map.rows, MAP_ROWS + 2);
        // No two tiles share a cell.
        let mut cells: Vec<(u32, u32)> = map.tiles.iter().map(|t| (t.column, t.row)).collect();
        cells.sort_unstable();
        cells.dedup();
        assert_eq!(cells.len(), map.tiles.len());
    }

    #[test]
    fn every_bundled_municipality_has_its_own_place_on_the_map() {
        let overview = bundled();
        let map = TileMap::new(overview.municipalities.iter().map(|m| m.id.as_str()));
        assert_eq!(map.tiles.len(), 12);
        assert!(map.tiles.iter().all(|t| t.row < MAP_ROWS));
        assert_eq!(map.rows, MAP_ROWS + 1);
        let mut cells: Vec<(u32, u32)> = map.tiles.iter().map(|t| (t.column, t.row)).collect();
        cells.sort_unstable();
        cells.dedup();
        assert_eq!(cells.len(), 12);
    }
}
