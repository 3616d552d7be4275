//! The booking co-ordinator's and reception's own logic: who is waiting and in what order, which free slots are
//! offered, reasonable notice, and checking a patient in from an NHS number typed or scanned.

#![cfg(target_arch = "wasm32")]

use chrono::{NaiveDate, NaiveTime};
use pathdesk::screens::today::model::{check_in, check_in_message, find_booked, Booked, CheckIn};
use pathdesk::ui::booking_panel::model::{
    earliest_reasonable, filter_rows, free_slots, next_slot_type, notice_for, waiting_rows, WaitingRow,
};
use pathdesk_core::booking::BookingPolicy;
use pathdesk_core::model::{
    Appointment, AppointmentStatus, ClinicSession, Pathway, Patient, Priority, ReferralSource, SessionStatus, Slot,
    SlotType,
};
use pathdesk_core::pathway::{EventKind, PathwayEvent};
use pathdesk_core::ptl::{build_rows, PtlSources};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

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
    }
}

#[wasm_bindgen_test]
fn the_consultants_own_slot_comes_first_then_the_specialtys_in_date_order() {
    let sessions = vec![
        session("s-other", "c2", "2026-12-14", &[("o1", SlotType::New, 1)]),
        session("s-own", "c1", "2026-12-21", &[("m1", SlotType::New, 1), ("m2", SlotType::FollowUp, 1)]),
        session("s-early", "c2", "2026-12-10", &[("e1", SlotType::New, 1), ("e2", SlotType::New, 1)]),
    ];
    let found = free_slots(&sessions, &[booked("e1", "s-early")], &pathway("c1"), SlotType::New, d("2026-12-07"), 5);
    let ids: Vec<&str> = found.iter().map(|c| c.slot_id.as_str()).collect();
    assert_eq!(ids, ["m1", "e2", "o1"], "own consultant first; a full slot and a follow-up slot are not offered");
}

#[wasm_bindgen_test]
fn slots_before_the_earliest_date_and_in_cancelled_clinics_are_not_offered() {
    let mut cancelled = session("s-x", "c1", "2026-12-20", &[("x1", SlotType::New, 1)]);
    cancelled.status = SessionStatus::Cancelled { reason: "Leave".into() };
    let sessions = vec![session("s-a", "c1", "2026-12-01", &[("a1", SlotType::New, 1)]), cancelled];
    assert!(free_slots(&sessions, &[], &pathway("c1"), SlotType::New, d("2026-12-07"), 5).is_empty());
    let sessions = vec![session("s-b", "c9", "2026-12-08", &[("b1", SlotType::New, 1)])];
    let found = free_slots(&sessions, &[], &pathway("c1"), SlotType::New, d("2026-12-07"), 5);
    assert_eq!(found[0].slot_id, "b1", "no slot with the consultant: the specialty's next free slot");
}

#[wasm_bindgen_test]
fn a_follow_up_is_needed_after_the_first_attendance() {
    let mut p = pathway("c1");
    assert_eq!(next_slot_type(&p), SlotType::New);
    p.events.push(PathwayEvent::new(d("2026-10-01"), EventKind::OutpatientAttended { first: Some(true) }));
    assert_eq!(next_slot_type(&p), SlotType::FollowUp);
}

#[wasm_bindgen_test]
fn notice_under_21_days_is_short_unless_the_patient_accepts() {
    let policy = BookingPolicy::default();
    let today = d("2026-11-22");
    assert_eq!(earliest_reasonable(&policy, today), d("2026-12-13"));
    assert!(notice_for(&policy, today, d("2026-12-13"), false).unwrap().is_reasonable());
    let short = notice_for(&policy, today, d("2026-12-01"), false).unwrap();
    assert!(!short.is_reasonable());
    assert_eq!(short.notice_days, 9);
    assert!(notice_for(&policy, today, d("2026-12-01"), true).unwrap().is_reasonable());
}

fn patient(id: &str, nhs: &str, family: &str) -> Patient {
    Patient {
        id: id.into(),
        nhs_number: nhs.into(),
        hospital_number: format!("H{id}"),
        family_name: family.into(),
        given_name: "Alex".into(),
        date_of_birth: NaiveDate::from_ymd_opt(1970, 1, 1).unwrap(),
        phone: None,
        email: None,
        postcode: None,
    }
}

fn booked_today(id: &str, p: Patient, status: AppointmentStatus) -> Booked {
    Booked {
        appointment: Appointment {
            id: id.into(),
            patient_id: p.id.clone(),
            pathway_id: "pw".into(),
            session_id: "s".into(),
            slot_id: "sl".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            start: NaiveTime::from_hms_opt(9, 30, 0).unwrap(),
            slot_type: SlotType::New,
            status,
            booked_on: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
        },
        patient: Some(p),
    }
}

#[wasm_bindgen_test]
fn an_nhs_number_with_or_without_spaces_checks_in_its_one_waiting_booking() {
    let list = vec![
        booked_today("a1", patient("1", "9434765919", "Smith"), AppointmentStatus::Booked),
        booked_today("a2", patient("2", "9434765870", "Jones"), AppointmentStatus::Booked),
    ];
    for typed in ["943 476 5919", "9434765919", " 943-476-5919 "] {
        match check_in(&list, typed) {
            CheckIn::Arrive(b) => assert_eq!(b.appointment.id, "a1"),
            other => panic!("{typed}: {other:?}"),
        }
    }
    assert_eq!(check_in(&list, "9434765828"), CheckIn::NoBooking);
    assert_eq!(check_in(&list, "Smith"), CheckIn::NotNhsNumber);
    assert!(check_in_message(&CheckIn::NoBooking, "9434765828").contains("943 476 5828"));
}

#[wasm_bindgen_test]
fn a_patient_already_arrived_is_not_checked_in_twice_and_two_waiting_bookings_are_left_to_reception() {
    let p = patient("1", "9434765919", "Smith");
    let arrived = vec![booked_today("a1", p.clone(), AppointmentStatus::Arrived)];
    assert!(matches!(check_in(&arrived, "9434765919"), CheckIn::Already(_)));
    let two = vec![
        booked_today("a1", p.clone(), AppointmentStatus::Booked),
        booked_today("a2", p, AppointmentStatus::Booked),
    ];
    assert_eq!(check_in(&two, "9434765919"), CheckIn::Several(2));
}

#[wasm_bindgen_test]
fn find_by_name_or_hospital_number() {
    let list = vec![
        booked_today("a1", patient("1", "9434765919", "Smith"), AppointmentStatus::Booked),
        booked_today("a2", patient("2", "9434765870", "Jones"), AppointmentStatus::Booked),
    ];
    assert_eq!(find_booked(&list, "jon").len(), 1);
    assert_eq!(find_booked(&list, "H1")[0].appointment.id, "a1");
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

#[wasm_bindgen_test]
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

#[wasm_bindgen_test]
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
    let sources =
        PtlSources { pathways: &pathways, patients: &patients, consultants: &[], specialties: &[], appointments: &[] };
    let rows = waiting_rows(build_rows(sources, d("2026-11-22")), &pathways);
    assert_eq!(ids(&rows), ["waiting", "follow-up-soon", "follow-up-late"]);
    assert_eq!(rows[1].follow_up_due, Some(d("2026-12-01")));
    assert_eq!(rows[1].slot_type, SlotType::FollowUp);
    assert_eq!(rows[0].follow_up_due, None);
}
