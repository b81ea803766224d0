//! `plan-prerender <plan.json> <config.json> <locales dir>`: prints the static
//! start page (see the library) to stdout. A file that does not validate is
//! reported like `validate-data` reports it, and fails the build.

use plan_core::model::Lang;
use plan_core::validate::{parse_config, parse_plan};
use plan_prerender::{render_start_page, Texts};
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [plan, config, locales] = args.as_slice() else {
        eprintln!("usage: plan-prerender <plan.json> <config.json> <locales dir>");
        return ExitCode::from(2);
    };
    match run(Path::new(plan), Path::new(config), Path::new(locales)) {
        Ok(html) => {
            println!("{html}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("plan-prerender: {error}");
            ExitCode::FAILURE
        }
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))
}

fn run(plan_path: &Path, config_path: &Path, locales: &Path) -> Result<String, String> {
    let problems = |problems: Vec<plan_core::validate::Problem>| {
        problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let plan = parse_plan("data/plan.json", &read(plan_path)?).map_err(problems)?;
    let config = parse_config("config.json", &read(config_path)?).map_err(problems)?;
    let texts =
        |lang: Lang| Texts::from_json(&read(&locales.join(format!("{}.json", lang.code())))?);
    let swedish = texts(Lang::Sv)?;
    let mut loading_lines = Vec::new();
    for lang in Lang::ALL {
        loading_lines.push((lang, texts(lang)?.get("loading", &[])?));
    }
    render_start_page(&plan, &config, &swedish, &loading_lines)
}
