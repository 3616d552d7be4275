//! The IndexedDB store in a real browser: records, the schema upgrade path, the outbox, and commands that
//! write records and outbox entries together. Each test uses its own database.

use crate::common::*;
use pathdesk::desk::local::{self, LocalError};
use pathdesk::desk::store::outbox::{self, OutboxEntry};
use pathdesk::desk::store::{meta, records, schema, CURRENT_VERSION};
use pathdesk_core::booking::Leave;
use pathdesk_core::command::{AddPatientNote, CompleteTask};
use pathdesk_core::command::{Command, RejectionCode};
use pathdesk_core::model::{ClinicList, ListedPlace, Patient, PatientNote};
use pathdesk_core::record::{Record, RecordKey, RecordKind};
use pathdesk_core::settings::TrustSettings;
use pathdesk_core::sync::CommandEnvelope;
use pathdesk_core::tasks::{Task, TaskStatus};
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
async fn records_written_are_read_back_by_id_kind_and_patient() {
    let (store, name) = fresh_store().await;
    let ada = patient("pat-0001", "Lovelace", "Ada", "9434765919");
    let alan = patient("pat-0002", "Turing", "Alan", "9434765870");
    records::put_all(
        &store,
        &[
            Record::Patient(ada.clone()),
            Record::Patient(alan.clone()),
            Record::PatientNote(note("note-1", "pat-0001", "Prefers mornings")),
            Record::PatientNote(note("note-2", "pat-0002", "Interpreter: Polish")),
            Record::Task(task("task-1", "Type letter", date(2026, 11, 24), TaskStatus::Open)),
        ],
    )
    .await
    .unwrap();

    let read: Option<Patient> = records::one(&store, RecordKind::Patient, "pat-0001").await.unwrap();
    assert_eq!(read, Some(ada.clone()));
    let missing: Option<Patient> = records::one(&store, RecordKind::Patient, "pat-9999").await.unwrap();
    assert_eq!(missing, None);
    let patients: Vec<Patient> = records::all(&store, RecordKind::Patient).await.unwrap();
    assert_eq!(patients, vec![ada.clone(), alan]);
    let notes: Vec<PatientNote> = records::for_patient(&store, RecordKind::PatientNote, "pat-0001").await.unwrap();
    assert_eq!(notes.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(), vec!["Prefers mornings"]);
    let as_record = records::get(&store, &RecordKey::new(RecordKind::Patient, "pat-0001")).await.unwrap();
    assert_eq!(as_record, Some(Record::Patient(ada)));
    let counts = records::counts(&store).await.unwrap();
    assert!(counts.contains(&(RecordKind::Patient, 2)));
    assert!(counts.contains(&(RecordKind::PatientNote, 2)));
    assert!(counts.contains(&(RecordKind::Task, 1)));
    remove(store, &name).await;
}

#[wasm_bindgen_test]
async fn upgrading_a_v1_database_keeps_its_data_and_adds_the_patient_index() {
    let name = fresh_name();
    // What the v1 app did: open at version 1 and write records.
    let v1 = pathdesk::desk::store::open_store_at_version(&name, 1).await.unwrap();
    assert_eq!(v1.version(), 1);
    records::put_all(
        &v1,
        &[
            Record::Patient(patient("pat-0001", "Lovelace", "Ada", "9434765919")),
            Record::PatientNote(note("note-1", "pat-0001", "Hearing aid: speak clearly")),
            Record::PatientNote(note("note-2", "pat-0002", "Someone else's note")),
        ],
    )
    .await
    .unwrap();
    let entry = entry_with_seq(1);
    outbox::append(&v1, &entry).await.unwrap();
    meta::set_string(&v1, meta::DISPLAY_NAME, "Jo Booking").await.unwrap();
    // v1 had no by_patient index.
    assert!(records::for_patient::<PatientNote>(&v1, RecordKind::PatientNote, "pat-0001").await.is_err());
    v1.close();

    let current = pathdesk::desk::store::open_store(&name).await.unwrap();
    assert_eq!(current.version(), CURRENT_VERSION);
    let patient: Option<Patient> = records::one(&current, RecordKind::Patient, "pat-0001").await.unwrap();
    assert_eq!(patient.map(|p| p.family_name), Some("Lovelace".to_string()));
    let notes: Vec<PatientNote> = records::for_patient(&current, RecordKind::PatientNote, "pat-0001").await.unwrap();
    assert_eq!(notes.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(), vec!["note-1"]);
    assert_eq!(outbox::all(&current).await.unwrap(), vec![entry]);
    assert_eq!(meta::display_name(&current).await.unwrap(), "Jo Booking");
    remove(current, &name).await;
}

