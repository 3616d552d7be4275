//! Installs the toolchain pieces Pathdesk needs, each only when missing or at the wrong version, so every step is
//! quick when already done. Everything comes from crates.io, npm or Debian's packages; nothing downloads a binary.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use crate::process::{exists, output_of, run, workspace_root, Result};

pub const TRUNK_VERSION: &str = "0.21.14";

fn cargo_bin(name: &str) -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"));
    home.join("bin").join(name)
}

/// The path to a cargo-installed tool: on PATH if there, else in $CARGO_HOME/bin.
pub fn tool(name: &str) -> PathBuf {
    let installed = cargo_bin(name);
    if installed.exists() {
        installed
    } else {
        PathBuf::from(name)
    }
}

fn version_of(program: &PathBuf) -> Option<String> {
    output_of(Command::new(program).arg("--version"))
}

pub fn wasm_target() -> Result {
    let installed = output_of(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|t| t.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

pub fn trunk() -> Result {
    let want = format!("trunk {TRUNK_VERSION}");
    if version_of(&tool("trunk")).is_some_and(|v| v == want) {
        return Ok(());
    }
    println!("Installing {want} (5 to 11 minutes the first time)...");
    run(Command::new("cargo").args(["install", "--locked", "trunk", "--version", TRUNK_VERSION]))
}

/// The exact wasm-bindgen version in Cargo.lock: the CLI must match it to the byte.
pub fn wasm_bindgen_version() -> Result<String> {
    let lock = fs::read_to_string(workspace_root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock ({e}); run `cargo generate-lockfile` first"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.trim().strip_prefix("version = ")) {
                return Ok(version.trim_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".to_string())
}

pub fn wasm_bindgen_cli() -> Result {
    let version = wasm_bindgen_version()?;
    let want = format!("wasm-bindgen {version}");
    let runner_ok = version_of(&tool("wasm-bindgen-test-runner")).is_some();
    if version_of(&tool("wasm-bindgen")).is_some_and(|v| v == want) && runner_ok {
        return Ok(());
    }
    println!("Installing wasm-bindgen-cli {version} (about 3 minutes the first time)...");
    // Not --locked: its lock file wants a webpki-roots release the registry here lacks (see toolchain.md).
    run(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &version]))
}

/// wasm-opt from the npm package `binaryen` (never Debian's binaryen 108, which breaks the wasm), installed with
/// the other build tools in xtask/package.json (terser).
/// Returns its path, or None with a printed notice if it cannot be installed here.
pub fn wasm_opt() -> Option<PathBuf> {
    let dir = workspace_root().join("xtask");
    let bin = dir.join("node_modules/.bin/wasm-opt");
    // Also brings node_modules up to date when package-lock.json changed (terser came later than wasm-opt).
    let installed = npm_ci(&dir);
    if bin.exists() {
        return Some(bin);
    }
    if installed.is_err() || !bin.exists() {
        println!(
            "NOTICE: wasm-opt (npm binaryen) could not be installed; the app is shipped without wasm-opt (larger)."
        );
        return None;
    }
    Some(bin)
}

/// `npm ci` in a folder with a package-lock.json, skipped when node_modules is already up to date.
pub fn npm_ci(dir: &std::path::Path) -> Result {
    let lock = dir.join("package-lock.json");
    let stamp = dir.join("node_modules/.package-lock.json");
    let fresh = match (fs::metadata(&lock).and_then(|m| m.modified()), fs::metadata(&stamp).and_then(|m| m.modified()))
    {
        (Ok(lock), Ok(stamp)) => stamp >= lock,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    run(Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]).current_dir(dir))
}

/// Debian's Chromium and ChromeDriver, for the browser and end-to-end tests.
pub fn chromium() -> Result {
    if exists("/usr/bin/chromium") && exists("/usr/bin/chromedriver") {
        return Ok(());
    }
    println!("Installing Chromium and ChromeDriver from Debian's packages...");
    apt_install(&["chromium", "chromium-driver"])
}

fn is_root() -> bool {
    output_of(Command::new("id").arg("-u")).is_some_and(|uid| uid == "0")
}

/// `apt-get install` Debian packages (through sudo when not root).
fn apt_install(packages: &[&str]) -> Result {
    let root = is_root();
    let apt = |args: &[&str]| {
        let mut cmd = if root { Command::new("apt-get") } else { Command::new("sudo") };
        if !root {
            cmd.arg("apt-get");
        }
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    run(&mut apt(&["update", "-q"]))?;
    let mut install = apt(&["install", "-y", "-q"]);
    install.args(packages);
    run(&mut install)
}

/// The PostgreSQL the server's tests run on (they run on SQLite and on PostgreSQL, none skipped): the one named by
/// `PATHDESK_TEST_POSTGRES_URL`; else the machine's own on 127.0.0.1:5432 (trust auth, database `test`) when it
/// answers; else Debian's PostgreSQL, installed when absent and started here on port 54329 with a throwaway
/// cluster under `target/postgres` (trust auth, as the `postgres` user when run as root).
pub fn postgres() -> std::result::Result<String, String> {
    if let Some(url) = std::env::var("PATHDESK_TEST_POSTGRES_URL").ok().filter(|url| !url.trim().is_empty()) {
        return Ok(url);
    }
    let answers = |port: u16| {
        std::net::TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), std::time::Duration::from_secs(2)).is_ok()
    };
    if answers(5432) {
        return Ok("postgres://postgres@127.0.0.1:5432/test".to_string());
    }
    const PORT: u16 = 54329;
    let url = format!("postgres://postgres@127.0.0.1:{PORT}/test");
    if answers(PORT) {
        return Ok(url);
    }
    let bin = |name: &str| {
        std::fs::read_dir("/usr/lib/postgresql").ok().and_then(|versions| {
            let mut found: Vec<std::path::PathBuf> =
                versions.flatten().map(|v| v.path().join("bin").join(name)).filter(|p| p.exists()).collect();
            found.sort();
            found.pop()
        })
    };
    if bin("pg_ctl").is_none() {
        println!("Installing PostgreSQL from Debian's packages for the server's tests...");
        apt_install(&["postgresql"])?;
    }
    let (initdb, pg_ctl, psql) = match (bin("initdb"), bin("pg_ctl"), bin("psql")) {
        (Some(a), Some(b), Some(c)) => (a, b, c),
        _ => return Err("PostgreSQL is installed but its programs were not found under /usr/lib/postgresql".into()),
    };
    let dir = crate::process::workspace_root().join("target/postgres");
    let data = dir.join("data");
    // PostgreSQL will not run as root: as root, the cluster belongs to the `postgres` user Debian's package made.
    let as_postgres = |program: &std::path::Path| {
        if is_root() {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", "postgres", "--"]).arg(program);
            cmd
        } else {
            Command::new(program)
        }
    };
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
    if is_root() {
        run(Command::new("chown").args(["-R", "postgres:postgres"]).arg(&dir))?;
    }
    if !data.join("PG_VERSION").exists() {
        run(as_postgres(&initdb).args(["-A", "trust", "-U", "postgres", "-D"]).arg(&data))?;
    }
    run(as_postgres(&pg_ctl).arg("-D").arg(&data).args(["-l"]).arg(dir.join("log")).args([
        "-o",
        &format!("-p {PORT} -k /tmp -c listen_addresses=127.0.0.1"),
        "-w",
        "start",
    ]))?;
    // The database the tests connect to (each test makes its own inside the server).
    let _ = Command::new(psql)
        .args(["-h", "127.0.0.1", "-p", &PORT.to_string(), "-U", "postgres", "-c", "CREATE DATABASE test"])
        .status();
    Ok(url)
}

/// Everything needed to build and run the app.
pub fn build_tools() -> Result {
    wasm_target()?;
    trunk()?;
    wasm_bindgen_cli()
}
