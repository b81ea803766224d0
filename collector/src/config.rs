//! Configuration: defaults, then an optional TOML file, then `COLLECTOR_*` environment
//! variables (the environment wins, so a systemd unit or container can override one value
//! without editing the file).

use crate::forwarded::TrustedProxies;
use serde::Deserialize;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Listen address when none is configured: loopback only, a reverse proxy in front.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8787";
/// Database file when none is configured, relative to the working directory.
pub const DEFAULT_DB: &str = "collector-data/feedback.sqlite";
/// Default sustained requests per minute per client.
pub const DEFAULT_RATE_PER_MINUTE: u32 = 60;
/// Default burst per client.
pub const DEFAULT_RATE_BURST: u32 = 20;
/// Default minimum time between showing the comment field and sending a comment: the
/// protocol's, which the app's widget is built around.
pub const DEFAULT_MIN_COMMENT_MS: u64 = feedback_protocol::MIN_COMMENT_MS;
/// Default time to wait for in-flight requests on shutdown.
pub const DEFAULT_SHUTDOWN_GRACE_SECS: u64 = 20;
/// Default `frame-ancestors` of the site's CSP: only pages of the same origin may frame it.
pub const DEFAULT_FRAME_ANCESTORS: &str = "'self'";
/// Default longest time from a request's arrival to its response head.
pub const DEFAULT_REQUEST_TIMEOUT_SECS: u64 = 15;
/// Default longest time a connection may take to send a request head (also the idle time a
/// keep-alive connection is kept open between requests).
pub const DEFAULT_HEADER_READ_TIMEOUT_SECS: u64 = 10;
/// Default most connections served at once.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

/// The effective configuration of a collector.
#[derive(Clone, PartialEq)]
pub struct Config {
    /// Address and port to listen on.
    pub addr: SocketAddr,
    /// The SQLite file; its parent directories are created at start.
    pub db_path: PathBuf,
    /// Bearer token for the comments and export endpoints; `None` disables them (503).
    pub token: Option<String>,
    /// Origins (exactly as browsers send them, e.g. `https://www.regionorebrolan.se`)
    /// allowed to post answers from a browser.
    pub allowed_origins: Vec<String>,
    /// Sustained requests per minute per client.
    pub rate_per_minute: u32,
    /// Requests a client may send at once before being limited.
    pub rate_burst: u32,
    /// A comment sent sooner than this after the comment field was shown is dropped.
    pub min_comment_ms: u64,
    /// Proxies whose `X-Forwarded-For` is believed (right-most untrusted hop); none by
    /// default, so the client is the peer address.
    pub trusted_proxies: TrustedProxies,
    /// How long shutdown waits for in-flight requests before giving up on them.
    pub shutdown_grace: Duration,
    /// The built site (`dist/`) to serve beside the API; `None` serves the API only.
    pub static_dir: Option<PathBuf>,
    /// CSP `frame-ancestors` source list for the site's HTML, e.g. `'self' https://host`.
    pub frame_ancestors: String,
    /// Longest time from a request's arrival to its response head; then 408.
    pub request_timeout: Duration,
    /// Longest time a connection may take to send a request head, and to stay idle between
    /// keep-alive requests; then it is closed.
    pub header_read_timeout: Duration,
    /// Most connections served at once; further ones wait until one closes.
    pub max_connections: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: DEFAULT_ADDR.parse().expect("valid default address"),
            db_path: PathBuf::from(DEFAULT_DB),
            token: None,
            allowed_origins: Vec::new(),
            rate_per_minute: DEFAULT_RATE_PER_MINUTE,
            rate_burst: DEFAULT_RATE_BURST,
            min_comment_ms: DEFAULT_MIN_COMMENT_MS,
            trusted_proxies: TrustedProxies::none(),
            shutdown_grace: Duration::from_secs(DEFAULT_SHUTDOWN_GRACE_SECS),
            static_dir: None,
            frame_ancestors: DEFAULT_FRAME_ANCESTORS.to_owned(),
            request_timeout: Duration::from_secs(DEFAULT_REQUEST_TIMEOUT_SECS),
            header_read_timeout: Duration::from_secs(DEFAULT_HEADER_READ_TIMEOUT_SECS),
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }
}

