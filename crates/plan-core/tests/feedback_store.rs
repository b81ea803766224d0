//! Where the feedback queue lives: localStorage while it works, memory once it fails.
//! Driven the way the app's `src/feedback_outbox.rs` drives it (submit, then pump: begin_send,
//! the collector's answer, mark_sent or mark_failed), against storages that work,
//! throw on every call, or are full.

mod common;

use common::Rng;
use plan_core::feedback::*;
use serde_json::json;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

const T0: u64 = 1_795_706_400_000; // 2026-11-26T15:20:00Z
const BATCH: usize = 10;

/// What a fake localStorage holds and how it behaves; shared by the "tabs" using it.
#[derive(Default)]
struct Shelf {
    value: Option<String>,
    reads_throw: bool,
    writes_throw: bool,
    loads: usize,
    saves: usize,
}

#[derive(Clone, Default)]
struct FakeStorage(Rc<RefCell<Shelf>>);

impl FakeStorage {
    fn full() -> Self {
        let storage = Self::default();
        storage.0.borrow_mut().writes_throw = true;
        storage
    }
    fn throwing() -> Self {
        let storage = Self::full();
        storage.0.borrow_mut().reads_throw = true;
        storage
    }
    fn stored_ids(&self) -> Vec<String> {
        match &self.0.borrow().value {
            Some(text) => ids(&FeedbackQueue::from_json(text).0),
            None => Vec::new(),
        }
    }
    fn loads(&self) -> usize {
        self.0.borrow().loads
    }
}

impl QueueStorage for FakeStorage {
    fn load(&self) -> Result<Option<String>, StorageError> {
        let mut shelf = self.0.borrow_mut();
        shelf.loads += 1;
        if shelf.reads_throw {
            return Err(StorageError::new("SecurityError: access denied"));
        }
        Ok(shelf.value.clone())
    }
    fn save(&self, text: &str) -> Result<(), StorageError> {
        let mut shelf = self.0.borrow_mut();
        if shelf.writes_throw {
            return Err(StorageError::new(
                "QuotaExceededError: the quota has been exceeded",
            ));
        }
        shelf.saves += 1;
        shelf.value = Some(text.to_owned());
        Ok(())
    }
}

/// An answer as the widget makes it (built from JSON, the wire form).
fn answer(n: u32, content_id: &str) -> FeedbackPayload {
    serde_json::from_value(json!({
        "id": format!("00000000-0000-4000-8000-{n:012}"),
        "content_id": content_id,
        "answer": "yes",
        "lang": "sv",
        "mode": "standalone",
        "app_version": "0.1.0",
        "created_at": "2026-11-26T15:20:00Z",
        "website": "",
    }))
    .expect("a valid payload")
}

fn ids(queue: &FeedbackQueue) -> Vec<String> {
    queue
        .entries()
        .iter()
        .map(|e| e.payload.id.clone())
        .collect()
}

/// The collector: stores each id once; counts every request it gets.
#[derive(Default)]
struct Collector {
    rows: BTreeMap<String, u32>,
    requests: usize,
}

impl Collector {
    fn receive(&mut self, payload: &FeedbackPayload) -> u16 {
        self.requests += 1;
        let count = self.rows.entry(payload.id.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            201
        } else {
            200
        }
    }
}

/// What the outbox does on `submit`: queue the answer.
fn submit<S: QueueStorage>(store: &mut QueueStore<S>, payload: FeedbackPayload, now: u64) {
    let outcome = store.with_queue(|queue| queue.enqueue(payload, now));
    assert_eq!(outcome, EnqueueOutcome::Queued);
}

/// What the outbox does on `pump`: hand out what is due. The requests are then open.
fn begin<S: QueueStorage>(store: &mut QueueStore<S>, now: u64) -> Vec<FeedbackPayload> {
    store.with_queue(|queue| queue.begin_send(now, BATCH))
}

/// The end of one request, as the outbox records it.
fn finish<S: QueueStorage>(
    store: &mut QueueStore<S>,
    collector: &mut Collector,
    payload: &FeedbackPayload,
) {
    match classify_status(collector.receive(payload)) {
        SendOutcome::Confirmed => {
            store.with_queue(|queue| queue.mark_sent(&payload.id));
        }
        other => panic!("unexpected outcome {other:?}"),
    }
}

fn fallbacks(notices: &[StoreNotice]) -> usize {
    notices
        .iter()
        .filter(|n| matches!(n, StoreNotice::FellBackToMemory { .. }))
        .count()
}

