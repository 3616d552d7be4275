//! Bookings from several desks at once: the database keeps every slot within its capacity, the first booking to
//! arrive keeps the place, and every booking that lost its place is refused with who needs rebooking and leaves a
//! task for the booking team, in the same transaction. Runs on SQLite and, when configured, PostgreSQL.

use pathdesk_core::command::{BookAppointment, CancelAppointment, RebookAppointment, RecordDidNotAttend};
use std::collections::HashMap;
use std::sync::Arc;

use crate::common::*;
use axum::http::StatusCode;
use chrono::{Days, NaiveDate, NaiveTime};
use pathdesk_core::command::{CancelledBy, Command};
use pathdesk_core::model::{
    AppointmentStatus, ClinicSession, Pathway, Priority, ReferralSource, SessionStatus, Slot, SlotType,
};
use pathdesk_core::pathway::event::{Referral, ReferralSource as EventSource};
use pathdesk_core::pathway::{EventKind, PathwayEvent};
use pathdesk_core::record::Record;
use pathdesk_core::sync::{CommandEnvelope, CommandResult, Outcome, PushResponse};
use pathdesk_core::tasks::{Task, TaskKind};
use pathdesk_server::db::{places, seed};

const DESKS: usize = 8;

fn clinic_date() -> NaiveDate {
    today() + Days::new(28)
}

fn clinic(capacity: u32) -> Record {
    let slot = |id: &str, h: u32, capacity: u32| Slot {
        id: id.to_string(),
        slot_type: SlotType::New,
        start: NaiveTime::from_hms_opt(h, 0, 0).unwrap(),
        minutes: 20,
        capacity,
    };
    Record::ClinicSession(ClinicSession {
        id: "ses-1".to_string(),
        template_id: None,
        consultant_id: "con-1".to_string(),
        specialty_id: "spec-uro".to_string(),
        name: "Urology new patients".to_string(),
        date: clinic_date(),
        start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        end: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
        location: "Outpatients B".to_string(),
        status: SessionStatus::Scheduled,
        slots: vec![slot("slot-0900", 9, capacity), slot("slot-1000", 10, 1)],
    })
}

fn pathway(n: usize) -> Record {
    Record::Pathway(Pathway {
        id: format!("pw{n}"),
        patient_id: format!("p{n}"),
        specialty_id: "spec-uro".to_string(),
        consultant_id: "con-1".to_string(),
        priority: Priority::Routine,
        source: ReferralSource::Gp,
        cancer: false,
        follow_up_due: None,
        listed: None,
        validations: Vec::new(),
        events: vec![PathwayEvent::new(
            today() - Days::new(30),
            EventKind::ReferralReceived(Box::new(Referral { source: Some(EventSource::Gp), ..Referral::default() })),
        )],
    })
}

async fn seed_clinic(server: &TestServer, capacity: u32) {
    let mut today_clinic = clinic(1);
    if let Record::ClinicSession(session) = &mut today_clinic {
        session.id = "ses-today".to_string();
        session.date = today();
        session.slots.truncate(1);
        session.slots[0].id = "slot-today".to_string();
    }
    let mut records = vec![clinic(capacity), today_clinic];
    for n in 0..DESKS {
        records.push(patient(&format!("p{n}")));
        records.push(pathway(n));
    }
    seed::seed(&server.database, records).await.unwrap();
}

fn envelope(id: &str, seq: u64, command: Command) -> CommandEnvelope {
    CommandEnvelope { id: id.to_string(), seq, issued_on: today(), author: "B. Coordinator".to_string(), command }
}

fn book(n: usize, appointment_id: &str, slot_id: &str) -> Command {
    Command::BookAppointment(BookAppointment {
        appointment_id: appointment_id.to_string(),
        pathway_id: format!("pw{n}"),
        session_id: "ses-1".to_string(),
        slot_id: slot_id.to_string(),
        offered_on: today(),
        patient_accepted_earlier_date: false,
        past_deadline_reason: None,
        consultant_id: None,
    })
}

