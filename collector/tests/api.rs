//! The HTTP contract, through the real router (`oneshot`) on a real SQLite file.

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use common::*;
use serde_json::{json, Value};
use std::net::SocketAddr;

#[tokio::test]
async fn healthz_answers_ok() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    let reply = send(&r, get("/healthz")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.text(), "ok");
}

#[tokio::test]
async fn a_valid_answer_is_stored_with_every_field() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    let mut body = answer(1);
    body["comment"] = json!("  Bra, men svår att hitta.  ");
    body["id"] = json!(uuid(1).to_ascii_uppercase());
    body["created_at"] = json!("2026-11-26T16:20:00+01:00");
    let reply = send(&r, post(&body)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    assert_eq!(reply.json(), json!({"status": "stored"}));
    assert!(reply.header("set-cookie").is_none(), "no cookies");

    let row: (
        String,
        String,
        String,
        Option<String>,
        i64,
        String,
        String,
        String,
        String,
        String,
    ) = db(&t.path)
        .query_row(
            "SELECT id, content_id, answer, comment, comment_dropped, lang, mode, app_version,
                    created_at, received_at FROM feedback",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(row.0, uuid(1), "id stored in lowercase");
    assert_eq!(row.1, "plan");
    assert_eq!(row.2, "yes");
    assert_eq!(
        row.3.as_deref(),
        Some("Bra, men svår att hitta."),
        "trimmed"
    );
    assert_eq!(row.4, 0);
    assert_eq!(
        (row.5.as_str(), row.6.as_str(), row.7.as_str()),
        ("sv", "standalone", "0.1.0")
    );
    assert_eq!(row.8, "2026-11-26T15:20:00Z", "created_at in UTC");
    // received_at is the server's clock: RFC 3339 UTC with milliseconds, and recent.
    assert_eq!(row.9.len(), "2026-11-26T15:20:00.000Z".len(), "{}", row.9);
    assert!(
        row.9.ends_with('Z') && row.9.as_bytes()[10] == b'T',
        "{}",
        row.9
    );
    assert!(row.9.as_str() > "2025-01-01", "{}", row.9);
}

#[tokio::test]
async fn no_ip_address_is_stored() {
    let t = TestDb::new();
    let mut config = t.config();
    config.trusted_proxies = "203.0.113.99".parse().unwrap();
    let (r, store) = router(&config);
    let mut req = post(answer(1));
    req.headers_mut()
        .insert("x-forwarded-for", "198.51.100.77".parse().unwrap());
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([203, 0, 113, 99], 5555))));
    assert_eq!(status_of(&r, req).await, StatusCode::CREATED);
    drop(r);
    store.close().await.unwrap();

    let columns = query_strings(&t.path, "SELECT name FROM pragma_table_info('feedback')");
    assert!(columns.contains(&"received_at".to_owned()), "{columns:?}");
    assert!(
        !columns
            .iter()
            .any(|c| c.contains("ip") || c.contains("addr")),
        "{columns:?}"
    );
    // The whole file (checkpointed at close), byte for byte.
    let bytes = std::fs::read(&t.path).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains(&uuid(1)), "the row is in the file");
    assert!(!text.contains("203.0.113.99"));
    assert!(!text.contains("198.51.100.77"));
}

/// Every field: one good variant accepted, bad variants refused with a message naming it.
#[tokio::test]
async fn every_field_is_validated() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    let cases: Vec<(&str, Value, bool)> = vec![
        ("id", json!("2F1C0C8E-3B5A-4C8E-9A47-0D2B1F6E9C11"), true),
        ("id", json!("not-a-uuid"), false),
        ("id", json!(12), false),
        ("content_id", json!("area/2:activity.3_x-y"), true),
        ("content_id", json!(""), false),
        ("content_id", json!("Plan"), false),
        ("content_id", json!("x".repeat(101)), false),
        ("answer", json!("no"), true),
        ("answer", json!("ja"), false),
        ("comment", json!(null), true),
        ("comment", json!("å".repeat(1000)), true),
        ("comment", json!("a".repeat(1001)), false),
        ("comment", json!(["x"]), false),
        ("lang", json!("de"), true),
        ("lang", json!("fi"), false),
        ("mode", json!("kiosk"), true),
        ("mode", json!("popup"), false),
        ("app_version", json!("1.2.3-beta+4"), true),
        ("app_version", json!(""), false),
        ("app_version", json!("9".repeat(33)), false),
        ("created_at", json!("2026-11-26T15:20:00.123+02:00"), true),
        ("created_at", json!("26/11/2026"), false),
        ("replaces", json!(uuid(999)), true),
        ("replaces", json!("x"), false),
        ("elapsed_ms", json!(0), true),
        ("elapsed_ms", json!(-5), false),
        ("elapsed_ms", json!("5400"), false),
        ("website", json!(null), true),
    ];
    for (i, (field, value, good)) in cases.into_iter().enumerate() {
        let mut body = answer(100 + i as u64);
        if field == "id" && good {
            // Distinct per case, still uppercase.
            body["id"] = json!(uuid(100 + i as u64).to_ascii_uppercase());
        } else {
            body[field] = value.clone();
        }
        let reply = send(&r, post(&body)).await;
        if good {
            assert_eq!(
                reply.status,
                StatusCode::CREATED,
                "{field}={value}: {}",
                reply.text()
            );
        } else {
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{field}={value}");
            let message = reply.error();
            assert!(message.contains(field), "{field}={value}: {message:?}");
        }
    }
}

#[tokio::test]
async fn missing_and_unknown_fields_are_named() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    for field in feedback_protocol::REQUIRED_FIELDS {
        let mut body = answer(1);
        body.as_object_mut().unwrap().remove(field);
        let reply = send(&r, post(&body)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(reply.error().contains(field), "{}", reply.error());
    }
    let mut body = answer(1);
    body["ip"] = json!("1.2.3.4");
    let reply = send(&r, post(&body)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        reply.error().contains("unknown field `ip`"),
        "{}",
        reply.error()
    );
    assert_eq!(count_rows(&t.path), 0);
}

