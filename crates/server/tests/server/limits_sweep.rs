//! A malformed-input sweep over every command kind: each field of each kind's sample, pushed at and just past
//! its limit (and with the values the fault campaign used), is answered 200 with "applied" or "refused, because
//! ..." for every command: never a 5xx, never a dropped connection, never a desk left stuck.

use axum::http::{Method, StatusCode};
use pathdesk_core::access::Role;
use pathdesk_core::command::Command;
use pathdesk_core::limits::{ID_CHARS, LIST_ITEMS, NAME_CHARS, NOTE_CHARS};
use pathdesk_core::sync::{CommandEnvelope, PushRequest};
use pathdesk_server::db::seed;
use serde_json::{json, Value};

use crate::common::*;

#[path = "../../../core/tests/core/command_samples.rs"]
#[allow(dead_code)]
mod command_samples;

/// Values at and just past each limit, and those that once broke the server.
fn at_the_limits(original: &Value) -> Vec<Value> {
    let mut values: Vec<Value> = [ID_CHARS, NAME_CHARS, NOTE_CHARS]
        .into_iter()
        .flat_map(|max| [json!("x".repeat(max)), json!("x".repeat(max + 1))])
        .collect();
    values.extend([
        json!(""),
        json!("a\u{0}b"),
        json!("1900-01-01"),
        json!("1899-12-31"),
        json!("2199-12-31"),
        json!("2200-01-01"),
        json!("+262142-12-31"),
        json!(0),
        json!(100),
        json!(101),
        json!(u32::MAX),
        json!(-1),
        Value::Null,
    ]);
    if let Value::Array(items) = original {
        if let Some(first) = items.first() {
            values.push(Value::Array(vec![first.clone(); LIST_ITEMS]));
            values.push(Value::Array(vec![first.clone(); LIST_ITEMS + 1]));
        }
    }
    values
}

#[tokio::test]
async fn every_command_kind_at_and_past_its_limits_is_answered_applied_or_refused_with_a_reason() {
    let server = sqlite_server().await;
    let today = pathdesk_server::uk_today();
    let states = command_samples::sample_states(today);
    seed::seed(&server.database, command_samples::trust(today).into_values().collect()).await.unwrap();
    let lead = user_session(&server.database, "sweep-lead", Role::TeamLead, None).await;

    // The samples first, in order: each applies, so the changed copies reach the rules.
    let mut seq = 0;
    let mut envelope = |command: Command| {
        seq += 1;
        CommandEnvelope { id: format!("sweep-{seq}"), seq, issued_on: today, author: "Sweep".into(), command }
    };
    let samples: Vec<CommandEnvelope> = states.iter().map(|(command, _)| envelope(command.clone())).collect();
    let mut changed = Vec::new();
    for (command, _) in &states {
        let json = serde_json::to_value(command).unwrap();
        let mut pointers = Vec::new();
        command_samples::leaves(&json, String::new(), &mut pointers);
        for pointer in pointers.iter().filter(|p| *p != "/type") {
            for value in at_the_limits(json.pointer(pointer).unwrap()) {
                let mut copy = json.clone();
                *copy.pointer_mut(pointer).unwrap() = value;
                // What does not read back as a command is refused whole as malformed (bad_requests.rs).
                if let Ok(command) = serde_json::from_value::<Command>(copy) {
                    changed.push(envelope(command));
                }
            }
        }
    }
    assert!(changed.len() > 1_000, "only {} changed commands", changed.len());

    let (mut applied, mut refused, mut by_limits) = (0, 0, 0);
    for (n, batch) in std::iter::once(samples).chain(changed.chunks(250).map(<[_]>::to_vec)).enumerate() {
        let request =
            serde_json::to_string(&PushRequest { client_id: "desk-sweep".into(), commands: batch.clone() }).unwrap();
        let (status, body) = json_as(&server.raw, &lead, Method::POST, "/api/sync/push", Some(&request)).await;
        assert_eq!(status, StatusCode::OK, "push {n}: {body}");
        let results = body["results"].as_array().unwrap();
        assert_eq!(results.len(), batch.len(), "an answer for every command");
        for (result, sent) in results.iter().zip(&batch) {
            match result["outcome"].as_str() {
                Some("applied" | "merged") => applied += 1,
                Some("rejected") => {
                    let message = result["rejection"]["message"].as_str().unwrap_or_default();
                    assert!(message.len() > 10, "{} refused without a reason: {result}", sent.command.name());
                    assert!(!message.contains("fault in its own rules"), "{} made the rules fail", sent.command.name());
                    by_limits += usize::from(message.contains("the most is") || message.contains("Pathdesk accepts"));
                    refused += 1;
                }
                other => panic!("{}: outcome {other:?}", sent.command.name()),
            }
            if n == 0 {
                assert_eq!(result["outcome"], "applied", "the sample {} applies: {result}", sent.command.name());
            }
        }
    }
    assert!(
        applied > 26 && refused > 1_000 && by_limits > 500,
        "applied {applied}, refused {refused} ({by_limits} by the limits)"
    );
    server.finish().await;
}
