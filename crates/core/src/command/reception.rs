//! Reception on the day: check a patient in, mark them seen or did not attend, and add walk-ins. Seen and did not
//! attend append the matching pathway event, so the clocks follow.

use crate::from_map::from_map;
use serde::Serialize;

use super::booking::{append_event, check_slot_type, check_specialty, free_slot, had_attendance};
use super::records::{self, key};
use super::{Act, CommandContext, NeedsRebooking, RecordSource, Rejection};
use crate::calendar::uk_date;
use crate::model::{Appointment, AppointmentStatus, ListedPlace, SessionStatus, SlotType, EXTRA_SLOT_ID};
use crate::pathway::{EventKind, PathwayEvent};
use crate::record::{Record, RecordKey, RecordKind};
use crate::tasks::draft::letter_task_for_attendance;
use crate::tasks::letters::{letter_task_id, Attendance};

pub use crate::tasks::MEDICAL_SECRETARIES;

/// Reception: the patient has arrived for today's appointment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordArrival {
    pub appointment_id: String,
}

from_map!(RecordArrival { appointment_id });

impl Act for RecordArrival {
    fn reads(&self) -> Vec<RecordKey> {
        vec![key(RecordKind::Appointment, &self.appointment_id)]
    }

    fn describe(&self) -> String {
        "Check a patient in".to_string()
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        arrival(ctx, records, &self.appointment_id)
    }
}

/// The patient was seen: appends an outpatient attendance to the pathway and makes the clinic-letter task (due by
/// the letter standard) unless it exists: for the clinic's consultant's named secretary, else the secretaries' pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordSeen {
    pub appointment_id: String,
    pub pathway_id: String,
    /// The clinic's consultant as the desk saw it: their named secretary gets the letter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultant_id: Option<String>,
}

from_map!(RecordSeen { appointment_id, pathway_id, consultant_id = default });

impl RecordSeen {
    /// `appointment`, in a clinic of the consultant `consultant_id`, was seen.
    pub fn of(appointment: &Appointment, consultant_id: Option<&str>) -> RecordSeen {
        RecordSeen {
            appointment_id: appointment.id.clone(),
            pathway_id: appointment.pathway_id.clone(),
            consultant_id: consultant_id.map(str::to_string),
        }
    }
}

impl Act for RecordSeen {
    fn reads(&self) -> Vec<RecordKey> {
        let mut reads = vec![
            key(RecordKind::Appointment, &self.appointment_id),
            key(RecordKind::Pathway, &self.pathway_id),
            key(RecordKind::Task, &letter_task_id(&self.appointment_id)),
            records::trust_settings_key(),
        ];
        reads.extend(self.consultant_id.iter().map(|id| key(RecordKind::Consultant, id)));
        reads
    }

    fn describe(&self) -> String {
        "Mark a patient seen".to_string()
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        seen(ctx, records, &self.appointment_id, &self.pathway_id, self.consultant_id.as_deref())
    }
}

/// The patient did not attend: appends a DNA to the pathway. `clearly_communicated`: the appointment was clearly
/// communicated to the patient (a first-appointment DNA then nullifies the clock).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordDidNotAttend {
    pub appointment_id: String,
    pub pathway_id: String,
    pub clearly_communicated: bool,
}

from_map!(RecordDidNotAttend { appointment_id, pathway_id, clearly_communicated });

impl RecordDidNotAttend {
    /// The patient did not attend `appointment`.
    pub fn of(appointment: &Appointment, clearly_communicated: bool) -> RecordDidNotAttend {
        RecordDidNotAttend {
            appointment_id: appointment.id.clone(),
            pathway_id: appointment.pathway_id.clone(),
            clearly_communicated,
        }
    }
}

impl Act for RecordDidNotAttend {
    fn reads(&self) -> Vec<RecordKey> {
        vec![key(RecordKind::Appointment, &self.appointment_id), key(RecordKind::Pathway, &self.pathway_id)]
    }

