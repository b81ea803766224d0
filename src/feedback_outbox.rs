//! Sending feedback to the collector through the persistent queue: the
//! decisions live in [`plan_core::feedback`], the browser edges (localStorage,
//! `fetch`, the timer, the `online` event) in [`crate::browser`].
//!
//! ```text
//! provide_outbox(config.feedback.endpoint.clone());   // once, when feedback is on
//! use_context::<Outbox>().map(|outbox| outbox.submit(payload));
//! ```
//!
//! While localStorage works, every change is read-modify-write on it, so several
//! tabs (or a reload in the middle of sending) never overwrite each other's
//! answers, and the collector drops any duplicate by its id anyway. When it does
//! not (blocked, private mode, quota full), [`QueueStore`] keeps the queue in
//! memory for the rest of the visit, so every answer is still sent once.

use crate::browser::clock::now_ms;
use crate::browser::event_listener::use_window_event_listener;
use crate::browser::fetch::{post_json, Unreachable};
use crate::browser::random::{random_bytes, random_u64};
use crate::browser::storage::LocalStorageItem;
use crate::browser::timeout::{use_timeout, Timeout};
use leptos::prelude::*;
use plan_core::feedback::{
    classify_network_error, classify_status, uuid_v4_from_bytes, FailureKind, FeedbackPayload,
    FeedbackQueue, QueueStorage, QueueStore, SendOutcome, StorageError, STORAGE_KEY,
};
use std::cell::RefCell;
use std::time::Duration;

/// How many answers one round sends.
const BATCH: usize = 10;

thread_local! {
    /// The queue for this visit, opened on first use. Not owned by the outbox:
    /// a send that finishes after the outbox is gone still records its outcome.
    static STORE: RefCell<Option<QueueStore<LocalStorageItem>>> = const { RefCell::new(None) };
}

/// Sends feedback to the collector, through the persistent queue. Provided as context.
#[derive(Clone)]
pub struct Outbox {
    endpoint: String,
    /// The one pending retry.
    retry: Timeout,
}

/// Starts the outbox for `endpoint` and provides it to every view below: sends
/// whatever an earlier visit left, and again whenever the browser comes back online.
pub fn provide_outbox(endpoint: String) -> Outbox {
    let outbox = Outbox {
        endpoint,
        retry: use_timeout(),
    };
    let on_online = outbox.clone();
    use_window_event_listener(leptos::ev::online, move |_| {
        on_online.with_queue(|queue| queue.retry_all_now(now_ms()));
        on_online.pump();
    });
    outbox.pump();
    provide_context(outbox.clone());
    outbox
}

impl Outbox {
    /// Queues an answer and tries to send it at once.
    pub fn submit(&self, payload: FeedbackPayload) {
        self.with_queue(|queue| queue.enqueue(payload, now_ms()));
        self.pump();
    }

    /// Sends what is due, then sets one timer for what is left.
    fn pump(&self) {
        let due = self.with_queue(|queue| queue.begin_send(now_ms(), BATCH));
        let remaining = due.len();
        if remaining == 0 {
            self.schedule();
            return;
        }
        let pending = std::rc::Rc::new(std::cell::Cell::new(remaining));
        for payload in due {
            let outbox = self.clone();
            let pending = pending.clone();
            leptos::task::spawn_local(async move {
                let outcome = send(&outbox.endpoint, &payload).await;
                outbox.with_queue(|queue| match outcome {
                    SendOutcome::Confirmed => {
                        queue.mark_sent(&payload.id);
                    }
                    SendOutcome::Retryable => {
                        queue.mark_failed(
                            &payload.id,
                            now_ms(),
                            FailureKind::Retryable,
                            random_u64(),
                        );
                    }
                    SendOutcome::Rejected => {
                        leptos::logging::warn!(
                            "feedback {} was rejected by the collector and dropped",
                            payload.id
                        );
                        queue.mark_failed(
                            &payload.id,
                            now_ms(),
                            FailureKind::Rejected,
                            random_u64(),
                        );
                    }
                });
                pending.set(pending.get() - 1);
                if pending.get() == 0 {
                    // More may have been queued meanwhile; go again.
                    outbox.pump_later(Duration::ZERO);
                }
            });
        }
    }

    fn pump_later(&self, delay: Duration) {
        let outbox = self.clone();
        // If the browser refused a timer (it should not), the next answer or
        // `online` event sends instead.
        let _ = self.retry.start(delay, move || outbox.pump());
    }

    fn schedule(&self) {
        if let Some(delay) = self.with_queue(|queue| queue.timer_delay_ms(now_ms())) {
            self.pump_later(Duration::from_millis(delay));
        }
    }

    /// Applies `change` to this visit's queue (see [`QueueStore::with_queue`]) and logs,
    /// once each, what the store reports: a damaged stored copy, or the move to memory.
    fn with_queue<T>(&self, change: impl FnOnce(&mut FeedbackQueue) -> T) -> T {
        let (result, notices) = STORE.with(|cell| {
            let mut cell = cell.borrow_mut();
            let store = cell.get_or_insert_with(open_store);
            let result = store.with_queue(change);
            (result, store.take_notices())
        });
        for notice in notices {
            leptos::logging::warn!("{notice}");
        }
        result
    }
}

/// Posts one answer; any failure to get an answer is a retryable network error.
async fn send(endpoint: &str, payload: &FeedbackPayload) -> SendOutcome {
    let Ok(body) = serde_json::to_string(payload) else {
        return SendOutcome::Rejected;
    };
    match post_json(endpoint, body).await {
        Ok(status) => classify_status(status),
        Err(Unreachable) => classify_network_error(),
    }
}

/// The queue is kept in localStorage, under [`STORAGE_KEY`].
impl QueueStorage for LocalStorageItem {
    fn load(&self) -> Result<Option<String>, StorageError> {
        self.get()
    }

    fn save(&self, text: &str) -> Result<(), StorageError> {
        self.set(text)
    }
}

/// Opens this visit's queue: on localStorage if the browser gives access to it.
fn open_store() -> QueueStore<LocalStorageItem> {
    match LocalStorageItem::open(STORAGE_KEY) {
        Ok(item) => QueueStore::new(item),
        Err(error) => QueueStore::in_memory(error),
    }
}

/// A fresh random id for an answer, from the browser's secure random source.
pub fn new_payload_id() -> String {
    uuid_v4_from_bytes(random_bytes())
}
