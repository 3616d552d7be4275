//! `cargo xtask bench`: each benchmark prints the figure it measures and the budget beside it.

use std::process::Command;

use crate::build::{self, ServerProfile};
use crate::process::{run, workspace_root, Result};
use crate::tools;

pub fn all() -> Result {
    let root = workspace_root();
    // Native benchmarks of the core, optimised.
    let mut examples: Vec<String> = std::fs::read_dir(root.join("crates/core/examples"))
        .map_err(|e| format!("cannot list the core's benchmarks: {e}"))?
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.strip_suffix(".rs").map(str::to_string))
        .collect();
    examples.sort();
    for example in &examples {
        run(Command::new("cargo")
            .args(["run", "--quiet", "--profile", "server", "-p", "pathdesk-core", "--example", example])
            .current_dir(&root))?;
    }
    // The server's push, on SQLite (each command durable before it is acknowledged), a first sync's pulls, and a
    // PAS extract of 100,000 referrals imported.
    for example in ["bench_push", "bench_pull", "bench_import"] {
        run(Command::new("cargo")
            .args(["run", "--quiet", "--profile", "server", "-p", "pathdesk-server", "--example", example])
            .current_dir(&root))?;
    }
    // PostgreSQL with one and with three real server processes: push throughput, lock waits, pulls of 100 desks.
    build::server(ServerProfile::Server, false)?;
    let postgres = tools::postgres()?;
    run(Command::new("cargo")
        .args(["run", "--quiet", "--profile", "server", "-p", "pathdesk-server", "--example", "bench_postgres"])
        .current_dir(&root)
        .env("PATHDESK_SERVER_BIN", build::server_binary(ServerProfile::Server))
        .env("PATHDESK_BENCH_POSTGRES_URL", postgres))?;
    // The same core in the browser: wasm, release profile, headless Chromium.
    tools::build_tools()?;
    tools::chromium()?;
    let mut browser = Command::new("cargo");
    browser
        .args(["test", "--release", "-p", "pathdesk", "--target", "wasm32-unknown-unknown"])
        .args(["--test", "bench_browser", "--", "--include-ignored", "--nocapture"])
        .current_dir(&root)
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "600");
    crate::test::with_cargo_bin_on_path(&mut browser);
    run(&mut browser)?;
    // The shipped app.
    tools::npm_ci(&root.join("tests/e2e"))?;
    build::app_release()?;
    build::server(ServerProfile::Dev, true)?;
    for script in ["size.mjs", "first-render.mjs", "impact-list.mjs", "reception.mjs"] {
        run(Command::new("node")
            .arg(root.join("tests/e2e/bench").join(script))
            .current_dir(&root)
            .env("PATHDESK_SERVER_BIN", build::server_binary(ServerProfile::Dev))
            .env("PATHDESK_DIST", build::dist_dir()))?;
    }
    Ok(())
}
