//! Editing one dated clinic session: its times and its room, without touching its template or the other weeks.
//!
//! The slots move with the start (a clinic moved from 09:00 to 10:00 keeps its pattern, an hour later), and the
//! end must leave room for the last slot. The person's view of the session is compared with the session as it is
//! now, so an edit made from a stale screen is refused with "changed since you opened it" rather than silently
//! undoing another desk's change.

use crate::calendar::hhmm;
use crate::from_map::from_map;
use chrono::{NaiveDate, NaiveTime, TimeDelta};
use serde::Serialize;

use super::display::uk_date;
use crate::model::{ClinicSession, SessionStatus};
use crate::rejection::Rejection;

/// The longest room or location name accepted.
pub use crate::limits::LOCATION_CHARS as MAX_LOCATION_CHARS;

/// The parts of a session a person may edit for one date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionTimes {
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub location: String,
}

from_map!(SessionTimes { start, end, location });

impl SessionTimes {
    pub fn of(session: &ClinicSession) -> SessionTimes {
        SessionTimes { start: session.start, end: session.end, location: session.location.clone() }
    }

    /// "09:00–12:30, Outpatients B" for messages.
    pub fn describe(&self) -> String {
        format!("{}–{}, {}", hhmm(self.start), hhmm(self.end), self.location)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionEditError {
    #[error("{clinic} on {} is cancelled. A cancelled clinic cannot be edited.", uk_date(*date))]
    Cancelled { clinic: String, date: NaiveDate },
    #[error("{clinic} on {} is in the past. Only clinics from today on can be edited.", uk_date(*date))]
    InThePast { clinic: String, date: NaiveDate },
    #[error(
        "{clinic} on {} changed since you opened it: it is now {now}. Reload the clinic, check it, then make your \
         change again.",
        uk_date(*date)
    )]
    ChangedSinceOpened { clinic: String, date: NaiveDate, now: String },
    #[error("The location is empty. Type the room or clinic area, for example \"Outpatients B\".")]
    NoLocation,
    #[error("The location is {chars} characters long; the most is {MAX_LOCATION_CHARS}. Shorten it.")]
    LocationTooLong { chars: usize },
    #[error("The clinic ends at {} or before it starts at {}. Choose an end after the start.", hhmm(*end), hhmm(*start))]
    EndNotAfterStart { start: NaiveTime, end: NaiveTime },
    #[error(
        "Moved to start at {}, the slots would run past midnight. Choose an earlier start.",
        hhmm(*start)
    )]
    PastMidnight { start: NaiveTime },
    #[error(
        "The slots run until {} once the clinic starts at {}. Choose an end of {} or later, or reduce the clinic \
         first.",
        hhmm(*slots_end),
        hhmm(*start),
        hhmm(*slots_end)
    )]
    SlotsOverrunEnd { start: NaiveTime, slots_end: NaiveTime },
    #[error("Nothing was changed. Change the start, the end or the location, then save.")]
    NothingChanged,
}

impl From<SessionEditError> for Rejection {
    fn from(error: SessionEditError) -> Self {
        match error {
            SessionEditError::Cancelled { .. } | SessionEditError::ChangedSinceOpened { .. } => {
                Rejection::conflict(error.to_string())
            }
            _ => Rejection::invalid(error.to_string()),
        }
    }
}

/// The session with its times and location changed from `was` (what the person saw) to `now`. Slots keep their
/// order and lengths and move by as much as the start moved.
pub fn edit_session(
    session: &ClinicSession,
    was: &SessionTimes,
    now: &SessionTimes,
    today: NaiveDate,
) -> Result<ClinicSession, SessionEditError> {
    let clinic = || session.name.clone();
    if matches!(session.status, SessionStatus::Cancelled { .. }) {
        return Err(SessionEditError::Cancelled { clinic: clinic(), date: session.date });
    }
    if session.date < today {
        return Err(SessionEditError::InThePast { clinic: clinic(), date: session.date });
    }
    let current = SessionTimes::of(session);
    if &current != was {
        return Err(SessionEditError::ChangedSinceOpened {
            clinic: clinic(),
            date: session.date,
            now: current.describe(),
        });
    }
    let location = now.location.trim();
    if location.is_empty() {
        return Err(SessionEditError::NoLocation);
    }
    let chars = location.chars().count();
    if chars > MAX_LOCATION_CHARS {
        return Err(SessionEditError::LocationTooLong { chars });
    }
    if now.end <= now.start {
        return Err(SessionEditError::EndNotAfterStart { start: now.start, end: now.end });
    }
    let edited = SessionTimes { start: now.start, end: now.end, location: location.to_string() };
    if edited == current {
        return Err(SessionEditError::NothingChanged);
    }

    let shift = now.start - session.start;
    let mut changed = session.clone();
    let mut slots_end = now.start;
    for slot in &mut changed.slots {
        let start = moved(slot.start, shift).ok_or(SessionEditError::PastMidnight { start: now.start })?;
        let end = moved(start, TimeDelta::minutes(i64::from(slot.minutes)))
            .ok_or(SessionEditError::PastMidnight { start: now.start })?;
        slot.start = start;
        slots_end = slots_end.max(end);
    }
    if slots_end > now.end {
        return Err(SessionEditError::SlotsOverrunEnd { start: now.start, slots_end });
    }
    changed.start = edited.start;
    changed.end = edited.end;
    changed.location = edited.location;
    Ok(changed)
}