/// A timestamp whose offset pushes it outside the accepted range (here to the year 10000
/// in UTC, which once panicked and, with `panic = "abort"`, took the process down) is a
/// 400 naming `created_at`, and the service keeps answering.
#[tokio::test]
async fn a_far_future_or_far_past_created_at_is_a_400_naming_it() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    for (i, created_at) in [
        "9999-12-31T23:59:59-01:00",
        "9999-12-31T23:59:59Z",
        "3000-01-01T00:00:00Z",
        "0000-01-01T00:00:00+01:00",
        "0000-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z",
        "1970-01-01T00:59:59+01:00",
    ]
    .into_iter()
    .enumerate()
    {
        let mut body = answer(300 + i as u64);
        body["created_at"] = json!(created_at);
        let reply = send(&r, post(&body)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{created_at}");
        assert!(
            reply.error().contains("created_at"),
            "{created_at}: {}",
            reply.error()
        );
    }
    // The edges of the range are accepted, and stored in UTC.
    for (i, created_at) in [
        "1970-01-01T01:00:00+01:00",
        "2999-12-31T23:59:59.999999999Z",
        "3000-01-01T00:59:59+01:00",
    ]
    .into_iter()
    .enumerate()
    {
        let mut body = answer(400 + i as u64);
        body["created_at"] = json!(created_at);
        let reply = send(&r, post(&body)).await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "{created_at}: {}",
            reply.text()
        );
    }
    assert_eq!(count_rows(&t.path), 3);
    let reply = send(&r, get("/healthz")).await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test]
async fn malformed_json_is_a_400_with_a_message() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    for body in ["{\"id\": ", "not json", "", "[]", "null"] {
        let reply = send(&r, post(body)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body:?}");
        let message = reply.error();
        assert!(
            message.contains("malformed JSON") || message.contains("JSON object"),
            "{body:?}: {message:?}"
        );
    }
}

#[tokio::test]
async fn a_body_over_4_kib_is_413_with_or_without_content_length() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    let mut body = answer(1);
    body["comment"] = json!("x".repeat(5 * 1024));
    let body = body.to_string();
    assert!(body.len() > 5 * 1024);

    // Declared length: refused before the body is read.
    let reply = send(&r, post(body.clone())).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.error().contains("4096"), "{}", reply.error());

    // No Content-Length (as with chunked transfer): refused while reading.
    let reply = send(&r, post_as(Some("application/json"), body)).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.error().contains("4096"), "{}", reply.error());

    // Exactly 4096 bytes is still fine (padding inside the comment).
    let mut small = answer(2);
    small["comment"] = json!("");
    let pad = 4096 - small.to_string().len();
    small["comment"] = json!("y".repeat(pad.min(1000)));
    let mut s = small.to_string();
    while s.len() < 4096 {
        s.push(' ');
    }
    assert_eq!(s.len(), 4096);
    assert_eq!(
        status_of(&r, post_as(Some("application/json"), s)).await,
        StatusCode::CREATED
    );
    assert_eq!(count_rows(&t.path), 1);
}

#[tokio::test]
async fn wrong_content_type_is_415() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    let body = answer(1).to_string();
    for ct in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let reply = send(&r, post_as(ct, body.clone())).await;
        assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{ct:?}");
        assert!(reply.error().contains("application/json"));
    }
    // Parameters and case are fine.
    let req = post_as(Some("Application/JSON; charset=utf-8"), body);
    assert_eq!(status_of(&r, req).await, StatusCode::CREATED);
    assert_eq!(count_rows(&t.path), 1);
}

fn from_ip(mut req: Request<Body>, ip: [u8; 4]) -> Request<Body> {
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((ip, 40000))));
    req
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after_after_the_burst() {
    let t = TestDb::new();
    // One token every 10 s, after a burst of 3.
    let (r, _store) = router(&t.config_limited(6, 3));
    for n in 0..3 {
        let reply = send(&r, from_ip(post(answer(n)), [192, 0, 2, 10])).await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "request {n} is within the burst"
        );
    }
    let reply = send(&r, from_ip(post(answer(3)), [192, 0, 2, 10])).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = reply
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!((1..=10).contains(&retry), "Retry-After {retry}");
    assert!(reply.error().contains("too many"), "{}", reply.error());
    assert_eq!(count_rows(&t.path), 3, "the refused request stored nothing");

    // Another client has its own bucket.
    let reply = send(&r, from_ip(post(answer(4)), [192, 0, 2, 11])).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    // The limit also covers the read endpoints of the same client.
    let reply = send(&r, from_ip(get("/api/feedback/summary"), [192, 0, 2, 10])).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    // Health checks are never limited.
    let reply = send(&r, from_ip(get("/healthz"), [192, 0, 2, 10])).await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test]
