//! The diary: one week of clinics for a consultant or a specialty, each with its slots free and booked, and
//! cancelled or reduced sessions said in words (never by colour alone).

use chrono::{Datelike, NaiveDate};

use super::availability::SlotBookings;
use super::search::ClinicScope;
use crate::model::{Appointment, ClinicSession, SessionStatus, Slot};
use crate::sorting;

/// The Monday of the week `date` falls in.
pub fn week_start(date: NaiveDate) -> NaiveDate {
    crate::calendar::add_signed_days(date, -i64::from(date.weekday().num_days_from_monday()))
}

/// One slot as the diary shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiarySlot<'a> {
    pub slot: &'a Slot,
    pub booked: u32,
    pub free: u32,
}

/// One session in the week, with its slots in time order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiarySession<'a> {
    pub session: &'a ClinicSession,
    pub slots: Vec<DiarySlot<'a>>,
    /// "Cancelled: reason" or "Reduced: reason"; `None` when running as planned.
    pub change: Option<String>,
}

impl DiarySession<'_> {
    pub fn booked(&self) -> u32 {
        self.slots.iter().map(|slot| slot.booked).sum()
    }
    pub fn free(&self) -> u32 {
        if self.is_cancelled() {
            0
        } else {
            self.slots.iter().map(|slot| slot.free).sum()
        }
    }
    pub fn is_cancelled(&self) -> bool {
        matches!(self.session.status, SessionStatus::Cancelled { .. })
    }
}

/// A day of the week and its sessions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiaryDay<'a> {
    pub date: NaiveDate,
    pub sessions: Vec<DiarySession<'a>>,
}

/// The week starting `monday` (Monday to Sunday; weekend days only when they have clinics) for `scope`.
pub fn diary_week<'a>(
    sessions: &'a [ClinicSession],
    appointments: &'a [Appointment],
    scope: &ClinicScope<'_>,
    monday: NaiveDate,
) -> Vec<DiaryDay<'a>> {
    let monday = week_start(monday);
    let sunday = crate::calendar::add_days(monday, 6);
    let mut in_week: Vec<&ClinicSession> = sessions
        .iter()
        .filter(|session| session.date >= monday && session.date <= sunday && in_scope(scope, session))
        .collect();
    sorting::sort_by(&mut in_week, |a, b| (a.date, a.start, &a.name, &a.id).cmp(&(b.date, b.start, &b.name, &b.id)));
    let ids: std::collections::HashSet<&str> = in_week.iter().map(|session| session.id.as_str()).collect();
    let bookings = SlotBookings::new(appointments.iter().filter(|a| ids.contains(a.session_id.as_str())));
    monday
        .iter_days()
        .take(7)
        .map(|date| DiaryDay {
            date,
            sessions: in_week
                .iter()
                .filter(|session| session.date == date)
                .map(|session| diary_session(session, &bookings))
                .collect(),
        })
        .filter(|day| day.date.weekday().num_days_from_monday() < 5 || !day.sessions.is_empty())
        .collect()
}

fn in_scope(scope: &ClinicScope<'_>, session: &ClinicSession) -> bool {
    match scope {
        ClinicScope::Consultant(id) => session.consultant_id == *id,
        ClinicScope::Specialty(id) => session.specialty_id == *id,
    }
}

