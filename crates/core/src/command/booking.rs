//! Booking commands: book, rebook and cancel appointments, and record declined offers. Each checks the pure
//! booking rules (`crate::booking`) against the records it read and appends the matching pathway event, so the
//! clocks follow.

use crate::calendar::hhmm;
use crate::from_map::from_map;
use crate::from_map::words;
use chrono::NaiveDate;
use serde::Serialize;

use super::records::{self, key};
use super::{checked_text, Act, CommandContext, NeedsRebooking, RecordSource, Rejection, RejectionDetails};
use crate::booking::{assess_offer, offers_in_current_period, review_declined_offers, Offer, SlotUnavailable};
use crate::calendar::uk_date;
use crate::model::{
    Appointment, AppointmentStatus, ClinicList, ClinicSession, ListedPlace, Pathway, PathwayOffers, Patient,
    PatientNote, SessionStatus, Slot, SlotType,
};
use crate::pathway::{Deadline, EventKind, PathwayEvent};
use crate::record::{Record, RecordKey, RecordKind};
use crate::tasks::{Task, TaskKind, TaskNote};

pub use crate::tasks::BOOKING_TEAM;

/// The furthest ahead of the offer an offered appointment can be.
const MAX_OFFER_AHEAD_DAYS: i64 = 731;

/// Days a clinical review task has before it is due.
const CLINICAL_REVIEW_DUE_DAYS: u64 = 7;

/// Who cancelled an appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelledBy {
    Patient,
    Hospital,
}

words!(CancelledBy { Patient = "patient", Hospital = "hospital" });

/// Book a patient on a pathway into a slot. `offered_on` is the day the date was offered (for reasonable notice);
/// `patient_accepted_earlier_date` records that the patient agreed to shorter notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BookAppointment {
    pub appointment_id: String,
    pub pathway_id: String,
    pub session_id: String,
    pub slot_id: String,
    pub offered_on: NaiveDate,
    #[serde(default)]
    pub patient_accepted_earlier_date: bool,
    /// Why a date after a cancer deadline is booked (the patient's choice, a clinical decision); needed then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub past_deadline_reason: Option<String>,
    /// The clinic's consultant as the desk saw it: their recorded leave is checked (a clinic or procedure list in
    /// it cannot be booked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultant_id: Option<String>,
}

from_map!(BookAppointment {
    appointment_id, pathway_id, session_id, slot_id, offered_on, patient_accepted_earlier_date = default,
    past_deadline_reason = default, consultant_id = default,
});

impl Act for BookAppointment {
    fn reads(&self) -> Vec<RecordKey> {
        let mut reads = vec![
            key(RecordKind::Appointment, &self.appointment_id),
            key(RecordKind::Pathway, &self.pathway_id),
            key(RecordKind::PathwayOffers, &self.pathway_id),
            key(RecordKind::ClinicSession, &self.session_id),
            key(RecordKind::ClinicList, &self.session_id),
            records::trust_settings_key(),
        ];
        reads.extend(self.consultant_id.as_deref().map(|id| key(RecordKind::Consultant, id)));
        reads
    }

    fn describe(&self) -> String {
        "Book an appointment".to_string()
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let wanted = Booking {
            appointment_id: &self.appointment_id,
            session_id: &self.session_id,
            slot_id: &self.slot_id,
            offered_on: self.offered_on,
            patient_accepted_earlier_date: self.patient_accepted_earlier_date,
            past_deadline_reason: self.past_deadline_reason.as_deref(),
            consultant_id: self.consultant_id.as_deref(),
        };
        book(ctx, records, &self.pathway_id, &wanted)
    }
}

/// The clinic asked for a follow-up by `due_by` (the pathway waits on the waiting list as a follow-up until one is
/// booked), or, with `None`, no follow-up is needed after all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordFollowUpDue {
    pub pathway_id: String,
    #[serde(default)]
    pub due_by: Option<NaiveDate>,
}

from_map!(RecordFollowUpDue { pathway_id, due_by = default });

impl Act for RecordFollowUpDue {
    fn reads(&self) -> Vec<RecordKey> {
        vec![key(RecordKind::Pathway, &self.pathway_id)]
    }

    fn describe(&self) -> String {
        match self.due_by {
            Some(due_by) => format!("Follow-up needed by {}", uk_date(due_by)),
            None => "No follow-up needed".to_string(),
        }
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        record_follow_up_due(ctx, records, &self.pathway_id, self.due_by)
    }
}

