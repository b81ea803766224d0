//! Configuration: defaults, then an optional TOML file, then `COLLECTOR_*` environment
//! variables (the environment wins, so a systemd unit or container can override one value
//! without editing the file).

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
/// Default minimum time between showing the comment field and sending a comment.
pub const DEFAULT_MIN_COMMENT_MS: u64 = 2000;
/// Default time to wait for in-flight requests on shutdown.
pub const DEFAULT_SHUTDOWN_GRACE_SECS: u64 = 20;

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
    /// Take the client address from the first `X-Forwarded-For` entry. Only safe behind a
    /// reverse proxy that overwrites that header.
    pub trust_forwarded_for: bool,
    /// How long shutdown waits for in-flight requests before giving up on them.
    pub shutdown_grace: Duration,
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
            trust_forwarded_for: false,
            shutdown_grace: Duration::from_secs(DEFAULT_SHUTDOWN_GRACE_SECS),
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
            .field("trust_forwarded_for", &self.trust_forwarded_for)
            .field("shutdown_grace", &self.shutdown_grace)
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
        writeln!(f, "trust_forwarded_for = {}", self.trust_forwarded_for)?;
        write!(f, "shutdown_grace_secs = {}", self.shutdown_grace.as_secs())
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
    trust_forwarded_for: Option<bool>,
    shutdown_grace_secs: Option<u64>,
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
        if let Some(v) = from_file.trust_forwarded_for {
            c.trust_forwarded_for = v;
        }
        if let Some(v) = from_file.shutdown_grace_secs {
            c.shutdown_grace = Duration::from_secs(v);
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
        if let Some(v) = var("COLLECTOR_TRUST_FORWARDED_FOR") {
            c.trust_forwarded_for = parse_bool("COLLECTOR_TRUST_FORWARDED_FOR", &v)?;
        }
        if let Some(v) = var("COLLECTOR_SHUTDOWN_GRACE_SECS") {
            c.shutdown_grace =
                Duration::from_secs(parse_number("COLLECTOR_SHUTDOWN_GRACE_SECS", &v)?);
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

fn parse_bool(name: &str, v: &str) -> Result<bool, ConfigError> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(ConfigError(format!(
            "{name}: {v:?} is not true/false (or 1/0, yes/no, on/off)"
        ))),
    }
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

    #[test]
    fn defaults() {
        let c = Config::load_with(None, env(&[])).unwrap();
        assert_eq!(c, Config::default());
        assert_eq!(c.addr.to_string(), "127.0.0.1:8787");
        assert_eq!(c.db_path, PathBuf::from("collector-data/feedback.sqlite"));
        assert_eq!((c.rate_per_minute, c.rate_burst), (60, 20));
        assert_eq!(c.min_comment_ms, 2000);
        assert!(c.token.is_none());
        assert!(!c.trust_forwarded_for);
    }

    #[test]
    fn file_then_environment() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(
            &path,
            r#"
addr = "127.0.0.1:9000"
db = "/var/lib/x.sqlite"
token = "from-file"
allowed_origins = ["https://a.example"]
rate_per_minute = 10
rate_burst = 5
min_comment_ms = 100
trust_forwarded_for = true
shutdown_grace_secs = 3
"#,
        )
        .unwrap();
        let c = Config::load_with(Some(&path), env(&[])).unwrap();
        assert_eq!(c.addr.port(), 9000);
        assert_eq!(c.db_path, PathBuf::from("/var/lib/x.sqlite"));
        assert_eq!(c.token.as_deref(), Some("from-file"));
        assert_eq!(c.allowed_origins, vec!["https://a.example"]);
        assert_eq!((c.rate_per_minute, c.rate_burst), (10, 5));
        assert_eq!(c.min_comment_ms, 100);
        assert!(c.trust_forwarded_for);
        assert_eq!(c.shutdown_grace, Duration::from_secs(3));

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
                ("COLLECTOR_TRUST_FORWARDED_FOR", "false"),
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
        assert!(!c.trust_forwarded_for);
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
        let e = Config::load_with(None, env(&[("COLLECTOR_TRUST_FORWARDED_FOR", "maybe")]))
            .unwrap_err();
        assert!(e.0.contains("COLLECTOR_TRUST_FORWARDED_FOR"), "{e}");
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
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(&path, "rate_per_minuet = 5\n").unwrap();
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