/// Shows everything but the token, so the config can be logged and printed safely.
impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("addr", &self.addr)
            .field("db_path", &self.db_path)
            .field("token", &self.token.as_ref().map(|_| "<set>"))
            .field("allowed_origins", &self.allowed_origins)
            .field("rate_per_minute", &self.rate_per_minute)
            .field("rate_burst", &self.rate_burst)
            .field("min_comment_ms", &self.min_comment_ms)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("shutdown_grace", &self.shutdown_grace)
            .field("static_dir", &self.static_dir)
            .field("frame_ancestors", &self.frame_ancestors)
            .field("request_timeout", &self.request_timeout)
            .field("header_read_timeout", &self.header_read_timeout)
            .field("max_connections", &self.max_connections)
            .finish()
    }
}

/// The effective configuration, one `key = value` per line, token shown only as set or not.
impl fmt::Display for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "addr = {}", self.addr)?;
        writeln!(f, "db = {}", self.db_path.display())?;
        writeln!(
            f,
            "token = {}",
            if self.token.is_some() {
                "(set)"
            } else {
                "(not set: comments and export are disabled)"
            }
        )?;
        writeln!(f, "allowed_origins = {:?}", self.allowed_origins)?;
        writeln!(f, "rate_per_minute = {}", self.rate_per_minute)?;
        writeln!(f, "rate_burst = {}", self.rate_burst)?;
        writeln!(f, "min_comment_ms = {}", self.min_comment_ms)?;
        writeln!(f, "trusted_proxies = {}", self.trusted_proxies)?;
        writeln!(f, "shutdown_grace_secs = {}", self.shutdown_grace.as_secs())?;
        match &self.static_dir {
            Some(dir) => writeln!(f, "static_dir = {}", dir.display())?,
            None => writeln!(f, "static_dir = (not set: the API only)")?,
        }
        writeln!(f, "frame_ancestors = {}", self.frame_ancestors)?;
        writeln!(
            f,
            "request_timeout_secs = {}",
            self.request_timeout.as_secs()
        )?;
        writeln!(
            f,
            "header_read_timeout_secs = {}",
            self.header_read_timeout.as_secs()
        )?;
        write!(f, "max_connections = {}", self.max_connections)
    }
}

/// A configuration problem, with the source (file or variable) in the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// The TOML file. Same names as the environment variables without the prefix, except
/// `db` for `COLLECTOR_DB`. Unknown keys are errors, so a typo does not silently fall back
/// to a default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    addr: Option<String>,
    db: Option<PathBuf>,
    token: Option<String>,
    allowed_origins: Option<Vec<String>>,
    rate_per_minute: Option<u32>,
    rate_burst: Option<u32>,
    min_comment_ms: Option<u64>,
    /// Replaced by `trusted_proxies`; only read to say so.
    trust_forwarded_for: Option<toml::Value>,
    trusted_proxies: Option<Vec<String>>,
    shutdown_grace_secs: Option<u64>,
    static_dir: Option<PathBuf>,
    frame_ancestors: Option<String>,
    request_timeout_secs: Option<u64>,
    header_read_timeout_secs: Option<u64>,
    max_connections: Option<usize>,
}

/// The message for the setting that `trusted_proxies` replaced.
fn replaced_trust_forwarded_for(source: &str) -> ConfigError {
    ConfigError(format!(
        "{source}: trust_forwarded_for was replaced by trusted_proxies \
         (COLLECTOR_TRUSTED_PROXIES): list the proxies' addresses or CIDRs, e.g. \
         \"127.0.0.1\"; X-Forwarded-For is then believed only from them"
    ))
}

