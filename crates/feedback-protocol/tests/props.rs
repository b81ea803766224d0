//! Property tests: what a stranger (or a buggy app) can send never panics and always gets
//! an answer, and the app and the collector agree on every payload.
//!
//! - [`parse`] on arbitrary bytes, arbitrary JSON objects and valid bodies with one field
//!   replaced by an arbitrary JSON value;
//! - `validate()` ⇔ `parse` for arbitrary [`FeedbackPayload`]s, mixed so that both verdicts
//!   are common (checked by `the_agreement_generator_makes_both_verdicts_often`);
//! - `created_at`: any string, timestamp-shaped strings against the `time` crate the
//!   collector used before, and round trips.
//!
//! About 50,000 generated inputs in all; well under 20 seconds in a debug build.

use feedback_protocol::*;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::{json, Map, Value};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

const FIELDS: [&str; 11] = [
    "id",
    "content_id",
    "answer",
    "comment",
    "lang",
    "mode",
    "app_version",
    "created_at",
    "replaces",
    "elapsed_ms",
    "website",
];

// ------------------------------------------------------------------ generators

/// Any string of `len` chars: cheaper to make than proptest's regex strategies, which
/// keeps many thousands of cases within a few seconds.
fn text(len: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), len).prop_map(String::from_iter)
}

/// A string of `len` chars, each one of `chars`.
fn text_of(
    chars: &'static str,
    len: std::ops::RangeInclusive<usize>,
) -> impl Strategy<Value = String> {
    let chars: Vec<char> = chars.chars().collect();
    prop::collection::vec(prop::sample::select(chars), len).prop_map(String::from_iter)
}

/// Any JSON value, up to a few levels deep, with the awkward numbers and strings.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)), // NaN and infinities become null
        text(0..=40).prop_map(Value::from),
        any_timestamp_like().prop_map(Value::from),
        Just(Value::from("2f1c0c8e-3b5a-4c8e-9a47-0d2b1f6e9c11")),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((any_key(), inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Mostly the contract's field names, sometimes anything.
fn any_key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(FIELDS.to_vec()).prop_map(str::to_owned),
        1 => text(0..=12),
    ]
}

/// A valid body, as the app sends it.
fn good_body() -> Value {
    json!({
        "id": "2f1c0c8e-3b5a-4c8e-9a47-0d2b1f6e9c11",
        "content_id": "plan",
        "answer": "no",
        "comment": "Svårt att hitta kontakten",
        "lang": "sv",
        "mode": "kiosk",
        "app_version": "0.1.0",
        "created_at": "2026-11-26T15:20:00Z",
        "replaces": null,
        "elapsed_ms": 5400,
        "website": ""
    })
}

/// A hyphenated UUID of any version, in lowercase or uppercase.
fn uuid_strategy() -> impl Strategy<Value = String> {
    (any::<[u8; 16]>(), any::<bool>()).prop_map(|(bytes, upper)| {
        let id = uuid_from_bytes(bytes);
        if upper {
            id.to_ascii_uppercase()
        } else {
            id
        }
    })
}

/// Strings shaped like timestamps, valid or nearly so, in and out of range.
fn any_timestamp_like() -> impl Strategy<Value = String> {
    timestamp_parts().prop_map(|p| p.to_string())
}

#[derive(Debug, Clone)]
struct Parts {
    year: u32,
    month: u32,
    day: u32,
    separator: char,
    hour: u32,
    minute: u32,
    second: u32,
    fraction: String,
    /// `None` is `Z`; otherwise sign, hours and minutes.
    offset: Option<(char, u32, u32)>,
}

impl std::fmt::Display for Parts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}{}{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.separator, self.hour, self.minute, self.second
        )?;
        if !self.fraction.is_empty() {
            write!(f, ".{}", self.fraction)?;
        }
        match self.offset {
            None => f.write_str("Z"),
            Some((sign, h, m)) => write!(f, "{sign}{h:02}:{m:02}"),
        }
    }
}

fn timestamp_parts() -> impl Strategy<Value = Parts> {
    (
        prop_oneof![
            1960u32..3010,
            0u32..10_000,
            Just(9999u32),
            Just(1970u32),
            Just(2999u32),
            Just(3000u32)
        ],
        0u32..=13,
        0u32..=32,
        prop::sample::select(vec!['T', 'T', 'T', 't', ' ', 'X', '_']),
        0u32..=24,
        0u32..=60,
        prop_oneof![0u32..=59, Just(60u32), Just(61u32)],
        text_of("0123456789", 0..=11),
        prop::option::of((
            prop::sample::select(vec!['+', '-']),
            prop_oneof![0u32..=23, Just(24u32)],
            prop_oneof![0u32..=59, Just(60u32)],
        )),
    )
        .prop_map(
            |(year, month, day, separator, hour, minute, second, fraction, offset)| Parts {
                year,
                month,
                day,
                separator,
                hour,
                minute,
                second,
                fraction,
                offset,
            },
        )
}

