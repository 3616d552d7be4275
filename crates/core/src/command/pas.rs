//! What a PAS extract brings that no desk form makes: a clinic session with its slots as the PAS has it (past or
//! to come), and an appointment as the PAS recorded it (booked, attended, did not attend or cancelled), with its
//! place on the clinic list. The pathway's events come separately (the pathway events file), so recording an
//! appointment here writes no event and moves no clock.

use serde::Serialize;

use super::records::{self, key};
use super::{short_text, Act, CommandContext, RecordSource, Rejection};
use crate::calendar::uk_date;
use crate::from_map::from_map;
use crate::limits::NAME_CHARS;
use crate::model::{Appointment, AppointmentStatus, ClinicSession, ListedPlace, SessionStatus};
use crate::record::{Record, RecordKey, RecordKind};

/// A clinic session from the PAS: its slots, times and place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AddClinicSession {
    pub session: Box<ClinicSession>,
}

from_map!(AddClinicSession { session });

impl Act for AddClinicSession {
    fn reads(&self) -> Vec<RecordKey> {
        vec![key(RecordKind::ClinicSession, &self.session.id), key(RecordKind::Consultant, &self.session.consultant_id)]
    }

    fn describe(&self) -> String {
        format!("Add a clinic: {} on {}", self.session.name, uk_date(self.session.date))
    }

    fn apply(&self, _ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let session = &*self.session;
        if records::exists(records, RecordKind::ClinicSession, &session.id) {
            return Err(Rejection::conflict(format!("A clinic with id {} already exists.", session.id)));
        }
        let consultant = records::consultant(records, &session.consultant_id)?;
        if consultant.specialty_id != session.specialty_id {
            return Err(Rejection::invalid(format!(
                "{} does not work in the clinic's specialty: check the consultant.",
                consultant.name
            )));
        }
        short_text(&session.name, "clinic's name", NAME_CHARS)?;
        if session.slots.is_empty() {
            return Err(Rejection::invalid("A clinic needs at least one slot."));
        }
        if session.end <= session.start {
            return Err(Rejection::invalid("The clinic must end after it starts."));
        }
        for slot in &session.slots {
            let end = slot.start + chrono::Duration::minutes(i64::from(slot.minutes));
            if slot.minutes == 0 || slot.capacity == 0 || slot.start < session.start || end > session.end {
                return Err(Rejection::invalid(format!(
                    "The slot at {} does not fit the clinic's times, or has no length or places.",
                    crate::calendar::hhmm(slot.start)
                )));
            }
        }
        let mut ids: Vec<&str> = session.slots.iter().map(|s| s.id.as_str()).collect();
        ids.sort_unstable();
        if ids.windows(2).any(|pair| pair[0] == pair[1]) {
            return Err(Rejection::invalid("Two slots of the clinic have the same id."));
        }
        Ok(vec![Record::ClinicSession(ClinicSession { status: SessionStatus::Scheduled, ..session.clone() })])
    }
}

/// An appointment as the PAS recorded it, with its place on the clinic list while it holds one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordPasAppointment {
    pub appointment: Box<Appointment>,
}

from_map!(RecordPasAppointment { appointment });

impl Act for RecordPasAppointment {
    fn reads(&self) -> Vec<RecordKey> {
        let a = &self.appointment;
        vec![
            key(RecordKind::Appointment, &a.id),
            key(RecordKind::Pathway, &a.pathway_id),
            key(RecordKind::ClinicSession, &a.session_id),
            key(RecordKind::ClinicList, &a.session_id),
        ]
    }

    fn describe(&self) -> String {
        format!("Record an appointment from the PAS ({})", self.appointment.status.label().to_lowercase())
    }

    fn apply(&self, _ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let wanted = &*self.appointment;
        if records::exists(records, RecordKind::Appointment, &wanted.id) {
            return Err(Rejection::conflict(format!("An appointment with id {} already exists.", wanted.id)));
        }
        let pathway = records::pathway(records, &wanted.pathway_id)?;
        if pathway.patient_id != wanted.patient_id {
            return Err(Rejection::invalid("The appointment's patient is not the referral's patient."));
        }
        let session = records::session(records, &wanted.session_id)?;
        let Some(slot) = session.slots.iter().find(|slot| slot.id == wanted.slot_id) else {
            return Err(Rejection::invalid(format!(
                "{} on {} has no slot at {}: check the appointment's time.",
                session.name,
                uk_date(session.date),
                crate::calendar::hhmm(wanted.start)
            )));
        };
        let appointment =
            Appointment { date: session.date, start: slot.start, slot_type: slot.slot_type, ..wanted.clone() };
        let mut written = vec![Record::Appointment(appointment.clone())];
        if appointment.status.takes_the_slot() {
            let mut list = records::clinic_list(records, &session.id);
            let taken = list.places.iter().filter(|place| place.slot_id == slot.id).count();
            if taken as u32 >= slot.capacity {
                return Err(Rejection::conflict(format!(
                    "The {} slot of {} on {} is full: the PAS has more patients in it than its places.",
                    crate::calendar::hhmm(slot.start),
                    session.name,
                    uk_date(session.date)
                )));
            }
            list.places.push(ListedPlace {
                slot_id: slot.id.clone(),
                appointment_id: appointment.id.clone(),
                patient_id: appointment.patient_id.clone(),
                minutes: None,
            });
            written.push(Record::ClinicList(list));
        } else if !matches!(
            appointment.status,
            AppointmentStatus::CancelledByPatient | AppointmentStatus::CancelledByHospital
        ) {
            return Err(Rejection::invalid("An appointment is booked, attended, not attended or cancelled."));
        }
        Ok(written)
    }
}
