//! The built app served beside the API: types, caching, fallbacks, methods, headers, odd
//! paths, and a panicking handler. A small fake `dist/` in a temp dir stands in for trunk's
//! output.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing;
use axum::Router;
use collector::site::Site;
use collector::{app_serving, AppState, Config, Store};
use common::*;
use std::path::Path;
use std::time::Duration;

/// The start-up script's tag, as the build's post_build hook writes it into index.html.
const START_UP: &str = "<script type=\"module\" src=\"/init-0123456789abcdef.js\"></script>";

/// A dist/ as the build writes it: no inline script.
fn fake_dist(dir: &Path) {
    let write = |name: &str, content: &[u8]| {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    };
    write(
        "index.html",
        format!(
            "<!DOCTYPE html><html><head><link rel=\"stylesheet\" href=\"/main-89abcdef01234567.css\">\
             {START_UP}</head><body></body></html>"
        )
        .as_bytes(),
    );
    write("plan-explorer-0123456789abcdef.js", b"export default 1;");
    write("plan-explorer-0123456789abcdef_bg.wasm", b"\0asm\x01\0\0\0");
    write("main-89abcdef01234567.css", b"body{}");
    write("main-89abcdef01234567.css.br", b"BROTLI");
    write("config.json", b"{}");
    write("data/plan.json", b"{\"plan\":1}");
    write(
        "favicon.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    write("robots.txt", b"User-agent: *\n");
}

struct SiteFixture {
    db: TestDb,
    dist: tempfile::TempDir,
}

impl SiteFixture {
    fn new() -> SiteFixture {
        let dist = tempfile::tempdir().unwrap();
        fake_dist(dist.path());
        SiteFixture {
            db: TestDb::new(),
            dist,
        }
    }

    fn config(&self) -> Config {
        let mut config = self.db.config();
        config.static_dir = Some(self.dist.path().to_path_buf());
        config.frame_ancestors = "'self' https://host.example".into();
        config
    }

    fn router(&self) -> (Router, Store) {
        let config = self.config();
        let store = Store::open(&config.db_path).unwrap();
        let site = Site::load(self.dist.path(), &config.frame_ancestors).unwrap();
        (
            app_serving(AppState::new(&config, store.clone()), Some(site)),
            store,
        )
    }
}

fn request(method: &str, path: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn files_are_served_with_their_types_and_cache_policies() {
    let f = SiteFixture::new();
    let (r, _store) = f.router();
    for (path, content_type, cache) in [
        ("/", "text/html; charset=utf-8", "no-cache"),
        ("/index.html", "text/html; charset=utf-8", "no-cache"),
        (
            "/plan-explorer-0123456789abcdef.js",
            "text/javascript; charset=utf-8",
            "public, max-age=31536000, immutable",
        ),
        (
            "/plan-explorer-0123456789abcdef_bg.wasm",
            "application/wasm",
            "public, max-age=31536000, immutable",
        ),
        (
            "/main-89abcdef01234567.css",
            "text/css; charset=utf-8",
            "public, max-age=31536000, immutable",
        ),
        ("/config.json", "application/json", "no-cache"),
        ("/data/plan.json", "application/json", "no-cache"),
        ("/favicon.svg", "image/svg+xml", "no-cache"),
        ("/robots.txt", "text/plain; charset=utf-8", "no-cache"),
    ] {
        let reply = send(&r, get(path)).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(reply.header("content-type"), Some(content_type), "{path}");
        assert_eq!(reply.header("cache-control"), Some(cache), "{path}");
        assert_eq!(
            reply.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            reply.header("referrer-policy"),
            Some("strict-origin-when-cross-origin"),
            "{path}"
        );
    }
    let reply = send(&r, get("/data/plan.json")).await;
    assert_eq!(reply.text(), "{\"plan\":1}");
}

#[tokio::test]
async fn the_page_carries_a_strict_csp_without_inline_code() {
    let f = SiteFixture::new();
    let (r, _store) = f.router();
    let reply = send(&r, get("/")).await;
    let csp = reply
        .header("content-security-policy")
        .expect("CSP on HTML");
    assert_eq!(
        csp,
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; \
         frame-ancestors 'self' https://host.example; base-uri 'self'; \
         form-action 'self'; object-src 'none'"
    );
    // The app's own routes get the same page and policy.
    let reply = send(&r, get("/explore")).await;
    assert!(reply.header("content-security-policy").is_some());
    // Scripts and data need none; the API gets the other two headers only.
    let reply = send(&r, get("/plan-explorer-0123456789abcdef.js")).await;
    assert!(reply.header("content-security-policy").is_none());
    let reply = send(&r, get("/api/feedback/summary")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.header("content-security-policy").is_none());
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        reply.header("referrer-policy"),
        Some("strict-origin-when-cross-origin")
    );
}

#[tokio::test]
async fn missing_files_are_404_and_app_routes_get_the_app() {
    let f = SiteFixture::new();
    let (r, _store) = f.router();
    let missing_files = [
        "/nope.js",
        "/plan-explorer-ffffffffffffffff.js",
        "/data/missing.json",
        "/deep/path/x.wasm",
        "/favicon.ico",
    ];
    let app_routes = [
        "/explore",
        "/results/",
        "/some/deep/route",
        "/data",
        "/data/",
    ];
    for (paths, status, content_type, text) in [
        (
            missing_files,
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            "Not found",
        ),
        (
            app_routes,
            StatusCode::OK,
            "text/html; charset=utf-8",
            START_UP,
        ),
    ] {
        for path in paths {
            let reply = send(&r, get(path)).await;
            assert_eq!(reply.status, status, "{path}");
            assert_eq!(reply.header("content-type"), Some(content_type), "{path}");
            assert!(reply.text().contains(text), "{path}");
            assert!(reply.header("location").is_none(), "{path}: no redirects");
        }
    }
}

#[tokio::test]
async fn precompressed_twins_are_sent_when_the_browser_accepts_them() {
    let f = SiteFixture::new();
    let (r, _store) = f.router();
    let path = "/main-89abcdef01234567.css";
    let reply = send(&r, get_with(path, &[("accept-encoding", "gzip, br")])).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-encoding"), Some("br"));
    assert_eq!(
        reply.header("content-type"),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(reply.text(), "BROTLI");
    assert!(reply
        .headers
        .get_all("vary")
        .iter()
        .any(|v| v == "accept-encoding"));
    let reply = send(&r, get(path)).await;
    assert!(reply.header("content-encoding").is_none());
    assert_eq!(reply.text(), "body{}");
}

/// config.json and the data files may be edited in place on the server (public/data/README.md):
/// a twin older than its file is left out, so the edit is what the browser gets.
#[tokio::test]
async fn a_twin_older_than_its_file_is_not_sent() {
    let f = SiteFixture::new();
    let (r, _store) = f.router();
    let plan = f.dist.path().join("data/plan.json");
    std::fs::write(f.dist.path().join("data/plan.json.br"), b"OLD BROTLI").unwrap();
    std::fs::write(f.dist.path().join("data/plan.json.gz"), b"OLD GZIP").unwrap();
    let accept = [("accept-encoding", "gzip, br")];
    // Written with the build: sent.
    let reply = send(&r, get_with("/data/plan.json", &accept)).await;
    assert_eq!(reply.header("content-encoding"), Some("br"));
    // The file rewritten a second after the build (a deploy script, say): its twins are stale.
    let edited = std::time::SystemTime::now() + Duration::from_secs(1);
    std::fs::write(&plan, b"{\"plan\":2}").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&plan)
        .unwrap()
        .set_modified(edited)
        .unwrap();
    let reply = send(&r, get_with("/data/plan.json", &accept)).await;
    assert!(reply.header("content-encoding").is_none());
    assert_eq!(reply.text(), "{\"plan\":2}");
    assert_eq!(reply.header("content-type"), Some("application/json"));
    // Only the stale one is left out.
    std::fs::File::options()
        .write(true)
        .open(f.dist.path().join("data/plan.json.gz"))
        .unwrap()
        .set_modified(edited)
        .unwrap();
    let reply = send(&r, get_with("/data/plan.json", &accept)).await;
    assert_eq!(reply.header("content-encoding"), Some("gzip"));
}

#[tokio::test]
async fn files_take_only_get_and_head_and_the_api_keeps_its_methods() {
    let f = SiteFixture::new();
    let (r, _store) = f.router();
    for (method, path) in [
        ("POST", "/"),
        ("PUT", "/index.html"),
        ("DELETE", "/config.json"),
        ("POST", "/explore"),
        ("OPTIONS", "/"),
    ] {
        let reply = send(&r, request(method, path)).await;
        assert_eq!(
            reply.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        assert_eq!(reply.header("allow"), Some("GET, HEAD"), "{method} {path}");
    }
    let reply = send(&r, request("HEAD", "/")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.is_empty());
    assert_eq!(
        reply.header("content-type"),
        Some("text/html; charset=utf-8")
    );

    // The API is unchanged with a site beside it.
    assert_eq!(status_of(&r, post(answer(1))).await, StatusCode::CREATED);
    let reply = send(&r, get("/api/feedback")).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    // A mistyped API path is JSON, never the app.
    for path in ["/api/feedbak", "/api/feedback/summary/x", "/api"] {
        let reply = send(&r, get(path)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert!(reply.error().contains("no such API route"), "{path}");
    }
}

#[tokio::test]
async fn without_a_site_other_paths_are_a_json_404() {
    let t = TestDb::new();
    let (r, _store) = router(&t.config());
    let reply = send(&r, get("/index.html")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.error(), "not found");
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
}

#[tokio::test]
async fn a_site_without_index_html_is_refused_at_start() {
    let empty = tempfile::tempdir().unwrap();
    let e = Site::load(empty.path(), "'self'").unwrap_err();
    assert!(e.contains("index.html") && e.contains("trunk build"), "{e}");
    // serve_on refuses it too, before opening the database.
    let t = TestDb::new();
    let mut config = t.config();
    config.static_dir = Some(empty.path().to_path_buf());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let e = collector::serve_on(listener, config, std::future::pending())
        .await
        .unwrap_err();
    assert!(e.to_string().contains("index.html"), "{e}");
    assert!(!t.path.exists(), "no database was created");
}

#[tokio::test]
async fn a_panicking_handler_is_a_500_for_that_request_only() {
    async fn boom() -> &'static str {
        panic!("handler bug")
    }
    let router = Router::new()
        .route("/boom", routing::get(boom))
        .route("/fine", routing::get(|| async { "fine" }));
    let router = collector::harden(router, Duration::from_secs(5), None);
    let reply = send(&router, get("/boom")).await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(reply.error().contains("internal error"), "{}", reply.text());
    assert!(
        !reply.text().contains("handler bug"),
        "the panic stays in the log"
    );
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    let reply = send(&router, get("/fine")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.text(), "fine");
}

#[tokio::test]
async fn a_slow_handler_is_a_json_408() {
    let router = Router::new().route(
        "/slow",
        routing::get(|| async {
            tokio::time::sleep(Duration::from_secs(30)).await;
            "late"
        }),
    );
    let router = collector::harden(router, Duration::from_millis(200), None);
    let reply = send(&router, get("/slow")).await;
    assert_eq!(reply.status, StatusCode::REQUEST_TIMEOUT);
    assert!(reply.error().contains("not completed"), "{}", reply.text());
}

/// Odd request targets over real TCP, as hyper parses them: none may get a 5xx or stop the
/// server, none may redirect, and none may read outside the site's directory.
#[tokio::test]
async fn odd_paths_never_get_a_5xx_or_a_file_outside_the_site() {
    let f = SiteFixture::new();
    // A secret next to the site, which no path may reach.
    std::fs::write(f.dist.path().parent().unwrap().join("secret.txt"), "SECRET").ok();
    let (addr, stop, task) = start_server(f.config()).await;
    let long = format!("/{}", "a".repeat(5000));
    let long_segment = format!("/{}.js", "b".repeat(300));
    let deep = format!("/{}", "x/".repeat(1500));
    let targets: Vec<&str> = vec![
        "//",
        "///",
        "//data",
        "//evil.example/",
        "/..%2f",
        "/..%2f..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/data/..%2f..%2fsecret.txt",
        "/..\\..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/%00",
        "/index.html%00.js",
        "/%zz",
        "/%",
        "/%C3%28",
        "/%FF%FE",
        "/.env",
        "/./index.html",
        "/index.html/",
        "/index.html/x",
        "/config.json/..",
        &long,
        &long_segment,
        &deep,
        "*",
        "http://127.0.0.1/",
        "/?view=results&%zz",
        "/explore#frag",
    ];
    let mut seen = Vec::new();
    for target in &targets {
        let status = match http(addr, &raw_get(target, None)).await {
            Ok(reply) => {
                assert!(!reply.body.contains("SECRET"), "{target}: leaked a file");
                assert!(
                    reply.header("location").is_none(),
                    "{target}: redirected to {:?}",
                    reply.header("location")
                );
                reply.status
            }
            // hyper may refuse an unparseable request line by closing the connection.
            Err(_) => 0,
        };
        assert!(status < 500, "{target}: {status}");
        seen.push(format!("{status} {}", &target[..target.len().min(40)]));
        // The page and the API still answer after each one.
        let page = http(addr, &raw_get("/", None)).await.unwrap();
        assert_eq!(page.status, 200, "after {target}");
        let health = http(addr, &raw_get("/healthz", None)).await.unwrap();
        assert_eq!(health.status, 200, "after {target}");
    }
    println!("{}", seen.join("\n"));
    stop.send(()).unwrap();
    stopped(task).await;
}
