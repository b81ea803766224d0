//! The built app (`dist/`) served from the same origin as the API.
//!
//! ```no_run
//! # async fn run() -> Result<(), String> {
//! let site = collector::site::Site::load("dist".as_ref(), "'self'")?;
//! // `app_serving` mounts `site` behind the API routes.
//! # let _ = site; Ok(()) }
//! ```
//!
//! What a request gets, in order:
//! - anything but `GET` and `HEAD`: 405 with `Allow: GET, HEAD`;
//! - a path longer than [`MAX_PATH_BYTES`]: 414; a path that is not valid percent-encoded
//!   UTF-8: 400; a segment such as `..`, `.hidden`, or one holding NUL or `\`: 404;
//! - an existing file (`.br`/`.gz` next to it is sent instead when the browser accepts it
//!   and the twin is not older than the file); a directory's `index.html`;
//! - a missing path whose last segment has an extension (`/app-1234.js`, `/data/x.json`):
//!   404 in plain text, so a broken asset link fails visibly instead of loading the app;
//! - any other missing path (`/explore`): `index.html`, the single-page app.
//!
//! Files are never looked up outside the directory, and no request is redirected.
//! Every answer here is below 500 unless the disk fails.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{self, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use std::path::{Path, PathBuf};
use tower::ServiceExt as _;
use tower_http::services::ServeFile;

/// Longest path (still percent-encoded) that is looked up; longer ones get 414. The app's
/// own paths are short; file systems refuse names over 4096 bytes anyway.
pub const MAX_PATH_BYTES: usize = 2048;

/// Cache policy for trunk's hashed assets: their name changes with their content.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cache policy for everything else (index.html, config.json, data files): the browser may
/// keep a copy but must ask whether it is still current before using it.
const REVALIDATE: &str = "no-cache";

/// The site: a directory, its `index.html`, and the Content-Security-Policy for it.
#[derive(Debug, Clone)]
pub struct Site {
    root: PathBuf,
    index: PathBuf,
    csp: HeaderValue,
}

impl Site {
    /// Opens `root`, which must hold an `index.html`, and builds the page's CSP with
    /// `frame_ancestors` (a CSP source list such as `'self' https://www.example.se`).
    ///
    /// The CSP allows no inline script or style (the build moves trunk's start-up script
    /// into a file: `scripts/post-build/external-init.mjs`); an `index.html` that still has an
    /// inline script is served, with a warning at start-up, and the browser will refuse
    /// to run that script. Its `connect-src` adds the origin of `feedback.endpoint` in
    /// `config.json` when that is on another site (see [`endpoint_origin`]), so restart
    /// the server after editing `config.json`.
    pub fn load(root: &Path, frame_ancestors: &str) -> Result<Site, String> {
        let index = root.join("index.html");
        let html = std::fs::read_to_string(&index).map_err(|e| {
            format!(
                "static_dir {}: cannot read index.html ({e}); build the app first \
                 (trunk build --release --offline)",
                root.display()
            )
        })?;
        if has_inline_script(&html) {
            tracing::warn!(
                index = %index.display(),
                "index.html has an inline <script>, which the CSP blocks; \
                 build the app with trunk build --release --offline (its post_build hook moves it)"
            );
        }
        let feedback_origin = feedback_origin(root);
        let csp = content_security_policy(feedback_origin.as_deref(), frame_ancestors);
        let csp = HeaderValue::from_str(&csp).map_err(|_| {
            format!("frame_ancestors {frame_ancestors:?}: not a valid header value")
        })?;
        Ok(Site {
            root: root.to_path_buf(),
            index,
            csp,
        })
    }

    /// The `Content-Security-Policy` sent with the site's HTML.
    pub fn csp(&self) -> &HeaderValue {
        &self.csp
    }

    /// Answers one request for a file of the site.
    pub async fn respond(&self, request: Request) -> Response {
        if !matches!(*request.method(), Method::GET | Method::HEAD) {
            let mut response = plain(
                StatusCode::METHOD_NOT_ALLOWED,
                "Only GET and HEAD are allowed for the site's files.\n",
            );
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            return response;
        }
        let raw = request.uri().path();
        if raw.len() > MAX_PATH_BYTES {
            return plain(StatusCode::URI_TOO_LONG, "The address is too long.\n");
        }
        let Ok(decoded) = percent_decode_str(raw).decode_utf8() else {
            return plain(
                StatusCode::BAD_REQUEST,
                "The address is not valid percent-encoded UTF-8.\n",
            );
        };
        let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
        if !segments.iter().all(|s| is_plain_segment(s)) {
            return not_found();
        }
        let path: PathBuf = segments.iter().fold(self.root.clone(), |p, s| p.join(s));
        let file = match tokio::fs::metadata(&path).await {
            Ok(meta) if meta.is_file() => Some(path),
            Ok(meta) if meta.is_dir() => {
                let index = path.join("index.html");
                is_file(&index).await.then_some(index)
            }
            // Missing, too long, not a directory on the way, unreadable: all "not here".
            _ => None,
        };
        let file = match file {
            Some(file) => file,
            None if segments.last().is_some_and(|s| has_extension(s)) => return not_found(),
            None => self.index.clone(),
        };
        send_file(file, request).await
    }
}

