//! The appointments file: a row per appointment of an imported referral in an imported clinic, as the PAS
//! recorded it. A new one is recorded with its place on the clinic list (while it holds one); one already imported
//! as it is is unchanged; one whose slot or outcome changed in the PAS is refused (it is changed in Pathdesk, at
//! reception or by rebooking, where the clocks follow). The pathway's events come from the pathway events file.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::clinics::{read_time, session_id, slot_id};
use super::{
    check_pas_id, column, pathway_id, read_date, Column, Existing, ImportKind, Plan, PlannedRow, Row, RowChange,
    RowProblem,
};
use crate::command::{Command, RecordPasAppointment, RecordSource};
use crate::model::{Appointment, AppointmentStatus, Cancellation};
use crate::record::{Record, RecordKey, RecordKind};

const KIND: ImportKind = ImportKind::Appointments;

pub(super) const COLUMNS: &[Column] = &[
    column("PAS appointment ID", true, "The appointment's id in the PAS", ["APT-000101", "APT-000102"]),
    column(
        "PAS referral ID",
        true,
        "The referral it is for, as in the referrals file",
        ["REF-2026-0001", "REF-2026-0002"],
    ),
    column(
        "PAS clinic ID",
        true,
        "The clinic it is in, as in the clinics file",
        ["CLN-2026-12-14-OKA", "CLN-2026-12-14-OKA"],
    ),
    column("Slot start", true, "HH:MM, the slot's start", ["09:00", "09:20"]),
    column(
        "Status",
        true,
        "Booked, Attended, Did not attend, Cancelled by patient or Cancelled by hospital",
        ["Booked", "Cancelled by hospital"],
    ),
    column(
        "Booked on",
        false,
        "dd/mm/yyyy, the day it was offered (the clinic's day when empty)",
        ["20/11/2026", "20/11/2026"],
    ),
    column("Cancellation reason", false, "For a cancelled appointment", ["", "Consultant called to theatre"]),
];

/// The id Pathdesk gives an appointment imported with PAS appointment id `pas_id`.
pub fn appointment_id(pas_id: &str) -> String {
    format!("pas-appointment-{pas_id}")
}

