//! The answer the collector receives, its rules, and the small pure helpers the widget
//! needs to fill it in (comment length, anti-spam rule, client-made UUIDs, timestamps).
//!
//! All of it lives in the `feedback-protocol` crate, which the collector uses too: the
//! queue accepts a payload exactly when the collector would store it, so an answer is
//! never queued only to be refused on arrival. This module re-exports the crate's items
//! for the rest of the app.

pub use feedback_protocol::{
    comment_chars, comment_from_input, looks_automated, rfc3339_utc, uuid_v4_from_bytes,
    validate_comment, Answer, FeedbackPayload, PayloadProblem, TimestampError, LANGS,
    MAX_APP_VERSION_CHARS, MAX_BODY_BYTES, MAX_COMMENT_CHARS, MAX_CONTENT_ID_CHARS,
    MAX_CREATED_AT_MS, MAX_WEBSITE_CHARS, MIN_COMMENT_MS, MODES,
};
