//! England and Wales bank holidays and working days, as far as the demo needs them: no clinic runs on a bank
//! holiday, and a clinic letter is due 5 working days after the clinic.
//!
//! `crate::calendar` holds the published list (2024-2028) and rightly refuses to guess outside it; the demo must
//! work on any date, so it follows the rules instead (with substitute days), plus the one-off holidays since 2011.
//! A test checks the two agree wherever the published list has data. One-offs announced after Nov 2026 are not
//! known here.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// One-off bank holidays (royal occasions) in England and Wales.
const ONE_OFFS: [(i32, u32, u32); 5] = [(2011, 4, 29), (2012, 6, 5), (2022, 6, 3), (2022, 9, 19), (2023, 5, 8)];

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("bank holiday rules only build real dates")
}

/// Easter Sunday (Gregorian calendar, the anonymous algorithm).
fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(year, month as u32, day as u32)
}

fn first_monday(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 1).expect("every month has a first Monday")
}

fn last_monday(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 5)
        .or_else(|| NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 4))
        .expect("every month has a fourth Monday")
}

/// The next weekday on or after `day` that is not already taken: how substitute days are given.
fn substitute(day: NaiveDate, taken: &[NaiveDate]) -> NaiveDate {
    let mut candidate = day;
    while is_weekend(candidate) || taken.contains(&candidate) {
        candidate = candidate + Days::new(1);
    }
    candidate
}

fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The England and Wales bank holidays of `year`, in date order.
pub(crate) fn bank_holidays(year: i32) -> Vec<NaiveDate> {
    let easter = easter_sunday(year);
    let mut days = vec![substitute(date(year, 1, 1), &[])];
    days.push(easter - Days::new(2));
    days.push(easter + Days::new(1));
    days.push(match year {
        1995 | 2020 => date(year, 5, 8),
        _ => first_monday(year, 5),
    });
    days.push(match year {
        2002 | 2012 => date(year, 6, 4),
        2022 => date(year, 6, 2),
        _ => last_monday(year, 5),
    });
    days.push(last_monday(year, 8));
    let christmas = substitute(date(year, 12, 25), &[]);
    days.push(christmas);
    days.push(substitute(date(year, 12, 26), &[christmas]));
    days.extend(ONE_OFFS.iter().filter(|(y, _, _)| *y == year).map(|&(y, m, d)| date(y, m, d)));
    days.sort();
    days
}

pub(crate) fn is_bank_holiday(day: NaiveDate) -> bool {
    bank_holidays(day.year()).contains(&day)
}

pub(crate) fn is_working_day(day: NaiveDate) -> bool {
    !is_weekend(day) && !is_bank_holiday(day)
}

/// The `n`th working day strictly after `day` ("due 5 working days after the clinic").
pub(crate) fn working_days_after(day: NaiveDate, n: u32) -> NaiveDate {
    let mut current = day;
    let mut counted = 0;
    while counted < n {
        current = current + Days::new(1);
        if is_working_day(current) {
            counted += 1;
        }
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn known_years_match_the_published_lists() {
        let expected_2026: Vec<NaiveDate> = [
            "2026-01-01",
            "2026-04-03",
            "2026-04-06",
            "2026-05-04",
            "2026-05-25",
            "2026-08-31",
            "2026-12-25",
            "2026-12-28",
        ]
        .iter()
        .map(|d| iso(d))
        .collect();
        assert_eq!(bank_holidays(2026), expected_2026);
        // 2022: Christmas on a Sunday, the jubilee moved the spring holiday, plus the state funeral.
        let holidays_2022 = bank_holidays(2022);
        for day in ["2022-01-03", "2022-06-02", "2022-06-03", "2022-09-19", "2022-12-26", "2022-12-27"] {
            assert!(holidays_2022.contains(&iso(day)), "{day} missing from {holidays_2022:?}");
        }
        assert_eq!(holidays_2022.len(), 10);
        // 2027: New Year on a Friday, Easter on 28 March, Christmas on a Saturday.
        let holidays_2027 = bank_holidays(2027);
        for day in ["2027-01-01", "2027-03-26", "2027-03-29", "2027-12-27", "2027-12-28"] {
            assert!(holidays_2027.contains(&iso(day)), "{day} missing from {holidays_2027:?}");
        }
    }

    #[test]
    fn the_rules_agree_with_the_published_calendar() {
        use crate::calendar::{bank_holidays_in_year, Region, DATA_FROM, DATA_UNTIL};
        for year in DATA_FROM.year()..=DATA_UNTIL.year() {
            let published: Vec<NaiveDate> = bank_holidays_in_year(year, Region::EnglandAndWales)
                .expect("the calendar covers its own data years")
                .iter()
                .map(|holiday| holiday.date)
                .collect();
            assert_eq!(bank_holidays(year), published, "bank holidays of {year}");
        }
    }

    #[test]
    fn working_days_skip_weekends_and_bank_holidays() {
        // Thursday 24 Dec 2026: Fri 25 and Mon 28 are bank holidays.
        assert_eq!(working_days_after(iso("2026-12-24"), 1), iso("2026-12-29"));
        assert_eq!(working_days_after(iso("2026-11-20"), 5), iso("2026-11-27"));
        assert!(!is_working_day(iso("2026-11-22")));
        assert!(is_working_day(iso("2026-11-23")));
    }
}
