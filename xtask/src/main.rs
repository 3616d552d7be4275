//! `cargo xtask <task>`: the project's task runner. See README.md.

mod bench;
mod build;
mod house;
mod process;
mod test;
mod tools;

use std::process::{Command, ExitCode};

use process::{workspace_root, Result};

const USAGE: &str = "\
cargo xtask <task>

  run     install what is missing, build the app, start the server on an embedded SQLite file with demo data
  test    install what is missing (Chromium too), then every check and test: fmt, clippy, core, server,
          browser (wasm-bindgen-test) and end-to-end (headless Chromium against the real server and build)
  e2e     build the app and the server, then only the end-to-end tests: `cargo xtask e2e [--debug] [files]`
  house   check the rules of the house: no import circle, desk/ and ui/ import nothing above them, no screen
          imports another, SQL only in the server's db/
  bench   benchmarks: each prints its figure and its budget
  build   build the app (release, dist/) and the server
  setup   only install the toolchain pieces (wasm32 target, trunk, wasm-bindgen-cli, wasm-opt, Chromium)

Environment for `run`: PATHDESK_ADDR (default 127.0.0.1:8080), PATHDESK_DATA_DIR (default .pathdesk-data).";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = args.first().map(String::as_str).unwrap_or("help");
    let outcome = match task {
        "run" => run_pathdesk(),
        "test" => test::all(),
        "e2e" => test::e2e(&args[1..]),
        "bench" => bench::all(),
        "house" => house::check(),
        "build" => build::app_release().and_then(|()| build::server(build::ServerProfile::Server, true)),
        "setup" => setup(),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown task `{other}`.\n\n{USAGE}")),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask {task}: {message}");
            ExitCode::FAILURE
        }
    }
}

fn setup() -> Result {
    tools::build_tools()?;
    tools::wasm_opt();
    tools::chromium()?;
    tools::npm_ci(&workspace_root().join("tests/e2e"))
}

/// Build everything, then hand over to the server (it prints its address and runs until Ctrl+C).
fn run_pathdesk() -> Result {
    build::app_release()?;
    build::server(build::ServerProfile::Server, true)?;
    let root = workspace_root();
    let mut server = Command::new(build::server_binary(build::ServerProfile::Server));
    server.current_dir(&root).env("PATHDESK_DIST", build::dist_dir());
    if std::env::var_os("PATHDESK_DATA_DIR").is_none() {
        server.env("PATHDESK_DATA_DIR", root.join(".pathdesk-data"));
    }
    process::run(&mut server)
}
