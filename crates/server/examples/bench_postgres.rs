//! Benchmark: Pathdesk on PostgreSQL as a trust that outgrows one process runs it (#17): real `pathdesk-server`
//! processes on one database, desks speaking HTTP to them. Prints, each beside its budget:
//! - commands a second from 4 desks pushing first-appointment bookings and patient notes at once, through one
//!   process and through three (the three should get through at least 1.5 times as many);
//! - a sample of `pg_locks` taken while the three processes are pushed to: which object the most writers waited
//!   on at once (there must be no row every writer waits on);
//! - 100 desks each pulling what changed since its last pull once a second (thirty times the app's rate), while a
//!   desk pushes notes ten times a second: the 99th percentile of a pull (under 100 ms);
//! - 100 desks downloading the demo trust from the start at once: when the last is done (within 30 s).
//!
//! Needs the server binary (`PATHDESK_SERVER_BIN`) and a PostgreSQL server (`PATHDESK_BENCH_POSTGRES_URL`, a
//! database it may create others from); `cargo xtask bench` provides both.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Deserialize;

const DESKS: usize = 4;
const PUSHES_EACH: usize = 10;
const COMMANDS: usize = 50;
/// Of each push's commands, how many are bookings (the rest are notes).
const BOOKINGS_PER_PUSH: usize = 10;
const SPEED_UP_BUDGET: f64 = 1.5;
const PULLING_DESKS: usize = 100;
const PULL_ROUNDS: usize = 15;
const PULL_P99_BUDGET_MS: f64 = 100.0;
const FIRST_SYNC_BUDGET_S: f64 = 30.0;
const DEMO_PATIENTS: &str = "5000";

struct Process(Child, String);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(binary: &str, url: &str, data: &std::path::Path) -> Process {
    let mut child = Command::new(binary)
        .env("PATHDESK_ADDR", "127.0.0.1:0")
        .env("PATHDESK_DATA_DIR", data)
        .env("PATHDESK_DIST", data.join("no-dist"))
        .env("PATHDESK_DEMO_PATIENTS", DEMO_PATIENTS)
        .env("PATHDESK_ADMIN_PASSWORD", "set by the installer")
        .env("DATABASE_URL", url)
        .env_remove("PATHDESK_DEMO")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("the server's first line");
    let addr = line.trim().strip_prefix("Pathdesk is running at http://").unwrap_or_else(|| panic!("{line:?}"));
    Process(child, addr.to_string())
}

/// One request on its own connection; the status line and the body.
fn send(addr: &str, method: &str, path: &str, headers: &str, body: &str) -> (String, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{headers}Content-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("the answer");
    let (head, body) = response.split_once("\r\n\r\n").expect("a whole answer");
    (head.lines().next().unwrap_or_default().to_string(), body.to_string())
}

/// Signs in as the demo team lead (every service): the headers later requests carry.
fn sign_in(addr: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    let body = r#"{"username":"lead","password":"pathdesk-demo"}"#;
    write!(
        stream,
        "POST /api/session HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("the answer");
    assert!(response.starts_with("HTTP/1.1 200"), "signing in: {response}");
    let cookie = response
        .lines()
        .find_map(|line| {
            line.strip_prefix("set-cookie: pathdesk_session=").or(line.strip_prefix("Set-Cookie: pathdesk_session="))
        })
        .map(|rest| format!("pathdesk_session={}", rest.split(';').next().unwrap_or_default()))
        .expect("a session cookie");
    let json: serde_json::Value = serde_json::from_str(response.split("\r\n\r\n").nth(1).unwrap()).expect("json");
    format!("Cookie: {cookie}\r\nX-CSRF-Token: {}\r\n", json["csrf_token"].as_str().expect("csrf"))
}

#[derive(Deserialize)]
struct Page {
    changes: Vec<Change>,
    next_cursor: String,
    has_more: bool,
}

#[derive(Deserialize)]
struct Change {
    record: serde_json::Value,
}

/// Pulls every page after `after`: how many changes, the new cursor, and each page's time.
fn pull_all(
    addr: &str,
    headers: &str,
    after: &str,
    limit: u32,
    keep: bool,
) -> (Vec<serde_json::Value>, String, Vec<f64>) {
    let (mut after, mut kept, mut times) = (after.to_string(), Vec::new(), Vec::new());
    loop {
        let started = Instant::now();
        let (status, body) = send(addr, "GET", &format!("/api/sync/pull?after={after}&limit={limit}"), headers, "");
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(status.contains(" 200 "), "{status}: {body}");
        let page: Page = serde_json::from_str(&body).expect("a page");
        if keep {
            kept.extend(page.changes.into_iter().map(|change| change.record));
        }
        after = page.next_cursor;
        if !page.has_more {
            return (kept, after, times);
        }
    }
}

fn new_database(admin_url: &str) -> (String, String) {
    let name = format!("pathdesk_bench_{}_{}", std::process::id(), unique_suffix());
    psql(admin_url, &format!("CREATE DATABASE {name}"));
    let (base, _) = admin_url.rsplit_once('/').expect("a database URL");
    (format!("{base}/{name}"), name)
}

/// Nanoseconds since 1970: unique enough for the benchmark's database, device and record names.
fn unique_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default()
}

