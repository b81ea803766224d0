//! The answer the collector receives, its validation and the small pure helpers the
//! widget needs to fill it in (comment length, anti-spam rule, client-made UUIDs).

use serde::{Deserialize, Serialize};
use std::fmt;

/// The longest comment accepted, counted in Unicode scalar values (see [`comment_chars`]).
pub const MAX_COMMENT_CHARS: usize = 1000;

/// The shortest plausible time, in milliseconds, between opening the comment field and
/// sending a comment. A human needs longer than this to type anything; a bot filling the
/// form programmatically usually does not. The collector drops a comment that came
/// faster (the yes/no still counts).
///
/// The widget measures [`FeedbackPayload::elapsed_ms`] from the moment the comment field
/// opens (the visitor pressed "Nej") until the answer is sent, and puts it in the payload.
/// The client never drops answers on this ground; see [`looks_automated`].
pub const MIN_COMMENT_MS: u64 = 2000;

/// The longest `id`, `replaces`, `content_id`, `app_version` and `created_at` accepted,
/// in characters (these are printable ASCII). A UUID has 36; the collector allows
/// `content_id`s up to 100, so this is no stricter.
pub const MAX_SHORT_FIELD_CHARS: usize = 100;

/// The longest honeypot (`website`) value accepted, in Unicode scalar values. People never
/// see the field, so anything in it comes from a bot; the bound only keeps storage small.
pub const MAX_WEBSITE_CHARS: usize = 200;

/// The languages a payload may name in `lang`.
pub const LANGS: [&str; 3] = ["sv", "en", "de"];

/// The display modes a payload may name in `mode`.
pub const MODES: [&str; 3] = ["standalone", "embedded", "kiosk"];

/// The visitor's answer to "Hjälpte informationen dig?".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    /// "Ja", serialised as `"yes"`.
    Yes,
    /// "Nej", serialised as `"no"`.
    No,
}

/// One answer as it is queued, stored and sent to the collector (`POST /api/feedback`).
///
/// It serialises to exactly the collector's JSON: the field names below, `answer` as
/// `"yes"`/`"no"`, and `comment`, `replaces` and `elapsed_ms` left out when `None`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackPayload {
    /// Client-made UUID (see [`uuid_v4_from_bytes`]); the collector's idempotency key.
    pub id: String,
    /// Which view the answer is about, e.g. `"plan"`, `"fa-2"`, `"partners"`.
    pub content_id: String,
    /// Yes or no.
    pub answer: Answer,
    /// Optional free text, normally only with "no"; at most [`MAX_COMMENT_CHARS`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The UI language, one of [`LANGS`].
    pub lang: String,
    /// The display mode, one of [`MODES`].
    pub mode: String,
    /// The app's version, e.g. `env!("CARGO_PKG_VERSION")`.
    pub app_version: String,
    /// When the visitor answered, RFC 3339 UTC (see [`rfc3339_utc`](super::rfc3339_utc)).
    pub created_at: String,
    /// The id of an earlier answer (same view, same visit) that this one changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<String>,
    /// Milliseconds from opening the comment field to sending (see [`MIN_COMMENT_MS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elapsed_ms: Option<u64>,
    /// The honeypot field's value, normally `""`; always serialised.
    #[serde(default)]
    pub website: String,
}

/// Why a payload is not accepted into the queue (and would not be by the collector).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayloadProblem {
    /// A field is empty, too long, or has characters outside printable ASCII.
    /// Applies to `id`, `content_id`, `app_version`, `created_at` and `replaces`.
    BadField {
        /// The JSON name of the field.
        field: &'static str,
    },
    /// The comment is longer than [`MAX_COMMENT_CHARS`].
    CommentTooLong {
        /// Its length as counted by [`comment_chars`].
        chars: usize,
    },
    /// The honeypot value is longer than [`MAX_WEBSITE_CHARS`].
    WebsiteTooLong,
    /// `lang` is not one of [`LANGS`].
    UnknownLang,
    /// `mode` is not one of [`MODES`].
    UnknownMode,
    /// `replaces` names the payload's own id.
    ReplacesItself,
}

impl fmt::Display for PayloadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadField { field } => write!(
                f,
                "{field}: must be 1 to {MAX_SHORT_FIELD_CHARS} printable ASCII characters"
            ),
            Self::CommentTooLong { chars } => write!(
                f,
                "comment: {chars} characters, at most {MAX_COMMENT_CHARS} allowed"
            ),
            Self::WebsiteTooLong => {
                write!(f, "website: longer than {MAX_WEBSITE_CHARS} characters")
            }
            Self::UnknownLang => write!(f, "lang: must be one of {}", LANGS.join(", ")),
            Self::UnknownMode => write!(f, "mode: must be one of {}", MODES.join(", ")),
            Self::ReplacesItself => write!(f, "replaces: names the answer's own id"),
        }
    }
}

