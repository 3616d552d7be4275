//! One sync: push the outbox in order, then pull pages of changes, keeping "local = server + pending".

use std::collections::HashSet;

use futures_util::future::join;
use pathdesk_core::record::{Record, RecordKey};
use pathdesk_core::sync::{Cursor, Outcome, PullResponse, PushRequest, PushResponse};
use wasm_bindgen::JsValue;

use crate::desk::api::{self, ApiFailure};
use crate::desk::local;
use crate::desk::status::Download;
use crate::desk::store::outbox::{self, OutboxEntry};
use crate::desk::store::problems::{self, Problem};
use crate::desk::store::{meta, records, Store, StoreError};

/// Commands per push request.
pub const PUSH_BATCH: usize = 100;
/// Changes per pull page.
pub const PULL_LIMIT: u32 = 2000;

/// The server side of sync; the real one speaks HTTP, tests use their own.
#[allow(async_fn_in_trait)] // used on the browser's single thread only: no Send bound wanted
pub trait SyncServer {
    async fn push(&self, request: &PushRequest) -> Result<PushResponse, ApiFailure>;
    /// `count`: also say how many changes are waiting after `cursor` (asked on a sync's first page).
    async fn pull(&self, cursor: Cursor, limit: u32, count: bool) -> Result<PullResponse, ApiFailure>;
}

/// Our server over HTTP, for the device `client_id` (pulls name it, so the server can check it is this user's).
pub struct HttpServer {
    pub client_id: String,
}

