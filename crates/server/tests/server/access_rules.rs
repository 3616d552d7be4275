//! Roles and services on every sync endpoint: a user pulls only their services' records, a command outside their
//! role or services is refused with a reason, and a client id is bound to the user who first synced with it.

use pathdesk_core::command::{CancelAppointment, CompleteTask, RecordArrival, ReopenTask};
use std::collections::{BTreeSet, HashMap};

use crate::common::*;
use axum::http::{Method, StatusCode};
use pathdesk_core::access::{record_scope, RecordFacts, Role, Scope};
use pathdesk_core::command::{CancelledBy, Command, RejectionCode};
use pathdesk_core::model::AppointmentStatus;
use pathdesk_core::record::{Record, RecordKey, RecordKind};
use pathdesk_core::sync::{CommandEnvelope, Cursor, Outcome, PullResponse, PushResponse};
use pathdesk_server::db::records;
use pathdesk_server::demo;

const URO: &str = "spec-uro";
const CARD: &str = "spec-card";

/// The demo trust (a few patients) and, from it, everything the tests pick their records from.
async fn seeded(server: &TestServer) -> Vec<Record> {
    demo::seed_demo_data_if_empty(&server.database, demo::demo_options(today(), 40)).await.unwrap().unwrap();
    server.pull_all(2000).await.into_iter().map(|change| change.record).collect()
}

fn services_of(records: &[Record]) -> HashMap<RecordKey, Scope> {
    let facts = RecordFacts::from_records(records);
    records.iter().map(|record| (record.key(), record_scope(record, &facts))).collect()
}

