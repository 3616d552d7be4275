//! The demo trust as the server seeds it: the same every time, the right size, and internally consistent, so
//! every screen shows believable data and no check in the app trips over the demo.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use pathdesk_core::demo::{generate, DemoOptions};
use pathdesk_core::model::{
    Appointment, AppointmentStatus, ClinicSession, Pathway, Patient, Priority, SessionStatus, SlotType,
};
use pathdesk_core::pathway::check_new_event;
use pathdesk_core::record::Record;
use pathdesk_core::tasks::{Task, TaskKind, TaskStatus};
use serde_json::Value;

fn date(text: &str) -> NaiveDate {
    text.parse().expect("test dates are ISO dates")
}

/// A Monday, so there are past clinics, today's clinics and future ones.
fn today() -> NaiveDate {
    date("2026-11-23")
}

fn standard() -> &'static [Record] {
    static RECORDS: OnceLock<Vec<Record>> = OnceLock::new();
    RECORDS.get_or_init(|| generate(&DemoOptions::standard(today())))
}

/// The records of one kind.
macro_rules! all {
    ($records:expr, $variant:ident) => {
        $records
            .iter()
            .filter_map(|record| match record {
                Record::$variant(inner) => Some(inner),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
}

/// A pathway's events in the shared case format (`{"date", "type", ...}`), the demo's contract with the engine.
fn event_log(pathway: &Pathway) -> Vec<Value> {
    match serde_json::to_value(&pathway.events).expect("events serialise") {
        Value::Array(events) => events,
        other => panic!("events of {} serialised as {other}, not a list", pathway.id),
    }
}

fn event_date(event: &Value) -> NaiveDate {
    event["date"].as_str().and_then(|d| d.parse().ok()).unwrap_or_else(|| panic!("event without a date: {event}"))
}

fn is_stop(event: &Value) -> bool {
    let kind = event["type"].as_str().unwrap_or_default();
    matches!(kind, "first_definitive_treatment" | "active_monitoring_start" | "decision_not_to_treat")
        || (kind == "appointment_dna" && event["first"] == true)
}

/// The start of the clock still running at the end of the log, if any: a referral or a patient's call to rebook
/// after a missed first appointment starts one; treatment, active monitoring, a decision not to treat or a missed
/// first appointment stops it. (A rough reading of the rules, enough to check the demo's shape.)
fn running_clock_start(events: &[Value]) -> Option<NaiveDate> {
    let mut start = None;
    for event in events {
        match event["type"].as_str().unwrap_or_default() {
            "referral_received" | "patient_contacts_to_rebook" => start = Some(event_date(event)),
            _ if is_stop(event) => start = None,
            _ => {}
        }
    }
    start
}

/// Modulus 11, as NHS England publishes it: weights 10 down to 2, check digit 11 - remainder (11 -> 0, 10 invalid).
fn passes_modulus_11(number: &str) -> bool {
    let digits: Vec<u32> = number.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 10 || number.len() != 10 {
        return false;
    }
    let sum: u32 = digits[..9].iter().zip((2..=10).rev()).map(|(d, w)| d * w).sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        check => check,
    };
    check == digits[9]
}

#[test]
fn the_same_options_give_identical_records() {
    let again = generate(&DemoOptions::standard(today()));
    assert_eq!(again.len(), standard().len());
    assert!(again == standard(), "two runs with the same options differ");
    let other_seed = generate(&DemoOptions { seed: 99, ..DemoOptions::standard(today()) });
    let names = |records: &[Record]| all!(records, Patient).iter().map(|p| p.display_name()).collect::<Vec<_>>();
    assert_ne!(names(&other_seed), names(standard()), "another seed should give other patients");
}

#[test]
fn every_record_reads_back_from_json_unchanged() {
    // The server stores records as JSON and syncs them to the browser the same way.
    for record in standard() {
        let text = serde_json::to_string(record).expect("records serialise");
        let back: Record = serde_json::from_str(&text)
            .unwrap_or_else(|error| panic!("{:?} {} does not read back: {error}\n{text}", record.kind(), record.id()));
        assert!(&back == record, "{:?} {} changed in a JSON round trip", record.kind(), record.id());
    }
}

#[test]
fn the_standard_trust_has_its_expected_size() {
    let records = standard();
    assert_eq!(all!(records, Patient).len(), 5_000);
    assert_eq!(all!(records, Specialty).len(), 3);
    let consultants = all!(records, Consultant);
    assert_eq!(consultants.len(), 8);
    let specialties: BTreeSet<&str> = consultants.iter().map(|c| c.specialty_id.as_str()).collect();
    assert_eq!(specialties.len(), 3, "consultants should cover all three specialties");
    let codes: BTreeSet<&str> = all!(records, Specialty).iter().map(|s| s.code.as_str()).collect();
    assert_eq!(codes, BTreeSet::from(["101", "320", "330"]));

    let pathways = all!(records, Pathway);
    assert_eq!(pathways.len(), DemoOptions::standard(today()).pathway_count());
    assert!((5_500..=6_500).contains(&pathways.len()), "{} pathways for 5,000 patients", pathways.len());
    let tasks = all!(records, Task).len();
    assert!((300..=500).contains(&tasks), "{tasks} tasks");

    // Twelve weeks of clinics from the Monday two weeks before today's week.
    let sessions = all!(records, ClinicSession);
    let first_day = date("2026-11-09");
    let mondays: BTreeSet<NaiveDate> =
        sessions.iter().map(|s| s.date - Days::new(u64::from(s.date.weekday().num_days_from_monday()))).collect();
    assert_eq!(mondays.len(), 12);
    assert_eq!(mondays.first(), Some(&first_day));
    assert_eq!(mondays.last(), Some(&(first_day + Days::new(77))));
    // 18 weekly templates; a week has at most 18 sessions.
    assert_eq!(all!(records, ClinicTemplate).len(), 18);
    assert!((180..=216).contains(&sessions.len()), "{} sessions", sessions.len());
    assert!(sessions.iter().all(|s| !matches!(s.date.weekday(), Weekday::Sat | Weekday::Sun)));
}

#[test]
fn nhs_numbers_are_valid_test_numbers_and_unique() {
    let patients = all!(standard(), Patient);
    let mut seen = HashSet::new();
    for patient in &patients {
        let number = &patient.nhs_number;
        assert_eq!(number.len(), 10, "{number} is not 10 digits");
        assert!(number.chars().all(|c| c.is_ascii_digit()), "{number} is not all digits");
        assert!(number.starts_with("999"), "{number} is outside the 999 test range");
        assert!(passes_modulus_11(number), "{number} fails Modulus 11");
        assert!(seen.insert(number.clone()), "{number} is given to two patients");
    }
    let hospital_numbers: HashSet<&str> = patients.iter().map(|p| p.hospital_number.as_str()).collect();
    assert_eq!(hospital_numbers.len(), patients.len(), "hospital numbers must be unique");
}

#[test]
fn patients_look_real_but_are_visibly_synthetic() {
    let patients: Vec<&Patient> = all!(standard(), Patient);
    for patient in &patients {
        assert!(patient.hospital_number.starts_with("RX1") && patient.hospital_number.len() == 9);
        assert!(patient.date_of_birth >= date("1930-01-01") && patient.date_of_birth <= date("2024-12-31"));
        if let Some(phone) = &patient.phone {
            assert!(phone.starts_with("07700 900") && phone.len() == 12, "{phone} is outside the drama range");
        }
        if let Some(email) = &patient.email {
            assert!(email.ends_with("@example.com"), "{email} is not at example.com");
        }
    }
    let years: BTreeSet<i32> = patients.iter().map(|p| p.date_of_birth.year()).collect();
    assert!(years.first() < Some(&1940) && years.last() > Some(&2010), "births should span 1930-2024");
    let names: HashSet<String> = patients.iter().map(|p| p.display_name()).collect();
    assert!(names.len() > 3_000, "only {} distinct names among 5,000 patients", names.len());
}

fn sessions_by_id(records: &[Record]) -> HashMap<&str, &ClinicSession> {
    all!(records, ClinicSession).into_iter().map(|s| (s.id.as_str(), s)).collect()
}

#[test]
fn no_slot_is_booked_beyond_its_capacity() {
    let sessions = sessions_by_id(standard());
    let mut taken: HashMap<&str, u32> = HashMap::new();
    for appointment in all!(standard(), Appointment) {
        let session = sessions[appointment.session_id.as_str()];
        let slot = session
            .slots
            .iter()
            .find(|slot| slot.id == appointment.slot_id)
            .unwrap_or_else(|| panic!("{} is in slot {}, not in its session", appointment.id, appointment.slot_id));
        assert_eq!(
            (appointment.date, appointment.start, appointment.slot_type),
            (session.date, slot.start, slot.slot_type)
        );
        let cancelled = matches!(
            appointment.status,
            AppointmentStatus::CancelledByPatient | AppointmentStatus::CancelledByHospital
        );
        if !cancelled {
            let count = taken.entry(slot.id.as_str()).or_default();
            *count += 1;
            assert!(*count <= slot.capacity, "slot {} holds {count} patients, capacity {}", slot.id, slot.capacity);
        }
    }
    assert!(taken.values().any(|&count| count == 2), "the double-booked follow-up slots should be used");
}

#[test]
fn cancelled_clinics_have_a_reason_and_no_appointments() {
    let sessions = sessions_by_id(standard());
    let cancelled: Vec<&&ClinicSession> =
        sessions.values().filter(|s| matches!(s.status, SessionStatus::Cancelled { .. })).collect();
    assert!((2..=12).contains(&cancelled.len()), "{} cancelled sessions", cancelled.len());
    let reduced = sessions.values().filter(|s| matches!(s.status, SessionStatus::Reduced { .. })).count();
    assert!(reduced >= 1, "a few sessions should be reduced");
    for session in sessions.values() {
        if let SessionStatus::Cancelled { reason } | SessionStatus::Reduced { reason } = &session.status {
            assert!(reason.len() > 10, "{} has no real reason: {reason:?}", session.id);
        }
    }
    for appointment in all!(standard(), Appointment) {
        let session = sessions[appointment.session_id.as_str()];
        assert!(
            !matches!(session.status, SessionStatus::Cancelled { .. }),
            "{} is booked into cancelled session {}",
            appointment.id,
            session.id
        );
    }
}

#[test]
fn no_clinic_runs_on_a_bank_holiday() {
    // Clinics from 30 Nov 2026 to 21 Feb 2027: over Christmas and New Year.
    let records = generate(&DemoOptions { patients: 50, ..DemoOptions::standard(date("2026-12-14")) });
    let dates: BTreeSet<NaiveDate> = all!(records, ClinicSession).iter().map(|s| s.date).collect();
    for holiday in ["2026-12-25", "2026-12-28", "2027-01-01"] {
        assert!(!dates.contains(&date(holiday)), "a clinic runs on the bank holiday {holiday}");
    }
    // The weekdays around them still have clinics (Mon 28 Dec is a holiday, Tue 29 Dec is not).
    assert!(dates.contains(&date("2026-12-29")) && dates.contains(&date("2026-12-24")));
}

#[test]
fn every_record_refers_to_records_that_exist() {
    let records = standard();
    let patients: HashSet<&str> = all!(records, Patient).iter().map(|p| p.id.as_str()).collect();
    let consultants: HashMap<&str, &str> =
        all!(records, Consultant).iter().map(|c| (c.id.as_str(), c.specialty_id.as_str())).collect();
    let specialties: HashSet<&str> = all!(records, Specialty).iter().map(|s| s.id.as_str()).collect();
    let templates: HashSet<&str> = all!(records, ClinicTemplate).iter().map(|t| t.id.as_str()).collect();
    let pathways: HashMap<&str, &Pathway> = all!(records, Pathway).into_iter().map(|p| (p.id.as_str(), p)).collect();
    let sessions = sessions_by_id(records);

    let ids: Vec<String> = records.iter().map(|r| format!("{:?}/{}", r.kind(), r.id())).collect();
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len(), "record ids must be unique within a kind");
    for specialty in consultants.values() {
        assert!(specialties.contains(specialty));
    }
    for template in all!(records, ClinicTemplate) {
        assert_eq!(consultants.get(template.consultant_id.as_str()), Some(&template.specialty_id.as_str()));
    }
    for session in sessions.values() {
        assert_eq!(consultants.get(session.consultant_id.as_str()), Some(&session.specialty_id.as_str()));
        assert!(session.template_id.as_deref().is_some_and(|t| templates.contains(t)), "{}", session.id);
    }
    for pathway in pathways.values() {
        assert!(patients.contains(pathway.patient_id.as_str()), "{} has no patient", pathway.id);
        assert_eq!(consultants.get(pathway.consultant_id.as_str()), Some(&pathway.specialty_id.as_str()));
    }
    for note in all!(records, PatientNote) {
        assert!(patients.contains(note.patient_id.as_str()), "note {} has no patient", note.id);
    }
    assert!(!all!(records, PatientNote).is_empty(), "some patients should have notes");
    for appointment in all!(records, Appointment) {
        assert!(patients.contains(appointment.patient_id.as_str()), "{} has no patient", appointment.id);
        let pathway = pathways.get(appointment.pathway_id.as_str()).expect("appointment's pathway exists");
        assert_eq!(pathway.patient_id, appointment.patient_id, "{} is for another patient's pathway", appointment.id);
        assert_eq!(pathway.consultant_id, sessions[appointment.session_id.as_str()].consultant_id);
    }
    for task in all!(records, Task) {
        if let Some(patient) = &task.patient_id {
            assert!(patients.contains(patient.as_str()), "{} refers to missing {patient}", task.id);
        }
        if let Some(consultant) = &task.consultant_id {
            assert!(consultants.contains_key(consultant.as_str()), "{} refers to missing {consultant}", task.id);
        }
    }
}

#[test]
fn event_logs_are_in_date_order_and_never_after_today() {
    for pathway in all!(standard(), Pathway) {
        let events = event_log(pathway);
        assert_eq!(events.first().map(|e| e["type"].clone()), Some("referral_received".into()), "{}", pathway.id);
        let dates: Vec<NaiveDate> = events.iter().map(event_date).collect();
        assert!(dates.windows(2).all(|pair| pair[0] <= pair[1]), "{} events out of order: {dates:?}", pathway.id);
        assert!(dates.iter().all(|&d| d <= today()), "{} has an event after today: {dates:?}", pathway.id);
        let stops = events.iter().filter(|e| is_stop(e) && e["type"] != "appointment_dna").count();
        assert!(stops <= 1, "{} stops its clock {stops} times", pathway.id);
        if pathway.cancer {
            assert_eq!(events[0]["route"], "urgent_suspected_cancer", "{}", pathway.id);
        }
    }
}

#[test]
fn every_event_is_one_the_desk_would_accept() {
    for pathway in all!(standard(), Pathway) {
        for (index, event) in pathway.events.iter().enumerate() {
            if let Err(reason) = check_new_event(&pathway.events[..index], event, today()) {
                panic!("{} event {index} refused: {reason}\n{:?}", pathway.id, event_log(pathway));
            }
        }
    }
}

#[test]
fn priorities_waits_and_outcomes_are_a_believable_mix() {
    let pathways = all!(standard(), Pathway);
    let total = pathways.len() as f64;
    let share = |priority: Priority| pathways.iter().filter(|p| p.priority == priority).count() as f64 / total;
    assert!((0.64..=0.76).contains(&share(Priority::Routine)), "routine {}", share(Priority::Routine));
    assert!((0.15..=0.25).contains(&share(Priority::Urgent)), "urgent {}", share(Priority::Urgent));
    let cancer = share(Priority::UrgentSuspectedCancer);
    assert!((0.07..=0.13).contains(&cancer), "urgent suspected cancer {cancer}");
    assert!(pathways.iter().all(|p| p.cancer == (p.priority == Priority::UrgentSuspectedCancer)));

    let treated =
        pathways.iter().filter(|p| event_log(p).iter().any(|e| e["type"] == "first_definitive_treatment")).count();
    assert!((0.10..=0.20).contains(&(treated as f64 / total)), "{treated} treated of {total}");

    // Waits of the clocks still running, in days since referral.
    let waits: Vec<i64> = pathways
        .iter()
        .filter_map(|p| running_clock_start(&event_log(p)))
        .map(|start| (today() - start).num_days())
        .collect();
    let over = |days: i64| waits.iter().filter(|&&w| w > days).count();
    assert!(over(126) * 2 < waits.len(), "most running clocks should be under 18 weeks");
    assert!(over(364) * 100 >= waits.len(), "there should be a tail over 52 weeks");
    assert!((1..=60).contains(&over(455)), "a handful over 65 weeks, not {}", over(455));
    assert!((1..=20).contains(&over(546)), "a handful over 78 weeks, not {}", over(546));
    assert_eq!(over(560), 0, "no one should wait more than 80 weeks");

    // Some patients have two pathways at once.
    let mut running_per_patient: BTreeMap<&str, usize> = BTreeMap::new();
    for pathway in &pathways {
        if running_clock_start(&event_log(pathway)).is_some() {
            *running_per_patient.entry(pathway.patient_id.as_str()).or_default() += 1;
        }
    }
    assert!(running_per_patient.values().filter(|&&n| n == 2).count() > 100);
}

#[test]
fn appointments_agree_with_the_clinics_and_the_event_logs() {
    let records = standard();
    let pathways: HashMap<&str, &Pathway> = all!(records, Pathway).into_iter().map(|p| (p.id.as_str(), p)).collect();
    let appointments: Vec<&Appointment> = all!(records, Appointment);
    let mut future_booked = 0;
    let mut future_with_notice = 0;
    let mut hospital_cancelled: HashMap<&str, usize> = HashMap::new();
    for appointment in &appointments {
        assert!(appointment.booked_on <= today() && appointment.booked_on <= appointment.date, "{}", appointment.id);
        let events = event_log(pathways[appointment.pathway_id.as_str()]);
        let on_the_day = |kind: &str| events.iter().any(|e| e["type"] == kind && event_date(e) == appointment.date);
        let referred_on = event_date(&events[0]);
        assert!(referred_on <= appointment.booked_on, "{} offered before the referral", appointment.id);
        if appointment.date < today() {
            match appointment.status {
                AppointmentStatus::Seen => match appointment.slot_type {
                    SlotType::New => assert!(on_the_day("outpatient_attended") || on_the_day("first_seen")),
                    SlotType::FollowUp => assert!(on_the_day("outpatient_attended")),
                    SlotType::Procedure => assert!(on_the_day("first_definitive_treatment")),
                },
                AppointmentStatus::DidNotAttend => assert!(on_the_day("appointment_dna"), "{}", appointment.id),
                AppointmentStatus::CancelledByPatient => {
                    assert!(
                        events.iter().any(|e| e["type"] == "patient_cancelled"
                            && e["appointment_date"] == appointment.date.to_string()),
                        "{}",
                        appointment.id
                    )
                }
                AppointmentStatus::CancelledByHospital => {
                    let cancelled = appointment.cancelled.as_ref().expect("a hospital cancellation keeps its reason");
                    assert!(!cancelled.reason.is_empty() && cancelled.on < appointment.date, "{}", appointment.id);
                    assert!(cancelled.on >= appointment.booked_on, "{} cancelled before it was booked", appointment.id);
                    *hospital_cancelled.entry(appointment.pathway_id.as_str()).or_insert(0) += 1;
                }
                other => panic!("past appointment {} is still {other:?}", appointment.id),
            }
        } else {
            assert_eq!(appointment.status, AppointmentStatus::Booked, "{}", appointment.id);
            assert!(
                running_clock_start(&events).is_some(),
                "{} is booked on a stopped pathway: {events:?}",
                appointment.id
            );
            future_booked += 1;
            if (appointment.date - appointment.booked_on).num_days() >= 21 {
                future_with_notice += 1;
            }
        }
    }
    assert!(future_with_notice * 10 >= future_booked * 6, "most bookings should give 3 weeks' notice");
    // The hospital cancelled a few past bookings, some of them twice for the same referral (what the report of
    // hospital cancellations looks for).
    assert!(hospital_cancelled.len() >= 10, "{} pathways had a hospital cancellation", hospital_cancelled.len());
    assert!(hospital_cancelled.values().any(|&n| n >= 2), "some referrals were cancelled twice by the hospital");
    assert!(hospital_cancelled.values().all(|&n| n <= 2), "none a third time");
    // A later appointment of the same referral was offered once the hospital had cancelled the earlier one.
    for cancelled in appointments.iter().filter(|a| a.status == AppointmentStatus::CancelledByHospital) {
        let on = cancelled.cancelled.as_ref().map(|c| c.on).unwrap();
        for later in appointments.iter().filter(|a| a.pathway_id == cancelled.pathway_id && a.date > cancelled.date) {
            assert!(later.booked_on >= on, "{} was offered before {} was cancelled", later.id, cancelled.id);
        }
    }
    let mut patient_days = HashSet::new();
    for appointment in &appointments {
        assert!(
            patient_days.insert((&appointment.patient_id, appointment.date)),
            "{} has two appointments on {}",
            appointment.patient_id,
            appointment.date
        );
    }

    // Today's clinics are nearly full; future clinics about 70% booked.
    let sessions = all!(records, ClinicSession);
    let places = |when: &dyn Fn(NaiveDate) -> bool| -> u32 {
        sessions
            .iter()
            .filter(|s| when(s.date) && !matches!(s.status, SessionStatus::Cancelled { .. }))
            .flat_map(|s| s.slots.iter().map(|slot| slot.capacity))
            .sum()
    };
    let booked = |when: &dyn Fn(NaiveDate) -> bool| appointments.iter().filter(|a| when(a.date)).count() as f64;
    let is_today = |d: NaiveDate| d == today();
    let is_future = |d: NaiveDate| d > today();
    let today_fill = booked(&is_today) / f64::from(places(&is_today));
    let future_fill = booked(&is_future) / f64::from(places(&is_future));
    assert!(today_fill >= 0.8, "today's clinics are {today_fill:.2} full");
    assert!((0.55..=0.85).contains(&future_fill), "future clinics are {future_fill:.2} full");
}

#[test]
fn tasks_are_assigned_dated_and_mostly_on_time() {
    let tasks: Vec<&Task> = all!(standard(), Task);
    let assignees: BTreeSet<&str> = tasks.iter().map(|t| t.assignee.as_str()).collect();
    assert!((4..=6).contains(&assignees.len()), "assignees: {assignees:?}");
    for kind in [TaskKind::ClinicLetter, TaskKind::PatientQuery, TaskKind::Chaser, TaskKind::PathwayValidation] {
        assert!(tasks.iter().any(|t| t.kind == kind), "no {} tasks", kind.label());
    }
    let overdue = tasks.iter().filter(|t| t.status == TaskStatus::Open && t.due < today()).count();
    assert!(overdue >= 3 && overdue * 8 < tasks.len(), "{overdue} of {} tasks overdue", tasks.len());
    for task in &tasks {
        assert!(!task.history.is_empty(), "{} has no history", task.id);
        assert!(task.history.iter().all(|note| note.written_on <= today()), "{} has a note from the future", task.id);
    }
    // A clinic letter is due 5 working days after the clinic: a letter from Friday 13 Nov is due Friday 20 Nov.
    let from_friday: Vec<&&Task> = tasks
        .iter()
        .filter(|t| t.kind == TaskKind::ClinicLetter && t.history[0].written_on == date("2026-11-13"))
        .collect();
    assert!(!from_friday.is_empty());
    assert!(from_friday.iter().all(|t| t.due == date("2026-11-20")));
}

#[test]
fn small_demos_and_the_benchmark_helper_work() {
    for patients in [0, 1, 7] {
        let records = generate(&DemoOptions { patients, ..DemoOptions::standard(today()) });
        assert_eq!(all!(records, Patient).len(), patients);
        assert_eq!(all!(records, Consultant).len(), 8);
    }
    let options = DemoOptions::with_pathways(today(), 1_000);
    let pathways = all!(generate(&options), Pathway).len();
    assert!((1_000..=1_001).contains(&pathways), "asked for 1,000 pathways, got {pathways}");
    assert_eq!(options.pathway_count(), pathways);
    // Patients keep their details however many there are.
    let small = generate(&DemoOptions { patients: 10, ..DemoOptions::standard(today()) });
    assert_eq!(all!(small, Patient), all!(standard(), Patient)[..10].to_vec());
}

#[test]
fn the_demo_has_referrals_to_triage_outcomes_to_record_and_an_admitted_list() {
    let records = standard();
    let pathways = all!(records, Pathway);
    let waiting: Vec<_> = pathways.iter().filter_map(|p| pathdesk_core::triage::triage_wait(p, today())).collect();
    let overdue = waiting.iter().filter(|w| w.overdue(today())).count();
    assert!(
        waiting.len() >= 20 && waiting.len() * 10 < pathways.len(),
        "{} of {} to triage",
        waiting.len(),
        pathways.len()
    );
    assert!(overdue >= 3 && overdue < waiting.len(), "some overdue ({overdue}), not all");
    // Every decision to treat not yet carried out is on the admitted list, and nothing else is.
    let listed: Vec<&&Pathway> = pathways.iter().filter(|p| p.listed.is_some()).collect();
    assert!(listed.len() >= 100, "{} on the admitted list", listed.len());
    for pathway in &listed {
        let listing = pathway.listed.as_deref().expect("listed");
        let clocks = pathdesk_core::pathway::PathwayClocks::compute(&pathway.events, pathway.cancer, today());
        assert!(clocks.rtt.running(), "{}: listed, so waiting for treatment", pathway.id);
        assert!(
            pathway.events.iter().any(|e| e.type_name() == "decision_to_treat" && e.date == Some(listing.listed_on)),
            "{}: listed on the day of its decision to treat",
            pathway.id
        );
    }
    let appointments = all!(records, Appointment);
    let seen = |a: &&&Appointment| a.status == AppointmentStatus::Seen;
    let to_record = appointments.iter().filter(seen).filter(|a| a.outcome.is_none()).count();
    assert!(to_record >= 10, "{to_record} seen in the last two working days wait for their outcome");
    // Today is a Monday: the last two working days are Thursday and Friday.
    assert!(
        appointments.iter().filter(seen).filter(|a| a.outcome.is_none()).all(|a| a.date >= date("2026-11-19")),
        "older clinics have their outcomes"
    );
}

/// The validation worklist has work on it and the PTL's "validated within 12 weeks" both answers: some long
/// waiters were validated earlier, some were not, and none in the last week (so this week's milestones make tasks).
#[test]
fn some_long_waiters_were_validated_and_some_are_due() {
    use pathdesk_core::pathway::RttClock;
    use pathdesk_core::validation::ValidationStanding;
    let (mut validated, mut due, mut recent) = (0, 0, 0);
    for record in standard() {
        let Record::Pathway(pathway) = record else { continue };
        let clock = RttClock::compute(&pathway.events, today());
        let standing = ValidationStanding::of(&pathway.validations, &clock);
        validated += usize::from(standing.last_validated.is_some());
        due += usize::from(standing.due.is_some());
        recent += pathway.validations.iter().filter(|v| (today() - v.on).num_days() <= 7).count();
        for validation in &pathway.validations {
            assert!(clock.start().is_some_and(|start| validation.on > start) && validation.on < today(), "{pathway:?}");
        }
    }
    assert!(validated > 100 && due > 100, "validated {validated}, due {due}");
    assert_eq!(recent, 0);
}
