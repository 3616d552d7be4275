//! Cancelling a clinic session, or reducing it by removing some of its slots, always with a reason.
//! Work out the impact first ([`super::impact::session_change_impact`]), then apply the change.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::display::uk_date;
use crate::model::{ClinicSession, SessionStatus};
use crate::rejection::Rejection;

/// What is being done to a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum SessionChange {
    /// The whole clinic is cancelled.
    Cancel { reason: String },
    /// These slots are removed; the rest of the clinic goes ahead.
    Reduce { removed_slot_ids: Vec<String>, reason: String },
}

/// `SessionChange` as written, read through a plain struct (see `SessionStatus`).
struct SessionChangeFields {
    change: String,
    reason: String,
    removed_slot_ids: Option<Vec<String>>,
}

crate::from_map::from_map!(SessionChangeFields { change, reason, removed_slot_ids = default });

impl<'de> Deserialize<'de> for SessionChange {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let fields = SessionChangeFields::deserialize(deserializer)?;
        match fields.change.as_str() {
            "cancel" => Ok(SessionChange::Cancel { reason: fields.reason }),
            "reduce" => Ok(SessionChange::Reduce {
                removed_slot_ids: fields.removed_slot_ids.ok_or_else(|| D::Error::missing_field("removed_slot_ids"))?,
                reason: fields.reason,
            }),
            other => Err(D::Error::unknown_variant(other, &["cancel", "reduce"])),
        }
    }
}

impl SessionChange {
    /// Does the change take this slot away?
    pub fn removes(&self, slot_id: &str) -> bool {
        match self {
            SessionChange::Cancel { .. } => true,
            SessionChange::Reduce { removed_slot_ids, .. } => removed_slot_ids.iter().any(|id| id == slot_id),
        }
    }

    pub fn reason(&self) -> &str {
        match self {
            SessionChange::Cancel { reason } | SessionChange::Reduce { reason, .. } => reason,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionChangeError {
    #[error("{clinic} on {} is already cancelled. Nothing to change.", uk_date(*date))]
    AlreadyCancelled { clinic: String, date: NaiveDate },
    #[error("{clinic} on {} is in the past. Only clinics from today on can be cancelled or reduced.", uk_date(*date))]
    InThePast { clinic: String, date: NaiveDate },
    #[error(
        "The reason is empty. Say why the clinic is cancelled or reduced (for example \"Consultant annual leave\")."
    )]
    NoReason,
    #[error("No slots were chosen to remove. Choose the slots to remove, or cancel the whole clinic.")]
    NoSlotsChosen,
    #[error("Slot {slot_id} is not in this clinic: the clinic may have changed. Reload it and choose again.")]
    UnknownSlot { slot_id: String },
    #[error("Removing every slot leaves no clinic. Cancel the clinic instead.")]
    EverySlotRemoved,
}

impl From<SessionChangeError> for Rejection {
    fn from(error: SessionChangeError) -> Self {
        match error {
            SessionChangeError::AlreadyCancelled { .. } | SessionChangeError::UnknownSlot { .. } => {
                Rejection::conflict(error.to_string())
            }
            _ => Rejection::invalid(error.to_string()),
        }
    }
}

/// Checks the change against the session as it is now, without applying it.
pub fn check_session_change(
    session: &ClinicSession,
    change: &SessionChange,
    today: NaiveDate,
) -> Result<(), SessionChangeError> {
    if matches!(session.status, SessionStatus::Cancelled { .. }) {
        return Err(SessionChangeError::AlreadyCancelled { clinic: session.name.clone(), date: session.date });
    }
    if session.date < today {
        return Err(SessionChangeError::InThePast { clinic: session.name.clone(), date: session.date });
    }
    if change.reason().trim().is_empty() {
        return Err(SessionChangeError::NoReason);
    }
    if let SessionChange::Reduce { removed_slot_ids, .. } = change {
        if removed_slot_ids.is_empty() {
            return Err(SessionChangeError::NoSlotsChosen);
        }
        if let Some(unknown) = removed_slot_ids.iter().find(|id| !session.slots.iter().any(|slot| &slot.id == *id)) {
            return Err(SessionChangeError::UnknownSlot { slot_id: unknown.clone() });
        }
        if session.slots.iter().all(|slot| change.removes(&slot.id)) {
            return Err(SessionChangeError::EverySlotRemoved);
        }
    }
    Ok(())
}

/// The session after the change: cancelled with its reason, or reduced (the removed slots gone from `slots`).
/// Appointments in the removed slots are not touched here: rebook or cancel them from the impact list.
pub fn apply_session_change(
    session: &ClinicSession,
    change: &SessionChange,
    today: NaiveDate,
) -> Result<ClinicSession, SessionChangeError> {
    check_session_change(session, change, today)?;
    let mut changed = session.clone();
    let reason = change.reason().trim().to_string();
    match change {
        SessionChange::Cancel { .. } => changed.status = SessionStatus::Cancelled { reason },
        SessionChange::Reduce { .. } => {
            changed.slots.retain(|slot| !change.removes(&slot.id));
            changed.status = SessionStatus::Reduced { reason };
        }
    }
    Ok(changed)
}

/// Cancels the whole session.
pub fn cancel_session(
    session: &ClinicSession,
    reason: &str,
    today: NaiveDate,
) -> Result<ClinicSession, SessionChangeError> {
    apply_session_change(session, &SessionChange::Cancel { reason: reason.to_string() }, today)
}

/// Removes the given slots from the session.
pub fn reduce_session(
    session: &ClinicSession,
    removed_slot_ids: &[String],
    reason: &str,
    today: NaiveDate,
) -> Result<ClinicSession, SessionChangeError> {
    let change = SessionChange::Reduce { removed_slot_ids: removed_slot_ids.to_vec(), reason: reason.to_string() };
    apply_session_change(session, &change, today)
}
