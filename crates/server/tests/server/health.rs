use crate::common::*;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use pathdesk_core::sync::{Health, SCHEMA_VERSION};

#[tokio::test]
async fn health_reports_ok_with_the_schema_version() {
    let server = sqlite_server().await;
    let (status, headers, body) = send(&server.app, get("/api/health")).await;
    assert_eq!(status, StatusCode::OK);
    let health: Health = serde_json::from_slice(&body).unwrap();
    assert_eq!(health.status, "ok");
    assert_eq!(health.schema_version, SCHEMA_VERSION);
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(headers[header::CACHE_CONTROL], "no-store", "API answers are never cached");
    server.finish().await;
}

#[tokio::test]
async fn health_says_when_the_database_is_gone() {
    let server = sqlite_server().await;
    server.database.close().await;
    let (status, body) = get_json(&server.app, "/api/health").await;
    assert_error(status, &body, StatusCode::SERVICE_UNAVAILABLE, "database_unavailable", "cannot reach its database");
}

#[tokio::test]
async fn push_and_pull_without_a_database_answer_503_and_when_to_retry() {
    let server = sqlite_server().await;
    server.database.close().await;
    for request in [
        Request::post("/api/sync/push")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"client_id": "desk-1", "commands": []}"#))
            .unwrap(),
        get("/api/sync/pull?after=0&limit=10"),
    ] {
        let (status, headers, body) = send(&server.app, request).await;
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_error(status, &body, StatusCode::SERVICE_UNAVAILABLE, "database_unavailable", "safe on this device");
        assert_eq!(headers[header::RETRY_AFTER], "5");
    }
}

#[tokio::test]
async fn reopening_an_existing_database_keeps_its_data() {
    use pathdesk_server::config::DatabaseConfig;
    use pathdesk_server::db::{records, seed, Database};
    let server = sqlite_server().await;
    seed::seed(&server.database, vec![patient("p1")]).await.unwrap();
    server.database.close().await;
    let reopened = Database::open(&DatabaseConfig::Sqlite { path: server.dir.path().join("pathdesk.sqlite") })
        .await
        .expect("migrations run again without harm");
    let mut connection = reopened.pool().acquire().await.unwrap();
    assert_eq!(records::count(&mut connection).await.unwrap(), 1);
    drop(connection);
    reopened.close().await;
}

#[tokio::test]
async fn every_sqlite_connection_commits_to_disk_before_a_push_is_answered() {
    use sqlx::Row;
    let server = sqlite_server().await;
    // Hold several connections at once, so the pool opens new ones: each must be set up the same way.
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(server.database.pool().acquire().await.unwrap());
    }
    for connection in &mut held {
        let synchronous: i64 =
            sqlx::query("PRAGMA synchronous").fetch_one(&mut **connection).await.unwrap().try_get(0).unwrap();
        assert_eq!(synchronous, 2, "synchronous = FULL: an acknowledged command survives a power cut");
        let journal: String =
            sqlx::query("PRAGMA journal_mode").fetch_one(&mut **connection).await.unwrap().try_get(0).unwrap();
        assert_eq!(journal, "wal");
    }
    drop(held);
    server.finish().await;
}
