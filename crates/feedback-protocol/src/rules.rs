//! The field rules, written once. [`check`] is the whole set; the app's
//! [`FeedbackPayload::validate`](crate::FeedbackPayload::validate) and the collector's
//! [`parse`](crate::parse) both call it, so they cannot disagree.

use crate::kinds::{Answer, Lang, Mode};
use crate::timestamp::{normalise_created_at, TimestampError};
use crate::{
    MAX_APP_VERSION_CHARS, MAX_BODY_BYTES, MAX_COMMENT_CHARS, MAX_CONTENT_ID_CHARS,
    MAX_WEBSITE_CHARS,
};
use std::fmt;

/// Why a payload is refused: by the app (it is not queued) and by the collector (400).
/// [`field`](Self::field) names the offending field; the `Display` text is
/// `"field: what is wrong"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayloadProblem {
    /// `id` or `replaces` is not a hyphenated UUID (see [`parse_uuid`]).
    NotUuid {
        /// `"id"` or `"replaces"`.
        field: &'static str,
    },
    /// `content_id` or `app_version` is empty or longer than `max` characters.
    Length {
        /// `"content_id"` or `"app_version"`.
        field: &'static str,
        /// The longest allowed.
        max: usize,
    },
    /// `content_id` has a character outside `a-z 0-9 - : / . _`.
    ContentIdCharacters,
    /// `answer` is not `"yes"` or `"no"`.
    UnknownAnswer,
    /// `lang` is not one of [`LANGS`](crate::LANGS).
    UnknownLang,
    /// `mode` is not one of [`MODES`](crate::MODES).
    UnknownMode,
    /// `created_at` is not RFC 3339, or outside the accepted years.
    CreatedAt(TimestampError),
    /// `replaces` names the payload's own id (compared case-insensitively).
    ReplacesItself,
    /// The comment is longer than [`MAX_COMMENT_CHARS`] once trimmed.
    CommentTooLong {
        /// Its length as counted by [`comment_chars`], after trimming.
        chars: usize,
    },
    /// The honeypot value is longer than [`MAX_WEBSITE_CHARS`] (app only: the collector
    /// discards any answer with a filled honeypot).
    WebsiteTooLong,
    /// The JSON body would be larger than [`MAX_BODY_BYTES`], which the collector refuses
    /// with 413 before reading it (app only).
    BodyTooLarge {
        /// The encoded size.
        bytes: usize,
    },
}

impl PayloadProblem {
    /// The JSON name of the offending field, or `None` when the body as a whole is wrong.
    pub fn field(&self) -> Option<&'static str> {
        Some(match self {
            PayloadProblem::NotUuid { field } | PayloadProblem::Length { field, .. } => field,
            PayloadProblem::ContentIdCharacters => "content_id",
            PayloadProblem::UnknownAnswer => "answer",
            PayloadProblem::UnknownLang => "lang",
            PayloadProblem::UnknownMode => "mode",
            PayloadProblem::CreatedAt(_) => "created_at",
            PayloadProblem::ReplacesItself => "replaces",
            PayloadProblem::CommentTooLong { .. } => "comment",
            PayloadProblem::WebsiteTooLong => "website",
            PayloadProblem::BodyTooLarge { .. } => return None,
        })
    }

    /// What is wrong, for a person, without the field name.
    pub fn message(&self) -> String {
        match self {
            PayloadProblem::NotUuid { field: "replaces" } => {
                "must be null or a hyphenated UUID".to_owned()
            }
            PayloadProblem::NotUuid { .. } => {
                "must be a hyphenated UUID (8-4-4-4-12 hex digits)".to_owned()
            }
            PayloadProblem::Length { max, .. } => format!("must be 1 to {max} characters long"),
            PayloadProblem::ContentIdCharacters => {
                "may only contain a-z, 0-9 and the characters - : / . _".to_owned()
            }
            PayloadProblem::UnknownAnswer => "must be \"yes\" or \"no\"".to_owned(),
            PayloadProblem::UnknownLang => "must be \"sv\", \"en\" or \"de\"".to_owned(),
            PayloadProblem::UnknownMode => {
                "must be \"standalone\", \"embedded\" or \"kiosk\"".to_owned()
            }
            PayloadProblem::CreatedAt(e) => e.to_string(),
            PayloadProblem::ReplacesItself => "must differ from id".to_owned(),
            PayloadProblem::CommentTooLong { chars } => {
                format!("must be at most {MAX_COMMENT_CHARS} characters, not {chars}")
            }
            PayloadProblem::WebsiteTooLong => {
                format!("must be at most {MAX_WEBSITE_CHARS} characters")
            }
            PayloadProblem::BodyTooLarge { bytes } => {
                format!("the body is larger than {MAX_BODY_BYTES} bytes ({bytes})")
            }
        }
    }
}