fn psql(url: &str, sql: &str) -> Vec<Vec<String>> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    runtime.block_on(async {
        use sqlx::{Connection, Row};
        let mut connection = sqlx::PgConnection::connect(url).await.expect("connect to PostgreSQL");
        let rows = sqlx::query(sql).fetch_all(&mut connection).await.expect(sql);
        let out = rows
            .iter()
            .map(|row| (0..row.len()).map(|i| row.try_get::<String, _>(i).unwrap_or_default()).collect())
            .collect();
        connection.close().await.ok();
        out
    })
}

/// What a desk (`client`) pushes: its `push`th batch of notes, on patients spread over the trust, with the bookings
/// given in place of some of them.
fn notes(client: &str, desk: usize, push: usize, patients: &[String]) -> String {
    with_bookings(client, desk, push, patients, &[])
}

fn with_bookings(client: &str, desk: usize, push: usize, patients: &[String], bookings: &[Booking]) -> String {
    let today = chrono::Utc::now().date_naive();
    let commands: Vec<serde_json::Value> = (0..COMMANDS)
        .map(|n| {
            let seq = push * COMMANDS + n + 1;
            let command = match bookings.get(n) {
                Some(booking) => serde_json::json!({
                    "type": "book_appointment", "appointment_id": format!("bench-appt-{}-{}", booking.pathway_id, unique_suffix()),
                    "pathway_id": booking.pathway_id, "session_id": booking.session_id, "slot_id": booking.slot_id,
                    "offered_on": today, "consultant_id": booking.consultant_id,
                }),
                None => serde_json::json!({
                    "type": "add_patient_note", "note_id": format!("bench-note-{desk}-{seq}-{}", unique_suffix()),
                    "patient_id": patients[(desk * 997 + seq * 13) % patients.len()],
                    "text": "Rang the patient: the new date suits.",
                }),
            };
            serde_json::json!({
                "id": format!("bench-{desk}-{seq}-{}", unique_suffix()), "seq": seq, "issued_on": today,
                "author": "Bench", "command": command,
            })
        })
        .collect();
    serde_json::json!({"client_id": client, "commands": commands}).to_string()
}

/// A first appointment to book: a waiting pathway and a free new-patient slot in its specialty's clinics.
#[derive(Clone)]
struct Booking {
    pathway_id: String,
    session_id: String,
    slot_id: String,
    consultant_id: String,
}

