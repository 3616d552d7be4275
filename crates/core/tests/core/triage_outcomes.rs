//! Triage and clinic outcomes: each decision writes the pathway events it means, so the clocks (computed from the
//! events alone) follow; what cannot be true or is missing is refused with what to do.

use std::collections::HashMap;

use chrono::NaiveDate;
use pathdesk_core::command::{Command, CommandContext, RecordClinicOutcome, RecordSeen, RejectionCode, TriageReferral};
use pathdesk_core::model::{Appointment, AppointmentStatus, Consultant, Pathway, Priority, ReferralSource, SlotType};
use pathdesk_core::outcome::{ClinicOutcome, IntendedManagement, SurgicalPriority};
use pathdesk_core::pathway::event::{DiagnosisOutcome, TriageDecision};
use pathdesk_core::pathway::{EventKind, PathwayClocks, PathwayEvent, RttClockState, RttStatus};
use pathdesk_core::record::{Record, RecordKey};
use pathdesk_core::triage::awaiting_triage_since;
use proptest::prelude::*;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn today() -> NaiveDate {
    date("2026-12-07")
}

fn ctx() -> CommandContext {
    CommandContext { today: today(), author: "M. Secretary".into() }
}

fn event(json: serde_json::Value) -> PathwayEvent {
    serde_json::from_value(json).unwrap()
}

/// A referral received on 2 November 2026 (urgent suspected cancer when `cancer`), for Mr Stone in urology.
fn trust(cancer: bool) -> HashMap<RecordKey, Record> {
    let route = if cancer { serde_json::json!("urgent_suspected_cancer") } else { serde_json::Value::Null };
    let pathway = Pathway {
        id: "pw".into(),
        patient_id: "patient-1".into(),
        specialty_id: "uro".into(),
        consultant_id: "con-uro".into(),
        priority: if cancer { Priority::UrgentSuspectedCancer } else { Priority::Routine },
        source: ReferralSource::Gp,
        cancer,
        events: vec![event(
            serde_json::json!({"date": "2026-11-02", "type": "referral_received", "source": "gp", "route": route}),
        )],
        follow_up_due: None,
        listed: None,
        validations: Vec::new(),
    };
    let consultants = [("con-uro", "Mr Stone", "uro"), ("con-uro-2", "Ms Reed", "uro"), ("con-gyn", "Dr Ash", "gyn")];
    let mut records: HashMap<RecordKey, Record> = consultants
        .into_iter()
        .map(|(id, name, specialty)| Record::Consultant(Consultant::new(id, name, specialty)))
        .chain([Record::Pathway(pathway)])
        .map(|record| (record.key(), record))
        .collect();
    let appointment = Record::Appointment(Appointment {
        id: "appt".into(),
        patient_id: "patient-1".into(),
        pathway_id: "pw".into(),
        session_id: "session".into(),
        slot_id: "slot".into(),
        date: today(),
        start: chrono::NaiveTime::from_hms_opt(9, 30, 0).unwrap(),
        slot_type: SlotType::New,
        status: AppointmentStatus::Booked,
        booked_on: date("2026-11-10"),
        outcome: None,
        cancelled: None,
    });
    records.insert(appointment.key(), appointment);
    records
}

fn apply(command: impl Into<Command>, records: &mut HashMap<RecordKey, Record>) -> Result<Vec<Record>, String> {
    let command = command.into();
    let written = command.apply(&ctx(), records).map_err(|r| format!("{:?}: {}", r.code, r.message))?;
    for record in &written {
        records.insert(record.key(), record.clone());
    }
    Ok(written)
}

fn pathway(records: &HashMap<RecordKey, Record>) -> Pathway {
    records
        .values()
        .find_map(|r| match r {
            Record::Pathway(p) => Some(p.clone()),
            _ => None,
        })
        .unwrap()
}

fn triage(decision: TriageDecision) -> TriageReferral {
    TriageReferral {
        pathway_id: "pw".into(),
        decided_on: date("2026-11-04"),
        decision,
        clinician: String::new(),
        priority: None,
        consultant_id: None,
        reason: String::new(),
    }
}

