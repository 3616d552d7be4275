//! The record table: each record's JSON and its place in the change feed, `(xact, cursor)`.
//!
//! On PostgreSQL every writing transaction stamps its rows with its own transaction id (`xact`) and numbers from a
//! sequence (`cursor`), so server processes write side by side with no row they all queue on. A pull returns only
//! rows whose transaction id is below the lowest one still open in this database when its snapshot was taken
//! ([`FINISHED_TRANSACTIONS_ONLY`]): every such transaction has finished, and any transaction that commits later
//! has an id at or above it, so it sorts after everything the pull returned and a desk following its cursor never
//! passes a change that was still to commit. A transaction left open holds pulls back
//! (not writes) until it ends, which `db::PG_IDLE_IN_TRANSACTION_TIMEOUT` and `db::PG_STATEMENT_TIMEOUT` bound.
//!
//! On SQLite, one writer at a time, each write takes numbers from the `change_cursor` counter inside its
//! transaction, so commit order is cursor order, and `xact` stays 0.

use std::collections::{HashMap, HashSet};

use pathdesk_core::access::{record_scope, scope_depends_on, scope_patient, RecordFacts, Scope, ServiceFacts};
use pathdesk_core::record::{Record, RecordKey};
use pathdesk_core::sync::{Change, Cursor};
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
pub async fn write(connection: &mut AnyConnection, records: &[Record]) -> sqlx::Result<Vec<Cursor>> {
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
    let cursors = take_cursors(connection, refs.len()).await?;
    insert_at(connection, &refs, &scopes, &cursors).await?;
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

/// True on a connection to PostgreSQL.
fn on_postgres(connection: &AnyConnection) -> bool {
    connection.backend_name().eq_ignore_ascii_case("postgresql")
}

/// `count` new places in the change feed for this transaction's writes, in order. On PostgreSQL: this
/// transaction's id and numbers from a sequence (no lock any other writer waits on). On SQLite: numbers from the
/// change counter, whose row the one writer holds until it commits.
pub(super) async fn take_cursors(connection: &mut AnyConnection, count: usize) -> sqlx::Result<Vec<Cursor>> {
    if count == 0 {
        return Ok(Vec::new());
    }
    if on_postgres(connection) {
        let rows = sqlx::query(
            "SELECT pg_current_xact_id()::text::bigint AS xact, nextval('change_sequence') AS cursor \
             FROM generate_series(1, $1::bigint)",
        )
        .bind(count as i64)
        .fetch_all(&mut *connection)
        .await?;
        return rows
            .iter()
            .map(|row| Ok(Cursor { transaction: row.try_get("xact")?, sequence: row.try_get("cursor")? }))
            .collect();
    }
    let row = sqlx::query("UPDATE counters SET value = value + $1 WHERE name = 'change_cursor' RETURNING value")
        .bind(count as i64)
        .fetch_one(&mut *connection)
        .await?;
    let last = row.try_get::<i64, _>("value")?;
    Ok((last - count as i64 + 1..=last).map(|sequence| Cursor { transaction: 0, sequence }).collect())
}

/// Inserts (or replaces) the records, with their scopes, at the places given, in batches.
pub(super) async fn insert_at(
    connection: &mut AnyConnection,
    records: &[&Record],
    scopes: &[Scope],
    cursors: &[Cursor],
) -> sqlx::Result<()> {
    assert_eq!(records.len(), scopes.len(), "one scope per record");
    assert_eq!(records.len(), cursors.len(), "one cursor per record");
    for ((batch, batch_scopes), batch_cursors) in
        records.chunks(ROWS_PER_INSERT).zip(scopes.chunks(ROWS_PER_INSERT)).zip(cursors.chunks(ROWS_PER_INSERT))
    {
        let mut sql = String::with_capacity(96 + batch.len() * 40);
        sql.push_str("INSERT INTO records (kind, id, data, xact, cursor, services, patient_id) VALUES ");
        for row in 0..batch.len() {
            let p = row * 7;
            if row > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("(${},${},${},${},${},${},${})", p + 1, p + 2, p + 3, p + 4, p + 5, p + 6, p + 7));
        }
        sql.push_str(
            " ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data, xact = excluded.xact, \
             cursor = excluded.cursor, services = excluded.services, patient_id = excluded.patient_id",
        );
        let mut query = sqlx::query(&sql);
        for ((record, scope), cursor) in batch.iter().zip(batch_scopes).zip(batch_cursors) {
            let data = serde_json::to_string(record).map_err(|error| sqlx::Error::Encode(Box::new(error)))?;
            query = query
                .bind(record.kind().as_str())
                .bind(record.id().to_string())
                .bind(data)
                .bind(cursor.transaction)
                .bind(cursor.sequence)
                .bind(scope.encode())
                .bind(record.patient_id().map(str::to_string));
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
    pub cursor: Cursor,
    pub record: Box<serde_json::value::RawValue>,
}

/// The changes after `after`, typed (for the server's own use and its tests).
pub async fn changes_after(
    connection: &mut AnyConnection,
    after: Cursor,
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
    after: Cursor,
    limit: u32,
    visibility: Visibility<'_>,
) -> sqlx::Result<(Vec<StoredChange>, bool)> {
    let postgres = on_postgres(connection);
    let (mut sql, patterns) = visible_after("SELECT xact, cursor, data", visibility, postgres, 4);
    sql.push_str(if postgres { " ORDER BY xact, cursor LIMIT $3" } else { " ORDER BY cursor LIMIT $3" });
    let mut query = sqlx::query(&sql).bind(after.transaction).bind(after.sequence).bind(i64::from(limit) + 1);
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
        let cursor = Cursor { transaction: row.try_get("xact")?, sequence: row.try_get("cursor")? };
        changes.push(StoredChange { cursor, record });
    }
    Ok((changes, has_more))
}

/// How many changes the puller may see after `after`: how far a desk downloading the whole trust has to go.
pub async fn count_changes_after(
    connection: &mut AnyConnection,
    after: Cursor,
    visibility: Visibility<'_>,
) -> sqlx::Result<u64> {
    let postgres = on_postgres(connection);
    let (sql, patterns) = visible_after("SELECT COUNT(*) AS waiting", visibility, postgres, 3);
    let mut query = sqlx::query(&sql).bind(after.transaction).bind(after.sequence);
    for pattern in patterns {
        query = query.bind(pattern);
    }
    let waiting: i64 = query.fetch_one(&mut *connection).await?.try_get("waiting")?;
    Ok(u64::try_from(waiting).unwrap_or(0))
}

/// `select` from the records after the place (`$1`, `$2`) that `visibility` lets the puller see: the SQL, and the
/// service patterns to bind from parameter `$first_pattern` on. On PostgreSQL only rows of transactions that have
/// all finished (see [`FINISHED_TRANSACTIONS_ONLY`]), so nothing still to commit can sort before them.
fn visible_after(
    select: &str,
    visibility: Visibility<'_>,
    postgres: bool,
    first_pattern: usize,
) -> (String, Vec<String>) {
    let mut sql = match postgres {
        true => format!("{select} FROM records WHERE (xact, cursor) > ($1, $2){FINISHED_TRANSACTIONS_ONLY}"),
        // SQLite: every xact is 0 (so is a cursor's transaction), and the cursor alone orders the feed.
        false => format!("{select} FROM records WHERE cursor > $2 AND xact >= $1"),
    };
    let patterns = push_visibility(&mut sql, visibility, first_pattern);
    (sql, patterns)
}

/// Adds to `sql` the condition that the reader may see the row (` AND (services = '*' OR services LIKE ...)`,
/// nothing for someone in every service); returns the service patterns to bind from parameter `$first_pattern`.
fn push_visibility(sql: &mut String, visibility: Visibility<'_>, first_pattern: usize) -> Vec<String> {
    let mut patterns = Vec::new();
    if let Visibility::Services(services) = visibility {
        sql.push_str(" AND (services = '*'");
        for service in services {
            patterns.push(format!("%|{}|%", like_escaped(service)));
            sql.push_str(&format!(" OR services LIKE ${} ESCAPE '\\'", patterns.len() + first_pattern - 1));
        }
        sql.push(')');
    }
    patterns
}

/// What a read of one kind of record is narrowed to (beyond what the reader may see).
#[derive(Debug, Clone, Copy, Default)]
pub struct Narrowed<'a> {
    /// This record only.
    pub id: Option<&'a str>,
    /// This patient's records only.
    pub patient_id: Option<&'a str>,
    /// Records whose stored JSON holds this text (e.g. `"nhs_number":"9990000018"`): a first sieve the caller
    /// checks again on the decoded record.
    pub holding: Option<&'a str>,
}

