//! The accept loop: HTTP/1.1 connections with a header-read timeout, a cap on how many are
//! open at once, and a graceful shutdown.
//!
//! `axum::serve` offers neither a configurable header-read timeout nor a connection cap, so
//! this is hyper's connection builder driven by our own loop (after axum's
//! `serve-with-hyper` example):
//!
//! - a connection must send each request head within `header_read_timeout`, which also
//!   bounds how long an idle keep-alive connection is kept: slow-header clients and idle or
//!   half-open sockets are closed, whatever else they do;
//! - at most `max_connections` are served at once. At the cap the loop stops accepting;
//!   new connections wait in the kernel's queue and are taken as soon as one closes, which
//!   the timeouts guarantee;
//! - a connection whose client takes nothing of a response for `request_timeout` (a full
//!   send buffer that does not drain) is closed, so a client that never reads cannot hold
//!   a slot either;
//! - the request timeout (408) is a tower layer, see [`crate::app_serving`].
//!
//! HTTP/2 is not offered: browsers speak it only over TLS, which the reverse proxy in front
//! ends, and hyper's protocol detection would read the first bytes without a timeout.

use crate::site::Site;
use crate::{app_serving, AppState, BoxError, Config, Store};
use axum::extract::{ConnectInfo, Request};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::Sleep;
use tower::ServiceExt as _;
use tracing::{debug, info, warn};

/// Pause after a failed `accept` (typically: out of file descriptors), so the loop does not
/// spin while the condition lasts.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// Largest request head (request line and headers) read from a connection; a longer one is
/// answered 431 and the connection closed. Also the write buffer's flush threshold. hyper
/// refuses anything below 8 KiB.
pub const MAX_REQUEST_HEAD_BYTES: usize = 16 * 1024;

/// Binds `config.addr` and serves until `shutdown` completes; see [`serve_on`].
pub async fn serve(
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), BoxError> {
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("binding {}: {e}", config.addr))?;
    serve_on(listener, config, shutdown).await
}

/// Serves on an already bound listener (so tests and the benchmark can bind port 0) until
/// `shutdown` completes, then shuts down gracefully:
///
/// 1. stop accepting connections, let idle keep-alive connections close;
/// 2. let requests in flight finish (at most `config.shutdown_grace`);
/// 3. let the writer commit everything queued, checkpoint the WAL and close the database.
///
/// A 2xx is only sent after the commit holding its row, so every 2xx is in the database.
///
/// A config that [`Config::validate`] refuses is an error here too (a `Config` built in code
/// has not been through [`Config::load`]), before anything is opened.
pub async fn serve_on(
    listener: TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), BoxError> {
    config.validate()?;
    let local_addr = listener.local_addr()?;
    // The site first: a missing build is a start-up error, before the database is touched.
    let site = match &config.static_dir {
        Some(dir) => Some(Site::load(dir, &config.frame_ancestors)?),
        None => None,
    };
    let db_path = config.db_path.clone();
    let store = tokio::task::spawn_blocking(move || Store::open(&db_path)).await??;
    info!(
        addr = %local_addr,
        db = %config.db_path.display(),
        token = if config.token.is_some() { "set" } else { "not set (comments and export disabled)" },
        allowed_origins = ?config.allowed_origins,
        rate_per_minute = config.rate_per_minute,
        rate_burst = config.rate_burst,
        min_comment_ms = config.min_comment_ms,
        trusted_proxies = %config.trusted_proxies,
        shutdown_grace_secs = config.shutdown_grace.as_secs(),
        static_dir = ?config.static_dir,
        frame_ancestors = %config.frame_ancestors,
        request_timeout_secs = config.request_timeout.as_secs(),
        header_read_timeout_secs = config.header_read_timeout.as_secs(),
        max_connections = config.max_connections,
        "collector listening"
    );

    if let Some(site) = &site {
        // The policy holds the hashes of index.html's inline scripts, which a proxy serving
        // the same build must send too.
        info!(
            csp = site.csp().to_str().unwrap_or_default(),
            "serving the site"
        );
    }
    let router = app_serving(AppState::new(&config, store.clone()), site);
    let served = accept_until(listener, router, Limits::from(&config), shutdown).await;
    let closed = store.close().await;
    match &closed {
        Ok(()) => info!("stopped; database checkpointed and closed"),
        Err(e) => warn!(error = %e, "closing the database failed"),
    }
    served?;
    closed.map_err(Into::into)
}