/// The patient declined an appointment date offered on `offered_on`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordOfferDeclined {
    pub pathway_id: String,
    pub offer_id: String,
    pub offered_on: NaiveDate,
    pub appointment_date: NaiveDate,
    /// The pathway's consultant as the desk saw it: a clinical review it calls for goes to their named secretary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultant_id: Option<String>,
}

from_map!(RecordOfferDeclined { pathway_id, offer_id, offered_on, appointment_date, consultant_id = default });

impl Act for RecordOfferDeclined {
    fn reads(&self) -> Vec<RecordKey> {
        let mut reads = vec![
            key(RecordKind::Pathway, &self.pathway_id),
            key(RecordKind::PathwayOffers, &self.pathway_id),
            key(RecordKind::Task, &clinical_review_task_id(&self.pathway_id)),
            records::trust_settings_key(),
        ];
        reads.extend(self.consultant_id.iter().map(|id| key(RecordKind::Consultant, id)));
        reads
    }

    fn describe(&self) -> String {
        "Record a declined offer".to_string()
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        record_offer_declined(ctx, records, self)
    }
}

/// Cancel an appointment, by the patient or by the hospital, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CancelAppointment {
    pub appointment_id: String,
    pub pathway_id: String,
    pub session_id: String,
    pub by: CancelledBy,
    pub reason: String,
}

from_map!(CancelAppointment { appointment_id, pathway_id, session_id, by, reason });

impl CancelAppointment {
    /// Cancel `appointment`, by the patient or the hospital, with the reason.
    pub fn of(appointment: &Appointment, by: CancelledBy, reason: impl Into<String>) -> CancelAppointment {
        CancelAppointment {
            appointment_id: appointment.id.clone(),
            pathway_id: appointment.pathway_id.clone(),
            session_id: appointment.session_id.clone(),
            by,
            reason: reason.into(),
        }
    }
}

impl Act for CancelAppointment {
    fn reads(&self) -> Vec<RecordKey> {
        vec![
            key(RecordKind::Appointment, &self.appointment_id),
            key(RecordKind::Pathway, &self.pathway_id),
            key(RecordKind::ClinicList, &self.session_id),
            records::trust_settings_key(),
        ]
    }

    fn describe(&self) -> String {
        match self.by {
            CancelledBy::Patient => "Cancel an appointment (patient cancelled)".to_string(),
            CancelledBy::Hospital => "Cancel an appointment (hospital cancelled)".to_string(),
        }
    }

    fn typed_text(&self) -> Option<String> {
        Some(self.reason.clone())
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        cancel(ctx, records, &self.appointment_id, &self.pathway_id, &self.session_id, self.by, &self.reason)
    }
}

/// The hospital moves an appointment to another slot: the old one is cancelled by the hospital and the new one
/// booked, in one step (both or neither).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RebookAppointment {
    pub appointment_id: String,
    pub pathway_id: String,
    /// The session of the appointment being moved.
    pub old_session_id: String,
    pub new_appointment_id: String,
    pub session_id: String,
    pub slot_id: String,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub patient_accepted_earlier_date: bool,
    /// As for [`BookAppointment`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub past_deadline_reason: Option<String>,
    /// As for [`BookAppointment`]: the new clinic's consultant, whose leave is checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultant_id: Option<String>,
}

from_map!(RebookAppointment {
    appointment_id, pathway_id, old_session_id, new_appointment_id, session_id, slot_id, reason = default,
    patient_accepted_earlier_date = default, past_deadline_reason = default, consultant_id = default,
});

impl RebookAppointment {
    /// Move `appointment` to `slot_id` in `session_id` as a new appointment `new_appointment_id`.
    pub fn of(
        appointment: &Appointment,
        new_appointment_id: impl Into<String>,
        session_id: impl Into<String>,
        slot_id: impl Into<String>,
        reason: Option<String>,
    ) -> RebookAppointment {
        RebookAppointment {
            appointment_id: appointment.id.clone(),
            pathway_id: appointment.pathway_id.clone(),
            old_session_id: appointment.session_id.clone(),
            new_appointment_id: new_appointment_id.into(),
            session_id: session_id.into(),
            slot_id: slot_id.into(),
            reason,
            patient_accepted_earlier_date: false,
            past_deadline_reason: None,
            consultant_id: None,
        }
    }
}

