//! The data-file validator: every kind of mistake an editor can make in
//! `plan.json` is reported with the file name, the exact JSON path and a
//! message that says what is wrong.
//!
//! Each test starts from the valid bundled `public/data/plan.json`, breaks one
//! thing and checks the problem reported for it.

mod common;

use common::{listing, PLAN_JSON, PLAN_PATH};
use plan_core::model::raw::RawPlan;
use plan_core::model::Plan;
use plan_core::validate::{
    check_url, parse_json, parse_plan, validate_file, validate_plan, DataFileKind, Problem,
    MAX_TEXT_CHARS,
};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FILE: &str = "plan.json";

// ---------------------------------------------------------------- helpers

fn bundled_value() -> Value {
    serde_json::from_str(PLAN_JSON).expect("public/data/plan.json is JSON")
}

/// The bundled plan with one change applied, as JSON text.
fn changed_json(change: impl FnOnce(&mut Value)) -> String {
    let mut value = bundled_value();
    change(&mut value);
    serde_json::to_string_pretty(&value).expect("a JSON value serialises")
}

/// Replaces the value at a JSON pointer such as `/activities/3/focus_area`.
fn set(value: &mut Value, pointer: &str, new: Value) {
    *value
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer} exists in the bundled plan")) = new;
}

/// Removes a field from the object at a JSON pointer (`""` for the root).
fn remove(value: &mut Value, pointer: &str, field: &str) -> Value {
    value
        .pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .and_then(|object| object.remove(field))
        .unwrap_or_else(|| panic!("{pointer}/{field} exists in the bundled plan"))
}

/// Adds a field that the bundled plan does not have.
fn set_new(value: &mut Value, pointer: &str, field: &str, new: Value) {
    let object = value
        .pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("{pointer} is an object in the bundled plan"));
    assert!(
        object.insert(field.to_string(), new).is_none(),
        "{field} is new"
    );
}

/// Appends to the array at a JSON pointer.
fn push(value: &mut Value, pointer: &str, item: Value) {
    value
        .pointer_mut(pointer)
        .and_then(Value::as_array_mut)
        .unwrap_or_else(|| panic!("{pointer} is an array in the bundled plan"))
        .push(item);
}

/// The problems `parse_plan` reports for a changed plan (which must be rejected).
fn problems_after(change: impl FnOnce(&mut Value)) -> Vec<Problem> {
    problems_in(&changed_json(change))
}

fn problems_in(json: &str) -> Vec<Problem> {
    match parse_plan(FILE, json) {
        Ok(_) => panic!("the plan was accepted, but it should have been rejected"),
        Err(problems) => problems,
    }
}

/// The plan `parse_plan` returns for a changed plan (which must be accepted).
fn accepted_after(change: impl FnOnce(&mut Value)) -> Plan {
    parse_plan(FILE, &changed_json(change))
        .unwrap_or_else(|problems| panic!("the plan was rejected:\n{}", listing(&problems)))
}

/// Asserts that some problem is at `path`, in `plan.json`, and mentions `word`.
fn assert_reported(problems: &[Problem], path: &str, word: &str) {
    let problem = problems
        .iter()
        .find(|p| p.path == path)
        .unwrap_or_else(|| panic!("no problem at {path}; got:\n{}", listing(problems)));
    assert_eq!(problem.file, FILE, "{problem}");
    assert!(
        problem.message.contains(word),
        "the message at {path} should mention {word:?}: {problem}"
    );
}

/// Asserts that there is exactly one problem, at `path`, mentioning `word`.
fn assert_only_problem(problems: &[Problem], path: &str, word: &str) {
    assert_eq!(
        problems.len(),
        1,
        "expected one problem at {path}; got:\n{}",
        listing(problems)
    );
    assert_reported(problems, path, word);
}

fn source_url_problems(url: &str) -> Vec<Problem> {
    problems_after(|plan| set(plan, "/source/url", json!(url)))
}

// ------------------------------------------------------------ malformed JSON

#[test]
fn bundled_plan_is_valid() {
    let plan = parse_plan(FILE, PLAN_JSON)
        .unwrap_or_else(|problems| panic!("bundled plan rejected:\n{}", listing(&problems)));
    assert_eq!(plan.activities().len(), 12);
}

