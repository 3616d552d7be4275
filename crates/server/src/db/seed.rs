//! Filling an empty database with a starting set of records (the synthetic demo data), fast: one transaction,
//! multi-row INSERTs.

use pathdesk_core::access::{record_scope, RecordFacts, Scope};
use pathdesk_core::record::Record;

use pathdesk_core::sync::Cursor;

use super::records::{insert_at, last_write_per_key, take_cursors};
use super::{places, Backend, Database};

/// Writes `records`, in order, if, and only if, nothing has ever been written to this database.
/// Returns how many records were written, or `None` when the database already had data.
///
/// The check and the writes are one transaction, and the check claims the cursors, so two server processes
/// starting together on one PostgreSQL database seed it once.
///
/// Sessions with seeded appointments get their clinic list (if the seed has none) and the appointments their
/// slot places, so booking counts the seeded patients.
pub async fn seed(database: &Database, records: Vec<Record>) -> sqlx::Result<Option<usize>> {
    let mut records = records;
    let lists = places::lists_for_seed(&records.iter().collect::<Vec<_>>());
    records.extend(lists);
    let records = last_write_per_key(&records);
    let mut transaction = database.begin_write().await?;
    // The claim: the counter moves off 0 once, in the one transaction that finds no record written (on PostgreSQL
    // writes take their places from a sequence, so the counter alone cannot say the database is empty). On SQLite the
    // claimed numbers are the records' places; PostgreSQL gives them from its sequence, as for any write.
    let claimed = sqlx::query(
        "UPDATE counters SET value = $1 WHERE name = 'change_cursor' AND value = 0 \
         AND NOT EXISTS (SELECT 1 FROM records) RETURNING value",
    )
    .bind(records.len() as i64)
    .fetch_optional(&mut *transaction)
    .await?;
    if claimed.is_none() {
        transaction.rollback().await?;
        return Ok(None);
    }
    let facts = RecordFacts::from_records(records.iter().copied());
    let scopes: Vec<Scope> = records.iter().map(|record| record_scope(record, &facts)).collect();
    let cursors = match database.backend() {
        Backend::Postgres => take_cursors(&mut transaction, records.len()).await?,
        Backend::Sqlite => (1..=records.len() as i64).map(|sequence| Cursor { transaction: 0, sequence }).collect(),
    };
    insert_at(&mut transaction, &records, &scopes, &cursors).await?;
    places::seed(&mut transaction, &records).await?;
    transaction.commit().await?;
    Ok(Some(records.len()))
}

/// True when nothing has ever been written (a cheap check before generating data to seed).
pub async fn is_empty(database: &Database) -> sqlx::Result<bool> {
    use sqlx::Row;
    let value: i64 = sqlx::query("SELECT value FROM counters WHERE name = 'change_cursor'")
        .fetch_one(database.pool())
        .await?
        .try_get("value")?;
    let any_record = sqlx::query("SELECT 1 AS one FROM records LIMIT 1").fetch_optional(database.pool()).await?;
    Ok(value == 0 && any_record.is_none())
}
