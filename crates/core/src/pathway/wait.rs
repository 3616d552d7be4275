//! Counting an RTT wait: calendar days from the clock start (day 0), completed weeks, the national time band,
//! the 18-week deadline and the long-wait flags. `pathway-rules.md` §1.8.

use std::fmt;

use chrono::NaiveDate;

use crate::calendar::add_days;

/// The last day still within 18 weeks is start + 126; the first breach day is start + 127.
pub const RTT_DEADLINE_DAYS: u64 = 126;

/// National time band of a wait, by its upper week: 0-1 (0 to 7 days), then N-(N+1), and 104+ from 729 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReportingBand {
    /// ceil(days / 7), at least 1; 105 means "104+".
    upper_week: u16,
}

impl ReportingBand {
    pub fn for_days(days: i64) -> Self {
        let upper = if days >= 729 { 105 } else { ((days.max(0) + 6) / 7).max(1) };
        ReportingBand { upper_week: upper as u16 }
    }

    /// The band's upper week (1 for "0-1"); `None` for "104+".
    pub fn upper_week(self) -> Option<u16> {
        (self.upper_week <= 104).then_some(self.upper_week)
    }
}

impl fmt::Display for ReportingBand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.upper_week() {
            Some(upper) => write!(f, "{}-{}", upper - 1, upper),
            None => f.write_str("104+"),
        }
    }
}

/// An RTT wait from `start` to `end` (the stop date, or the census date while the clock runs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RttWait {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// end - start in calendar days.
    pub days: i64,
}

impl RttWait {
    pub fn new(start: NaiveDate, end: NaiveDate) -> Self {
        RttWait { start, end, days: (end - start).num_days() }
    }

    /// Completed weeks, floor(days / 7), for display.
    pub fn completed_weeks(&self) -> i64 {
        self.days.div_euclid(7)
    }

    pub fn band(&self) -> ReportingBand {
        ReportingBand::for_days(self.days)
    }

    /// Within 18 weeks means 126 days or fewer.
    pub fn within_18_weeks(&self) -> bool {
        self.days <= RTT_DEADLINE_DAYS as i64
    }

    /// Last compliant date: start + 126.
    pub fn deadline_18w(&self) -> NaiveDate {
        add_days(self.start, RTT_DEADLINE_DAYS)
    }

    /// First breach date: start + 127.
    pub fn breach_date(&self) -> NaiveDate {
        add_days(self.start, RTT_DEADLINE_DAYS + 1)
    }

    /// Over N weeks means more than 7N days (over 52 weeks: 365 days or more).
    pub fn over_weeks(&self, weeks: i64) -> bool {
        self.days > 7 * weeks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn bands_follow_the_national_time_bands() {
        let band = |days| ReportingBand::for_days(days).to_string();
        assert_eq!(band(0), "0-1");
        assert_eq!(band(7), "0-1");
        assert_eq!(band(8), "1-2");
        assert_eq!(band(126), "17-18");
        assert_eq!(band(127), "18-19");
        assert_eq!(band(364), "51-52");
        assert_eq!(band(365), "52-53");
        assert_eq!(band(728), "103-104");
        assert_eq!(band(729), "104+");
    }

    #[test]
    fn eighteen_weeks_is_126_days_inclusive() {
        let start = d("2025-01-06");
        let at = |days| RttWait::new(start, add_days(start, days));
        assert!(at(126).within_18_weeks());
        assert!(!at(127).within_18_weeks());
        assert_eq!(at(0).deadline_18w(), d("2025-05-12"));
        assert_eq!(at(0).breach_date(), d("2025-05-13"));
    }

    #[test]
    fn long_wait_flags_use_more_than_7n_days() {
        let start = d("2024-02-05");
        let at = |days| RttWait::new(start, add_days(start, days));
        assert_eq!(at(364).completed_weeks(), 52);
        assert!(!at(364).over_weeks(52));
        assert!(at(365).over_weeks(52));
        assert!(!at(455).over_weeks(65) && at(456).over_weeks(65));
        assert!(!at(546).over_weeks(78) && at(547).over_weeks(78));
        assert!(!at(728).over_weeks(104) && at(729).over_weeks(104));
    }

    #[test]
    fn days_are_calendar_days_across_clock_changes_and_leap_days() {
        assert_eq!(RttWait::new(d("2025-03-29"), d("2025-03-31")).days, 2);
        assert_eq!(RttWait::new(d("2024-02-28"), d("2024-03-01")).days, 2);
        assert_eq!(RttWait::new(d("2024-02-05"), d("2025-02-04")).days, 365);
    }
}
