//! The audit (table `audit_log`): who did what, from which device, when, to which patient, and how it ended.

use chrono::NaiveDate;
use pathdesk_core::access::AuditEntry;
use sqlx::{AnyConnection, Row};

use super::users::User;

/// One line to add. `at` is the server's UTC time (RFC 3339).
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    pub at: &'a str,
    pub user_id: Option<&'a str>,
    pub username: &'a str,
    pub device: Option<&'a str>,
    pub action: &'a str,
    pub patient_id: Option<&'a str>,
    pub outcome: &'a str,
    pub detail: Option<&'a str>,
}

impl<'a> NewEntry<'a> {
    /// A line for what `user` did, the optional fields empty: set those with `NewEntry { detail, ..by(...) }`.
    pub fn by(user: &'a User, at: &'a str, action: &'a str, outcome: &'a str) -> Self {
        NewEntry { user_id: Some(&user.id), ..NewEntry::named(&user.username, at, action, outcome) }
    }

    /// A line for someone known only by the name they gave (a sign-in, a request without a session).
    pub fn named(username: &'a str, at: &'a str, action: &'a str, outcome: &'a str) -> Self {
        NewEntry { at, user_id: None, username, device: None, action, patient_id: None, outcome, detail: None }
    }
}

pub async fn append(connection: &mut AnyConnection, entry: &NewEntry<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, username, device, action, patient_id, outcome, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(entry.at)
    .bind(entry.user_id)
    .bind(entry.username)
    .bind(entry.device)
    .bind(entry.action)
    .bind(entry.patient_id)
    .bind(entry.outcome)
    .bind(entry.detail)
    .execute(&mut *connection)
    .await?;
    Ok(())
}

/// Records something outside a command (a refusal, an account made, an export), in its own connection. Best
/// effort: if the line cannot be written the failure is logged, and the answer to the request stays what it was.
pub async fn note(database: &super::Database, entry: &NewEntry<'_>) {
    let written = match database.pool().acquire().await {
        Ok(mut connection) => append(&mut connection, entry).await,
        Err(error) => Err(error),
    };
    if let Err(error) = written {
        tracing::error!(%error, action = entry.action, outcome = entry.outcome, "could not write an audit line");
    }
}

/// What to search for; every filter is optional. Dates are UTC calendar days, both ends included.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub username: Option<String>,
    pub patient_id: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Newest first, at most `limit` entries, and whether more matched.
pub async fn search(
    connection: &mut AnyConnection,
    filter: &Filter,
    limit: usize,
) -> sqlx::Result<(Vec<AuditEntry>, bool)> {
    let mut sql =
        String::from("SELECT at, username, device, action, patient_id, outcome, detail FROM audit_log WHERE 1 = 1");
    let mut binds: Vec<String> = Vec::new();
    if let Some(username) = &filter.username {
        binds.push(username.clone());
        sql.push_str(&format!(" AND username = ${}", binds.len()));
    }
    if let Some(patient_id) = &filter.patient_id {
        binds.push(patient_id.clone());
        sql.push_str(&format!(" AND patient_id = ${}", binds.len()));
    }
    if let Some(from) = filter.from {
        binds.push(from.format("%Y-%m-%d").to_string());
        sql.push_str(&format!(" AND at >= ${}", binds.len()));
    }
    if let Some(to) = filter.to.and_then(|to| to.succ_opt()) {
        binds.push(to.format("%Y-%m-%d").to_string());
        sql.push_str(&format!(" AND at < ${}", binds.len()));
    }
    sql.push_str(&format!(" ORDER BY id DESC LIMIT {}", limit + 1));
    let mut query = sqlx::query(&sql);
    for bind in &binds {
        query = query.bind(bind.as_str());
    }
    let rows = query.fetch_all(&mut *connection).await?;
    let truncated = rows.len() > limit;
    let entries = rows
        .iter()
        .take(limit)
        .map(|row| {
            Ok(AuditEntry {
                at: row.try_get("at")?,
                username: row.try_get("username")?,
                device: row.try_get("device")?,
                action: row.try_get("action")?,
                patient_id: row.try_get("patient_id")?,
                outcome: row.try_get("outcome")?,
                detail: row.try_get("detail")?,
            })
        })
        .collect::<sqlx::Result<Vec<_>>>()?;
    Ok((entries, truncated))
}
