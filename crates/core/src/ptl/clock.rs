//! The two kinds of clock a PTL row shows: the RTT 18-week clock and a cancer standard's clock, each worked out
//! once, as of the list's date, so filtering and sorting only compare numbers already there.

use chrono::NaiveDate;

use crate::calendar::add_signed_days;

use super::targets::{CancerStandard, RTT_DEADLINE_DAYS};

/// A pathway's RTT clock as the PTL shows it. Build it with [`PtlRttClock::running`] or [`PtlRttClock::stopped`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PtlRttClock {
    /// True while the patient is still waiting (no clock stop yet).
    pub running: bool,
    /// Clock start (day 0).
    pub start: NaiveDate,
    /// The date the days are counted to: the list's as-of date while running, the stop date once stopped.
    pub counted_to: NaiveDate,
    /// Calendar days from the start to `counted_to` (pathway-rules.md §1.8).
    pub days_waited: i64,
    /// Completed weeks, floor(days / 7). 364 days shows as 52 weeks but is not a 52+ week wait.
    pub weeks_waited: i64,
    /// Last day still within 18 weeks: start + 126.
    pub deadline_18w: NaiveDate,
    /// First day of breach: start + 127.
    pub breach_date: NaiveDate,
}

impl PtlRttClock {
    /// A clock still running on `as_of` (the list's date).
    pub fn running(start: NaiveDate, as_of: NaiveDate) -> Self {
        Self::counted(start, as_of, true)
    }

    /// A clock that stopped on `stopped_on`; its wait is frozen at the stop date.
    pub fn stopped(start: NaiveDate, stopped_on: NaiveDate) -> Self {
        Self::counted(start, stopped_on, false)
    }

    fn counted(start: NaiveDate, counted_to: NaiveDate, running: bool) -> Self {
        let days_waited = (counted_to - start).num_days();
        PtlRttClock {
            running,
            start,
            counted_to,
            days_waited,
            weeks_waited: days_waited.div_euclid(7),
            deadline_18w: add_signed_days(start, RTT_DEADLINE_DAYS),
            breach_date: add_signed_days(start, RTT_DEADLINE_DAYS + 1),
        }
    }

    /// Within 18 weeks: 126 days or fewer (exactly 126 counts as within).
    pub fn within_18_weeks(&self) -> bool {
        self.days_waited <= RTT_DEADLINE_DAYS
    }

    /// Over N weeks: more than 7N days (over 52 weeks = 365 days or more).
    pub fn over_weeks(&self, weeks: u32) -> bool {
        self.days_waited > 7 * i64::from(weeks)
    }

    /// Still waiting and already past the 18-week deadline (breach date on or before `as_of`).
    pub fn already_breached(&self, as_of: NaiveDate) -> bool {
        self.running && self.breach_date <= as_of
    }

    /// Still waiting, not yet breached, and the breach date falls on or before `as_of` + 7 x `weeks`.
    pub fn breaches_within(&self, as_of: NaiveDate, weeks: u32) -> bool {
        self.running && self.breach_date > as_of && self.breach_date <= add_signed_days(as_of, 7 * i64::from(weeks))
    }
}

/// One cancer standard's clock on a pathway (28-day FDS, 62-day or 31-day). pathway-rules.md §2.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PtlCancerClock {
    pub standard: CancerStandard,
    /// Clock start (day 0): referral received, upgrade date, or decision to treat.
    pub start: NaiveDate,
    /// Permitted adjustment in days (first-seen DNA, declined admission), already decided by the clock engine.
    pub adjustment_days: i64,
    /// When the clock ended (diagnosis communicated / treatment started), if it has.
    pub ended_on: Option<NaiveDate>,
    /// Measured wait so far: (end date, or as-of while running) - start - adjustment.
    pub days_used: i64,
    /// Last compliant date: start + adjustment + standard days.
    pub deadline: NaiveDate,
    /// Measured wait <= the standard's days. For a running clock: not yet breached.
    pub within_standard: bool,
}

impl PtlCancerClock {
    pub fn new(
        standard: CancerStandard,
        start: NaiveDate,
        adjustment_days: i64,
        ended_on: Option<NaiveDate>,
        as_of: NaiveDate,
    ) -> Self {
        let counted_to = ended_on.unwrap_or(as_of);
        let days_used = (counted_to - start).num_days() - adjustment_days;
        PtlCancerClock {
            standard,
            start,
            adjustment_days,
            ended_on,
            days_used,
            deadline: add_signed_days(start, adjustment_days + standard.days()),
            within_standard: days_used <= standard.days(),
        }
    }

    pub fn is_running(&self) -> bool {
        self.ended_on.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn rtt_clock_counts_calendar_days_from_day_zero() {
        let clock = PtlRttClock::running(d("2026-01-05"), d("2026-05-11"));
        assert_eq!(clock.days_waited, 126);
        assert_eq!(clock.weeks_waited, 18);
        assert!(clock.within_18_weeks(), "exactly 126 days is within 18 weeks");
        assert_eq!(clock.deadline_18w, d("2026-05-11"));
        assert_eq!(clock.breach_date, d("2026-05-12"));
        assert!(!clock.already_breached(d("2026-05-11")));
        assert!(clock.already_breached(d("2026-05-12")));
    }

    #[test]
    fn over_52_weeks_starts_at_365_days() {
        let start = d("2025-01-01");
        let at = |days| PtlRttClock::running(start, add_signed_days(start, days));
        assert_eq!(at(364).weeks_waited, 52);
        assert!(!at(364).over_weeks(52));
        assert!(at(365).over_weeks(52));
        assert!(!at(728).over_weeks(104) && at(729).over_weeks(104));
    }

    #[test]
    fn breaching_within_excludes_already_breached_and_stopped_clocks() {
        let as_of = d("2026-11-22");
        // Breach date = start + 127; choose starts so the breach date lands where we want.
        let breaching_on = |date: NaiveDate| PtlRttClock::running(add_signed_days(date, -127), as_of);
        assert!(breaching_on(add_signed_days(as_of, 1)).breaches_within(as_of, 1));
        assert!(breaching_on(add_signed_days(as_of, 7)).breaches_within(as_of, 1));
        assert!(!breaching_on(add_signed_days(as_of, 8)).breaches_within(as_of, 1));
        assert!(!breaching_on(as_of).breaches_within(as_of, 1), "breach date today = already breached");
        let stopped = PtlRttClock::stopped(add_signed_days(as_of, -124), add_signed_days(as_of, -1));
        assert!(!stopped.breaches_within(as_of, 1) && !stopped.already_breached(as_of));
    }

    #[test]
    fn cancer_clock_day_62_is_compliant_and_adjustments_move_the_deadline() {
        let start = d("2026-09-01");
        let treated_day_62 = PtlCancerClock::new(
            CancerStandard::ReferralToTreatment,
            start,
            0,
            Some(add_signed_days(start, 62)),
            d("2026-11-22"),
        );
        assert!(treated_day_62.within_standard);
        assert_eq!(treated_day_62.deadline, add_signed_days(start, 62));
        let day_63 =
            PtlCancerClock::new(CancerStandard::ReferralToTreatment, start, 0, Some(add_signed_days(start, 63)), start);
        assert!(!day_63.within_standard);
        let adjusted = PtlCancerClock::new(CancerStandard::FasterDiagnosis, start, 5, None, add_signed_days(start, 33));
        assert_eq!(adjusted.days_used, 28);
        assert!(adjusted.within_standard && adjusted.is_running());
        assert_eq!(adjusted.deadline, add_signed_days(start, 33));
    }
}
