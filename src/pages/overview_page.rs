//! The overview ("Översikt"): the partnership as a whole, counted by
//! `plan_core::overview`. Every figure is a link to the explore view with that filter,
//! every chart has a table with the same numbers and a sentence saying what stands out.

use crate::components::{use_lang, FeedbackWidget};
use crate::directory::with_directory;
use crate::i18n::{t, t_string, use_i18n};
use crate::navigation::{link_once, use_navigator};
use leptos::prelude::*;
use plan_core::data_source::AppData;
use plan_core::facet::Facet;
use plan_core::model::Lang;
use plan_core::overview::{bar_lengths, Leaders, Overview, Tally, TileMap};
use plan_core::url_state::{UrlState, View};
use std::sync::Arc;

// The charts' geometry in whole SVG units (the SVG scales to the screen): no float
// formatting in the wasm.
const TILE_WIDTH: u32 = 132;
const TILE_HEIGHT: u32 = 76;
const TILE_GAP: u32 = 8;
/// The space that sets "Hela länet" apart from the map.
const COUNTY_GAP: u32 = 20;
/// Shades of the tiles, from none (0) to the most partners (3).
const TILE_SHADES: u32 = 3;
// Narrow enough that the 20-unit text reads at about 16 px on a 320 px screen.
const BAR_FULL: u32 = 300;
const BAR_ROW: u32 = 64;
const CHART_WIDTH: u32 = BAR_FULL + 60;

/// The i18n context, handed to the helpers that write sentences.
type I18n = leptos_i18n::I18nContext<crate::i18n::Locale>;

/// The overview: its heading at once, the figures once the partner directory is in.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="overview">
            <h1 tabindex="-1">{t!(i18n, overview_heading)}</h1>
            <p>{t!(i18n, overview_intro)}</p>
            {with_directory(|data| view! {
                <OverviewFigures data />
                <FeedbackWidget content_id="overview" />
            })}
        </div>
    }
}

/// The four charts. Counted once; drawn again as a whole when the language (or the
/// address's language and mode, which the links carry) changes, so that the links
/// subscribe to nothing (see `ListLink` on why).
#[component]
fn OverviewFigures(data: Arc<AppData>) -> impl IntoView {
    let navigator = use_navigator();
    let lang = use_lang();
    let overview = Arc::new(Overview::new(&data.plan, &data.partners));
    move || {
        navigator.lang_and_mode().track();
        let lang = lang.get();
        let overview = overview.clone();
        view! {
            <Totals overview=overview.clone() />
            <MunicipalityMap overview=overview.clone() lang />
            <SectorBars overview=overview.clone() lang />
            <FocusAreaMatrix overview=overview.clone() lang />
            <ActivityBars overview lang />
        }
    }
}

/// How many partners, and how many of them are examples (never counted silently).
#[component]
fn Totals(overview: Arc<Overview>) -> impl IntoView {
    let i18n = use_i18n();
    let total = t_string!(i18n, overview_total, count = overview.partners).to_string();
    let examples = match overview.examples {
        0 => None,
        1 => Some(t_string!(i18n, overview_examples_one).to_string()),
        n => Some(t_string!(i18n, overview_examples_many, count = n).to_string()),
    };
    view! {
        <p class="overview__totals">
            {total}
            {examples.map(|text| view! { " " <strong class="overview__examples">{text}</strong> })}
        </p>
    }
}

/// The explore view with one or two filters chosen.
fn explore_with(filters: &[(Facet, &str)]) -> UrlState {
    let mut state = UrlState {
        view: View::Explore,
        ..UrlState::default()
    };
    for &(facet, id) in filters {
        state.selection.toggle(facet, id);
    }
    state
}

/// "Örebro: 4 organisationer": a link's accessible name.
fn partners_label(i18n: I18n, name: &str, count: usize) -> String {
    let name = name.to_string();
    match count {
        1 => t_string!(i18n, overview_partners_one, name).to_string(),
        n => t_string!(i18n, overview_partners_many, name, count = n).to_string(),
    }
}

