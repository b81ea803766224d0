//! The browser edge of the feedback queue: localStorage, `fetch`, one timer
//! and the `online` event. The decisions live in [`plan_core::feedback`].
//!
//! While localStorage works, every change is read-modify-write on it, so several
//! tabs (or a reload in the middle of sending) never overwrite each other's
//! answers, and the collector drops any duplicate by its id anyway. When it does
//! not (blocked, private mode, quota full), [`QueueStore`] keeps the queue in
//! memory for the rest of the visit, so every answer is still sent once.

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
    /// The one pending retry timer.
    static TIMER: RefCell<Option<TimeoutHandle>> = const { RefCell::new(None) };
    /// The queue for this visit, opened on first use.
    static STORE: RefCell<Option<QueueStore<LocalStorage>>> = const { RefCell::new(None) };
}

/// Sends feedback to the collector, through the persistent queue. Provided as context.
#[derive(Clone)]
pub struct Outbox {
    endpoint: String,
}

impl Outbox {
    /// Starts the outbox for `endpoint`: sends whatever an earlier visit left,
    /// and again whenever the browser comes back online.
    pub fn install(endpoint: String) -> Outbox {
        let outbox = Outbox { endpoint };
        let on_online = outbox.clone();
        let listener = window_event_listener(leptos::ev::online, move |_| {
            with_queue(|queue| queue.retry_all_now(now_ms()));
            on_online.pump();
        });
        on_cleanup(move || listener.remove());
        outbox.pump();
        provide_context(outbox.clone());
        outbox
    }

    /// Queues an answer and tries to send it at once.
    pub fn submit(&self, payload: FeedbackPayload) {
        with_queue(|queue| queue.enqueue(payload, now_ms()));
        self.pump();
    }

    /// Sends what is due, then sets one timer for what is left.
    fn pump(&self) {
        let due = with_queue(|queue| queue.begin_send(now_ms(), BATCH));
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
                with_queue(|queue| match outcome {
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
        if let Ok(handle) = set_timeout_with_handle(move || outbox.pump(), delay) {
            TIMER.with(|timer| {
                if let Some(previous) = timer.borrow_mut().replace(handle) {
                    previous.clear();
                }
            });
        }
    }

    fn schedule(&self) {
        if let Some(delay) = with_queue(|queue| queue.timer_delay_ms(now_ms())) {
            self.pump_later(Duration::from_millis(delay));
        }
    }
}

/// Posts one answer; any failure to get an answer is a retryable network error.
async fn send(endpoint: &str, payload: &FeedbackPayload) -> SendOutcome {
    let Ok(body) = serde_json::to_string(payload) else {
        return SendOutcome::Rejected;
    };
    let request = gloo_net::http::Request::post(endpoint)
        .header("Content-Type", "application/json")
        .body(body);
    match request {
        Ok(request) => match request.send().await {
            Ok(response) => classify_status(response.status()),
            Err(_) => classify_network_error(),
        },
        Err(_) => classify_network_error(),
    }
}

/// The browser's localStorage, under [`STORAGE_KEY`].
struct LocalStorage(web_sys::Storage);

impl QueueStorage for LocalStorage {
    fn load(&self) -> Result<Option<String>, StorageError> {
        self.0.get_item(STORAGE_KEY).map_err(storage_error)
    }

    fn save(&self, text: &str) -> Result<(), StorageError> {
        self.0.set_item(STORAGE_KEY, text).map_err(storage_error)
    }
}

/// The name and message of what the browser threw (e.g. `QuotaExceededError: …`).
fn storage_error(thrown: wasm_bindgen::JsValue) -> StorageError {
    let field = |key: &str| {
        js_sys::Reflect::get(&thrown, &key.into())
            .ok()
            .and_then(|value| value.as_string())
    };
    match (field("name"), field("message")) {
        (Some(name), Some(message)) => StorageError::new(format!("{name}: {message}")),
        (Some(text), None) | (None, Some(text)) => StorageError::new(text),
        (None, None) => StorageError::new(format!("{thrown:?}")),
    }
}

/// Opens this visit's queue: on localStorage if the browser gives access to it.
fn open_store() -> QueueStore<LocalStorage> {
    match window().local_storage() {
        Ok(Some(storage)) => QueueStore::new(LocalStorage(storage)),
        Ok(None) => QueueStore::in_memory(StorageError::new("the browser has no localStorage")),
        Err(thrown) => QueueStore::in_memory(storage_error(thrown)),
    }
}

/// Applies `change` to this visit's queue (see [`QueueStore::with_queue`]) and logs,
/// once each, what the store reports: a damaged stored copy, or the move to memory.
fn with_queue<T>(change: impl FnOnce(&mut FeedbackQueue) -> T) -> T {
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

/// Milliseconds since the Unix epoch, from the browser's clock.
pub fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

/// A fresh random id for an answer, from the browser's secure random source.
pub fn new_payload_id() -> String {
    let mut bytes = [0u8; 16];
    let filled = window()
        .crypto()
        .ok()
        .and_then(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        // Only very old browsers lack crypto; Math.random is still unique enough here.
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    uuid_v4_from_bytes(bytes)
}

fn random_u64() -> u64 {
    (js_sys::Math::random() * (1u64 << 53) as f64) as u64
}