async fn forwarded_for_is_used_only_when_trusted() {
    // The proxy is trusted, so each of its visitors has a bucket of their own: the
    // right-most X-Forwarded-For hop that is not the proxy. Whatever a visitor prepends
    // (here 6.6.6.6, the same invented address each time) does not matter.
    let t = TestDb::new();
    let mut config = t.config_limited(1, 1);
    config.trusted_proxies = "127.0.0.1, 10.0.0.0/8".parse().unwrap();
    let (r, _store) = router(&config);
    let mut statuses = Vec::new();
    for (n, forwarded) in [
        "6.6.6.6, 198.51.100.1",
        "6.6.6.6, 198.51.100.2, 10.0.0.1",
        "6.6.6.6, 198.51.100.1",
    ]
    .iter()
    .enumerate()
    {
        let mut req = from_ip(post(answer(n as u64)), [127, 0, 0, 1]);
        req.headers_mut()
            .insert("x-forwarded-for", forwarded.parse().unwrap());
        statuses.push(send(&r, req).await.status);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::CREATED,
            StatusCode::CREATED,
            StatusCode::TOO_MANY_REQUESTS
        ],
        "visitors 198.51.100.1, 198.51.100.2, then 198.51.100.1 again"
    );

    // A client that is not a trusted proxy cannot choose its address: the header is ignored
    // and the limit applies to the peer, so rotating invented addresses gains nothing (and
    // cannot fill the limiter with them).
    let mut statuses = Vec::new();
    for n in 0..3u64 {
        let mut req = from_ip(post(answer(100 + n)), [192, 0, 2, 50]);
        req.headers_mut().insert(
            "x-forwarded-for",
            format!("198.51.100.{}", 10 + n).parse().unwrap(),
        );
        statuses.push(send(&r, req).await.status);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::CREATED,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::TOO_MANY_REQUESTS
        ],
        "an untrusted peer's X-Forwarded-For is ignored"
    );

    // By default no proxy is trusted, not even loopback.
    let t = TestDb::new();
    let (r, _store) = router(&t.config_limited(1, 1));
    let mut statuses = Vec::new();
    for (n, visitor) in ["198.51.100.1", "198.51.100.2"].iter().enumerate() {
        let mut req = from_ip(post(answer(n as u64)), [127, 0, 0, 1]);
        req.headers_mut()
            .insert("x-forwarded-for", visitor.parse().unwrap());
        statuses.push(send(&r, req).await.status);
    }
    assert_eq!(
        statuses,
        [StatusCode::CREATED, StatusCode::TOO_MANY_REQUESTS],
        "default: trust no one"
    );
}

#[tokio::test]
async fn resending_an_id_answers_duplicate_and_keeps_one_row() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    let body = answer(7).to_string();
    let first = send(&r, post(body.clone())).await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(first.json(), json!({"status": "stored"}));
    let again = send(&r, post(body)).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json(), json!({"status": "duplicate"}));
    // Same id in uppercase and with a different answer: still the same key.
    let mut changed = answer(7);
    changed["id"] = json!(uuid(7).to_ascii_uppercase());
    changed["answer"] = json!("no");
    let third = send(&r, post(&changed)).await;
    assert_eq!(third.status, StatusCode::OK);
    assert_eq!(count_rows(&t.path), 1);
    let answer: String = db(&t.path)
        .query_row("SELECT answer FROM feedback", [], |r| r.get(0))
        .unwrap();
    assert_eq!(answer, "yes", "a duplicate changes nothing");
}

#[tokio::test]
async fn concurrent_resends_store_exactly_one_row() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    let body = answer(8).to_string();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let r = r.clone();
            let body = body.clone();
            tokio::spawn(async move { send(&r, post(body)).await.status })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::CREATED)
            .count(),
        1
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        19
    );
    assert_eq!(count_rows(&t.path), 1);
}

fn superseded_by(t: &TestDb, id: &str) -> Option<String> {
    db(&t.path)
        .query_row(
            "SELECT superseded_by FROM feedback WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap()
}

async fn summary(r: &axum::Router) -> Value {
    let reply = send(r, get("/api/feedback/summary")).await;
    assert_eq!(reply.status, StatusCode::OK);
    reply.json()
}

#[tokio::test]
async fn replaces_supersedes_the_earlier_answer() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    let mut first = answer(1);
    first["answer"] = json!("no");
    assert_eq!(status_of(&r, post(&first)).await, StatusCode::CREATED);
    let mut second = answer(2);
    second["replaces"] = json!(uuid(1));
    assert_eq!(status_of(&r, post(&second)).await, StatusCode::CREATED);

    assert_eq!(count_rows(&t.path), 2, "the replaced row stays");
    assert_eq!(superseded_by(&t, &uuid(1)), Some(uuid(2)));
    assert_eq!(superseded_by(&t, &uuid(2)), None);
    let s = summary(&r).await;
    assert_eq!(
        s["views"],
        json!([{"content_id": "plan", "yes": 1, "no": 0, "helpful_share": 1.0}])
    );

    // Replacing an id that does not exist is ignored.
    let mut orphan = answer(3);
    orphan["replaces"] = json!(uuid(404));
    assert_eq!(status_of(&r, post(&orphan)).await, StatusCode::CREATED);
    assert_eq!(count_rows(&t.path), 3);

    // An answer for another view cannot replace this one.
    let mut other_view = answer(4);
    other_view["content_id"] = json!("partners");
    other_view["replaces"] = json!(uuid(2));
    assert_eq!(status_of(&r, post(&other_view)).await, StatusCode::CREATED);
    assert_eq!(superseded_by(&t, &uuid(2)), None);
}

#[tokio::test]
async fn an_answer_arriving_after_its_replacement_is_born_superseded() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    let mut later = answer(2);
    later["replaces"] = json!(uuid(1));
    assert_eq!(status_of(&r, post(&later)).await, StatusCode::CREATED);
    let mut earlier = answer(1);
    earlier["answer"] = json!("no");
    assert_eq!(status_of(&r, post(&earlier)).await, StatusCode::CREATED);
    assert_eq!(superseded_by(&t, &uuid(1)), Some(uuid(2)));
    let s = summary(&r).await;
    assert_eq!(s["views"][0]["no"], json!(0));
    assert_eq!(s["views"][0]["yes"], json!(1));
}

#[tokio::test]
async fn a_filled_honeypot_looks_stored_but_stores_nothing() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    let mut bot = answer(1);
    bot["website"] = json!("http://cheap-pills.example");
    let reply = send(&r, post(&bot)).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.json(), json!({"status": "stored"}));
    // Even an otherwise invalid body gets the same answer.
    let reply = send(&r, post(json!({"website": "x", "answer": "spam"}))).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(count_rows(&t.path), 0);
    // And the id stays free for a real answer.
    assert_eq!(status_of(&r, post(answer(1))).await, StatusCode::CREATED);
    assert_eq!(count_rows(&t.path), 1);
}

