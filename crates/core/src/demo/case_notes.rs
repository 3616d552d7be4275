//! Where the demo patients' paper notes are: for the clinics of the next few days, some are already at the clinic,
//! some are with the consultant's secretary, and the rest were never located (presumed in the library), so the
//! clinic lists and medical records' pull list show all three.

use std::collections::{BTreeMap, HashMap};

use chrono::{Days, NaiveDate};

use crate::case_notes::CaseNotes;
use crate::model::{AppointmentStatus, ClinicSession, Consultant};
use crate::record::Record;

/// Who records the movements the demo starts with.
const MEDICAL_RECORDS: &str = "A. Porter (Medical records)";

pub(crate) fn case_notes(records: &[Record], today: NaiveDate) -> Vec<CaseNotes> {
    let sessions: HashMap<&str, &ClinicSession> = records
        .iter()
        .filter_map(|r| if let Record::ClinicSession(s) = r { Some((s.id.as_str(), s)) } else { None })
        .collect();
    let consultants: HashMap<&str, &Consultant> = records
        .iter()
        .filter_map(|r| if let Record::Consultant(c) = r { Some((c.id.as_str(), c)) } else { None })
        .collect();
    // Each patient's first booked appointment in the next three days, in patient order.
    let mut first: BTreeMap<&str, (NaiveDate, &ClinicSession)> = BTreeMap::new();
    for record in records {
        let Record::Appointment(appointment) = record else { continue };
        if appointment.status != AppointmentStatus::Booked
            || appointment.date < today
            || appointment.date > today + Days::new(3)
        {
            continue;
        }
        let Some(session) = sessions.get(appointment.session_id.as_str()) else { continue };
        let entry = first.entry(appointment.patient_id.as_str()).or_insert((appointment.date, session));
        if appointment.date < entry.0 {
            *entry = (appointment.date, session);
        }
    }
    let mut notes = Vec::new();
    for (position, (patient_id, (_, session))) in first.into_iter().enumerate() {
        let since = today - Days::new(1 + position as u64 % 5);
        let mut record = CaseNotes::in_library(patient_id, since - Days::new(30));
        match position % 3 {
            0 => record.moved(&session.location, None, since, MEDICAL_RECORDS, true),
            1 => {
                let secretary = consultants.get(session.consultant_id.as_str()).and_then(|c| c.secretary.clone());
                record.moved("Secretaries' office", secretary.as_deref(), since, MEDICAL_RECORDS, false);
            }
            _ => continue,
        }
        notes.push(record);
    }
    notes
}
