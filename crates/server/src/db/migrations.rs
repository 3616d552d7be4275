//! The schema, embedded in the binary and applied at start-up by sqlx's migrator (which keeps its own table of
//! applied versions and, on PostgreSQL, takes a lock so several server processes can start at once).

use std::future::Future;
use std::pin::Pin;

use sqlx::error::BoxDynError;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};

use super::{Backend, Database};

/// (version, description, SQL) for each backend, in order. Add new files at the end; never edit an applied one.
const SQLITE: &[(i64, &str, &str)] = &[
    (1, "sync", include_str!("../../migrations/sqlite/0001_sync.sql")),
    (2, "slot places", include_str!("../../migrations/sqlite/0002_slot_places.sql")),
    (3, "slot places backfill", include_str!("../../migrations/sqlite/0003_slot_places_backfill.sql")),
    (4, "accounts", include_str!("../../migrations/sqlite/0004_accounts.sql")),
    (5, "guessing", include_str!("../../migrations/sqlite/0005_guessing.sql")),
    (6, "identity", include_str!("../../migrations/sqlite/0006_identity.sql")),
    (7, "change order", include_str!("../../migrations/sqlite/0007_change_order.sql")),
    (8, "imports", include_str!("../../migrations/sqlite/0008_imports.sql")),
];
const POSTGRES: &[(i64, &str, &str)] = &[
    (1, "sync", include_str!("../../migrations/postgres/0001_sync.sql")),
    (2, "slot places", include_str!("../../migrations/postgres/0002_slot_places.sql")),
    (3, "slot places backfill", include_str!("../../migrations/postgres/0003_slot_places_backfill.sql")),
    (4, "accounts", include_str!("../../migrations/postgres/0004_accounts.sql")),
    (5, "guessing", include_str!("../../migrations/postgres/0005_guessing.sql")),
    (6, "identity", include_str!("../../migrations/postgres/0006_identity.sql")),
    (7, "change order", include_str!("../../migrations/postgres/0007_change_order.sql")),
    (8, "imports", include_str!("../../migrations/postgres/0008_imports.sql")),
];

#[derive(Debug)]
struct Embedded(&'static [(i64, &'static str, &'static str)]);

impl MigrationSource<'static> for Embedded {
    fn resolve(self) -> Pin<Box<dyn Future<Output = Result<Vec<Migration>, BoxDynError>> + Send + 'static>> {
        Box::pin(async move {
            Ok(self
                .0
                .iter()
                .map(|(version, description, sql)| {
                    Migration::new(*version, (*description).into(), MigrationType::Simple, (*sql).into(), false)
                })
                .collect())
        })
    }
}

pub(super) async fn run(database: &Database) -> Result<(), sqlx::migrate::MigrateError> {
    let source = match database.backend() {
        Backend::Sqlite => Embedded(SQLITE),
        Backend::Postgres => Embedded(POSTGRES),
    };
    let migrator = Migrator::new(source).await?;
    migrator.run(database.pool()).await
}
