//! Words and numbers as the desk shows them: UK dates, NHS numbers in 3-3-4.

use chrono::NaiveDate;

/// "21 Nov 2026".
pub fn uk_date(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

/// "Sat 21 Nov 2026".
pub fn uk_day(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

/// An NHS number as people read it: "943 476 5919". Anything that is not ten digits is shown as it is.
pub fn nhs_number(number: &str) -> String {
    let digits: String = number.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() == 10 && digits.chars().all(|c| c.is_ascii_digit()) {
        format!("{} {} {}", &digits[0..3], &digits[3..6], &digits[6..10])
    } else {
        number.to_string()
    }
}

/// "1 change" / "3 changes".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
