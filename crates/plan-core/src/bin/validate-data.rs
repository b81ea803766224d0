//! Checks data files before they are published.
//!
//! ```text
//! cargo run -p plan-core --bin validate-data                          # every file in public/data/
//! cargo run -p plan-core --bin validate-data -- public/data/plan.json # one file
//! cargo run -p plan-core --bin validate-data -- lista.csv --write-json public/data/partners.json
//! ```
//!
//! `partners.json` is checked against the `plan.json` in the same folder. A `.csv` file is a
//! partner list saved from Excel (`plan_core::partners_csv`): it is read over the sectors and
//! municipalities of the `partners.json` beside it, checked like `partners.json`, and with
//! `--write-json FILE` written as JSON when it has no problem.
//!
//! Prints every problem as `file: JSON path: message` and exits with status 1
//! if there is any, 2 if a file cannot be read, 0 if all files are valid.

use plan_core::model::raw::RawPartnerDirectory;
use plan_core::model::Plan;
use plan_core::partners_csv::check_partners_csv;
use plan_core::validate::{parse_plan, validate_file, DataFileKind, Problem};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const DEFAULT_DATA_DIR: &str = "public/data";

fn main() -> ExitCode {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut write_json: Option<PathBuf> = None;
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--write-json" {
            let Some(target) = args.next() else {
                eprintln!(
                    "--write-json behöver filen att skriva, till exempel public/data/partners.json"
                );
                return ExitCode::from(2);
            };
            write_json = Some(PathBuf::from(target));
        } else {
            files.push(PathBuf::from(arg));
        }
    }
    let csv_files = files.iter().filter(|path| is_csv(path)).count();
    if write_json.is_some() && (csv_files != 1 || files.len() != 1) {
        eprintln!(
            "--write-json skriver organisationerna i en CSV-fil som JSON: ange precis en .csv-fil"
        );
        return ExitCode::from(2);
    }
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
                "inga datafiler i {DEFAULT_DATA_DIR}/: kör validate-data från projektets rotmapp, \
                 eller ange filerna som ska kontrolleras"
            );
            return ExitCode::from(2);
        }
    }
    let mut status = ExitCode::SUCCESS;
    for path in &files {
        let name = path.display().to_string();
        if is_csv(path) {
            let outcome = check_csv(path, &name, write_json.as_deref());
            if outcome != ExitCode::SUCCESS {
                status = outcome;
            }
            continue;
        }
        let Some(kind) = DataFileKind::from_path(path) else {
            eprintln!(
                "{name}: är ingen känd datafil; väntade en av: {}, eller en organisationslista (.csv)",
                DataFileKind::names()
            );
            status = ExitCode::from(2);
            continue;
        };
        let json = match std::fs::read_to_string(path) {
            Ok(json) => json,
            Err(error) => {
                eprintln!("{name}: kan inte läsas: {error}");
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
            print_problems(&name, &problems);
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

fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("csv"))
}

/// Checks a partner list saved from Excel, and writes it as JSON to `write_json` if it is valid.
fn check_csv(path: &Path, name: &str, write_json: Option<&Path>) -> ExitCode {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("{name}: kan inte läsas: {error}");
            return ExitCode::from(2);
        }
    };
    let partners_path = path.with_file_name(DataFileKind::Partners.file_name());
    let base = std::fs::read_to_string(&partners_path)
        .ok()
        .and_then(|json| serde_json::from_str::<RawPartnerDirectory>(&json).ok());
    let (Some(base), Some(plan)) = (base, plan_beside(path)) else {
        eprintln!(
            "{name}: behöver en giltig plan.json och partners.json bredvid sig, för de insatsområden, \
             ämnen, sektorer och kommuner som listan hänvisar till"
        );
        return ExitCode::from(2);
    };
    match check_partners_csv(name, &bytes, &base, &plan) {
        Ok(json) => {
            println!("{name}: ok");
            if let Some(target) = write_json {
                if let Err(error) = std::fs::write(target, json) {
                    eprintln!("{}: kan inte skrivas: {error}", target.display());
                    return ExitCode::from(2);
                }
                println!("{}: skriven från {name}", target.display());
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            print_problems(name, &problems);
            ExitCode::FAILURE
        }
    }
}

fn print_problems(name: &str, problems: &[Problem]) {
    for problem in problems {
        println!("{problem}");
    }
    println!("{name}: {} fel", problems.len());
}
