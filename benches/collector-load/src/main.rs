//! Load benchmark for the collector (not a test).
//!
//! `cargo run --profile server -p collector-load-bench --bin load-bench -- [--seconds N]
//! [--concurrency C] [--rate R] [--no-log] [--keep-db]`
//!
//! Starts the collector in-process on 127.0.0.1:0 with a temporary database and a rate
//! limit too high to interfere, drives it with C keep-alive HTTP/1.1 connections for N
//! seconds (about 5% of requests resend an id already sent, about 3% replace an earlier
//! answer, about 10% carry a comment), shuts it down gracefully and then checks the
//! database: every id that got a 201 or 200 must be there exactly once.
//!
//! Without `--rate` every connection sends its next request as soon as the previous answer
//! arrives (maximum throughput). With `--rate R` the connections together send R requests
//! per second on a fixed schedule; then latency is printed twice: from the actual send, and
//! from the scheduled send time, so that a server that falls behind cannot hide it (no
//! coordinated omission). The second figure also contains the client's own timer lag
//! (tokio's timer has millisecond resolution).
//!
//! Client and server share the machine's cores, so the figures are a lower bound for the
//! server alone. Exits non-zero if any row is lost or duplicated.
//!
//! `load-bench --export [--export-rows 1000,100000] [--collector PATH]` runs the export
//! phase instead: for each row count it fills a fresh database straight through SQLite,
//! starts the collector binary as a child process on 127.0.0.1 (`target/server/collector`,
//! else `target/release/collector`; build it with `cargo build --profile server -p
//! collector`), downloads `GET /api/feedback/export.csv` and prints the time, the bytes and
//! the collector's peak resident memory (`VmHWM` in `/proc/<pid>/status`, Linux only). The
//! export is streamed, so the peak should stay flat as the row count grows.

use bytes::Bytes;
use collector::Config;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper::{Request, StatusCode};
use hyper_util::rt::TokioIo;
use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::net::TcpStream;

const MAX_SECONDS: u64 = 600;
const MAX_CONCURRENCY: usize = 512;
/// A request that takes longer than this counts as an error and the connection is redone.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// Hard cap per connection, whatever the speed, so the result maps stay bounded.
const MAX_REQUESTS_PER_CONNECTION: u64 = 5_000_000;
/// How many sent ids are remembered for resends and replaces.
const POOL_CAPACITY: usize = 200_000;

struct Args {
    seconds: u64,
    concurrency: usize,
    rate: Option<f64>,
    log: bool,
    keep_db: bool,
    /// Run the export phase instead of the load phase.
    export: bool,
    /// Row counts for the export phase.
    export_rows: Vec<u64>,
    /// The collector binary for the export phase.
    collector: Option<PathBuf>,
}