#[test]
fn truncated_file_is_reported_at_the_root() {
    let json = PLAN_JSON;
    let cut = json
        .find("\"activities\"")
        .expect("the plan has activities");
    let problems = problems_in(&json[..cut]);
    assert_only_problem(&problems, "$", "tar slut för tidigt");
}

#[test]
fn trailing_garbage_after_the_object_is_reported_at_the_root() {
    let problems = problems_in(&format!("{}\n{{\"format_version\": 1}}", PLAN_JSON));
    assert_only_problem(&problems, "$", "inte giltig JSON");
}

#[test]
fn trailing_text_after_the_object_is_reported_with_its_line() {
    let json = format!("{}\noops", PLAN_JSON);
    let last_line = json.lines().count();
    let problems = problems_in(&json);
    assert_only_problem(&problems, "$", &format!("rad {last_line}"));
}

#[test]
fn empty_file_is_reported_at_the_root() {
    assert_only_problem(&problems_in(""), "$", "tar slut för tidigt");
    assert_only_problem(&problems_in("  \n "), "$", "tar slut för tidigt");
}

#[test]
fn text_that_is_not_json_is_reported_at_the_root() {
    let problems = problems_in("<html><body>Handlingsplan</body></html>");
    assert_only_problem(&problems, "$", "inte giltig JSON");
}

#[test]
fn a_string_or_number_instead_of_the_plan_object_is_reported_at_the_root() {
    for json in ["\"plan\"", "42", "null", "true"] {
        let problems = problems_in(json);
        assert_only_problem(&problems, "$", "fel typ");
    }
}

// ------------------------------------------------------------- wrong types

#[test]
fn number_where_a_string_belongs_is_reported_at_that_field() {
    let problems = problems_after(|plan| set(plan, "/activities/3/focus_area", json!(2)));
    assert_only_problem(&problems, "$.activities[3].focus_area", "fel typ");
}

#[test]
fn string_where_a_number_belongs_is_reported_at_that_field() {
    let problems = problems_after(|plan| set(plan, "/focus_areas/1/number", json!("2")));
    assert_only_problem(&problems, "$.focus_areas[1].number", "fel typ");
}

#[test]
fn plain_string_where_a_translated_text_belongs_is_reported_at_that_field() {
    let problems = problems_after(|plan| set(plan, "/goal", json!("Målet")));
    assert_only_problem(&problems, "$.goal", "fel typ");
}

#[test]
fn negative_focus_area_number_is_reported_at_that_field() {
    let problems = problems_after(|plan| set(plan, "/focus_areas/0/number", json!(-1)));
    assert_only_problem(&problems, "$.focus_areas[0].number", "ogiltigt värde");
}

#[test]
fn the_same_field_twice_in_one_object_is_reported_at_that_object() {
    let json = PLAN_JSON.replacen(
        "\"id\": \"fa-1-a-1\",",
        "\"id\": \"fa-1-a-1\", \"id\": \"fa-1-a-9\",",
        1,
    );
    let problems = problems_in(&json);
    assert_only_problem(&problems, "$.activities[0]", "fältet står två gånger: `id`");
}

// ----------------------------------------------------------- unknown fields

#[test]
fn misspelt_top_level_field_is_reported_with_the_missing_text_it_left() {
    let problems = problems_after(|plan| {
        let title = remove(plan, "", "title");
        plan["titel"] = title;
    });
    assert_eq!(problems.len(), 2, "{}", listing(&problems));
    assert_reported(&problems, "$.titel", "okänt fält");
    assert_reported(&problems, "$.title.sv", "saknas");
}

#[test]
fn unknown_field_inside_an_activity_is_reported_with_its_index() {
    let problems =
        problems_after(|plan| set_new(plan, "/activities/2", "tagg", json!(["knowledge"])));
    assert_only_problem(&problems, "$.activities[2].tagg", "okänt fält");
}

#[test]
fn unknown_language_and_unknown_field_in_the_source_link_are_reported() {
    let problems = problems_after(|plan| {
        set_new(plan, "/title", "fr", json!("Plan d'action"));
        set_new(plan, "/source", "link", json!("https://example.se/"));
    });
    assert_eq!(problems.len(), 2, "{}", listing(&problems));
    assert_reported(&problems, "$.title.fr", "okänt fält");
    assert_reported(&problems, "$.source.link", "okänt fält");
}

