//! The layers every response passes through, API and site alike.
//!
//! ```
//! use axum::{routing::get, Router};
//! use std::time::Duration;
//!
//! let router: Router = Router::new().route("/", get(|| async { "ok" }));
//! // A panic becomes a JSON 500, a slow request a JSON 408, and every answer carries the
//! // security headers.
//! let router = collector::harden(router, Duration::from_secs(15), None);
//! # let _ = router;
//! ```

use crate::error::AppError;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::any::Any;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;

/// Wraps `router` so that, outermost first:
///
/// - every response carries `X-Content-Type-Options: nosniff` and `Referrer-Policy:
///   strict-origin-when-cross-origin`, and HTML (and SVG) also `csp` when given;
/// - a request not answered within `request_timeout` gets a JSON 408 (the handler is
///   dropped; a write it queued may still be committed, but it was never acknowledged);
/// - a panic in a handler becomes a JSON 500 for that request only. The server profile
///   unwinds, so the process and every other request carry on.
pub fn harden(router: Router, request_timeout: Duration, csp: Option<HeaderValue>) -> Router {
    router
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            request_timeout,
        ))
        .layer(middleware::from_fn_with_state(
            request_timeout,
            json_request_timeout,
        ))
        .layer(middleware::from_fn_with_state(csp, security_headers))
}

/// The 500 for a panic. The panic message goes to the log (bounded), not to the client.
fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    let message: String = message.chars().take(200).collect();
    tracing::error!(panic = %message, "a handler panicked; answered 500 to that request");
    AppError::Panic.into_response()
}

/// Gives the timeout layer's empty 408 the JSON shape of every other error, and closes the
/// connection, since the client may still be sending.
async fn json_request_timeout(
    State(limit): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::REQUEST_TIMEOUT
        || response.headers().contains_key(header::CONTENT_TYPE)
    {
        return response;
    }
    AppError::Timeout {
        limit_secs: limit.as_secs(),
    }
    .into_response()
}

async fn security_headers(
    State(csp): State<Option<HeaderValue>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    if let Some(csp) = csp {
        if is_document(headers) {
            headers.insert(header::CONTENT_SECURITY_POLICY, csp);
        }
    }
    response
}

/// HTML, and SVG (which can hold scripts when opened on its own).
fn is_document(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|mime| mime.trim().to_ascii_lowercase())
        .is_some_and(|mime| mime == "text/html" || mime == "image/svg+xml")
}
