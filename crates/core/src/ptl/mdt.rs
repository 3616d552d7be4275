//! Who to list for an MDT meeting, from the cancer PTL (see `crate::mdt`).

use chrono::NaiveDate;

use super::PtlRow;

/// How far past a meeting a next deadline may be for the patient to be suggested for it: discussed then, there is
/// still time to act.
pub const SUGGEST_WITHIN_DAYS: i64 = 28;

/// Rows of the PTL to suggest for a meeting of `specialty_id` on `date`: cancer pathways of that service with a
/// running clock whose next deadline is no more than [`SUGGEST_WITHIN_DAYS`] after the meeting, not among
/// `listed` (pathway ids on this or another coming meeting), soonest deadline first. Indices into `rows`.
pub fn mdt_suggestions(rows: &[PtlRow], specialty_id: &str, date: NaiveDate, listed: &[&str]) -> Vec<u32> {
    let mut found: Vec<u32> = (0..rows.len() as u32)
        .filter(|&index| {
            let row = &rows[index as usize];
            row.cancer
                && row.specialty_id == specialty_id
                && !listed.contains(&row.pathway_id.as_str())
                && row.next_deadline.is_some_and(|deadline| (deadline.date - date).num_days() <= SUGGEST_WITHIN_DAYS)
        })
        .collect();
    found.sort_by_key(|&index| {
        let row = &rows[index as usize];
        (row.next_deadline.map(|deadline| deadline.date), row.pathway_id.clone())
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Pathway, Patient, Priority, ReferralSource};
    use crate::pathway::{PathwayClocks, PathwayEvent};

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn fast_track_patients_of_the_site_are_suggested_soonest_deadline_first_unless_listed() {
        let today = d("2026-11-20");
        let patient = Patient::new("p-1", "9990000018", "H1", "Test", "Pat", d("1970-01-01"));
        let row = |id: &str, referred: &str, specialty: &str, cancer: bool| {
            let referral: PathwayEvent = serde_json::from_str(&format!(
                r#"{{"date":"{referred}","type":"referral_received","source":"gp","route":"urgent_suspected_cancer"}}"#
            ))
            .unwrap();
            let pathway = Pathway {
                id: id.into(),
                patient_id: "p-1".into(),
                specialty_id: specialty.into(),
                consultant_id: "c".into(),
                priority: Priority::UrgentSuspectedCancer,
                source: ReferralSource::Gp,
                cancer,
                events: vec![referral],
                follow_up_due: None,
                listed: None,
                validations: Vec::new(),
            };
            PtlRow::new(&pathway, &patient).with_clocks(&PathwayClocks::compute(&pathway.events, cancer, today))
        };
        let rows = [
            row("later", "2026-11-18", "uro", true),  // 28-day deadline 16 Dec
            row("sooner", "2026-11-02", "uro", true), // 30 Nov
            row("listed", "2026-11-01", "uro", true), // listed already
            row("breast", "2026-11-02", "breast", true),
            row("routine", "2026-11-02", "uro", false),
            row("far", "2026-06-01", "uro", true), // 62-day deadline long passed: still suggested, soonest
        ];
        let found: Vec<&str> = mdt_suggestions(&rows, "uro", d("2026-11-26"), &["listed"])
            .into_iter()
            .map(|i| rows[i as usize].pathway_id.as_str())
            .collect();
        assert_eq!(found, ["far", "sooner", "later"]);
        // For a meeting on 1 Oct, a deadline in December is more than 28 days after it: not suggested yet.
        let early: Vec<&str> = mdt_suggestions(&rows, "uro", d("2026-10-01"), &[])
            .into_iter()
            .map(|i| rows[i as usize].pathway_id.as_str())
            .collect();
        assert!(
            early.iter().all(|id| *id != "later"),
            "a deadline more than 28 days after the meeting waits: {early:?}"
        );
    }
}