#[tokio::test]
async fn a_comment_sent_too_fast_is_dropped_but_the_answer_counts() {
    let t = TestDb::new();
    let mut config = t.config();
    config.min_comment_ms = 3000;
    let (r, _store) = router(&config);
    let mut fast = answer(1);
    fast["answer"] = json!("no");
    fast["comment"] = json!("buy now");
    fast["elapsed_ms"] = json!(2999);
    let reply = send(&r, post(&fast)).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.json(), json!({"status": "stored"}));
    let mut slow = answer(2);
    slow["comment"] = json!("Tack!");
    slow["elapsed_ms"] = json!(3000);
    assert_eq!(status_of(&r, post(&slow)).await, StatusCode::CREATED);

    let rows: Vec<(String, Option<String>, i64)> = {
        let conn = db(&t.path);
        let mut stmt = conn
            .prepare("SELECT id, comment, comment_dropped FROM feedback ORDER BY id")
            .unwrap();
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows
    };
    assert_eq!(
        rows,
        vec![(uuid(1), None, 1), (uuid(2), Some("Tack!".to_owned()), 0)]
    );
    let s = summary(&r).await;
    assert_eq!(
        s["views"][0]["no"],
        json!(1),
        "the fast answer still counts"
    );
}

fn cors_headers(reply: &Reply) -> Vec<String> {
    reply
        .headers
        .keys()
        .map(|k| k.as_str().to_owned())
        .filter(|k| k.starts_with("access-control-"))
        .collect()
}

#[tokio::test]
async fn cors_allows_listed_origins_only() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());

    let mut req = post(answer(1));
    req.headers_mut().insert("origin", ORIGIN.parse().unwrap());
    let reply = send(&r, req).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.header("access-control-allow-origin"), Some(ORIGIN));
    assert!(reply.headers.get_all("vary").iter().any(|v| v == "origin"));

    let mut req = post(answer(2));
    req.headers_mut()
        .insert("origin", "https://evil.example".parse().unwrap());
    let reply = send(&r, req).await;
    assert_eq!(cors_headers(&reply), Vec::<String>::new());

    // A near miss is a miss: exact match only.
    let mut req = post(answer(3));
    req.headers_mut()
        .insert("origin", "https://app.example:8443".parse().unwrap());
    assert_eq!(cors_headers(&send(&r, req).await), Vec::<String>::new());
}

fn preflight(path: &str, origin: &str) -> Request<Body> {
    Request::builder()
        .method("OPTIONS")
        .uri(path)
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn cors_preflight() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    let reply = send(&r, preflight("/api/feedback", ORIGIN)).await;
    assert!(reply.status.is_success(), "{}", reply.status);
    assert_eq!(reply.header("access-control-allow-origin"), Some(ORIGIN));
    let methods = reply.header("access-control-allow-methods").unwrap();
    assert!(methods.contains("POST"), "{methods}");
    let headers = reply.header("access-control-allow-headers").unwrap();
    assert!(headers.contains("content-type"), "{headers}");
    assert!(reply.header("access-control-max-age").is_some());

    let reply = send(&r, preflight("/api/feedback", "https://evil.example")).await;
    assert_eq!(cors_headers(&reply), Vec::<String>::new());
    assert_eq!(count_rows(&t.path), 0, "a preflight stores nothing");
}

#[tokio::test]
async fn the_summary_is_readable_from_any_origin() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    let req = get_with(
        "/api/feedback/summary",
        &[("origin", "https://anyone.example")],
    );
    let reply = send(&r, req).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    let reply = send(
        &r,
        preflight("/api/feedback/summary", "https://anyone.example"),
    )
    .await;
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    // But the staff endpoints are not.
    let req = get_with(
        "/api/feedback/comments",
        &[
            ("origin", "https://anyone.example"),
            ("authorization", &format!("Bearer {TOKEN}")),
        ],
    );
    let reply = send(&r, req).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(cors_headers(&reply), Vec::<String>::new());
}

#[tokio::test]
async fn a_429_still_carries_cors_headers() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config_limited(1, 1));
    let mut statuses = Vec::new();
    for n in 0..2 {
        let mut req = post(answer(n));
        req.headers_mut().insert("origin", ORIGIN.parse().unwrap());
        let reply = send(&r, req).await;
        assert_eq!(reply.header("access-control-allow-origin"), Some(ORIGIN));
        statuses.push(reply.status);
        if reply.status == StatusCode::TOO_MANY_REQUESTS {
            let exposed = reply.header("access-control-expose-headers").unwrap();
            assert!(exposed.contains("retry-after"));
        }
    }
    assert_eq!(
        statuses,
        [StatusCode::CREATED, StatusCode::TOO_MANY_REQUESTS]
    );
}

#[tokio::test]
async fn staff_endpoints_need_the_token() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    for path in ["/api/feedback/comments", "/api/feedback/export.csv"] {
        let none = send(&r, get(path)).await;
        assert_eq!(none.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(none.header("www-authenticate"), Some("Bearer"));
        assert!(none.error().contains("Bearer"));

        for wrong in ["wrong", "", &TOKEN[..TOKEN.len() - 1], &format!("{TOKEN}x")] {
            let reply = send(&r, get_with_token(path, wrong)).await;
            assert_eq!(
                reply.status,
                StatusCode::UNAUTHORIZED,
                "{path} with {wrong:?}"
            );
            assert_eq!(reply.header("www-authenticate"), Some("Bearer"));
        }
        // Another scheme with the right secret is still wrong.
        let req = get_with(path, &[("authorization", &format!("Basic {TOKEN}"))]);
        assert_eq!(status_of(&r, req).await, StatusCode::UNAUTHORIZED);

        let right = send(&r, get_with_token(path, TOKEN)).await;
        assert_eq!(right.status, StatusCode::OK, "{path}");
        assert_eq!(right.header("cache-control"), Some("no-store"));
        // The scheme is case-insensitive.
        let req = get_with(path, &[("authorization", &format!("bearer {TOKEN}"))]);
        assert_eq!(status_of(&r, req).await, StatusCode::OK);
    }
}

