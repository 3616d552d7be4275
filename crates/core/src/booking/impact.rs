//! The impact of cancelling or reducing a clinic: the patients whose appointments go, the nearest deadline first,
//! each with a suggested free slot within their next deadline (whichever clock sets it: 28-, 31- or 62-day cancer,
//! or 18 weeks), or, when none is free in time, the earliest slot there is, marked to escalate.
//!
//! Order: the next deadline of any running clock first (a cancer patient's 28-day date usually comes before a
//! routine patient's 18 weeks), then priority (urgent suspected cancer, urgent, routine), then the longest wait.
//! Suggestions are made in that order, so the nearest deadline gets the earliest place, and no place is promised
//! twice in one plan.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::NaiveDate;

use super::availability::SlotBookings;
use super::change::{check_session_change, SessionChange, SessionChangeError};
use super::display::{clock, days, uk_date};
use super::offer::{assess_offer, OfferNotice};
use super::policy::BookingPolicy;
use super::search::{first_free, ClinicScope, FreeSlot, SlotSearch};
use super::{list_minutes, minutes_booked};
use crate::model::{Appointment, AppointmentStatus, ClinicList, ClinicSession, Priority, SlotType};
use crate::pathway::Deadline;
use crate::rejection::Rejection;
use crate::sorting;

/// Shown against a patient who has no free slot within their next deadline.
pub const ESCALATE: &str = "Cannot be kept within target — escalate to your manager.";

/// What the impact list needs to know about a patient's pathway (worked out by the pathway engine).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathwayWait {
    pub pathway_id: String,
    pub patient_id: String,
    /// As shown on lists: "SURNAME, Given".
    pub patient_name: String,
    pub priority: Priority,
    /// Start of the running RTT clock (for weeks waited); `None` when it does not run.
    pub clock_start: Option<NaiveDate>,
    /// The earliest deadline of the running clocks, and which standard sets it; `None` when no clock runs (a
    /// follow-up after treatment).
    pub next_deadline: Option<Deadline>,
    /// For a patient listed for a procedure: the minutes it is expected to take (a list is offered only with that
    /// much time left).
    pub procedure_minutes: Option<u32>,
}

impl PathwayWait {
    /// The wait of a patient tracking list row: its running RTT clock's start and its next deadline.
    pub fn from_row(row: &crate::ptl::PtlRow) -> Self {
        PathwayWait {
            pathway_id: row.pathway_id.clone(),
            patient_id: row.patient_id.clone(),
            patient_name: row.patient_name.clone(),
            priority: row.priority,
            clock_start: row.running_clock().map(|clock| clock.start),
            next_deadline: row.next_deadline,
            procedure_minutes: None,
        }
    }
}

/// Where the patients of a changed clinic can go: the clinics searched (including the one changed), every
/// appointment in them, and their clinic lists (at least the procedure lists': a procedure goes only where its
/// minutes fit).
#[derive(Debug, Clone, Copy)]
pub struct ClinicsSearched<'a> {
    pub sessions: &'a [ClinicSession],
    pub appointments: &'a [Appointment],
    pub lists: &'a [ClinicList],
}

/// A free slot suggested for one patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Alternative<'a> {
    pub slot: FreeSlot<'a>,
    /// In a clinic of the same consultant (otherwise another consultant of the same specialty).
    pub same_consultant: bool,
}

/// One patient whose appointment the change takes away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffectedPatient<'a> {
    pub appointment: &'a Appointment,
    pub wait: &'a PathwayWait,
    /// Completed weeks since the clock start, as of today.
    pub weeks_waited: Option<i64>,
    /// The slot to offer: within the next deadline when one is free in time, otherwise the earliest there is.
    pub alternative: Option<Alternative<'a>>,
    /// The next deadline cannot be kept (no slot in time, or the earliest is after it): escalate.
    pub escalate: bool,
    /// What to do, in a sentence or two.
    pub advice: String,
}

/// Everything a cancelled or reduced clinic means for the patients booked in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionChangeImpact<'a> {
    pub session: &'a ClinicSession,
    /// Days from today to the clinic.
    pub notice_days: i64,
    /// Less notice than the trust expects for a clinic cancellation or reduction.
    pub short_notice: bool,
    /// Ranked: nearest next deadline, then priority, then longest wait.
    pub patients: Vec<AffectedPatient<'a>>,
    pub summary: String,
}