/// The records of `kind` the reader may see, narrowed as asked, in id order.
pub async fn visible(
    connection: &mut AnyConnection,
    kind: pathdesk_core::record::RecordKind,
    narrowed: Narrowed<'_>,
    visibility: Visibility<'_>,
) -> sqlx::Result<Vec<Record>> {
    let mut sql = String::from("SELECT data FROM records WHERE kind = $1");
    let mut binds = vec![kind.as_str().to_string()];
    for (column, value) in [("id = ", narrowed.id), ("patient_id = ", narrowed.patient_id)] {
        if let Some(value) = value {
            binds.push(value.to_string());
            sql.push_str(&format!(" AND {column}${}", binds.len()));
        }
    }
    if let Some(text) = narrowed.holding {
        binds.push(format!("%{}%", like_escaped(text)));
        sql.push_str(&format!(" AND data LIKE ${} ESCAPE '\\'", binds.len()));
    }
    let patterns = push_visibility(&mut sql, visibility, binds.len() + 1);
    sql.push_str(" ORDER BY id");
    let mut query = sqlx::query(&sql);
    for value in binds.into_iter().chain(patterns) {
        query = query.bind(value);
    }
    query
        .fetch_all(&mut *connection)
        .await?
        .iter()
        .map(|row| decode_record(&row.try_get::<String, _>("data")?))
        .collect()
}

/// On PostgreSQL, the rows of transactions that had all finished when the statement's snapshot was taken: below
/// the lowest transaction id still in progress, not counting those PostgreSQL shows working in another database on
/// the same server (they never write here; one left open there must not hold Pathdesk's desks back). Any
/// transaction not shown as another database's counts, so at worst a pull waits for one that has just ended.
/// Transactions in progress are the snapshot's own list (`pg_snapshot_xip`), so none can start or end between the
/// check and the rows read.
const FINISHED_TRANSACTIONS_ONLY: &str = " AND xact < (\
    SELECT COALESCE(MIN(running::text::bigint), pg_snapshot_xmax(pg_current_snapshot())::text::bigint) \
    FROM pg_snapshot_xip(pg_current_snapshot()) AS running \
    WHERE running::xid NOT IN (SELECT backend_xid FROM pg_stat_activity \
        WHERE backend_xid IS NOT NULL AND datname <> current_database()))";

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

/// The ids of every service (specialty) the server knows.
pub async fn every_service(connection: &mut sqlx::AnyConnection) -> sqlx::Result<Vec<String>> {
    use sqlx::Row;
    let rows = sqlx::query("SELECT id FROM records WHERE kind = 'specialty' ORDER BY id").fetch_all(connection).await?;
    rows.iter().map(|row| row.try_get::<String, _>("id")).collect()
}
