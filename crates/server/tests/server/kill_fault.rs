//! The fault campaign as a test: a desk pushes a few hundred commands while the real server is killed (`kill -9`)
//! again and again, often with a push in flight; it resends whatever was not answered, as the app does. At the end
//! every command is in the database exactly once: nothing lost, nothing applied twice.
//!
//! On SQLite one process is killed and restarted. On PostgreSQL two processes serve the desk (as behind the trust's
//! proxy): when the one it was using is killed, its resend goes to the other; and every few batches PostgreSQL ends
//! every connection to the database (as a database restart does), which each process must survive with its pool.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use pathdesk_core::command::{AddPatientNote, Command as DeskCommand};
use pathdesk_core::sync::{CommandEnvelope, PushRequest};
use pathdesk_server::config::DatabaseConfig;

use crate::common::Running;

const COMMANDS: u64 = 300;
const BATCH: u64 = 10;

/// The real server on `data` (SQLite) or on the PostgreSQL database at `database_url`, and its address.
fn start(data: &Path, database_url: Option<&str>) -> (Running, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pathdesk-server"));
    command
        .env("PATHDESK_ADDR", "127.0.0.1:0")
        .env("PATHDESK_DATA_DIR", data)
        .env("PATHDESK_DIST", data.join("no-dist"))
        .env("PATHDESK_DEMO_PATIENTS", "5")
        .env("PATHDESK_ADMIN_PASSWORD", "set by the installer")
        .env_remove("DATABASE_URL")
        .env_remove("PATHDESK_DEMO")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(url) = database_url {
        command.env("DATABASE_URL", url);
    }
    let mut child = command.spawn().expect("start the server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let server = Running(child);
    let addr =
        line.trim().strip_prefix("Pathdesk is running at http://").unwrap_or_else(|| panic!("{line:?}")).to_string();
    (server, addr)
}

/// kill -9, as a power cut or an operator would.
fn kill(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// Sends one request; `None` when the connection broke before a whole answer came (the server was killed).
fn send(
    addr: &str,
    method: &str,
    path: &str,
    headers: &str,
    body: &str,
    kill_after: Option<(&mut Child, u64)>,
) -> Option<String> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{headers}Content-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    if let Some((child, micros)) = kill_after {
        std::thread::sleep(Duration::from_micros(micros));
        kill(child);
    }
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    response.contains("\r\n\r\n").then_some(response)
}

fn note(seq: u64, patient_id: &str) -> CommandEnvelope {
    CommandEnvelope {
        id: format!("kill-test-{seq}"),
        seq,
        issued_on: pathdesk_server::uk_today(),
        author: "Desk".into(),
        command: DeskCommand::AddPatientNote(AddPatientNote {
            note_id: format!("kill-note-{seq}"),
            patient_id: patient_id.into(),
            text: format!("Note {seq}"),
        }),
    }
}

#[test]
fn commands_pushed_while_the_server_is_killed_again_and_again_are_each_stored_exactly_once() {
    let data = tempfile::tempdir().unwrap();
    let database = DatabaseConfig::Sqlite { path: data.path().join("pathdesk.sqlite") };
    campaign(data.path(), &database, None);
}

#[test]
fn with_two_processes_on_postgresql_killed_in_turn_and_the_database_dropping_connections_each_command_is_stored_once() {
    let data = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let (admin_url, name, url) = runtime.block_on(crate::common::new_postgres_database());
    let database = DatabaseConfig::Postgres { url: url.clone() };
    campaign(data.path(), &database, Some(&url));
    runtime.block_on(crate::common::drop_postgres_database(&admin_url, &name));
}

/// Ends every connection to the database but the caller's, as a restart of PostgreSQL would.
fn drop_every_connection(url: &str) -> u64 {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        use sqlx::Connection;
        let mut connection = sqlx::PgConnection::connect(url).await.unwrap();
        let ended = sqlx::query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .execute(&mut connection)
        .await
        .unwrap()
        .rows_affected();
        connection.close().await.unwrap();
        ended
    })
}

