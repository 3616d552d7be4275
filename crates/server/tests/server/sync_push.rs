//! Pushing a device's outbox: each command applied once, in order, re-validated on the server.

use crate::common::*;
use axum::http::StatusCode;
use chrono::Days;
use pathdesk_core::command::CompleteTask;
use pathdesk_core::command::RejectionCode;
use pathdesk_core::record::{Record, RecordKind};
use pathdesk_core::sync::{Outcome, PushResponse};
use pathdesk_server::db::{command_log, seed};

on_each_database!(
    a_command_pushed_twice_is_applied_once_and_answered_the_same,
    a_sequence_gap_is_refused_and_nothing_after_it_is_applied,
    a_sequence_number_reused_with_a_different_id_is_refused,
    a_command_id_reused_by_another_device_is_refused,
    a_repeated_command_with_a_different_body_is_refused_and_the_first_kept,
    a_note_on_an_unknown_patient_is_rejected_logged_and_not_applied,
    an_unstamped_second_completion_from_an_older_device_gets_a_conflict,
    two_stamped_completions_both_stand_and_the_earlier_is_merged,
    a_change_dated_in_the_future_is_rejected,
    a_change_older_than_the_trust_s_offline_days_is_rejected_and_the_rest_applied,
    devices_keep_separate_sequences,
    a_push_stuck_behind_a_held_lock_is_answered_503_in_bounded_time_and_applies_later,
);

fn results(body: serde_json::Value) -> PushResponse {
    serde_json::from_value(body).expect("a PushResponse")
}

async fn notes_of(server: &TestServer) -> Vec<pathdesk_core::model::PatientNote> {
    server
        .pull_all(500)
        .await
        .into_iter()
        .filter_map(|change| match change.record {
            Record::PatientNote(note) => Some(note),
            _ => None,
        })
        .collect()
}

