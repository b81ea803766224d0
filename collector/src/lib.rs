//! The feedback collector for plan-explorer.
//!
//! Receives answers to "Hjälpte informationen dig?" (Ja/Nej) from the browser app, stores
//! them in SQLite, and serves a public summary plus, with a token, the comments and a CSV
//! export. The HTTP contract is documented in `collector/README.md`.
//!
//! With `static_dir` set it also serves the built app (`dist/`) from the same origin
//! ([`site`]), so one process is the whole service.
//!
//! The layers of a request, outermost first: access log → security headers → request
//! timeout → panic catcher → router; then, for the API, CORS → rate limit → body limit →
//! handler → store. CORS sits outside the rate limit so that a 429 still carries the CORS
//! headers the browser needs to let the app read it. Connections are accepted by
//! [`server`], which adds the header-read timeout and the connection cap.

pub mod config;
pub mod csv;
pub mod export;
pub mod forwarded;
mod hardening;
pub mod payload;
pub mod rate_limit;
pub mod server;
pub mod site;
pub mod store;

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, FromRequest, Query, Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use feedback_protocol::MAX_BODY_BYTES;
use forwarded::TrustedProxies;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use subtle::ConstantTimeEq;
use tokio::sync::Semaphore;
use tower_http::limit::RequestBodyLimitLayer;
use tracing::info;

pub use config::Config;
pub use hardening::harden;
use payload::Parsed;
use rate_limit::{client_key, Rate, RateLimiter};
pub use server::{serve, serve_on};
use site::Site;
use store::InsertOutcome;
pub use store::Store;

/// Most distinct clients the rate limiter tracks at once (see [`RateLimiter`]).
const MAX_TRACKED_CLIENTS: usize = 100_000;

/// Most CSV exports streamed at once. Each holds a SQLite connection and a blocking thread
/// for as long as its client downloads; staff need one or two at a time.
pub const MAX_CONCURRENT_EXPORTS: usize = 2;
/// `Retry-After` (seconds) when every export place is taken.
const EXPORT_RETRY_AFTER_SECS: u64 = 5;

/// Any error from starting or running the server.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What the handlers share. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Shared>,
}

struct Shared {
    store: Store,
    /// SHA-256 of the token. Comparing fixed-length digests in constant time leaks neither
    /// the token's content nor its length through timing.
    token_digest: Option<[u8; 32]>,
    allowed_origins: Arc<[HeaderValue]>,
    limiter: Mutex<RateLimiter<IpAddr>>,
    /// The rate limiter's clock: time since start, monotonic.
    epoch: Instant,
    min_comment_ms: u64,
    trusted_proxies: TrustedProxies,
    request_timeout: Duration,
    /// One permit per export being streamed (see [`MAX_CONCURRENT_EXPORTS`]).
    exports: Arc<Semaphore>,
}

impl AppState {
    /// State for a router serving `config` from `store`.
    pub fn new(config: &Config, store: Store) -> AppState {
        let epoch = Instant::now();
        let allowed_origins = config
            .allowed_origins
            .iter()
            .filter_map(|o| HeaderValue::from_str(o).ok())
            .collect();
        AppState {
            inner: Arc::new(Shared {
                store,
                token_digest: config.token.as_deref().map(digest),
                allowed_origins,
                limiter: Mutex::new(RateLimiter::new(
                    Rate::per_minute(config.rate_per_minute, config.rate_burst),
                    MAX_TRACKED_CLIENTS,
                    epoch.elapsed(),
                )),
                epoch,
                min_comment_ms: config.min_comment_ms,
                trusted_proxies: config.trusted_proxies.clone(),
                request_timeout: config.request_timeout,
                exports: Arc::new(Semaphore::new(MAX_CONCURRENT_EXPORTS)),
            }),
        }
    }

    /// The store the handlers write to.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }
}

fn digest(s: &str) -> [u8; 32] {
    Sha256::digest(s.as_bytes()).into()
}

/// The API alone (no site); see [`app_serving`].
pub fn app(state: AppState) -> Router {
    app_serving(state, None)
}

