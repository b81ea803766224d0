//! The offline feedback queue: "Hjälpte informationen dig?" answers wait here until the
//! collector (`POST /api/feedback`) confirms them, so nothing is lost offline or across
//! reloads.
//!
//! Everything here is plain Rust with no DOM, clock or randomness of its own: the thin
//! browser edges pass in `now_ms` (milliseconds since the Unix epoch, `Date.now()`) and
//! random `u64`s, and do the localStorage reads and writes, the `fetch`, the one timer
//! and the `online` event.
//!
//! - [`FeedbackPayload`] is the JSON the collector receives, and its rules, from the
//!   `feedback-protocol` crate the collector uses too; [`rfc3339_utc`],
//!   [`comment_from_input`], [`uuid_v4_from_bytes`] and [`VisitAnswers`] help the widget
//!   fill it in.
//! - [`FeedbackQueue`] keeps the payloads in order with retry bookkeeping, and stores
//!   itself as `{"version":1,"entries":[...]}` under [`STORAGE_KEY`].
//! - [`QueueStore`] holds the queue for one visit: on localStorage while it works,
//!   in memory for the rest of the visit once it fails, so answers are still sent.
//!
//! # How the edges drive it
//!
//! ```
//! use plan_core::feedback::*;
//!
//! // Page load: read storage (a missing value means `FeedbackQueue::new()`).
//! let stored: Option<String> = None; // localStorage.getItem(STORAGE_KEY)
//! let mut queue = match stored {
//!     Some(text) => {
//!         let (queue, report) = FeedbackQueue::from_json(&text);
//!         if !report.is_clean() { /* console.warn the report */ }
//!         queue
//!     }
//!     None => FeedbackQueue::new(),
//! };
//! let mut visit = VisitAnswers::new(); // in memory: one visit per page load
//!
//! // The visitor presses "Nej" on the plan view and writes a comment.
//! let now_ms = 1_795_706_400_000; // Date.now()
//! let id = uuid_v4_from_bytes([7; 16]); // crypto.getRandomValues
//! let replaces = visit.answer("plan", Answer::No, &id);
//! let payload = FeedbackPayload {
//!     id: id.clone(),
//!     content_id: "plan".into(),
//!     answer: Answer::No,
//!     comment: comment_from_input("  Svårt att hitta kontakten. ").unwrap(),
//!     lang: "sv".into(),
//!     mode: "kiosk".into(),
//!     app_version: "0.1.0".into(),
//!     created_at: rfc3339_utc(now_ms),
//!     replaces,
//!     elapsed_ms: Some(6_200), // since the comment field opened; see MIN_COMMENT_MS
//!     website: String::new(),  // the honeypot
//! };
//! assert_eq!(queue.enqueue(payload, now_ms), EnqueueOutcome::Queued);
//! let _write = queue.to_json(); // localStorage.setItem(STORAGE_KEY, …) after every change
//!
//! // Timer (or `online` event, after `queue.retry_all_now(now)`): send what is due.
//! for payload in queue.begin_send(now_ms, 10) {
//!     let status: Option<u16> = Some(201); // fetch: Some(status), or None on network error
//!     let outcome = status.map_or_else(classify_network_error, classify_status);
//!     let random = 42; // (Math.random() * 2^53) as u64
//!     match outcome {
//!         SendOutcome::Confirmed => {
//!             queue.mark_sent(&payload.id);
//!         }
//!         SendOutcome::Retryable => {
//!             queue.mark_failed(&payload.id, now_ms, FailureKind::Retryable, random);
//!         }
//!         SendOutcome::Rejected => {
//!             // Returns FailedOutcome::Removed(payload): console.warn it.
//!             queue.mark_failed(&payload.id, now_ms, FailureKind::Rejected, random);
//!         }
//!     }
//! }
//! assert!(queue.is_empty());
//! // Save again, then set one timer: `None` means nothing is waiting.
//! assert_eq!(queue.timer_delay_ms(now_ms), None);
//! ```

mod payload;
mod queue;
mod store;
mod visit;

pub use payload::{
    comment_chars, comment_from_input, looks_automated, rfc3339_utc, uuid_v4_from_bytes,
    validate_comment, Answer, FeedbackPayload, PayloadProblem, TimestampError, LANGS,
    MAX_APP_VERSION_CHARS, MAX_BODY_BYTES, MAX_COMMENT_CHARS, MAX_CONTENT_ID_CHARS,
    MAX_CREATED_AT_MS, MAX_WEBSITE_CHARS, MIN_COMMENT_MS, MODES,
};
pub use queue::{
    backoff_ceiling_ms, backoff_delay_ms, classify_network_error, classify_status, EnqueueOutcome,
    FailedOutcome, FailureKind, FeedbackQueue, LoadProblem, LoadReport, QueueEntry, SendOutcome,
    BACKOFF_BASE_MS, BACKOFF_CAP_MS, BACKOFF_FACTOR, MAX_ENTRIES, MAX_STORED_JSON_BYTES,
    MIN_RETRY_DELAY_MS, SEND_LEASE_MS, STORAGE_KEY, STORAGE_VERSION,
};
pub use store::{QueueStorage, QueueStore, StorageError, StorageFailure, StoreNotice};
pub use visit::VisitAnswers;
