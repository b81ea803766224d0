//! Checks data files before they are published.
//!
//! ```text
//! cargo run -p plan-core --bin validate-data                          # every file in public/data/
//! cargo run -p plan-core --bin validate-data -- public/data/plan.json # one file
//! ```
//!
//! `partners.json` is checked against the `plan.json` in the same folder.
//!
//! Prints every problem as `file: JSON path: message` and exits with status 1
//! if there is any, 2 if a file cannot be read, 0 if all files are valid.

use plan_core::model::Plan;
use plan_core::validate::{parse_plan, validate_file, DataFileKind};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const DEFAULT_DATA_DIR: &str = "public/data";

fn main() -> ExitCode {
    let mut files: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if files.is_empty() {
        files = DataFileKind::ALL
            .iter()
            .map(|kind| match kind {
                // config.json sits beside index.html, not with the data.
                DataFileKind::Config => Path::new("public").join(kind.file_name()),
                _ => Path::new(DEFAULT_DATA_DIR).join(kind.file_name()),
            })
            .filter(|path| path.exists())
            .collect();
        if files.is_empty() {
            eprintln!(
                "no data files in {DEFAULT_DATA_DIR}/: run validate-data from the repository root, \
                 or name the files to check"
            );
            return ExitCode::from(2);
        }
    }
    let mut status = ExitCode::SUCCESS;
    for path in &files {
        let name = path.display().to_string();
        let Some(kind) = DataFileKind::from_path(path) else {
            eprintln!(
                "{name}: not a known data file; expected one of: {}",
                DataFileKind::names()
            );
            status = ExitCode::from(2);
            continue;
        };
        let json = match std::fs::read_to_string(path) {
            Ok(json) => json,
            Err(error) => {
                eprintln!("{name}: cannot be read: {error}");
                status = ExitCode::from(2);
                continue;
            }
        };
        let plan = match kind {
            DataFileKind::Partners => plan_beside(path),
            DataFileKind::Plan | DataFileKind::Config => None,
        };
        let problems = validate_file(kind, &name, &json, plan.as_ref());
        if problems.is_empty() {
            println!("{name}: ok");
        } else {
            for problem in &problems {
                println!("{problem}");
            }
            println!("{name}: {} problem(s)", problems.len());
            if status == ExitCode::SUCCESS {
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}

/// The valid plan in the same folder as `path`, if there is one.
fn plan_beside(path: &Path) -> Option<Plan> {
    let plan_path = path.with_file_name(DataFileKind::Plan.file_name());
    let json = std::fs::read_to_string(plan_path).ok()?;
    parse_plan("plan.json", &json).ok()
}
