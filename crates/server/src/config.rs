//! The server's settings, read from environment variables so the same binary runs on a laptop and in a trust.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use pathdesk_core::demo::DemoOptions;

/// Where the server keeps its records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseConfig {
    /// A SQLite file, created on first start.
    Sqlite { path: PathBuf },
    /// A PostgreSQL database, shared by as many server processes as the trust runs.
    Postgres { url: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// `PATHDESK_ADDR`: the address to listen on.
    pub addr: SocketAddr,
    /// `PATHDESK_DATA_DIR`: the folder for the SQLite file (created if missing).
    pub data_dir: PathBuf,
    /// `DATABASE_URL` (postgres://...) or the SQLite file in the data folder.
    pub database: DatabaseConfig,
    /// `PATHDESK_DIST`: the folder of the built app.
    pub dist_dir: PathBuf,
    /// `PATHDESK_DEMO` (anything but `0`): fill an empty database with synthetic demo data.
    pub seed_demo_data: bool,
    /// `PATHDESK_DEMO_PATIENTS`: how many patients the demo trust has (tests use fewer).
    pub demo_patients: usize,
    /// `PATHDESK_PUBLIC_URL`: the address people open (`https://pathdesk.example.nhs.uk`). When it starts with
    /// `https://`, the session cookie is `Secure` and responses carry HSTS; a request's `Origin` must match it.
    pub public_url: Option<String>,
    /// `PATHDESK_IDLE_LOCK_MINUTES`: the trust's setting for locking an unattended screen (default 15).
    pub idle_lock_minutes: u32,
    /// `PATHDESK_ADMIN_PASSWORD`: the first administrator's password (otherwise a one-time password is printed).
    pub admin_password: Option<Secret>,
    /// `PATHDESK_TRUSTED_PROXY`: the address of the trust's proxy in front of Pathdesk, whose `X-Forwarded-For`
    /// names the client (password guessing is slowed by client address).
    pub trusted_proxy: Option<std::net::IpAddr>,
}

/// A setting that must never reach a log: `{:?}` prints `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
pub const DEFAULT_DATA_DIR: &str = "./.pathdesk-data";
pub const DEFAULT_DIST_DIR: &str = "./dist";
pub const SQLITE_FILE_NAME: &str = "pathdesk.sqlite";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("PATHDESK_ADDR is {value:?}, which is not an address to listen on. Use the form 127.0.0.1:8080.")]
    BadAddr { value: String },
    #[error(
        "DATABASE_URL is {value:?}, which is neither a PostgreSQL URL (postgres://...) nor a SQLite URL (sqlite:...). \
         Fix it, or unset it to use the SQLite file in PATHDESK_DATA_DIR."
    )]
    BadDatabaseUrl { value: String },
    #[error(
        "PATHDESK_DEMO_PATIENTS is {value:?}: use a whole number of patients from 0 to {max} (the default is {standard}).",
        max = DemoOptions::MAX_PATIENTS,
        standard = DemoOptions::STANDARD_PATIENTS
    )]
    BadDemoPatients { value: String },
    #[error(
        "PATHDESK_PUBLIC_URL is {value:?}: use the address people open, with its scheme and without a path, such as \
         https://pathdesk.example.nhs.uk"
    )]
    BadPublicUrl { value: String },
    #[error(
        "PATHDESK_IDLE_LOCK_MINUTES is {value:?}: use a whole number of minutes from 1 to 480 (the default is 15)."
    )]
    BadIdleLock { value: String },
    #[error("PATHDESK_TRUSTED_PROXY is {value:?}: use the proxy's IP address, such as 10.0.0.5, or unset it.")]
    BadTrustedProxy { value: String },
    #[error("PATHDESK_ADMIN_PASSWORD cannot be used: {problem}")]
    WeakAdminPassword { problem: String },
}

