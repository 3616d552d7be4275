//! Requests the server cannot use get a 4xx in the app's JSON error shape, with a message naming the problem;
//! never a 500, never a panic.

use crate::common::*;
use axum::http::StatusCode;
use pathdesk_core::sync::MAX_PUSH_COMMANDS;
use pathdesk_server::db::seed;
use pathdesk_server::routes::PUSH_BODY_LIMIT_BYTES;

const PUSH: &str = "/api/sync/push";

#[tokio::test]
async fn malformed_json_is_a_400() {
    let server = sqlite_server().await;
    let (status, body) = post_json(&server.app, PUSH, "{\"client_id\": \"desk-1\", \"commands\": [").await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "malformed_json", "not valid JSON");
    server.finish().await;
}

#[tokio::test]
async fn wrong_types_and_missing_fields_are_a_422_naming_the_field() {
    let server = sqlite_server().await;
    let wrong_type = r#"{"client_id": "desk-1", "commands": [{"id": "c1", "seq": "one", "issued_on": "2026-11-21",
        "author": "J. Booker", "command": {"type": "complete_task", "task_id": "t1"}}]}"#;
    let (status, body) = post_json(&server.app, PUSH, wrong_type).await;
    assert_error(status, &body, StatusCode::UNPROCESSABLE_ENTITY, "invalid_request", "commands[0].seq");

    let (status, body) = post_json(&server.app, PUSH, r#"{"commands": []}"#).await;
    assert_error(status, &body, StatusCode::UNPROCESSABLE_ENTITY, "invalid_request", "client_id");

    let unknown_command = r#"{"client_id": "desk-1", "commands": [{"id": "c1", "seq": 1, "issued_on": "2026-11-21",
        "author": "J. Booker", "command": {"type": "delete_everything"}}]}"#;
    let (status, body) = post_json(&server.app, PUSH, unknown_command).await;
    assert_error(status, &body, StatusCode::UNPROCESSABLE_ENTITY, "invalid_request", "delete_everything");

    let bad_date = r#"{"client_id": "desk-1", "commands": [{"id": "c1", "seq": 1, "issued_on": "21/11/2026",
        "author": "J. Booker", "command": {"type": "complete_task", "task_id": "t1"}}]}"#;
    let (status, body) = post_json(&server.app, PUSH, bad_date).await;
    assert_error(status, &body, StatusCode::UNPROCESSABLE_ENTITY, "invalid_request", "issued_on");
    server.finish().await;
}

#[tokio::test]
async fn empty_ids_authors_and_sequence_zero_are_a_422() {
    let server = sqlite_server().await;
    let (status, body) = server.push(&push_request(" ", vec![complete_task("c1", 1, "t1")])).await;
    assert_error(status, &body, StatusCode::UNPROCESSABLE_ENTITY, "invalid_request", "client_id is empty");

    let mut no_author = complete_task("c1", 1, "t1");
    no_author.author = String::new();
    let (status, body) = server.push(&push_request("desk-1", vec![no_author])).await;
    assert_error(status, &body, StatusCode::UNPROCESSABLE_ENTITY, "invalid_request", "author is empty");

    let (status, body) = server.push(&push_request("desk-1", vec![complete_task("c1", 0, "t1")])).await;
    assert_error(status, &body, StatusCode::UNPROCESSABLE_ENTITY, "invalid_request", "start at 1");

    // 2^63 does not fit the log's numbers: said as it is, not as "start at 1".
    let (status, body) = server.push(&push_request("desk-1", vec![complete_task("c1", 1 << 63, "t1")])).await;
    assert_error(status, &body, StatusCode::UNPROCESSABLE_ENTITY, "invalid_request", "larger than any device reaches");
    server.finish().await;
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_415() {
    let server = sqlite_server().await;
    let (status, body) = post_raw(&server.app, PUSH, "text/plain", b"client_id=desk-1".to_vec()).await;
    assert_error(
        status,
        &body,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "Content-Type: application/json",
    );
    server.finish().await;
}

#[tokio::test]
async fn an_oversized_body_is_a_413() {
    let server = sqlite_server().await;
    let text = "x".repeat(PUSH_BODY_LIMIT_BYTES + 1024);
    let request = push_request("desk-1", vec![add_note("c1", 1, "p1", &text)]);
    let (status, body) = server.push(&request).await;
    assert_error(status, &body, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "too large");
    server.finish().await;
}

#[tokio::test]
async fn too_many_commands_are_refused_and_none_applied() {
    let server = sqlite_server().await;
    seed::seed(&server.database, vec![patient("p1")]).await.unwrap();
    let commands =
        (1..=MAX_PUSH_COMMANDS as u64 + 1).map(|seq| add_note(&format!("c{seq}"), seq, "p1", "Hi")).collect();
    let (status, body) = server.push(&push_request("desk-1", commands)).await;
    assert_error(status, &body, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "the most in one push is 500");
    assert_eq!(server.pull_all(100).await.len(), 1, "only the seeded patient");
    server.finish().await;
}

#[tokio::test]
async fn unknown_api_paths_and_methods_answer_json() {
    let server = sqlite_server().await;
    let (status, body) = get_json(&server.app, "/api/patients/123").await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "not_found", "/api/patients/123");
    let (status, body) = get_json(&server.app, "/api/sync/push").await;
    assert_error(status, &body, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "GET");
    server.finish().await;
}

