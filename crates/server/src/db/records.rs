//! The record table: each record's JSON and its cursor, the place of its latest change in the change feed.
//!
//! Every write takes fresh cursors from the `change_cursor` counter inside its own transaction. The counter row
//! stays locked until commit, so transactions commit in cursor order: once a reader sees cursor N, every change
//! below N is already visible. That makes "changes after my cursor" complete, even with several server processes
//! on one PostgreSQL database.

use std::collections::{HashMap, HashSet};

use pathdesk_core::access::{record_scope, scope_depends_on, scope_patient, RecordFacts, Scope, ServiceFacts};
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
/// On PostgreSQL each row is locked, keys in one fixed order so two commands never wait on each other in a circle:
/// `FOR UPDATE` for those it may write (a second command on the same records waits, then reads what the first
/// wrote, instead of overwriting it), `FOR SHARE` for those in `only_read` (commands that only read a record do not
/// queue behind one another). SQLite needs no lock: its writers already take turns (`BEGIN IMMEDIATE`).
pub async fn load_for_update(
    connection: &mut AnyConnection,
    keys: &[RecordKey],
    only_read: &[RecordKey],
    backend: Backend,
) -> sqlx::Result<HashMap<RecordKey, Record>> {
    if backend == Backend::Sqlite {
        return load(connection, keys).await;
    }
    let mut sorted = keys.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut found = HashMap::new();
    for key in sorted {
        let lock = if only_read.contains(&key) { "FOR SHARE" } else { "FOR UPDATE" };
        let query = format!("SELECT data FROM records WHERE kind = $1 AND id = $2 {lock}");
        found.extend(load_with(connection, vec![key], &query).await?);
    }
    Ok(found)
}

/// The PostgreSQL advisory lock [`write_absent`] takes ("pathdesk" and 1).
const WRITE_ABSENT_LOCK: i64 = 0x7061_7468_6465_0001;

/// Writes those of `records` whose keys are still absent, in one write transaction (a person, or another server
/// process, may have written some since they were worked out); returns how many were written. For the records
/// the server makes itself from a rule (validation tasks, clinics ahead), whose ids come from the rule.
pub async fn write_absent(database: &super::Database, records: Vec<Record>) -> sqlx::Result<usize> {
    if records.is_empty() {
        return Ok(0);
    }
    let mut transaction = database.begin_write().await?;
    // Server processes on one PostgreSQL take turns here: the second waits for the first to commit and then finds
    // its records present, instead of writing them over again (a row lock cannot guard rows that do not exist yet).
    // SQLite's writers take turns already.
    if database.backend() == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(WRITE_ABSENT_LOCK).execute(&mut *transaction).await?;
    }
    let keys: Vec<RecordKey> = records.iter().map(Record::key).collect();
    let present = load_for_update(&mut transaction, &keys, &[], database.backend()).await?;
    let new: Vec<Record> = records.into_iter().filter(|record| !present.contains_key(&record.key())).collect();
    write(&mut transaction, &new).await?;
    transaction.commit().await?;
    Ok(new.len())
}

/// Writes `records` (inserting or replacing), each at a new cursor, in the order given, with the services each
/// belongs to. When a patient's services grow (a pathway or appointment in another service), the patient, their
/// notes and tasks are written again at new cursors, so people in that service pull them even if their cursor
/// is already past them. Returns the cursors.
pub async fn write(connection: &mut AnyConnection, records: &[Record]) -> sqlx::Result<Vec<i64>> {
    let mut batch: Vec<Record> = last_write_per_key(records).into_iter().cloned().collect();
    if batch.is_empty() {
        return Ok(Vec::new());
    }
    let mut facts = load_facts(connection, &batch).await?;
    let followers = followers_of_grown_patients(connection, &batch, &facts).await?;
    if !followers.is_empty() {
        batch.extend(followers);
        facts = load_facts(connection, &batch).await?;
    }
    let scopes: Vec<Scope> = batch.iter().map(|record| record_scope(record, &facts)).collect();
    let refs: Vec<&Record> = batch.iter().collect();
    let last = advance_cursor(connection, refs.len() as i64).await?;
    let first = last - refs.len() as i64 + 1;
    let cursors: Vec<i64> = (first..=last).collect();
    insert_at(connection, &refs, &scopes, first).await?;
    Ok(cursors)
}

