//! The built app, served from `PATHDESK_DIST`: files as they are, index.html for the app's own paths (the router
//! in the browser takes it from there), and cache rules that let hashed assets live forever while index.html,
//! the service worker and the manifest are checked on every load.

use std::path::Path;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::state::AppState;

pub const CACHE_FOREVER: &str = "public, max-age=31536000, immutable";
pub const CACHE_REVALIDATE: &str = "no-cache";

pub async fn serve(State(state): State<AppState>, request: Request) -> Response {
    let dist = state.dist_dir.as_path();
    let index = dist.join("index.html");
    if !tokio::fs::metadata(&index).await.is_ok_and(|metadata| metadata.is_file()) {
        return app_not_built(dist);
    }
    let path = request.uri().path().to_string();
    // A NUL byte can be in no file name (ServeDir would answer 500 and log an error): the address is at fault.
    if path.to_ascii_lowercase().contains("%00") {
        return (StatusCode::BAD_REQUEST, "This address holds a character no file name can hold. Check the link.")
            .into_response();
    }
    let (method, headers) = (request.method().clone(), request.headers().clone());

    let response = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(request)
        .await
        .unwrap_or_else(|never| match never {});
    let mut response = response.map(Body::new);
    let mut served_index = path.ends_with('/');

    if response.status() == StatusCode::NOT_FOUND {
        if looks_like_a_file(&path) || !(method == Method::GET || method == Method::HEAD) {
            return (StatusCode::NOT_FOUND, "Not found.").into_response();
        }
        // A path of the app itself (/patients/123): the browser's router shows the right screen.
        let mut index_request =
            Request::builder().method(method).uri("/index.html").body(Body::empty()).expect("a valid request");
        *index_request.headers_mut() = headers;
        response =
            ServeFile::new(&index).oneshot(index_request).await.unwrap_or_else(|never| match never {}).map(Body::new);
        served_index = true;
    }

    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        let policy = if served_index { CACHE_REVALIDATE } else { cache_policy(&path) };
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// Hashed assets never change under their name; anything else must be checked with the server on each load.
pub fn cache_policy(path: &str) -> &'static str {
    let file_name = path.rsplit('/').next().unwrap_or_default();
    if is_hashed_asset(file_name) {
        CACHE_FOREVER
    } else {
        CACHE_REVALIDATE
    }
}

/// Trunk's names: `pathdesk-1a2b3c4d5e6f7a8b_bg.wasm`, `pathdesk-1a2b3c4d5e6f7a8b.js`, `main-1a2b3c4d5e6f7a8b.css`.
fn is_hashed_asset(file_name: &str) -> bool {
    let Some((stem, _extension)) = file_name.split_once('.') else { return false };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((name, hash)) => !name.is_empty() && hash.len() >= 8 && hash.chars().all(|c| c.is_ascii_hexdigit()),
        None => false,
    }
}

fn looks_like_a_file(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(|last| last.contains('.'))
}

fn app_not_built(dist: &Path) -> Response {
    let message = format!(
        "Pathdesk's server is running, but the app has not been built: there is no index.html in {}.\n\
         Run `cargo xtask run` (it builds the app, then starts the server), or set PATHDESK_DIST to the folder of \
         a built app.\n",
        dist.display()
    );
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, CACHE_REVALIDATE)],
        message,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_hashed_names_are_cached_forever() {
        assert_eq!(cache_policy("/pathdesk-1a2b3c4d5e6f7a8b_bg.wasm"), CACHE_FOREVER);
        assert_eq!(cache_policy("/pathdesk-1a2b3c4d5e6f7a8b.js"), CACHE_FOREVER);
        assert_eq!(cache_policy("/main-00ff00ff00ff00ff.css"), CACHE_FOREVER);
    }

    #[test]
    fn names_without_a_hash_are_revalidated() {
        for path in [
            "/",
            "/index.html",
            "/sw.js",
            "/manifest.webmanifest",
            "/icons/icon-192.png",
            "/pathdesk.js",
            "/nhs-logo.svg",
        ] {
            assert_eq!(cache_policy(path), CACHE_REVALIDATE, "{path}");
        }
    }
}
