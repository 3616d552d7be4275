//! Waiting for review: follow-up appointments past the date the clinic asked for them by, and still not booked, by
//! consultant and by how overdue. A pathway waits for review while it has a `follow_up_due` (the clinic asked for a
//! follow-up and none is booked yet); it is overdue once that date has passed.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::{Consultant, Pathway};
use crate::spreadsheet::{CsvLine, BYTE_ORDER_MARK};

/// How overdue, in days past the due date: (words, first day, last day).
pub const BANDS: [(&str, i64, i64); 4] =
    [("Up to 2 weeks", 1, 14), ("2 to 6 weeks", 15, 42), ("6 to 12 weeks", 43, 84), ("Over 12 weeks", 85, i64::MAX)];

/// One consultant's overdue follow-ups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRow {
    pub consultant_id: String,
    /// The consultant's name (their id when the record is missing).
    pub consultant: String,
    /// How many in each of [`BANDS`].
    pub counts: [usize; 4],
}

impl ReviewRow {
    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }
}

/// The consultants with overdue follow-ups on `as_of`, most overdue first (the longest band, then the total), then
/// by name; and the trust's totals.
pub fn waiting_for_review(
    pathways: &[Pathway],
    consultants: &[Consultant],
    as_of: NaiveDate,
) -> (Vec<ReviewRow>, [usize; 4]) {
    let names: HashMap<&str, &str> = consultants.iter().map(|c| (c.id.as_str(), c.name.as_str())).collect();
    let mut rows: HashMap<&str, ReviewRow> = HashMap::new();
    let mut totals = [0; 4];
    for pathway in pathways {
        let Some(due) = pathway.follow_up_due else { continue };
        let overdue = (as_of - due).num_days();
        let Some(band) = BANDS.iter().position(|(_, first, last)| (*first..=*last).contains(&overdue)) else {
            continue;
        };
        let row = rows.entry(pathway.consultant_id.as_str()).or_insert_with(|| ReviewRow {
            consultant_id: pathway.consultant_id.clone(),
            consultant: names
                .get(pathway.consultant_id.as_str())
                .map_or(pathway.consultant_id.clone(), |n| n.to_string()),
            counts: [0; 4],
        });
        row.counts[band] += 1;
        totals[band] += 1;
    }
    let mut rows: Vec<ReviewRow> = rows.into_values().collect();
    rows.sort_by(|a, b| {
        let longest = |row: &ReviewRow| std::cmp::Reverse(row.counts.iter().rposition(|&n| n > 0));
        (longest(a), std::cmp::Reverse(a.total()), &a.consultant).cmp(&(
            longest(b),
            std::cmp::Reverse(b.total()),
            &b.consultant,
        ))
    });
    (rows, totals)
}

/// The report as a CSV file for Excel: a row per consultant and the trust's total.
pub fn csv(rows: &[ReviewRow], totals: [usize; 4]) -> String {
    let mut out = String::from(BYTE_ORDER_MARK);
    let mut line = CsvLine::new(&mut out);
    line.text("Consultant");
    for (words, _, _) in BANDS {
        line.text(&format!("Overdue {}", words.to_lowercase()));
    }
    line.text("Total");
    line.end();
    let mut write = |name: &str, counts: [usize; 4]| {
        let mut line = CsvLine::new(&mut out);
        line.text(name);
        for count in counts {
            line.number(Some(count as i64));
        }
        line.number(Some(counts.iter().sum::<usize>() as i64));
        line.end();
    };
    for row in rows {
        write(&row.consultant, row.counts);
    }
    write("All consultants", totals);
    out
}

/// "waiting-for-review-2026-12-07.csv".
pub fn csv_file_name(as_of: NaiveDate) -> String {
    format!("waiting-for-review-{as_of}.csv")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Priority, ReferralSource};

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn follow_up(id: &str, consultant: &str, due: Option<&str>) -> Pathway {
        Pathway {
            id: id.into(),
            patient_id: format!("p-{id}"),
            specialty_id: "s".into(),
            consultant_id: consultant.into(),
            priority: Priority::Routine,
            source: ReferralSource::Gp,
            cancer: false,
            events: Vec::new(),
            follow_up_due: due.map(d),
            listed: None,
            validations: Vec::new(),
        }
    }

    #[test]
    fn overdue_follow_ups_are_counted_by_consultant_and_band() {
        let as_of = d("2026-12-07");
        let pathways = [
            follow_up("a", "c1", Some("2026-12-07")), // due today: not overdue
            follow_up("b", "c1", Some("2026-12-06")), // 1 day
            follow_up("c", "c1", Some("2026-11-23")), // 14 days
            follow_up("d", "c1", Some("2026-11-22")), // 15 days
            follow_up("e", "c2", Some("2026-09-13")), // 85 days
            follow_up("f", "c2", None),               // booked or not asked for
            follow_up("g", "c3", Some("2026-12-20")), // not due yet
        ];
        let consultants = [Consultant::new("c1", "Ms Rivers", "s"), Consultant::new("c2", "Mr Okafor", "s")];
        let (rows, totals) = waiting_for_review(&pathways, &consultants, as_of);
        assert_eq!(
            rows,
            [
                ReviewRow { consultant_id: "c2".into(), consultant: "Mr Okafor".into(), counts: [0, 0, 0, 1] },
                ReviewRow { consultant_id: "c1".into(), consultant: "Ms Rivers".into(), counts: [2, 1, 0, 0] },
            ],
            "the longest overdue first"
        );
        assert_eq!(totals, [2, 1, 0, 1]);
        let text = csv(&rows, totals);
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(
            lines[0],
            "Consultant,Overdue up to 2 weeks,Overdue 2 to 6 weeks,Overdue 6 to 12 weeks,Overdue over 12 weeks,Total"
        );
        assert_eq!(lines[2], "Ms Rivers,2,1,0,0,3");
        assert_eq!(lines[3], "All consultants,2,1,0,1,4");
    }
}
