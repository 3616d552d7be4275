//! Times `PathwayClocks::compute` over 100,000 synthetic pathways (3 to 8 events each), the size of a large
//! trust's waiting list, which the browser must evaluate in under 100 ms.
//! Run: `cargo run --release -p pathdesk-core --example bench_clocks`

use std::hint::black_box;
use std::time::Instant;

use chrono::{Datelike, Days, NaiveDate};
use pathdesk_core::pathway::event::{
    ActiveMonitoring, Admission, AdmissionPurpose, CancerRoute, Initiator, Referral, ReferralSource, Treatment,
    TreatmentSetting,
};
use pathdesk_core::pathway::{EventKind, PathwayClocks, PathwayEvent};

const PATHWAYS: usize = 100_000;
const BUDGET_MS: f64 = 100.0;

/// A small deterministic generator (xorshift), so every run times the same list.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn referral(cancer: bool) -> EventKind {
    EventKind::ReferralReceived(Box::new(Referral {
        source: Some(ReferralSource::Gp),
        via: Some("ers".to_string()),
        route: Some(if cancer { CancerRoute::UrgentSuspectedCancer } else { CancerRoute::Routine }),
        specialty: Some("urology".to_string()),
        ..Referral::default()
    }))
}

fn next_kind(rng: &mut Rng, step: usize, cancer: bool) -> EventKind {
    match (cancer, step, rng.below(12)) {
        (_, 1, 0) => EventKind::AppointmentDna { first: Some(true), clearly_communicated: Some(true) },
        (_, 1, _) => EventKind::OutpatientAttended { first: Some(true) },
        (true, 2, _) => EventKind::OutcomeCommunicated { outcome: None },
        (_, _, 0) => EventKind::PatientContactsToRebook {},
        (_, _, 1) => EventKind::ActiveMonitoringStart(Box::new(ActiveMonitoring {
            initiated_by: Some(Initiator::Clinician),
            reason: None,
        })),
        (_, _, 2) => EventKind::DecisionToAdmit {},
        (_, _, 3) => EventKind::Admitted(Box::new(Admission {
            purpose: Some(AdmissionPurpose::FirstDefinitiveTreatment),
            procedure_done: Some(true),
            ..Admission::default()
        })),
        (_, _, 4) => EventKind::FirstDefinitiveTreatment(Box::new(Treatment {
            setting: Some(TreatmentSetting::Outpatient),
            ..Treatment::default()
        })),
        (_, _, 5) => EventKind::TciOfferDeclined { offered_date: None, notice_days: Some(28) },
        (_, _, 6) => EventKind::PatientCancelled { appointment_date: None, first: Some(false) },
        (_, _, 7) => EventKind::AppointmentDna { first: Some(false), clearly_communicated: Some(true) },
        (_, _, 8) => EventKind::AppointmentRebookedByProvider {},
        (_, _, 9) => EventKind::DecisionToTreat(Box::default()),
        _ => EventKind::OutpatientAttended { first: Some(false) },
    }
}

fn synthetic_waiting_list() -> Vec<(Vec<PathwayEvent>, bool)> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let first_day = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    (0..PATHWAYS)
        .map(|_| {
            let cancer = rng.below(10) == 0;
            let count = 3 + rng.below(6) as usize;
            let mut date = first_day + Days::new(rng.below(650));
            let mut events = vec![PathwayEvent::new(date, referral(cancer))];
            for step in 1..count {
                date = date + Days::new(rng.below(40));
                events.push(PathwayEvent::new(date, next_kind(&mut rng, step, cancer)));
            }
            (events, cancer)
        })
        .collect()
}

/// CPU time this thread has run, in ms (Linux `schedstat`): on a shared machine wall time also counts the time
/// other processes had the CPU.
fn thread_cpu_ms() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e6)
}

fn main() {
    let list = synthetic_waiting_list();
    let events: usize = list.iter().map(|(events, _)| events.len()).sum();
    let as_of = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let mut best = f64::MAX;
    let mut best_cpu = f64::MAX;
    let mut running = 0;
    for _ in 0..7 {
        let cpu_started = thread_cpu_ms();
        let started = Instant::now();
        running = 0;
        for (events, cancer) in &list {
            let clocks = PathwayClocks::compute(black_box(events), *cancer, as_of);
            running += usize::from(black_box(clocks).rtt.running());
        }
        best = best.min(started.elapsed().as_secs_f64() * 1000.0);
        if let (Some(before), Some(after)) = (cpu_started, thread_cpu_ms()) {
            best_cpu = best_cpu.min(after - before);
        }
    }
    // What only reading every event's date costs: the floor set by memory, for comparison on a busy machine.
    let mut floor = f64::MAX;
    for _ in 0..7 {
        let started = Instant::now();
        let mut sum = 0i64;
        for (events, _) in &list {
            for event in black_box(events) {
                sum += event.date().map_or(0, |d| i64::from(d.ordinal()));
            }
        }
        black_box(sum);
        floor = floor.min(started.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "clocks: {PATHWAYS} pathways in {best:.1} ms (budget {BUDGET_MS:.0} ms): {:.0} ns per pathway, {events} events \
         of {} bytes, {running} RTT clocks running; reading the dates alone takes {floor:.1} ms (best of 7)",
        best * 1e6 / PATHWAYS as f64,
        std::mem::size_of::<PathwayEvent>(),
    );
    if best_cpu < f64::MAX {
        println!("clocks: {best_cpu:.1} ms of CPU time (wall time above includes waiting for a busy CPU)");
    }
}
