//! Bank holidays and working days (`pathway-rules.md` §4). Waiting-time clocks ignore these (calendar days);
//! working days are for letters, triage and other local turnaround standards.
//!
//! Working day = Monday to Friday, not a bank holiday. "N working days after D" is the Nth working day strictly
//! after D, with D as day 0 even when D is a weekend. A date outside the data is an error, never a guess.

use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate, NaiveTime, Timelike, Weekday};

/// Which bank holidays apply. Only England and Wales data is held: NHS England trusts use it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    #[default]
    EnglandAndWales,
}

impl Region {
    pub fn label(self) -> &'static str {
        match self {
            Region::EnglandAndWales => "England and Wales",
        }
    }

    fn holidays(self) -> &'static [BankHoliday] {
        match self {
            Region::EnglandAndWales => ENGLAND_AND_WALES,
        }
    }
}

impl FromStr for Region {
    type Err = CalendarError;

    /// Accepts "england_and_wales" (and "england-and-wales", "England and Wales", "e&w").
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let key: String =
            text.trim().to_lowercase().chars().map(|c| if c == '-' || c == ' ' { '_' } else { c }).collect();
        match key.as_str() {
            "england_and_wales" | "england_&_wales" | "e&w" | "england" | "wales" => Ok(Region::EnglandAndWales),
            _ => Err(CalendarError::RegionNotAvailable(text.to_string())),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error(
        "No bank holiday data for {date} ({region}): the calendar covers {first} to {last}. Ask for the \
         bank holiday list to be updated (GOV.UK publishes about two years ahead)."
    )]
    OutsideData { date: NaiveDate, region: &'static str, first: NaiveDate, last: NaiveDate },
    #[error(
        "No bank holiday data for the region \"{0}\": only England and Wales is available. Set the trust's \
         region to England and Wales."
    )]
    RegionNotAvailable(String),
    #[error("The end date {end} is before the start date {start}: swap them.")]
    EndBeforeStart { start: NaiveDate, end: NaiveDate },
}

/// One bank holiday as observed (a substitute day is the weekday that replaces one falling at a weekend).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BankHoliday {
    pub date: NaiveDate,
    pub name: &'static str,
    pub substitute: bool,
}

const fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("bad bank holiday date"),
    }
}

const fn holiday(year: i32, month: u32, d: u32, name: &'static str) -> BankHoliday {
    BankHoliday { date: day(year, month, d), name, substitute: false }
}

const fn substitute(year: i32, month: u32, d: u32, name: &'static str) -> BankHoliday {
    BankHoliday { date: day(year, month, d), name, substitute: true }
}

/// England and Wales, 2024 to 2028 (§4, S14: computed from the statutory pattern and cross-checked; re-check
/// 2028 against https://www.gov.uk/bank-holidays.json before relying on it).
const ENGLAND_AND_WALES: &[BankHoliday] = &[
    holiday(2024, 1, 1, "New Year's Day"),
    holiday(2024, 3, 29, "Good Friday"),
    holiday(2024, 4, 1, "Easter Monday"),
    holiday(2024, 5, 6, "Early May bank holiday"),
    holiday(2024, 5, 27, "Spring bank holiday"),
    holiday(2024, 8, 26, "Summer bank holiday"),
    holiday(2024, 12, 25, "Christmas Day"),
    holiday(2024, 12, 26, "Boxing Day"),
    holiday(2025, 1, 1, "New Year's Day"),
    holiday(2025, 4, 18, "Good Friday"),
    holiday(2025, 4, 21, "Easter Monday"),
    holiday(2025, 5, 5, "Early May bank holiday"),
    holiday(2025, 5, 26, "Spring bank holiday"),
    holiday(2025, 8, 25, "Summer bank holiday"),
    holiday(2025, 12, 25, "Christmas Day"),
    holiday(2025, 12, 26, "Boxing Day"),
    holiday(2026, 1, 1, "New Year's Day"),
    holiday(2026, 4, 3, "Good Friday"),
    holiday(2026, 4, 6, "Easter Monday"),
    holiday(2026, 5, 4, "Early May bank holiday"),
    holiday(2026, 5, 25, "Spring bank holiday"),
    holiday(2026, 8, 31, "Summer bank holiday"),
    holiday(2026, 12, 25, "Christmas Day"),
    substitute(2026, 12, 28, "Boxing Day (substitute day)"),
    holiday(2027, 1, 1, "New Year's Day"),
    holiday(2027, 3, 26, "Good Friday"),
    holiday(2027, 3, 29, "Easter Monday"),
    holiday(2027, 5, 3, "Early May bank holiday"),
    holiday(2027, 5, 31, "Spring bank holiday"),
    holiday(2027, 8, 30, "Summer bank holiday"),
    substitute(2027, 12, 27, "Christmas Day (substitute day)"),
    substitute(2027, 12, 28, "Boxing Day (substitute day)"),
    substitute(2028, 1, 3, "New Year's Day (substitute day)"),
    holiday(2028, 4, 14, "Good Friday"),
    holiday(2028, 4, 17, "Easter Monday"),
    holiday(2028, 5, 1, "Early May bank holiday"),
    holiday(2028, 5, 29, "Spring bank holiday"),
    holiday(2028, 8, 28, "Summer bank holiday"),
    holiday(2028, 12, 25, "Christmas Day"),
    holiday(2028, 12, 26, "Boxing Day"),
];

