//! Where the queue lives during a visit: in localStorage while it works, in memory
//! once it does not. Pure logic; the browser edge supplies a [`QueueStorage`].
//!
//! ```
//! use plan_core::feedback::*;
//! use std::cell::RefCell;
//!
//! /// A storage that is full: reading works, every write fails.
//! struct Full(RefCell<Option<String>>);
//! impl QueueStorage for Full {
//!     fn load(&self) -> Result<Option<String>, StorageError> {
//!         Ok(self.0.borrow().clone())
//!     }
//!     fn save(&self, _: &str) -> Result<(), StorageError> {
//!         Err(StorageError::new("QuotaExceededError"))
//!     }
//! }
//!
//! let mut store = QueueStore::new(Full(RefCell::new(None)));
//! let payload: FeedbackPayload = serde_json::from_value(serde_json::json!({
//!     "id": "0b7e6f4e-6a0c-4d3e-9a51-2f1c3b4d5e6f", "content_id": "plan", "answer": "yes",
//!     "lang": "sv", "mode": "standalone", "app_version": "0.1.0",
//!     "created_at": "2026-11-26T15:20:00Z", "website": ""
//! })).unwrap();
//! store.with_queue(|queue| queue.enqueue(payload, 0));
//! // The write failed, so the queue moved to memory, and says so once.
//! assert!(!store.uses_storage());
//! assert!(matches!(store.take_notices()[..], [StoreNotice::FellBackToMemory { .. }]));
//! // The next call sees the same queue: the answer is handed out for sending.
//! assert_eq!(store.with_queue(|queue| queue.begin_send(0, 10)).len(), 1);
//! assert!(store.take_notices().is_empty());
//! ```
//!
//! While storage works, every call is read-modify-write on it, so several tabs (or a
//! reload in the middle of sending) never overwrite each other's answers. The first
//! time storage fails (no storage at all, a read that throws, or a write that throws,
//! e.g. because the quota is full), the store keeps the queue as it stood after that
//! call in memory and uses only that copy for the rest of the visit: it never reads the
//! stored copy again, which is stale from then on. Answers are still sent, once each;
//! they are just not kept across a reload.

use super::queue::{FeedbackQueue, LoadReport};
use std::fmt;

/// Why a storage call failed, in the browser's words (e.g. `QuotaExceededError`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorageError(String);

impl StorageError {
    /// A failure described by `message`.
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }

    /// The description.
    pub fn message(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The persistent place for the queue's stored form (localStorage in the browser).
pub trait QueueStorage {
    /// The stored text, or `None` if nothing is stored yet.
    fn load(&self) -> Result<Option<String>, StorageError>;
    /// Replaces the stored text.
    fn save(&self, text: &str) -> Result<(), StorageError>;
}

/// Which storage call failed, for [`StoreNotice::FellBackToMemory`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageFailure {
    /// There is no storage at all (the browser refused access or has none).
    Unavailable(StorageError),
    /// Reading the stored queue threw.
    Read(StorageError),
    /// Writing the queue threw (quota full, storage disabled meanwhile).
    Write(StorageError),
}

impl fmt::Display for StorageFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unavailable(e) => write!(f, "localStorage is not available ({e})"),
            Self::Read(e) => write!(
                f,
                "the feedback queue could not be read from localStorage ({e})"
            ),
            Self::Write(e) => write!(
                f,
                "the feedback queue could not be saved in localStorage ({e})"
            ),
        }
    }
}

/// Something the edge should log (as a warning: the app keeps working).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreNotice {
    /// The stored queue was damaged; what was usable was kept.
    Damaged(LoadReport),
    /// Storage failed; the queue lives in memory for the rest of the visit. Given once.
    FellBackToMemory {
        /// What failed.
        failure: StorageFailure,
        /// Answers waiting at that moment (they are still sent).
        waiting: usize,
    },
}

