//! HTTP to our server: health, push and pull, the session and the audit. Types come from `pathdesk_core::sync`
//! and `pathdesk_core::access`. Every state-changing request carries the session's anti-forgery token.

use std::cell::RefCell;

use gloo_net::http::{Request, RequestBuilder, Response};
use pathdesk_core::access::{
    AuditPage, ChangePasswordRequest, NewUserRequest, PatientOpened, SessionInfo, SignInRequest, UserSummary,
    CSRF_HEADER,
};
use pathdesk_core::sync::{ApiError, Cursor, Health, PullResponse, PushRequest, PushResponse};
use serde::de::DeserializeOwned;

thread_local! {
    /// The signed-in session's anti-forgery token: kept in memory only, never on the device.
    static CSRF_TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Remember (or forget) the token every POST, PUT and DELETE must carry.
pub fn set_csrf_token(token: Option<String>) {
    CSRF_TOKEN.with(|slot| *slot.borrow_mut() = token);
}

/// Started offline, Pathdesk has no token yet: fetch the session's before the first state-changing request.
pub async fn ensure_csrf_token() -> Result<(), ApiFailure> {
    if CSRF_TOKEN.with(|slot| slot.borrow().is_some()) {
        return Ok(());
    }
    let info = session().await?;
    set_csrf_token(Some(info.csrf_token));
    Ok(())
}

/// A state-changing request: with the `X-CSRF-Token` header when signed in.
fn with_csrf(builder: RequestBuilder) -> RequestBuilder {
    match CSRF_TOKEN.with(|slot| slot.borrow().clone()) {
        Some(token) => builder.header(CSRF_HEADER, &token),
        None => builder,
    }
}

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

    /// The server says nobody is signed in (the session ended or expired): the person must sign in again.
    pub fn is_signed_out(&self) -> bool {
        matches!(self, ApiFailure::Refused { status: 401, .. })
    }

    /// The server's own words, for a screen that shows them beside a form.
    pub fn message(&self) -> String {
        match self {
            ApiFailure::Refused { message, .. } | ApiFailure::ServerError { status: 429, message } => message.clone(),
            other => other.to_string(),
        }
    }

    /// The server's stable code of a refusal (`wrong_credentials`, `too_many_attempts`, ...).
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiFailure::Refused { code, .. } => Some(code),
            ApiFailure::ServerError { status: 429, .. } => Some("too_many_attempts"),
            _ => None,
        }
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
    Err(failure(response).await)
}

/// A 2xx answer with no body (204).
async fn read_empty(response: Response) -> Result<(), ApiFailure> {
    if (200..300).contains(&response.status()) {
        return Ok(());
    }
    Err(failure(response).await)
}

async fn failure(response: Response) -> ApiFailure {
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    let (code, message) = match serde_json::from_str::<ApiError>(&text) {
        Ok(error) => (error.error, error.message),
        Err(_) => ("http_error".to_string(), if text.is_empty() { response.status_text() } else { text }),
    };
    classify(status, code, message)
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
    let response = with_csrf(Request::post("/api/sync/push"))
        .json(request)
        .map_err(unreachable)?
        .send()
        .await
        .map_err(unreachable)?;
    read(response).await
}

/// The changes after `cursor`, at most `limit` of them, for this device (`client_id`).
pub async fn pull(client_id: &str, cursor: Cursor, limit: u32, count: bool) -> Result<PullResponse, ApiFailure> {
    let (after, limit) = (cursor.to_string(), limit.to_string());
    let count = if count { "true" } else { "false" };
    let response = Request::get("/api/sync/pull")
        .query([("after", after.as_str()), ("limit", limit.as_str()), ("client_id", client_id), ("count", count)])
        .send()
        .await
        .map_err(unreachable)?;
    read(response).await
}

/// `GET /api/session`: who is signed in on this browser (401 `signed_out` when nobody).
pub async fn session() -> Result<SessionInfo, ApiFailure> {
    let response = Request::get("/api/session").send().await.map_err(unreachable)?;
    read(response).await
}

/// `POST /api/session`: sign in. 401 `wrong_credentials`; 429 `too_many_attempts` (as a server error here,
/// since waiting helps: see [`ApiFailure::code`]).
pub async fn sign_in(request: &SignInRequest) -> Result<SessionInfo, ApiFailure> {
    let response =
        Request::post("/api/session").json(request).map_err(unreachable)?.send().await.map_err(unreachable)?;
    read(response).await
}

/// `DELETE /api/session`: sign out.
pub async fn sign_out() -> Result<(), ApiFailure> {
    let response = with_csrf(Request::delete("/api/session")).send().await.map_err(unreachable)?;
    read_empty(response).await
}

/// `POST /api/session/password`: choose a new password.
pub async fn change_password(request: &ChangePasswordRequest) -> Result<(), ApiFailure> {
    let response = with_csrf(Request::post("/api/session/password"))
        .json(request)
        .map_err(unreachable)?
        .send()
        .await
        .map_err(unreachable)?;
    read_empty(response).await
}