#[test]
fn accepting_a_referral_takes_it_off_the_worklist_and_a_second_decision_is_refused() {
    let mut records = trust(false);
    assert_eq!(awaiting_triage_since(&pathway(&records)), Some(date("2026-11-02")));
    apply(triage(TriageDecision::Accepted), &mut records).unwrap();
    let accepted = pathway(&records);
    assert_eq!(awaiting_triage_since(&accepted), None);
    assert_eq!(accepted.priority, Priority::Routine);
    assert_eq!(accepted.events.last().unwrap().type_name(), "triaged");
    let again = apply(triage(TriageDecision::StraightToTest), &mut records).unwrap_err();
    assert!(again.starts_with("Conflict") && again.contains("already triaged"), "{again}");
}

#[test]
fn an_upgrade_needs_a_reason_and_starts_the_62_day_clock_on_the_day_of_the_decision() {
    let mut records = trust(false);
    let upgrade =
        TriageReferral { priority: Some(Priority::UrgentSuspectedCancer), ..triage(TriageDecision::Accepted) };
    let refusal = apply(upgrade.clone(), &mut records).unwrap_err();
    assert!(refusal.contains("Give the reason for changing the priority from routine to urgent suspected cancer"));
    apply(TriageReferral { reason: "Weight loss and a mass on examination".into(), ..upgrade }, &mut records).unwrap();
    let upgraded = pathway(&records);
    assert!(upgraded.cancer && upgraded.priority == Priority::UrgentSuspectedCancer);
    let clocks = PathwayClocks::compute(&upgraded.events, upgraded.cancer, today());
    let clock = clocks.referral_to_treatment.expect("a 62-day clock");
    assert_eq!(clock.start, date("2026-11-04"), "from the upgrade, not the referral");
    assert_eq!(clocks.rtt.start(), Some(date("2026-11-02")), "the RTT clock is unchanged");
}

#[test]
fn taking_a_referral_off_the_cancer_pathway_needs_the_clinician_named() {
    let mut records = trust(true);
    let downgrade = TriageReferral {
        priority: Some(Priority::Urgent),
        reason: "Symptoms do not meet the referral criteria".into(),
        ..triage(TriageDecision::Accepted)
    };
    let refusal = apply(downgrade.clone(), &mut records).unwrap_err();
    assert!(refusal.contains("Name the clinician who took this referral off the urgent suspected cancer pathway"));
    apply(TriageReferral { clinician: "Mr Stone".into(), ..downgrade }, &mut records).unwrap();
    let downgraded = pathway(&records);
    assert!(!downgraded.cancer && downgraded.priority == Priority::Urgent);
    let clocks = PathwayClocks::compute(&downgraded.events, downgraded.cancer, today());
    assert!(clocks.faster_diagnosis.is_none() && clocks.referral_to_treatment.is_none());
    assert!(matches!(
        &downgraded.events.last().unwrap().kind,
        EventKind::Triaged { by: Some(by), .. } if &**by == "Mr Stone"
    ));
}

#[test]
fn returning_a_referral_to_the_gp_stops_the_clock_on_the_day_with_the_advice_kept() {
    let mut records = trust(false);
    let refusal = apply(triage(TriageDecision::ReturnedToGp), &mut records).unwrap_err();
    assert!(refusal.contains("Enter the advice"), "{refusal}");
    let returned =
        TriageReferral { reason: "Trial of tamsulosin for 6 weeks".into(), ..triage(TriageDecision::ReturnedToGp) };
    apply(returned, &mut records).unwrap();
    let stopped = pathway(&records);
    let clocks = PathwayClocks::compute(&stopped.events, false, today());
    assert_eq!(clocks.rtt.state, RttClockState::Stopped);
    assert_eq!(clocks.rtt.stopped_on(), Some(date("2026-11-04")));
    assert_eq!(clocks.rtt.current.unwrap().stop.unwrap().status, RttStatus::DecisionNotToTreat);
    assert_eq!(stopped.events[1].note.as_deref(), Some("Trial of tamsulosin for 6 weeks"));
}

