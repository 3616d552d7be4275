//! Every running clock of a pathway and the next deadline: the one rule every booking decision asks ("by when must
//! this patient be seen or treated, and which standard says so?"). The case format's `pathway` kind
//! (`pathway-examples.md`, "Pathway case kind") is this.
//!
//! A clock is running when it has started and not stopped or ended: RTT while its period runs; a cancer clock
//! until its end (the 28-day at the outcome or a decision to treat, the 62-day and 31-day at treatment). A clock
//! already past its deadline but still running is listed: it is the most urgent of all.

use crate::from_map::from_map;
use crate::from_map::words;
use std::cmp::Ordering;

use chrono::NaiveDate;
use serde::Serialize;

use super::cancer::{CancerClock, CancerStandard};
use super::clocks::{PathwayClocks, RttClockState};
use crate::calendar::uk_date;

/// A waiting-time standard, named as in the case format. In name order (`cwt28` < `cwt31` < `cwt62` < `rtt`), the
/// tie-break between equal deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Standard {
    /// 28-day Faster Diagnosis.
    Cwt28,
    /// 31-day decision to treat to treatment.
    Cwt31,
    /// 62-day referral to first treatment.
    Cwt62,
    /// 18 weeks referral to treatment.
    Rtt,
}

words!(Standard { Cwt28 = "cwt28", Cwt31 = "cwt31", Cwt62 = "cwt62", Rtt = "rtt" });

impl Standard {
    /// The case format's name: `rtt`, `cwt28`, `cwt31`, `cwt62`.
    pub fn code(self) -> &'static str {
        match self {
            Standard::Cwt28 => "cwt28",
            Standard::Cwt31 => "cwt31",
            Standard::Cwt62 => "cwt62",
            Standard::Rtt => "rtt",
        }
    }

    /// In words, for screens, tasks and letters.
    pub fn label(self) -> &'static str {
        match self {
            Standard::Cwt28 => "28-day Faster Diagnosis",
            Standard::Cwt31 => "31-day decision to treatment",
            Standard::Cwt62 => "62-day referral to treatment",
            Standard::Rtt => "18-week referral to treatment",
        }
    }

    /// A cancer standard (these come before the 18 weeks for the oncology teams).
    pub fn is_cancer(self) -> bool {
        self != Standard::Rtt
    }

    /// The standard a cancer clock is measured against.
    pub fn of_cancer(standard: CancerStandard) -> Standard {
        match standard {
            CancerStandard::FasterDiagnosis => Standard::Cwt28,
            CancerStandard::DecisionToTreatment => Standard::Cwt31,
            CancerStandard::ReferralToTreatment => Standard::Cwt62,
        }
    }
}

/// The last day a running clock's standard is met (RTT: start + 126; cancer: start + adjustments + 28/31/62).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Deadline {
    pub standard: Standard,
    pub date: NaiveDate,
}

from_map!(Deadline { standard, date });

impl Deadline {
    /// Days from `as_of` to the deadline: 0 on the day itself, negative once passed.
    pub fn days_left(&self, as_of: NaiveDate) -> i64 {
        (self.date - as_of).num_days()
    }

    /// Is `date` after the deadline (the standard would be missed)?
    pub fn missed_by(&self, date: NaiveDate) -> bool {
        date > self.date
    }

    /// "28-day Faster Diagnosis by 15 Dec 2026 (in 14 days)", "... (passed 3 days ago)".
    pub fn describe(&self, as_of: NaiveDate) -> String {
        let left = self.days_left(as_of);
        let when = match left {
            0 => "today".to_string(),
            1 => "tomorrow".to_string(),
            n if n > 1 => format!("in {n} days"),
            -1 => "passed yesterday".to_string(),
            n => format!("passed {} days ago", -n),
        };
        format!("{} by {} ({when})", self.standard.label(), uk_date(self.date))
    }

    /// The first running cancer clock whose deadline `date` misses: booking that date needs a reason and goes to
    /// the team leads as an escalation.
    pub fn first_cancer_missed(deadlines: &[Deadline], date: NaiveDate) -> Option<Deadline> {
        deadlines.iter().copied().find(|d| d.standard.is_cancer() && d.missed_by(date))
    }

    /// Earlier deadline first, then the case format's name order.
    pub fn cmp_urgency(&self, other: &Deadline) -> Ordering {
        (self.date, self.standard).cmp(&(other.date, other.standard))
    }
}

