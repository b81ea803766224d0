//! `collector [--config FILE]`: runs the feedback collector until SIGINT or SIGTERM.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: collector [--config FILE]

Receives plan-explorer's \"Hjälpte informationen dig?\" answers and stores them in SQLite.
Settings come from the optional TOML file, overridden by COLLECTOR_* environment variables;
see collector/README.md.";

fn main() -> ExitCode {
    let config_path = match parse_args(std::env::args().skip(1)) {
        Ok(Some(path)) => path,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("collector: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let config = match collector::Config::load(config_path.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("collector: configuration: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = collector::init_logging() {
        eprintln!("collector: {e}");
        return ExitCode::from(2);
    }
    eprintln!("collector: effective configuration:\n{config}");

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("collector: starting the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(collector::serve(config, shutdown_signal())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "collector failed");
            eprintln!("collector: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `Ok(None)` means help was asked for.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Option<PathBuf>>, String> {
    let mut config = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--config" => match args.next() {
                Some(path) => config = Some(PathBuf::from(path)),
                None => return Err("--config needs a file name".into()),
            },
            other => match other.strip_prefix("--config=") {
                Some(path) => config = Some(PathBuf::from(path)),
                None => return Err(format!("unknown argument {other:?}")),
            },
        }
    }
    Ok(Some(config))
}

/// Completes on Ctrl-C (SIGINT) or SIGTERM (what systemd and container runtimes send).
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