#[test]
fn unknown_fields_are_reported_together_with_other_problems() {
    let problems = problems_after(|plan| {
        let title = remove(plan, "", "title");
        plan["titel"] = title;
        set_new(plan, "/activities/2", "note", json!("intern anteckning"));
        set(plan, "/decided_on", json!("2021-12-32"));
        set(plan, "/activities/5/focus_area", json!("fa-7"));
    });
    assert_eq!(problems.len(), 5, "{}", listing(&problems));
    assert_reported(&problems, "$.titel", "okänt fält");
    assert_reported(&problems, "$.activities[2].note", "okänt fält");
    assert_reported(&problems, "$.title.sv", "saknas");
    assert_reported(&problems, "$.decided_on", "inget riktigt datum");
    assert_reported(&problems, "$.activities[5].focus_area", "fa-7");
}

#[test]
fn unknown_field_before_a_wrong_type_is_reported_with_it() {
    // Edited as text so that the typo certainly comes before the wrong type in the file.
    let json = PLAN_JSON.replacen("\"title\":", "\"titel\":", 1).replacen(
        "\"updated_on\": \"2022-11-29\"",
        "\"updated_on\": 20221129",
        1,
    );
    let problems = problems_in(&json);
    assert_eq!(problems.len(), 2, "{}", listing(&problems));
    assert_reported(&problems, "$.titel", "okänt fält");
    assert_reported(&problems, "$.updated_on", "fel typ");
}

/// serde names the type a value should have; editors see the names of the
/// file's objects ("Activity"), not of the Rust types that read them ("RawActivity").
#[test]
fn a_value_of_the_wrong_type_names_the_object_expected() {
    let problems = problems_after(|plan| set(plan, "/activities/0", json!("x")));
    assert_only_problem(
        &problems,
        "$.activities[0]",
        "förväntade ett objekt: Activity på",
    );
    let problems = problems_after(|plan| set(plan, "/focus_areas", json!([1])));
    assert_only_problem(
        &problems,
        "$.focus_areas[0]",
        "förväntade ett objekt: FocusArea på",
    );
}

#[test]
fn parse_json_returns_unknown_fields_beside_the_value() {
    let json = changed_json(|plan| set_new(plan, "/contacts/1", "phone", json!("019-123")));
    let (plan, problems): (RawPlan, Vec<Problem>) =
        parse_json(FILE, &json).expect("the JSON itself is readable");
    assert_eq!(plan.contacts[1].name, "Mona Hedfeldt");
    assert_only_problem(&problems, "$.contacts[1].phone", "okänt fält");
}

// ------------------------------------------------------------------- ids

#[test]
fn activity_sharing_an_id_with_a_focus_area_is_reported() {
    let problems = problems_after(|plan| set(plan, "/activities/0/id", json!("fa-2")));
    assert_only_problem(&problems, "$.activities[0].id", "mer än en gång");
}

#[test]
fn two_activities_with_the_same_id_are_reported_at_the_second() {
    let problems = problems_after(|plan| set(plan, "/activities/5/id", json!("fa-2-a-2")));
    assert_only_problem(&problems, "$.activities[5].id", "mer än en gång");
}

#[test]
fn contact_sharing_an_id_with_an_activity_is_reported() {
    let problems = problems_after(|plan| set(plan, "/contacts/0/id", json!("fa-1-a-1")));
    assert_only_problem(&problems, "$.contacts[0].id", "mer än en gång");
}

#[test]
fn two_tags_with_the_same_id_are_reported() {
    let problems = problems_after(|plan| {
        push(
            plan,
            "/tags",
            json!({ "id": "knowledge", "label": { "sv": "Kunskap igen" } }),
        );
    });
    assert_only_problem(&problems, "$.tags[11].id", "mer än en gång");
}

#[test]
fn tag_may_share_an_id_with_a_focus_area() {
    let plan = accepted_after(|plan| {
        push(
            plan,
            "/tags",
            json!({ "id": "fa-1", "label": { "sv": "Insatsområde 1" } }),
        );
    });
    assert_eq!(plan.tags()[11].id, "fa-1");
}

#[test]
fn ids_that_break_the_id_rules_are_rejected() {
    let too_long = "a".repeat(65);
    for bad in [
        "Fa-1", "fa_1", "fa--1", "-fa-1", "fa-1-", "fa 1", "fa-å", "", &too_long,
    ] {
        let problems = problems_after(|plan| set(plan, "/contacts/0/id", json!(bad)));
        assert_eq!(problems.len(), 1, "{bad:?}: {}", listing(&problems));
        assert_eq!(problems[0].path, "$.contacts[0].id", "{bad:?}");
    }
}

