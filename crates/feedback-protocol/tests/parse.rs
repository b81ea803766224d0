//! The collector's reading of request bodies ([`parse`]): every rule of the contract,
//! one field at a time. (Moved here from `collector/src/payload.rs` with the rules.)

use feedback_protocol::*;
use serde_json::{json, Value};

const ID: &str = "2f1c0c8e-3b5a-4c8e-9a47-0d2b1f6e9c11";

fn good() -> Value {
    json!({
        "id": ID,
        "content_id": "plan",
        "answer": "yes",
        "comment": "Bra sammanfattning",
        "lang": "sv",
        "mode": "standalone",
        "app_version": "0.1.0",
        "created_at": "2026-11-26T15:20:00Z",
        "replaces": null,
        "elapsed_ms": 5400,
        "website": ""
    })
}

fn with(field: &str, value: Value) -> Value {
    let mut v = good();
    v[field] = value;
    v
}

fn without(field: &str) -> Value {
    let mut v = good();
    v.as_object_mut().unwrap().remove(field);
    v
}

fn run(v: &Value) -> Result<Parsed, PayloadError> {
    parse(v.to_string().as_bytes(), 2000)
}

fn ok(v: &Value) -> Feedback {
    match run(v) {
        Ok(Parsed::Feedback(f)) => f,
        other => panic!("expected feedback for {v}, got {other:?}"),
    }
}

/// Asserts a 400 whose message names `field`.
fn rejects(v: &Value, field: &str) {
    match run(v) {
        Err(e) => assert!(
            e.to_string().contains(field),
            "message {:?} does not name {field}",
            e.to_string()
        ),
        Ok(p) => panic!("expected an error naming {field} for {v}, got {p:?}"),
    }
}

#[test]
fn the_contract_example_is_accepted_and_normalised() {
    let f = ok(&good());
    assert_eq!(f.id, ID);
    assert_eq!(f.content_id, "plan");
    assert_eq!(f.answer, Answer::Yes);
    assert_eq!(f.comment.as_deref(), Some("Bra sammanfattning"));
    assert!(!f.comment_dropped);
    assert_eq!(f.lang, Lang::Sv);
    assert_eq!(f.mode, Mode::Standalone);
    assert_eq!(f.app_version, "0.1.0");
    assert_eq!(f.created_at, "2026-11-26T15:20:00Z");
    assert_eq!(f.replaces, None);
    assert_eq!(f.elapsed_ms, Some(5400));
}

const OPTIONAL_FIELDS: [&str; 4] = ["comment", "replaces", "elapsed_ms", "website"];

#[test]
fn optional_fields_may_be_absent() {
    let mut v = good();
    for k in OPTIONAL_FIELDS {
        v.as_object_mut().unwrap().remove(k);
    }
    let f = ok(&v);
    assert_eq!(f.comment, None);
    assert_eq!(f.replaces, None);
    assert_eq!(f.elapsed_ms, None);
}

#[test]
fn every_required_field_is_required() {
    for field in REQUIRED_FIELDS {
        rejects(&without(field), field);
    }
    // And REQUIRED_FIELDS names all the others: each field is one or the other.
    let mut fields: Vec<&str> = REQUIRED_FIELDS.into_iter().chain(OPTIONAL_FIELDS).collect();
    fields.sort_unstable();
    let body = good();
    let mut in_body: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    in_body.sort_unstable();
    assert_eq!(fields, in_body);
}

#[test]
fn unknown_fields_are_rejected_by_name() {
    rejects(&with("colour", json!("blue")), "colour");
}

#[test]
fn wrong_json_types_name_the_field() {
    rejects(&with("answer", json!(true)), "answer");
    rejects(&with("elapsed_ms", json!(-1)), "elapsed_ms");
    rejects(&with("elapsed_ms", json!(1.5)), "elapsed_ms");
    rejects(&with("elapsed_ms", json!("5400")), "elapsed_ms");
    rejects(&with("comment", json!(5)), "comment");
    rejects(&with("id", json!(null)), "id");
}

#[test]
fn malformed_json_and_non_objects_are_rejected() {
    let e = parse(b"{\"id\": ", 0).unwrap_err();
    assert!(e.message.starts_with("malformed JSON"), "{e}");
    let e = parse(b"[1, 2]", 0).unwrap_err();
    assert!(e.message.contains("JSON object"), "{e}");
    let e = parse(b"", 0).unwrap_err();
    assert!(e.message.starts_with("malformed JSON"), "{e}");
}

