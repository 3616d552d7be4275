//! Why a command was not applied, in words a person can act on, with the facts a screen needs for the next step.
//! Its own module, below the commands and the rules that refuse them, so that a rule (booking, leave, templates)
//! can say why without depending on the list of commands.

use crate::from_map::from_map;
use crate::from_map::words;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RejectionCode {
    /// The command itself is wrong (empty text, a date in the future...).
    Invalid,
    /// A record it needs does not exist (yet) on this side.
    NotFound,
    /// The record changed in a way that makes the command no longer apply.
    Conflict,
    /// The person's role or services do not allow it (decided by the server, see `crate::access`).
    Forbidden,
}

words!(RejectionCode { Invalid = "invalid", NotFound = "not_found", Conflict = "conflict", Forbidden = "forbidden" });

/// Why a command was not applied: shown to the person, so it says what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct Rejection {
    pub code: RejectionCode,
    pub message: String,
    /// What the app needs to offer the next step (e.g. the patient to rebook); absent for most rejections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Box<RejectionDetails>>,
}

from_map!(Rejection { code, message, details = default });

/// Structured facts about a rejection, for the screens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RejectionDetails {
    /// The slot had no place left: the patient still needs an appointment.
    NeedsRebooking(NeedsRebooking),
}

/// Written as `{"kind": "needs_rebooking", ...the booking's fields}`; read as the booking's fields, `kind` left
/// aside while it is the one kind there is (serde's reader for internally tagged enums buffers the whole object
/// first, and is large). A second kind will need its `kind` read here.
impl<'de> Deserialize<'de> for RejectionDetails {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        NeedsRebooking::deserialize(deserializer).map(RejectionDetails::NeedsRebooking)
    }
}

/// A booking that found its slot full: who, and where they were meant to go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NeedsRebooking {
    pub appointment_id: String,
    pub patient_id: String,
    pub pathway_id: String,
    pub session_id: String,
    pub slot_id: String,
    pub consultant_id: String,
    pub specialty_id: String,
    pub slot_type: crate::model::SlotType,
    /// The clinic's name, date and slot time, for the message.
    pub clinic: String,
    pub date: NaiveDate,
    pub start: chrono::NaiveTime,
}

from_map!(NeedsRebooking {
    appointment_id,
    patient_id,
    pathway_id,
    session_id,
    slot_id,
    consultant_id,
    specialty_id,
    slot_type,
    clinic,
    date,
    start
});

impl NeedsRebooking {
    /// The appointment of `patient_id` on `pathway_id` that was meant for `slot` of `session`.
    pub fn for_slot(
        appointment_id: &str,
        patient_id: &str,
        pathway_id: &str,
        session: &crate::model::ClinicSession,
        slot: &crate::model::Slot,
    ) -> NeedsRebooking {
        NeedsRebooking {
            appointment_id: appointment_id.to_string(),
            patient_id: patient_id.to_string(),
            pathway_id: pathway_id.to_string(),
            session_id: session.id.clone(),
            slot_id: slot.id.clone(),
            consultant_id: session.consultant_id.clone(),
            specialty_id: session.specialty_id.clone(),
            slot_type: slot.slot_type,
            clinic: session.name.clone(),
            date: session.date,
            start: slot.start,
        }
    }
}

impl Rejection {
    pub fn invalid(message: impl Into<String>) -> Self {
        Rejection { code: RejectionCode::Invalid, message: message.into(), details: None }
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Rejection { code: RejectionCode::NotFound, message: message.into(), details: None }
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Rejection { code: RejectionCode::Conflict, message: message.into(), details: None }
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Rejection { code: RejectionCode::Forbidden, message: message.into(), details: None }
    }

    /// The booking this rejection left without a place, if it was one.
    pub fn needs_rebooking(&self) -> Option<&NeedsRebooking> {
        match self.details.as_deref() {
            Some(RejectionDetails::NeedsRebooking(needs)) => Some(needs),
            None => None,
        }
    }
}
