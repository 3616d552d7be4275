//! The admitted (day-case and inpatient) list: who is on it and in what order, its filters as an address, a
//! to-come-in date that must fit the procedure list's minutes as well as its places, the pre-operative
//! assessment, and what happens on the day (treated: the clock stops; cancelled by the hospital: rebook within 28
//! days, the clock runs on; did not come in).

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};
use pathdesk_core::admitted::{admitted_list, admitted_rows, AdmittedFilter, AdmittedSort};
use pathdesk_core::command::{BookAppointment, Command, CommandContext, RecordAdmissionOutcome, RecordPreOpAssessment};
use pathdesk_core::model::{
    Appointment, AppointmentStatus, ClinicSession, Consultant, Pathway, Patient, Priority, ReferralSource,
    SessionStatus, Slot, SlotType,
};
use pathdesk_core::outcome::{AdmissionListing, AdmissionOutcome, IntendedManagement, PreOpStatus, SurgicalPriority};
use pathdesk_core::pathway::{PathwayClocks, PathwayEvent, RttClockState};
use pathdesk_core::ptl::PtlSources;
use pathdesk_core::record::{Record, RecordKey};

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn today() -> NaiveDate {
    date("2026-12-07")
}

fn ctx() -> CommandContext {
    CommandContext { today: today(), author: "B. Coordinator".into() }
}

fn events(referred: &str, decided: &str) -> Vec<PathwayEvent> {
    [
        serde_json::json!({"date": referred, "type": "referral_received", "source": "gp"}),
        serde_json::json!({"date": referred, "type": "triaged", "decision": "accepted"}),
        serde_json::json!({"date": decided, "type": "outpatient_attended", "first": true}),
        serde_json::json!({"date": decided, "type": "decision_to_treat", "treatment": "Flexible cystoscopy"}),
    ]
    .into_iter()
    .map(|json| serde_json::from_value(json).unwrap())
    .collect()
}

fn listed(id: &str, priority: SurgicalPriority, management: IntendedManagement, referred: &str) -> Pathway {
    Pathway {
        id: id.into(),
        patient_id: format!("patient-{id}"),
        specialty_id: "uro".into(),
        consultant_id: "con-uro".into(),
        priority: Priority::Routine,
        source: ReferralSource::Gp,
        cancer: false,
        events: events(referred, "2026-11-16"),
        follow_up_due: None,
        listed: Some(Box::new(AdmissionListing::new(
            "Flexible cystoscopy".into(),
            management,
            priority,
            date("2026-11-16"),
            Some(30),
        ))),
        validations: Vec::new(),
    }
}

fn patient(id: &str, family: &str, nhs: &str) -> Patient {
    Patient::new(format!("patient-{id}"), nhs, format!("H{id}"), family, "Test", date("1960-01-01"))
}

#[test]
fn the_list_is_ordered_by_clinical_priority_then_deadline_and_its_filters_travel_in_the_address() {
    let pathways = vec![
        listed("a", SurgicalPriority::P3, IntendedManagement::DayCase, "2026-09-01"),
        listed("b", SurgicalPriority::P2, IntendedManagement::Inpatient, "2026-10-01"),
        listed("c", SurgicalPriority::P3, IntendedManagement::DayCase, "2026-07-01"),
        Pathway { listed: None, ..listed("d", SurgicalPriority::P1, IntendedManagement::DayCase, "2026-07-01") },
    ];
    let patients = vec![
        patient("a", "Able", "9990000018"),
        patient("b", "Baker", "9990000026"),
        patient("c", "Cole", "9990000034"),
    ];
    let sources =
        PtlSources { pathways: &pathways, patients: &patients, consultants: &[], specialties: &[], appointments: &[] };
    let rows = admitted_rows(sources, today());
    let ids = |filter: &AdmittedFilter| -> Vec<String> {
        admitted_list(&rows, filter).iter().map(|r| r.row.pathway_id.clone()).collect()
    };
    // P2 first; within P3 the earlier 18-week deadline (referred 1 July) first. Not listed: not on it.
    assert_eq!(ids(&AdmittedFilter::default()), ["b", "c", "a"]);
    assert_eq!(ids(&AdmittedFilter { sort: AdmittedSort::Name, ..AdmittedFilter::default() }), ["a", "b", "c"]);
    let day_cases = AdmittedFilter { management: Some(IntendedManagement::DayCase), ..AdmittedFilter::default() };
    assert_eq!(ids(&day_cases), ["c", "a"]);
    let by_nhs = AdmittedFilter { search: "999 000 0026".into(), ..AdmittedFilter::default() };
    assert_eq!(ids(&by_nhs), ["b"], "an NHS number typed with spaces");
    assert_eq!(ids(&AdmittedFilter { search: "cole".into(), ..AdmittedFilter::default() }), ["c"]);
    assert_eq!(rows.iter().find(|r| r.row.pathway_id == "b").unwrap().born, Some(date("1960-01-01")));

    let filter = AdmittedFilter {
        consultant_id: "con-uro".into(),
        management: Some(IntendedManagement::Inpatient),
        priority: Some(SurgicalPriority::P2),
        not_booked: true,
        search: "baker".into(),
        sort: AdmittedSort::Listed,
    };
    let pairs = filter.to_pairs();
    let read = AdmittedFilter::from_query(|key| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()));
    assert_eq!(read, filter, "the address gives back the same list");
    assert!(AdmittedFilter::default().to_pairs().is_empty(), "the default list has a bare address");
}

