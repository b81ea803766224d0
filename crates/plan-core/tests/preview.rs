//! The editors' preview: picked files checked like validate-data does, in Swedish.

mod common;

use common::{bundled_data, listing, PARTNERS_JSON, PLAN_JSON};
use plan_core::preview::{check_files, FileKind, PickedFile};

fn file(name: &str, text: &str) -> PickedFile {
    PickedFile {
        name: name.into(),
        bytes: text.as_bytes().to_vec(),
    }
}

#[test]
fn file_kinds_go_by_name() {
    assert_eq!(FileKind::of("plan.json"), Some(FileKind::Plan));
    assert_eq!(
        FileKind::of("C:\\data\\Partners.JSON"),
        Some(FileKind::Partners)
    );
    assert_eq!(FileKind::of("config.json"), Some(FileKind::Config));
    assert_eq!(
        FileKind::of("Organisationer 2026.csv"),
        Some(FileKind::PartnersCsv)
    );
    assert_eq!(FileKind::of("plan.json.txt"), None);
}

#[test]
fn the_published_files_have_no_problems() {
    let outcome = check_files(
        &[
            file("plan.json", PLAN_JSON),
            file("partners.json", PARTNERS_JSON),
            file("config.json", common::CONFIG_JSON),
        ],
        bundled_data(),
    );
    assert_eq!(outcome.problems, [], "{}", listing(&outcome.problems));
    assert_eq!(
        outcome.checked,
        ["plan.json", "partners.json", "config.json"]
    );
    assert_eq!(outcome.partners_json, None);
}

#[test]
fn broken_json_is_placed_in_swedish() {
    let outcome = check_files(
        &[file("plan.json", "{\"format_version\": 1,,}")],
        bundled_data(),
    );
    assert_eq!(outcome.problems.len(), 1, "{}", listing(&outcome.problems));
    assert!(
        outcome.problems[0]
            .message
            .starts_with("filen är inte giltig JSON"),
        "{}",
        outcome.problems[0]
    );
    assert!(
        outcome.problems[0].message.contains("på rad 1 kolumn"),
        "{}",
        outcome.problems[0]
    );
}

#[test]
fn a_wrong_field_is_named_with_its_json_path() {
    let mut plan: serde_json::Value = serde_json::from_str(PLAN_JSON).unwrap();
    plan["focus_areas"][1]["titel"] = "stavfel".into();
    let outcome = check_files(&[file("plan.json", &plan.to_string())], bundled_data());
    // The staff bundle, where the preview runs, has `json-paths`; without it (the visitors'
    // bundle) the first unknown field stops parsing at the file's root, by line and column.
    let path = if cfg!(feature = "json-paths") {
        "$.focus_areas[1].titel"
    } else {
        "$"
    };
    let problem = outcome
        .problems
        .iter()
        .find(|p| p.path == path)
        .expect("the field's path");
    assert!(problem.message.starts_with("okänt fält"), "{problem}");
}

