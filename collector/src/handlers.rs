//! The API's endpoints: what each one reads, asks the store, and answers.
//!
//! Each handler returns `Result<Response, AppError>`, so a refusal is a `?` and its status,
//! body and headers are decided in one place ([`crate::error`]). What runs before a
//! handler (CORS, the rate limit, the body limit) is in [`crate::middleware`]; which path
//! leads to which handler is in [`crate::routes`].

use crate::auth::require_bearer;
use crate::error::{AppError, StoreTask};
use crate::payload::{self, Parsed};
use crate::store::{self, InsertOutcome};
use crate::{AppState, MAX_CONCURRENT_EXPORTS};
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequest, Query, Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use std::sync::Arc;
use tracing::info;

/// `Retry-After` (seconds) when every export place is taken.
const EXPORT_RETRY_AFTER_SECS: u64 = 5;

/// Comments per page when `limit` is not given.
const DEFAULT_COMMENTS_PAGE: u32 = 50;

/// `POST /api/feedback`.
pub(crate) async fn submit(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, AppError> {
    if !is_json(request.headers()) {
        return Err(AppError::NotJson);
    }
    let body = Bytes::from_request(request, &()).await?;
    let received_at = now_utc();
    let feedback = match payload::parse(&body, state.inner.min_comment_ms)? {
        Parsed::Feedback(f) => f,
        Parsed::Honeypot => {
            // Same answer as a real success: a bot must not learn that it was spotted.
            info!(target: "collector::spam", "honeypot field filled; answered \"stored\", stored nothing");
            return Ok(status_body(StatusCode::CREATED, "stored"));
        }
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
    let outcome = state
        .inner
        .store
        .insert(feedback, received_at)
        .await
        .map_err(AppError::store(StoreTask::StoreAnswer))?;
    Ok(match outcome {
        InsertOutcome::Stored => status_body(StatusCode::CREATED, "stored"),
        InsertOutcome::Duplicate => status_body(StatusCode::OK, "duplicate"),
    })
}

/// `application/json`, with or without parameters such as `; charset=utf-8`.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

/// `GET /api/feedback/summary`.
pub(crate) async fn summary(State(state): State<AppState>) -> Result<Response, AppError> {
    let views = state
        .inner
        .store
        .summary()
        .await
        .map_err(AppError::store(StoreTask::ReadSummary))?;
    Ok(Json(json!({ "generated_at": now_utc(), "views": views })).into_response())
}

/// `GET /api/feedback/comments?limit=N&cursor=C` (token): one page of comments, newest
/// first, and the cursor for the next page.
pub(crate) async fn comments(
    State(state): State<AppState>,
    headers: HeaderMap,
    // Taken as a `Result` so that a bad query string gets the JSON error shape, and only
    // after the token check: without the token it is a 401, whatever the query.
    query: Result<Query<CommentsQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    require_bearer(state.inner.token_digest.as_ref(), &headers)?;
    let Query(query) = query?;
    let (limit, cursor) = query.check().map_err(AppError::BadQuery)?;
    let page = state
        .inner
        .store
        .comments_page(limit, cursor)
        .await
        .map_err(AppError::store(StoreTask::ReadComments))?;
    Ok(no_store(Json(page).into_response()))
}

/// The query string of `GET /api/feedback/comments`, as sent.
#[derive(serde::Deserialize)]
pub(crate) struct CommentsQuery {
    limit: Option<String>,
    cursor: Option<String>,
}

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
pub(crate) async fn export_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    require_bearer(state.inner.token_digest.as_ref(), &headers)?;
    // Held by the response body until the download ends or the client goes away.
    let place = Arc::clone(&state.inner.exports)
        .try_acquire_owned()
        .map_err(|_| AppError::ExportsBusy {
            running: MAX_CONCURRENT_EXPORTS,
            retry_after_secs: EXPORT_RETRY_AFTER_SECS,
        })?;
    let body = crate::export::csv_body(&state.inner.store, place)
        .await
        .map_err(AppError::store(StoreTask::ReadExport))?;
    let filename = format!("attachment; filename=\"feedback-{}.csv\"", &now_utc()[..10]);
    let mut response = ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], body).into_response();
    if let Ok(v) = HeaderValue::from_str(&filename) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(no_store(response))
}

/// Comments may hold personal details: keep them out of browser and proxy caches.
fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A success that only says what happened: `{"status": "stored"}` and the like.
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
