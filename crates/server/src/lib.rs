//! Pathdesk's server: the authority and sync point for the offline-first app, and the place it is served from.
//!
//! `app(state)` builds the whole router (tests drive it in-process); `run(config)` opens the database, seeds the
//! demo data on first start, and serves until Ctrl-C or SIGTERM.

pub mod accounts;
pub mod app_files;
pub mod auth;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod fhir;
pub mod horizon;
pub mod imports;
mod json;
pub mod leave;
pub mod push;
pub mod routes;
pub mod serve;
pub mod state;
pub mod validation;

pub use routes::app;
pub use state::AppState;

use config::{Config, DatabaseConfig};
use db::{Database, DatabaseError};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Database(#[from] DatabaseError),
    #[error("could not seed the demo data or the first accounts: {0}")]
    Seed(sqlx::Error),
    #[error("could not listen on {addr}: {source}. Is another Pathdesk (or another program) using it? Set PATHDESK_ADDR to a free address.")]
    Listen { addr: std::net::SocketAddr, source: std::io::Error },
    #[error("the server stopped with an error: {0}")]
    Serve(std::io::Error),
}

/// Opens the database (applying migrations), seeds it on first start, and serves until asked to stop.
pub async fn run(config: Config) -> Result<(), StartError> {
    if let DatabaseConfig::Sqlite { .. } = config.database {
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|source| DatabaseError::DataFolder { path: config.data_dir.display().to_string(), source })?;
    }
    let database = Database::open(&config.database).await?;
    if let Some(made_at) = db::identity::start_after_restore(&database).await.map_err(StartError::Seed)? {
        tracing::warn!(
            backup_made_at = %made_at,
            "started on a database restored from a backup: desks download everything again, and what they sent \
             after the backup is not here"
        );
    }
    if config.seed_demo_data {
        let options = demo::demo_options(crate::uk_today(), config.demo_patients);
        if let Some(report) = demo::seed_demo_data_if_empty(&database, options).await.map_err(StartError::Seed)? {
            tracing::info!(
                records = report.records,
                generate_ms = report.generated.as_millis() as u64,
                total_ms = report.took.as_millis() as u64,
                "seeded the demo data"
            );
        }
    }
    accounts::ensure_accounts(&database, &config).await.map_err(StartError::Seed)?;
    // Before serving, so the first pull after a start already has the tasks due today.
    match validation::make_validation_tasks(&database, crate::uk_today()).await {
        Ok(made) => tracing::info!(made, "checked pathways for validations due"),
        Err(error) => tracing::error!(%error, "could not make pathway validation tasks"),
    }
    validation::check_periodically(database.clone());
    match leave::keep_leave_on_consultants(&database).await {
        Ok(0) => {}
        Ok(changed) => tracing::info!(changed, "added recorded leave to consultants' records"),
        Err(error) => tracing::error!(%error, "could not add recorded leave to consultants' records"),
    }
    match horizon::make_sessions_ahead(&database, crate::uk_today()).await {
        Ok(made) => tracing::info!(made, "made clinics ahead from the templates"),
        Err(error) => tracing::error!(%error, "could not make clinics ahead from the templates"),
    }
    horizon::check_periodically(database.clone());
    // An import a stop left part-way carries on from its last finished batch.
    imports::carry_on(database.clone());
    imports::check_periodically(database.clone());
    if !config.dist_dir.join("index.html").is_file() {
        tracing::warn!(dist = %config.dist_dir.display(), "the app is not built here yet: run `cargo xtask run`");
    }
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| StartError::Listen { addr: config.addr, source })?;
    let addr = listener.local_addr().map_err(StartError::Serve)?;
    println!("Pathdesk is running at http://{addr}");
    let state =
        AppState::new(database.clone(), config.dist_dir.clone()).with_settings(routes::Settings::from_config(&config));
    let router = app(state);
    serve::serve(listener, router, serve::ConnectionLimits::default(), shutdown_signal())
        .await
        .map_err(StartError::Serve)?;
    database.close().await;
    Ok(())
}

/// `pathdesk-server backup FILE`: a consistent copy of the SQLite database, made while the server may be running.
pub async fn backup(config: &Config, file: &std::path::Path) -> Result<(), BackupFailed> {
    let database = Database::open(&config.database).await?;
    let made_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let outcome = db::identity::backup_sqlite(&database, file, &made_at).await;
    database.close().await;
    Ok(outcome?)
}

/// `pathdesk-server restored`: after a database was restored by other means (PostgreSQL's pg_restore), give it a
/// new identity so desks download everything again, and let each device past the gap in its numbering.
pub async fn restored(config: &Config) -> Result<(), BackupFailed> {
    let database = Database::open(&config.database).await?;
    let made_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut connection = database.pool().acquire().await.map_err(db::identity::BackupError::Database)?;
    db::identity::mark_restored(&mut connection, database.backend(), &made_at)
        .await
        .map_err(db::identity::BackupError::Database)?;
    drop(connection);
    database.close().await;
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum BackupFailed {
    #[error(transparent)]
    Database(#[from] DatabaseError),
    #[error(transparent)]
    Backup(#[from] db::identity::BackupError),
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "could not listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "could not listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("stopping: finishing the requests in flight");
}

/// Today's date in the UK, where the desks are: the server's date for commands, tasks and demo data (never the
/// machine's own time zone).
pub fn uk_today() -> chrono::NaiveDate {
    pathdesk_core::calendar::uk_date_at(chrono::Utc::now().naive_utc())
}
