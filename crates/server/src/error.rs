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
    /// Something failed on our side; the detail goes to the log only.
    Internal(Box<dyn std::error::Error + Send + Sync>),
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
        AppError::internal(error)
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