#[test]
fn ids_that_follow_the_id_rules_are_accepted() {
    let longest = format!("{}-9", "a".repeat(62));
    for good in ["a", "9", "contact-1", "x-2-y-3", longest.as_str()] {
        let plan = accepted_after(|plan| set(plan, "/contacts/0/id", json!(good)));
        assert_eq!(plan.contacts()[0].id, good);
    }
}

#[test]
fn missing_plan_id_is_reported() {
    let problems = problems_after(|plan| {
        remove(plan, "", "id");
    });
    assert_only_problem(&problems, "$.id", "saknas");
}

// ------------------------------------------------------------ references

#[test]
fn activity_in_a_missing_focus_area_is_reported() {
    let problems = problems_after(|plan| set(plan, "/activities/3/focus_area", json!("fa-9")));
    assert_only_problem(&problems, "$.activities[3].focus_area", "inte finns");
    assert!(
        problems[0].message.contains("fa-1, fa-2, fa-3, fa-4"),
        "{}",
        problems[0]
    );
}

#[test]
fn activity_with_a_missing_tag_is_reported() {
    let problems = problems_after(|plan| {
        set(plan, "/activities/0/tags", json!(["knowledge", "sport"]));
    });
    assert_only_problem(&problems, "$.activities[0].tags[1]", "inte i $.tags");
    assert!(problems[0].message.contains("\"sport\""), "{}", problems[0]);
}

#[test]
fn activity_with_the_same_tag_twice_is_reported() {
    let problems = problems_after(|plan| {
        set(
            plan,
            "/activities/0/tags",
            json!(["knowledge", "knowledge"]),
        );
    });
    assert_only_problem(&problems, "$.activities[0].tags[1]", "två gånger");
}

#[test]
fn activity_without_tags_is_accepted() {
    let plan = accepted_after(|plan| set(plan, "/activities/0/tags", json!([])));
    assert!(plan.activities()[0].tags.is_empty());
}

// ---------------------------------------------------- focus area numbers

#[test]
fn two_focus_areas_with_the_same_number_are_reported() {
    let problems = problems_after(|plan| set(plan, "/focus_areas/2/number", json!(1)));
    assert_only_problem(&problems, "$.focus_areas[2].number", "$.focus_areas[0]");
}

#[test]
fn focus_area_number_zero_is_reported() {
    let problems = problems_after(|plan| set(plan, "/focus_areas/1/number", json!(0)));
    assert_only_problem(&problems, "$.focus_areas[1].number", "från 1");
}

#[test]
fn plan_without_focus_areas_is_reported() {
    let problems = problems_after(|plan| {
        set(plan, "/focus_areas", json!([]));
        set(plan, "/activities", json!([]));
        // Corrections name focus areas and activities: none are left to correct.
        set(plan, "/corrections", json!([]));
    });
    assert_only_problem(&problems, "$.focus_areas", "minst ett insatsområde");
}

// --------------------------------------------------------- Swedish texts

#[test]
fn missing_swedish_title_is_reported_even_with_translations() {
    let problems = problems_after(|plan| {
        remove(plan, "/title", "sv");
    });
    assert_only_problem(&problems, "$.title.sv", "saknas");
}

#[test]
fn swedish_activity_text_of_only_spaces_is_reported() {
    let problems = problems_after(|plan| set(plan, "/activities/4/text/sv", json!("   ")));
    assert_only_problem(&problems, "$.activities[4].text.sv", "saknas eller är tom");
}

#[test]
fn blank_contact_name_is_reported() {
    let problems = problems_after(|plan| set(plan, "/contacts/1/name", json!("")));
    assert_only_problem(&problems, "$.contacts[1].name", "saknas");
}

#[test]
fn missing_translations_are_accepted_and_fall_back_to_swedish() {
    let plan = accepted_after(|plan| {
        remove(plan, "/goal", "en");
        remove(plan, "/goal", "de");
        set(plan, "/title/en", json!(""));
    });
    assert_eq!(plan.goal().en, None);
    assert_eq!(
        plan.title().get(plan_core::model::Lang::En),
        plan.title().sv
    );
}

// ------------------------------------------------------------------ dates

#[test]
fn february_29_in_a_common_year_is_reported() {
    let problems = problems_after(|plan| set(plan, "/decided_on", json!("2021-02-29")));
    assert_only_problem(&problems, "$.decided_on", "inget riktigt datum");
}

