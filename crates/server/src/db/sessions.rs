//! Signed-in sessions (table `sessions`) and failed sign-ins (table `sign_in_failures`).

use sqlx::{AnyConnection, Row};

/// A session ends this long after it was last used.
pub const SESSION_IDLE_SECONDS: i64 = 12 * 60 * 60;
/// A session's last use is written at most this often (not on every request).
const TOUCH_EVERY_SECONDS: i64 = 60;

/// Failed sign-ins allowed per username within the window before sign-in is refused for a while.
pub const MAX_FAILURES: i64 = 5;
pub const FAILURE_WINDOW_SECONDS: i64 = 15 * 60;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user_id: String,
    pub csrf_token: String,
    pub last_used_at: i64,
}

pub async fn create(
    connection: &mut AnyConnection,
    token_hash: &str,
    user_id: &str,
    csrf_token: &str,
    now: i64,
) -> sqlx::Result<()> {
    // Sessions nobody came back to are removed as new ones start.
    sqlx::query("DELETE FROM sessions WHERE last_used_at < $1")
        .bind(now - SESSION_IDLE_SECONDS)
        .execute(&mut *connection)
        .await?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_used_at) VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(csrf_token)
    .bind(now)
    .execute(&mut *connection)
    .await?;
    Ok(())
}

/// The live session with this token hash (an expired one is removed and not returned); its last use becomes now.
pub async fn find_live(connection: &mut AnyConnection, token_hash: &str, now: i64) -> sqlx::Result<Option<Session>> {
    let row = sqlx::query("SELECT user_id, csrf_token, last_used_at FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(&mut *connection)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let session = Session {
        user_id: row.try_get("user_id")?,
        csrf_token: row.try_get("csrf_token")?,
        last_used_at: row.try_get("last_used_at")?,
    };
    if now - session.last_used_at > SESSION_IDLE_SECONDS {
        end(connection, token_hash).await?;
        return Ok(None);
    }
    if now - session.last_used_at >= TOUCH_EVERY_SECONDS {
        sqlx::query("UPDATE sessions SET last_used_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(token_hash)
            .execute(&mut *connection)
            .await?;
    }
    Ok(Some(session))
}

pub async fn end(connection: &mut AnyConnection, token_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&mut *connection).await?;
    Ok(())
}

/// Ends the user's other sessions (after a password change).
pub async fn end_others(connection: &mut AnyConnection, user_id: &str, keep_token_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep_token_hash)
        .execute(&mut *connection)
        .await?;
    Ok(())
}

/// Seconds to wait before `username` may try again, when it has failed too often recently.
pub async fn locked_for(connection: &mut AnyConnection, username: &str, now: i64) -> sqlx::Result<Option<i64>> {
    let rows = sqlx::query(
        "SELECT failed_at FROM sign_in_failures WHERE username = $1 AND failed_at > $2 ORDER BY failed_at DESC",
    )
    .bind(username)
    .bind(now - FAILURE_WINDOW_SECONDS)
    .fetch_all(&mut *connection)
    .await?;
    if (rows.len() as i64) < MAX_FAILURES {
        return Ok(None);
    }
    // Free again once the MAX_FAILURES-th most recent failure leaves the window.
    let oldest_counted: i64 = rows[(MAX_FAILURES - 1) as usize].try_get("failed_at")?;
    Ok(Some((oldest_counted + FAILURE_WINDOW_SECONDS - now).max(1)))
}

pub async fn record_failure(connection: &mut AnyConnection, username: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sign_in_failures WHERE failed_at <= $1")
        .bind(now - FAILURE_WINDOW_SECONDS)
        .execute(&mut *connection)
        .await?;
    sqlx::query("INSERT INTO sign_in_failures (username, failed_at) VALUES ($1, $2)")
        .bind(username)
        .bind(now)
        .execute(&mut *connection)
        .await?;
    Ok(())
}

pub async fn clear_failures(connection: &mut AnyConnection, username: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sign_in_failures WHERE username = $1").bind(username).execute(&mut *connection).await?;
    Ok(())
}