/// A path segment that may be looked up: no `.`/`..`, no hidden names, no NUL, backslash or
/// control characters, and short enough for any file system.
fn is_plain_segment(segment: &str) -> bool {
    !segment.starts_with('.')
        && segment.len() <= 255
        && !segment.chars().any(|c| c == '\\' || c.is_control())
}

fn has_extension(segment: &str) -> bool {
    Path::new(segment).extension().is_some()
}

async fn is_file(path: &Path) -> bool {
    tokio::fs::metadata(path).await.is_ok_and(|m| m.is_file())
}

/// Sends `file` (or its precompressed twin) with its content type and cache policy.
async fn send_file(file: PathBuf, request: Request) -> Response {
    let mut serve = ServeFile::new(&file);
    if twin_is_current(&file, "br").await {
        serve = serve.precompressed_br();
    }
    if twin_is_current(&file, "gz").await {
        serve = serve.precompressed_gzip();
    }
    let served = serve.oneshot(request).await;
    let mut response = match served {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    };
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let status = response.status();
    let headers = response.headers_mut();
    if matches!(status, StatusCode::OK | StatusCode::PARTIAL_CONTENT) {
        if let Some(content_type) = content_type(name) {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
    }
    let cache = if is_hashed_asset(name) {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    // The body depends on Accept-Encoding when a .br or .gz twin exists.
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// Whether `file.<suffix>` (written by the build) may be sent for `file`: it exists and is
/// not older than `file`. `config.json` and the data files may be edited in place on the
/// server, by hand or by a deploy script right after copying; their old twins would
/// otherwise be sent to every browser that accepts them. (A copy that does not keep the
/// build's times may stamp a twin before its file: that file is then sent uncompressed.)
async fn twin_is_current(file: &Path, suffix: &str) -> bool {
    let mut twin = file.as_os_str().to_owned();
    twin.push(".");
    twin.push(suffix);
    let modified = |path: PathBuf| async move { tokio::fs::metadata(path).await?.modified() };
    match (
        modified(PathBuf::from(twin)).await,
        modified(file.to_path_buf()).await,
    ) {
        (Ok(twin), Ok(file)) => twin >= file,
        // No twin: nothing to send. No modification times on this file system: trust the build.
        (Ok(_), Err(_)) => true,
        (Err(_), _) => false,
    }
}

/// Content types for what trunk writes, with a charset for text. Anything else keeps the
/// type `ServeFile` guessed from the extension.
pub fn content_type(file_name: &str) -> Option<&'static str> {
    let extension = Path::new(file_name).extension()?.to_str()?;
    Some(match extension.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "txt" => "text/plain; charset=utf-8",
        _ => return None,
    })
}

/// trunk's content-hashed names: `plan-explorer-0123456789abcdef.js`,
/// `plan-explorer-0123456789abcdef_bg.wasm`, `main-0123456789abcdef.css`.
pub fn is_hashed_asset(file_name: &str) -> bool {
    let Some((stem, extension)) = file_name.rsplit_once('.') else {
        return false;
    };
    if !matches!(extension, "js" | "wasm" | "css") {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() >= 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut response = (status, text).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

fn not_found() -> Response {
    plain(
        StatusCode::NOT_FOUND,
        "Not found: there is no such file on this site.\n",
    )
}

/// The policy for the site's HTML: scripts and styles from the site's own files only, no
/// inline script or style; `'wasm-unsafe-eval'` lets the page compile WebAssembly, and
/// nothing else is evaluated. The app may connect to its own origin and, when given,
/// `feedback_origin` (an origin checked by [`endpoint_origin`]).
pub fn content_security_policy(feedback_origin: Option<&str>, frame_ancestors: &str) -> String {
    let mut connect_src = String::from("'self'");
    if let Some(origin) = feedback_origin {
        connect_src.push(' ');
        connect_src.push_str(origin);
    }
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src {connect_src}; frame-ancestors {frame_ancestors}; base-uri 'self'; \
         form-action 'self'; object-src 'none'"
    )
}

/// The origin of `feedback.endpoint` in `<root>/config.json` when the app sends answers to
/// another site; `None` when they go to its own origin. A missing or unreadable file, or an
/// endpoint that is no usable address, is logged and leaves the policy at `'self'`: the
/// app's own checks report a bad `config.json`, and the site is served either way.
fn feedback_origin(root: &Path) -> Option<String> {
    let path = root.join("config.json");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            tracing::warn!(
                file = %path.display(),
                error = %e,
                "cannot read config.json; the CSP's connect-src stays 'self'"
            );
            return None;
        }
    };
    let endpoint = serde_json::from_str::<serde_json::Value>(&text)
        .map_err(|e| format!("not JSON ({e})"))
        .and_then(|config| match config.pointer("/feedback/endpoint") {
            // The app's default, a relative path.
            None => Ok(None),
            Some(serde_json::Value::String(endpoint)) => Ok(Some(endpoint.clone())),
            Some(_) => Err("feedback.endpoint is not a text".into()),
        });
    let origin = endpoint.and_then(|endpoint| match endpoint {
        Some(endpoint) => endpoint_origin(&endpoint),
        None => Ok(None),
    });
    match origin {
        Ok(origin) => origin,
        Err(why) => {
            tracing::warn!(
                file = %path.display(),
                problem = %why,
                "config.json: no usable feedback.endpoint; the CSP's connect-src stays 'self'"
            );
            None
        }
    }
}

