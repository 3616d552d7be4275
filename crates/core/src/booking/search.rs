//! The next free slot: the earliest slot of the right type, in a consultant's or a specialty's clinics, with a
//! place left. One pass over the sessions, no allocation: fast enough to run on every keystroke in the browser.

use chrono::{NaiveDate, NaiveTime};

use super::availability::SlotBookings;
use crate::model::{ClinicSession, SessionStatus, Slot, SlotType};

/// Whose clinics to look in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClinicScope<'q> {
    /// Only this consultant's clinics (by consultant id).
    Consultant(&'q str),
    /// Any clinic of this specialty (by specialty id).
    Specialty(&'q str),
}

impl ClinicScope<'_> {
    pub fn covers(&self, session: &ClinicSession) -> bool {
        match self {
            ClinicScope::Consultant(id) => session.consultant_id == *id,
            ClinicScope::Specialty(id) => session.specialty_id == *id,
        }
    }
}

/// What the booking co-ordinator is looking for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotSearch<'q> {
    pub slot_type: SlotType,
    pub scope: ClinicScope<'q>,
    /// The first date that may be offered.
    pub earliest: NaiveDate,
    /// The last date that may be offered (e.g. the day before a breach date); `None` for no limit.
    pub latest: Option<NaiveDate>,
}

/// A slot with at least one place free.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FreeSlot<'a> {
    pub session: &'a ClinicSession,
    pub slot: &'a Slot,
    pub free_places: u32,
}

/// The first free slot in date and time order (ties broken by session id, then slot id, so every desk gets the
/// same answer). Cancelled sessions are never offered; a reduced session offers the slots it kept.
pub fn next_free_slot<'a>(
    sessions: &'a [ClinicSession],
    bookings: &SlotBookings<'_>,
    search: &SlotSearch<'_>,
) -> Option<FreeSlot<'a>> {
    first_free(sessions, bookings, search, |_| 0, |_, _| false)
}

type SlotKey<'a> = (NaiveDate, NaiveTime, &'a str, &'a str);

/// As [`next_free_slot`], also counting places a plan has already promised (`planned`) and leaving out the slots
/// `skip` names (those of a clinic being cancelled or reduced).
pub(crate) fn first_free<'a>(
    sessions: &'a [ClinicSession],
    bookings: &SlotBookings<'_>,
    search: &SlotSearch<'_>,
    planned: impl Fn(&str) -> u32,
    skip: impl Fn(&ClinicSession, &Slot) -> bool,
) -> Option<FreeSlot<'a>> {
    let mut best: Option<(SlotKey<'a>, FreeSlot<'a>)> = None;
    for session in sessions {
        if session.date < search.earliest
            || search.latest.is_some_and(|latest| session.date > latest)
            || best.as_ref().is_some_and(|(key, _)| session.date > key.0)
            || matches!(session.status, SessionStatus::Cancelled { .. })
            || !search.scope.covers(session)
        {
            continue;
        }
        for slot in &session.slots {
            if slot.slot_type != search.slot_type {
                continue;
            }
            let key = (session.date, slot.start, session.id.as_str(), slot.id.as_str());
            if best.as_ref().is_some_and(|(best_key, _)| key >= *best_key) || skip(session, slot) {
                continue;
            }
            let free = bookings.free_places(slot).saturating_sub(planned(&slot.id));
            if free > 0 {
                best = Some((key, FreeSlot { session, slot, free_places: free }));
            }
        }
    }
    best.map(|(_, free)| free)
}
