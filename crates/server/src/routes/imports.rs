//! PAS extract imports (administrators and team leads): `GET /api/imports/template?kind=` (the layout with two
//! example rows), `POST /api/imports/check?kind=` (the dry run: counts and every bad row, nothing written),
//! `POST /api/imports?kind=&file_name=` (import the good rows in the background), `GET /api/imports` (the latest),
//! `GET /api/imports/{id}` (progress) and `POST /api/imports/{id}/resume`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use pathdesk_core::access::Role;
use pathdesk_core::pas_import::{CheckReport, ImportKind, ImportStatus};
use serde::{Deserialize, Serialize};

use crate::auth::SignedIn;
use crate::db::imports::{self as jobs, ImportJob};
use crate::error::{AppError, AppResult};
use crate::imports::{self, MAX_FILE_BYTES};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct KindParams {
    kind: Option<String>,
    file_name: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Started {
    id: String,
}

fn kind_of(params: &KindParams) -> AppResult<ImportKind> {
    let words: Vec<&str> = ImportKind::ALL.iter().map(|k| k.word()).collect();
    params.kind.as_deref().and_then(ImportKind::from_word).ok_or_else(|| {
        AppError::bad_request("invalid_query", format!("Say which file this is: kind={}.", words.join(" or kind=")))
    })
}

/// An import writes in every service: only someone working in all of them may start one.
fn in_every_service(signed_in: &SignedIn) -> AppResult<()> {
    if signed_in.user.all_services {
        return Ok(());
    }
    Err(AppError::client(
        StatusCode::FORBIDDEN,
        "forbidden",
        "An import adds patients in every service: ask a team lead or administrator who works in all services.",
    ))
}

fn leads_only(signed_in: &SignedIn) -> AppResult<()> {
    match signed_in.user.role {
        Role::Administrator | Role::TeamLead => Ok(()),
        _ => Err(AppError::client(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Only a team lead or an administrator imports PAS extracts. Ask your team lead.",
        )),
    }
}

/// The uploaded file, or why it did not arrive whole.
fn file(body: Result<Bytes, BytesRejection>) -> AppResult<Bytes> {
    body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::payload_too_large(format!(
                "The file is over {} MB: split the extract into smaller files and import each.",
                MAX_FILE_BYTES / (1024 * 1024)
            ))
        } else {
            AppError::bad_request("import_file", "The file did not arrive whole: choose it and send it again.")
        }
    })
}

pub async fn template(signed_in: SignedIn, Query(params): Query<KindParams>) -> AppResult<Response> {
    leads_only(&signed_in)?;
    let kind = kind_of(&params)?;
    let disposition = format!("attachment; filename=\"{}\"", kind.template_file_name());
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, disposition)],
        kind.template(),
    )
        .into_response())
}

pub async fn check(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(params): Query<KindParams>,
    body: Result<Bytes, BytesRejection>,
) -> AppResult<Json<CheckReport>> {
    leads_only(&signed_in)?;
    let kind = kind_of(&params)?;
    let bytes = file(body)?;
    let (_, checked) = imports::check(&state.database, kind, &bytes, crate::uk_today()).await?;
    let [new, changed, unchanged] = checked.plan.counts();
    let problems = checked.plan.problems;
    Ok(Json(CheckReport { kind: kind.word().to_string(), rows: checked.rows.len(), new, changed, unchanged, problems }))
}

pub async fn start(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(params): Query<KindParams>,
    body: Result<Bytes, BytesRejection>,
) -> AppResult<(StatusCode, Json<Started>)> {
    leads_only(&signed_in)?;
    in_every_service(&signed_in)?;
    let kind = kind_of(&params)?;
    let bytes = file(body)?;
    let file_name: String =
        params.file_name.unwrap_or_default().chars().filter(|c| !c.is_control()).take(200).collect();
    let file_name = if file_name.trim().is_empty() { format!("{}.csv", kind.word()) } else { file_name };
    let (text, checked) = imports::check(&state.database, kind, &bytes, crate::uk_today()).await?;
    if checked.plan.rows.is_empty() {
        return Err(AppError::unprocessable(
            "import_file",
            "No row of the file can be imported: put right the rows the check lists, then import again.",
        ));
    }
    let id = imports::start(&state.database, &signed_in.user, kind, &file_name, &text, &checked).await?;
    Ok((StatusCode::ACCEPTED, Json(Started { id })))
}

pub async fn list(State(state): State<AppState>, signed_in: SignedIn) -> AppResult<Json<Vec<ImportStatus>>> {
    leads_only(&signed_in)?;
    let mut connection = state.database.pool().acquire().await?;
    Ok(Json(jobs::recent(&mut connection, 20).await?.iter().map(ImportJob::status).collect()))
}

pub async fn progress(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> AppResult<Json<ImportStatus>> {
    leads_only(&signed_in)?;
    let mut connection = state.database.pool().acquire().await?;
    jobs::get(&mut connection, &id)
        .await?
        .map(|job| Json(job.status()))
        .ok_or_else(|| AppError::not_found(format!("There is no import {id}.")))
}

pub async fn resume(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> AppResult<Json<ImportStatus>> {
    leads_only(&signed_in)?;
    in_every_service(&signed_in)?;
    let mut connection = state.database.pool().acquire().await?;
    if !jobs::resume(&mut connection, &id).await? {
        return Err(AppError::conflict("not_stopped", "This import has not stopped: there is nothing to resume."));
    }
    let job = jobs::get(&mut connection, &id).await?.ok_or_else(|| AppError::not_found("No such import."))?;
    drop(connection);
    imports::carry_on(state.database.clone());
    Ok(Json(job.status()))
}
