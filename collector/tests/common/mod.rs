//! Helpers shared by the integration tests: a router on a real SQLite file in a temp dir,
//! requests through `oneshot`, a minimal HTTP/1.1 client over real TCP, and direct reads of
//! the database file to check what was really stored.

#![allow(dead_code)]

use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use collector::{app, AppState, Config, Store};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tower::ServiceExt;

pub const TOKEN: &str = "test-token-0123456789abcdef";
pub const ORIGIN: &str = "https://app.example";

/// A temp dir holding the database; removed when dropped.
pub struct TestDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl TestDb {
    pub fn new() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        // A nested path, so creating parent directories is exercised too.
        let path = dir.path().join("data").join("feedback.sqlite");
        TestDb { dir, path }
    }

    /// A config for tests: this database, a token, one allowed origin, and a rate limit
    /// far above anything a test sends (tests of the limit lower it).
    pub fn config(&self) -> Config {
        Config {
            addr: "127.0.0.1:0".parse().unwrap(),
            db_path: self.path.clone(),
            token: Some(TOKEN.to_owned()),
            allowed_origins: vec![ORIGIN.to_owned()],
            rate_per_minute: 1_000_000,
            rate_burst: 1_000_000,
            ..Config::default()
        }
    }

    /// [`config`](Self::config) with the rate limit lowered to `per_minute` requests a
    /// minute after a burst of `burst`, for the tests of the limit.
    pub fn config_limited(&self, per_minute: u32, burst: u32) -> Config {
        Config {
            rate_per_minute: per_minute,
            rate_burst: burst,
            ..self.config()
        }
    }
}

/// The router on a freshly opened store.
pub fn router(config: &Config) -> (Router, Store) {
    let store = Store::open(&config.db_path).expect("open store");
    (app(AppState::new(config, store.clone())), store)
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.to_vec()).expect("UTF-8 body")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }

    /// The `error` message of a JSON error body.
    pub fn error(&self) -> String {
        self.json()["error"]
            .as_str()
            .unwrap_or_else(|| panic!("no error message in {:?}", self.text()))
            .to_owned()
    }
}

/// Sends a request through the router, as client 192.0.2.1 unless the request already
/// carries `ConnectInfo`.
pub async fn send(router: &Router, mut request: Request<Body>) -> Reply {
    if request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .is_none()
    {
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from(([192, 0, 2, 1], 40000))));
    }
    let response = router.clone().oneshot(request).await.expect("infallible");
    let (parts, body) = response.into_parts();
    let body = body.collect().await.expect("body").to_bytes();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}

/// The status of the router's answer to `request`, for checks that need nothing else.
pub async fn status_of(router: &Router, request: Request<Body>) -> StatusCode {
    send(router, request).await.status
}

/// `POST /api/feedback` with a JSON body (a `Value`, or text sent as it is) and a correct
/// Content-Length.
pub fn post(body: impl ToString) -> Request<Body> {
    let body = body.to_string();
    Request::post("/api/feedback")
        .header("content-type", "application/json")
        .header("content-length", body.len())
        .body(Body::from(body))
        .unwrap()
}

/// `POST /api/feedback` with this Content-Type (none when `None`) and no Content-Length,
/// as a chunked upload arrives.
pub fn post_as(content_type: Option<&str>, body: impl Into<String>) -> Request<Body> {
    let mut request = Request::post("/api/feedback");
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    request.body(Body::from(body.into())).unwrap()
}

pub fn get(path: &str) -> Request<Body> {
    get_with(path, &[])
}

