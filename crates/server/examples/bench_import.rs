//! Benchmark: importing a PAS extract of 100,000 referrals (a patient each, every fifth a second referral) into
//! the demo trust on the default SQLite file, as the server does it: the file read and checked, then its rows
//! applied in batches through the desks' own commands (each logged and audited), each batch durable with the
//! import's progress. Prints the rows a second and the whole time against its budget (60 s on this machine).
//!
//! `cargo run --profile server -p pathdesk-server --example bench_import`

mod common;

use std::collections::HashSet;
use std::time::Instant;

use pathdesk_core::access::Role;
use pathdesk_core::demo::pas_extract::{referrals_csv, ExtractOptions};
use pathdesk_core::pas_import::ImportKind;
use pathdesk_core::record::{Record, RecordKind};
use pathdesk_server::db::{imports as jobs, records, users};
use pathdesk_server::{demo, imports};

/// 100,000 (`PATHDESK_BENCH_IMPORT_ROWS` sets another number, for a quick look).
const ROWS: usize = 100_000;
const BUDGET_SECONDS: f64 = 60.0;

#[tokio::main]
async fn main() {
    let rows: usize = std::env::var("PATHDESK_BENCH_IMPORT_ROWS").ok().and_then(|n| n.parse().ok()).unwrap_or(ROWS);
    let (_dir, database) = common::database().await;
    let today = pathdesk_server::uk_today();
    demo::seed_demo_data_if_empty(&database, demo::demo_options(today, 400)).await.expect("seed").expect("seeded");
    let user_id = common::user(&database, Role::TeamLead, "Bench Lead").await;
    let mut connection = database.pool().acquire().await.expect("a connection");
    let user = users::find_by_id(&mut connection, &user_id).await.expect("read").expect("the user");
    let mut trust = Vec::new();
    for kind in [RecordKind::Specialty, RecordKind::Consultant, RecordKind::Patient] {
        trust.extend(records::load_kind(&mut connection, kind).await.expect("the trust"));
    }
    drop(connection);
    let codes: Vec<(String, String)> = trust
        .iter()
        .filter_map(|r| if let Record::Specialty(s) = r { Some((s.id.clone(), s.code.clone())) } else { None })
        .collect();
    let consultants: Vec<(String, String)> = trust
        .iter()
        .filter_map(|r| if let Record::Consultant(c) = r { Some(c) } else { None })
        .map(|c| (c.name.clone(), codes.iter().find(|(id, _)| *id == c.specialty_id).expect("its specialty").1.clone()))
        .collect();
    let avoid: HashSet<String> = trust
        .iter()
        .filter_map(|r| if let Record::Patient(p) = r { Some(p.nhs_number.clone()) } else { None })
        .collect();
    let file = referrals_csv(&ExtractOptions { rows, seed: 2026, consultants: &consultants, avoid: &avoid, today });
    println!("PAS import: {rows} referral rows, {:.1} MB", file.len() as f64 / 1_048_576.0);

    let started = Instant::now();
    let (text, checked) =
        imports::check(&database, ImportKind::Referrals, file.as_bytes(), today).await.expect("the file checks");
    let checked_in = started.elapsed().as_secs_f64();
    assert!(checked.plan.problems.is_empty(), "{:?}", checked.plan.problems.first());
    pathdesk_server::push::check_device(&database, &user, "import-bench").await.expect("the import's device");
    let mut connection = database.pool().acquire().await.expect("a connection");
    jobs::insert(
        &mut connection,
        &jobs::NewImport {
            id: "bench",
            kind: "referrals",
            file_name: "bench.csv",
            contents: &text,
            user_id: &user.id,
            created_at: "2026-12-08T00:00:00Z",
            total_rows: checked.rows.len(),
            skip_rows: &[],
            counts: checked.plan.counts(),
        },
    )
    .await
    .expect("the import");
    drop(connection);
    imports::run_one(&database, "bench", usize::MAX).await.expect("the import runs");
    let seconds = started.elapsed().as_secs_f64();
    let mut connection = database.pool().acquire().await.expect("a connection");
    let job = jobs::get(&mut connection, "bench").await.expect("read").expect("the import");
    assert_eq!((job.status.as_str(), job.done_rows as usize), ("done", rows), "{:?}", job.message);
    assert!(job.problems.is_empty(), "{:?}", job.problems.first());
    println!("PAS import: checked in {checked_in:.1} s, imported in {:.1} s", seconds - checked_in);
    println!(
        "PAS import of {rows} referral rows: {seconds:.1} s, {:.0} rows/s (budget {BUDGET_SECONDS:.0} s for {ROWS}){}",
        rows as f64 / seconds,
        if seconds <= BUDGET_SECONDS { "" } else { "  OVER BUDGET" }
    );
}
