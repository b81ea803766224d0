//! The collector's side: a request body in, a validated [`Feedback`] (or an error naming
//! the offending field) out. The HTTP layer only maps the result to a status code, so
//! every rule can be tested without a server or a database.

use crate::kinds::{Answer, Lang, Mode};
use crate::rules::{check, Checked, Fields, PayloadProblem};
use serde::Deserialize;
use std::fmt;

/// The body exactly as the client sent it, before any rule but the JSON shape is checked.
///
/// `deny_unknown_fields` makes a typo in the app (or a probe) a 400 instead of silently
/// dropped data. `answer`, `lang` and `mode` are strings here, so that a wrong value gets
/// the contract's message rather than serde's.
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
    /// The client's timestamp, converted to UTC and written as RFC 3339 (see
    /// [`normalise_created_at`](crate::normalise_created_at)).
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

/// Why a body was refused; always a 400. The message names the field when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayloadError {
    /// The offending field, or `None` when the body as a whole is wrong.
    pub field: Option<String>,
    /// What is wrong, for a person.
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

impl From<PayloadProblem> for PayloadError {
    fn from(problem: PayloadProblem) -> Self {
        PayloadError {
            field: problem.field().map(str::to_owned),
            message: problem.message(),
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

/// Parses and validates a request body. Total: any bytes give `Ok` or `Err`, never a
/// panic.
///
/// Order matters: malformed JSON is refused first; then the honeypot is checked, *before*
/// any other rule, so a bot that also gets other fields wrong still sees the same "stored"
/// answer as everyone else and learns nothing; only then are the fields checked, by the
/// same rules as [`FeedbackPayload::validate`](crate::FeedbackPayload::validate).
///
/// A comment that came sooner than `min_comment_ms` after its field opened is dropped
/// (anti-spam), but the yes/no still counts: see [`Feedback::comment_dropped`].
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
    let Checked {
        id,
        answer,
        comment,
        lang,
        mode,
        created_at,
        replaces,
    } = check(&Fields {
        id: &raw.id,
        content_id: &raw.content_id,
        answer: &raw.answer,
        comment: raw.comment.as_deref(),
        lang: &raw.lang,
        mode: &raw.mode,
        app_version: &raw.app_version,
        created_at: &raw.created_at,
        replaces: raw.replaces.as_deref(),
    })?;

    // Anti-spam: a comment typed faster than a person can type is dropped, but the yes/no
    // still counts. A missing elapsed_ms is not treated as fast, because the field is
    // optional in the contract (a client that cannot measure must not lose its comments).
    let too_fast = matches!(raw.elapsed_ms, Some(ms) if ms < min_comment_ms);
    let (comment, comment_dropped) = match comment {
        Some(_) if too_fast => (None, true),
        c => (c.map(str::to_owned), false),
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
