//! The feedback contract of plan-explorer: the answer to "Hjälpte informationen dig?" that
//! the browser app sends to `POST /api/feedback`, and the one set of rules both sides apply
//! to it.
//!
//! The app builds a [`FeedbackPayload`] and queues it only if
//! [`FeedbackPayload::validate`] accepts it; the collector reads request bodies with
//! [`parse`]. Both run the very same field checks, in the same order, so an answer the app
//! queues is never one the collector refuses (the property tests in `tests/` check this
//! over many thousands of generated payloads). Before this crate, the two sides kept their
//! own copies of the rules, and they drifted apart.
//!
//! The crate is pure and depends on serde only: no date library (timestamps are read with
//! a few lines of calendar arithmetic, see [`normalise_created_at`]), no web framework, no
//! browser bindings. It builds for wasm32 and natively alike.
//!
//! ```
//! use feedback_protocol::*;
//!
//! let payload = FeedbackPayload {
//!     id: uuid_v4_from_bytes([7; 16]), // crypto.getRandomValues
//!     content_id: "plan".into(),
//!     answer: Answer::No,
//!     comment: comment_from_input("  Svårt att hitta kontakten. ").unwrap(),
//!     lang: "sv".into(),
//!     mode: "kiosk".into(),
//!     app_version: "0.1.0".into(),
//!     created_at: rfc3339_utc(1_795_706_400_000), // Date.now()
//!     replaces: None,
//!     elapsed_ms: Some(6_200),
//!     website: String::new(), // the honeypot
//! };
//! assert_eq!(payload.validate(), Ok(()));
//!
//! // What the collector makes of it.
//! let body = serde_json::to_vec(&payload).unwrap();
//! let Ok(Parsed::Feedback(feedback)) = parse(&body, MIN_COMMENT_MS) else {
//!     panic!("the collector refused what the app accepted");
//! };
//! assert_eq!(feedback.comment.as_deref(), Some("Svårt att hitta kontakten."));
//! assert_eq!(feedback.created_at, "2026-11-26T15:20:00Z");
//!
//! // The same rules, the same verdict.
//! let shouting = FeedbackPayload { content_id: "Plan".into(), ..payload };
//! assert_eq!(shouting.validate(), Err(PayloadProblem::ContentIdCharacters));
//! let body = serde_json::to_vec(&shouting).unwrap();
//! assert!(parse(&body, MIN_COMMENT_MS).unwrap_err().to_string().starts_with("content_id:"));
//! ```

mod kinds;
mod parse;
mod rules;
mod staff_query;
mod timestamp;
mod wire;

pub use kinds::{Answer, Lang, Mode};
pub use parse::{parse, Feedback, Parsed, PayloadError};
pub use rules::{
    comment_chars, comment_from_input, is_content_id_char, parse_uuid, uuid_from_bytes,
    uuid_v4_from_bytes, validate_comment, PayloadProblem,
};
pub use staff_query::{
    decode_query, single, weekly_counts, Day, IsoWeek, QueryError, StaffFilter, WeekCount,
    MAX_QUERY_BYTES, MAX_WEEKS,
};
pub use timestamp::{
    normalise_created_at, rfc3339_utc, TimestampError, MAX_CREATED_AT_CHARS, MAX_CREATED_AT_MS,
    MAX_CREATED_AT_YEAR, MIN_CREATED_AT_YEAR,
};
pub use wire::{looks_automated, FeedbackPayload};

/// The fields a payload must carry. The collector refuses a body without one of them
/// (400, naming it), and the app's stored queue drops an entry whose payload lacks one;
/// the others (`comment`, `replaces`, `elapsed_ms` and the honeypot `website`) may be left
/// out.
pub const REQUIRED_FIELDS: [&str; 7] = [
    "id",
    "content_id",
    "answer",
    "lang",
    "mode",
    "app_version",
    "created_at",
];

/// The longest comment accepted, in Unicode scalar values (Rust `char`s, see
/// [`comment_chars`]), after trimming surrounding whitespace.
pub const MAX_COMMENT_CHARS: usize = 1000;

/// The longest `content_id` accepted, in characters (which are ASCII, see
/// [`is_content_id_char`]).
pub const MAX_CONTENT_ID_CHARS: usize = 100;

/// The longest `app_version` accepted, in characters.
pub const MAX_APP_VERSION_CHARS: usize = 32;

/// The longest honeypot (`website`) value the app queues, in characters. People never see
/// the field, so anything in it comes from a bot, and the collector discards such answers
/// whatever they hold; the bound only keeps the app's stored queue small.
pub const MAX_WEBSITE_CHARS: usize = 200;

/// The largest request body the collector reads, in bytes; a larger one is refused with
/// 413 before it is parsed. [`FeedbackPayload::validate`] checks the encoded size too:
/// 1000 emoji are 1000 characters but 4000 bytes.
pub const MAX_BODY_BYTES: usize = 4096;

/// The shortest plausible time, in milliseconds, between opening the comment field and
/// sending a comment, and the collector's default for `min_comment_ms`. A human needs
/// longer than this to type anything; a bot filling the form programmatically usually does
/// not. The collector drops a comment that came faster (the yes/no still counts).
///
/// The widget measures [`FeedbackPayload::elapsed_ms`] from the moment the comment field
/// opens (the visitor pressed "Nej") until the answer is sent. The client never drops
/// answers on this ground; see [`looks_automated`].
pub const MIN_COMMENT_MS: u64 = 2000;

/// The languages a payload may name in `lang`, as [`Lang::as_str`] spells them.
pub const LANGS: [&str; 3] = ["sv", "en", "de"];

/// The display modes a payload may name in `mode`, as [`Mode::as_str`] spells them.
pub const MODES: [&str; 3] = ["standalone", "embedded", "kiosk"];
