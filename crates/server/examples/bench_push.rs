//! Benchmark: a desk's push as the server handles it, on the default SQLite file: each command checked, applied
//! and logged in its own transaction, made durable before it is acknowledged (`synchronous = FULL`). Prints the
//! median time to receive a push of 50 patient notes (a desk back from an offline morning) and the budget.
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

#[tokio::main]
async fn main() {
    let (_dir, database) = common::database().await;
    let today = pathdesk_server::uk_today();
    let user_id = common::user(&database, Role::MedicalSecretary, "Bench Secretary").await;
    let mut connection = database.pool().acquire().await.expect("a connection");
    let user = users::find_by_id(&mut connection, &user_id).await.expect("read").expect("the user");
    let patient = Record::Patient(Patient {
        id: "pat-bench".into(),
        nhs_number: "9990000018".into(),
        hospital_number: "RXBENCH".into(),
        family_name: "Bench".into(),
        given_name: "Testing".into(),
        date_of_birth: NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date"),
        phone: None,
        email: None,
        postcode: None,
        address: vec![],
        sex: None,
        contact_preference: None,
        gp_practice: None,
        interpreter_language: None,
    });
    records::write(&mut connection, &[patient]).await.expect("the patient");
    drop(connection);

    let mut seq = 0u64;
    let mut timings = Vec::new();
    for round in 0..=ROUNDS {
        let commands = (0..COMMANDS)
            .map(|_| {
                seq += 1;
                CommandEnvelope {
                    id: format!("bench-{seq}"),
                    seq,
                    issued_on: today,
                    author: "Bench Secretary".into(),
                    command: Command::AddPatientNote(AddPatientNote {
                        note_id: format!("note-{seq}"),
                        patient_id: "pat-bench".into(),
                        text: "Rang the patient: the new date suits.".into(),
                    }),
                }
            })
            .collect();
        let request = PushRequest { client_id: "bench-desk".into(), commands };
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
    database.close().await;
}