impl Config {
    /// Reads the optional file, then the process environment.
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        Config::load_with(file, |name| std::env::var(name).ok())
    }

    /// Like [`Config::load`] with the environment given as a function, for tests.
    pub fn load_with(
        file: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let from_file = match file {
            None => FileConfig::default(),
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| ConfigError(format!("{}: {e}", path.display())))?;
                toml::from_str(&text)
                    .map_err(|e| ConfigError(format!("{}: {e}", path.display())))?
            }
        };
        let mut c = Config::default();
        let file_name = file.map(|p| p.display().to_string()).unwrap_or_default();

        if let Some(a) = from_file.addr {
            c.addr = parse_addr(&a).map_err(|e| ConfigError(format!("{file_name}: addr: {e}")))?;
        }
        if let Some(d) = from_file.db {
            c.db_path = d;
        }
        // Trimmed: a stray newline or space from a copy-paste must not make the token unusable.
        c.token = from_file
            .token
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty());
        if let Some(o) = from_file.allowed_origins {
            c.allowed_origins = o;
        }
        if let Some(v) = from_file.rate_per_minute {
            c.rate_per_minute = v;
        }
        if let Some(v) = from_file.rate_burst {
            c.rate_burst = v;
        }
        if let Some(v) = from_file.min_comment_ms {
            c.min_comment_ms = v;
        }
        if from_file.trust_forwarded_for.is_some() {
            return Err(replaced_trust_forwarded_for(&file_name));
        }
        if let Some(v) = from_file.trusted_proxies {
            c.trusted_proxies = TrustedProxies::from_entries(v.iter().map(String::as_str))
                .map_err(|e| ConfigError(format!("{file_name}: trusted_proxies: {e}")))?;
        }
        if let Some(v) = from_file.shutdown_grace_secs {
            c.shutdown_grace = Duration::from_secs(v);
        }
        if let Some(v) = from_file.static_dir {
            c.static_dir = Some(v);
        }
        if let Some(v) = from_file.frame_ancestors {
            c.frame_ancestors = v;
        }
        if let Some(v) = from_file.request_timeout_secs {
            c.request_timeout = Duration::from_secs(v);
        }
        if let Some(v) = from_file.header_read_timeout_secs {
            c.header_read_timeout = Duration::from_secs(v);
        }
        if let Some(v) = from_file.max_connections {
            c.max_connections = v;
        }

        // An empty variable counts as unset, the way shells and unit files usually mean it.
        let var = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        if let Some(a) = var("COLLECTOR_ADDR") {
            c.addr = parse_addr(&a).map_err(|e| ConfigError(format!("COLLECTOR_ADDR: {e}")))?;
        }
        if let Some(d) = var("COLLECTOR_DB") {
            c.db_path = PathBuf::from(d);
        }
        if let Some(t) = var("COLLECTOR_TOKEN") {
            c.token = Some(t.trim().to_owned());
        }
        if let Some(o) = var("COLLECTOR_ALLOWED_ORIGINS") {
            c.allowed_origins = o
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
        }
        if let Some(v) = var("COLLECTOR_RATE_PER_MINUTE") {
            c.rate_per_minute = parse_number("COLLECTOR_RATE_PER_MINUTE", &v)?;
        }
        if let Some(v) = var("COLLECTOR_RATE_BURST") {
            c.rate_burst = parse_number("COLLECTOR_RATE_BURST", &v)?;
        }
        if let Some(v) = var("COLLECTOR_MIN_COMMENT_MS") {
            c.min_comment_ms = parse_number("COLLECTOR_MIN_COMMENT_MS", &v)?;
        }
        if var("COLLECTOR_TRUST_FORWARDED_FOR").is_some() {
            return Err(replaced_trust_forwarded_for(
                "COLLECTOR_TRUST_FORWARDED_FOR",
            ));
        }
        if let Some(v) = var("COLLECTOR_TRUSTED_PROXIES") {
            c.trusted_proxies = v
                .parse()
                .map_err(|e| ConfigError(format!("COLLECTOR_TRUSTED_PROXIES: {e}")))?;
        }
        if let Some(v) = var("COLLECTOR_SHUTDOWN_GRACE_SECS") {
            c.shutdown_grace =
                Duration::from_secs(parse_number("COLLECTOR_SHUTDOWN_GRACE_SECS", &v)?);
        }
        if let Some(v) = var("COLLECTOR_STATIC_DIR") {
            c.static_dir = Some(PathBuf::from(v));
        }
        if let Some(v) = var("COLLECTOR_FRAME_ANCESTORS") {
            c.frame_ancestors = v;
        }
        if let Some(v) = var("COLLECTOR_REQUEST_TIMEOUT_SECS") {
            c.request_timeout =
                Duration::from_secs(parse_number("COLLECTOR_REQUEST_TIMEOUT_SECS", &v)?);
        }
        if let Some(v) = var("COLLECTOR_HEADER_READ_TIMEOUT_SECS") {
            c.header_read_timeout =
                Duration::from_secs(parse_number("COLLECTOR_HEADER_READ_TIMEOUT_SECS", &v)?);
        }
        if let Some(v) = var("COLLECTOR_MAX_CONNECTIONS") {
            c.max_connections = parse_number("COLLECTOR_MAX_CONNECTIONS", &v)?;
        }

        c.validate()?;
        Ok(c)
    }

    /// Checks values that parse but cannot work.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.rate_per_minute == 0 {
            return Err(ConfigError("rate_per_minute must be at least 1".into()));
        }
        if self.rate_burst == 0 {
            return Err(ConfigError("rate_burst must be at least 1".into()));
        }
        for origin in &self.allowed_origins {
            check_origin(origin).map_err(|e| ConfigError(format!("allowed_origins: {e}")))?;
        }
        if self.request_timeout.is_zero() {
            return Err(ConfigError(
                "request_timeout_secs must be at least 1".into(),
            ));
        }
        if self.header_read_timeout.is_zero() {
            return Err(ConfigError(
                "header_read_timeout_secs must be at least 1".into(),
            ));
        }
        if self.max_connections == 0 {
            return Err(ConfigError("max_connections must be at least 1".into()));
        }
        check_source_list(&self.frame_ancestors)
            .map_err(|e| ConfigError(format!("frame_ancestors: {e}")))?;
        Ok(())
    }
}

