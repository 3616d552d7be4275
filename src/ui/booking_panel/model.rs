//! What the booking co-ordinator's screens show, worked out from the records: who is waiting (most urgent first,
//! then by breach date), which free slots to offer, and whether an offer gives reasonable notice. No I/O.

use chrono::{NaiveDate, NaiveTime};
pub use pathdesk_core::booking::next_slot_type;
use pathdesk_core::booking::{assess_offer, BookingPolicy, OfferAssessment, SlotBookings};
use pathdesk_core::model::{Appointment, ClinicList, ClinicSession, Pathway, SessionStatus, SlotType};
use pathdesk_core::pathway::Deadline;
use pathdesk_core::ptl::PtlRow;
use pathdesk_core::sorting;

/// A row of the waiting list.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitingRow {
    pub row: PtlRow,
    /// New for a first appointment, follow-up after the first attendance.
    pub slot_type: SlotType,
    /// The date the clinic wants a follow-up by, when it asked for one.
    pub follow_up_due: Option<NaiveDate>,
}

impl WaitingRow {
    /// The date the list is ordered by within a priority: the next deadline of any running clock (a cancer date
    /// or 18 weeks), else the date a follow-up is due by.
    pub fn due(&self) -> Option<NaiveDate> {
        self.next_deadline().map(|deadline| deadline.date).or(self.follow_up_due)
    }

    /// The earliest deadline of the pathway's running clocks, and which standard sets it.
    pub fn next_deadline(&self) -> Option<Deadline> {
        self.row.next_deadline
    }
}

/// Who the waiting list shows: pathways with no appointment to come whose clock still runs (or has none yet), and
/// follow-ups the clinic asked for (clock running or not), ordered by priority (urgent suspected cancer, urgent,
/// routine) and then by the next deadline of any running clock or, without one, the follow-up's due date (earliest
/// first).
pub fn waiting_rows(rows: Vec<PtlRow>, pathways: &[Pathway]) -> Vec<WaitingRow> {
    let mut waiting: Vec<WaitingRow> = rows
        .into_iter()
        .filter(|row| row.next_booked.is_none())
        .filter_map(|row| {
            let pathway = pathways.iter().find(|p| p.id == row.pathway_id);
            let follow_up_due = pathway.and_then(|p| p.follow_up_due);
            let clock_waiting = row.rtt.as_ref().is_none_or(|clock| clock.running);
            if !clock_waiting && follow_up_due.is_none() {
                return None;
            }
            let slot_type = pathway.map(next_slot_type).unwrap_or(SlotType::New);
            Some(WaitingRow { row, slot_type, follow_up_due })
        })
        .collect();
    sorting::sort_by(&mut waiting, |a, b| {
        let (da, db) = (a.due(), b.due());
        // A pathway with no date to keep goes after those with one.
        a.row
            .priority
            .cmp(&b.row.priority)
            .then_with(|| da.is_none().cmp(&db.is_none()))
            .then_with(|| da.cmp(&db))
            .then_with(|| a.row.pathway_id.cmp(&b.row.pathway_id))
    });
    waiting
}

