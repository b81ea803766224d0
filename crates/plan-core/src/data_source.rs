//! Loading the bundled data files over HTTP.
//!
//! The functions here hold the decisions (status codes, parsing, validation) and are tested
//! natively; the app's `browser::fetch` only does the I/O. The app loads in two steps: what
//! every view starts from ([`SiteData`]: the plan and the settings, [`interpret_site`]), and
//! after the first paint, when the browser is idle or a view needs them, the partner
//! directory and the catalog built from both ([`AppData`], [`interpret_partners`]).

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

/// What every view starts from, validated: the plan and the settings.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteData {
    /// The action plan, shared: views that only show the plan keep a handle to it.
    pub plan: Arc<Plan>,
    /// The runtime settings.
    pub config: AppConfig,
}

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

/// The state of loading data (a [`SiteData`] or an [`AppData`]), as the views see it.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadState<T> {
    /// The requests are on their way.
    Loading,
    /// The data arrived and passed validation.
    Ready(Arc<T>),
    /// Something went wrong; the view offers a retry.
    Failed(LoadError),
}

impl<T> LoadState<T> {
    /// The data, once it has loaded.
    pub fn data(&self) -> Option<Arc<T>> {
        match self {
            LoadState::Ready(data) => Some(data.clone()),
            _ => None,
        }
    }
}

/// Turns the HTTP answers for both files into validated data (with the default settings)
/// or the first file's [`LoadError`]. The plan comes first: the directory refers to it.
pub fn interpret_responses(
    plan: FileResponse,
    partners: FileResponse,
) -> Result<AppData, LoadError> {
    let plan = interpret_plan_response(PLAN_FILE, plan.status, &plan.body)?;
    let site = SiteData {
        plan: Arc::new(plan),
        config: AppConfig::default(),
    };
    interpret_partners(&site, partners)
}

/// Turns the answers for the plan and `config.json` into what every view starts from,
/// or the first file's [`LoadError`] (the plan's first).
pub fn interpret_site(plan: FileResponse, config: FileResponse) -> Result<SiteData, LoadError> {
    let plan = interpret_plan_response(PLAN_FILE, plan.status, &plan.body)?;
    let config = interpret_config(config)?;
    Ok(SiteData {
        plan: Arc::new(plan),
        config,
    })
}

/// Turns the answer for the partner directory into all the data: `site`'s, the validated
/// directory (checked against `site`'s plan), and the catalog built from both.
pub fn interpret_partners(site: &SiteData, partners: FileResponse) -> Result<AppData, LoadError> {
    check_status(PARTNERS_FILE, partners.status)?;
    let directory =
        parse_partners(PARTNERS_FILE, &partners.body, &site.plan).map_err(|problems| {
            LoadError::Invalid {
                file: PARTNERS_FILE.to_string(),
                problems,
            }
        })?;
    let catalog = Catalog::new(&site.plan, &directory);
    Ok(AppData {
        plan: site.plan.clone(),
        partners: directory,
        catalog,
        config: site.config.clone(),
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
