//! HTTP to our server: health, push and pull. Types come from `pathdesk_core::sync`.

use gloo_net::http::{Request, Response};
use pathdesk_core::sync::{ApiError, Health, PullResponse, PushRequest, PushResponse};
use serde::de::DeserializeOwned;

/// What went wrong talking to the server, sorted by what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiFailure {
    /// No answer (offline, server down, connection dropped): try again later.
    #[error("The server could not be reached ({0}). Changes stay on this device and sync when it is back.")]
    Unreachable(String),
    /// The server failed (5xx): try again later.
    #[error("The server had a problem (HTTP {status}): {message}. Pathdesk will try again.")]
    ServerError { status: u16, message: String },
    /// The server refused the request (4xx): trying again will not help; a person must look.
    #[error("The server refused to sync (HTTP {status}, {code}): {message}")]
    Refused { status: u16, code: String, message: String },
}

impl ApiFailure {
    /// Worth retrying by itself (with backoff)?
    pub fn is_transient(&self) -> bool {
        !matches!(self, ApiFailure::Refused { .. })
    }
}

/// Sort an HTTP answer: 2xx decodes `T`; 4xx is refused; 5xx is a server error.
async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiFailure> {
    let status = response.status();
    if (200..300).contains(&status) {
        return response
            .json::<T>()
            .await
            .map_err(|e| ApiFailure::ServerError { status, message: format!("the answer could not be read: {e}") });
    }
    let text = response.text().await.unwrap_or_default();
    let (code, message) = match serde_json::from_str::<ApiError>(&text) {
        Ok(error) => (error.error, error.message),
        Err(_) => ("http_error".to_string(), if text.is_empty() { response.status_text() } else { text }),
    };
    Err(classify(status, code, message))
}

/// 4xx (except 408 timeout and 429 too many requests) needs a person; the rest is retried.
pub fn classify(status: u16, code: String, message: String) -> ApiFailure {
    if (400..500).contains(&status) && status != 408 && status != 429 {
        ApiFailure::Refused { status, code, message }
    } else {
        ApiFailure::ServerError { status, message }
    }
}

fn unreachable(error: gloo_net::Error) -> ApiFailure {
    ApiFailure::Unreachable(error.to_string())
}

pub async fn health() -> Result<Health, ApiFailure> {
    let response = Request::get("/api/health").send().await.map_err(unreachable)?;
    read(response).await
}

pub async fn push(request: &PushRequest) -> Result<PushResponse, ApiFailure> {
    let response =
        Request::post("/api/sync/push").json(request).map_err(unreachable)?.send().await.map_err(unreachable)?;
    read(response).await
}

/// The changes after `cursor`, at most `limit` of them.
pub async fn pull(cursor: i64, limit: u32) -> Result<PullResponse, ApiFailure> {
    let (after, limit) = (cursor.to_string(), limit.to_string());
    let response = Request::get("/api/sync/pull")
        .query([("after", after.as_str()), ("limit", limit.as_str())])
        .send()
        .await
        .map_err(unreachable)?;
    read(response).await
}
