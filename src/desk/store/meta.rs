//! Small settings kept on this device: its client id, the next command sequence number, the pull cursor, the
//! last successful sync and the person's name.

use pathdesk_core::sync::Cursor;
use wasm_bindgen::JsValue;

use super::idb::{self, Tx};
use super::{schema, Store, StoreError};

pub const CLIENT_ID: &str = "client_id";
pub const NEXT_SEQ: &str = "next_seq";
pub const PULL_CURSOR: &str = "pull_cursor";
/// Who work can be given to, as the server last said (`pathdesk_core::access::Directory` as JSON).
pub const PEOPLE: &str = "people";
pub const LAST_SYNC: &str = "last_sync";
pub const DISPLAY_NAME: &str = "display_name";
/// Warn on the pathway page when an RTT clock breaches within this many weeks (default 3).
pub const RTT_WARNING_WEEKS: &str = "rtt_warning_weeks";
/// Warn on the pathway page when a cancer deadline is within this many days (default 7).
pub const CANCER_WARNING_DAYS: &str = "cancer_warning_days";
/// This device's hybrid logical clock for task edits (`Hlc` as text), advanced past every task it edits.
pub const TASK_CLOCK: &str = "task_clock";
/// Tasks whose change from this device the server merged with a later one made elsewhere (JSON list of ids),
/// so the task's page can say so until the person next changes that task here (`local::do_command` clears it).
pub const MERGED_TASKS: &str = "merged_tasks";
/// The id of the server database this device last synced with (see `sync::client::store_pulled_page`).
pub const DATABASE_ID: &str = "database_id";
/// When this device last found the server restored from a backup and downloaded everything again (ISO 8601), until
/// a person has read the notice on Problems; empty when there is nothing to tell.
pub const DOWNLOADED_AGAIN_AT: &str = "downloaded_again_at";

async fn get_in(tx: &Tx, key: &str) -> Result<JsValue, StoreError> {
    let store = tx.store(schema::META)?;
    idb::request(store.get(&JsValue::from_str(key)).map_err(|e| StoreError::Request(idb::js_message(&e)))?).await
}

pub async fn string_in(tx: &Tx, key: &str) -> Result<Option<String>, StoreError> {
    Ok(get_in(tx, key).await?.as_string())
}

pub async fn number_in(tx: &Tx, key: &str) -> Result<Option<f64>, StoreError> {
    Ok(get_in(tx, key).await?.as_f64())
}

pub fn set_in(tx: &Tx, key: &str, value: &JsValue) -> Result<(), StoreError> {
    idb::put_with_key(&tx.store(schema::META)?, key, value)?;
    Ok(())
}

/// The next outbox sequence number (starts at 1).
pub async fn next_seq_in(tx: &Tx) -> Result<u64, StoreError> {
    Ok(number_in(tx, NEXT_SEQ).await?.map(|n| n as u64).unwrap_or(1))
}

/// Where this desk's next pull starts: the cursor the server last gave, kept as its text. A desk that synced with an
/// earlier release kept a number, which is still a cursor the server reads.
pub async fn pull_cursor_in(tx: &Tx) -> Result<Cursor, StoreError> {
    let kept = get_in(tx, PULL_CURSOR).await?;
    let cursor = match (kept.as_string(), kept.as_f64()) {
        (Some(text), _) => text.parse().ok(),
        (None, Some(number)) if number >= 0.0 => Some(Cursor { transaction: 0, sequence: number as i64 }),
        _ => None,
    };
    // Nothing kept (a new desk), or something unreadable: download from the start; the outbox is kept apart.
    Ok(cursor.unwrap_or(Cursor::START))
}

pub fn set_pull_cursor_in(tx: &Tx, cursor: Cursor) -> Result<(), StoreError> {
    set_in(tx, PULL_CURSOR, &JsValue::from_str(&cursor.to_string()))
}

/// This device's client id: made once (a UUID) and kept.
pub async fn client_id(store: &Store) -> Result<String, StoreError> {
    let tx = store.tx(&[schema::META], true)?;
    let id = match string_in(&tx, CLIENT_ID).await? {
        Some(id) => id,
        None => {
            let id = uuid::Uuid::new_v4().to_string();
            set_in(&tx, CLIENT_ID, &JsValue::from_str(&id))?;
            id
        }
    };
    tx.commit().await?;
    Ok(id)
}

pub async fn string(store: &Store, key: &str) -> Result<Option<String>, StoreError> {
    let tx = store.tx(&[schema::META], false)?;
    let value = string_in(&tx, key).await?;
    tx.finish().await?;
    Ok(value)
}

pub async fn set_string(store: &Store, key: &str, value: &str) -> Result<(), StoreError> {
    let tx = store.tx(&[schema::META], true)?;
    set_in(&tx, key, &JsValue::from_str(value))?;
    tx.commit().await
}

/// The name commands are signed with; empty until the person sets it in Settings.
pub async fn display_name(store: &Store) -> Result<String, StoreError> {
    Ok(string(store, DISPLAY_NAME).await?.unwrap_or_default())
}

/// The ids of tasks with a merged change from this device (see [`MERGED_TASKS`]).
pub async fn merged_tasks_in(tx: &Tx) -> Result<Vec<String>, StoreError> {
    Ok(string_in(tx, MERGED_TASKS).await?.and_then(|text| serde_json::from_str(&text).ok()).unwrap_or_default())
}

pub async fn merged_tasks(store: &Store) -> Result<Vec<String>, StoreError> {
    let tx = store.tx(&[schema::META], false)?;
    let ids = merged_tasks_in(&tx).await?;
    tx.finish().await?;
    Ok(ids)
}

/// Marks (or, `merged` false, unmarks) a task as having a merged change from this device.
pub async fn set_task_merged_in(tx: &Tx, task_id: &str, merged: bool) -> Result<(), StoreError> {
    let mut ids = merged_tasks_in(tx).await?;
    let had = ids.iter().any(|id| id == task_id);
    if had == merged {
        return Ok(());
    }
    if merged {
        ids.push(task_id.to_string());
    } else {
        ids.retain(|id| id != task_id);
    }
    tx.wrote(schema::META);
    set_in(tx, MERGED_TASKS, &JsValue::from_str(&serde_json::to_string(&ids).unwrap_or_default()))
}

/// Moves this device's task clock past `seen` (the latest stamp on a task just pulled), so any edit made here
/// afterwards is ordered after what was seen, even if this device's own clock is behind.
pub async fn receive_task_stamp_in(
    tx: &Tx,
    seen: &pathdesk_core::tasks::hlc::Hlc,
    now_ms: u64,
) -> Result<(), StoreError> {
    use pathdesk_core::tasks::hlc::Hlc;
    let clock = match string_in(tx, TASK_CLOCK).await?.and_then(|text| text.parse::<Hlc>().ok()) {
        Some(clock) => clock,
        None => match string_in(tx, CLIENT_ID).await? {
            Some(node) => Hlc::start(node),
            // No client id yet: this device has never edited a task; its first edit will receive the task.
            None => return Ok(()),
        },
    };
    set_in(tx, TASK_CLOCK, &JsValue::from_str(&clock.receive(seen, now_ms).to_string()))
}
