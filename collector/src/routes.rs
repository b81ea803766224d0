//! Which path goes to which handler, and the layers each group of routes is wrapped in.
//!
//! Two groups with different CORS policies: posting answers and the staff endpoints
//! answer only listed origins; the summary answers any. Around the whole router sit the
//! layers of [`crate::harden`] and the access log; see the crate documentation for the
//! full order.

use crate::error::AppError;
use crate::handlers::{comments, export_csv, submit, summary};
use crate::middleware::{access_log, cors, json_payload_too_large, rate_limit, Cors};
use crate::site::Site;
use crate::{harden, AppState};
use axum::extract::Request;
use axum::middleware;
use axum::routing::{any, get, post};
use axum::Router;
use feedback_protocol::MAX_BODY_BYTES;
use std::sync::Arc;
use tower_http::limit::RequestBodyLimitLayer;

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

async fn no_such_api_route() -> AppError {
    AppError::NoSuchApiRoute
}

async fn not_found() -> AppError {
    AppError::NotFound
}
