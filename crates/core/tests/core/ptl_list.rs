//! The PTL's filters and sort orders, as booking co-ordinators use them, plus building rows from records
//! through the pathway engine.

use chrono::{Days, NaiveDate};
use pathdesk_core::model::{Consultant, Pathway, Patient, Priority, ReferralSource, Specialty};
use pathdesk_core::pathway::PathwayEvent;
use pathdesk_core::ptl::{
    build_rows, BreachFilter, CancerFocus, CancerStandard, Ptl, PtlCancerClock, PtlError, PtlFilter, PtlRow,
    PtlRttClock, PtlSort, PtlSources, SearchQuery,
};
use proptest::prelude::*;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn days_before(days: i64) -> NaiveDate {
    if days >= 0 {
        as_of().checked_sub_days(Days::new(days as u64)).unwrap()
    } else {
        as_of().checked_add_days(Days::new(days.unsigned_abs())).unwrap()
    }
}

/// A waiting pathway whose clock started `waited` days before the list's date.
fn waiting(id: &str, waited: i64) -> PtlRow {
    PtlRow {
        pathway_id: id.to_owned(),
        patient_id: format!("pt-{id}"),
        patient_name: format!("PATIENT, {id}"),
        nhs_number: "9434765919".to_owned(),
        hospital_number: format!("RX{id}"),
        consultant_id: "con-a".to_owned(),
        consultant_name: "Ms A Adeyemi".to_owned(),
        specialty_id: "spec-uro".to_owned(),
        specialty_name: "Urology".to_owned(),
        priority: Priority::Routine,
        cancer: false,
        rtt: Some(PtlRttClock::running(days_before(waited), as_of())),
        next_booked: None,
        fds: None,
        day62: None,
        day31: None,
        next_deadline: None,
        admitted: false,
        validation: Default::default(),
    }
}

fn ids(ptl: &Ptl, indices: &[u32]) -> Vec<String> {
    indices.iter().map(|&i| ptl.row(i).pathway_id.clone()).collect()
}

fn shown(ptl: &Ptl, filter: PtlFilter) -> Vec<String> {
    let mut found = ids(ptl, &ptl.filter(&filter));
    found.sort();
    found
}

#[test]
fn consultant_specialty_priority_and_cancer_filters_combine() {
    let mut rows = vec![waiting("a", 10), waiting("b", 20), waiting("c", 30), waiting("d", 40)];
    rows[1].consultant_id = "con-b".into();
    rows[2].specialty_id = "spec-gen".into();
    rows[3].priority = Priority::Urgent;
    rows[3].cancer = true;
    let ptl = Ptl::new(as_of(), rows).unwrap();
    assert_eq!(shown(&ptl, PtlFilter::default()), ["a", "b", "c", "d"]);
    let by_consultant = PtlFilter { consultant_id: Some("con-a".into()), ..PtlFilter::default() };
    assert_eq!(shown(&ptl, by_consultant.clone()), ["a", "c", "d"]);
    let and_specialty = PtlFilter { specialty_id: Some("spec-uro".into()), ..by_consultant.clone() };
    assert_eq!(shown(&ptl, and_specialty.clone()), ["a", "d"]);
    let and_urgent = PtlFilter { priority: Some(Priority::Urgent), ..and_specialty };
    assert_eq!(shown(&ptl, and_urgent), ["d"]);
    assert_eq!(shown(&ptl, PtlFilter { cancer_only: true, ..PtlFilter::default() }), ["d"]);
    let mut rows = vec![waiting("a", 10), waiting("b", 20)];
    rows[1].admitted = true;
    let ptl = Ptl::new(as_of(), rows).unwrap();
    assert_eq!(shown(&ptl, PtlFilter { admitted_only: true, ..PtlFilter::default() }), ["b"], "the admitted list");
}

