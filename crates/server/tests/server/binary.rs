//! The real binary: settings from the environment, the address printed, the demo seeded, a clean stop.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::Running;

fn http_get(addr: &str, path: &str) -> String {
    http(addr, "GET", path, "", "")
}

/// One HTTP/1.1 request with extra header lines (each ending in \r\n) and a JSON body.
fn http(addr: &str, method: &str, path: &str, headers: &str, body: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect to the server");
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{headers}Content-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

/// The session cookie (`pathdesk_session=...`) a response sets.
fn session_cookie(response: &str) -> String {
    let line = response
        .lines()
        .find(|line| line.to_ascii_lowercase().starts_with("set-cookie: pathdesk_session="))
        .unwrap_or_else(|| panic!("no session cookie in {response}"));
    line["set-cookie: ".len()..].split(';').next().unwrap().to_string()
}

#[test]
fn the_server_starts_prints_its_address_seeds_the_demo_and_stops_on_sigterm() {
    let data = tempfile::tempdir().unwrap();
    let server = Command::new(env!("CARGO_BIN_EXE_pathdesk-server"))
        .env("PATHDESK_ADDR", "127.0.0.1:0")
        .env("PATHDESK_DATA_DIR", data.path().join("new-folder"))
        .env("PATHDESK_DIST", data.path().join("no-dist"))
        .env("PATHDESK_DEMO_PATIENTS", "50")
        .env_remove("DATABASE_URL")
        .env_remove("PATHDESK_DEMO")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server");
    let mut server = Running(server);

    let mut stdout = BufReader::new(server.0.stdout.take().unwrap());
    let mut first_line = String::new();
    stdout.read_line(&mut first_line).unwrap();
    let admin_password = first_line
        .trim()
        .strip_prefix("Administrator account: admin / one-time password: ")
        .unwrap_or_else(|| panic!("unexpected first line: {first_line:?}"))
        .to_string();
    assert_eq!(admin_password.len(), 16, "{first_line}");
    let mut second_line = String::new();
    stdout.read_line(&mut second_line).unwrap();
    let addr = second_line
        .trim()
        .strip_prefix("Pathdesk is running at http://")
        .unwrap_or_else(|| panic!("unexpected second line: {second_line:?}"))
        .to_string();

    let health = http_get(&addr, "/api/health");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.contains("\"status\":\"ok\""), "{health}");
    let pull = http_get(&addr, "/api/sync/pull?limit=1");
    assert!(pull.starts_with("HTTP/1.1 401"), "no data without signing in: {pull}");

    let admin =
        http(&addr, "POST", "/api/session", "", &format!(r#"{{"username":"admin","password":"{admin_password}"}}"#));
    assert!(admin.starts_with("HTTP/1.1 200"), "the one-time password signs the administrator in: {admin}");
    assert!(admin.contains("\"must_change_password\":true"), "{admin}");
    let lead = http(&addr, "POST", "/api/session", "", r#"{"username":"lead","password":"pathdesk-demo"}"#);
    assert!(lead.starts_with("HTTP/1.1 200"), "the demo team lead signs in: {lead}");
    let cookie = session_cookie(&lead);
    let pull = http(&addr, "GET", "/api/sync/pull?limit=1", &format!("Cookie: {cookie}\r\n"), "");
    assert!(pull.contains("\"has_more\":true"), "the demo trust was seeded: {pull}");
    assert!(data.path().join("new-folder").join("pathdesk.sqlite").is_file(), "the data folder was created");
    let root = http_get(&addr, "/");
    assert!(root.contains("cargo xtask run"), "{root}");

    let stopped = Command::new("kill").args(["-TERM", &server.0.id().to_string()]).status().unwrap();
    assert!(stopped.success());
    let status = server.0.wait().unwrap();
    assert!(status.success(), "a clean exit on SIGTERM, got {status}");
}

#[test]
fn bad_settings_stop_the_server_with_a_message() {
    let output = Command::new(env!("CARGO_BIN_EXE_pathdesk-server"))
        .env("PATHDESK_ADDR", "not-an-address")
        .output()
        .expect("run the server");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Pathdesk cannot start: PATHDESK_ADDR"), "{stderr}");
}

#[test]
fn an_admin_password_from_the_environment_is_used_and_never_printed() {
    let data = tempfile::tempdir().unwrap();
    let server = Command::new(env!("CARGO_BIN_EXE_pathdesk-server"))
        .env("PATHDESK_ADDR", "127.0.0.1:0")
        .env("PATHDESK_DATA_DIR", data.path())
        .env("PATHDESK_DIST", data.path().join("no-dist"))
        .env("PATHDESK_DEMO", "0")
        .env("PATHDESK_ADMIN_PASSWORD", "set by the installer")
        .env_remove("DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server");
    let mut server = Running(server);
    let mut first_line = String::new();
    BufReader::new(server.0.stdout.take().unwrap()).read_line(&mut first_line).unwrap();
    let addr = first_line
        .trim()
        .strip_prefix("Pathdesk is running at http://")
        .unwrap_or_else(|| panic!("nothing but the address is printed, got {first_line:?}"))
        .to_string();
    let admin = http(&addr, "POST", "/api/session", "", r#"{"username":"admin","password":"set by the installer"}"#);
    assert!(admin.starts_with("HTTP/1.1 200"), "{admin}");
    assert!(admin.contains("\"must_change_password\":false"), "{admin}");
    let lead = http(&addr, "POST", "/api/session", "", r#"{"username":"lead","password":"pathdesk-demo"}"#);
    assert!(lead.starts_with("HTTP/1.1 401"), "no demo users without the demo data: {lead}");
}

#[test]
fn backup_writes_a_copy_of_the_database_and_never_overwrites_one() {
    let data = tempfile::tempdir().unwrap();
    let backup = |file: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_pathdesk-server"))
            .args(["backup", file.to_str().unwrap()])
            .env("PATHDESK_DATA_DIR", data.path())
            .env("PATHDESK_DEMO", "0")
            .env_remove("DATABASE_URL")
            .output()
            .expect("run the backup")
    };
    let file = data.path().join("pathdesk-2026-12-07.sqlite");
    let output = backup(&file);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("To restore: stop Pathdesk"));
    assert!(std::fs::metadata(&file).unwrap().len() > 0);
    let again = backup(&file);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already exists"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let usage = Command::new(env!("CARGO_BIN_EXE_pathdesk-server")).arg("bakup").output().unwrap();
    assert!(!usage.status.success());
    assert!(String::from_utf8_lossy(&usage.stderr).contains("pathdesk-server backup FILE"));
}