fn diary_session<'a>(session: &'a ClinicSession, bookings: &SlotBookings<'_>) -> DiarySession<'a> {
    let mut slots: Vec<DiarySlot<'a>> = session
        .slots
        .iter()
        .map(|slot| {
            let booked = bookings.booked(&slot.id);
            DiarySlot { slot, booked, free: slot.capacity.saturating_sub(booked) }
        })
        .collect();
    sorting::sort_by_key(&mut slots, |slot| slot.slot.start);
    let change = match &session.status {
        SessionStatus::Scheduled => None,
        SessionStatus::Cancelled { reason } => Some(format!("Cancelled: {reason}")),
        SessionStatus::Reduced { reason } => Some(format!("Reduced: {reason}")),
    };
    DiarySession { session, slots, change }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveTime;

    use super::*;
    use crate::model::{AppointmentStatus, SlotType};

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn session(id: &str, consultant: &str, day: &str, status: SessionStatus) -> ClinicSession {
        ClinicSession {
            id: id.into(),
            template_id: None,
            consultant_id: consultant.into(),
            specialty_id: "uro".into(),
            name: format!("Clinic {id}"),
            date: date(day),
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
            location: "OPD".into(),
            status,
            slots: vec![
                Slot {
                    id: format!("{id}-2"),
                    slot_type: SlotType::FollowUp,
                    start: NaiveTime::from_hms_opt(9, 30, 0).unwrap(),
                    minutes: 15,
                    capacity: 1,
                },
                Slot {
                    id: format!("{id}-1"),
                    slot_type: SlotType::New,
                    start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                    minutes: 30,
                    capacity: 2,
                },
            ],
        }
    }

    fn booked(session: &str, slot: &str, status: AppointmentStatus) -> Appointment {
        Appointment {
            id: format!("a-{slot}-{status:?}"),
            patient_id: "p".into(),
            pathway_id: "pw".into(),
            session_id: session.into(),
            slot_id: slot.into(),
            date: date("2026-11-23"),
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            slot_type: SlotType::New,
            status,
            booked_on: date("2026-11-01"),
            outcome: None,
            cancelled: None,
        }
    }

    #[test]
    fn a_week_runs_monday_to_friday_with_the_scopes_sessions_by_day_and_time() {
        let sessions = vec![
            session("b", "con-1", "2026-11-25", SessionStatus::Scheduled),
            session("a", "con-1", "2026-11-23", SessionStatus::Scheduled),
            session("other", "con-2", "2026-11-23", SessionStatus::Scheduled),
            session("next-week", "con-1", "2026-11-30", SessionStatus::Scheduled),
        ];
        // Any day of the week gives the same week.
        let week = diary_week(&sessions, &[], &ClinicScope::Consultant("con-1"), date("2026-11-26"));
        assert_eq!(
            week.iter().map(|d| d.date.to_string()).collect::<Vec<_>>(),
            ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"]
        );
        let ids: Vec<&str> = week.iter().flat_map(|d| d.sessions.iter().map(|s| s.session.id.as_str())).collect();
        assert_eq!(ids, ["a", "b"]);
        let specialty = diary_week(&sessions, &[], &ClinicScope::Specialty("uro"), date("2026-11-23"));
        assert_eq!(specialty[0].sessions.len(), 2);
    }

    #[test]
    fn slots_show_booked_and_free_places_and_cancelled_places_are_given_back() {
        let sessions = vec![session("a", "con-1", "2026-11-23", SessionStatus::Scheduled)];
        let appointments = vec![
            booked("a", "a-1", AppointmentStatus::Booked),
            booked("a", "a-1", AppointmentStatus::CancelledByPatient),
            booked("a", "a-2", AppointmentStatus::Seen),
        ];
        let week = diary_week(&sessions, &appointments, &ClinicScope::Consultant("con-1"), date("2026-11-23"));
        let diary = &week[0].sessions[0];
        let slots: Vec<(&str, u32, u32)> = diary.slots.iter().map(|s| (s.slot.id.as_str(), s.booked, s.free)).collect();
        assert_eq!(slots, [("a-1", 1, 1), ("a-2", 1, 0)]);
        assert_eq!((diary.booked(), diary.free()), (2, 1));
        assert_eq!(diary.change, None);
    }

    #[test]
    fn cancelled_and_reduced_sessions_say_so_in_words_and_a_cancelled_one_has_no_free_places() {
        let sessions = vec![
            session("a", "con-1", "2026-11-23", SessionStatus::Cancelled { reason: "Annual leave".into() }),
            session("b", "con-1", "2026-11-24", SessionStatus::Reduced { reason: "Room needed".into() }),
            session("sat", "con-1", "2026-11-28", SessionStatus::Scheduled),
        ];
        let week = diary_week(&sessions, &[], &ClinicScope::Consultant("con-1"), date("2026-11-23"));
        assert_eq!(week[0].sessions[0].change.as_deref(), Some("Cancelled: Annual leave"));
        assert_eq!(week[0].sessions[0].free(), 0);
        assert_eq!(week[1].sessions[0].change.as_deref(), Some("Reduced: Room needed"));
        assert_eq!(week[1].sessions[0].free(), 3);
        // A Saturday clinic shows its day; an empty Sunday does not.
        assert_eq!(week.last().unwrap().date, date("2026-11-28"));
        assert_eq!(week.len(), 6);
    }
}
