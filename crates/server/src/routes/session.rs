//! `/api/session`: sign in, who is signed in, sign out, and choosing a new password.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{AppendHeaders, IntoResponse, Response};
use axum::Extension;
use axum::Json;
use pathdesk_core::access::{ChangePasswordRequest, SessionInfo, SignInRequest};
use pathdesk_core::record::{Record, RecordKey, RecordKind};
use pathdesk_core::settings::TRUST_SETTINGS_ID;
use pathdesk_core::sync::ApiError;
use sqlx::AnyConnection;

use crate::auth::secrets::{self, MAX_PASSWORD_CHARS};
use crate::auth::{self, SignedIn};
use crate::db::{audit, sessions, users};
use crate::error::{AppError, AppResult};
use crate::json::AppJson;
use crate::state::AppState;

/// The longest username accepted.
use pathdesk_core::limits::USERNAME_CHARS as MAX_USERNAME_CHARS;

/// A hash to check unknown usernames against, so a wrong username takes as long as a wrong password.
static DECOY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| secrets::hash_password("no one signs in with this"));

/// Who is trying to sign in, with what this server knows of their device.
async fn attempt_by<'a>(
    connection: &mut AnyConnection,
    username: &'a str,
    client: &'a str,
    device_token: Option<&str>,
) -> AppResult<sessions::Attempt<'a>> {
    let known_device = match device_token {
        Some(token) => sessions::is_known_device(connection, username, &secrets::token_hash(token)).await?,
        None => false,
    };
    Ok(sessions::Attempt { username, client, known_device })
}

pub async fn sign_in(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    AppJson(request): AppJson<SignInRequest>,
) -> AppResult<Response> {
    let username = request.username.trim().to_lowercase();
    if username.is_empty() || request.password.is_empty() {
        return Err(AppError::unprocessable("invalid_request", "Type your username and your password, then sign in."));
    }
    if username.chars().count() > MAX_USERNAME_CHARS || request.password.chars().count() > MAX_PASSWORD_CHARS {
        return Err(wrong_credentials());
    }
    let now = auth::now_seconds();
    let client =
        auth::client_address(&headers, peer.map(|Extension(ConnectInfo(peer))| peer), state.settings.trusted_proxy);
    let device = auth::device_token(&headers);
    let mut connection = state.database.pool().acquire().await?;
    let attempt = attempt_by(&mut connection, &username, &client, device.as_deref()).await?;
    if let Some(wait) = sessions::wait_before(&mut connection, &attempt, now).await? {
        let at = auth::now_rfc3339();
        let detail = format!("refused from {client}: {wait} more seconds to wait after repeated wrong passwords");
        audit::append(
            &mut connection,
            &audit::NewEntry {
                detail: Some(&detail),
                ..audit::NewEntry::named(&username, &at, "sign_in", "locked_out")
            },
        )
        .await?;
        return Ok(too_many_attempts(wait));
    }
    let user = users::find_by_username(&mut connection, &username).await?;
    let stored = user.as_ref().map(|user| user.password_hash.clone());
    let password = request.password;
    let matches = tokio::task::spawn_blocking(move || match stored {
        Some(stored) => secrets::verify_password(&password, &stored),
        None => {
            // The same work as for a real user, so the time taken does not tell which usernames exist.
            let _ = secrets::verify_password(&password, &DECOY_HASH);
            false
        }
    })
    .await
    .map_err(AppError::internal)?;
    let at = auth::now_rfc3339();
    let user = match user {
        Some(user) if matches => user,
        _ => {
            sessions::record_failure(&mut connection, &attempt, now).await?;
            let detail = format!("wrong username or password, from {client}");
            audit::append(
                &mut connection,
                &audit::NewEntry {
                    detail: Some(&detail),
                    ..audit::NewEntry::named(&username, &at, "sign_in", "failed")
                },
            )
            .await?;
            return Err(wrong_credentials());
        }
    };
    sessions::clear_failures(&mut connection, &attempt).await?;
    let device = device.unwrap_or_else(secrets::new_token);
    sessions::remember_device(&mut connection, &username, &secrets::token_hash(&device), now).await?;
    let (token, csrf_token) = (secrets::new_token(), secrets::new_token());
    let token_hash = secrets::token_hash(&token);
    sessions::create(&mut connection, &token_hash, &user.id, &csrf_token, now).await?;
    audit::append(&mut connection, &audit::NewEntry::by(&user, &at, "sign_in", "signed_in")).await?;
    let info = session_info(&mut connection, &state, &user, csrf_token).await?;
    let https = state.settings.https;
    let cookie = HeaderValue::from_str(&auth::session_cookie(&token, https)).map_err(AppError::internal)?;
    let device = HeaderValue::from_str(&auth::device_cookie(&device, https)).map_err(AppError::internal)?;
    Ok((AppendHeaders([(header::SET_COOKIE, cookie), (header::SET_COOKIE, device)]), Json(info)).into_response())
}

pub async fn current(State(state): State<AppState>, signed_in: SignedIn) -> AppResult<Json<SessionInfo>> {
    let mut connection = state.database.pool().acquire().await?;
    Ok(Json(session_info(&mut connection, &state, &signed_in.user, signed_in.csrf_token.clone()).await?))
}