/// `GET path` with these headers, in order.
pub fn get_with(path: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut request = Request::get(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.body(Body::empty()).unwrap()
}

pub fn get_with_token(path: &str, token: &str) -> Request<Body> {
    get_with(path, &[("authorization", &format!("Bearer {token}"))])
}

/// A deterministic, valid UUID for test number `n`.
pub fn uuid(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

/// A valid answer with id `uuid(n)`.
pub fn answer(n: u64) -> Value {
    json!({
        "id": uuid(n),
        "content_id": "plan",
        "answer": "yes",
        "lang": "sv",
        "mode": "standalone",
        "app_version": "0.1.0",
        "created_at": "2026-11-26T15:20:00Z",
        "replaces": null,
        "elapsed_ms": 5400,
        "website": ""
    })
}

/// Opens the database file directly (not through the collector).
pub fn db(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE)
        .expect("open database file")
}

pub fn count_rows(path: &Path) -> i64 {
    db(path)
        .query_row("SELECT COUNT(*) FROM feedback", [], |r| r.get(0))
        .unwrap()
}

/// The first column, as text, of every row `sql` selects, read straight from the file.
pub fn query_strings(path: &Path, sql: &str) -> Vec<String> {
    let conn = db(path);
    let mut stmt = conn.prepare(sql).unwrap();
    let values = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<Vec<String>, _>>()
        .unwrap();
    values
}

pub fn ids_in_db(path: &Path) -> Vec<String> {
    query_strings(path, "SELECT id FROM feedback ORDER BY id")
}

// -----------------------------------------------------------------------------------------
// A minimal HTTP/1.1 client over real TCP, one request per connection.

pub struct HttpReply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpReply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A raw `POST /api/feedback` request with `Connection: close`.
pub fn raw_post(body: &str) -> Vec<u8> {
    raw_post_with(body, "")
}

/// [`raw_post`] with more header lines, each ending in CRLF.
pub fn raw_post_with(body: &str, more_headers: &str) -> Vec<u8> {
    format!(
        "POST /api/feedback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         {more_headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// A raw `POST /api/feedback` with `Transfer-Encoding: chunked`, the body sent in chunks of
/// `chunk_bytes`, and `Connection: close`.
pub fn raw_chunked_post(body: &str, chunk_bytes: usize) -> Vec<u8> {
    let mut request = b"POST /api/feedback HTTP/1.1\r\nHost: 127.0.0.1\r\n\
        Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        .to_vec();
    for chunk in body.as_bytes().chunks(chunk_bytes) {
        request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        request.extend_from_slice(chunk);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    request
}

/// A raw GET with `Connection: close` and optional bearer token.
pub fn raw_get(path: &str, token: Option<&str>) -> Vec<u8> {
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Connection: close\r\n\r\n")
        .into_bytes()
}

/// Sends `request` on a new connection and reads the whole response (bounded by a timeout).
pub async fn http(addr: SocketAddr, request: &[u8]) -> std::io::Result<HttpReply> {
    let mut stream = TcpStream::connect(addr).await?;
    stream.write_all(request).await?;
    read_reply(&mut stream).await
}

/// Reads a response until the server closes the connection.
pub async fn read_reply(stream: &mut TcpStream) -> std::io::Result<HttpReply> {
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut raw))
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "no reply in 10 s"))??;
    parse_reply(&raw).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("unparseable reply: {:?}", String::from_utf8_lossy(&raw)),
        )
    })
}

fn parse_reply(raw: &[u8]) -> Option<HttpReply> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..split]).ok()?;
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    if chunked {
        body = dechunk(&body)?;
    }
    Some(HttpReply {
        status,
        headers,
        body: String::from_utf8(body).ok()?,
    })
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

/// Starts a server on 127.0.0.1:0 and returns its address, the trigger for a graceful
/// shutdown and the task running it.
pub async fn start_server(
    config: Config,
) -> (
    SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<Result<(), collector::BoxError>>,
) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(collector::serve_on(listener, config, async move {
        let _ = stopped.await;
    }));
    // Ready once /healthz answers (the store opens before the first accept).
    for _ in 0..200 {
        if let Ok(r) = http(addr, &raw_get("/healthz", None)).await {
            if r.status == 200 {
                return (addr, stop, task);
            }
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("server on {addr} did not become ready");
}

/// Posts answer `n` over real TCP.
pub async fn post_answer(addr: SocketAddr, n: u64) -> std::io::Result<HttpReply> {
    http(addr, &raw_post(&answer(n).to_string())).await
}

/// Waits for a server task started by [`start_server`], bounded.
pub async fn stopped(task: tokio::task::JoinHandle<Result<(), collector::BoxError>>) {
    tokio::time::timeout(Duration::from_secs(20), task)
        .await
        .expect("server stops within 20 s")
        .expect("server task did not panic")
        .expect("server stopped without error");
}