#[test]
fn month_13_is_reported() {
    let problems = problems_after(|plan| set(plan, "/updated_on", json!("2021-13-01")));
    assert_only_problem(&problems, "$.updated_on", "månad");
}

#[test]
fn date_written_in_words_is_reported() {
    let problems = problems_after(|plan| set(plan, "/decided_on", json!("7 december 2021")));
    assert_only_problem(&problems, "$.decided_on", "YYYY-MM-DD");
}

#[test]
fn missing_date_is_reported() {
    let problems = problems_after(|plan| {
        remove(plan, "", "updated_on");
    });
    assert_only_problem(&problems, "$.updated_on", "YYYY-MM-DD");
}

#[test]
fn leap_day_in_a_leap_year_is_accepted() {
    let plan = accepted_after(|plan| set(plan, "/decided_on", json!("2024-02-29")));
    assert_eq!(plan.decided_on().to_string(), "2024-02-29");
}

// ------------------------------------------------------------------ links

#[test]
fn script_and_data_links_are_rejected_for_their_scheme() {
    for url in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "vbscript:",
        "file:///etc/passwd",
    ] {
        let message = check_url(url).expect_err(url);
        assert!(message.contains("adresstyp"), "{url}: {message}");
    }
}

#[test]
fn malformed_web_mail_and_phone_links_are_rejected() {
    for (url, word) in [
        ("https://", "saknar värdnamn"),
        ("https:///path", "saknar värdnamn"),
        ("https:www.example.se", "saknar värdnamn"),
        ("http://exa mple.se", "mellanslag"),
        ("https://example.se/\u{7}", "styrtecken"),
        ("mailto:", "e-postadress"),
        ("mailto:info.example.se", "e-postadress"),
        ("tel:abc", "telefonnummer"),
        ("tel:", "telefonnummer"),
        ("www.example.se", "saknar adresstyp"),
        ("", "tom"),
    ] {
        let message = check_url(url).expect_err(url);
        assert!(
            message.contains(word),
            "{url:?} should mention {word:?}: {message}"
        );
    }
}

#[test]
fn web_mail_and_phone_links_are_accepted() {
    for url in [
        "https://www.regionorebrolan.se/",
        "http://example.se/x?y=1#z",
        "HTTPS://EXAMPLE.SE",
        "mailto:info@example.se",
        "mailto:info@example.se?subject=Plan",
        "tel:+46191234567",
        "tel:(019)-60.20.00",
    ] {
        assert_eq!(check_url(url), Ok(()), "{url}");
    }
}

#[test]
fn javascript_source_link_is_reported_at_its_path() {
    let problems = source_url_problems("javascript:alert(1)");
    assert_only_problem(&problems, "$.source.url", "adresstyp");
}

#[test]
fn source_link_without_host_is_reported_at_its_path() {
    let problems = source_url_problems("https://");
    assert_only_problem(&problems, "$.source.url", "värdnamn");
}

#[test]
fn mail_source_link_is_accepted() {
    let plan = accepted_after(|plan| set(plan, "/source/url", json!("mailto:info@example.se")));
    assert_eq!(
        plan.source().map(|link| link.url.as_str()),
        Some("mailto:info@example.se")
    );
}

#[test]
fn plan_without_a_source_link_is_accepted() {
    let plan = accepted_after(|plan| {
        remove(plan, "", "source");
    });
    assert_eq!(plan.source(), None);
}

// -------------------------------------------------------- hostile strings

#[test]
fn markup_in_texts_is_accepted_as_data_and_kept_unchanged() {
    const SCRIPT: &str = "<script>alert(1)</script>";
    const IMG: &str = "<img src=x onerror=alert(1)>";
    let plan = accepted_after(|plan| {
        set(plan, "/activities/0/text/sv", json!(SCRIPT));
        set(plan, "/activities/1/text/en", json!(IMG));
        set(plan, "/contacts/0/name", json!(IMG));
    });
    assert_eq!(plan.activities()[0].text.sv, SCRIPT);
    assert_eq!(plan.activities()[1].text.en.as_deref(), Some(IMG));
    assert_eq!(plan.contacts()[0].name, IMG);
}

