//! Clinics far enough ahead, made by the server: every template's sessions from today to the trust's horizon
//! (`session_horizon_weeks`, 26 unless changed), so a follow-up due in three or six months can be booked near its
//! date without anyone pressing "Generate sessions". The rule is the core's
//! (`pathdesk_core::booking::horizon`): existing sessions are never touched, bank holidays and recorded leave are
//! skipped, and ids come from the template and the date, so two checks at once make the same records, not two.
//!
//! Runs at start-up and then every hour (a new week comes into the horizon each Monday).

use std::collections::HashSet;

use chrono::NaiveDate;
use pathdesk_core::booking::horizon::sessions_to_make;
use pathdesk_core::booking::Leave;
use pathdesk_core::model::ClinicTemplate;
use pathdesk_core::record::{Record, RecordKey, RecordKind};
use pathdesk_core::settings::{TrustSettings, TRUST_SETTINGS_ID};

use crate::db::{records, Database};

/// The advisory lock key of this job ("pathdesk" and 3), so one process at a time runs it.
const JOB_KEY: i64 = 0x7061_7468_6465_0003;

/// Makes the sessions the templates should have up to the horizon that do not exist yet; returns how many (0 when
/// another server process is making them right now).
pub async fn make_sessions_ahead(database: &Database, today: NaiveDate) -> sqlx::Result<usize> {
    Ok(database.once_across_processes(JOB_KEY, sessions_ahead(database, today)).await?.unwrap_or(0))
}

async fn sessions_ahead(database: &Database, today: NaiveDate) -> sqlx::Result<usize> {
    let mut connection = database.pool().acquire().await?;
    let settings_key = RecordKey::new(RecordKind::TrustSettings, TRUST_SETTINGS_ID);
    let weeks = match records::load(&mut connection, std::slice::from_ref(&settings_key)).await?.remove(&settings_key) {
        Some(Record::TrustSettings(settings)) => settings.session_horizon_weeks,
        _ => TrustSettings::default().session_horizon_weeks,
    };
    let mut templates: Vec<ClinicTemplate> = Vec::new();
    let mut leave: Vec<Leave> = Vec::new();
    for record in records::load_kind(&mut connection, RecordKind::ClinicTemplate).await? {
        if let Record::ClinicTemplate(template) = record {
            templates.push(template);
        }
    }
    for record in records::load_kind(&mut connection, RecordKind::Leave).await? {
        if let Record::Leave(away) = record {
            leave.push(away);
        }
    }
    let existing: HashSet<String> =
        records::load_kind(&mut connection, RecordKind::ClinicSession).await?.iter().map(|r| r.key().id).collect();
    drop(connection);
    let due = sessions_to_make(&templates, &existing, &leave, today, weeks);
    // Written only where still absent: a desk may have generated some since the read above.
    records::write_absent(database, due.into_iter().map(Record::ClinicSession).collect()).await
}

/// Checks every hour for as long as the server runs (the start-up check is the caller's).
pub fn check_periodically(database: Database) {
    tokio::spawn(async move {
        let every = crate::validation::CHECK_EVERY;
        let mut interval = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        loop {
            interval.tick().await;
            match make_sessions_ahead(&database, crate::uk_today()).await {
                Ok(0) => {}
                Ok(made) => tracing::info!(made, "made clinics ahead from the templates"),
                Err(error) => tracing::error!(%error, "could not make clinics ahead from the templates"),
            }
        }
    });
}
