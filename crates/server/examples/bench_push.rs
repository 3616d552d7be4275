//! Benchmark: a desk's push as the server handles it, on the default SQLite file: each command checked, applied
//! and logged in a savepoint of its own, the push made durable in one commit before it is acknowledged
//! (`synchronous = FULL`). Prints the median time to receive a push of 50 patient notes (a desk back from an
//! offline morning), and the commands a second four desks pushing at once get through, each with its budget.
//!
//! `cargo run --profile server -p pathdesk-server --example bench_push`

mod common;

use std::time::Instant;

use chrono::NaiveDate;
use pathdesk_core::access::Role;
use pathdesk_core::command::{AddPatientNote, Command};
use pathdesk_core::model::Patient;
use pathdesk_core::record::Record;
use pathdesk_core::sync::{CommandEnvelope, PushRequest};
use pathdesk_server::db::records;
use pathdesk_server::db::users;

/// Commands in one push.
const COMMANDS: usize = 50;
/// Pushes measured (after one to warm up).
const ROUNDS: usize = 9;
/// A desk that was offline all morning should be synced in well under a second.
const BUDGET_MS: f64 = 500.0;
/// Desks pushing at once, and their pushes of `COMMANDS` each.
const DESKS: usize = 4;
const PUSHES_EACH: usize = 10;
/// Commands a second the four desks together should get through (#17).
const THROUGHPUT_BUDGET: usize = 1000;

#[tokio::main]
async fn main() {
    let (_dir, database) = common::database().await;
    let today = pathdesk_server::uk_today();
    let user_id = common::user(&database, Role::MedicalSecretary, "Bench Secretary").await;
    let mut connection = database.pool().acquire().await.expect("a connection");
    let user = users::find_by_id(&mut connection, &user_id).await.expect("read").expect("the user");
    let patient = Record::Patient(Patient::new(
        "pat-bench",
        "9990000018",
        "RXBENCH",
        "Bench",
        "Testing",
        NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date"),
    ));
    records::write(&mut connection, &[patient]).await.expect("the patient");
    drop(connection);

    // `count` notes from one desk, numbered on from `after`.
    let notes = |desk: &str, after: u64, count: usize| -> PushRequest {
        let commands = (after + 1..=after + count as u64)
            .map(|seq| CommandEnvelope {
                id: format!("{desk}-{seq}"),
                seq,
                issued_on: today,
                author: "Bench Secretary".into(),
                command: Command::AddPatientNote(AddPatientNote {
                    note_id: format!("note-{desk}-{seq}"),
                    patient_id: "pat-bench".into(),
                    text: "Rang the patient: the new date suits.".into(),
                }),
            })
            .collect();
        PushRequest { client_id: desk.into(), commands }
    };
    let mut seq = 0u64;
    let mut timings = Vec::new();
    for round in 0..=ROUNDS {
        let request = notes("bench-desk", seq, COMMANDS);
        seq += COMMANDS as u64;
        let started = Instant::now();
        let response = pathdesk_server::push::push(&database, &user, &request, today).await.expect("the push");
        let took = started.elapsed().as_secs_f64() * 1000.0;
        assert_eq!(response.results.len(), COMMANDS);
        if round > 0 {
            timings.push(took);
        }
    }
    timings.sort_by(f64::total_cmp);
    let median = timings[timings.len() / 2];
    println!(
        "push of {COMMANDS} commands to SQLite, each durable before it is acknowledged: median {median:.1} ms \
         ({:.2} ms a command; budget {BUDGET_MS:.0} ms)",
        median / COMMANDS as f64
    );

    // Four desks pushing at once (#17): their pushes of 50 queue for SQLite's one writer.
    let started = Instant::now();
    let desks: Vec<_> = (1..=DESKS)
        .map(|desk| {
            let (database, user) = (database.clone(), user.clone());
            let requests: Vec<PushRequest> = (0..PUSHES_EACH)
                .map(|push| notes(&format!("desk-{desk}"), (push * COMMANDS) as u64, COMMANDS))
                .collect();
            tokio::spawn(async move {
                for request in requests {
                    let response = pathdesk_server::push::push(&database, &user, &request, today).await.expect("push");
                    assert!(response.results.iter().all(|r| r.outcome == pathdesk_core::sync::Outcome::Applied));
                }
            })
        })
        .collect();
    for desk in desks {
        desk.await.expect("a desk's pushes");
    }
    let seconds = started.elapsed().as_secs_f64();
    let total = DESKS * PUSHES_EACH * COMMANDS;
    println!(
        "{DESKS} desks pushing {total} commands at once to SQLite: {:.0} commands a second (budget at least \
         {THROUGHPUT_BUDGET} a second)",
        total as f64 / seconds
    );
    database.close().await;
}
