//! The feedback collector for plan-explorer.
//!
//! Receives answers to "Hjälpte informationen dig?" (Ja/Nej) from the browser app, stores
//! them in SQLite, and serves a public summary plus, with a token, the comments and a CSV
//! export. The HTTP contract is documented in `collector/README.md`.
//!
//! With `static_dir` set it also serves the built app (`dist/`) from the same origin
//! ([`site`]), so one process is the whole service.
//!
//! The layers of a request, outermost first, and the module each lives in:
//!
//! 1. [`server`] accepts the connection, with the header-read timeout and the connection
//!    cap;
//! 2. the access log (`middleware`), then security headers, request timeout and panic
//!    catcher ([`harden`]);
//! 3. the router (`routes`): for the API, CORS → rate limit → body limit (`middleware`);
//!    every other path goes to the [`site`];
//! 4. the handler (`handlers`, with the token check in `auth`), which calls the
//!    [`store`] and, for the CSV, [`export`].
//!
//! CORS sits outside the rate limit so that a 429 still carries the CORS headers the
//! browser needs to let the app read it. Any refusal on the way, from a 401 to a 503, is
//! an `AppError` (`error`), which gives every error body the same shape.
//!
//! This file only declares the modules, holds the state the handlers share
//! ([`AppState`]), and re-exports what `main`, the tests and the load benchmark use.

mod auth;
pub mod config;
mod error;
pub mod export;
pub mod forwarded;
mod handlers;
mod hardening;
mod logging;
mod middleware;
pub mod payload;
pub mod rate_limit;
mod routes;
pub mod server;
pub mod site;
pub mod store;

use axum::http::header::HeaderValue;
use forwarded::TrustedProxies;
use rate_limit::{Rate, RateLimiter};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

pub use config::Config;
pub use hardening::harden;
pub use logging::init_logging;
pub use routes::{app, app_serving};
pub use server::{serve, serve_on};
pub use store::Store;

/// Most distinct clients the rate limiter tracks at once (see [`RateLimiter`]).
const MAX_TRACKED_CLIENTS: usize = 100_000;

/// Most CSV exports streamed at once. Each holds a SQLite connection and a blocking thread
/// for as long as its client downloads; staff need one or two at a time.
pub const MAX_CONCURRENT_EXPORTS: usize = 2;

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
                token_digest: config.token.as_deref().map(auth::digest),
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