/// Builds the router: the API, and `site` for every other path when given. Without
/// `ConnectInfo` on requests (as in `oneshot` tests) every client counts as `0.0.0.0` for
/// the rate limit.
pub fn app_serving(state: AppState, site: Option<Site>) -> Router {
    let request_timeout = state.inner.request_timeout;
    let origins = Arc::clone(&state.inner.allowed_origins);

    // Posting answers and the staff endpoints: only listed origins may use them from a
    // browser (the staff endpoints also need the token).
    let private = Router::new()
        .route("/api/feedback", post(submit))
        .route("/api/feedback/comments", get(comments))
        .route("/api/feedback/export.csv", get(export_csv))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(middleware::from_fn(json_payload_too_large))
        .layer(middleware::from_fn_with_state(state.clone(), rate_limit))
        .layer(middleware::from_fn_with_state(
            Cors::AllowList(origins),
            cors,
        ));

    // The summary is public: any page may show it.
    let public = Router::new()
        .route("/api/feedback/summary", get(summary))
        .layer(middleware::from_fn_with_state(state.clone(), rate_limit))
        .layer(middleware::from_fn_with_state(Cors::Public, cors));

    let router = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        // A mistyped API path is a JSON 404, never the app's HTML.
        .route("/api", any(no_such_api_route))
        .route("/api/{*rest}", any(no_such_api_route))
        .merge(private)
        .merge(public);
    let (router, csp) = match site {
        Some(site) => {
            let csp = site.csp().clone();
            let site = Arc::new(site);
            let router = router.fallback(move |request: Request| {
                let site = Arc::clone(&site);
                async move { site.respond(request).await }
            });
            (router, Some(csp))
        }
        None => (router.fallback(not_found), None),
    };
    harden(router.with_state(state), request_timeout, csp).layer(middleware::from_fn(access_log))
}

/// Sets up `tracing`: plain text by default, JSON lines when `COLLECTOR_LOG_FORMAT=json`;
/// the level comes from `RUST_LOG` (default `info`).
pub fn init_logging() -> Result<(), BoxError> {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let format = std::env::var("COLLECTOR_LOG_FORMAT").unwrap_or_default();
    use std::io::IsTerminal;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal, not in journald or a log file.
        .with_ansi(std::io::stderr().is_terminal());
    match format.trim() {
        "json" => builder.json().flatten_event(true).try_init(),
        "" | "plain" | "text" => builder.try_init(),
        other => Err(format!("COLLECTOR_LOG_FORMAT: unknown format {other:?}").into()),
    }
}

// ---------------------------------------------------------------------------------------
// Responses

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

async fn no_such_api_route() -> Response {
    error(StatusCode::NOT_FOUND, "there is no such API route")
}

async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "not found")
}

fn status_body(status: StatusCode, word: &str) -> Response {
    (status, Json(json!({ "status": word }))).into_response()
}

/// Milliseconds, always three digits, so server timestamps sort as text.
fn now_utc() -> String {
    const FORMAT: &[time::format_description::BorrowedFormatItem<'static>] = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    time::OffsetDateTime::now_utc()
        .format(FORMAT)
        .unwrap_or_else(|_| "1970-01-01T00:00:00.000Z".into())
}

// ---------------------------------------------------------------------------------------
// Handlers

/// `POST /api/feedback`.
async fn submit(State(state): State<AppState>, request: Request) -> Response {
    if !is_json(request.headers()) {
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Content-Type must be application/json",
        );
    }
    let body = match Bytes::from_request(request, &()).await {
        Ok(b) => b,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return too_large();
        }
        Err(rejection) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("could not read the body: {}", rejection.body_text()),
            )
        }
    };
    let received_at = now_utc();
    let feedback = match payload::parse(&body, state.inner.min_comment_ms) {
        Ok(Parsed::Feedback(f)) => f,
        Ok(Parsed::Honeypot) => {
            // Same answer as a real success: a bot must not learn that it was spotted.
            info!(target: "collector::spam", "honeypot field filled; answered \"stored\", stored nothing");
            return status_body(StatusCode::CREATED, "stored");
        }
        Err(e) => return error(StatusCode::BAD_REQUEST, e.to_string()),
    };
    if feedback.comment_dropped {
        info!(
            target: "collector::spam",
            content_id = %feedback.content_id,
            elapsed_ms = feedback.elapsed_ms,
            min_comment_ms = state.inner.min_comment_ms,
            "comment sent too fast; stored the answer without it"
        );
    }
    match state.inner.store.insert(feedback, received_at).await {
        Ok(InsertOutcome::Stored) => status_body(StatusCode::CREATED, "stored"),
        Ok(InsertOutcome::Duplicate) => status_body(StatusCode::OK, "duplicate"),
        Err(e) => {
            tracing::error!(error = %e, "storing an answer failed");
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the answer could not be stored; please try again",
            )
        }
    }
}

