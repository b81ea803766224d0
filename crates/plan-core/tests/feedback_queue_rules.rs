//! The feedback queue's rules, one at a time, through its public API
//! (`plan_core::feedback`): enqueueing, replacing, sending, retrying, storing.

use plan_core::feedback::*;
use serde_json::{json, Value};

const T0: u64 = 1_795_706_400_000; // 2026-11-26T15:20:00Z

/// The test's short name for an answer (`"a"`, `"id-7"`, at most 16 bytes) as a
/// UUID, which the collector's rules (and so the queue) require: the name's bytes in hex.
fn uid(name: &str) -> String {
    assert!(name.len() <= 16, "{name} is too long for a UUID");
    let mut bytes = [0u8; 16];
    bytes[..name.len()].copy_from_slice(name.as_bytes());
    feedback_protocol::uuid_from_bytes(bytes)
}

/// The short name back from a [`uid`], so that assertions read as before.
fn name_of(id: &str) -> String {
    let hex: String = id.chars().filter(|c| *c != '-').collect();
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .filter_map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .take_while(|b| *b != 0)
        .collect();
    String::from_utf8(bytes).unwrap_or_else(|_| id.to_owned())
}

fn payload(id: &str, content_id: &str, answer: Answer) -> FeedbackPayload {
    FeedbackPayload {
        id: uid(id),
        content_id: content_id.into(),
        answer,
        comment: None,
        lang: "sv".into(),
        mode: "kiosk".into(),
        app_version: "0.1.0".into(),
        created_at: rfc3339_utc(T0),
        replaces: None,
        elapsed_ms: None,
        website: String::new(),
    }
}

fn replacing(id: &str, content_id: &str, answer: Answer, replaces: &str) -> FeedbackPayload {
    FeedbackPayload {
        replaces: Some(uid(replaces)),
        ..payload(id, content_id, answer)
    }
}

fn ids(queue: &FeedbackQueue) -> Vec<String> {
    queue
        .entries()
        .iter()
        .map(|e| name_of(&e.payload.id))
        .collect()
}

fn due_ids(queue: &FeedbackQueue, now_ms: u64, batch: usize) -> Vec<String> {
    queue
        .due(now_ms, batch)
        .into_iter()
        .map(|p| name_of(&p.id))
        .collect()
}

/// A `random` value that makes [`backoff_delay_ms`] return exactly its ceiling.
fn max_jitter(attempts: u32) -> u64 {
    backoff_ceiling_ms(attempts) - MIN_RETRY_DELAY_MS
}

// ---------------------------------------------------------------- enqueue

#[test]
fn enqueue_dedupes_by_id() {
    let mut q = FeedbackQueue::new();
    assert_eq!(
        q.enqueue(payload("a", "plan", Answer::Yes), T0),
        EnqueueOutcome::Queued
    );
    assert_eq!(
        q.enqueue(payload("a", "plan", Answer::Yes), T0 + 1),
        EnqueueOutcome::Duplicate
    );
    // Same id with different content is still the same answer.
    assert_eq!(
        q.enqueue(payload("a", "fa-1", Answer::No), T0 + 2),
        EnqueueOutcome::Duplicate
    );
    assert_eq!(q.len(), 1);
    assert_eq!(q.entries()[0].payload.content_id, "plan");
    assert_eq!(q.entries()[0].enqueued_at_ms, T0);
}

#[test]
fn changed_answer_replaces_unsent_entry_in_place() {
    let mut q = FeedbackQueue::new();
    q.enqueue(payload("a", "plan", Answer::Yes), T0);
    q.enqueue(payload("b", "fa-1", Answer::Yes), T0);
    q.enqueue(payload("c", "partners", Answer::No), T0);
    let outcome = q.enqueue(replacing("b2", "fa-1", Answer::No, "b"), T0 + 5_000);
    assert_eq!(
        outcome,
        EnqueueOutcome::Replaced {
            replaced_id: uid("b")
        }
    );
    assert_eq!(ids(&q), ["a", "b2", "c"]); // same place, no second entry
    let entry = &q.entries()[1];
    assert_eq!(entry.payload.answer, Answer::No);
    assert_eq!(entry.payload.replaces, None, "the collector never saw b");
    assert!(!entry.sent);
    assert!(!q.contains(&uid("b")));
    // Changing again replaces the replacement.
    let outcome = q.enqueue(replacing("b3", "fa-1", Answer::Yes, "b2"), T0 + 9_000);
    assert_eq!(
        outcome,
        EnqueueOutcome::Replaced {
            replaced_id: uid("b2")
        }
    );
    assert_eq!(ids(&q), ["a", "b3", "c"]);
    assert_eq!(q.entries()[1].payload.replaces, None);
}

