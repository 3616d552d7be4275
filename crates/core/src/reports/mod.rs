//! The reports teams run: the figures worked out from the records a desk holds, as of one date, with their CSV for
//! Excel. Each report is a function of the records, so the screen, the CSV and the tests agree.

pub mod clinic_use;
pub mod did_not_attend;
pub mod hospital_cancellations;
pub mod validation_status;
pub mod waiting_for_review;

use chrono::{Datelike, Days, NaiveDate};

/// The days a report covers, first and last included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Period {
    /// `first` to `last`; `None` when the last day is before the first.
    pub fn new(first: NaiveDate, last: NaiveDate) -> Option<Period> {
        (first <= last).then_some(Period { first, last })
    }

    /// What a team lead looks at first: the four weeks before this one, this week and the three after (Monday to
    /// Sunday), so the past's use and did-not-attends and the coming weeks' free places are both in view.
    pub fn around(today: NaiveDate) -> Period {
        let monday = week_commencing(today);
        Period { first: monday - Days::new(28), last: monday + Days::new(4 * 7 - 1) }
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        (self.first..=self.last).contains(&date)
    }

    /// "period-2026-11-09-to-2027-01-03" for a file name.
    pub fn file_part(&self) -> String {
        format!("{}-to-{}", self.first, self.last)
    }
}

/// A CSV file for Excel so far: the byte-order mark and the heading line.
fn csv_headed(columns: &[&str]) -> String {
    let mut out = String::from(crate::spreadsheet::BYTE_ORDER_MARK);
    let mut line = crate::spreadsheet::CsvLine::new(&mut out);
    for column in columns {
        line.text(column);
    }
    line.end();
    out
}

/// The Monday of `date`'s week, as clinic weeks are counted.
pub fn week_commencing(date: NaiveDate) -> NaiveDate {
    date - Days::new(u64::from(date.weekday().num_days_from_monday()))
}

/// `part` as a share of `whole` in per cent, to one decimal place with a half rounded up (12.25 is 12.3, as a
/// spreadsheet rounds it); `None` when `whole` is nothing.
pub fn percent(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| (f64::from(part) * 1000.0 / f64::from(whole)).round() / 10.0)
}

/// "12.5%", or "–" when there was nothing to share.
pub fn percent_words(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |value| format!("{value:.1}%"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_first_period_is_four_weeks_back_to_three_weeks_ahead_monday_to_sunday() {
        let period = Period::around(d("2026-12-09")); // a Wednesday
        assert_eq!(period, Period { first: d("2026-11-09"), last: d("2027-01-03") });
        assert_eq!(period.first.weekday(), chrono::Weekday::Mon);
        assert_eq!(period.last.weekday(), chrono::Weekday::Sun);
        assert!(period.contains(d("2026-11-09")) && period.contains(d("2027-01-03")));
        assert!(!period.contains(d("2026-11-08")) && !period.contains(d("2027-01-04")));
        assert_eq!(Period::new(d("2026-12-02"), d("2026-12-01")), None, "the last day before the first");
    }

    #[test]
    fn shares_are_said_to_one_place_and_nothing_shared_is_a_dash() {
        assert_eq!(percent_words(percent(1, 8)), "12.5%");
        assert_eq!(percent_words(percent(49, 400)), "12.3%", "a half is rounded up");
        assert_eq!(percent_words(percent(1, 3)), "33.3%");
        assert_eq!(percent_words(percent(0, 0)), "–");
        assert_eq!(week_commencing(d("2026-12-06")), d("2026-11-30"), "a Sunday belongs to the week before");
    }
}
