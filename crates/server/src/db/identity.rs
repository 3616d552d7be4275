//! Which database this is (table `server_identity`), backups, and starting again from one.
//!
//! A desk remembers the id of the database it syncs with. A backup copy is given a new id and marked "restored
//! from a backup made at ..." as it is written; when a server starts on it (or an administrator runs
//! `pathdesk-server restored` after restoring by other means), every known device is let past one gap in its
//! command numbers (what it sent after the backup is not in the copy), and each desk, seeing a new id in its next
//! pull, downloads everything again while keeping the changes still waiting on it.

use sqlx::{AnyConnection, Row};

use super::{Backend, Database};

/// This database's id.
pub async fn database_id(connection: &mut AnyConnection) -> sqlx::Result<String> {
    sqlx::query("SELECT database_id FROM server_identity WHERE id = 1")
        .fetch_one(&mut *connection)
        .await?
        .try_get("database_id")
}

/// A fresh id, from the database's own randomness.
fn new_id_sql(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "lower(hex(randomblob(16)))",
        Backend::Postgres => "md5(random()::text || clock_timestamp()::text)",
    }
}

/// Marks this database as restored from a backup made at `made_at`: a new id, and the mark that the next start
/// lets every device past one gap.
pub async fn mark_restored(connection: &mut AnyConnection, backend: Backend, made_at: &str) -> sqlx::Result<()> {
    let sql =
        format!("UPDATE server_identity SET database_id = {}, restored_from = $1 WHERE id = 1", new_id_sql(backend));
    sqlx::query(&sql).bind(made_at).execute(&mut *connection).await?;
    Ok(())
}

/// At start-up: if this database was restored from a backup, lets every device past one gap in its command
/// numbers and clears the mark. Returns when the backup was made.
pub async fn start_after_restore(database: &Database) -> sqlx::Result<Option<String>> {
    let mut transaction = sqlx::Acquire::begin(database.pool()).await?;
    // Several processes starting together may each do this: it is the same change, made once or twice.
    let restored_from: Option<String> = sqlx::query("SELECT restored_from FROM server_identity WHERE id = 1")
        .fetch_one(&mut *transaction)
        .await?
        .try_get("restored_from")?;
    if restored_from.is_some() {
        sqlx::query("UPDATE clients SET after_restore = 1").execute(&mut *transaction).await?;
        sqlx::query("UPDATE server_identity SET restored_from = NULL WHERE id = 1").execute(&mut *transaction).await?;
    }
    transaction.commit().await?;
    Ok(restored_from)
}

/// Writes a consistent copy of the SQLite database to `path` while the server may be running (`VACUUM INTO`),
/// and marks the copy as restored from a backup made at `made_at`.
pub async fn backup_sqlite(database: &Database, path: &std::path::Path, made_at: &str) -> Result<(), BackupError> {
    if database.backend() != Backend::Sqlite {
        return Err(BackupError::Postgres);
    }
    if path.exists() {
        return Err(BackupError::Exists(path.display().to_string()));
    }
    let target = path.to_str().ok_or_else(|| BackupError::Path(path.display().to_string()))?;
    sqlx::query("VACUUM INTO $1").bind(target).execute(database.pool()).await.map_err(BackupError::Database)?;
    // One plain connection in rollback-journal mode, so the mark is in the file itself when it closes (not in a
    // write-ahead log beside it, which a copy of the file alone would leave behind).
    let options =
        sqlx::sqlite::SqliteConnectOptions::new().filename(path).journal_mode(sqlx::sqlite::SqliteJournalMode::Delete);
    let mut copy = sqlx::ConnectOptions::connect(&options).await.map_err(BackupError::Database)?;
    let sql = format!(
        "UPDATE server_identity SET database_id = {}, restored_from = $1 WHERE id = 1",
        new_id_sql(Backend::Sqlite)
    );
    sqlx::query(&sql).bind(made_at).execute(&mut copy).await.map_err(BackupError::Database)?;
    sqlx::Connection::close(copy).await.map_err(BackupError::Database)?;
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "this server uses PostgreSQL: back it up with pg_dump (see the README), and after restoring run \
         `pathdesk-server restored`"
    )]
    Postgres,
    #[error("{0} already exists: choose a new file name, so no backup is overwritten")]
    Exists(String),
    #[error("{0} is not a path SQLite can write to: use a plain file name")]
    Path(String),
    #[error("the database could not be copied: {0}")]
    Database(sqlx::Error),
}