impl std::error::Error for PayloadProblem {}

impl FeedbackPayload {
    /// Checks every field against the limits above. The queue refuses invalid payloads
    /// on [`enqueue`](super::FeedbackQueue::enqueue) and drops them when loading storage,
    /// which keeps what it holds (and stores) bounded and well-formed.
    ///
    /// These checks are deliberately no stricter than the collector's (which, for
    /// example, also requires `id` to be a UUID and `created_at` to parse as RFC 3339),
    /// so a valid answer is never refused here; the collector has the final word, and
    /// what it rejects leaves the queue through [`FailureKind::Rejected`](super::FailureKind).
    ///
    /// A comment with a "yes" answer, a non-empty honeypot or a short `elapsed_ms` are
    /// all valid here: deciding what they mean is the collector's job.
    pub fn validate(&self) -> Result<(), PayloadProblem> {
        short_field("id", &self.id)?;
        short_field("content_id", &self.content_id)?;
        short_field("app_version", &self.app_version)?;
        short_field("created_at", &self.created_at)?;
        if let Some(replaces) = &self.replaces {
            short_field("replaces", replaces)?;
            if *replaces == self.id {
                return Err(PayloadProblem::ReplacesItself);
            }
        }
        if let Some(comment) = &self.comment {
            validate_comment(comment)?;
        }
        if comment_chars(&self.website) > MAX_WEBSITE_CHARS {
            return Err(PayloadProblem::WebsiteTooLong);
        }
        if !LANGS.contains(&self.lang.as_str()) {
            return Err(PayloadProblem::UnknownLang);
        }
        if !MODES.contains(&self.mode.as_str()) {
            return Err(PayloadProblem::UnknownMode);
        }
        Ok(())
    }
}

/// Non-empty, at most `max` bytes, printable ASCII only (no spaces or control characters).
fn short_field(field: &'static str, value: &str) -> Result<(), PayloadProblem> {
    let ok = !value.is_empty()
        && value.len() <= MAX_SHORT_FIELD_CHARS
        && value.bytes().all(|b| b.is_ascii_graphic());
    if ok {
        Ok(())
    } else {
        Err(PayloadProblem::BadField { field })
    }
}

/// The length of a comment as the collector counts it: Unicode scalar values (Rust
/// `char`s), the same as JavaScript's `[...text].length`.
///
/// An emoji such as 👍 is 1, a flag such as 🇸🇪 is 2 (two regional indicators), "é" is
/// 1 when precomposed (U+00E9) and 2 when written as "e" plus a combining accent.
pub fn comment_chars(comment: &str) -> usize {
    comment.chars().count()
}

/// Accepts a comment of at most [`MAX_COMMENT_CHARS`] (see [`comment_chars`]) once
/// surrounding whitespace is trimmed, as the collector counts it.
pub fn validate_comment(comment: &str) -> Result<(), PayloadProblem> {
    let chars = comment_chars(comment.trim());
    if chars > MAX_COMMENT_CHARS {
        Err(PayloadProblem::CommentTooLong { chars })
    } else {
        Ok(())
    }
}

/// Turns the comment field's text into the payload's `comment`: surrounding whitespace
/// is trimmed, an empty result becomes `None`, a too long one is an error (the widget
/// should show the count and keep the text instead of cutting it).
pub fn comment_from_input(input: &str) -> Result<Option<String>, PayloadProblem> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    validate_comment(trimmed)?;
    Ok(Some(trimmed.to_owned()))
}

/// The anti-spam rule: the honeypot is filled in, or a comment came sooner than
/// [`MIN_COMMENT_MS`] after its field opened. A comment without `elapsed_ms` is not
/// counted as fast (the field is optional).
///
/// The collector applies this rule (discarding a honeypot answer, dropping a fast
/// comment); the client queues and sends such answers unchanged, so the decision is
/// made in one place. The widget may use this to decide, e.g., not to thank a bot.
pub fn looks_automated(payload: &FeedbackPayload) -> bool {
    !payload.website.is_empty()
        || (payload.comment.is_some()
            && payload
                .elapsed_ms
                .is_some_and(|elapsed| elapsed < MIN_COMMENT_MS))
}

