//! `cargo xtask test`: every check and test, in an order that reuses one build directory throughout.

use std::process::Command;
use std::time::Instant;

use crate::build::{self, ServerProfile};
use crate::process::{run, workspace_root, Result};
use crate::tools;

struct Step {
    name: &'static str,
    outcome: Result,
    seconds: u64,
}

pub fn all() -> Result {
    let root = workspace_root();
    tools::build_tools()?;
    tools::chromium()?;
    tools::npm_ci(&root.join("tests/e2e"))?;

    let mut steps: Vec<Step> = Vec::new();
    let mut step = |name: &'static str, f: &mut dyn FnMut() -> Result| {
        println!("\n==> {name}");
        let started = Instant::now();
        let outcome = f();
        if let Err(message) = &outcome {
            eprintln!("FAILED: {name}: {message}");
        }
        steps.push(Step { name, outcome, seconds: started.elapsed().as_secs() });
        steps.last().is_some_and(|s| s.outcome.is_ok())
    };
    let cargo = |args: &[&str]| {
        let mut cmd = Command::new("cargo");
        // A one-off run gains nothing from incremental state, which is the largest part of a debug build directory.
        cmd.args(args).current_dir(&root).env("CARGO_INCREMENTAL", "0");
        cmd
    };

    step("format (cargo fmt --check)", &mut || run(&mut cargo(&["fmt", "--all", "--", "--check"])));
    step("the rules of the house (no import circle, each room imports only below it)", &mut crate::house::check);
    step("lint core, server, xtask (clippy -D warnings)", &mut || {
        run(&mut cargo(&["clippy", "--workspace", "--exclude", "pathdesk", "--all-targets", "--", "-D", "warnings"]))
    });
    step("lint the app for wasm32 (clippy -D warnings)", &mut || {
        run(&mut cargo(&[
            "clippy",
            "-p",
            "pathdesk",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    });
    step("core, server and xtask tests (cargo test; the server's on SQLite and on PostgreSQL)", &mut || {
        let postgres = tools::postgres()?;
        println!("PostgreSQL for the server's tests: {postgres}");
        run(cargo(&["test", "--workspace", "--exclude", "pathdesk"]).env("PATHDESK_TEST_POSTGRES_URL", postgres))
    });
    step("the app's own logic, natively (cargo test -p pathdesk --lib)", &mut || {
        run(&mut cargo(&["test", "-p", "pathdesk", "--lib"]))
    });
    step("browser tests (wasm-bindgen-test in headless Chromium)", &mut || {
        let mut cmd = cargo(&["test", "-p", "pathdesk", "--target", "wasm32-unknown-unknown", "--test", "browser"]);
        cmd.env("CHROMEDRIVER", "/usr/bin/chromedriver").env("WASM_BINDGEN_TEST_TIMEOUT", "120");
        with_cargo_bin_on_path(&mut cmd);
        run(&mut cmd)
    });
    let built = step("build the app (trunk --release) and the server", &mut || {
        build::app_release()?;
        build::server(ServerProfile::Dev, true)
    });
    if built {
        step("end-to-end tests (headless Chromium, real server, real build)", &mut || end_to_end(&[]));
    }

    println!("\nSummary:");
    for s in &steps {
        let mark = if s.outcome.is_ok() { "ok    " } else { "FAILED" };
        println!("  {mark} {} ({} s)", s.name, s.seconds);
    }
    let failed = steps.iter().filter(|s| s.outcome.is_err()).count();
    println!("steps: {} passed, {failed} failed", steps.len() - failed);
    report_build_directory_size(&root.join("target"));
    if failed == 0 && built {
        Ok(())
    } else {
        Err(format!("{failed} step(s) failed"))
    }
}

/// `cargo xtask e2e [--debug] [test files...]`: build the app and the server, then run the end-to-end tests (all,
/// or the files named). `--debug` builds the app without release optimisation, for quick iteration.
pub fn e2e(args: &[String]) -> Result {
    let profile =
        if args.iter().any(|a| a == "--debug") { build::AppProfile::Debug } else { build::AppProfile::Release };
    let files: Vec<&str> = args.iter().map(String::as_str).filter(|a| *a != "--debug").collect();
    tools::chromium()?;
    tools::npm_ci(&workspace_root().join("tests/e2e"))?;
    build::app(profile)?;
    build::server(ServerProfile::Dev, true)?;
    end_to_end(&files)
}

fn end_to_end(files: &[&str]) -> Result {
    let mut cmd = Command::new("node");
    cmd.args(["--test", "--test-concurrency=1"]);
    if files.is_empty() {
        cmd.arg("tests/e2e/");
    } else {
        cmd.args(files);
    }
    run(cmd
        .current_dir(workspace_root())
        .env("PATHDESK_SERVER_BIN", build::server_binary(ServerProfile::Dev))
        .env("PATHDESK_DIST", build::dist_dir()))
}

/// wasm-bindgen-test-runner is installed by cargo into $CARGO_HOME/bin, which may not be on PATH.
pub fn with_cargo_bin_on_path(cmd: &mut Command) {
    if let Some(bin_dir) = tools::tool("wasm-bindgen-test-runner").parent().filter(|d| !d.as_os_str().is_empty()) {
        let mut dirs = vec![bin_dir.to_path_buf()];
        dirs.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
        if let Ok(path) = std::env::join_paths(dirs) {
            cmd.env("PATH", path);
        }
    }
}

/// Prints how much disk the build directory took, so a run that nears a machine's limit is seen before it fails.
fn report_build_directory_size(target: &std::path::Path) {
    let output = Command::new("du").arg("-sh").arg(target).output();
    if let Some(output) = output.ok().filter(|o| o.status.success()) {
        let text = String::from_utf8_lossy(&output.stdout);
        println!("build directory: {}", text.split_whitespace().next().unwrap_or("?"));
    }
}