/// The collector's old reading of `created_at` (the `time` crate), without its panic:
/// `to_offset` became `checked_to_offset`, and the new year range is applied on top.
fn old_normalise_in_range(s: &str) -> Option<String> {
    let t = OffsetDateTime::parse(s, &Rfc3339).ok()?;
    let utc = t.checked_to_offset(UtcOffset::UTC)?;
    let year = u32::try_from(utc.year()).ok()?;
    if !(MIN_CREATED_AT_YEAR..=MAX_CREATED_AT_YEAR).contains(&year) {
        return None;
    }
    utc.format(&Rfc3339).ok()
}

/// Payload field values that are valid about half the time, so that both verdicts come
/// up often and every rule gets exercised on both sides of its edge: each field is valid
/// with a probability of about 0.9.
fn any_payload() -> impl Strategy<Value = FeedbackPayload> {
    const CONTENT_ID_CHARS: &str = "abcdefghijklmnopqrstuvwxyz0123456789-:/._";
    let id = prop_oneof![
        30 => uuid_strategy(),
        1 => text(0..=40),
        1 => uuid_strategy().prop_map(|u| format!("{{{u}}}")),
        1 => uuid_strategy().prop_map(|u| u.replacen('-', "_", 1)),
    ];
    let content_id = prop_oneof![
        30 => text_of(CONTENT_ID_CHARS, 1..=100),
        1 => text_of(CONTENT_ID_CHARS, 100..=102),
        1 => Just(String::new()),
        1 => (text_of(CONTENT_ID_CHARS, 0..=5), text_of("AZ ?é\n\u{0}", 1..=1))
            .prop_map(|(a, b)| format!("{a}{b}")),
        1 => text(0..=20),
    ];
    let answer = prop_oneof![Just(Answer::Yes), Just(Answer::No)];
    let lang = prop_oneof![
        30 => prop::sample::select(LANGS.to_vec()).prop_map(str::to_owned),
        1 => prop::sample::select(vec!["SV", "fi", "", "sv-SE", " sv"]).prop_map(str::to_owned),
    ];
    let mode = prop_oneof![
        30 => prop::sample::select(MODES.to_vec()).prop_map(str::to_owned),
        1 => prop::sample::select(vec!["Kiosk", "app", "", "tv"]).prop_map(str::to_owned),
    ];
    let app_version = prop_oneof![
        30 => text(1..=32),
        1 => text(33..=34),
        1 => Just(String::new()),
        1 => text_of("0123456789.", 30..=34),
    ];
    let created_at = prop_oneof![
        30 => (0u64..=MAX_CREATED_AT_MS).prop_map(rfc3339_utc),
        3 => any_timestamp_like(),
        1 => text(0..=30),
    ];
    let comment = prop::option::of(prop_oneof![
        20 => text(0..=60),
        // Around the 1000-char limit, with padding that does not count, and with
        // characters that take 2 to 6 bytes in JSON, so that some bodies pass 4096 bytes.
        2 => (
            text_of(" \n\t", 0..=3),
            text_of("abcåäö👍\u{1}\"\\", 990..=1003),
            text_of(" \n\t", 0..=3),
        )
            .prop_map(|(a, b, c)| format!("{a}{b}{c}")),
        // Emoji (4 bytes) and control characters (6 bytes as \u0001): 3 to 5 KB.
        1 => text_of("👍\u{1}", 600..=1000),
        1 => text_of(" \n\t\u{3000}", 0..=5),
    ]);
    let replaces = prop::option::of(prop_oneof![
        30 => uuid_strategy(),
        1 => text(0..=40),
    ]);
    (
        (id, content_id, answer, comment, lang, mode),
        (
            app_version,
            created_at,
            replaces,
            any::<Option<u64>>(),
            any::<u8>(),
        ),
    )
        .prop_map(
            |(
                (id, content_id, answer, comment, lang, mode),
                (app_version, created_at, replaces, elapsed_ms, pick),
            )| {
                // Sometimes `replaces` is the id itself, in either case.
                let replaces = match pick % 32 {
                    0 => Some(id.clone()),
                    1 => Some(id.to_ascii_uppercase()),
                    _ => replaces,
                };
                FeedbackPayload {
                    id,
                    content_id,
                    answer,
                    comment,
                    lang,
                    mode,
                    app_version,
                    created_at,
                    replaces,
                    elapsed_ms,
                    website: String::new(),
                }
            },
        )
}

