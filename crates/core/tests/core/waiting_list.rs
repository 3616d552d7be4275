//! The outpatient waiting list: who is on it and in what order (most urgent first, then the next deadline of any
//! clock, then a follow-up's due date), its search by name, NHS number or hospital number, its filters and orders,
//! and the filter as an address that can be bookmarked.

use chrono::{NaiveDate, NaiveTime};
use pathdesk_core::model::{Appointment, AppointmentStatus, Pathway, Patient, Priority, ReferralSource, SlotType};
use pathdesk_core::pathway::{EventKind, PathwayEvent};
use pathdesk_core::ptl::{build_rows, PtlSources};
use pathdesk_core::waiting::{waiting_list, waiting_rows, WaitingFilter, WaitingRow, WaitingSort};
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn waiting_pathway(id: &str, priority: Priority, referred: &str, consultant: &str) -> Pathway {
    Pathway {
        id: id.into(),
        patient_id: format!("pt-{id}"),
        specialty_id: if consultant == "c3" { "cardio".into() } else { "uro".into() },
        consultant_id: consultant.into(),
        priority,
        source: ReferralSource::Gp,
        cancer: false,
        follow_up_due: None,
        listed: None,
        validations: Vec::new(),
        events: vec![PathwayEvent::new(d(referred), EventKind::ReferralReceived(Box::default()))],
    }
}

fn patient_of(pathway: &Pathway, nhs: &str, family: &str) -> Patient {
    Patient::new(&pathway.patient_id, nhs, format!("H{}", pathway.id), family, "Alex", d("1970-01-01"))
}

fn rows_of(pathways: &[Pathway], patients: &[Patient], appointments: &[Appointment], today: &str) -> Vec<WaitingRow> {
    let sources = PtlSources { pathways, patients, consultants: &[], specialties: &[], appointments };
    waiting_rows(build_rows(sources, d(today)), pathways, patients)
}

fn ids(rows: &[WaitingRow]) -> Vec<&str> {
    rows.iter().map(|w| w.row.pathway_id.as_str()).collect()
}

fn listed<'a>(rows: &'a [WaitingRow], filter: &WaitingFilter) -> Vec<&'a str> {
    waiting_list(rows, filter).into_iter().map(|i| rows[i as usize].row.pathway_id.as_str()).collect()
}

/// Four waiting (two routine, one urgent, one urgent suspected cancer) and one booked.
fn trust() -> (Vec<Pathway>, Vec<Patient>, Vec<Appointment>) {
    let pathways = vec![
        waiting_pathway("routine-old", Priority::Routine, "2026-06-01", "c1"),
        waiting_pathway("routine-new", Priority::Routine, "2026-09-01", "c2"),
        waiting_pathway("urgent", Priority::Urgent, "2026-10-01", "c1"),
        waiting_pathway("usc", Priority::UrgentSuspectedCancer, "2026-11-10", "c2"),
        waiting_pathway("booked", Priority::UrgentSuspectedCancer, "2026-05-01", "c1"),
    ];
    let names = ["ABBOTT", "BENNETT", "CARTER", "DAVIES", "EVANS"];
    let numbers = ["9434765919", "9434765870", "9434765862", "9434765854", "9434765846"];
    let patients: Vec<Patient> =
        pathways.iter().zip(names).zip(numbers).map(|((p, name), nhs)| patient_of(p, nhs, name)).collect();
    let appointment = Appointment {
        id: "a-booked".into(),
        patient_id: "pt-booked".into(),
        pathway_id: "booked".into(),
        session_id: "sess".into(),
        slot_id: "s1".into(),
        date: d("2026-12-20"),
        start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        slot_type: SlotType::New,
        status: AppointmentStatus::Booked,
        booked_on: d("2026-11-01"),
        outcome: None,
        cancelled: None,
    };
    (pathways, patients, vec![appointment])
}

#[test]
fn urgent_suspected_cancer_comes_first_then_the_earliest_breach_and_the_booked_are_left_out() {
    let (pathways, patients, appointments) = trust();
    let rows = rows_of(&pathways, &patients, &appointments, "2026-11-22");
    assert_eq!(ids(&rows), ["usc", "urgent", "routine-old", "routine-new"]);
    assert!(rows.iter().all(|w| w.slot_type == SlotType::New));
    assert_eq!(rows[2].row.rtt.as_ref().unwrap().breach_date, d("2026-06-01") + chrono::Days::new(127));
    assert_eq!(rows[0].born, Some(d("1970-01-01")), "the date of birth travels with the row");
}

#[test]
fn a_follow_up_the_clinic_asked_for_waits_after_the_clock_stopped_by_its_due_date() {
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
    let patients: Vec<Patient> = pathways.iter().map(|p| patient_of(p, "9434765919", &p.id)).collect();
    let rows = rows_of(&pathways, &patients, &[], "2026-11-22");
    assert_eq!(ids(&rows), ["waiting", "follow-up-soon", "follow-up-late"]);
    assert_eq!(rows[1].follow_up_due, Some(d("2026-12-01")));
    assert_eq!(rows[1].slot_type, SlotType::FollowUp);
    assert_eq!(
        listed(&rows, &WaitingFilter { needs: Some(SlotType::FollowUp), ..Default::default() }),
        ["follow-up-soon", "follow-up-late"]
    );
}