#[test]
fn ten_thousand_character_id_is_rejected_with_a_short_message() {
    let problems = problems_after(|plan| set(plan, "/activities/0/id", json!("a".repeat(10_000))));
    assert_only_problem(&problems, "$.activities[0].id", "inget giltigt id");
    let length = problems[0].message.chars().count();
    assert!(length < 300, "message is {length} characters long");
}

#[test]
fn text_longer_than_the_limit_is_rejected() {
    let problems = problems_after(|plan| set(plan, "/goal/sv", json!("å".repeat(6_000))));
    assert_only_problem(&problems, "$.goal.sv", "högst 5000");
    assert!(
        problems[0].message.contains("6000 tecken"),
        "{}",
        problems[0]
    );
}

#[test]
fn text_at_the_limit_is_accepted_counting_characters_not_bytes() {
    let longest = "ö".repeat(MAX_TEXT_CHARS);
    let plan = accepted_after(|plan| set(plan, "/activities/0/text/de", json!(longest)));
    assert_eq!(
        plan.activities()[0]
            .text
            .de
            .as_deref()
            .map(|t| t.chars().count()),
        Some(5_000)
    );
}

#[test]
fn translation_longer_than_the_limit_is_rejected() {
    let problems = problems_after(|plan| set(plan, "/goal/en", json!("x".repeat(5_001))));
    assert_only_problem(&problems, "$.goal.en", "högst 5000");
}

#[test]
fn nul_character_in_a_text_is_rejected() {
    let problems =
        problems_after(|plan| set(plan, "/activities/0/text/sv", json!("Öka\u{0}kunskapen")));
    assert_only_problem(&problems, "$.activities[0].text.sv", "styrtecken");
}

#[test]
fn tab_and_escape_characters_in_texts_are_rejected() {
    let problems = problems_after(|plan| {
        set(plan, "/goal/en", json!("The\tgoal"));
        set(plan, "/contacts/0/name", json!("Anders\u{1b}[31mBro"));
    });
    assert_eq!(problems.len(), 2, "{}", listing(&problems));
    assert_reported(&problems, "$.goal.en", "styrtecken");
    assert_reported(&problems, "$.contacts[0].name", "styrtecken");
}

#[test]
fn newline_in_a_text_is_accepted() {
    let plan = accepted_after(|plan| set(plan, "/goal/sv", json!("Första raden\nAndra raden")));
    assert_eq!(plan.goal().sv, "Första raden\nAndra raden");
}

#[test]
fn emoji_and_combining_marks_are_accepted_unchanged() {
    const TEXT: &str = "Örebro 🌍 e\u{301}";
    let plan = accepted_after(|plan| {
        set(plan, "/activities/0/text/sv", json!(TEXT));
        set(plan, "/contacts/0/name", json!(TEXT));
    });
    assert_eq!(plan.activities()[0].text.sv, TEXT);
    assert_eq!(plan.contacts()[0].name, TEXT);
}

// ------------------------------------------------- all problems collected

#[test]
fn five_distinct_problems_are_all_reported() {
    let problems = problems_after(|plan| {
        set(plan, "/decided_on", json!("2021-02-30"));
        set(plan, "/source/url", json!("javascript:alert(1)"));
        set(plan, "/activities/1/id", json!("fa-1-a-1"));
        set(plan, "/activities/7/focus_area", json!("fa-5"));
        set(plan, "/partnership/name/sv", json!(""));
    });
    assert!(problems.len() >= 5, "{}", listing(&problems));
    assert_reported(&problems, "$.decided_on", "inget riktigt datum");
    assert_reported(&problems, "$.source.url", "adresstyp");
    assert_reported(&problems, "$.activities[1].id", "mer än en gång");
    assert_reported(&problems, "$.activities[7].focus_area", "inte finns");
    assert_reported(&problems, "$.partnership.name.sv", "saknas");
}

#[test]
fn validate_plan_lists_every_problem_of_an_empty_plan() {
    let problems = validate_plan(FILE, &RawPlan::default());
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    for path in [
        "$.format_version",
        "$.id",
        "$.title.sv",
        "$.owner.sv",
        "$.goal.sv",
        "$.decided_on",
        "$.updated_on",
        "$.focus_areas",
        "$.partnership.name.sv",
    ] {
        assert!(paths.contains(&path), "{path} missing from {paths:?}");
    }
    assert!(problems.iter().all(|p| p.file == FILE));
}

// ---------------------------------------------------------- format version

