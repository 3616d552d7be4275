//! Validation of the PTL: for each consultant, the patients on the waiting list whose RTT clock has run 12 weeks or
//! more (the ones national guidance asks to be validated), how many of those were validated in the last 12 weeks,
//! and how many have a validation due now (a milestone passed with no validation since). Worked out from the PTL's
//! rows, so it agrees with the PTL's "Validated in 12 weeks" column and the validation worklist.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::percent;
use crate::ptl::PtlRow;
use crate::spreadsheet::CsvLine;

/// The completed weeks from which a wait is counted.
pub const FROM_WEEKS: i64 = 12;

/// One consultant's waiting list (the consultant is empty for the totals).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationRow {
    pub consultant_id: String,
    pub consultant: String,
    /// Running RTT clocks of 12 weeks or more.
    pub waiting: u32,
    /// Of those, validated in the last 12 weeks.
    pub validated: u32,
    /// Of those, with a validation due now.
    pub due: u32,
}

impl ValidationRow {
    pub fn not_validated(&self) -> u32 {
        self.waiting - self.validated
    }

    /// Validated in the last 12 weeks, as a share of those waiting 12 weeks or more, in per cent.
    pub fn validated_share(&self) -> Option<f64> {
        percent(self.validated, self.waiting)
    }
}

/// Each consultant with a patient waiting 12 weeks or more on `as_of`, the lowest validated share first (then by
/// name), and the totals.
pub fn validation_status(rows: &[PtlRow], as_of: NaiveDate) -> (Vec<ValidationRow>, ValidationRow) {
    let mut by_consultant: HashMap<&str, ValidationRow> = HashMap::new();
    let mut totals = ValidationRow::default();
    for row in rows {
        if !row.rtt.as_ref().is_some_and(|clock| clock.running && clock.weeks_waited >= FROM_WEEKS) {
            continue;
        }
        let entry = by_consultant.entry(row.consultant_id.as_str()).or_insert_with(|| ValidationRow {
            consultant_id: row.consultant_id.clone(),
            consultant: row.consultant_name.clone(),
            ..ValidationRow::default()
        });
        let validated = u32::from(row.validation.validated_within_12_weeks(as_of));
        let due = u32::from(row.validation.due.is_some());
        for counts in [&mut *entry, &mut totals] {
            counts.waiting += 1;
            counts.validated += validated;
            counts.due += due;
        }
    }
    let mut rows: Vec<ValidationRow> = by_consultant.into_values().collect();
    rows.sort_by(|a, b| {
        let share = |row: &ValidationRow| row.validated_share().unwrap_or(100.0);
        share(a).total_cmp(&share(b)).then_with(|| a.consultant.cmp(&b.consultant))
    });
    (rows, totals)
}

/// The column headings, as on screen.
pub const COLUMNS: [&str; 6] = [
    "Consultant",
    "Waiting 12 weeks or more",
    "Validated in the last 12 weeks",
    "Not validated in the last 12 weeks",
    "Validated %",
    "Validation due now",
];

/// The report as a CSV file for Excel: a row per consultant, then the totals.
pub fn csv(rows: &[ValidationRow], totals: &ValidationRow) -> String {
    let mut out = super::csv_headed(&COLUMNS);
    for (name, row) in rows.iter().map(|row| (row.consultant.as_str(), row)).chain([("All consultants", totals)]) {
        let mut line = CsvLine::new(&mut out);
        line.text(name);
        for count in [row.waiting, row.validated, row.not_validated()] {
            line.number(Some(i64::from(count)));
        }
        line.percent(row.validated_share());
        line.number(Some(i64::from(row.due)));
        line.end();
    }
    out
}

/// "ptl-validation-2026-12-08.csv".
pub fn csv_file_name(as_of: NaiveDate) -> String {
    format!("ptl-validation-{as_of}.csv")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::{PathwayValidation, ValidationOutcome};

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn waits_of_twelve_weeks_or_more_counted_validated_or_not_by_consultant() {
        let today = d("2026-12-08");
        let row = |id: &str, referred: &str, consultant: &str, validated_on: Option<&str>| {
            let validations = validated_on
                .map(|on| PathwayValidation {
                    on: d(on),
                    by: "V. Alidator".into(),
                    outcome: ValidationOutcome::ClockCorrect,
                    weeks: Some(((d(on) - d(referred)).num_days() / 7) as u32),
                    removal: None,
                    note: None,
                })
                .into_iter()
                .collect();
            let mut row = crate::ptl::routine_row(id, referred, consultant, validations, today);
            row.consultant_name = consultant.to_uppercase();
            row
        };
        let rows = [
            row("short", "2026-10-01", "c1", None),                    // 10 weeks: not counted
            row("due", "2026-09-01", "c1", None),                      // 14 weeks, never validated: due
            row("fresh", "2026-08-01", "c1", Some("2026-11-20")),      // validated 18 days ago
            row("stale", "2026-01-05", "c2", Some("2026-07-01")),      // validated at 25 weeks, 160 days ago
            row("fresh-long", "2026-01-05", "c2", Some("2026-11-30")), // validated 8 days ago at 47 weeks
        ];
        let (report, totals) = validation_status(&rows, today);
        let summary: Vec<_> = report
            .iter()
            .map(|r| (r.consultant_id.as_str(), r.waiting, r.validated, r.not_validated(), r.due))
            .collect();
        assert_eq!(summary, [("c1", 2, 1, 1, 1), ("c2", 2, 1, 1, 1)], "equal shares: by name");
        assert_eq!((totals.waiting, totals.validated, totals.due), (4, 2, 2));
        assert_eq!(rows[3].validation.due.map(|m| m.weeks()), Some(26), "the 26-week validation is missing");
        let text = csv(&report, &totals);
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines[0], COLUMNS.join(","));
        assert_eq!(lines[3], "All consultants,4,2,2,50.0,2");
    }
}
