//! Doing a command on this device: read what it needs, let the core apply it, then store the result and the
//! outbox entry in ONE transaction. Also the replay that keeps "local = server + pending" after a sync.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use pathdesk_core::command::{Command, CommandContext, Rejection};
use pathdesk_core::record::{Record, RecordKey};
use pathdesk_core::sync::CommandEnvelope;
use pathdesk_core::tasks::field::FieldStamp;
use pathdesk_core::tasks::hlc::Hlc;
use pathdesk_core::tasks::Task;

use crate::desk::clock;
use crate::desk::store::outbox::{self, BeforeImage, OutboxEntry};
use crate::desk::store::{meta, records, Store, StoreError};

/// Why a command was not saved on this device.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LocalError {
    /// The command does not apply: the message is for the person, next to the form.
    #[error("{0}")]
    Rejected(Rejection),
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// Who acts when no name has been set in Settings.
pub const UNNAMED_AUTHOR: &str = "Unnamed user";

/// The author to sign commands with: the name set in Settings, or a placeholder that says it is missing.
pub fn author_or_placeholder(display_name: &str) -> String {
    let name = display_name.trim();
    if name.is_empty() {
        UNNAMED_AUTHOR.to_string()
    } else {
        name.to_string()
    }
}

/// The before-images of `written`: each record as it was in `records` (absent from them: it did not exist).
fn before_images(written: &[Record], records: &HashMap<RecordKey, Record>) -> Vec<BeforeImage> {
    written
        .iter()
        .map(|record| {
            let key = record.key();
            BeforeImage { record: records.get(&key).cloned(), key }
        })
        .collect()
}

/// Apply `command` to `records` and say what it would write and what those records were before.
/// Keys it writes that were not among `records` were absent (`before` = `None`).
pub fn plan(
    command: &Command,
    ctx: &CommandContext,
    records: &HashMap<RecordKey, Record>,
) -> Result<(Vec<Record>, Vec<BeforeImage>), Rejection> {
    let written = command.apply(ctx, records)?;
    let before = before_images(&written, records);
    Ok((written, before))
}

async fn load_in(
    tx: &crate::desk::store::idb::Tx,
    keys: impl IntoIterator<Item = RecordKey>,
) -> Result<HashMap<RecordKey, Record>, StoreError> {
    let mut loaded = HashMap::new();
    for key in keys {
        if let Some(record) = records::get_in(tx, &key).await? {
            loaded.insert(key, record);
        }
    }
    Ok(loaded)
}

/// Do `command` on this device today: store its records and its outbox entry together, or nothing.
pub async fn do_command(store: &Store, command: Command, today: NaiveDate) -> Result<OutboxEntry, LocalError> {
    let tx = store.tx(&Store::all_store_names(), true)?;
    let author = author_or_placeholder(&meta::string_in(&tx, meta::DISPLAY_NAME).await?.unwrap_or_default());
    let seq = meta::next_seq_in(&tx).await?;
    let mut loaded = load_in(&tx, command.reads()).await?;
    let ctx = CommandContext { today, author: author.clone() };
    // Applied once, on what it reads, as the server will apply it.
    let written = command.apply(&ctx, &loaded).map_err(LocalError::Rejected)?;
    // Too long, too many, a date beyond reason: refused here with the reason, as the server would (after the rules,
    // whose messages name the field as the form does).
    command.check_limits().map_err(LocalError::Rejected)?;
    // Records it writes without having read them: fetched only so that their before-images are true.
    let unread: Vec<RecordKey> = written.iter().map(Record::key).filter(|k| !loaded.contains_key(k)).collect();
    loaded.extend(load_in(&tx, unread).await?);
    let before = before_images(&written, &loaded);

    let envelope = CommandEnvelope { id: uuid::Uuid::new_v4().to_string(), seq, issued_on: today, author, command };
    let entry = OutboxEntry { seq, envelope, touched: written.iter().map(Record::key).collect(), before };
    for record in &written {
        records::put_in(&tx, record)?;
    }
    outbox::append_in(&tx, &entry)?;
    meta::set_in(&tx, meta::NEXT_SEQ, &wasm_bindgen::JsValue::from_f64((seq + 1) as f64))?;
    // A new change to a task here supersedes the "merged" note about an earlier one.
    if let Some(task_id) = entry.envelope.command.task_changed() {
        meta::set_task_merged_in(&tx, task_id, false).await?;
    }
    tx.commit().await?;
    Ok(entry)
}