/// Bookings for `wanted` non-cancer pathways still waiting for their first appointment, each in the first free
/// new-patient slot of its specialty at least three weeks ahead (within reasonable notice), places counted as
/// they are promised so no two bookings want the same place.
fn bookable(records: &[serde_json::Value], wanted: usize) -> Vec<Booking> {
    use pathdesk_core::booking::availability::SlotBookings;
    use pathdesk_core::booking::search::{ClinicScope, SlotSearch};
    use pathdesk_core::model::SlotType;
    use pathdesk_core::record::Record;
    let typed: Vec<Record> = records.iter().filter_map(|record| serde_json::from_value(record.clone()).ok()).collect();
    let mut appointments = Vec::new();
    let mut sessions = Vec::new();
    let mut pathways = Vec::new();
    for record in &typed {
        match record {
            Record::Appointment(appointment) => appointments.push(appointment.clone()),
            Record::ClinicSession(session) => sessions.push(session.clone()),
            Record::Pathway(pathway) => pathways.push(pathway.clone()),
            _ => {}
        }
    }
    let booked: std::collections::HashSet<&str> = appointments.iter().map(|a| a.pathway_id.as_str()).collect();
    let taken = SlotBookings::new(appointments.iter());
    let mut promised: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    let earliest = chrono::Utc::now().date_naive() + chrono::Days::new(21);
    let mut bookings = Vec::new();
    for pathway in pathways.iter().filter(|p| !p.cancer && !booked.contains(p.id.as_str())) {
        if bookings.len() == wanted {
            break;
        }
        if pathdesk_core::booking::next_slot_type(pathway) != SlotType::New {
            continue;
        }
        let search = SlotSearch {
            slot_type: SlotType::New,
            scope: ClinicScope::Specialty(&pathway.specialty_id),
            earliest,
            latest: None,
        };
        let free = sessions
            .iter()
            .filter(|session| session.date >= earliest && search.scope.covers(session))
            .filter(|session| !matches!(session.status, pathdesk_core::model::SessionStatus::Cancelled { .. }))
            .flat_map(|session| session.slots.iter().map(move |slot| (session, slot)))
            .filter(|(_, slot)| slot.slot_type == SlotType::New)
            .find(|(_, slot)| taken.free_places(slot) > promised.get(&slot.id).copied().unwrap_or(0));
        if let Some((session, slot)) = free {
            *promised.entry(slot.id.clone()).or_insert(0) += 1;
            bookings.push(Booking {
                pathway_id: pathway.id.clone(),
                session_id: session.id.clone(),
                slot_id: slot.id.clone(),
                consultant_id: session.consultant_id.clone(),
            });
        }
    }
    bookings
}

/// The machine's CPU time so far, busy and in all (from `/proc/stat`; zeros where there is none).
fn cpu_times() -> (u64, u64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let fields: Vec<u64> =
        stat.lines().next().unwrap_or_default().split_whitespace().skip(1).filter_map(|f| f.parse().ok()).collect();
    let total: u64 = fields.iter().sum();
    let idle = fields.get(3).copied().unwrap_or(0) + fields.get(4).copied().unwrap_or(0);
    (total - idle, total)
}

/// How much of the machine's CPU was busy between two `cpu_times`, as a percentage.
fn busy_percent(before: (u64, u64), after: (u64, u64)) -> f64 {
    let (busy, total) = (after.0 - before.0, after.1 - before.1);
    if total == 0 {
        0.0
    } else {
        busy as f64 * 100.0 / total as f64
    }
}

/// 4 desks pushing at once through `processes`, each push `BOOKINGS_PER_PUSH` bookings (while there are any) and
/// notes: commands a second, and how many bookings were applied and refused.
fn push_throughput(
    processes: &[Process],
    headers: &str,
    patients: &[String],
    bookings: &[Booking],
) -> (f64, usize, usize) {
    let started = Instant::now();
    let desks: Vec<_> = (0..DESKS)
        .map(|desk| {
            let addr = processes[desk % processes.len()].1.clone();
            let (headers, patients) = (headers.to_string(), patients.to_vec());
            // The desk's share of the bookings, in pushes.
            let mine: Vec<Booking> = bookings.iter().skip(desk).step_by(DESKS).cloned().collect();
            std::thread::spawn(move || {
                let client = format!("bench-desk-{desk}-{}", unique_suffix());
                let (mut applied, mut refused) = (0, 0);
                for push in 0..PUSHES_EACH {
                    let from = (push * BOOKINGS_PER_PUSH).min(mine.len());
                    let these = &mine[from..(from + BOOKINGS_PER_PUSH).min(mine.len())];
                    let body = with_bookings(&client, desk, push, &patients, these);
                    let (status, answer) = send(&addr, "POST", "/api/sync/push", &headers, &body);
                    assert!(status.contains(" 200 "), "{status}: {answer}");
                    let results: serde_json::Value = serde_json::from_str(&answer).expect("results");
                    for result in results["results"].as_array().expect("results").iter().take(these.len()) {
                        if result["outcome"] == "applied" {
                            applied += 1
                        } else {
                            refused += 1
                        }
                    }
                    let notes = results["results"].as_array().expect("results").iter().skip(these.len());
                    assert!(notes.clone().all(|result| result["outcome"] == "applied"), "{answer}");
                }
                (applied, refused)
            })
        })
        .collect();
    let (mut applied, mut refused) = (0, 0);
    for desk in desks {
        let (a, r) = desk.join().expect("a desk");
        applied += a;
        refused += r;
    }
    ((DESKS * PUSHES_EACH * COMMANDS) as f64 / started.elapsed().as_secs_f64(), applied, refused)
}

