//! How many patients each slot holds, and whether a slot can take one more booking.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};

use super::display::{clock, uk_date};
use crate::model::{Appointment, AppointmentStatus, ClinicSession, SessionStatus, Slot, SlotType};
use crate::rejection::Rejection;

/// Does an appointment in this state hold its place in the slot?
/// Booked, arrived, seen and did-not-attend appointments do (the place was used or is promised); a cancelled
/// appointment, by the patient or the hospital, gives its place back.
pub fn takes_the_slot(status: AppointmentStatus) -> bool {
    status.takes_the_slot()
}

/// Places taken in each slot, counted once from the appointments and then looked up by slot id.
#[derive(Debug, Clone, Default)]
pub struct SlotBookings<'a> {
    booked: HashMap<&'a str, u32>,
}

impl<'a> SlotBookings<'a> {
    /// Counts the appointments that hold a place (see [`takes_the_slot`]), per slot.
    pub fn new(appointments: impl IntoIterator<Item = &'a Appointment>) -> Self {
        let mut booked: HashMap<&'a str, u32> = HashMap::new();
        for appointment in appointments {
            if takes_the_slot(appointment.status) {
                *booked.entry(appointment.slot_id.as_str()).or_insert(0) += 1;
            }
        }
        SlotBookings { booked }
    }

    /// Places taken in the slot.
    pub fn booked(&self, slot_id: &str) -> u32 {
        self.booked.get(slot_id).copied().unwrap_or(0)
    }

    /// Places still free (0 when full, or overbooked).
    pub fn free_places(&self, slot: &Slot) -> u32 {
        slot.capacity.saturating_sub(self.booked(&slot.id))
    }

    /// Can `session`'s slot `slot_id` take one more `wanted` appointment? `Ok` gives the places still free.
    pub fn check_slot(&self, session: &ClinicSession, slot_id: &str, wanted: SlotType) -> Result<u32, SlotUnavailable> {
        if let SessionStatus::Cancelled { reason } = &session.status {
            return Err(SlotUnavailable::SessionCancelled {
                clinic: session.name.clone(),
                date: session.date,
                reason: reason.clone(),
            });
        }
        let Some(slot) = session.slots.iter().find(|slot| slot.id == slot_id) else {
            return Err(match &session.status {
                SessionStatus::Reduced { reason } => SlotUnavailable::RemovedByReduction {
                    clinic: session.name.clone(),
                    date: session.date,
                    reason: reason.clone(),
                },
                _ => SlotUnavailable::NotInClinic { clinic: session.name.clone(), date: session.date },
            });
        };
        if slot.slot_type != wanted {
            return Err(SlotUnavailable::WrongType { start: slot.start, slot_type: slot.slot_type, wanted });
        }
        match self.free_places(slot) {
            0 => {
                Err(SlotUnavailable::Full { start: slot.start, capacity: slot.capacity, booked: self.booked(&slot.id) })
            }
            free => Ok(free),
        }
    }
}

/// Why a slot cannot take a booking.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlotUnavailable {
    #[error("{clinic} on {} is cancelled ({reason}). Choose a slot in another clinic.", uk_date(*date))]
    SessionCancelled { clinic: String, date: NaiveDate, reason: String },
    #[error("This slot was removed when {clinic} on {} was reduced ({reason}). Choose another slot.", uk_date(*date))]
    RemovedByReduction { clinic: String, date: NaiveDate, reason: String },
    #[error("This slot is not in {clinic} on {}: the clinic may have changed. Reload the clinic and choose again.", uk_date(*date))]
    NotInClinic { clinic: String, date: NaiveDate },
    #[error("The {} slot is for {} appointments, not {}. Choose a {} slot.", clock(*start), slot_type.label(), wanted.label(), wanted.label())]
    WrongType { start: NaiveTime, slot_type: SlotType, wanted: SlotType },
    #[error("The {} slot is full ({booked} booked, {capacity} places). Choose another slot.", clock(*start))]
    Full { start: NaiveTime, capacity: u32, booked: u32 },
}

impl From<SlotUnavailable> for Rejection {
    fn from(unavailable: SlotUnavailable) -> Self {
        match unavailable {
            SlotUnavailable::WrongType { .. } => Rejection::invalid(unavailable.to_string()),
            _ => Rejection::conflict(unavailable.to_string()),
        }
    }
}
