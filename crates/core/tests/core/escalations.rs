//! Escalations: a patient who cannot be kept within a deadline is raised to the team leads, who acknowledge it and
//! resolve it saying what was done; only they may, and the same escalation from two desks is one task.

use std::collections::HashMap;

use chrono::NaiveDate;
use pathdesk_core::access::{may_send, Role};
use pathdesk_core::command::{Command, CommandContext, Escalate, RejectionCode, UpdateEscalation};
use pathdesk_core::model::{Pathway, Priority, ReferralSource};
use pathdesk_core::pathway::Standard;
use pathdesk_core::record::{Record, RecordKey};
use pathdesk_core::tasks::escalation::{escalation_task_id, EscalationState, TEAM_LEADS};
use pathdesk_core::tasks::{TaskKind, TaskStatus};

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn ctx(author: &str) -> CommandContext {
    CommandContext { today: date("2026-12-01"), author: author.to_string() }
}

fn desk() -> HashMap<RecordKey, Record> {
    let patient = Record::Patient(crate::fixtures::patient("pat-1", "Example"));
    let pathway = Record::Pathway(Pathway {
        id: "pw-1".into(),
        patient_id: "pat-1".into(),
        specialty_id: "uro".into(),
        consultant_id: "con-1".into(),
        priority: Priority::UrgentSuspectedCancer,
        source: ReferralSource::Gp,
        cancer: true,
        follow_up_due: None,
        listed: None,
        validations: Vec::new(),
        events: vec![],
    });
    [patient, pathway].into_iter().map(|r| (r.key(), r)).collect()
}

fn escalate(reason: &str) -> Command {
    Command::from(Escalate {
        pathway_id: "pw-1".into(),
        patient_id: "pat-1".into(),
        standard: Standard::Cwt28,
        deadline: date("2026-12-07"),
        reason: reason.into(),
        offered: Some(date("2026-12-09")),
    })
}

fn run(desk: &mut HashMap<RecordKey, Record>, author: &str, command: Command) -> Result<(), RejectionCode> {
    let written = command.apply(&ctx(author), desk).map_err(|r| r.code)?;
    for record in written {
        desk.insert(record.key(), record);
    }
    Ok(())
}

fn the_task(desk: &HashMap<RecordKey, Record>) -> pathdesk_core::tasks::Task {
    let id = escalation_task_id("pw-1", Standard::Cwt28, date("2026-12-07"));
    match desk.values().find(|r| matches!(r, Record::Task(t) if t.id == id)) {
        Some(Record::Task(task)) => task.clone(),
        _ => panic!("no escalation task"),
    }
}

#[test]
fn an_escalation_is_a_task_for_the_team_leads_naming_the_patient_the_clock_and_the_deadline() {
    let mut desk = desk();
    run(&mut desk, "J. Booker", escalate("Clinic cancelled for leave: no slot before 7 Dec")).unwrap();
    let task = the_task(&desk);
    assert_eq!(task.kind, TaskKind::Escalation);
    assert_eq!(task.assignee, TEAM_LEADS);
    assert_eq!(task.title, "Escalation: EXAMPLE, Ada (999 000 0018): 28-day Faster Diagnosis by 7 Dec 2026");
    assert_eq!(
        (task.patient_id.as_deref(), task.due, task.status),
        (Some("pat-1"), date("2026-12-01"), TaskStatus::Open)
    );
    let escalation = task.escalation.unwrap();
    assert_eq!((escalation.state, escalation.offered), (EscalationState::Open, Some(date("2026-12-09"))));
    assert_eq!(task.history[0].text, "Escalated: Clinic cancelled for leave: no slot before 7 Dec");
    assert_eq!(task.history[0].author, "J. Booker");
}

#[test]
fn the_same_escalation_from_a_second_desk_is_one_task_with_both_reasons() {
    let mut desk = desk();
    run(&mut desk, "J. Booker", escalate("No slot before 7 Dec")).unwrap();
    run(&mut desk, "S. Patel", escalate("Patient rang: still no date")).unwrap();
    let tasks = desk.values().filter(|r| matches!(r, Record::Task(_))).count();
    assert_eq!(tasks, 1);
    let history: Vec<String> = the_task(&desk).history.iter().map(|n| n.text.clone()).collect();
    assert_eq!(history, ["Escalated: No slot before 7 Dec", "Escalated again: Patient rang: still no date"]);
}

#[test]
fn a_lead_acknowledges_then_resolves_saying_what_was_done() {
    let mut desk = desk();
    run(&mut desk, "J. Booker", escalate("No slot before 7 Dec")).unwrap();
    let id = the_task(&desk).id;
    let update = |state, note: Option<&str>| {
        Command::from(UpdateEscalation { task_id: id.clone(), state, note: note.map(Into::into) })
    };
    run(&mut desk, "T. Lead", update(EscalationState::Acknowledged, None)).unwrap();
    assert_eq!(the_task(&desk).escalation.unwrap().state, EscalationState::Acknowledged);
    assert_eq!(run(&mut desk, "T. Lead", update(EscalationState::Acknowledged, None)), Err(RejectionCode::Conflict));
    assert_eq!(run(&mut desk, "T. Lead", update(EscalationState::Resolved, Some("  "))), Err(RejectionCode::Invalid));
    run(&mut desk, "T. Lead", update(EscalationState::Resolved, Some("Extra clinic added on 4 Dec"))).unwrap();
    let task = the_task(&desk);
    assert_eq!((task.status, task.escalation.unwrap().state), (TaskStatus::Done, EscalationState::Resolved));
    assert_eq!(task.history.last().unwrap().text, "Resolved: Extra clinic added on 4 Dec");
    // Raised again after it was resolved: open again.
    run(&mut desk, "J. Booker", escalate("Patient could not make 4 Dec")).unwrap();
    let task = the_task(&desk);
    assert_eq!((task.status, task.escalation.unwrap().state), (TaskStatus::Open, EscalationState::Open));
}

#[test]
fn an_escalation_needs_a_reason_and_the_patients_own_pathway() {
    let mut desk = desk();
    assert_eq!(run(&mut desk, "J. Booker", escalate(" ")), Err(RejectionCode::Invalid));
    let wrong = Command::from(Escalate {
        pathway_id: "pw-1".into(),
        patient_id: "pat-2".into(),
        standard: Standard::Rtt,
        deadline: date("2027-01-05"),
        reason: "No slot".into(),
        offered: None,
    });
    assert_eq!(run(&mut desk, "J. Booker", wrong), Err(RejectionCode::Invalid));
}

#[test]
fn booking_coordinators_escalate_and_only_leads_acknowledge_or_resolve() {
    let raise = escalate("No slot");
    let resolve = Command::from(UpdateEscalation {
        task_id: "escalation-pw-1-cwt28-2026-12-07".into(),
        state: EscalationState::Resolved,
        note: Some("Seen".into()),
    });
    for role in Role::ALL {
        let leads = matches!(role, Role::Administrator | Role::TeamLead);
        assert_eq!(may_send(role, &raise).is_ok(), leads || role == Role::BookingCoordinator, "{role:?} raising");
        assert_eq!(may_send(role, &resolve).is_ok(), leads, "{role:?} resolving");
    }
    assert_eq!(raise.name(), "escalate");
    assert_eq!(resolve.name(), "update_escalation");
}