fn campaign(data: &Path, database: &DatabaseConfig, postgres: Option<&str>) {
    // On PostgreSQL a second process serves the same desk; on SQLite there is one.
    let mut processes = vec![start(data, postgres)];
    if postgres.is_some() {
        processes.push(start(&data.join("second"), postgres));
    }
    let mut current = 0;
    let addr = processes[current].1.clone();
    let headers = sign_in(&addr, "booking");
    let mut after = "0".to_string();
    let patient_id = loop {
        let pulled =
            send(&addr, "GET", &format!("/api/sync/pull?after={after}&limit=2000"), &headers, "", None).unwrap();
        let page: serde_json::Value = serde_json::from_str(pulled.split("\r\n\r\n").nth(1).unwrap()).unwrap();
        let found = page["changes"].as_array().unwrap().iter().find(|change| change["record"]["kind"] == "patient");
        if let Some(change) = found {
            break change["record"]["id"].as_str().unwrap().to_string();
        }
        assert_eq!(page["has_more"], true, "the demo has patients");
        after = page["next_cursor"].as_str().unwrap().to_string();
    };

    let (mut kills, mut resends, mut seq, mut drops, mut unavailable) = (0, 0, 1, 0, 0);
    let mut last_killed = None;
    while seq <= COMMANDS {
        let batch: Vec<CommandEnvelope> =
            (seq..(seq + BATCH).min(COMMANDS + 1)).map(|s| note(s, &patient_id)).collect();
        let body =
            serde_json::to_string(&PushRequest { client_id: "desk-kill".into(), commands: batch.clone() }).unwrap();
        // Every third batch has the server killed under its first sending, a little later each time (before,
        // during or after the commit); the desk then sends it again, to the restarted server or the other process.
        let kill_now = (seq / BATCH) % 3 == 1 && last_killed != Some(seq);
        // On PostgreSQL, every fifth batch has every database connection ended while it is being answered.
        let drop_now = postgres.filter(|_| !kill_now && (seq / BATCH) % 5 == 2 && last_killed != Some(seq));
        let addr = processes[current].1.clone();
        let answer = if kill_now {
            kills += 1;
            last_killed = Some(seq);
            let delay = (kills * 1_700) % 20_000;
            send(&addr, "POST", "/api/sync/push", &headers, &body, Some((&mut processes[current].0 .0, delay)))
        } else if let Some(url) = drop_now {
            last_killed = Some(seq);
            let url = url.to_string();
            let dropper = std::thread::spawn(move || {
                std::thread::sleep(Duration::from_micros(500));
                drop_every_connection(&url)
            });
            let answer = send(&addr, "POST", "/api/sync/push", &headers, &body, None);
            drops += dropper.join().unwrap();
            answer
        } else {
            send(&addr, "POST", "/api/sync/push", &headers, &body, None)
        };
        if kill_now {
            let folder = if current == 0 { data.to_path_buf() } else { data.join("second") };
            processes[current] = start(&folder, postgres);
            current = (current + 1) % processes.len();
        }
        match answer.as_deref() {
            Some(answer) if answer.starts_with("HTTP/1.1 200") => {
                let results: serde_json::Value =
                    serde_json::from_str(answer.split("\r\n\r\n").nth(1).unwrap()).unwrap();
                for result in results["results"].as_array().unwrap() {
                    assert_eq!(result["outcome"], "applied", "{result}");
                }
                seq += BATCH;
            }
            // The database went away under the push: said as "unavailable, try again", never as a fault.
            Some(answer) => {
                assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
                unavailable += 1;
                resends += 1;
            }
            // No answer: the desk keeps the batch and sends it again (the server answers repeats from its log).
            None => resends += 1,
        }
    }
    for (process, _) in &mut processes {
        kill(&mut process.0);
    }
    assert!(kills >= 9, "the server was killed {kills} times");
    assert!(resends >= 1, "at least one push went unanswered and was sent again ({resends})");
    if postgres.is_some() {
        assert!(drops >= 5, "the database ended the processes' connections ({drops} ended)");
    }
    eprintln!("{kills} kills, {drops} connections ended by the database, {unavailable} answered 503, {resends} resent");

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let database = pathdesk_server::db::Database::open(database).await.unwrap();
        let row = sqlx::query(
            "SELECT COUNT(*) AS logged, COUNT(DISTINCT seq) AS seqs, MIN(seq) AS first, MAX(seq) AS last \
             FROM command_log WHERE client_id = 'desk-kill'",
        )
        .fetch_one(database.pool())
        .await
        .unwrap();
        let get = |name: &str| sqlx::Row::try_get::<i64, _>(&row, name).unwrap();
        assert_eq!((get("logged"), get("seqs"), get("first"), get("last")), (300, 300, 1, 300), "each command once");
        let notes =
            sqlx::query("SELECT COUNT(*) AS notes FROM records WHERE kind = 'patient_note' AND id LIKE 'kill-note-%'")
                .fetch_one(database.pool())
                .await
                .unwrap();
        assert_eq!(sqlx::Row::try_get::<i64, _>(&notes, "notes").unwrap(), 300, "every note stored");
        database.close().await;
    });
}

