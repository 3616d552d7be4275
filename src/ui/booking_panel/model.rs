//! What the booking panel shows, worked out from the records: which free slots to offer, and whether an offer
//! gives reasonable notice. No I/O. (Who is waiting, and in what order, is the core's `waiting` module.)

use chrono::{NaiveDate, NaiveTime};
pub use pathdesk_core::booking::next_slot_type;
use pathdesk_core::booking::{assess_offer, BookingPolicy, OfferAssessment, SlotBookings};
use pathdesk_core::model::{Appointment, ClinicList, ClinicSession, Pathway, SessionStatus, SlotType};
use pathdesk_core::sorting;

/// A free slot as the booking panel offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotChoice {
    pub session_id: String,
    pub slot_id: String,
    pub clinic: String,
    pub location: String,
    pub consultant_id: String,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub free_places: u32,
}

/// Free slots of `slot_type` from `earliest` in the pathway's specialty, in date and time order (the first is the
/// next free slot), at most `count`. `sessions` should already leave out consultants' recorded leave
/// (`pathdesk_core::booking::without_leave`).
pub fn free_slots(
    sessions: &[ClinicSession],
    appointments: &[Appointment],
    pathway: &Pathway,
    slot_type: SlotType,
    earliest: NaiveDate,
    count: usize,
) -> Vec<SlotChoice> {
    let bookings = SlotBookings::new(appointments);
    let mut found: Vec<SlotChoice> = sessions
        .iter()
        .filter(|s| s.date >= earliest && s.specialty_id == pathway.specialty_id)
        .filter(|s| !matches!(s.status, SessionStatus::Cancelled { .. }))
        .flat_map(|s| {
            let bookings = &bookings;
            s.slots.iter().filter(move |slot| slot.slot_type == slot_type && bookings.free_places(slot) > 0).map(
                move |slot| SlotChoice {
                    session_id: s.id.clone(),
                    slot_id: slot.id.clone(),
                    clinic: s.name.clone(),
                    location: s.location.clone(),
                    consultant_id: s.consultant_id.clone(),
                    date: s.date,
                    start: slot.start,
                    free_places: bookings.free_places(slot),
                },
            )
        })
        .collect();
    // Same day and time: the pathway's own consultant first.
    sorting::sort_by(&mut found, |a, b| {
        let own = |c: &SlotChoice| c.consultant_id != pathway.consultant_id;
        (a.date, a.start, own(a), &a.session_id, &a.slot_id).cmp(&(b.date, b.start, own(b), &b.session_id, &b.slot_id))
    });
    found.truncate(count);
    found
}

/// `sessions` without the procedure lists that have no room left for the minutes `pathway`'s procedure needs
/// (`lists`: the lists' bookings), so the panel never offers a date the core would refuse.
pub fn with_room_for(sessions: Vec<ClinicSession>, lists: &[ClinicList], pathway: &Pathway) -> Vec<ClinicSession> {
    if pathway.listed.is_none() {
        return sessions;
    }
    sessions
        .into_iter()
        .filter(|session| {
            let Some(slot) = session.slots.iter().find(|slot| slot.slot_type == SlotType::Procedure) else {
                return true;
            };
            let empty = ClinicList::new(session.id.clone());
            let list = lists.iter().find(|list| list.id == session.id).unwrap_or(&empty);
            pathdesk_core::booking::minutes_needed(pathway, session, list, slot).is_ok()
        })
        .collect()
}