/// The previous version (3) to this one (4): clinics' records and the outbox stay, and the trust's settings can be
/// stored (v3 had nowhere to keep them).
#[wasm_bindgen_test]
async fn upgrading_a_v3_database_keeps_clinic_records_and_adds_the_trust_settings() {
    let name = fresh_name();
    let v3 = pathdesk::desk::store::open_store_at_version(&name, 3).await.unwrap();
    let leave = Leave {
        id: "leave-1".into(),
        consultant_id: "con-1".into(),
        from: date(2026, 12, 21),
        to: date(2026, 12, 24),
        reason: "Annual leave".into(),
        recorded_on: date(2026, 11, 2),
    };
    let mut list = ClinicList::new("ses-1");
    list.places.push(ListedPlace {
        slot_id: "slot-1".into(),
        appointment_id: "appt-1".into(),
        patient_id: "pat-0001".into(),
        minutes: None,
    });
    records::put_all(&v3, &[Record::Leave(leave.clone()), Record::ClinicList(list.clone())]).await.unwrap();
    let entry = entry_with_seq(1);
    outbox::append(&v3, &entry).await.unwrap();
    let settings = TrustSettings { letter_due_working_days: 3, ..TrustSettings::default() };
    assert!(
        records::put_all(&v3, &[Record::TrustSettings(settings.clone())]).await.is_err(),
        "v3 has no settings store"
    );
    v3.close();

    let current = pathdesk::desk::store::open_store(&name).await.unwrap();
    assert_eq!(current.version(), CURRENT_VERSION);
    assert_eq!(records::one::<Leave>(&current, RecordKind::Leave, "leave-1").await.unwrap(), Some(leave));
    assert_eq!(records::one::<ClinicList>(&current, RecordKind::ClinicList, "ses-1").await.unwrap(), Some(list));
    assert_eq!(outbox::all(&current).await.unwrap(), vec![entry]);
    assert_eq!(
        pathdesk::desk::queries::trust_settings(&current).await.unwrap(),
        TrustSettings::default(),
        "defaults until set"
    );
    records::put_all(&current, &[Record::TrustSettings(settings.clone())]).await.unwrap();
    assert_eq!(pathdesk::desk::queries::trust_settings(&current).await.unwrap(), settings);
    remove(current, &name).await;
}

/// The previous version (4) to this one (5): clinics and appointments written before are found through the new
/// indexes, so Today reads one day's clinics and their patients, not everything on the device.
#[wasm_bindgen_test]
async fn upgrading_a_v4_database_finds_a_days_clinics_and_their_patients_through_indexes() {
    use chrono::NaiveTime;
    use pathdesk_core::model::{Appointment, AppointmentStatus, ClinicSession, SessionStatus, SlotType};
    let name = fresh_name();
    let v4 = pathdesk::desk::store::open_store_at_version(&name, 4).await.unwrap();
    let (today, tomorrow) = (date(2026, 12, 7), date(2026, 12, 8));
    let session = |id: &str, on| ClinicSession {
        id: id.into(),
        template_id: None,
        consultant_id: "con-1".into(),
        specialty_id: "spec-1".into(),
        name: format!("Clinic {id}"),
        date: on,
        start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        end: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
        location: "Room 1".into(),
        status: SessionStatus::Scheduled,
        slots: vec![],
    };
    let appointment = |id: &str, session: &ClinicSession, patient: &str| Appointment {
        id: id.into(),
        patient_id: patient.into(),
        pathway_id: format!("pw-{patient}"),
        session_id: session.id.clone(),
        slot_id: format!("slot-{id}"),
        date: session.date,
        start: session.start,
        slot_type: SlotType::New,
        status: AppointmentStatus::Booked,
        booked_on: date(2026, 11, 2),
        outcome: None,
        cancelled: None,
    };
    let (mon, tue, other_mon) = (session("ses-a", today), session("ses-b", tomorrow), session("ses-c", today));
    let written = vec![
        Record::ClinicSession(mon.clone()),
        Record::ClinicSession(tue.clone()),
        Record::ClinicSession(other_mon.clone()),
        Record::Appointment(appointment("appt-1", &mon, "pat-0001")),
        Record::Appointment(appointment("appt-2", &mon, "pat-0002")),
        Record::Appointment(appointment("appt-3", &tue, "pat-0003")),
        Record::Appointment(appointment("appt-4", &other_mon, "pat-0001")),
        Record::Patient(patient("pat-0001", "Lovelace", "Ada", "9434765919")),
        Record::Patient(patient("pat-0002", "Hopper", "Grace", "9434765870")),
        Record::Patient(patient("pat-0003", "Turing", "Alan", "9434765889")),
    ];
    records::put_all(&v4, &written).await.unwrap();
    v4.close();

    let current = pathdesk::desk::store::open_store(&name).await.unwrap();
    assert_eq!(current.version(), CURRENT_VERSION);
    let (sessions, appointments, patients) = pathdesk::desk::queries::clinics_on(&current, today).await.unwrap();
    let mut session_ids: Vec<&str> = sessions.iter().map(|s| s.id.as_str()).collect();
    session_ids.sort();
    assert_eq!(session_ids, vec!["ses-a", "ses-c"], "the day's clinics, not tomorrow's");
    let mut appointment_ids: Vec<&str> = appointments.iter().map(|a| a.id.as_str()).collect();
    appointment_ids.sort();
    assert_eq!(appointment_ids, vec!["appt-1", "appt-2", "appt-4"]);
    let mut patient_ids: Vec<&String> = patients.keys().collect();
    patient_ids.sort();
    assert_eq!(patient_ids, vec!["pat-0001", "pat-0002"], "only the patients booked that day, each once");
    let on_tuesday: Vec<Appointment> =
        records::by_index(&current, RecordKind::Appointment, schema::BY_SESSION, "ses-b").await.unwrap();
    assert_eq!(on_tuesday, vec![appointment("appt-3", &tue, "pat-0003")]);
    assert!(
        records::by_index::<Appointment>(&current, RecordKind::Appointment, "by_colour", "red").await.is_err(),
        "an index that does not exist is an error, not an empty list"
    );
    remove(current, &name).await;
}