#[test]
fn changed_answer_after_handing_out_is_appended_with_replaces() {
    let mut q = FeedbackQueue::new();
    q.enqueue(payload("a", "plan", Answer::Yes), T0);
    assert_eq!(q.begin_send(T0, 10).len(), 1); // the request may reach the collector
    let outcome = q.enqueue(replacing("a2", "plan", Answer::No, "a"), T0 + 100);
    assert_eq!(outcome, EnqueueOutcome::Queued);
    assert_eq!(ids(&q), ["a", "a2"]);
    assert_eq!(
        q.entries()[1].payload.replaces.as_deref(),
        Some(uid("a").as_str())
    );

    // Also after a failed attempt (the response may have been lost, not the request).
    let mut q = FeedbackQueue::new();
    q.enqueue(payload("a", "plan", Answer::Yes), T0);
    q.mark_failed(&uid("a"), T0, FailureKind::Retryable, 0);
    assert_eq!(
        q.enqueue(replacing("a2", "plan", Answer::No, "a"), T0 + 100),
        EnqueueOutcome::Queued
    );
    assert_eq!(
        q.entries()[1].payload.replaces.as_deref(),
        Some(uid("a").as_str())
    );
}

#[test]
fn replacement_of_an_unsent_change_keeps_the_original_replaces() {
    // a was handed out; a2 (replaces a) waits unsent; a3 replaces a2 in place and must
    // still tell the collector that it replaces a.
    let mut q = FeedbackQueue::new();
    q.enqueue(payload("a", "plan", Answer::Yes), T0);
    q.begin_send(T0, 10);
    q.enqueue(replacing("a2", "plan", Answer::No, "a"), T0 + 1);
    let outcome = q.enqueue(replacing("a3", "plan", Answer::Yes, "a2"), T0 + 2);
    assert_eq!(
        outcome,
        EnqueueOutcome::Replaced {
            replaced_id: uid("a2")
        }
    );
    assert_eq!(ids(&q), ["a", "a3"]);
    assert_eq!(
        q.entries()[1].payload.replaces.as_deref(),
        Some(uid("a").as_str())
    );
}

#[test]
fn replaces_for_another_view_or_an_unknown_id_is_appended() {
    let mut q = FeedbackQueue::new();
    q.enqueue(payload("a", "plan", Answer::Yes), T0);
    // Same id but another view: not the visitor changing this answer.
    assert_eq!(
        q.enqueue(replacing("x", "fa-1", Answer::No, "a"), T0),
        EnqueueOutcome::Queued
    );
    // The replaced answer was already confirmed and removed.
    assert_eq!(
        q.enqueue(replacing("y", "fa-2", Answer::No, "gone"), T0),
        EnqueueOutcome::Queued
    );
    assert_eq!(ids(&q), ["a", "x", "y"]);
    assert_eq!(
        q.entries()[1].payload.replaces.as_deref(),
        Some(uid("a").as_str())
    );
    assert_eq!(
        q.entries()[2].payload.replaces.as_deref(),
        Some(uid("gone").as_str())
    );
}

#[test]
fn invalid_payload_is_refused() {
    let mut q = FeedbackQueue::new();
    let mut p = payload("a", "plan", Answer::No);
    p.comment = Some("x".repeat(MAX_COMMENT_CHARS + 1));
    assert_eq!(
        q.enqueue(p, T0),
        EnqueueOutcome::Invalid(PayloadProblem::CommentTooLong { chars: 1001 })
    );
    let mut p = payload("b", "plan", Answer::No);
    p.lang = "fi".into();
    assert_eq!(
        q.enqueue(p, T0),
        EnqueueOutcome::Invalid(PayloadProblem::UnknownLang)
    );
    assert!(q.is_empty());
}

#[test]
fn full_queue_evicts_the_oldest_entry() {
    let mut q = FeedbackQueue::new();
    for i in 0..MAX_ENTRIES {
        let outcome = q.enqueue(
            payload(&format!("id-{i}"), "plan", Answer::Yes),
            T0 + i as u64,
        );
        assert_eq!(outcome, EnqueueOutcome::Queued);
    }
    assert_eq!(q.len(), 1000);
    let outcome = q.enqueue(payload("id-1000", "plan", Answer::Yes), T0 + 1000);
    assert_eq!(
        outcome,
        EnqueueOutcome::QueuedEvictedOldest {
            evicted_id: uid("id-0")
        }
    );
    assert_eq!(q.len(), 1000);
    assert!(!q.contains(&uid("id-0")));
    assert_eq!(q.entries()[0].payload.id, uid("id-1"));
    assert_eq!(q.entries()[999].payload.id, uid("id-1000"));
    // And again: FIFO, one at a time.
    let outcome = q.enqueue(payload("id-1001", "plan", Answer::Yes), T0 + 1001);
    assert_eq!(
        outcome,
        EnqueueOutcome::QueuedEvictedOldest {
            evicted_id: uid("id-1")
        }
    );
    assert_eq!(q.len(), 1000);
    // A duplicate or an in-place replacement evicts nothing.
    assert_eq!(
        q.enqueue(payload("id-500", "plan", Answer::No), T0),
        EnqueueOutcome::Duplicate
    );
    assert_eq!(
        q.enqueue(replacing("id-500b", "plan", Answer::No, "id-500"), T0),
        EnqueueOutcome::Replaced {
            replaced_id: uid("id-500")
        }
    );
    assert_eq!(q.len(), 1000);
    assert_eq!(q.entries()[0].payload.id, uid("id-2"));
}

