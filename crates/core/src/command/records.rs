//! Looking up the records a booking command read, with a clear message when one is missing.

use super::{RecordSource, Rejection};
use crate::booking::Leave;
use crate::model::{Appointment, ClinicList, ClinicSession, ClinicTemplate, Consultant, Pathway, PathwayOffers};
use crate::record::{Record, RecordKey, RecordKind};
use crate::tasks::Task;

pub(super) fn key(kind: RecordKind, id: &str) -> RecordKey {
    RecordKey::new(kind, id)
}

fn get<'a>(records: &'a impl RecordSource, kind: RecordKind, id: &str) -> Option<&'a Record> {
    records.record(&key(kind, id))
}

pub(super) fn pathway<'a>(records: &'a impl RecordSource, id: &str) -> Result<&'a Pathway, Rejection> {
    match get(records, RecordKind::Pathway, id) {
        Some(Record::Pathway(pathway)) => Ok(pathway),
        _ => Err(Rejection::not_found(format!(
            "No pathway with id {id} on this desk: it may not have synced yet. Sync, then try again."
        ))),
    }
}

pub(super) fn session<'a>(records: &'a impl RecordSource, id: &str) -> Result<&'a ClinicSession, Rejection> {
    match get(records, RecordKind::ClinicSession, id) {
        Some(Record::ClinicSession(session)) => Ok(session),
        _ => Err(Rejection::not_found(format!(
            "No clinic with id {id} on this desk: it may have been removed or not synced yet. Reload the diary and \
             choose again."
        ))),
    }
}

pub(super) fn appointment<'a>(records: &'a impl RecordSource, id: &str) -> Result<&'a Appointment, Rejection> {
    match get(records, RecordKind::Appointment, id) {
        Some(Record::Appointment(appointment)) => Ok(appointment),
        _ => Err(Rejection::not_found(format!(
            "No appointment with id {id} on this desk: it may not have synced yet. Sync, then try again."
        ))),
    }
}

pub(super) fn template<'a>(records: &'a impl RecordSource, id: &str) -> Option<&'a ClinicTemplate> {
    match get(records, RecordKind::ClinicTemplate, id) {
        Some(Record::ClinicTemplate(template)) => Some(template),
        _ => None,
    }
}

pub(super) fn consultant<'a>(records: &'a impl RecordSource, id: &str) -> Result<&'a Consultant, Rejection> {
    match get(records, RecordKind::Consultant, id) {
        Some(Record::Consultant(consultant)) => Ok(consultant),
        _ => Err(Rejection::not_found(format!("No consultant with id {id}. Choose the consultant from the list."))),
    }
}

pub(super) fn task<'a>(records: &'a impl RecordSource, id: &str) -> Option<&'a Task> {
    match get(records, RecordKind::Task, id) {
        Some(Record::Task(task)) => Some(task),
        _ => None,
    }
}

pub(super) fn leave<'a>(records: &'a impl RecordSource, id: &str) -> Option<&'a Leave> {
    match get(records, RecordKind::Leave, id) {
        Some(Record::Leave(leave)) => Some(leave),
        _ => None,
    }
}

/// The session's clinic list, or an empty one if nobody has been booked yet.
pub(super) fn clinic_list(records: &impl RecordSource, session_id: &str) -> ClinicList {
    match get(records, RecordKind::ClinicList, session_id) {
        Some(Record::ClinicList(list)) => list.clone(),
        _ => ClinicList::new(session_id),
    }
}

/// The pathway's offers, or none yet.
pub(super) fn offers(records: &impl RecordSource, pathway: &Pathway) -> PathwayOffers {
    match get(records, RecordKind::PathwayOffers, &pathway.id) {
        Some(Record::PathwayOffers(offers)) => offers.clone(),
        _ => PathwayOffers { id: pathway.id.clone(), patient_id: pathway.patient_id.clone(), offers: Vec::new() },
    }
}

pub(super) fn exists(records: &impl RecordSource, kind: RecordKind, id: &str) -> bool {
    get(records, kind, id).is_some()
}

/// The key of the trust settings record, read by every command that applies a booking rule.
pub(super) fn trust_settings_key() -> RecordKey {
    key(RecordKind::TrustSettings, crate::settings::TRUST_SETTINGS_ID)
}

/// The trust's booking settings, or the defaults on a desk that has none yet.
pub(super) fn booking_policy(records: &impl RecordSource) -> crate::booking::BookingPolicy {
    match records.record(&trust_settings_key()) {
        Some(Record::TrustSettings(settings)) => settings.booking,
        _ => crate::booking::BookingPolicy::default(),
    }
}

/// The trust's letter standard, or the default (5 working days) on a desk that has none yet.
pub(super) fn letter_settings(records: &impl RecordSource) -> crate::tasks::letters::LetterSettings {
    let mut settings = crate::tasks::letters::LetterSettings::default();
    if let Some(Record::TrustSettings(trust)) = records.record(&trust_settings_key()) {
        settings.turnaround_working_days = trust.letter_due_working_days;
    }
    settings
}