#[test]
fn the_search_finds_by_name_nhs_number_with_or_without_spaces_or_hospital_number() {
    let (pathways, patients, appointments) = trust();
    let rows = rows_of(&pathways, &patients, &appointments, "2026-11-22");
    let search = |typed: &str| listed(&rows, &WaitingFilter { search: typed.into(), ..Default::default() });
    assert_eq!(search("carter"), ["urgent"]);
    assert_eq!(search("Alex Davies"), ["usc"], "every word must match");
    assert_eq!(search("943 476 5870"), ["routine-new"]);
    assert_eq!(search("9434765870"), ["routine-new"]);
    assert_eq!(search("hroutine-old"), ["routine-old"], "the hospital number");
    assert_eq!(search("nobody"), Vec::<&str>::new());
    assert_eq!(search("  ").len(), 4, "nothing typed keeps everyone");
}

#[test]
fn filters_and_orders_keep_and_sort_the_right_rows() {
    let (pathways, patients, appointments) = trust();
    let rows = rows_of(&pathways, &patients, &appointments, "2026-11-22");
    let by = |filter: WaitingFilter| listed(&rows, &filter);
    assert_eq!(by(WaitingFilter { consultant_id: "c2".into(), ..Default::default() }), ["usc", "routine-new"]);
    assert_eq!(by(WaitingFilter { specialty_id: "cardio".into(), ..Default::default() }), Vec::<&str>::new());
    assert_eq!(
        by(WaitingFilter { priority: Some(Priority::Routine), ..Default::default() }),
        ["routine-old", "routine-new"]
    );
    assert_eq!(
        by(WaitingFilter { sort: WaitingSort::Name, ..Default::default() }),
        ["routine-old", "routine-new", "urgent", "usc"]
    );
    let longest = by(WaitingFilter { sort: WaitingSort::LongestWait, ..Default::default() });
    assert_eq!(longest[0], "routine-old", "referred in June: the longest wait");
    assert_eq!(longest.last(), Some(&"usc"));
}

#[test]
fn the_filter_travels_in_the_address_and_comes_back_the_same() {
    let filter = WaitingFilter {
        specialty_id: "uro".into(),
        consultant_id: "con-uro-3".into(),
        needs: Some(SlotType::FollowUp),
        priority: Some(Priority::UrgentSuspectedCancer),
        search: "943 476 5919".into(),
        sort: WaitingSort::LongestWait,
    };
    let pairs = filter.to_pairs();
    assert_eq!(pairs.iter().find(|(k, _)| *k == "needs").map(|(_, v)| v.as_str()), Some("follow_up"));
    let back = WaitingFilter::from_query(|key| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()));
    assert_eq!(back, filter);
    assert!(WaitingFilter::default().to_pairs().is_empty(), "the everyday list has a plain address");
    let odd = WaitingFilter::from_query(|key| (key == "sort" || key == "needs").then(|| "nonsense".to_string()));
    assert_eq!(odd, WaitingFilter::default(), "words it does not know are ignored");
}

proptest! {
    /// Whatever the filter, the list keeps exactly the rows that match it, each once, in its order.
    #[test]
    fn any_filter_keeps_exactly_the_matching_rows_each_once(
        consultant in prop_oneof![Just(""), Just("c1"), Just("c2")],
        priority in prop_oneof![Just(None), Just(Some(Priority::Routine)), Just(Some(Priority::UrgentSuspectedCancer))],
        sort in prop_oneof![Just(WaitingSort::MostUrgent), Just(WaitingSort::LongestWait), Just(WaitingSort::Name)],
        search in prop_oneof![Just(""), Just("a"), Just("943"), Just("zz")],
    ) {
        let (pathways, patients, appointments) = trust();
        let rows = rows_of(&pathways, &patients, &appointments, "2026-11-22");
        let filter = WaitingFilter { consultant_id: consultant.into(), priority, sort, search: search.into(), ..Default::default() };
        let kept = waiting_list(&rows, &filter);
        let mut unique = kept.clone();
        unique.sort_unstable();
        unique.dedup();
        prop_assert_eq!(unique.len(), kept.len(), "each row once");
        for (i, w) in rows.iter().enumerate() {
            let lower = w.row.patient_name.to_lowercase();
            let matches = (consultant.is_empty() || w.row.consultant_id == consultant)
                && priority.is_none_or(|p| p == w.row.priority)
                && (search.is_empty() || lower.contains(search) || w.row.nhs_number.contains(search)
                    || w.row.hospital_number.to_lowercase().contains(search));
            prop_assert_eq!(kept.contains(&(i as u32)), matches, "row {}", w.row.pathway_id);
        }
        if sort == WaitingSort::Name {
            let names: Vec<&str> = kept.iter().map(|&i| rows[i as usize].row.patient_name.as_str()).collect();
            prop_assert!(names.windows(2).all(|p| p[0] <= p[1]));
        }
    }
}
