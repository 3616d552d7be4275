//! `GET /api/fhir/metadata`, `GET /api/fhir/{type}` (search) and `GET /api/fhir/{type}/{id}` (read): the FHIR R4
//! read API (see `crate::fhir`). Answers are `application/fhir+json`; a mistake in the request is answered with an
//! OperationOutcome that says what to send instead.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use fhirbolt::model::r4::resources::{OperationOutcome, OperationOutcomeIssue};
use fhirbolt::model::r4::Resource;

use crate::auth::SignedIn;
use crate::db::records::Visibility;
use crate::error::database_unavailable;
use crate::fhir::{self, search};
use crate::state::AppState;

/// The media type of every answer.
pub const FHIR_JSON: &str = "application/fhir+json; charset=utf-8";

pub async fn metadata(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = base_url(&state, &headers);
    answer(
        StatusCode::OK,
        &Resource::CapabilityStatement(Box::new(fhir::capability::statement(crate::uk_today(), &base))),
    )
}

pub async fn search(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(resource_type): Path<String>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
    headers: HeaderMap,
) -> Response {
    let Some(resource_type) = known_type(&resource_type) else { return unknown_type(&resource_type) };
    let query = match query {
        Ok(Query(pairs)) => pairs,
        Err(rejection) => {
            return outcome(
                StatusCode::BAD_REQUEST,
                "invalid",
                &format!("The query could not be read: {}", rejection.body_text()),
            )
        }
    };
    let search = match search::read(resource_type, &query) {
        Ok(search) => search,
        Err(message) => return outcome(StatusCode::BAD_REQUEST, "not-supported", &message),
    };
    match found(&state, &signed_in, resource_type, &search).await {
        Ok(found) => {
            let base = base_url(&state, &headers);
            answer(
                StatusCode::OK,
                &Resource::Bundle(Box::new(fhir::bundle(&base, resource_type, found, &search, &query))),
            )
        }
        Err(error) => failed(error),
    }
}

pub async fn read(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((resource_type, id)): Path<(String, String)>,
) -> Response {
    let Some(resource_type) = known_type(&resource_type) else { return unknown_type(&resource_type) };
    let pairs = [("_id".to_string(), id.clone())];
    let search = match search::read(resource_type, &pairs) {
        Ok(search) => search,
        Err(message) => return outcome(StatusCode::BAD_REQUEST, "invalid", &message),
    };
    match found(&state, &signed_in, resource_type, &search).await {
        Ok(found) => match found.resources.into_iter().next() {
            Some(resource) => answer(StatusCode::OK, &resource),
            // Not there, or in a service this reader does not work in: the same answer, so it says nothing.
            None => outcome(
                StatusCode::NOT_FOUND,
                "not-found",
                &format!("There is no {resource_type} {id} that you can see."),
            ),
        },
        Err(error) => failed(error),
    }
}

/// Anything else under `/api/fhir`.
pub async fn not_supported() -> Response {
    outcome(
        StatusCode::NOT_FOUND,
        "not-supported",
        "This FHIR API reads only: GET /api/fhir/metadata, /api/fhir/{type}?{search} and /api/fhir/{type}/{id}.",
    )
}

async fn found(
    state: &AppState,
    signed_in: &SignedIn,
    resource_type: &str,
    search: &search::Search,
) -> sqlx::Result<fhir::Found> {
    let user = &signed_in.user;
    let visibility = if user.all_services { Visibility::AllServices } else { Visibility::Services(&user.services) };
    let mut connection = state.database.pool().acquire().await?;
    fhir::find(&mut connection, resource_type, search, visibility, crate::uk_today()).await
}

fn known_type(asked: &str) -> Option<&'static str> {
    search::TYPES.iter().copied().find(|t| *t == asked)
}

fn unknown_type(asked: &str) -> Response {
    outcome(
        StatusCode::NOT_FOUND,
        "not-supported",
        &format!("{asked:?} is not a resource type served here: use one of {}.", search::TYPES.join(", ")),
    )
}

/// `https://host/api/fhir`: the public address when set, else this request's host.
fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    let origin = state.settings.public_origin.clone().unwrap_or_else(|| {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
        format!("{}://{host}", if state.settings.https { "https" } else { "http" })
    });
    format!("{}/api/fhir", origin.trim_end_matches('/'))
}

fn answer(status: StatusCode, resource: &Resource) -> Response {
    match fhirbolt::json::to_vec(resource, None) {
        Ok(body) => (status, [(header::CONTENT_TYPE, FHIR_JSON)], body).into_response(),
        Err(error) => {
            tracing::error!("a FHIR resource could not be written: {error}");
            outcome(
                StatusCode::INTERNAL_SERVER_ERROR,
                "exception",
                "The answer could not be written. Try again; if it goes on, tell the trust's Pathdesk administrator.",
            )
        }
    }
}

fn failed(error: sqlx::Error) -> Response {
    if database_unavailable(&error) {
        let mut response = outcome(StatusCode::SERVICE_UNAVAILABLE, "transient", crate::error::DATABASE_UNAVAILABLE);
        response.headers_mut().insert(header::RETRY_AFTER, crate::error::RETRY_AFTER_SECONDS.into());
        return response;
    }
    tracing::error!("a FHIR read failed: {error}");
    outcome(
        StatusCode::INTERNAL_SERVER_ERROR,
        "exception",
        "The records could not be read. Try again; if it goes on, tell the trust's Pathdesk administrator.",
    )
}

/// An OperationOutcome with one error: its FHIR issue `code` and what to do.
fn outcome(status: StatusCode, code: &str, diagnostics: &str) -> Response {
    let outcome = OperationOutcome {
        issue: vec![OperationOutcomeIssue {
            severity: "error".into(),
            code: code.into(),
            diagnostics: Some(diagnostics.into()),
            ..Default::default()
        }],
        ..Default::default()
    };
    let body = fhirbolt::json::to_vec(&Resource::OperationOutcome(Box::new(outcome)), None).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, FHIR_JSON)], body).into_response()
}
