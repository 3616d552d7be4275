//! Signed-in sessions (table `sessions`), wrong passwords (table `sign_in_failures`) and the devices people have
//! signed in on (table `known_devices`).

use sqlx::{AnyConnection, Row};

/// A session ends this long after it was last used.
pub const SESSION_IDLE_SECONDS: i64 = 12 * 60 * 60;
/// A session's last use is written at most this often (not on every request).
const TOUCH_EVERY_SECONDS: i64 = 60;

use pathdesk_core::access::{GuessingScope, GUESSING_WINDOW_SECONDS};

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

/// Who is trying: the username, the client's address, and whether this device has signed in as them before.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    pub username: &'a str,
    pub client: &'a str,
    pub known_device: bool,
}

/// Seconds to wait before this attempt may be made, when wrong passwords in any of its scopes ask for a wait.
pub async fn wait_before(connection: &mut AnyConnection, attempt: &Attempt<'_>, now: i64) -> sqlx::Result<Option<i64>> {
    let since = now - GUESSING_WINDOW_SECONDS;
    let mut wait = 0;
    for scope in GuessingScope::ALL {
        let query = match scope {
            GuessingScope::AccountFromAddress => sqlx::query(
                "SELECT COUNT(*) AS failures, MAX(failed_at) AS latest FROM sign_in_failures \
                 WHERE username = $1 AND client = $2 AND failed_at > $3",
            )
            .bind(attempt.username)
            .bind(attempt.client),
            GuessingScope::Address | GuessingScope::Account if attempt.known_device => continue,
            GuessingScope::Address => sqlx::query(
                "SELECT COUNT(*) AS failures, MAX(failed_at) AS latest FROM sign_in_failures \
                 WHERE client = $1 AND failed_at > $2",
            )
            .bind(attempt.client),
            GuessingScope::Account => sqlx::query(
                "SELECT COUNT(*) AS failures, MAX(failed_at) AS latest FROM sign_in_failures \
                 WHERE username = $1 AND failed_at > $2",
            )
            .bind(attempt.username),
        };
        let row = query.bind(since).fetch_one(&mut *connection).await?;
        let failures: i64 = row.try_get("failures")?;
        let Some(latest) = row.try_get::<Option<i64>, _>("latest")? else { continue };
        let asked = scope.wait_after(u32::try_from(failures).unwrap_or(u32::MAX));
        wait = wait.max(latest + asked - now);
    }
    Ok((wait > 0).then_some(wait))
}

pub async fn record_failure(connection: &mut AnyConnection, attempt: &Attempt<'_>, now: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sign_in_failures WHERE failed_at <= $1")
        .bind(now - GUESSING_WINDOW_SECONDS)
        .execute(&mut *connection)
        .await?;
    sqlx::query("INSERT INTO sign_in_failures (username, client, failed_at) VALUES ($1, $2, $3)")
        .bind(attempt.username)
        .bind(attempt.client)
        .bind(now)
        .execute(&mut *connection)
        .await?;
    Ok(())
}

/// After the right password: this username's wrong passwords from this address no longer count (those from
/// elsewhere still do, so signing in does not reset someone else's guessing).
pub async fn clear_failures(connection: &mut AnyConnection, attempt: &Attempt<'_>) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sign_in_failures WHERE username = $1 AND client = $2")
        .bind(attempt.username)
        .bind(attempt.client)
        .execute(&mut *connection)
        .await?;
    Ok(())
}

/// Whether the device whose cookie hashes to `device_hash` has signed in as `username` before.
pub async fn is_known_device(connection: &mut AnyConnection, username: &str, device_hash: &str) -> sqlx::Result<bool> {
    let row = sqlx::query("SELECT COUNT(*) AS found FROM known_devices WHERE username = $1 AND device_hash = $2")
        .bind(username)
        .bind(device_hash)
        .fetch_one(&mut *connection)
        .await?;
    Ok(row.try_get::<i64, _>("found")? > 0)
}

pub async fn remember_device(
    connection: &mut AnyConnection,
    username: &str,
    device_hash: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO known_devices (username, device_hash, last_signed_in) VALUES ($1, $2, $3) \
         ON CONFLICT (username, device_hash) DO UPDATE SET last_signed_in = excluded.last_signed_in",
    )
    .bind(username)
    .bind(device_hash)
    .bind(now)
    .execute(&mut *connection)
    .await?;
    Ok(())
}
