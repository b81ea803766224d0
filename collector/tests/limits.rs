//! Connection limits on a real server (127.0.0.1:0): the header-read timeout, the size
//! of a request head, the connection cap, the request timeout, and the peer address reaching the rate limiter.
//! Every loop and wait here is bounded.

mod common;

use common::*;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// True once the server has closed `stream` (EOF or reset), checked for at most `within`.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 1024];
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            // Whatever the server says before closing (hyper sends nothing on a header
            // timeout, but a 408 would do as well).
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_header_client_is_cut_off_while_others_are_served() {
    let t = TestDb::new();
    let mut config = t.config();
    config.header_read_timeout = Duration::from_secs(1);
    let (addr, stop, task) = start_server(config).await;

    // One byte of header every 200 ms: it would take minutes to finish.
    let started = Instant::now();
    let mut slow = TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .unwrap();
    let drip = tokio::spawn(async move {
        for _ in 0..50 {
            if slow.write_all(b"X").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        slow
    });

    // Meanwhile everyone else is answered at once.
    for n in 0..5 {
        let begun = Instant::now();
        let reply = post_answer(addr, n).await.unwrap();
        assert_eq!(reply.status, 201, "{}", reply.body);
        assert!(
            begun.elapsed() < Duration::from_millis(900),
            "a normal request waited {:?}",
            begun.elapsed()
        );
    }

    let mut slow = tokio::time::timeout(Duration::from_secs(15), drip)
        .await
        .expect("the drip ends")
        .unwrap();
    assert!(
        closed_within(&mut slow, Duration::from_secs(5)).await,
        "the slow client is disconnected"
    );
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(4),
        "disconnected after the 1 s header-read timeout, not after {took:?}"
    );
    stop.send(()).unwrap();
    stopped(task).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_connections_beyond_the_cap_do_not_stop_the_server() {
    let t = TestDb::new();
    let mut config = t.config();
    config.header_read_timeout = Duration::from_secs(1);
    config.max_connections = 8;
    let (addr, stop, task) = start_server(config).await;

    // 20 connections that never send a byte: 8 are taken, 12 wait in the kernel's queue.
    let mut idle = Vec::new();
    for _ in 0..20 {
        idle.push(TcpStream::connect(addr).await.unwrap());
    }
    // A real request gets through once the header-read timeout has freed the slots.
    let begun = Instant::now();
    let reply = tokio::time::timeout(Duration::from_secs(15), post_answer(addr, 1))
        .await
        .expect("answered within 15 s")
        .unwrap();
    assert_eq!(reply.status, 201, "{}", reply.body);
    let waited = begun.elapsed();
    // It did wait: with no cap it would have been answered at once.
    assert!(
        waited >= Duration::from_millis(900),
        "answered after {waited:?}, so the cap of 8 was not in force"
    );

    // Every idle connection is closed by the server, none is kept forever.
    for (i, stream) in idle.iter_mut().enumerate() {
        assert!(
            closed_within(stream, Duration::from_secs(10)).await,
            "idle connection {i} is still open"
        );
    }
    // And the server is back to normal.
    let begun = Instant::now();
    assert_eq!(post_answer(addr, 2).await.unwrap().status, 201);
    assert!(begun.elapsed() < Duration::from_secs(1));
    println!("a request behind 20 idle connections (cap 8, header timeout 1 s) waited {waited:?}");
    stop.send(()).unwrap();
    stopped(task).await;
    assert_eq!(ids_in_db(&t.path), vec![uuid(1), uuid(2)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_reads_its_response_does_not_keep_its_slot() {
    // A file bigger than the kernel's send and receive buffers together.
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!DOCTYPE html><title>x</title>",
    )
    .unwrap();
    std::fs::write(dist.path().join("big.bin"), vec![b'x'; 32 << 20]).unwrap();
    let t = TestDb::new();
    let mut config = t.config();
    config.static_dir = Some(dist.path().to_path_buf());
    config.max_connections = 1;
    config.request_timeout = Duration::from_secs(1);
    let (addr, stop, task) = start_server(config).await;

    let mut stuck = TcpStream::connect(addr).await.unwrap();
    stuck
        .write_all(b"GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .unwrap();
    // It reads nothing. The one slot is freed once the server's writes stall for 1 s.
    let begun = Instant::now();
    let reply = tokio::time::timeout(
        Duration::from_secs(8),
        http(addr, &raw_get("/healthz", None)),
    )
    .await
    .expect("another client is served within 8 s")
    .unwrap();
    assert_eq!(reply.status, 200);
    println!(
        "served after {:?} behind a client that never reads",
        begun.elapsed()
    );
    drop(stuck);
    stop.send(()).unwrap();
    stopped(task).await;
}

#[tokio::test]
async fn a_request_head_over_16_kib_is_refused_and_the_server_goes_on() {
    let t = TestDb::new();
    let (addr, stop, task) = start_server(t.config()).await;

    // 24 headers of 1 KiB: well under hyper's 100-header limit, but 24 KiB of head, which
    // hyper's default buffer (about 400 KiB) would take in whole.
    let mut head =
        String::from("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for n in 0..24 {
        head.push_str(&format!("X-Pad-{n}: {}\r\n", "a".repeat(1024)));
    }
    head.push_str("\r\n");
    let mut stream = TcpStream::connect(addr).await.unwrap();
    // The server may close before taking it all; that is one of the right outcomes.
    let _ = stream.write_all(head.as_bytes()).await;
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    let read = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => raw.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no answer and no close within 5 s");
    let reply = String::from_utf8_lossy(&raw);
    assert!(
        raw.is_empty() || reply.starts_with("HTTP/1.1 431"),
        "a 24 KiB request head was answered with {:?}",
        reply.lines().next().unwrap_or_default()
    );

    // Everyone else is still served.
    assert_eq!(post_answer(addr, 1).await.unwrap().status, 201);
    stop.send(()).unwrap();
    stopped(task).await;
}

#[tokio::test]
async fn serve_on_refuses_a_config_that_validate_refuses() {
    // `Config` fields are public, so one built in code may never have been validated; a
    // cap of 0 connections would accept nothing at all.
    let t = TestDb::new();
    let mut config = t.config();
    config.max_connections = 0;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let served = tokio::time::timeout(
        Duration::from_secs(5),
        collector::serve_on(listener, config, std::future::pending()),
    )
    .await
    .expect("serve_on returns at once");
    let e = served.unwrap_err();
    assert!(e.to_string().contains("max_connections"), "{e}");
    assert!(!t.path.exists(), "no database was created");
}

#[tokio::test]
async fn a_request_not_finished_in_time_is_408_in_json() {
    let t = TestDb::new();
    let mut config = t.config();
    config.request_timeout = Duration::from_secs(1);
    let (addr, stop, task) = start_server(config).await;

    // The head, and 10 of the 200 body bytes promised; then nothing.
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(
            b"POST /api/feedback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
              Content-Length: 200\r\n\r\n{\"id\": \"0",
        )
        .await
        .unwrap();
    let begun = Instant::now();
    let reply = read_reply(&mut stream).await.unwrap();
    assert_eq!(reply.status, 408, "{}", reply.body);
    assert!(reply.body.contains("\"error\""), "{}", reply.body);
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    assert!(begun.elapsed() < Duration::from_secs(5));
    assert_eq!(post_answer(addr, 1).await.unwrap().status, 201);
    stop.send(()).unwrap();
    stopped(task).await;
    assert_eq!(ids_in_db(&t.path), vec![uuid(1)]);
}

#[tokio::test]
async fn the_peer_address_reaches_the_rate_limiter_and_only_proxies_may_forward() {
    // Without trusted proxies, X-Forwarded-For over TCP changes nothing: limited by peer.
    let t = TestDb::new();
    let (addr, stop, task) = start_server(t.config_limited(1, 1)).await;
    let statuses = [
        post_forwarded(addr, 1, "198.51.100.1").await,
        post_forwarded(addr, 2, "198.51.100.2").await,
    ];
    assert_eq!(statuses, [201, 429]);
    stop.send(()).unwrap();
    stopped(task).await;

    // With 127.0.0.1 trusted, the test client is a proxy: each forwarded visitor counts on
    // its own, which only works if the accept loop hands the peer address to the limiter.
    let t = TestDb::new();
    let mut config = t.config_limited(1, 1);
    config.trusted_proxies = "127.0.0.1".parse().unwrap();
    let (addr, stop, task) = start_server(config).await;
    let statuses = [
        post_forwarded(addr, 1, "6.6.6.6, 198.51.100.1").await,
        post_forwarded(addr, 2, "6.6.6.6, 198.51.100.2").await,
        post_forwarded(addr, 3, "7.7.7.7, 198.51.100.1").await,
    ];
    assert_eq!(statuses, [201, 201, 429]);
    stop.send(()).unwrap();
    stopped(task).await;
}

/// Posts answer `n` over real TCP with this `X-Forwarded-For`; the status.
async fn post_forwarded(addr: std::net::SocketAddr, n: u64, forwarded_for: &str) -> u16 {
    let header = format!("X-Forwarded-For: {forwarded_for}\r\n");
    let request = raw_post_with(&answer(n).to_string(), &header);
    http(addr, &request).await.unwrap().status
}