impl fmt::Display for PayloadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.field() {
            Some(field) => write!(f, "{field}: {}", self.message()),
            None => f.write_str(&self.message()),
        }
    }
}

impl std::error::Error for PayloadProblem {}

/// The fields every rule looks at, borrowed from whichever struct holds them.
pub(crate) struct Fields<'a> {
    pub id: &'a str,
    pub content_id: &'a str,
    pub answer: &'a str,
    pub comment: Option<&'a str>,
    pub lang: &'a str,
    pub mode: &'a str,
    pub app_version: &'a str,
    pub created_at: &'a str,
    pub replaces: Option<&'a str>,
}

/// The fields after every rule passed, normalised as the collector stores them.
pub(crate) struct Checked<'a> {
    /// Lowercase.
    pub id: String,
    pub answer: Answer,
    /// Trimmed; `None` when absent or only whitespace.
    pub comment: Option<&'a str>,
    pub lang: Lang,
    pub mode: Mode,
    /// In UTC.
    pub created_at: String,
    /// Lowercase.
    pub replaces: Option<String>,
}

/// Every field rule of the contract, in the order the collector has always reported them.
pub(crate) fn check<'a>(f: &Fields<'a>) -> Result<Checked<'a>, PayloadProblem> {
    let id = parse_uuid(f.id).ok_or(PayloadProblem::NotUuid { field: "id" })?;

    let content_id_len = f.content_id.chars().count();
    if !(1..=MAX_CONTENT_ID_CHARS).contains(&content_id_len) {
        return Err(PayloadProblem::Length {
            field: "content_id",
            max: MAX_CONTENT_ID_CHARS,
        });
    }
    if !f.content_id.chars().all(is_content_id_char) {
        return Err(PayloadProblem::ContentIdCharacters);
    }

    let answer = Answer::from_wire(f.answer).ok_or(PayloadProblem::UnknownAnswer)?;
    let lang = Lang::from_wire(f.lang).ok_or(PayloadProblem::UnknownLang)?;
    let mode = Mode::from_wire(f.mode).ok_or(PayloadProblem::UnknownMode)?;

    let version_len = f.app_version.chars().count();
    if !(1..=MAX_APP_VERSION_CHARS).contains(&version_len) {
        return Err(PayloadProblem::Length {
            field: "app_version",
            max: MAX_APP_VERSION_CHARS,
        });
    }

    let created_at = normalise_created_at(f.created_at).map_err(PayloadProblem::CreatedAt)?;

    let replaces = match f.replaces {
        None => None,
        Some(r) => {
            let r = parse_uuid(r).ok_or(PayloadProblem::NotUuid { field: "replaces" })?;
            // Replacing itself would hide the answer it carries; it can only be a client bug.
            if r == id {
                return Err(PayloadProblem::ReplacesItself);
            }
            Some(r)
        }
    };

    let comment = match f.comment.map(str::trim) {
        None | Some("") => None,
        Some(c) => {
            validate_comment(c)?;
            Some(c)
        }
    };

    Ok(Checked {
        id,
        answer,
        comment,
        lang,
        mode,
        created_at,
        replaces,
    })
}

/// Whether `c` may appear in a `content_id`: `a-z`, `0-9`, `-`, `:`, `/`, `.` and `_`.
/// Enough for the app's view ids (`plan`, `fa-2`, `activity:3.1`), and safe to put in a
/// log line, a CSV cell or a file name.
pub fn is_content_id_char(c: char) -> bool {
    matches!(c, 'a'..='z' | '0'..='9' | '-' | ':' | '/' | '.' | '_')
}

