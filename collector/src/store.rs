//! The SQLite store.
//!
//! One dedicated writer thread owns the only writing connection. Handlers send it inserts
//! over a bounded channel and wait for the answer; the thread takes whatever has queued up
//! (up to [`MAX_BATCH`]) and commits it as one transaction. Under load that turns hundreds
//! of tiny commits into a few larger ones, and SQLite never sees two writers, so there is no
//! `SQLITE_BUSY` between them. A handler answers 2xx only after the commit that holds its
//! row, which is what makes "every 2xx is in the database" true.
//!
//! Reads (summary, comments) use a second connection on the blocking thread pool; the CSV
//! export, which takes longer, opens a read-only connection of its own for each download
//! and hands the rows over one at a time (see [`Store::export_each`]). In WAL mode reads
//! never wait for the writer.

use crate::payload::Feedback;
use feedback_protocol::{weekly_counts, Day, StaffFilter, WeekCount};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// The schema version this code writes, kept in SQLite's `user_version`.
pub const SCHEMA_VERSION: i64 = 1;
/// Most inserts committed in one transaction.
pub const MAX_BATCH: usize = 256;
/// Inserts that may wait for the writer before senders have to wait too (backpressure).
const QUEUE_DEPTH: usize = 4096;
/// How long a connection waits for a lock before failing with `SQLITE_BUSY` (e.g. while a
/// backup tool holds a read lock during a checkpoint).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS feedback (
    id              TEXT PRIMARY KEY NOT NULL,     -- lowercase UUID; the idempotency key
    content_id      TEXT NOT NULL,
    answer          TEXT NOT NULL CHECK (answer IN ('yes', 'no')),
    comment         TEXT,                          -- NULL: none, empty or dropped
    comment_dropped INTEGER NOT NULL DEFAULT 0 CHECK (comment_dropped IN (0, 1)),
    lang            TEXT NOT NULL,
    mode            TEXT NOT NULL,
    app_version     TEXT NOT NULL,
    created_at      TEXT NOT NULL,                 -- client clock, RFC 3339 UTC
    received_at     TEXT NOT NULL,                 -- server clock, RFC 3339 UTC, millis
    replaces        TEXT,                          -- id of the answer this one changes
    superseded_by   TEXT,                          -- set when a later answer replaced this
    elapsed_ms      INTEGER
);
-- No partial indexes (CREATE INDEX ... WHERE): with one on the table, SQLite recompiles
-- every statement that has a bound parameter in its WHERE clause on each execution, to see
-- whether the partial index applies; that doubled the CPU cost of a write.
-- Summary: covering, and the counted rows (superseded_by IS NULL) are one contiguous range.
CREATE INDEX IF NOT EXISTS feedback_counted ON feedback (superseded_by, content_id, answer);
-- Finding an answer that arrives after the one replacing it.
CREATE INDEX IF NOT EXISTS feedback_replaces ON feedback (replaces);
-- Comments and the export, in time order.
CREATE INDEX IF NOT EXISTS feedback_received ON feedback (received_at);
";

/// The rows the staff endpoints count, list and export: answers not superseded by a later
/// one, within the filter of `?1`–`?4` (see [`filter_params`]). A `NULL` parameter is "all".
macro_rules! counted_and_filtered {
    () => {
        "superseded_by IS NULL
         AND (?1 IS NULL OR received_at >= ?1) AND (?2 IS NULL OR received_at < ?2)
         AND (?3 IS NULL OR lang = ?3) AND (?4 IS NULL OR mode = ?4)"
    };
}

/// `?1`–`?4` of [`counted_and_filtered`]: always bound as parameters, never spliced into
/// the SQL.
fn filter_params(filter: &StaffFilter) -> [Option<String>; 4] {
    let (from, below) = filter.received_bounds();
    [
        from,
        below,
        filter.lang.map(|l| l.as_str().to_owned()),
        filter.mode.map(|m| m.as_str().to_owned()),
    ]
}

/// A database failure; the message is for the log, clients only see a generic 500.
#[derive(Debug)]
pub struct StoreError(pub String);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError(format!("sqlite: {e}"))
    }
}