#[tokio::test]
async fn staff_endpoints_are_503_without_a_configured_token() {
    let t = TestDb::new();
    let mut config = t.config();
    config.token = None;
    let (r, _store) = router(&config);
    for path in ["/api/feedback/comments", "/api/feedback/export.csv"] {
        for req in [get(path), get_with_token(path, TOKEN)] {
            let reply = send(&r, req).await;
            assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "{path}");
            assert!(
                reply.error().contains("COLLECTOR_TOKEN"),
                "{}",
                reply.error()
            );
        }
    }
    // The public parts keep working.
    assert_eq!(status_of(&r, post(answer(1))).await, StatusCode::CREATED);
    assert_eq!(
        status_of(&r, get("/api/feedback/summary")).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_summary_counts_per_view_sorted_and_without_superseded_rows() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    let s = summary(&r).await;
    assert_eq!(s["views"], json!([]));
    let plan = [("yes", 10), ("yes", 11), ("yes", 12), ("no", 13)];
    let partners = [("no", 20), ("no", 21)];
    for (view, answers) in [("plan", &plan[..]), ("partners", &partners[..])] {
        for (a, n) in answers {
            let mut b = answer(*n);
            b["content_id"] = json!(view);
            b["answer"] = json!(a);
            assert_eq!(status_of(&r, post(&b)).await, StatusCode::CREATED);
        }
    }
    // A duplicate and a superseded answer must not count.
    let mut dup = answer(10);
    dup["answer"] = json!("no");
    assert_eq!(status_of(&r, post(&dup)).await, StatusCode::OK);
    let mut change = answer(30);
    change["content_id"] = json!("partners");
    change["answer"] = json!("yes");
    change["replaces"] = json!(uuid(21));
    assert_eq!(status_of(&r, post(&change)).await, StatusCode::CREATED);

    let s = summary(&r).await;
    assert_eq!(
        s["views"],
        json!([
            {"content_id": "partners", "yes": 1, "no": 1, "helpful_share": 0.5},
            {"content_id": "plan", "yes": 3, "no": 1, "helpful_share": 0.75}
        ])
    );
    let generated = s["generated_at"].as_str().unwrap();
    assert!(
        generated.ends_with('Z') && generated.len() == 24,
        "{generated}"
    );
}

#[tokio::test]
async fn comments_newest_first_with_exactly_the_contract_fields() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    for (n, comment) in [
        (1, Some("första")),
        (2, None),
        (3, Some("tredje")),
        (4, Some("  ")),
    ] {
        let mut b = answer(n);
        if let Some(c) = comment {
            b["comment"] = json!(c);
        }
        assert_eq!(status_of(&r, post(&b)).await, StatusCode::CREATED);
        // received_at has millisecond resolution; make the order unambiguous.
        tokio::time::sleep(std::time::Duration::from_millis(3)).await;
    }
    let reply = send(&r, get_with_token("/api/feedback/comments", TOKEN)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let page = reply.json();
    let mut top: Vec<&String> = page.as_object().unwrap().keys().collect();
    top.sort();
    assert_eq!(top, ["comments", "next_cursor"]);
    assert_eq!(
        page["next_cursor"],
        Value::Null,
        "everything fits on one page"
    );
    let list = page["comments"].as_array().unwrap();
    let comments: Vec<&str> = list
        .iter()
        .map(|c| c["comment"].as_str().unwrap())
        .collect();
    assert_eq!(comments, ["tredje", "första"]);
    let mut keys: Vec<&String> = list[0].as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "answer",
            "comment",
            "content_id",
            "created_at",
            "id",
            "lang",
            "mode",
            "received_at"
        ]
    );
    assert_eq!(list[0]["id"], json!(uuid(3)));
    assert_eq!(list[0]["lang"], json!("sv"));
}

/// Stores `n` answers with comments `kommentar 0` … straight into the file, all with the same
/// `received_at` for the first half (so the order falls back to the row id) and distinct
/// ones after, plus answers without a comment and a superseded one, which must never show.
fn fill_comments(path: &std::path::Path, n: u64) {
    let mut conn = db(path);
    let tx = conn.transaction().unwrap();
    for i in 0..n {
        let received = if i < n / 2 {
            "2026-11-26T10:00:00.000Z".to_owned()
        } else {
            format!("2026-11-26T11:{:02}:{:02}.000Z", i / 60 % 60, i % 60)
        };
        tx.execute(
            "INSERT INTO feedback (id, content_id, answer, comment, lang, mode, app_version,
                                   created_at, received_at)
             VALUES (?1, 'plan', 'yes', ?2, 'sv', 'standalone', '0.1.0',
                     '2026-11-26T10:00:00Z', ?3)",
            rusqlite::params![uuid(i), format!("kommentar {i}"), received],
        )
        .unwrap();
        if i % 7 == 0 {
            tx.execute(
                "INSERT INTO feedback (id, content_id, answer, lang, mode, app_version,
                                       created_at, received_at)
                 VALUES (?1, 'plan', 'no', 'sv', 'standalone', '0.1.0',
                         '2026-11-26T10:00:00Z', ?2)",
                rusqlite::params![uuid(100_000 + i), received],
            )
            .unwrap();
        }
    }
    tx.execute(
        "INSERT INTO feedback (id, content_id, answer, comment, lang, mode, app_version,
                               created_at, received_at, superseded_by)
         VALUES (?1, 'plan', 'yes', 'ersatt', 'sv', 'standalone', '0.1.0',
                 '2026-11-26T10:00:00Z', '2026-11-26T10:00:00.000Z', ?2)",
        rusqlite::params![uuid(200_000), uuid(0)],
    )
    .unwrap();
    tx.commit().unwrap();
}

