//! `pathdesk-server`: reads its settings from the environment (see `config.rs`) and serves.

use std::io::IsTerminal;
use std::process::ExitCode;

use pathdesk_server::app_files;
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
    let mut config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("Pathdesk cannot start: {error}");
            return ExitCode::FAILURE;
        }
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] => {
            // The app this binary carries, unless PATHDESK_DIST names a folder to serve instead.
            if let Some(files) = std::env::var_os("PATHDESK_DIST").is_none().then(app_files::embedded).flatten() {
                match app_files::unpack(&files, &config.data_dir) {
                    Ok(folder) => config.dist_dir = folder,
                    Err(error) => {
                        eprintln!(
                            "Pathdesk cannot start: the app it carries could not be written under {} ({error}). \
                             Check that the folder is writable, or set PATHDESK_DIST to a folder holding the built app.",
                            config.data_dir.display()
                        );
                        return ExitCode::FAILURE;
                    }
                }
            }
            match pathdesk_server::run(config).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("Pathdesk cannot start: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        ["backup", file] => match pathdesk_server::backup(&config, std::path::Path::new(file)).await {
            Ok(()) => {
                println!("Backed up to {file}. To restore: stop Pathdesk, put this file in place of the database file, start Pathdesk.");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("Pathdesk could not back up: {error}");
                ExitCode::FAILURE
            }
        },
        ["restored"] => match pathdesk_server::restored(&config).await {
            Ok(()) => {
                println!("Marked as restored from a backup: desks will download everything again when they next sync.");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("Pathdesk could not mark the database as restored: {error}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!("{USAGE}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage:
  pathdesk-server                serve (settings from the environment: see the README)
  pathdesk-server backup FILE    write a consistent copy of the SQLite database to FILE while Pathdesk runs
  pathdesk-server restored       after restoring a database by other means (pg_restore), tell desks so";
