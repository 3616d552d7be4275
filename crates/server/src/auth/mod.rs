//! Who is asking: the session cookie checked on every `/api/*` request (but health and signing in), the
//! anti-forgery token on every state-changing one, and the request's `Origin` where the browser sends it.

pub mod secrets;

use axum::extract::{FromRequestParts, OriginalUri, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use pathdesk_core::access::{CSRF_HEADER, SESSION_COOKIE};

use crate::db::users::User;
use crate::db::{sessions, users};
use crate::error::AppError;
use crate::state::AppState;

/// The signed-in person behind a request (put there by [`require_session`]).
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user: User,
    pub csrf_token: String,
    /// The session's key in the database (the hash of its cookie's token).
    pub token_hash: String,
}

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<SignedIn>().cloned().ok_or_else(signed_out)
    }
}

/// The signed-in person behind a request, who must be an administrator: any other person gets 403 `forbidden`
/// ("Only an administrator can do this") before the handler runs.
#[derive(Debug, Clone)]
pub struct Administrator(pub SignedIn);

impl FromRequestParts<AppState> for Administrator {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let signed_in = SignedIn::from_request_parts(parts, state).await?;
        if signed_in.user.role == pathdesk_core::access::Role::Administrator {
            return Ok(Administrator(signed_in));
        }
        let path = parts.extensions.get::<OriginalUri>().map_or(parts.uri.path(), |OriginalUri(uri)| uri.path());
        let detail = format!("{} {path}", parts.method);
        refused(state, Some(&signed_in.user), "administrators_only", &detail).await;
        Err(AppError::client(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Only an administrator can do this. Ask your Pathdesk administrator.",
        ))
    }
}

/// Audits a request refused before any handler ran (`what`: which check refused it).
pub async fn refused(state: &AppState, user: Option<&User>, what: &str, detail: &str) {
    let at = now_rfc3339();
    let detail = format!("{what}: {detail}");
    crate::db::audit::note(
        &state.database,
        &crate::db::audit::NewEntry {
            detail: Some(&detail),
            ..match user {
                Some(user) => crate::db::audit::NewEntry::by(user, &at, "request", "refused"),
                None => crate::db::audit::NewEntry::named("(not signed in)", &at, "request", "refused"),
            }
        },
    )
    .await;
}

/// The requests anyone may make: is the server up, and signing in.
pub fn is_public(method: &Method, path: &str) -> bool {
    matches!((method, path), (&Method::GET | &Method::HEAD, "/api/health") | (&Method::POST, "/api/session"))
}

pub fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

pub fn signed_out() -> AppError {
    AppError::client(StatusCode::UNAUTHORIZED, "signed_out", "Sign in to continue.")
}

/// The middleware over `/api`: 401 `signed_out` without a live session, 403 `csrf` for a state-changing request
/// without the session's token, 403 `origin` for a request sent from another site.
pub async fn require_session(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = match request.extensions().get::<OriginalUri>() {
        Some(OriginalUri(uri)) => uri.path().to_string(),
        None => request.uri().path().to_string(),
    };
    let method = request.method().clone();
    if changes_state(&method) {
        if let Err(error) = check_origin(&state, request.headers()) {
            let origin = request.headers().get(header::ORIGIN).and_then(|o| o.to_str().ok()).unwrap_or_default();
            refused(&state, None, "other_site", &format!("{method} {path} from {origin}")).await;
            return error.into_response();
        }
    }
    if is_public(&method, &path) {
        return next.run(request).await;
    }
    let signed_in = match find_session(&state, request.headers()).await {
        Ok(Some(signed_in)) => signed_in,
        Ok(None) => return signed_out().into_response(),
        Err(error) => return error.into_response(),
    };
    if changes_state(&method) {
        let sent = request.headers().get(CSRF_HEADER).and_then(|value| value.to_str().ok()).unwrap_or_default();
        if !secrets::same_secret(sent, &signed_in.csrf_token) {
            refused(&state, Some(&signed_in.user), "anti_forgery_token", &format!("{method} {path}")).await;
            return AppError::client(
                StatusCode::FORBIDDEN,
                "csrf",
                "This request did not carry this session's anti-forgery token, so it was refused. Reload the page \
                 and try again.",
            )
            .into_response();
        }
    }
    if signed_in.user.must_change_password && !allowed_before_new_password(&method, &path) {
        return AppError::client(
            StatusCode::FORBIDDEN,
            "must_change_password",
            "You signed in with a one-time password: choose your own password first.",
        )
        .into_response();
    }
    request.extensions_mut().insert(signed_in);
    next.run(request).await
}

