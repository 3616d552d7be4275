//! The `imports` table: one row per PAS extract import, with its file and how far it has gone.

use sqlx::{AnyConnection, Row};

/// An import as the app shows it (the file's text is left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportJob {
    pub id: String,
    pub kind: String,
    pub file_name: String,
    pub user_id: String,
    pub created_at: String,
    /// `running`, `done` or `failed`.
    pub status: String,
    pub total_rows: i64,
    pub done_rows: i64,
    pub next_seq: i64,
    /// Rows left out because the check found a problem with them.
    pub skip_rows: Vec<usize>,
    /// [new, changed, unchanged] as the check planned them.
    pub counts: [usize; 3],
    /// Rows refused while importing (their records had changed since the check), as (row, column, message).
    pub problems: Vec<(usize, String, String)>,
    pub message: Option<String>,
    pub finished_at: Option<String>,
}

pub const RUNNING: &str = "running";
pub const DONE: &str = "done";
pub const FAILED: &str = "failed";

const COLUMNS: &str = "id, kind, file_name, user_id, created_at, status, total_rows, done_rows, next_seq, skip_rows, \
                       counts, problems, message, finished_at";

fn job(row: &sqlx::any::AnyRow) -> sqlx::Result<ImportJob> {
    let json = |column: &str| -> sqlx::Result<String> { row.try_get::<String, _>(column) };
    let decode = |error: serde_json::Error| sqlx::Error::Decode(Box::new(error));
    Ok(ImportJob {
        id: row.try_get("id")?,
        kind: row.try_get("kind")?,
        file_name: row.try_get("file_name")?,
        user_id: row.try_get("user_id")?,
        created_at: row.try_get("created_at")?,
        status: row.try_get("status")?,
        total_rows: row.try_get("total_rows")?,
        done_rows: row.try_get("done_rows")?,
        next_seq: row.try_get("next_seq")?,
        skip_rows: serde_json::from_str(&json("skip_rows")?).map_err(decode)?,
        counts: serde_json::from_str(&json("counts")?).map_err(decode)?,
        problems: serde_json::from_str(&json("problems")?).map_err(decode)?,
        message: row.try_get("message")?,
        finished_at: row.try_get("finished_at")?,
    })
}

impl ImportJob {
    /// As the app follows it.
    pub fn status(&self) -> pathdesk_core::pas_import::ImportStatus {
        pathdesk_core::pas_import::ImportStatus {
            id: self.id.clone(),
            kind: self.kind.clone(),
            file_name: self.file_name.clone(),
            created_at: self.created_at.clone(),
            status: self.status.clone(),
            total_rows: self.total_rows.max(0) as u64,
            done_rows: self.done_rows.max(0) as u64,
            skip_rows: self.skip_rows.clone(),
            counts: self.counts.to_vec(),
            problems: self
                .problems
                .iter()
                .map(|(row, column, message)| pathdesk_core::pas_import::RowProblem {
                    row: *row,
                    column: column.clone(),
                    message: message.clone(),
                })
                .collect(),
            message: self.message.clone(),
            finished_at: self.finished_at.clone(),
        }
    }
}

/// A new import, running from its first row.
pub struct NewImport<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub file_name: &'a str,
    pub contents: &'a str,
    pub user_id: &'a str,
    pub created_at: &'a str,
    pub total_rows: usize,
    pub skip_rows: &'a [usize],
    pub counts: [usize; 3],
}

pub async fn insert(connection: &mut AnyConnection, new: &NewImport<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO imports (id, kind, file_name, contents, user_id, created_at, status, total_rows, done_rows, \
         next_seq, skip_rows, counts, problems) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, 1, $9, $10, '[]')",
    )
    .bind(new.id)
    .bind(new.kind)
    .bind(new.file_name)
    .bind(new.contents)
    .bind(new.user_id)
    .bind(new.created_at)
    .bind(RUNNING)
    .bind(new.total_rows as i64)
    .bind(serde_json::to_string(new.skip_rows).unwrap_or_else(|_| "[]".into()))
    .bind(serde_json::to_string(&new.counts).unwrap_or_else(|_| "[0,0,0]".into()))
    .execute(connection)
    .await?;
    Ok(())
}

pub async fn get(connection: &mut AnyConnection, id: &str) -> sqlx::Result<Option<ImportJob>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM imports WHERE id = $1"))
        .bind(id)
        .fetch_optional(connection)
        .await?;
    row.as_ref().map(job).transpose()
}

/// The file's text.
pub async fn contents(connection: &mut AnyConnection, id: &str) -> sqlx::Result<Option<String>> {
    let row = sqlx::query("SELECT contents FROM imports WHERE id = $1").bind(id).fetch_optional(connection).await?;
    row.map(|row| row.try_get::<String, _>("contents")).transpose()
}

/// The latest imports, newest first.
pub async fn recent(connection: &mut AnyConnection, limit: i64) -> sqlx::Result<Vec<ImportJob>> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM imports ORDER BY created_at DESC, id LIMIT $1"))
        .bind(limit)
        .fetch_all(connection)
        .await?;
    rows.iter().map(job).collect()
}

/// The ids of imports still running, oldest first.
pub async fn running(connection: &mut AnyConnection) -> sqlx::Result<Vec<String>> {
    let rows = sqlx::query("SELECT id FROM imports WHERE status = $1 ORDER BY created_at, id")
        .bind(RUNNING)
        .fetch_all(connection)
        .await?;
    rows.iter().map(|row| row.try_get::<String, _>("id")).collect()
}

/// A batch done: the rows and command numbers it used, and the rows it refused (in the batch's transaction).
pub async fn advance(
    connection: &mut AnyConnection,
    id: &str,
    done_rows: usize,
    next_seq: i64,
    problems: &[(usize, String, String)],
) -> sqlx::Result<()> {
    sqlx::query("UPDATE imports SET done_rows = $1, next_seq = $2, problems = $3 WHERE id = $4")
        .bind(done_rows as i64)
        .bind(next_seq)
        .bind(serde_json::to_string(problems).unwrap_or_else(|_| "[]".into()))
        .bind(id)
        .execute(connection)
        .await?;
    Ok(())
}

/// The import finished (`done`), or stopped for `message` (`failed`).
pub async fn finish(
    connection: &mut AnyConnection,
    id: &str,
    status: &str,
    message: Option<&str>,
    at: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE imports SET status = $1, message = $2, finished_at = $3 WHERE id = $4")
        .bind(status)
        .bind(message)
        .bind(at)
        .bind(id)
        .execute(connection)
        .await?;
    Ok(())
}

/// A failed import set running again (from where it stopped).
pub async fn resume(connection: &mut AnyConnection, id: &str) -> sqlx::Result<bool> {
    let done =
        sqlx::query("UPDATE imports SET status = $1, message = NULL, finished_at = NULL WHERE id = $2 AND status = $3")
            .bind(RUNNING)
            .bind(id)
            .bind(FAILED)
            .execute(connection)
            .await?;
    Ok(done.rows_affected() == 1)
}