#[test]
fn trailing_characters_are_malformed() {
    let body = format!("{} x", good());
    let e = parse(body.as_bytes(), 0).unwrap_err();
    assert!(e.message.starts_with("malformed JSON"), "{e}");
    let body = format!("{}\n", good());
    assert!(parse(body.as_bytes(), 0).is_ok());
}

#[test]
fn a_repeated_key_is_rejected() {
    let body = format!(
        r#"{{"id":"{ID}","id":"{ID}","content_id":"plan","answer":"yes","lang":"sv","mode":"kiosk","app_version":"1","created_at":"2026-11-26T15:20:00Z"}}"#
    );
    let e = parse(body.as_bytes(), 0).unwrap_err();
    assert!(e.to_string().contains("duplicate field `id`"), "{e}");
}

#[test]
fn id_accepts_any_case_and_version_and_is_lowercased() {
    let upper = ID.to_ascii_uppercase();
    assert_eq!(ok(&with("id", json!(upper))).id, ID);
    // Version 7 and the nil UUID are fine: only the shape matters.
    ok(&with("id", json!("01890a5d-ac96-774b-bcce-b302099a8057")));
    ok(&with("id", json!("00000000-0000-0000-0000-000000000000")));
}

#[test]
fn id_and_parse_uuid_reject_other_shapes() {
    for bad in [
        "",
        "2f1c0c8e3b5a4c8e9a470d2b1f6e9c11",
        "{2f1c0c8e-3b5a-4c8e-9a47-0d2b1f6e9c11}",
        "urn:uuid:2f1c0c8e-3b5a-4c8e-9a47-0d2b1f6e9c11",
        "2f1c0c8e-3b5a-4c8e-9a47-0d2b1f6e9c1",
        "2f1c0c8e-3b5a-4c8e-9a47-0d2b1f6e9c111",
        "2f1c0c8e-3b5a-4c8e-9a47_0d2b1f6e9c11",
        "2f1c0c8g-3b5a-4c8e-9a47-0d2b1f6e9c11",
        "2f1c0c8e-3b5a-4c8e-9a4-70d2b1f6e9c11",
        // 36 bytes, but not 36 characters.
        "2f1c0c8e-3b5a-4c8e-9a47-0d2b1f6e9cé",
    ] {
        assert_eq!(parse_uuid(bad), None, "{bad}");
        rejects(&with("id", json!(bad)), "id");
    }
}

#[test]
fn content_id_rules() {
    for good_id in [
        "plan",
        "a",
        "area/1:activity.2_b-c",
        &"x".repeat(MAX_CONTENT_ID_CHARS),
    ] {
        assert_eq!(ok(&with("content_id", json!(good_id))).content_id, good_id);
    }
    for bad in [
        "",
        "Plan",
        "plan view",
        "plan?x=1",
        "område",
        &"x".repeat(MAX_CONTENT_ID_CHARS + 1),
    ] {
        rejects(&with("content_id", json!(bad)), "content_id");
    }
}

#[test]
fn answer_rules() {
    assert_eq!(ok(&with("answer", json!("no"))).answer, Answer::No);
    for bad in ["", "Yes", "ja", "nej", "maybe"] {
        rejects(&with("answer", json!(bad)), "answer");
    }
}

#[test]
fn lang_rules() {
    assert_eq!(ok(&with("lang", json!("en"))).lang, Lang::En);
    assert_eq!(ok(&with("lang", json!("de"))).lang, Lang::De);
    for bad in ["", "SV", "fi", "sv-SE"] {
        rejects(&with("lang", json!(bad)), "lang");
    }
}

#[test]
fn mode_rules() {
    assert_eq!(ok(&with("mode", json!("embedded"))).mode, Mode::Embedded);
    assert_eq!(ok(&with("mode", json!("kiosk"))).mode, Mode::Kiosk);
    for bad in ["", "Kiosk", "app"] {
        rejects(&with("mode", json!(bad)), "mode");
    }
}

#[test]
fn app_version_rules() {
    ok(&with("app_version", json!("x")));
    ok(&with(
        "app_version",
        json!("é".repeat(MAX_APP_VERSION_CHARS)),
    ));
    rejects(&with("app_version", json!("")), "app_version");
    rejects(
        &with("app_version", json!("1".repeat(MAX_APP_VERSION_CHARS + 1))),
        "app_version",
    );
}