impl Act for RebookAppointment {
    fn reads(&self) -> Vec<RecordKey> {
        let mut reads = vec![
            key(RecordKind::Appointment, &self.appointment_id),
            key(RecordKind::Appointment, &self.new_appointment_id),
            key(RecordKind::Pathway, &self.pathway_id),
            key(RecordKind::PathwayOffers, &self.pathway_id),
            key(RecordKind::ClinicList, &self.old_session_id),
            key(RecordKind::ClinicSession, &self.session_id),
            key(RecordKind::ClinicList, &self.session_id),
            records::trust_settings_key(),
        ];
        reads.extend(self.consultant_id.as_deref().map(|id| key(RecordKind::Consultant, id)));
        reads
    }

    fn describe(&self) -> String {
        "Rebook an appointment".to_string()
    }

    fn typed_text(&self) -> Option<String> {
        self.reason.clone()
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let wanted = Booking {
            appointment_id: &self.new_appointment_id,
            session_id: &self.session_id,
            slot_id: &self.slot_id,
            offered_on: ctx.today,
            patient_accepted_earlier_date: self.patient_accepted_earlier_date,
            past_deadline_reason: self.past_deadline_reason.as_deref(),
            consultant_id: self.consultant_id.as_deref(),
        };
        let reason = self.reason.as_deref();
        rebook(ctx, records, &self.appointment_id, &self.pathway_id, &self.old_session_id, &wanted, reason)
    }
}

/// The booking asked for.
struct Booking<'c> {
    appointment_id: &'c str,
    session_id: &'c str,
    slot_id: &'c str,
    offered_on: NaiveDate,
    patient_accepted_earlier_date: bool,
    /// Why a date after a cancer deadline is booked (the patient's choice, a clinical decision).
    past_deadline_reason: Option<&'c str>,
    /// The clinic's consultant as the desk saw it, whose leave is checked.
    consultant_id: Option<&'c str>,
}

/// Has the pathway had an outpatient attendance? Until it has, the next appointment is its first (a New slot).
pub(super) fn had_attendance(pathway: &Pathway) -> bool {
    crate::booking::next_slot_type(pathway) != SlotType::New
}

/// The slot type this pathway's next appointment needs: New until the first attendance, then a follow-up or a
/// procedure slot (either: the clinic may want to see the patient again before the procedure).
pub(super) fn check_slot_type(pathway: &Pathway, slot: &Slot) -> Result<(), Rejection> {
    let wanted = crate::booking::next_slot_type(pathway);
    let first = wanted == SlotType::New;
    let fits = if first { slot.slot_type == SlotType::New } else { slot.slot_type != SlotType::New };
    if fits {
        Ok(())
    } else {
        Err(SlotUnavailable::WrongType { start: slot.start, slot_type: slot.slot_type, wanted }.into())
    }
}

/// A date after a running cancer clock's deadline is booked only with the reason recorded (the patient's choice,
/// or a clinical decision): a national standard being missed is never silent (the desk also escalates it).
fn check_cancer_deadline(
    pathway: &Pathway,
    session: &ClinicSession,
    today: NaiveDate,
    reason: Option<&str>,
) -> Result<(), Rejection> {
    let clocks = crate::pathway::PathwayClocks::compute(&pathway.events, pathway.cancer, today);
    let Some(missed) = Deadline::first_cancer_missed(&clocks.deadlines(), session.date) else {
        return Ok(());
    };
    if reason.is_some_and(|reason| !reason.trim().is_empty()) {
        return Ok(());
    }
    Err(Rejection::invalid(format!(
        "{} is after the {} deadline ({}). Offer a date by then, or record why this date (the patient's choice or a \
         clinical decision) so it goes to the team leads as an escalation.",
        uk_date(session.date),
        missed.standard.label(),
        uk_date(missed.date)
    )))
}

/// The clinic must be of the pathway's specialty (any of its consultants may see the patient).
pub(super) fn check_specialty(pathway: &Pathway, session: &ClinicSession) -> Result<(), Rejection> {
    if session.specialty_id == pathway.specialty_id {
        Ok(())
    } else {
        Err(Rejection::invalid(format!(
            "{} on {} is a clinic of another specialty than this patient's pathway. Choose a clinic of the \
             pathway's specialty.",
            session.name,
            uk_date(session.date)
        )))
    }
}

