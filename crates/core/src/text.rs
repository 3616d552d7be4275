//! What people type and read, in one place: counts in words ("1 change", "3 changes") and typed times.

use chrono::NaiveTime;

/// "1 change" / "3 changes".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// 12345 -> "12,345".
pub fn thousands(value: impl Into<u64>) -> String {
    let digits = value.into().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A typed 24-hour time ("09:30", "9:30", "1400"), or the problem naming `what` ("clinic start time") and how to
/// type it, added to `problems` (see [`crate::calendar::read_typed_time`]).
pub fn typed_time(text: &str, what: &str, problems: &mut Vec<String>) -> Option<NaiveTime> {
    let mut named = what.chars();
    let what: String = named.next().map(|first| first.to_uppercase().chain(named).collect()).unwrap_or_default();
    crate::calendar::read_typed_time(text, &what).map_err(|problem| problems.push(problem)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_numbers_are_grouped_in_thousands() {
        assert_eq!(thousands(1_234_567u32), "1,234,567");
        assert_eq!(thousands(999u32), "999");
        assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn counts_say_one_or_many() {
        assert_eq!(count(1, "change", "changes"), "1 change");
        assert_eq!(count(0, "change", "changes"), "0 changes");
        assert_eq!(count(12, "week", "weeks"), "12 weeks");
    }

    #[test]
    fn a_typed_time_is_hours_and_minutes_or_a_problem_that_says_how() {
        let mut problems = Vec::new();
        assert_eq!(typed_time(" 09:30 ", "start", &mut problems), NaiveTime::from_hms_opt(9, 30, 0));
        assert!(problems.is_empty());
        assert_eq!(typed_time("9.30am", "start", &mut problems), None);
        assert_eq!(problems, vec!["Start must be a time on the 24-hour clock, like 09:30 or 14:00"]);
        assert_eq!(typed_time("25:00", "end", &mut problems), None);
        assert_eq!(problems.len(), 2);
    }
}
