//! `GET /api/users` and `POST /api/users`: administrators list and add people.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use pathdesk_core::access::{NewUserRequest, UserSummary};

use crate::auth::secrets;
use crate::auth::{self, Administrator};
use crate::db::users::{self, NewUser};
use crate::error::{AppError, AppResult};
use crate::json::AppJson;
use crate::state::AppState;

pub async fn list(State(state): State<AppState>, _: Administrator) -> AppResult<Json<Vec<UserSummary>>> {
    let mut connection = state.database.pool().acquire().await?;
    let every = super::session::every_service(&mut connection).await?;
    Ok(Json(users::list(&mut connection).await?.iter().map(|user| user.summary(&every)).collect()))
}

pub async fn create(
    State(state): State<AppState>,
    Administrator(admin): Administrator,
    AppJson(request): AppJson<NewUserRequest>,
) -> AppResult<(StatusCode, Json<UserSummary>)> {
    if let Some((_, problem)) = request.problems().into_iter().next() {
        return Err(AppError::unprocessable("invalid_request", problem));
    }
    let username = request.username.trim().to_lowercase();
    let name = request.name.trim();
    let password = request.password;
    let hash =
        tokio::task::spawn_blocking(move || secrets::hash_password(&password)).await.map_err(AppError::internal)?;
    let services = (!request.services.is_empty()).then_some(request.services.as_slice());
    let user = NewUser {
        username: &username,
        name,
        role: request.role,
        services,
        password_hash: hash,
        // The administrator chose it: the person picks their own at first sign-in.
        must_change_password: true,
    };
    let mut connection = state.database.pool().acquire().await?;
    let Some(id) = users::insert(&mut connection, &user, &auth::now_rfc3339()).await? else {
        return Err(AppError::conflict("username_taken", format!("There is already a user called {username}.")));
    };
    let created =
        users::find_by_id(&mut connection, &id).await?.ok_or_else(|| AppError::internal("the new user vanished"))?;
    let every = super::session::every_service(&mut connection).await?;
    let services = created.summary(&every).services.join(", ");
    let detail = format!(
        "{username} ({}): {}",
        created.role.label(),
        if services.is_empty() { "no services" } else { &services }
    );
    let at = auth::now_rfc3339();
    crate::db::audit::append(
        &mut connection,
        &crate::db::audit::NewEntry {
            detail: Some(&detail),
            ..crate::db::audit::NewEntry::by(&admin.user, &at, "user_created", "created")
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(created.summary(&every))))
}
