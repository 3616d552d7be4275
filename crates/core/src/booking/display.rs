//! Dates and times as booking staff read them on screen: "21 Nov 2026", "09:30".

use chrono::{NaiveDate, NaiveTime};

/// "21 Nov 2026".
pub(crate) fn uk_date(date: NaiveDate) -> String {
    crate::calendar::uk_date(date)
}

/// "09:30".
pub(crate) fn clock(time: NaiveTime) -> String {
    crate::calendar::hhmm(time)
}

/// "1 day", "3 days".
pub(crate) fn days(count: i64) -> String {
    if count == 1 || count == -1 {
        format!("{count} day")
    } else {
        format!("{count} days")
    }
}

/// "1 day's notice", "21 days' notice".
pub(crate) fn notice(count: i64) -> String {
    if count == 1 || count == -1 {
        format!("{count} day's notice")
    } else {
        format!("{count} days' notice")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_shown_the_uk_way() {
        assert_eq!(uk_date(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()), "1 Nov 2026");
        assert_eq!(clock(NaiveTime::from_hms_opt(9, 5, 0).unwrap()), "09:05");
        assert_eq!(days(1), "1 day");
        assert_eq!(days(21), "21 days");
        assert_eq!(notice(1), "1 day's notice");
        assert_eq!(notice(20), "20 days' notice");
    }
}