/// Follows `next_cursor` from the first page to the last; the comments in order.
async fn all_pages(r: &axum::Router, limit: Option<u32>) -> (Vec<String>, usize) {
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    for pages in 1..=1000 {
        let mut path = String::from("/api/feedback/comments?");
        if let Some(l) = limit {
            path.push_str(&format!("limit={l}&"));
        }
        if let Some(c) = &cursor {
            path.push_str(&format!("cursor={c}"));
        }
        let reply = send(r, get_with_token(&path, TOKEN)).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text());
        let page = reply.json();
        let list = page["comments"].as_array().unwrap();
        assert!(list.len() <= limit.unwrap_or(50) as usize);
        seen.extend(
            list.iter()
                .map(|c| c["comment"].as_str().unwrap().to_owned()),
        );
        match page["next_cursor"].as_str() {
            Some(next) => {
                assert!(!list.is_empty(), "a page with a next page is never empty");
                cursor = Some(next.to_owned());
            }
            None => return (seen, pages),
        }
    }
    panic!("more than 1000 pages");
}

#[tokio::test]
async fn comments_page_through_every_row_once_newest_first() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    fill_comments(&t.path, 123);
    // Newest first: the later half by time (newest = highest i), then the shared timestamp
    // by row id, newest row first.
    let expected: Vec<String> = (0..123).rev().map(|i| format!("kommentar {i}")).collect();
    for (limit, pages) in [
        (None, 3),
        (Some(1), 123),
        (Some(10), 13),
        (Some(123), 1),
        (Some(200), 1),
    ] {
        let (seen, n) = all_pages(&r, limit).await;
        assert_eq!(seen, expected, "limit {limit:?}");
        assert_eq!(n, pages, "limit {limit:?}");
    }
}

#[tokio::test]
async fn comment_pages_stay_stable_while_answers_arrive() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    fill_comments(&t.path, 30);
    let first = send(&r, get_with_token("/api/feedback/comments?limit=10", TOKEN))
        .await
        .json();
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    // A new comment arrives between two pages: it is newer, so it belongs before page one
    // and must not push a row from page one into page two.
    let mut b = answer(999);
    b["comment"] = json!("ny");
    assert_eq!(status_of(&r, post(&b)).await, StatusCode::CREATED);
    let second = send(
        &r,
        get_with_token(
            &format!("/api/feedback/comments?limit=10&cursor={cursor}"),
            TOKEN,
        ),
    )
    .await
    .json();
    let texts = |page: &Value| -> Vec<String> {
        page["comments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["comment"].as_str().unwrap().to_owned())
            .collect()
    };
    let expected: Vec<String> = (10..20).rev().map(|i| format!("kommentar {i}")).collect();
    assert_eq!(texts(&second), expected);
    let newest = send(&r, get_with_token("/api/feedback/comments?limit=1", TOKEN))
        .await
        .json();
    assert_eq!(texts(&newest), ["ny"]);
}

#[tokio::test]
async fn bad_limits_and_cursors_are_a_clear_400() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    fill_comments(&t.path, 5);
    let hex = |s: &str| s.bytes().map(|b| format!("{b:02x}")).collect::<String>();
    let cases = [
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("limit=-1", "limit"),
        ("limit=ten", "limit"),
        ("limit=", "limit"),
        ("limit=1.5", "limit"),
        ("limit=99999999999999999999", "limit"),
        ("cursor=", "cursor"),
        ("cursor=abc", "cursor"),
        ("cursor=zz", "cursor"),
        ("cursor=%FF%FE", "cursor"),
        (&*format!("cursor={}", hex("1:2026' OR 1=1 --")), "cursor"),
        (&*format!("cursor={}", "ab".repeat(1000)), "cursor"),
        ("limit=1&limit=2", "limit"),
    ];
    for (query, field) in cases {
        let path = format!("/api/feedback/comments?{query}");
        let reply = send(&r, get_with_token(&path, TOKEN)).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{query}: {}",
            reply.text()
        );
        let message = reply.error();
        assert!(message.contains(field), "{query}: {message}");
    }
    // The token is checked first: without it, a bad query is still a 401.
    let reply = send(&r, get("/api/feedback/comments?limit=0")).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    // A cursor of the right form that matches no row is simply the end.
    let past = hex("0:0000-00-00T00:00:00.000Z");
    let reply = send(
        &r,
        get_with_token(&format!("/api/feedback/comments?cursor={past}"), TOKEN),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json(), json!({"comments": [], "next_cursor": null}));
}

/// Splits RFC 4180 CSV (quoted fields may hold commas, quotes and line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "records end in CRLF");
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    assert!(cell.is_empty() && row.is_empty(), "the file ends with CRLF");
    rows
}

#[tokio::test]
async fn the_csv_export_quotes_properly_and_neutralises_formulas() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    let comments = [
        "=HYPERLINK(\"http://evil.example\",\"klicka\")",
        "+46 19 00 00",
        "-1+1",
        "@SUM(A1:A9)",
        "rad ett,\n\"rad två\"",
        "helt vanlig",
    ];
    for (i, c) in comments.iter().enumerate() {
        let mut b = answer(i as u64);
        b["comment"] = json!(c);
        assert_eq!(status_of(&r, post(&b)).await, StatusCode::CREATED);
    }
    // A superseded row is not exported.
    let mut b = answer(50);
    b["replaces"] = json!(uuid(5));
    assert_eq!(status_of(&r, post(&b)).await, StatusCode::CREATED);

    let reply = send(&r, get_with_token("/api/feedback/export.csv", TOKEN)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    assert!(reply
        .header("content-disposition")
        .unwrap()
        .starts_with("attachment; filename=\"feedback-"));
    let text = reply.text();
    let text = text.strip_prefix('\u{feff}').expect("UTF-8 BOM for Excel");
    // The header record, as a spreadsheet or a script sees the file's first line.
    assert_eq!(
        text.split("\r\n").next(),
        Some(
            "id,content_id,answer,comment,comment_dropped,lang,mode,app_version,created_at,\
             received_at,replaces,elapsed_ms"
        )
    );
    let rows = parse_csv(text);
    assert_eq!(
        rows.len(),
        1 + 6,
        "header + 5 counted + 1 replacing; superseded left out"
    );
    let exported: Vec<&str> = rows[1..].iter().map(|r| r[3].as_str()).collect();
    assert_eq!(
        exported,
        [
            "'=HYPERLINK(\"http://evil.example\",\"klicka\")",
            "'+46 19 00 00",
            "'-1+1",
            "'@SUM(A1:A9)",
            "rad ett,\n\"rad två\"",
            "",
        ]
    );
    assert!(!rows.iter().any(|r| r[0] == uuid(5)));
    let last = rows.last().unwrap();
    assert_eq!(last[0], uuid(50));
    assert_eq!(last[10], uuid(5), "replaces column");
    assert_eq!(last[11], "5400");
    assert_eq!(rows[1][4], "false");
    // No cell anywhere starts with a formula trigger.
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
    }
    // The comment with a comma, quotes and a line break round-trips.
    let quoted_row = rows.iter().find(|r| r[0] == uuid(4)).unwrap();
    assert_eq!(quoted_row[3], "rad ett,\n\"rad två\"");
}

