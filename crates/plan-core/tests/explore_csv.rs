//! The explore view's results as CSV, read back as a spreadsheet would.

mod common;

use common::{bundled_data, PARTNERS_JSON, PLAN_JSON};
use plan_core::data_source::{interpret_responses, AppData, FileResponse};
use plan_core::explore::Explorer;
use plan_core::explore_csv::{delimiter_for, results_csv, CsvTexts};
use plan_core::facet::Facet;
use plan_core::filter::Selection;
use plan_core::model::Lang;
use proptest::prelude::*;

/// The rows of `csv` as a spreadsheet opening it in `lang` reads them (header first).
fn read_back(csv: &str, lang: Lang) -> Vec<Vec<String>> {
    let body = csv
        .strip_prefix('\u{feff}')
        .expect("the file starts with a byte order mark");
    csv::ReaderBuilder::new()
        .delimiter(delimiter_for(lang) as u8)
        .has_headers(false)
        // Read with the other language's delimiter, rows differ in length.
        .flexible(true)
        .from_reader(body.as_bytes())
        .records()
        .map(|record| {
            record
                .expect("the csv crate reads it")
                .iter()
                .map(String::from)
                .collect()
        })
        .collect()
}

fn data_with_partner_name(name: &str, description: &str) -> AppData {
    let mut partners: serde_json::Value = serde_json::from_str(PARTNERS_JSON).unwrap();
    partners["partners"][0]["name"] = name.into();
    partners["partners"][0]["description"]["sv"] = description.into();
    let ok = |body: String| FileResponse { status: 200, body };
    interpret_responses(ok(PLAN_JSON.into()), ok(partners.to_string())).expect("still valid")
}

#[test]
fn every_result_is_a_row_in_the_order_shown() {
    let data = bundled_data();
    for lang in Lang::ALL {
        let outcome = Explorer::new(data, lang).run(data, "", &Selection::default());
        let rows = read_back(
            &results_csv(data, &outcome.results, lang, &CsvTexts::default()),
            lang,
        );
        assert_eq!(rows.len(), 1 + outcome.results.len(), "{lang:?}");
        assert_eq!(rows[0][0], "Typ");
        assert!(
            rows.iter().all(|row| row.len() == 10),
            "every row has ten cells"
        );
        let names: Vec<&str> = rows[1..].iter().map(|row| row[1].as_str()).collect();
        let first = &data.catalog.entries[outcome.results[0].entry];
        assert_eq!(names.len(), data.catalog.entries.len());
        assert!(!first.id.is_empty());
        // The partner rows carry their sector and municipality in the language asked for.
        let region = rows
            .iter()
            .find(|row| row[1] == "Region Örebro län")
            .expect("the region is listed");
        assert_eq!(region[0], "Organisation");
        assert!(!region[3].is_empty() && !region[4].is_empty(), "{region:?}");
    }
}

#[test]
fn a_filtered_list_has_only_its_results() {
    let data = bundled_data();
    let mut selection = Selection::default();
    let kumla = data
        .catalog
        .values_of(Facet::Municipality)
        .iter()
        .find(|v| v.id == "kumla")
        .expect("Kumla");
    selection.toggle(Facet::Municipality, kumla.id.as_str());
    let outcome = Explorer::new(data, Lang::Sv).run(data, "", &selection);
    assert!(!outcome.results.is_empty());
    let rows = read_back(
        &results_csv(data, &outcome.results, Lang::Sv, &CsvTexts::default()),
        Lang::Sv,
    );
    assert_eq!(rows.len(), 1 + outcome.results.len());
    assert!(rows[1..].iter().all(|row| row[4] == "Kumla"), "{rows:?}");
}

#[test]
fn example_entries_say_so() {
    let data = bundled_data();
    let outcome = Explorer::new(data, Lang::Sv).run(data, "", &Selection::default());
    let rows = read_back(
        &results_csv(data, &outcome.results, Lang::Sv, &CsvTexts::default()),
        Lang::Sv,
    );
    let examples = data
        .partners
        .partners()
        .iter()
        .filter(|p| p.example)
        .count();
    assert!(examples > 0);
    // The header row names the column "Exempel" too: only the rows after it count.
    let marked = rows[1..].iter().filter(|row| row[8] == "Exempel").count();
    assert_eq!(marked, examples);
}

#[test]
fn a_formula_in_the_data_stays_text() {
    let data = data_with_partner_name(
        "=HYPERLINK(\"http://evil.example\";\"klicka\")",
        "+1;-2\n@3",
    );
    let outcome = Explorer::new(&data, Lang::Sv).run(&data, "", &Selection::default());
    let csv = results_csv(&data, &outcome.results, Lang::Sv, &CsvTexts::default());
    for lang in [Lang::Sv, Lang::En] {
        // Read with either delimiter: no cell starts a formula.
        for row in read_back(&csv, lang) {
            for cell in row {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{cell:?}"
                );
            }
        }
    }
    let rows = read_back(&csv, Lang::Sv);
    assert!(rows
        .iter()
        .any(|row| row[1] == "'=HYPERLINK(\"http://evil.example\";\"klicka\")"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_name_reads_back_as_one_row_without_a_formula(name in "[=+@;,\"' a\t\r\nÅä-]{1,16}") {
        prop_assume!(!name.trim().is_empty() && !name.chars().any(|c| c.is_control() && c != '\n'));
        let data = data_with_partner_name(&name, "beskrivning");
        let outcome = Explorer::new(&data, Lang::Sv).run(&data, "", &Selection::default());
        let rows = read_back(&results_csv(&data, &outcome.results, Lang::Sv, &CsvTexts::default()), Lang::Sv);
        prop_assert_eq!(rows.len(), 1 + outcome.results.len());
        for row in &rows {
            prop_assert_eq!(row.len(), 10);
            for cell in row {
                prop_assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{:?}", cell);
            }
        }
    }
}
