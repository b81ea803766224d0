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
use axum::extract::{FromRequest, RawQuery, Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use feedback_protocol::{decode_query, single, StaffFilter};
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

/// The staff filter (`from`, `to`, `lang`, `mode`) of a query string; a bad one is a 400
/// that says what to send.
fn staff_filter(query: Option<&str>) -> Result<StaffFilter, AppError> {
    Ok(StaffFilter::from_query(query.unwrap_or(""))?)
}

/// `GET /api/feedback/summary?from=&to=&lang=&mode=`: counts per view and answers per ISO
/// week, within the filter.
pub(crate) async fn summary(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let filter = staff_filter(query.as_deref())?;
    let store = &state.inner.store;
    let views = store
        .summary(filter)
        .await
        .map_err(AppError::store(StoreTask::ReadSummary))?;
    let weeks = store
        .weeks(filter)
        .await
        .map_err(AppError::store(StoreTask::ReadSummary))?;
    let weeks: Vec<_> = weeks
        .iter()
        .map(|w| {
            json!({
                "week": w.week.to_string(),
                "monday": w.week.monday.to_string(),
                "answers": w.answers,
            })
        })
        .collect();
    Ok(Json(json!({ "generated_at": now_utc(), "views": views, "weeks": weeks })).into_response())
}

/// `GET /api/feedback/comments?limit=N&cursor=C&from=&to=&lang=&mode=` (token): one page
/// of comments within the filter, newest first, and the cursor for the next page (which
/// is only good with the same filter).
pub(crate) async fn comments(
    State(state): State<AppState>,
    headers: HeaderMap,
    // Read only after the token check: without the token it is a 401, whatever the query.
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    require_bearer(state.inner.token_digest.as_ref(), &headers)?;
    let pairs = decode_query(query.as_deref().unwrap_or(""))?;
    let filter = StaffFilter::from_pairs(&pairs)?;
    let (limit, cursor) = CommentsQuery {
        limit: single(&pairs, "limit")?,
        cursor: single(&pairs, "cursor")?,
    }
    .check()
    .map_err(AppError::BadQuery)?;
    let page = state
        .inner
        .store
        .comments_page(limit, cursor, filter)
        .await
        .map_err(AppError::store(StoreTask::ReadComments))?;
    Ok(no_store(Json(page).into_response()))
}

/// The paging parameters of `GET /api/feedback/comments`, as sent.
struct CommentsQuery<'a> {
    limit: Option<&'a str>,
    cursor: Option<&'a str>,
}

impl CommentsQuery<'_> {
    /// The page size and where the page starts, or a message for a 400.
    fn check(self) -> Result<(u32, Option<store::CommentCursor>), String> {
        let max = store::MAX_COMMENTS_PAGE;
        let limit = match self.limit {
            None => DEFAULT_COMMENTS_PAGE,
            Some(text) => text
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| format!("limit must be a whole number from 1 to {max}"))?,
        };
        let cursor = match self.cursor {
            None => None,
            Some(text) => {
                Some(store::CommentCursor::decode(text).map_err(|why| format!("cursor {why}"))?)
            }
        };
        Ok((limit, cursor))
    }
}

/// `GET /api/feedback/export.csv?from=&to=&lang=&mode=` (token): every counted answer
/// within the filter, streamed from SQLite. At most [`MAX_CONCURRENT_EXPORTS`] at once;
/// beyond that, 503 with `Retry-After`.
pub(crate) async fn export_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    require_bearer(state.inner.token_digest.as_ref(), &headers)?;
    let filter = staff_filter(query.as_deref())?;
    // Held by the response body until the download ends or the client goes away.
    let place = Arc::clone(&state.inner.exports)
        .try_acquire_owned()
        .map_err(|_| AppError::ExportsBusy {
            running: MAX_CONCURRENT_EXPORTS,
            retry_after_secs: EXPORT_RETRY_AFTER_SECS,
        })?;
    let body = crate::export::csv_body(&state.inner.store, filter, place)
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