/// "A, B och C".
fn join_names(i18n: I18n, names: Vec<String>) -> String {
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!(
            "{} {} {last}",
            rest.join(", "),
            t_string!(i18n, overview_and)
        ),
        None => String::new(),
    }
}

/// The leaders' names and count for a summary sentence, and whether they tie.
fn leader_names(
    i18n: I18n,
    leaders: Leaders,
    name: impl Fn(usize) -> String,
) -> (String, usize, bool) {
    let tie = leaders.positions.len() > 1;
    let names = leaders.positions.into_iter().map(name).collect();
    (join_names(i18n, names), leaders.count, tie)
}

/// "Örebro has the most organisations: 4." for tallies of partners.
fn most_partners_sentence(
    i18n: I18n,
    tallies: &[Tally],
    leaders: Option<Leaders>,
    lang: Lang,
) -> Option<String> {
    let (names, count, tie) =
        leader_names(i18n, leaders?, |i| tallies[i].label.get(lang).to_string());
    Some(if tie {
        t_string!(i18n, overview_most_partners_tie, names, count).to_string()
    } else {
        t_string!(i18n, overview_most_partners_one, names, count).to_string()
    })
}

/// A table of label and count, one click away behind "Visa siffrorna som tabell".
fn figures_table(
    i18n: I18n,
    first_column: String,
    second_column: String,
    rows: Vec<(String, usize)>,
) -> impl IntoView {
    let rows = rows
        .into_iter()
        .map(|(label, count)| view! { <tr><th scope="row">{label}</th><td>{count}</td></tr> })
        .collect_view();
    view! {
        <details class="overview__table">
            <summary>{t_string!(i18n, overview_show_table)}</summary>
            <table class="results-table">
                <thead>
                    <tr><th scope="col">{first_column}</th><th scope="col">{second_column}</th></tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    }
}

/// Partners per municipality as a tile map, with "Hela länet" apart.
#[component]
fn MunicipalityMap(overview: Arc<Overview>, lang: Lang) -> impl IntoView {
    let i18n = use_i18n();
    let map = TileMap::new(overview.municipalities.iter().map(|m| m.id.as_str()));
    let counts: Vec<usize> = overview.municipalities.iter().map(|m| m.count).collect();
    let shades = bar_lengths(&counts, TILE_SHADES);
    let step = TILE_HEIGHT + TILE_GAP;
    let tile = |tile: plan_core::overview::Tile, columns: u32, extra_gap: u32| {
        let municipality = &overview.municipalities[tile.municipality];
        let name = municipality.label.get(lang).to_string();
        let (href, on_click) = link_once(explore_with(&[(Facet::Municipality, &municipality.id)]));
        let label = partners_label(i18n, &name, municipality.count);
        let x = tile.column * (TILE_WIDTH + TILE_GAP);
        let y = tile.row * step + extra_gap;
        let width = columns * TILE_WIDTH + (columns - 1) * TILE_GAP;
        let middle = x + width / 2;
        let shade = format!("tile tile--shade-{}", shades[tile.municipality]);
        // `<g>` first, so that the macro makes the `<a>` an SVG link.
        view! {
            <g>
                <a href=href on:click=on_click aria-label=label class="chart-link">
                    <rect x=x y=y width=width height=TILE_HEIGHT rx="6" class=shade />
                    <text x=middle y=y + 30 text-anchor="middle" class="tile__name">{name}</text>
                    <text x=middle y=y + 60 text-anchor="middle" class="tile__count">{municipality.count}</text>
                </a>
            </g>
        }
    };
    let tiles = map.tiles.iter().map(|&t| tile(t, 1, 0)).collect_view();
    let county = map.whole_county.map(|t| {
        let columns = 2.min(map.columns);
        view! { <g class="tile-map__county">{tile(t, columns, COUNTY_GAP)}</g> }
    });
    let width = map.columns * (TILE_WIDTH + TILE_GAP) - TILE_GAP;
    let height = map.rows * step - TILE_GAP + COUNTY_GAP;
    let summary = most_partners_sentence(
        i18n,
        &overview.municipalities,
        overview.municipality_leaders(),
        lang,
    );
    let rows = overview
        .municipalities
        .iter()
        .map(|m| (m.label.get(lang).to_string(), m.count))
        .collect();
    view! {
        <section class="overview__section" aria-labelledby="overview-municipalities">
            <h2 id="overview-municipalities">{t_string!(i18n, overview_municipalities_heading)}</h2>
            {summary.map(|text| view! { <p>{text}</p> })}
            <figure class="overview__figure">
                <svg
                    class="overview__svg tile-map"
                    role="group"
                    aria-labelledby="overview-map-caption"
                    viewBox=format!("0 0 {width} {height}")
                    preserveAspectRatio="xMinYMin meet"
                >
                    {tiles}
                    {county}
                </svg>
                <figcaption id="overview-map-caption">{t_string!(i18n, overview_map_caption)}</figcaption>
            </figure>
            {figures_table(
                i18n,
                t_string!(i18n, facet_municipality).to_string(),
                t_string!(i18n, overview_col_organisations).to_string(),
                rows,
            )}
        </section>
    }
}