/// Reads a CSV export back with the `csv` crate, as a spreadsheet splitting on `delimiter`
/// would (quotes are only special at the start of a field; record lengths may vary).
fn read_back(text: &str, delimiter: u8) -> Vec<Vec<String>> {
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .byte_records()
        .map(|r| {
            r.expect("readable CSV")
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect()
        })
        .collect()
}

/// What a spreadsheet would run as a formula at the start of a cell (OWASP's list).
fn starts_a_formula(field: &str) -> bool {
    field.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

#[tokio::test]
async fn the_csv_export_is_safe_whether_read_with_commas_or_semicolons() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    let mut b = answer(1);
    b["comment"] = json!("x;=1+1;y");
    assert_eq!(status_of(&r, post(&b)).await, StatusCode::CREATED);
    // Written straight into the file, so the test holds whatever the payload rules allow.
    db(&t.path)
        .execute(
            "INSERT INTO feedback (id, content_id, answer, comment, lang, mode, app_version,
                                   created_at, received_at)
             VALUES (?1, 'plan', 'no', 'rad ett\n@SUM(A1)', 'sv', 'standalone', '1;=2',
                     '2026-11-26T15:20:00Z', '2999-01-01T00:00:00.000Z')",
            [uuid(2)],
        )
        .unwrap();

    let reply = send(&r, get_with_token("/api/feedback/export.csv", TOKEN)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let text = reply.text();
    let text = text.strip_prefix('\u{feff}').expect("UTF-8 BOM for Excel");
    assert!(text.ends_with("\r\n"), "CRLF records");

    for delimiter in [b',', b';'] {
        for field in read_back(text, delimiter).iter().flatten() {
            assert!(
                !starts_a_formula(field),
                "read with {:?}, a cell starts a formula: {field:?}\n{text}",
                delimiter as char
            );
        }
    }

    let rows = read_back(text, b',');
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(rows.iter().all(|r| r.len() == 12), "{rows:?}");
    assert_eq!(rows[1][3], "x;'=1+1;y", "neutralised after each ;");
    assert_eq!(rows[2][7], "1;'=2", "app_version too");
    assert_eq!(rows[2][3], "rad ett\n'@SUM(A1)", "and after a line break");
}

/// Stores `n` answers straight into the file, oldest first, with comments long enough that
/// the export spans many chunks.
fn fill_answers(path: &std::path::Path, n: u64) {
    let mut conn = db(path);
    let tx = conn.transaction().unwrap();
    for i in 0..n {
        tx.execute(
            "INSERT INTO feedback (id, content_id, answer, comment, lang, mode, app_version,
                                   created_at, received_at, elapsed_ms)
             VALUES (?1, 'plan', 'yes', ?2, 'sv', 'standalone', '0.1.0',
                     '2026-11-26T10:00:00Z', ?3, ?4)",
            rusqlite::params![
                uuid(i),
                format!(
                    "Rad {i}; \"citat\", =formel\noch mer text {}",
                    "å".repeat(40)
                ),
                format!(
                    "2026-11-26T10:{:02}:{:02}.{:03}Z",
                    i / 60_000 % 60,
                    i / 1000 % 60,
                    i % 1000
                ),
                i as i64
            ],
        )
        .unwrap();
    }
    tx.commit().unwrap();
}

#[tokio::test]
async fn a_large_export_is_streamed_complete_and_in_order() {
    let t = TestDb::new();
    let (addr, stop, task) = start_server(t.config()).await;
    fill_answers(&t.path, 3000);
    let reply = http(addr, &raw_get("/api/feedback/export.csv", Some(TOKEN)))
        .await
        .unwrap();
    assert_eq!(reply.status, 200);
    // Streamed: no length known in advance, sent in chunks.
    assert_eq!(reply.header("transfer-encoding"), Some("chunked"));
    assert_eq!(reply.header("content-length"), None);
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    assert!(
        reply.body.len() > 8 * collector::export::CHUNK_BYTES,
        "{}",
        reply.body.len()
    );
    let text = reply.body.strip_prefix('\u{feff}').expect("BOM first");
    assert!(
        text.starts_with("id,content_id,answer,comment,"),
        "header line next"
    );
    let rows = read_back(text, b',');
    assert_eq!(rows.len(), 1 + 3000);
    for (i, row) in rows[1..].iter().enumerate() {
        assert_eq!(row.len(), 12);
        assert_eq!(
            row[0],
            uuid(i as u64),
            "oldest first, none lost or repeated"
        );
        assert_eq!(row[11], i.to_string());
        assert!(row[3].starts_with(&format!("Rad {i}; \"citat\", =formel\noch mer")));
    }
    let _ = stop.send(());
    task.await.unwrap().unwrap();
}

