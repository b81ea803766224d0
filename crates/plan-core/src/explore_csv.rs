//! The explore view's results as a CSV file, to take to a meeting: one row per result, in
//! the order shown, in the visitor's language. Written with the collector's rules
//! (`spreadsheet-csv`: UTF-8 with a byte order mark, quoting, formula triggers neutralised
//! as OWASP advises), so a name such as `=HYPERLINK(…)` in the data stays text.
//!
//! ```
//! use plan_core::data_source::{interpret_responses, FileResponse};
//! use plan_core::explore::Explorer;
//! use plan_core::explore_csv::{results_csv, CsvTexts};
//! use plan_core::filter::Selection;
//! use plan_core::model::Lang;
//! let ok = |body: &str| FileResponse { status: 200, body: body.into() };
//! let data = interpret_responses(
//!     ok(include_str!("../../../public/data/plan.json")),
//!     ok(include_str!("../../../public/data/partners.json")),
//! ).unwrap();
//! let outcome = Explorer::new(&data, Lang::Sv).run(&data, "statistik", &Selection::default());
//! let csv = results_csv(&data, &outcome.results, Lang::Sv, &CsvTexts::default());
//! assert!(csv.starts_with('\u{feff}'));
//! assert_eq!(csv.lines().count(), 1 + outcome.results.len());
//! ```

use crate::data_source::AppData;
use crate::explore::ExploreResult;
use crate::filter::EntryItem;
use crate::model::{FocusAreaIx, Lang, TagIx};

/// The words of the file that are not data: its header row and the kinds of entry, in the
/// visitor's language (the app passes its UI strings).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvTexts {
    /// The header row: kind, name, focus areas, sector, municipality, topics, website,
    /// contact, example, description.
    pub headers: [String; 10],
    /// "Focus area", "Activity", "Organisation".
    pub kinds: [String; 3],
    /// The example column's value for an entry the source does not back ("Exempel").
    pub example: String,
}

impl Default for CsvTexts {
    /// Swedish, for tests and examples.
    fn default() -> Self {
        let words = |list: &[&str]| list.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        CsvTexts {
            headers: words(&[
                "Typ",
                "Namn",
                "Insatsområden",
                "Sektor",
                "Kommun",
                "Ämnen",
                "Webbplats",
                "Kontakt",
                "Exempel",
                "Beskrivning",
            ])
            .try_into()
            .expect("ten headers"),
            kinds: words(&["Insatsområde", "Aktivitet", "Organisation"])
                .try_into()
                .expect("three kinds"),
            example: "Exempel".into(),
        }
    }
}

/// The delimiter a spreadsheet in this language expects when it opens a file by a double
/// click: `;` where the decimal comma is used (Swedish, German), else `,`.
pub fn delimiter_for(lang: Lang) -> char {
    match lang {
        Lang::Sv | Lang::De => ';',
        Lang::En => ',',
    }
}

/// The results as CSV: a header row, then one row per result, in order.
pub fn results_csv(
    data: &AppData,
    results: &[ExploreResult],
    lang: Lang,
    texts: &CsvTexts,
) -> String {
    let delimiter = delimiter_for(lang);
    let mut out = String::from(spreadsheet_csv::BOM);
    spreadsheet_csv::push_record_with(
        &mut out,
        delimiter,
        texts.headers.iter().map(String::as_str),
    );
    let plan = &data.plan;
    let areas = |areas: &[FocusAreaIx]| {
        areas
            .iter()
            .map(|&area| plan.focus_area(area).number.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let tags = |tags: &[TagIx]| {
        tags.iter()
            .map(|&tag| plan.tag(tag).label.get(lang))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for result in results {
        let Some(entry) = data.catalog.entries.get(result.entry) else {
            continue;
        };
        let row: [String; 10] = match entry.item {
            EntryItem::FocusArea(area) => {
                let focus_area = plan.focus_area(area);
                [
                    texts.kinds[0].clone(),
                    focus_area.title.get(lang).to_string(),
                    focus_area.number.to_string(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ]
            }
            EntryItem::Activity(activity) => {
                let activity = plan.activity(activity);
                [
                    texts.kinds[1].clone(),
                    activity.text.get(lang).to_string(),
                    areas(&[activity.focus_area]),
                    String::new(),
                    String::new(),
                    tags(&activity.tags),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ]
            }
            EntryItem::Partner(partner) => {
                let partners = &data.partners;
                let partner = partners.partner(partner);
                let contact = partner
                    .contact
                    .as_ref()
                    .map(|contact| format!("{}: {}", contact.label.get(lang), contact.url))
                    .unwrap_or_default();
                [
                    texts.kinds[2].clone(),
                    partner.name.clone(),
                    areas(&partner.focus_areas),
                    partners.sector(partner.sector).label.get(lang).to_string(),
                    partners
                        .municipality(partner.municipality)
                        .label
                        .get(lang)
                        .to_string(),
                    tags(&partner.tags),
                    partner.website.clone().unwrap_or_default(),
                    contact,
                    if partner.example {
                        texts.example.clone()
                    } else {
                        String::new()
                    },
                    partner.description.get(lang).to_string(),
                ]
            }
        };
        spreadsheet_csv::push_record_with(&mut out, delimiter, row.iter().map(String::as_str));
    }
    out
}