/// What happened to an insert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsertOutcome {
    /// A new row was written.
    Stored,
    /// A row with this id already existed; nothing changed.
    Duplicate,
}

/// One view's counts for the public summary.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ViewSummary {
    /// The view.
    pub content_id: String,
    /// Answers "yes" that count.
    pub yes: u64,
    /// Answers "no" that count.
    pub no: u64,
    /// yes / (yes + no).
    pub helpful_share: f64,
}

/// A comment for the staff endpoint.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CommentRow {
    /// Answer id.
    pub id: String,
    /// The view.
    pub content_id: String,
    /// "yes" or "no".
    pub answer: String,
    /// The comment text.
    pub comment: String,
    /// UI language.
    pub lang: String,
    /// Display mode.
    pub mode: String,
    /// Client timestamp.
    pub created_at: String,
    /// Server timestamp.
    pub received_at: String,
}

/// Most comments in one page of `GET /api/feedback/comments`.
pub const MAX_COMMENTS_PAGE: u32 = 200;

/// One page of comments, newest first, and where the next page starts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CommentPage {
    /// Up to the requested number of comments.
    pub comments: Vec<CommentRow>,
    /// Pass this as `cursor` to get the next (older) page; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// Where a page of comments starts: just after (older than) this row.
///
/// Keyset paging on `(received_at, rowid)`, the order comments are listed in, so a page is
/// stable while answers arrive: new ones land before the first page, never in between.
/// Clients get it as an opaque string (hex), so its form can change without breaking them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentCursor {
    received_at: String,
    rowid: i64,
}

/// Longest cursor accepted, in characters (a real one is about 60).
const MAX_CURSOR_CHARS: usize = 200;

impl CommentCursor {
    /// The string clients pass back.
    pub fn encode(&self) -> String {
        let plain = format!("{}:{}", self.rowid, self.received_at);
        plain.bytes().map(|b| format!("{b:02x}")).collect()
    }

    /// Reads a cursor this server gave out; anything else is an error that says so.
    pub fn decode(text: &str) -> Result<CommentCursor, String> {
        const WHAT: &str = "is not a cursor this server gave out; \
                            start again from the first page (no cursor)";
        if text.is_empty() || text.len() > MAX_CURSOR_CHARS || !text.len().is_multiple_of(2) {
            return Err(WHAT.into());
        }
        let bytes = (0..text.len())
            .step_by(2)
            .map(|i| text.get(i..i + 2).and_then(hex_byte))
            .collect::<Option<Vec<u8>>>()
            .ok_or(WHAT)?;
        let plain = String::from_utf8(bytes).map_err(|_| WHAT)?;
        let (rowid, received_at) = plain.split_once(':').ok_or(WHAT)?;
        let rowid: i64 = rowid.parse().map_err(|_| WHAT)?;
        // Server timestamps look like 2026-11-26T15:20:00.123Z.
        let looks_like_a_timestamp = !received_at.is_empty()
            && received_at
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b':' | b'.' | b'T' | b'Z'));
        if rowid < 0 || !looks_like_a_timestamp {
            return Err(WHAT.into());
        }
        Ok(CommentCursor {
            received_at: received_at.to_owned(),
            rowid,
        })
    }
}

/// Two hex digits as a byte. Only the digits themselves: `u8::from_str_radix` alone would
/// also take a sign (`"+f"`).
fn hex_byte(pair: &str) -> Option<u8> {
    if pair.len() != 2 || !pair.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u8::from_str_radix(pair, 16).ok()
}

/// One counted row for the CSV export, all columns as text (empty for NULL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRow(pub [String; EXPORT_COLUMNS.len()]);

/// The export's columns, in order.
pub const EXPORT_COLUMNS: [&str; 12] = [
    "id",
    "content_id",
    "answer",
    "comment",
    "comment_dropped",
    "lang",
    "mode",
    "app_version",
    "created_at",
    "received_at",
    "replaces",
    "elapsed_ms",
];

