//! The data files as the app in the browser reads them: plan-core without `json-paths`
//! (`cargo test -p plan-core --no-default-features`). A file that is not valid JSON, holds
//! a value of the wrong type or a field the format does not know is one problem at `$`,
//! placed by line and column, pointing at `validate-data` for the JSON path.
#![cfg(not(feature = "json-paths"))]

mod common;

use common::{CONFIG_JSON, PARTNERS_JSON, PLAN_JSON};
use plan_core::data_source::{
    interpret_config, interpret_plan_response, interpret_responses, FileResponse, LoadError,
    PARTNERS_FILE, PLAN_FILE,
};
use plan_core::validate::Problem;
use serde_json::Value;

const POINTER: &str =
    "(sökvägen i filen och alla fel på en gång ger: cargo run -p plan-core --bin validate-data)";

fn ok(body: &str) -> FileResponse {
    FileResponse {
        status: 200,
        body: body.to_string(),
    }
}

fn plan_problems(json: &str) -> Vec<Problem> {
    match interpret_plan_response(PLAN_FILE, 200, json) {
        Err(LoadError::Invalid { problems, .. }) => problems,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

/// The one problem, at `$`, with the pointer to validate-data; its message.
fn only_problem(problems: &[Problem]) -> String {
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, "$", "{problems:?}");
    assert!(problems[0].message.ends_with(POINTER), "{problems:?}");
    problems[0].message.clone()
}

#[test]
fn the_bundled_files_load() {
    let data = interpret_responses(ok(PLAN_JSON), ok(PARTNERS_JSON)).expect("bundled data");
    assert_eq!(data.plan.activities().len(), 12);
    interpret_config(ok(CONFIG_JSON)).expect("bundled config.json");
}

#[test]
fn a_syntax_error_gives_its_line_and_column() {
    let message = only_problem(&plan_problems("{\n  \"title\": {\"sv\": \"x\",,\n}"));
    assert!(
        message.starts_with("filen är inte giltig JSON: ") && message.contains(" på rad 2 kolumn "),
        "{message}"
    );
    let message = only_problem(&plan_problems("{\"title\": {"));
    assert!(
        message.starts_with(
            "filen tar slut för tidigt; troligen saknas en parentes eller ett citattecken på rad 1 kolumn 11 "
        ),
        "{message}"
    );
    let message = only_problem(&plan_problems(&format!("{PLAN_JSON}\n{{}}")));
    assert!(
        message.contains("tecken efter slutet av objektet på rad "),
        "{message}"
    );
}

#[test]
fn a_value_of_the_wrong_type_gives_its_line_and_column() {
    let json = PLAN_JSON.replacen("\"number\": 1", "\"number\": \"one\"", 1);
    assert_ne!(
        json, PLAN_JSON,
        "the bundled plan has a focus area numbered 1"
    );
    let (line, column) = position_after(&json, "\"number\": \"one\"");
    let message = only_problem(&plan_problems(&json));
    assert!(
        message.starts_with("värdet har fel typ: texten")
            && message.contains(&format!(
                "förväntade ett heltal från 0 och uppåt på rad {line} kolumn {column} "
            )),
        "{message}"
    );
}

/// Every object the three files hold refuses a field it does not know, at its place.
#[test]
fn an_unknown_field_anywhere_is_refused_with_its_name() {
    let plan: Value = serde_json::from_str(PLAN_JSON).unwrap();
    let partners: Value = serde_json::from_str(PARTNERS_JSON).unwrap();
    let config: Value = serde_json::from_str(CONFIG_JSON).unwrap();
    let plan_objects = [
        "",
        "/title",
        "/process/0",
        "/source",
        "/source/label",
        "/tags/0",
        "/tags/0/label",
        "/focus_areas/0",
        "/activities/0",
        "/activities/0/text",
        "/partnership",
        "/partnership/paragraphs/0",
        "/contacts/0",
        "/contacts/0/role",
    ];
    for pointer in plan_objects {
        let json = with_unknown_field(&plan, pointer);
        let message = only_problem(&plan_problems(&json));
        assert_unknown_field(&message, &json, pointer);
    }
    let with_contact_people = partners["partners"]
        .as_array()
        .unwrap()
        .iter()
        .position(|p| {
            p["contact_people"]
                .as_array()
                .is_some_and(|c| !c.is_empty())
        })
        .expect("a bundled partner names people");
    let with_contact = partners["partners"]
        .as_array()
        .unwrap()
        .iter()
        .position(|p| p["contact"].is_object())
        .expect("a bundled partner has a contact");
    let partner_objects = [
        String::new(),
        "/sectors/0".into(),
        "/municipalities/0/label".into(),
        "/partners/0".into(),
        "/partners/0/description".into(),
        format!("/partners/{with_contact}/contact"),
        format!("/partners/{with_contact_people}/contact_people/0"),
    ];
    for pointer in &partner_objects {
        let json = with_unknown_field(&partners, pointer);
        let problems = match interpret_responses(ok(PLAN_JSON), ok(&json)) {
            Err(LoadError::Invalid { file, problems }) if file == PARTNERS_FILE => problems,
            other => panic!("expected partners.json to be invalid at {pointer}, got {other:?}"),
        };
        assert_unknown_field(&only_problem(&problems), &json, pointer);
    }
    for pointer in ["", "/feedback", "/kiosk", "/embed"] {
        let json = with_unknown_field(&config, pointer);
        let problems = match interpret_config(ok(&json)) {
            Err(LoadError::Invalid { problems, .. }) => problems,
            other => panic!("expected config.json to be invalid at {pointer}, got {other:?}"),
        };
        assert_unknown_field(&only_problem(&problems), &json, pointer);
    }
}

/// `value` with a field `"zz_unknown"` added to the object at `pointer`, pretty-printed.
fn with_unknown_field(value: &Value, pointer: &str) -> String {
    let mut value = value.clone();
    value
        .pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {pointer}"))
        .insert("zz_unknown".into(), Value::Bool(true));
    serde_json::to_string_pretty(&value).unwrap()
}

fn assert_unknown_field(message: &str, json: &str, pointer: &str) {
    // serde stops right after the unknown key.
    let (line, column) = position_after(json, "\"zz_unknown\"");
    assert!(
        message.starts_with("okänt fält; jämför stavningen med formatbeskrivningen i public/data/README.md: okänt fält `zz_unknown`")
            && message.contains(&format!(" på rad {line} kolumn {column} ")),
        "at {pointer}: {message}"
    );
}

/// The 1-based line and column of the last character of the first `needle` in `text`.
fn position_after(text: &str, needle: &str) -> (usize, usize) {
    let end = text.find(needle).expect("needle in text") + needle.len();
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
    (line, column)
}
