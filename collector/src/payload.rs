//! The answer the browser app sends to `POST /api/feedback`, and its validation.
//!
//! Everything here is pure: bytes in, a validated [`Feedback`] (or a message naming the
//! offending field) out. The HTTP layer only maps the result to a status code, so every rule
//! of the contract can be unit-tested without a server or a database.

use serde::Deserialize;
use std::fmt;
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

/// Longest accepted comment, in Unicode scalar values (Rust `char`s), after trimming.
pub const MAX_COMMENT_CHARS: usize = 1000;
/// Longest accepted `content_id`, in characters.
pub const MAX_CONTENT_ID_CHARS: usize = 100;
/// Longest accepted `app_version`, in characters.
pub const MAX_APP_VERSION_CHARS: usize = 32;

/// The body exactly as the client sent it, before any rule but the JSON shape is checked.
///
/// `deny_unknown_fields` makes a typo in the app (or a probe) a 400 instead of silently
/// dropped data.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeedback {
    id: String,
    content_id: String,
    answer: String,
    #[serde(default)]
    comment: Option<String>,
    lang: String,
    mode: String,
    app_version: String,
    created_at: String,
    #[serde(default)]
    replaces: Option<String>,
    #[serde(default)]
    elapsed_ms: Option<u64>,
    /// The honeypot: any JSON value, so that a bot putting a number here is still caught.
    #[serde(default)]
    website: Option<serde_json::Value>,
}

/// "Hjälpte informationen dig?" — Ja or Nej.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Ja: the information helped.
    Yes,
    /// Nej: it did not.
    No,
}

impl Answer {
    /// The wire and database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
        }
    }
}

/// The UI language the visitor was using.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Swedish.
    Sv,
    /// English.
    En,
    /// German.
    De,
}

impl Lang {
    /// The wire and database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
            Lang::De => "de",
        }
    }
}

/// How the app was being shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Its own page.
    Standalone,
    /// Inside another page (iframe).
    Embedded,
    /// A public screen.
    Kiosk,
}

impl Mode {
    /// The wire and database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Standalone => "standalone",
            Mode::Embedded => "embedded",
            Mode::Kiosk => "kiosk",
        }
    }
}

/// A validated answer, normalised for storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    /// The idempotency key, a hyphenated UUID in lowercase (UUIDs are case-insensitive, so
    /// `ABC…` and `abc…` must be the same key).
    pub id: String,
    /// Which view the answer is about.
    pub content_id: String,
    /// Ja or Nej.
    pub answer: Answer,
    /// The trimmed comment; `None` when there was none, it was empty, or it was dropped.
    pub comment: Option<String>,
    /// True when a comment was sent but dropped because it came too fast after the comment
    /// field was shown (see [`parse`]).
    pub comment_dropped: bool,
    /// UI language.
    pub lang: Lang,
    /// Display mode.
    pub mode: Mode,
    /// The app's version string.
    pub app_version: String,
    /// The client's timestamp, converted to UTC and written as RFC 3339.
    pub created_at: String,
    /// The earlier answer (lowercase UUID) this one replaces, if any.
    pub replaces: Option<String>,
    /// Milliseconds between showing the comment field and sending, if the app measured it.
    pub elapsed_ms: Option<u64>,
}

/// What a well-formed request body turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// A real answer to store.
    Feedback(Feedback),
    /// The hidden `website` field was filled in: a bot. Answer as if stored, store nothing.
    Honeypot,
}

/// Why a body was rejected; always a 400. The message names the field when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayloadError {
    /// The offending field, or `None` when the body as a whole is wrong.
    pub field: Option<String>,
    /// What is wrong, for a human.
    pub message: String,
}

impl PayloadError {
    fn field(field: &str, message: impl Into<String>) -> Self {
        PayloadError {
            field: Some(field.to_owned()),
            message: message.into(),
        }
    }