#[test]
fn partners_are_checked_against_the_picked_plan_else_the_published_one() {
    let mut plan: serde_json::Value = serde_json::from_str(PLAN_JSON).unwrap();
    plan["focus_areas"].as_array_mut().unwrap().pop();
    plan["activities"] = serde_json::json!(plan["activities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["focus_area"] != "fa-4")
        .cloned()
        .collect::<Vec<_>>());
    plan["corrections"] = serde_json::json!(plan["corrections"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| !c["entry"].as_str().unwrap().starts_with("fa-4"))
        .cloned()
        .collect::<Vec<_>>());
    let alone = check_files(&[file("partners.json", PARTNERS_JSON)], bundled_data());
    assert_eq!(alone.problems, []);
    let with_plan = check_files(
        &[
            file("plan.json", &plan.to_string()),
            file("partners.json", PARTNERS_JSON),
        ],
        bundled_data(),
    );
    assert!(
        with_plan
            .problems
            .iter()
            .any(|p| p.file == "partners.json" && p.message.contains("\"fa-4\"")),
        "{}",
        listing(&with_plan.problems)
    );
}

#[test]
fn hostile_strings_stay_text_and_short() {
    let mut partners: serde_json::Value = serde_json::from_str(PARTNERS_JSON).unwrap();
    let hostile = format!("<img src=x onerror=alert(1)>{}", "x".repeat(10_000));
    partners["partners"][0]["sector"] = hostile.into();
    let outcome = check_files(
        &[file("partners.json", &partners.to_string())],
        bundled_data(),
    );
    let problem = outcome
        .problems
        .iter()
        .find(|p| p.path == "$.partners[0].sector")
        .expect("the sector");
    assert!(
        problem.message.contains("<img src=x onerror=alert(1)>"),
        "kept as text: {problem}"
    );
    assert!(
        problem.message.chars().count() < 600,
        "shortened: {} characters",
        problem.message.chars().count()
    );
}

#[test]
fn a_list_with_a_wrong_column_is_reported_and_a_good_one_becomes_partners_json() {
    let bad = check_files(
        &[file("lista.csv", "id;namn;sektor;kommun;telefon\n")],
        bundled_data(),
    );
    assert!(
        bad.problems
            .iter()
            .any(|p| p.message.contains("\"telefon\" är ingen kolumn")),
        "{}",
        listing(&bad.problems)
    );
    assert_eq!(bad.partners_json, None);
    let good = check_files(
        &[file("lista.csv", "id;namn;sektor;kommun;beskrivning_sv\nny;Ny förening;Civilsamhälle;Örebro;En förening.\n")],
        bundled_data(),
    );
    assert_eq!(good.problems, [], "{}", listing(&good.problems));
    let json: serde_json::Value =
        serde_json::from_str(good.partners_json.as_deref().unwrap()).unwrap();
    assert_eq!(json["partners"][0]["sector"], "civil-society");
}

#[test]
fn unknown_files_doubles_and_other_encodings_are_named() {
    let outcome = check_files(
        &[
            file("bild.png", "x"),
            file("partners.json", PARTNERS_JSON),
            file("lista.csv", "id;namn;sektor;kommun\n"),
            PickedFile {
                name: "config.json".into(),
                bytes: vec![0xff, 0xfe],
            },
        ],
        bundled_data(),
    );
    let files: Vec<&str> = outcome.problems.iter().map(|p| p.file.as_str()).collect();
    assert_eq!(
        files,
        ["bild.png", "lista.csv", "config.json"],
        "{}",
        listing(&outcome.problems)
    );
    assert!(outcome.problems[0].message.contains("ingen känd datafil"));
    assert!(outcome.problems[2].message.contains("UTF-8"));
}

#[test]
fn valid_files_are_kept_to_run_the_app_on_and_problems_keep_none() {
    let good = check_files(
        &[
            file("plan.json", PLAN_JSON),
            file(
                "lista.csv",
                "id;namn;sektor;kommun;beskrivning_sv\nny;Ny;Civilsamhälle;Örebro;En.\n",
            ),
        ],
        bundled_data(),
    );
    let files = good.files.expect("valid files to preview");
    assert_eq!(files.text_for("data/plan.json"), Some(PLAN_JSON));
    assert_eq!(
        files.text_for("data/partners.json"),
        good.partners_json.as_deref()
    );
    assert_eq!(
        files.text_for("config.json"),
        None,
        "not picked: the published one"
    );
    let bad = check_files(&[file("plan.json", "{")], bundled_data());
    assert_eq!(bad.files, None);
    let nothing = check_files(&[file("bild.png", "x")], bundled_data());
    assert_eq!(nothing.files, None);
}

#[test]
fn a_plan_that_the_published_organisations_no_longer_fit_is_reported() {
    let mut plan: serde_json::Value = serde_json::from_str(PLAN_JSON).unwrap();
    // The tag "networks", which published organisations use, is renamed.
    for tag in plan["tags"].as_array_mut().unwrap() {
        if tag["id"] == "networks" {
            tag["id"] = "natverk".into();
        }
    }
    for activity in plan["activities"].as_array_mut().unwrap() {
        for tag in activity["tags"].as_array_mut().unwrap() {
            if tag == "networks" {
                *tag = "natverk".into();
            }
        }
    }
    let outcome = check_files(&[file("plan.json", &plan.to_string())], bundled_data());
    assert!(
        outcome
            .problems
            .iter()
            .any(|p| p.file == "partners.json (publicerad)" && p.message.contains("\"networks\"")),
        "{}",
        listing(&outcome.problems)
    );
    assert_eq!(outcome.files, None, "no preview that would break");
}

#[test]
fn a_file_larger_than_any_data_file_is_named_not_read() {
    let huge = PickedFile {
        name: "plan.json".into(),
        bytes: vec![b' '; plan_core::preview::MAX_FILE_BYTES + 1],
    };
    let outcome = check_files(&[huge], bundled_data());
    assert_eq!(outcome.problems.len(), 1, "{}", listing(&outcome.problems));
    assert!(outcome.problems[0].message.contains("större än 5 MB"));
}