enum Command {
    Insert {
        row: Box<Feedback>,
        received_at: String,
        reply: oneshot::Sender<Result<InsertOutcome, StoreError>>,
    },
    Close {
        reply: oneshot::Sender<Result<(), StoreError>>,
    },
}

/// A handle to the store. Cheap to clone; all clones talk to the same writer thread.
#[derive(Clone)]
pub struct Store {
    tx: mpsc::Sender<Command>,
    reader: Arc<Mutex<Option<Connection>>>,
    writer: Arc<Mutex<Option<JoinHandle<()>>>>,
    path: Arc<PathBuf>,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// Opens a connection with the settings both connections share.
fn open_connection(path: &Path, flags: OpenFlags) -> Result<Connection, StoreError> {
    let conn = Connection::open_with_flags(path, flags)
        .map_err(|e| StoreError(format!("opening {}: {e}", path.display())))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}

impl Store {
    /// Opens (creating if needed) the database and starts the writer thread. Blocking: call
    /// it before the server starts or from `spawn_blocking`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| StoreError(format!("creating {}: {e}", parent.display())))?;
        }
        let writer = open_connection(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // WAL: readers never block the writer and the writer never blocks readers, and a
        // commit is one sequential append to the -wal file.
        let mode: String = writer.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError(format!(
                "{} could not be switched to WAL mode (got {mode}); is it on a network file system?",
                path.display()
            )));
        }
        // Durability choice: with synchronous=NORMAL in WAL mode, SQLite does not fsync on
        // every commit, only at checkpoints (here every half second, see `checkpoint_loop`).
        // A crash of this process loses nothing that was committed: the WAL is in the OS
        // page cache and is replayed on open. Only a power cut or kernel crash can lose the
        // commits since the last checkpoint, and the database stays consistent either way.
        // For anonymous yes/no feedback that is the right trade: FULL would put an fsync
        // (milliseconds on a virtual disk) into every answer's path, to protect against a
        // rare event that costs well under a second of answers.
        writer.pragma_update(None, "synchronous", "NORMAL")?;
        // Checkpoints (copying the WAL back into the main file, with two fsyncs) are the one
        // slow thing left; done by the writer they would stall every answer waiting behind
        // them. They run on their own thread instead (see `checkpoint_loop`).
        writer.pragma_update(None, "wal_autocheckpoint", 0)?;
        // After the WAL has been reset, truncate the file back to this size.
        writer.pragma_update(None, "journal_size_limit", 64 * 1024 * 1024)?;
        migrate(&writer)?;
        let checkpointer = spawn_checkpointer(path)?;

        let reader = open_connection(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;

        let (tx, rx) = mpsc::channel(QUEUE_DEPTH);
        let handle = std::thread::Builder::new()
            .name("collector-writer".into())
            .spawn(move || writer_loop(writer, rx, checkpointer))
            .map_err(|e| StoreError(format!("starting the writer thread: {e}")))?;

        Ok(Store {
            tx,
            reader: Arc::new(Mutex::new(Some(reader))),
            writer: Arc::new(Mutex::new(Some(handle))),
            path: Arc::new(path.to_owned()),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Stores an answer (and marks the one it replaces), returning once it is committed.
    pub async fn insert(
        &self,
        row: Feedback,
        received_at: String,
    ) -> Result<InsertOutcome, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send(Command::Insert {
                row: Box::new(row),
                received_at,
                reply,
            })
            .await
            .map_err(|_| StoreError("the store is closed".into()))?;
        answer
            .await
            .map_err(|_| StoreError("the writer stopped before answering".into()))?
    }

    /// Runs `f` with the read connection on the blocking pool.
    async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let reader = Arc::clone(&self.reader);
        tokio::task::spawn_blocking(move || {
            let guard = reader.lock().unwrap_or_else(|e| e.into_inner());
            match guard.as_ref() {
                Some(conn) => f(conn),
                None => Err(StoreError("the store is closed".into())),
            }
        })
        .await
        .map_err(|e| StoreError(format!("read task failed: {e}")))?
    }

    /// Counts per view within `filter`, sorted by `content_id`, superseded answers left out.
    pub async fn summary(&self, filter: StaffFilter) -> Result<Vec<ViewSummary>, StoreError> {
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(concat!(
                "SELECT content_id,
                        SUM(answer = 'yes'),
                        SUM(answer = 'no')
                   FROM feedback
                  WHERE ",
                counted_and_filtered!(),
                " GROUP BY content_id
                  ORDER BY content_id"
            ))?;
            let rows = stmt.query_map(rusqlite::params_from_iter(filter_params(&filter)), |r| {
                let yes: i64 = r.get(1)?;
                let no: i64 = r.get(2)?;
                Ok((r.get::<_, String>(0)?, yes.max(0) as u64, no.max(0) as u64))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (content_id, yes, no) = row?;
                let total = yes + no;
                out.push(ViewSummary {
                    content_id,
                    yes,
                    no,
                    helpful_share: if total == 0 {
                        0.0
                    } else {
                        yes as f64 / total as f64
                    },
                });
            }
            Ok(out)
        })
        .await
    }

    /// Counted answers within `filter` per ISO week of `received_at` (UTC), from the first
    /// week with answers to the last, empty weeks included (see [`weekly_counts`]).
    pub async fn weeks(&self, filter: StaffFilter) -> Result<Vec<WeekCount>, StoreError> {
        self.read(move |conn| {
            // Per day in SQL (a short list), into weeks in Rust, where the calendar is tested.
            let mut stmt = conn.prepare_cached(concat!(
                "SELECT substr(received_at, 1, 10), COUNT(*)
                   FROM feedback
                  WHERE ",
                counted_and_filtered!(),
                " GROUP BY 1"
            ))?;
            let rows = stmt.query_map(rusqlite::params_from_iter(filter_params(&filter)), |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
            })?;
            let mut days = Vec::new();
            for row in rows {
                let (day, answers) = row?;
                // The server wrote every received_at; a day it cannot read is left out of
                // the weeks (and logged) rather than failing the summary.
                match Day::parse(&day) {
                    Some(day) => days.push((day, answers.max(0) as u64)),
                    None => tracing::warn!(
                        day,
                        "a received_at that is not a date; left out of the weeks"
                    ),
                }
            }
            Ok(weekly_counts(days))
        })
        .await
    }

    /// Counted answers that carry a comment, newest first: at most `limit` of them, starting
    /// after `after` (from the previous page's `next_cursor`), or from the newest.
    ///
    /// `INDEXED BY`: left to itself, the planner picks `feedback_counted` for the
    /// `superseded_by IS NULL` filter and then sorts every comment in a temporary B-tree for
    /// each page. Walking the time index instead stops after one page. (The export below
    /// does the same, so its memory stays flat however many rows there are.)
    pub async fn comments_page(
        &self,
        limit: u32,
        after: Option<CommentCursor>,
        filter: StaffFilter,
    ) -> Result<CommentPage, StoreError> {
        let limit = limit.clamp(1, MAX_COMMENTS_PAGE);
        self.read(move |conn| {
            // One more than asked for: whether it exists says if there is a next page.
            let fetch = i64::from(limit) + 1;
            let map = |r: &rusqlite::Row<'_>| -> rusqlite::Result<(CommentRow, i64)> {
                Ok((
                    CommentRow {
                        id: r.get(0)?,
                        content_id: r.get(1)?,
                        answer: r.get(2)?,
                        comment: r.get(3)?,
                        lang: r.get(4)?,
                        mode: r.get(5)?,
                        created_at: r.get(6)?,
                        received_at: r.get(7)?,
                    },
                    r.get(8)?,
                ))
            };
            let [from, below, lang, mode] = filter_params(&filter);
            let rows = match &after {
                None => conn
                    .prepare_cached(concat!(
                        "SELECT id, content_id, answer, comment, lang, mode, created_at,
                                received_at, rowid
                           FROM feedback INDEXED BY feedback_received
                          WHERE comment IS NOT NULL AND ",
                        counted_and_filtered!(),
                        " ORDER BY received_at DESC, rowid DESC
                          LIMIT ?5"
                    ))?
                    .query_map(params![from, below, lang, mode, fetch], map)?
                    .collect::<Result<Vec<_>, _>>()?,
                Some(cursor) => conn
                    .prepare_cached(concat!(
                        "SELECT id, content_id, answer, comment, lang, mode, created_at,
                                received_at, rowid
                           FROM feedback INDEXED BY feedback_received
                          WHERE comment IS NOT NULL AND ",
                        counted_and_filtered!(),
                        " AND (received_at, rowid) < (?5, ?6)
                          ORDER BY received_at DESC, rowid DESC
                          LIMIT ?7"
                    ))?
                    .query_map(
                        params![
                            from,
                            below,
                            lang,
                            mode,
                            cursor.received_at,
                            cursor.rowid,
                            fetch
                        ],
                        map,
                    )?
                    .collect::<Result<Vec<_>, _>>()?,
            };
            let more = rows.len() > limit as usize;
            let mut comments = Vec::with_capacity(rows.len().min(limit as usize));
            let mut last = None;
            for (row, rowid) in rows.into_iter().take(limit as usize) {
                last = Some(CommentCursor {
                    received_at: row.received_at.clone(),
                    rowid,
                });
                comments.push(row);
            }
            Ok(CommentPage {
                comments,
                next_cursor: last.filter(|_| more).map(|c| c.encode()),
            })
        })
        .await
    }

    /// Calls `each` with every counted answer within `filter`, oldest first, as text cells in
    /// [`EXPORT_COLUMNS`] order, until it returns `false` or the rows run out.
    ///
    /// Blocking (run it on the blocking pool), and on a read-only connection of its own: an
    /// export of many rows takes a while, and must not hold up the summary and the comments
    /// on the shared reader meanwhile. In WAL mode it reads one consistent snapshot without
    /// holding up the writer either. Only the current row is in memory.
    pub fn export_each(
        &self,
        filter: &StaffFilter,
        mut each: impl FnMut(&ExportRow) -> bool,
    ) -> Result<(), StoreError> {
        if self
            .reader
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_none()
        {
            return Err(StoreError("the store is closed".into()));
        }
        let conn = open_connection(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // Each page is read once, in order: a small page cache (256 KiB instead of the
        // default 2 MiB) is as fast here and keeps each download's memory small.
        conn.pragma_update(None, "cache_size", -256)?;
        let mut stmt = conn.prepare(concat!(
            "SELECT id, content_id, answer, comment, comment_dropped, lang, mode,
                    app_version, created_at, received_at, replaces, elapsed_ms
               FROM feedback INDEXED BY feedback_received
              WHERE ",
            counted_and_filtered!(),
            " ORDER BY received_at, rowid"
        ))?;
        let mut rows = stmt.query(rusqlite::params_from_iter(filter_params(filter)))?;
        while let Some(r) = rows.next()? {
            let text = |i: usize| -> rusqlite::Result<String> {
                Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default())
            };
            let dropped: i64 = r.get(4)?;
            let elapsed: Option<i64> = r.get(11)?;
            let row = ExportRow([
                text(0)?,
                text(1)?,
                text(2)?,
                text(3)?,
                if dropped != 0 { "true" } else { "false" }.to_owned(),
                text(5)?,
                text(6)?,
                text(7)?,
                text(8)?,
                text(9)?,
                text(10)?,
                elapsed.map(|e| e.to_string()).unwrap_or_default(),
            ]);
            if !each(&row) {
                break;
            }
        }
        Ok(())
    }

    /// Lets the writer finish everything already queued, checkpoints the WAL into the main
    /// file, and closes both connections. Later calls on any clone fail with "closed".
    pub async fn close(&self) -> Result<(), StoreError> {
        // The reader first, so the final checkpoint has no reader to wait for.
        {
            let reader = Arc::clone(&self.reader);
            tokio::task::spawn_blocking(move || {
                reader.lock().unwrap_or_else(|e| e.into_inner()).take();
            })
            .await
            .map_err(|e| StoreError(format!("closing the reader: {e}")))?;
        }
        let (reply, answer) = oneshot::channel();
        let closed = if self.tx.send(Command::Close { reply }).await.is_ok() {
            answer
                .await
                .unwrap_or_else(|_| Err(StoreError("the writer stopped unexpectedly".into())))
        } else {
            Ok(()) // already closed by another clone
        };
        let handle = self.writer.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(handle) = handle {
            tokio::task::spawn_blocking(move || handle.join())
                .await
                .map_err(|e| StoreError(format!("joining the writer: {e}")))?
                .map_err(|_| StoreError("the writer thread panicked".into()))?;
        }
        closed
    }
}