/// An urgent suspected cancer referral `referred` days ago, its 28-day clock ended `told` days after it if told.
fn cancer(id: &str, referred: i64, told: Option<i64>) -> PtlRow {
    let mut row = waiting(id, referred);
    row.cancer = true;
    row.priority = Priority::UrgentSuspectedCancer;
    let start = days_before(referred);
    let ended = told.map(|after| start + Days::new(after as u64));
    row.fds = Some(PtlCancerClock::new(CancerStandard::FasterDiagnosis, start, 0, ended, as_of()));
    row.day62 = Some(PtlCancerClock::new(CancerStandard::ReferralToTreatment, start, 0, None, as_of()));
    row.next_deadline = Some(pathdesk_core::pathway::Deadline {
        standard: if told.is_none() {
            pathdesk_core::pathway::Standard::Cwt28
        } else {
            pathdesk_core::pathway::Standard::Cwt62
        },
        date: start + Days::new(if told.is_none() { 28 } else { 62 }),
    });
    row
}

#[test]
fn the_cancer_ptl_answers_its_questions_and_sorts_by_the_next_deadline() {
    let rows = vec![
        cancer("day-20", 20, None),
        cancer("day-30-untold", 30, None),
        cancer("day-30-told", 30, Some(25)),
        cancer("day-45", 45, Some(20)),
        cancer("day-70", 70, Some(20)),
        cancer("day-110", 110, Some(20)),
        waiting("routine", 200),
    ];
    let ptl = Ptl::new(as_of(), rows).unwrap();
    let focus = |focus| shown(&ptl, PtlFilter { cancer_only: true, cancer_focus: Some(focus), ..PtlFilter::default() });
    assert_eq!(focus(CancerFocus::PastDay28WithoutDiagnosis), ["day-30-untold"]);
    assert_eq!(focus(CancerFocus::PastDay38), ["day-110", "day-45", "day-70"]);
    assert_eq!(focus(CancerFocus::Over62Days), ["day-110", "day-70"]);
    assert_eq!(focus(CancerFocus::Over104Days), ["day-110"]);
    let all = ptl.view(&PtlFilter { cancer_only: true, ..PtlFilter::default() }, PtlSort::NextDeadlineSoonestFirst);
    assert_eq!(ids(&ptl, &all), ["day-110", "day-70", "day-30-untold", "day-20", "day-45", "day-30-told"]);
    assert_eq!(ptl.count(&all, CancerFocus::Over104Days), 1);
}

#[test]
fn over_52_weeks_means_365_days_or_more_on_a_running_clock() {
    let mut stopped = waiting("stopped-400", 0);
    stopped.rtt = Some(PtlRttClock::stopped(days_before(500), days_before(100)));
    let rows = vec![waiting("w364", 364), waiting("w365", 365), waiting("w800", 800), stopped];
    let ptl = Ptl::new(as_of(), rows).unwrap();
    assert_eq!(ptl.row(0).rtt.unwrap().weeks_waited, 52, "364 days shows as 52 weeks...");
    assert_eq!(shown(&ptl, PtlFilter { over_52_weeks: true, ..PtlFilter::default() }), ["w365", "w800"]);
}

#[test]
fn breach_filters_split_already_breached_from_breaching_soon() {
    // Breach date = start + 127 days, so a clock that has waited w days breaches in (127 - w) days.
    let rows = vec![
        waiting("breached-long-ago", 300),
        waiting("breached-today", 127),
        waiting("breaches-tomorrow", 126),
        waiting("breaches-in-28-days", 99),
        waiting("breaches-in-29-days", 98),
        waiting("new", 5),
    ];
    let ptl = Ptl::new(as_of(), rows).unwrap();
    let with = |breach| shown(&ptl, PtlFilter { breach: Some(breach), ..PtlFilter::default() });
    assert_eq!(with(BreachFilter::AlreadyBreached), ["breached-long-ago", "breached-today"]);
    assert_eq!(with(BreachFilter::BreachingWithin { weeks: 4 }), ["breaches-in-28-days", "breaches-tomorrow"]);
    assert_eq!(with(BreachFilter::BreachingWithin { weeks: 0 }), Vec::<String>::new());
    assert_eq!(
        with(BreachFilter::BreachedOrBreachingWithin { weeks: 4 }),
        ["breached-long-ago", "breached-today", "breaches-in-28-days", "breaches-tomorrow"]
    );
}

