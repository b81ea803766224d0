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
    let reply = send(&r, post(body.to_string())).await;
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
    config.trust_forwarded_for = true;
    let (r, store) = router(&config);
    let mut req = post(answer(1).to_string());
    req.headers_mut()
        .insert("x-forwarded-for", "198.51.100.77".parse().unwrap());
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([203, 0, 113, 99], 5555))));
    assert_eq!(send(&r, req).await.status, StatusCode::CREATED);
    drop(r);
    store.close().await.unwrap();

    let columns: Vec<String> = {
        let conn = db(&t.path);
        let mut stmt = conn
            .prepare("SELECT name FROM pragma_table_info('feedback')")
            .unwrap();
        let names = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<Vec<String>, _>>()
            .unwrap();
        names
    };
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
        let reply = send(&r, post(body.to_string())).await;
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
    for field in [
        "id",
        "content_id",
        "answer",
        "lang",
        "mode",
        "app_version",
        "created_at",
    ] {
        let mut body = answer(1);
        body.as_object_mut().unwrap().remove(field);
        let reply = send(&r, post(body.to_string())).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(reply.error().contains(field), "{}", reply.error());
    }
    let mut body = answer(1);
    body["ip"] = json!("1.2.3.4");
    let reply = send(&r, post(body.to_string())).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        reply.error().contains("unknown field `ip`"),
        "{}",
        reply.error()
    );
    assert_eq!(count_rows(&t.path), 0);
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
    let req = Request::post("/api/feedback")
        .header("content-type", "application/json")
        .body(Body::from(body))
        .unwrap();
    let reply = send(&r, req).await;
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
    let req = Request::post("/api/feedback")
        .header("content-type", "application/json")
        .body(Body::from(s))
        .unwrap();
    assert_eq!(send(&r, req).await.status, StatusCode::CREATED);
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
        let mut b = Request::post("/api/feedback");
        if let Some(ct) = ct {
            b = b.header("content-type", ct);
        }
        let reply = send(&r, b.body(Body::from(body.clone())).unwrap()).await;
        assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{ct:?}");
        assert!(reply.error().contains("application/json"));
    }
    // Parameters and case are fine.
    let req = Request::post("/api/feedback")
        .header("content-type", "Application/JSON; charset=utf-8")
        .body(Body::from(body))
        .unwrap();
    assert_eq!(send(&r, req).await.status, StatusCode::CREATED);
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
    let mut config = t.config();
    config.rate_per_minute = 6; // one token every 10 s
    config.rate_burst = 3;
    let (r, _store) = router(&config);
    for n in 0..3 {
        let reply = send(&r, from_ip(post(answer(n).to_string()), [192, 0, 2, 10])).await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "request {n} is within the burst"
        );
    }
    let reply = send(&r, from_ip(post(answer(3).to_string()), [192, 0, 2, 10])).await;
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
    let reply = send(&r, from_ip(post(answer(4).to_string()), [192, 0, 2, 11])).await;
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
    for trusted in [false, true] {
        let t = TestDb::new();
        let mut config = t.config();
        config.rate_per_minute = 1;
        config.rate_burst = 1;
        config.trust_forwarded_for = trusted;
        let (r, _store) = router(&config);
        // Same peer (the proxy), two different visitors.
        let mut statuses = Vec::new();
        for (n, visitor) in ["198.51.100.1", "198.51.100.2, 10.0.0.1"]
            .iter()
            .enumerate()
        {
            let mut req = from_ip(post(answer(n as u64).to_string()), [127, 0, 0, 1]);
            req.headers_mut()
                .insert("x-forwarded-for", visitor.parse().unwrap());
            statuses.push(send(&r, req).await.status);
        }
        let expected = if trusted {
            vec![StatusCode::CREATED, StatusCode::CREATED]
        } else {
            vec![StatusCode::CREATED, StatusCode::TOO_MANY_REQUESTS]
        };
        assert_eq!(statuses, expected, "trust_forwarded_for = {trusted}");
    }
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
    let third = send(&r, post(changed.to_string())).await;
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
    assert_eq!(
        send(&r, post(first.to_string())).await.status,
        StatusCode::CREATED
    );
    let mut second = answer(2);
    second["replaces"] = json!(uuid(1));
    assert_eq!(
        send(&r, post(second.to_string())).await.status,
        StatusCode::CREATED
    );

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
    assert_eq!(
        send(&r, post(orphan.to_string())).await.status,
        StatusCode::CREATED
    );
    assert_eq!(count_rows(&t.path), 3);

    // An answer for another view cannot replace this one.
    let mut other_view = answer(4);
    other_view["content_id"] = json!("partners");
    other_view["replaces"] = json!(uuid(2));
    assert_eq!(
        send(&r, post(other_view.to_string())).await.status,
        StatusCode::CREATED
    );
    assert_eq!(superseded_by(&t, &uuid(2)), None);
}

