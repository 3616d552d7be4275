//! The PTL as a CSV file that opens cleanly in Excel on a trust PC.
//!
//! Written by [`crate::spreadsheet`] (byte-order mark, CRLF, RFC 4180 quoting, formula guard, UK dates), and:
//! - NHS numbers as "943 476 5919": with spaces Excel keeps them as text (as 9434765919 it would show 9.43E+09).
//!
//! Known limit: an all-digit hospital number such as 00123456 still loses its leading zeros in Excel. Wrapping it
//! as ="00123456" would keep them but is itself a formula, which this export refuses to write.

use chrono::NaiveDate;

use crate::nhs_number::format_nhs_number;
use crate::spreadsheet::{CsvLine, BYTE_ORDER_MARK};

use super::clock::PtlCancerClock;
use super::row::PtlRow;

/// The header row, in the users' words.
pub const CSV_COLUMNS: [&str; 26] = [
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
    "Last validated",
    "Validated within 12 weeks",
];

/// The rows, in the order given, as the text of a `.csv` file (starting with the byte-order mark); `as_of` is the
/// list's date.
pub fn ptl_csv<'a>(rows: impl IntoIterator<Item = &'a PtlRow>, as_of: NaiveDate) -> String {
    let mut out = String::from(BYTE_ORDER_MARK);
    let mut line = CsvLine::new(&mut out);
    for column in CSV_COLUMNS {
        line.text(column);
    }
    line.end();
    for row in rows {
        write_row(&mut out, row, as_of);
    }
    out
}

/// "ptl-2026-11-22.csv": the list's date in the name, so exports from different days do not overwrite each other.
pub fn csv_file_name(as_of: NaiveDate) -> String {
    format!("ptl-{as_of}.csv")
}

fn write_row(out: &mut String, row: &PtlRow, as_of: NaiveDate) {
    let mut line = CsvLine::new(out);
    line.text(&row.pathway_id);
    line.text(&row.patient_name);
    line.quoted_text(&format_nhs_number(&row.nhs_number));
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
    line.date(row.validation.last_validated);
    line.text(yes_no(row.validation.validated_within_12_weeks(as_of)));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nhs_numbers_are_spaced_3_3_4_in_quotes() {
        let mut out = String::new();
        let mut line = CsvLine::new(&mut out);
        line.quoted_text(&format_nhs_number("9990000018"));
        line.end();
        assert_eq!(out, "\"999 000 0018\"\r\n");
    }
}
