//! Case notes: moving a patient's paper notes (by a scan of the hospital number or by hand), and requesting them
//! for a clinic. See `crate::case_notes`.

use chrono::NaiveDate;
use serde::Serialize;

use super::records::{self, key};
use super::{Act, CommandContext, RecordSource, Rejection};
use crate::calendar::uk_date;
use crate::case_notes::{CaseNotes, NotesRequest};
use crate::from_map::from_map;
use crate::limits::{LIST_ITEMS, LOCATION_CHARS, NAME_CHARS};
use crate::model::SessionStatus;
use crate::record::{Record, RecordKey, RecordKind};

/// The notes of `patient_id` as held, or in the library (nothing recorded yet); refused for an unknown patient.
fn notes_of(records: &impl RecordSource, patient_id: &str, today: NaiveDate) -> Result<CaseNotes, Rejection> {
    if !matches!(records.record(&key(RecordKind::Patient, patient_id)), Some(Record::Patient(_))) {
        return Err(Rejection::not_found(format!(
            "No patient with id {patient_id} on this desk: search for the patient again, or sync first."
        )));
    }
    Ok(match records.record(&key(RecordKind::CaseNotes, patient_id)) {
        Some(Record::CaseNotes(notes)) => notes.clone(),
        _ => CaseNotes::in_library(patient_id, today),
    })
}

/// Record that a patient's notes are now at `location` (held by `holder`, if a person has them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MoveCaseNotes {
    pub patient_id: String,
    pub location: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    /// Recorded by scanning the hospital number on the notes.
    #[serde(default)]
    pub scanned: bool,
}

from_map!(MoveCaseNotes { patient_id, location, holder = default, scanned = default });

impl Act for MoveCaseNotes {
    fn reads(&self) -> Vec<RecordKey> {
        vec![key(RecordKind::Patient, &self.patient_id), key(RecordKind::CaseNotes, &self.patient_id)]
    }

    fn describe(&self) -> String {
        "Move a patient's case notes".to_string()
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let location = self.location.split_whitespace().collect::<Vec<_>>().join(" ");
        if location.is_empty() {
            return Err(Rejection::invalid("Enter where the notes are now (for example, Outpatients clinic 3)."));
        }
        if location.chars().count() > LOCATION_CHARS {
            return Err(Rejection::invalid(format!(
                "The location is {} characters long; the most is {LOCATION_CHARS}. Shorten it.",
                location.chars().count()
            )));
        }
        let holder = self.holder.as_deref().map(str::trim).filter(|holder| !holder.is_empty());
        if holder.is_some_and(|holder| holder.chars().count() > NAME_CHARS) {
            return Err(Rejection::invalid(format!(
                "The holder's name is too long; the most is {NAME_CHARS} characters."
            )));
        }
        let mut notes = notes_of(records, &self.patient_id, ctx.today)?;
        notes.moved(&location, holder, ctx.today, &ctx.author, self.scanned);
        Ok(vec![Record::CaseNotes(notes)])
    }
}

/// Request the notes of the patients booked into a clinic, so medical records send them to its location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestCaseNotes {
    pub session_id: String,
    pub patient_ids: Vec<String>,
}

from_map!(RequestCaseNotes { session_id, patient_ids });

impl Act for RequestCaseNotes {
    fn reads(&self) -> Vec<RecordKey> {
        let mut keys = vec![key(RecordKind::ClinicSession, &self.session_id)];
        for patient_id in &self.patient_ids {
            keys.push(key(RecordKind::Patient, patient_id));
            keys.push(key(RecordKind::CaseNotes, patient_id));
        }
        keys
    }