/// The connection-level limits.
#[derive(Debug, Clone, Copy)]
struct Limits {
    header_read_timeout: Duration,
    write_stall_timeout: Duration,
    max_connections: usize,
    shutdown_grace: Duration,
}

impl From<&Config> for Limits {
    fn from(config: &Config) -> Self {
        Limits {
            header_read_timeout: config.header_read_timeout,
            write_stall_timeout: config.request_timeout,
            // At least 1: `serve_on` has checked the config with `Config::validate`.
            max_connections: config.max_connections,
            shutdown_grace: config.shutdown_grace,
        }
    }
}

/// Accepts and serves connections until `shutdown` completes, then waits for the open ones
/// to finish their requests (at most `limits.shutdown_grace`) and drops what is left.
async fn accept_until(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> Result<(), BoxError> {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut connections = JoinSet::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        // hyper would buffer up to about 400 KiB of request head per connection (400 MiB
        // at the default cap); a real head is well under 16 KiB. Beyond it: 431 and close.
        // The number of headers keeps hyper's default limit of 100 (also 431 beyond), which
        // lives on the stack; setting it explicitly would allocate per request.
        .max_buf_size(MAX_REQUEST_HEAD_BYTES);
    let mut shutdown = std::pin::pin!(shutdown);

    loop {
        // Finished connections are collected here, so the set holds only live ones.
        while connections.try_join_next().is_some() {}
        // A permit first: at the cap, nothing is accepted until a connection closes.
        let permit = tokio::select! {
            biased;
            () = &mut shutdown => break,
            permit = Arc::clone(&permits).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_closed) => break,
            },
        };
        let (tcp, peer) = tokio::select! {
            biased;
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
        };
        // Nagle's algorithm would hold small responses back waiting for an ACK; answers are
        // tiny and latency matters more than packet count here.
        let _ = tcp.set_nodelay(true);
        let router = router.clone();
        // The peer address for the rate limiter, as `into_make_service_with_connect_info`
        // would add it.
        let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            router.clone().oneshot(request)
        });
        let io = TokioIo::new(WriteStallGuard::new(tcp, limits.write_stall_timeout));
        let connection = graceful.watch(http.serve_connection(io, service));
        connections.spawn(async move {
            if let Err(e) = connection.await {
                // Timeouts, resets and malformed requests end up here; hyper has already
                // answered what could be answered.
                debug!(error = %e, "connection closed with an error");
            }
            drop(permit);
        });
    }

    // Closing the listener refuses new connections at once.
    drop(listener);
    info!(
        open_connections = connections.len(),
        "shutting down: accepting no new connections, finishing requests in flight"
    );
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.shutdown_grace) => {
            // Requests still running now never got an answer, so none of them got a 2xx;
            // whatever they queued is still committed when the store closes.
            warn!(
                grace_secs = limits.shutdown_grace.as_secs(),
                open_connections = connections.len(),
                "shutdown grace elapsed; dropping remaining connections"
            );
        }
    }
    // Nothing may answer after the store is closed: end every connection task first.
    connections.abort_all();
    while connections.join_next().await.is_some() {}
    Ok(())
}

/// A TCP stream whose writes fail with `TimedOut` once they have made no progress for
/// `limit`: the client has stopped reading (or reads a byte now and then), the send buffer
/// is full, and the connection would otherwise be held for as long as the client likes.
struct WriteStallGuard {
    inner: TcpStream,
    limit: Duration,
    /// Runs while a write is pending; reset by any progress.
    stalled_since: Option<Pin<Box<Sleep>>>,
}

impl WriteStallGuard {
    fn new(inner: TcpStream, limit: Duration) -> Self {
        WriteStallGuard {
            inner,
            limit,
            stalled_since: None,
        }
    }

    /// Passes `Ready` through (clearing the timer) and turns a `Pending` that has lasted
    /// `limit` into an error.
    fn guard<T>(
        &mut self,
        cx: &mut Context<'_>,
        polled: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        if polled.is_ready() {
            self.stalled_since = None;
            return polled;
        }
        let limit = self.limit;
        let timer = self
            .stalled_since
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        if timer.as_mut().poll(cx).is_ready() {
            self.stalled_since = None;
            return Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client took no response data for too long",
            )));
        }
        Poll::Pending
    }
}

impl AsyncRead for WriteStallGuard {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for WriteStallGuard {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.guard(cx, polled)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.guard(cx, polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let polled = Pin::new(&mut self.inner).poll_flush(cx);
        self.guard(cx, polled)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let polled = Pin::new(&mut self.inner).poll_shutdown(cx);
        self.guard(cx, polled)
    }
}