/// `scheme://host[:port]` of an absolute `http(s)` address, lowercased, for a CSP source
/// list; `Ok(None)` for anything without a scheme (a path on the app's own origin). An
/// address whose origin holds anything but letters, digits, `-`, `.`, `:`, `[` and `]`
/// (spaces, quotes, `;` and `,` would change the policy; `@` hides a user name) is an
/// error.
pub fn endpoint_origin(endpoint: &str) -> Result<Option<String>, String> {
    let Some((scheme, rest)) = endpoint.split_once("://") else {
        return if endpoint.contains(':') {
            Err(format!(
                "{endpoint:?} is neither a path nor an http(s) address"
            ))
        } else {
            Ok(None)
        };
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err(format!("{endpoint:?} is not an http(s) address"));
    }
    let host_port = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let plain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b':' | b'[' | b']');
    if host_port.is_empty() || !host_port.bytes().all(plain) {
        return Err(format!("{endpoint:?} has no usable host"));
    }
    Ok(Some(format!(
        "{scheme}://{}",
        host_port.to_ascii_lowercase()
    )))
}

/// Whether `html` has an inline `<script>` (one without `src`), which the CSP would block.
pub fn has_inline_script(html: &str) -> bool {
    // ASCII lowercasing keeps every byte offset, so positions found in `lower` index `html`.
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find("<script") {
        let tag_start = from + found + "<script".len();
        let Some(tag_len) = lower[tag_start..].find('>') else {
            return false;
        };
        if !has_src(&lower[tag_start..tag_start + tag_len]) {
            return true;
        }
        from = tag_start + tag_len;
    }
    false
}

