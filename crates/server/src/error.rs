//! One error type for every handler: a client mistake becomes a 4xx with a message a person can act on; anything
//! else is logged in full and answered with a plain 500 that gives nothing away.

use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use pathdesk_core::sync::ApiError;

#[derive(Debug)]
pub enum AppError {
    /// The request is wrong; `code` is stable for programs, `message` is for people.
    Client { status: StatusCode, code: &'static str, message: String },
    /// The database cannot be reached, or is too busy to answer in time (a held lock, a timeout): 503 with
    /// Retry-After, so the desk waits and tries again with its changes kept. The detail goes to the log only.
    Unavailable(Box<dyn std::error::Error + Send + Sync>),
    /// Something failed on our side; the detail goes to the log only.
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

/// Seconds a desk is asked to wait before trying again when the database is unavailable.
pub const RETRY_AFTER_SECONDS: u32 = 5;

/// The words for a database the server cannot reach (also the health check's).
pub const DATABASE_UNAVAILABLE: &str =
    "The server is running but cannot reach its database just now. Your changes are safe on this device and will \
     sync when it is back.";

/// Does `error` mean the database is out of reach or too busy, rather than a fault in a request or in our code?
/// Connection failures, a pool that could not hand out a connection in time, and PostgreSQL's connection
/// (class 08), shutdown (57P01-57P03), lock-timeout (55P03), statement-timeout (57014) and idle-transaction
/// (25P03) errors; SQLite's "database is busy/locked" (5, 6, 261, 517) once its busy timeout has run out.
pub fn database_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(error) => error.code().is_some_and(|code| {
            code.starts_with("08")
                || ["57P01", "57P02", "57P03", "55P03", "57014", "25P03", "5", "6", "261", "517"].contains(&&*code)
        }),
        _ => false,
    }
}

impl AppError {
    pub fn client(status: StatusCode, code: &'static str, message: impl Into<String>) -> AppError {
        AppError::Client { status, code, message: message.into() }
    }
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> AppError {
        AppError::client(StatusCode::BAD_REQUEST, code, message)
    }
    pub fn not_found(message: impl Into<String>) -> AppError {
        AppError::client(StatusCode::NOT_FOUND, "not_found", message)
    }
    pub fn conflict(code: &'static str, message: impl Into<String>) -> AppError {
        AppError::client(StatusCode::CONFLICT, code, message)
    }
    pub fn unprocessable(code: &'static str, message: impl Into<String>) -> AppError {
        AppError::client(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    }
    pub fn payload_too_large(message: impl Into<String>) -> AppError {
        AppError::client(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", message)
    }
    pub fn internal(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> AppError {
        AppError::Internal(error.into())
    }
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> AppError {
        if database_unavailable(&error) {
            AppError::Unavailable(error.into())
        } else {
            AppError::internal(error)
        }
    }
}

impl From<serde_json::Error> for AppError {
    fn from(error: serde_json::Error) -> AppError {
        AppError::internal(error)
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> AppError {
        let detail = rejection.body_text();
        match rejection {
            JsonRejection::MissingJsonContentType(_) => AppError::client(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "The request body must be JSON, sent with the header Content-Type: application/json.",
            ),
            JsonRejection::JsonSyntaxError(_) => {
                AppError::bad_request("malformed_json", format!("The request body is not valid JSON: {detail}"))
            }
            JsonRejection::JsonDataError(_) => AppError::unprocessable(
                "invalid_request",
                format!("The request body does not have the fields this endpoint expects: {detail}"),
            ),
            JsonRejection::BytesRejection(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                AppError::payload_too_large(
                    "The request body is too large. Send fewer commands in each push (the sync client splits \
                     its outbox into smaller pushes).",
                )
            }
            other => AppError::bad_request(
                "unreadable_body",
                format!("The request body could not be read: {}", other.body_text()),
            ),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            AppError::Client { status, code, message } => (status, ApiError { error: code.to_string(), message }),
            AppError::Unavailable(error) => {
                tracing::warn!(error = %error, "the database is unavailable: answered 503");
                let body =
                    ApiError { error: "database_unavailable".to_string(), message: DATABASE_UNAVAILABLE.to_string() };
                let retry = [(axum::http::header::RETRY_AFTER, RETRY_AFTER_SECONDS.to_string())];
                return (StatusCode::SERVICE_UNAVAILABLE, retry, Json(body)).into_response();
            }
            AppError::Internal(error) => {
                tracing::error!(error = %error, details = ?error, "request failed with an internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ApiError {
                        error: "internal".to_string(),
                        message: "Something went wrong on the server. Your changes are kept on this device; try \
                                  again in a few minutes, and tell IT if it keeps happening."
                            .to_string(),
                    },
                )
            }
        };
        (status, Json(body)).into_response()
    }
}

pub type AppResult<T> = Result<T, AppError>;
