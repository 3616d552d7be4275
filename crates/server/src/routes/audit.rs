//! The audit: `POST /api/audit/patient-opened` (anyone signed in) and `GET /api/audit` (administrators).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use pathdesk_core::access::{AuditEntry, AuditPage, PatientOpened};
use pathdesk_core::record::{RecordKey, RecordKind};
use pathdesk_core::spreadsheet::{CsvLine, BYTE_ORDER_MARK};
use serde::Deserialize;

use crate::auth::{self, Administrator, SignedIn};
use crate::db::{audit, records};
use crate::error::{AppError, AppResult};
use crate::json::AppJson;
use crate::state::AppState;

/// Entries in one answer on screen; a file may hold many more.
pub const MAX_AUDIT_PAGE: usize = 500;
pub const MAX_AUDIT_FILE: usize = 100_000;

pub async fn patient_opened(
    State(state): State<AppState>,
    signed_in: SignedIn,
    AppJson(request): AppJson<PatientOpened>,
) -> AppResult<StatusCode> {
    let patient_id = request.patient_id.trim();
    if patient_id.is_empty() || patient_id.chars().count() > 100 {
        return Err(AppError::unprocessable(
            "invalid_request",
            "patient_id must be a patient's id (1 to 100 characters).",
        ));
    }
    let user = &signed_in.user;
    let mut connection = state.database.pool().acquire().await?;
    let key = RecordKey::new(RecordKind::Patient, patient_id);
    let scopes = records::stored_scopes(&mut connection, std::slice::from_ref(&key)).await?;
    match scopes.get(&key) {
        Some(scope) if scope.visible_to(user.all_services, &user.services) => {}
        _ => return Err(AppError::not_found(format!("There is no patient {patient_id} in your services."))),
    }
    let at = auth::now_rfc3339();
    audit::append(
        &mut connection,
        &audit::NewEntry { patient_id: Some(patient_id), ..audit::NewEntry::by(user, &at, "patient_opened", "opened") },
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize)]
pub struct AuditParams {
    user: Option<String>,
    patient: Option<String>,
    from: Option<String>,
    to: Option<String>,
    format: Option<String>,
}

pub async fn search(
    State(state): State<AppState>,
    Administrator(admin): Administrator,
    params: Result<Query<AuditParams>, QueryRejection>,
) -> AppResult<Response> {
    let Query(params) = params.map_err(|rejection| {
        AppError::bad_request("invalid_query", format!("The query string could not be read: {}", rejection.body_text()))
    })?;
    let filter = audit::Filter {
        username: text_filter("user", params.user)?.map(|name| name.to_lowercase()),
        patient_id: text_filter("patient", params.patient)?,
        from: date_filter("from", params.from.as_deref())?,
        to: date_filter("to", params.to.as_deref())?,
    };
    if let (Some(from), Some(to)) = (filter.from, filter.to) {
        if from > to {
            return Err(AppError::bad_request(
                "invalid_query",
                "The 'from' date is after the 'to' date: swap them, or widen the search.",
            ));
        }
    }
    let csv = match params.format.as_deref().map(str::trim) {
        None | Some("") | Some("json") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(AppError::bad_request(
                "invalid_query",
                format!("format={other:?} is not offered: use format=csv for a file, or leave it out."),
            ))
        }
    };
    let mut connection = state.database.pool().acquire().await?;
    let limit = if csv { MAX_AUDIT_FILE } else { MAX_AUDIT_PAGE };
    let (entries, truncated) = audit::search(&mut connection, &filter, limit).await?;
    if !csv {
        return Ok(Json(AuditPage { entries, truncated }).into_response());
    }
    // Taking a copy of the audit out of Pathdesk is itself audited, with what was searched for.
    let searched = format!(
        "{} lines; user={} patient={} from={} to={}",
        entries.len(),
        filter.username.as_deref().unwrap_or("any"),
        filter.patient_id.as_deref().unwrap_or("any"),
        filter.from.map_or("any".to_string(), |d| d.to_string()),
        filter.to.map_or("any".to_string(), |d| d.to_string()),
    );
    let at = auth::now_rfc3339();
    audit::append(
        &mut connection,
        &audit::NewEntry {
            patient_id: filter.patient_id.as_deref(),
            detail: Some(&searched),
            ..audit::NewEntry::by(&admin.user, &at, "audit_exported", "exported")
        },
    )
    .await?;
    let file_name = format!("pathdesk-audit-{}.csv", chrono::Utc::now().format("%Y-%m-%d"));
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
        ],
        to_csv(&entries),
    )
        .into_response())
}

fn text_filter(name: &str, value: Option<String>) -> AppResult<Option<String>> {
    let Some(value) = value.map(|value| value.trim().to_string()).filter(|value| !value.is_empty()) else {
        return Ok(None);
    };
    if value.chars().count() > 200 {
        return Err(AppError::bad_request("invalid_query", format!("{name} is longer than 200 characters.")));
    }
    Ok(Some(value))
}

fn date_filter(name: &str, value: Option<&str>) -> AppResult<Option<NaiveDate>> {
    let Some(value) = value.map(str::trim).filter(|value| !value.is_empty()) else { return Ok(None) };
    NaiveDate::parse_from_str(value, "%Y-%m-%d").map(Some).map_err(|_| {
        AppError::bad_request(
            "invalid_query",
            format!("{name}={value:?} is not a date: use the form 2026-11-22 (year-month-day)."),
        )
    })
}

/// The entries as a CSV file (core's one CSV writer: byte-order mark, quoting, formula guard), one line each, newest
/// first.
pub fn to_csv(entries: &[AuditEntry]) -> String {
    let mut out = String::from(BYTE_ORDER_MARK);
    let mut line = CsvLine::new(&mut out);
    for column in ["time_utc", "username", "device", "action", "patient_id", "outcome", "detail"] {
        line.text(column);
    }
    line.end();
    for entry in entries {
        let mut line = CsvLine::new(&mut out);
        line.text(&entry.at);
        line.text(&entry.username);
        line.text(entry.device.as_deref().unwrap_or_default());
        line.text(&entry.action);
        line.text(entry.patient_id.as_deref().unwrap_or_default());
        line.text(&entry.outcome);
        line.text(entry.detail.as_deref().unwrap_or_default());
        line.end();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_it_and_defuses_formulas() {
        let entry = AuditEntry {
            at: "2026-11-22T09:00:00.000Z".into(),
            username: "lead".into(),
            device: Some("desk-1".into()),
            action: "add_patient_note".into(),
            patient_id: Some("p1".into()),
            outcome: "rejected".into(),
            detail: Some("=HYPERLINK(\"x\"), then".into()),
        };
        let csv = to_csv(&[entry]);
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("\u{feff}time_utc,username,device,action,patient_id,outcome,detail"));
        assert_eq!(
            lines.next(),
            Some("2026-11-22T09:00:00.000Z,lead,desk-1,add_patient_note,p1,rejected,\"'=HYPERLINK(\"\"x\"\"), then\"")
        );
    }
}
