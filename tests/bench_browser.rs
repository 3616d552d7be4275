//! Browser benchmarks (wasm in headless Chromium, release build): the clocks of 100,000 pathways, the PTL
//! over 50,000 and the team task view over 20,000 tasks. They print the figure and its budget; they assert nothing about time. `cargo xtask bench` runs
//! them (they are `#[ignore]`d so the test suite does not pay for them).
#![cfg(target_arch = "wasm32")]

use chrono::NaiveDate;
use pathdesk_core::demo::{generate, DemoOptions};
use pathdesk_core::model::{Appointment, Consultant, Pathway, Patient, Specialty};
use pathdesk_core::pathway::PathwayClocks;
use pathdesk_core::ptl::{build_rows, BreachFilter, Ptl, PtlFilter, PtlSort, PtlSources};
use pathdesk_core::record::Record;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_default()
}

fn report(line: String) {
    wasm_bindgen_test::console_log!("{line}");
}

/// Median of `runs` timings of `f`, in milliseconds.
fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = now_ms();
            f();
            now_ms() - start
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

struct Trust {
    pathways: Vec<Pathway>,
    patients: Vec<Patient>,
    consultants: Vec<Consultant>,
    specialties: Vec<Specialty>,
    appointments: Vec<Appointment>,
}

fn trust(today: NaiveDate, pathways: usize) -> Trust {
    let mut t =
        Trust { pathways: vec![], patients: vec![], consultants: vec![], specialties: vec![], appointments: vec![] };
    for record in generate(&DemoOptions::with_pathways(today, pathways)) {
        match record {
            Record::Pathway(p) => t.pathways.push(p),
            Record::Patient(p) => t.patients.push(p),
            Record::Consultant(c) => t.consultants.push(c),
            Record::Specialty(s) => t.specialties.push(s),
            Record::Appointment(a) => t.appointments.push(a),
            _ => {}
        }
    }
    t
}

#[wasm_bindgen_test]
#[ignore]
fn clocks_of_100000_pathways() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let t = trust(today, 100_000);
    let mut running = 0;
    let ms = median_ms(5, || {
        running = t
            .pathways
            .iter()
            .map(|p| PathwayClocks::compute(&p.events, p.cancer, today))
            .filter(|c| c.rtt.running())
            .count();
    });
    report(format!(
        "browser clocks: {} pathways ({running} running) in {ms:.1} ms (budget 100 ms): {}",
        t.pathways.len(),
        if ms <= 100.0 { "within budget" } else { "OVER BUDGET" }
    ));
}

#[wasm_bindgen_test]
#[ignore]
fn ptl_filter_and_sort_of_50000_pathways() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let t = trust(today, 50_000);
    let sources = PtlSources {
        pathways: &t.pathways,
        patients: &t.patients,
        consultants: &t.consultants,
        specialties: &t.specialties,
        appointments: &t.appointments,
    };
    let build_start = now_ms();
    let ptl = Ptl::new(today, build_rows(sources, today)).expect("rows built for the list's date");
    let build_ms = now_ms() - build_start;
    let consultant = t.consultants[0].id.clone();
    let cases: Vec<(&str, PtlFilter, PtlSort)> = vec![
        ("all, longest wait first", PtlFilter::default(), PtlSort::LongestWaitFirst),
        (
            "one consultant, breach date",
            PtlFilter { consultant_id: Some(consultant), ..PtlFilter::default() },
            PtlSort::BreachDateSoonestFirst,
        ),
        ("over 52 weeks", PtlFilter { over_52_weeks: true, ..PtlFilter::default() }, PtlSort::LongestWaitFirst),
        (
            "breaching within 4 weeks",
            PtlFilter { breach: Some(BreachFilter::BreachingWithin { weeks: 4 }), ..PtlFilter::default() },
            PtlSort::BreachDateSoonestFirst,
        ),
        (
            "next step not booked",
            PtlFilter { next_step_not_booked: true, ..PtlFilter::default() },
            PtlSort::PriorityThenBreachDate,
        ),
    ];
    let mut worst: f64 = 0.0;
    for (name, filter, sort) in &cases {
        let mut shown = 0;
        let ms = median_ms(11, || shown = ptl.view(filter, *sort).len());
        worst = worst.max(ms);
        report(format!("  ptl {name}: {shown} rows in {ms:.2} ms"));
    }
    report(format!("  ptl build of {} rows (once per data change): {build_ms:.0} ms", ptl.len()));
    report(format!(
        "browser ptl filter+sort {} rows: worst {worst:.2} ms (budget 50 ms): {}",
        ptl.len(),
        if worst <= 50.0 { "within budget" } else { "OVER BUDGET" }
    ));
}

