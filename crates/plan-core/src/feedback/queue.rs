//! The offline queue: answers wait here, persisted in localStorage, until the collector
//! confirms them. Pure logic; the browser edges pass in the time and random numbers.

use super::payload::{FeedbackPayload, PayloadProblem};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeSet;
use std::fmt;

/// The most entries the queue holds. When it is full, enqueueing drops the oldest entry
/// (see [`EnqueueOutcome::QueuedEvictedOldest`]), so a kiosk offline for a very long time
/// keeps the latest answers. 1,000 is far more than a day of meetings produces (a busy
/// meeting gives a few hundred answers), so in practice nothing is evicted.
pub const MAX_ENTRIES: usize = 1000;

/// The first retry waits up to this long (before jitter), in milliseconds.
pub const BACKOFF_BASE_MS: u64 = 2_000;

/// Each failed attempt multiplies the wait by this.
pub const BACKOFF_FACTOR: u64 = 2;

/// The wait between attempts never exceeds five minutes.
pub const BACKOFF_CAP_MS: u64 = 300_000;

/// The shortest wait after a failure, whatever the jitter, so that a failing send can
/// never turn into a tight loop.
pub const MIN_RETRY_DELAY_MS: u64 = 500;

/// How long an entry handed out by [`FeedbackQueue::begin_send`] is held back from
/// further sends while its request is open. If neither
/// [`mark_sent`](FeedbackQueue::mark_sent) nor [`mark_failed`](FeedbackQueue::mark_failed)
/// comes within this time, the entry becomes due again (the collector dedupes by id).
pub const SEND_LEASE_MS: u64 = 60_000;

/// The `version` written by [`FeedbackQueue::to_json`]; other versions are not loaded.
pub const STORAGE_VERSION: u64 = 1;

/// The localStorage key under which the edge keeps [`FeedbackQueue::to_json`].
pub const STORAGE_KEY: &str = "plan-explorer.feedback-queue";

/// Stored text longer than this (in UTF-8 bytes) is not parsed at all. It is above what
/// a full queue of entries with every field at its maximum needs (about 8 MB), and above
/// the localStorage quotas of browsers (around 5 MB), so in the browser it never drops
/// a queue the app wrote; it guards against anything else.
pub const MAX_STORED_JSON_BYTES: usize = 16 * 1024 * 1024;

/// One queued answer with its delivery bookkeeping.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueEntry {
    /// The answer, exactly as it will be sent.
    pub payload: FeedbackPayload,
    /// Failed attempts so far (retryable failures only).
    pub attempts: u32,
    /// Not sent again before this time (milliseconds since the Unix epoch).
    pub next_attempt_at_ms: u64,
    /// When the answer was queued.
    pub enqueued_at_ms: u64,
    /// Handed out for sending at least once. The collector may then have it even
    /// without a confirmation, so a changed answer no longer replaces it in place.
    /// Missing in stored data counts as `true` (the safe assumption).
    #[serde(default = "assume_sent")]
    pub sent: bool,
    /// While a request for this entry is open: held back until this time. Not stored,
    /// since a reload ends every open request.
    #[serde(skip)]
    in_flight_until_ms: Option<u64>,
}

fn assume_sent() -> bool {
    true
}

impl QueueEntry {
    fn new(payload: FeedbackPayload, now_ms: u64) -> Self {
        Self {
            payload,
            attempts: 0,
            next_attempt_at_ms: now_ms,
            enqueued_at_ms: now_ms,
            sent: false,
            in_flight_until_ms: None,
        }
    }

    /// Whether a request for this entry is open (handed out by
    /// [`FeedbackQueue::begin_send`], no outcome recorded yet, lease not expired).
    pub fn in_flight(&self, now_ms: u64) -> bool {
        self.lease_until(now_ms).is_some_and(|until| until > now_ms)
    }

    /// The open request's lease, unless it is implausibly far ahead (the clock moved
    /// back), in which case it is treated as expired.
    fn lease_until(&self, now_ms: u64) -> Option<u64> {
        self.in_flight_until_ms
            .filter(|&until| until <= now_ms.saturating_add(SEND_LEASE_MS))
    }

    /// When this entry may be sent, seen from `now_ms`. A schedule further ahead than
    /// the longest backoff can only come from a clock that moved back (or from edited
    /// storage); such an entry is due now rather than stuck for days.
    fn due_at(&self, now_ms: u64) -> u64 {
        let scheduled = if self.next_attempt_at_ms > now_ms.saturating_add(BACKOFF_CAP_MS) {
            now_ms
        } else {
            self.next_attempt_at_ms
        };
        match self.lease_until(now_ms) {
            Some(until) => scheduled.max(until),
            None => scheduled,
        }
    }
}