fn main() {
    let binary = std::env::var("PATHDESK_SERVER_BIN").expect("PATHDESK_SERVER_BIN: the server binary");
    let admin_url = std::env::var("PATHDESK_BENCH_POSTGRES_URL").expect("PATHDESK_BENCH_POSTGRES_URL: a PostgreSQL");
    let folder = tempfile::tempdir().expect("a temporary folder");

    // The same pushes through one process, then (on a fresh database) through three.
    let mut figures = Vec::new();
    let mut lock_report = String::new();
    let mut kept = None;
    for count in [1usize, 3] {
        let (url, name) = new_database(&admin_url);
        let processes: Vec<Process> =
            (0..count).map(|n| start(&binary, &url, &folder.path().join(format!("{name}-{n}")))).collect();
        let headers = sign_in(&processes[0].1);
        let (records, _, _) = pull_all(&processes[0].1, &headers, "0", 2000, true);
        let patients: Vec<String> = records
            .iter()
            .filter(|record| record["kind"] == "patient")
            .filter_map(|record| record["id"].as_str().map(str::to_string))
            .collect();
        let sampling = Arc::new(AtomicBool::new(true));
        let sampler = {
            let (sampling, url) = (sampling.clone(), url.clone());
            std::thread::spawn(move || sample_lock_waits(&url, &sampling))
        };
        let bookings = bookable(&records, DESKS * PUSHES_EACH * BOOKINGS_PER_PUSH);
        let cpu_before = cpu_times();
        let (per_second, booked, refused) = push_throughput(&processes, &headers, &patients, &bookings);
        let busy = busy_percent(cpu_before, cpu_times());
        sampling.store(false, Ordering::SeqCst);
        lock_report.push_str(&format!("{count} process(es): {}\n", sampler.join().expect("the sampler")));
        figures.push(per_second);
        println!(
            "PostgreSQL, {count} process{}: {DESKS} desks pushing {} commands at once ({} first appointments booked, {} \
             refused, the rest patient notes): {per_second:.0} commands a second (the machine's {} cores {busy:.0}% \
             busy)",
            if count == 1 { "" } else { "es" },
            DESKS * PUSHES_EACH * COMMANDS,
            booked,
            refused,
            std::thread::available_parallelism().map_or(0, |n| n.get())
        );
        if count == 3 {
            kept = Some((processes, headers, name));
        } else {
            drop(processes);
            psql(&admin_url, &format!("DROP DATABASE {name} WITH (FORCE)"));
        }
    }
    println!(
        "three processes against one: {:.2} times the commands a second (budget at least {SPEED_UP_BUDGET})",
        figures[1] / figures[0]
    );
    print!("{lock_report}");

    let (processes, headers, name) = kept.expect("the three processes");
    incremental_pulls(&processes, &headers);
    first_syncs(&processes, &headers);
    drop(processes);
    psql(&admin_url, &format!("DROP DATABASE {name} WITH (FORCE)"));
}

