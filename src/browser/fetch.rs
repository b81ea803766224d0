//! Fetching the data files: the I/O only. What the answers mean (status codes,
//! parsing, validation) is decided by `plan_core::data_source`, natively tested.

use plan_core::data_source::{
    interpret_config, interpret_responses, AppData, FileResponse, LoadError, CONFIG_FILE,
    PARTNERS_FILE, PLAN_FILE,
};

/// Fetches the data files and the settings at once and validates them.
pub async fn fetch_data() -> Result<AppData, LoadError> {
    let (plan, partners, config) = futures::join!(
        fetch_file(PLAN_FILE),
        fetch_file(PARTNERS_FILE),
        fetch_file(CONFIG_FILE)
    );
    let config = interpret_config(config?)?;
    Ok(AppData {
        config,
        ..interpret_responses(plan?, partners?)?
    })
}

/// The one fetch helper for data files.
async fn fetch_file(file: &str) -> Result<FileResponse, LoadError> {
    let unreachable = |error: gloo_net::Error| LoadError::Unreachable {
        file: file.to_string(),
        detail: error.to_string(),
    };
    let response = gloo_net::http::Request::get(file)
        // The region may replace the files at any time; always ask the server.
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
    Ok(FileResponse { status, body })
}