/// A procedure list of an hour (two 30-minute slots of capacity 2), and a patient listed for a 30-minute
/// procedure, seen on 16 November.
fn desk() -> HashMap<RecordKey, Record> {
    let slot = |id: &str, hour: u32| Slot {
        id: id.into(),
        slot_type: SlotType::Procedure,
        start: NaiveTime::from_hms_opt(hour, 0, 0).unwrap(),
        minutes: 30,
        capacity: 2,
    };
    let session = ClinicSession {
        id: "list".into(),
        template_id: None,
        consultant_id: "con-uro".into(),
        specialty_id: "uro".into(),
        name: "Flexible cystoscopy list".into(),
        date: date("2027-01-11"),
        start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        end: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        location: "Day Procedures Unit".into(),
        status: SessionStatus::Scheduled,
        slots: vec![slot("s1", 9), slot("s2", 9)],
    };
    let consultant = Consultant::new("con-uro", "Mr Stone", "uro");
    let mut records: HashMap<RecordKey, Record> = [
        Record::ClinicSession(session),
        Record::Consultant(consultant),
        Record::Patient(patient("x", "Example", "9990000018")),
    ]
    .into_iter()
    .map(|r| (r.key(), r))
    .collect();
    for id in ["x", "y", "z"] {
        let pathway = Record::Pathway(listed(id, SurgicalPriority::P3, IntendedManagement::DayCase, "2026-11-02"));
        records.insert(pathway.key(), pathway);
    }
    records
}

fn apply(command: impl Into<Command>, records: &mut HashMap<RecordKey, Record>) -> Result<Vec<Record>, String> {
    let command = command.into();
    let written = command.apply(&ctx(), records).map_err(|r| r.message)?;
    for record in &written {
        records.insert(record.key(), record.clone());
    }
    Ok(written)
}

fn book(pathway: &str, slot: &str) -> BookAppointment {
    BookAppointment {
        appointment_id: format!("tci-{pathway}"),
        pathway_id: pathway.into(),
        session_id: "list".into(),
        slot_id: slot.into(),
        offered_on: today(),
        patient_accepted_earlier_date: false,
        past_deadline_reason: None,
        consultant_id: None,
    }
}

#[test]
fn a_to_come_in_date_must_fit_the_lists_minutes_as_well_as_its_places() {
    let mut records = desk();
    apply(book("x", "s1"), &mut records).unwrap();
    apply(book("y", "s1"), &mut records).unwrap();
    // A place is free in s2, but the hour is used.
    let refusal = apply(book("z", "s2"), &mut records).unwrap_err();
    assert!(
        refusal.contains("has 60 of its 60 minutes booked, and this procedure needs 30. Choose another list"),
        "{refusal}"
    );
}

fn pathway_of(records: &HashMap<RecordKey, Record>, id: &str) -> Pathway {
    records
        .values()
        .find_map(|r| match r {
            Record::Pathway(p) if p.id == id => Some(p.clone()),
            _ => None,
        })
        .unwrap()
}

fn tci_today(records: &mut HashMap<RecordKey, Record>, pathway: &str) {
    let appointment = Record::Appointment(Appointment {
        id: format!("tci-{pathway}"),
        patient_id: format!("patient-{pathway}"),
        pathway_id: pathway.into(),
        session_id: "list".into(),
        slot_id: "s1".into(),
        date: today(),
        start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        slot_type: SlotType::Procedure,
        status: AppointmentStatus::Booked,
        booked_on: date("2026-11-10"),
        outcome: None,
        cancelled: None,
    });
    records.insert(appointment.key(), appointment);
}