/// Creates the schema on a new file and refuses files written by a newer version.
fn migrate(conn: &Connection) -> Result<(), StoreError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError(format!(
            "the database has schema version {version}, newer than this collector's \
             {SCHEMA_VERSION}; refusing to touch it"
        )));
    }
    // IF NOT EXISTS everywhere, so this is also safe to rerun on a version-1 file.
    conn.execute_batch(&format!(
        "BEGIN IMMEDIATE;
         {SCHEMA}
         PRAGMA user_version = {SCHEMA_VERSION};
         COMMIT;"
    ))?;
    Ok(())
}

fn writer_loop(mut conn: Connection, mut rx: mpsc::Receiver<Command>, checkpointer: Checkpointer) {
    let mut close_replies = Vec::new();
    let mut batch = Vec::with_capacity(MAX_BATCH);
    // `blocking_recv` returns None once every sender is gone, or after `close()` once the
    // queue is drained, so a Close never overtakes an insert that was queued before it.
    while let Some(first) = rx.blocking_recv() {
        let mut next = Some(first);
        while let Some(cmd) = next.take() {
            match cmd {
                Command::Insert {
                    row,
                    received_at,
                    reply,
                } => batch.push((row, received_at, reply)),
                Command::Close { reply } => {
                    close_replies.push(reply);
                    rx.close();
                }
            }
            if batch.len() < MAX_BATCH {
                next = rx.try_recv().ok();
            }
        }
        if !batch.is_empty() {
            write_batch(&mut conn, &mut batch);
        }
        // Only when nobody is waiting: the background checkpoint has copied nearly all of a
        // large WAL; copying the few frames written since, here, lets the next transaction
        // start the WAL over from the beginning (see `checkpoint_loop`).
        if rx.is_empty() && checkpointer.catch_up_wanted.swap(false, Ordering::AcqRel) {
            if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                tracing::warn!(error = %e, "catching up with the checkpoint failed");
            }
        }
    }
    // The background checkpointer first, so the final checkpoint below runs alone.
    drop(checkpointer.stop);
    if checkpointer.thread.join().is_err() {
        tracing::error!("the checkpoint thread panicked");
    }
    // Fold the WAL back into the main file so the database is a single, complete file
    // after a clean stop (simple to back up or copy), then close.
    let result = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .map_err(StoreError::from)
        .and_then(|()| conn.close().map_err(|(_, e)| StoreError::from(e)));
    if let Err(e) = &result {
        tracing::error!(error = %e, "closing the database");
    }
    for reply in close_replies {
        let _ = reply.send(match &result {
            Ok(()) => Ok(()),
            Err(e) => Err(StoreError(e.0.clone())),
        });
    }
}