#[tokio::test]
async fn an_answer_arriving_after_its_replacement_is_born_superseded() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    let mut later = answer(2);
    later["replaces"] = json!(uuid(1));
    assert_eq!(
        send(&r, post(later.to_string())).await.status,
        StatusCode::CREATED
    );
    let mut earlier = answer(1);
    earlier["answer"] = json!("no");
    assert_eq!(
        send(&r, post(earlier.to_string())).await.status,
        StatusCode::CREATED
    );
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
    let reply = send(&r, post(bot.to_string())).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.json(), json!({"status": "stored"}));
    // Even an otherwise invalid body gets the same answer.
    let reply = send(
        &r,
        post(json!({"website": "x", "answer": "spam"}).to_string()),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(count_rows(&t.path), 0);
    // And the id stays free for a real answer.
    assert_eq!(
        send(&r, post(answer(1).to_string())).await.status,
        StatusCode::CREATED
    );
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
    let reply = send(&r, post(fast.to_string())).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.json(), json!({"status": "stored"}));
    let mut slow = answer(2);
    slow["comment"] = json!("Tack!");
    slow["elapsed_ms"] = json!(3000);
    assert_eq!(
        send(&r, post(slow.to_string())).await.status,
        StatusCode::CREATED
    );

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

    let mut req = post(answer(1).to_string());
    req.headers_mut().insert("origin", ORIGIN.parse().unwrap());
    let reply = send(&r, req).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.header("access-control-allow-origin"), Some(ORIGIN));
    assert!(reply.headers.get_all("vary").iter().any(|v| v == "origin"));

    let mut req = post(answer(2).to_string());
    req.headers_mut()
        .insert("origin", "https://evil.example".parse().unwrap());
    let reply = send(&r, req).await;
    assert_eq!(cors_headers(&reply), Vec::<String>::new());

    // A near miss is a miss: exact match only.
    let mut req = post(answer(3).to_string());
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
    let req = Request::get("/api/feedback/summary")
        .header("origin", "https://anyone.example")
        .body(Body::empty())
        .unwrap();
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
    let req = Request::get("/api/feedback/comments")
        .header("origin", "https://anyone.example")
        .header("authorization", format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .unwrap();
    let reply = send(&r, req).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(cors_headers(&reply), Vec::<String>::new());
}

#[tokio::test]
async fn a_429_still_carries_cors_headers() {
    let t = TestDb::new();
    let mut config = t.config();
    config.rate_per_minute = 1;
    config.rate_burst = 1;
    let (r, _store) = router(&config);
    let mut statuses = Vec::new();
    for n in 0..2 {
        let mut req = post(answer(n).to_string());
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
        let req = Request::get(path)
            .header("authorization", format!("Basic {TOKEN}"))
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&r, req).await.status, StatusCode::UNAUTHORIZED);

        let right = send(&r, get_with_token(path, TOKEN)).await;
        assert_eq!(right.status, StatusCode::OK, "{path}");
        assert_eq!(right.header("cache-control"), Some("no-store"));
        // The scheme is case-insensitive.
        let req = Request::get(path)
            .header("authorization", format!("bearer {TOKEN}"))
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&r, req).await.status, StatusCode::OK);
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
    assert_eq!(
        send(&r, post(answer(1).to_string())).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        send(&r, get("/api/feedback/summary")).await.status,
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
            assert_eq!(
                send(&r, post(b.to_string())).await.status,
                StatusCode::CREATED
            );
        }
    }
    // A duplicate and a superseded answer must not count.
    let mut dup = answer(10);
    dup["answer"] = json!("no");
    assert_eq!(send(&r, post(dup.to_string())).await.status, StatusCode::OK);
    let mut change = answer(30);
    change["content_id"] = json!("partners");
    change["answer"] = json!("yes");
    change["replaces"] = json!(uuid(21));
    assert_eq!(
        send(&r, post(change.to_string())).await.status,
        StatusCode::CREATED
    );

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
        assert_eq!(
            send(&r, post(b.to_string())).await.status,
            StatusCode::CREATED
        );
        // received_at has millisecond resolution; make the order unambiguous.
        tokio::time::sleep(std::time::Duration::from_millis(3)).await;
    }
    let reply = send(&r, get_with_token("/api/feedback/comments", TOKEN)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let list = reply.json();
    let list = list.as_array().unwrap();
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
        assert_eq!(
            send(&r, post(b.to_string())).await.status,
            StatusCode::CREATED
        );
    }
    // A superseded row is not exported.
    let mut b = answer(50);
    b["replaces"] = json!(uuid(5));
    assert_eq!(
        send(&r, post(b.to_string())).await.status,
        StatusCode::CREATED
    );

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
    let rows = parse_csv(text);
    assert_eq!(
        rows[0],
        [
            "id",
            "content_id",
            "answer",
            "comment",
            "comment_dropped",
            "lang",
            "mode",
            "app_version",
            "created_at",
            "received_at",
            "replaces",
            "elapsed_ms"
        ]
    );
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

#[tokio::test]
async fn unknown_paths_and_methods() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    assert_eq!(
        send(&r, get("/api/nothing")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        send(&r, get("/api/feedback")).await.status,
        StatusCode::METHOD_NOT_ALLOWED
    );
}

#[tokio::test]
async fn the_wal_is_checkpointed_in_the_background() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    for n in 0..5 {
        assert_eq!(
            send(&r, post(answer(n).to_string())).await.status,
            StatusCode::CREATED
        );
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
            tokio::spawn(async move { (n, send(&r, post(b.to_string())).await) })
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
