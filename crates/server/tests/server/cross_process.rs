//! Several server processes on one PostgreSQL database (#17): each "process" here is its own pool of connections
//! on the test's database, as a second `pathdesk-server` would hold, so its transactions and locks are its own.
//! Writers commit in any order, a desk following its cursor still misses nothing; a retry through another process
//! is answered the same and applied once; a process frozen inside a transaction holds back pulls only until
//! PostgreSQL ends that transaction, and no other writer at all. (Killing a real process mid-push, and the database
//! dropping every connection, are in `kill_fault.rs`.)

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::common::*;
use axum::http::StatusCode;
use pathdesk_core::record::{Record, RecordKey};
use pathdesk_core::sync::{Cursor, Outcome, PushResponse};
use pathdesk_server::db::{records, seed, Database};

/// Every change after `after`, page by page: the records and where the desk is now.
async fn follow(server: &TestServer, after: Cursor) -> (Vec<Record>, Cursor) {
    let (mut after, mut seen) = (after, Vec::new());
    loop {
        let page = server.pull(after, 100).await;
        seen.extend(page.changes.into_iter().map(|change| change.record));
        after = page.next_cursor;
        if !page.has_more {
            return (seen, after);
        }
    }
}

fn ids(records: &[Record]) -> Vec<String> {
    records.iter().map(|record| record.id().to_string()).collect()
}

/// The case the shared counter used to guard: transaction A takes its place in the feed first, B second, B commits
/// first. A desk that pulled B and moved its cursor past it would never see A. The pull holds B back until A has
/// finished, then delivers both, A first.
#[tokio::test]
async fn a_desk_never_passes_a_change_still_to_commit() {
    let server = postgres_server().await.expect("a PostgreSQL test server");
    seed::seed(&server.database, vec![patient("p1")]).await.unwrap();
    let (_, start) = follow(&server, Cursor::START).await;
    let other = server.other_process().await;

    let mut first = server.database.begin_write().await.unwrap();
    records::write(&mut first, &[open_task("task-a")]).await.unwrap();
    let mut second = other.database.begin_write().await.unwrap();
    records::write(&mut second, &[open_task("task-b")]).await.unwrap();
    second.commit().await.unwrap();

    let (seen, cursor) = follow(&server, start).await;
    assert_eq!(ids(&seen), Vec::<String>::new(), "B waits while A, before it in the feed, is still open");
    assert_eq!(cursor, start, "the desk's cursor stays put");

    first.commit().await.unwrap();
    let (seen, cursor) = follow(&server, start).await;
    assert_eq!(ids(&seen), ["task-a", "task-b"], "both, in the order they took their places");
    let (after, _) = follow(&server, cursor).await;
    assert!(after.is_empty(), "and nothing twice: {:?}", ids(&after));
    other.database.close().await;
    server.finish().await;
}

/// Writers in three processes holding their transactions open for different times, so they commit out of the
/// order they wrote in, while a desk pulls small pages as it goes: it ends with exactly what the server holds.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_desk_following_its_cursor_misses_nothing_while_three_processes_commit_out_of_order() {
    const WRITERS: usize = 6;
    const WRITES_EACH: usize = 25;
    let server = postgres_server().await.expect("a PostgreSQL test server");
    seed::seed(&server.database, vec![patient("p1")]).await.unwrap();
    let processes =
        [server.database.clone(), server.other_process().await.database, server.other_process().await.database];
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let database: Database = processes[writer % processes.len()].clone();
            tokio::spawn(async move {
                for write in 0..WRITES_EACH {
                    let mut transaction = database.begin_write().await.unwrap();
                    let mut task = open_task(&format!("task-{writer}-{write}"));
                    if let Record::Task(task) = &mut task {
                        task.title = format!("Written by writer {writer}, time {write}");
                    }
                    records::write(&mut transaction, &[task]).await.unwrap();
                    // Held open 0 to 12 ms, differently per writer and time: commits overtake one another.
                    tokio::time::sleep(Duration::from_millis(((writer * 7 + write * 5) % 13) as u64)).await;
                    transaction.commit().await.unwrap();
                }
            })
        })
        .collect();

    let mut desk: HashMap<RecordKey, Record> = HashMap::new();
    let mut cursor = Cursor::START;
    let mut pulls_during_writes = 0;
    while writers.iter().any(|writer| !writer.is_finished()) {
        let page = server.pull(cursor, 7).await;
        pulls_during_writes += 1;
        for change in page.changes {
            desk.insert(change.record.key(), change.record);
        }
        cursor = page.next_cursor;
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    for writer in writers {
        writer.await.expect("a writer failed");
    }
    let (rest, _) = follow(&server, cursor).await;
    for record in rest {
        desk.insert(record.key(), record);
    }
    assert!(pulls_during_writes > 20, "the desk pulled while the writers wrote ({pulls_during_writes} pulls)");
    let held: HashMap<RecordKey, Record> =
        server.pull_all(2000).await.into_iter().map(|change| (change.record.key(), change.record)).collect();
    assert_eq!(held.len(), 1 + WRITERS * WRITES_EACH);
    let missed: Vec<&RecordKey> = held.keys().filter(|key| !desk.contains_key(*key)).collect();
    assert!(missed.is_empty(), "the desk missed {} changes: {missed:?}", missed.len());
    assert_eq!(desk, held);
    for database in &processes[1..] {
        database.close().await;
    }
    server.finish().await;
}

