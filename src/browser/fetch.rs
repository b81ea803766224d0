//! `fetch`: the I/O only. What the answers mean (status codes, parsing,
//! validation) is decided elsewhere: the data files' by
//! `plan_core::data_source` (natively tested), the collector's by the feedback
//! outbox and the staff view.
//!
//! ```text
//! let site = fetch_site().await?;                              // the plan and config.json
//! let data = fetch_partners(&site).await?;                     // and the partner directory
//! let status = post_json("api/feedback", body).await?;         // one feedback answer
//! let answer = get("api/feedback/export.csv", Some(token)).await?;
//! if answer.status() == 200 { answer.save_as_file("feedback.csv").await?; }
//! ```
//!
//! Not hooks: each call is one request, awaited by the caller, with nothing to
//! clean up afterwards.

use plan_core::data_source::{
    interpret_partners, interpret_site, AppData, FileResponse, LoadError, SiteData, CONFIG_FILE,
    PARTNERS_FILE, PLAN_FILE,
};
use wasm_bindgen::JsCast;

/// A request that got no answer: offline, refused, or cut off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unreachable;

/// Fetches the plan and the settings at once and validates them: what every view starts
/// from. (index.html preloads both.)
pub async fn fetch_site() -> Result<SiteData, LoadError> {
    let (plan, config) = futures::join!(fetch_file(PLAN_FILE), fetch_file(CONFIG_FILE));
    interpret_site(plan?, config?)
}

/// Fetches the partner directory and validates it against `site`'s plan: all the data.
pub async fn fetch_partners(site: &SiteData) -> Result<AppData, LoadError> {
    interpret_partners(site, fetch_file(PARTNERS_FILE).await?)
}

/// The one fetch helper for data files. In an editors' preview, a file they picked stands
/// in for the published one (it is checked like it when read).
async fn fetch_file(file: &str) -> Result<FileResponse, LoadError> {
    if let Some(text) =
        super::preview_session::files().and_then(|f| f.text_for(file).map(str::to_string))
    {
        return Ok(FileResponse {
            status: 200,
            body: text,
        });
    }
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

/// POSTs `body` as JSON to `url`: the answer's status.
pub async fn post_json(url: &str, body: String) -> Result<u16, Unreachable> {
    let request = gloo_net::http::Request::post(url)
        .header("Content-Type", "application/json")
        .body(body)
        .map_err(|_| Unreachable)?;
    let response = request.send().await.map_err(|_| Unreachable)?;
    Ok(response.status())
}

/// An answer to [`get`], its body not read yet.
pub struct Answer(gloo_net::http::Response);

/// GETs `url`, never from a cache (the figures change with every answer), with
/// a bearer token if given.
pub async fn get(url: &str, token: Option<&str>) -> Result<Answer, Unreachable> {
    let mut request = gloo_net::http::Request::get(url).cache(web_sys::RequestCache::NoStore);
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {}", token.trim()));
    }
    let response = request.send().await.map_err(|_| Unreachable)?;
    Ok(Answer(response))
}

impl Answer {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.0.status()
    }

    /// A header's value, if the answer has it (and CORS lets us read it).
    pub fn header(&self, name: &str) -> Option<String> {
        self.0.headers().get(name)
    }

    /// The body as text.
    pub async fn text(self) -> Result<String, Unreachable> {
        self.0.text().await.map_err(|_| Unreachable)
    }

    /// Hands the body to the browser as a downloaded file called `name`.
    ///
    /// Through a Blob, which the browser may keep on disk: a `data:` URL would hold
    /// the whole file in a string and fails above a couple of megabytes.
    pub async fn save_as_file(self, name: &str) -> Result<(), Unreachable> {
        let blob = web_sys::Response::from(self.0)
            .blob()
            .map(wasm_bindgen_futures::JsFuture::from)
            .map_err(|_| Unreachable)?
            .await
            .ok()
            .and_then(|value| value.dyn_into::<web_sys::Blob>().ok())
            .ok_or(Unreachable)?;
        super::files::save_blob(&blob, name).map_err(|_| Unreachable)
    }
}