    fn body(message: impl Into<String>) -> Self {
        PayloadError {
            field: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{field}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for PayloadError {}

/// Parses and validates a request body.
///
/// Order matters: malformed JSON is rejected first; then the honeypot is checked, *before*
/// any other rule, so a bot that also gets other fields wrong still sees the same "stored"
/// answer as everyone else and learns nothing; only then are the fields validated.
pub fn parse(body: &[u8], min_comment_ms: u64) -> Result<Parsed, PayloadError> {
    // The common case (a well-formed answer) is parsed once, straight into the typed struct,
    // from the bytes, so that a repeated key is an error instead of silently keeping the
    // last one.
    let mut de = serde_json::Deserializer::from_slice(body);
    let typed = serde_path_to_error::deserialize::<_, RawFeedback>(&mut de);
    // Anything but whitespace after the object makes the body malformed.
    let complete = typed.is_ok() && de.end().is_ok();
    match typed {
        Ok(raw) if complete => {
            if honeypot_filled(raw.website.as_ref()) {
                Ok(Parsed::Honeypot)
            } else {
                validate(raw, min_comment_ms).map(Parsed::Feedback)
            }
        }
        typed => {
            // Only on failure: is it malformed at all, or a bot that got other fields wrong?
            let value: serde_json::Value = serde_json::from_slice(body)
                .map_err(|e| PayloadError::body(format!("malformed JSON: {e}")))?;
            let Some(object) = value.as_object() else {
                return Err(PayloadError::body("the body must be a JSON object"));
            };
            if honeypot_filled(object.get("website")) {
                return Ok(Parsed::Honeypot);
            }
            match typed {
                Err(shape) => Err(shape_error(shape)),
                // Unreachable: a complete typed parse is handled above, and an incomplete
                // one fails as malformed JSON. Kept total instead of panicking.
                Ok(_) => Err(PayloadError::body("malformed JSON: trailing characters")),
            }
        }
    }
}

/// The honeypot counts as filled when it is present with anything but `null` or `""`.
fn honeypot_filled(website: Option<&serde_json::Value>) -> bool {
    match website {
        None | Some(serde_json::Value::Null) => false,
        Some(serde_json::Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    }
}

/// Turns a serde error into a message that names the field.
fn shape_error(err: serde_path_to_error::Error<serde_json::Error>) -> PayloadError {
    let path = err.path().to_string();
    let inner = err.into_inner();
    // serde_json appends " at line 1 column 42"; useful for syntax errors, noise here.
    let message = inner.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message,
    };
    if path == "." || path.is_empty() {
        // Unknown, missing or duplicate field: serde's message already names it.
        PayloadError::body(message)
    } else {
        PayloadError::field(&path, message)
    }
}

fn validate(raw: RawFeedback, min_comment_ms: u64) -> Result<Feedback, PayloadError> {
    let id = parse_uuid(&raw.id).ok_or_else(|| {
        PayloadError::field("id", "must be a hyphenated UUID (8-4-4-4-12 hex digits)")
    })?;

    let content_id_len = raw.content_id.chars().count();
    if !(1..=MAX_CONTENT_ID_CHARS).contains(&content_id_len) {
        return Err(PayloadError::field(
            "content_id",
            format!("must be 1 to {MAX_CONTENT_ID_CHARS} characters long"),
        ));
    }
    if !raw.content_id.chars().all(is_content_id_char) {
        return Err(PayloadError::field(
            "content_id",
            "may only contain a-z, 0-9 and the characters - : / . _",
        ));
    }

    let answer = match raw.answer.as_str() {
        "yes" => Answer::Yes,
        "no" => Answer::No,
        _ => return Err(PayloadError::field("answer", "must be \"yes\" or \"no\"")),
    };

    let lang = match raw.lang.as_str() {
        "sv" => Lang::Sv,
        "en" => Lang::En,
        "de" => Lang::De,
        _ => {
            return Err(PayloadError::field(
                "lang",
                "must be \"sv\", \"en\" or \"de\"",
            ))
        }
    };

    let mode = match raw.mode.as_str() {
        "standalone" => Mode::Standalone,
        "embedded" => Mode::Embedded,
        "kiosk" => Mode::Kiosk,
        _ => {
            return Err(PayloadError::field(
                "mode",
                "must be \"standalone\", \"embedded\" or \"kiosk\"",
            ))
        }
    };

    let version_len = raw.app_version.chars().count();
    if !(1..=MAX_APP_VERSION_CHARS).contains(&version_len) {
        return Err(PayloadError::field(
            "app_version",
            format!("must be 1 to {MAX_APP_VERSION_CHARS} characters long"),
        ));
    }

    let created_at = normalise_timestamp(&raw.created_at).ok_or_else(|| {
        PayloadError::field(
            "created_at",
            "must be an RFC 3339 timestamp such as 2026-11-26T15:20:00Z",
        )
    })?;

    let replaces = match raw.replaces.as_deref() {
        None => None,
        Some(r) => {
            let r = parse_uuid(r).ok_or_else(|| {
                PayloadError::field("replaces", "must be null or a hyphenated UUID")
            })?;
            // Replacing itself would hide the answer it carries; it can only be a client bug.
            if r == id {
                return Err(PayloadError::field("replaces", "must differ from id"));
            }
            Some(r)
        }
    };

    let comment = match raw.comment.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(c) => {
            if c.chars().count() > MAX_COMMENT_CHARS {
                return Err(PayloadError::field(
                    "comment",
                    format!("must be at most {MAX_COMMENT_CHARS} characters"),
                ));
            }
            Some(c.to_owned())
        }
    };

    // Anti-spam: a comment typed faster than a person can type is dropped, but the yes/no
    // still counts. A missing elapsed_ms is not treated as fast, because the field is
    // optional in the contract (a client that cannot measure must not lose its comments).
    let too_fast = matches!(raw.elapsed_ms, Some(ms) if ms < min_comment_ms);
    let (comment, comment_dropped) = match comment {
        Some(_) if too_fast => (None, true),
        c => (c, false),
    };

    Ok(Feedback {
        id,
        content_id: raw.content_id,
        answer,
        comment,
        comment_dropped,
        lang,
        mode,
        app_version: raw.app_version,
        created_at,
        replaces,
        elapsed_ms: raw.elapsed_ms,
    })
}

fn is_content_id_char(c: char) -> bool {
    matches!(c, 'a'..='z' | '0'..='9' | '-' | ':' | '/' | '.' | '_')
}

/// Checks the 8-4-4-4-12 hyphenated form (any version, either case) and returns it in
/// lowercase. Braced, URN and unhyphenated forms are rejected: the app always sends
/// `crypto.randomUUID()` output, so anything else is a bug worth hearing about.
pub fn parse_uuid(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    if bytes.len() != 36 {
        return None;
    }
    for (i, b) in bytes.iter().enumerate() {
        let ok = match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        };
        if !ok {
            return None;
        }
    }
    Some(s.to_ascii_lowercase())
}

/// Parses an RFC 3339 timestamp and writes it back in UTC, so stored values sort and compare
/// the same whatever offset the client used.
fn normalise_timestamp(s: &str) -> Option<String> {
    let t = OffsetDateTime::parse(s, &Rfc3339).ok()?;
    t.to_offset(UtcOffset::UTC).format(&Rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
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

    #[test]
    fn optional_fields_may_be_absent() {
        let mut v = good();
        for k in ["comment", "replaces", "elapsed_ms", "website"] {
            v.as_object_mut().unwrap().remove(k);
        }
        let f = ok(&v);
        assert_eq!(f.comment, None);
        assert_eq!(f.replaces, None);
        assert_eq!(f.elapsed_ms, None);
    }

    #[test]
    fn every_required_field_is_required() {
        for field in [
            "id",
            "content_id",
            "answer",
            "lang",
            "mode",
            "app_version",
            "created_at",
        ] {
            rejects(&without(field), field);
        }
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
    fn id_rejects_other_shapes() {
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
        ] {
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
}