impl Config {
    /// Reads the settings from the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok().filter(|value| !value.trim().is_empty()))
    }

    /// Reads the settings through `lookup` (the environment, or a map in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let addr_text = lookup("PATHDESK_ADDR").unwrap_or_else(|| DEFAULT_ADDR.to_string());
        let addr = addr_text.trim().parse().map_err(|_| ConfigError::BadAddr { value: addr_text.clone() })?;
        let data_dir = PathBuf::from(lookup("PATHDESK_DATA_DIR").unwrap_or_else(|| DEFAULT_DATA_DIR.to_string()));
        let database = match lookup("DATABASE_URL") {
            Some(url) => database_from_url(url)?,
            None => DatabaseConfig::Sqlite { path: data_dir.join(SQLITE_FILE_NAME) },
        };
        let dist_dir = PathBuf::from(lookup("PATHDESK_DIST").unwrap_or_else(|| DEFAULT_DIST_DIR.to_string()));
        let seed_demo_data = lookup("PATHDESK_DEMO").is_none_or(|value| value.trim() != "0");
        let demo_patients = match lookup("PATHDESK_DEMO_PATIENTS") {
            None => DemoOptions::STANDARD_PATIENTS,
            Some(value) => match value.trim().parse::<usize>() {
                Ok(count) if count <= DemoOptions::MAX_PATIENTS => count,
                _ => return Err(ConfigError::BadDemoPatients { value }),
            },
        };
        let public_url = match lookup("PATHDESK_PUBLIC_URL") {
            None => None,
            Some(value) => Some(public_origin(&value).ok_or(ConfigError::BadPublicUrl { value })?),
        };
        let idle_lock_minutes = match lookup("PATHDESK_IDLE_LOCK_MINUTES") {
            None => pathdesk_core::access::DEFAULT_IDLE_LOCK_MINUTES,
            Some(value) => match value.trim().parse::<u32>() {
                Ok(minutes) if (1..=480).contains(&minutes) => minutes,
                _ => return Err(ConfigError::BadIdleLock { value }),
            },
        };
        let trusted_proxy = match lookup("PATHDESK_TRUSTED_PROXY") {
            None => None,
            Some(value) => Some(value.trim().parse().map_err(|_| ConfigError::BadTrustedProxy { value })?),
        };
        let admin_password = lookup("PATHDESK_ADMIN_PASSWORD").map(Secret);
        if let Some(problem) =
            admin_password.as_ref().and_then(|password| pathdesk_core::access::password_problem(&password.0, "admin"))
        {
            return Err(ConfigError::WeakAdminPassword { problem });
        }
        Ok(Config {
            addr,
            data_dir,
            database,
            dist_dir,
            seed_demo_data,
            demo_patients,
            public_url,
            idle_lock_minutes,
            admin_password,
            trusted_proxy,
        })
    }

    /// Served over HTTPS (as far as the browser is concerned, whatever terminates TLS).
    pub fn https(&self) -> bool {
        self.public_url.as_deref().is_some_and(|url| url.starts_with("https://"))
    }

    /// The settings for a server whose data lives in `data_dir` (SQLite) and whose app is in `dist_dir`.
    pub fn local(data_dir: &Path, dist_dir: &Path) -> Config {
        Config {
            addr: DEFAULT_ADDR.parse().expect("the default address is valid"),
            data_dir: data_dir.to_path_buf(),
            database: DatabaseConfig::Sqlite { path: data_dir.join(SQLITE_FILE_NAME) },
            dist_dir: dist_dir.to_path_buf(),
            seed_demo_data: false,
            demo_patients: DemoOptions::STANDARD_PATIENTS,
            public_url: None,
            idle_lock_minutes: pathdesk_core::access::DEFAULT_IDLE_LOCK_MINUTES,
            admin_password: None,
            trusted_proxy: None,
        }
    }
}

/// `https://host[:port]` (any trailing slash removed), or `None` when `url` is not an http(s) origin.
fn public_origin(url: &str) -> Option<String> {
    let url = url.trim().trim_end_matches('/');
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    if rest.is_empty() || rest.contains(['/', '?', '#', ' ', '@']) {
        return None;
    }
    Some(url.to_ascii_lowercase())
}