// ---------------------------------------------------------------- backoff

#[test]
fn backoff_ceiling_doubles_from_2s_and_caps_at_5_minutes() {
    let expected = [
        (1, 2_000),
        (2, 4_000),
        (3, 8_000),
        (4, 16_000),
        (5, 32_000),
        (6, 64_000),
        (7, 128_000),
        (8, 256_000),
        (9, 300_000), // 512 s capped
        (10, 300_000),
        (64, 300_000),
        (65, 300_000), // 2^64 overflows: still the cap
        (u32::MAX, 300_000),
    ];
    for (attempts, ceiling) in expected {
        assert_eq!(backoff_ceiling_ms(attempts), ceiling, "attempts {attempts}");
    }
    assert_eq!(backoff_ceiling_ms(0), 2_000);
}

#[test]
fn backoff_delay_stays_within_jitter_bounds() {
    let mut random: u64 = 0x9E37_79B9_7F4A_7C15;
    for attempts in 1..=40u32 {
        let ceiling = backoff_ceiling_ms(attempts);
        assert_eq!(backoff_delay_ms(attempts, 0), MIN_RETRY_DELAY_MS);
        assert_eq!(backoff_delay_ms(attempts, max_jitter(attempts)), ceiling);
        assert_eq!(
            backoff_delay_ms(attempts, max_jitter(attempts) + 1),
            MIN_RETRY_DELAY_MS
        );
        let (mut lowest, mut highest) = (u64::MAX, 0);
        for _ in 0..2_000 {
            random ^= random << 13;
            random ^= random >> 7;
            random ^= random << 17;
            let delay = backoff_delay_ms(attempts, random);
            assert!((MIN_RETRY_DELAY_MS..=ceiling).contains(&delay));
            lowest = lowest.min(delay);
            highest = highest.max(delay);
        }
        // Full jitter: the whole range is used, not just its top.
        let span = ceiling - MIN_RETRY_DELAY_MS;
        assert!(
            lowest < MIN_RETRY_DELAY_MS + span / 10,
            "attempts {attempts}"
        );
        assert!(highest > ceiling - span / 10, "attempts {attempts}");
    }
    assert!(backoff_delay_ms(u32::MAX, u64::MAX) <= BACKOFF_CAP_MS);
}

#[test]
fn mark_failed_retryable_backs_off_2_4_8_seconds_up_to_5_minutes() {
    let mut q = FeedbackQueue::new();
    q.enqueue(payload("a", "plan", Answer::Yes), T0);
    let mut now = T0;
    let mut waits = Vec::new();
    for attempt in 1..=12u32 {
        assert_eq!(due_ids(&q, now, 10), ["a"]);
        let outcome = q.mark_failed(&uid("a"), now, FailureKind::Retryable, max_jitter(attempt));
        let FailedOutcome::Rescheduled {
            attempts,
            next_attempt_at_ms,
        } = outcome
        else {
            panic!("expected Rescheduled, got {outcome:?}");
        };
        assert_eq!(attempts, attempt);
        assert_eq!(q.entries()[0].attempts, attempt);
        waits.push(next_attempt_at_ms - now);
        // Not due a millisecond early, due exactly on time.
        assert!(q.due(next_attempt_at_ms - 1, 10).is_empty());
        now = next_attempt_at_ms;
    }
    assert_eq!(
        waits,
        [
            2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000,
            300_000, 300_000
        ]
    );

    // With the smallest jitter the wait is the floor, never zero.
    let mut q = FeedbackQueue::new();
    q.enqueue(payload("b", "plan", Answer::Yes), T0);
    assert_eq!(
        q.mark_failed(&uid("b"), T0, FailureKind::Retryable, 0),
        FailedOutcome::Rescheduled {
            attempts: 1,
            next_attempt_at_ms: T0 + MIN_RETRY_DELAY_MS
        }
    );
}

// ---------------------------------------------------------------- sending