/// Keep the rows of a specialty and a consultant (empty = any).
pub fn filter_rows(rows: &[WaitingRow], specialty_id: &str, consultant_id: &str) -> Vec<WaitingRow> {
    rows.iter()
        .filter(|w| specialty_id.is_empty() || w.row.specialty_id == specialty_id)
        .filter(|w| consultant_id.is_empty() || w.row.consultant_id == consultant_id)
        .cloned()
        .collect()
}

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
        Appointment, AppointmentStatus, ClinicSession, Pathway, Patient, Priority, ReferralSource, SessionStatus, Slot,
        SlotType,
    };
    use pathdesk_core::pathway::{EventKind, PathwayEvent};
    use pathdesk_core::ptl::{build_rows, PtlSources};

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

    fn patient(id: &str, nhs: &str, family: &str) -> Patient {
        Patient::new(id, nhs, format!("H{id}"), family, "Alex", NaiveDate::from_ymd_opt(1970, 1, 1).unwrap())
    }

    fn waiting_pathway(id: &str, priority: Priority, referred: &str, consultant: &str) -> Pathway {
        Pathway {
            id: id.into(),
            patient_id: format!("pt-{id}"),
            priority,
            consultant_id: consultant.into(),
            follow_up_due: None,
            events: vec![PathwayEvent::new(d(referred), EventKind::ReferralReceived(Box::default()))],
            ..pathway(consultant)
        }
    }

    fn ids(rows: &[WaitingRow]) -> Vec<&str> {
        rows.iter().map(|w| w.row.pathway_id.as_str()).collect()
    }

    #[test]
    fn the_waiting_list_puts_urgent_suspected_cancer_first_then_the_earliest_breach_and_leaves_out_the_booked() {
        let pathways = vec![
            waiting_pathway("routine-old", Priority::Routine, "2026-06-01", "c1"),
            waiting_pathway("routine-new", Priority::Routine, "2026-09-01", "c2"),
            waiting_pathway("urgent", Priority::Urgent, "2026-10-01", "c1"),
            waiting_pathway("usc", Priority::UrgentSuspectedCancer, "2026-11-10", "c2"),
            waiting_pathway("booked", Priority::UrgentSuspectedCancer, "2026-05-01", "c1"),
        ];
        let patients: Vec<Patient> = pathways.iter().map(|p| patient(&p.patient_id, "9434765919", &p.id)).collect();
        let mut appointment = booked("s1", "sess");
        appointment.pathway_id = "booked".into();
        appointment.date = d("2026-12-20");
        let today = d("2026-11-22");
        let sources = PtlSources {
            pathways: &pathways,
            patients: &patients,
            consultants: &[],
            specialties: &[],
            appointments: std::slice::from_ref(&appointment),
        };
        let rows = waiting_rows(build_rows(sources, today), &pathways);
        assert_eq!(ids(&rows), ["usc", "urgent", "routine-old", "routine-new"]);
        assert!(rows.iter().all(|w| w.slot_type == SlotType::New));
        let routine_old = &rows[2].row.rtt.as_ref().unwrap();
        assert_eq!(routine_old.breach_date, d("2026-06-01") + chrono::Days::new(127));
        assert_eq!(ids(&filter_rows(&rows, "", "c2")), ["usc", "routine-new"]);
        assert_eq!(ids(&filter_rows(&rows, "cardio", "")), Vec::<&str>::new());
    }

    #[test]
    fn a_follow_up_the_clinic_asked_for_waits_on_the_list_after_the_clock_stopped_by_its_due_date() {
        let treated = |id: &str, due: Option<&str>| {
            let mut p = waiting_pathway(id, Priority::Routine, "2026-06-01", "c1");
            p.events.push(PathwayEvent::new(d("2026-06-20"), EventKind::OutpatientAttended { first: Some(true) }));
            p.events.push(PathwayEvent::new(d("2026-07-01"), EventKind::FirstDefinitiveTreatment(Box::default())));
            p.follow_up_due = due.map(d);
            p
        };
        let pathways = vec![
            treated("no-follow-up", None),
            treated("follow-up-late", Some("2027-01-20")),
            treated("follow-up-soon", Some("2026-12-01")),
            // A running clock breaching 6 Oct 2026 comes before a follow-up due in December.
            waiting_pathway("waiting", Priority::Routine, "2026-06-01", "c1"),
        ];
        let patients: Vec<Patient> = pathways.iter().map(|p| patient(&p.patient_id, "9434765919", &p.id)).collect();
        let sources = PtlSources {
            pathways: &pathways,
            patients: &patients,
            consultants: &[],
            specialties: &[],
            appointments: &[],
        };
        let rows = waiting_rows(build_rows(sources, d("2026-11-22")), &pathways);
        assert_eq!(ids(&rows), ["waiting", "follow-up-soon", "follow-up-late"]);
        assert_eq!(rows[1].follow_up_due, Some(d("2026-12-01")));
        assert_eq!(rows[1].slot_type, SlotType::FollowUp);
        assert_eq!(rows[0].follow_up_due, None);
    }
}