fn parse_addr(s: &str) -> Result<SocketAddr, String> {
    s.trim()
        .parse()
        .map_err(|_| format!("{s:?} is not an address like 127.0.0.1:8787"))
}

fn parse_number<T: std::str::FromStr>(name: &str, v: &str) -> Result<T, ConfigError> {
    v.trim()
        .parse()
        .map_err(|_| ConfigError(format!("{name}: {v:?} is not a non-negative whole number")))
}

/// A CSP source list as `frame-ancestors` takes it: `'self'`, `'none'` (alone), schemes
/// such as `https:`, and hosts such as `https://*.example.se:8443`. Anything that could end
/// the directive or smuggle in another (`;`, `,`, quotes, control characters) is refused.
fn check_source_list(list: &str) -> Result<(), String> {
    let sources: Vec<&str> = list.split_ascii_whitespace().collect();
    if sources.is_empty() {
        return Err("must not be empty; use 'none' to forbid framing".into());
    }
    for source in &sources {
        let ok = match *source {
            "'self'" | "'none'" => true,
            s => {
                !s.is_empty()
                    && s.chars().all(|c| {
                        c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '/' | '*' | '+')
                    })
            }
        };
        if !ok {
            return Err(format!(
                "{source:?} is not a CSP source such as 'self', https: or https://host.example"
            ));
        }
    }
    if sources.len() > 1 && sources.contains(&"'none'") {
        return Err("'none' must stand alone".into());
    }
    Ok(())
}

