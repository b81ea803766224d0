//! The SQLite store.
//!
//! One dedicated writer thread owns the only writing connection. Handlers send it inserts
//! over a bounded channel and wait for the answer; the thread takes whatever has queued up
//! (up to [`MAX_BATCH`]) and commits it as one transaction. Under load that turns hundreds
//! of tiny commits into a few larger ones, and SQLite never sees two writers, so there is no
//! `SQLITE_BUSY` between them. A handler answers 2xx only after the commit that holds its
//! row, which is what makes "every 2xx is in the database" true.
//!
//! Reads (summary, comments, export) use a second connection on the blocking thread pool;
//! in WAL mode they never wait for the writer.

use crate::payload::Feedback;
use rusqlite::{params, Connection, OpenFlags, TransactionBehavior};
use std::fmt;
use std::path::{Path, PathBuf};
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
-- Summary: a covering index over exactly the rows that count.
CREATE INDEX IF NOT EXISTS feedback_counted
    ON feedback (content_id, answer) WHERE superseded_by IS NULL;
-- Finding an answer that arrives after the one replacing it.
CREATE INDEX IF NOT EXISTS feedback_replaces
    ON feedback (replaces) WHERE replaces IS NOT NULL;
-- Comments, newest first.
CREATE INDEX IF NOT EXISTS feedback_comments
    ON feedback (received_at) WHERE comment IS NOT NULL;