#[test]
fn working_storage_is_read_and_written_on_every_change_so_tabs_do_not_overwrite_each_other() {
    let storage = FakeStorage::default();
    let mut tab_a = QueueStore::new(storage.clone());
    let mut tab_b = QueueStore::new(storage.clone());
    submit(&mut tab_a, answer(1, "plan"), T0);
    submit(&mut tab_b, answer(2, "fa-1"), T0);
    submit(&mut tab_a, answer(3, "fa-2"), T0);
    assert_eq!(
        storage.stored_ids().len(),
        3,
        "no tab overwrote another's answer"
    );
    assert!(tab_a.uses_storage() && tab_b.uses_storage());
    assert!(tab_a.take_notices().is_empty());
    // A reload (a fresh store on the same storage) finds everything.
    let mut reloaded = QueueStore::new(storage.clone());
    assert_eq!(begin(&mut reloaded, T0).len(), 3);
}

#[test]
fn with_working_storage_an_answer_being_sent_is_not_handed_out_again_by_the_same_page() {
    let storage = FakeStorage::default();
    let mut store = QueueStore::new(storage.clone());
    let mut collector = Collector::default();
    submit(&mut store, answer(1, "plan"), T0);
    let first = begin(&mut store, T0);
    assert_eq!(first.len(), 1);
    // Another answer and another pump while the first request is still open.
    submit(&mut store, answer(2, "fa-1"), T0 + 10);
    let second = begin(&mut store, T0 + 10);
    assert_eq!(ids_of(&second), vec![answer(2, "fa-1").id]);
    for payload in first.iter().chain(&second) {
        finish(&mut store, &mut collector, payload);
    }
    assert_eq!(collector.requests, 2, "each answer was sent once");
    assert!(storage.stored_ids().is_empty());
}

fn ids_of(payloads: &[FeedbackPayload]) -> Vec<String> {
    payloads.iter().map(|p| p.id.clone()).collect()
}

/// Submit, pump, confirm: the outbox's round for one answer.
fn answer_and_send<S: QueueStorage>(
    store: &mut QueueStore<S>,
    collector: &mut Collector,
    n: u32,
    now: u64,
) {
    submit(store, answer(n, "plan"), now);
    let due = begin(store, now);
    assert_eq!(
        ids_of(&due),
        vec![answer(n, "plan").id],
        "answer {n} is handed out"
    );
    // A second pump while the request is open hands out nothing.
    assert!(begin(store, now + 1).is_empty());
    finish(store, collector, &due[0]);
    assert!(
        begin(store, now + 3).is_empty(),
        "answer {n} is not sent again"
    );
}

#[test]
fn without_storage_the_queue_lives_in_memory_and_sends_each_answer_once() {
    let mut store: QueueStore<FakeStorage> =
        QueueStore::in_memory(StorageError::new("SecurityError: access denied"));
    let mut collector = Collector::default();
    for n in 1..=5 {
        answer_and_send(&mut store, &mut collector, n, T0 + u64::from(n) * 1_000);
    }
    assert_eq!(collector.rows.len(), 5);
    assert!(
        collector.rows.values().all(|&count| count == 1),
        "{:?}",
        collector.rows
    );
    assert!(!store.uses_storage());
    assert!(store.last_seen().is_empty());
    let notices = store.take_notices();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(matches!(
        &notices[0],
        StoreNotice::FellBackToMemory {
            failure: StorageFailure::Unavailable(_),
            waiting: 0
        }
    ));
}

/// Five visitors answer one after another on a store over `storage`; each answer must
/// reach the collector exactly once, whatever the storage does.
fn five_answers_each_sent_once(storage: &FakeStorage) -> QueueStore<FakeStorage> {
    let mut store = QueueStore::new(storage.clone());
    let mut collector = Collector::default();
    for n in 1..=5 {
        answer_and_send(&mut store, &mut collector, n, T0 + u64::from(n) * 1_000);
    }
    assert_eq!(collector.requests, 5);
    assert!(collector.rows.values().all(|&count| count == 1));
    store
}

#[test]
fn a_storage_that_throws_falls_back_to_memory_once_and_sends_each_answer_once() {
    let storage = FakeStorage::throwing();
    let mut store = five_answers_each_sent_once(&storage);
    assert_eq!(
        storage.loads(),
        1,
        "storage is not tried again after it failed"
    );
    let notices = store.take_notices();
    assert_eq!(
        fallbacks(&notices),
        1,
        "logged once, not per call: {notices:?}"
    );
    assert!(matches!(
        &notices[0],
        StoreNotice::FellBackToMemory {
            failure: StorageFailure::Read(_),
            ..
        }
    ));
    assert!(
        notices[0].to_string().contains("SecurityError"),
        "{}",
        notices[0]
    );
}

