//! Team tasks benchmark: 20,000 synthetic tasks, filter + sort as the team view does on each keystroke.
//! Run: `cargo run --release -p pathdesk-core --example bench_tasks`. Prints the median of 20 runs per case and
//! the worst case against the 50 ms budget (the budget is for the browser; native is several times faster).

use std::hint::black_box;
use std::time::Instant;

use chrono::{Days, NaiveDate};
use pathdesk_core::tasks::worklist::{TaskFilter, Worklist};
use pathdesk_core::tasks::{Task, TaskKind, TaskStatus};

const TASKS: usize = 20_000;
const RUNS: usize = 20;
const BUDGET_MS: f64 = 50.0;

const SECRETARIES: [&str; 12] = [
    "S. Patel",
    "J. Khan",
    "M. Evans",
    "R. Ahmed",
    "A. Okafor",
    "L. Nowak",
    "C. Walker",
    "H. Wright",
    "D. Brown",
    "E. Wilson",
    "F. O'Brien",
    "G. Thompson",
];
const TITLES: [&str; 5] = [
    "Clinic letter: seen in clinic",
    "Call back about appointment",
    "Chase MRI report",
    "Validate RTT pathway",
    "Task",
];
const KINDS: [TaskKind; 5] =
    [TaskKind::ClinicLetter, TaskKind::PatientQuery, TaskKind::Chaser, TaskKind::PathwayValidation, TaskKind::Other];

/// A small deterministic generator (64-bit LCG), so every run measures the same list.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

fn synthetic_tasks(today: NaiveDate) -> Vec<Task> {
    let mut rng = Lcg(2026);
    let first = today.checked_sub_days(Days::new(60)).unwrap();
    (0..TASKS)
        .map(|i| {
            let kind = rng.next(5) as usize;
            let due = first.checked_add_days(Days::new(rng.next(90))).unwrap();
            let mut task = Task::new_open(
                format!("T{:06}", rng.next(1_000_000)),
                KINDS[kind],
                format!("{} {}", TITLES[kind], i),
                SECRETARIES[rng.next(SECRETARIES.len() as u64) as usize],
                due,
            );
            task.patient_id = (rng.next(10) > 0).then(|| format!("P{:05}", rng.next(8_000)));
            task.consultant_id = Some(format!("C{:02}", rng.next(40)));
            if rng.next(3) == 0 {
                task.status = TaskStatus::Done;
            }
            task
        })
        .collect()
}

fn median_ms(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let tasks = synthetic_tasks(today);
    let patient_names =
        |task: &Task| task.patient_id.as_deref().map_or(String::new(), |id| format!("SMITH, Olivia {id}"));

    let mut builds = Vec::with_capacity(5);
    for _ in 0..5 {
        let started = Instant::now();
        black_box(Worklist::with_search_text(&tasks, today, patient_names));
        builds.push(started.elapsed().as_secs_f64() * 1e3);
    }
    println!("tasks build the list {TASKS} tasks: {:.2} ms (once per change of data)", median_ms(builds));
    let list = Worklist::with_search_text(&tasks, today, patient_names);

    let cases: Vec<(&str, TaskFilter)> = vec![
        ("team view, all tasks", TaskFilter::default()),
        ("team view, open", TaskFilter { status: Some(TaskStatus::Open), ..TaskFilter::default() }),
        ("my tasks", TaskFilter::assigned_to("S. Patel")),
        ("overdue", TaskFilter { overdue_only: true, ..TaskFilter::default() }),
        (
            "clinic letters for a consultant",
            TaskFilter {
                kind: Some(TaskKind::ClinicLetter),
                consultant_id: Some("C07".into()),
                ..TaskFilter::default()
            },
        ),
        ("search 'chase'", TaskFilter { search: "chase".into(), ..TaskFilter::default() }),
        (
            "search 'smith p0' open",
            TaskFilter { search: "smith p0".into(), status: Some(TaskStatus::Open), ..TaskFilter::default() },
        ),
    ];
    let mut worst = 0.0_f64;
    for (name, filter) in &cases {
        let mut times = Vec::with_capacity(RUNS);
        let mut shown = 0;
        for _ in 0..RUNS {
            let started = Instant::now();
            shown = black_box(list.view(black_box(filter))).len();
            times.push(started.elapsed().as_secs_f64() * 1e3);
        }
        let median = median_ms(times);
        worst = worst.max(median);
        println!("  {name}: {median:.2} ms ({shown} shown)");
    }
    println!("tasks team view {TASKS} tasks: {worst:.2} ms (budget {BUDGET_MS:.0} ms)");
}