/// What [`FeedbackQueue::enqueue`] did with a payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnqueueOutcome {
    /// Appended at the end.
    Queued,
    /// Appended at the end; the queue was full, so its oldest entry was dropped. The
    /// edge should log `evicted_id`.
    QueuedEvictedOldest {
        /// The dropped entry's payload id.
        evicted_id: String,
    },
    /// The payload changes an answer still waiting unsent (its `replaces` named that
    /// entry, same `content_id`): it took that entry's place in the queue, and its own
    /// `replaces` became the old entry's `replaces` (normally `None`), because the
    /// collector never saw the old answer.
    Replaced {
        /// The id of the answer that will now never be sent.
        replaced_id: String,
    },
    /// An entry with this id is already queued; nothing changed.
    Duplicate,
    /// The payload fails [`FeedbackPayload::validate`] and was not queued.
    Invalid(PayloadProblem),
}

/// How the collector (or the network) answered one send, see [`classify_status`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SendOutcome {
    /// 2xx, including 200 "duplicate": call [`FeedbackQueue::mark_sent`].
    Confirmed,
    /// Network error, 408, 429, 5xx (or an unexpected status): call
    /// [`FeedbackQueue::mark_failed`] with [`FailureKind::Retryable`].
    Retryable,
    /// Any other 4xx: the collector will never accept it; call
    /// [`FeedbackQueue::mark_failed`] with [`FailureKind::Rejected`].
    Rejected,
}

/// Classifies an HTTP status from `POST /api/feedback`.
///
/// 2xx → [`SendOutcome::Confirmed`]; 408, 429 and 5xx → [`SendOutcome::Retryable`];
/// other 4xx → [`SendOutcome::Rejected`]. Anything else (1xx, 3xx, 0 for an opaque
/// response, ≥ 600) is [`SendOutcome::Retryable`]: when in doubt, keep the answer.
pub fn classify_status(status: u16) -> SendOutcome {
    match status {
        200..=299 => SendOutcome::Confirmed,
        408 | 429 => SendOutcome::Retryable,
        400..=499 => SendOutcome::Rejected,
        _ => SendOutcome::Retryable,
    }
}

/// The outcome of a send that got no HTTP response at all (offline, DNS, CORS, aborted
/// by a timeout): always [`SendOutcome::Retryable`].
pub fn classify_network_error() -> SendOutcome {
    SendOutcome::Retryable
}

/// Why a send failed, for [`FeedbackQueue::mark_failed`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureKind {
    /// Try again later, with backoff.
    Retryable,
    /// Never try again: remove the entry.
    Rejected,
}

/// What [`FeedbackQueue::mark_failed`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FailedOutcome {
    /// Kept for a later attempt.
    Rescheduled {
        /// Failed attempts so far, including this one.
        attempts: u32,
        /// When the entry is due again.
        next_attempt_at_ms: u64,
    },
    /// Removed for good; here is the payload, for the edge to log.
    Removed(Box<FeedbackPayload>),
    /// No entry has this id (already confirmed, replaced or evicted); nothing changed.
    NotQueued,
}

/// The upper bound of the wait after `attempts` failed attempts: 2 s, 4 s, 8 s, …
/// ([`BACKOFF_BASE_MS`] × [`BACKOFF_FACTOR`]^(attempts − 1)), at most [`BACKOFF_CAP_MS`].
/// `attempts` 0 is treated as 1.
pub fn backoff_ceiling_ms(attempts: u32) -> u64 {
    let exponent = attempts.saturating_sub(1);
    BACKOFF_FACTOR
        .checked_pow(exponent)
        .and_then(|factor| BACKOFF_BASE_MS.checked_mul(factor))
        .map_or(BACKOFF_CAP_MS, |delay| delay.min(BACKOFF_CAP_MS))
}

/// The wait after `attempts` failed attempts, with full jitter: spread evenly (up to
/// a negligible modulo bias) over [`MIN_RETRY_DELAY_MS`]`..=`[`backoff_ceiling_ms`],
/// chosen by `random` (any `u64`, e.g. from `Math.random()` or a counter in tests).
/// Jitter keeps many kiosks coming back online from all retrying at the same moment.
pub fn backoff_delay_ms(attempts: u32, random: u64) -> u64 {
    let ceiling = backoff_ceiling_ms(attempts);
    let span = ceiling - MIN_RETRY_DELAY_MS + 1;
    MIN_RETRY_DELAY_MS + random % span
}