/// The services each record would belong to if written now (with what the database holds).
pub async fn scopes_of(connection: &mut AnyConnection, records: &[Record]) -> sqlx::Result<Vec<Scope>> {
    let facts = load_facts(connection, records).await?;
    Ok(records.iter().map(|record| record_scope(record, &facts)).collect())
}

/// The stored services of the records with these keys that exist.
pub async fn stored_scopes(
    connection: &mut AnyConnection,
    keys: &[RecordKey],
) -> sqlx::Result<HashMap<RecordKey, Scope>> {
    let mut found = HashMap::new();
    for key in keys {
        let row = sqlx::query("SELECT services FROM records WHERE kind = $1 AND id = $2")
            .bind(key.kind.as_str())
            .bind(key.id.as_str())
            .fetch_optional(&mut *connection)
            .await?;
        if let Some(row) = row {
            let services: Option<String> = row.try_get("services")?;
            found.insert(key.clone(), services.map_or(Scope::Services(Default::default()), |s| Scope::decode(&s)));
        }
    }
    Ok(found)
}

/// What deciding the batch's scopes needs: the sessions, consultants and pathways it names, and the pathways and
/// appointments of its patients (with their sessions), from the database; the batch's own records win.
async fn load_facts(connection: &mut AnyConnection, batch: &[Record]) -> sqlx::Result<RecordFacts> {
    let in_batch: HashSet<RecordKey> = batch.iter().map(Record::key).collect();
    let mut patients: HashSet<String> = HashSet::new();
    for record in batch {
        patients.extend(scope_patient(record).map(str::to_string));
        if matches!(record, Record::Pathway(_) | Record::Appointment(_)) {
            patients.extend(record.patient_id().map(str::to_string));
        }
    }
    let mut loaded: Vec<Record> = Vec::new();
    for patient_id in &patients {
        let rows = sqlx::query("SELECT data FROM records WHERE patient_id = $1 AND kind IN ('pathway', 'appointment')")
            .bind(patient_id.as_str())
            .fetch_all(&mut *connection)
            .await?;
        for row in rows {
            loaded.push(decode_record(&row.try_get::<String, _>("data")?)?);
        }
    }
    let mut wanted: Vec<RecordKey> = batch.iter().chain(loaded.iter()).flat_map(scope_depends_on).collect();
    wanted.sort();
    wanted.dedup();
    wanted.retain(|key| !in_batch.contains(key));
    let dependencies = load(connection, &wanted).await?;
    let mut facts = RecordFacts::default();
    for record in dependencies.values().chain(loaded.iter()).chain(batch.iter()) {
        facts.add(record);
    }
    Ok(facts)
}

/// The patient rows, notes and tasks (not in the batch) of patients whose services the batch changes.
async fn followers_of_grown_patients(
    connection: &mut AnyConnection,
    batch: &[Record],
    facts: &RecordFacts,
) -> sqlx::Result<Vec<Record>> {
    let in_batch: HashSet<RecordKey> = batch.iter().map(Record::key).collect();
    let mut patients: Vec<&str> = batch
        .iter()
        .filter(|record| matches!(record, Record::Pathway(_) | Record::Appointment(_)))
        .filter_map(Record::patient_id)
        .collect();
    patients.sort();
    patients.dedup();
    let mut followers = Vec::new();
    for patient_id in patients {
        let now = Scope::Services(facts.patient_services(patient_id)).encode();
        let stored = sqlx::query("SELECT services FROM records WHERE kind = 'patient' AND id = $1")
            .bind(patient_id)
            .fetch_optional(&mut *connection)
            .await?;
        let Some(stored) = stored else { continue };
        if stored.try_get::<Option<String>, _>("services")?.as_deref() == Some(now.as_str()) {
            continue;
        }
        let rows = sqlx::query(
            "SELECT data FROM records WHERE patient_id = $1 AND kind IN ('patient', 'patient_note', 'task')",
        )
        .bind(patient_id)
        .fetch_all(&mut *connection)
        .await?;
        for row in rows {
            let record = decode_record(&row.try_get::<String, _>("data")?)?;
            if !in_batch.contains(&record.key()) {
                followers.push(record);
            }
        }
    }
    Ok(followers)
}