/// Most rows the export phase will write into one database.
const MAX_EXPORT_ROWS: u64 = 2_000_000;

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        seconds: 10,
        concurrency: 32,
        rate: None,
        log: true,
        keep_db: false,
        export: false,
        export_rows: vec![1_000, 100_000],
        collector: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--seconds" => {
                a.seconds = value("--seconds")?
                    .parse()
                    .map_err(|_| "--seconds: not a number")?
            }
            "--concurrency" => {
                a.concurrency = value("--concurrency")?
                    .parse()
                    .map_err(|_| "--concurrency: not a number")?
            }
            "--rate" => {
                a.rate = Some(
                    value("--rate")?
                        .parse()
                        .map_err(|_| "--rate: not a number")?,
                )
            }
            "--no-log" => a.log = false,
            "--keep-db" => a.keep_db = true,
            "--export" => a.export = true,
            "--export-rows" => {
                a.export_rows = value("--export-rows")?
                    .split(',')
                    .map(|n| n.trim().parse::<u64>())
                    .collect::<Result<_, _>>()
                    .map_err(|_| "--export-rows: a comma-separated list of numbers")?
            }
            "--collector" => a.collector = Some(PathBuf::from(value("--collector")?)),
            "-h" | "--help" => {
                return Err(
                    "usage: load-bench [--seconds N] [--concurrency C] [--rate R] \
                            [--no-log] [--keep-db]\n       \
                     load-bench --export [--export-rows 1000,100000] [--collector PATH]"
                        .into(),
                )
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if !(1..=MAX_SECONDS).contains(&a.seconds) {
        return Err(format!("--seconds must be 1..={MAX_SECONDS}"));
    }
    if !(1..=MAX_CONCURRENCY).contains(&a.concurrency) {
        return Err(format!("--concurrency must be 1..={MAX_CONCURRENCY}"));
    }
    if matches!(a.rate, Some(r) if !(r > 0.0 && r <= 1_000_000.0)) {
        return Err("--rate must be in (0, 1000000]".into());
    }
    if a.export_rows.is_empty()
        || a.export_rows.len() > 8
        || a.export_rows.iter().any(|n| *n > MAX_EXPORT_ROWS)
    {
        return Err(format!(
            "--export-rows: 1 to 8 counts, each at most {MAX_EXPORT_ROWS}"
        ));
    }
    Ok(a)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("load-bench: {e}");
            return ExitCode::from(2);
        }
    };
    if args.log {
        // The server's access log is formatted as in production, then thrown away, so its
        // cost is part of the figures.
        let _ = tracing_subscriber::fmt()
            .with_writer(std::io::sink)
            .with_max_level(tracing::Level::INFO)
            .try_init();
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let outcome = if args.export {
        runtime.block_on(export_phase(args))
    } else {
        runtime.block_on(run(args))
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("load-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A small xorshift generator: enough to mix the traffic, no extra dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }
}

const VIEWS: [&str; 6] = ["plan", "fa-1", "fa-2", "fa-3", "fa-4", "partners"];

/// Ids already sent, shared by all connections so a resend can race its original.
#[derive(Default)]
struct Pool {
    sent: Vec<(String, &'static str)>,
}

#[derive(Default)]
struct Outcome {
    /// From handing the request to the connection to having the whole answer.
    latencies_us: Vec<u32>,
    /// Paced mode: from the scheduled send time (includes the client's own timer lag, about
    /// a millisecond with tokio's timer, and any queueing behind a slow answer).
    scheduled_us: Vec<u32>,
    created: u64,
    duplicate: u64,
    other: u64,
    errors: u64,
    resends: u64,
    /// Per id: how many 201 and how many 200 it got.
    acks: HashMap<String, (u32, u32)>,
}

async fn connect(addr: SocketAddr) -> Result<http1::SendRequest<Full<Bytes>>, String> {
    let stream = TcpStream::connect(addr)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    let (sender, conn) = http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("handshake: {e}"))?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(sender)
}

/// Asks `GET /healthz` on a new connection up to `attempts` times, `pause` apart; true
/// once it answers 200 (the collector has opened its store and accepts requests).
async fn answers_healthz_within(addr: SocketAddr, attempts: u32, pause: Duration) -> bool {
    for _ in 0..attempts {
        if let Ok(mut s) = connect(addr).await {
            let req = Request::get("/healthz")
                .header(hyper::header::HOST, "127.0.0.1")
                .body(Full::new(Bytes::new()))
                .expect("request");
            if matches!(s.send_request(req).await, Ok(r) if r.status() == StatusCode::OK) {
                return true;
            }
        }
        tokio::time::sleep(pause).await;
    }
    false
}

fn body(id: &str, view: &str, rng: &mut Rng, replaces: Option<&str>) -> String {
    let answer = if rng.percent(70) { "yes" } else { "no" };
    let mut extra = String::new();
    if rng.percent(10) {
        extra.push_str(
            r#","comment":"Det var svårt att hitta aktiviteterna för insatsområde 2.","elapsed_ms":5400"#,
        );
    }
    if let Some(r) = replaces {
        extra.push_str(&format!(r#","replaces":"{r}""#));
    }
    format!(
        r#"{{"id":"{id}","content_id":"{view}","answer":"{answer}","lang":"sv","mode":"standalone","app_version":"0.1.0","created_at":"2026-11-26T15:20:00Z","website":""{extra}}}"#
    )
}

#[allow(clippy::too_many_arguments)]
async fn connection(
    index: usize,
    addr: SocketAddr,
    nonce: u64,
    start: Instant,
    deadline: Instant,
    interval: Option<Duration>,
    pool: Arc<Mutex<Pool>>,
) -> Outcome {
    let mut out = Outcome::default();
    let mut rng = Rng(nonce ^ (index as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut sender = None;
    let mut counter: u64 = 0;
    for k in 0..MAX_REQUESTS_PER_CONNECTION {
        // Paced: request k of this connection is due at a fixed time, offset per connection.
        let scheduled = match interval {
            Some(iv) => {
                let offset = iv.mul_f64(index as f64 / MAX_CONCURRENCY as f64);
                let due = start + offset + iv * (k as u32);
                if due >= deadline {
                    break;
                }
                tokio::time::sleep_until(due.into()).await;
                due
            }
            None => {
                let now = Instant::now();
                if now >= deadline {
                    break;
                }
                now
            }
        };

        // ~5% resend an id already sent; ~3% replace an earlier answer; the rest are new.
        let roll = rng.below(100);
        let picked = {
            let pool = pool.lock().unwrap();
            if pool.sent.is_empty() || roll >= 8 {
                None
            } else {
                Some(pool.sent[rng.below(pool.sent.len() as u64) as usize].clone())
            }
        };
        let (id, payload, resend) = match picked {
            Some((old_id, view)) if roll < 5 => {
                let payload = body(&old_id, view, &mut rng, None);
                (old_id, payload, true)
            }
            other => {
                counter += 1;
                let id = format!(
                    "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
                    (nonce >> 32) as u32,
                    index,
                    (counter >> 48) & 0xfff,
                    (counter >> 36) & 0xfff,
                    counter & 0xffff_ffff_ffff
                );
                let (view, replaces) = match &other {
                    Some((old_id, view)) => (*view, Some(old_id.as_str())),
                    None => (VIEWS[rng.below(VIEWS.len() as u64) as usize], None),
                };
                let payload = body(&id, view, &mut rng, replaces);
                let mut pool = pool.lock().unwrap();
                if pool.sent.len() < POOL_CAPACITY {
                    pool.sent.push((id.clone(), view));
                }
                (id, payload, false)
            }
        };
        if resend {
            out.resends += 1;
        }

        if sender.is_none() {
            match connect(addr).await {
                Ok(s) => sender = Some(s),
                Err(_) => {
                    out.errors += 1;
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            }
        }
        let s = sender.as_mut().expect("connected");
        let request = Request::post("/api/feedback")
            .header(hyper::header::HOST, "127.0.0.1")
            .header(hyper::header::CONTENT_TYPE, "application/json")
            .body(Full::new(Bytes::from(payload)))
            .expect("request");
        let sent_at = Instant::now();
        let result = tokio::time::timeout(REQUEST_TIMEOUT, async {
            s.ready().await?;
            let response = s.send_request(request).await?;
            let status = response.status();
            response.into_body().collect().await?;
            Ok::<StatusCode, hyper::Error>(status)
        })
        .await;
        let status = match result {
            Ok(Ok(status)) => status,
            _ => {
                out.errors += 1;
                sender = None;
                continue;
            }
        };
        let micros = |since: Instant| since.elapsed().as_micros().min(u32::MAX as u128) as u32;
        out.latencies_us.push(micros(sent_at));
        if interval.is_some() {
            out.scheduled_us.push(micros(scheduled));
        }
        match status {
            StatusCode::CREATED => {
                out.created += 1;
                out.acks.entry(id).or_default().0 += 1;
            }
            StatusCode::OK => {
                out.duplicate += 1;
                out.acks.entry(id).or_default().1 += 1;
            }
            _ => out.other += 1,
        }
    }
    out
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1] as f64 / 1000.0
}

async fn run(args: Args) -> Result<bool, String> {
    let nonce = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1);
    let dir: PathBuf = std::env::temp_dir().join(format!(
        "collector-load-bench-{}-{nonce}",
        std::process::id()
    ));
    let db_path = dir.join("feedback.sqlite");
    let config = Config {
        addr: "127.0.0.1:0".parse().expect("address"),
        db_path: db_path.clone(),
        token: None,
        allowed_origins: Vec::new(),
        rate_per_minute: u32::MAX,
        rate_burst: u32::MAX,
        ..Config::default()
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| format!("bind: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(collector::serve_on(listener, config, async move {
        let _ = stopped.await;
    }));
    // Wait until the store is open and the server answers.
    if !answers_healthz_within(addr, 200, Duration::from_millis(10)).await {
        return Err("the collector did not start".into());
    }

    let mode = match args.rate {
        Some(r) => format!("paced at {r} req/s in total"),
        None => "unpaced (each connection sends as fast as answers come)".into(),
    };
    println!(
        "load-bench: {} s, {} connections, {mode}, ~5% resends, ~3% replaces, ~10% comments, access log {}",
        args.seconds,
        args.concurrency,
        if args.log { "on (to a sink)" } else { "off" }
    );
    println!("collector on {addr}, database {}", db_path.display());

    let interval = args
        .rate
        .map(|r| Duration::from_secs_f64(args.concurrency as f64 / r));
    let pool = Arc::new(Mutex::new(Pool::default()));
    let start = Instant::now();
    let deadline = start + Duration::from_secs(args.seconds);
    let workers: Vec<_> = (0..args.concurrency)
        .map(|i| {
            tokio::spawn(connection(
                i,
                addr,
                nonce,
                start,
                deadline,
                interval,
                Arc::clone(&pool),
            ))
        })
        .collect();
    let mut total = Outcome::default();
    for w in workers {
        let o = w.await.map_err(|e| format!("worker: {e}"))?;
        total.latencies_us.extend(o.latencies_us);
        total.scheduled_us.extend(o.scheduled_us);
        total.created += o.created;
        total.duplicate += o.duplicate;
        total.other += o.other;
        total.errors += o.errors;
        total.resends += o.resends;
        for (id, (c, d)) in o.acks {
            let e = total.acks.entry(id).or_default();
            e.0 += c;
            e.1 += d;
        }
    }
    let elapsed = start.elapsed();

    // Graceful shutdown, then look at what really is in the file.
    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(60), server)
        .await
        .map_err(|_| "the collector did not stop within 60 s".to_string())?
        .map_err(|e| format!("server task: {e}"))?
        .map_err(|e| format!("server: {e}"))?;
    let (rows, ids_in_db) = read_ids(&db_path)?;

    let sent = total.latencies_us.len() as u64 + total.errors;
    let mut lat = std::mem::take(&mut total.latencies_us);
    lat.sort_unstable();
    let expected: HashSet<&String> = total.acks.keys().collect();
    let lost = expected
        .iter()
        .filter(|id| !ids_in_db.contains(**id))
        .count();
    let created_twice = total.acks.values().filter(|(c, _)| *c > 1).count() as u64;
    let duplicated = (rows - ids_in_db.len() as u64) + created_twice;
    let unacknowledged = ids_in_db
        .iter()
        .filter(|id| !total.acks.contains_key(*id))
        .count();

    println!(
        "requests sent: {sent} ({} resends of an earlier id)",
        total.resends
    );
    println!(
        "throughput: {:.0} req/s over {:.2} s",
        lat.len() as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64()
    );
    let summary = |v: &[u32]| {
        format!(
            "p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            percentile(v, 50.0),
            percentile(v, 95.0),
            percentile(v, 99.0),
            v.last().copied().unwrap_or(0) as f64 / 1000.0
        )
    };
    println!("latency: {}", summary(&lat));
    if !total.scheduled_us.is_empty() {
        let mut sched = std::mem::take(&mut total.scheduled_us);
        sched.sort_unstable();
        println!(
            "latency from scheduled send time (incl. client timer lag): {}",
            summary(&sched)
        );
    }
    println!(
        "responses: 201: {}, 200: {}, other: {} (transport errors/timeouts: {})",
        total.created, total.duplicate, total.other, total.errors
    );
    println!(
        "rows in SQLite: {rows}; distinct ids acknowledged with 201/200: {}; rows never acknowledged: {unacknowledged}",
        expected.len()
    );
    println!("lost rows: {lost}, duplicated rows: {duplicated}");

    if args.keep_db {
        println!("database kept at {}", db_path.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(lost == 0 && duplicated == 0)
}

fn read_ids(path: &std::path::Path) -> Result<(u64, HashSet<String>), String> {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE)
            .map_err(|e| format!("opening {}: {e}", path.display()))?;
    let rows: i64 = conn
        .query_row("SELECT COUNT(*) FROM feedback", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    let mut stmt = conn
        .prepare("SELECT id FROM feedback")
        .map_err(|e| e.to_string())?;
    let ids = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(|e| e.to_string())?
        .collect::<Result<HashSet<_>, _>>()
        .map_err(|e| e.to_string())?;
    Ok((rows.max(0) as u64, ids))
}

// ---------------------------------------------------------------------------------------
// The export phase

/// How long one export download may take before the phase gives up.
const EXPORT_TIMEOUT: Duration = Duration::from_secs(300);
/// Most the collector's peak RSS may grow from the smallest export run to the largest and
/// still count as flat: the export streams, so its memory must not follow the row count.
const FLAT_RSS_GROWTH_MIB: f64 = 8.0;

/// A collector child process, killed when dropped (also on an early return).
struct Collector {
    child: std::process::Child,
    addr: SocketAddr,
}

impl Drop for Collector {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Collector {
    /// A memory figure from `/proc/<pid>/status` (`VmHWM`: peak, `VmRSS`: now), in KiB.
    fn memory_kib(&self, field: &str) -> Result<u64, String> {
        let path = format!("/proc/{}/status", self.child.id());
        let status = std::fs::read_to_string(&path).map_err(|e| format!("reading {path}: {e}"))?;
        status
            .lines()
            .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .ok_or_else(|| format!("no {field} in {path}"))
    }
}

/// The collector binary: `--collector`, else the server profile's, else the release one.
fn collector_binary(explicit: Option<PathBuf>) -> Result<PathBuf, String> {
    if let Some(path) = explicit {
        return Ok(path);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        // This crate sits at benches/collector-load, two levels below the workspace root.
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    ["server", "release"]
        .iter()
        .map(|profile| target.join(profile).join("collector"))
        .find(|path| path.is_file())
        .ok_or_else(|| {
            format!(
                "no collector binary in {}/server or /release; build it with \
                 `cargo build --profile server -p collector` or pass --collector PATH",
                target.display()
            )
        })
}

/// Fills a new database with `rows` counted answers: about a third with a comment (some
/// with quotes, `;` and line breaks, so the CSV writer has work to do).
fn fill_database(path: &std::path::Path, rows: u64) -> Result<(), String> {
    // The collector's own code creates the schema; then one transaction inserts directly.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    let store = collector::Store::open(path).map_err(|e| e.to_string())?;
    runtime.block_on(store.close()).map_err(|e| e.to_string())?;
    let mut conn = rusqlite::Connection::open(path).map_err(|e| e.to_string())?;
    let tx = conn.transaction().map_err(|e| e.to_string())?;
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO feedback (id, content_id, answer, comment, lang, mode, app_version,
                                       created_at, received_at, elapsed_ms)
                 VALUES (?1, ?2, ?3, ?4, 'sv', 'standalone', '0.1.0', ?5, ?5, ?6)",
            )
            .map_err(|e| e.to_string())?;
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        for i in 0..rows {
            let comment = match i % 3 {
                0 => Some(format!(
                    "Kommentar {i}: det var svårt att hitta \"aktiviteterna\"; =1+1\nför insatsområde 2."
                )),
                _ => None,
            };
            let at = format!(
                "2026-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
                1 + i / 2_592_000_000 % 12,
                1 + i / 86_400_000 % 28,
                i / 3_600_000 % 24,
                i / 60_000 % 60,
                i / 1000 % 60,
                i % 1000
            );
            insert
                .execute(rusqlite::params![
                    format!("00000000-0000-4000-8000-{i:012x}"),
                    VIEWS[rng.below(VIEWS.len() as u64) as usize],
                    if rng.percent(70) { "yes" } else { "no" },
                    comment,
                    at,
                    (rng.below(60_000) + 2000) as i64,
                ])
                .map_err(|e| e.to_string())?;
        }
    }
    tx.commit().map_err(|e| e.to_string())
}

/// Starts the collector on a free loopback port and waits until it answers.
async fn start_collector(
    binary: &std::path::Path,
    db: &std::path::Path,
    token: &str,
) -> Result<Collector, String> {
    // Its log (the effective configuration, warnings) goes to a file beside the database,
    // shown only if it does not start.
    let log_path = db.with_extension("log");
    let log = std::fs::File::create(&log_path)
        .map_err(|e| format!("creating {}: {e}", log_path.display()))?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| format!("finding a free port: {e}"))?
        .port();
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let child = std::process::Command::new(binary)
        .env("COLLECTOR_ADDR", addr.to_string())
        .env("COLLECTOR_DB", db)
        .env("COLLECTOR_TOKEN", token)
        .env("COLLECTOR_RATE_PER_MINUTE", "1000000")
        .env("COLLECTOR_RATE_BURST", "1000000")
        .env("RUST_LOG", "warn")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(log)
        .spawn()
        .map_err(|e| format!("starting {}: {e}", binary.display()))?;
    let collector = Collector { child, addr };
    if answers_healthz_within(addr, 500, Duration::from_millis(20)).await {
        return Ok(collector);
    }
    let log = std::fs::read_to_string(&log_path).unwrap_or_default();
    Err(format!(
        "the collector did not answer /healthz within 10 s; its log:\n{log}"
    ))
}

/// Downloads the export, keeping only counts: (bytes, CRLF-terminated records).
async fn download_export(addr: SocketAddr, token: &str) -> Result<(u64, u64), String> {
    let mut sender = connect(addr).await?;
    let request = Request::get("/api/feedback/export.csv")
        .header(hyper::header::HOST, "127.0.0.1")
        .header(hyper::header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Full::new(Bytes::new()))
        .expect("request");
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| format!("export request: {e}"))?;
    if response.status() != StatusCode::OK {
        return Err(format!("export answered {}", response.status()));
    }
    let mut body = response.into_body();
    let (mut bytes, mut records, mut last) = (0u64, 0u64, 0u8);
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| format!("export body: {e}"))?;
        if let Some(data) = frame.data_ref() {
            for &b in data.iter() {
                if b == b'\n' && last == b'\r' {
                    records += 1;
                }
                last = b;
            }
            bytes += data.len() as u64;
        }
    }
    Ok((bytes, records))
}

/// Fills, starts, downloads and measures, for each row count.
async fn export_phase(args: Args) -> Result<bool, String> {
    let binary = collector_binary(args.collector.clone())?;
    println!(
        "export phase: collector {}, rows {:?}",
        binary.display(),
        args.export_rows
    );
    let token = "load-bench-export-token";
    let mut ok = true;
    // (rows, peak RSS in KiB) of every run, for the verdict.
    let mut peaks: Vec<(u64, u64)> = Vec::new();
    for &rows in &args.export_rows {
        let dir = std::env::temp_dir().join(format!(
            "collector-export-bench-{}-{rows}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let db = dir.join("feedback.sqlite");
        let filled = Instant::now();
        let db_for_fill = db.clone();
        tokio::task::spawn_blocking(move || fill_database(&db_for_fill, rows))
            .await
            .map_err(|e| e.to_string())??;
        let fill_secs = filled.elapsed().as_secs_f64();

        let collector = start_collector(&binary, &db, token).await?;
        let before_kib = collector.memory_kib("VmHWM")?;
        let started = Instant::now();
        let (bytes, records) =
            tokio::time::timeout(EXPORT_TIMEOUT, download_export(collector.addr, token))
                .await
                .map_err(|_| format!("the export of {rows} rows took over {EXPORT_TIMEOUT:?}"))??;
        let secs = started.elapsed().as_secs_f64();
        let peak_kib = collector.memory_kib("VmHWM")?;
        drop(collector);
        let _ = std::fs::remove_dir_all(&dir);

        let complete = records == rows + 1;
        ok &= complete;
        peaks.push((rows, peak_kib));
        println!(
            "export of {rows} rows: {bytes} bytes ({:.1} MiB) in {secs:.2} s ({:.1} MiB/s); \
             {records} records incl. header{}; collector peak RSS (VmHWM) {:.1} MiB \
             (after start-up {:.1} MiB); database filled in {fill_secs:.2} s",
            bytes as f64 / 1048576.0,
            bytes as f64 / 1048576.0 / secs.max(1e-9),
            if complete { "" } else { " (EXPECTED rows + 1)" },
            peak_kib as f64 / 1024.0,
            before_kib as f64 / 1024.0,
        );
    }
    ok &= rss_verdict(&peaks);
    Ok(ok)
}

/// Prints whether the peak RSS stayed flat from the smallest run to the largest; `false`
/// when it grew by more than [`FLAT_RSS_GROWTH_MIB`].
fn rss_verdict(peaks: &[(u64, u64)]) -> bool {
    let (Some(smallest), Some(largest)) = (
        peaks.iter().min_by_key(|(rows, _)| *rows),
        peaks.iter().max_by_key(|(rows, _)| *rows),
    ) else {
        return true;
    };
    if smallest.0 == largest.0 {
        println!("peak RSS: one row count only, nothing to compare");
        return true;
    }
    let growth_mib = (largest.1 as f64 - smallest.1 as f64) / 1024.0;
    let flat = growth_mib <= FLAT_RSS_GROWTH_MIB;
    println!(
        "{}: {growth_mib:+.1} MiB from {} to {} rows{}",
        if flat {
            "peak RSS flat"
        } else {
            "peak RSS NOT FLAT"
        },
        thousands(smallest.0),
        thousands(largest.0),
        if flat {
            String::new()
        } else {
            format!(" (more than {FLAT_RSS_GROWTH_MIB} MiB)")
        },
    );
    flat
}

/// `100000` as `100,000`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn the_verdict_compares_the_largest_run_with_the_smallest() {
        // Given in any order; 8 MiB of growth is still flat, more is not.
        assert!(rss_verdict(&[(100_000, 7_600), (1_000, 7_400)]));
        assert!(rss_verdict(&[(1_000, 7_000), (100_000, 7_000 + 8 * 1024)]));
        assert!(!rss_verdict(&[
            (1_000, 7_000),
            (100_000, 7_000 + 8 * 1024 + 1)
        ]));
        // A shrinking peak is flat too; a single count has nothing to compare.
        assert!(rss_verdict(&[(1_000, 9_000), (100_000, 7_000)]));
        assert!(rss_verdict(&[(1_000, 7_000)]));
        assert!(rss_verdict(&[]));
    }
}
