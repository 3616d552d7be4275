//! Command validation and apply: what the browser and the server both run before anything is saved.

use pathdesk_core::command::{AddPatientNote, CompleteTask, ReopenTask, SaveTrustSettings};
use std::collections::HashMap;

use chrono::NaiveDate;
use pathdesk_core::command::{Command, CommandContext, RejectionCode, MAX_NOTE_CHARS};
use pathdesk_core::record::{Record, RecordKey};
use pathdesk_core::tasks::{Task, TaskKind, TaskStatus};

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn ctx() -> CommandContext {
    CommandContext { today: date("2026-11-23"), author: "R. Desk".to_string() }
}

fn patient() -> Record {
    Record::Patient(crate::fixtures::patient("pat-1", "Example"))
}

fn task(status: TaskStatus) -> Record {
    Record::Task(Task {
        id: "task-1".into(),
        kind: TaskKind::PatientQuery,
        title: "Call back about appointment".into(),
        patient_id: Some("pat-1".into()),
        consultant_id: None,
        assignee: "S. Patel".into(),
        due: date("2026-11-25"),
        status,
        history: vec![],
        stamps: Default::default(),
        letter: None,
        query: None,
        escalation: None,
    })
}

fn records(list: Vec<Record>) -> HashMap<RecordKey, Record> {
    list.into_iter().map(|r| (r.key(), r)).collect()
}

fn note(text: &str) -> Command {
    Command::AddPatientNote(AddPatientNote { note_id: "note-1".into(), patient_id: "pat-1".into(), text: text.into() })
}

#[test]
fn a_note_is_written_with_its_author_and_the_desk_date() {
    let written = note("  Prefers morning appointments ").apply(&ctx(), &records(vec![patient()])).unwrap();
    let [Record::PatientNote(n)] = written.as_slice() else { panic!("one note expected, got {written:?}") };
    assert_eq!(n.text, "Prefers morning appointments", "surrounding spaces are trimmed");
    assert_eq!(n.author, "R. Desk");
    assert_eq!(n.written_on, date("2026-11-23"));
    assert_eq!(n.patient_id, "pat-1");
}

#[test]
fn an_empty_note_is_refused_with_what_to_do() {
    let err = note("   ").apply(&ctx(), &records(vec![patient()])).unwrap_err();
    assert_eq!(err.code, RejectionCode::Invalid);
    assert!(err.message.contains("empty"), "{}", err.message);
}

#[test]
fn an_overlong_note_is_refused_not_cut() {
    let long = "x".repeat(MAX_NOTE_CHARS + 1);
    let err = note(&long).apply(&ctx(), &records(vec![patient()])).unwrap_err();
    assert_eq!(err.code, RejectionCode::Invalid);
    assert!(err.message.contains(&(MAX_NOTE_CHARS + 1).to_string()), "{}", err.message);
    assert!(note(&"x".repeat(MAX_NOTE_CHARS)).apply(&ctx(), &records(vec![patient()])).is_ok());
}

#[test]
fn a_note_for_an_unknown_patient_is_refused() {
    let err = note("Hello").apply(&ctx(), &records(vec![])).unwrap_err();
    assert_eq!(err.code, RejectionCode::NotFound);
}

#[test]
fn the_same_note_id_twice_is_a_conflict() {
    let first = note("Hello").apply(&ctx(), &records(vec![patient()])).unwrap();
    let mut both = records(vec![patient()]);
    both.extend(first.into_iter().map(|r| (r.key(), r)));
    assert_eq!(note("Hello").apply(&ctx(), &both).unwrap_err().code, RejectionCode::Conflict);
}

#[test]
fn a_command_reads_the_records_it_checks() {
    let keys = note("Hello").reads();
    assert!(keys.contains(&patient().key()));
}

#[test]
fn completing_a_task_closes_it_and_records_who() {
    let cmd =
        Command::CompleteTask(CompleteTask { task_id: "task-1".into(), note: Some("Called back".into()), stamp: None });
    let written = cmd.apply(&ctx(), &records(vec![task(TaskStatus::Open)])).unwrap();
    let [Record::Task(t)] = written.as_slice() else { panic!("one task expected") };
    assert_eq!(t.status, TaskStatus::Done);
    let last = t.history.last().unwrap();
    assert_eq!(last.author, "R. Desk");
    assert!(last.text.contains("Called back"));
}

