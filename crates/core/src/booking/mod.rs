//! Clinics and booking: the rules a booking co-ordinator works by, as pure functions (no I/O, no clock).
//!
//! - [`policy`]: the trust's booking settings (notice for a reasonable offer, leave notice, declined offers).
//! - [`diary`]: a week of clinics for a consultant or a specialty, free and booked slots.
//! - [`template`]: checking a clinic template and the compare-and-set on its version.
//! - [`generate`]: dated clinic sessions and their slots from a template.
//! - [`availability`]: how many patients each slot holds and whether a slot can take a booking.
//! - [`search`]: the next free slot for a consultant or a specialty.
//! - [`offer`]: reasonable notice, and the record of an offer made to a patient.
//! - [`declined`]: when declined reasonable offers need a clinical review (never an automatic discharge).
//! - [`leave`]: consultant leave and the clinics it touches.
//! - [`change`]: cancelling or reducing a clinic session.
//! - [`edit`]: moving one session's times or room.
//! - [`impact`]: who is affected by a cancelled or reduced clinic, in what order, and where they could go.
//!
//! Error and advice texts are written for the person at the desk: what is wrong, then what to do.
//!
//! A reduced session keeps only the slots still offered in `ClinicSession::slots` (the removed ones are gone), so
//! an appointment whose slot is no longer in its session is in a slot the reduction removed.

pub mod availability;
pub mod change;
pub mod declined;
pub mod diary;
mod display;
pub mod edit;
pub mod generate;
pub mod horizon;
pub mod impact;
pub mod leave;
pub mod offer;
pub mod policy;
pub mod search;
pub mod template;

pub use availability::{takes_the_slot, SlotBookings, SlotUnavailable};
pub use change::{
    apply_session_change, cancel_session, check_session_change, reduce_session, SessionChange, SessionChangeError,
};
pub use declined::{offers_in_current_period, review_declined_offers, second_offer_by, DeclinedOffersReview};
pub use diary::{diary_week, week_start, DiaryDay, DiarySession, DiarySlot};
pub use edit::{edit_session, SessionEditError, SessionTimes};
pub use generate::{generate_sessions, session_id, slot_id, GenerateError, GeneratedSessions};
pub use impact::{
    session_change_impact, AffectedPatient, Alternative, ClinicsSearched, ImpactError, PathwayWait,
    SessionChangeImpact, ESCALATE,
};
pub use leave::{consultants_missing_leave, leave_impact, without_leave, Leave, LeaveError, LeaveImpact};
pub use offer::{assess_offer, Offer, OfferAssessment, OfferDateError, OfferNotice};
pub use policy::{BookingPolicy, BookingPolicyError};
pub use search::{next_free_slot, ClinicScope, FreeSlot, SlotSearch};
pub use template::{
    apply_template_edit, check_template_version, validate_template, TemplateChanged, TemplateEditError,
    TemplateProblem, TemplateProblems,
};

/// The slot type a pathway's next appointment needs: New until the patient has been seen (a first outpatient
/// attendance, or first seen on a cancer pathway); then a Procedure slot (a day-case or procedure list) while a
/// decision to treat or admit waits for its treatment; otherwise a follow-up.
pub fn next_slot_type(pathway: &crate::model::Pathway) -> crate::model::SlotType {
    use crate::model::SlotType;
    use crate::pathway::EventKind;
    let seen = pathway
        .events
        .iter()
        .any(|event| matches!(event.kind, EventKind::OutpatientAttended { .. } | EventKind::FirstSeen {}));
    if !seen {
        return SlotType::New;
    }
    // The latest decision about treatment, read backwards: a decision to treat or admit not yet followed by the
    // treatment, an admission, or a decision against treating.
    let awaiting_procedure = pathway
        .events
        .iter()
        .rev()
        .find_map(|event| match event.kind {
            EventKind::DecisionToTreat(_) | EventKind::DecisionToAdmit {} => Some(true),
            EventKind::FirstDefinitiveTreatment(_)
            | EventKind::TreatmentStart(_)
            | EventKind::Admitted(_)
            | EventKind::ActiveMonitoringStart(_)
            | EventKind::DecisionNotToTreat { .. }
            | EventKind::PatientDeclinesAllTreatment { .. }
            | EventKind::ClinicianReviewsAndDischargesToGp { .. } => Some(false),
            _ => None,
        })
        .unwrap_or(false);
    if awaiting_procedure {
        SlotType::Procedure
    } else {
        SlotType::FollowUp
    }
}

/// A procedure list's length in minutes (its start to its end).
pub fn list_minutes(session: &crate::model::ClinicSession) -> u32 {
    u32::try_from((session.end - session.start).num_minutes()).unwrap_or(0)
}

/// The minutes booked on `session`'s list: each place's procedure minutes, or its slot's length.
pub fn minutes_booked(session: &crate::model::ClinicSession, list: &crate::model::ClinicList) -> u32 {
    list.places
        .iter()
        .map(|place| {
            place
                .minutes
                .unwrap_or_else(|| session.slots.iter().find(|s| s.id == place.slot_id).map_or(0, |s| s.minutes))
        })
        .sum()
}

/// The minutes a booking of `pathway` into `slot` of `session` takes on a procedure list (its listing's expected
/// minutes; `None` off a procedure list or without them), or why it does not fit: the minutes already booked
/// (each procedure's expected minutes, or its slot's length) and these must not pass the list's length.
pub fn minutes_needed(
    pathway: &crate::model::Pathway,
    session: &crate::model::ClinicSession,
    list: &crate::model::ClinicList,
    slot: &crate::model::Slot,
) -> Result<Option<u32>, String> {
    let needed = pathway
        .listed
        .as_ref()
        .and_then(|l| l.expected_minutes)
        .filter(|_| slot.slot_type == crate::model::SlotType::Procedure);
    let Some(needed) = needed else { return Ok(None) };
    let length = list_minutes(session);
    let used = minutes_booked(session, list);
    if used.saturating_add(needed) > length {
        return Err(format!(
            "{} on {} has {used} of its {length} minutes booked, and this procedure needs {needed}. Choose another list.",
            session.name,
            crate::calendar::uk_date(session.date),
        ));
    }
    Ok(Some(needed))
}