pub(super) fn plan(rows: &[Row], existing: &Existing, _today: NaiveDate) -> Plan {
    let mut plan = Plan::default();
    // Places each slot will hold once the rows above are recorded, and the appointments they record.
    let mut places: HashMap<String, u32> = HashMap::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let n = row.number;
        let cell = |name: &str| row.cell(KIND, name);
        let mut problems = Vec::new();
        let pas = check_pas_id(n, "PAS appointment ID", cell("PAS appointment ID")).map_err(|p| problems.push(p)).ok();
        let referral = check_pas_id(n, "PAS referral ID", cell("PAS referral ID")).map_err(|p| problems.push(p)).ok();
        let clinic = check_pas_id(n, "PAS clinic ID", cell("PAS clinic ID")).map_err(|p| problems.push(p)).ok();
        let start = read_time(n, "Slot start", cell("Slot start")).map_err(|p| problems.push(p)).ok();
        let status = match cell("Status").to_ascii_lowercase().as_str() {
            "booked" => Some(AppointmentStatus::Booked),
            "attended" | "seen" => Some(AppointmentStatus::Seen),
            "did not attend" | "dna" => Some(AppointmentStatus::DidNotAttend),
            "cancelled by patient" => Some(AppointmentStatus::CancelledByPatient),
            "cancelled by hospital" => Some(AppointmentStatus::CancelledByHospital),
            _ => {
                problems.push(RowProblem::new(n, "Status", format!("\"{}\" is not a status: use Booked, Attended, Did not attend, Cancelled by patient or Cancelled by hospital", cell("Status"))));
                None
            }
        };
        let booked_on = match cell("Booked on") {
            "" => None,
            text => read_date(n, "Booked on", text).map_err(|p| problems.push(p)).ok(),
        };
        let pathway = referral.as_deref().map(pathway_id).and_then(|id| {
            match existing.record(&RecordKey::new(RecordKind::Pathway, id.as_str())) {
                Some(Record::Pathway(p)) => Some(p),
                _ => None,
            }
        });
        if referral.is_some() && pathway.is_none() {
            problems.push(RowProblem::new(
                n,
                "PAS referral ID",
                "No referral with this PAS referral ID is in Pathdesk: import the referrals file first",
            ));
        }
        let session = clinic.as_deref().map(session_id).and_then(|id| {
            match existing.record(&RecordKey::new(RecordKind::ClinicSession, id.as_str())) {
                Some(Record::ClinicSession(s)) => Some(s),
                _ => None,
            }
        });
        if clinic.is_some() && session.is_none() {
            problems.push(RowProblem::new(
                n,
                "PAS clinic ID",
                "No clinic with this PAS clinic ID is in Pathdesk: import the clinics file first",
            ));
        }
        let (Some(pas), Some(pathway), Some(session), Some(start), Some(status), true) =
            (pas, pathway, session, start, status, problems.is_empty())
        else {
            plan.problems.extend(problems);
            continue;
        };
        let id = appointment_id(&pas);
        if let Some(first) = seen.insert(id.clone(), n) {
            plan.problems.push(RowProblem::new(
                n,
                "PAS appointment ID",
                format!("This appointment is also on row {first}: keep each appointment once"),
            ));
            continue;
        }
        let Some(slot) = session.slots.iter().find(|slot| slot.id == slot_id(&session.id, start)) else {
            plan.problems.push(RowProblem::new(
                n,
                "Slot start",
                format!(
                    "{} on {} has no slot at {}: check the time",
                    session.name,
                    crate::calendar::uk_date(session.date),
                    crate::calendar::hhmm(start)
                ),
            ));
            continue;
        };
        let booked_on = booked_on.unwrap_or(session.date).min(session.date);
        if let Some(Record::Appointment(was)) = existing.record(&RecordKey::new(RecordKind::Appointment, id.as_str())) {
            if was.status == status && was.slot_id == slot.id {
                plan.rows.push(PlannedRow { row: n, change: RowChange::Unchanged, commands: Vec::new() });
            } else {
                plan.problems.push(RowProblem::new(n, "Status", format!("This appointment was imported as {} in another slot or state: change it in Pathdesk, where the clocks follow", was.status.label().to_lowercase())));
            }
            continue;
        }
        if status.takes_the_slot() {
            let held = places.entry(slot.id.clone()).or_insert_with(|| {
                match existing.record(&RecordKey::new(RecordKind::ClinicList, session.id.as_str())) {
                    Some(Record::ClinicList(list)) => {
                        list.places.iter().filter(|p| p.slot_id == slot.id).count() as u32
                    }
                    _ => 0,
                }
            });
            if *held >= slot.capacity {
                plan.problems.push(RowProblem::new(
                    n,
                    "Slot start",
                    "This slot's places are all taken by the rows above or by Pathdesk's bookings: check the PAS",
                ));
                continue;
            }
            *held += 1;
        }
        let cancelled =
            matches!(status, AppointmentStatus::CancelledByPatient | AppointmentStatus::CancelledByHospital).then(
                || Cancellation {
                    on: booked_on,
                    reason: Some(cell("Cancellation reason"))
                        .filter(|r| !r.is_empty())
                        .unwrap_or("Cancelled in the PAS")
                        .to_string(),
                },
            );
        let appointment = Appointment {
            id,
            patient_id: pathway.patient_id.clone(),
            pathway_id: pathway.id.clone(),
            session_id: session.id.clone(),
            slot_id: slot.id.clone(),
            date: session.date,
            start: slot.start,
            slot_type: slot.slot_type,
            status,
            booked_on,
            outcome: None,
            cancelled,
        };
        let command = Command::RecordPasAppointment(RecordPasAppointment { appointment: Box::new(appointment) });
        plan.rows.push(PlannedRow { row: n, change: RowChange::New, commands: vec![command] });
    }
    plan
}
