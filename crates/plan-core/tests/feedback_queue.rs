//! The feedback queue driven the way the browser edges drive it, with simulated time,
//! network, reloads and collector.

mod common;

use common::Rng;
use plan_core::feedback::*;
use std::collections::{BTreeMap, BTreeSet};

/// 2026-11-26T13:00:00Z, the start of the meeting.
const MEETING_START: u64 = 1_795_698_000_000;
const SECOND: u64 = 1_000;
const MINUTE: u64 = 60 * SECOND;
const HOUR: u64 = 60 * MINUTE;
const VIEWS: [&str; 7] = ["plan", "fa-1", "fa-2", "fa-3", "fa-4", "partners", "about"];
const BATCH: usize = 10;

/// A collector that stores each id once and answers 201, or 200 for a repeat. It reads
/// the body with the real collector's rules (`feedback_protocol::parse`), so an answer
/// the queue holds but the collector would refuse gets 400, is dropped, and fails the
/// simulation's count.
#[derive(Default)]
struct Collector {
    rows: BTreeMap<String, FeedbackPayload>,
    repeats: usize,
}

impl Collector {
    fn receive(&mut self, payload: &FeedbackPayload) -> u16 {
        // What actually goes over the wire.
        let body = serde_json::to_string(payload).unwrap();
        if body.len() > MAX_BODY_BYTES {
            return 413;
        }
        match feedback_protocol::parse(body.as_bytes(), MIN_COMMENT_MS) {
            Ok(feedback_protocol::Parsed::Feedback(_)) => {}
            Ok(feedback_protocol::Parsed::Honeypot) | Err(_) => return 400,
        }
        let payload: FeedbackPayload = serde_json::from_str(&body).unwrap();
        if self.rows.contains_key(&payload.id) {
            self.repeats += 1;
            200
        } else {
            self.rows.insert(payload.id.clone(), payload);
            201
        }
    }
}

/// How the network behaves for one request.
#[derive(Clone, Copy, PartialEq)]
enum Network {
    /// The request never arrives.
    Offline,
    /// The collector gets the request; the response may be lost or an error.
    Online,
}

/// The page: the queue and the widget's visit state.
struct Kiosk {
    queue: FeedbackQueue,
    visit: VisitAnswers,
    /// The answers that must reach the collector, by id, as they must arrive.
    expected: BTreeMap<String, FeedbackPayload>,
    /// The final answer of every finished visit and view: (visit, content_id) → id.
    finals: BTreeMap<(u32, String), String>,
    visit_number: u32,
    in_place: usize,
    appended_changes: usize,
    reloads: usize,
}

impl Kiosk {
    fn new() -> Self {
        Self {
            queue: FeedbackQueue::new(),
            visit: VisitAnswers::new(),
            expected: BTreeMap::new(),
            finals: BTreeMap::new(),
            visit_number: 0,
            in_place: 0,
            appended_changes: 0,
            reloads: 0,
        }
    }

    /// A reload: everything in memory is gone, the queue comes back from storage and
    /// the next visit starts. (The edge writes `to_json` to storage after every change,
    /// so what it reads back is the queue as it was just before the reload.)
    fn reload(&mut self) {
        self.end_visit();
        let stored = self.queue.to_json();
        let (queue, report) = FeedbackQueue::from_json(&stored);
        assert!(report.is_clean(), "{report:?}");
        assert_eq!(queue.to_json(), stored);
        self.queue = queue;
        self.reloads += 1;
    }

    fn end_visit(&mut self) {
        for view in VIEWS {
            if let Some((_, id)) = self.visit.current(view) {
                self.finals
                    .insert((self.visit_number, view.to_owned()), id.to_owned());
            }
        }
        self.visit.clear();
        self.visit_number += 1;
    }

