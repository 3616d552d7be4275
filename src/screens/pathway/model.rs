//! What the pathway page says about its clocks, worked out from the core's clocks: weeks and days waited, the
//! near-breach warnings (thresholds set in Settings), cancer standards as met / breached / running, and the
//! earlier RTT periods in words.

use chrono::NaiveDate;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::pathway::cancer::CancerClock;
use pathdesk_core::pathway::rtt::ClockStartReason;
use pathdesk_core::pathway::{PathwayClocks, PathwayEvent, RttClockState, RttPeriod};
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

/// Which events of `events` are still only on this device: each unsynced event marks one equal event, from
/// the newest back (a synced event recorded the same way earlier stays unmarked).
pub fn unsynced_flags(events: &[PathwayEvent], unsynced: &[PathwayEvent]) -> Vec<bool> {
    let mut flags = vec![false; events.len()];
    for pending in unsynced.iter().rev() {
        if let Some(i) = (0..events.len()).rev().find(|&i| !flags[i] && events[i] == *pending) {
            flags[i] = true;
        }
    }
    flags
}

#[cfg(test)]
mod tests {
    use pathdesk_core::pathway::{rtt_periods, PathwayClocks, PathwayEvent};

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn events(json: serde_json::Value) -> Vec<PathwayEvent> {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn weeks_and_days_count_completed_weeks() {
        assert_eq!(weeks_and_days(0), "0 weeks and 0 days");
        assert_eq!(weeks_and_days(8), "1 week and 1 day");
        assert_eq!(weeks_and_days(127), "18 weeks and 1 day");
    }

    fn running_since(start: &str) -> Vec<PathwayEvent> {
        events(serde_json::json!([
            {"date": start, "type": "referral_received", "source": "gp"},
            {"date": start, "type": "outpatient_attended", "first": true},
        ]))
    }

    #[test]
    fn rtt_warning_is_a_status_inside_the_threshold_and_an_alert_once_breached() {
        let today = date(2026, 11, 22);
        let thresholds = WarningThresholds::default();
        // Breach date = start + 127. Start 2026-07-29 -> breaches 2026-12-03, 11 days away: within 3 weeks.
        let near = PathwayClocks::compute(&running_since("2026-07-29"), false, today);
        let shown = warnings(&near, today, thresholds);
        assert_eq!(shown.len(), 1);
        assert!(!shown[0].breached && shown[0].text.contains("3 Dec 2026") && shown[0].text.contains("in 11 days"));
        // The same clock with a 1-week threshold: no warning yet.
        assert!(warnings(&near, today, WarningThresholds { rtt_weeks: 1, cancer_days: 7 }).is_empty());
        // Start + 127 = today: breached today.
        let breached = PathwayClocks::compute(&running_since("2026-07-18"), false, today);
        let shown = warnings(&breached, today, thresholds);
        assert!(shown[0].breached && shown[0].text.contains("breached on 22 Nov 2026"), "{:?}", shown);
        // A stopped clock never warns.
        let mut stopped = running_since("2026-01-05");
        stopped.extend(events(serde_json::json!([{"date": "2026-03-02", "type": "first_definitive_treatment"}])));
        assert!(warnings(&PathwayClocks::compute(&stopped, false, today), today, thresholds).is_empty());
    }

    #[test]
    fn cancer_warning_uses_days_before_the_deadline() {
        let today = date(2026, 11, 22);
        // Faster diagnosis: referral + 28 days. Referred 2026-10-30 -> last day 2026-11-27, 5 days away.
        let log = events(serde_json::json!([
            {"date": "2026-10-30", "type": "referral_received", "source": "gp", "route": "urgent_suspected_cancer"},
        ]));
        let clocks = PathwayClocks::compute(&log, true, today);
        let fds = warnings(&clocks, today, WarningThresholds { rtt_weeks: 0, cancer_days: 7 });
        assert!(
            fds.iter()
                .any(|w| !w.breached && w.text.contains("28-day faster diagnosis") && w.text.contains("27 Nov 2026")),
            "{fds:?}"
        );
        assert!(warnings(&clocks, today, WarningThresholds { rtt_weeks: 0, cancer_days: 4 }).is_empty());
    }

    #[test]
    fn earlier_periods_say_when_a_first_dna_nullified_one() {
        let log = events(serde_json::json!([
            {"date": "2026-03-02", "type": "referral_received", "source": "gp"},
            {"date": "2026-04-06", "type": "appointment_dna", "first": true, "clearly_communicated": true},
            {"date": "2026-04-08", "type": "patient_contacts_to_rebook"},
        ]));
        let (periods, _) = rtt_periods(&log);
        let earlier = previous_periods(&periods);
        assert_eq!(earlier.len(), 1);
        let words = period_in_words(&earlier[0]);
        assert!(
            words.contains("2 Mar 2026") && words.contains("nullified") && words.contains("not counted"),
            "{words}"
        );
    }

    #[test]
    fn unsynced_events_mark_the_newest_equal_events_only() {
        let log = events(serde_json::json!([
            {"date": "2026-03-02", "type": "referral_received"},
            {"date": "2026-04-06", "type": "outpatient_attended", "first": false},
            {"date": "2026-04-06", "type": "outpatient_attended", "first": false},
        ]));
        assert_eq!(unsynced_flags(&log, &log[2..]), vec![false, false, true]);
        assert_eq!(unsynced_flags(&log, &[]), vec![false, false, false]);
    }
}
