//! The editors' preview: data files an editor picks in the browser (`plan.json`,
//! `partners.json`, `config.json`, or the organisations as a CSV list from Excel), checked
//! with the same validator as `validate-data`, every problem with its file, JSON path and
//! message. Files not picked are taken as published. Nothing is sent anywhere.
//!
//! ```
//! use plan_core::data_source::{interpret_responses, FileResponse};
//! use plan_core::preview::{check_files, PickedFile};
//! let ok = |body: &str| FileResponse { status: 200, body: body.into() };
//! let published = interpret_responses(
//!     ok(include_str!("../../../public/data/plan.json")),
//!     ok(include_str!("../../../public/data/partners.json")),
//! ).unwrap();
//! let broken = PickedFile { name: "plan.json".into(), bytes: b"{\"format_version\": 1,".to_vec() };
//! let outcome = check_files(&[broken], &published);
//! assert_eq!(outcome.problems.len(), 1);
//! assert_eq!(outcome.problems[0].file, "plan.json");
//! ```

use crate::data_source::AppData;
use crate::model::Plan;
use crate::partners_csv::check_partners_csv;
use crate::validate::{parse_config, parse_partners, parse_plan, Problem};
use serde::{Deserialize, Serialize};

/// The files a preview of the app runs on, as texts by kind (a partner list already as
/// `partners.json`); a kind not picked is read from the server as published. The app keeps
/// them in the tab's session storage while the preview lasts, and checks them again when
/// it reads them, like any data file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PreviewFiles {
    /// `plan.json`'s text, if picked.
    pub plan: Option<String>,
    /// `partners.json`'s text, if picked (or made from a list).
    pub partners: Option<String>,
    /// `config.json`'s text, if picked.
    pub config: Option<String>,
}

impl PreviewFiles {
    /// The text that stands in for the data file at `path` (`data/plan.json`, `config.json`).
    pub fn text_for(&self, path: &str) -> Option<&str> {
        let text = match path.rsplit('/').next().unwrap_or(path) {
            "plan.json" => &self.plan,
            "partners.json" => &self.partners,
            "config.json" => &self.config,
            _ => &None,
        };
        text.as_deref()
    }
}

/// How the published organisations are named in a problem found with a picked plan.
pub const PUBLISHED_PARTNERS: &str = "partners.json (publicerad)";

/// The largest file the preview reads, in bytes: far above any real data file, and small
/// enough that a mistaken pick (a film, a disk image) costs the tab nothing.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

/// A file as the editor picked it: its name and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PickedFile {
    /// The file's name, such as `plan.json` (a path is cut to its last part).
    pub name: String,
    /// What it holds.
    pub bytes: Vec<u8>,
}

/// Which data a picked file is, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `plan.json`.
    Plan,
    /// `partners.json`.
    Partners,
    /// Any `.csv` file: the organisations as a list from Excel.
    PartnersCsv,
    /// `config.json`.
    Config,
}

impl FileKind {
    /// The kind a file name says, ignoring case and any folders; `None` for anything else.
    pub fn of(name: &str) -> Option<FileKind> {
        let base = name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(name)
            .to_lowercase();
        match base.as_str() {
            "plan.json" => Some(FileKind::Plan),
            "partners.json" => Some(FileKind::Partners),
            "config.json" => Some(FileKind::Config),
            _ if base.ends_with(".csv") => Some(FileKind::PartnersCsv),
            _ => None,
        }
    }
}

/// What checking the picked files found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PreviewOutcome {
    /// The files checked, by name, in the order picked.
    pub checked: Vec<String>,
    /// Every problem, in Swedish, file by file.
    pub problems: Vec<Problem>,
    /// A CSV list without problems, as `partners.json`, to download and publish.
    pub partners_json: Option<String>,
    /// The picked files to run the app on, when none has a problem.
    pub files: Option<PreviewFiles>,
}

