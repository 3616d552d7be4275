//! What the server's benchmarks share: a fresh SQLite database in a temporary folder, and a person to act as.

use pathdesk_core::access::Role;
use pathdesk_server::config::DatabaseConfig;
use pathdesk_server::db::users::{self, NewUser};
use pathdesk_server::db::Database;

/// A new SQLite database in its own temporary folder (removed when the folder is dropped).
pub async fn database() -> (tempfile::TempDir, Database) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let database = Database::open(&DatabaseConfig::Sqlite { path: dir.path().join("pathdesk.sqlite") })
        .await
        .expect("open SQLite");
    (dir, database)
}

/// A user called "bench" with this role and name, in every service; their id.
pub async fn user(database: &Database, role: Role, name: &str) -> String {
    let mut connection = database.pool().acquire().await.expect("a connection");
    let new_user = NewUser {
        username: "bench",
        name,
        role,
        services: None,
        password_hash: "not-used".to_string(),
        must_change_password: false,
    };
    users::insert(&mut connection, &new_user, "2026-12-01T00:00:00Z").await.expect("insert").expect("new")
}
