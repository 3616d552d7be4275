use crate::common::*;
use axum::http::{header, StatusCode};
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
