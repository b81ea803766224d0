//! Every way a request can fail, and the one shape in which the client hears about it.
//!
//! Handlers and middleware return `Result<_, AppError>` and use `?`; [`AppError`] turns
//! into the response (as in axum's `error-handling` example). Keeping the refusals in one
//! enum means each status, message and extra header (`Retry-After`, `WWW-Authenticate`,
//! `Cache-Control`, `Connection`) is written once, and every error body has the same
//! shape: `{"error": "<what went wrong, for a person>"}`.
//!
//! The [`Display`](std::fmt::Display) text of an error is exactly what the client reads.
//! A store failure's cause goes to the log only: it may name files or SQL, which a client
//! has no use for.

use crate::store::StoreError;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::http::header::{self, HeaderValue};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use feedback_protocol::{PayloadError, MAX_BODY_BYTES};
use serde_json::json;

/// A refusal or failure, as the client will see it.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// `POST /api/feedback` without `Content-Type: application/json`.
    #[error("Content-Type must be application/json")]
    NotJson,
    /// The body is over [`MAX_BODY_BYTES`], whether `Content-Length` said so up front or
    /// the limit was hit while reading.
    #[error("the body is larger than {MAX_BODY_BYTES} bytes")]
    BodyTooLarge,
    /// The body could not be read for another reason (say, the client broke off).
    #[error("could not read the body: {0}")]
    UnreadableBody(String),
    /// The answer failed validation; the message says which field and why.
    #[error(transparent)]
    Payload(#[from] PayloadError),
    /// A query string the endpoint cannot use.
    #[error("{0}")]
    BadQuery(String),
    /// A staff endpoint, but the server has no token to check against.
    #[error(
        "no token is configured; set COLLECTOR_TOKEN (or token in the config file) to \
         enable the comments and the export"
    )]
    NoTokenConfigured,
    /// A staff endpoint without the right bearer token.
    #[error("a valid Authorization: Bearer <token> header is required")]
    Unauthorized,
    /// The client's token bucket is empty.
    #[error("too many requests; try again in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    /// Every export place is taken.
    #[error("{running} exports are running already; try again in {retry_after_secs} s")]
    ExportsBusy {
        running: usize,
        retry_after_secs: u64,
    },
    /// The store failed while doing `task`.
    #[error("{}", task.client_message())]
    Store {
        task: StoreTask,
        #[source]
        source: StoreError,
    },
    /// The request was not answered within the request timeout.
    #[error("the request was not completed within {limit_secs} s; please try again")]
    Timeout { limit_secs: u64 },
    /// A handler panicked (the panic message is logged where it is caught).
    #[error("internal error: the request could not be completed; please try again")]
    Panic,
    /// A path under `/api` that no route matches.
    #[error("there is no such API route")]
    NoSuchApiRoute,
    /// Any other unknown path, when no site is served.
    #[error("not found")]
    NotFound,
}

/// What the store was doing when it failed, which decides both the log line and what the
/// client is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreTask {
    /// Storing an answer (`POST /api/feedback`).
    StoreAnswer,
    /// Reading the public summary.
    ReadSummary,
    /// Reading a page of comments.
    ReadComments,
    /// Starting the CSV export.
    ReadExport,
}

impl StoreTask {
    fn client_message(self) -> &'static str {
        match self {
            StoreTask::StoreAnswer => "the answer could not be stored; please try again",
            StoreTask::ReadSummary => "the summary could not be read",
            StoreTask::ReadComments => "the comments could not be read",
            StoreTask::ReadExport => "the export could not be read",
        }
    }

    fn log_message(self) -> &'static str {
        match self {
            StoreTask::StoreAnswer => "storing an answer failed",
            StoreTask::ReadSummary => "reading the summary failed",
            StoreTask::ReadComments => "reading comments failed",
            StoreTask::ReadExport => "reading the export failed",
        }
    }
}

impl AppError {
    /// For `map_err`: a store failure while doing `task`.
    pub fn store(task: StoreTask) -> impl FnOnce(StoreError) -> AppError {
        move |source| AppError::Store { task, source }
    }

    /// The status the client gets.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotJson => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnreadableBody(_) | AppError::Payload(_) | AppError::BadQuery(_) => {
                StatusCode::BAD_REQUEST
            }
            AppError::NoTokenConfigured | AppError::ExportsBusy { .. } => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Store { .. } | AppError::Panic => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Timeout { .. } => StatusCode::REQUEST_TIMEOUT,
            AppError::NoSuchApiRoute | AppError::NotFound => StatusCode::NOT_FOUND,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Store { task, source } = &self {
            // Logged here, where the 500 is made, so that no handler can forget to. The
            // target is the crate's, as it was when each handler logged for itself.
            tracing::error!(target: "collector", error = %source, "{}", task.log_message());
        }
        let mut response =
            (self.status(), Json(json!({ "error": self.to_string() }))).into_response();
        let headers = response.headers_mut();
        match self {
            AppError::Unauthorized => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            AppError::RateLimited { retry_after_secs } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            }
            AppError::ExportsBusy {
                retry_after_secs, ..
            } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
                // Like the export itself, not for caches: a proxy that kept this refusal
                // would go on answering "busy" after a place has freed up.
                headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            }
            AppError::Timeout { .. } => {
                // The client may still be sending; reading the rest of it is not worth it.
                headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            _ => {}
        }
        response
    }
}

impl From<BytesRejection> for AppError {
    fn from(rejection: BytesRejection) -> Self {
        // The body limit shows up here when the body turns out too big while it is read
        // (no or a false `Content-Length`); it gets the same answer as an honest one.
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::BodyTooLarge
        } else {
            AppError::UnreadableBody(rejection.body_text())
        }
    }
}

impl From<feedback_protocol::QueryError> for AppError {
    fn from(error: feedback_protocol::QueryError) -> Self {
        AppError::BadQuery(error.0)
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        AppError::BadQuery(rejection.body_text())
    }
}