/// Origins are compared byte for byte with the browser's `Origin` header, which is always
/// `scheme://host[:port]` in lowercase without a path. Anything else could never match, so
/// it is refused at start instead of failing silently in every browser.
fn check_origin(origin: &str) -> Result<(), String> {
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .ok_or_else(|| format!("{origin:?} must start with https:// or http://"))?;
    if rest.is_empty()
        || rest.contains('/')
        || !rest
            .chars()
            .all(|c| c.is_ascii_graphic() && !c.is_ascii_uppercase())
    {
        return Err(format!(
            "{origin:?} must be scheme://host[:port] in lowercase, with no path or trailing slash"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    /// `text` as a config file in a temp dir, which is removed when dropped.
    fn config_file(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn defaults() {
        let c = Config::load_with(None, env(&[])).unwrap();
        assert_eq!(c, Config::default());
        assert_eq!(c.addr.to_string(), "127.0.0.1:8787");
        assert_eq!(c.db_path, PathBuf::from("collector-data/feedback.sqlite"));
        assert_eq!((c.rate_per_minute, c.rate_burst), (60, 20));
        assert_eq!(c.min_comment_ms, 2000);
        assert!(c.token.is_none());
        assert!(c.trusted_proxies.is_empty());
        assert!(c.static_dir.is_none());
        assert_eq!(c.frame_ancestors, "'self'");
        assert_eq!(c.request_timeout, Duration::from_secs(15));
        assert_eq!(c.header_read_timeout, Duration::from_secs(10));
        assert_eq!(c.max_connections, 1024);
    }

    #[test]
    fn file_then_environment() {
        let (_dir, path) = config_file(
            r#"
addr = "127.0.0.1:9000"
db = "/var/lib/x.sqlite"
token = "from-file"
allowed_origins = ["https://a.example"]
rate_per_minute = 10
rate_burst = 5
min_comment_ms = 100
trusted_proxies = ["127.0.0.1", "10.0.0.0/8"]
shutdown_grace_secs = 3
static_dir = "dist"
frame_ancestors = "'self' https://www.example.se"
request_timeout_secs = 7
header_read_timeout_secs = 4
max_connections = 64
"#,
        );
        let c = Config::load_with(Some(&path), env(&[])).unwrap();
        assert_eq!(c.addr.port(), 9000);
        assert_eq!(c.db_path, PathBuf::from("/var/lib/x.sqlite"));
        assert_eq!(c.token.as_deref(), Some("from-file"));
        assert_eq!(c.allowed_origins, vec!["https://a.example"]);
        assert_eq!((c.rate_per_minute, c.rate_burst), (10, 5));
        assert_eq!(c.min_comment_ms, 100);
        let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
        assert!(c.trusted_proxies.is_trusted(ip("10.9.8.7")));
        assert!(!c.trusted_proxies.is_trusted(ip("192.0.2.1")));
        assert_eq!(c.shutdown_grace, Duration::from_secs(3));
        assert_eq!(c.static_dir.as_deref(), Some(Path::new("dist")));
        assert_eq!(c.frame_ancestors, "'self' https://www.example.se");
        assert_eq!(c.request_timeout, Duration::from_secs(7));
        assert_eq!(c.header_read_timeout, Duration::from_secs(4));
        assert_eq!(c.max_connections, 64);

        let c = Config::load_with(
            Some(&path),
            env(&[
                ("COLLECTOR_ADDR", "0.0.0.0:1234"),
                ("COLLECTOR_DB", "other.sqlite"),
                ("COLLECTOR_TOKEN", "from-env"),
                (
                    "COLLECTOR_ALLOWED_ORIGINS",
                    "https://b.example, http://localhost:8080,",
                ),
                ("COLLECTOR_RATE_PER_MINUTE", "120"),
                ("COLLECTOR_RATE_BURST", "30"),
                ("COLLECTOR_MIN_COMMENT_MS", "0"),
                ("COLLECTOR_TRUSTED_PROXIES", "192.0.2.0/24"),
                ("COLLECTOR_STATIC_DIR", "/srv/site"),
                ("COLLECTOR_FRAME_ANCESTORS", "'none'"),
                ("COLLECTOR_REQUEST_TIMEOUT_SECS", "30"),
                ("COLLECTOR_HEADER_READ_TIMEOUT_SECS", "5"),
                ("COLLECTOR_MAX_CONNECTIONS", "10"),
            ]),
        )
        .unwrap();
        assert_eq!(c.addr.to_string(), "0.0.0.0:1234");
        assert_eq!(c.db_path, PathBuf::from("other.sqlite"));
        assert_eq!(c.token.as_deref(), Some("from-env"));
        assert_eq!(
            c.allowed_origins,
            vec!["https://b.example", "http://localhost:8080"]
        );
        assert_eq!((c.rate_per_minute, c.rate_burst), (120, 30));
        assert_eq!(c.min_comment_ms, 0);
        assert!(c.trusted_proxies.is_trusted(ip("192.0.2.1")));
        assert!(
            !c.trusted_proxies.is_trusted(ip("10.9.8.7")),
            "the environment replaces"
        );
        assert_eq!(c.static_dir.as_deref(), Some(Path::new("/srv/site")));
        assert_eq!(c.frame_ancestors, "'none'");
        assert_eq!(c.request_timeout, Duration::from_secs(30));
        assert_eq!(c.header_read_timeout, Duration::from_secs(5));
        assert_eq!(c.max_connections, 10);
    }

    #[test]
    fn the_replaced_forwarded_for_switch_names_its_successor() {
        let e =
            Config::load_with(None, env(&[("COLLECTOR_TRUST_FORWARDED_FOR", "true")])).unwrap_err();
        assert!(e.0.contains("COLLECTOR_TRUST_FORWARDED_FOR"), "{e}");
        assert!(e.0.contains("COLLECTOR_TRUSTED_PROXIES"), "{e}");
        let (_dir, path) = config_file("trust_forwarded_for = false\n");
        let e = Config::load_with(Some(&path), env(&[])).unwrap_err();
        assert!(e.0.contains("trusted_proxies"), "{e}");
    }

    #[test]
    fn the_example_file_is_valid() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("collector.example.toml");
        let c = Config::load_with(Some(&path), env(&[])).unwrap();
        assert!(c.token.is_none(), "the example must not ship a token");
    }

    #[test]
    fn bad_values_are_reported_with_their_source() {
        let e = Config::load_with(None, env(&[("COLLECTOR_ADDR", "localhost")])).unwrap_err();
        assert!(e.0.contains("COLLECTOR_ADDR"), "{e}");
        let e = Config::load_with(None, env(&[("COLLECTOR_RATE_BURST", "-1")])).unwrap_err();
        assert!(e.0.contains("COLLECTOR_RATE_BURST"), "{e}");
        let e = Config::load_with(None, env(&[("COLLECTOR_RATE_PER_MINUTE", "0")])).unwrap_err();
        assert!(e.0.contains("rate_per_minute"), "{e}");
        let e = Config::load_with(None, env(&[("COLLECTOR_TRUSTED_PROXIES", "10.0.0.1/8")]))
            .unwrap_err();
        assert!(e.0.contains("COLLECTOR_TRUSTED_PROXIES"), "{e}");
        for (name, value, says) in [
            (
                "COLLECTOR_REQUEST_TIMEOUT_SECS",
                "0",
                "request_timeout_secs",
            ),
            (
                "COLLECTOR_HEADER_READ_TIMEOUT_SECS",
                "0",
                "header_read_timeout_secs",
            ),
            ("COLLECTOR_MAX_CONNECTIONS", "0", "max_connections"),
            (
                "COLLECTOR_MAX_CONNECTIONS",
                "many",
                "COLLECTOR_MAX_CONNECTIONS",
            ),
        ] {
            let e = Config::load_with(None, env(&[(name, value)])).unwrap_err();
            assert!(e.0.contains(says), "{name}={value}: {e}");
        }
        for bad in [
            "'self'; script-src *",
            "https://a.example, https://b.example",
            "'none' 'self'",
            "'unsafe-inline'",
            "\"https://a.example\"",
        ] {
            let e =
                Config::load_with(None, env(&[("COLLECTOR_FRAME_ANCESTORS", bad)])).unwrap_err();
            assert!(e.0.contains("frame_ancestors"), "{bad}: {e}");
        }
        for good in [
            "'self' https://www.regionorebrolan.se",
            "https:",
            "'none'",
            "https://*.example.se:8443",
        ] {
            let c = Config::load_with(None, env(&[("COLLECTOR_FRAME_ANCESTORS", good)]));
            assert!(c.is_ok(), "{good}: {c:?}");
        }
        for origin in [
            "https://a.example/",
            "a.example",
            "https://A.example",
            "*",
            "https://a.example/path",
        ] {
            let e =
                Config::load_with(None, env(&[("COLLECTOR_ALLOWED_ORIGINS", origin)])).unwrap_err();
            assert!(e.0.contains("allowed_origins"), "{origin}: {e}");
        }
    }

    #[test]
    fn unknown_file_keys_are_errors() {
        let (_dir, path) = config_file("rate_per_minuet = 5\n");
        let e = Config::load_with(Some(&path), env(&[])).unwrap_err();
        assert!(e.0.contains("rate_per_minuet"), "{e}");
    }

    #[test]
    fn empty_variables_count_as_unset_and_the_token_is_never_shown() {
        let c = Config::load_with(
            None,
            env(&[("COLLECTOR_TOKEN", ""), ("COLLECTOR_ADDR", " ")]),
        )
        .unwrap();
        assert!(c.token.is_none());
        let c = Config::load_with(None, env(&[("COLLECTOR_TOKEN", "s3cret-token")])).unwrap();
        assert!(!format!("{c}").contains("s3cret"));
        assert!(!format!("{c:?}").contains("s3cret"));
        assert!(format!("{c}").contains("token = (set)"));
    }
}