/// Moves the change cursor on by `count` and returns its new value (the last cursor now taken).
async fn advance_cursor(connection: &mut AnyConnection, count: i64) -> sqlx::Result<i64> {
    let row = sqlx::query("UPDATE counters SET value = value + $1 WHERE name = 'change_cursor' RETURNING value")
        .bind(count)
        .fetch_one(&mut *connection)
        .await?;
    row.try_get::<i64, _>("value")
}

/// Inserts (or replaces) the records, with their scopes, at cursors `first_cursor`, `first_cursor + 1`, ... in
/// batches.
pub(super) async fn insert_at(
    connection: &mut AnyConnection,
    records: &[&Record],
    scopes: &[Scope],
    first_cursor: i64,
) -> sqlx::Result<()> {
    assert_eq!(records.len(), scopes.len(), "one scope per record");
    let mut cursor = first_cursor;
    for (batch, batch_scopes) in records.chunks(ROWS_PER_INSERT).zip(scopes.chunks(ROWS_PER_INSERT)) {
        let mut sql = String::with_capacity(96 + batch.len() * 36);
        sql.push_str("INSERT INTO records (kind, id, data, cursor, services, patient_id) VALUES ");
        for row in 0..batch.len() {
            let p = row * 6;
            if row > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("(${},${},${},${},${},${})", p + 1, p + 2, p + 3, p + 4, p + 5, p + 6));
        }
        sql.push_str(
            " ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data, cursor = excluded.cursor, \
             services = excluded.services, patient_id = excluded.patient_id",
        );
        let mut query = sqlx::query(&sql);
        for (record, scope) in batch.iter().zip(batch_scopes) {
            let data = serde_json::to_string(record).map_err(|error| sqlx::Error::Encode(Box::new(error)))?;
            query = query
                .bind(record.kind().as_str())
                .bind(record.id().to_string())
                .bind(data)
                .bind(cursor)
                .bind(scope.encode())
                .bind(record.patient_id().map(str::to_string));
            cursor += 1;
        }
        query.execute(&mut *connection).await?;
    }
    Ok(())
}

/// Gives records written before scopes existed (migration 0004) their services and patient, once, at start-up.
pub async fn backfill_scopes(database: &super::Database) -> sqlx::Result<usize> {
    let pending = sqlx::query("SELECT COUNT(*) AS n FROM records WHERE services IS NULL")
        .fetch_one(database.pool())
        .await?
        .try_get::<i64, _>("n")?;
    if pending == 0 {
        return Ok(0);
    }
    let mut transaction = database.begin_write().await?;
    let rows = sqlx::query("SELECT data FROM records").fetch_all(&mut *transaction).await?;
    let all = rows
        .iter()
        .map(|row| decode_record(&row.try_get::<String, _>("data")?))
        .collect::<sqlx::Result<Vec<Record>>>()?;
    let facts = RecordFacts::from_records(&all);
    for record in &all {
        sqlx::query("UPDATE records SET services = $1, patient_id = $2 WHERE kind = $3 AND id = $4")
            .bind(record_scope(record, &facts).encode())
            .bind(record.patient_id().map(str::to_string))
            .bind(record.kind().as_str())
            .bind(record.id().to_string())
            .execute(&mut *transaction)
            .await?;
    }
    transaction.commit().await?;
    Ok(all.len())
}

/// A record written twice in one go keeps only its last version (one row may change once per statement).
pub fn last_write_per_key(records: &[Record]) -> Vec<&Record> {
    let mut seen = HashSet::with_capacity(records.len());
    let mut kept: Vec<&Record> = records.iter().rev().filter(|record| seen.insert(record.key())).collect();
    kept.reverse();
    kept
}

/// Who is pulling: someone in every service, or in these services only.
#[derive(Debug, Clone, Copy)]
pub enum Visibility<'a> {
    AllServices,
    Services(&'a [String]),
}

/// Up to `limit` changes the puller may see with a cursor after `after`, in cursor order, and whether more are
/// waiting.
/// One change as stored: the record's JSON passed through to the desk as it is, never parsed and written again.
#[derive(Debug, serde::Serialize)]
pub struct StoredChange {
    pub cursor: i64,
    pub record: Box<serde_json::value::RawValue>,
}

/// The changes after `after`, typed (for the server's own use and its tests).
pub async fn changes_after(
    connection: &mut AnyConnection,
    after: i64,
    limit: u32,
    visibility: Visibility<'_>,
) -> sqlx::Result<(Vec<Change>, bool)> {
    let (stored, has_more) = stored_changes_after(connection, after, limit, visibility).await?;
    let changes = stored
        .into_iter()
        .map(|change| Ok(Change { cursor: change.cursor, record: decode_record(change.record.get())? }))
        .collect::<sqlx::Result<Vec<Change>>>()?;
    Ok((changes, has_more))
}