/// `application/json`, with or without parameters such as `; charset=utf-8`.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

fn too_large() -> Response {
    error(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("the body is larger than {MAX_BODY_BYTES} bytes"),
    )
}

/// `GET /api/feedback/summary`.
async fn summary(State(state): State<AppState>) -> Response {
    match state.inner.store.summary().await {
        Ok(views) => Json(json!({ "generated_at": now_utc(), "views": views })).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "reading the summary failed");
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the summary could not be read",
            )
        }
    }
}

/// `GET /api/feedback/comments?limit=N&cursor=C` (token): one page of comments, newest
/// first, and the cursor for the next page.
async fn comments(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<CommentsQuery>, QueryRejection>,
) -> Response {
    if let Some(denied) = deny(&state, &headers) {
        return denied;
    }
    let (limit, cursor) = match query
        .map_err(|r| r.body_text())
        .and_then(|Query(q)| q.check())
    {
        Ok(checked) => checked,
        Err(message) => return error(StatusCode::BAD_REQUEST, message),
    };
    match state.inner.store.comments_page(limit, cursor).await {
        Ok(page) => no_store(Json(page).into_response()),
        Err(e) => {
            tracing::error!(error = %e, "reading comments failed");
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the comments could not be read",
            )
        }
    }
}

/// The query string of `GET /api/feedback/comments`, as sent.
#[derive(serde::Deserialize)]
struct CommentsQuery {
    limit: Option<String>,
    cursor: Option<String>,
}

/// Comments per page when `limit` is not given.
const DEFAULT_COMMENTS_PAGE: u32 = 50;

impl CommentsQuery {
    /// The page size and where the page starts, or a message for a 400.
    fn check(self) -> Result<(u32, Option<store::CommentCursor>), String> {
        let max = store::MAX_COMMENTS_PAGE;
        let limit = match self.limit.as_deref() {
            None => DEFAULT_COMMENTS_PAGE,
            Some(text) => text
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| format!("limit must be a whole number from 1 to {max}"))?,
        };
        let cursor = match self.cursor.as_deref() {
            None => None,
            Some(text) => {
                Some(store::CommentCursor::decode(text).map_err(|why| format!("cursor {why}"))?)
            }
        };
        Ok((limit, cursor))
    }
}

/// `GET /api/feedback/export.csv` (token): every counted answer, streamed from SQLite. At
/// most [`MAX_CONCURRENT_EXPORTS`] at once; beyond that, 503 with `Retry-After`.
async fn export_csv(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(denied) = deny(&state, &headers) {
        return denied;
    }
    // Held by the response body until the download ends or the client goes away.
    let Ok(place) = Arc::clone(&state.inner.exports).try_acquire_owned() else {
        let mut busy = error(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "{MAX_CONCURRENT_EXPORTS} exports are running already; \
                 try again in {EXPORT_RETRY_AFTER_SECS} s"
            ),
        );
        busy.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(EXPORT_RETRY_AFTER_SECS),
        );
        return no_store(busy);
    };
    let body = match export::csv_body(&state.inner.store, place).await {
        Ok(body) => body,
        Err(e) => {
            tracing::error!(error = %e, "reading the export failed");
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the export could not be read",
            );
        }
    };
    let filename = format!("attachment; filename=\"feedback-{}.csv\"", &now_utc()[..10]);
    let mut response = ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], body).into_response();
    if let Ok(v) = HeaderValue::from_str(&filename) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, v);
    }
    no_store(response)
}