/// One bar of a bar chart.
struct Bar {
    label: String,
    count: usize,
    /// The link's accessible name.
    link_label: String,
    to: UrlState,
}

/// Horizontal bars, each a link: the label above the bar, the count after it. A row-wide
/// transparent rectangle makes the whole row the link's target.
fn bar_chart(caption_id: &'static str, bars: Vec<Bar>) -> impl IntoView {
    let counts: Vec<usize> = bars.iter().map(|b| b.count).collect();
    let lengths = bar_lengths(&counts, BAR_FULL);
    let height = BAR_ROW * bars.len() as u32;
    let rows = bars
        .into_iter()
        .zip(lengths)
        .enumerate()
        .map(|(i, (bar, length))| {
            let y = i as u32 * BAR_ROW;
            let (href, on_click) = link_once(bar.to);
            view! {
                <g>
                    <a href=href on:click=on_click aria-label=bar.link_label class="chart-link">
                        <rect x="0" y=y width=CHART_WIDTH height=BAR_ROW - 4 class="chart-link__area" />
                        <text x="4" y=y + 21 class="bar__label">{bar.label}</text>
                        <rect x="4" y=y + 30 width=length height="24" class="bar" />
                        <text x=length + 12 y=y + 50 class="bar__count">{bar.count}</text>
                    </a>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg
            class="overview__svg bar-chart"
            role="group"
            aria-labelledby=caption_id
            viewBox=format!("0 0 {CHART_WIDTH} {height}")
            preserveAspectRatio="xMinYMin meet"
        >
            {rows}
        </svg>
    }
}

/// Partners per sector.
#[component]
fn SectorBars(overview: Arc<Overview>, lang: Lang) -> impl IntoView {
    let i18n = use_i18n();
    let bars = overview
        .sectors
        .iter()
        .map(|sector| {
            let label = sector.label.get(lang).to_string();
            Bar {
                link_label: partners_label(i18n, &label, sector.count),
                label,
                count: sector.count,
                to: explore_with(&[(Facet::Sector, &sector.id)]),
            }
        })
        .collect();
    let summary = most_partners_sentence(i18n, &overview.sectors, overview.sector_leaders(), lang);
    let rows = overview
        .sectors
        .iter()
        .map(|s| (s.label.get(lang).to_string(), s.count))
        .collect();
    view! {
        <section class="overview__section" aria-labelledby="overview-sectors">
            <h2 id="overview-sectors">{t_string!(i18n, overview_sectors_heading)}</h2>
            <p>{summary}</p>
            {bar_chart("overview-sectors", bars)}
            {figures_table(
                i18n,
                t_string!(i18n, facet_sector).to_string(),
                t_string!(i18n, overview_col_organisations).to_string(),
                rows,
            )}
        </section>
    }
}

/// "Insatsområde 2".
fn area_label(i18n: I18n, number: u32) -> String {
    t_string!(i18n, focus_area_number, number).to_string()
}

/// Focus areas against sectors: the table is the chart, its non-zero cells links.
#[component]
fn FocusAreaMatrix(overview: Arc<Overview>, lang: Lang) -> impl IntoView {
    let i18n = use_i18n();
    let head = overview
        .sectors
        .iter()
        .map(|s| view! { <th scope="col">{s.label.get(lang).to_string()}</th> })
        .collect_view();
    let body = overview
        .focus_areas
        .iter()
        .map(|area| {
            let area_name = area_label(i18n, area.number);
            let cells = overview
                .sectors
                .iter()
                .zip(&area.partners_by_sector)
                .map(|(sector, &count)| {
                    if count == 0 {
                        return view! { <td class="matrix__cell matrix__cell--empty">"0"</td> }.into_any();
                    }
                    let name = format!("{area_name}, {}", sector.label.get(lang));
                    let label = partners_label(i18n, &name, count);
                    let (href, on_click) = link_once(explore_with(&[
                        (Facet::FocusArea, &area.id),
                        (Facet::Sector, &sector.id),
                    ]));
                    view! {
                        <td class="matrix__cell">
                            <a href=href on:click=on_click aria-label=label class="matrix__link">{count}</a>
                        </td>
                    }
                    .into_any()
                })
                .collect_view();
            let title = area.title.get(lang).to_string();
            view! {
                <tr>
                    <th scope="row"><abbr title=title>{area_name}</abbr></th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let summary = overview.focus_area_partner_leaders().map(|leaders| {
        let (names, count, tie) = leader_names(i18n, leaders, |i| {
            let number = overview.focus_areas[i].number;
            t_string!(i18n, overview_area_name, number).to_string()
        });
        if tie {
            t_string!(i18n, overview_most_areas_tie, names, count).to_string()
        } else {
            t_string!(i18n, overview_most_areas_one, names, count).to_string()
        }
    });
    view! {
        <section class="overview__section" aria-labelledby="overview-matrix">
            <h2 id="overview-matrix">{t_string!(i18n, overview_matrix_heading)}</h2>
            <p>{summary}</p>
            // The caption stays outside the box that scrolls sideways on a narrow screen,
            // which would cut it; the box is focusable so that a keyboard can scroll it.
            <p id="overview-matrix-caption" class="overview__caption">{t_string!(i18n, overview_matrix_caption)}</p>
            <div class="table-scroll" role="region" aria-labelledby="overview-matrix-caption" tabindex="0">
                <table class="results-table matrix" aria-labelledby="overview-matrix-caption">
                    <thead>
                        <tr><th scope="col">{t_string!(i18n, facet_focus_area)}</th>{head}</tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </section>
    }
}

/// Activities per focus area.
#[component]
fn ActivityBars(overview: Arc<Overview>, lang: Lang) -> impl IntoView {
    let i18n = use_i18n();
    let bars = overview
        .focus_areas
        .iter()
        .map(|area| {
            let label = area_label(i18n, area.number);
            let name = label.clone();
            let link_label = match area.activities {
                1 => t_string!(i18n, overview_activities_one, name).to_string(),
                n => t_string!(i18n, overview_activities_many, name, count = n).to_string(),
            };
            Bar {
                label,
                count: area.activities,
                link_label,
                to: explore_with(&[(Facet::FocusArea, &area.id)]),
            }
        })
        .collect();
    let summary = overview.focus_area_activity_leaders().map(|leaders| {
        let (names, count, tie) = leader_names(i18n, leaders, |i| {
            let number = overview.focus_areas[i].number;
            t_string!(i18n, overview_area_name, number).to_string()
        });
        if tie {
            t_string!(i18n, overview_most_activities_tie, names, count).to_string()
        } else {
            t_string!(i18n, overview_most_activities_one, names, count).to_string()
        }
    });
    let rows = overview
        .focus_areas
        .iter()
        .map(|a| (format!("{}. {}", a.number, a.title.get(lang)), a.activities))
        .collect();
    view! {
        <section class="overview__section" aria-labelledby="overview-activities">
            <h2 id="overview-activities">{t_string!(i18n, overview_activities_heading)}</h2>
            <p>{summary}</p>
            {bar_chart("overview-activities", bars)}
            {figures_table(
                i18n,
                t_string!(i18n, facet_focus_area).to_string(),
                t_string!(i18n, activities_heading).to_string(),
                rows,
            )}
        </section>
    }
}