async fn a_command_pushed_twice_is_applied_once_and_answered_the_same(server: &TestServer) {
    seed::seed(&server.database, vec![patient("p1")]).await.unwrap();
    let request = push_request("desk-1", vec![add_note("c1", 1, "p1", "Prefers morning appointments")]);

    let (first_status, first) = server.push(&request).await;
    assert_eq!(first_status, StatusCode::OK, "{first}");
    // The response was lost; the device sends the same outbox again.
    let (second_status, second) = server.push(&request).await;
    assert_eq!(second_status, StatusCode::OK, "{second}");
    assert_eq!(first, second, "a repeat gets the stored answer");
    assert_eq!(results(first).results[0].outcome, Outcome::Applied);

    let notes = notes_of(server).await;
    assert_eq!(notes.len(), 1, "applied once: {notes:?}");
    assert_eq!(notes[0].text, "Prefers morning appointments");
    assert_eq!(notes[0].author, TEST_ADMIN_NAME, "the author is the signed-in user, not what the device claims");
    assert_eq!(notes[0].written_on, today());

    // A later push that starts with the already-applied command carries on from it.
    let (status, body) = server
        .push(&push_request(
            "desk-1",
            vec![
                add_note("c1", 1, "p1", "Prefers morning appointments"),
                add_note("c2", 2, "p1", "Interpreter: Polish"),
            ],
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let outcomes: Vec<_> = results(body).results.into_iter().map(|r| (r.id, r.seq, r.outcome)).collect();
    assert_eq!(outcomes, vec![("c1".into(), 1, Outcome::Applied), ("c2".into(), 2, Outcome::Applied)]);
    assert_eq!(notes_of(server).await.len(), 2);

    let mut connection = server.database.pool().acquire().await.unwrap();
    let log = command_log::for_device(&mut connection, "desk-1").await.unwrap();
    assert_eq!(log.iter().map(|entry| entry.command_id.as_str()).collect::<Vec<_>>(), ["c1", "c2"]);
}

async fn a_sequence_gap_is_refused_and_nothing_after_it_is_applied(server: &TestServer) {
    seed::seed(&server.database, vec![patient("p1")]).await.unwrap();
    let (status, body) = server.push(&push_request("desk-1", vec![add_note("c1", 1, "p1", "First")])).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Command 3 arrives without command 2: it and everything after it must wait.
    let (status, body) = server
        .push(&push_request("desk-1", vec![add_note("c3", 3, "p1", "Third"), add_note("c4", 4, "p1", "Fourth")]))
        .await;
    assert_error(status, &body, StatusCode::CONFLICT, "sequence_gap", "expected command 2 from this device, got 3");
    assert_eq!(notes_of(server).await.len(), 1, "nothing after the gap is applied");

    // In one push, the commands before the gap are applied and kept; a retry gets their stored answers.
    let (status, body) = server
        .push(&push_request("desk-1", vec![add_note("c2", 2, "p1", "Second"), add_note("c4", 4, "p1", "Fourth")]))
        .await;
    assert_error(status, &body, StatusCode::CONFLICT, "sequence_gap", "expected command 3 from this device, got 4");
    let texts: Vec<String> = notes_of(server).await.into_iter().map(|note| note.text).collect();
    assert_eq!(texts, ["First", "Second"]);

    let mut connection = server.database.pool().acquire().await.unwrap();
    let log = command_log::for_device(&mut connection, "desk-1").await.unwrap();
    assert_eq!(log.iter().map(|entry| entry.seq).collect::<Vec<_>>(), [1, 2], "refused commands are not logged");
}

async fn a_sequence_number_reused_with_a_different_id_is_refused(server: &TestServer) {
    seed::seed(&server.database, vec![patient("p1")]).await.unwrap();
    let (status, _) = server.push(&push_request("desk-1", vec![add_note("c1", 1, "p1", "First")])).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = server.push(&push_request("desk-1", vec![add_note("other", 1, "p1", "Not the first")])).await;
    assert_error(status, &body, StatusCode::CONFLICT, "sequence_reused", "already received with a different id (c1");
    assert_eq!(notes_of(server).await.len(), 1);
}

async fn a_command_id_reused_by_another_device_is_refused(server: &TestServer) {
    seed::seed(&server.database, vec![patient("p1")]).await.unwrap();
    let (status, _) = server.push(&push_request("desk-1", vec![add_note("c1", 1, "p1", "First")])).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = server.push(&push_request("desk-2", vec![add_note("c1", 1, "p1", "First")])).await;
    assert_error(status, &body, StatusCode::CONFLICT, "command_id_reused", "Each command needs its own id");
}

async fn a_repeated_command_with_a_different_body_is_refused_and_the_first_kept(server: &TestServer) {
    seed::seed(&server.database, vec![patient("p1")]).await.unwrap();
    let (status, _) = server.push(&push_request("desk-1", vec![add_note("c1", 1, "p1", "First")])).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = server.push(&push_request("desk-1", vec![add_note("c1", 1, "p1", "Rewritten")])).await;
    assert_error(status, &body, StatusCode::CONFLICT, "command_changed", "cannot be altered once sent");
    assert!(body["message"].as_str().unwrap().contains("(id c1)"), "{body}");
    let mut later = add_note("c1", 1, "p1", "First");
    later.issued_on = today() - Days::new(1);
    let (status, body) = server.push(&push_request("desk-1", vec![later])).await;
    assert_error(status, &body, StatusCode::CONFLICT, "command_changed", "was not applied");
    let notes = notes_of(server).await;
    assert_eq!(notes.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(), ["First"]);
    // The same body again is still a plain repeat.
    let (status, body) = server.push(&push_request("desk-1", vec![add_note("c1", 1, "p1", "First")])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn a_note_on_an_unknown_patient_is_rejected_logged_and_not_applied(server: &TestServer) {
    seed::seed(&server.database, vec![patient("p1")]).await.unwrap();
    let (status, body) =
        server.push(&push_request("desk-1", vec![add_note("c1", 1, "no-such-patient", "Hello")])).await;
    assert_eq!(status, StatusCode::OK, "a rejection is an answer for the person, not an HTTP error: {body}");
    let result = &results(body).results[0];
    match &result.outcome {
        Outcome::Rejected { rejection } => {
            assert_eq!(rejection.code, RejectionCode::NotFound);
            assert!(rejection.message.contains("No patient with id no-such-patient"), "{}", rejection.message);
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
    assert!(notes_of(server).await.is_empty());

    let mut connection = server.database.pool().acquire().await.unwrap();
    let log = command_log::for_device(&mut connection, "desk-1").await.unwrap();
    assert_eq!(log.len(), 1, "the rejection is in the audit trail");
    assert_eq!(log[0].author, TEST_ADMIN_NAME, "the log names the signed-in user");
    assert_eq!(log[0].issued_on, today());
    assert_eq!(log[0].outcome, result.outcome);
    drop(connection);

    // The device's sequence moves on: its next command is accepted.
    let (status, body) = server.push(&push_request("desk-1", vec![add_note("c2", 2, "p1", "Hello")])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(results(body).results[0].outcome, Outcome::Applied);
}

async fn an_unstamped_second_completion_from_an_older_device_gets_a_conflict(server: &TestServer) {
    seed::seed(&server.database, vec![open_task("t1")]).await.unwrap();
    // Two desks running a version from before clock stamps completed the task while offline: their commands have
    // no stamp to merge by, so the first push to arrive wins and the second is refused, as it was then.
    let (_, first) = server.push(&push_request("desk-1", vec![complete_task("a1", 1, "t1")])).await;
    let (status, second) = server.push(&push_request("desk-2", vec![complete_task("b1", 1, "t1")])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(results(first).results[0].outcome, Outcome::Applied);
    match &results(second).results[0].outcome {
        Outcome::Rejected { rejection } => {
            assert_eq!(rejection.code, RejectionCode::Conflict);
            assert!(rejection.message.contains("already done"), "{}", rejection.message);
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let tasks: Vec<_> =
        server.pull_all(100).await.into_iter().filter(|c| c.record.kind() == RecordKind::Task).collect();
    match &tasks[..] {
        [change] => match &change.record {
            Record::Task(task) => assert_eq!(task.history.len(), 1, "completed once: {:?}", task.history),
            other => panic!("{other:?}"),
        },
        other => panic!("expected one task, got {other:?}"),
    }
}

async fn two_stamped_completions_both_stand_and_the_earlier_is_merged(server: &TestServer) {
    use pathdesk_core::command::Command;
    use pathdesk_core::tasks::field::FieldStamp;
    use pathdesk_core::tasks::hlc::Hlc;
    seed::seed(&server.database, vec![open_task("t1")]).await.unwrap();
    let stamped = |id: &str, wall_ms: u64, node: &str, author: &str| {
        let mut envelope = complete_task(id, 1, "t1");
        envelope.author = author.to_string();
        let stamp = FieldStamp::new(Hlc { wall_ms, counter: 0, node: node.to_string() }, author, today());
        envelope.command = Command::CompleteTask(CompleteTask { task_id: "t1".into(), note: None, stamp: Some(stamp) });
        envelope
    };
    // Both desks completed the task while offline; the later completion (desk-2) reaches the server first.
    let (_, first) = server.push(&push_request("desk-2", vec![stamped("b1", 6_000, "desk-2", "J. Khan")])).await;
    let (status, second) = server.push(&push_request("desk-1", vec![stamped("a1", 5_000, "desk-1", "S. Patel")])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(results(first).results[0].outcome, Outcome::Applied);
    assert_eq!(results(second).results[0].outcome, Outcome::Merged, "nothing refused, the earlier write gave way");
    let task = server
        .pull_all(100)
        .await
        .into_iter()
        .find_map(|c| match c.record {
            Record::Task(task) => Some(task),
            _ => None,
        })
        .unwrap();
    assert_eq!(task.status, pathdesk_core::tasks::TaskStatus::Done);
    let lines: Vec<String> = task.stamps.full_history(&task).into_iter().map(|n| n.text).collect();
    assert_eq!(lines.iter().filter(|l| *l == "Completed").count(), 2, "both completions recorded: {lines:?}");
    assert!(lines.contains(&"Status done by S. Patel was set to the same again by J. Khan".to_string()), "{lines:?}");
}

async fn a_change_dated_in_the_future_is_rejected(server: &TestServer) {
    seed::seed(&server.database, vec![patient("p1")]).await.unwrap();
    let mut envelope = add_note("c1", 1, "p1", "From a computer with a wrong clock");
    envelope.issued_on = today().checked_add_days(Days::new(30)).unwrap();
    let (status, body) = server.push(&push_request("desk-1", vec![envelope])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    match &results(body).results[0].outcome {
        Outcome::Rejected { rejection } => {
            assert_eq!(rejection.code, RejectionCode::Invalid);
            assert!(rejection.message.contains("Check the date on this computer"), "{}", rejection.message);
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
    assert!(notes_of(server).await.is_empty());
}

async fn a_change_older_than_the_trust_s_offline_days_is_rejected_and_the_rest_applied(server: &TestServer) {
    use pathdesk_core::settings::TrustSettings;
    seed::seed(&server.database, vec![patient("p1")]).await.unwrap();
    let dated = |id: &str, seq: u64, days_ago: u64| {
        let mut envelope = add_note(id, seq, "p1", id);
        envelope.issued_on = today() - Days::new(days_ago);
        envelope
    };
    // 14 days by default: a fortnight offline is accepted, a day more is not, and what follows still applies.
    let (status, body) =
        server.push(&push_request("desk-1", vec![dated("d14", 1, 14), dated("d15", 2, 15), dated("d0", 3, 0)])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let outcomes: Vec<Outcome> = results(body).results.into_iter().map(|r| r.outcome).collect();
    assert_eq!(outcomes[0], Outcome::Applied);
    match &outcomes[1] {
        Outcome::Rejected { rejection } => {
            assert_eq!(rejection.code, RejectionCode::Invalid);
            assert!(rejection.message.contains("15 days ago"), "{}", rejection.message);
            assert!(rejection.message.contains("offline for up to 14 days"), "{}", rejection.message);
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
    assert_eq!(outcomes[2], Outcome::Applied);
    let mut texts: Vec<String> = notes_of(server).await.into_iter().map(|note| note.text).collect();
    texts.sort();
    assert_eq!(texts, ["d0", "d14"]);

    // A team lead lets desks work offline for 30 days.
    let settings = TrustSettings { offline_days: 30, ..TrustSettings::default() };
    let mut save = dated("s1", 4, 0);
    save.command =
        pathdesk_core::command::Command::SaveTrustSettings(pathdesk_core::command::SaveTrustSettings { settings });
    let (status, body) = server.push(&push_request("desk-1", vec![save, dated("d20", 5, 20)])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let outcomes: Vec<Outcome> = results(body).results.into_iter().map(|r| r.outcome).collect();
    assert_eq!(outcomes[0], Outcome::Applied);
    assert!(matches!(outcomes[1], Outcome::Rejected { .. }), "the new setting counts from the next push");
    let (status, body) = server.push(&push_request("desk-1", vec![dated("d20-again", 6, 20)])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(results(body).results[0].outcome, Outcome::Applied);
}

async fn devices_keep_separate_sequences(server: &TestServer) {
    seed::seed(&server.database, vec![patient("p1")]).await.unwrap();
    for (client, id) in [("desk-1", "a1"), ("desk-2", "b1"), ("tablet-3", "c1")] {
        let (status, body) = server.push(&push_request(client, vec![add_note(id, 1, "p1", id)])).await;
        assert_eq!(status, StatusCode::OK, "{client}: {body}");
        assert_eq!(results(body).results[0].outcome, Outcome::Applied);
    }
    assert_eq!(notes_of(server).await.len(), 3);
}

/// A frozen process (a paused VM, a network partition) holding a lock must not stall every desk for as long as it is
/// frozen: a push that needs what it holds gives up within the lock timeout, answers 503 with Retry-After, and
/// applies once the lock is gone; on PostgreSQL, pushes that need other records are not held up at all.
async fn a_push_stuck_behind_a_held_lock_is_answered_503_in_bounded_time_and_applies_later(server: &TestServer) {
    use pathdesk_server::db::Backend;
    seed::seed(&server.database, vec![patient("p1"), patient("p2")]).await.unwrap();
    let mut holder = server.database.pool().acquire().await.unwrap();
    match server.database.backend() {
        Backend::Sqlite => {
            sqlx::query("BEGIN IMMEDIATE").execute(&mut *holder).await.unwrap();
        }
        Backend::Postgres => {
            // The frozen process was changing patient p1: it holds that row, and only that row.
            sqlx::query("BEGIN").execute(&mut *holder).await.unwrap();
            sqlx::query("SELECT data FROM records WHERE kind = 'patient' AND id = 'p1' FOR UPDATE")
                .execute(&mut *holder)
                .await
                .unwrap();
            // Every other desk writes on: there is no row every writer queues on.
            let started = std::time::Instant::now();
            let (status, body) =
                server.push(&push_request("desk-2", vec![add_note("d1", 1, "p2", "Not held up")])).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            assert_eq!(results(body).results[0].outcome, Outcome::Applied);
            // Well under the 5 s lock timeout a push queued behind the frozen one would wait.
            assert!(started.elapsed() < std::time::Duration::from_secs(4), "not held: {:?}", started.elapsed());
        }
    }
    let request = push_request("desk-1", vec![add_note("c1", 1, "p1", "Behind a frozen process")]);
    let body = serde_json::to_string(&request).unwrap();
    let started = std::time::Instant::now();
    let (status, headers, answer) = send(
        &server.app,
        axum::http::Request::post("/api/sync/push")
            .header("content-type", "application/json")
            .body(axum::body::Body::from(body))
            .unwrap(),
    )
    .await;
    let waited = started.elapsed();
    let answer: serde_json::Value = serde_json::from_slice(&answer).unwrap();
    assert_error(status, &answer, StatusCode::SERVICE_UNAVAILABLE, "database_unavailable", "Your changes are safe");
    assert_eq!(headers[axum::http::header::RETRY_AFTER], "5");
    assert!(waited < std::time::Duration::from_secs(12), "the stall is bounded by the timeouts: {waited:?}");

    sqlx::query("ROLLBACK").execute(&mut *holder).await.unwrap();
    drop(holder);
    let (status, body) = server.push(&request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(results(body).results[0].outcome, Outcome::Applied);
    let notes = notes_of(server).await;
    assert!(notes.iter().any(|note| note.text == "Behind a frozen process"), "{notes:?}");
}