#[test]
fn format_version_2_is_rejected() {
    let problems = problems_after(|plan| set(plan, "/format_version", json!(2)));
    assert_only_problem(&problems, "$.format_version", "formatversion 1");
    assert!(problems[0].message.contains("är 2"), "{}", problems[0]);
}

#[test]
fn missing_format_version_is_rejected() {
    let problems = problems_after(|plan| {
        remove(plan, "", "format_version");
    });
    assert_only_problem(&problems, "$.format_version", "formatversion 1");
}

// ------------------------------------------------- validate_file and kinds

#[test]
fn validate_file_finds_nothing_in_the_bundled_plan() {
    assert_eq!(validate_file(DataFileKind::Plan, FILE, PLAN_JSON, None), []);
}

#[test]
fn validate_file_reports_problems_under_the_given_file_name() {
    let json = changed_json(|plan| set(plan, "/activities/3/focus_area", json!("fa-0")));
    let problems = validate_file(DataFileKind::Plan, "public/data/plan.json", &json, None);
    assert_eq!(problems.len(), 1, "{}", listing(&problems));
    assert_eq!(problems[0].file, "public/data/plan.json");
    assert_eq!(
        problems[0].to_string(),
        format!(
            "public/data/plan.json: $.activities[3].focus_area: {}",
            problems[0].message
        )
    );
}

#[test]
fn data_file_kind_is_recognised_by_file_name() {
    assert_eq!(
        DataFileKind::from_path(Path::new("some/dir/plan.json")),
        Some(DataFileKind::Plan)
    );
    assert_eq!(
        DataFileKind::from_path(Path::new("plan.json")),
        Some(DataFileKind::Plan)
    );
    assert_eq!(DataFileKind::from_path(Path::new("plan.txt")), None);
    assert_eq!(
        DataFileKind::from_path(Path::new("some/dir/other.json")),
        None
    );
    assert_eq!(
        DataFileKind::from_path(Path::new("plan.json/")),
        Some(DataFileKind::Plan)
    );
    assert_eq!(DataFileKind::from_path(Path::new("")), None);
    assert_eq!(DataFileKind::Plan.file_name(), "plan.json");
}

// ------------------------------------------------- the validate-data binary

/// A fresh folder under the system temp dir, unique to this test and process.
fn temp_folder(test: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!(
        "plan-explorer-validator-{}-{test}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("temp folder can be created");
    folder
}

fn run_validate_data(file: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_validate-data"))
        .arg(file)
        .output()
        .expect("validate-data runs")
}

#[test]
fn validate_data_exits_0_for_the_bundled_plan() {
    let output = run_validate_data(Path::new(PLAN_PATH));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("plan.json: ok"), "{stdout}");
}

#[test]
fn validate_data_exits_1_and_prints_problems_for_a_broken_plan() {
    let folder = temp_folder("broken");
    let path = folder.join("plan.json");
    let json = changed_json(|plan| {
        set(plan, "/activities/3/focus_area", json!("fa-9"));
        set(plan, "/decided_on", json!("2021-02-29"));
    });
    std::fs::write(&path, json).expect("temp plan.json can be written");

    let output = run_validate_data(&path);
    let _ = std::fs::remove_dir_all(&folder);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    let name = path.display().to_string();
    for line in [
        format!("{name}: $.activities[3].focus_area: hänvisar till insatsområdet \"fa-9\""),
        format!("{name}: $.decided_on: \"2021-02-29\" är inget riktigt datum"),
        format!("{name}: 2 fel"),
    ] {
        assert!(stdout.contains(&line), "{line:?} not in:\n{stdout}");
    }
}

#[test]
fn validate_data_exits_2_for_an_unknown_file_name() {
    let folder = temp_folder("unknown");
    let path = folder.join("other.json");
    std::fs::write(&path, PLAN_JSON).expect("temp other.json can be written");

    let output = run_validate_data(&path);
    let _ = std::fs::remove_dir_all(&folder);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("other.json: är ingen känd datafil"),
        "{stderr}"
    );
}

#[test]
fn validate_data_exits_2_for_a_missing_file() {
    let folder = temp_folder("saknas");
    let output = run_validate_data(&folder.join("plan.json"));
    let _ = std::fs::remove_dir_all(&folder);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("kan inte läsas"), "{stderr}");
}

// ------------------------------------------- hardening found by these tests

