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
    assert!(message.contains("more than two years after the offer"), "{message}");
    assert_eq!(body["results"][1]["outcome"], "applied", "the command behind it still syncs: {body}");
    server.finish().await;
}