/// First and last dates the data covers.
pub const DATA_FROM: NaiveDate = day(2024, 1, 1);
/// The list is valid until this date; later dates are refused.
pub const DATA_UNTIL: NaiveDate = day(2028, 12, 31);

fn covered(date: NaiveDate, region: Region) -> Result<(), CalendarError> {
    if (DATA_FROM..=DATA_UNTIL).contains(&date) {
        Ok(())
    } else {
        Err(CalendarError::OutsideData { date, region: region.label(), first: DATA_FROM, last: DATA_UNTIL })
    }
}

/// The bank holiday on `date`, if there is one.
pub fn bank_holiday(date: NaiveDate, region: Region) -> Result<Option<&'static BankHoliday>, CalendarError> {
    covered(date, region)?;
    Ok(region.holidays().iter().find(|h| h.date == date))
}

/// Monday to Friday and not a bank holiday.
pub fn is_working_day(date: NaiveDate, region: Region) -> Result<bool, CalendarError> {
    let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
    Ok(bank_holiday(date, region)?.is_none() && !weekend)
}

/// The bank holidays of one year.
pub fn bank_holidays_in_year(year: i32, region: Region) -> Result<Vec<BankHoliday>, CalendarError> {
    covered(day_or_min(year, 1, 1), region)?;
    covered(day_or_min(year, 12, 31), region)?;
    Ok(region.holidays().iter().filter(|h| h.date.year() == year).copied().collect())
}

fn day_or_min(year: i32, month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, d).unwrap_or(NaiveDate::MIN)
}

/// Bank holidays in (after, until]: the ones a working-day count skipped.
pub fn bank_holidays_between(
    after: NaiveDate,
    until: NaiveDate,
    region: Region,
) -> Result<Vec<BankHoliday>, CalendarError> {
    if until > after {
        covered(next(after), region)?;
        covered(until, region)?;
    }
    Ok(region.holidays().iter().filter(|h| h.date > after && h.date <= until).copied().collect())
}

fn next(date: NaiveDate) -> NaiveDate {
    add_days(date, 1)
}

/// `date` + `days`, saturating at the last representable date (never reached with real dates): date arithmetic in
/// Pathdesk goes through this and [`add_signed_days`], so no date a desk sends can panic the rules.
pub fn add_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days)).unwrap_or(NaiveDate::MAX)
}

/// `date` + `days` for a signed count.
pub fn add_signed_days(date: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        add_days(date, days as u64)
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs())).unwrap_or(NaiveDate::MIN)
    }
}

/// The `n`th working day strictly after `date` (`date` is day 0, even at a weekend). `n = 0` gives `date`.
pub fn add_working_days(date: NaiveDate, n: u32, region: Region) -> Result<NaiveDate, CalendarError> {
    let mut current = date;
    let mut counted = 0;
    while counted < n {
        current = next(current);
        if is_working_day(current, region)? {
            counted += 1;
        }
    }
    Ok(current)
}

/// Working days in (from, to]: how many working days after `from` `to` is.
pub fn working_days_between(from: NaiveDate, to: NaiveDate, region: Region) -> Result<u32, CalendarError> {
    if to < from {
        return Err(CalendarError::EndBeforeStart { start: from, end: to });
    }
    let mut count = 0;
    let mut current = from;
    while current < to {
        current = next(current);
        if is_working_day(current, region)? {
            count += 1;
        }
    }
    Ok(count)
}