/// The previous version (5) to this one (6): what a desk held stays, and the case notes store is there.
#[wasm_bindgen_test]
async fn upgrading_a_v5_database_keeps_its_records_and_adds_the_case_notes_store() {
    let name = fresh_name();
    let v5 = pathdesk::desk::store::open_store_at_version(&name, 5).await.unwrap();
    let patient = Patient::new("pat-0001", "9990000018", "H0001", "Test", "Pat", date(1970, 1, 1));
    records::put_all(&v5, &[Record::Patient(patient.clone())]).await.unwrap();
    let notes = pathdesk_core::case_notes::CaseNotes::in_library("pat-0001", date(2026, 12, 1));
    assert!(records::put_all(&v5, &[Record::CaseNotes(notes.clone())]).await.is_err(), "v5 has no case notes store");
    v5.close();

    let current = pathdesk::desk::store::open_store(&name).await.unwrap();
    assert_eq!(current.version(), CURRENT_VERSION);
    assert_eq!(records::one::<Patient>(&current, RecordKind::Patient, "pat-0001").await.unwrap(), Some(patient));
    records::put_all(&current, &[Record::CaseNotes(notes.clone())]).await.unwrap();
    assert_eq!(
        records::one::<pathdesk_core::case_notes::CaseNotes>(&current, RecordKind::CaseNotes, "pat-0001")
            .await
            .unwrap(),
        Some(notes)
    );
    remove(current, &name).await;
}

#[wasm_bindgen_test]
async fn opening_at_an_unknown_version_is_refused() {
    let name = fresh_name();
    assert!(pathdesk::desk::store::open_store_at_version(&name, schema::CURRENT_VERSION + 1).await.is_err());
    assert!(pathdesk::desk::store::open_store_at_version(&name, 0).await.is_err());
}

fn entry_with_seq(seq: u64) -> OutboxEntry {
    OutboxEntry {
        seq,
        envelope: CommandEnvelope {
            id: format!("cmd-{seq}"),
            seq,
            issued_on: date(2026, 11, 21),
            author: "Jo Booking".to_string(),
            command: Command::AddPatientNote(AddPatientNote {
                note_id: format!("note-{seq}"),
                patient_id: "pat-0001".to_string(),
                text: format!("Note number {seq}"),
            }),
        },
        touched: vec![RecordKey::new(RecordKind::PatientNote, format!("note-{seq}"))],
        before: vec![],
    }
}