/// Why stored text could not be used at all (the queue starts empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadProblem {
    /// Longer than [`MAX_STORED_JSON_BYTES`]; not parsed.
    TooLarge {
        /// Its length in bytes.
        bytes: usize,
    },
    /// Not JSON (truncated write, edited by hand, another app's value).
    NotJson {
        /// The parser's message (position only, no content).
        message: String,
    },
    /// JSON, but not an object with an `entries` array.
    NotAQueue,
    /// `version` is missing or not [`STORAGE_VERSION`]. If a newer app wrote it, the
    /// edge may prefer to keep that value (e.g. under another key) rather than
    /// overwrite it.
    UnsupportedVersion {
        /// The version found, if it was a non-negative integer.
        found: Option<u64>,
    },
}

impl fmt::Display for LoadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { bytes } => write!(
                f,
                "stored feedback queue is {bytes} bytes, more than {MAX_STORED_JSON_BYTES}"
            ),
            Self::NotJson { message } => write!(f, "stored feedback queue is not JSON: {message}"),
            Self::NotAQueue => write!(f, "stored feedback queue has no entries array"),
            Self::UnsupportedVersion { found: Some(v) } => {
                write!(
                    f,
                    "stored feedback queue has version {v}, expected {STORAGE_VERSION}"
                )
            }
            Self::UnsupportedVersion { found: None } => {
                write!(f, "stored feedback queue has no usable version")
            }
        }
    }
}

/// What [`FeedbackQueue::from_json`] found, for the edge to log when not clean.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// Entries loaded.
    pub kept: usize,
    /// Entries present but left out: malformed, missing fields, failing
    /// [`FeedbackPayload::validate`] (e.g. huge strings), a repeated id, or the oldest
    /// ones beyond [`MAX_ENTRIES`].
    pub dropped: usize,
    /// Set when the text as a whole was unusable; the queue is then empty.
    pub problem: Option<LoadProblem>,
}

impl LoadReport {
    /// Nothing was dropped and the text was a valid queue.
    pub fn is_clean(&self) -> bool {
        self.dropped == 0 && self.problem.is_none()
    }
}

/// The queue of answers waiting for the collector's confirmation, oldest first.
///
/// See the [module documentation](super) for how the edges drive it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeedbackQueue {
    entries: Vec<QueueEntry>,
}

/// The stored form: `{"version":1,"entries":[...]}`.
#[derive(Serialize)]
struct Stored<'a> {
    version: u64,
    entries: &'a [QueueEntry],
}

impl FeedbackQueue {
    /// An empty queue (also what the edge uses when storage has no value yet).
    pub fn new() -> Self {
        Self::default()
    }

    /// How many answers are waiting.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is waiting.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The waiting entries, oldest first.
    pub fn entries(&self) -> &[QueueEntry] {
        &self.entries
    }

    /// Whether an answer with this payload id is waiting.
    pub fn contains(&self, id: &str) -> bool {
        self.position(id).is_some()
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.entries.iter().position(|e| e.payload.id == id)
    }

    /// Adds an answer, due at once (`now_ms`).
    ///
    /// In order: an invalid payload is refused ([`EnqueueOutcome::Invalid`]); an id
    /// already queued is a [`EnqueueOutcome::Duplicate`]; a payload whose `replaces`
    /// names a queued entry for the same `content_id` that was never handed out for
    /// sending takes that entry's place ([`EnqueueOutcome::Replaced`]); otherwise it is
    /// appended, dropping the oldest entry first if the queue holds [`MAX_ENTRIES`].
    ///
    /// An id that was sent and confirmed earlier is no longer known here; the
    /// collector dedupes it.
    pub fn enqueue(&mut self, payload: FeedbackPayload, now_ms: u64) -> EnqueueOutcome {
        if let Err(problem) = payload.validate() {
            return EnqueueOutcome::Invalid(problem);
        }
        if self.contains(&payload.id) {
            return EnqueueOutcome::Duplicate;
        }
        if let Some(replaces) = payload.replaces.as_deref() {
            let unsent_earlier = self.entries.iter_mut().find(|e| {
                !e.sent && e.payload.id == replaces && e.payload.content_id == payload.content_id
            });
            if let Some(entry) = unsent_earlier {
                // The collector never saw the old answer, so the new one replaces
                // whatever the old one replaced (normally nothing).
                let replacement = FeedbackPayload {
                    replaces: entry.payload.replaces.take(),
                    ..payload
                };
                let old = std::mem::replace(&mut entry.payload, replacement);
                return EnqueueOutcome::Replaced {
                    replaced_id: old.id,
                };
            }
        }
        let evicted = if self.entries.len() >= MAX_ENTRIES {
            Some(self.entries.remove(0).payload.id)
        } else {
            None
        };
        self.entries.push(QueueEntry::new(payload, now_ms));
        match evicted {
            Some(evicted_id) => EnqueueOutcome::QueuedEvictedOldest { evicted_id },
            None => EnqueueOutcome::Queued,
        }
    }

