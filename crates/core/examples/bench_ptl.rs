//! PTL benchmark: 50,000 synthetic pathways, filter + sort as the screen does on each keystroke.
//! Run: `cargo run --release -p pathdesk-core --example bench_ptl`. Prints the median of 20 runs per case and
//! the worst case against the 50 ms budget.

use std::hint::black_box;
use std::time::Instant;

use chrono::{Days, NaiveDate};
use pathdesk_core::model::Priority;
use pathdesk_core::ptl::{
    distribution_svg, BreachFilter, CancerMeasure, CancerStandard, Ptl, PtlCancerClock, PtlFilter, PtlRow, PtlRttClock,
    PtlSort, SearchQuery, WeekBands,
};

const ROWS: usize = 50_000;
const RUNS: usize = 20;
const BUDGET_MS: f64 = 50.0;

const FAMILY: [&str; 16] = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson", "Wright",
    "Thompson", "Evans", "Walker", "O'Brien", "Nowak",
];
const GIVEN: [&str; 12] =
    ["Olivia", "Amelia", "Isla", "Ava", "Oliver", "George", "Arthur", "Noah", "Muhammad", "Leo", "Zoë", "Seán"];

/// A small deterministic generator (64-bit LCG), so every run measures the same list.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

fn synthetic_rows(as_of: NaiveDate) -> Vec<PtlRow> {
    let mut rng = Lcg(2026);
    (0..ROWS)
        .map(|i| {
            let waited = rng.next(600) as i64;
            let start = as_of.checked_sub_days(Days::new(waited as u64)).unwrap();
            let consultant = rng.next(40);
            let priority = Priority::ALL[[2, 2, 2, 1, 0][rng.next(5) as usize]];
            let cancer = priority == Priority::UrgentSuspectedCancer;
            let rtt = match rng.next(20) {
                0 => PtlRttClock::stopped(start, as_of.checked_sub_days(Days::new(waited as u64 / 2)).unwrap()),
                _ => PtlRttClock::running(start, as_of),
            };
            let booked = rng.next(3) > 0;
            let fds = cancer.then(|| {
                let ended = (rng.next(2) == 0).then(|| start.checked_add_days(Days::new(rng.next(40))).unwrap());
                PtlCancerClock::new(CancerStandard::FasterDiagnosis, start, 0, ended, as_of)
            });
            PtlRow {
                pathway_id: format!("PW{i:06}"),
                patient_id: format!("PT{i:06}"),
                patient_name: format!(
                    "{}, {}",
                    FAMILY[rng.next(16) as usize].to_uppercase(),
                    GIVEN[rng.next(12) as usize]
                ),
                nhs_number: format!("9{:09}", rng.next(1_000_000_000)),
                hospital_number: format!("RX{:07}", rng.next(10_000_000)),
                consultant_id: format!("con-{consultant}"),
                consultant_name: format!("Consultant {consultant}"),
                specialty_id: format!("spec-{}", consultant / 4),
                specialty_name: format!("Specialty {}", consultant / 4),
                priority,
                cancer,
                rtt: Some(rtt),
                next_booked: booked.then(|| as_of.checked_add_days(Days::new(rng.next(90))).unwrap()),
                fds,
                day62: None,
                day31: None,
                next_deadline: None,
                admitted: false,
                validation: Default::default(),
            }
        })
        .collect()
}

/// Median wall time of `RUNS` runs of `work`, in milliseconds.
fn median_ms<T>(mut work: impl FnMut() -> T) -> f64 {
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            black_box(work());
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[RUNS / 2 - 1] + times[RUNS / 2]) / 2.0
}

fn main() {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let rows = synthetic_rows(as_of);
    // Building the list: timed without the cost of making each run's copy of the rows.
    let mut build_times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let copy = rows.clone();
            let started = Instant::now();
            black_box(Ptl::new(as_of, copy).unwrap());
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    build_times.sort_by(f64::total_cmp);
    let build_ms = (build_times[RUNS / 2 - 1] + build_times[RUNS / 2]) / 2.0;
    let ptl = Ptl::new(as_of, rows).unwrap();
    println!("ptl build (facts, search index, id ranks) {ROWS} rows: {build_ms:.2} ms (once per change of data)");

    let none = PtlFilter::default();
    let cases: Vec<(&str, PtlFilter, PtlSort)> = vec![
        ("all rows, longest wait first", none.clone(), PtlSort::LongestWaitFirst),
        ("all rows, priority then breach date", none.clone(), PtlSort::PriorityThenBreachDate),
        (
            "consultant + specialty, breach date",
            PtlFilter { consultant_id: Some("con-7".into()), specialty_id: Some("spec-1".into()), ..none.clone() },
            PtlSort::BreachDateSoonestFirst,
        ),
        (
            "breaching within 4 weeks, breach date",
            PtlFilter { breach: Some(BreachFilter::BreachingWithin { weeks: 4 }), ..none.clone() },
            PtlSort::BreachDateSoonestFirst,
        ),
        (
            "over 52 weeks + not booked, longest wait",
            PtlFilter { over_52_weeks: true, next_step_not_booked: true, ..none.clone() },
            PtlSort::LongestWaitFirst,
        ),
        (
            "search name 'smi', longest wait",
            PtlFilter { search: SearchQuery::new("smi"), ..none.clone() },
            PtlSort::LongestWaitFirst,
        ),
        (
            "search two words 'jones ol', priority",
            PtlFilter { search: SearchQuery::new("jones ol"), ..none.clone() },
            PtlSort::PriorityThenBreachDate,
        ),
        (
            "search NHS '943 4', longest wait",
            PtlFilter { search: SearchQuery::new("943 4"), ..none.clone() },
            PtlSort::LongestWaitFirst,
        ),
        (
            "everything combined",
            PtlFilter {
                specialty_id: Some("spec-3".into()),
                priority: Some(Priority::Routine),
                waiting_only: true,
                breach: Some(BreachFilter::BreachedOrBreachingWithin { weeks: 6 }),
                search: SearchQuery::new("a"),
                ..none.clone()
            },
            PtlSort::BreachDateSoonestFirst,
        ),
    ];

    let mut worst = 0.0f64;
    for (name, filter, order) in &cases {
        let shown = ptl.view(filter, *order).len();
        let ms = median_ms(|| ptl.view(filter, *order));
        worst = worst.max(ms);
        println!("  {name:<42} {shown:>6} rows shown: {ms:>7.2} ms");
    }

    let all = ptl.view(&none, PtlSort::default());
    let headline_ms =
        median_ms(|| ptl.headline(&all, CancerMeasure::OnTheList, &pathdesk_core::ptl::targets::national_defaults()));
    let distribution_ms = median_ms(|| ptl.distribution(&all, WeekBands::WEEKLY));
    let distribution = ptl.distribution(&all, WeekBands::WEEKLY);
    let svg_ms = median_ms(|| distribution_svg(&distribution, 800, 260));
    let csv_ms = median_ms(|| ptl.csv(&all));
    let headline = ptl.headline(&all, CancerMeasure::OnTheList, &pathdesk_core::ptl::targets::national_defaults());
    println!("  headline over {} rows: {headline_ms:.2} ms (within 18 weeks {})", all.len(), headline.within_18_weeks);
    println!("  distribution (weekly bands): {distribution_ms:.2} ms; SVG: {svg_ms:.3} ms");
    println!("  CSV export of {} rows: {csv_ms:.1} ms ({} bytes)", all.len(), ptl.csv(&all).len());
    println!("ptl filter+sort {ROWS} rows: {worst:.2} ms (budget {BUDGET_MS:.0} ms)");
}