/// A desk's push reached one process, which applied it, but the answer was lost; the desk's retry reaches another
/// process (the proxy chose another). It gets the same answer, and the note is written once.
#[tokio::test]
async fn a_retry_through_another_process_gets_the_same_answer_and_is_applied_once() {
    let server = postgres_server().await.expect("a PostgreSQL test server");
    seed::seed(&server.database, vec![patient("p1")]).await.unwrap();
    let other = server.other_process().await;
    let request = push_request(
        "desk-1",
        vec![add_note("c1", 1, "p1", "Rang: prefers mornings"), add_note("c2", 2, "p1", "Interpreter: Polish")],
    );
    let body = serde_json::to_string(&request).unwrap();
    let (status, first) = post_json(&server.app, "/api/sync/push", &body).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let (status, retried) = post_json(&other.app, "/api/sync/push", &body).await;
    assert_eq!(status, StatusCode::OK, "{retried}");
    assert_eq!(first, retried, "the stored answer, whichever process gives it");
    let results: PushResponse = serde_json::from_value(retried).unwrap();
    assert!(results.results.iter().all(|result| result.outcome == Outcome::Applied), "{results:?}");
    let notes: Vec<String> = server
        .pull_all(500)
        .await
        .into_iter()
        .filter_map(|change| match change.record {
            Record::PatientNote(note) => Some(note.text),
            _ => None,
        })
        .collect();
    assert_eq!(notes, ["Rang: prefers mornings", "Interpreter: Polish"], "each once");
    other.database.close().await;
    server.finish().await;
}

/// A process frozen (a paused VM) in the middle of a write: it has taken its place in the feed and holds the row it
/// was changing. Other processes' pushes go through at once; desks do not see them until the frozen transaction
/// ends, because they come after it in the feed; PostgreSQL ends it after `idle_in_transaction_session_timeout` (the
/// server sets 30 s on its connections; this frozen one is given 6 s to keep the test short), and then they do.
/// Nothing the frozen process had written appears.
#[tokio::test]
async fn a_frozen_process_holds_back_no_writer_and_pulls_only_until_postgresql_ends_its_transaction() {
    let server = postgres_server().await.expect("a PostgreSQL test server");
    seed::seed(&server.database, vec![patient("p1"), patient("p2")]).await.unwrap();
    let (_, start) = follow(&server, Cursor::START).await;
    let frozen = server.other_process().await;

    let mut connection = frozen.database.pool().acquire().await.unwrap();
    sqlx::query("SET idle_in_transaction_session_timeout = '6s'").execute(&mut *connection).await.unwrap();
    sqlx::query("BEGIN").execute(&mut *connection).await.unwrap();
    let mut changed = patient("p1");
    if let Record::Patient(patient) = &mut changed {
        patient.family_name = "NEVER-COMMITTED".into();
    }
    records::write(&mut connection, &[changed]).await.unwrap();
    let frozen_at = Instant::now();

    let started = Instant::now();
    let (status, body) =
        server.push(&push_request("desk-2", vec![add_note("n1", 1, "p2", "Booked for Tuesday")])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Not held up: well inside the 6 s the frozen transaction lasts (and the 5 s lock timeout a wait would hit).
    assert!(started.elapsed() < Duration::from_secs(4), "the push is not held up: {:?}", started.elapsed());
    let (seen, _) = follow(&server, start).await;
    assert!(frozen_at.elapsed() < Duration::from_secs(6), "checked while the frozen transaction is still open");
    assert!(seen.is_empty(), "held back behind the frozen transaction: {:?}", ids(&seen));

    let mut waited = Duration::ZERO;
    let seen = loop {
        let (seen, _) = follow(&server, start).await;
        if !seen.is_empty() || frozen_at.elapsed() > Duration::from_secs(20) {
            break seen;
        }
        waited = frozen_at.elapsed();
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(!seen.is_empty(), "still held back after {waited:?}");
    assert!(frozen_at.elapsed() >= Duration::from_secs(6), "not before PostgreSQL ended the frozen transaction");
    let kinds: Vec<&str> = seen.iter().map(|record| record.kind().as_str()).collect();
    assert_eq!(kinds, ["patient_note"], "the note, and nothing the frozen process wrote");
    drop(connection);
    frozen.database.close().await;
    server.finish().await;
}

/// A transaction left open in another database on the same PostgreSQL server (another application's, or a person's
/// psql session) never writes Pathdesk's records, so it must not hold Pathdesk's desks back.
#[tokio::test]
async fn a_transaction_left_open_in_another_database_holds_back_nothing() {
    use sqlx::Connection;
    let server = postgres_server().await.expect("a PostgreSQL test server");
    seed::seed(&server.database, vec![patient("p1")]).await.unwrap();
    let (_, start) = follow(&server, Cursor::START).await;
    let admin_url = std::env::var("PATHDESK_TEST_POSTGRES_URL").unwrap();
    let mut elsewhere = sqlx::PgConnection::connect(&admin_url).await.unwrap();
    sqlx::query("BEGIN").execute(&mut elsewhere).await.unwrap();
    sqlx::query("SELECT pg_current_xact_id()").execute(&mut elsewhere).await.unwrap();

    let (status, body) =
        server.push(&push_request("desk-1", vec![add_note("n1", 1, "p1", "Booked for Tuesday")])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (seen, _) = follow(&server, start).await;
    assert_eq!(ids(&seen), ["note-n1"], "pulled at once");
    sqlx::query("ROLLBACK").execute(&mut elsewhere).await.unwrap();
    elsewhere.close().await.unwrap();
    server.finish().await;
}