impl SessionChangeImpact<'_> {
    pub fn escalations(&self) -> usize {
        self.patients.iter().filter(|patient| patient.escalate).count()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImpactError {
    #[error("Clinic session {session_id} was not found. Reload the clinic list and try again.")]
    SessionNotFound { session_id: String },
    #[error("The waiting-time details of pathway {pathway_id} (patient {patient_id}) are not loaded. Reload the clinic and try again.")]
    MissingWait { pathway_id: String, patient_id: String },
    #[error("{0}")]
    Change(#[from] SessionChangeError),
}

impl From<ImpactError> for Rejection {
    fn from(error: ImpactError) -> Self {
        match error {
            ImpactError::Change(change) => change.into(),
            ImpactError::SessionNotFound { .. } => Rejection::not_found(error.to_string()),
            ImpactError::MissingWait { .. } => Rejection::not_found(error.to_string()),
        }
    }
}

/// Ranks affected patients: nearest next deadline (none last), then priority, then longest wait (none last).
fn rank(a: &PathwayWait, b: &PathwayWait) -> Ordering {
    fn none_last(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Ordering {
        match (a, b) {
            (Some(a), Some(b)) => a.cmp(&b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    none_last(a.next_deadline.map(|d| d.date), b.next_deadline.map(|d| d.date))
        .then_with(|| a.priority.cmp(&b.priority))
        .then_with(|| none_last(a.clock_start, b.clock_start))
}

/// Works out who a change to session `session_id` affects and where each patient could go instead.
///
/// `clinics` are where to search for alternatives (e.g. the specialty's next 12 weeks, including the one being
/// changed), `waits` the pathway of each affected patient.
/// Only booked appointments are affected (arrived, seen and DNA ones are history). Alternatives are from the day
/// after `today` to the next deadline, same slot type, same consultant first, then the specialty; when nothing is
/// free by then, the earliest free slot of the specialty, marked to escalate.
pub fn session_change_impact<'a>(
    policy: &BookingPolicy,
    session_id: &str,
    change: &SessionChange,
    clinics: ClinicsSearched<'a>,
    waits: &'a [PathwayWait],
    today: NaiveDate,
) -> Result<SessionChangeImpact<'a>, ImpactError> {
    let ClinicsSearched { sessions, appointments, lists } = clinics;
    let session = sessions
        .iter()
        .find(|session| session.id == session_id)
        .ok_or_else(|| ImpactError::SessionNotFound { session_id: session_id.to_string() })?;
    check_session_change(session, change, today)?;

    let waits_by_pathway: HashMap<&str, &PathwayWait> =
        waits.iter().map(|wait| (wait.pathway_id.as_str(), wait)).collect();
    let mut affected: Vec<(&Appointment, &PathwayWait)> = Vec::new();
    for appointment in appointments.iter().filter(|appointment| {
        appointment.session_id == session.id
            && appointment.status == AppointmentStatus::Booked
            && change.removes(&appointment.slot_id)
    }) {
        let wait = waits_by_pathway.get(appointment.pathway_id.as_str()).ok_or_else(|| ImpactError::MissingWait {
            pathway_id: appointment.pathway_id.clone(),
            patient_id: appointment.patient_id.clone(),
        })?;
        affected.push((appointment, wait));
    }
    sorting::sort_by(&mut affected, |(a_appt, a), (b_appt, b)| {
        rank(a, b).then_with(|| (a_appt.start, &a_appt.id).cmp(&(b_appt.start, &b_appt.id)))
    });

    let bookings = SlotBookings::new(appointments);
    let mut planned: HashMap<&str, u32> = HashMap::new();
    // Minutes of the procedure lists this plan has filled so far, by session.
    let mut planned_minutes: HashMap<&str, u32> = HashMap::new();
    let earliest = crate::calendar::add_days(today, 1);
    let mut patients = Vec::with_capacity(affected.len());
    for (appointment, wait) in affected {
        let removed = |candidate: &ClinicSession, slot: &crate::model::Slot| {
            let too_full =
                wait.procedure_minutes.filter(|_| slot.slot_type == SlotType::Procedure).is_some_and(|needed| {
                    let booked = lists
                        .iter()
                        .find(|list| list.id == candidate.id)
                        .map_or(0, |list| minutes_booked(candidate, list));
                    let planned = planned_minutes.get(candidate.id.as_str()).copied().unwrap_or(0);
                    booked + planned + needed > list_minutes(candidate)
                });
            (candidate.id == session.id && change.removes(&slot.id)) || too_full
        };
        let planned_in = |slot_id: &str| planned.get(slot_id).copied().unwrap_or(0);
        let find = |scope: ClinicScope<'_>, latest: Option<NaiveDate>| {
            let search = SlotSearch { slot_type: appointment.slot_type, scope, earliest, latest };
            first_free(sessions, &bookings, &search, planned_in, removed)
        };
        let deadline = wait.next_deadline.map(|deadline| deadline.date);
        // Within the deadline: the same consultant first, then anyone in the specialty.
        let mut alternative = find(ClinicScope::Consultant(&session.consultant_id), deadline)
            .map(|slot| Alternative { slot, same_consultant: true })
            .or_else(|| {
                find(ClinicScope::Specialty(&session.specialty_id), deadline)
                    .map(|slot| Alternative { slot, same_consultant: false })
            });
        // Nothing in time: still offer the earliest there is, so the patient is seen as soon as possible.
        let mut escalate = false;
        if alternative.is_none() && deadline.is_some() {
            escalate = true;
            alternative = find(ClinicScope::Specialty(&session.specialty_id), None)
                .map(|slot| Alternative { slot, same_consultant: slot.session.consultant_id == session.consultant_id });
        }
        if let Some(chosen) = &alternative {
            *planned.entry(chosen.slot.slot.id.as_str()).or_insert(0) += 1;
            if let Some(needed) = wait.procedure_minutes.filter(|_| chosen.slot.slot.slot_type == SlotType::Procedure) {
                *planned_minutes.entry(chosen.slot.session.id.as_str()).or_insert(0) += needed;
            }
        }
        let advice = advice(policy, appointment, wait, alternative.as_ref(), escalate, today);
        let weeks_waited = wait.clock_start.map(|start| (today - start).num_days().div_euclid(7));
        patients.push(AffectedPatient { appointment, wait, weeks_waited, alternative, escalate, advice });
    }

    let notice_days = (session.date - today).num_days();
    let short_notice = notice_days < policy.leave_notice_days();
    let summary = summary(policy, &patients, notice_days, short_notice);
    Ok(SessionChangeImpact { session, notice_days, short_notice, patients, summary })
}

fn advice(
    policy: &BookingPolicy,
    appointment: &Appointment,
    wait: &PathwayWait,
    alternative: Option<&Alternative<'_>>,
    escalate: bool,
    today: NaiveDate,
) -> String {
    let slot_type = appointment.slot_type.label();
    let deadline = wait.next_deadline.map(|deadline| deadline.describe(today));
    match (alternative, deadline) {
        (Some(Alternative { slot, same_consultant }), deadline) => {
            let whose = if *same_consultant { "the same consultant" } else { "another consultant in the specialty" };
            let mut text = match (escalate, &deadline) {
                (true, Some(deadline)) => format!(
                    "No free {slot_type} slot within the {deadline}. The earliest is the {} slot on {} in {}, with \
                     {whose}. {ESCALATE}",
                    clock(slot.slot.start),
                    uk_date(slot.session.date),
                    slot.session.name
                ),
                _ => format!(
                    "Offer the {} {slot_type} slot on {} in {}, with {whose}.",
                    clock(slot.slot.start),
                    uk_date(slot.session.date),
                    slot.session.name
                ),
            };
            let short = assess_offer(policy, today, slot.session.date, false)
                .map(|assessment| assessment.notice == OfferNotice::ShortNotice)
                .unwrap_or(false);
            if short {
                text.push_str(&format!(
                    " It is less than {} away: the patient must agree to the short notice.",
                    days(policy.reasonable_notice_days)
                ));
            }
            text
        }
        (None, Some(deadline)) => {
            format!("No free {slot_type} slot in the clinics searched; the {deadline}. {ESCALATE}")
        }
        (None, None) => format!(
            "No free {slot_type} slot in the clinics searched. Keep the patient on the waiting list for the next \
             clinic with space."
        ),
    }
}

fn summary(policy: &BookingPolicy, patients: &[AffectedPatient<'_>], notice_days: i64, short_notice: bool) -> String {
    let total = patients.len();
    let offered = patients.iter().filter(|patient| patient.alternative.is_some() && !patient.escalate).count();
    let escalate = patients.iter().filter(|patient| patient.escalate).count();
    let mut text = match total {
        0 => "No booked patients are affected.".to_string(),
        1 => format!("1 patient affected; {offered} can be offered another slot in time."),
        n => format!("{n} patients affected; {offered} can be offered another slot in time."),
    };
    if escalate > 0 {
        text.push_str(&format!(" {escalate} cannot be kept within their next deadline: escalate to your manager."));
    }
    if short_notice {
        text.push_str(&format!(
            " Short notice: the clinic is {} away, less than the {} weeks expected.",
            days(notice_days),
            policy.leave_notice_weeks
        ));
    }
    text
}