/// 20,000 synthetic tasks for a team of 24: every kind, a spread of due dates around `today` (some overdue), a
/// fifth done, consultants and patients on most.
fn team_tasks(today: NaiveDate) -> Vec<pathdesk_core::model::Task> {
    use pathdesk_core::model::{Task, TaskKind, TaskStatus};
    let kinds = [
        TaskKind::ClinicLetter,
        TaskKind::PatientQuery,
        TaskKind::Chaser,
        TaskKind::PathwayValidation,
        TaskKind::Other,
    ];
    (0..20_000u32)
        .map(|i| {
            let kind = kinds[(i % 5) as usize];
            let due = today + chrono::Days::new(u64::from(i * 7919 % 60)) - chrono::Days::new(20);
            let mut task = Task::new_open(
                format!("task-{i:05}"),
                kind,
                format!("{} for patient {} (ref {})", kind.label(), i % 4_000, i * 31 % 10_007),
                format!("Secretary {:02}", i * 13 % 24),
                due,
            );
            task.consultant_id = Some(format!("C{}", i % 8));
            task.patient_id = (i % 7 != 0).then(|| format!("P{:05}", i % 4_000));
            if i % 5 == 4 {
                task.status = TaskStatus::Done;
            }
            task
        })
        .collect()
}

#[wasm_bindgen_test]
#[ignore]
fn team_view_filter_and_sort_of_20000_tasks() {
    use pathdesk_core::model::{TaskKind, TaskStatus};
    use pathdesk_core::tasks::worklist::{TaskFilter, Worklist};
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let tasks = team_tasks(today);
    let open = || TaskFilter { status: Some(TaskStatus::Open), ..TaskFilter::default() };
    let cases: Vec<(&str, TaskFilter)> = vec![
        ("all open, overdue first", open()),
        ("one person's open tasks", TaskFilter { assignee: Some("Secretary 07".into()), ..open() }),
        ("overdue only", TaskFilter { overdue_only: true, ..open() }),
        (
            "clinic letters of one consultant",
            TaskFilter { kind: Some(TaskKind::ClinicLetter), consultant_id: Some("C3".into()), ..open() },
        ),
        ("search two words", TaskFilter { search: "query patient".into(), ..TaskFilter::default() }),
        ("everything, done too", TaskFilter::default()),
    ];
    let mut worst: f64 = 0.0;
    for (name, filter) in &cases {
        let mut shown = 0;
        // As the team screen does on every filter change: build the list as of today, then filter and sort.
        let ms = median_ms(11, || shown = Worklist::new(&tasks, today).view(filter).len());
        let view_only_ms = {
            let list = Worklist::new(&tasks, today);
            median_ms(11, || shown = list.view(filter).len())
        };
        worst = worst.max(ms);
        report(format!("  team view {name}: {shown} tasks in {ms:.2} ms ({view_only_ms:.2} ms without the build)"));
    }
    report(format!(
        "browser team view filter+sort {} tasks: worst {worst:.2} ms (budget 50 ms): {}",
        tasks.len(),
        if worst <= 50.0 { "within budget" } else { "OVER BUDGET" }
    ));
}
