//! What the pathway page says about its clocks, worked out from the core's clocks: weeks and days waited, the
//! near-breach warnings (thresholds set in Settings), cancer standards as met / breached / running, and the
//! earlier RTT periods in words.

use chrono::NaiveDate;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::pathway::cancer::CancerClock;
use pathdesk_core::pathway::rtt::ClockStartReason;
use pathdesk_core::pathway::{PathwayClocks, RttClockState, RttPeriod};
use pathdesk_core::sorting;
use pathdesk_core::text::count;

pub use crate::desk::queries::WarningThresholds;

/// "12 weeks and 3 days" (completed weeks, then the days over).
pub fn weeks_and_days(days: i64) -> String {
    let weeks = days.div_euclid(7);
    let rest = days.rem_euclid(7);
    format!("{} and {}", count(weeks as usize, "week", "weeks"), count(rest as usize, "day", "days"))
}

/// A warning about one clock: breached (said with role="alert") or breaching soon (a status box).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockWarning {
    pub breached: bool,
    pub text: String,
}

fn days_until(today: NaiveDate, date: NaiveDate) -> i64 {
    (date - today).num_days()
}

fn in_days(days: i64) -> String {
    match days {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        n => format!("in {n} days"),
    }
}

/// The warnings to show for a pathway's running clocks on `today`: breached first.
pub fn warnings(clocks: &PathwayClocks, today: NaiveDate, thresholds: WarningThresholds) -> Vec<ClockWarning> {
    let mut out = Vec::new();
    if clocks.rtt.running() {
        if let Some(breach) = clocks.rtt.breach_date() {
            let left = days_until(today, breach);
            if left <= 0 {
                out.push(ClockWarning {
                    breached: true,
                    text: format!(
                        "18 weeks breached: this clock breached on {} and has run {}.",
                        uk_date(breach),
                        weeks_and_days(clocks.rtt.days().unwrap_or_default())
                    ),
                });
            } else if left <= 7 * i64::from(thresholds.rtt_weeks) {
                out.push(ClockWarning {
                    breached: false,
                    text: format!(
                        "18 weeks breach near: it breaches {}, on {}. Book the next step now.",
                        in_days(left),
                        uk_date(breach)
                    ),
                });
            }
        }
    }
    for clock in clocks.cancer_clocks().filter(|c| !c.ended()) {
        let left = days_until(today, clock.deadline);
        let name = clock.standard.label();
        if left < 0 {
            out.push(ClockWarning {
                breached: true,
                text: format!(
                    "{} breached: the deadline was {} ({} days used of {}).",
                    sentence(name),
                    uk_date(clock.deadline),
                    clock.days,
                    clock.standard.days()
                ),
            });
        } else if left <= i64::from(thresholds.cancer_days) {
            out.push(ClockWarning {
                breached: false,
                text: format!(
                    "{} deadline near: the last day is {}, {}.",
                    sentence(name),
                    uk_date(clock.deadline),
                    in_days(left)
                ),
            });
        }
    }
    sorting::sort_by_key(&mut out, |w| !w.breached);
    out
}

fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Where a cancer standard stands: "Met", "Breached", "Running" (within so far) or "Running, past the deadline".
pub fn cancer_state(clock: &CancerClock) -> &'static str {
    match (clock.ended(), clock.within_standard) {
        (true, true) => "Met",
        (true, false) => "Breached",
        (false, true) => "Running",
        (false, false) => "Running, past the deadline",
    }
}

/// The RTT clock's state in words.
pub fn rtt_state(state: RttClockState) -> &'static str {
    match state {
        RttClockState::NotStarted => "Not started",
        RttClockState::Running => "Clock running",
        RttClockState::Stopped => "Clock stopped",
        RttClockState::Nullified => "Nullified (first appointment not attended)",
    }
}

/// Why a clock started, in words.
pub fn start_reason(reason: ClockStartReason) -> &'static str {
    use ClockStartReason::*;
    match reason {
        ReferralReceived => "Referral received",
        ErsBooked => "e-Referral booked",
        InterfaceService => "Referral received by an interface service",
        InterProviderTransfer => "Transfer from another provider (original start kept)",
        SelfReferral => "Self-referral ratified",
        BilateralSecondSide => "Fit and ready for the second side",
        SubstantivelyNewTreatment => "Substantively new treatment",
        AfterActiveMonitoring => "Decision to treat after active monitoring",
        PatientRebooked => "Patient contacted us to rebook",
        ClinicianReoffered => "Clinician offered another appointment",
        NewCondition => "Referral for a new condition",
        PatientProceeded => "Patient decided to go ahead",
    }
}

/// An earlier RTT period in one line: "3 Mar 2025 to 7 Apr 2025: nullified (did not attend the first
/// appointment; the wait is not counted)" or "... stopped: Active monitoring (patient's choice)".
pub fn period_in_words(period: &RttPeriod) -> String {
    let from = uk_date(period.start);
    match (period.nullified, period.stop) {
        (true, stop) => format!(
            "Started {from}{}: nullified by a first appointment not attended; this wait is not counted",
            stop.map(|s| format!(", ended {}", uk_date(s.date))).unwrap_or_default()
        ),
        (false, Some(stop)) => format!(
            "{from} to {} ({}): stopped, {} {}",
            uk_date(stop.date),
            weeks_and_days((stop.date - period.start).num_days()),
            stop.status.code(),
            stop.status.meaning()
        ),
        (false, None) => format!("Started {from}: running"),
    }
}

/// The earlier periods of a pathway: every period except the current one (the last), oldest first.
pub fn previous_periods(periods: &[RttPeriod]) -> &[RttPeriod] {
    match periods.split_last() {
        Some((_, earlier)) => earlier,
        None => &[],
    }
}