/// Formats 16 random bytes (from `crypto.getRandomValues`) as a version 4 UUID,
/// lowercase, e.g. `"9f1c0b7e-3a52-4d1e-8b6a-0c2f4e5d6a7b"`. The version and variant
/// bits are set here, so any 16 bytes will do.
pub fn uuid_v4_from_bytes(bytes: [u8; 16]) -> String {
    let mut b = bytes;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn full_payload() -> FeedbackPayload {
        FeedbackPayload {
            id: "9f1c0b7e-3a52-4d1e-8b6a-0c2f4e5d6a7b".into(),
            content_id: "fa-2".into(),
            answer: Answer::No,
            comment: Some("Saknar kontaktuppgifter".into()),
            lang: "sv".into(),
            mode: "kiosk".into(),
            app_version: "0.1.0".into(),
            created_at: "2026-11-26T15:20:00Z".into(),
            replaces: Some("0b2d9c4e-1111-4222-8333-444455556666".into()),
            elapsed_ms: Some(5400),
            website: String::new(),
        }
    }

    fn minimal_payload() -> FeedbackPayload {
        FeedbackPayload {
            answer: Answer::Yes,
            comment: None,
            replaces: None,
            elapsed_ms: None,
            content_id: "plan".into(),
            ..full_payload()
        }
    }

    #[test]
    fn payload_json_has_exactly_the_collector_fields() {
        let value = serde_json::to_value(full_payload()).unwrap();
        assert_eq!(
            value,
            json!({
                "id": "9f1c0b7e-3a52-4d1e-8b6a-0c2f4e5d6a7b",
                "content_id": "fa-2",
                "answer": "no",
                "comment": "Saknar kontaktuppgifter",
                "lang": "sv",
                "mode": "kiosk",
                "app_version": "0.1.0",
                "created_at": "2026-11-26T15:20:00Z",
                "replaces": "0b2d9c4e-1111-4222-8333-444455556666",
                "elapsed_ms": 5400,
                "website": ""
            })
        );
    }

    #[test]
    fn payload_json_omits_comment_replaces_and_elapsed_when_none() {
        let value = serde_json::to_value(minimal_payload()).unwrap();
        assert_eq!(
            value,
            json!({
                "id": "9f1c0b7e-3a52-4d1e-8b6a-0c2f4e5d6a7b",
                "content_id": "plan",
                "answer": "yes",
                "lang": "sv",
                "mode": "kiosk",
                "app_version": "0.1.0",
                "created_at": "2026-11-26T15:20:00Z",
                "website": ""
            })
        );
        let object = value.as_object().unwrap();
        for absent in ["comment", "replaces", "elapsed_ms"] {
            assert!(!object.contains_key(absent), "{absent} must be omitted");
        }
        // `website` is always there, even when empty.
        assert_eq!(object.get("website"), Some(&Value::String(String::new())));
    }

    #[test]
    fn payload_json_round_trips() {
        for payload in [full_payload(), minimal_payload()] {
            let text = serde_json::to_string(&payload).unwrap();
            let back: FeedbackPayload = serde_json::from_str(&text).unwrap();
            assert_eq!(back, payload);
        }
    }

    #[test]
    fn answer_serialises_lowercase() {
        assert_eq!(serde_json::to_value(Answer::Yes).unwrap(), json!("yes"));
        assert_eq!(serde_json::to_value(Answer::No).unwrap(), json!("no"));
        assert!(serde_json::from_value::<Answer>(json!("Yes")).is_err());
    }

    #[test]
    fn comment_chars_counts_unicode_scalar_values() {
        assert_eq!(comment_chars(""), 0);
        assert_eq!(comment_chars("Nej"), 3);
        assert_eq!(comment_chars("åäö"), 3); // 6 bytes
        assert_eq!(comment_chars("👍"), 1); // 4 bytes, 2 UTF-16 units
        assert_eq!(comment_chars("\u{e9}"), 1); // precomposed é
        assert_eq!(comment_chars("e\u{301}"), 2); // e + combining acute
        assert_eq!(comment_chars("🇸🇪"), 2); // two regional indicators
        assert_eq!(comment_chars("👨\u{200d}👩\u{200d}👧"), 5); // ZWJ family
        assert_eq!(comment_chars("👍🏽"), 2); // emoji + skin tone modifier
    }

    #[test]
    fn comment_validation_is_by_chars_not_bytes() {
        assert!(validate_comment(&"a".repeat(MAX_COMMENT_CHARS)).is_ok());
        assert_eq!(
            validate_comment(&"a".repeat(MAX_COMMENT_CHARS + 1)),
            Err(PayloadProblem::CommentTooLong { chars: 1001 })
        );
        // 1000 emoji are 4000 bytes but 1000 chars: allowed.
        assert!(validate_comment(&"👍".repeat(MAX_COMMENT_CHARS)).is_ok());
        // 500 decomposed "é" are 1000 chars: allowed; one more combining mark is not.
        let decomposed = "e\u{301}".repeat(500);
        assert!(validate_comment(&decomposed).is_ok());
        assert!(validate_comment(&format!("{decomposed}\u{301}")).is_err());
        // Surrounding whitespace does not count, as at the collector.
        let padded = format!(" \n{}\n ", "a".repeat(MAX_COMMENT_CHARS));
        assert!(validate_comment(&padded).is_ok());
    }

    #[test]
    fn comment_from_input_trims_and_empties_to_none() {
        assert_eq!(comment_from_input(""), Ok(None));
        assert_eq!(comment_from_input("  \n\t "), Ok(None));
        assert_eq!(
            comment_from_input("  svårt att läsa \n"),
            Ok(Some("svårt att läsa".into()))
        );
        let long = format!("  {}  ", "ö".repeat(MAX_COMMENT_CHARS));
        assert_eq!(
            comment_from_input(&long).unwrap().unwrap().chars().count(),
            1000
        );
        assert!(comment_from_input(&"ö".repeat(MAX_COMMENT_CHARS + 1)).is_err());
    }

    #[test]
    fn validate_accepts_good_payloads_and_names_the_bad_field() {
        assert_eq!(full_payload().validate(), Ok(()));
        let mut longest = full_payload();
        longest.content_id = "c".repeat(100); // the collector's limit
        assert_eq!(longest.validate(), Ok(()));
        assert_eq!(minimal_payload().validate(), Ok(()));

        let bad = |edit: fn(&mut FeedbackPayload)| {
            let mut p = full_payload();
            edit(&mut p);
            p.validate().unwrap_err()
        };
        assert_eq!(
            bad(|p| p.id.clear()),
            PayloadProblem::BadField { field: "id" }
        );
        assert_eq!(
            bad(|p| p.id = "x".repeat(101)),
            PayloadProblem::BadField { field: "id" }
        );
        assert_eq!(
            bad(|p| p.id = "a b".into()),
            PayloadProblem::BadField { field: "id" }
        );
        assert_eq!(
            bad(|p| p.content_id = "fa\n2".into()),
            PayloadProblem::BadField {
                field: "content_id"
            }
        );
        assert_eq!(
            bad(|p| p.app_version = "ö".into()),
            PayloadProblem::BadField {
                field: "app_version"
            }
        );
        assert_eq!(
            bad(|p| p.created_at.clear()),
            PayloadProblem::BadField {
                field: "created_at"
            }
        );
        assert_eq!(
            bad(|p| p.replaces = Some(String::new())),
            PayloadProblem::BadField { field: "replaces" }
        );
        assert_eq!(
            bad(|p| p.replaces = Some(p.id.clone())),
            PayloadProblem::ReplacesItself
        );
        assert_eq!(
            bad(|p| p.comment = Some("x".repeat(1001))),
            PayloadProblem::CommentTooLong { chars: 1001 }
        );
        assert_eq!(
            bad(|p| p.website = "w".repeat(201)),
            PayloadProblem::WebsiteTooLong
        );
        assert_eq!(bad(|p| p.lang = "fi".into()), PayloadProblem::UnknownLang);
        assert_eq!(bad(|p| p.mode = "tv".into()), PayloadProblem::UnknownMode);
        // Every problem has a message naming the field.
        assert!(PayloadProblem::UnknownMode.to_string().starts_with("mode:"));
    }

    #[test]
    fn looks_automated_applies_honeypot_and_min_comment_time() {
        let mut p = full_payload();
        p.elapsed_ms = Some(MIN_COMMENT_MS);
        assert!(!looks_automated(&p));
        p.elapsed_ms = Some(MIN_COMMENT_MS - 1);
        assert!(looks_automated(&p));
        p.elapsed_ms = None; // not measured: not counted as fast
        assert!(!looks_automated(&p));
        p.elapsed_ms = Some(10);
        p.comment = None; // plain yes/no needs no timing
        assert!(!looks_automated(&p));
        p.website = "http://spam.example".into();
        assert!(looks_automated(&p));
    }

    #[test]
    fn uuid_v4_has_version_and_variant_bits() {
        assert_eq!(
            uuid_v4_from_bytes([0; 16]),
            "00000000-0000-4000-8000-000000000000"
        );
        assert_eq!(
            uuid_v4_from_bytes([0xff; 16]),
            "ffffffff-ffff-4fff-bfff-ffffffffffff"
        );
        let id = uuid_v4_from_bytes(*b"0123456789abcdef");
        assert_eq!(id.len(), 36);
        let mut p = minimal_payload();
        p.id = id;
        assert_eq!(p.validate(), Ok(()));
    }
}