/// Samples `pg_locks` every 5 ms while `sampling`, on one connection: the waits, by the object waited on.
fn sample_lock_waits(url: &str, sampling: &AtomicBool) -> String {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    runtime.block_on(async {
        use sqlx::{Connection, Row};
        let mut connection = sqlx::PgConnection::connect(url).await.expect("connect to PostgreSQL");
        let (mut samples, mut most_waiting, mut worst, mut writers_seen) = (0usize, 0i64, String::from("none"), 0i64);
        while sampling.load(Ordering::SeqCst) {
            let rows = sqlx::query(
                "SELECT COALESCE(l.locktype, '') || ' ' || COALESCE(c.relname, '') || ' ' || \
                 COALESCE(l.page::text, '') || ' ' || COALESCE(l.tuple::text, '') || ' ' || \
                 COALESCE(l.transactionid::text, '') AS object, COUNT(*) AS waiting \
                 FROM pg_locks l LEFT JOIN pg_class c ON c.oid = l.relation WHERE NOT l.granted GROUP BY 1",
            )
            .fetch_all(&mut connection)
            .await
            .expect("pg_locks");
            let writing: i64 = sqlx::query(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND backend_xid IS NOT NULL",
            )
            .fetch_one(&mut connection)
            .await
            .expect("pg_stat_activity")
            .get(0);
            writers_seen = writers_seen.max(writing);
            samples += 1;
            for row in rows {
                let waiting: i64 = row.get("waiting");
                if waiting > most_waiting {
                    most_waiting = waiting;
                    worst = row.get::<String, _>("object").trim().to_string();
                }
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        connection.close().await.ok();
        format!(
            "pg_locks while the desks pushed ({samples} samples): at most {most_waiting} session(s) waiting on one \
             object ({worst}), with up to {writers_seen} transactions writing at once (budget: no row every writer \
             waits on, so fewer than {DESKS} waiting on any one)"
        )
    })
}

/// 100 desks, each pulling what changed since its own last pull, round after round, while a desk pushes notes.
fn incremental_pulls(processes: &[Process], headers: &str) {
    let (_, cursor, _) = pull_all(&processes[0].1, headers, "0", 2000, false);
    let pushing = Arc::new(AtomicBool::new(true));
    let pusher = {
        let (pushing, addr, headers) = (pushing.clone(), processes[0].1.clone(), headers.to_string());
        let (records, _, _) = pull_all(&addr, &headers, "0", 2000, true);
        let patients: Vec<String> = records
            .iter()
            .filter(|record| record["kind"] == "patient")
            .filter_map(|record| record["id"].as_str().map(str::to_string))
            .collect();
        std::thread::spawn(move || {
            let (mut push, client) = (0, format!("bench-pusher-{}", unique_suffix()));
            while pushing.load(Ordering::SeqCst) {
                let (status, _) = send(&addr, "POST", "/api/sync/push", &headers, &notes(&client, 9, push, &patients));
                assert!(status.contains(" 200 "), "{status}");
                push += 1;
                std::thread::sleep(Duration::from_millis(100));
            }
        })
    };
    let desks: Vec<_> = (0..PULLING_DESKS)
        .map(|desk| {
            let addr = processes[desk % processes.len()].1.clone();
            let (headers, mut cursor) = (headers.to_string(), cursor.clone());
            std::thread::spawn(move || {
                // Each desk pulls once a second (thirty times as often as the app does), at its own moment in it.
                let mut times = Vec::new();
                std::thread::sleep(Duration::from_millis((desk as u64 * 10) % 1000));
                for _ in 0..PULL_ROUNDS {
                    let round = Instant::now();
                    let (_, next, mut took) = pull_all(&addr, &headers, &cursor, 500, false);
                    times.append(&mut took);
                    cursor = next;
                    std::thread::sleep(Duration::from_millis(1000).saturating_sub(round.elapsed()));
                }
                times
            })
        })
        .collect();
    let mut times: Vec<f64> = desks.into_iter().flat_map(|desk| desk.join().expect("a desk")).collect();
    pushing.store(false, Ordering::SeqCst);
    pusher.join().expect("the pushing desk");
    times.sort_by(f64::total_cmp);
    let p99 = times[(times.len() * 99 / 100).min(times.len() - 1)];
    let median = times[times.len() / 2];
    println!(
        "{PULLING_DESKS} desks each pulling what changed once a second, {} pulls through three processes while a desk \
         pushes: median {median:.1} ms, 99th percentile {p99:.1} ms (budget {PULL_P99_BUDGET_MS:.0} ms)",
        times.len()
    );
}

/// 100 desks downloading the whole demo trust at once.
fn first_syncs(processes: &[Process], headers: &str) {
    let started = Instant::now();
    let desks: Vec<_> = (0..PULLING_DESKS)
        .map(|desk| {
            let (addr, headers) = (processes[desk % processes.len()].1.clone(), headers.to_string());
            std::thread::spawn(move || {
                let (_, _, times) = pull_all(&addr, &headers, "0", 2000, false);
                (started.elapsed().as_secs_f64(), times.len())
            })
        })
        .collect();
    let done: Vec<(f64, usize)> = desks.into_iter().map(|desk| desk.join().expect("a desk")).collect();
    let last = done.iter().map(|(at, _)| *at).fold(0.0, f64::max);
    let pages = done.first().map_or(0, |(_, pages)| *pages);
    println!(
        "{PULLING_DESKS} desks downloading the {DEMO_PATIENTS}-patient demo trust at once ({pages} pages each) through \
         three processes: the last done after {last:.1} s (budget {FIRST_SYNC_BUDGET_S:.0} s)"
    );
}
