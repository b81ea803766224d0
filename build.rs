//! Generates the `i18n` module from the translation files in `locales/`.
//! Swedish is the default; every key must exist in all three languages,
//! and a missing one fails the build.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");

    let module_dir =
        PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    // `interpolate_display` lets `t_string!` fill in values such as dates and numbers.
    let options = ParseOptions::default().interpolate_display(true);
    let config = Config::new("sv")?
        .add_locale("en")?
        .add_locale("de")?
        .parse_options(options);
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(module_dir)?;
    Ok(())
}
