//! The real server on a real TCP listener (127.0.0.1:0): restarts, graceful shutdown with
//! requests in flight, and a truly chunked oversized body.

mod common;

use common::*;
use std::collections::HashSet;
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

#[tokio::test]
async fn restart_without_loss() {
    let t = TestDb::new();
    let (addr, stop, task) = start_server(t.config()).await;
    for n in 0..40 {
        let reply = post_answer(addr, n).await.unwrap();
        assert_eq!(reply.status, 201, "{}", reply.body);
    }
    // A duplicate over the wire, too.
    assert_eq!(post_answer(addr, 0).await.unwrap().status, 200);
    stop.send(()).unwrap();
    stopped(task).await;

    // A clean stop folds the WAL into the main file.
    let wal = t.path.with_extension("sqlite-wal");
    assert!(
        !wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0,
        "WAL checkpointed at close"
    );
    assert_eq!(count_rows(&t.path), 40);

    // A new server on the same file sees everything, and keeps the ids taken.
    let (addr, stop, task) = start_server(t.config()).await;
    let export = http(addr, &raw_get("/api/feedback/export.csv", Some(TOKEN)))
        .await
        .unwrap();
    assert_eq!(export.status, 200);
    let exported: HashSet<String> = export
        .body
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_owned())
        .collect();
    let expected: HashSet<String> = (0..40).map(uuid).collect();
    assert_eq!(exported, expected);
    let summary = http(addr, &raw_get("/api/feedback/summary", None))
        .await
        .unwrap();
    let summary: serde_json::Value = serde_json::from_str(&summary.body).unwrap();
    assert_eq!(summary["views"][0]["yes"], serde_json::json!(40));
    assert_eq!(
        post_answer(addr, 39).await.unwrap().status,
        200,
        "still a duplicate"
    );
    assert_eq!(post_answer(addr, 40).await.unwrap().status, 201);
    stop.send(()).unwrap();
    stopped(task).await;
    assert_eq!(count_rows(&t.path), 41);
}

#[tokio::test]
async fn a_request_in_flight_at_shutdown_is_finished_and_stored() {
    let t = TestDb::new();
    let (addr, stop, task) = start_server(t.config()).await;

    // Send the headers and half the body, then ask the server to stop.
    let body = answer(1).to_string();
    let request = raw_post(&body);
    let split = request.len() - body.len() / 2;
    let mut slow = TcpStream::connect(addr).await.unwrap();
    slow.write_all(&request[..split]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !task.is_finished(),
        "the server waits for the request in flight"
    );

    // New connections are no longer served.
    let refused = tokio::time::timeout(Duration::from_secs(5), post_answer(addr, 2)).await;
    assert!(
        !matches!(refused, Ok(Ok(ref r)) if r.status == 201),
        "a request after the shutdown signal must not be stored"
    );

    // The in-flight request completes with a 201...
    slow.write_all(&request[split..]).await.unwrap();
    let reply = read_reply(&mut slow).await.unwrap();
    assert_eq!(reply.status, 201, "{}", reply.body);
    stopped(task).await;
    // ...and its row is in the database, the refused one is not.
    assert_eq!(ids_in_db(&t.path), vec![uuid(1)]);
}

/// Several clients keep sending while the server shuts down: every id that got a 2xx must
/// be in the database afterwards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_shutdown_under_load_loses_no_2xx_row() {
    let t = TestDb::new();
    let (addr, stop, task) = start_server(t.config()).await;
    const CLIENTS: u64 = 8;
    const MAX_PER_CLIENT: u64 = 2_000;
    let deadline = Instant::now() + Duration::from_secs(10);
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            tokio::spawn(async move {
                let mut acknowledged = Vec::new();
                let mut sent = 0u64;
                for i in 0..MAX_PER_CLIENT {
                    if Instant::now() > deadline {
                        break;
                    }
                    let n = c * 1_000_000 + i;
                    sent += 1;
                    match post_answer(addr, n).await {
                        Ok(r) if r.status == 201 || r.status == 200 => acknowledged.push(uuid(n)),
                        // Refused or reset once the server stops accepting: done.
                        _ => break,
                    }
                }
                (acknowledged, sent)
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.send(()).unwrap();
    let mut acknowledged = HashSet::new();
    let mut sent = 0;
    for client in clients {
        let (ids, n) = client.await.unwrap();
        sent += n;
        acknowledged.extend(ids);
    }
    stopped(task).await;

    assert!(
        acknowledged.len() > 20,
        "the load really ran ({} acknowledged)",
        acknowledged.len()
    );
    assert!(
        sent < CLIENTS * MAX_PER_CLIENT,
        "the clients were stopped by the shutdown"
    );
    let stored: HashSet<String> = ids_in_db(&t.path).into_iter().collect();
    let lost: Vec<&String> = acknowledged.difference(&stored).collect();
    assert!(
        lost.is_empty(),
        "{} acknowledged rows missing: {lost:?}",
        lost.len()
    );
    assert_eq!(
        count_rows(&t.path) as usize,
        stored.len(),
        "no duplicated rows"
    );
}

#[tokio::test]
async fn a_chunked_body_over_4_kib_is_413() {
    let t = TestDb::new();
    let (addr, stop, task) = start_server(t.config()).await;
    let mut b = answer(1);
    b["comment"] = serde_json::json!("x".repeat(5 * 1024));
    let reply = http(addr, &raw_chunked_post(&b.to_string(), 1000))
        .await
        .unwrap();
    assert_eq!(reply.status, 413, "{}", reply.body);
    assert!(reply.body.contains("4096"), "{}", reply.body);

    // A small chunked body, in one chunk, is fine.
    let body = answer(2).to_string();
    let request = raw_chunked_post(&body, body.len());
    assert_eq!(http(addr, &request).await.unwrap().status, 201);
    stop.send(()).unwrap();
    stopped(task).await;
    assert_eq!(ids_in_db(&t.path), vec![uuid(2)]);
}

#[tokio::test]
async fn the_rate_limit_keys_on_the_peer_address_over_tcp() {
    let t = TestDb::new();
    let (addr, stop, task) = start_server(t.config_limited(1, 2)).await;
    // start_server's readiness probe hit /healthz, which is not limited.
    let statuses: Vec<u16> = [
        post_answer(addr, 1).await.unwrap().status,
        post_answer(addr, 2).await.unwrap().status,
        post_answer(addr, 3).await.unwrap().status,
    ]
    .to_vec();
    assert_eq!(statuses, [201, 201, 429]);
    let limited = post_answer(addr, 4).await.unwrap();
    assert_eq!(limited.status, 429);
    assert!(limited.header("retry-after").is_some());
    stop.send(()).unwrap();
    stopped(task).await;
}
