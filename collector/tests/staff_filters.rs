//! The staff endpoints' filters (`from`, `to`, `lang`, `mode`): applied alike to the
//! summary, its weekly counts, the comments (with paging) and the CSV export, and every
//! bad value a 400 with a JSON message, never a 500.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

/// One stored answer: (n, content_id, answer, lang, mode, received_at, comment).
type Row<'a> = (
    u64,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    Option<&'a str>,
);

/// Answers stored straight into the file, with the received_at, language and mode each
/// test needs.
fn fill(path: &std::path::Path) {
    let rows: &[Row] = &[
        (
            1,
            "plan",
            "yes",
            "sv",
            "standalone",
            "2026-11-16T08:00:00.000Z",
            Some("vecka 47"),
        ),
        (
            2,
            "plan",
            "no",
            "en",
            "kiosk",
            "2026-11-30T00:00:00.000Z",
            Some("monday W49"),
        ),
        (
            3,
            "fa-1",
            "yes",
            "sv",
            "embedded",
            "2026-12-02T10:15:00.000Z",
            Some("onsdag"),
        ),
        (
            4,
            "fa-1",
            "yes",
            "de",
            "standalone",
            "2026-12-06T23:59:59.999Z",
            None,
        ),
        (
            5,
            "plan",
            "yes",
            "sv",
            "standalone",
            "2026-12-07T00:00:00.000Z",
            Some("W50"),
        ),
    ];
    let conn = db(path);
    for (n, content, answer, lang, mode, received, comment) in rows {
        conn.execute(
            "INSERT INTO feedback (id, content_id, answer, comment, lang, mode, app_version,
                                   created_at, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, '0.1.0', '2026-11-16T08:00:00Z', ?7)",
            rusqlite::params![uuid(*n), content, answer, comment, lang, mode, received],
        )
        .unwrap();
    }
}

async fn summary(r: &axum::Router, query: &str) -> Value {
    let reply = send(r, get(&format!("/api/feedback/summary?{query}"))).await;
    assert_eq!(reply.status, StatusCode::OK, "{query}: {}", reply.text());
    reply.json()
}

fn views(s: &Value) -> Vec<(String, u64, u64)> {
    s["views"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let n = |k: &str| v[k].as_u64().unwrap();
            (
                v["content_id"].as_str().unwrap().to_owned(),
                n("yes"),
                n("no"),
            )
        })
        .collect()
}