/// Finds the slot in the session and checks it can take one more patient (on `list`). A full slot is a conflict
/// carrying who needs rebooking, so the server can turn it into a task.
pub(super) fn free_slot<'s>(
    session: &'s ClinicSession,
    list: &ClinicList,
    slot_id: &str,
    needs: impl FnOnce(&Slot) -> NeedsRebooking,
) -> Result<&'s Slot, Rejection> {
    if let SessionStatus::Cancelled { reason } = &session.status {
        return Err(SlotUnavailable::SessionCancelled {
            clinic: session.name.clone(),
            date: session.date,
            reason: reason.clone(),
        }
        .into());
    }
    let Some(slot) = session.slots.iter().find(|slot| slot.id == slot_id) else {
        return Err(match &session.status {
            SessionStatus::Reduced { reason } => SlotUnavailable::RemovedByReduction {
                clinic: session.name.clone(),
                date: session.date,
                reason: reason.clone(),
            },
            _ => SlotUnavailable::NotInClinic { clinic: session.name.clone(), date: session.date },
        }
        .into());
    };
    let booked = list.booked(&slot.id);
    if booked >= slot.capacity {
        let mut rejection: Rejection =
            SlotUnavailable::Full { start: slot.start, capacity: slot.capacity, booked }.into();
        rejection.details = Some(Box::new(RejectionDetails::NeedsRebooking(needs(slot))));
        return Err(rejection);
    }
    Ok(slot)
}

fn needs_rebooking(appointment_id: &str, pathway: &Pathway, session: &ClinicSession, slot: &Slot) -> NeedsRebooking {
    NeedsRebooking::for_slot(appointment_id, &pathway.patient_id, &pathway.id, session, slot)
}

/// Appends `event` to the pathway if the pathway rules accept it.
pub(super) fn append_event(pathway: &mut Pathway, event: PathwayEvent, today: NaiveDate) -> Result<(), Rejection> {
    crate::pathway::check_new_event(&pathway.events, &event, today).map_err(Rejection::invalid)?;
    pathway.events.push(event);
    Ok(())
}

/// A clinic or procedure list on a day its consultant is on recorded leave cannot be booked: the leave is on the
/// consultant's record (the desk names the consultant it saw, so it is read with the booking).
fn check_leave(
    records: &impl RecordSource,
    session: &ClinicSession,
    consultant_id: Option<&str>,
) -> Result<(), Rejection> {
    let Some(consultant_id) = consultant_id else { return Ok(()) };
    if consultant_id != session.consultant_id {
        return Err(Rejection::conflict(format!(
            "{} on {} is now with another consultant. Reload the clinics and choose again.",
            session.name,
            uk_date(session.date)
        )));
    }
    let Some(Record::Consultant(consultant)) = records.record(&key(RecordKind::Consultant, consultant_id)) else {
        return Ok(());
    };
    match consultant.away_on(session.date) {
        Some(leave) => Err(Rejection::invalid(format!(
            "{} is on leave ({}) from {} to {}, so {} on {} cannot be booked. Choose another clinic or list, or \
             ask the booking team lead whether another clinician covers it.",
            consultant.name,
            leave.reason,
            uk_date(leave.from),
            uk_date(leave.to),
            session.name,
            uk_date(session.date)
        ))),
        None => Ok(()),
    }
}

/// On a procedure list, the patient's procedure must fit in the list's time as well as its places (see
/// [`crate::booking::minutes_needed`]). Returns the minutes this booking takes, when the listing gives them.
fn check_list_minutes(
    pathway: &Pathway,
    session: &ClinicSession,
    list: &ClinicList,
    slot: &Slot,
) -> Result<Option<u32>, Rejection> {
    crate::booking::minutes_needed(pathway, session, list, slot).map_err(Rejection::invalid)
}

/// A note on the patient's record saying what happened to an appointment and why.
pub(super) fn appointment_note(ctx: &CommandContext, appointment: &Appointment, text: String) -> Record {
    Record::PatientNote(PatientNote {
        id: format!("note-{}-{}", appointment.id, ctx.today),
        patient_id: appointment.patient_id.clone(),
        text,
        author: ctx.author.clone(),
        written_on: ctx.today,
    })
}

/// Everything a new booking writes: the appointment, its place on the clinic list, the accepted offer, and the
/// pathway with any event the booking means (an e-Referral booked starts the clock).
struct NewBooking {
    appointment: Appointment,
    list: ClinicList,
    offers: PathwayOffers,
}

