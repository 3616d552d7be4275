//! `GET /api/health`: is the server up and can it reach its database.

use axum::extract::State;
use axum::Json;
use pathdesk_core::sync::{Health, SCHEMA_VERSION};

use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub async fn health(State(state): State<AppState>) -> AppResult<Json<Health>> {
    if let Err(error) = state.database.reachable().await {
        tracing::error!(%error, "health check could not reach the database");
        return Err(AppError::Unavailable(error.into()));
    }
    Ok(Json(Health {
        status: "ok".to_string(),
        schema_version: SCHEMA_VERSION,
        version: env!("CARGO_PKG_VERSION").to_string(),
    }))
}