#[test]
fn due_respects_time_order_and_batch_size() {
    let mut q = FeedbackQueue::new();
    for (i, id) in ["a", "b", "c", "d", "e"].iter().enumerate() {
        q.enqueue(payload(id, "plan", Answer::Yes), T0 + i as u64 * 1_000);
    }
    // Only what was enqueued by then.
    assert!(q.due(T0 - 1, 10).is_empty());
    assert_eq!(due_ids(&q, T0, 10), ["a"]);
    assert_eq!(due_ids(&q, T0 + 2_000, 10), ["a", "b", "c"]);
    // Oldest first, at most `batch`.
    assert_eq!(due_ids(&q, T0 + 9_000, 2), ["a", "b"]);
    assert!(q.due(T0 + 9_000, 0).is_empty());
    // A backed-off entry drops out and comes back later; order stays queue order.
    let now = T0 + 10_000;
    q.mark_failed(&uid("b"), now, FailureKind::Retryable, max_jitter(1)); // due at now + 2 s
    assert_eq!(due_ids(&q, now, 10), ["a", "c", "d", "e"]);
    assert_eq!(due_ids(&q, now, 2), ["a", "c"]);
    assert_eq!(due_ids(&q, now + 2_000, 10), ["a", "b", "c", "d", "e"]);
    // `due` changes nothing.
    assert_eq!(due_ids(&q, now + 2_000, 10), ["a", "b", "c", "d", "e"]);
}

#[test]
fn begin_send_holds_entries_while_their_request_is_open() {
    let mut q = FeedbackQueue::new();
    for id in ["a", "b", "c"] {
        q.enqueue(payload(id, "plan", Answer::Yes), T0);
    }
    let first: Vec<_> = q
        .begin_send(T0, 2)
        .into_iter()
        .map(|p| name_of(&p.id))
        .collect();
    assert_eq!(first, ["a", "b"]);
    assert!(q.entries()[0].in_flight(T0) && q.entries()[0].sent);
    // A second timer firing meanwhile gets only what is not in flight.
    let second: Vec<_> = q
        .begin_send(T0 + 10, 10)
        .into_iter()
        .map(|p| name_of(&p.id))
        .collect();
    assert_eq!(second, ["c"]);
    assert!(q.begin_send(T0 + 20, 10).is_empty());
    assert_eq!(q.timer_delay_ms(T0 + 20), Some(SEND_LEASE_MS - 20));
    // An outcome ends the hold.
    q.mark_failed(&uid("a"), T0 + 30, FailureKind::Retryable, 0);
    assert!(!q.entries()[0].in_flight(T0 + 30));
    assert_eq!(due_ids(&q, T0 + 30 + MIN_RETRY_DELAY_MS, 10), ["a"]);
    // A request that never reports back is due again after the lease.
    assert_eq!(due_ids(&q, T0 + SEND_LEASE_MS - 1, 10), ["a"]);
    assert_eq!(due_ids(&q, T0 + SEND_LEASE_MS, 10), ["a", "b"]);
    assert_eq!(due_ids(&q, T0 + 10 + SEND_LEASE_MS, 10), ["a", "b", "c"]);
}

#[test]
fn mark_sent_removes_only_that_id() {
    let mut q = FeedbackQueue::new();
    for id in ["a", "b", "c"] {
        q.enqueue(payload(id, "plan", Answer::Yes), T0);
    }
    q.begin_send(T0, 10);
    assert!(q.mark_sent(&uid("b")));
    assert_eq!(ids(&q), ["a", "c"]);
    assert!(!q.mark_sent(&uid("b")), "second confirmation is a no-op");
    assert!(!q.mark_sent(&uid("unknown")));
    assert_eq!(ids(&q), ["a", "c"]);
    assert!(q.entries().iter().all(|e| e.in_flight(T0)));
}

#[test]
fn rejected_is_removed_and_returned() {
    let mut q = FeedbackQueue::new();
    q.enqueue(payload("a", "plan", Answer::Yes), T0);
    q.enqueue(payload("b", "fa-1", Answer::No), T0);
    q.begin_send(T0, 10);
    let outcome = q.mark_failed(&uid("a"), T0, FailureKind::Rejected, 7);
    assert_eq!(
        outcome,
        FailedOutcome::Removed(Box::new(payload("a", "plan", Answer::Yes)))
    );
    assert_eq!(ids(&q), ["b"]);
    assert_eq!(
        q.mark_failed(&uid("a"), T0, FailureKind::Rejected, 7),
        FailedOutcome::NotQueued
    );
    assert_eq!(
        q.mark_failed(&uid("a"), T0, FailureKind::Retryable, 7),
        FailedOutcome::NotQueued
    );
}

#[test]
fn classify_status_sorts_http_outcomes() {
    for status in [200, 201, 202, 204, 299] {
        assert_eq!(classify_status(status), SendOutcome::Confirmed, "{status}");
    }
    for status in [408, 429, 500, 502, 503, 504, 599] {
        assert_eq!(classify_status(status), SendOutcome::Retryable, "{status}");
    }
    for status in [400, 401, 403, 404, 405, 409, 413, 415, 422, 499] {
        assert_eq!(classify_status(status), SendOutcome::Rejected, "{status}");
    }
    // Unexpected statuses keep the answer.
    for status in [0, 100, 199, 300, 301, 304, 399, 600, u16::MAX] {
        assert_eq!(classify_status(status), SendOutcome::Retryable, "{status}");
    }
    assert_eq!(classify_network_error(), SendOutcome::Retryable);
}