#[test]
fn next_step_not_booked_means_waiting_with_nothing_from_today() {
    let mut booked_today = waiting("booked-today", 50);
    booked_today.next_booked = Some(as_of());
    let mut booked_later = waiting("booked-later", 50);
    booked_later.next_booked = Some(days_before(-30));
    let mut stale_booking = waiting("stale-booking", 50);
    stale_booking.next_booked = Some(days_before(3));
    let mut stopped = waiting("stopped", 0);
    stopped.rtt = Some(PtlRttClock::stopped(days_before(90), days_before(10)));
    let mut no_clock = waiting("no-clock", 0);
    no_clock.rtt = None;
    let rows = vec![waiting("nothing", 50), booked_today, booked_later, stale_booking, stopped, no_clock];
    let ptl = Ptl::new(as_of(), rows).unwrap();
    let not_booked = PtlFilter { next_step_not_booked: true, ..PtlFilter::default() };
    assert_eq!(shown(&ptl, not_booked), ["nothing", "stale-booking"]);
    assert_eq!(shown(&ptl, PtlFilter { waiting_only: true, ..PtlFilter::default() }).len(), 4);
}

#[test]
fn search_finds_name_nhs_number_with_spaces_and_hospital_number() {
    let mut mary = waiting("1", 10);
    mary.patient_name = "SMITH-JONES, Mary".into();
    mary.nhs_number = "4010232137".into();
    mary.hospital_number = "RX 0012345".into();
    let mut sean = waiting("2", 10);
    sean.patient_name = "O'BRIEN, Seán".into();
    sean.nhs_number = "4857773457".into();
    sean.hospital_number = "RX0099999".into();
    let ptl = Ptl::new(as_of(), vec![mary, sean]).unwrap();
    let search = |text: &str| shown(&ptl, PtlFilter { search: SearchQuery::new(text), ..PtlFilter::default() });
    assert_eq!(search("smith"), ["1"]);
    assert_eq!(search("Mary SMITH"), ["1"]);
    assert_eq!(search("obrien"), ["2"]);
    assert_eq!(search("seán"), ["2"]);
    assert_eq!(search("401 023 2137"), ["1"]);
    assert_eq!(search("4857773457"), ["2"]);
    assert_eq!(search("rx0012345"), ["1"], "hospital number, spaces ignored");
    assert_eq!(search("RX00"), ["1", "2"]);
    assert_eq!(search("jones 401"), ["1"], "words can mix name and number");
    assert!(search("brown").is_empty());
    assert_eq!(search(""), ["1", "2"]);
}

#[test]
fn longest_wait_first_is_the_default_and_ties_go_by_pathway_id() {
    let rows = vec![waiting("p3", 100), waiting("p1", 100), waiting("p2", 300), waiting("p0", 5)];
    let ptl = Ptl::new(as_of(), rows).unwrap();
    assert_eq!(PtlSort::default(), PtlSort::LongestWaitFirst);
    let order = ptl.view(&PtlFilter::default(), PtlSort::default());
    assert_eq!(ids(&ptl, &order), ["p2", "p1", "p3", "p0"]);
    let order = ptl.view(&PtlFilter::default(), PtlSort::ShortestWaitFirst);
    assert_eq!(ids(&ptl, &order), ["p0", "p1", "p3", "p2"], "ties still by pathway id ascending");
}

