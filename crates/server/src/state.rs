//! What every request handler can reach: the database, the built app's folder and the trust's settings.

use std::path::PathBuf;
use std::sync::Arc;

use crate::db::Database;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub database: Database,
    /// The folder of the built app (index.html, wasm, js, css, icons).
    pub dist_dir: Arc<PathBuf>,
    pub settings: Arc<Settings>,
}

/// The trust's settings that requests need (see `Config`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Served over HTTPS: `Secure` cookies and HSTS.
    pub https: bool,
    /// The origin people open (`https://pathdesk.example.nhs.uk`); without it, a request's `Origin` must match
    /// its `Host`.
    pub public_origin: Option<String>,
    pub idle_lock_minutes: u32,
    /// The trust's proxy, whose `X-Forwarded-For` names the client (for slowing password guessing by address).
    pub trusted_proxy: Option<std::net::IpAddr>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            https: false,
            public_origin: None,
            idle_lock_minutes: pathdesk_core::access::DEFAULT_IDLE_LOCK_MINUTES,
            trusted_proxy: None,
        }
    }
}

impl Settings {
    pub fn from_config(config: &crate::config::Config) -> Settings {
        Settings {
            https: config.https(),
            public_origin: config.public_url.clone(),
            idle_lock_minutes: config.idle_lock_minutes,
            trusted_proxy: config.trusted_proxy,
        }
    }
}

impl AppState {
    pub fn new(database: Database, dist_dir: impl Into<PathBuf>) -> AppState {
        AppState { database, dist_dir: Arc::new(dist_dir.into()), settings: Arc::new(Settings::default()) }
    }

    pub fn with_settings(self, settings: Settings) -> AppState {
        AppState { settings: Arc::new(settings), ..self }
    }
}
