//! The answer the browser app sends to `POST /api/feedback`, and its validation.
//!
//! The types and rules live in the `feedback-protocol` crate, which the app uses too, so
//! the two sides cannot drift apart: whatever the app queues, [`parse`] accepts. This
//! module only re-exports them under their old path.

pub use feedback_protocol::{
    normalise_created_at, parse, parse_uuid, Answer, Feedback, Lang, Mode, Parsed, PayloadError,
    MAX_APP_VERSION_CHARS, MAX_BODY_BYTES, MAX_COMMENT_CHARS, MAX_CONTENT_ID_CHARS,
    MAX_CREATED_AT_YEAR, MIN_COMMENT_MS, MIN_CREATED_AT_YEAR,
};
