//! Persistence: one `Database` over sqlx's `Any` driver, so SQLite (the default) and PostgreSQL (when a trust
//! runs several server processes) share every query. Queries use `$1` placeholders, which both accept.

pub mod audit;
pub mod command_log;
pub mod identity;
pub mod imports;
mod migrations;
pub mod places;
pub mod records;
pub mod seed;
pub mod sessions;
pub mod users;

use std::path::Path;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::Row;
use sqlx::{Any, AnyPool, ConnectOptions, Executor, Transaction};

use crate::config::DatabaseConfig;

/// How long a SQLite writer waits for another before giving up.
const SQLITE_BUSY_TIMEOUT_MS: u64 = 5_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The server's database: a connection pool and which kind of database it is.
#[derive(Debug, Clone)]
pub struct Database {
    pool: AnyPool,
    backend: Backend,
    /// Held by this process's one PAS import worker on this database (see `crate::imports`).
    import_worker: std::sync::Arc<tokio::sync::Mutex<()>>,
}

#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    #[error("could not create the data folder {path}: {source}")]
    DataFolder { path: String, source: std::io::Error },
    #[error("could not open the database ({what}): {source}")]
    Connect { what: String, source: sqlx::Error },
    #[error("could not bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("could not give the existing records their slot places or services: {0}")]
    Backfill(sqlx::Error),
}

impl Database {
    /// Opens (creating if needed) the database and applies any migrations it has not seen yet.
    pub async fn open(config: &DatabaseConfig) -> Result<Database, DatabaseError> {
        sqlx::any::install_default_drivers();
        let database = match config {
            DatabaseConfig::Sqlite { path } => open_sqlite(path).await?,
            DatabaseConfig::Postgres { url } => open_postgres(url).await?,
        };
        migrations::run(&database).await?;
        places::backfill(&database).await.map_err(DatabaseError::Backfill)?;
        records::backfill_scopes(&database).await.map_err(DatabaseError::Backfill)?;
        Ok(database)
    }

    /// Runs `job` unless another server process on the same PostgreSQL database is running the job with this
    /// `key` right now, in which case it returns `None` at once: periodic jobs (validation tasks, clinics ahead)
    /// run once across processes, not once in each. On SQLite (one process) the job always runs.
    pub async fn once_across_processes<T>(
        &self,
        key: i64,
        job: impl std::future::Future<Output = sqlx::Result<T>>,
    ) -> sqlx::Result<Option<T>> {
        if self.backend == Backend::Sqlite {
            return job.await.map(Some);
        }
        let mut holder = self.pool.acquire().await?;
        let locked: bool = sqlx::query("SELECT pg_try_advisory_lock($1) AS locked")
            .bind(key)
            .fetch_one(&mut *holder)
            .await?
            .try_get::<bool, _>(0)?;
        if !locked {
            return Ok(None);
        }
        let result = job.await;
        sqlx::query("SELECT pg_advisory_unlock($1)").bind(key).execute(&mut *holder).await?;
        result.map(Some)
    }

    /// This process's PAS import worker on this database, unless it is already running.
    pub fn import_worker(&self) -> Option<tokio::sync::OwnedMutexGuard<()>> {
        self.import_worker.clone().try_lock_owned().ok()
    }

