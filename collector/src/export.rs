//! The staff CSV export as a streamed response body.
//!
//! A blocking task reads the rows from SQLite one at a time (see [`Store::export_each`]),
//! writes them as CSV (see the `spreadsheet-csv` crate) into chunks of about [`CHUNK_BYTES`], and sends
//! the chunks through a bounded channel to the response body. The collector's memory use is
//! therefore the same for a thousand rows as for a million: at most a few chunks per
//! download. When the client stops reading, the channel fills up and the task waits (at most
//! a minute, then the download is cut off); when it goes away, the task stops.
//!
//! The handler calls [`csv_body`]: an `Err` means nothing has been sent yet, so it can still
//! answer 500; an `Ok` body goes straight into the response. The handler also limits how
//! many exports run at once (see [`crate::MAX_CONCURRENT_EXPORTS`]); its permit lives in the
//! body, so it is given back when the download ends or the client goes away.

use crate::store::{Store, StoreError, EXPORT_COLUMNS};
use axum::body::{Body, Bytes};
use feedback_protocol::StaffFilter;
use spreadsheet_csv as csv;
use std::time::Duration;
use tokio::runtime::Handle;
use tokio::sync::{mpsc, OwnedSemaphorePermit};

/// Size at which a chunk is handed to the response body.
pub const CHUNK_BYTES: usize = 64 * 1024;
/// Chunks that may wait for a slow client before the reader waits too.
const CHUNKS_IN_FLIGHT: usize = 4;
/// How long the reader waits for a client that takes nothing before giving up: the read keeps
/// a SQLite snapshot and a blocking thread, which a stalled download must not hold forever.
const STALL_LIMIT: Duration = Duration::from_secs(60);

/// What the reading task sends.
enum Piece {
    /// More of the file.
    Data(Bytes),
    /// The file is complete. Without it, a closed channel means the task died, and the body
    /// must end in an error rather than look complete.
    Done,
}

type Message = Result<Piece, StoreError>;

/// Starts the export and waits for its first chunk (the BOM, the header line and the first
/// rows). An error before that is returned, so the handler can still answer with a status;
/// an error after it ends the body with an error (the client sees a broken download, never
/// a file that only looks complete) and is logged.
///
/// `place` is kept until the body is finished or dropped. Once it is dropped, the reading
/// task stops at its next chunk, when it finds the channel closed.
pub async fn csv_body(
    store: &Store,
    filter: StaffFilter,
    place: OwnedSemaphorePermit,
) -> Result<Body, StoreError> {
    let (tx, mut rx) = mpsc::channel::<Message>(CHUNKS_IN_FLIGHT);
    let store = store.clone();
    let runtime = Handle::current();
    // Dropped handle: the task ends on its own, by finishing or when the body is dropped.
    tokio::task::spawn_blocking(move || write_csv(&store, &filter, &Sender { tx, runtime }));
    let first = match rx.recv().await {
        Some(Ok(Piece::Data(chunk))) => Some(chunk),
        Some(Ok(Piece::Done)) => None,
        Some(Err(e)) => return Err(e),
        None => return Err(StoreError("the export stopped before it began".into())),
    };
    // The state: the first chunk not yet sent, the channel (None once the body has ended).
    let state = (first, Some(rx));
    let stream = futures_util::stream::unfold(state, |(first, rx)| async move {
        if let Some(chunk) = first {
            return Some((Ok(chunk), (None, rx)));
        }
        let mut rx = rx?;
        match rx.recv().await {
            Some(Ok(Piece::Data(chunk))) => Some((Ok(chunk), (None, Some(rx)))),
            Some(Ok(Piece::Done)) => None,
            Some(Err(e)) => {
                tracing::error!(error = %e, "the CSV export failed part-way; the download is cut off");
                Some((Err(e), (None, None)))
            }
            None => {
                tracing::error!("the CSV export stopped part-way; the download is cut off");
                let e = StoreError("the export stopped part-way".into());
                Some((Err(e), (None, None)))
            }
        }
    });
    // The permit goes with the stream: dropped when the body is.
    let stream = futures_util::StreamExt::map(stream, move |chunk| {
        let _held = &place;
        chunk
    });
    Ok(Body::from_stream(stream))
}

/// The reading task's end of the channel.
struct Sender {
    tx: mpsc::Sender<Message>,
    runtime: Handle,
}

impl Sender {
    /// Sends, waiting at most [`STALL_LIMIT`] for room; `false` if the client has gone or
    /// stalled, and the export should stop.
    fn send(&self, message: Message) -> bool {
        let sent = self
            .runtime
            .block_on(tokio::time::timeout(STALL_LIMIT, self.tx.send(message)));
        match sent {
            Ok(Ok(())) => true,
            Ok(Err(_)) => false, // the body was dropped: the client went away
            Err(_) => {
                tracing::warn!(
                    stall_secs = STALL_LIMIT.as_secs(),
                    "the CSV export's client took nothing for too long; cutting it off"
                );
                false
            }
        }
    }
}

/// Reads every row and sends the file in chunks. Runs on the blocking pool.
fn write_csv(store: &Store, filter: &StaffFilter, tx: &Sender) {
    let fresh = || String::with_capacity(CHUNK_BYTES + 4096);
    let mut chunk = fresh();
    chunk.push_str(csv::BOM);
    csv::push_record(&mut chunk, EXPORT_COLUMNS);
    let mut client_gone = false;
    let read = store.export_each(filter, |row| {
        csv::push_record(&mut chunk, row.0.iter().map(String::as_str));
        if chunk.len() >= CHUNK_BYTES {
            let full = std::mem::replace(&mut chunk, fresh());
            if !tx.send(Ok(Piece::Data(Bytes::from(full)))) {
                client_gone = true;
                return false;
            }
        }
        true
    });
    if client_gone {
        return;
    }
    // A failed send only means the client has gone; there is nobody left to tell.
    match read {
        Ok(()) => {
            if chunk.is_empty() || tx.send(Ok(Piece::Data(Bytes::from(chunk)))) {
                tx.send(Ok(Piece::Done));
            }
        }
        Err(e) => {
            tx.send(Err(e));
        }
    }
}