impl fmt::Display for StoreNotice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Damaged(report) => write!(
                f,
                "the feedback queue in localStorage was damaged: kept {}, dropped {}{}",
                report.kept,
                report.dropped,
                report
                    .problem
                    .as_ref()
                    .map(|p| format!(" ({p})"))
                    .unwrap_or_default()
            ),
            Self::FellBackToMemory { failure, waiting } => write!(
                f,
                "{failure}; for the rest of this visit the feedback queue ({waiting} waiting) \
                 is kept in memory and still sent, but not kept across a reload"
            ),
        }
    }
}

/// Where the queue lives now.
enum Backing<S> {
    /// Read and written on every call.
    Storage(S),
    /// Only [`QueueStore::memory`], for the rest of the visit.
    Memory,
}

/// The queue for one visit (one page load), on storage or in memory.
pub struct QueueStore<S> {
    backing: Backing<S>,
    /// The queue as it stood after the last call. In memory mode this is the queue;
    /// with storage it carries this tab's open requests (which are never stored) into
    /// the next read, and is what the visit continues with if storage fails.
    memory: FeedbackQueue,
    notices: Vec<StoreNotice>,
}

impl<S: QueueStorage> QueueStore<S> {
    /// A store on `storage`, used until it first fails.
    pub fn new(storage: S) -> Self {
        Self {
            backing: Backing::Storage(storage),
            memory: FeedbackQueue::new(),
            notices: Vec::new(),
        }
    }

    /// A store without storage (the browser has none, or refused access): the queue
    /// lives in memory for the visit. Gives one [`StoreNotice::FellBackToMemory`].
    pub fn in_memory(why: StorageError) -> Self {
        Self {
            backing: Backing::Memory,
            memory: FeedbackQueue::new(),
            notices: vec![StoreNotice::FellBackToMemory {
                failure: StorageFailure::Unavailable(why),
                waiting: 0,
            }],
        }
    }

    /// Whether the queue is still read from and written to storage.
    pub fn uses_storage(&self) -> bool {
        matches!(self.backing, Backing::Storage(_))
    }

    /// The queue as it stood after the last call (with storage, another tab may have
    /// changed the stored copy since).
    ///
    /// Only the tests use this (`tests/feedback_store.rs` checks the copy in memory); the
    /// app always goes through [`QueueStore::with_queue`]. It is public because
    /// integration tests see only the public API.
    pub fn last_seen(&self) -> &FeedbackQueue {
        &self.memory
    }

    /// Applies `change` to the queue: with storage, to the stored copy, read just
    /// before and written just after; without, to the copy in memory. If storage
    /// fails, the change still applies (to the last queue seen, or the one just read)
    /// and the store stays in memory from then on.
    pub fn with_queue<T>(&mut self, change: impl FnOnce(&mut FeedbackQueue) -> T) -> T {
        let Backing::Storage(storage) = &self.backing else {
            return change(&mut self.memory);
        };
        let mut queue = match storage.load() {
            Ok(Some(text)) => {
                let (mut queue, report) = FeedbackQueue::from_json(&text);
                if !report.is_clean() {
                    self.notices.push(StoreNotice::Damaged(report));
                }
                queue.keep_open_requests(&self.memory);
                queue
            }
            Ok(None) => FeedbackQueue::new(),
            Err(e) => {
                self.fall_back(StorageFailure::Read(e));
                return change(&mut self.memory);
            }
        };
        let result = change(&mut queue);
        let saved = storage.save(&queue.to_json());
        self.memory = queue;
        if let Err(e) = saved {
            self.fall_back(StorageFailure::Write(e));
        }
        result
    }

    /// What happened since the last call that the edge should log, oldest first.
    pub fn take_notices(&mut self) -> Vec<StoreNotice> {
        std::mem::take(&mut self.notices)
    }

    fn fall_back(&mut self, failure: StorageFailure) {
        self.backing = Backing::Memory;
        self.notices.push(StoreNotice::FellBackToMemory {
            failure,
            waiting: self.memory.len(),
        });
    }
}