fn new_booking(
    ctx: &CommandContext,
    records: &impl RecordSource,
    pathway: &mut Pathway,
    list: ClinicList,
    wanted: &Booking<'_>,
) -> Result<NewBooking, Rejection> {
    if records::exists(records, RecordKind::Appointment, wanted.appointment_id) {
        return Err(Rejection::conflict(format!(
            "An appointment with id {} already exists. Start the booking again.",
            wanted.appointment_id
        )));
    }
    let session = records::session(records, wanted.session_id)?;
    check_specialty(pathway, session)?;
    if session.date < ctx.today {
        return Err(Rejection::invalid(format!(
            "{} on {} is in the past. Choose a clinic from today on.",
            session.name,
            uk_date(session.date)
        )));
    }
    if wanted.offered_on > ctx.today {
        return Err(Rejection::invalid(format!(
            "The date of the offer ({}) is after today ({}). Enter the day the date was offered to the patient.",
            uk_date(wanted.offered_on),
            uk_date(ctx.today)
        )));
    }
    check_leave(records, session, wanted.consultant_id)?;
    let slot = free_slot(session, &list, wanted.slot_id, |slot| {
        needs_rebooking(wanted.appointment_id, pathway, session, slot)
    })?;
    check_slot_type(pathway, slot)?;
    check_cancer_deadline(pathway, session, ctx.today, wanted.past_deadline_reason)?;
    let policy = records::booking_policy(records);
    let assessment = assess_offer(&policy, wanted.offered_on, session.date, wanted.patient_accepted_earlier_date)?;
    if !assessment.is_reasonable() {
        return Err(Rejection::invalid(assessment.message));
    }

    let appointment = Appointment {
        id: wanted.appointment_id.to_string(),
        patient_id: pathway.patient_id.clone(),
        pathway_id: pathway.id.clone(),
        session_id: session.id.clone(),
        slot_id: slot.id.clone(),
        date: session.date,
        start: slot.start,
        slot_type: slot.slot_type,
        status: AppointmentStatus::Booked,
        booked_on: wanted.offered_on,
        outcome: None,
        cancelled: None,
    };
    let minutes = check_list_minutes(pathway, session, &list, slot)?;
    let mut list = list;
    list.places.push(ListedPlace {
        slot_id: slot.id.clone(),
        appointment_id: appointment.id.clone(),
        patient_id: appointment.patient_id.clone(),
        minutes,
    });
    let mut offers = records::offers(records, pathway);
    let offer = Offer::new(
        &policy,
        appointment.id.clone(),
        pathway.id.clone(),
        wanted.offered_on,
        session.date,
        wanted.patient_accepted_earlier_date,
    )?;
    offers.offers.push(offer);
    let ers_waiting = pathway.events.iter().any(|event| matches!(event.kind, EventKind::ErsReferralCreated { .. }))
        && !pathway.events.iter().any(|event| matches!(event.kind, EventKind::UbrnConverted {}));
    if ers_waiting {
        append_event(pathway, PathwayEvent::new(ctx.today, EventKind::UbrnConverted {}), ctx.today)?;
    }
    // The follow-up the clinic asked for is now booked: it leaves the waiting list.
    if appointment.slot_type == SlotType::FollowUp {
        pathway.follow_up_due = None;
    }
    Ok(NewBooking { appointment, list, offers })
}

/// How far ahead a follow-up may be asked for.
pub const MAX_FOLLOW_UP_DAYS: i64 = 2 * 366;

fn record_follow_up_due(
    ctx: &CommandContext,
    records: &impl RecordSource,
    pathway_id: &str,
    due_by: Option<NaiveDate>,
) -> Result<Vec<Record>, Rejection> {
    let mut pathway = records::pathway(records, pathway_id)?.clone();
    if let Some(due_by) = due_by {
        if due_by < ctx.today {
            return Err(Rejection::invalid(format!(
                "The follow-up date ({}) is before today ({}). Enter the date the clinic wants the patient seen by.",
                uk_date(due_by),
                uk_date(ctx.today)
            )));
        }
        if (due_by - ctx.today).num_days() > MAX_FOLLOW_UP_DAYS {
            return Err(Rejection::invalid(format!(
                "The follow-up date ({}) is more than two years away. Check the year, or record it nearer the time.",
                uk_date(due_by)
            )));
        }
    } else if pathway.follow_up_due.is_none() {
        return Err(Rejection::conflict("No follow-up is waiting on this pathway: nothing to take off the list."));
    }
    pathway.follow_up_due = due_by;
    Ok(vec![Record::Pathway(pathway)])
}

fn book(
    ctx: &CommandContext,
    records: &impl RecordSource,
    pathway_id: &str,
    wanted: &Booking<'_>,
) -> Result<Vec<Record>, Rejection> {
    let before = records::pathway(records, pathway_id)?;
    let mut pathway = before.clone();
    let list = records::clinic_list(records, wanted.session_id);
    let booking = new_booking(ctx, records, &mut pathway, list, wanted)?;
    let mut written = vec![
        Record::Appointment(booking.appointment),
        Record::ClinicList(booking.list),
        Record::PathwayOffers(booking.offers),
    ];
    if &pathway != before {
        written.push(Record::Pathway(pathway));
    }
    Ok(written)
}

