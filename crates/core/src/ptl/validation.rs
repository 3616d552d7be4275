//! The validation worklist from the PTL's rows: which pathways are due validation (see `crate::validation`), in
//! the order to work them.

use super::PtlRow;
use crate::validation::ValidationMilestone;

/// The validation worklist: the rows of `rows` whose validation is due, optionally of one consultant and one
/// milestone, in the order to work them: the longest milestone first (52, then 26, then 12 weeks), then the longest
/// wait, then the pathway id (so two desks list the same order). Returns indices into `rows`.
pub fn worklist(rows: &[PtlRow], consultant_id: Option<&str>, milestone: Option<ValidationMilestone>) -> Vec<u32> {
    let mut due: Vec<u32> = (0..rows.len() as u32)
        .filter(|&index| {
            let row = &rows[index as usize];
            row.validation.due.is_some()
                && milestone.is_none_or(|wanted| row.validation.due == Some(wanted))
                && consultant_id.is_none_or(|wanted| row.consultant_id == wanted)
        })
        .collect();
    due.sort_by(|&a, &b| {
        let (a, b) = (&rows[a as usize], &rows[b as usize]);
        let days = |row: &PtlRow| row.rtt.as_ref().map_or(0, |clock| clock.days_waited);
        (b.validation.due, days(b)).cmp(&(a.validation.due, days(a))).then_with(|| a.pathway_id.cmp(&b.pathway_id))
    });
    due
}

/// How many rows are due validation at each milestone, longest first (52, 26, 12 weeks).
pub fn due_counts(rows: &[PtlRow]) -> [(ValidationMilestone, usize); 3] {
    let count = |milestone| rows.iter().filter(|row| row.validation.due == Some(milestone)).count();
    [ValidationMilestone::Weeks52, ValidationMilestone::Weeks26, ValidationMilestone::Weeks12].map(|m| (m, count(m)))
}

/// A routine pathway's PTL row for the tests: referred on `referred`, of `consultant`, with its `validations`,
/// as the PTL shows it on `today`.
#[cfg(test)]
pub(crate) fn routine_row(
    id: &str,
    referred: &str,
    consultant: &str,
    validations: Vec<crate::validation::PathwayValidation>,
    today: chrono::NaiveDate,
) -> PtlRow {
    use crate::model::{Pathway, Patient, Priority, ReferralSource};
    use crate::pathway::{PathwayClocks, PathwayEvent};
    let patient = Patient::new("p-1", "9990000018", "H1", "Test", "Pat", "1970-01-01".parse().unwrap());
    let referral: PathwayEvent =
        serde_json::from_str(&format!(r#"{{"date":"{referred}","type":"referral_received","source":"gp"}}"#)).unwrap();
    let pathway = Pathway {
        id: id.into(),
        patient_id: "p-1".into(),
        specialty_id: "s".into(),
        consultant_id: consultant.into(),
        priority: Priority::Routine,
        source: ReferralSource::Gp,
        cancer: false,
        events: vec![referral],
        follow_up_due: None,
        listed: None,
        validations,
    };
    let clocks = PathwayClocks::compute(&pathway.events, false, today);
    let mut row = PtlRow::new(&pathway, &patient).with_clocks(&clocks);
    row.validation = crate::validation::ValidationStanding::of(&pathway.validations, &clocks.rtt);
    row
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_worklist_takes_the_longest_milestone_then_the_longest_wait_and_filters_by_consultant() {
        let today = d("2026-12-07");
        let row = |id: &str, referred: &str, consultant: &str| routine_row(id, referred, consultant, Vec::new(), today);
        let rows = [
            row("twelve-short", "2026-09-01", "c1"), // 97 days
            row("not-due", "2026-10-01", "c1"),      // 67 days
            row("fifty-two", "2025-11-01", "c2"),    // over 52 weeks
            row("twelve-long", "2026-08-01", "c2"),  // 128 days
            row("twenty-six", "2026-05-01", "c1"),   // 220 days
        ];
        let ids = |indices: Vec<u32>| indices.iter().map(|&i| rows[i as usize].pathway_id.as_str()).collect::<Vec<_>>();
        assert_eq!(ids(worklist(&rows, None, None)), ["fifty-two", "twenty-six", "twelve-long", "twelve-short"]);
        assert_eq!(ids(worklist(&rows, Some("c1"), None)), ["twenty-six", "twelve-short"]);
        assert_eq!(ids(worklist(&rows, None, Some(ValidationMilestone::Weeks12))), ["twelve-long", "twelve-short"]);
        assert_eq!(
            due_counts(&rows),
            [(ValidationMilestone::Weeks52, 1), (ValidationMilestone::Weeks26, 1), (ValidationMilestone::Weeks12, 2)]
        );
    }
}