/// `POST /api/audit/patient-opened`: this person opened a patient's record.
pub async fn patient_opened(patient_id: &str) -> Result<(), ApiFailure> {
    let body = PatientOpened { patient_id: patient_id.to_string() };
    let response = with_csrf(Request::post("/api/audit/patient-opened"))
        .json(&body)
        .map_err(unreachable)?
        .send()
        .await
        .map_err(unreachable)?;
    read_empty(response).await
}

/// What an administrator searches the audit for; empty fields do not narrow the search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub user: String,
    pub patient: String,
    /// `YYYY-MM-DD`.
    pub from: String,
    pub to: String,
}

impl AuditQuery {
    /// The query string's pairs, without the empty ones.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        [("user", &self.user), ("patient", &self.patient), ("from", &self.from), ("to", &self.to)]
            .into_iter()
            .map(|(key, value)| (key, value.trim().to_string()))
            .filter(|(_, value)| !value.is_empty())
            .collect()
    }

    /// The address of the CSV export of this search.
    pub fn csv_href(&self) -> String {
        let mut href = String::from("/api/audit?format=csv");
        for (key, value) in self.pairs() {
            href.push('&');
            href.push_str(key);
            href.push('=');
            href.push_str(&String::from(js_sys::encode_uri_component(&value)));
        }
        href
    }
}

/// `GET /api/audit`: administrators only.
pub async fn audit(query: &AuditQuery) -> Result<AuditPage, ApiFailure> {
    let pairs = query.pairs();
    let response = Request::get("/api/audit")
        .query(pairs.iter().map(|(k, v)| (*k, v.as_str())))
        .send()
        .await
        .map_err(unreachable)?;
    read(response).await
}

/// `GET /api/users`: everyone who can sign in (administrators only).
pub async fn users() -> Result<Vec<UserSummary>, ApiFailure> {
    let response = Request::get("/api/users").send().await.map_err(unreachable)?;
    read(response).await
}

/// `GET /api/people`: who work can be given to (any signed-in person).
pub async fn people() -> Result<pathdesk_core::access::Directory, ApiFailure> {
    let response = Request::get("/api/people").send().await.map_err(unreachable)?;
    read(response).await
}

/// `POST /api/users`: add a person (administrators only).
pub async fn add_user(request: &NewUserRequest) -> Result<UserSummary, ApiFailure> {
    let response =
        with_csrf(Request::post("/api/users")).json(request).map_err(unreachable)?.send().await.map_err(unreachable)?;
    read(response).await
}

/// POSTs `file` as CSV to `path` with `query`.
async fn upload(path: &str, query: &[(&str, &str)], file: &web_sys::File) -> Result<Response, ApiFailure> {
    with_csrf(Request::post(path).query(query.iter().copied()))
        .header("Content-Type", "text/csv")
        .body(wasm_bindgen::JsValue::from(file.clone()))
        .map_err(unreachable)?
        .send()
        .await
        .map_err(unreachable)
}

/// `POST /api/imports/check?kind=`: the dry run of a PAS extract (nothing is written). Team leads and
/// administrators.
pub async fn import_check(
    kind: &str,
    file: &web_sys::File,
) -> Result<pathdesk_core::pas_import::CheckReport, ApiFailure> {
    read(upload("/api/imports/check", &[("kind", kind)], file).await?).await
}

/// `POST /api/imports?kind=&file_name=`: import the file's good rows, in the background; the import's id.
pub async fn import_start(kind: &str, file: &web_sys::File) -> Result<String, ApiFailure> {
    let name = file.name();
    let started: serde_json::Value =
        read(upload("/api/imports", &[("kind", kind), ("file_name", name.as_str())], file).await?).await?;
    Ok(started["id"].as_str().unwrap_or_default().to_string())
}

/// `GET /api/imports`: the latest imports.
pub async fn imports() -> Result<Vec<pathdesk_core::pas_import::ImportStatus>, ApiFailure> {
    let response = Request::get("/api/imports").send().await.map_err(unreachable)?;
    read(response).await
}

/// `GET /api/imports/{id}`: how far an import has gone.
pub async fn import_status(id: &str) -> Result<pathdesk_core::pas_import::ImportStatus, ApiFailure> {
    let response = Request::get(&format!("/api/imports/{id}")).send().await.map_err(unreachable)?;
    read(response).await
}

/// `POST /api/imports/{id}/resume`: carry on an import that stopped.
pub async fn import_resume(id: &str) -> Result<pathdesk_core::pas_import::ImportStatus, ApiFailure> {
    let response = with_csrf(Request::post(&format!("/api/imports/{id}/resume"))).send().await.map_err(unreachable)?;
    read(response).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_need_a_person_and_outages_are_retried() {
        assert!(!classify(409, "sequence_gap".into(), "gap".into()).is_transient());
        assert!(!classify(400, "bad_request".into(), "bad".into()).is_transient());
        assert!(classify(503, "unavailable".into(), "down".into()).is_transient());
        assert!(classify(429, "slow_down".into(), "busy".into()).is_transient());
        assert!(ApiFailure::Unreachable("Failed to fetch".into()).is_transient());
    }
}