async fn push_one(server: &TestServer, desk: &str, command: CommandEnvelope) -> CommandResult {
    let (status, body) = server.push(&push_request(desk, vec![command])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut response: PushResponse = serde_json::from_value(body).unwrap();
    response.results.remove(0)
}

/// Every desk books its own patient into the same slot at the same moment.
async fn race(server: &TestServer) -> Vec<(usize, CommandResult)> {
    race_through(vec![server.app.clone()]).await
}

/// The same race, desk n pushing through server process n mod `processes.len()`.
async fn race_through(processes: Vec<axum::Router>) -> Vec<(usize, CommandResult)> {
    let processes = Arc::new(processes);
    let desks: Vec<_> = (0..DESKS)
        .map(|n| {
            let processes = processes.clone();
            tokio::spawn(async move {
                let request = push_request(
                    &format!("desk-{n}"),
                    vec![envelope(&format!("c{n}"), 1, book(n, &format!("a{n}"), "slot-0900"))],
                );
                let body = serde_json::to_string(&request).unwrap();
                let app = &processes[n % processes.len()];
                let (status, json) = post_json(app, "/api/sync/push", &body).await;
                assert_eq!(status, StatusCode::OK, "{json}");
                let mut response: PushResponse = serde_json::from_value(json).unwrap();
                (n, response.results.remove(0))
            })
        })
        .collect();
    let mut results = Vec::new();
    for desk in desks {
        results.push(desk.await.expect("a desk failed"));
    }
    results
}

fn rebooking_tasks(records: &HashMap<String, Record>) -> Vec<Task> {
    records
        .values()
        .filter_map(|record| match record {
            Record::Task(task) if task.title.starts_with("Needs rebooking:") => Some(task.clone()),
            _ => None,
        })
        .collect()
}

async fn server_records(server: &TestServer) -> HashMap<String, Record> {
    server
        .pull_all(2000)
        .await
        .into_iter()
        .map(|change| (format!("{}/{}", change.record.kind().as_str(), change.record.id()), change.record))
        .collect()
}

async fn places_taken(server: &TestServer, slot_id: &str) -> i64 {
    let mut connection = server.database.pool().acquire().await.unwrap();
    places::count(&mut connection, slot_id).await.unwrap()
}

/// The races run on a multi-threaded runtime, so the desks' pushes really run side by side.
macro_rules! raced_on_each_database {
    ($($test:ident),* $(,)?) => {
        $(
            mod $test {
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn sqlite() {
                    let server = crate::common::sqlite_server().await;
                    super::$test(&server).await;
                    server.finish().await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn postgres() {
                    let server = crate::common::postgres_server().await.expect("a PostgreSQL test server");
                    super::$test(&server).await;
                    server.finish().await;
                }
            }
        )*
    };
}

raced_on_each_database!(
    eight_desks_racing_for_the_last_place_leave_one_booking_and_seven_rebooking_tasks,
    a_slot_of_three_takes_three_of_eight_desks,
);

on_each_database!(
    the_database_refuses_a_place_even_when_the_records_miss_a_booking,
    cancelling_frees_the_place_a_missed_appointment_keeps_it_and_rebooking_moves_it,
    a_booking_does_not_wait_for_another_transaction_that_reads_the_trust_settings,
);

/// Every booking reads the trust settings; none changes them. One booking in flight (here: a transaction holding
/// what a booking holds on them) must not make the next wait: on PostgreSQL they are read under a shared lock.
async fn a_booking_does_not_wait_for_another_transaction_that_reads_the_trust_settings(server: &TestServer) {
    use pathdesk_core::settings::TrustSettings;
    use pathdesk_server::db::Backend;
    seed::seed(
        &server.database,
        vec![clinic(2), patient("p0"), pathway(0), Record::TrustSettings(TrustSettings::default())],
    )
    .await
    .unwrap();
    let mut other = server.database.pool().acquire().await.unwrap();
    sqlx::query("BEGIN").execute(&mut *other).await.unwrap();
    let share = match server.database.backend() {
        Backend::Postgres => " FOR SHARE",
        Backend::Sqlite => "",
    };
    sqlx::query(&format!("SELECT data FROM records WHERE kind = 'trust_settings'{share}"))
        .fetch_all(&mut *other)
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let result = push_one(server, "desk-0", envelope("c0", 1, book(0, "a0", "slot-0900"))).await;
    assert_eq!(result.outcome, Outcome::Applied);
    assert!(started.elapsed() < std::time::Duration::from_secs(3), "waited {:?}", started.elapsed());
    sqlx::query("ROLLBACK").execute(&mut *other).await.unwrap();
}

async fn eight_desks_racing_for_the_last_place_leave_one_booking_and_seven_rebooking_tasks(server: &TestServer) {
    seed_clinic(server, 1).await;
    let results = race(server).await;

    let applied: Vec<usize> =
        results.iter().filter(|(_, result)| result.outcome == Outcome::Applied).map(|(n, _)| *n).collect();
    assert_eq!(applied.len(), 1, "exactly one desk keeps the place: {results:?}");
    let winner = applied[0];
    for (n, result) in results.iter().filter(|(n, _)| *n != winner) {
        let Outcome::Rejected { rejection } = &result.outcome else { panic!("desk {n}: {result:?}") };
        assert_eq!(
            rejection.message,
            format!(
                "Slot taken while you were offline: Urology new patients {} 09:00 was booked from another desk. The \
                 patient needs rebooking.",
                clinic_date().format("%-d %b %Y")
            )
        );
        let needs = rejection.needs_rebooking().expect("who needs rebooking");
        assert_eq!(needs.patient_id, format!("p{n}"));
        assert_eq!((needs.session_id.as_str(), needs.slot_id.as_str()), ("ses-1", "slot-0900"));
    }

    let records = server_records(server).await;
    let tasks = rebooking_tasks(&records);
    assert_eq!(tasks.len(), DESKS - 1, "one task per desk that lost the place");
    for task in &tasks {
        assert_eq!(task.kind, TaskKind::Other);
        assert_eq!(task.assignee, "Booking team");
        assert!(task.title.ends_with(&format!("for Urology new patients {}", clinic_date().format("%-d %b %Y"))));
        assert!(task.title.contains("TESTPERSON, Alex"), "{}", task.title);
        let patient = task.patient_id.as_deref().unwrap();
        assert_ne!(patient, format!("p{winner}"));
    }
    let booked: Vec<&Record> = records.values().filter(|record| matches!(record, Record::Appointment(_))).collect();
    assert_eq!(booked.len(), 1, "only the winner's appointment exists");
    match records.get("clinic_list/ses-1") {
        Some(Record::ClinicList(list)) => assert_eq!(list.booked("slot-0900"), 1),
        other => panic!("the clinic list: {other:?}"),
    }
    assert_eq!(places_taken(server, "slot-0900").await, 1);

    // A loser pushing again (a lost response) gets the same answer and no second task.
    let loser = (0..DESKS).find(|n| *n != winner).unwrap();
    let again = push_one(
        server,
        &format!("desk-{loser}"),
        envelope(&format!("c{loser}"), 1, book(loser, &format!("a{loser}"), "slot-0900")),
    )
    .await;
    assert!(matches!(again.outcome, Outcome::Rejected { .. }));
    assert_eq!(rebooking_tasks(&server_records(server).await).len(), DESKS - 1);
}

/// Three server processes on one PostgreSQL database, the eight desks spread over them: still one booking, and
/// seven refusals each with its rebooking task. The place is a row in the database, not a lock in one process.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn desks_racing_through_three_processes_for_the_last_place_leave_one_booking() {
    let server = postgres_server().await.expect("a PostgreSQL test server");
    seed_clinic(&server, 1).await;
    let (second, third) = (server.other_process().await, server.other_process().await);
    let results = race_through(vec![server.app.clone(), second.app.clone(), third.app.clone()]).await;
    let applied = results.iter().filter(|(_, result)| result.outcome == Outcome::Applied).count();
    assert_eq!(applied, 1, "exactly one desk keeps the place: {results:?}");
    for (n, result) in results.iter().filter(|(_, result)| result.outcome != Outcome::Applied) {
        let Outcome::Rejected { rejection } = &result.outcome else { panic!("desk {n}: {result:?}") };
        assert_eq!(rejection.needs_rebooking().expect("who needs rebooking").patient_id, format!("p{n}"));
    }
    assert_eq!(rebooking_tasks(&server_records(&server).await).len(), DESKS - 1);
    assert_eq!(places_taken(&server, "slot-0900").await, 1);
    second.database.close().await;
    third.database.close().await;
    server.finish().await;
}

async fn a_slot_of_three_takes_three_of_eight_desks(server: &TestServer) {
    seed_clinic(server, 3).await;
    let results = race(server).await;
    let applied = results.iter().filter(|(_, result)| result.outcome == Outcome::Applied).count();
    assert_eq!(applied, 3, "{results:?}");
    assert_eq!(rebooking_tasks(&server_records(server).await).len(), DESKS - 3);
    assert_eq!(places_taken(server, "slot-0900").await, 3);
}

async fn the_database_refuses_a_place_even_when_the_records_miss_a_booking(server: &TestServer) {
    seed_clinic(server, 1).await;
    let first = push_one(server, "desk-0", envelope("c0", 1, book(0, "a0", "slot-0900"))).await;
    assert_eq!(first.outcome, Outcome::Applied);
    // The clinic list loses its booking (as if written by an older server): the core's rules now see a free slot.
    sqlx::query("DELETE FROM records WHERE kind = 'clinic_list' AND id = 'ses-1'")
        .execute(server.database.pool())
        .await
        .unwrap();

    let second = push_one(server, "desk-1", envelope("c1", 1, book(1, "a1", "slot-0900"))).await;
    let Outcome::Rejected { rejection } = &second.outcome else {
        panic!("the database let a second booking in: {second:?}")
    };
    assert!(rejection.message.starts_with("Slot taken while you were offline"), "{}", rejection.message);
    let records = server_records(server).await;
    assert!(!records.contains_key("appointment/a1"), "the refused booking wrote nothing");
    assert!(!records.contains_key("clinic_list/ses-1"), "nor the clinic list");
    assert_eq!(rebooking_tasks(&records).len(), 1);
    assert_eq!(places_taken(server, "slot-0900").await, 1);
}

async fn cancelling_frees_the_place_a_missed_appointment_keeps_it_and_rebooking_moves_it(server: &TestServer) {
    seed_clinic(server, 1).await;
    let desk = "desk-0";
    let mut seq = 0;
    let mut next = |command: Command| {
        seq += 1;
        envelope(&format!("c{seq}"), seq, command)
    };
    assert_eq!(push_one(server, desk, next(book(0, "a0", "slot-0900"))).await.outcome, Outcome::Applied);
    assert_eq!(places_taken(server, "slot-0900").await, 1);

    let cancel = Command::CancelAppointment(CancelAppointment {
        appointment_id: "a0".to_string(),
        pathway_id: "pw0".to_string(),
        session_id: "ses-1".to_string(),
        by: CancelledBy::Patient,
        reason: "Moving house".to_string(),
    });
    assert_eq!(push_one(server, desk, next(cancel)).await.outcome, Outcome::Applied);
    assert_eq!(places_taken(server, "slot-0900").await, 0);

    assert_eq!(push_one(server, desk, next(book(1, "a1", "slot-0900"))).await.outcome, Outcome::Applied);
    let rebook = Command::RebookAppointment(RebookAppointment {
        appointment_id: "a1".to_string(),
        pathway_id: "pw1".to_string(),
        old_session_id: "ses-1".to_string(),
        new_appointment_id: "a1b".to_string(),
        session_id: "ses-1".to_string(),
        slot_id: "slot-1000".to_string(),
        reason: None,
        patient_accepted_earlier_date: false,
        past_deadline_reason: None,
        consultant_id: None,
    });
    assert_eq!(push_one(server, desk, next(rebook)).await.outcome, Outcome::Applied);
    assert_eq!((places_taken(server, "slot-0900").await, places_taken(server, "slot-1000").await), (0, 1));

    // A missed appointment used its place: it is not given back.
    let today_booking = Command::BookAppointment(BookAppointment {
        appointment_id: "a2".to_string(),
        pathway_id: "pw2".to_string(),
        session_id: "ses-today".to_string(),
        slot_id: "slot-today".to_string(),
        offered_on: today(),
        patient_accepted_earlier_date: true,
        past_deadline_reason: None,
        consultant_id: None,
    });
    assert_eq!(push_one(server, desk, next(today_booking)).await.outcome, Outcome::Applied);
    let dna = Command::RecordDidNotAttend(RecordDidNotAttend {
        appointment_id: "a2".to_string(),
        pathway_id: "pw2".to_string(),
        clearly_communicated: true,
    });
    assert_eq!(push_one(server, desk, next(dna)).await.outcome, Outcome::Applied);
    assert_eq!(places_taken(server, "slot-today").await, 1);

    let records = server_records(server).await;
    match records.get("appointment/a2") {
        Some(Record::Appointment(missed)) => assert_eq!(missed.status, AppointmentStatus::DidNotAttend),
        other => panic!("{other:?}"),
    }
    match records.get("appointment/a1") {
        Some(Record::Appointment(old)) => assert_eq!(old.status, AppointmentStatus::CancelledByHospital),
        other => panic!("{other:?}"),
    }
    match records.get("pathway/pw0") {
        Some(Record::Pathway(pathway)) => {
            assert!(matches!(pathway.events.last().unwrap().kind, EventKind::PatientCancelled { .. }))
        }
        other => panic!("{other:?}"),
    }
}

/// A database that held bookings before slot places existed: at the next start each booking gets its place and
/// each session its clinic list, once.
#[tokio::test]
async fn bookings_from_before_slot_places_get_their_places_at_start_up() {
    use pathdesk_server::config::DatabaseConfig;
    use pathdesk_server::db::Database;

    let server = sqlite_server().await;
    seed_clinic(&server, 2).await;
    for n in 0..2 {
        let result = push_one(
            &server,
            &format!("desk-{n}"),
            envelope(&format!("c{n}"), 1, book(n, &format!("a{n}"), "slot-0900")),
        )
        .await;
        assert_eq!(result.outcome, Outcome::Applied);
    }
    // Make it look like the old schema's data: no places, no clinic list, backfill pending.
    let pool = server.database.pool();
    sqlx::query("DELETE FROM slot_places").execute(pool).await.unwrap();
    sqlx::query("DELETE FROM records WHERE kind = 'clinic_list'").execute(pool).await.unwrap();
    sqlx::query("UPDATE counters SET value = 1 WHERE name = 'slot_places_backfill_pending'")
        .execute(pool)
        .await
        .unwrap();
    server.database.close().await;

    let path = server.dir.path().join("pathdesk.sqlite");
    let reopened = Database::open(&DatabaseConfig::Sqlite { path: path.clone() }).await.unwrap();
    let mut connection = reopened.pool().acquire().await.unwrap();
    assert_eq!(places::count(&mut connection, "slot-0900").await.unwrap(), 2);
    let list: (String,) = sqlx::query_as("SELECT data FROM records WHERE kind = 'clinic_list' AND id = 'ses-1'")
        .fetch_one(&mut *connection)
        .await
        .unwrap();
    let list: Record = serde_json::from_str(&list.0).unwrap();
    assert!(matches!(&list, Record::ClinicList(list) if list.booked("slot-0900") == 2), "{list:?}");
    drop(connection);
    reopened.close().await;

    // Once only: a later start leaves the places alone.
    let again = Database::open(&DatabaseConfig::Sqlite { path }).await.unwrap();
    let mut connection = again.pool().acquire().await.unwrap();
    assert_eq!(places::count(&mut connection, "slot-0900").await.unwrap(), 2);
    drop(connection);
    again.close().await;
}