/// The appointment must be booked (not yet arrived, seen, missed or cancelled) to be cancelled or moved.
fn still_booked<'a>(
    records: &'a impl RecordSource,
    appointment_id: &str,
    pathway_id: &str,
    session_id: &str,
) -> Result<&'a Appointment, Rejection> {
    let appointment = records::appointment(records, appointment_id)?;
    if appointment.pathway_id != pathway_id || appointment.session_id != session_id {
        return Err(Rejection::invalid(format!(
            "Appointment {appointment_id} belongs to pathway {} in clinic {}, not to the pathway and clinic given. \
             Reload the patient's appointments and try again.",
            appointment.pathway_id, appointment.session_id
        )));
    }
    if appointment.status != AppointmentStatus::Booked {
        return Err(Rejection::conflict(format!(
            "The appointment on {} is already {}: only a booked appointment can be cancelled or moved.",
            uk_date(appointment.date),
            appointment.status.label().to_lowercase()
        )));
    }
    Ok(appointment)
}

fn cancel(
    ctx: &CommandContext,
    records: &impl RecordSource,
    appointment_id: &str,
    pathway_id: &str,
    session_id: &str,
    by: CancelledBy,
    reason: &str,
) -> Result<Vec<Record>, Rejection> {
    let reason = checked_text(reason, "reason for cancelling")?;
    let mut appointment = still_booked(records, appointment_id, pathway_id, session_id)?.clone();
    let mut pathway = records::pathway(records, pathway_id)?.clone();
    let mut list = records::clinic_list(records, session_id);
    list.places.retain(|place| place.appointment_id != appointment.id);
    let mut written = Vec::new();
    let when = format!("{} at {}", uk_date(appointment.date), hhmm(appointment.start));
    let note = match by {
        CancelledBy::Patient => {
            appointment.cancel(AppointmentStatus::CancelledByPatient, ctx.today, reason.to_string());
            let mut event = PathwayEvent::new(
                ctx.today,
                EventKind::PatientCancelled {
                    appointment_date: Some(appointment.date),
                    first: Some(!had_attendance(&pathway)),
                },
            );
            event.note = Some(reason.clone().into());
            append_event(&mut pathway, event, ctx.today)?;
            written.push(Record::Pathway(pathway));
            format!("Appointment on {when} cancelled by the patient: {reason}")
        }
        CancelledBy::Hospital => {
            appointment.cancel(AppointmentStatus::CancelledByHospital, ctx.today, reason.to_string());
            let tell = TellPatient {
                appointment: &appointment,
                suffix: "cancelled",
                what: format!("appointment on {when} cancelled by the hospital ({reason}); to be rebooked"),
                cancer: pathway.cancer,
                date: appointment.date,
            };
            written.push(Record::Task(tell.task(ctx, &records::booking_policy(records))));
            format!("Appointment on {when} cancelled by the hospital: {reason}")
        }
    };
    written.push(appointment_note(ctx, &appointment, note));
    written.push(Record::Appointment(appointment));
    written.push(Record::ClinicList(list));
    Ok(written)
}