/// The calendar date in the UK at the instant `utc`: the server's "today" for the desks it serves, whatever zone
/// the server's machine runs in. British Summer Time (UTC+1) runs from 01:00 UTC on the last Sunday of March to
/// 01:00 UTC on the last Sunday of October; outside it the UK date is the UTC date.
pub fn uk_date_at(utc: chrono::NaiveDateTime) -> NaiveDate {
    let year = utc.date().year();
    let starts = last_sunday(year, 3).and_hms_opt(1, 0, 0).expect("01:00 exists");
    let ends = last_sunday(year, 10).and_hms_opt(1, 0, 0).expect("01:00 exists");
    if utc >= starts && utc < ends {
        (utc + chrono::TimeDelta::hours(1)).date()
    } else {
        utc.date()
    }
}

/// The last Sunday of `month` (March or October: when British Summer Time starts and ends).
fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let first_of_next = NaiveDate::from_ymd_opt(year, month + 1, 1).expect("month 4 or 11 exists");
    let back = first_of_next.pred_opt().expect("a day before the 1st");
    back - Days::new(u64::from(back.weekday().num_days_from_sunday()))
}

/// The UK's offset from UTC, in hours, at a clock time in the UK (a clinic's start, say): 1 in British Summer Time
/// (from 02:00 on the last Sunday of March, when clocks go forward, to 02:00 on the last Sunday of October, when
/// they go back), else 0. The hour that happens twice in October counts as summer time.
pub fn uk_offset_hours(local: chrono::NaiveDateTime) -> i32 {
    let year = local.date().year();
    let starts = last_sunday(year, 3).and_hms_opt(2, 0, 0).expect("02:00 exists");
    let ends = last_sunday(year, 10).and_hms_opt(2, 0, 0).expect("02:00 exists");
    i32::from(local >= starts && local < ends)
}

// The formatters below are written out rather than calling chrono's `format("%...")`: the strftime engine is
// the largest piece of chrono in the shipped app, and these few shapes are all anyone reads.

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A date as staff read it: "6 Jan 2025". The one formatter of dates for people, on every screen and letter.
pub fn uk_date(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), MONTHS[date.month0() as usize], date.year())
}

/// A date with its weekday, as the diary and lists show it: "Sat 21 Nov 2026".
pub fn uk_day(date: NaiveDate) -> String {
    format!("{} {}", &weekday_name(date.weekday())[..3], uk_date(date))
}

/// A date as typed in a form and printed in a table cell: "06/01/2025".
pub fn uk_numeric_date(date: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", date.day(), date.month(), date.year())
}

/// A time of day on the 24-hour clock: "09:30".
pub fn hhmm(time: NaiveTime) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// A typed 24-hour time, "09:30" or "9:30"; `None` for anything else.
pub fn parse_hhmm(text: &str) -> Option<NaiveTime> {
    let (hours, minutes) = text.split_once(':')?;
    let digits = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
        (lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse::<u32>().ok())?
    };
    NaiveTime::from_hms_opt(digits(hours, 1..=2)?, digits(minutes, 2..=2)?, 0)
}

/// A time to the second: "09:30:05".
pub fn hhmmss(time: NaiveTime) -> String {
    format!("{:02}:{:02}:{:02}", time.hour(), time.minute(), time.second())
}

/// A weekday's full name: "Monday".
pub fn weekday_name(day: chrono::Weekday) -> &'static str {
    match day {
        chrono::Weekday::Mon => "Monday",
        chrono::Weekday::Tue => "Tuesday",
        chrono::Weekday::Wed => "Wednesday",
        chrono::Weekday::Thu => "Thursday",
        chrono::Weekday::Fri => "Friday",
        chrono::Weekday::Sat => "Saturday",
        chrono::Weekday::Sun => "Sunday",
    }
}

/// A date typed in the NHS date input pattern (day, month and year boxes), or the NHS pattern's message for what
/// is wrong, naming the date (`what`: "Date of birth").
pub fn typed_date(day: &str, month: &str, year: &str, what: &str) -> Result<NaiveDate, String> {
    let (day, month, year) = (day.trim(), month.trim(), year.trim());
    let missing: Vec<&str> = [(day, "day"), (month, "month"), (year, "year")]
        .iter()
        .filter(|(v, _)| v.is_empty())
        .map(|(_, n)| *n)
        .collect();
    match missing.len() {
        3 => return Err(format!("Enter {}", what.to_lowercase())),
        2 => return Err(format!("{what} must include a {} and a {}", missing[0], missing[1])),
        1 => return Err(format!("{what} must include a {}", missing[0])),
        _ => {}
    }
    if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit()) {
        return Err("Year must include 4 numbers".to_string());
    }
    let number = |text: &str| text.parse::<u32>().ok().filter(|_| text.len() <= 2);
    match (number(day), number(month), year.parse::<i32>()) {
        (Some(d), Some(m), Ok(y)) => {
            NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("{what} must be a real date"))
        }
        _ => Err(format!("{what} must be a real date")),
    }
}