fn on_the_day(pathway: &str, outcome: AdmissionOutcome, reason: &str) -> RecordAdmissionOutcome {
    RecordAdmissionOutcome {
        appointment_id: format!("tci-{pathway}"),
        pathway_id: pathway.into(),
        outcome,
        reason: reason.into(),
    }
}

#[test]
fn treated_on_the_day_stops_the_clock_on_admission_and_leaves_the_list() {
    let mut records = desk();
    tci_today(&mut records, "x");
    apply(on_the_day("x", AdmissionOutcome::Treated, ""), &mut records).unwrap();
    let treated = pathway_of(&records, "x");
    assert!(treated.listed.is_none(), "off the admitted list");
    let clocks = PathwayClocks::compute(&treated.events, false, today());
    assert_eq!((clocks.rtt.state, clocks.rtt.stopped_on()), (RttClockState::Stopped, Some(today())));
    let again = apply(on_the_day("x", AdmissionOutcome::Treated, ""), &mut records).unwrap_err();
    assert!(again.contains("already marked"), "{again}");
}

#[test]
fn a_hospital_cancellation_needs_its_reason_keeps_the_clock_running_and_sets_a_rebook_date() {
    let mut records = desk();
    tci_today(&mut records, "y");
    let refusal = apply(on_the_day("y", AdmissionOutcome::CancelledByHospital, " "), &mut records).unwrap_err();
    assert!(refusal.contains("Enter why the hospital cancelled"), "{refusal}");
    apply(on_the_day("y", AdmissionOutcome::CancelledByHospital, "No bed on the day unit"), &mut records).unwrap();
    let cancelled = pathway_of(&records, "y");
    let listing = cancelled.listed.as_deref().expect("still on the list");
    assert_eq!(listing.rebook_by(), Some(date("2027-01-04")), "within 28 days of the cancellation");
    assert!(PathwayClocks::compute(&cancelled.events, false, today()).rtt.running(), "the clock runs on");
}

#[test]
fn a_patient_who_does_not_come_in_stays_listed_and_a_future_admission_cannot_be_recorded() {
    let mut records = desk();
    tci_today(&mut records, "z");
    apply(on_the_day("z", AdmissionOutcome::DidNotAttend, ""), &mut records).unwrap();
    assert!(pathway_of(&records, "z").listed.is_some());
    let mut later = desk();
    tci_today(&mut later, "x");
    if let Some(Record::Appointment(a)) = later.values_mut().find(|r| matches!(r, Record::Appointment(_))) {
        a.date = date("2026-12-08");
    }
    let refusal = apply(on_the_day("x", AdmissionOutcome::Treated, ""), &mut later).unwrap_err();
    assert!(refusal.contains("after today"), "{refusal}");
}

#[test]
fn a_pre_operative_assessment_can_be_booked_ahead_but_not_passed_ahead() {
    let mut records = desk();
    let assess = |status, on: &str| RecordPreOpAssessment { pathway_id: "x".into(), status, on: date(on) };
    let ahead = apply(assess(PreOpStatus::Passed, "2026-12-14"), &mut records).unwrap_err();
    assert!(ahead.contains("choose \"Booked\""), "{ahead}");
    apply(assess(PreOpStatus::Booked, "2026-12-14"), &mut records).unwrap();
    apply(assess(PreOpStatus::Passed, "2026-12-07"), &mut records).unwrap();
    let pre_op = pathway_of(&records, "x").listed.unwrap().pre_op.unwrap();
    assert_eq!((pre_op.status, pre_op.on), (PreOpStatus::Passed, today()));
}

#[test]
fn a_to_come_in_date_in_the_consultants_leave_is_refused_with_the_reason() {
    use pathdesk_core::booking::Leave;
    use pathdesk_core::command::RecordLeave;
    let mut records = desk();
    let leave = Leave {
        id: "leave-1".into(),
        consultant_id: "con-uro".into(),
        from: date("2027-01-04"),
        to: date("2027-01-15"),
        reason: "Annual leave".into(),
        recorded_on: today(),
    };
    apply(RecordLeave { leave }, &mut records).unwrap();
    let seen_by = |consultant: &str| BookAppointment { consultant_id: Some(consultant.into()), ..book("x", "s1") };
    let refusal = apply(seen_by("con-uro"), &mut records).unwrap_err();
    assert!(
        refusal.contains("Mr Stone is on leave (Annual leave) from 4 Jan 2027 to 15 Jan 2027, so Flexible cystoscopy list on 11 Jan 2027 cannot be booked"),
        "{refusal}"
    );
    let stale = apply(seen_by("con-other"), &mut records).unwrap_err();
    assert!(stale.contains("is now with another consultant"), "{stale}");
}
