//! The PTL as a CSV file that opens cleanly in Excel on a trust PC.
//!
//! - UTF-8 with a byte-order mark, so Excel reads accented names correctly;
//! - CRLF line endings and RFC 4180 quoting (a field with a comma, quote or line break is quoted, quotes doubled);
//! - formula-injection guard: a text cell starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading
//!   `'`, so Excel shows it instead of running it (OWASP "CSV injection");
//! - UK dates, dd/mm/yyyy;
//! - NHS numbers as "943 476 5919": with spaces Excel keeps them as text (as 9434765919 it would show 9.43E+09).
//!
//! Known limit: an all-digit hospital number such as 00123456 still loses its leading zeros in Excel. Wrapping it
//! as ="00123456" would keep them but is itself a formula, which this export refuses to write.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use super::clock::PtlCancerClock;
use super::row::PtlRow;

/// The header row, in the users' words.
pub const CSV_COLUMNS: [&str; 24] = [
    "Pathway ID",
    "Patient name",
    "NHS number",
    "Hospital number",
    "Consultant",
    "Specialty",
    "Priority",
    "Cancer pathway",
    "RTT clock",
    "Clock start",
    "Days waited",
    "Weeks waited",
    "18-week deadline",
    "Breach date",
    "Next booked",
    "FDS days used",
    "FDS deadline",
    "FDS status",
    "62-day days used",
    "62-day deadline",
    "62-day status",
    "31-day days used",
    "31-day deadline",
    "31-day status",
];

/// The rows, in the order given, as the text of a `.csv` file (starting with the byte-order mark).
pub fn ptl_csv<'a>(rows: impl IntoIterator<Item = &'a PtlRow>) -> String {
    let mut out = String::from('\u{feff}');
    let mut line = Line::new(&mut out);
    for column in CSV_COLUMNS {
        line.text(column);
    }
    line.end();
    for row in rows {
        write_row(&mut out, row);
    }
    out
}

/// "ptl-2026-11-22.csv": the list's date in the name, so exports from different days do not overwrite each other.
pub fn csv_file_name(as_of: NaiveDate) -> String {
    format!("ptl-{}.csv", as_of.format("%Y-%m-%d"))
}

fn write_row(out: &mut String, row: &PtlRow) {
    let mut line = Line::new(out);
    line.text(&row.pathway_id);
    line.text(&row.patient_name);
    line.quoted_text(&nhs_number_3_3_4(&row.nhs_number));
    line.text(&row.hospital_number);
    line.text(&row.consultant_name);
    line.text(&row.specialty_name);
    line.text(row.priority.label());
    line.text(yes_no(row.cancer));
    match &row.rtt {
        Some(clock) => {
            line.text(if clock.running { "Running" } else { "Stopped" });
            line.date(Some(clock.start));
            line.number(Some(clock.days_waited));
            line.number(Some(clock.weeks_waited));
            line.date(Some(clock.deadline_18w));
            line.date(Some(clock.breach_date));
        }
        None => {
            line.text("None");
            for _ in 0..5 {
                line.empty();
            }
        }
    }
    line.date(row.next_booked);
    for clock in [row.fds, row.day62, row.day31] {
        line.number(clock.map(|c| c.days_used));
        line.date(clock.map(|c| c.deadline));
        line.text(clock.as_ref().map_or("", cancer_status));
    }
    line.end();
}

fn cancer_status(clock: &PtlCancerClock) -> &'static str {
    match (clock.is_running(), clock.within_standard) {
        (true, true) => "On track",
        (true, false) => "Breached (still open)",
        (false, true) => "Met",
        (false, false) => "Not met",
    }
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "Yes"
    } else {
        "No"
    }
}

/// "9434765919" -> "943 476 5919"; anything that is not ten digits is left as it was.
fn nhs_number_3_3_4(number: &str) -> String {
    let digits: String = number.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() == 10 && digits.bytes().all(|b| b.is_ascii_digit()) {
        format!("{} {} {}", &digits[..3], &digits[3..6], &digits[6..])
    } else {
        number.to_owned()
    }
}

/// Writes one CSV line field by field.
struct Line<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Line<'a> {
    fn new(out: &'a mut String) -> Self {
        Line { out, first: true }
    }

    fn separator(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
    }

    /// Text from people or records: guarded against formulas, quoted when needed.
    fn text(&mut self, value: &str) {
        self.separator();
        let guarded = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
        let needs_quotes = value.contains(['"', ',', '\n', '\r']) || value.starts_with(' ') || value.ends_with(' ');
        self.write(value, guarded, needs_quotes);
    }

    /// Text always in quotes (NHS numbers: makes plain that the spaces belong to the value).
    fn quoted_text(&mut self, value: &str) {
        self.separator();
        let guarded = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
        self.write(value, guarded, true);
    }

    fn write(&mut self, value: &str, guarded: bool, needs_quotes: bool) {
        if needs_quotes {
            self.out.push('"');
        }
        if guarded {
            self.out.push('\'');
        }
        for c in value.chars() {
            if c == '"' {
                self.out.push('"');
            }
            self.out.push(c);
        }
        if needs_quotes {
            self.out.push('"');
        }
    }

    /// A number the PTL worked out: written as a number so Excel can sum and sort it.
    fn number(&mut self, value: Option<i64>) {
        self.separator();
        if let Some(value) = value {
            let _ = write!(self.out, "{value}");
        }
    }

    /// dd/mm/yyyy, or an empty cell.
    fn date(&mut self, value: Option<NaiveDate>) {
        self.separator();
        if let Some(date) = value {
            let _ = write!(self.out, "{:02}/{:02}/{:04}", date.day(), date.month(), date.year());
        }
    }

    fn empty(&mut self) {
        self.separator();
    }

    fn end(self) {
        self.out.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(value: &str) -> String {
        let mut out = String::new();
        Line::new(&mut out).text(value);
        out
    }

    #[test]
    fn fields_are_quoted_only_when_needed_and_quotes_doubled() {
        assert_eq!(field("SMITH, Mary"), "\"SMITH, Mary\"");
        assert_eq!(field("Mr \"Joe\" Bloggs"), "\"Mr \"\"Joe\"\" Bloggs\"");
        assert_eq!(field("line one\nline two"), "\"line one\nline two\"");
        assert_eq!(field("Urology"), "Urology");
        assert_eq!(field(""), "");
    }

    #[test]
    fn formula_like_text_is_defused() {
        assert_eq!(field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(field("+44 20"), "'+44 20");
        assert_eq!(field("-1"), "'-1");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("\tcmd"), "'\tcmd");
        assert_eq!(field("\rcmd"), "\"'\rcmd\"");
        assert_eq!(field("O'Brien = 1"), "O'Brien = 1", "only a leading character triggers the guard");
    }

    #[test]
    fn nhs_numbers_are_spaced_3_3_4() {
        assert_eq!(nhs_number_3_3_4("9990000018"), "999 000 0018");
        assert_eq!(nhs_number_3_3_4("999 000 0018"), "999 000 0018");
        assert_eq!(nhs_number_3_3_4("12345"), "12345");
    }
}
