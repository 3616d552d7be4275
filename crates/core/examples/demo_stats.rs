//! Prints what the demo generator makes and how long it takes: the standard trust (5,000 patients) and the
//! benchmark size (100,000 pathways, budget a few seconds: 3,000 ms). Timings are the best of three runs, since
//! the machine may be busy.
//!
//! Run with `cargo run --release -p pathdesk-core --example demo_stats [YYYY-MM-DD]` (default: today).

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::NaiveDate;
use pathdesk_core::demo::{generate, DemoOptions};
use pathdesk_core::model::{AppointmentStatus, Priority};
use pathdesk_core::record::{Record, RecordKind};
use pathdesk_core::tasks::TaskStatus;

fn main() {
    let today = match std::env::args().nth(1) {
        Some(text) => text.parse::<NaiveDate>().unwrap_or_else(|error| {
            eprintln!("demo_stats: '{text}' is not a date ({error}); give it as YYYY-MM-DD, e.g. 2026-11-23");
            std::process::exit(2);
        }),
        None => chrono::Local::now().date_naive(),
    };
    report("standard demo", &DemoOptions::standard(today), STANDARD_BUDGET_MS);
    report("benchmark size: 100,000 pathways", &DemoOptions::with_pathways(today, 100_000), LARGE_BUDGET_MS);
}

/// The server seeds the standard demo on first start: it should not hold start-up back.
const STANDARD_BUDGET_MS: f64 = 500.0;
/// 100,000 pathways "in a few seconds".
const LARGE_BUDGET_MS: f64 = 3_000.0;

/// Events that stop the RTT clock in the demo's vocabulary.
const STOPS: [&str; 3] = ["first_definitive_treatment", "active_monitoring_start", "decision_not_to_treat"];

fn report(title: &str, options: &DemoOptions, budget_ms: f64) {
    let mut best_ms = f64::MAX;
    let mut records = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        records = generate(options);
        best_ms = best_ms.min(started.elapsed().as_secs_f64() * 1000.0);
    }
    println!("== {title}: {} patients, seed {}, today {}", options.patients, options.seed, options.today);
    println!(
        "demo: {} pathways ({} records) generated in {best_ms:.0} ms (budget {budget_ms:.0} ms), best of 3",
        options.pathway_count(),
        records.len()
    );

    let mut by_kind: BTreeMap<RecordKind, usize> = BTreeMap::new();
    for record in &records {
        *by_kind.entry(record.kind()).or_default() += 1;
    }
    for (kind, count) in &by_kind {
        println!("  {:<16} {count:>8}", kind.as_str());
    }

    let started = Instant::now();
    let json_bytes: usize = records.iter().map(|r| serde_json::to_vec(r).map_or(0, |bytes| bytes.len())).sum();
    println!(
        "JSON size of all records: {:.1} MB ({json_bytes} bytes, serialised in {:.0} ms)",
        json_bytes as f64 / 1_000_000.0,
        started.elapsed().as_secs_f64() * 1000.0
    );

    let mut priorities: BTreeMap<Priority, usize> = BTreeMap::new();
    let mut stopped = 0;
    let mut events = 0;
    let mut weeks_bands = [0usize; 5];
    let mut statuses: BTreeMap<&str, usize> = BTreeMap::new();
    let mut task_kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut open_tasks = 0;
    let mut overdue_tasks = 0;
    for record in &records {
        match record {
            Record::Pathway(pathway) => {
                *priorities.entry(pathway.priority).or_default() += 1;
                events += pathway.events.len();
                // Read events through their JSON (the case format), which stays stable while the typed event changes.
                let log = serde_json::to_value(&pathway.events).unwrap_or_default();
                let log = log.as_array().cloned().unwrap_or_default();
                if log.iter().any(|e| e["type"] == "first_definitive_treatment") {
                    stopped += 1;
                }
                let stopped_clock = log.iter().any(|e| {
                    let kind = e["type"].as_str().unwrap_or_default();
                    STOPS.contains(&kind) || (kind == "appointment_dna" && e["first"] == true)
                });
                let start = log.first().and_then(|e| e["date"].as_str()?.parse::<NaiveDate>().ok());
                if let (false, Some(start)) = (stopped_clock, start) {
                    let weeks = (options.today - start).num_days() / 7;
                    let band = match weeks {
                        0..=17 => 0,
                        18..=51 => 1,
                        52..=64 => 2,
                        65..=77 => 3,
                        _ => 4,
                    };
                    weeks_bands[band] += 1;
                }
            }
            Record::Appointment(appointment) => *statuses.entry(appointment.status.label()).or_default() += 1,
            Record::Task(task) => {
                *task_kinds.entry(task.kind.label()).or_default() += 1;
                if task.status == TaskStatus::Done {
                    continue;
                }
                open_tasks += 1;
                if task.due < options.today {
                    overdue_tasks += 1;
                }
            }
            _ => {}
        }
    }
    let pathways = by_kind.get(&RecordKind::Pathway).copied().unwrap_or(0).max(1);
    for (priority, count) in &priorities {
        println!("  {:<24} {count:>7} ({:.1}%)", priority.label(), 100.0 * *count as f64 / pathways as f64);
    }
    println!("  treated (clock stopped)  {stopped:>7} ({:.1}%)", 100.0 * stopped as f64 / pathways as f64);
    println!("  events                   {events:>7} ({:.2} per pathway)", events as f64 / pathways as f64);
    println!(
        "  running clocks, weeks since referral: <18w {}, 18-52w {}, 52-65w {}, 65-78w {}, 78w+ {}",
        weeks_bands[0], weeks_bands[1], weeks_bands[2], weeks_bands[3], weeks_bands[4]
    );
    let booked = statuses.get(AppointmentStatus::Booked.label()).copied().unwrap_or(0);
    println!("  appointments by status: {statuses:?} (booked ahead: {booked})");
    println!("  tasks by kind: {task_kinds:?}; open: {open_tasks}, overdue: {overdue_tasks}");
    println!();
}