/// A date input's three boxes held as one text, "day/month/year" as typed ("7/12/2026", or "7//2026" with the
/// month not yet typed), so a form keeps one value per date and prefills it with [`uk_numeric_date`].
pub fn typed_date_parts(text: &str) -> [String; 3] {
    let mut parts = text.splitn(3, '/').map(str::to_string);
    [(); 3].map(|_| parts.next().unwrap_or_default())
}

/// The text for a date input with one box changed (`which`: 0 day, 1 month, 2 year). A whole date pasted or
/// scanned into one box ("7/12/2026", "07.12.2026", "7-12-2026") fills all three.
pub fn with_typed_date_part(text: &str, which: usize, typed: &str) -> String {
    let whole: Vec<&str> = typed.split(['/', '.', '-']).collect();
    if whole.len() == 3 {
        return whole.iter().map(|p| p.trim()).collect::<Vec<_>>().join("/");
    }
    let mut parts = typed_date_parts(text);
    if let Some(part) = parts.get_mut(which) {
        *part = typed.chars().filter(|c| !matches!(c, '/' | '.' | '-')).collect();
    }
    parts.join("/")
}

/// The date in a date input's text, or the NHS pattern's message for what is wrong, naming the date.
pub fn read_typed_date(text: &str, what: &str) -> Result<NaiveDate, String> {
    let [day, month, year] = typed_date_parts(text);
    typed_date(&day, &month, &year, what)
}