/// Signs in as `username` (a demo user): the headers a request then carries.
fn sign_in(addr: &str, username: &str) -> String {
    let body = format!(r#"{{"username":"{username}","password":"pathdesk-demo"}}"#);
    let signed_in = send(addr, "POST", "/api/session", "", &body, None).expect("signed in");
    assert!(signed_in.starts_with("HTTP/1.1 200"), "{signed_in}");
    let cookie = signed_in
        .lines()
        .find_map(|line| {
            line.strip_prefix("set-cookie: pathdesk_session=").or(line.strip_prefix("Set-Cookie: pathdesk_session="))
        })
        .map(|rest| format!("pathdesk_session={}", rest.split(';').next().unwrap()))
        .expect("a session cookie");
    let body: serde_json::Value = serde_json::from_str(signed_in.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    format!("Cookie: {cookie}\r\nX-CSRF-Token: {}\r\n", body["csrf_token"].as_str().unwrap())
}

/// A GET's JSON answer.
fn get_json(addr: &str, path: &str, headers: &str) -> serde_json::Value {
    let answer = send(addr, "GET", path, headers, "", None).expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{path}: {answer}");
    serde_json::from_str(answer.split("\r\n\r\n").nth(1).unwrap()).unwrap()
}

/// Every record the signed-in person may see.
fn pull_everything(addr: &str, headers: &str) -> Vec<serde_json::Value> {
    let (mut after, mut all) = ("0".to_string(), Vec::new());
    loop {
        let page = get_json(addr, &format!("/api/sync/pull?after={after}&limit=2000"), headers);
        all.extend(page["changes"].as_array().unwrap().iter().map(|change| change["record"].clone()));
        if page["has_more"] != true {
            return all;
        }
        after = page["next_cursor"].as_str().unwrap().to_string();
    }
}

#[test]
fn a_pas_import_killed_part_way_carries_on_at_the_next_start_with_every_row_once() {
    use pathdesk_core::demo::pas_extract::{referrals_csv, ExtractOptions};
    let data = tempfile::tempdir().unwrap();
    let (mut server, addr) = start(data.path(), None);
    let headers = sign_in(&addr, "lead");
    let trust = pull_everything(&addr, &headers);
    let of = |kind: &'static str| trust.iter().filter(move |r| r["kind"] == kind);
    let consultants: Vec<(String, String)> = of("consultant")
        .map(|c| {
            let specialty = of("specialty").find(|s| s["id"] == c["specialty_id"]).unwrap();
            (c["name"].as_str().unwrap().to_string(), specialty["code"].as_str().unwrap().to_string())
        })
        .collect();
    let avoid = of("patient").map(|p| p["nhs_number"].as_str().unwrap().to_string()).collect();
    let rows = 6000;
    let file = referrals_csv(&ExtractOptions {
        rows,
        seed: 99,
        consultants: &consultants,
        avoid: &avoid,
        today: pathdesk_server::uk_today(),
    });
    let started = send(&addr, "POST", "/api/imports?kind=referrals&file_name=kill.csv", &headers, &file, None).unwrap();
    assert!(started.starts_with("HTTP/1.1 202"), "{started}");
    let id = serde_json::from_str::<serde_json::Value>(started.split("\r\n\r\n").nth(1).unwrap()).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Killed once the first batch is in, while the next ones are being applied.
    let killed_at = loop {
        let job = get_json(&addr, &format!("/api/imports/{id}"), &headers);
        let done = job["done_rows"].as_u64().unwrap();
        if done >= 500 {
            kill(&mut server.0);
            break done;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    assert!(killed_at < rows as u64, "killed part-way ({killed_at} of {rows} rows)");
    // Started again: the import carries on by itself from its last finished batch.
    let (mut server, addr) = start(data.path(), None);
    let headers = sign_in(&addr, "lead");
    let job = loop {
        let job = get_json(&addr, &format!("/api/imports/{id}"), &headers);
        if job["status"] != "running" {
            break job;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(job["status"], "done", "{job}");
    assert_eq!(job["done_rows"], rows);
    assert_eq!(job["problems"], serde_json::json!([]));
    let after = pull_everything(&addr, &headers);
    let imported = |kind: &str, prefix: &str| {
        after.iter().filter(|r| r["kind"] == kind && r["id"].as_str().unwrap().starts_with(prefix)).count()
    };
    assert_eq!(imported("pathway", "pas-referral-"), rows, "every referral");
    assert_eq!(
        imported("patient", "pas-patient-"),
        rows - rows / 5,
        "every patient (a fifth of the rows are a second referral)"
    );
    kill(&mut server.0);
    // Each row's command in the log once: none lost with the killed batch, none applied twice after the start.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let logged: i64 = runtime.block_on(async {
        use sqlx::Connection;
        let url = format!("sqlite://{}", data.path().join("pathdesk.sqlite").display());
        let mut connection = sqlx::SqliteConnection::connect(&url).await.unwrap();
        sqlx::query_scalar("SELECT COUNT(*) FROM command_log WHERE client_id = ?")
            .bind(format!("import-{id}"))
            .fetch_one(&mut connection)
            .await
            .unwrap()
    });
    assert_eq!(logged as usize, rows, "a command a row, each once");
}