#[tokio::test]
async fn clients_that_leave_an_export_half_way_cost_nothing_lasting() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let t = TestDb::new();
    let (addr, stop, task) = start_server(t.config()).await;
    fill_answers(&t.path, 3000);
    // Ten clients each read the start of the file and hang up. Only two exports run at
    // once, and the server notices a hang-up at its next write, so one may briefly find
    // both places taken (503): it tries again, for at most 5 s.
    for _ in 0..10 {
        let mut tries = 0;
        loop {
            let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
            stream
                .write_all(&raw_get("/api/feedback/export.csv", Some(TOKEN)))
                .await
                .unwrap();
            let mut start = [0u8; 4096];
            let n =
                tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut start))
                    .await
                    .expect("the export starts")
                    .unwrap();
            assert!(n > 0);
            tries += 1;
            if start.starts_with(b"HTTP/1.1 503") && tries < 250 {
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                continue;
            }
            assert!(start.starts_with(b"HTTP/1.1 200"), "after {tries} tries");
            break;
        }
    }
    // The next one still gets the whole file (once a place is free again), and the API
    // still answers.
    let mut reply = http(addr, &raw_get("/api/feedback/export.csv", Some(TOKEN)))
        .await
        .unwrap();
    for _ in 0..250 {
        if reply.status != 503 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        reply = http(addr, &raw_get("/api/feedback/export.csv", Some(TOKEN)))
            .await
            .unwrap();
    }
    assert_eq!(reply.status, 200);
    assert_eq!(
        read_back(reply.body.trim_start_matches('\u{feff}'), b',').len(),
        3001
    );
    let reply = http(
        addr,
        &raw_get("/api/feedback/comments?limit=1", Some(TOKEN)),
    )
    .await
    .unwrap();
    assert_eq!(reply.status, 200);
    let _ = stop.send(());
    task.await.unwrap().unwrap();
}

#[tokio::test]
async fn at_most_two_exports_run_at_once_and_a_third_is_a_json_503() {
    use tower::ServiceExt as _;
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    fill_answers(&t.path, 10);
    let start = || {
        r.clone()
            .oneshot(get_with_token("/api/feedback/export.csv", TOKEN))
    };
    // Two downloads under way: their bodies are not read yet.
    let first = start().await.unwrap();
    let second = start().await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(second.status(), StatusCode::OK);

    let reply = send(&r, get_with_token("/api/feedback/export.csv", TOKEN)).await;
    assert_eq!(
        reply.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        reply.text()
    );
    assert_eq!(reply.header("retry-after"), Some("5"));
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    assert!(
        reply.error().contains("exports are running"),
        "{}",
        reply.error()
    );
    // The comments are not limited by it.
    let reply = send(&r, get_with_token("/api/feedback/comments", TOKEN)).await;
    assert_eq!(reply.status, StatusCode::OK);

    // A download that is dropped half-way frees its place at once.
    drop(first);
    let third = start().await.unwrap();
    assert_eq!(third.status(), StatusCode::OK);
    // So does one read to the end.
    let body = http_body_util::BodyExt::collect(second.into_body())
        .await
        .unwrap()
        .to_bytes();
    assert_eq!(
        read_back(
            std::str::from_utf8(&body)
                .unwrap()
                .trim_start_matches('\u{feff}'),
            b','
        )
        .len(),
        11
    );
    let reply = send(&r, get_with_token("/api/feedback/export.csv", TOKEN)).await;
    assert_eq!(reply.status, StatusCode::OK);
    drop(third);
}

#[tokio::test]
async fn an_export_that_fails_before_its_first_byte_is_a_json_500() {
    let t = TestDb::new();
    let (r, store) = router(&t.config());
    fill_answers(&t.path, 10);
    store.close().await.unwrap();
    let reply = send(&r, get_with_token("/api/feedback/export.csv", TOKEN)).await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(reply.error(), "the export could not be read");
    let reply = send(&r, get_with_token("/api/feedback/comments", TOKEN)).await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn unknown_paths_and_methods() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    assert_eq!(
        status_of(&r, get("/api/nothing")).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        status_of(&r, get("/api/feedback")).await,
        StatusCode::METHOD_NOT_ALLOWED
    );
}

#[tokio::test]
async fn the_wal_is_checkpointed_in_the_background() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    for n in 0..5 {
        assert_eq!(status_of(&r, post(answer(n))).await, StatusCode::CREATED);
    }
    // Automatic checkpoints are off on the writer; only the background thread copies the
    // WAL into the main file. Give it a few rounds, with the store still open.
    let mut in_main_file = false;
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let bytes = std::fs::read(&t.path).unwrap();
        if String::from_utf8_lossy(&bytes).contains(&uuid(4)) {
            in_main_file = true;
            break;
        }
    }
    assert!(
        in_main_file,
        "rows reach the main database file while running"
    );
}

#[tokio::test]
async fn a_database_from_a_newer_version_is_refused() {
    let t = TestDb::new();
    std::fs::create_dir_all(t.path.parent().unwrap()).unwrap();
    rusqlite::Connection::open(&t.path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let e = collector::Store::open(&t.path).unwrap_err();
    assert!(e.to_string().contains("99"), "{e}");
    // And a new file gets the current version.
    let t2 = TestDb::new();
    let (_r, _store) = router(&t2.config());
    let v: i64 = db(&t2.path)
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, collector::store::SCHEMA_VERSION);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_row_that_fails_to_store_is_a_500_and_takes_no_other_row_with_it() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    // Make the database refuse one particular view, as a full disk or a bug might.
    db(&t.path)
        .execute_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON feedback WHEN NEW.content_id = 'boom'
             BEGIN SELECT RAISE(ABORT, 'refused'); END;",
        )
        .unwrap();
    let tasks: Vec<_> = (0..40u64)
        .map(|n| {
            let r = r.clone();
            let mut b = answer(n);
            if n == 17 {
                b["content_id"] = json!("boom");
            }
            tokio::spawn(async move { (n, send(&r, post(&b)).await) })
        })
        .collect();
    for task in tasks {
        let (n, reply) = task.await.unwrap();
        if n == 17 {
            assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
            assert!(
                !reply.error().contains("refused"),
                "no internals in the message"
            );
        } else {
            assert_eq!(reply.status, StatusCode::CREATED, "answer {n}");
        }
    }
    assert_eq!(count_rows(&t.path), 39);
    assert!(!ids_in_db(&t.path).contains(&uuid(17)));
}