/// How often the background checkpointer runs.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(500);
/// WAL size, in pages (4 KiB; 64 MiB), above which the writer is asked to help the WAL start
/// over. Large, because each time costs the writer a short pause.
const WAL_CATCH_UP_PAGES: i64 = 16_384;

/// The background checkpoint thread, as seen by the writer.
struct Checkpointer {
    /// Dropping it stops the thread.
    stop: std::sync::mpsc::Sender<()>,
    thread: JoinHandle<()>,
    /// Set by the checkpointer when the WAL has grown large; cleared by the writer once it
    /// has run a final, short checkpoint itself.
    catch_up_wanted: Arc<AtomicBool>,
}

fn spawn_checkpointer(path: &Path) -> Result<Checkpointer, StoreError> {
    let conn = open_connection(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let (stop, stopped) = std::sync::mpsc::channel();
    let catch_up_wanted = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&catch_up_wanted);
    let thread = std::thread::Builder::new()
        .name("collector-checkpoint".into())
        .spawn(move || checkpoint_loop(conn, stopped, flag))
        .map_err(|e| StoreError(format!("starting the checkpoint thread: {e}")))?;
    Ok(Checkpointer {
        stop,
        thread,
        catch_up_wanted,
    })
}

/// Copies committed WAL frames into the main file every [`CHECKPOINT_EVERY`] until told to
/// stop (the sender is dropped).
///
/// A PASSIVE checkpoint never blocks the writer: both proceed at once, and the fsyncs happen
/// here instead of in the path of an answer. The WAL file only starts over from the
/// beginning when, at the start of a write, every frame in it has been copied; under steady
/// load new frames always arrive while this thread copies, so that moment never comes and
/// the WAL would keep growing. So once it passes [`WAL_CATCH_UP_PAGES`], this thread asks
/// the writer to run one more PASSIVE checkpoint the next time its queue is empty: by then
/// only the frames written since this thread's run are left, so it is short (two fsyncs and
/// a little copying), and the next write starts the WAL over. Under light load none of
/// this is needed: the WAL starts over by itself between answers.
fn checkpoint_loop(
    conn: Connection,
    stop: std::sync::mpsc::Receiver<()>,
    catch_up_wanted: Arc<AtomicBool>,
) {
    use std::sync::mpsc::RecvTimeoutError;
    while let Err(RecvTimeoutError::Timeout) = stop.recv_timeout(CHECKPOINT_EVERY) {
        if catch_up_wanted.load(Ordering::Acquire) {
            continue; // the writer has not caught up yet; do not compete with it
        }
        let passive =
            || conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get::<_, i64>(1));
        match passive() {
            Ok(wal_pages) if wal_pages > WAL_CATCH_UP_PAGES => {
                // A second pass at once copies only what arrived during the first, so what
                // is left for the writer is as small as it gets.
                if let Err(e) = passive() {
                    tracing::warn!(error = %e, "background checkpoint failed; will retry");
                }
                catch_up_wanted.store(true, Ordering::Release);
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "background checkpoint failed; will retry"),
        }
    }
}

