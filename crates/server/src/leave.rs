//! Consultants' leave on their own records. A booking reads the clinic's consultant to check their leave (the rule
//! is the core's, `command::booking`); leave recorded before consultants' records carried it is added to them
//! once, at start-up (`pathdesk_core::booking::consultants_missing_leave`), so every booking is checked against
//! all of it. Later leave is added by the "record leave" command itself.

use pathdesk_core::booking::{consultants_missing_leave, Leave};
use pathdesk_core::model::Consultant;
use pathdesk_core::record::{Record, RecordKind};

use crate::db::{records, Database};

/// The advisory lock key of this job ("pathdesk" and 4), so one process at a time runs it.
const JOB_KEY: i64 = 0x7061_7468_6465_0004;

/// Adds to each consultant's record the leave it lacks; returns how many consultants changed.
pub async fn keep_leave_on_consultants(database: &Database) -> sqlx::Result<usize> {
    Ok(database.once_across_processes(JOB_KEY, add_missing(database)).await?.unwrap_or(0))
}

async fn add_missing(database: &Database) -> sqlx::Result<usize> {
    let mut transaction = database.begin_write().await?;
    let leave: Vec<Leave> = records::load_kind(&mut transaction, RecordKind::Leave)
        .await?
        .into_iter()
        .filter_map(|record| match record {
            Record::Leave(leave) => Some(leave),
            _ => None,
        })
        .collect();
    if leave.is_empty() {
        return Ok(0);
    }
    // Read again under a write lock: a person recording leave meanwhile is not written over.
    let keys: Vec<_> =
        records::load_kind(&mut transaction, RecordKind::Consultant).await?.iter().map(Record::key).collect();
    let consultants: Vec<Consultant> = records::load_for_update(&mut transaction, &keys, &[], database.backend())
        .await?
        .into_values()
        .filter_map(|record| match record {
            Record::Consultant(consultant) => Some(consultant),
            _ => None,
        })
        .collect();
    let updated: Vec<Record> =
        consultants_missing_leave(&consultants, &leave).into_iter().map(Record::Consultant).collect();
    records::write(&mut transaction, &updated).await?;
    transaction.commit().await?;
    Ok(updated.len())
}
