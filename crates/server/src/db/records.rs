//! The record table: each record's JSON and its cursor, the place of its latest change in the change feed.
//!
//! Every write takes fresh cursors from the `change_cursor` counter inside its own transaction. The counter row
//! stays locked until commit, so transactions commit in cursor order: once a reader sees cursor N, every change
//! below N is already visible. That makes "changes after my cursor" complete, even with several server processes
//! on one PostgreSQL database.

use std::collections::{HashMap, HashSet};

use pathdesk_core::record::{Record, RecordKey};
use pathdesk_core::sync::Change;
use sqlx::{AnyConnection, Row};

use super::Backend;

/// Rows per multi-row INSERT: 4 values each, well under SQLite's and PostgreSQL's bind parameter limits.
const ROWS_PER_INSERT: usize = 500;

/// Loads the records with these keys; keys with no record are simply absent from the map.
pub async fn load(connection: &mut AnyConnection, keys: &[RecordKey]) -> sqlx::Result<HashMap<RecordKey, Record>> {
    load_with(connection, keys.iter().cloned(), "SELECT data FROM records WHERE kind = $1 AND id = $2").await
}

async fn load_with(
    connection: &mut AnyConnection,
    keys: impl IntoIterator<Item = RecordKey>,
    sql: &str,
) -> sqlx::Result<HashMap<RecordKey, Record>> {
    let mut found = HashMap::new();
    for key in keys {
        let row =
            sqlx::query(sql).bind(key.kind.as_str()).bind(key.id.as_str()).fetch_optional(&mut *connection).await?;
        if let Some(row) = row {
            found.insert(key, decode_record(&row.try_get::<String, _>("data")?)?);
        }
    }
    Ok(found)
}

/// Loads the records with these keys for a command that will write, holding them until the transaction ends.
/// On PostgreSQL each row is locked (`FOR UPDATE`, keys in one fixed order so two commands never wait on each
/// other in a circle): a second command on the same records waits, then reads what the first wrote, instead of
/// overwriting it. SQLite needs no lock: its writers already take turns (`BEGIN IMMEDIATE`).
pub async fn load_for_update(
    connection: &mut AnyConnection,
    keys: &[RecordKey],
    backend: Backend,
) -> sqlx::Result<HashMap<RecordKey, Record>> {
    if backend == Backend::Sqlite {
        return load(connection, keys).await;
    }
    let mut sorted = keys.to_vec();
    sorted.sort();
    sorted.dedup();
    load_with(connection, sorted, "SELECT data FROM records WHERE kind = $1 AND id = $2 FOR UPDATE").await
}

/// Writes `records` (inserting or replacing), each at a new cursor, in the order given. Returns the cursors.
pub async fn write(connection: &mut AnyConnection, records: &[Record]) -> sqlx::Result<Vec<i64>> {
    let records = last_write_per_key(records);
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let last = advance_cursor(connection, records.len() as i64).await?;
    let first = last - records.len() as i64 + 1;
    let cursors: Vec<i64> = (first..=last).collect();
    insert_at(connection, &records, first).await?;
    Ok(cursors)
}

/// Moves the change cursor on by `count` and returns its new value (the last cursor now taken).
async fn advance_cursor(connection: &mut AnyConnection, count: i64) -> sqlx::Result<i64> {
    let row = sqlx::query("UPDATE counters SET value = value + $1 WHERE name = 'change_cursor' RETURNING value")
        .bind(count)
        .fetch_one(&mut *connection)
        .await?;
    row.try_get::<i64, _>("value")
}

/// Inserts (or replaces) the records at cursors `first_cursor`, `first_cursor + 1`, ... in batches.
pub(super) async fn insert_at(
    connection: &mut AnyConnection,
    records: &[&Record],
    first_cursor: i64,
) -> sqlx::Result<()> {
    let mut cursor = first_cursor;
    for batch in records.chunks(ROWS_PER_INSERT) {
        let mut sql = String::with_capacity(64 + batch.len() * 24);
        sql.push_str("INSERT INTO records (kind, id, data, cursor) VALUES ");
        for row in 0..batch.len() {
            let p = row * 4;
            if row > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("(${},${},${},${})", p + 1, p + 2, p + 3, p + 4));
        }
        sql.push_str(" ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data, cursor = excluded.cursor");
        let mut query = sqlx::query(&sql);
        for record in batch {
            let data = serde_json::to_string(record).map_err(|error| sqlx::Error::Encode(Box::new(error)))?;
            query = query.bind(record.kind().as_str()).bind(record.id().to_string()).bind(data).bind(cursor);
            cursor += 1;
        }
        query.execute(&mut *connection).await?;
    }
    Ok(())
}

/// A record written twice in one go keeps only its last version (one row may change once per statement).
pub fn last_write_per_key(records: &[Record]) -> Vec<&Record> {
    let mut seen = HashSet::with_capacity(records.len());
    let mut kept: Vec<&Record> = records.iter().rev().filter(|record| seen.insert(record.key())).collect();
    kept.reverse();
    kept
}

/// Up to `limit` changes with a cursor after `after`, in cursor order, and whether more are waiting.
pub async fn changes_after(
    connection: &mut AnyConnection,
    after: i64,
    limit: u32,
) -> sqlx::Result<(Vec<Change>, bool)> {
    let rows = sqlx::query("SELECT cursor, data FROM records WHERE cursor > $1 ORDER BY cursor LIMIT $2")
        .bind(after)
        .bind(i64::from(limit) + 1)
        .fetch_all(&mut *connection)
        .await?;
    let has_more = rows.len() > limit as usize;
    let changes = rows
        .iter()
        .take(limit as usize)
        .map(|row| {
            Ok(Change {
                cursor: row.try_get::<i64, _>("cursor")?,
                record: decode_record(&row.try_get::<String, _>("data")?)?,
            })
        })
        .collect::<sqlx::Result<Vec<Change>>>()?;
    Ok((changes, has_more))
}

/// Every record of one kind (for the server's own periodic checks, not for requests).
pub async fn load_kind(
    connection: &mut AnyConnection,
    kind: pathdesk_core::record::RecordKind,
) -> sqlx::Result<Vec<Record>> {
    sqlx::query("SELECT data FROM records WHERE kind = $1")
        .bind(kind.as_str())
        .fetch_all(&mut *connection)
        .await?
        .iter()
        .map(|row| decode_record(&row.try_get::<String, _>("data")?))
        .collect()
}

/// How many records the server holds.
pub async fn count(connection: &mut AnyConnection) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) AS n FROM records").fetch_one(&mut *connection).await?.try_get::<i64, _>("n")
}

fn decode_record(data: &str) -> sqlx::Result<Record> {
    serde_json::from_str(data).map_err(|error| sqlx::Error::Decode(Box::new(error)))
}
