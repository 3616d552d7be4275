//! `pathdesk-server backup FILE` and starting again from the copy: the copy holds what was acknowledged before it
//! was made, it is another database to the desks (so they download everything again), and each device is let past
//! the one gap in its numbering that the restore leaves.

use axum::http::{Method, StatusCode};
use pathdesk_core::access::Role;
use pathdesk_core::record::Record;
use pathdesk_server::config::DatabaseConfig;
use pathdesk_server::db::identity::{self, BackupError};
use pathdesk_server::db::{seed, Database};
use pathdesk_server::{app, AppState};

use crate::common::*;

async fn push_as(
    app: &axum::Router,
    session: &Session,
    commands: Vec<pathdesk_core::sync::CommandEnvelope>,
) -> serde_json::Value {
    let body = serde_json::to_string(&push_request("desk-1", commands)).unwrap();
    let (status, body) = json_as(app, session, Method::POST, "/api/sync/push", Some(&body)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn pull_as(app: &axum::Router, session: &Session) -> pathdesk_core::sync::PullResponse {
    let (status, body) =
        json_as(app, session, Method::GET, "/api/sync/pull?after=0&limit=500&client_id=desk-1", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_value(body).unwrap()
}

fn notes(page: &pathdesk_core::sync::PullResponse) -> Vec<String> {
    let mut notes: Vec<String> = page
        .changes
        .iter()
        .filter_map(|change| match &change.record {
            Record::PatientNote(note) => Some(note.text.clone()),
            _ => None,
        })
        .collect();
    notes.sort();
    notes
}

#[tokio::test]
async fn a_backup_restored_is_a_new_database_to_desks_and_each_device_carries_on_past_the_gap() {
    let server = sqlite_server().await;
    seed::seed(&server.database, vec![patient("p1")]).await.unwrap();
    let desk = user_session(&server.database, "desk-user", Role::BookingCoordinator, None).await;
    let body =
        push_as(&server.raw, &desk, vec![add_note("c1", 1, "p1", "Before 1"), add_note("c2", 2, "p1", "Before 2")])
            .await;
    assert_eq!(body["results"][1]["outcome"], "applied", "{body}");
    let live = pull_as(&server.raw, &desk).await;
    assert!(!live.database_id.is_empty(), "a pull says which database answered");

    let file = server.dir.path().join("backup.sqlite");
    identity::backup_sqlite(&server.database, &file, "2026-12-07T10:00:00Z").await.unwrap();
    let beside = |suffix: &str| server.dir.path().join(format!("backup.sqlite{suffix}"));
    assert!(!beside("-wal").exists() && !beside("-shm").exists(), "the backup is one file, whole in itself");
    assert!(
        matches!(
            identity::backup_sqlite(&server.database, &file, "2026-12-07T10:05:00Z").await,
            Err(BackupError::Exists(_))
        ),
        "a backup never overwrites another"
    );
    push_as(&server.raw, &desk, vec![add_note("c3", 3, "p1", "After the backup")]).await;

    // Restore: a server started on the copy.
    let copy = Database::open(&DatabaseConfig::Sqlite { path: file.clone() }).await.unwrap();
    assert_eq!(identity::start_after_restore(&copy).await.unwrap().as_deref(), Some("2026-12-07T10:00:00Z"));
    assert_eq!(identity::start_after_restore(&copy).await.unwrap(), None, "the mark is cleared once started");
    let restored = app(AppState::new(copy.clone(), server.dir.path().join("dist")));
    let page = pull_as(&restored, &desk).await;
    assert_ne!(page.database_id, live.database_id, "desks see another database and download everything again");
    assert_eq!(notes(&page), vec!["Before 1", "Before 2"], "what was acknowledged before the backup is in it");

    // The desk sent command 3 before the restore; its next is 4. Let past that one gap, with a line in the audit.
    let body = push_as(&restored, &desk, vec![add_note("c4", 4, "p1", "After the restore")]).await;
    assert_eq!(body["results"][0]["outcome"], "applied", "{body}");
    assert_eq!(notes(&pull_as(&restored, &desk).await), vec!["After the restore", "Before 1", "Before 2"]);
    let audit = sqlx::query("SELECT detail FROM audit_log WHERE outcome = 'after_restore'")
        .fetch_all(copy.pool())
        .await
        .unwrap();
    let detail: String = sqlx::Row::try_get(&audit[0], "detail").unwrap();
    assert!(detail.contains("commands 3 to 3 from device desk-1"), "{detail}");
    // Only one gap: another is refused as before.
    let request = serde_json::to_string(&push_request("desk-1", vec![add_note("c6", 6, "p1", "Skipped 5")])).unwrap();
    let (status, body) = json_as(&restored, &desk, Method::POST, "/api/sync/push", Some(&request)).await;
    assert_error(status, &body, StatusCode::CONFLICT, "sequence_gap", "Expected command 5");
    copy.close().await;
    server.finish().await;
}

async fn marking_a_database_restored_gives_it_a_new_identity_and_lets_devices_past_one_gap(server: &TestServer) {
    seed::seed(&server.database, vec![patient("p1")]).await.unwrap();
    let desk = user_session(&server.database, "desk-user", Role::BookingCoordinator, None).await;
    push_as(&server.raw, &desk, vec![add_note("c1", 1, "p1", "Before")]).await;
    let mut connection = server.database.pool().acquire().await.unwrap();
    let before = identity::database_id(&mut connection).await.unwrap();
    identity::mark_restored(&mut connection, server.database.backend(), "2026-12-07T10:00:00Z").await.unwrap();
    let after = identity::database_id(&mut connection).await.unwrap();
    assert_ne!(before, after);
    assert_eq!(after.len(), 32);
    drop(connection);
    assert!(identity::start_after_restore(&server.database).await.unwrap().is_some());
    let body = push_as(&server.raw, &desk, vec![add_note("c5", 5, "p1", "After")]).await;
    assert_eq!(body["results"][0]["outcome"], "applied", "{body}");
}

on_each_database!(marking_a_database_restored_gives_it_a_new_identity_and_lets_devices_past_one_gap);
