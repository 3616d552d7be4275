//! `POST /api/sync/push` and `GET /api/sync/pull`: the sync protocol (see `pathdesk_core::sync`).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use pathdesk_core::sync::{Cursor, PushRequest, PushResponse, DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT};
use serde::{Deserialize, Serialize};

use crate::auth::SignedIn;
use crate::db::records;
use crate::error::{AppError, AppResult};
use crate::json::AppJson;
use crate::push;
use crate::state::AppState;

pub async fn push(
    State(state): State<AppState>,
    signed_in: SignedIn,
    AppJson(request): AppJson<PushRequest>,
) -> AppResult<Json<PushResponse>> {
    let server_today = crate::uk_today();
    Ok(Json(push::push(&state.database, &signed_in.user, &request, server_today).await?))
}

/// A pull's answer: `pathdesk_core::sync::PullResponse` on the wire, its records passed through as stored.
#[derive(Debug, Serialize)]
pub struct StoredPage {
    changes: Vec<records::StoredChange>,
    next_cursor: Cursor,
    has_more: bool,
    database_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    waiting: Option<u64>,
}

/// Query parameters as typed, so a bad value gets a message naming it.
#[derive(Debug, Deserialize)]
pub struct PullParams {
    after: Option<String>,
    limit: Option<String>,
    /// The pulling device; when given, it must be this user's (as for a push).
    client_id: Option<String>,
    /// `true`: also say how many changes are waiting after `after` (a desk asks on a sync's first page).
    count: Option<String>,
}

pub async fn pull(
    State(state): State<AppState>,
    signed_in: SignedIn,
    params: Result<Query<PullParams>, QueryRejection>,
) -> AppResult<Json<StoredPage>> {
    let Query(params) = params.map_err(|rejection| {
        AppError::bad_request("invalid_query", format!("The query string could not be read: {}", rejection.body_text()))
    })?;
    let after = parse_after(params.after.as_deref())?;
    let limit = parse_limit(params.limit.as_deref())?;
    let count = parse_count(params.count.as_deref())?;
    if let Some(client_id) = params.client_id.as_deref() {
        push::check_device(&state.database, &signed_in.user, client_id).await?;
    }
    let mut connection = state.database.pool().acquire().await?;
    let user = &signed_in.user;
    let visibility = if user.all_services {
        records::Visibility::AllServices
    } else {
        records::Visibility::Services(&user.services)
    };
    // The records go out as they are stored (their JSON checked when written), not parsed and written again.
    let (changes, has_more) = records::stored_changes_after(&mut connection, after, limit, visibility).await?;
    let next_cursor = changes.last().map_or(after, |change| change.cursor);
    let database_id = crate::db::identity::database_id(&mut connection).await?;
    let waiting = match count {
        true => Some(records::count_changes_after(&mut connection, after, visibility).await?),
        false => None,
    };
    Ok(Json(StoredPage { changes, next_cursor, has_more, database_id, waiting }))
}

fn parse_count(value: Option<&str>) -> AppResult<bool> {
    match value.map(str::trim) {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(other) => Err(AppError::bad_request(
            "invalid_query",
            format!("count={other:?} is not true or false: use count=true to be told how many changes are waiting."),
        )),
    }
}

fn parse_after(value: Option<&str>) -> AppResult<Cursor> {
    let Some(value) = value else { return Ok(Cursor::START) };
    value.trim().parse::<Cursor>().map_err(|_| {
        AppError::bad_request(
            "invalid_query",
            format!("after={value:?} is not a cursor: use 0 for a first pull, then the next_cursor of the last page."),
        )
    })
}

fn parse_limit(value: Option<&str>) -> AppResult<u32> {
    let Some(value) = value else { return Ok(DEFAULT_PULL_LIMIT) };
    match value.trim().parse::<u32>() {
        Ok(limit) if (1..=MAX_PULL_LIMIT).contains(&limit) => Ok(limit),
        _ => Err(AppError::bad_request(
            "invalid_query",
            format!("limit={value:?} is not allowed: use a whole number from 1 to {MAX_PULL_LIMIT}."),
        )),
    }
}