#[test]
fn a_json_array_instead_of_the_plan_object_is_reported_at_the_root() {
    assert_only_problem(&problems_in("[]"), "$", "objekt");
    // serde alone would read an array of the fields in order as a valid plan.
    let fields: Vec<Value> = match bundled_value() {
        Value::Object(map) => map.into_iter().map(|(_, v)| v).collect(),
        _ => unreachable!("the bundled plan is an object"),
    };
    assert_only_problem(
        &problems_in(&Value::Array(fields).to_string()),
        "$",
        "objekt",
    );
}

#[test]
fn a_byte_order_mark_at_the_start_is_accepted() {
    let json = format!("\u{feff}{}", PLAN_JSON);
    assert!(parse_plan(FILE, &json).is_ok());
}

#[test]
fn messages_stay_short_when_ids_or_values_are_huge() {
    let huge = "k".repeat(10_000);
    let problems = problems_after(|plan| {
        set(plan, "/tags/0/id", json!(huge.clone()));
        set(plan, "/format_version", json!(huge.clone()));
    });
    assert_reported(&problems, "$.format_version", "fel typ");
    assert!(
        problems.iter().all(|p| p.message.chars().count() < 400),
        "{}",
        listing(&problems)
    );

    let problems = problems_after(|plan| set(plan, "/tags/0/id", json!(huge.clone())));
    assert!(
        problems.iter().all(|p| p.message.chars().count() < 2_000),
        "{}",
        listing(&problems)
    );
}

#[test]
fn unknown_field_names_are_escaped_and_shortened_in_the_path() {
    let problems = problems_after(|plan| {
        set_new(plan, "", "x\nplan.json: ok", json!(1));
        set_new(plan, "", &"y".repeat(10_000), json!(1));
    });
    assert!(
        problems.iter().all(|p| !p.path.contains('\n')),
        "{}",
        listing(&problems)
    );
    assert!(
        problems.iter().all(|p| p.path.chars().count() < 100),
        "{}",
        listing(&problems)
    );
    assert_eq!(problems.len(), 2, "{}", listing(&problems));
}

#[test]
fn validate_data_without_arguments_outside_the_repository_root_says_so_and_exits_2() {
    let folder = temp_folder("empty");
    let output = Command::new(env!("CARGO_BIN_EXE_validate-data"))
        .current_dir(&folder)
        .output()
        .expect("validate-data runs");
    let _ = std::fs::remove_dir_all(&folder);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("kör validate-data från projektets rotmapp"),
        "{stderr}"
    );
}

// ------------------------------------------------------------ corrections of the source

#[test]
fn the_bundled_corrections_are_kept_with_the_source_wording() {
    let plan = accepted_after(|_| {});
    let corrected: Vec<_> = plan
        .corrections()
        .iter()
        .map(|c| c.entry.as_str())
        .collect();
    assert_eq!(corrected, ["fa-3-a-2", "fa-4", "fa-4-a-2"]);
    let vvart = &plan.corrections()[2];
    assert_eq!(
        (vvart.source.as_str(), vvart.shown.as_str()),
        ("av vvårt deltagande", "av vårt deltagande")
    );
}

#[test]
fn a_correction_undone_in_the_text_is_reported() {
    let problems = problems_after(|plan| {
        set(
            plan,
            "/activities/8/text/sv",
            json!("Öka erfarenhetsbytet mellan offentliga aktörer"),
        );
    });
    assert_reported(&problems, "$.corrections[0].shown", "innehåller inte");
    assert_reported(
        &problems,
        "$.corrections[0].source",
        "fortfarande källans ordalydelse",
    );
}

#[test]
fn a_correction_of_an_unknown_entry_is_reported() {
    let problems = problems_after(|plan| set(plan, "/corrections/1/entry", json!("fa-9")));
    assert_only_problem(&problems, "$.corrections[1].entry", "fa-9");
}

#[test]
fn a_correction_that_changes_nothing_is_reported() {
    let problems = problems_after(|plan| {
        push(
            plan,
            "/corrections",
            json!({ "entry": "fa-1", "source": "Öka", "shown": "Öka" }),
        );
    });
    assert_only_problem(&problems, "$.corrections[3]", "lika");
}

#[test]
fn a_correction_without_its_words_is_reported() {
    let problems = problems_after(|plan| {
        push(
            plan,
            "/corrections",
            json!({ "entry": "fa-1", "shown": "Öka förståelsen" }),
        );
    });
    assert_only_problem(&problems, "$.corrections[3].source", "saknas");
}