    fn describe(&self) -> String {
        "Mark a patient did not attend".to_string()
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        did_not_attend(ctx, records, &self.appointment_id, &self.pathway_id, self.clearly_communicated)
    }
}

/// A patient without a booking is seen today: in a free slot, or as an extra when `slot_id` is `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordWalkIn {
    pub appointment_id: String,
    pub pathway_id: String,
    pub session_id: String,
    #[serde(default)]
    pub slot_id: Option<String>,
}

from_map!(RecordWalkIn { appointment_id, pathway_id, session_id, slot_id = default });

impl Act for RecordWalkIn {
    fn reads(&self) -> Vec<RecordKey> {
        vec![
            key(RecordKind::Appointment, &self.appointment_id),
            key(RecordKind::Pathway, &self.pathway_id),
            key(RecordKind::ClinicSession, &self.session_id),
            key(RecordKind::ClinicList, &self.session_id),
        ]
    }

    fn describe(&self) -> String {
        "Add a walk-in patient".to_string()
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        walk_in(ctx, records, &self.appointment_id, &self.pathway_id, &self.session_id, self.slot_id.as_deref())
    }
}

fn already(appointment: &Appointment) -> Rejection {
    Rejection::conflict(format!(
        "This appointment is already marked \"{}\". If that is wrong, ask the booking team to correct it.",
        appointment.status.label()
    ))
}

fn arrival(ctx: &CommandContext, records: &impl RecordSource, appointment_id: &str) -> Result<Vec<Record>, Rejection> {
    let mut appointment = records::appointment(records, appointment_id)?.clone();
    if appointment.status != AppointmentStatus::Booked {
        return Err(already(&appointment));
    }
    if appointment.date != ctx.today {
        return Err(Rejection::invalid(format!(
            "This appointment is on {}, not today ({}). Check the patient's appointments before checking them in.",
            uk_date(appointment.date),
            uk_date(ctx.today)
        )));
    }
    appointment.status = AppointmentStatus::Arrived;
    Ok(vec![Record::Appointment(appointment)])
}

/// The appointment and its pathway, checked to belong together and to have taken place by today.
fn on_the_day(
    ctx: &CommandContext,
    records: &impl RecordSource,
    appointment_id: &str,
    pathway_id: &str,
) -> Result<(Appointment, crate::model::Pathway), Rejection> {
    let appointment = records::appointment(records, appointment_id)?;
    if appointment.pathway_id != pathway_id {
        return Err(Rejection::invalid(format!(
            "Appointment {appointment_id} belongs to pathway {}, not {pathway_id}. Reload the clinic list.",
            appointment.pathway_id
        )));
    }
    if appointment.date > ctx.today {
        return Err(Rejection::invalid(format!(
            "This appointment is on {}, after today ({}). Record what happened on or after the day.",
            uk_date(appointment.date),
            uk_date(ctx.today)
        )));
    }
    Ok((appointment.clone(), records::pathway(records, pathway_id)?.clone()))
}

fn seen(
    ctx: &CommandContext,
    records: &impl RecordSource,
    appointment_id: &str,
    pathway_id: &str,
    consultant_id: Option<&str>,
) -> Result<Vec<Record>, Rejection> {
    let (mut appointment, mut pathway) = on_the_day(ctx, records, appointment_id, pathway_id)?;
    if !matches!(appointment.status, AppointmentStatus::Booked | AppointmentStatus::Arrived) {
        return Err(already(&appointment));
    }
    let first = !had_attendance(&pathway);
    append_event(
        &mut pathway,
        PathwayEvent::new(appointment.date, EventKind::OutpatientAttended { first: Some(first) }),
        ctx.today,
    )?;
    appointment.status = AppointmentStatus::Seen;
    let mut written = Vec::new();
    // The clinic letter, due by the trust's standard; made once, whichever desk records the attendance first.
    if !records::exists(records, RecordKind::Task, &letter_task_id(&appointment.id)) {
        let attendance = Attendance::at(&appointment, &pathway.consultant_id);
        let draft = letter_task_for_attendance(&attendance, &records::letter_settings(records))
            .map_err(|error| Rejection::invalid(error.to_string()))?;
        // The consultant's named secretary, when they have one; otherwise the secretaries' pool.
        let secretary = consultant_id
            .and_then(|id| records::consultant(records, id).ok())
            .and_then(|consultant| consultant.secretary.clone())
            .unwrap_or_else(|| MEDICAL_SECRETARIES.to_string());
        written.push(Record::Task(draft.into_task(secretary)));
    }
    written.push(Record::Appointment(appointment));
    written.push(Record::Pathway(pathway));
    Ok(written)
}