#[test]
fn retry_all_now_makes_every_entry_due() {
    let mut q = FeedbackQueue::new();
    for id in ["a", "b", "c"] {
        q.enqueue(payload(id, "plan", Answer::Yes), T0);
        for _ in 0..10 {
            q.mark_failed(&uid(id), T0, FailureKind::Retryable, u64::MAX / 3);
        }
    }
    let now = T0 + 100; // every wait is at least MIN_RETRY_DELAY_MS
    assert!(q.due(now, 10).is_empty());
    assert_eq!(q.retry_all_now(now), 3);
    assert_eq!(due_ids(&q, now, 10), ["a", "b", "c"]);
    assert_eq!(q.timer_delay_ms(now), Some(0));
    assert_eq!(q.next_wakeup_ms(), Some(now));
    // Attempt counts are kept: the next failure still backs off fully.
    assert!(q.entries().iter().all(|e| e.attempts == 10));
    // An open request stays held.
    q.begin_send(now, 1);
    assert_eq!(q.retry_all_now(now + 1), 2);
    assert_eq!(due_ids(&q, now + 1, 10), ["b", "c"]);
}

#[test]
fn next_wakeup_is_the_earliest_schedule() {
    let mut q = FeedbackQueue::new();
    assert_eq!(q.next_wakeup_ms(), None);
    assert_eq!(q.timer_delay_ms(T0), None);
    q.enqueue(payload("a", "plan", Answer::Yes), T0);
    q.enqueue(payload("b", "plan", Answer::Yes), T0);
    q.mark_failed(&uid("a"), T0, FailureKind::Retryable, max_jitter(1)); // T0 + 2 s
    for _ in 0..3 {
        q.mark_failed(&uid("b"), T0, FailureKind::Retryable, max_jitter(3)); // b: T0 + 8 s at 3rd
    }
    assert_eq!(q.next_wakeup_ms(), Some(T0 + 2_000));
    assert_eq!(q.timer_delay_ms(T0), Some(2_000));
    assert_eq!(q.timer_delay_ms(T0 + 1_500), Some(500));
    assert_eq!(q.timer_delay_ms(T0 + 5_000), Some(0));
    q.mark_sent(&uid("a"));
    assert_eq!(q.next_wakeup_ms(), Some(T0 + 8_000));
    assert_eq!(q.timer_delay_ms(T0), Some(8_000));
}

#[test]
fn a_clock_that_moved_back_does_not_strand_entries() {
    let mut q = FeedbackQueue::new();
    q.enqueue(payload("a", "plan", Answer::Yes), T0);
    q.mark_failed(&uid("a"), T0, FailureKind::Retryable, max_jitter(1)); // due T0 + 2 s

    // The kiosk's clock is set back a day: waiting until T0 + 2 s would take a day.
    let earlier = T0 - 86_400_000;
    assert_eq!(due_ids(&q, earlier, 10), ["a"]);
    assert_eq!(q.timer_delay_ms(earlier), Some(0));
    // The same for a lease taken with the wrong clock.
    q.begin_send(T0 + 2_000, 10);
    assert!(!q.entries()[0].in_flight(earlier));
    assert_eq!(due_ids(&q, earlier, 10), ["a"]);
    // From then on, schedules made with the new clock are respected.
    let outcome = q.mark_failed(&uid("a"), earlier, FailureKind::Retryable, max_jitter(2));
    assert_eq!(
        outcome,
        FailedOutcome::Rescheduled {
            attempts: 2,
            next_attempt_at_ms: earlier + 4_000
        }
    );
    assert!(q.due(earlier + 3_999, 10).is_empty());
    assert_eq!(q.timer_delay_ms(earlier), Some(4_000));
}

// ---------------------------------------------------------------- persistence

fn busy_queue() -> FeedbackQueue {
    let mut q = FeedbackQueue::new();
    let mut with_comment = payload("a", "fa-2", Answer::No);
    with_comment.comment = Some("Svårt att läsa 👀 \"citat\" \\ \n ny rad".into());
    with_comment.elapsed_ms = Some(4_321);
    q.enqueue(with_comment, T0);
    q.enqueue(payload("b", "plan", Answer::Yes), T0 + 1);
    q.enqueue(replacing("c", "partners", Answer::Yes, "old"), T0 + 2);
    q.enqueue(payload("d", "fa-1", Answer::Yes), T0 + 3);
    q.mark_failed(&uid("b"), T0 + 10, FailureKind::Retryable, 12_345);
    for _ in 0..5 {
        q.mark_failed(&uid("c"), T0 + 10, FailureKind::Retryable, 99_999);
    }
    q
}