    /// The answers that may be sent at `now_ms`, oldest first, at most `batch`: those
    /// whose `next_attempt_at_ms <= now_ms` and that have no open request. Changes
    /// nothing; the edge normally uses [`begin_send`](Self::begin_send) instead.
    pub fn due(&self, now_ms: u64, batch: usize) -> Vec<FeedbackPayload> {
        self.entries
            .iter()
            .filter(|e| e.due_at(now_ms) <= now_ms)
            .take(batch)
            .map(|e| e.payload.clone())
            .collect()
    }

    /// Like [`due`](Self::due), and marks the returned answers as handed out: they are
    /// not returned again for [`SEND_LEASE_MS`] (so overlapping timers do not send
    /// twice), and a changed answer will no longer replace them in place. The edge
    /// sends each and then calls [`mark_sent`](Self::mark_sent) or
    /// [`mark_failed`](Self::mark_failed) with its id.
    pub fn begin_send(&mut self, now_ms: u64, batch: usize) -> Vec<FeedbackPayload> {
        let mut out = Vec::new();
        for entry in &mut self.entries {
            if out.len() >= batch {
                break;
            }
            if entry.due_at(now_ms) <= now_ms {
                entry.sent = true;
                entry.in_flight_until_ms = Some(now_ms.saturating_add(SEND_LEASE_MS));
                out.push(entry.payload.clone());
            }
        }
        out
    }

    /// Copies the open requests (see [`begin_send`](Self::begin_send)) of `earlier`
    /// onto the same ids here. Open requests are not stored, so the edge calls this
    /// after reading the stored queue back, with the queue it last had in memory: an
    /// answer this page is still sending is then not handed out a second time.
    pub fn keep_open_requests(&mut self, earlier: &FeedbackQueue) {
        for entry in &mut self.entries {
            let open = earlier
                .entries
                .iter()
                .find(|e| e.payload.id == entry.payload.id)
                .and_then(|e| e.in_flight_until_ms);
            if open.is_some() {
                entry.in_flight_until_ms = open;
                entry.sent = true;
            }
        }
    }

    /// The collector confirmed this id (any 2xx, including "duplicate"): remove it.
    /// Returns whether it was queued. This is the only way an answer leaves the queue
    /// apart from [`FailureKind::Rejected`], replacement and eviction.
    pub fn mark_sent(&mut self, id: &str) -> bool {
        match self.position(id) {
            Some(index) => {
                self.entries.remove(index);
                true
            }
            None => false,
        }
    }

    /// A send of this id failed at `now_ms`.
    ///
    /// [`FailureKind::Retryable`]: `attempts` grows by one and the entry is due again
    /// after [`backoff_delay_ms`]`(attempts, random)` (2 s, 4 s, 8 s … at most 5 min,
    /// with full jitter from `random`). [`FailureKind::Rejected`]: the entry is removed
    /// and returned for logging.
    pub fn mark_failed(
        &mut self,
        id: &str,
        now_ms: u64,
        kind: FailureKind,
        random: u64,
    ) -> FailedOutcome {
        let Some(index) = self.position(id) else {
            return FailedOutcome::NotQueued;
        };
        match kind {
            FailureKind::Rejected => {
                FailedOutcome::Removed(Box::new(self.entries.remove(index).payload))
            }
            FailureKind::Retryable => {
                let entry = &mut self.entries[index];
                entry.attempts = entry.attempts.saturating_add(1);
                entry.sent = true;
                entry.in_flight_until_ms = None;
                entry.next_attempt_at_ms =
                    now_ms.saturating_add(backoff_delay_ms(entry.attempts, random));
                FailedOutcome::Rescheduled {
                    attempts: entry.attempts,
                    next_attempt_at_ms: entry.next_attempt_at_ms,
                }
            }
        }
    }