type Pending = (
    Box<Feedback>,
    String,
    oneshot::Sender<Result<InsertOutcome, StoreError>>,
);

/// Commits a batch as one transaction and answers every sender once it is committed.
///
/// If any row fails (it should not, after validation), the whole transaction is rolled back
/// and each row is retried in a transaction of its own, so one bad row cannot take the others
/// down. (Per-row savepoints would give the same isolation but cost a statement journal and
/// two extra statements per row on the hot path.) If a commit fails, the rows in it are
/// reported as failed: none of them got a 2xx.
fn write_batch(conn: &mut Connection, batch: &mut Vec<Pending>) {
    let together = (|| -> Result<Vec<InsertOutcome>, StoreError> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut outcomes = Vec::with_capacity(batch.len());
        for (row, received_at, _) in batch.iter() {
            outcomes.push(insert_one(&tx, row, received_at)?);
        }
        tx.commit()?;
        Ok(outcomes)
    })();
    match together {
        Ok(outcomes) => {
            for ((_, _, reply), outcome) in batch.drain(..).zip(outcomes) {
                let _ = reply.send(Ok(outcome));
            }
        }
        Err(e) if batch.len() == 1 => {
            tracing::error!(error = %e, "writing an answer failed");
            if let Some((_, _, reply)) = batch.pop() {
                let _ = reply.send(Err(e));
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, rows = batch.len(), "a batch failed; retrying row by row");
            for (row, received_at, reply) in batch.drain(..) {
                let single = (|| -> Result<InsertOutcome, StoreError> {
                    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                    let outcome = insert_one(&tx, &row, &received_at)?;
                    tx.commit()?;
                    Ok(outcome)
                })();
                if let Err(e) = &single {
                    tracing::error!(error = %e, "writing an answer failed");
                }
                let _ = reply.send(single);
            }
        }
    }
}