    /// Can the database be reached? (`SELECT 1`.)
    pub async fn reachable(&self) -> sqlx::Result<()> {
        sqlx::query("SELECT 1").execute(self.pool()).await.map(|_| ())
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Starts a transaction that will write. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`), so
    /// two writers queue on the busy timeout instead of failing when a reader upgrades to a writer.
    pub async fn begin_write(&self) -> sqlx::Result<Transaction<'static, Any>> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// Closes every connection (tests call it before removing the database's folder).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

async fn open_sqlite(path: &Path) -> Result<Database, DatabaseError> {
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    std::fs::create_dir_all(&folder)
        .map_err(|source| DatabaseError::DataFolder { path: folder.display().to_string(), source })?;
    let folder = folder
        .canonicalize()
        .map_err(|source| DatabaseError::DataFolder { path: folder.display().to_string(), source })?;
    let file = folder.join(path.file_name().unwrap_or_else(|| "pathdesk.sqlite".as_ref()));
    let what = format!("SQLite file {}", file.display());
    let url = SqliteConnectOptions::new().filename(&file).create_if_missing(true).to_url_lossy();
    let options =
        AnyConnectOptions::from_url(&url).map_err(|source| DatabaseError::Connect { what: what.clone(), source })?;

    // WAL lets the pull readers work while a push writes; it is a property of the file, so set it once.
    // `synchronous = FULL`: a commit is on disk before the push that made it is answered, so a power cut or an OS
    // crash cannot lose a command the desk has already taken out of its outbox (NORMAL could lose the last ones).
    // It costs little: see `examples/bench_push.rs`.
    let setup =
        format!("PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;");
    let pool = pool_options(8, setup)
        .connect_with(options)
        .await
        .map_err(|source| DatabaseError::Connect { what: what.clone(), source })?;
    sqlx::query("PRAGMA journal_mode = WAL")
        .execute(&pool)
        .await
        .map_err(|source| DatabaseError::Connect { what, source })?;
    Ok(Database { pool, backend: Backend::Sqlite, import_worker: Default::default() })
}

/// A pool of up to `max_connections` whose every new connection first runs `setup` (its session settings).
fn pool_options(max_connections: u32, setup: String) -> AnyPoolOptions {
    let setup: std::sync::Arc<str> = setup.into();
    AnyPoolOptions::new().max_connections(max_connections).acquire_timeout(POOL_ACQUIRE_TIMEOUT).after_connect(
        move |connection, _| {
            let setup = setup.clone();
            Box::pin(async move {
                connection.execute(&*setup).await?;
                Ok(())
            })
        },
    )
}

/// How long a request waits for a database connection before it is answered 503 (the desk retries): a database
/// that is down or saturated is said quickly rather than after every request has queued for long.
pub const POOL_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// PostgreSQL session limits, so one stalled process (a paused VM, a partition) holding a row lock cannot stop the
/// others' writes for longer than this: a statement waiting this long for a lock gives up (and its push is answered
/// 503, retried by the desk).
pub const PG_LOCK_TIMEOUT: &str = "5s";
/// The longest any one statement may run.
pub const PG_STATEMENT_TIMEOUT: &str = "30s";
/// A transaction left open and idle this long (its process frozen) is ended by PostgreSQL, releasing its locks.
pub const PG_IDLE_IN_TRANSACTION_TIMEOUT: &str = "30s";

async fn open_postgres(url: &str) -> Result<Database, DatabaseError> {
    let what = format!("PostgreSQL at {}", without_password(url));
    let options =
        url.parse::<AnyConnectOptions>().map_err(|source| DatabaseError::Connect { what: what.clone(), source })?;
    let setup = format!(
        "SET lock_timeout = '{PG_LOCK_TIMEOUT}'; SET statement_timeout = '{PG_STATEMENT_TIMEOUT}'; \
         SET idle_in_transaction_session_timeout = '{PG_IDLE_IN_TRANSACTION_TIMEOUT}';"
    );
    let pool = pool_options(16, setup)
        .connect_with(options)
        .await
        .map_err(|source| DatabaseError::Connect { what, source })?;
    Ok(Database { pool, backend: Backend::Postgres, import_worker: Default::default() })
}

/// The URL with any password replaced, fit for logs and error messages.
fn without_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme_end + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::without_password;

    #[test]
    fn passwords_never_reach_the_log() {
        assert_eq!(without_password("postgres://desk:s3cret@db:5432/pathdesk"), "postgres://desk:***@db:5432/pathdesk");
        assert_eq!(without_password("postgres://postgres@127.0.0.1/test"), "postgres://postgres@127.0.0.1/test");
    }
}