    fn describe(&self) -> String {
        "Request case notes for a clinic".to_string()
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let session = records::session(records, &self.session_id)?;
        if session.date < ctx.today {
            return Err(Rejection::invalid(format!(
                "This clinic was on {}: notes are requested for clinics still to come.",
                uk_date(session.date)
            )));
        }
        if session.status != SessionStatus::Scheduled {
            return Err(Rejection::conflict("This clinic is cancelled: its patients' notes are not needed for it."));
        }
        if self.patient_ids.is_empty() || self.patient_ids.len() > LIST_ITEMS {
            return Err(Rejection::invalid(format!(
                "Choose between 1 and {LIST_ITEMS} patients whose notes are needed."
            )));
        }
        let mut written: Vec<Record> = Vec::new();
        for patient_id in &self.patient_ids {
            if written.iter().any(|record| record.patient_id() == Some(patient_id.as_str())) {
                continue;
            }
            let mut notes = notes_of(records, patient_id, ctx.today)?;
            if notes.requests.iter().any(|request| request.session_id == session.id) {
                continue;
            }
            // Requests for clinics already held are done with: they go as a new one is made.
            notes.requests.retain(|request| request.date >= ctx.today);
            notes.requests.push(NotesRequest {
                session_id: session.id.clone(),
                date: session.date,
                location: session.location.clone(),
                requested_on: ctx.today,
                by: ctx.author.clone(),
            });
            written.push(Record::CaseNotes(notes));
        }
        if written.is_empty() {
            return Err(Rejection::conflict("These notes are already requested for this clinic."));
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case_notes::LIBRARY;
    use crate::model::{ClinicSession, Patient};
    use chrono::NaiveTime;
    use std::collections::HashMap;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn ctx() -> CommandContext {
        CommandContext { today: d("2026-12-07"), author: "A. Porter (Medical records)".into() }
    }

    fn held() -> HashMap<RecordKey, Record> {
        let patient = Patient::new("p-1", "9990000018", "H100001", "Test", "Pat", d("1970-01-01"));
        let session = ClinicSession {
            id: "s-1".into(),
            template_id: None,
            consultant_id: "c".into(),
            specialty_id: "s".into(),
            name: "Urology new patients".into(),
            date: d("2026-12-08"),
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
            location: "Outpatients A".into(),
            status: SessionStatus::Scheduled,
            slots: Vec::new(),
        };
        [Record::Patient(patient), Record::ClinicSession(session)].into_iter().map(|r| (r.key(), r)).collect()
    }

    fn notes(written: &[Record]) -> &CaseNotes {
        written.iter().find_map(|r| if let Record::CaseNotes(n) = r { Some(n) } else { None }).unwrap()
    }

    #[test]
    fn the_first_move_starts_from_the_library_and_later_ones_from_where_they_were() {
        let mut records = held();
        let scan = MoveCaseNotes {
            patient_id: "p-1".into(),
            location: " Outpatients   A ".into(),
            holder: None,
            scanned: true,
        };
        let written = scan.apply(&ctx(), &records).unwrap();
        let moved = notes(&written);
        assert_eq!((moved.location.as_str(), moved.since), ("Outpatients A", d("2026-12-07")));
        assert_eq!(moved.movements[0].from, LIBRARY);
        assert_eq!(moved.movements[0].by, "A. Porter (Medical records)");
        assert!(moved.movements[0].scanned);
        records.insert(written[0].key(), written[0].clone());
        let by_hand = MoveCaseNotes {
            patient_id: "p-1".into(),
            location: "Urology secretaries' office".into(),
            holder: Some("R. Hughes".into()),
            scanned: false,
        };
        let moved = by_hand.apply(&ctx(), &records).unwrap();
        let moved = notes(&moved);
        assert_eq!(moved.movements.len(), 2);
        assert_eq!((moved.movements[1].from.as_str(), moved.holder.as_deref()), ("Outpatients A", Some("R. Hughes")));
        let nowhere = MoveCaseNotes { location: "  ".into(), ..by_hand.clone() };
        assert!(nowhere.apply(&ctx(), &records).unwrap_err().message.contains("Enter where the notes are now"));
        let unknown = MoveCaseNotes { patient_id: "p-9".into(), ..by_hand };
        assert!(unknown.apply(&ctx(), &records).is_err());
    }

    #[test]
    fn notes_are_requested_once_for_a_clinic_still_to_come() {
        let mut records = held();
        let request = RequestCaseNotes { session_id: "s-1".into(), patient_ids: vec!["p-1".into(), "p-1".into()] };
        let written = request.apply(&ctx(), &records).unwrap();
        assert_eq!(written.len(), 1, "the same patient twice is one request");
        let wanted = &notes(&written).requests[0];
        assert_eq!((wanted.date, wanted.location.as_str()), (d("2026-12-08"), "Outpatients A"));
        records.insert(written[0].key(), written[0].clone());
        assert!(request.apply(&ctx(), &records).unwrap_err().message.contains("already requested"));
        let later = CommandContext { today: d("2026-12-09"), ..ctx() };
        assert!(request.apply(&later, &records).unwrap_err().message.contains("was on 8 Dec 2026"));
    }
}