#[test]
fn a_full_storage_falls_back_to_memory_after_the_first_failed_write_and_never_reads_again() {
    let storage = FakeStorage::full();
    let mut store = five_answers_each_sent_once(&storage);
    assert_eq!(storage.loads(), 1);
    let notices = store.take_notices();
    assert_eq!(notices.len(), 1, "{notices:?}");
    match &notices[0] {
        StoreNotice::FellBackToMemory {
            failure: StorageFailure::Write(e),
            waiting,
        } => {
            assert!(e.message().starts_with("QuotaExceededError"));
            assert_eq!(
                *waiting, 1,
                "the answer that could not be saved waits in memory"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn answers_stored_by_an_earlier_visit_are_still_sent_when_storage_fills_up() {
    let storage = FakeStorage::default();
    let mut earlier = QueueStore::new(storage.clone());
    submit(&mut earlier, answer(1, "plan"), T0);
    submit(&mut earlier, answer(2, "fa-1"), T0);

    // The next visit: storage is readable but full.
    storage.0.borrow_mut().writes_throw = true;
    let loads_before = storage.loads();
    let mut store = QueueStore::new(storage.clone());
    let mut collector = Collector::default();
    submit(&mut store, answer(3, "fa-2"), T0 + 1_000);
    assert!(!store.uses_storage());
    // Another tab meanwhile changes the stored copy: this visit no longer reads it.
    storage.0.borrow_mut().value = None;
    let due = begin(&mut store, T0 + 1_000);
    assert_eq!(due.len(), 3, "the earlier answers and the new one");
    for payload in &due {
        finish(&mut store, &mut collector, payload);
    }
    assert!(store.last_seen().is_empty());
    assert_eq!(collector.rows.len(), 3);
    assert_eq!(storage.loads() - loads_before, 1);
    assert_eq!(fallbacks(&store.take_notices()), 1);
}

#[test]
fn storage_that_stops_working_mid_visit_keeps_the_last_queue_it_saw() {
    let storage = FakeStorage::default();
    let mut store = QueueStore::new(storage.clone());
    submit(&mut store, answer(1, "plan"), T0);
    let open = begin(&mut store, T0);
    assert_eq!(open.len(), 1);
    submit(&mut store, answer(2, "fa-1"), T0 + 1);

    storage.0.borrow_mut().reads_throw = true;
    let due = begin(&mut store, T0 + 2);
    assert_eq!(
        ids_of(&due),
        vec![answer(2, "fa-1").id],
        "the open request stays open; the new answer is due"
    );
    assert!(!store.uses_storage());
    let mut collector = Collector::default();
    for payload in open.iter().chain(&due) {
        finish(&mut store, &mut collector, payload);
    }
    assert!(store.last_seen().is_empty());
    assert_eq!(collector.requests, 2);
    assert_eq!(fallbacks(&store.take_notices()), 1);
}

#[test]
fn a_damaged_stored_queue_is_reported_and_storage_stays_in_use() {
    let storage = FakeStorage::default();
    storage.0.borrow_mut().value = Some("{\"version\":1,\"entries\":[{\"nonsense\":true}]}".into());
    let mut store = QueueStore::new(storage.clone());
    submit(&mut store, answer(1, "plan"), T0);
    assert!(store.uses_storage());
    let notices = store.take_notices();
    assert!(
        matches!(&notices[..], [StoreNotice::Damaged(report)] if report.dropped == 1),
        "{notices:?}"
    );
    assert_eq!(storage.stored_ids(), vec![answer(1, "plan").id]);
    // The clean copy was written back: the next read reports nothing.
    submit(&mut store, answer(2, "plan"), T0);
    assert!(store.take_notices().is_empty());
}

#[test]
fn flaky_network_with_a_full_storage_still_delivers_every_answer_exactly_once() {
    let mut store = QueueStore::new(FakeStorage::full());
    let mut collector = Collector::default();
    let mut now = T0;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut next = move || rng.next();
    for n in 1..=200 {
        if next() % 3 == 0 {
            submit(&mut store, answer(n, "plan"), now);
        }
        for payload in begin(&mut store, now) {
            // A third of the requests fail before reaching the collector.
            if next() % 3 == 0 {
                let random = next();
                store.with_queue(|q| {
                    q.mark_failed(&payload.id, now, FailureKind::Retryable, random)
                });
            } else {
                finish(&mut store, &mut collector, &payload);
            }
        }
        now += 1_000;
    }
    // The network stays up until everything is through (bounded).
    for _ in 0..1_000 {
        if store.last_seen().is_empty() {
            break;
        }
        for payload in begin(&mut store, now) {
            finish(&mut store, &mut collector, &payload);
        }
        now += 1_000;
    }
    assert!(store.last_seen().is_empty());
    assert!(!collector.rows.is_empty());
    assert!(
        collector.rows.values().all(|&count| count == 1),
        "every answer reached the collector exactly once"
    );
    assert_eq!(collector.requests, collector.rows.len());
    assert_eq!(fallbacks(&store.take_notices()), 1);
}