fn did_not_attend(
    ctx: &CommandContext,
    records: &impl RecordSource,
    appointment_id: &str,
    pathway_id: &str,
    clearly_communicated: bool,
) -> Result<Vec<Record>, Rejection> {
    let (mut appointment, mut pathway) = on_the_day(ctx, records, appointment_id, pathway_id)?;
    if appointment.status != AppointmentStatus::Booked {
        return Err(already(&appointment));
    }
    let first = !had_attendance(&pathway);
    append_event(
        &mut pathway,
        PathwayEvent::new(
            appointment.date,
            EventKind::AppointmentDna { first: Some(first), clearly_communicated: Some(clearly_communicated) },
        ),
        ctx.today,
    )?;
    // A missed appointment keeps its place on the list: the slot was used.
    appointment.status = AppointmentStatus::DidNotAttend;
    Ok(vec![Record::Appointment(appointment), Record::Pathway(pathway)])
}

fn walk_in(
    ctx: &CommandContext,
    records: &impl RecordSource,
    appointment_id: &str,
    pathway_id: &str,
    session_id: &str,
    slot_id: Option<&str>,
) -> Result<Vec<Record>, Rejection> {
    if records::exists(records, RecordKind::Appointment, appointment_id) {
        return Err(Rejection::conflict(format!("An appointment with id {appointment_id} already exists.")));
    }
    let pathway = records::pathway(records, pathway_id)?;
    let session = records::session(records, session_id)?;
    check_specialty(pathway, session)?;
    if session.date != ctx.today {
        return Err(Rejection::invalid(format!(
            "{} is on {}, not today ({}). A walk-in is seen in one of today's clinics.",
            session.name,
            uk_date(session.date),
            uk_date(ctx.today)
        )));
    }
    if let SessionStatus::Cancelled { reason } = &session.status {
        return Err(Rejection::conflict(format!(
            "{} today is cancelled ({reason}). Add the walk-in to another of today's clinics.",
            session.name
        )));
    }
    let mut list = records::clinic_list(records, session_id);
    let (slot_id, start, slot_type) = match slot_id {
        Some(slot_id) => {
            let slot = free_slot(session, &list, slot_id, |slot| {
                NeedsRebooking::for_slot(appointment_id, &pathway.patient_id, &pathway.id, session, slot)
            })
            .map_err(|mut rejection| {
                rejection.message.push_str(" Or see the patient as an extra.");
                rejection
            })?;
            check_slot_type(pathway, slot)?;
            (slot.id.clone(), slot.start, slot.slot_type)
        }
        None => {
            let slot_type = if had_attendance(pathway) { SlotType::FollowUp } else { SlotType::New };
            (EXTRA_SLOT_ID.to_string(), session.start, slot_type)
        }
    };
    let appointment = Appointment {
        id: appointment_id.to_string(),
        patient_id: pathway.patient_id.clone(),
        pathway_id: pathway.id.clone(),
        session_id: session.id.clone(),
        slot_id,
        date: session.date,
        start,
        slot_type,
        status: AppointmentStatus::Arrived,
        booked_on: ctx.today,
        outcome: None,
        cancelled: None,
    };
    list.places.push(ListedPlace {
        slot_id: appointment.slot_id.clone(),
        appointment_id: appointment.id.clone(),
        patient_id: appointment.patient_id.clone(),
        minutes: None,
    });
    Ok(vec![Record::Appointment(appointment), Record::ClinicList(list)])
}