fn rebook(
    ctx: &CommandContext,
    records: &impl RecordSource,
    appointment_id: &str,
    pathway_id: &str,
    old_session_id: &str,
    wanted: &Booking<'_>,
    reason: Option<&str>,
) -> Result<Vec<Record>, Rejection> {
    let reason = match reason.map(str::trim).filter(|reason| !reason.is_empty()) {
        Some(reason) => checked_text(reason, "reason for rebooking")?,
        None => "Rebooked by the hospital".to_string(),
    };
    let mut old = still_booked(records, appointment_id, pathway_id, old_session_id)?.clone();
    if old.session_id == wanted.session_id && old.slot_id == wanted.slot_id {
        return Err(Rejection::invalid(
            "That is the slot the patient is already booked into. Choose another slot to move them to.",
        ));
    }
    let mut pathway = records::pathway(records, pathway_id)?.clone();
    // The old place is given back first, so a move within one clinic sees the slot as it will be.
    let mut old_list = records::clinic_list(records, old_session_id);
    old_list.places.retain(|place| place.appointment_id != old.id);
    let same_clinic = old_session_id == wanted.session_id;
    let new_list = if same_clinic { old_list.clone() } else { records::clinic_list(records, wanted.session_id) };
    let booking = new_booking(ctx, records, &mut pathway, new_list, wanted)?;
    append_event(&mut pathway, PathwayEvent::new(ctx.today, EventKind::AppointmentRebookedByProvider {}), ctx.today)?;
    old.cancel(AppointmentStatus::CancelledByHospital, ctx.today, reason.clone());
    let note = format!(
        "Appointment on {} at {} moved by the hospital to {} at {}: {reason}",
        uk_date(old.date),
        hhmm(old.start),
        uk_date(booking.appointment.date),
        hhmm(booking.appointment.start),
    );
    let tell = TellPatient {
        appointment: &booking.appointment,
        suffix: "moved",
        what: format!(
            "appointment moved from {} at {} to {} at {}",
            uk_date(old.date),
            hhmm(old.start),
            uk_date(booking.appointment.date),
            hhmm(booking.appointment.start)
        ),
        cancer: pathway.cancer,
        date: booking.appointment.date,
    };
    let tell = tell.task(ctx, &records::booking_policy(records));
    let mut written = vec![appointment_note(ctx, &old, note), Record::Appointment(old), Record::Task(tell)];
    if !same_clinic {
        written.push(Record::ClinicList(old_list));
    }
    written.extend([
        Record::Appointment(booking.appointment),
        Record::ClinicList(booking.list),
        Record::PathwayOffers(booking.offers),
        Record::Pathway(pathway),
    ]);
    Ok(written)
}

/// How a patient is told of a change the hospital made: a task for the booking team, phone first for a cancer
/// pathway or an appointment within the reasonable notice period, then the letter.
pub(super) struct TellPatient<'a> {
    pub appointment: &'a Appointment,
    /// The task's id: `tell-<appointment>-<what>`, so the same change never makes two.
    pub suffix: &'a str,
    /// What happened, in a sentence ("Urology clinic on 7 Dec 2026 cancelled (Annual leave)").
    pub what: String,
    pub cancer: bool,
    /// The date that matters to the patient: the new appointment, or the one taken away.
    pub date: NaiveDate,
}

impl TellPatient<'_> {
    pub(super) fn task(self, ctx: &CommandContext, policy: &crate::booking::BookingPolicy) -> Task {
        let short_notice = (self.date - ctx.today).num_days() < policy.reasonable_notice_days;
        let phone_first = self.cancer || short_notice;
        let why = match (self.cancer, short_notice) {
            (true, _) => "a cancer pathway",
            (false, true) => "short notice",
            _ => "",
        };
        let title = if phone_first {
            format!("Phone the patient: {}", self.what)
        } else {
            format!("Tell the patient: {}", self.what)
        };
        let mut task = Task::new_open(
            tell_patient_id(&self.appointment.id, self.suffix),
            TaskKind::Other,
            title,
            BOOKING_TEAM,
            ctx.today,
        );
        task.patient_id = Some(self.appointment.patient_id.clone());
        let how = if phone_first {
            format!("Phone first ({why}), then send the letter.")
        } else {
            "Send the letter.".to_string()
        };
        task.history.push(TaskNote {
            author: ctx.author.clone(),
            written_on: ctx.today,
            text: format!("{}. {how}", self.what),
        });
        task
    }
}

/// The id of the task that tells the patient of change `what` to `appointment_id`.
pub fn tell_patient_id(appointment_id: &str, what: &str) -> String {
    format!("tell-{appointment_id}-{what}")
}

/// The appointment a "tell the patient" task of a cancellation or a move is about (its letter to print).
pub fn told_appointment(task_id: &str) -> Option<&str> {
    let rest = task_id.strip_prefix("tell-")?;
    rest.strip_suffix("-cancelled").or_else(|| rest.strip_suffix("-moved"))
}

/// The id of the clinical review task for declined offers on a pathway (one per pathway, reopened if needed).
pub(super) fn clinical_review_task_id(pathway_id: &str) -> String {
    format!("review-offers-{pathway_id}")
}

fn count_in_words(count: usize) -> String {
    match count {
        1 => "one".to_string(),
        2 => "two".to_string(),
        3 => "three".to_string(),
        4 => "four".to_string(),
        n => n.to_string(),
    }
}