/// Checks the 8-4-4-4-12 hyphenated form (any version, either case) and returns it in
/// lowercase, because UUIDs are case-insensitive and `ABC…` and `abc…` must be the same
/// idempotency key. Braced, URN and unhyphenated forms are refused: the app always sends
/// the form [`uuid_v4_from_bytes`] makes, so anything else is a bug worth hearing about.
pub fn parse_uuid(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    if bytes.len() != 36 {
        return None;
    }
    let ok = bytes.iter().enumerate().all(|(i, b)| match i {
        8 | 13 | 18 | 23 => *b == b'-',
        _ => b.is_ascii_hexdigit(),
    });
    ok.then(|| s.to_ascii_lowercase())
}

/// Formats 16 random bytes (from `crypto.getRandomValues`) as a version 4 UUID,
/// lowercase, e.g. `"9f1c0b7e-3a52-4d1e-8b6a-0c2f4e5d6a7b"`. The version and variant
/// bits are set here, so any 16 bytes will do.
pub fn uuid_v4_from_bytes(bytes: [u8; 16]) -> String {
    let mut b = bytes;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    uuid_from_bytes(b)
}

/// Writes 16 bytes in the hyphenated form (8-4-4-4-12 hex digits, lowercase) exactly as
/// they are: no version or variant bits are set, so the UUID's version is whatever the
/// bytes say. [`uuid_v4_from_bytes`] is the one to use for new ids.
pub fn uuid_from_bytes(bytes: [u8; 16]) -> String {
    let mut out = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push_str(&format!("{byte:02x}"));
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_names_its_field_first() {
        let problems = [
            (
                PayloadProblem::NotUuid { field: "id" },
                "id: must be a hyphenated UUID",
            ),
            (
                PayloadProblem::NotUuid { field: "replaces" },
                "replaces: must be null or a hyphenated UUID",
            ),
            (
                PayloadProblem::Length {
                    field: "app_version",
                    max: 32,
                },
                "app_version: must be 1 to 32 characters long",
            ),
            (PayloadProblem::ContentIdCharacters, "content_id: may only"),
            (PayloadProblem::UnknownAnswer, "answer: must be"),
            (PayloadProblem::UnknownLang, "lang: must be"),
            (PayloadProblem::UnknownMode, "mode: must be"),
            (
                PayloadProblem::CreatedAt(TimestampError::Malformed),
                "created_at: must be an RFC 3339 timestamp",
            ),
            (
                PayloadProblem::CreatedAt(TimestampError::OutOfRange),
                "created_at: must lie between the years 1970 and 2999",
            ),
            (
                PayloadProblem::ReplacesItself,
                "replaces: must differ from id",
            ),
            (
                PayloadProblem::CommentTooLong { chars: 1001 },
                "comment: must be at most 1000 characters, not 1001",
            ),
            (
                PayloadProblem::WebsiteTooLong,
                "website: must be at most 200",
            ),
            (
                PayloadProblem::BodyTooLarge { bytes: 5000 },
                "the body is larger than 4096 bytes (5000)",
            ),
        ];
        for (problem, start) in problems {
            assert!(problem.to_string().starts_with(start), "{problem}");
        }
    }

    /// The forms [`parse_uuid`] refuses are checked in `tests/parse.rs`, together with the
    /// `id` field that uses it.
    #[test]
    fn uuids_any_version_either_case() {
        let id = "2f1c0c8e-3b5a-4c8e-9a47-0d2b1f6e9c11";
        assert_eq!(parse_uuid(&id.to_ascii_uppercase()).as_deref(), Some(id));
        assert!(parse_uuid("01890a5d-ac96-774b-bcce-b302099a8057").is_some());
        assert!(parse_uuid("00000000-0000-0000-0000-000000000000").is_some());
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
        assert_eq!(parse_uuid(&id), Some(id));
    }

    #[test]
    fn uuid_from_bytes_keeps_every_bit() {
        assert_eq!(
            uuid_from_bytes([0; 16]),
            "00000000-0000-0000-0000-000000000000"
        );
        let id = uuid_from_bytes(*b"0123456789abcdef");
        assert_eq!(id, "30313233-3435-3637-3839-616263646566");
        assert_eq!(parse_uuid(&id), Some(id));
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
}