impl SyncServer for HttpServer {
    async fn push(&self, request: &PushRequest) -> Result<PushResponse, ApiFailure> {
        api::ensure_csrf_token().await?;
        api::push(request).await
    }
    async fn pull(&self, cursor: Cursor, limit: u32, count: bool) -> Result<PullResponse, ApiFailure> {
        api::pull(&self.client_id, cursor, limit, count).await
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SyncError {
    #[error("{0}")]
    Api(#[from] ApiFailure),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("The server did not answer for the changes sent (first waiting: {0}). Pathdesk will try again.")]
    NoProgress(u64),
}

impl SyncError {
    pub fn is_transient(&self) -> bool {
        match self {
            SyncError::Api(failure) => failure.is_transient(),
            SyncError::Store(_) | SyncError::NoProgress(_) => true,
        }
    }
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub applied: usize,
    pub refused: usize,
    pub pulled: usize,
    /// The server's database is not the one this device last synced with (it was restored from a backup): what
    /// the device held from the other was forgotten and everything downloaded again.
    pub started_again: bool,
}

/// What became of a pulled page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pulled {
    Stored,
    /// It came from another database than the one this device synced with: nothing was stored from it, the
    /// device's records were forgotten (its outbox and problems kept) and the next pull starts from the beginning.
    FromAnotherDatabase,
}

/// Push everything waiting, then pull everything new. Stops at the first failure; what was stored stays.
pub async fn sync_once(store: &Store, server: &impl SyncServer, now_iso: &str) -> Result<SyncReport, SyncError> {
    sync_once_telling(store, server, now_iso, &|_| {}).await
}

/// [`sync_once`], telling `progress` how far the download has got after each page stored, when there is more
/// than one page to download (a first sign-in, or a desk that was off for days).
pub async fn sync_once_telling(
    store: &Store,
    server: &impl SyncServer,
    now_iso: &str,
    progress: &dyn Fn(Download),
) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport::default();
    let client_id = meta::client_id(store).await?;
    loop {
        let waiting = outbox::all(store).await?;
        if waiting.is_empty() {
            break;
        }
        let batch: Vec<_> = waiting.iter().take(PUSH_BATCH).map(|e| e.envelope.clone()).collect();
        let response = server.push(&PushRequest { client_id: client_id.clone(), commands: batch }).await?;
        let (applied, refused) = store_push_results(store, &response, now_iso).await?;
        if applied + refused == 0 {
            return Err(SyncError::NoProgress(waiting[0].seq));
        }
        report.applied += applied;
        report.refused += refused;
    }
    // How many changes were waiting when the download began: asked for on its first page.
    let mut waiting: Option<u64> = None;
    // The next page, asked for while this one was being stored (with the cursor it was asked from).
    let mut fetched: Option<(Cursor, Result<PullResponse, ApiFailure>)> = None;
    loop {
        let cursor = {
            let tx = store.tx(&[crate::desk::store::schema::META], false)?;
            let cursor = meta::pull_cursor_in(&tx).await?;
            tx.finish().await?;
            cursor
        };
        let page = match fetched.take() {
            Some((asked_from, Ok(page))) if asked_from == cursor => page,
            _ => server.pull(cursor, PULL_LIMIT, waiting.is_none()).await?,
        };
        // While the browser writes this page, the server is asked for the next: a first sync of a large trust is
        // mostly these two waits, which then overlap.
        let more = page.has_more && page.next_cursor != cursor;
        let stored = if more {
            // The request goes first, so the server works while this page's records are written.
            let (next, stored) =
                join(server.pull(page.next_cursor, PULL_LIMIT, false), store_pulled_page(store, &page)).await;
            fetched = Some((page.next_cursor, next));
            stored?
        } else {
            store_pulled_page(store, &page).await?
        };
        if stored == Pulled::FromAnotherDatabase {
            // Restored from a backup since this device last synced: start again from the beginning.
            report.pulled = 0;
            report.started_again = true;
            waiting = None;
            fetched = None;
            meta::set_string(store, meta::DOWNLOADED_AGAIN_AT, now_iso).await?;
            continue;
        }
        if waiting.is_none() {
            waiting = Some(page.waiting.unwrap_or(0));
        }
        report.pulled += page.changes.len();
        // Changes made while downloading can take the count past what was waiting at the start.
        let of = waiting.unwrap_or(0).max(report.pulled as u64);
        if of > u64::from(PULL_LIMIT) {
            progress(Download { done: report.pulled as u64, of });
        }
        if !more {
            break;
        }
    }
    meta::set_string(store, meta::LAST_SYNC, now_iso).await?;
    Ok(report)
}

/// Store the server's answers in one transaction: applied commands leave the outbox; refused ones become
/// problems (kept whole, with the reason), their changes here are undone, and later pending commands on the
/// same records are applied again on top. Returns (applied, refused).
pub async fn store_push_results(
    store: &Store,
    response: &PushResponse,
    now_iso: &str,
) -> Result<(usize, usize), StoreError> {
    let tx = store.tx(&Store::all_store_names(), true)?;
    let mut pending = outbox::all_in(&tx).await?;
    let (mut applied, mut refused) = (0, 0);
    let mut restored: HashSet<RecordKey> = HashSet::new();
    for result in &response.results {
        let Some(position) = pending.iter().position(|e| e.seq == result.seq && e.envelope.id == result.id) else {
            continue; // an answer for something already dealt with (a repeat)
        };
        let entry = pending.remove(position);
        outbox::remove_in(&tx, entry.seq)?;
        let task_id = entry.envelope.command.task_changed();
        match &result.outcome {
            Outcome::Applied => applied += 1,
            Outcome::Merged => {
                applied += 1;
                if let Some(task_id) = task_id {
                    meta::set_task_merged_in(&tx, task_id, true).await?;
                }
            }
            Outcome::Rejected { rejection } => {
                refused += 1;
                undo_in(&tx, &entry, &mut restored)?;
                problems::add_in(
                    &tx,
                    &Problem {
                        id: entry.envelope.id.clone(),
                        envelope: entry.envelope.clone(),
                        rejection: rejection.clone(),
                        noticed_at: now_iso.to_string(),
                    },
                )?;
            }
        }
    }
    if !restored.is_empty() {
        local::replay_pending_in(&tx, &mut pending, restored).await?;
    }
    tx.commit().await?;
    Ok((applied, refused))
}

fn undo_in(
    tx: &crate::desk::store::idb::Tx,
    entry: &OutboxEntry,
    restored: &mut HashSet<RecordKey>,
) -> Result<(), StoreError> {
    for image in &entry.before {
        match &image.record {
            Some(record) => records::put_in(tx, record)?,
            None => records::delete_in(tx, &image.key)?,
        }
        restored.insert(image.key.clone());
    }
    Ok(())
}

/// Store one pulled page, its cursor and the replay of pending commands over it, in one transaction.
pub async fn store_pulled_page(store: &Store, page: &PullResponse) -> Result<Pulled, StoreError> {
    let tx = store.tx_for_pulled(&Store::all_store_names())?;
    if !page.database_id.is_empty() {
        let known = meta::string_in(&tx, meta::DATABASE_ID).await?.unwrap_or_default();
        if known != page.database_id {
            meta::set_in(&tx, meta::DATABASE_ID, &JsValue::from_str(&page.database_id))?;
            if !known.is_empty() {
                records::clear_all_in(&tx)?;
                meta::set_pull_cursor_in(&tx, Cursor::START)?;
                tx.commit().await?;
                return Ok(Pulled::FromAnotherDatabase);
            }
        }
    }
    let mut changed = HashSet::new();
    let mut latest_seen = None;
    for change in &page.changes {
        records::put_in(&tx, &change.record)?;
        changed.insert(Record::key(&change.record));
        if let Record::Task(task) = &change.record {
            latest_seen = latest_seen.max(task.stamps.latest_hlc());
        }
    }
    // The task clock moves past every stamp pulled, not only past tasks edited here: an edit made after seeing
    // another desk's change must always win over it.
    if let Some(seen) = latest_seen {
        meta::receive_task_stamp_in(&tx, seen, js_sys::Date::now() as u64).await?;
    }
    meta::set_pull_cursor_in(&tx, page.next_cursor)?;
    if !changed.is_empty() {
        let mut pending = outbox::all_in(&tx).await?;
        local::replay_pending_in(&tx, &mut pending, changed).await?;
    }
    tx.commit().await?;
    Ok(Pulled::Stored)
}