/// What someone signed in with a one-time password may do before choosing their own: see who they are, choose
/// it, or sign out.
fn allowed_before_new_password(method: &Method, path: &str) -> bool {
    matches!(
        (method, path),
        (&Method::GET | &Method::DELETE, "/api/session") | (&Method::POST, "/api/session/password")
    )
}

/// The session named by the request's cookie, if it is live, with its user.
pub async fn find_session(state: &AppState, headers: &HeaderMap) -> Result<Option<SignedIn>, AppError> {
    let Some(token) = session_token(headers) else { return Ok(None) };
    let token_hash = secrets::token_hash(&token);
    let mut connection = state.database.pool().acquire().await?;
    let Some(session) = sessions::find_live(&mut connection, &token_hash, now_seconds()).await? else {
        return Ok(None);
    };
    let Some(user) = users::find_by_id(&mut connection, &session.user_id).await? else { return Ok(None) };
    Ok(Some(SignedIn { user, csrf_token: session.csrf_token, token_hash }))
}

/// The value of the session cookie, from any `Cookie` header.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    cookie(headers, SESSION_COOKIE)
}

/// The cookie that marks a device someone has signed in on (see `sessions::is_known_device`).
pub const DEVICE_COOKIE: &str = "pathdesk_device";

/// The value of the device cookie, from any `Cookie` header.
pub fn device_token(headers: &HeaderMap) -> Option<String> {
    cookie(headers, DEVICE_COOKIE)
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(found, value)| *found == name && !value.is_empty() && value.len() <= 128)
        .map(|(_, value)| value.to_string())
}

/// The `Set-Cookie` value that marks this device as one its person has signed in on: HttpOnly, kept 400 days (the
/// most a browser keeps a cookie), sent only to the sign-in address.
pub fn device_cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{DEVICE_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/api/session; Max-Age=34560000{secure}")
}

/// The client's address, for slowing password guessing: the connection's peer, or, when the peer is the trust's
/// proxy (`PATHDESK_TRUSTED_PROXY`), the address the proxy says it forwarded for (the last `X-Forwarded-For` entry,
/// the one the proxy itself added). `unknown` when neither is known (a test driving the router in-process).
pub fn client_address(
    headers: &HeaderMap,
    peer: Option<std::net::SocketAddr>,
    trusted_proxy: Option<std::net::IpAddr>,
) -> String {
    let Some(peer) = peer else { return "unknown".to_string() };
    if trusted_proxy == Some(peer.ip()) {
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .filter_map(|entry| entry.trim().parse::<std::net::IpAddr>().ok())
            .next_back();
        if let Some(client) = forwarded {
            return client.to_string();
        }
    }
    peer.ip().to_string()
}

/// A browser names the page that sent a request in `Origin`; it must be this server. Requests without one (not
/// from a browser page) pass: they carry no one's cookies by accident.
pub fn check_origin(state: &AppState, headers: &HeaderMap) -> Result<(), AppError> {
    let Some(origin) = headers.get(header::ORIGIN) else { return Ok(()) };
    let origin = origin.to_str().unwrap_or_default().trim_end_matches('/').to_ascii_lowercase();
    let allowed = match &state.settings.public_origin {
        Some(public) => origin == *public,
        None => {
            let host = headers.get(header::HOST).and_then(|host| host.to_str().ok()).unwrap_or_default();
            let host = host.to_ascii_lowercase();
            !host.is_empty() && (origin == format!("http://{host}") || origin == format!("https://{host}"))
        }
    };
    if allowed {
        Ok(())
    } else {
        Err(AppError::client(
            StatusCode::FORBIDDEN,
            "origin",
            "This request came from another website, so it was refused. Open Pathdesk at its own address.",
        ))
    }
}

/// The `Set-Cookie` value that starts a session.
pub fn session_cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/{secure}")
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn cleared_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{secure}")
}

pub fn now_seconds() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The server's UTC time for the audit (RFC 3339, milliseconds).
pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