impl PathwayClocks {
    /// Every running clock with its deadline, earliest first (then in name order).
    pub fn deadlines(&self) -> Vec<Deadline> {
        let mut deadlines: Vec<Deadline> = Vec::with_capacity(4);
        if self.rtt.state == RttClockState::Running {
            if let Some(date) = self.rtt.deadline_18w() {
                deadlines.push(Deadline { standard: Standard::Rtt, date });
            }
        }
        deadlines.extend(self.cancer_clocks().filter(|clock| !clock.ended()).map(running_deadline));
        crate::sorting::sort_by(&mut deadlines, Deadline::cmp_urgency);
        deadlines
    }

    /// The earliest deadline of the running clocks; `None` when no clock runs.
    pub fn next_deadline(&self) -> Option<Deadline> {
        self.deadlines().into_iter().next()
    }
}

fn running_deadline(clock: &CancerClock) -> Deadline {
    Deadline { standard: Standard::of_cancer(clock.standard), date: clock.deadline }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pathway::PathwayEvent;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn clocks(json: serde_json::Value, as_of: &str) -> PathwayClocks {
        let events: Vec<PathwayEvent> = serde_json::from_value(json).unwrap();
        PathwayClocks::compute(&events, true, d(as_of))
    }

    #[test]
    fn a_new_urgent_suspected_cancer_referral_runs_three_clocks_the_28_day_first() {
        let c = clocks(
            serde_json::json!([{"date": "2026-11-17", "type": "referral_received", "route": "urgent_suspected_cancer"}]),
            "2026-12-01",
        );
        let codes: Vec<&str> = c.deadlines().iter().map(|d| d.standard.code()).collect();
        assert_eq!(codes, ["cwt28", "cwt62", "rtt"]);
        let next = c.next_deadline().unwrap();
        assert_eq!((next.standard, next.date, next.days_left(d("2026-12-01"))), (Standard::Cwt28, d("2026-12-15"), 14));
        assert_eq!(next.describe(d("2026-12-01")), "28-day Faster Diagnosis by 15 Dec 2026 (in 14 days)");
    }

    #[test]
    fn the_28_day_clock_stops_at_the_outcome_and_the_62_day_is_next() {
        let c = clocks(
            serde_json::json!([
                {"date": "2026-11-02", "type": "referral_received", "route": "urgent_suspected_cancer"},
                {"date": "2026-11-20", "type": "outcome_communicated", "outcome": "cancer_diagnosed"},
            ]),
            "2026-12-01",
        );
        assert_eq!(c.next_deadline().map(|d| d.standard), Some(Standard::Cwt62));
        assert!(c.deadlines().iter().all(|d| d.standard != Standard::Cwt28));
    }

    #[test]
    fn a_passed_deadline_still_running_is_listed_with_negative_days() {
        let c = clocks(
            serde_json::json!([
                {"date": "2026-06-01", "type": "referral_received", "source": "gp", "route": "routine"},
                {"date": "2026-07-01", "type": "outpatient_attended", "first": true},
            ]),
            "2026-12-01",
        );
        let next = c.next_deadline().unwrap();
        assert_eq!((next.standard, next.days_left(d("2026-12-01"))), (Standard::Rtt, -57));
        assert!(next.describe(d("2026-12-01")).ends_with("(passed 57 days ago)"));
        assert!(next.missed_by(d("2026-10-06")) && !next.missed_by(d("2026-10-05")));
    }

    #[test]
    fn a_date_past_a_cancer_deadline_is_found_and_the_rtt_deadline_alone_is_not_a_cancer_miss() {
        let c = clocks(
            serde_json::json!([{"date": "2026-11-17", "type": "referral_received", "route": "urgent_suspected_cancer"}]),
            "2026-12-01",
        );
        let deadlines = c.deadlines();
        assert_eq!(Deadline::first_cancer_missed(&deadlines, d("2026-12-15")), None);
        let missed = Deadline::first_cancer_missed(&deadlines, d("2026-12-16")).unwrap();
        assert_eq!((missed.standard, missed.date), (Standard::Cwt28, d("2026-12-15")));
        let routine = clocks(
            serde_json::json!([{"date": "2026-06-01", "type": "referral_received", "source": "gp", "route": "routine"}]),
            "2026-12-01",
        );
        assert_eq!(Deadline::first_cancer_missed(&routine.deadlines(), d("2027-03-01")), None);
    }

    #[test]
    fn nothing_running_no_deadline() {
        let c = clocks(
            serde_json::json!([
                {"date": "2026-06-01", "type": "referral_received", "source": "gp"},
                {"date": "2026-07-01", "type": "first_definitive_treatment", "setting": "outpatient"},
            ]),
            "2026-12-01",
        );
        assert_eq!(c.next_deadline(), None);
    }
}