/// What the collector does with the JSON the app would send: `Some(feedback)` when it
/// stores an answer, `None` when it refuses the body (413 for size, 400 otherwise).
fn collector_stores(payload: &FeedbackPayload) -> Option<Feedback> {
    let body = serde_json::to_vec(payload).expect("a payload always serialises");
    if body.len() > MAX_BODY_BYTES {
        return None;
    }
    match parse(&body, MIN_COMMENT_MS) {
        Ok(Parsed::Feedback(f)) => Some(f),
        Ok(Parsed::Honeypot) => panic!("empty honeypot read as filled: {payload:?}"),
        Err(_) => None,
    }
}

/// Checks what every `Ok` from [`parse`] must hold, and every `Err` must say.
fn check_outcome(outcome: Result<Parsed, PayloadError>) -> Result<(), TestCaseError> {
    match outcome {
        Ok(Parsed::Honeypot) => {}
        Ok(Parsed::Feedback(f)) => {
            prop_assert_eq!(parse_uuid(&f.id), Some(f.id.clone()));
            prop_assert!(f.content_id.chars().all(is_content_id_char));
            prop_assert!((1..=MAX_CONTENT_ID_CHARS).contains(&f.content_id.len()));
            prop_assert!((1..=MAX_APP_VERSION_CHARS).contains(&f.app_version.chars().count()));
            // Stored timestamps are already normal: reading them again changes nothing.
            prop_assert_eq!(
                normalise_created_at(&f.created_at),
                Ok(f.created_at.clone())
            );
            if let Some(c) = &f.comment {
                prop_assert!(!c.is_empty() && c.trim() == c);
                prop_assert!(c.chars().count() <= MAX_COMMENT_CHARS);
            }
            if let Some(r) = &f.replaces {
                prop_assert_eq!(parse_uuid(r), Some(r.clone()));
                prop_assert_ne!(r, &f.id);
            }
        }
        Err(e) => {
            prop_assert!(!e.message.is_empty());
            if let Some(field) = &e.field {
                let prefix = format!("{field}: ");
                prop_assert!(e.to_string().starts_with(&prefix), "{}", e);
            }
        }
    }
    Ok(())
}

// ------------------------------------------------------------------ (a) parse is total

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn parse_any_bytes(body in prop::collection::vec(any::<u8>(), 0..600)) {
        check_outcome(parse(&body, MIN_COMMENT_MS))?;
    }

    #[test]
    fn parse_any_text(body in text(0..=300)) {
        check_outcome(parse(body.as_bytes(), MIN_COMMENT_MS))?;
    }

}