#[test]
fn a_redirected_referral_goes_to_the_new_consultant_and_waits_for_their_triage() {
    let mut records = trust(false);
    let to = |consultant: &str| TriageReferral {
        consultant_id: Some(consultant.into()),
        reason: "Stone clinic".into(),
        ..triage(TriageDecision::Redirected)
    };
    let unknown = apply(to("con-nobody"), &mut records).unwrap_err();
    assert!(unknown.starts_with("NotFound"), "{unknown}");
    let same = apply(to("con-uro"), &mut records).unwrap_err();
    assert!(same.contains("already with this consultant"), "{same}");
    apply(to("con-gyn"), &mut records).unwrap();
    let redirected = pathway(&records);
    assert_eq!((redirected.consultant_id.as_str(), redirected.specialty_id.as_str()), ("con-gyn", "gyn"));
    assert_eq!(awaiting_triage_since(&redirected), Some(date("2026-11-04")), "the new consultant triages it");
    let clocks = PathwayClocks::compute(&redirected.events, false, today());
    assert_eq!((clocks.rtt.state, clocks.rtt.start()), (RttClockState::Running, Some(date("2026-11-02"))));
}

#[test]
fn a_triage_before_the_referral_or_in_the_future_is_refused() {
    let mut records = trust(false);
    let early =
        apply(TriageReferral { decided_on: date("2026-11-01"), ..triage(TriageDecision::Accepted) }, &mut records)
            .unwrap_err();
    assert!(early.contains("before the referral reached this consultant on 2 Nov 2026"), "{early}");
    let late =
        apply(TriageReferral { decided_on: date("2026-12-08"), ..triage(TriageDecision::Accepted) }, &mut records)
            .unwrap_err();
    assert!(late.contains("after today"), "{late}");
}

fn seen(records: &mut HashMap<RecordKey, Record>) {
    apply(RecordSeen { appointment_id: "appt".into(), pathway_id: "pw".into(), consultant_id: None }, records).unwrap();
}

fn letter(records: &HashMap<RecordKey, Record>) -> pathdesk_core::tasks::Task {
    records
        .values()
        .find_map(|r| match r {
            Record::Task(t) => Some(t.clone()),
            _ => None,
        })
        .expect("the letter task")
}

#[test]
fn a_day_case_decision_lists_the_patient_and_the_letter_names_the_outcome() {
    let mut records = trust(false);
    let listed = RecordClinicOutcome {
        procedure: Some("Flexible cystoscopy".into()),
        management: Some(IntendedManagement::DayCase),
        surgical_priority: Some(SurgicalPriority::P2),
        expected_minutes: Some(30),
        ..RecordClinicOutcome::new("appt", "pw", ClinicOutcome::ListedForProcedure)
    };
    let before_seen = apply(listed.clone(), &mut records).unwrap_err();
    assert!(before_seen.contains("once the patient has been seen"), "{before_seen}");
    seen(&mut records);
    assert_eq!(letter(&records).title, "Clinic letter: seen in clinic on 7 Dec 2026");
    let no_procedure = RecordClinicOutcome { procedure: None, ..listed.clone() };
    assert!(apply(no_procedure, &mut records).unwrap_err().contains("Enter the procedure"));
    apply(listed.clone(), &mut records).unwrap();
    let pathway = pathway(&records);
    let listing = pathway.listed.as_deref().expect("on the admitted list");
    assert_eq!(
        (listing.procedure.as_str(), listing.management, listing.priority, listing.listed_on),
        ("Flexible cystoscopy", IntendedManagement::DayCase, SurgicalPriority::P2, today())
    );
    let types: Vec<&str> = pathway.events.iter().map(PathwayEvent::type_name).collect();
    assert_eq!(types[types.len() - 2..], ["decision_to_treat", "decision_to_admit"]);
    assert!(PathwayClocks::compute(&pathway.events, false, today()).rtt.running(), "the clock runs to treatment");
    assert_eq!(letter(&records).title, "Clinic letter: listed for a procedure (seen in clinic on 7 Dec 2026)");
    let twice = apply(listed, &mut records).unwrap_err();
    assert!(twice.contains("already recorded"), "{twice}");
}

#[test]
fn a_follow_up_needs_a_date_after_the_clinic() {
    let mut records = trust(false);
    seen(&mut records);
    let follow_up = RecordClinicOutcome::new("appt", "pw", ClinicOutcome::FollowUp);
    assert!(apply(follow_up.clone(), &mut records).unwrap_err().contains("Enter the date the follow-up is needed by"));
    let same_day = RecordClinicOutcome { follow_up_by: Some(today()), ..follow_up.clone() };
    assert!(apply(same_day, &mut records).unwrap_err().contains("must be after the clinic on 7 Dec 2026"));
    apply(RecordClinicOutcome { follow_up_by: Some(date("2027-01-18")), ..follow_up }, &mut records).unwrap();
    assert_eq!(pathway(&records).follow_up_due, Some(date("2027-01-18")));
}