/// `time` moved by `by`, or `None` when that reaches or passes midnight (a clinic never runs over midnight).
pub fn moved(time: NaiveTime, by: TimeDelta) -> Option<NaiveTime> {
    let (moved, wrapped) = time.overflowing_add_signed(by);
    (wrapped == 0).then_some(moved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Slot, SlotType};

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    fn session() -> ClinicSession {
        ClinicSession {
            id: "s1".into(),
            template_id: Some("t1".into()),
            consultant_id: "c1".into(),
            specialty_id: "uro".into(),
            name: "Mr Patel urology".into(),
            date: day(8),
            start: at(9, 0),
            end: at(12, 0),
            location: "Outpatients B".into(),
            status: SessionStatus::Scheduled,
            slots: vec![
                Slot { id: "a".into(), slot_type: SlotType::New, start: at(9, 0), minutes: 30, capacity: 1 },
                Slot { id: "b".into(), slot_type: SlotType::FollowUp, start: at(11, 0), minutes: 60, capacity: 1 },
            ],
        }
    }

    fn times(start: NaiveTime, end: NaiveTime, location: &str) -> SessionTimes {
        SessionTimes { start, end, location: location.into() }
    }

    #[test]
    fn moving_the_start_moves_every_slot_by_the_same_amount() {
        let s = session();
        let edited = edit_session(&s, &SessionTimes::of(&s), &times(at(13, 30), at(16, 30), "Room 4"), day(1)).unwrap();
        assert_eq!(edited.slots.iter().map(|slot| slot.start).collect::<Vec<_>>(), vec![at(13, 30), at(15, 30)]);
        assert_eq!((edited.start, edited.end, edited.location.as_str()), (at(13, 30), at(16, 30), "Room 4"));
        assert_eq!(edited.slots.iter().map(|slot| slot.minutes).collect::<Vec<_>>(), vec![30, 60]);
    }

    #[test]
    fn a_room_change_alone_leaves_the_times() {
        let s = session();
        let edited = edit_session(&s, &SessionTimes::of(&s), &times(at(9, 0), at(12, 0), "  Room 4 "), day(1)).unwrap();
        assert_eq!(edited.location, "Room 4");
        assert_eq!(edited.slots, s.slots);
    }

    #[test]
    fn the_end_must_leave_room_for_the_last_slot() {
        let s = session();
        let error =
            edit_session(&s, &SessionTimes::of(&s), &times(at(10, 0), at(12, 30), "Room 4"), day(1)).unwrap_err();
        assert_eq!(error, SessionEditError::SlotsOverrunEnd { start: at(10, 0), slots_end: at(13, 0) });
        assert!(error.to_string().contains("Choose an end of 13:00 or later"), "{error}");
    }

    #[test]
    fn an_edit_from_a_stale_screen_is_refused_as_a_conflict() {
        let s = session();
        let stale = times(at(8, 30), at(12, 0), "Outpatients B");
        let error = edit_session(&s, &stale, &times(at(10, 0), at(13, 0), "Outpatients B"), day(1)).unwrap_err();
        assert!(matches!(error, SessionEditError::ChangedSinceOpened { .. }));
        assert!(error.to_string().contains("it is now 09:00–12:00, Outpatients B"), "{error}");
        assert_eq!(Rejection::from(error).code, crate::rejection::RejectionCode::Conflict);
    }

    #[test]
    fn cancelled_past_empty_backwards_and_unchanged_edits_are_refused() {
        let s = session();
        let was = SessionTimes::of(&s);
        let mut cancelled = s.clone();
        cancelled.status = SessionStatus::Cancelled { reason: "Leave".into() };
        assert!(matches!(
            edit_session(&cancelled, &was, &times(at(10, 0), at(13, 0), "B"), day(1)),
            Err(SessionEditError::Cancelled { .. })
        ));
        assert!(matches!(
            edit_session(&s, &was, &times(at(10, 0), at(13, 0), "B"), day(9)),
            Err(SessionEditError::InThePast { .. })
        ));
        assert_eq!(edit_session(&s, &was, &times(at(9, 0), at(12, 0), " "), day(1)), Err(SessionEditError::NoLocation));
        assert_eq!(
            edit_session(&s, &was, &times(at(12, 0), at(9, 0), "B"), day(1)),
            Err(SessionEditError::EndNotAfterStart { start: at(12, 0), end: at(9, 0) })
        );
        assert_eq!(
            edit_session(&s, &was, &times(at(9, 0), at(12, 0), "Outpatients B "), day(1)),
            Err(SessionEditError::NothingChanged)
        );
        let long = "x".repeat(MAX_LOCATION_CHARS + 1);
        assert!(matches!(
            edit_session(&s, &was, &times(at(9, 0), at(12, 0), &long), day(1)),
            Err(SessionEditError::LocationTooLong { .. })
        ));
    }

    #[test]
    fn a_clinic_is_never_moved_over_midnight() {
        let s = session();
        let error = edit_session(&s, &SessionTimes::of(&s), &times(at(22, 30), at(23, 59), "B"), day(1)).unwrap_err();
        assert_eq!(error, SessionEditError::PastMidnight { start: at(22, 30) });
        assert_eq!(moved(at(23, 0), TimeDelta::minutes(30)), Some(at(23, 30)));
        assert_eq!(moved(at(23, 30), TimeDelta::minutes(30)), None);
        assert_eq!(moved(at(0, 30), TimeDelta::minutes(-60)), None);
    }

    #[test]
    fn editing_today_is_allowed() {
        let s = session();
        assert!(edit_session(&s, &SessionTimes::of(&s), &times(at(9, 30), at(12, 30), "B"), day(8)).is_ok());
    }
}
