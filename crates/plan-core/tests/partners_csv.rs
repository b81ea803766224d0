//! Partner lists saved from Excel as CSV: read into `partners.json`, checked, and written.

mod common;

use common::{bundled_plan, listing, PARTNERS_JSON};
use plan_core::model::raw::{RawPartner, RawPartnerDirectory};
use plan_core::partners_csv::{check_partners_csv, partners_from_csv, COLUMNS};
use plan_core::validate::Problem;
use proptest::prelude::*;
use std::path::PathBuf;
use std::process::Command;

fn base() -> RawPartnerDirectory {
    serde_json::from_str(PARTNERS_JSON).expect("the bundled partners.json reads")
}

/// One row as an editor's spreadsheet would hold it, in `COLUMNS` order.
fn row_of(partner: &RawPartner) -> Vec<String> {
    let contact = partner.contact.clone().unwrap_or_default();
    vec![
        partner.id.clone(),
        partner.name.clone(),
        if partner.example {
            "ja".into()
        } else {
            String::new()
        },
        partner.sector.clone(),
        partner.municipality.clone(),
        partner.focus_areas.join(", "),
        partner.tags.join(", "),
        partner.description.sv.clone(),
        partner.description.en.clone().unwrap_or_default(),
        partner.description.de.clone().unwrap_or_default(),
        partner.website.clone().unwrap_or_default(),
        contact.label.sv.clone(),
        contact.label.en.clone().unwrap_or_default(),
        contact.label.de.clone().unwrap_or_default(),
        contact.url.clone(),
    ]
}

/// A CSV file of `rows` under the full header, written by the `csv` crate with `delimiter`.
fn csv_file(rows: &[Vec<String>], delimiter: u8) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    writer.write_record(COLUMNS).unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.into_inner().unwrap()
}

fn problems_of(bytes: &[u8]) -> Vec<Problem> {
    match partners_from_csv("lista.csv", bytes, &base()) {
        Ok(_) => panic!("the list was accepted, but it should have been rejected"),
        Err(problems) => problems,
    }
}

#[test]
fn the_bundled_directory_as_a_list_reads_back_the_same() {
    let base = base();
    let rows: Vec<_> = base.partners.iter().map(row_of).collect();
    for delimiter in [b';', b','] {
        let read = partners_from_csv("lista.csv", &csv_file(&rows, delimiter), &base).unwrap();
        assert_eq!(read, base, "read with {:?}", delimiter as char);
    }
    let json = check_partners_csv("lista.csv", &csv_file(&rows, b';'), &base, bundled_plan())
        .unwrap_or_else(|problems| panic!("{}", listing(&problems)));
    let written: RawPartnerDirectory = serde_json::from_str(&json).unwrap();
    assert_eq!(written, base);
}

#[test]
fn excels_byte_order_mark_and_labels_for_ids_are_understood() {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(
        "id;namn;sektor;kommun;beskrivning_sv\nny-forening;Ny förening;civilsamhälle;ÖREBRO;En förening.\n"
            .as_bytes(),
    );
    let read = partners_from_csv("lista.csv", &bytes, &base()).unwrap();
    assert_eq!(read.partners.len(), 1);
    assert_eq!(read.partners[0].sector, "civil-society");
    assert_eq!(read.partners[0].municipality, "orebro");
    assert!(!read.partners[0].example);
}

#[test]
fn empty_rows_below_the_table_are_no_organisations() {
    let read = partners_from_csv(
        "lista.csv",
        "id;namn;sektor;kommun\na;A;civil-society;orebro\n;;;\n;;;\n".as_bytes(),
        &base(),
    )
    .unwrap();
    assert_eq!(read.partners.len(), 1);
}

#[test]
fn a_file_that_is_not_utf8_says_how_to_save_it() {
    // "Örebro" in Windows-1252, as Excel's plain "CSV" saves it.
    let problems = problems_of(b"id;namn;sektor;kommun\na;A;civil-society;\xd6rebro\n");
    assert_eq!(problems.len(), 1, "{}", listing(&problems));
    assert!(problems[0].message.contains("CSV UTF-8"), "{}", problems[0]);
}

#[test]
fn an_unknown_or_missing_column_is_named() {
    let problems = problems_of("id;namn;sektor;kommun;telefon\n".as_bytes());
    assert!(
        listing(&problems).contains("\"telefon\" är ingen kolumn"),
        "{}",
        listing(&problems)
    );
    let problems = problems_of("id;namn;sektor\n".as_bytes());
    assert!(
        listing(&problems).contains("kolumnen \"kommun\" saknas"),
        "{}",
        listing(&problems)
    );
    let problems = problems_of("id;namn;sektor;kommun;namn\n".as_bytes());
    assert!(
        listing(&problems).contains("\"namn\" står två gånger"),
        "{}",
        listing(&problems)
    );
}

#[test]
fn a_row_with_too_many_cells_or_an_unclear_yes_is_reported_by_row() {
    let problems =
        problems_of("id;namn;sektor;kommun\na;A;civil-society;orebro;extra\n".as_bytes());
    assert_eq!(problems[0].path, "rad 2", "{}", listing(&problems));
    let problems =
        problems_of("id;namn;exempel;sektor;kommun\na;A;kanske;civil-society;orebro\n".as_bytes());
    assert_eq!(problems[0].path, "rad 2, kolumn exempel");
    assert!(problems[0].message.contains("kanske"));
}