/// A patient whose every pathway is in `service` only.
fn patient_only_in(records: &[Record], service: &str) -> String {
    let scopes = services_of(records);
    records
        .iter()
        .find_map(|record| match (record, &scopes[&record.key()]) {
            (Record::Patient(patient), Scope::Services(set)) if set.len() == 1 && set.contains(service) => {
                Some(patient.id.clone())
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("the demo has a patient seen only in {service}"))
}

async fn pull_all_as(server: &TestServer, session: &Session, after: Cursor, limit: u32) -> (Vec<Record>, Cursor) {
    let (mut after, mut all) = (after, Vec::new());
    loop {
        let uri = format!("/api/sync/pull?after={after}&limit={limit}");
        let (status, body) = json_as(&server.raw, session, Method::GET, &uri, None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let page: PullResponse = serde_json::from_value(body).unwrap();
        all.extend(page.changes.into_iter().map(|change| change.record));
        after = page.next_cursor;
        if !page.has_more {
            return (all, after);
        }
    }
}

async fn push_as(
    server: &TestServer,
    session: &Session,
    client_id: &str,
    commands: Vec<CommandEnvelope>,
) -> PushResponse {
    let body = serde_json::to_string(&push_request(client_id, commands)).unwrap();
    let (status, answer) = json_as(&server.raw, session, Method::POST, "/api/sync/push", Some(&body)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    serde_json::from_value(answer).unwrap()
}

fn rejection_of(response: &PushResponse) -> pathdesk_core::command::Rejection {
    match &response.results[0].outcome {
        Outcome::Rejected { rejection } => rejection.clone(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn forbidden_reason(response: &PushResponse) -> String {
    match &response.results[0].outcome {
        Outcome::Rejected { rejection } if rejection.code == RejectionCode::Forbidden => rejection.message.clone(),
        other => panic!("expected a Forbidden refusal, got {other:?}"),
    }
}

async fn notes_on(server: &TestServer, patient_id: &str) -> Vec<String> {
    server
        .pull_all(2000)
        .await
        .into_iter()
        .filter_map(|change| match change.record {
            Record::PatientNote(note) if note.patient_id == patient_id => Some(note.text),
            _ => None,
        })
        .collect()
}

async fn a_user_pulls_only_their_services(server: &TestServer) {
    let all = seeded(server).await;
    let scopes = services_of(&all);
    let secretary = user_session(&server.database, "uro-sec", Role::MedicalSecretary, Some(&[URO])).await;
    // Small pages, so records of other services are skipped across many page boundaries.
    let (pulled, _) = pull_all_as(server, &secretary, Cursor::START, 37).await;
    let pulled_keys: BTreeSet<RecordKey> = pulled.iter().map(Record::key).collect();
    let expected: BTreeSet<RecordKey> = scopes
        .iter()
        .filter(|(_, scope)| scope.visible_to(false, &[URO.to_string()]))
        .map(|(key, _)| key.clone())
        .collect();
    assert_eq!(pulled_keys, expected, "exactly the records of urology (and those for everyone)");
    assert_eq!(pulled.len(), pulled_keys.len(), "each record once");
    let cardiology_patient = patient_only_in(&all, CARD);
    assert!(!pulled_keys.contains(&RecordKey::new(RecordKind::Patient, &cardiology_patient)));
    assert!(pulled.iter().all(|record| !matches!(record, Record::Pathway(p) if p.specialty_id != URO)));
    assert!(pulled.iter().any(|record| matches!(record, Record::Specialty(_))), "the list of specialties is shared");
    assert!(pulled.len() < all.len(), "some records are another service's");
    // The count a desk shows its first download against is of what this user may see, not the whole trust.
    let (status, body) =
        json_as(&server.raw, &secretary, Method::GET, "/api/sync/pull?after=0&limit=5&count=true", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["waiting"], serde_json::json!(pulled.len()), "waiting counts only urology's records");

    let nobody = user_session(&server.database, "no-service", Role::ReadOnly, Some(&[])).await;
    let (pulled, _) = pull_all_as(server, &nobody, Cursor::START, 500).await;
    assert!(pulled.iter().all(|record| scopes[&record.key()] == Scope::Everyone), "no services: shared records only");
}

async fn another_services_records_cannot_be_changed(server: &TestServer) {
    let all = seeded(server).await;
    let secretary = user_session(&server.database, "uro-sec", Role::MedicalSecretary, Some(&[URO])).await;
    let cardiology_patient = patient_only_in(&all, CARD);
    let urology_patient = patient_only_in(&all, URO);

    // Another service's patient gets the very answer a patient nobody has gets: nothing tells them apart.
    let refused = push_as(server, &secretary, "uro-desk", vec![add_note("n1", 1, &cardiology_patient, "Sneaky")]).await;
    let missing = push_as(server, &secretary, "uro-desk", vec![add_note("n2", 2, "pat-nobody", "Sneaky")]).await;
    let (hidden, absent) = (rejection_of(&refused), rejection_of(&missing));
    assert_eq!(hidden.code, RejectionCode::NotFound);
    assert_eq!(hidden.code, absent.code);
    assert_eq!(hidden.message.replace(&cardiology_patient, "ID"), absent.message.replace("pat-nobody", "ID"));
    assert!(!hidden.message.contains(CARD), "{}", hidden.message);
    assert!(notes_on(server, &cardiology_patient).await.iter().all(|text| text != "Sneaky"));

    let applied =
        push_as(server, &secretary, "uro-desk", vec![add_note("n3", 3, &urology_patient, "Interpreter")]).await;
    assert_eq!(applied.results[0].outcome, Outcome::Applied);
    assert!(notes_on(server, &urology_patient).await.contains(&"Interpreter".to_string()));

    // A record that does not exist yet but would belong to another service: a cardiology appointment's
    // cancellation by a urology booking co-ordinator.
    let booker = user_session(&server.database, "uro-booker", Role::BookingCoordinator, Some(&[URO])).await;
    let cardiology_appointment = all
        .iter()
        .find_map(|record| match record {
            Record::Appointment(a) if a.status == AppointmentStatus::Booked && a.patient_id == cardiology_patient => {
                Some(a.clone())
            }
            _ => None,
        })
        .or_else(|| {
            let scopes = services_of(&all);
            all.iter().find_map(|record| match record {
                Record::Appointment(a)
                    if a.status == AppointmentStatus::Booked && scopes[&record.key()] == scope_of(&[CARD]) =>
                {
                    Some(a.clone())
                }
                _ => None,
            })
        })
        .expect("a booked cardiology appointment");
    let cancel = envelope(
        "c3",
        1,
        Command::CancelAppointment(CancelAppointment {
            appointment_id: cardiology_appointment.id.clone(),
            pathway_id: cardiology_appointment.pathway_id.clone(),
            session_id: cardiology_appointment.session_id.clone(),
            by: CancelledBy::Patient,
            reason: "Moved away".into(),
        }),
    );
    let refused = push_as(server, &booker, "uro-booking-desk", vec![cancel]).await;
    let rejection = rejection_of(&refused);
    assert_eq!(rejection.code, RejectionCode::NotFound, "{rejection:?}");
    assert!(!rejection.message.contains(CARD), "{}", rejection.message);
    let still = server
        .pull_all(2000)
        .await
        .into_iter()
        .find(|c| c.record.key() == RecordKey::new(RecordKind::Appointment, &cardiology_appointment.id));
    assert!(matches!(still.map(|c| c.record), Some(Record::Appointment(a)) if a.status == AppointmentStatus::Booked));
}

async fn a_refusal_reveals_nothing_of_another_services_records(server: &TestServer) {
    let all = seeded(server).await;
    let scopes = services_of(&all);
    let task = all
        .iter()
        .find_map(|record| match record {
            Record::Task(task)
                if task.status == pathdesk_core::tasks::TaskStatus::Open
                    && scopes[&record.key()] == scope_of(&[CARD]) =>
            {
                Some(task.clone())
            }
            _ => None,
        })
        .expect("an open cardiology task");
    let secretary = user_session(&server.database, "uro-sec", Role::MedicalSecretary, Some(&[URO])).await;
    // Reopening an open task would be refused as a conflict naming the task; for another service's task the
    // answer is only that it is not theirs.
    let reopen = envelope(
        "x1",
        1,
        Command::ReopenTask(ReopenTask { task_id: task.id.clone(), reason: "Peek".into(), stamp: None }),
    );
    let refused = push_as(server, &secretary, "uro-desk", vec![reopen]).await;
    let rejection = rejection_of(&refused);
    assert_eq!(rejection.code, RejectionCode::NotFound, "as for a task nobody has: {rejection:?}");
    assert!(!rejection.message.contains(&task.title), "the refusal names the task: {}", rejection.message);
}

async fn roles_refuse_what_they_do_not_do(server: &TestServer) {
    let all = seeded(server).await;
    let patient = patient_only_in(&all, URO);
    let appointment = all
        .iter()
        .find_map(|record| match record {
            Record::Appointment(a) if a.status == AppointmentStatus::Booked => Some(a.clone()),
            _ => None,
        })
        .unwrap();
    let reception = user_session(&server.database, "front-desk", Role::Receptionist, None).await;
    let cancel = envelope(
        "r1",
        1,
        Command::CancelAppointment(CancelAppointment {
            appointment_id: appointment.id.clone(),
            pathway_id: appointment.pathway_id.clone(),
            session_id: appointment.session_id.clone(),
            by: CancelledBy::Hospital,
            reason: "Clinic moved".into(),
        }),
    );
    let refused = push_as(server, &reception, "reception-pc", vec![cancel]).await;
    assert!(forbidden_reason(&refused).contains("receptionist cannot book, move or cancel"), "{refused:?}");

    let readonly = user_session(&server.database, "viewer", Role::ReadOnly, None).await;
    let commands = vec![
        add_note("v1", 1, &patient, "Looking only"),
        envelope("v2", 2, Command::RecordArrival(RecordArrival { appointment_id: appointment.id.clone() })),
        envelope("v3", 3, Command::CompleteTask(CompleteTask { task_id: "t-any".into(), note: None, stamp: None })),
    ];
    let refused = push_as(server, &readonly, "viewer-pc", commands).await;
    for result in &refused.results {
        assert!(
            matches!(&result.outcome, Outcome::Rejected { rejection } if rejection.code == RejectionCode::Forbidden && rejection.message.contains("read-only")),
            "{result:?}"
        );
    }
    assert!(!notes_on(server, &patient).await.contains(&"Looking only".to_string()));

    let lead = user_session(&server.database, "team-lead", Role::TeamLead, None).await;
    let applied = push_as(server, &lead, "lead-pc", vec![add_note("l1", 1, &patient, "Checked by lead")]).await;
    assert_eq!(applied.results[0].outcome, Outcome::Applied, "a team lead may");
}

async fn a_stolen_client_id_is_useless(server: &TestServer) {
    let all = seeded(server).await;
    let patient = patient_only_in(&all, URO);
    let lead = user_session(&server.database, "team-lead", Role::TeamLead, None).await;
    let thief = user_session(&server.database, "other", Role::TeamLead, None).await;
    push_as(server, &lead, "lead-pc", vec![add_note("s1", 1, &patient, "Mine")]).await;

    let body = serde_json::to_string(&push_request("lead-pc", vec![add_note("s2", 2, &patient, "Forged")])).unwrap();
    let (status, answer) = json_as(&server.raw, &thief, Method::POST, "/api/sync/push", Some(&body)).await;
    assert_error(status, &answer, StatusCode::FORBIDDEN, "client_not_yours", "belongs to another person");
    let (status, answer) =
        json_as(&server.raw, &thief, Method::GET, "/api/sync/pull?after=0&limit=5&client_id=lead-pc", None).await;
    assert_error(status, &answer, StatusCode::FORBIDDEN, "client_not_yours", "belongs to another person");
    let (status, _) = post_json(&server.raw, "/api/sync/push", &body).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "and without any session nothing at all");
    assert!(!notes_on(server, &patient).await.contains(&"Forged".to_string()));

    let (status, _) =
        json_as(&server.raw, &lead, Method::GET, "/api/sync/pull?after=0&limit=5&client_id=lead-pc", None).await;
    assert_eq!(status, StatusCode::OK, "the owner still syncs");
}

async fn a_patient_gaining_a_service_reaches_that_service(server: &TestServer) {
    let all = seeded(server).await;
    let patient = patient_only_in(&all, URO);
    let lead = user_session(&server.database, "team-lead", Role::TeamLead, None).await;
    push_as(server, &lead, "lead-pc", vec![add_note("g1", 1, &patient, "Prefers mornings")]).await;

    let cardiology = user_session(&server.database, "card-booker", Role::BookingCoordinator, Some(&[CARD])).await;
    let (first, cursor) = pull_all_as(server, &cardiology, Cursor::START, 500).await;
    assert!(first.iter().all(|record| record.key() != RecordKey::new(RecordKind::Patient, &patient)));

    // A cardiology referral arrives for the urology patient.
    let mut pathway = all
        .iter()
        .find_map(|record| match record {
            Record::Pathway(p) if p.patient_id == patient => Some(p.clone()),
            _ => None,
        })
        .unwrap();
    pathway.id = "pw-new-cardiology".into();
    pathway.specialty_id = CARD.into();
    let mut transaction = server.database.begin_write().await.unwrap();
    records::write(&mut transaction, &[Record::Pathway(pathway)]).await.unwrap();
    transaction.commit().await.unwrap();

    let (later, _) = pull_all_as(server, &cardiology, cursor, 500).await;
    let keys: BTreeSet<RecordKey> = later.iter().map(Record::key).collect();
    assert!(keys.contains(&RecordKey::new(RecordKind::Pathway, "pw-new-cardiology")));
    assert!(keys.contains(&RecordKey::new(RecordKind::Patient, &patient)), "the patient follows, past the cursor");
    assert!(later.iter().any(|r| matches!(r, Record::PatientNote(n) if n.patient_id == patient)), "with their notes");
    assert!(
        !later.iter().any(|r| matches!(r, Record::Pathway(p) if p.specialty_id == URO)),
        "not their urology pathway"
    );
}

fn scope_of(services: &[&str]) -> Scope {
    Scope::Services(services.iter().map(|s| s.to_string()).collect())
}

fn envelope(id: &str, seq: u64, command: Command) -> CommandEnvelope {
    CommandEnvelope { id: id.into(), seq, issued_on: today(), author: "claimed by the device".into(), command }
}

on_each_database!(
    a_user_pulls_only_their_services,
    another_services_records_cannot_be_changed,
    roles_refuse_what_they_do_not_do,
    a_refusal_reveals_nothing_of_another_services_records,
    a_stolen_client_id_is_useless,
    a_patient_gaining_a_service_reaches_that_service,
);

#[tokio::test]
async fn records_from_before_sign_in_get_their_services_at_start_up() {
    use pathdesk_server::config::DatabaseConfig;
    use pathdesk_server::db::Database;
    let server = sqlite_server().await;
    let all = seeded(&server).await;
    let expected = services_of(&all);
    // Make it look like data written before migration 0004 filled these columns.
    sqlx::query("UPDATE records SET services = NULL, patient_id = NULL").execute(server.database.pool()).await.unwrap();
    server.database.close().await;

    let reopened =
        Database::open(&DatabaseConfig::Sqlite { path: server.dir.path().join("pathdesk.sqlite") }).await.unwrap();
    let rows: Vec<(String, String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT kind, id, services, patient_id FROM records").fetch_all(reopened.pool()).await.unwrap();
    assert_eq!(rows.len(), all.len());
    for (kind, id, services, patient_id) in rows {
        let key = RecordKey::new(RecordKind::parse(&kind).unwrap(), id);
        assert_eq!(services.as_deref().map(Scope::decode).as_ref(), Some(&expected[&key]), "{key:?}");
        let record = all.iter().find(|record| record.key() == key).unwrap();
        assert_eq!(patient_id.as_deref(), record.patient_id(), "{key:?}");
    }
    reopened.close().await;
}

/// Registering a patient with their referral: reception, secretaries and booking co-ordinators may; read-only
/// people may not. A Urology-only secretary registers a patient for Urology, and then sees them; a patient
/// registered for Cardiology is not theirs to see.
#[tokio::test]
async fn registering_patients_follows_roles_and_services() {
    use pathdesk_core::command::RegisterPatient;
    use pathdesk_core::model::{Consultant, Priority, ReferralSource};
    use pathdesk_core::registration::{new_hospital_number, new_patient_id, NewReferral};
    let server = sqlite_server().await;
    let consultants =
        ["uro", "car"].map(|s| Record::Consultant(Consultant::new(format!("con-{s}"), format!("Dr {s}"), s)));
    pathdesk_server::db::seed::seed(&server.database, consultants.to_vec()).await.unwrap();
    let register = |nhs: &str, specialty: &str| {
        let id = new_patient_id(nhs);
        let mut patient = match patient(&id) {
            Record::Patient(p) => p,
            _ => unreachable!("patient() makes a patient"),
        };
        patient.nhs_number = nhs.into();
        patient.hospital_number = new_hospital_number(nhs);
        Command::RegisterPatient(RegisterPatient {
            patient: Box::new(patient),
            referral: Box::new(NewReferral {
                pathway_id: format!("pw-{nhs}"),
                patient_id: id,
                received_on: today(),
                source: ReferralSource::Gp,
                ubrn: None,
                original_clock_start: None,
                priority: Priority::Routine,
                cancer_route: None,
                specialty_id: specialty.into(),
                consultant_id: format!("con-{specialty}"),
                reason: "Referred by GP".into(),
            }),
            not_duplicates: vec![],
        })
    };
    let secretary = user_session(&server.database, "uro-sec", Role::MedicalSecretary, Some(&["uro"])).await;
    let reader = user_session(&server.database, "reader", Role::ReadOnly, None).await;
    let refused = push_as(&server, &reader, "desk-r", vec![envelope("r1", 1, register("9990001235", "uro"))]).await;
    assert!(forbidden_reason(&refused).contains("read-only"));
    let applied = push_as(&server, &secretary, "desk-s", vec![envelope("s1", 1, register("9990001235", "uro"))]).await;
    assert!(matches!(applied.results[0].outcome, pathdesk_core::sync::Outcome::Applied), "{applied:?}");
    let other = push_as(&server, &secretary, "desk-s", vec![envelope("s2", 2, register("9990001243", "car"))]).await;
    assert!(!matches!(other.results[0].outcome, pathdesk_core::sync::Outcome::Applied), "outside their services");
    let (seen, _) = pull_all_as(&server, &secretary, Cursor::START, 500).await;
    assert!(seen.iter().any(|r| r.id() == new_patient_id("9990001235")), "they see the patient they registered");
    assert!(!seen.iter().any(|r| r.id() == new_patient_id("9990001243")));
    server.finish().await;
}

/// Triage, clinic outcomes and the admitted list's work follow roles and services: secretaries and booking
/// co-ordinators record triage decisions, reception does not; reception records what a clinic decided but not a
/// pre-operative assessment (booking work); a Urology-only secretary cannot send a referral into Cardiology.
#[tokio::test]
async fn triage_and_outcomes_follow_roles_and_services() {
    use pathdesk_core::command::{RecordClinicOutcome, RecordPreOpAssessment, RecordSeen, TriageReferral};
    use pathdesk_core::model::{Appointment, Consultant, Pathway, Priority, ReferralSource, SlotType};
    use pathdesk_core::outcome::{ClinicOutcome, IntendedManagement, PreOpStatus, SurgicalPriority};
    use pathdesk_core::pathway::event::TriageDecision;
    let server = sqlite_server().await;
    let pathway = |id: &str, patient_id: &str| {
        let referral: pathdesk_core::pathway::PathwayEvent = serde_json::from_value(serde_json::json!(
            {"date": (today() - chrono::Days::new(10)).to_string(), "type": "referral_received", "source": "gp"}
        ))
        .unwrap();
        Record::Pathway(Pathway {
            id: id.into(),
            patient_id: patient_id.into(),
            specialty_id: "uro".into(),
            consultant_id: "con-uro".into(),
            priority: Priority::Routine,
            source: ReferralSource::Gp,
            cancer: false,
            events: vec![referral],
            follow_up_due: None,
            listed: None,
            validations: Vec::new(),
        })
    };
    let mut seed: Vec<Record> = [("con-uro", "uro"), ("con-uro-2", "uro"), ("con-car", "car")]
        .map(|(id, specialty)| Record::Consultant(Consultant::new(id, format!("Dr {id}"), specialty)))
        .to_vec();
    seed.extend([patient("pat-1"), patient("pat-2"), pathway("pw-1", "pat-1"), pathway("pw-2", "pat-2")]);
    seed.push(Record::Appointment(Appointment {
        id: "appt-1".into(),
        patient_id: "pat-2".into(),
        pathway_id: "pw-2".into(),
        session_id: "ses-1".into(),
        slot_id: "slot-1".into(),
        date: today(),
        start: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        slot_type: SlotType::New,
        status: AppointmentStatus::Booked,
        booked_on: today() - chrono::Days::new(30),
        outcome: None,
        cancelled: None,
    }));
    pathdesk_server::db::seed::seed(&server.database, seed).await.unwrap();
    let triage = |pathway: &str, decision: TriageDecision, to: Option<&str>| {
        Command::TriageReferral(TriageReferral {
            pathway_id: pathway.into(),
            decided_on: today(),
            decision,
            clinician: "Dr con-uro".into(),
            priority: None,
            consultant_id: to.map(String::from),
            reason: "Seen the letter".into(),
        })
    };
    let reception = user_session(&server.database, "reception", Role::Receptionist, None).await;
    let secretary = user_session(&server.database, "uro-sec", Role::MedicalSecretary, Some(&["uro"])).await;
    let reader = user_session(&server.database, "reader", Role::ReadOnly, None).await;

    let refused =
        push_as(&server, &reception, "desk-r", vec![envelope("r1", 1, triage("pw-1", TriageDecision::Accepted, None))])
            .await;
    assert!(forbidden_reason(&refused).contains("record triage decisions"), "{refused:?}");
    let away = push_as(
        &server,
        &secretary,
        "desk-s",
        vec![envelope("s1", 1, triage("pw-1", TriageDecision::Redirected, Some("con-car")))],
    )
    .await;
    assert!(!matches!(away.results[0].outcome, Outcome::Applied), "Cardiology is not their service: {away:?}");
    let accepted =
        push_as(&server, &secretary, "desk-s", vec![envelope("s2", 2, triage("pw-1", TriageDecision::Accepted, None))])
            .await;
    assert_eq!(accepted.results[0].outcome, Outcome::Applied, "{accepted:?}");

    let seen = Command::RecordSeen(RecordSeen {
        appointment_id: "appt-1".into(),
        pathway_id: "pw-2".into(),
        consultant_id: None,
    });
    let listed = Command::RecordClinicOutcome(RecordClinicOutcome {
        procedure: Some("Flexible cystoscopy".into()),
        management: Some(IntendedManagement::DayCase),
        surgical_priority: Some(SurgicalPriority::P3),
        ..RecordClinicOutcome::new("appt-1", "pw-2", ClinicOutcome::ListedForProcedure)
    });
    let refused = push_as(&server, &reader, "desk-v", vec![envelope("v1", 1, listed.clone())]).await;
    assert!(forbidden_reason(&refused).contains("read-only"), "{refused:?}");
    let done = push_as(&server, &reception, "desk-r", vec![envelope("r2", 2, seen), envelope("r3", 3, listed)]).await;
    assert!(done.results.iter().all(|r| r.outcome == Outcome::Applied), "{done:?}");
    let pre_op = Command::RecordPreOpAssessment(RecordPreOpAssessment {
        pathway_id: "pw-2".into(),
        status: PreOpStatus::Booked,
        on: today() + chrono::Days::new(7),
    });
    let refused = push_as(&server, &reception, "desk-r", vec![envelope("r4", 4, pre_op.clone())]).await;
    assert!(forbidden_reason(&refused).contains("book, move or cancel"), "{refused:?}");
    let booked = push_as(&server, &secretary, "desk-s", vec![envelope("s3", 3, pre_op)]).await;
    assert!(forbidden_reason(&booked).contains("book, move or cancel"), "secretaries do not book either");

    let on_server: Vec<Record> = server.pull_all(500).await.into_iter().map(|c| c.record).collect();
    let pw1 = on_server.iter().find_map(|r| match r {
        Record::Pathway(p) if p.id == "pw-1" => Some(p.clone()),
        _ => None,
    });
    assert_eq!(pw1.unwrap().consultant_id, "con-uro", "the refused redirection changed nothing");
    let pw2 = on_server.iter().find_map(|r| match r {
        Record::Pathway(p) if p.id == "pw-2" => Some(p.clone()),
        _ => None,
    });
    assert_eq!(pw2.unwrap().listed.map(|l| l.procedure), Some("Flexible cystoscopy".into()));
    server.finish().await;
}