/// After records in `changed` were replaced (by a pulled page, or by restoring a refused command's
/// before-images), apply the still-pending outbox commands that read or wrote them again, in order, so this
/// device shows server + pending. Each replayed entry's before-images are renewed to the records it now
/// changes. A command that no longer applies here stays in the outbox: the server has the last word.
pub async fn replay_pending_in(
    tx: &crate::desk::store::idb::Tx,
    pending: &mut [OutboxEntry],
    changed: HashSet<RecordKey>,
) -> Result<(), StoreError> {
    let mut dirty = changed;
    for entry in pending.iter_mut() {
        let reads = entry.envelope.command.reads();
        let affected = reads.iter().chain(entry.touched.iter()).any(|key| dirty.contains(key));
        if !affected {
            continue;
        }
        let mut loaded = load_in(tx, reads.into_iter().chain(entry.touched.iter().cloned())).await?;
        let ctx = CommandContext { today: entry.envelope.issued_on, author: entry.envelope.author.clone() };
        match entry.envelope.command.apply(&ctx, &loaded) {
            Ok(written) => {
                let unread: Vec<RecordKey> =
                    written.iter().map(Record::key).filter(|k| !loaded.contains_key(k)).collect();
                loaded.extend(load_in(tx, unread).await?);
                let before = before_images(&written, &loaded);
                for record in &written {
                    records::put_in(tx, record)?;
                    dirty.insert(record.key());
                }
                entry.touched = written.iter().map(Record::key).collect();
                entry.before = before;
            }
            Err(_) => {
                // Not applied here any more: its earlier effects are already gone, so there is nothing to undo.
                entry.before = entry
                    .touched
                    .iter()
                    .map(|key| BeforeImage { key: key.clone(), record: loaded.get(key).cloned() })
                    .collect();
            }
        }
        outbox::append_in(tx, entry)?;
    }
    Ok(())
}

/// The stamp for an edit of `task` (or a new task) on this device: the device's clock, moved past the task's own
/// latest stamp so the edit is ordered after everything this device has seen of it, then kept.
pub async fn stamp_task_edit(store: &Store, task: Option<&Task>) -> Result<FieldStamp, StoreError> {
    let node = meta::client_id(store).await?;
    let clock = meta::string(store, meta::TASK_CLOCK)
        .await?
        .and_then(|text| text.parse::<Hlc>().ok())
        .unwrap_or_else(|| Hlc::start(node));
    let now_ms = js_sys::Date::now() as u64;
    let next = match task.and_then(|task| task.stamps.latest_hlc()) {
        Some(seen) => clock.receive(seen, now_ms),
        None => clock.tick(now_ms),
    };
    meta::set_string(store, meta::TASK_CLOCK, &next.to_string()).await?;
    let author = author_or_placeholder(&meta::display_name(store).await?);
    Ok(FieldStamp::new(next, author, clock::today()))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use chrono::NaiveDate;
    use pathdesk_core::command::{Command, CommandContext, CompleteTask};
    use pathdesk_core::record::{Record, RecordKey, RecordKind};
    use pathdesk_core::tasks::{Task, TaskKind, TaskStatus};

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn task(id: &str, title: &str, due: NaiveDate, status: TaskStatus) -> Task {
        Task { status, ..Task::new_open(id, TaskKind::ClinicLetter, title, "Medical secretaries", due) }
    }

    #[test]
    fn planning_a_command_keeps_what_it_replaces() {
        let ctx = CommandContext { today: date(2026, 11, 21), author: "Jo".into() };
        let open = task("task-1", "Type letter", date(2026, 11, 20), TaskStatus::Open);
        let mut records = HashMap::new();
        records.insert(RecordKey::new(RecordKind::Task, "task-1"), Record::Task(open.clone()));
        let (written, before) = plan(
            &Command::CompleteTask(CompleteTask { task_id: "task-1".into(), note: None, stamp: None }),
            &ctx,
            &records,
        )
        .unwrap();
        assert!(matches!(&written[0], Record::Task(t) if t.status == TaskStatus::Done));
        assert_eq!(before[0].record, Some(Record::Task(open)));
        let refused = plan(
            &Command::CompleteTask(CompleteTask { task_id: "nope".into(), note: None, stamp: None }),
            &ctx,
            &records,
        );
        assert!(refused.is_err());
        assert_eq!(author_or_placeholder("  "), UNNAMED_AUTHOR);
        assert_eq!(author_or_placeholder(" Jo Booking "), "Jo Booking");
    }
}