fn has_src(attributes: &str) -> bool {
    attributes
        .split(|c: char| c.is_ascii_whitespace())
        .any(|a| a == "src" || a.starts_with("src="))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_found_and_external_ones_are_not() {
        assert!(!has_inline_script(
            r#"<html><head><script type="module" src="/init-0123456789abcdef.js"></script></head></html>"#
        ));
        assert!(has_inline_script(
            "<script src=\"/x.js\"></script><SCRIPT type=\"module\">import init from '/a.js';</SCRIPT>"
        ));
        assert!(has_inline_script("<script>alert(1)</script>"));
        // A data-src or a text mentioning src= is not a src attribute.
        assert!(has_inline_script("<script data-src=\"/x.js\">1</script>"));
        assert!(!has_inline_script("<p>no scripts</p><script"));
    }

    #[test]
    fn the_policy_allows_no_inline_code_and_lists_the_frame_ancestors() {
        let csp = content_security_policy(None, "'self' https://host.example");
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'; "),
            "{csp}"
        );
        assert!(csp.contains("style-src 'self'; "), "{csp}");
        assert!(
            csp.contains("frame-ancestors 'self' https://host.example;"),
            "{csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(!csp.contains("sha256-"), "{csp}");
        assert!(csp.contains("connect-src 'self'; "), "{csp}");
        let csp = content_security_policy(Some("https://fb.example"), "'self'");
        assert!(
            csp.contains("connect-src 'self' https://fb.example; "),
            "{csp}"
        );
    }

    /// A site directory with an `index.html` and, when given, a `config.json`.
    fn site_with_config(config_json: Option<&str>) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<!DOCTYPE html>").unwrap();
        if let Some(text) = config_json {
            std::fs::write(dir.path().join("config.json"), text).unwrap();
        }
        dir
    }

    fn connect_src(site: &Site) -> String {
        let csp = site.csp().to_str().unwrap();
        let start = csp.find("connect-src ").expect("connect-src");
        csp[start..].split(';').next().unwrap().to_owned()
    }

    #[test]
    fn a_feedback_endpoint_on_another_origin_is_allowed_to_connect() {
        let dir = site_with_config(Some(
            r#"{"feedback": {"endpoint": "https://Feedback.Example.org:8443/api/feedback?x=1"}}"#,
        ));
        let site = Site::load(dir.path(), "'self'").unwrap();
        assert_eq!(
            connect_src(&site),
            "connect-src 'self' https://feedback.example.org:8443"
        );
    }

    #[test]
    fn a_missing_or_unusable_config_leaves_connect_src_self() {
        for config in [
            None,
            Some("not json"),
            Some("[1, 2]"),
            Some(r#"{"feedback": {"endpoint": 42}}"#),
            Some(r#"{"feedback": {}}"#),
            Some(r#"{"feedback": {"endpoint": "api/feedback"}}"#),
            Some(r#"{"feedback": {"endpoint": "/api/feedback"}}"#),
            Some(r#"{"feedback": {"endpoint": "javascript:alert(1)"}}"#),
            Some(r#"{"feedback": {"endpoint": "https://a.example; script-src *"}}"#),
            Some(r#"{"feedback": {"endpoint": "https://a.example'/x"}}"#),
            Some(r#"{"feedback": {"endpoint": "https://a b.example/x"}}"#),
            Some(r#"{"feedback": {"endpoint": "https://user@a.example/x"}}"#),
            Some(r#"{"feedback": {"endpoint": "https:///x"}}"#),
        ] {
            let dir = site_with_config(config);
            let site = Site::load(dir.path(), "'self'").unwrap();
            assert_eq!(connect_src(&site), "connect-src 'self'", "{config:?}");
        }
    }

    #[test]
    fn endpoint_origins() {
        let origin = |endpoint: &str| endpoint_origin(endpoint);
        assert_eq!(
            origin("https://feedback.example.org/api/feedback"),
            Ok(Some("https://feedback.example.org".into()))
        );
        assert_eq!(
            origin("http://127.0.0.1:8787"),
            Ok(Some("http://127.0.0.1:8787".into()))
        );
        assert_eq!(
            origin("https://[::1]:8443/api#x"),
            Ok(Some("https://[::1]:8443".into()))
        );
        assert_eq!(origin("api/feedback"), Ok(None));
        assert_eq!(origin("/api/feedback"), Ok(None));
        for bad in [
            "https://",
            "https://a.example;x",
            "https://a\"b.example",
            "https://a.example,b.example",
            "https://u:p@a.example",
            "https://a.example\t/x",
        ] {
            assert!(origin(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn hashed_assets_are_recognised() {
        for name in [
            "plan-explorer-0123456789abcdef.js",
            "plan-explorer-0123456789abcdef_bg.wasm",
            "main-89abcdef01234567.css",
        ] {
            assert!(is_hashed_asset(name), "{name}");
        }
        for name in [
            "index.html",
            "config.json",
            "plan.json",
            "plan-explorer.js",
            "app-notahash.js",
            "x-0123456789abcdef.json",
            "nodot",
        ] {
            assert!(!is_hashed_asset(name), "{name}");
        }
    }

    #[test]
    fn content_types_have_charsets_for_text() {
        assert_eq!(content_type("index.html"), Some("text/html; charset=utf-8"));
        assert_eq!(content_type("a.JS"), Some("text/javascript; charset=utf-8"));
        assert_eq!(content_type("a_bg.wasm"), Some("application/wasm"));
        assert_eq!(content_type("plan.json"), Some("application/json"));
        assert_eq!(content_type("logo.png"), None);
        assert_eq!(content_type("README"), None);
    }

    #[test]
    fn odd_segments_are_refused() {
        for bad in ["..", ".", ".env", "a\\b", "a\0b", "a\nb", &"x".repeat(256)] {
            assert!(!is_plain_segment(bad), "{bad:?}");
        }
        for good in ["index.html", "plan-explorer-0123_bg.wasm", "ö.json", "a..b"] {
            assert!(is_plain_segment(good), "{good:?}");
        }
    }
}