/// How an offer made today for `date` stands against the notice rule (the same words the core refuses with).
pub fn notice_for(
    policy: &BookingPolicy,
    today: NaiveDate,
    date: NaiveDate,
    accepted_earlier: bool,
) -> Option<OfferAssessment> {
    assess_offer(policy, today, date, accepted_earlier).ok()
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveTime};
    use pathdesk_core::booking::BookingPolicy;
    use pathdesk_core::model::{
        Appointment, AppointmentStatus, ClinicSession, Pathway, Priority, ReferralSource, SessionStatus, Slot, SlotType,
    };
    use pathdesk_core::pathway::{EventKind, PathwayEvent};

    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn t(s: &str) -> NaiveTime {
        NaiveTime::parse_from_str(s, "%H:%M").unwrap()
    }

    fn pathway(consultant: &str) -> Pathway {
        Pathway {
            id: "pw1".into(),
            patient_id: "p1".into(),
            specialty_id: "uro".into(),
            consultant_id: consultant.into(),
            priority: Priority::Routine,
            source: ReferralSource::Gp,
            cancer: false,
            follow_up_due: None,
            listed: None,
            validations: Vec::new(),
            events: vec![],
        }
    }

    fn session(id: &str, consultant: &str, date: &str, slots: &[(&str, SlotType, u32)]) -> ClinicSession {
        ClinicSession {
            id: id.into(),
            template_id: None,
            consultant_id: consultant.into(),
            specialty_id: "uro".into(),
            name: format!("Clinic {id}"),
            date: d(date),
            start: t("09:00"),
            end: t("12:00"),
            location: "OPD 1".into(),
            status: SessionStatus::Scheduled,
            slots: slots
                .iter()
                .enumerate()
                .map(|(i, (sid, ty, cap))| Slot {
                    id: (*sid).into(),
                    slot_type: *ty,
                    start: t("09:00") + chrono::Duration::minutes(15 * i as i64),
                    minutes: 15,
                    capacity: *cap,
                })
                .collect(),
        }
    }

    fn booked(slot: &str, session: &str) -> Appointment {
        Appointment {
            id: format!("a-{slot}"),
            patient_id: "px".into(),
            pathway_id: "pwx".into(),
            session_id: session.into(),
            slot_id: slot.into(),
            date: d("2026-12-01"),
            start: t("09:00"),
            slot_type: SlotType::New,
            status: AppointmentStatus::Booked,
            booked_on: d("2026-11-01"),
            outcome: None,
            cancelled: None,
        }
    }

    #[test]
    fn free_slots_come_in_date_order_the_next_free_one_first_and_never_in_recorded_leave() {
        let sessions = vec![
            session("s-other", "c2", "2026-12-14", &[("o1", SlotType::New, 1)]),
            session("s-own", "c1", "2026-12-21", &[("m1", SlotType::New, 1), ("m2", SlotType::FollowUp, 1)]),
            session("s-early", "c2", "2026-12-10", &[("e1", SlotType::New, 1), ("e2", SlotType::New, 1)]),
            session("s-same-day", "c1", "2026-12-10", &[("c1-1", SlotType::New, 1)]),
        ];
        let found =
            free_slots(&sessions, &[booked("e1", "s-early")], &pathway("c1"), SlotType::New, d("2026-12-07"), 5);
        let ids: Vec<&str> = found.iter().map(|c| c.slot_id.as_str()).collect();
        // 10 Dec 09:00 twice: the pathway's own consultant first; a full slot and a follow-up slot are not offered.
        assert_eq!(ids, ["c1-1", "e2", "o1", "m1"]);
        // c1 on leave 8-12 Dec: their 10 Dec clinic is not offered, their 21 Dec one is.
        let away = pathdesk_core::booking::Leave {
            id: "l1".into(),
            consultant_id: "c1".into(),
            from: d("2026-12-08"),
            to: d("2026-12-12"),
            reason: "Annual leave".into(),
            recorded_on: d("2026-11-01"),
        };
        let open = pathdesk_core::booking::without_leave(&sessions, std::slice::from_ref(&away));
        let found = free_slots(&open, &[booked("e1", "s-early")], &pathway("c1"), SlotType::New, d("2026-12-07"), 5);
        let ids: Vec<&str> = found.iter().map(|c| c.slot_id.as_str()).collect();
        assert_eq!(ids, ["e2", "o1", "m1"]);
    }

    #[test]
    fn slots_before_the_earliest_date_and_in_cancelled_clinics_are_not_offered() {
        let mut cancelled = session("s-x", "c1", "2026-12-20", &[("x1", SlotType::New, 1)]);
        cancelled.status = SessionStatus::Cancelled { reason: "Leave".into() };
        let sessions = vec![session("s-a", "c1", "2026-12-01", &[("a1", SlotType::New, 1)]), cancelled];
        assert!(free_slots(&sessions, &[], &pathway("c1"), SlotType::New, d("2026-12-07"), 5).is_empty());
        let sessions = vec![session("s-b", "c9", "2026-12-08", &[("b1", SlotType::New, 1)])];
        let found = free_slots(&sessions, &[], &pathway("c1"), SlotType::New, d("2026-12-07"), 5);
        assert_eq!(found[0].slot_id, "b1", "no slot with the consultant: the specialty's next free slot");
    }

    #[test]
    fn a_follow_up_is_needed_after_the_first_attendance() {
        let mut p = pathway("c1");
        assert_eq!(next_slot_type(&p), SlotType::New);
        p.events.push(PathwayEvent::new(d("2026-10-01"), EventKind::OutpatientAttended { first: Some(true) }));
        assert_eq!(next_slot_type(&p), SlotType::FollowUp);
        // On a cancer pathway, first seen counts too: a treated patient's next appointment is a follow-up.
        let mut cancer = pathway("c1");
        cancer.events.push(PathwayEvent::new(d("2026-10-01"), EventKind::FirstSeen {}));
        assert_eq!(next_slot_type(&cancer), SlotType::FollowUp);
    }

    #[test]
    fn notice_under_21_days_is_short_unless_the_patient_accepts() {
        let policy = BookingPolicy::default();
        let today = d("2026-11-22");
        assert_eq!(policy.search_from(Priority::Routine, today), d("2026-12-13"));
        assert!(notice_for(&policy, today, d("2026-12-13"), false).unwrap().is_reasonable());
        let short = notice_for(&policy, today, d("2026-12-01"), false).unwrap();
        assert!(!short.is_reasonable());
        assert_eq!(short.notice_days, 9);
        assert!(notice_for(&policy, today, d("2026-12-01"), true).unwrap().is_reasonable());
    }
}