/// A date at the end of the calendar once made a rule overflow and the server drop the connection, so the desk
/// retried it for ever and nothing behind it synced. Now it is refused with what to do, and the next command syncs.
#[tokio::test]
async fn a_declined_offer_at_the_end_of_the_calendar_is_refused_and_the_next_command_still_syncs() {
    let server = sqlite_server().await;
    let pathway = serde_json::json!({"kind": "pathway", "id": "pw1", "patient_id": "p1", "specialty_id": "S1",
        "consultant_id": "C1", "priority": "routine", "source": "gp", "cancer": false,
        "events": [{"date": "2026-09-01", "type": "referral_received", "source": "gp"}]});
    seed::seed(&server.database, vec![patient("p1"), open_task("t1"), serde_json::from_value(pathway).unwrap()])
        .await
        .unwrap();
    let declined: pathdesk_core::sync::CommandEnvelope = serde_json::from_value(serde_json::json!({
        "id": "c1", "seq": 1, "issued_on": today().to_string(), "author": "J. Booker",
        "command": {"type": "record_offer_declined", "pathway_id": "pw1", "offer_id": "o1",
            "offered_on": today().to_string(), "appointment_date": "+262142-12-31"}}))
    .unwrap();
    let (status, body) = server.push(&push_request("desk-1", vec![declined, complete_task("c2", 2, "t1")])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["results"][0]["outcome"], "rejected", "{body}");
    let message = body["results"][0]["rejection"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("outside the dates Pathdesk accepts (1 Jan 1900 to 31 Dec 2199)"), "{message}");
    assert_eq!(body["results"][1]["outcome"], "applied", "the command behind it still syncs: {body}");
    server.finish().await;
}

/// The fault campaign stored a 1,000,000-character task title and a slot for 4,294,967,295 patients. Every pushed
/// command is now held to core's table of limits: refused with the reason, and what follows still syncs.
#[tokio::test]
async fn text_lists_and_numbers_beyond_the_limits_are_refused_with_the_reason() {
    let server = sqlite_server().await;
    seed::seed(&server.database, vec![patient("p1"), open_task("t1")]).await.unwrap();
    use pathdesk_core::command::{Command, CreateTask, ReassignTasks, SaveClinicTemplate};
    use pathdesk_core::model::{ClinicTemplate, SlotType, TemplateSlot, Weekday};
    let envelope = |id: &str, seq: u64, command: Command| pathdesk_core::sync::CommandEnvelope {
        id: id.to_string(),
        seq,
        issued_on: today(),
        author: "J. Booker".to_string(),
        command,
    };
    let stamp = pathdesk_core::tasks::field::FieldStamp::new(
        pathdesk_core::tasks::hlc::Hlc { wall_ms: 1, counter: 0, node: "desk-1".into() },
        "J. Booker",
        today(),
    );
    let pathdesk_core::record::Record::Task(mut task) = open_task("t2") else { unreachable!("open_task makes a task") };
    task.title = "x".repeat(1_000_000);
    let long_title = envelope("c1", 1, CreateTask { task: Box::new(task), stamp: stamp.clone() }.into());
    let many_ids = envelope(
        "c2",
        2,
        ReassignTasks { task_ids: vec!["t1".to_string(); 1001], assignee: "S. Patel".into(), stamp }.into(),
    );
    let at = |h: u32| chrono::NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    let template = ClinicTemplate {
        id: "tpl1".into(),
        consultant_id: "C1".into(),
        specialty_id: "S1".into(),
        name: "Clinic".into(),
        weekday: Weekday::Monday,
        start: at(9),
        end: at(12),
        location: "OPD".into(),
        slots: vec![TemplateSlot { slot_type: SlotType::New, start: at(9), minutes: 15, capacity: u32::MAX }],
        version: 0,
    };
    let huge_capacity = envelope("c3", 3, SaveClinicTemplate { template, expected_version: 0 }.into());
    let nul_in_note = add_note("c4", 4, "p1", "Phoned\u{0}back");
    let (status, body) = server
        .push(&push_request(
            "desk-1",
            vec![long_title, many_ids, huge_capacity, nul_in_note, complete_task("c5", 5, "t1")],
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let reason = |i: usize| {
        assert_eq!(body["results"][i]["outcome"], "rejected", "{body}");
        body["results"][i]["rejection"]["message"].as_str().unwrap_or_default().to_string()
    };
    assert_eq!(reason(0), "The title is 1,000,000 characters long; the most is 200. Shorten it, then save.");
    assert!(reason(1).contains("The task ids list has 1,001 items; one change may hold at most 1,000"));
    assert!(reason(2).contains("The capacity is 4,294,967,295; it must be a whole number from 0 to 100."));
    assert!(reason(3).contains("control character (U+0000)"));
    assert_eq!(body["results"][4]["outcome"], "applied", "the command behind them still syncs: {body}");
    let stored = server.pull_all(100).await;
    assert!(!stored.iter().any(|change| change.record.id() == "t2" || change.record.id() == "tpl1"));
    server.finish().await;
}