#[test]
fn a_cancer_outcome_is_refused_on_a_pathway_that_is_not_a_cancer_pathway() {
    let mut records = trust(false);
    seen(&mut records);
    let told = RecordClinicOutcome {
        cancer_outcome: Some(DiagnosisOutcome::CancerRuledOut),
        ..RecordClinicOutcome::new("appt", "pw", ClinicOutcome::Discharged)
    };
    let refusal = apply(told, &mut records).unwrap_err();
    assert!(refusal.starts_with("Invalid") && refusal.contains("not on a cancer pathway"), "{refusal}");
}

fn outcome_command(outcome: ClinicOutcome, told: Option<DiagnosisOutcome>) -> RecordClinicOutcome {
    RecordClinicOutcome {
        follow_up_by: Some(date("2027-02-01")),
        procedure: Some("Transurethral resection".into()),
        management: Some(IntendedManagement::Inpatient),
        surgical_priority: Some(SurgicalPriority::P1),
        expected_minutes: None,
        detail: "Detail as typed".into(),
        cancer_outcome: told,
        ..RecordClinicOutcome::new("appt", "pw", outcome)
    }
}

proptest! {
    /// Any outcome, on a cancer pathway or not, with or without a diagnosis told, leaves the pathway's clocks where
    /// the engine puts them from the events alone, and in the state that outcome means.
    #[test]
    fn any_outcome_leaves_the_clocks_as_the_engine_computes_from_the_events_alone(
        which in 0..ClinicOutcome::ALL.len(),
        cancer in any::<bool>(),
        told in prop::option::of(prop::bool::ANY),
    ) {
        let outcome = ClinicOutcome::ALL[which];
        let told = told.filter(|_| cancer).map(|diagnosed| {
            if diagnosed { DiagnosisOutcome::CancerDiagnosed } else { DiagnosisOutcome::CancerRuledOut }
        });
        let mut records = trust(cancer);
        seen(&mut records);
        apply(outcome_command(outcome, told.clone()), &mut records).unwrap();
        let after = pathway(&records);
        // A pathway rebuilt from nothing but its events has the same clocks.
        let replayed: Vec<PathwayEvent> = serde_json::from_value(serde_json::to_value(&after.events).unwrap()).unwrap();
        let clocks = PathwayClocks::compute(&after.events, after.cancer, today());
        prop_assert_eq!(clocks, PathwayClocks::compute(&replayed, after.cancer, today()));
        let expected = match outcome {
            ClinicOutcome::Discharged | ClinicOutcome::TreatedInClinic | ClinicOutcome::ActiveMonitoring => {
                RttClockState::Stopped
            }
            // A transfer carries the clock to the receiving provider: it runs on from the original start.
            ClinicOutcome::FollowUp | ClinicOutcome::ListedForProcedure | ClinicOutcome::DiagnosticTest
            | ClinicOutcome::OnwardReferral => RttClockState::Running,
        };
        prop_assert_eq!(clocks.rtt.state, expected);
        if clocks.rtt.state == RttClockState::Stopped {
            prop_assert_eq!(clocks.rtt.stopped_on(), Some(today()));
        }
        if let Some(fds) = clocks.faster_diagnosis.filter(|_| told.is_some()) {
            prop_assert_eq!(fds.end, Some(today()), "telling the patient ends the 28-day clock");
        }
        let appointment = records.values().find_map(|r| match r {
            Record::Appointment(a) => Some(a.clone()),
            _ => None,
        }).unwrap();
        prop_assert_eq!(appointment.outcome, Some(outcome));
        prop_assert_eq!(after.listed.is_some(), outcome == ClinicOutcome::ListedForProcedure);
    }
}

/// A booked appointment `id` on `date` for the pathway.
fn booked_on(records: &mut HashMap<RecordKey, Record>, id: &str, date: NaiveDate) {
    let appointment = Record::Appointment(Appointment {
        id: id.into(),
        patient_id: "patient-1".into(),
        pathway_id: "pw".into(),
        session_id: format!("session-{id}"),
        slot_id: "slot".into(),
        date,
        start: chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        slot_type: SlotType::FollowUp,
        status: AppointmentStatus::Booked,
        booked_on: date - chrono::Days::new(21),
        outcome: None,
        cancelled: None,
    });
    records.insert(appointment.key(), appointment);
}

