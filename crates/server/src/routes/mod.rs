//! The HTTP surface: `/api/...` (JSON only) and, for every other path, the built app.

mod health;
mod static_files;
mod sync;

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, OriginalUri};
use axum::http::{header, HeaderValue, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::db::Database;
use crate::error::AppError;

/// The largest push body accepted: 500 commands of ordinary size fit with room to spare.
pub const PUSH_BODY_LIMIT_BYTES: usize = 2 * 1024 * 1024;

/// No inline script, no third-party origin: everything the app needs comes from this server.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; \
     object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub database: Database,
    /// The folder of the built app (index.html, wasm, js, css, icons).
    pub dist_dir: Arc<PathBuf>,
}

impl AppState {
    pub fn new(database: Database, dist_dir: impl Into<PathBuf>) -> AppState {
        AppState { database, dist_dir: Arc::new(dist_dir.into()) }
    }
}

/// The whole server as one router, ready to serve or to drive in-process from tests.
pub fn app(state: AppState) -> Router {
    Router::new()
        .nest("/api", api())
        .fallback(static_files::serve)
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

fn api() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/sync/push", post(sync::push).layer(DefaultBodyLimit::max(PUSH_BODY_LIMIT_BYTES)))
        .route("/sync/pull", get(sync::pull))
        .fallback(api_not_found)
        .method_not_allowed_fallback(api_method_not_allowed)
        // API answers are about this moment's data: never cached by the browser or a proxy.
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
}

async fn api_not_found(OriginalUri(uri): OriginalUri) -> AppError {
    AppError::not_found(format!("There is no API endpoint at {}.", uri.path()))
}

async fn api_method_not_allowed(method: axum::http::Method, OriginalUri(uri): OriginalUri) -> AppError {
    AppError::client(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{} does not accept {method} requests.", uri.path()),
    )
}
