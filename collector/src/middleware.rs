//! What runs around the API's handlers: the access log, the rate limit, CORS, and the
//! JSON form of the body limit's 413.
//!
//! [`crate::routes`] decides which of these wraps which routes, and in what order.

use crate::error::AppError;
use crate::forwarded::TrustedProxies;
use crate::rate_limit::client_key;
use crate::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;
use tracing::info;

/// One log line per request. Deliberately no query string, client address or body: the
/// logs must hold no personal data.
pub(crate) async fn access_log(request: Request, next: Next) -> Response {
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
pub(crate) async fn rate_limit(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, AppError> {
    let ip = client_ip(&request, &state.inner.trusted_proxies);
    let now = state.inner.epoch.elapsed();
    let verdict = state
        .inner
        .limiter
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .check(client_key(ip), now);
    match verdict {
        Ok(()) => Ok(next.run(request).await),
        Err(wait) => Err(AppError::RateLimited {
            retry_after_secs: wait.as_secs_f64().ceil().max(1.0) as u64,
        }),
    }
}

/// The peer address, or, when the peer is a trusted proxy, the right-most `X-Forwarded-For`
/// hop that is not one (see [`crate::forwarded`]).
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
pub(crate) async fn json_payload_too_large(
    request: Request,
    next: Next,
) -> Result<Response, AppError> {
    let response = next.run(request).await;
    let is_json_body = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE && !is_json_body {
        Err(AppError::BodyTooLarge)
    } else {
        Ok(response)
    }
}

/// Which origins a group of routes answers CORS requests from.
#[derive(Clone)]
pub(crate) enum Cors {
    /// Exactly these origins; everyone else gets no CORS headers at all.
    AllowList(Arc<[HeaderValue]>),
    /// Any origin, without credentials.
    Public,
}

/// A small CORS implementation instead of `tower_http::cors`, because that one answers
/// every preflight with `Access-Control-Allow-Methods` and friends even for origins it
/// does not allow, and the contract is that unlisted origins get no CORS headers.
pub(crate) async fn cors(State(policy): State<Cors>, request: Request, next: Next) -> Response {
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