    /// The widget: the visitor answers `view` (possibly again).
    fn answer(&mut self, rng: &mut Rng, view: &str, now_ms: u64) {
        let id = rng.uuid();
        let answer = if rng.chance(70) {
            Answer::Yes
        } else {
            Answer::No
        };
        let replaces = self.visit.answer(view, answer, &id);
        let (comment, elapsed_ms) = if answer == Answer::No && rng.chance(50) {
            let text = [
                "För lite om finansiering 💶",
                "Var hittar jag kontakten?",
                "e\u{301}n fråga",
            ][rng.below(3) as usize];
            (
                comment_from_input(text).unwrap(),
                Some(2_000 + rng.below(60_000)),
            )
        } else {
            (None, None)
        };
        let payload = FeedbackPayload {
            id: id.clone(),
            content_id: view.to_owned(),
            answer,
            comment,
            lang: LANGS[rng.below(3) as usize].to_owned(),
            mode: "kiosk".to_owned(),
            app_version: "0.1.0".to_owned(),
            created_at: rfc3339_utc(now_ms),
            replaces,
            elapsed_ms,
            website: String::new(),
        };
        match self.queue.enqueue(payload.clone(), now_ms) {
            EnqueueOutcome::Queued => {
                if payload.replaces.is_some() {
                    self.appended_changes += 1;
                }
                self.expected.insert(id, payload);
            }
            EnqueueOutcome::Replaced { replaced_id } => {
                self.in_place += 1;
                let old = self
                    .expected
                    .remove(&replaced_id)
                    .expect("the replaced answer was expected");
                let arriving = FeedbackPayload {
                    replaces: old.replaces,
                    ..payload
                };
                self.expected.insert(id, arriving);
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    /// The timer: send what is due, one request per answer.
    fn send_due(
        &mut self,
        rng: &mut Rng,
        network: Network,
        collector: &mut Collector,
        now_ms: u64,
    ) {
        if self.queue.timer_delay_ms(now_ms) != Some(0) {
            return;
        }
        let batch = self.queue.begin_send(now_ms, BATCH);
        assert!(!batch.is_empty());
        for payload in batch {
            let outcome = match network {
                Network::Offline => classify_network_error(),
                Network::Online => {
                    if rng.chance(5) {
                        classify_status(503) // overloaded: nothing stored
                    } else {
                        let status = collector.receive(&payload);
                        if rng.chance(15) {
                            classify_network_error() // stored, but the response is lost
                        } else {
                            classify_status(status)
                        }
                    }
                }
            };
            match outcome {
                SendOutcome::Confirmed => assert!(self.queue.mark_sent(&payload.id)),
                SendOutcome::Retryable => {
                    let result = self.queue.mark_failed(
                        &payload.id,
                        now_ms,
                        FailureKind::Retryable,
                        rng.next(),
                    );
                    assert!(matches!(result, FailedOutcome::Rescheduled { .. }));
                }
                SendOutcome::Rejected => panic!("the collector rejected {payload:?}"),
            }
        }
    }
}

#[test]
fn kiosk_offline_for_a_whole_meeting_loses_and_duplicates_nothing() {
    let mut rng = Rng(0x5EED_2026_1126);
    let mut kiosk = Kiosk::new();
    let mut collector = Collector::default();

    // Two hours offline: 300 answers, one every 24 s on average, some changed at once
    // (before the timer fires), some changed later; a reload every 10 minutes.
    let meeting_end = MEETING_START + 2 * HOUR;
    let answer_every = 2 * HOUR / 300;
    let mut answers = 0;
    let mut now = MEETING_START;
    let mut most_queued = 0;
    while now < meeting_end {
        if (now - MEETING_START).is_multiple_of(answer_every) && answers < 300 {
            let view = VIEWS[rng.below(VIEWS.len() as u64) as usize];
            kiosk.answer(&mut rng, view, now);
            answers += 1;
            if answers < 300 && rng.chance(15) {
                kiosk.answer(&mut rng, view, now); // changed their mind at once
                answers += 1;
            }
            if rng.chance(20) {
                kiosk.end_visit(); // the next visitor steps up
            }
        }
        kiosk.send_due(&mut rng, Network::Offline, &mut collector, now);
        if rng.chance(1) && answers < 300 {
            // A visitor comes back to a view answered earlier in this visit.
            if let Some(view) = VIEWS.iter().find(|v| kiosk.visit.current(v).is_some()) {
                kiosk.answer(&mut rng, view, now);
                answers += 1;
            }
        }
        now += SECOND;
        if (now - MEETING_START).is_multiple_of(10 * MINUTE) {
            kiosk.reload();
        }
        most_queued = most_queued.max(kiosk.queue.len());
    }
    assert_eq!(answers, 300);
    assert!(collector.rows.is_empty(), "offline: nothing arrived");
    assert_eq!(
        kiosk.queue.len(),
        kiosk.expected.len(),
        "nothing lost offline"
    );
    assert_eq!(most_queued, kiosk.expected.len());
    assert_eq!(kiosk.reloads, 12);
    // The scenario exercises both kinds of change.
    assert!(kiosk.in_place > 10, "in place: {}", kiosk.in_place);
    assert!(
        kiosk.appended_changes > 5,
        "appended: {}",
        kiosk.appended_changes
    );
    assert_eq!(kiosk.expected.len(), answers - kiosk.in_place);
    // Every entry has failed many times and is backing off at the cap.
    assert!(kiosk
        .queue
        .entries()
        .iter()
        .all(|e| e.sent && e.attempts >= 1));
    assert!(kiosk.queue.entries()[0].attempts >= 20);

    // The network returns: the `online` event makes everything due.
    kiosk.end_visit();
    assert_eq!(kiosk.queue.retry_all_now(now), kiosk.queue.len());
    let drain_start = now;
    while !kiosk.queue.is_empty() {
        assert!(
            now < drain_start + HOUR,
            "still {} queued",
            kiosk.queue.len()
        );
        kiosk.send_due(&mut rng, Network::Online, &mut collector, now);
        now += SECOND;
        if (now - MEETING_START).is_multiple_of(10 * MINUTE) {
            kiosk.reload();
        }
    }
    kiosk.reload();
    assert!(kiosk.queue.is_empty(), "stored queue is empty too");

    // Exactly the expected rows arrived: none lost, none duplicated, none altered.
    assert_eq!(collector.rows.len(), kiosk.expected.len());
    assert_eq!(collector.rows, kiosk.expected);
    assert!(collector.repeats > 0, "lost responses caused resends");

    // The collector can tell each visit's final answer per view: the rows no other row
    // replaces are exactly the widget's final answers.
    let replaced: BTreeSet<&str> = collector
        .rows
        .values()
        .filter_map(|row| row.replaces.as_deref())
        .collect();
    for id in &replaced {
        assert!(
            collector.rows.contains_key(*id),
            "replaces names a row that arrived"
        );
    }
    let current: BTreeSet<&str> = collector
        .rows
        .keys()
        .map(String::as_str)
        .filter(|id| !replaced.contains(id))
        .collect();
    let finals: BTreeSet<&str> = kiosk.finals.values().map(String::as_str).collect();
    assert_eq!(current, finals);
}

#[test]
fn kiosk_offline_for_days_keeps_the_newest_1000_answers() {
    let mut rng = Rng(42);
    let mut kiosk = Kiosk::new();
    let mut collector = Collector::default();
    let mut evicted = Vec::new();
    let mut all_ids = Vec::new();
    let mut now = MEETING_START;
    for i in 0..1_200u32 {
        let id = rng.uuid();
        all_ids.push(id.clone());
        let payload = FeedbackPayload {
            id,
            content_id: VIEWS[i as usize % VIEWS.len()].to_owned(),
            answer: Answer::Yes,
            comment: None,
            lang: "sv".into(),
            mode: "kiosk".into(),
            app_version: "0.1.0".into(),
            created_at: rfc3339_utc(now),
            replaces: None,
            elapsed_ms: None,
            website: String::new(),
        };
        match kiosk.queue.enqueue(payload, now) {
            EnqueueOutcome::Queued => {}
            EnqueueOutcome::QueuedEvictedOldest { evicted_id } => evicted.push(evicted_id),
            other => panic!("unexpected {other:?}"),
        }
        kiosk.send_due(&mut rng, Network::Offline, &mut collector, now);
        now += 3 * MINUTE;
        if i.is_multiple_of(50) {
            kiosk.reload();
        }
    }
    assert_eq!(kiosk.queue.len(), MAX_ENTRIES);
    assert_eq!(evicted, all_ids[..200]);

    kiosk.queue.retry_all_now(now);
    while !kiosk.queue.is_empty() {
        kiosk.send_due(&mut rng, Network::Online, &mut collector, now);
        now += SECOND;
    }
    let arrived: BTreeSet<&String> = collector.rows.keys().collect();
    let newest: BTreeSet<&String> = all_ids[200..].iter().collect();
    assert_eq!(arrived, newest);
}

#[test]
fn rejected_answer_is_dropped_and_the_rest_still_arrive() {
    let mut queue = FeedbackQueue::new();
    let mut ids = Vec::new();
    for (i, view) in ["plan", "fa-1", "fa-2"].iter().enumerate() {
        let id = uuid_v4_from_bytes([i as u8; 16]);
        ids.push(id.clone());
        let payload = FeedbackPayload {
            id,
            content_id: view.to_string(),
            answer: Answer::No,
            comment: None,
            lang: "en".into(),
            mode: "embedded".into(),
            app_version: "0.1.0".into(),
            created_at: rfc3339_utc(MEETING_START),
            replaces: None,
            elapsed_ms: None,
            website: String::new(),
        };
        assert_eq!(
            queue.enqueue(payload, MEETING_START),
            EnqueueOutcome::Queued
        );
    }
    let statuses = [201, 422, 200];
    let batch = queue.begin_send(MEETING_START, BATCH);
    assert_eq!(batch.len(), 3);
    for (payload, status) in batch.iter().zip(statuses) {
        match classify_status(status) {
            SendOutcome::Confirmed => assert!(queue.mark_sent(&payload.id)),
            SendOutcome::Rejected => {
                let outcome =
                    queue.mark_failed(&payload.id, MEETING_START, FailureKind::Rejected, 0);
                assert_eq!(outcome, FailedOutcome::Removed(Box::new(payload.clone())));
            }
            SendOutcome::Retryable => panic!("{status} is not retryable"),
        }
    }
    assert!(queue.is_empty());
    assert_eq!(queue.timer_delay_ms(MEETING_START), None);
}

/// The app and the collector once checked payloads with rules of their own. An uppercase
/// letter in `content_id`, a 33-character `app_version` or a `created_at` beyond the year
/// 9999 in UTC passed the app's check, so the answer was queued, and then refused by the
/// collector (400, dropped) or, for the timestamp, crashed it. Now the queue refuses them
/// up front, by the collector's own rules.
#[test]
fn the_queue_refuses_what_the_collector_would_refuse() {
    let good = FeedbackPayload {
        id: uuid_v4_from_bytes([9; 16]),
        content_id: "fa-2".into(),
        answer: Answer::No,
        comment: None,
        lang: "sv".into(),
        mode: "standalone".into(),
        app_version: "0.1.0".into(),
        created_at: rfc3339_utc(MEETING_START),
        replaces: None,
        elapsed_ms: None,
        website: String::new(),
    };
    assert_eq!(good.validate(), Ok(()));
    let refused = [
        FeedbackPayload {
            content_id: "Fa-2".into(),
            ..good.clone()
        },
        FeedbackPayload {
            app_version: "9".repeat(33),
            ..good.clone()
        },
        FeedbackPayload {
            created_at: "9999-12-31T23:59:59-01:00".into(),
            ..good.clone()
        },
    ];
    for payload in refused {
        assert!(payload.validate().is_err(), "accepted {payload:?}");
        let mut queue = FeedbackQueue::new();
        let outcome = queue.enqueue(payload, MEETING_START);
        assert!(
            matches!(outcome, EnqueueOutcome::Invalid(_)),
            "queued: {outcome:?}"
        );
        assert!(queue.is_empty());
    }
}