/// A typed 24-hour time, or the message for what is wrong, naming the time (`what`: "Start time").
pub fn read_typed_time(text: &str, what: &str) -> Result<NaiveTime, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("Enter {}", what.to_lowercase()));
    }
    let text = text.replace('.', ":");
    let with_colon = if (3..=4).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}:{}", &text[..text.len() - 2], &text[text.len() - 2..])
    } else {
        text
    };
    parse_hhmm(&with_colon).ok_or_else(|| format!("{what} must be a time on the 24-hour clock, like 09:30 or 14:00"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_dates_follow_the_nhs_date_input_pattern() {
        assert_eq!(typed_date(" 7 ", "12", "2026", "Date received"), Ok(d("2026-12-07")));
        assert_eq!(typed_date("29", "2", "2024", "Date of birth"), Ok(d("2024-02-29")));
        assert_eq!(typed_date("", "", "", "Date of birth"), Err("Enter date of birth".into()));
        assert_eq!(typed_date("7", "", "2026", "Date of birth"), Err("Date of birth must include a month".into()));
        assert_eq!(
            typed_date("", "", "2026", "Date of birth"),
            Err("Date of birth must include a day and a month".into())
        );
        assert_eq!(typed_date("7", "12", "26", "Date of birth"), Err("Year must include 4 numbers".into()));
        assert_eq!(typed_date("31", "2", "2026", "Date of birth"), Err("Date of birth must be a real date".into()));
        assert_eq!(typed_date("1x", "2", "2026", "Date of birth"), Err("Date of birth must be a real date".into()));
        assert_eq!(typed_date("007", "2", "2026", "Date of birth"), Err("Date of birth must be a real date".into()));
    }

    #[test]
    fn a_date_inputs_text_holds_its_three_boxes_and_reads_through_the_nhs_pattern() {
        assert_eq!(typed_date_parts("7/12/2026"), ["7".to_string(), "12".into(), "2026".into()]);
        assert_eq!(typed_date_parts(""), [String::new(), String::new(), String::new()]);
        assert_eq!(with_typed_date_part("", 1, "12"), "/12/");
        assert_eq!(with_typed_date_part("7//2026", 1, "12"), "7/12/2026");
        assert_eq!(with_typed_date_part("7/12/2026", 0, "07.12.2026"), "07/12/2026");
        assert_eq!(with_typed_date_part("7/1/2026", 2, "2027"), "7/1/2027");
        // The boxes are day, month, year whatever the browser's locale: 7/12 is the 7th of December.
        assert_eq!(read_typed_date("7/12/2026", "Due date"), Ok(d("2026-12-07")));
        assert_eq!(read_typed_date(&uk_numeric_date(d("2027-01-31")), "Due date"), Ok(d("2027-01-31")));
        assert_eq!(read_typed_date("7//2026", "Due date"), Err("Due date must include a month".into()));
        assert_eq!(read_typed_date("", "Due date"), Err("Enter due date".into()));
        assert_eq!(read_typed_date("12/31/2026", "Due date"), Err("Due date must be a real date".into()));
    }

    #[test]
    fn typed_times_are_24_hour_and_say_what_is_wrong() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(read_typed_time("09:30", "Start time"), Ok(t(9, 30)));
        assert_eq!(read_typed_time(" 9:30 ", "Start time"), Ok(t(9, 30)));
        assert_eq!(read_typed_time("1400", "Start time"), Ok(t(14, 0)));
        assert_eq!(read_typed_time("14.15", "Start time"), Ok(t(14, 15)));
        assert_eq!(read_typed_time("", "Start time"), Err("Enter start time".into()));
        let wrong = Err("Start time must be a time on the 24-hour clock, like 09:30 or 14:00".to_string());
        assert_eq!(read_typed_time("25:00", "Start time"), wrong);
        assert_eq!(read_typed_time("9am", "Start time"), wrong);
        assert_eq!(read_typed_time("9:3", "Start time"), wrong);
        assert_eq!(read_typed_time("é00", "Start time"), wrong);
    }

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }
    const EW: Region = Region::EnglandAndWales;

    #[test]
    fn adding_days_stops_at_the_ends_of_the_calendar_instead_of_panicking() {
        assert_eq!(add_days(d("2026-12-31"), 1), d("2027-01-01"));
        assert_eq!(add_signed_days(d("2024-03-01"), -1), d("2024-02-29"));
        assert_eq!(add_days(NaiveDate::MAX, 1), NaiveDate::MAX);
        assert_eq!(add_days(d("2026-01-01"), u64::MAX), NaiveDate::MAX);
        assert_eq!(add_signed_days(NaiveDate::MIN, -1), NaiveDate::MIN);
        assert_eq!(add_signed_days(d("2026-01-01"), i64::MIN), NaiveDate::MIN);
    }

    #[test]
    fn dates_and_times_read_as_staff_write_them_the_same_as_chrono_would() {
        for (text, uk, day, numeric) in [
            ("2025-01-06", "6 Jan 2025", "Mon 6 Jan 2025", "06/01/2025"),
            ("2026-11-21", "21 Nov 2026", "Sat 21 Nov 2026", "21/11/2026"),
            ("2024-02-29", "29 Feb 2024", "Thu 29 Feb 2024", "29/02/2024"),
        ] {
            let date = d(text);
            assert_eq!((uk_date(date), uk_day(date), uk_numeric_date(date)), (uk.into(), day.into(), numeric.into()));
            assert_eq!(uk_day(date), date.format("%a %-d %b %Y").to_string());
        }
        let time = NaiveTime::from_hms_opt(9, 5, 7).unwrap();
        assert_eq!((hhmm(time), hhmmss(time)), ("09:05".to_string(), "09:05:07".to_string()));
    }

    #[test]
    fn a_typed_time_is_hours_colon_two_minute_digits() {
        let at = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(parse_hhmm("09:30"), at(9, 30));
        assert_eq!(parse_hhmm("9:30"), at(9, 30));
        assert_eq!(parse_hhmm("23:59"), at(23, 59));
        for bad in ["", "0930", "9:3", "24:00", "12:60", "12:3a", "+9:30", "09:30:00", " 9:30", "123:00"] {
            assert_eq!(parse_hhmm(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_uk_date_follows_british_summer_time() {
        let at = |text: &str| chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
        // Summer: 23:30 UTC is already tomorrow in the UK.
        assert_eq!(uk_date_at(at("2026-07-14 23:30")), d("2026-07-15"));
        assert_eq!(uk_date_at(at("2026-07-14 22:59")), d("2026-07-14"));
        // Winter: the UK date is the UTC date.
        assert_eq!(uk_date_at(at("2026-11-22 23:30")), d("2026-11-22"));
        // BST 2026 starts 29 March 01:00 UTC and ends 25 October 01:00 UTC.
        assert_eq!(uk_date_at(at("2026-03-28 23:30")), d("2026-03-28"));
        assert_eq!(uk_date_at(at("2026-03-29 23:30")), d("2026-03-30"));
        assert_eq!(uk_date_at(at("2026-10-24 23:30")), d("2026-10-25"));
        assert_eq!(uk_date_at(at("2026-10-25 23:30")), d("2026-10-25"));
    }

    #[test]
    fn a_uk_clock_time_is_an_hour_ahead_of_utc_in_summer_time_only() {
        let at = |text: &str| chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(uk_offset_hours(at("2026-12-08 09:00")), 0);
        assert_eq!(uk_offset_hours(at("2026-07-14 09:00")), 1);
        // 2026: clocks go forward at 02:00 on 29 March and back at 02:00 on 25 October.
        assert_eq!(uk_offset_hours(at("2026-03-29 01:59")), 0);
        assert_eq!(uk_offset_hours(at("2026-03-29 09:00")), 1);
        assert_eq!(uk_offset_hours(at("2026-10-25 01:30")), 1);
        assert_eq!(uk_offset_hours(at("2026-10-25 09:00")), 0);
    }

    #[test]
    fn eight_holidays_a_year_all_on_weekdays() {
        for year in 2024..=2028 {
            let list = bank_holidays_in_year(year, EW).unwrap();
            assert_eq!(list.len(), 8, "{year}");
            assert!(list.iter().all(|h| !matches!(h.date.weekday(), Weekday::Sat | Weekday::Sun)));
        }
        let substitutes: Vec<_> = ENGLAND_AND_WALES.iter().filter(|h| h.substitute).map(|h| h.date).collect();
        assert_eq!(substitutes, vec![d("2026-12-28"), d("2027-12-27"), d("2027-12-28"), d("2028-01-03")]);
    }

    #[test]
    fn letter_due_over_christmas_2025() {
        assert_eq!(add_working_days(d("2025-12-22"), 5, EW).unwrap(), d("2025-12-31"));
    }

    #[test]
    fn day_zero_at_a_weekend() {
        assert_eq!(add_working_days(d("2025-05-03"), 5, EW).unwrap(), d("2025-05-12"));
        assert_eq!(add_working_days(d("2025-05-03"), 1, EW).unwrap(), d("2025-05-06"));
        assert_eq!(add_working_days(d("2025-05-03"), 0, EW).unwrap(), d("2025-05-03"));
    }

    #[test]
    fn substitute_days_are_skipped() {
        // Thu 24 Dec 2026: Fri 25 and Mon 28 (substitute for Boxing Day) are holidays.
        assert_eq!(add_working_days(d("2026-12-24"), 1, EW).unwrap(), d("2026-12-29"));
        // Fri 24 Dec 2027: Mon 27 and Tue 28 are substitutes.
        assert_eq!(add_working_days(d("2027-12-24"), 1, EW).unwrap(), d("2027-12-29"));
        assert_eq!(add_working_days(d("2027-12-31"), 1, EW).unwrap(), d("2028-01-04"));
    }

    #[test]
    fn working_days_between_counts_after_from_up_to_to() {
        assert_eq!(working_days_between(d("2024-08-23"), d("2024-08-30"), EW).unwrap(), 4);
        assert_eq!(working_days_between(d("2024-08-23"), d("2024-08-23"), EW).unwrap(), 0);
        assert!(working_days_between(d("2024-08-30"), d("2024-08-23"), EW).is_err());
    }

    #[test]
    fn outside_the_data_is_an_error_not_a_guess() {
        let err = add_working_days(d("2028-12-29"), 2, EW).unwrap_err();
        assert!(matches!(err, CalendarError::OutsideData { .. }));
        assert!(err.to_string().contains("2024-01-01 to 2028-12-31"));
        assert!(is_working_day(d("2023-06-01"), EW).is_err());
        // Day 0 itself need not be covered.
        assert_eq!(add_working_days(d("2023-12-31"), 1, EW).unwrap(), d("2024-01-02"));
    }

    #[test]
    fn other_regions_are_refused_clearly() {
        assert_eq!("England and Wales".parse::<Region>().unwrap(), EW);
        let err = "scotland".parse::<Region>().unwrap_err();
        assert!(err.to_string().contains("only England and Wales"), "{err}");
    }

    #[test]
    fn uk_dates() {
        assert_eq!(uk_date(d("2026-11-21")), "21 Nov 2026");
        assert_eq!(uk_day(d("2026-11-21")), "Sat 21 Nov 2026");
        assert_eq!(weekday_name(d("2026-11-23").weekday()), "Monday");
    }
}