    /// Makes every entry due at `now_ms`, for the browser's `online` event. Entries
    /// with an open request stay held until it ends. The attempt counts are kept, so
    /// a failure right after still backs off. Returns how many entries are now due.
    pub fn retry_all_now(&mut self, now_ms: u64) -> usize {
        for entry in &mut self.entries {
            entry.next_attempt_at_ms = now_ms;
        }
        self.entries
            .iter()
            .filter(|e| e.due_at(now_ms) <= now_ms)
            .count()
    }

    /// The earliest time any entry becomes due (open requests count until their lease
    /// ends), or `None` when the queue is empty: the edge sets one timer for it. Prefer
    /// [`timer_delay_ms`](Self::timer_delay_ms), which also copes with a clock that
    /// moved back.
    pub fn next_wakeup_ms(&self) -> Option<u64> {
        self.entries
            .iter()
            .map(|e| e.next_attempt_at_ms.max(e.in_flight_until_ms.unwrap_or(0)))
            .min()
    }

    /// How long the edge's timer should wait from `now_ms` before calling
    /// [`begin_send`](Self::begin_send): 0 when something is due, `None` when the
    /// queue is empty, never more than [`BACKOFF_CAP_MS`] (or [`SEND_LEASE_MS`] while
    /// a request is open).
    pub fn timer_delay_ms(&self, now_ms: u64) -> Option<u64> {
        self.entries
            .iter()
            .map(|e| e.due_at(now_ms).saturating_sub(now_ms))
            .min()
    }

    /// The stored form, `{"version":1,"entries":[...]}`, oldest first. Open requests
    /// are not stored: after a reload those answers are simply sent again.
    ///
    /// A typical entry takes about 350 bytes, so even a full queue is well below the
    /// localStorage quota; only entries with every field at its maximum could exceed it.
    /// If `setItem` fails, [`QueueStore`](super::QueueStore) keeps the queue in memory
    /// for the rest of the visit.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&Stored {
            version: STORAGE_VERSION,
            entries: &self.entries,
        })
        .expect("queue entries contain only strings, numbers and booleans")
    }

    /// Reads the stored form. Never fails and never panics: it keeps every valid entry
    /// and reports the rest.
    ///
    /// - Text that is too large, not JSON, not a queue object or of another version
    ///   gives an empty queue with [`LoadReport::problem`] set.
    /// - Otherwise each entry is checked on its own; malformed ones, ones whose payload
    ///   fails [`FeedbackPayload::validate`] (huge strings, unknown languages …) and
    ///   repeated ids are dropped and counted in [`LoadReport::dropped`]; if more than
    ///   [`MAX_ENTRIES`] remain, the oldest are dropped, as with eviction.
    ///
    /// When storage has no value yet, use [`FeedbackQueue::new`] instead (the empty
    /// string is reported as not JSON).
    pub fn from_json(json: &str) -> (Self, LoadReport) {
        let mut report = LoadReport::default();
        match Self::parse_entries(json, &mut report) {
            Ok(entries) => {
                report.kept = entries.len();
                (Self { entries }, report)
            }
            Err(problem) => {
                report.problem = Some(problem);
                (Self::new(), report)
            }
        }
    }

    fn parse_entries(json: &str, report: &mut LoadReport) -> Result<Vec<QueueEntry>, LoadProblem> {
        if json.len() > MAX_STORED_JSON_BYTES {
            return Err(LoadProblem::TooLarge { bytes: json.len() });
        }
        let document: Value = serde_json::from_str(json).map_err(|e| LoadProblem::NotJson {
            message: e.to_string(),
        })?;
        let Value::Object(mut document) = document else {
            return Err(LoadProblem::NotAQueue);
        };
        let version = document.get("version").and_then(Value::as_u64);
        if version != Some(STORAGE_VERSION) {
            return Err(LoadProblem::UnsupportedVersion { found: version });
        }
        let Some(Value::Array(items)) = document.remove("entries") else {
            return Err(LoadProblem::NotAQueue);
        };

        let mut ids = BTreeSet::new();
        let mut entries = Vec::new();
        for item in items {
            match serde_json::from_value::<QueueEntry>(item) {
                Ok(mut entry)
                    if entry.payload.validate().is_ok() && ids.insert(entry.payload.id.clone()) =>
                {
                    // A failed attempt means it was handed out, whatever the flag says.
                    entry.sent |= entry.attempts > 0;
                    entries.push(entry);
                }
                _ => report.dropped += 1,
            }
        }
        if entries.len() > MAX_ENTRIES {
            let excess = entries.len() - MAX_ENTRIES;
            entries.drain(..excess);
            report.dropped += excess;
        }
        Ok(entries)
    }
}