#[test]
fn persistence_round_trips() {
    let q = busy_queue();
    let (back, report) = FeedbackQueue::from_json(&q.to_json());
    assert!(report.is_clean(), "{report:?}");
    assert_eq!(report.kept, 4);
    assert_eq!(back, q);
    assert_eq!(back.to_json(), q.to_json());
    let (empty, report) = FeedbackQueue::from_json(&FeedbackQueue::new().to_json());
    assert!(empty.is_empty() && report.is_clean());
}

#[test]
fn stored_json_has_version_and_entries() {
    let mut q = FeedbackQueue::new();
    q.enqueue(payload("a", "plan", Answer::Yes), T0);
    q.mark_failed(&uid("a"), T0, FailureKind::Retryable, max_jitter(1));
    let stored: Value = serde_json::from_str(&q.to_json()).unwrap();
    assert_eq!(
        stored,
        json!({
            "version": 1,
            "entries": [{
                "payload": {
                    "id": uid("a"),
                    "content_id": "plan",
                    "answer": "yes",
                    "lang": "sv",
                    "mode": "kiosk",
                    "app_version": "0.1.0",
                    "created_at": "2026-11-26T15:20:00Z",
                    "website": ""
                },
                "attempts": 1,
                "next_attempt_at_ms": T0 + 2_000,
                "enqueued_at_ms": T0,
                "sent": true
            }]
        })
    );
}

#[test]
fn reload_keeps_the_same_due_entries() {
    let q = busy_queue();
    let (back, report) = FeedbackQueue::from_json(&q.to_json());
    assert!(report.is_clean());
    for now in [
        T0 - 1,
        T0,
        T0 + 3,
        T0 + 2_000,
        T0 + 20_000,
        T0 + 100_000,
        T0 + 400_000,
    ] {
        for batch in [1, 2, 10] {
            assert_eq!(
                due_ids(&q, now, batch),
                due_ids(&back, now, batch),
                "now {now}, batch {batch}"
            );
        }
    }
    assert_eq!(back.next_wakeup_ms(), q.next_wakeup_ms());
    assert_eq!(back.timer_delay_ms(T0 + 5), q.timer_delay_ms(T0 + 5));
}

#[test]
fn a_request_open_at_reload_is_sent_again() {
    let mut q = busy_queue();
    let sent: Vec<_> = q
        .begin_send(T0 + 20, 1)
        .into_iter()
        .map(|p| name_of(&p.id))
        .collect();
    assert_eq!(sent, ["a"]);
    assert_eq!(due_ids(&q, T0 + 20, 10), ["d"]); // b and c are backing off
    let (mut back, report) = FeedbackQueue::from_json(&q.to_json());
    assert!(report.is_clean());
    // The open request died with the page: "a" is due again at once.
    assert_eq!(due_ids(&back, T0 + 20, 10), ["a", "d"]);
    // It was handed out, so a change to it is appended, not swapped in.
    assert!(back.entries()[0].sent);
    assert_eq!(
        back.enqueue(replacing("a2", "fa-2", Answer::Yes, "a"), T0 + 30),
        EnqueueOutcome::Queued
    );
}