fn database_from_url(url: String) -> Result<DatabaseConfig, ConfigError> {
    let url = url.trim().to_string();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(DatabaseConfig::Postgres { url })
    } else if let Some(rest) = url.strip_prefix("sqlite:") {
        let path = rest.trim_start_matches("//");
        let path = path.split('?').next().unwrap_or(path);
        if path.is_empty() {
            return Err(ConfigError::BadDatabaseUrl { value: url });
        }
        Ok(DatabaseConfig::Sqlite { path: PathBuf::from(path) })
    } else {
        Err(ConfigError::BadDatabaseUrl { value: url })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn defaults_use_sqlite_in_the_data_folder() {
        let config = config(&[]).unwrap();
        assert_eq!(config.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(config.database, DatabaseConfig::Sqlite { path: PathBuf::from("./.pathdesk-data/pathdesk.sqlite") });
        assert_eq!(config.dist_dir, PathBuf::from("./dist"));
        assert!(config.seed_demo_data);
        assert_eq!(config.demo_patients, 5_000);
    }

    #[test]
    fn a_postgres_url_selects_postgres() {
        let config = config(&[("DATABASE_URL", "postgres://u@db/pathdesk"), ("PATHDESK_DEMO", "0")]).unwrap();
        assert_eq!(config.database, DatabaseConfig::Postgres { url: "postgres://u@db/pathdesk".into() });
        assert!(!config.seed_demo_data);
    }

    #[test]
    fn bad_settings_are_explained() {
        let err = config(&[("PATHDESK_ADDR", "localhost")]).unwrap_err();
        assert!(err.to_string().contains("127.0.0.1:8080"), "{err}");
        let err = config(&[("DATABASE_URL", "mysql://db")]).unwrap_err();
        assert!(err.to_string().contains("postgres://"), "{err}");
        let err = config(&[("PATHDESK_DEMO_PATIENTS", "lots")]).unwrap_err();
        assert!(err.to_string().contains("whole number of patients"), "{err}");
        assert_eq!(config(&[("PATHDESK_DEMO_PATIENTS", "400")]).unwrap().demo_patients, 400);
        let err = config(&[("PATHDESK_PUBLIC_URL", "pathdesk.example.nhs.uk/app")]).unwrap_err();
        assert!(err.to_string().contains("https://"), "{err}");
        let err = config(&[("PATHDESK_IDLE_LOCK_MINUTES", "0")]).unwrap_err();
        assert!(err.to_string().contains("1 to 480"), "{err}");
        let err = config(&[("PATHDESK_ADMIN_PASSWORD", "short")]).unwrap_err();
        assert!(err.to_string().contains("at least 10"), "{err}");
        let with_password = config(&[("PATHDESK_ADMIN_PASSWORD", "set by the installer")]).unwrap();
        assert!(!format!("{with_password:?}").contains("long admin"), "the password never reaches a log");
    }

    #[test]
    fn https_comes_from_the_public_url() {
        let plain = config(&[]).unwrap();
        assert!(!plain.https());
        assert_eq!(plain.idle_lock_minutes, 15);
        let secure = config(&[("PATHDESK_PUBLIC_URL", "https://Pathdesk.Example.nhs.uk/")]).unwrap();
        assert!(secure.https());
        assert_eq!(secure.public_url.as_deref(), Some("https://pathdesk.example.nhs.uk"));
        assert!(!config(&[("PATHDESK_PUBLIC_URL", "http://desk:8080")]).unwrap().https());
    }

    #[test]
    fn the_trusted_proxy_is_an_ip_address() {
        assert_eq!(config(&[]).unwrap().trusted_proxy, None);
        let proxy = config(&[("PATHDESK_TRUSTED_PROXY", " 10.0.0.5 ")]).unwrap();
        assert_eq!(proxy.trusted_proxy, Some("10.0.0.5".parse().unwrap()));
        let err = config(&[("PATHDESK_TRUSTED_PROXY", "proxy.trust.nhs.uk")]).unwrap_err();
        assert!(err.to_string().contains("use the proxy's IP address"), "{err}");
    }
}