#[test]
fn breach_date_and_priority_orders() {
    let mut urgent_late = waiting("u-late", 10);
    urgent_late.priority = Priority::Urgent;
    let mut urgent_soon = waiting("u-soon", 120);
    urgent_soon.priority = Priority::Urgent;
    let mut cancer = waiting("usc", 3);
    cancer.priority = Priority::UrgentSuspectedCancer;
    let routine = waiting("routine", 200);
    let ptl = Ptl::new(as_of(), vec![urgent_late, routine, cancer, urgent_soon]).unwrap();
    let all = PtlFilter::default();
    assert_eq!(ids(&ptl, &ptl.view(&all, PtlSort::BreachDateSoonestFirst)), ["routine", "u-soon", "u-late", "usc"]);
    assert_eq!(ids(&ptl, &ptl.view(&all, PtlSort::BreachDateLatestFirst)), ["usc", "u-late", "u-soon", "routine"]);
    assert_eq!(ids(&ptl, &ptl.view(&all, PtlSort::PriorityThenBreachDate)), ["usc", "u-soon", "u-late", "routine"]);
}

#[test]
fn pathways_no_longer_waiting_sort_after_those_waiting() {
    let mut stopped = waiting("stopped", 0);
    stopped.rtt = Some(PtlRttClock::stopped(days_before(900), days_before(100)));
    let mut no_clock = waiting("a-no-clock", 0);
    no_clock.rtt = None;
    let ptl = Ptl::new(as_of(), vec![no_clock, stopped, waiting("short", 3), waiting("long", 200)]).unwrap();
    for order in [PtlSort::LongestWaitFirst, PtlSort::ShortestWaitFirst, PtlSort::BreachDateSoonestFirst] {
        let shown = ids(&ptl, &ptl.view(&PtlFilter::default(), order));
        assert_eq!(&shown[2..], ["stopped", "a-no-clock"], "{order:?}");
    }
}

#[test]
fn a_list_refuses_rows_worked_out_for_another_day() {
    let stale = PtlRow { rtt: Some(PtlRttClock::running(days_before(50), days_before(1))), ..waiting("old", 0) };
    let error = Ptl::new(as_of(), vec![waiting("ok", 3), stale]).unwrap_err();
    assert!(matches!(error, PtlError::RowsFromAnotherDay { ref pathway_id, .. } if pathway_id == "old"));
    assert!(error.to_string().contains("build the list again"), "{error}");
}

fn event(json: &str) -> PathwayEvent {
    serde_json::from_str(json).unwrap()
}

