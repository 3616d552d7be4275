//! `pathdesk-server`: reads its settings from the environment (see `config.rs`) and serves.

use std::io::IsTerminal;
use std::process::ExitCode;

use pathdesk_server::config::Config;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    // Logs go to stderr, so stdout carries only "Pathdesk is running at ..." (scripts and tests read it).
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("Pathdesk cannot start: {error}");
            return ExitCode::FAILURE;
        }
    };
    match pathdesk_server::run(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("Pathdesk cannot start: {error}");
            ExitCode::FAILURE
        }
    }
}