proptest! {
    // Fewer cases here: each builds and parses a whole JSON tree.
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn parse_any_json_object(
        fields in prop::collection::vec((any_key(), any_json()), 0..14),
        min_comment_ms in any::<u64>(),
    ) {
        let object: Map<String, Value> = fields.into_iter().collect();
        let body = Value::Object(object).to_string();
        check_outcome(parse(body.as_bytes(), min_comment_ms))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    /// A valid body with one field replaced (or removed, or added): most rules are only
    /// reached when everything else is right.
    #[test]
    fn parse_a_valid_body_with_one_field_changed(
        field in any_key(),
        value in prop::option::of(any_json()),
    ) {
        let mut body = good_body();
        let object = body.as_object_mut().expect("an object");
        match value {
            Some(v) => object.insert(field, v),
            None => object.remove(&field),
        };
        check_outcome(parse(body.to_string().as_bytes(), MIN_COMMENT_MS))?;
    }

    /// Broken JSON around a valid body: cut short, or with bytes flipped.
    #[test]
    fn parse_a_damaged_valid_body(cut in 0usize..400, flips in prop::collection::vec((0usize..400, any::<u8>()), 0..3)) {
        let mut body = good_body().to_string().into_bytes();
        for (at, byte) in flips {
            let at = at % body.len();
            body[at] = byte;
        }
        body.truncate(cut.min(body.len()));
        check_outcome(parse(&body, MIN_COMMENT_MS))?;
    }
}

// ------------------------------------------------------------------ (b) app ⇔ collector

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6000))]

    /// The app queues exactly what the collector stores.
    #[test]
    fn validate_agrees_with_the_collector(payload in any_payload()) {
        let stored = collector_stores(&payload);
        prop_assert_eq!(
            payload.validate().is_ok(),
            stored.is_some(),
            "validate: {:?}", payload.validate()
        );
        if let Some(f) = stored {
            // And stores what the app meant.
            prop_assert_eq!(f.id, payload.id.to_ascii_lowercase());
            prop_assert_eq!(&f.content_id, &payload.content_id);
            prop_assert_eq!(f.answer, payload.answer);
            prop_assert_eq!(f.lang.as_str(), payload.lang.as_str());
            prop_assert_eq!(f.mode.as_str(), payload.mode.as_str());
            prop_assert_eq!(Ok(f.created_at), normalise_created_at(&payload.created_at));
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// The same payload with the honeypot filled: the collector answers "stored" and keeps
    /// nothing, whatever else is wrong; the app accepts it only if it would be well-formed.
    #[test]
    fn a_filled_honeypot_is_always_a_quiet_success(payload in any_payload(), website in text(1..=250)) {
        let valid_without = payload.validate().is_ok();
        let payload = FeedbackPayload { website, ..payload };
        let body = serde_json::to_vec(&payload).expect("serialises");
        prop_assert_eq!(parse(&body, MIN_COMMENT_MS), Ok(Parsed::Honeypot));
        if payload.validate().is_ok() {
            prop_assert!(valid_without);
        }
    }
}

/// Guards the agreement test against a generator that only ever makes one verdict.
#[test]
fn the_agreement_generator_makes_both_verdicts_often() {
    let mut runner = TestRunner::deterministic();
    let strategy = any_payload();
    let (mut valid, total) = (0, 2000);
    let mut problems = std::collections::BTreeSet::new();
    for _ in 0..total {
        let payload = strategy.new_tree(&mut runner).expect("a value").current();
        match payload.validate() {
            Ok(()) => valid += 1,
            Err(problem) => {
                // The kind of problem, without its details.
                let kind = format!("{problem:?}");
                problems.insert(kind.split([' ', '(']).next().unwrap_or_default().to_owned());
            }
        }
    }
    eprintln!("{valid} of {total} valid; problems seen: {problems:?}");
    assert!(
        (total / 5..=total * 4 / 5).contains(&valid),
        "{valid} of {total} valid"
    );
    // NotUuid, Length, ContentIdCharacters, UnknownLang, UnknownMode, CreatedAt,
    // ReplacesItself, CommentTooLong, BodyTooLarge.
    assert!(problems.len() >= 9, "only {problems:?}");
}

// ------------------------------------------------------------------ (c) timestamps

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn any_string_is_a_timestamp_or_an_error(s in text(0..=50)) {
        if let Ok(stored) = normalise_created_at(&s) {
            prop_assert_eq!(normalise_created_at(&stored), Ok(stored.clone()));
        }
    }

    /// Timestamp-shaped strings give what the `time` crate gave (in the range), except
    /// for the two documented tightenings.
    #[test]
    fn timestamps_read_as_the_time_crate_read_them(parts in timestamp_parts()) {
        let s = parts.to_string();
        let ours = normalise_created_at(&s);
        let tightened = !matches!(parts.separator, 'T' | 't' | ' ') || parts.fraction.len() > 9;
        if tightened {
            prop_assert!(ours.is_err(), "{} -> {:?}", s, ours);
        } else {
            prop_assert_eq!(ours.ok(), old_normalise_in_range(&s), "{}", s);
        }
    }

    /// Every millisecond of the range, as the app writes it, is read back unchanged.
    #[test]
    fn the_apps_timestamps_round_trip(ms in 0u64..=MAX_CREATED_AT_MS) {
        let written = rfc3339_utc(ms);
        prop_assert_eq!(normalise_created_at(&written), Ok(written.clone()));
        let t = OffsetDateTime::from_unix_timestamp((ms / 1000) as i64).expect("in range");
        prop_assert_eq!(written, t.format(&Rfc3339).expect("formats"));
    }

    /// Any instant of the range, written in any offset with any precision, is read back
    /// as the same instant in UTC.
    #[test]
    fn any_instant_in_any_offset_round_trips(
        nanos in 0i128..=(MAX_CREATED_AT_MS as i128 * 1_000_000 + 999_999),
        offset_minutes in -(23 * 60 + 59)..=(23 * 60 + 59i32),
    ) {
        let utc = OffsetDateTime::from_unix_timestamp_nanos(nanos).expect("in range");
        let offset = UtcOffset::from_whole_seconds(offset_minutes * 60).expect("valid offset");
        let Some(local) = utc.checked_to_offset(offset) else {
            // A local year of 10000 cannot be written in RFC 3339 at all.
            return Ok(());
        };
        let Ok(written) = local.format(&Rfc3339) else {
            return Ok(()); // a local year before 0000, likewise
        };
        prop_assert_eq!(
            normalise_created_at(&written),
            Ok(utc.format(&Rfc3339).expect("formats")),
            "{}", written
        );
    }
}