#[test]
fn rows_are_built_from_records_with_the_engine_clocks() {
    let patient =
        Patient::new("pt1", "9434765919", "RX1", "Nowak", "Ewa", NaiveDate::from_ymd_opt(1960, 5, 4).unwrap());
    let pathway = |id: &str, patient_id: &str, cancer: bool, events: Vec<PathwayEvent>| Pathway {
        id: id.into(),
        patient_id: patient_id.into(),
        specialty_id: "spec-uro".into(),
        consultant_id: "con-a".into(),
        priority: if cancer { Priority::UrgentSuspectedCancer } else { Priority::Routine },
        source: ReferralSource::Gp,
        cancer,
        follow_up_due: None,
        listed: None,
        validations: Vec::new(),
        events,
    };
    let pathways = vec![
        pathway(
            "pw-rtt",
            "pt1",
            false,
            vec![event(r#"{"date":"2026-06-01","type":"referral_received","source":"gp"}"#)],
        ),
        pathway(
            "pw-cancer",
            "pt1",
            true,
            vec![event(
                r#"{"date":"2026-11-01","type":"referral_received","source":"gp","route":"urgent_suspected_cancer"}"#,
            )],
        ),
        pathway("pw-orphan", "pt-missing", false, vec![]),
    ];
    let consultants = [Consultant::new("con-a", "Ms A Adeyemi", "spec-uro")];
    let specialties = [Specialty { id: "spec-uro".into(), code: "101".into(), name: "Urology".into() }];
    let sources = PtlSources {
        pathways: &pathways,
        patients: std::slice::from_ref(&patient),
        consultants: &consultants,
        specialties: &specialties,
        appointments: &[],
    };
    let rows = build_rows(sources, as_of());
    assert_eq!(rows.len(), 3, "every pathway gets a row");
    let rtt = &rows[0];
    assert_eq!((rtt.patient_name.as_str(), rtt.consultant_name.as_str()), ("NOWAK, Ewa", "Ms A Adeyemi"));
    let clock = rtt.rtt.expect("referral received starts the clock");
    assert!(clock.running);
    assert_eq!(clock.days_waited, 174, "1 Jun to 22 Nov 2026");
    assert_eq!(clock.breach_date, NaiveDate::from_ymd_opt(2026, 10, 6).unwrap());
    let fds = rows[1].fds.expect("urgent suspected cancer referral starts the FDS clock");
    assert_eq!((fds.days_used, fds.within_standard), (21, true));
    assert_eq!(fds.deadline, NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
    assert!(rows[1].day62.is_some());
    assert_eq!(rows[2].patient_name, "Patient record missing (pt-missing)");
    assert!(rows[2].rtt.is_none());
    let ptl = Ptl::new(as_of(), rows).expect("engine rows are counted to the list's date");
    assert_eq!(ptl.filter(&PtlFilter { waiting_only: true, ..PtlFilter::default() }).len(), 2);
}

/// The order a sort promises, as a comparable key (smaller first), from the row's visible values.
fn promised_key(row: &PtlRow, order: PtlSort) -> (u8, u8, i64) {
    let group = match row.rtt {
        Some(clock) if clock.running => 0,
        Some(_) => 1,
        None => 2,
    };
    let days = row.rtt.map_or(0, |c| c.days_waited);
    let breach = row.rtt.map_or(0, |c| i64::from(chrono::Datelike::num_days_from_ce(&c.breach_date)));
    match order {
        PtlSort::LongestWaitFirst => (0, group, -days),
        PtlSort::ShortestWaitFirst => (0, group, days),
        PtlSort::BreachDateSoonestFirst => (0, group, breach),
        PtlSort::BreachDateLatestFirst => (0, group, -breach),
        PtlSort::PriorityThenBreachDate => (row.priority as u8, group, breach),
        PtlSort::NextDeadlineSoonestFirst => {
            (0, 0, row.next_deadline.map_or(i64::MAX, |d| i64::from(chrono::Datelike::num_days_from_ce(&d.date))))
        }
    }
}

fn arb_row() -> impl Strategy<Value = PtlRow> {
    (0u8..40, -3i64..800, 0u8..3, 0u8..3, 0u8..4, prop::option::of(-10i64..60), 0u8..3, any::<bool>()).prop_map(
        |(id, waited, consultant, specialty, clock_kind, booked_in, priority, cancer)| {
            let mut row = waiting(&format!("pw{id:02}"), waited);
            row.consultant_id = format!("con-{consultant}");
            row.specialty_id = format!("spec-{specialty}");
            row.priority = Priority::ALL[priority as usize];
            row.cancer = cancer;
            row.admitted = waited % 3 == 0;
            row.next_booked = booked_in.map(|days| days_before(-days));
            match clock_kind {
                0 => row.rtt = None,
                1 => row.rtt = Some(PtlRttClock::stopped(days_before(waited + 30), days_before(30))),
                _ => {}
            }
            row
        },
    )
}

fn arb_filter() -> impl Strategy<Value = PtlFilter> {
    (
        prop::option::of(0u8..3),
        prop::option::of(0u8..3),
        any::<bool>(),
        any::<bool>(),
        prop::option::of((0u8..3, 0u32..30)),
        prop::sample::select(vec!["", "pw1", "patient pw0", "rxpw2", "943 476"]),
        (prop::option::of(0u8..4), any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(
            |(consultant, priority, over_52, not_booked, breach, text, (specialty, cancer, waiting, admitted))| {
                PtlFilter {
                    consultant_id: consultant.map(|c| format!("con-{c}")),
                    specialty_id: specialty.map(|s| format!("spec-{s}")),
                    cancer_only: cancer,
                    cancer_focus: None,
                    waiting_only: waiting,
                    priority: priority.map(|p| Priority::ALL[p as usize]),
                    over_52_weeks: over_52,
                    next_step_not_booked: not_booked,
                    admitted_only: admitted,
                    breach: breach.map(|(kind, weeks)| match kind {
                        0 => BreachFilter::AlreadyBreached,
                        1 => BreachFilter::BreachingWithin { weeks },
                        _ => BreachFilter::BreachedOrBreachingWithin { weeks },
                    }),
                    search: SearchQuery::new(text),
                }
            },
        )
}

/// The filter's meaning, written out independently of the implementation.
fn should_show(row: &PtlRow, filter: &PtlFilter) -> bool {
    let running = row.rtt.filter(|c| c.running);
    let breach_in = running.map(|c| (c.breach_date - as_of()).num_days());
    filter.consultant_id.as_ref().is_none_or(|c| *c == row.consultant_id)
        && filter.specialty_id.as_ref().is_none_or(|s| *s == row.specialty_id)
        && (!filter.cancer_only || row.cancer)
        && (!filter.admitted_only || row.admitted)
        && (!filter.waiting_only || running.is_some())
        && filter.priority.is_none_or(|p| p == row.priority)
        && (!filter.over_52_weeks || running.is_some_and(|c| c.days_waited >= 365))
        && (!filter.next_step_not_booked || (running.is_some() && row.next_booked.is_none_or(|d| d < as_of())))
        && filter.breach.is_none_or(|breach| match (breach, breach_in) {
            (_, None) => false,
            (BreachFilter::AlreadyBreached, Some(days)) => days <= 0,
            (BreachFilter::BreachingWithin { weeks }, Some(days)) => days > 0 && days <= 7 * i64::from(weeks),
            (BreachFilter::BreachedOrBreachingWithin { weeks }, Some(days)) => days <= 7 * i64::from(weeks),
        })
        && match filter.search.typed() {
            "" => true,
            "943 476" => true,
            "pw1" => row.pathway_id.contains("pw1"),
            "patient pw0" => row.pathway_id.contains("pw0"),
            "rxpw2" => row.pathway_id.starts_with("pw2"),
            other => panic!("no expectation written for {other:?}"),
        }
}

proptest! {
    #[test]
    fn filter_then_sort_gives_exactly_the_matching_rows_in_key_order(
        rows in prop::collection::vec(arb_row(), 0..60),
        filter in arb_filter(),
        order_index in 0usize..PtlSort::ALL.len(),
    ) {
        let order = PtlSort::ALL[order_index];
        let ptl = Ptl::new(as_of(), rows.clone()).unwrap();
        let view = ptl.view(&filter, order);

        let mut expected: Vec<u32> = (0..rows.len() as u32).filter(|&i| should_show(&rows[i as usize], &filter)).collect();
        let mut got_sorted = view.clone();
        got_sorted.sort_unstable();
        expected.sort_unstable();
        prop_assert_eq!(got_sorted, expected, "the view holds exactly the matching rows, each once");

        for pair in view.windows(2) {
            let (a, b) = (ptl.row(pair[0]), ptl.row(pair[1]));
            let (ka, kb) = (promised_key(a, order), promised_key(b, order));
            prop_assert!(ka <= kb, "{:?}: {} ({:?}) before {} ({:?})", order, a.pathway_id, ka, b.pathway_id, kb);
            if ka == kb {
                prop_assert!(
                    (a.pathway_id.as_str(), pair[0]) < (b.pathway_id.as_str(), pair[1]),
                    "ties go by pathway id: {} then {}", a.pathway_id, b.pathway_id
                );
            }
        }
        prop_assert_eq!(&ptl.view(&filter, order), &view, "the same list and filter give the same order");
    }
}