fn weeks(s: &Value) -> Vec<(String, u64)> {
    s["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["week"].as_str().unwrap().to_owned(),
                w["answers"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn owned<const N: usize>(rows: [(&str, u64, u64); N]) -> Vec<(String, u64, u64)> {
    rows.iter()
        .map(|(c, y, n)| (c.to_string(), *y, *n))
        .collect()
}

#[tokio::test]
async fn the_summary_and_its_weeks_follow_every_filter() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    fill(&t.path);

    let all = summary(&r, "").await;
    assert_eq!(views(&all), owned([("fa-1", 2, 0), ("plan", 2, 1)]));
    let w = |list: &[(&str, u64)]| -> Vec<(String, u64)> {
        list.iter().map(|(w, n)| (w.to_string(), *n)).collect()
    };
    assert_eq!(
        weeks(&all),
        w(&[
            ("2026-W47", 1),
            ("2026-W48", 0),
            ("2026-W49", 3),
            ("2026-W50", 1)
        ])
    );
    assert_eq!(all["weeks"][2]["monday"], json!("2026-11-30"));

    // Whole UTC days at both ends: Monday 00:00 and Sunday 23:59:59.999 are in week 49.
    let w49 = summary(&r, "from=2026-11-30&to=2026-12-06").await;
    assert_eq!(views(&w49), owned([("fa-1", 2, 0), ("plan", 0, 1)]));
    assert_eq!(weeks(&w49), w(&[("2026-W49", 3)]));
    let since = summary(&r, "from=2026-12-07").await;
    assert_eq!(views(&since), owned([("plan", 1, 0)]));
    let until = summary(&r, "to=2026-11-16").await;
    assert_eq!(views(&until), owned([("plan", 1, 0)]));

    let sv = summary(&r, "lang=sv").await;
    assert_eq!(views(&sv), owned([("fa-1", 1, 0), ("plan", 2, 0)]));
    let kiosk = summary(&r, "mode=kiosk").await;
    assert_eq!(views(&kiosk), owned([("plan", 0, 1)]));
    assert_eq!(weeks(&kiosk), w(&[("2026-W49", 1)]));
    let both = summary(&r, "lang=sv&mode=embedded&from=2026-12-01&to=2026-12-31").await;
    assert_eq!(views(&both), owned([("fa-1", 1, 0)]));

    let none = summary(&r, "lang=de&mode=kiosk").await;
    assert_eq!(none["views"], json!([]));
    assert_eq!(none["weeks"], json!([]));
}

#[tokio::test]
async fn comments_and_their_pages_follow_the_filter() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    fill(&t.path);
    let texts = |page: &Value| -> Vec<String> {
        page["comments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["comment"].as_str().unwrap().to_owned())
            .collect()
    };
    let page = |q: String| {
        let r = r.clone();
        async move {
            let reply = send(
                &r,
                get_with_token(&format!("/api/feedback/comments?{q}"), TOKEN),
            )
            .await;
            assert_eq!(reply.status, StatusCode::OK, "{q}: {}", reply.text());
            reply.json()
        }
    };
    assert_eq!(
        texts(&page("lang=sv".into()).await),
        ["W50", "onsdag", "vecka 47"]
    );
    assert_eq!(
        texts(&page("from=2026-11-30&to=2026-12-06".into()).await),
        ["onsdag", "monday W49"]
    );
    // Paging within a filter: one at a time, the cursor carried with the same filter.
    let first = page("lang=sv&limit=1".into()).await;
    assert_eq!(texts(&first), ["W50"]);
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    let second = page(format!("lang=sv&limit=1&cursor={cursor}")).await;
    assert_eq!(texts(&second), ["onsdag"]);
    let cursor = second["next_cursor"].as_str().unwrap().to_owned();
    let third = page(format!("limit=1&cursor={cursor}&lang=sv")).await;
    assert_eq!(texts(&third), ["vecka 47"]);
    assert_eq!(third["next_cursor"], Value::Null);
}

#[tokio::test]
async fn the_export_follows_the_filter() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    fill(&t.path);
    let ids = |query: &str| {
        let r = r.clone();
        let query = query.to_owned();
        async move {
            let reply = send(
                &r,
                get_with_token(&format!("/api/feedback/export.csv?{query}"), TOKEN),
            )
            .await;
            assert_eq!(reply.status, StatusCode::OK, "{query}");
            let text = reply.text();
            text.split("\r\n")
                .skip(1)
                .filter(|l| !l.is_empty())
                .map(|l| l.split(',').next().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(ids("").await, (1..=5).map(uuid).collect::<Vec<_>>());
    assert_eq!(ids("mode=standalone").await, [uuid(1), uuid(4), uuid(5)]);
    assert_eq!(ids("from=2026-12-01&lang=de").await, [uuid(4)]);
    assert!(ids("to=2026-11-15").await.is_empty());
}

#[tokio::test]
async fn bad_filter_values_are_a_400_with_a_message_on_every_staff_endpoint() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    fill(&t.path);
    let huge = format!("from={}", "9".repeat(5000));
    let cases: &[(&str, &str)] = &[
        ("from=", "from must be a date"),
        ("to=", "to must be a date"),
        ("lang=", "lang must be one of"),
        ("mode=", "mode must be one of"),
        ("from=2026-13-01", "from must be a date"),
        ("from=2026-02-29", "from must be a date"),
        ("to=26-12-01", "to must be a date"),
        ("from=2026-12-01T00:00", "from must be a date"),
        ("lang=SV", "lang must be one of"),
        ("lang=sv-SE", "lang must be one of"),
        ("mode=Kiosk", "mode must be one of"),
        ("lang=sv&lang=sv", "more than once"),
        ("from=2026-12-01&from=2026-12-02", "more than once"),
        ("from=2026-12-02&to=2026-12-01", "swap them"),
        ("lang=sv'%20OR%20'1'='1", "lang must be one of"),
        ("mode=kiosk;DROP%20TABLE%20feedback", "mode must be one of"),
        ("lang=%FF%FE", "not UTF-8"),
        ("lang=%C0%AE", "not UTF-8"),
        ("mode=%ED%A0%80", "not UTF-8"),
        ("lang=%zz", "two hex digits"),
        ("lang=%", "two hex digits"),
        ("lang=sv%00", "lang must be one of"),
        (&huge, "longer than"),
    ];
    for path in [
        "/api/feedback/summary",
        "/api/feedback/comments",
        "/api/feedback/export.csv",
    ] {
        for (query, says) in cases {
            let reply = send(&r, get_with_token(&format!("{path}?{query}"), TOKEN)).await;
            let shown = &query[..query.len().min(60)];
            assert_eq!(
                reply.status,
                StatusCode::BAD_REQUEST,
                "{path}?{shown}: {}",
                reply.text()
            );
            let message = reply.error();
            assert!(message.contains(says), "{path}?{shown}: {message}");
        }
    }
    // The token still comes first on the staff endpoints.
    let reply = send(&r, get("/api/feedback/export.csv?lang=xx")).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    // Nothing was touched.
    assert_eq!(count_rows(&t.path), 5);
}