/// The changes after `after` as stored: what a pull sends.
pub async fn stored_changes_after(
    connection: &mut AnyConnection,
    after: i64,
    limit: u32,
    visibility: Visibility<'_>,
) -> sqlx::Result<(Vec<StoredChange>, bool)> {
    let (mut sql, patterns) = visible_after("SELECT cursor, data", visibility, 3);
    sql.push_str(" ORDER BY cursor LIMIT $2");
    let mut query = sqlx::query(&sql).bind(after).bind(i64::from(limit) + 1);
    for pattern in patterns {
        query = query.bind(pattern);
    }
    let rows = query.fetch_all(&mut *connection).await?;
    let mut has_more = rows.len() > limit as usize;
    let mut changes = Vec::new();
    let mut bytes = 0usize;
    for row in rows.iter().take(limit as usize) {
        let data = row.try_get::<String, _>("data")?;
        // A page stays under a size a desk on a slow link can take in one answer, however large its records are
        // (always at least one record, so the feed moves on).
        if !changes.is_empty() && bytes + data.len() > MAX_PULL_PAGE_BYTES {
            has_more = true;
            break;
        }
        bytes += data.len();
        let record = serde_json::value::RawValue::from_string(data).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        changes.push(StoredChange { cursor: row.try_get::<i64, _>("cursor")?, record });
    }
    Ok((changes, has_more))
}

/// How many changes the puller may see after `after`: how far a desk downloading the whole trust has to go.
pub async fn count_changes_after(
    connection: &mut AnyConnection,
    after: i64,
    visibility: Visibility<'_>,
) -> sqlx::Result<u64> {
    let (sql, patterns) = visible_after("SELECT COUNT(*) AS waiting", visibility, 2);
    let mut query = sqlx::query(&sql).bind(after);
    for pattern in patterns {
        query = query.bind(pattern);
    }
    let waiting: i64 = query.fetch_one(&mut *connection).await?.try_get("waiting")?;
    Ok(u64::try_from(waiting).unwrap_or(0))
}

/// `select` from the records after cursor `$1` that `visibility` lets the puller see: the SQL, and the service
/// patterns to bind from parameter `$first_pattern` on.
fn visible_after(select: &str, visibility: Visibility<'_>, first_pattern: usize) -> (String, Vec<String>) {
    let mut sql = format!("{select} FROM records WHERE cursor > $1");
    let mut patterns = Vec::new();
    if let Visibility::Services(services) = visibility {
        sql.push_str(" AND (services = '*'");
        for service in services {
            patterns.push(format!("%|{}|%", like_escaped(service)));
            sql.push_str(&format!(" OR services LIKE ${} ESCAPE '\\'", patterns.len() + first_pattern - 1));
        }
        sql.push(')');
    }
    (sql, patterns)
}

/// The most record data in one pull page, whatever its `limit`: 4 MB.
pub const MAX_PULL_PAGE_BYTES: usize = 4 * 1024 * 1024;

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

/// `text` with LIKE's wildcards (and the escape character) escaped by a backslash.
fn like_escaped(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

fn decode_record(data: &str) -> sqlx::Result<Record> {
    serde_json::from_str(data).map_err(|error| sqlx::Error::Decode(Box::new(error)))
}

/// The id of the first service (specialty) stored, if any.
pub async fn first_service(connection: &mut sqlx::AnyConnection) -> sqlx::Result<Option<String>> {
    use sqlx::Row;
    sqlx::query("SELECT id FROM records WHERE kind = 'specialty' ORDER BY cursor LIMIT 1")
        .fetch_optional(&mut *connection)
        .await?
        .map(|row| row.try_get("id"))
        .transpose()
}

/// The ids of every service (specialty) the server knows.
pub async fn every_service(connection: &mut sqlx::AnyConnection) -> sqlx::Result<Vec<String>> {
    use sqlx::Row;
    let rows = sqlx::query("SELECT id FROM records WHERE kind = 'specialty' ORDER BY id").fetch_all(connection).await?;
    rows.iter().map(|row| row.try_get::<String, _>("id")).collect()
}