#[test]
fn unusable_storage_gives_an_empty_queue_and_a_problem() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let cases: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("truncated", FeedbackQueue::new().to_json()[..10].to_owned()),
        ("garbage", "\u{0}\u{ffff}not json".into()),
        ("null", "null".into()),
        ("array", "[]".into()),
        ("number", "1".into()),
        ("string", "\"{}\"".into()),
        ("deeply nested", deep),
        ("no entries", r#"{"version":1}"#.into()),
        ("entries not array", r#"{"version":1,"entries":{}}"#.into()),
        ("entries null", r#"{"version":1,"entries":null}"#.into()),
    ];
    for (name, text) in cases {
        let (q, report) = FeedbackQueue::from_json(&text);
        assert!(q.is_empty(), "{name}");
        assert!(report.problem.is_some(), "{name}");
        assert!(!report.is_clean(), "{name}");
        assert!(!report.problem.unwrap().to_string().is_empty());
    }
}

#[test]
fn wrong_version_gives_an_empty_queue() {
    let entries = r#"[{"payload":{"id":"61000000-0000-0000-0000-000000000000","content_id":"plan","answer":"yes","lang":"sv","mode":"kiosk","app_version":"1","created_at":"2026-11-26T15:20:00Z","website":""},"attempts":0,"next_attempt_at_ms":0,"enqueued_at_ms":0,"sent":false}]"#;
    let (q, report) = FeedbackQueue::from_json(&format!(r#"{{"version":1,"entries":{entries}}}"#));
    assert_eq!(
        (q.len(), report.is_clean()),
        (1, true),
        "control case loads"
    );
    for (version, found) in [
        ("2", Some(2)),
        ("0", Some(0)),
        ("\"1\"", None),
        ("1.0", None),
        ("-1", None),
        ("null", None),
    ] {
        let text = format!(r#"{{"version":{version},"entries":{entries}}}"#);
        let (q, report) = FeedbackQueue::from_json(&text);
        assert!(q.is_empty(), "version {version}");
        assert_eq!(
            report.problem,
            Some(LoadProblem::UnsupportedVersion { found })
        );
    }
    let (q, report) = FeedbackQueue::from_json(&format!(r#"{{"entries":{entries}}}"#));
    assert!(q.is_empty());
    assert_eq!(
        report.problem,
        Some(LoadProblem::UnsupportedVersion { found: None })
    );
}

#[test]
fn malformed_entries_are_dropped_and_valid_ones_kept() {
    let good = busy_queue();
    let mut stored: Value = serde_json::from_str(&good.to_json()).unwrap();
    let template = stored["entries"][1].clone();
    let mut bad = Vec::new();
    // Each bad entry gets an id of its own, so it cannot be dropped merely as a repeat.
    let fresh = |n: usize| {
        let mut e = template.clone();
        e["payload"]["id"] = json!(uid(&format!("bad-{n}")));
        e
    };
    // Missing fields, one at a time, at both levels.
    for field in [
        "payload",
        "attempts",
        "next_attempt_at_ms",
        "enqueued_at_ms",
    ] {
        let mut e = fresh(bad.len());
        e.as_object_mut().unwrap().remove(field);
        bad.push(e);
    }
    for field in feedback_protocol::REQUIRED_FIELDS {
        let mut e = fresh(bad.len());
        e["payload"].as_object_mut().unwrap().remove(field);
        bad.push(e);
    }
    // Wrong types and hostile values.
    let tweaks: Vec<(&[&str], Value)> = vec![
        (&["attempts"], json!(-1)),
        (&["attempts"], json!(u64::from(u32::MAX) + 1)),
        (&["attempts"], json!("1")),
        (&["next_attempt_at_ms"], json!(1.5)),
        (&["next_attempt_at_ms"], json!(-1)),
        (&["enqueued_at_ms"], json!(null)),
        (&["sent"], json!("yes")),
        (&["payload", "answer"], json!("maybe")),
        (&["payload", "lang"], json!("xx")),
        (&["payload", "mode"], json!(null)),
        (&["payload", "id"], json!("")),
        (&["payload", "id"], json!(7)),
        (&["payload", "replaces"], json!(["a"])),
        (&["payload", "elapsed_ms"], json!(-5)),
        (&["payload", "comment"], json!(42)),
        (&["payload"], json!("not an object")),
    ];
    for (path, value) in tweaks {
        let mut e = fresh(bad.len());
        let mut target = &mut e;
        for key in path {
            target = &mut target[*key];
        }
        *target = value;
        bad.push(e);
    }
    bad.extend([json!(null), json!([1, 2, 3]), json!("entry"), json!({})]);
    let bad_count = bad.len();
    // Bad entries between and after the good ones.
    let entries = stored["entries"].as_array_mut().unwrap();
    let tail = bad.split_off(bad_count / 2);
    entries.splice(2..2, bad);
    entries.extend(tail);

    let (q, report) = FeedbackQueue::from_json(&stored.to_string());
    assert_eq!(ids(&q), ["a", "b", "c", "d"]);
    assert_eq!(q, good);
    assert_eq!(report.kept, 4);
    assert_eq!(report.dropped, bad_count);
    assert!(report.problem.is_none());
    assert!(!report.is_clean());
}

#[test]
fn huge_strings_are_dropped_without_panicking() {
    let mut stored: Value = serde_json::from_str(&busy_queue().to_json()).unwrap();
    let entries = stored["entries"].as_array_mut().unwrap();
    let template = entries[1].clone();
    let megabyte = "x".repeat(1 << 20);
    for field in [
        "id",
        "content_id",
        "comment",
        "created_at",
        "app_version",
        "website",
        "replaces",
    ] {
        let mut e = template.clone();
        e["payload"][field] = json!(megabyte);
        if field != "id" {
            e["payload"]["id"] = json!(uid(&format!("huge-{field}")));
        }
        entries.push(e);
    }
    let (q, report) = FeedbackQueue::from_json(&stored.to_string());
    assert_eq!(ids(&q), ["a", "b", "c", "d"]);
    assert_eq!(report.dropped, 7);

    // Text beyond MAX_STORED_JSON_BYTES is not even parsed.
    let too_large = format!(
        r#"{{"version":1,"entries":[],"pad":"{}"}}"#,
        "x".repeat(MAX_STORED_JSON_BYTES)
    );
    let (q, report) = FeedbackQueue::from_json(&too_large);
    assert!(q.is_empty());
    assert_eq!(
        report.problem,
        Some(LoadProblem::TooLarge {
            bytes: too_large.len()
        })
    );
}

#[test]
fn a_full_queue_of_maximal_entries_round_trips_within_the_size_limit() {
    let mut q = FeedbackQueue::new();
    for i in 0..MAX_ENTRIES {
        let mut p = FeedbackPayload {
            id: uid(&format!("max-{i}")),
            content_id: "f".repeat(MAX_CONTENT_ID_CHARS),
            answer: Answer::No,
            comment: None,
            lang: "sv".into(),
            mode: "standalone".into(),
            app_version: "\u{1}".repeat(MAX_APP_VERSION_CHARS),
            created_at: "2026-11-26T15:20:00.123456789+01:00".into(),
            replaces: Some(uid("replaced")),
            elapsed_ms: Some(u64::MAX),
            website: String::new(),
        };
        // Control characters are escaped as \u00XX, the longest JSON per char: fill the
        // comment with them up to the collector's body limit, the most the queue accepts.
        let rest = MAX_BODY_BYTES - serde_json::to_vec(&p).unwrap().len();
        p.comment = Some("\u{1}".repeat((rest - r#","comment":"""#.len()) / 6));
        let bytes = serde_json::to_vec(&p).unwrap().len();
        assert!(
            (MAX_BODY_BYTES - 6..=MAX_BODY_BYTES).contains(&bytes),
            "{bytes}"
        );
        assert_eq!(q.enqueue(p, u64::MAX), EnqueueOutcome::Queued);
        q.mark_failed(
            &uid(&format!("max-{i}")),
            u64::MAX,
            FailureKind::Retryable,
            u64::MAX,
        );
    }
    let json = q.to_json();
    assert!(json.len() < MAX_STORED_JSON_BYTES, "{} bytes", json.len());
    let (back, report) = FeedbackQueue::from_json(&json);
    assert!(report.is_clean(), "{report:?}");
    assert_eq!(back, q);
}

#[test]
fn repeated_ids_in_storage_keep_the_first() {
    let mut stored: Value = serde_json::from_str(&busy_queue().to_json()).unwrap();
    let entries = stored["entries"].as_array_mut().unwrap();
    let mut copy = entries[0].clone();
    copy["payload"]["content_id"] = json!("copy");
    entries.push(copy);
    let (q, report) = FeedbackQueue::from_json(&stored.to_string());
    assert_eq!(ids(&q), ["a", "b", "c", "d"]);
    assert_eq!(q.entries()[0].payload.content_id, "fa-2");
    assert_eq!(report.dropped, 1);
}

#[test]
fn more_than_max_entries_in_storage_keeps_the_newest() {
    let template: Value =
        serde_json::from_str::<Value>(&busy_queue().to_json()).unwrap()["entries"][1].clone();
    let entries: Vec<Value> = (0..MAX_ENTRIES + 5)
        .map(|i| {
            let mut e = template.clone();
            e["payload"]["id"] = json!(uid(&format!("id-{i}")));
            e
        })
        .collect();
    let text = json!({ "version": 1, "entries": entries }).to_string();
    let (q, report) = FeedbackQueue::from_json(&text);
    assert_eq!(q.len(), MAX_ENTRIES);
    assert_eq!(q.entries()[0].payload.id, uid("id-5"));
    assert_eq!(q.entries()[MAX_ENTRIES - 1].payload.id, uid("id-1004"));
    assert_eq!((report.kept, report.dropped), (MAX_ENTRIES, 5));
}

#[test]
fn stored_entries_without_a_sent_flag_count_as_sent() {
    let mut stored: Value = serde_json::from_str(&busy_queue().to_json()).unwrap();
    for e in stored["entries"].as_array_mut().unwrap() {
        e.as_object_mut().unwrap().remove("sent");
    }
    // Unknown extra fields are ignored (a later minor change may add some).
    stored["entries"][3]["extra"] = json!({"nested": [1, 2]});
    let (mut q, report) = FeedbackQueue::from_json(&stored.to_string());
    assert!(report.is_clean(), "{report:?}");
    assert!(q.entries().iter().all(|e| e.sent));
    // So a change to "d" is appended with `replaces`, the safe choice.
    assert_eq!(
        q.enqueue(replacing("d2", "fa-1", Answer::No, "d"), T0),
        EnqueueOutcome::Queued
    );
    // And a stored `"sent": false` with failed attempts is corrected.
    let mut stored: Value = serde_json::from_str(&busy_queue().to_json()).unwrap();
    stored["entries"][1]["sent"] = json!(false);
    let (q, _) = FeedbackQueue::from_json(&stored.to_string());
    assert!(q.entries()[1].sent);
}

#[test]
fn far_future_schedules_in_storage_are_due_now() {
    let mut stored: Value = serde_json::from_str(&busy_queue().to_json()).unwrap();
    stored["entries"][0]["next_attempt_at_ms"] = json!(u64::MAX);
    let (q, report) = FeedbackQueue::from_json(&stored.to_string());
    assert!(report.is_clean());
    assert_eq!(due_ids(&q, T0 + 5, 1), ["a"]);
    assert_eq!(q.next_wakeup_ms(), Some(T0 + 3)); // "d", due since it was queued
}
