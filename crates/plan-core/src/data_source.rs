//! Loading the bundled data files over HTTP.
//!
//! [`interpret_responses`] holds the decisions (status codes, parsing,
//! validation) and is tested natively; the app's `browser::fetch` only does the I/O.

use crate::filter::Catalog;
use crate::model::{AppConfig, PartnerDirectory, Plan};
use crate::validate::{parse_config, parse_partners, parse_plan, Problem};
use std::sync::Arc;

/// Where the plan lives, relative to the app's base URL (`<base href>`), so the
/// app works wherever it is hosted.
pub const PLAN_FILE: &str = "data/plan.json";

/// Where the partner directory lives, relative to the app's base URL.
pub const PARTNERS_FILE: &str = "data/partners.json";

/// The runtime settings, beside `index.html`. Optional: without it the defaults apply.
pub const CONFIG_FILE: &str = "config.json";

/// Everything the views need, validated: the plan, the directory and the
/// catalog of entries built from both.
#[derive(Clone, Debug, PartialEq)]
pub struct AppData {
    /// The action plan, shared: views that only show the plan keep a handle to it.
    pub plan: Arc<Plan>,
    /// The partner directory.
    pub partners: PartnerDirectory,
    /// Focus areas, activities and partners as filterable entries.
    pub catalog: Catalog,
    /// The runtime settings.
    pub config: AppConfig,
}

/// An HTTP answer: its status and body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileResponse {
    /// HTTP status code.
    pub status: u16,
    /// The body (empty for error statuses).
    pub body: String,
}

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

/// The state of loading the data, as the views see it.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadState {
    /// The requests are on their way.
    Loading,
    /// The data arrived and passed validation.
    Ready(Arc<AppData>),
    /// Something went wrong; the view offers a retry.
    Failed(LoadError),
}

impl LoadState {
    /// The data, once it has loaded.
    pub fn data(&self) -> Option<Arc<AppData>> {
        match self {
            LoadState::Ready(data) => Some(data.clone()),
            _ => None,
        }
    }
}

/// Turns the HTTP answers for both files into validated data or the first
/// file's [`LoadError`]. The plan comes first: the directory refers to it.
pub fn interpret_responses(
    plan: FileResponse,
    partners: FileResponse,
) -> Result<AppData, LoadError> {
    let plan = interpret_plan_response(PLAN_FILE, plan.status, &plan.body)?;
    check_status(PARTNERS_FILE, partners.status)?;
    let directory = parse_partners(PARTNERS_FILE, &partners.body, &plan).map_err(|problems| {
        LoadError::Invalid {
            file: PARTNERS_FILE.to_string(),
            problems,
        }
    })?;
    let catalog = Catalog::new(&plan, &directory);
    Ok(AppData {
        plan: Arc::new(plan),
        partners: directory,
        catalog,
        config: AppConfig::default(),
    })
}

/// Turns the answer for `config.json` into settings: a missing file (404)
/// means the defaults; a broken one is an error like any data file's.
pub fn interpret_config(response: FileResponse) -> Result<AppConfig, LoadError> {
    if response.status == 404 {
        return Ok(AppConfig::default());
    }
    check_status(CONFIG_FILE, response.status)?;
    parse_config(CONFIG_FILE, &response.body).map_err(|problems| LoadError::Invalid {
        file: CONFIG_FILE.to_string(),
        problems,
    })
}

/// Turns an HTTP answer for `file` into a validated plan or a [`LoadError`].
pub fn interpret_plan_response(file: &str, status: u16, body: &str) -> Result<Plan, LoadError> {
    check_status(file, status)?;
    parse_plan(file, body).map_err(|problems| LoadError::Invalid {
        file: file.to_string(),
        problems,
    })
}

fn check_status(file: &str, status: u16) -> Result<(), LoadError> {
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(LoadError::Http {
            file: file.to_string(),
            status,
        })
    }
}