#[test]
fn what_the_organisations_say_is_checked_like_partners_json_with_the_row() {
    let base = base();
    let mut rows: Vec<_> = base.partners.iter().map(row_of).collect();
    rows[1][3] = "Idrott".into();
    rows[2][10] = "javascript:alert(1)".into();
    let problems = check_partners_csv("lista.csv", &csv_file(&rows, b';'), &base, bundled_plan())
        .expect_err("a wrong sector and a script link are problems");
    let sector = problems
        .iter()
        .find(|p| p.path == "$.partners[1].sector")
        .expect("the sector");
    assert!(sector.message.contains("(rad 3 i filen)"), "{sector}");
    assert!(
        problems
            .iter()
            .any(|p| p.path == "$.partners[2].website" && p.message.contains("rad 4")),
        "{}",
        listing(&problems)
    );
}

#[test]
fn the_people_named_for_an_organisation_are_kept_from_partners_json() {
    let base = base();
    let region = base
        .partners
        .iter()
        .find(|p| !p.contact_people.is_empty())
        .expect("the region names its contacts");
    let read = partners_from_csv("lista.csv", &csv_file(&[row_of(region)], b';'), &base).unwrap();
    assert_eq!(read.partners[0].contact_people, region.contact_people);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever a stranger's file holds, the reader answers with a directory or problems.
    #[test]
    fn any_bytes_give_a_directory_or_problems(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = partners_from_csv("lista.csv", &bytes, &base());
    }

    /// Any text in a cell (quotes, separators, line breaks, å ä ö) comes back as it was.
    #[test]
    fn any_name_and_description_read_back(name in "[a-zåäöA-Z;,\"'\\n =+-]{1,20}", text in "[a-zåäö;,\"\\n ]{0,40}") {
        let mut partner = base().partners[0].clone();
        partner.name = name.trim().to_string();
        partner.description.sv = text.trim().to_string();
        prop_assume!(!partner.name.is_empty());
        let read = partners_from_csv("lista.csv", &csv_file(&[row_of(&partner)], b';'), &base()).unwrap();
        prop_assert_eq!(&read.partners[0].name, &partner.name);
        prop_assert_eq!(&read.partners[0].description.sv, &partner.description.sv);
    }
}

// ------------------------------------------------- validate-data with a list

fn folder_with_the_bundled_data(test: &str) -> PathBuf {
    let folder =
        std::env::temp_dir().join(format!("plan-explorer-csv-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("plan.json"), common::PLAN_JSON).unwrap();
    std::fs::write(folder.join("partners.json"), PARTNERS_JSON).unwrap();
    folder
}

/// Runs `validate-data` on a list of `rows` beside the bundled data, asking it to write the
/// JSON: its exit code, what it printed, and the JSON written, if any.
fn validate_data_on_list(
    test: &str,
    rows: &[Vec<String>],
) -> (Option<i32>, String, Option<String>) {
    let folder = folder_with_the_bundled_data(test);
    std::fs::write(folder.join("lista.csv"), csv_file(rows, b';')).unwrap();
    let written = folder.join("nya-partners.json");
    let output = Command::new(env!("CARGO_BIN_EXE_validate-data"))
        .arg(folder.join("lista.csv"))
        .arg("--write-json")
        .arg(&written)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    (
        output.status.code(),
        stdout,
        std::fs::read_to_string(&written).ok(),
    )
}

#[test]
fn validate_data_checks_a_list_and_writes_its_json() {
    let rows: Vec<_> = base().partners.iter().map(row_of).collect();
    let (code, stdout, written) = validate_data_on_list("ok", &rows);
    assert_eq!(code, Some(0), "{stdout}");
    let json: RawPartnerDirectory =
        serde_json::from_str(&written.expect("the JSON is written")).unwrap();
    assert_eq!(json, base());
}

#[test]
fn validate_data_lists_a_lists_problems_and_writes_nothing() {
    let mut rows: Vec<_> = base().partners.iter().map(row_of).collect();
    rows[0][4] = "Stockholm".into();
    let (code, stdout, written) = validate_data_on_list("bad", &rows);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("$.partners[0].municipality") && stdout.contains("(rad 2 i filen)"),
        "{stdout}"
    );
    assert_eq!(
        written, None,
        "nothing is written from a list with problems"
    );
}

#[test]
fn rows_are_counted_as_the_file_has_them_with_empty_rows_and_line_breaks_in_cells() {
    let list = "id;namn;sektor;kommun;beskrivning_sv\n;;;;\na;A;civil-society;orebro;\"två\nrader\"\nb;B;idrott;orebro;En.\n";
    let problems = check_partners_csv("lista.csv", list.as_bytes(), &base(), bundled_plan())
        .expect_err("an unknown sector");
    let sector = problems
        .iter()
        .find(|p| p.path == "$.partners[1].sector")
        .expect("the sector");
    assert!(sector.message.ends_with("(rad 5 i filen)"), "{sector}");
}