fn insert_one(
    conn: &Connection,
    row: &Feedback,
    received_at: &str,
) -> Result<InsertOutcome, StoreError> {
    // The PRIMARY KEY is what guarantees one row per id, even under races; ON CONFLICT
    // turns the second insert into a no-op (and only for the id: other constraint
    // violations still fail loudly, which INSERT OR IGNORE would hide).
    let inserted = conn
        .prepare_cached(
            "INSERT INTO feedback (id, content_id, answer, comment, comment_dropped, lang, mode,
                                   app_version, created_at, received_at, replaces, elapsed_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
             ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            row.id,
            row.content_id,
            row.answer.as_str(),
            row.comment,
            row.comment_dropped,
            row.lang.as_str(),
            row.mode.as_str(),
            row.app_version,
            row.created_at,
            received_at,
            row.replaces,
            row.elapsed_ms
                .map(|ms| i64::try_from(ms).unwrap_or(i64::MAX)),
        ])?;
    if inserted == 0 {
        return Ok(InsertOutcome::Duplicate);
    }
    // If a later answer replacing this one arrived first (requests can overtake each
    // other), this one is superseded from the start. A separate statement rather than a
    // subquery inside the INSERT: SQLite recompiles that INSERT on every execution, which
    // doubled the CPU cost of a write.
    let replaced_by: Option<String> = conn
        .prepare_cached(
            "SELECT id FROM feedback WHERE replaces = ?1 AND content_id = ?2
              ORDER BY rowid LIMIT 1",
        )?
        .query_row(params![row.id, row.content_id], |r| r.get(0))
        .optional()?;
    let mut supersede = conn.prepare_cached(
        "UPDATE feedback SET superseded_by = ?1
          WHERE id = ?2 AND content_id = ?3 AND superseded_by IS NULL",
    )?;
    if let Some(later) = replaced_by {
        supersede.execute(params![later, row.id, row.content_id])?;
    }
    if let Some(replaced) = &row.replaces {
        // Only an answer for the same view can be replaced; an unknown id is ignored.
        supersede.execute(params![row.id, replaced, row.content_id])?;
    }
    Ok(InsertOutcome::Stored)
}