/// Comments may hold personal details: keep them out of browser and proxy caches.
fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Checks `Authorization: Bearer <token>`: `None` lets the request through, `Some` is the
/// refusal to send.
fn deny(state: &AppState, headers: &HeaderMap) -> Option<Response> {
    let Some(expected) = &state.inner.token_digest else {
        return Some(error(
            StatusCode::SERVICE_UNAVAILABLE,
            "no token is configured; set COLLECTOR_TOKEN (or token in the config file) to \
             enable the comments and the export",
        ));
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    let ok = presented.is_some_and(|t| bool::from(digest(t).ct_eq(expected)));
    if ok {
        None
    } else {
        let mut denied = error(
            StatusCode::UNAUTHORIZED,
            "a valid Authorization: Bearer <token> header is required",
        );
        denied
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        Some(denied)
    }
}

// ---------------------------------------------------------------------------------------
// Middleware

/// One log line per request. Deliberately no query string, client address or body: the
/// logs must hold no personal data.
async fn access_log(request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = request.method().clone();
    // Bounded, so a junk request cannot write a huge log line.
    let path: String = request.uri().path().chars().take(200).collect();
    let response = next.run(request).await;
    let latency = start.elapsed();
    info!(
        target: "collector::access",
        method = %method,
        path = %path,
        status = response.status().as_u16(),
        latency_ms = latency.as_secs_f64() * 1000.0,
        "request"
    );
    response
}

/// Token bucket per client address.
async fn rate_limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let ip = client_ip(&request, &state.inner.trusted_proxies);
    let now = state.inner.epoch.elapsed();
    let verdict = state
        .inner
        .limiter
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .check(client_key(ip), now);
    match verdict {
        Ok(()) => next.run(request).await,
        Err(wait) => {
            let secs = wait.as_secs_f64().ceil().max(1.0) as u64;
            let mut response = error(
                StatusCode::TOO_MANY_REQUESTS,
                format!("too many requests; try again in {secs} s"),
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            response
        }
    }
}

/// The peer address, or, when the peer is a trusted proxy, the right-most `X-Forwarded-For`
/// hop that is not one (see [`forwarded`]).
fn client_ip(request: &Request, trusted_proxies: &TrustedProxies) -> IpAddr {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    if trusted_proxies.is_empty() {
        return peer;
    }
    // A value that is not text reads as garbage, which ends the walk at the last trusted hop.
    let forwarded = request
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .map(|v| v.to_str().unwrap_or(""));
    trusted_proxies.client_ip(peer, forwarded)
}

/// Gives the body-limit layer's plain-text 413 (sent when `Content-Length` is already too
/// big) the same JSON shape as every other error.
async fn json_payload_too_large(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_json_body = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE && !is_json_body {
        too_large()
    } else {
        response
    }
}

/// Which origins a group of routes answers CORS requests from.
#[derive(Clone)]
enum Cors {
    /// Exactly these origins; everyone else gets no CORS headers at all.
    AllowList(Arc<[HeaderValue]>),
    /// Any origin, without credentials.
    Public,
}

/// A small CORS implementation instead of `tower_http::cors`, because that one answers
/// every preflight with `Access-Control-Allow-Methods` and friends even for origins it
/// does not allow, and the contract is that unlisted origins get no CORS headers.
async fn cors(State(policy): State<Cors>, request: Request, next: Next) -> Response {
    let origin = request.headers().get(header::ORIGIN).cloned();
    let allow: Option<HeaderValue> = match (&policy, &origin) {
        (_, None) => None,
        (Cors::Public, Some(_)) => Some(HeaderValue::from_static("*")),
        (Cors::AllowList(list), Some(o)) => list.contains(o).then(|| o.clone()),
    };
    let is_preflight = request.method() == Method::OPTIONS
        && origin.is_some()
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);

    let mut response = if is_preflight {
        StatusCode::NO_CONTENT.into_response()
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    if let Cors::AllowList(_) = policy {
        // The answer depends on Origin, so caches must keep one copy per origin.
        headers.append(header::VARY, HeaderValue::from_static("origin"));
    }
    let Some(allow) = allow else {
        return response;
    };
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow);
    if is_preflight {
        let (methods, request_headers) = match policy {
            Cors::Public => ("GET", "content-type"),
            Cors::AllowList(_) => ("GET, POST", "content-type, authorization"),
        };
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(methods),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(request_headers),
        );
        // Browsers cap this (Chrome at 2 h); it saves a preflight per answer.
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("7200"),
        );
    } else {
        // Lets the app read Retry-After on a 429.
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("retry-after"),
        );
    }
    response
}