#[wasm_bindgen_test]
async fn outbox_reads_back_in_sequence_order_after_a_reopen() {
    let (store, name) = fresh_store().await;
    // Written out of order, and with 10 after 2 to catch keys compared as text.
    for seq in [10, 2, 7] {
        outbox::append(&store, &entry_with_seq(seq)).await.unwrap();
    }
    store.close();
    let reopened = pathdesk::desk::store::open_store(&name).await.unwrap();
    let seqs: Vec<u64> = outbox::all(&reopened).await.unwrap().iter().map(|e| e.seq).collect();
    assert_eq!(seqs, vec![2, 7, 10]);
    assert_eq!(outbox::count(&reopened).await.unwrap(), 3);
    remove(reopened, &name).await;
}

#[wasm_bindgen_test]
async fn a_command_writes_its_record_and_outbox_entry_together() {
    let (store, name) = fresh_store().await;
    records::put_all(&store, &[Record::Patient(patient("pat-0001", "Lovelace", "Ada", "9434765919"))]).await.unwrap();
    meta::set_string(&store, meta::DISPLAY_NAME, "Sam Secretary").await.unwrap();
    let today = date(2026, 11, 21);
    let command = Command::AddPatientNote(AddPatientNote {
        note_id: "note-a".to_string(),
        patient_id: "pat-0001".to_string(),
        text: "  Prefers afternoon appointments  ".to_string(),
    });
    let entry = local::do_command(&store, command.clone(), today).await.unwrap();

    let written: Option<PatientNote> = records::one(&store, RecordKind::PatientNote, "note-a").await.unwrap();
    let written = written.expect("the note is stored");
    assert_eq!(written.text, "Prefers afternoon appointments");
    assert_eq!(written.author, "Sam Secretary");
    assert_eq!(written.written_on, today);
    let waiting = outbox::all(&store).await.unwrap();
    assert_eq!(waiting, vec![entry.clone()]);
    assert_eq!(entry.seq, 1);
    assert_eq!(entry.envelope.seq, 1);
    assert_eq!(entry.envelope.issued_on, today);
    assert_eq!(entry.envelope.author, "Sam Secretary");
    assert_eq!(entry.envelope.command, command);
    assert_eq!(entry.touched, vec![RecordKey::new(RecordKind::PatientNote, "note-a")]);
    assert_eq!(entry.before.len(), 1);
    assert_eq!(entry.before[0].record, None, "the note did not exist before");

    // The next command takes the next sequence number.
    let second = local::do_command(
        &store,
        Command::AddPatientNote(AddPatientNote {
            note_id: "note-b".into(),
            patient_id: "pat-0001".into(),
            text: "Second".into(),
        }),
        today,
    )
    .await
    .unwrap();
    assert_eq!(second.seq, 2);
    remove(store, &name).await;
}

#[wasm_bindgen_test]
async fn a_refused_command_writes_nothing() {
    let (store, name) = fresh_store().await;
    records::put_all(&store, &[Record::Patient(patient("pat-0001", "Lovelace", "Ada", "9434765919"))]).await.unwrap();
    let result = local::do_command(
        &store,
        Command::AddPatientNote(AddPatientNote {
            note_id: "note-a".into(),
            patient_id: "pat-0001".into(),
            text: "   ".into(),
        }),
        date(2026, 11, 21),
    )
    .await;
    match result {
        Err(LocalError::Rejected(rejection)) => assert_eq!(rejection.code, RejectionCode::Invalid),
        other => panic!("expected a rejection, got {other:?}"),
    }
    assert_eq!(outbox::count(&store).await.unwrap(), 0);
    let notes: Vec<PatientNote> = records::all(&store, RecordKind::PatientNote).await.unwrap();
    assert!(notes.is_empty());
    // The sequence number was not used up.
    let next = local::do_command(
        &store,
        Command::AddPatientNote(AddPatientNote {
            note_id: "note-b".into(),
            patient_id: "pat-0001".into(),
            text: "Real note".into(),
        }),
        date(2026, 11, 21),
    )
    .await
    .unwrap();
    assert_eq!(next.seq, 1);
    remove(store, &name).await;
}