proptest! {
    /// Any sequence of clinic visits, each with any outcome: every outcome is applied or refused with a reason
    /// (never a panic), and after each the clocks are those the engine computes from the events alone, in the state
    /// the outcome means given where the clock stood.
    #[test]
    fn any_outcome_sequence_leaves_the_clocks_as_the_engine_computes_from_the_events_alone(
        cancer in any::<bool>(),
        visits in prop::collection::vec((0..ClinicOutcome::ALL.len(), any::<bool>()), 1..5),
    ) {
        let mut records = trust(cancer);
        records.retain(|key, _| key.kind != pathdesk_core::record::RecordKind::Appointment);
        for (n, (which, tell)) in visits.into_iter().enumerate() {
            let day = date("2026-11-09") + chrono::Days::new(7 * n as u64);
            let id = format!("visit-{n}");
            booked_on(&mut records, &id, day);
            apply(RecordSeen { appointment_id: id.clone(), pathway_id: "pw".into(), consultant_id: None }, &mut records).unwrap();
            let before = PathwayClocks::compute(&pathway(&records).events, cancer, today());
            let outcome = ClinicOutcome::ALL[which];
            let told = (cancer && tell).then_some(DiagnosisOutcome::CancerRuledOut);
            let command = RecordClinicOutcome {
                appointment_id: id.clone(),
                follow_up_by: Some(day + chrono::Days::new(14)),
                ..outcome_command(outcome, told)
            };
            let result = Command::from(command).apply(&ctx(), &records);
            let applied = match result {
                Ok(written) => {
                    for record in written {
                        records.insert(record.key(), record);
                    }
                    true
                }
                Err(rejection) => {
                    prop_assert!(matches!(rejection.code, RejectionCode::Invalid | RejectionCode::Conflict));
                    prop_assert!(!rejection.message.is_empty());
                    false
                }
            };
            let after = pathway(&records);
            let replayed: Vec<PathwayEvent> =
                serde_json::from_value(serde_json::to_value(&after.events).unwrap()).unwrap();
            let clocks = PathwayClocks::compute(&after.events, after.cancer, today());
            prop_assert_eq!(clocks, PathwayClocks::compute(&replayed, after.cancer, today()));
            if !applied {
                prop_assert_eq!(clocks.rtt.state, before.rtt.state, "a refusal changes nothing");
                continue;
            }
            let was_running = before.rtt.running();
            let expected = match outcome {
                ClinicOutcome::Discharged | ClinicOutcome::TreatedInClinic | ClinicOutcome::ActiveMonitoring
                    if was_running => RttClockState::Stopped,
                ClinicOutcome::ListedForProcedure if before.rtt.state == RttClockState::Stopped
                    && before.rtt.current.and_then(|p| p.stop).is_some_and(|stop| matches!(
                        stop.status,
                        RttStatus::ActiveMonitoringByClinician | RttStatus::ActiveMonitoringByPatient
                    )) => RttClockState::Running,
                _ => before.rtt.state,
            };
            prop_assert_eq!(clocks.rtt.state, expected, "{:?} after {:?}", outcome, before.rtt.state);
            if expected == RttClockState::Stopped && was_running {
                prop_assert_eq!(clocks.rtt.stopped_on(), Some(day));
            }
            if outcome == ClinicOutcome::ListedForProcedure {
                prop_assert_eq!(after.listed.as_ref().map(|l| l.listed_on), Some(day));
            }
        }
    }
}

#[test]
fn a_missing_appointment_or_pathway_is_not_found() {
    let mut records = trust(false);
    let missing = RecordClinicOutcome::new("nope", "pw", ClinicOutcome::Discharged);
    let refusal = Command::from(missing).apply(&ctx(), &records).unwrap_err();
    assert_eq!(refusal.code, RejectionCode::NotFound);
    records.clear();
    let refusal = Command::from(triage(TriageDecision::Accepted)).apply(&ctx(), &records).unwrap_err();
    assert_eq!(refusal.code, RejectionCode::NotFound);
}
