//! The HTTP surface: `/api/...` (JSON only) and, for every other path, the built app.

mod audit;
mod fhir;
mod health;
mod imports;
mod people;
pub mod session;
mod static_files;
mod sync;
mod users;

use axum::extract::{DefaultBodyLimit, OriginalUri};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::error::AppError;
pub use crate::state::{AppState, Settings};

/// The largest push body accepted: 500 commands of ordinary size fit with room to spare.
pub const PUSH_BODY_LIMIT_BYTES: usize = 2 * 1024 * 1024;

/// No inline script, no third-party origin: everything the app needs comes from this server.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; \
     object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// The largest PAS extract file accepted by an import.
pub const IMPORT_BODY_LIMIT_BYTES: usize = crate::imports::MAX_FILE_BYTES;

/// The largest body of any other request (sign-in, audit, ...): these are a few short fields.
pub const SMALL_BODY_LIMIT_BYTES: usize = 16 * 1024;

/// HSTS when served over HTTPS: a year, this host and its subdomains.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000; includeSubDomains";

/// The whole server as one router, ready to serve or to drive in-process from tests.
pub fn app(state: AppState) -> Router {
    let https = state.settings.https;
    let router = Router::new()
        .nest("/api", api(state.clone()))
        .fallback(static_files::serve)
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        .layer(TraceLayer::new_for_http())
        // A fault in our code answers 500 with what to do, instead of dropping the connection (which a desk reads
        // as "the server is unreachable" and retries for ever). Pushed commands are also caught one by one.
        .layer(CatchPanicLayer::custom(answer_panic))
        .with_state(state);
    if https {
        router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        ))
    } else {
        router
    }
}

fn answer_panic(panic: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let what = panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|text| text.to_string()))
        .unwrap_or_else(|| "a panic with no message".to_string());
    AppError::Internal(what.into()).into_response()
}

/// Every endpoint. Each is behind [`crate::auth::require_session`] (a layer over the whole API, its fallbacks
/// included) except those `auth::is_public` names: `GET /api/health` and `POST /api/session`.
fn api(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/session", post(session::sign_in).get(session::current).delete(session::sign_out))
        .route("/session/password", post(session::change_password))
        .route("/sync/push", post(sync::push).layer(DefaultBodyLimit::max(PUSH_BODY_LIMIT_BYTES)))
        .route("/sync/pull", get(sync::pull))
        .route("/audit", get(audit::search))
        .route("/audit/patient-opened", post(audit::patient_opened))
        .route("/users", get(users::list).post(users::create))
        .route("/people", get(people::directory))
        .route(
            "/imports",
            get(imports::list).post(imports::start).layer(DefaultBodyLimit::max(IMPORT_BODY_LIMIT_BYTES)),
        )
        .route("/imports/check", post(imports::check).layer(DefaultBodyLimit::max(IMPORT_BODY_LIMIT_BYTES)))
        .route("/imports/template", get(imports::template))
        .route("/imports/{id}", get(imports::progress))
        .route("/imports/{id}/resume", post(imports::resume))
        .route("/fhir/metadata", get(fhir::metadata))
        .route("/fhir/{resource_type}", get(fhir::search).fallback(fhir::not_supported))
        .route("/fhir/{resource_type}/{id}", get(fhir::read).fallback(fhir::not_supported))
        .fallback(api_not_found)
        .method_not_allowed_fallback(api_method_not_allowed)
        .layer(DefaultBodyLimit::max(SMALL_BODY_LIMIT_BYTES))
        .layer(from_fn_with_state(state, crate::auth::require_session))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_in_a_handler_is_answered_500_with_what_to_do() {
        let response = answer_panic(Box::new("index out of bounds"));
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(response.into_body(), 10_000).await.unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["error"], "internal");
        assert!(body["message"].as_str().unwrap().contains("Your changes are kept on this device"));
        assert!(!body.to_string().contains("index out of bounds"), "the detail goes to the log, not the desk");
    }
}
