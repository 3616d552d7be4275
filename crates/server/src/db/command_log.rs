//! The command log (every command received and the answer given: the idempotency record and the audit trail)
//! and each device's place in its outbox.

use chrono::NaiveDate;
use pathdesk_core::command::Command;
use pathdesk_core::sync::Outcome;
use sqlx::{AnyConnection, Row};

/// A command as the log holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedCommand {
    pub client_id: String,
    pub seq: i64,
    pub command_id: String,
    pub author: String,
    /// The signed-in user who sent it (`None` for commands logged before sign-in existed).
    pub user_id: Option<String>,
    pub received_at: String,
    pub issued_on: NaiveDate,
    pub command: Command,
    pub outcome: Outcome,
}

/// Returns the last sequence number received from this device (0 for a new device), and holds the device's row
/// until the transaction ends, so two pushes from one device are handled one after the other.
pub async fn lock_device(connection: &mut AnyConnection, client_id: &str, now: &str) -> sqlx::Result<LockedDevice> {
    sqlx::query(
        "INSERT INTO clients (client_id, last_seq, first_seen_at, last_seen_at) VALUES ($1, 0, $2, $2) \
         ON CONFLICT (client_id) DO NOTHING",
    )
    .bind(client_id)
    .bind(now)
    .execute(&mut *connection)
    .await?;
    // An UPDATE (not a SELECT) so PostgreSQL locks the row; it changes nothing.
    let row =
        sqlx::query("UPDATE clients SET last_seq = last_seq WHERE client_id = $1 RETURNING last_seq, after_restore")
            .bind(client_id)
            .fetch_one(&mut *connection)
            .await?;
    Ok(LockedDevice { last_seq: row.try_get("last_seq")?, after_restore: row.try_get::<i64, _>("after_restore")? != 0 })
}

/// A device's place in its numbering, and whether the database was restored from a backup since it last sent
/// (then one gap is expected: what it sent after the backup is not here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockedDevice {
    pub last_seq: i64,
    pub after_restore: bool,
}

/// Who owns a device: binds `client_id` to `user_id` if it has no owner yet, and returns its owner. A device
/// already owned is only read, so a pull writes nothing and never waits behind a push for the write lock.
pub async fn claim_device(
    connection: &mut AnyConnection,
    client_id: &str,
    user_id: &str,
    now: &str,
) -> sqlx::Result<String> {
    let owner = sqlx::query("SELECT user_id FROM clients WHERE client_id = $1")
        .bind(client_id)
        .fetch_optional(&mut *connection)
        .await?
        .map(|row| row.try_get::<Option<String>, _>("user_id"))
        .transpose()?
        .flatten();
    if let Some(owner) = owner {
        return Ok(owner);
    }
    sqlx::query(
        "INSERT INTO clients (client_id, last_seq, first_seen_at, last_seen_at, user_id) VALUES ($1, 0, $2, $2, $3) \
         ON CONFLICT (client_id) DO NOTHING",
    )
    .bind(client_id)
    .bind(now)
    .bind(user_id)
    .execute(&mut *connection)
    .await?;
    sqlx::query("UPDATE clients SET user_id = $1 WHERE client_id = $2 AND user_id IS NULL")
        .bind(user_id)
        .bind(client_id)
        .execute(&mut *connection)
        .await?;
    sqlx::query("SELECT user_id FROM clients WHERE client_id = $1")
        .bind(client_id)
        .fetch_one(&mut *connection)
        .await?
        .try_get::<String, _>("user_id")
}

pub async fn set_last_seq(connection: &mut AnyConnection, client_id: &str, seq: i64, now: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE clients SET last_seq = $1, last_seen_at = $2, after_restore = 0 WHERE client_id = $3")
        .bind(seq)
        .bind(now)
        .bind(client_id)
        .execute(&mut *connection)
        .await?;
    Ok(())
}

pub async fn find_by_command_id(
    connection: &mut AnyConnection,
    command_id: &str,
) -> sqlx::Result<Option<LoggedCommand>> {
    let row = sqlx::query(&format!("{SELECT_LOGGED} WHERE command_id = $1"))
        .bind(command_id)
        .fetch_optional(&mut *connection)
        .await?;
    row.map(|row| decode(&row)).transpose()
}

pub async fn find_by_seq(
    connection: &mut AnyConnection,
    client_id: &str,
    seq: i64,
) -> sqlx::Result<Option<LoggedCommand>> {
    let row = sqlx::query(&format!("{SELECT_LOGGED} WHERE client_id = $1 AND seq = $2"))
        .bind(client_id)
        .bind(seq)
        .fetch_optional(&mut *connection)
        .await?;
    row.map(|row| decode(&row)).transpose()
}

/// Every command from one device, in outbox order (the audit trail of that device).
pub async fn for_device(connection: &mut AnyConnection, client_id: &str) -> sqlx::Result<Vec<LoggedCommand>> {
    let rows = sqlx::query(&format!("{SELECT_LOGGED} WHERE client_id = $1 ORDER BY seq"))
        .bind(client_id)
        .fetch_all(&mut *connection)
        .await?;
    rows.iter().map(decode).collect()
}

pub async fn append(connection: &mut AnyConnection, entry: &LoggedCommand) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO command_log (client_id, seq, command_id, author, received_at, issued_on, command, outcome, \
         user_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(entry.client_id.as_str())
    .bind(entry.seq)
    .bind(entry.command_id.as_str())
    .bind(entry.author.as_str())
    .bind(entry.received_at.as_str())
    .bind(entry.issued_on.to_string())
    .bind(to_json(&entry.command)?)
    .bind(to_json(&entry.outcome)?)
    .bind(entry.user_id.as_deref())
    .execute(&mut *connection)
    .await?;
    Ok(())
}

const SELECT_LOGGED: &str =
    "SELECT client_id, seq, command_id, author, user_id, received_at, issued_on, command, outcome FROM command_log";

fn decode(row: &sqlx::any::AnyRow) -> sqlx::Result<LoggedCommand> {
    let issued_on: String = row.try_get("issued_on")?;
    Ok(LoggedCommand {
        client_id: row.try_get("client_id")?,
        seq: row.try_get("seq")?,
        command_id: row.try_get("command_id")?,
        author: row.try_get("author")?,
        user_id: row.try_get("user_id")?,
        received_at: row.try_get("received_at")?,
        issued_on: issued_on.parse().map_err(|error| sqlx::Error::Decode(Box::new(error)))?,
        command: from_json(&row.try_get::<String, _>("command")?)?,
        outcome: from_json(&row.try_get::<String, _>("outcome")?)?,
    })
}

fn to_json(value: &impl serde::Serialize) -> sqlx::Result<String> {
    serde_json::to_string(value).map_err(|error| sqlx::Error::Encode(Box::new(error)))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> sqlx::Result<T> {
    serde_json::from_str(text).map_err(|error| sqlx::Error::Decode(Box::new(error)))
}