#[test]
fn completing_a_done_task_and_reopening_an_open_one_are_refused() {
    let complete = Command::CompleteTask(CompleteTask { task_id: "task-1".into(), note: None, stamp: None });
    assert_eq!(
        complete.apply(&ctx(), &records(vec![task(TaskStatus::Done)])).unwrap_err().code,
        RejectionCode::Conflict
    );
    let reopen =
        Command::ReopenTask(ReopenTask { task_id: "task-1".into(), reason: "Patient rang again".into(), stamp: None });
    assert_eq!(reopen.apply(&ctx(), &records(vec![task(TaskStatus::Open)])).unwrap_err().code, RejectionCode::Conflict);
    let reopened = reopen.apply(&ctx(), &records(vec![task(TaskStatus::Done)])).unwrap();
    let [Record::Task(t)] = reopened.as_slice() else { panic!("one task expected") };
    assert_eq!(t.status, TaskStatus::Open);
}

#[test]
fn reopening_needs_a_reason() {
    let reopen = Command::ReopenTask(ReopenTask { task_id: "task-1".into(), reason: " ".into(), stamp: None });
    assert_eq!(reopen.apply(&ctx(), &records(vec![task(TaskStatus::Done)])).unwrap_err().code, RejectionCode::Invalid);
}

#[test]
fn commands_travel_as_tagged_json() {
    let json = serde_json::to_value(note("Hi")).unwrap();
    assert_eq!(json["type"], "add_patient_note");
    let back: Command = serde_json::from_value(json).unwrap();
    assert_eq!(back, note("Hi"));
    let unknown = serde_json::from_value::<Command>(serde_json::json!({"type": "drop_tables"}));
    assert!(unknown.is_err());
}

#[test]
fn a_completion_from_a_device_older_than_stamps_still_reads_and_a_stamped_one_round_trips() {
    let old: Command =
        serde_json::from_value(serde_json::json!({"type": "complete_task", "task_id": "task-1"})).unwrap();
    assert_eq!(old, Command::CompleteTask(CompleteTask { task_id: "task-1".into(), note: None, stamp: None }));
    assert!(serde_json::to_value(&old).unwrap().get("stamp").is_none(), "no stamp key when there is none");
    let stamp = pathdesk_core::tasks::field::FieldStamp::new(
        pathdesk_core::tasks::hlc::Hlc { wall_ms: 7, counter: 1, node: "desk-1".into() },
        "S. Patel",
        chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
    );
    let stamped =
        Command::ReopenTask(ReopenTask { task_id: "task-1".into(), reason: "Rang again".into(), stamp: Some(stamp) });
    let json = serde_json::to_value(&stamped).unwrap();
    assert_eq!(json["stamp"]["hlc"], "00000000000000000007-0000000001-desk-1");
    assert_eq!(serde_json::from_value::<Command>(json).unwrap(), stamped);
}

#[test]
fn trust_settings_are_saved_whole_and_checked() {
    use pathdesk_core::record::{RecordKey, RecordKind};
    use pathdesk_core::settings::{TrustSettings, TRUST_SETTINGS_ID};
    let mut settings = TrustSettings::default();
    settings.booking.reasonable_notice_days = 14;
    settings.letter_due_working_days = 3;
    let command = Command::SaveTrustSettings(SaveTrustSettings { settings: settings.clone() });
    assert_eq!(command.reads(), vec![RecordKey::new(RecordKind::TrustSettings, TRUST_SETTINGS_ID)]);
    let written = command.apply(&ctx(), &std::collections::HashMap::new()).unwrap();
    assert_eq!(written, vec![Record::TrustSettings(settings)]);
    let bad = TrustSettings { idle_lock_minutes: 0, ..TrustSettings::default() };
    let refused = Command::SaveTrustSettings(SaveTrustSettings { settings: bad })
        .apply(&ctx(), &std::collections::HashMap::new());
    assert!(refused.unwrap_err().message.contains("between 1 and 120 minutes"));
}

#[test]
fn only_save_trust_settings_writes_the_trust_settings_every_other_command_only_reads_them() {
    use pathdesk_core::command::{BookAppointment, SaveTrustSettings};
    use pathdesk_core::record::{RecordKey, RecordKind};
    use pathdesk_core::settings::{TrustSettings, TRUST_SETTINGS_ID};
    let trust = RecordKey::new(RecordKind::TrustSettings, TRUST_SETTINGS_ID);
    let book = Command::BookAppointment(BookAppointment {
        appointment_id: "a".into(),
        pathway_id: "pw".into(),
        session_id: "s".into(),
        slot_id: "slot".into(),
        offered_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
        patient_accepted_earlier_date: false,
        past_deadline_reason: None,
        consultant_id: None,
    });
    assert!(book.reads().contains(&trust));
    assert_eq!(book.only_reads(), vec![trust.clone()]);
    let save = Command::SaveTrustSettings(SaveTrustSettings { settings: TrustSettings::default() });
    assert!(save.reads().contains(&trust));
    assert!(save.only_reads().is_empty());
}