#[test]
fn created_at_is_rfc3339_and_stored_in_utc() {
    let f = ok(&with("created_at", json!("2026-11-26T16:20:00.250+01:00")));
    assert_eq!(f.created_at, "2026-11-26T15:20:00.25Z");
    let f = ok(&with("created_at", json!("2026-11-26t15:20:00z")));
    assert_eq!(f.created_at, "2026-11-26T15:20:00Z");
    for bad in [
        "",
        "2026-11-26",
        "2026-11-26 15:20:00",
        "2026-11-26T15:20:00",
        "2026-13-26T15:20:00Z",
        "yesterday",
        "1764170400",
        // Well formed but outside 1970..=2999 in UTC; the first once aborted the process.
        "9999-12-31T23:59:59-01:00",
        "3000-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z",
        "0000-01-01T00:00:00+01:00",
    ] {
        rejects(&with("created_at", json!(bad)), "created_at");
    }
}

#[test]
fn replaces_rules() {
    let other = "7d444840-9dc0-11d1-b245-5ffdce74fad2";
    let f = ok(&with("replaces", json!(other.to_ascii_uppercase())));
    assert_eq!(f.replaces.as_deref(), Some(other));
    rejects(&with("replaces", json!("not-a-uuid")), "replaces");
    rejects(&with("replaces", json!("")), "replaces");
    rejects(&with("replaces", json!(ID)), "replaces");
    rejects(
        &with("replaces", json!(ID.to_ascii_uppercase())),
        "replaces",
    );
}

#[test]
fn comment_is_trimmed_and_empty_means_none() {
    let f = ok(&with("comment", json!("  hej\n")));
    assert_eq!(f.comment.as_deref(), Some("hej"));
    let f = ok(&with("comment", json!("   \n\t ")));
    assert_eq!(f.comment, None);
    assert!(!f.comment_dropped);
    let f = ok(&with("comment", json!(null)));
    assert_eq!(f.comment, None);
}

#[test]
fn comment_length_counts_characters_after_trimming() {
    // 1000 two-byte characters are fine: the limit is characters, not bytes.
    let max = "ä".repeat(MAX_COMMENT_CHARS);
    assert_eq!(ok(&with("comment", json!(max))).comment, Some(max));
    let padded = format!("  {}  ", "a".repeat(MAX_COMMENT_CHARS));
    ok(&with("comment", json!(padded)));
    rejects(
        &with("comment", json!("a".repeat(MAX_COMMENT_CHARS + 1))),
        "comment",
    );
}

#[test]
fn a_fast_comment_is_dropped_but_the_answer_kept() {
    let mut v = with("elapsed_ms", json!(1999));
    v["answer"] = json!("no");
    let f = ok(&v);
    assert_eq!(f.answer, Answer::No);
    assert_eq!(f.comment, None);
    assert!(f.comment_dropped);

    let f = ok(&with("elapsed_ms", json!(2000)));
    assert!(f.comment.is_some());
    assert!(!f.comment_dropped);

    // No elapsed_ms: nothing to judge by, the comment is kept.
    let f = ok(&without("elapsed_ms"));
    assert!(f.comment.is_some());

    // Nothing to drop: not flagged.
    let mut v = with("elapsed_ms", json!(10));
    v["comment"] = json!("");
    assert!(!ok(&v).comment_dropped);

    // The minimum is configurable.
    let v = with("elapsed_ms", json!(10));
    match parse(v.to_string().as_bytes(), 0).unwrap() {
        Parsed::Feedback(f) => assert!(f.comment.is_some()),
        Parsed::Honeypot => panic!("not a honeypot"),
    }
}

#[test]
fn honeypot_wins_over_every_other_rule() {
    assert_eq!(
        run(&with("website", json!("http://spam.example"))).unwrap(),
        Parsed::Honeypot
    );
    assert_eq!(run(&with("website", json!(" "))).unwrap(), Parsed::Honeypot);
    assert_eq!(run(&with("website", json!(1))).unwrap(), Parsed::Honeypot);
    // Even with other fields wrong, a bot sees the same answer as a person.
    let v = json!({"website": "x", "answer": "perhaps", "extra": 1});
    assert_eq!(run(&v).unwrap(), Parsed::Honeypot);
    // Empty or null is a person.
    assert!(matches!(
        run(&with("website", json!(null))),
        Ok(Parsed::Feedback(_))
    ));
    assert!(matches!(
        run(&with("website", json!(""))),
        Ok(Parsed::Feedback(_))
    ));
}
