//! Where the collector's logs go and in what format; set up once, by `main`.

use crate::BoxError;

/// Sets up `tracing`: plain text by default, JSON lines when `COLLECTOR_LOG_FORMAT=json`;
/// the level comes from `RUST_LOG` (default `info`).
pub fn init_logging() -> Result<(), BoxError> {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let format = std::env::var("COLLECTOR_LOG_FORMAT").unwrap_or_default();
    use std::io::IsTerminal;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal, not in journald or a log file.
        .with_ansi(std::io::stderr().is_terminal());
    match format.trim() {
        "json" => builder.json().flatten_event(true).try_init(),
        "" | "plain" | "text" => builder.try_init(),
        other => Err(format!("COLLECTOR_LOG_FORMAT: unknown format {other:?}").into()),
    }
}