/// Checks `files` against each other and, where one is not picked, against the `published`
/// data: partners against the picked plan if there is one, else the published plan.
pub fn check_files(files: &[PickedFile], published: &AppData) -> PreviewOutcome {
    let mut outcome = PreviewOutcome::default();
    let mut picked: [Option<(&str, &str)>; 4] = [None; 4];
    let mut csv: Option<&PickedFile> = None;
    for file in files {
        outcome.checked.push(file.name.clone());
        let problem = |message: &str| Problem {
            file: file.name.clone(),
            path: "$".into(),
            message: message.into(),
        };
        if file.bytes.len() > MAX_FILE_BYTES {
            outcome.problems.push(problem(
                "är större än 5 MB, vilket ingen datafil är; välj rätt fil",
            ));
            continue;
        }
        let Some(kind) = FileKind::of(&file.name) else {
            outcome.problems.push(problem(
                "är ingen känd datafil; välj plan.json, partners.json, config.json eller en organisationslista (.csv)",
            ));
            continue;
        };
        let slot = kind as usize;
        let taken = picked[slot].is_some() || (kind == FileKind::PartnersCsv && csv.is_some());
        let clashes = matches!(kind, FileKind::Partners) && csv.is_some()
            || matches!(kind, FileKind::PartnersCsv)
                && picked[FileKind::Partners as usize].is_some();
        if taken || clashes {
            outcome.problems.push(problem(
                "är en fil till med organisationerna eller samma slags data; välj en fil av varje slag",
            ));
            continue;
        }
        if kind == FileKind::PartnersCsv {
            csv = Some(file);
            continue;
        }
        match std::str::from_utf8(&file.bytes) {
            Ok(text) => picked[slot] = Some((file.name.as_str(), text)),
            Err(_) => outcome.problems.push(problem(
                "är inte sparad som UTF-8; spara den som UTF-8 och välj den igen",
            )),
        }
    }

    let picked_plan: Option<Option<Plan>> = picked[FileKind::Plan as usize].map(|(name, text)| {
        parse_plan(name, text)
            .map_err(|problems| outcome.problems.extend(problems))
            .ok()
    });
    // The plan the other files refer to: the picked one (if it is valid), else the published.
    let plan: Option<&Plan> = match &picked_plan {
        Some(picked) => picked.as_ref(),
        None => Some(&published.plan),
    };
    let unchecked_against_plan = |file: &str| {
        Problem {
        file: file.to_string(),
        path: "$".into(),
        message: "kan inte kontrolleras förrän plan.json är utan fel, eftersom den hänvisar till dess insatsområden och ämnen".into(),
    }
    };
    if let Some((name, text)) = picked[FileKind::Partners as usize] {
        match &plan {
            Some(plan) => {
                if let Err(problems) = parse_partners(name, text, plan) {
                    outcome.problems.extend(problems);
                }
            }
            None => outcome.problems.push(unchecked_against_plan(name)),
        }
    }
    // A picked plan with the published organisations: they must still fit it (an area or a
    // tag they use may be gone), or the preview and the site would break on them.
    if let (Some(Some(plan)), None, None) = (&picked_plan, picked[FileKind::Partners as usize], csv)
    {
        let published_json = serde_json::to_string(&published.partners.to_raw(&published.plan))
            .expect("a directory serialises");
        if let Err(problems) = parse_partners(PUBLISHED_PARTNERS, &published_json, plan) {
            outcome.problems.extend(problems);
        }
    }
    if let Some(file) = csv {
        match &plan {
            Some(plan) => {
                let base = published.partners.to_raw(&published.plan);
                match check_partners_csv(&file.name, &file.bytes, &base, plan) {
                    Ok(json) => outcome.partners_json = Some(json),
                    Err(problems) => outcome.problems.extend(problems),
                }
            }
            None => outcome.problems.push(unchecked_against_plan(&file.name)),
        }
    }
    if let Some((name, text)) = picked[FileKind::Config as usize] {
        if let Err(problems) = parse_config(name, text) {
            outcome.problems.extend(problems);
        }
    }
    let text = |kind: FileKind| picked[kind as usize].map(|(_, text)| text.to_string());
    let files = PreviewFiles {
        plan: text(FileKind::Plan),
        partners: text(FileKind::Partners).or_else(|| outcome.partners_json.clone()),
        config: text(FileKind::Config),
    };
    if outcome.problems.is_empty() && files != PreviewFiles::default() {
        outcome.files = Some(files);
    }
    outcome
}
