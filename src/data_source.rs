//! Loading the bundled data files over HTTP.
//!
//! [`interpret_plan_response`] holds the decisions (status codes, parsing,
//! validation) and is tested natively; [`fetch_plan`] only does the I/O.

use crate::model::Plan;
use crate::validate::{parse_plan, Problem};
use std::sync::Arc;

/// Where the plan lives, relative to the app's base URL (`<base href>`), so the
/// app works wherever it is hosted.
pub const PLAN_FILE: &str = "data/plan.json";

/// Why a data file could not be used. Each variant leads to a message that
/// tells the visitor what to do next.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadError {
    /// The request did not get an answer (offline, blocked, server down).
    Unreachable {
        /// The file that was requested.
        file: String,
        /// What the browser reported, for the technical details.
        detail: String,
    },
    /// The server answered with an error status such as 404 or 500.
    Http {
        /// The file that was requested.
        file: String,
        /// The HTTP status code.
        status: u16,
    },
    /// The file arrived but is not valid JSON or fails validation.
    Invalid {
        /// The file that was requested.
        file: String,
        /// Every problem the validator found.
        problems: Vec<Problem>,
    },
}

/// The state of loading the plan, as the views see it.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadState {
    /// The request is on its way.
    Loading,
    /// The plan arrived and passed validation.
    Ready(Arc<Plan>),
    /// Something went wrong; the view offers a retry.
    Failed(LoadError),
}

impl LoadState {
    /// The plan, once it has loaded.
    pub fn plan(&self) -> Option<Arc<Plan>> {
        match self {
            LoadState::Ready(plan) => Some(plan.clone()),
            _ => None,
        }
    }
}

/// Turns an HTTP answer for `file` into a validated plan or a [`LoadError`].
pub fn interpret_plan_response(file: &str, status: u16, body: &str) -> Result<Plan, LoadError> {
    if !(200..300).contains(&status) {
        return Err(LoadError::Http {
            file: file.to_string(),
            status,
        });
    }
    parse_plan(file, body).map_err(|problems| LoadError::Invalid {
        file: file.to_string(),
        problems,
    })
}

/// Fetches and validates [`PLAN_FILE`].
pub async fn fetch_plan() -> Result<Plan, LoadError> {
    let unreachable = |error: gloo_net::Error| LoadError::Unreachable {
        file: PLAN_FILE.to_string(),
        detail: error.to_string(),
    };
    let response = gloo_net::http::Request::get(PLAN_FILE)
        // The region may replace the file at any time; always ask the server.
        .cache(web_sys::RequestCache::NoCache)
        .send()
        .await
        .map_err(unreachable)?;
    let status = response.status();
    let body = if response.ok() {
        response.text().await.map_err(unreachable)?
    } else {
        String::new()
    };
    interpret_plan_response(PLAN_FILE, status, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUNDLED: &str = include_str!("../public/data/plan.json");

    #[test]
    fn a_successful_answer_with_a_valid_plan_gives_the_plan() {
        let plan = interpret_plan_response(PLAN_FILE, 200, BUNDLED).expect("bundled plan is valid");
        assert_eq!(plan.activities.len(), 12);
    }

    #[test]
    fn an_error_status_is_reported_with_the_file_and_status() {
        assert_eq!(
            interpret_plan_response(PLAN_FILE, 404, "<html>Not found</html>"),
            Err(LoadError::Http {
                file: PLAN_FILE.into(),
                status: 404
            })
        );
        assert!(matches!(
            interpret_plan_response(PLAN_FILE, 503, BUNDLED),
            Err(LoadError::Http { status: 503, .. })
        ));
    }

    #[test]
    fn a_broken_body_is_reported_as_invalid_with_its_problems() {
        match interpret_plan_response(PLAN_FILE, 200, "<!doctype html><p>oops") {
            Err(LoadError::Invalid { file, problems }) => {
                assert_eq!(file, PLAN_FILE);
                assert_eq!(problems.len(), 1);
                assert_eq!(problems[0].path, "$");
                assert_eq!(problems[0].file, PLAN_FILE);
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn load_state_exposes_the_plan_only_when_ready() {
        assert_eq!(LoadState::Loading.plan(), None);
        let plan = Arc::new(Plan::default());
        assert_eq!(LoadState::Ready(plan.clone()).plan(), Some(plan));
    }
}