#[wasm_bindgen_test]
async fn a_command_beyond_the_limits_is_refused_on_the_device_with_the_reason() {
    let (store, name) = fresh_store().await;
    records::put_all(&store, &[Record::Patient(patient("pat-0001", "Lovelace", "Ada", "9434765919"))]).await.unwrap();
    let result = local::do_command(
        &store,
        Command::AddPatientNote(AddPatientNote {
            note_id: "n".repeat(pathdesk_core::limits::ID_CHARS + 1),
            patient_id: "pat-0001".into(),
            text: "Phoned".into(),
        }),
        date(2026, 11, 21),
    )
    .await;
    match result {
        Err(LocalError::Rejected(rejection)) => {
            assert_eq!(rejection.message, "The note id is 101 characters long; the most is 100. Shorten it, then save.")
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
    assert_eq!(outbox::count(&store).await.unwrap(), 0, "nothing is queued for the server to refuse");
    remove(store, &name).await;
}

#[wasm_bindgen_test]
async fn completing_a_task_keeps_the_task_as_it_was_for_undo() {
    let (store, name) = fresh_store().await;
    let open = task("task-1", "Type clinic letter", date(2026, 11, 20), TaskStatus::Open);
    records::put_all(&store, &[Record::Task(open.clone())]).await.unwrap();
    let entry = local::do_command(
        &store,
        Command::CompleteTask(CompleteTask { task_id: "task-1".into(), note: None, stamp: None }),
        date(2026, 11, 21),
    )
    .await
    .unwrap();
    let stored: Option<Task> = records::one(&store, RecordKind::Task, "task-1").await.unwrap();
    assert_eq!(stored.map(|t| t.status), Some(TaskStatus::Done));
    assert_eq!(entry.before.len(), 1);
    assert_eq!(entry.before[0].record, Some(Record::Task(open)));
    remove(store, &name).await;
}

#[wasm_bindgen_test]
async fn records_stored_by_an_earlier_release_as_objects_still_read_and_are_found_through_indexes() {
    use pathdesk::desk::store::idb;
    let (store, name) = fresh_store().await;
    let ada = patient("pat-0001", "Lovelace", "Ada", "9434765919");
    let old_note = note("note-1", "pat-0001", "Prefers mornings");
    // As an earlier release stored them: the record's own fields as nested objects.
    let kinds = [RecordKind::Patient.as_str(), RecordKind::PatientNote.as_str()];
    let tx = store.tx(&kinds, true).unwrap();
    tx.store(kinds[0]).unwrap().put(&idb::to_js(&ada).unwrap()).unwrap();
    tx.store(kinds[1]).unwrap().put(&idb::to_js(&old_note).unwrap()).unwrap();
    tx.commit().await.unwrap();
    let new_note = note("note-2", "pat-0001", "Interpreter: Polish");
    records::put_all(&store, &[Record::PatientNote(new_note.clone())]).await.unwrap();

    let read: Option<Patient> = records::one(&store, RecordKind::Patient, "pat-0001").await.unwrap();
    assert_eq!(read, Some(ada));
    let notes: Vec<PatientNote> = records::for_patient(&store, RecordKind::PatientNote, "pat-0001").await.unwrap();
    assert_eq!(notes, vec![old_note, new_note.clone()], "both forms found through the by_patient index");
    // The new form: the record's JSON text beside its key and indexed fields.
    let tx = store.tx(&[kinds[1]], false).unwrap();
    let stored = idb::get_value(&tx.store(kinds[1]).unwrap(), &"note-2".into()).await.unwrap().unwrap();
    tx.finish().await.unwrap();
    let json = js_sys::Reflect::get(&stored, &"json".into()).unwrap().as_string().expect("stored as JSON text");
    assert_eq!(serde_json::from_str::<PatientNote>(&json).unwrap(), new_note);
    remove(store, &name).await;
}

#[wasm_bindgen_test]
async fn a_clinic_letter_counts_under_the_consultant_whose_clinic_it_is_from() {
    use pathdesk::desk::queries::clinic_consultants;
    use pathdesk_core::demo::{generate, DemoOptions};
    use pathdesk_core::tasks::letters::letter_task_id;
    let (store, name) = fresh_store().await;
    let demo = generate(&DemoOptions { patients: 40, ..DemoOptions::standard(date(2026, 12, 7)) });
    let wanted = [RecordKind::Appointment, RecordKind::ClinicSession];
    let records: Vec<Record> = demo.into_iter().filter(|r| wanted.contains(&r.kind())).collect();
    records::put_all(&store, &records).await.unwrap();
    let (appointment, session) = records
        .iter()
        .find_map(|r| match r {
            Record::Appointment(a) => records.iter().find_map(|s| match s {
                Record::ClinicSession(s) if s.id == a.session_id => Some((a.clone(), s.clone())),
                _ => None,
            }),
            _ => None,
        })
        .expect("the demo has a booked clinic");
    let letters = vec![letter_task_id(&appointment.id), letter_task_id("no-such-appointment"), "task-1".to_string()];
    let found = clinic_consultants(&store, &letters).await.unwrap();
    assert_eq!(found.len(), 1, "only the letter whose appointment and clinic are here");
    assert_eq!(found.get(&letters[0]), Some(&session.consultant_id));
    remove(store, &name).await;
}