pub async fn sign_out(State(state): State<AppState>, signed_in: SignedIn) -> AppResult<Response> {
    let mut connection = state.database.pool().acquire().await?;
    sessions::end(&mut connection, &signed_in.token_hash).await?;
    let at = auth::now_rfc3339();
    audit::append(&mut connection, &audit::NewEntry::by(&signed_in.user, &at, "sign_out", "signed_out")).await?;
    let cookie = HeaderValue::from_str(&auth::cleared_cookie(state.settings.https)).map_err(AppError::internal)?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

pub async fn change_password(
    State(state): State<AppState>,
    signed_in: SignedIn,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    AppJson(request): AppJson<ChangePasswordRequest>,
) -> AppResult<Response> {
    if let Some(problem) = pathdesk_core::access::password_problem(&request.new_password, &signed_in.user.username) {
        return Err(AppError::bad_request("weak_password", format!("The new password cannot be used. {problem}")));
    }
    if request.new_password == request.current_password {
        return Err(AppError::bad_request(
            "weak_password",
            "The new password is the same as the current one; choose a different password.",
        ));
    }
    // Guessing the current password from a session left open is slowed as guessing at sign-in is: the same counts
    // of wrong passwords, and the same waits.
    let now = auth::now_seconds();
    let username = signed_in.user.username.clone();
    let client =
        auth::client_address(&headers, peer.map(|Extension(ConnectInfo(peer))| peer), state.settings.trusted_proxy);
    let device = auth::device_token(&headers);
    let attempt = {
        let mut connection = state.database.pool().acquire().await?;
        let attempt = attempt_by(&mut connection, &username, &client, device.as_deref()).await?;
        if let Some(wait) = sessions::wait_before(&mut connection, &attempt, now).await? {
            return Ok(too_many_attempts(wait));
        }
        attempt
    };
    let stored = signed_in.user.password_hash.clone();
    let (current, new) = (request.current_password, request.new_password);
    let new_hash = tokio::task::spawn_blocking(move || {
        secrets::verify_password(&current, &stored).then(|| secrets::hash_password(&new))
    })
    .await
    .map_err(AppError::internal)?;
    let mut connection = state.database.pool().acquire().await?;
    let Some(new_hash) = new_hash else {
        sessions::record_failure(&mut connection, &attempt, now).await?;
        let at = auth::now_rfc3339();
        audit::append(
            &mut connection,
            &audit::NewEntry {
                detail: Some("wrong current password"),
                ..audit::NewEntry::by(&signed_in.user, &at, "change_password", "failed")
            },
        )
        .await?;
        return Err(AppError::client(
            StatusCode::UNAUTHORIZED,
            "wrong_credentials",
            "The current password is not right. Type it again.",
        ));
    };
    users::set_password(&mut connection, &signed_in.user.id, &new_hash).await?;
    sessions::end_others(&mut connection, &signed_in.user.id, &signed_in.token_hash).await?;
    let at = auth::now_rfc3339();
    audit::append(&mut connection, &audit::NewEntry::by(&signed_in.user, &at, "change_password", "changed")).await?;
    sessions::clear_failures(&mut connection, &attempt).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn session_info(
    connection: &mut AnyConnection,
    state: &AppState,
    user: &users::User,
    csrf_token: String,
) -> AppResult<SessionInfo> {
    Ok(SessionInfo {
        user: user.summary(&every_service(connection).await?),
        csrf_token,
        idle_lock_minutes: idle_lock_minutes(connection, state).await?,
        must_change_password: user.must_change_password,
    })
}

/// The trust's idle lock: the saved trust settings when a team lead has saved them, else the server's setting.
async fn idle_lock_minutes(connection: &mut AnyConnection, state: &AppState) -> AppResult<u32> {
    let key = RecordKey::new(RecordKind::TrustSettings, TRUST_SETTINGS_ID);
    Ok(match crate::db::records::load(connection, std::slice::from_ref(&key)).await?.remove(&key) {
        Some(Record::TrustSettings(settings)) => settings.idle_lock_minutes,
        _ => state.settings.idle_lock_minutes,
    })
}

pub use crate::db::records::every_service;

fn wrong_credentials() -> AppError {
    AppError::client(
        StatusCode::UNAUTHORIZED,
        "wrong_credentials",
        "The username or password is not right. Check them and try again.",
    )
}

fn too_many_attempts(wait_seconds: i64) -> Response {
    let wait = if wait_seconds < 60 {
        pathdesk_core::text::count(wait_seconds as usize, "second", "seconds")
    } else {
        let minutes = (wait_seconds + 59) / 60;
        pathdesk_core::text::count(minutes as usize, "minute", "minutes")
    };
    let body = ApiError {
        error: "too_many_attempts".to_string(),
        message: format!(
            "Too many wrong passwords. Wait {wait} and try again; if you have forgotten your password, ask an \
             administrator to set a new one."
        ),
    };
    let mut headers = HeaderMap::new();
    headers.insert(header::RETRY_AFTER, HeaderValue::from(wait_seconds));
    (StatusCode::TOO_MANY_REQUESTS, headers, Json(body)).into_response()
}