fn record_offer_declined(
    ctx: &CommandContext,
    records: &impl RecordSource,
    declined: &RecordOfferDeclined,
) -> Result<Vec<Record>, Rejection> {
    let RecordOfferDeclined { pathway_id, offer_id, offered_on, appointment_date, .. } = declined;
    let (offered_on, appointment_date) = (*offered_on, *appointment_date);
    let pathway = records::pathway(records, pathway_id)?;
    if offered_on > ctx.today {
        return Err(Rejection::invalid(format!(
            "The date of the offer ({}) is after today ({}). Enter the day the date was offered to the patient.",
            uk_date(offered_on),
            uk_date(ctx.today)
        )));
    }
    // A date typed years out is a slip of the keyboard, not an offer.
    if (appointment_date - offered_on).num_days() > MAX_OFFER_AHEAD_DAYS {
        return Err(Rejection::invalid(format!(
            "The appointment date ({}) is more than two years after the offer ({}). Check the date and enter it again.",
            uk_date(appointment_date),
            uk_date(offered_on)
        )));
    }
    let mut offers = records::offers(records, pathway);
    if offers.offers.iter().any(|offer| offer.id == *offer_id) {
        return Err(Rejection::conflict(format!("The offer {offer_id} is already recorded.")));
    }
    let policy = records::booking_policy(records);
    let mut offer = Offer::new(&policy, offer_id, pathway_id, offered_on, appointment_date, false)?;
    offer.declined = true;
    offers.offers.push(offer);

    let current = offers_in_current_period(&offers.offers, &pathway.events, ctx.today);
    let review = review_declined_offers(&policy, &current);
    let mut written = vec![Record::PathwayOffers(offers.clone())];
    if review.clinical_review_needed {
        let title =
            format!("Clinical review: {} reasonable offers declined", count_in_words(review.declined_reasonable.len()));
        let note = TaskNote { author: ctx.author.clone(), written_on: ctx.today, text: review.message.clone() };
        let task = match records::task(records, &clinical_review_task_id(pathway_id)) {
            Some(existing) => {
                let mut task = existing.clone();
                task.title = title;
                task.status = crate::tasks::TaskStatus::Open;
                task.history.push(note);
                task
            }
            None => {
                // The consultant's named secretary arranges the review with them; without one, the booking team.
                let secretary = declined
                    .consultant_id
                    .as_deref()
                    .filter(|id| *id == pathway.consultant_id)
                    .and_then(|id| records::consultant(records, id).ok())
                    .and_then(|consultant| consultant.secretary.clone())
                    .unwrap_or_else(|| BOOKING_TEAM.to_string());
                let mut task = Task::new_open(
                    clinical_review_task_id(pathway_id),
                    TaskKind::PathwayValidation,
                    title,
                    secretary,
                    crate::calendar::add_days(ctx.today, CLINICAL_REVIEW_DUE_DAYS),
                );
                task.patient_id = Some(pathway.patient_id.clone());
                task.consultant_id = Some(pathway.consultant_id.clone());
                task.history.push(note);
                task
            }
        };
        written.push(Record::Task(task));
    }
    Ok(written)
}

/// The rejection the server gives a booking whose slot was filled from another desk first.
pub fn slot_taken_while_offline(needs: &NeedsRebooking) -> Rejection {
    Rejection {
        code: super::RejectionCode::Conflict,
        message: format!(
            "Slot taken while you were offline: {} {} {} was booked from another desk. The patient needs rebooking.",
            needs.clinic,
            uk_date(needs.date),
            hhmm(needs.start)
        ),
        details: Some(Box::new(RejectionDetails::NeedsRebooking(needs.clone()))),
    }
}

/// The task the server creates for the booking team when a booking lost its slot. Its id follows the
/// appointment's, so it is made once however often the push is repeated.
pub fn needs_rebooking_task(needs: &NeedsRebooking, patient: Option<&Patient>, today: NaiveDate) -> Task {
    let who = patient.map(Patient::display_name).unwrap_or_else(|| format!("patient {}", needs.patient_id));
    let mut task = Task::new_open(
        format!("rebook-{}", needs.appointment_id),
        TaskKind::Other,
        format!("Needs rebooking: {who} for {} {}", needs.clinic, uk_date(needs.date)),
        BOOKING_TEAM,
        today,
    );
    task.patient_id = Some(needs.patient_id.clone());
    task.consultant_id = Some(needs.consultant_id.clone());
    task.history.push(TaskNote {
        author: "Pathdesk".to_string(),
        written_on: today,
        text: format!(
            "The {} slot at {} in {} on {} was booked from another desk first. Offer the patient another {} slot.",
            needs.slot_type.label(),
            hhmm(needs.start),
            needs.clinic,
            uk_date(needs.date),
            needs.slot_type.label()
        ),
    });
    task
}