";

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
        // every commit, only at checkpoints. A crash of this process loses nothing that was
        // committed (the WAL is in the OS page cache and is replayed on open); only a power
        // cut or kernel crash can lose the last commits before the next checkpoint, and the
        // database stays consistent either way. For anonymous yes/no feedback that trade is
        // right: FULL would add an fsync to every batch and cap throughput at the disk's
        // flush rate, to protect against a rare event that costs a few seconds of answers.
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

    /// Counts per view, sorted by `content_id`, superseded answers left out.
    pub async fn summary(&self) -> Result<Vec<ViewSummary>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT content_id,
                        SUM(answer = 'yes'),
                        SUM(answer = 'no')
                   FROM feedback
                  WHERE superseded_by IS NULL
                  GROUP BY content_id
                  ORDER BY content_id",
            )?;
            let rows = stmt.query_map([], |r| {
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

    /// Counted answers that carry a comment, newest first.
    pub async fn comments(&self) -> Result<Vec<CommentRow>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, content_id, answer, comment, lang, mode, created_at, received_at
                   FROM feedback
                  WHERE comment IS NOT NULL AND superseded_by IS NULL
                  ORDER BY received_at DESC, rowid DESC",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(CommentRow {
                    id: r.get(0)?,
                    content_id: r.get(1)?,
                    answer: r.get(2)?,
                    comment: r.get(3)?,
                    lang: r.get(4)?,
                    mode: r.get(5)?,
                    created_at: r.get(6)?,
                    received_at: r.get(7)?,
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
    }

    /// Every counted answer, oldest first, as text cells in [`EXPORT_COLUMNS`] order.
    pub async fn export_rows(&self) -> Result<Vec<ExportRow>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, content_id, answer, comment, comment_dropped, lang, mode,
                        app_version, created_at, received_at, replaces, elapsed_ms
                   FROM feedback
                  WHERE superseded_by IS NULL
                  ORDER BY received_at, rowid",
            )?;
            let rows = stmt.query_map([], |r| {
                let text = |i: usize| -> rusqlite::Result<String> {
                    Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default())
                };
                let dropped: i64 = r.get(4)?;
                let elapsed: Option<i64> = r.get(11)?;
                Ok(ExportRow([
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
                ]))
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
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

fn writer_loop(
    mut conn: Connection,
    mut rx: mpsc::Receiver<Command>,
    checkpointer: (std::sync::mpsc::Sender<()>, JoinHandle<()>),
) {
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
    }
    // The background checkpointer first, so the final checkpoint below runs alone.
    let (stop_checkpointer, checkpointer) = checkpointer;
    drop(stop_checkpointer);
    if checkpointer.join().is_err() {
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
/// WAL size, in pages (4 KiB), above which the checkpointer makes the writer wait once so the
/// WAL can start over (see `checkpoint_loop`).
const WAL_RESTART_PAGES: i64 = 65_536;

fn spawn_checkpointer(
    path: &Path,
) -> Result<(std::sync::mpsc::Sender<()>, JoinHandle<()>), StoreError> {
    let conn = open_connection(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let (stop, stopped) = std::sync::mpsc::channel();
    let handle = std::thread::Builder::new()
        .name("collector-checkpoint".into())
        .spawn(move || checkpoint_loop(conn, stopped))
        .map_err(|e| StoreError(format!("starting the checkpoint thread: {e}")))?;
    Ok((stop, handle))
}

/// Copies committed WAL frames into the main file every [`CHECKPOINT_EVERY`] until told to
/// stop (the sender is dropped).
///
/// A PASSIVE checkpoint never blocks the writer: both proceed at once, and the fsyncs happen
/// here instead of in the path of an answer. The WAL file itself only starts over when a
/// checkpoint has caught up completely, which under uninterrupted heavy load may not happen;
/// past [`WAL_RESTART_PAGES`] a RESTART checkpoint makes the writer wait once (up to the busy
/// timeout) so the WAL cannot grow without bound.
fn checkpoint_loop(conn: Connection, stop: std::sync::mpsc::Receiver<()>) {
    use std::sync::mpsc::RecvTimeoutError;
    let checkpoint = |mode: &str| {
        conn.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |r| {
            r.get::<_, i64>(1)
        })
    };
    while let Err(RecvTimeoutError::Timeout) = stop.recv_timeout(CHECKPOINT_EVERY) {
        let t0 = std::time::Instant::now();
        let r = checkpoint("PASSIVE");
        eprintln!("ckpt {:?} {:?}", t0.elapsed(), r);
        match r {
            Ok(wal_pages) if wal_pages > WAL_RESTART_PAGES => {
                if let Err(e) = checkpoint("RESTART") {
                    tracing::warn!(error = %e, "restarting the WAL failed; will retry");
                }
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

/// Commits a batch and answers every sender. Each row gets its own savepoint, so a row that
/// fails (it should not, after validation) cannot take the others down with it; if the
/// commit itself fails, every row in the batch is reported as failed and none got a 2xx.
fn write_batch(conn: &mut Connection, batch: &mut Vec<Pending>) {
    let t0 = std::time::Instant::now();
    let n = batch.len();
    let _g = Guard(t0, n);
    struct Guard(std::time::Instant, usize);
    impl Drop for Guard { fn drop(&mut self) { let e = self.0.elapsed(); if e > Duration::from_millis(5) { eprintln!("slow batch {e:?} rows {}", self.1); } } }
    let result = (|| -> Result<Vec<Result<InsertOutcome, StoreError>>, StoreError> {
        let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut outcomes = Vec::with_capacity(batch.len());
        for (row, received_at, _) in batch.iter() {
            let sp = tx.savepoint()?;
            match insert_one(&sp, row, received_at) {
                Ok(outcome) => {
                    sp.commit()?;
                    outcomes.push(Ok(outcome));
                }
                Err(e) => {
                    // The default drop behaviour: roll back to the savepoint and release it.
                    sp.finish()?;
                    outcomes.push(Err(e));
                }
            }
        }
        tx.commit()?;
        Ok(outcomes)
    })();
    match result {
        Ok(outcomes) => {
            for ((_, _, reply), outcome) in batch.drain(..).zip(outcomes) {
                let _ = reply.send(outcome);
            }
        }
        Err(e) => {
            tracing::error!(error = %e, rows = batch.len(), "writing a batch failed");
            for (_, _, reply) in batch.drain(..) {
                let _ = reply.send(Err(StoreError(e.0.clone())));
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
    //
    // superseded_by: if a later answer replacing this one arrived first (requests can
    // overtake each other), this row is born superseded.
    let inserted = conn
        .prepare_cached(
            "INSERT INTO feedback (id, content_id, answer, comment, comment_dropped, lang, mode,
                               app_version, created_at, received_at, replaces, elapsed_ms,
                               superseded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,
                 (SELECT id FROM feedback WHERE replaces = ?1 AND content_id = ?2
                   ORDER BY rowid LIMIT 1))
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
    if let Some(replaced) = &row.replaces {
        // Only an answer for the same view can be replaced; an unknown id is ignored.
        conn.prepare_cached(
            "UPDATE feedback SET superseded_by = ?1
              WHERE id = ?2 AND content_id = ?3 AND superseded_by IS NULL",
        )?
        .execute(params![row.id, replaced, row.content_id])?;
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