/// Counts rows straight from a database file: for tests, the load benchmark and operators.
pub fn count_rows(path: &Path) -> Result<u64, StoreError> {
    // Read-write without create: a read-only connection cannot recreate the -shm file that
    // a clean shutdown removed, and a missing file is an error here, not an empty database.
    let conn = open_connection(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM feedback", [], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_round_trips_and_is_opaque() {
        let cursor = CommentCursor {
            received_at: "2026-11-26T15:20:00.123Z".into(),
            rowid: 42,
        };
        let text = cursor.encode();
        assert!(text.bytes().all(|b| b.is_ascii_hexdigit()), "{text}");
        assert_eq!(CommentCursor::decode(&text), Ok(cursor));
    }

    #[test]
    fn a_hex_byte_is_two_hex_digits_and_nothing_else() {
        assert_eq!(hex_byte("00"), Some(0));
        assert_eq!(hex_byte("7f"), Some(0x7f));
        assert_eq!(hex_byte("FF"), Some(0xff));
        for bad in ["+f", "-0", " f", "f ", "0x", "g0", "", "f", "fff", "é"] {
            assert_eq!(hex_byte(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn anything_else_is_not_a_cursor() {
        let hex = |s: &str| s.bytes().map(|b| format!("{b:02x}")).collect::<String>();
        for bad in [
            String::new(),
            "abc".into(),
            "zz".into(),
            "é".into(),
            "0".repeat(MAX_CURSOR_CHARS + 2),
            hex("42"),
            hex("x:2026-11-26T15:20:00.123Z"),
            hex("-1:2026-11-26T15:20:00.123Z"),
            hex("42:"),
            hex("42:2026'; DROP TABLE feedback"),
            "ff".into(),
            "+f".into(),
            format!("+{}", &hex("42:2026-11-26T15:20:00.123Z")[1..]),
        ] {
            let err = CommentCursor::decode(&bad).expect_err(&bad);
            assert!(err.contains("first page"), "{err}");
        }
    }
}
