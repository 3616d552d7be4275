//! The national standards and targets the PTL headline is measured against, in one place.
//!
//! Every figure cites `/work/shared/pathway-rules.md` (§1.8, §1.9 for RTT; §2.1, §2.2 for cancer). When NHS
//! England publishes new planning targets, change them here and nowhere else.

use chrono::NaiveDate;

pub use crate::pathway::cancer::CancerStandard;

/// A percentage a share must reach (or, for a ceiling, stay under), with where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// Whole percent, e.g. 92.
    pub percent: u32,
    /// What the target is, in the words on the screen: "92% standard".
    pub label: &'static str,
    /// The source, for the tooltip and for anyone checking the figure.
    pub source: &'static str,
}

/// RTT: the constitutional operational standard, 92% of incomplete pathways within 18 weeks.
/// pathway-rules.md §1.9 (S1 §1.1; S12), confidence C.
pub const RTT_STANDARD: Target = Target {
    percent: 92,
    label: "92% standard",
    source: "Constitutional standard: 92% of incomplete pathways within 18 weeks (pathway-rules.md §1.9)",
};

/// RTT: the current interim target, 65% within 18 weeks nationally by March 2026 (2025/26 planning guidance).
/// pathway-rules.md §1.9 (S11), confidence P (read from summaries). Replace when the 2026/27 figure is confirmed.
pub const RTT_INTERIM_TARGET: Target = Target {
    percent: 65,
    label: "65% interim target (March 2026)",
    source: "2025/26 planning guidance: 65% within 18 weeks by March 2026 (pathway-rules.md §1.9, S11)",
};

/// RTT: 52+ week waiters under 1% of the waiting list (2025/26 planning guidance; a ceiling, not a floor).
/// pathway-rules.md §1.9 (S11), confidence P.
pub const OVER_52_WEEKS_CEILING: Target = Target {
    percent: 1,
    label: "under 1% of the list",
    source: "2025/26 planning guidance: 52+ week waits under 1% of the list (pathway-rules.md §1.9, S11)",
};

/// Within 18 weeks means 126 days or fewer; the deadline is start + 126 and the breach date start + 127.
/// pathway-rules.md §1.8.
pub const RTT_DEADLINE_DAYS: i64 = 126;

/// Long-wait thresholds shown on the headline: over N weeks means more than 7N days. pathway-rules.md §1.8, §1.9.
pub const LONG_WAIT_WEEKS: [u32; 4] = [52, 65, 78, 104];

/// The day the cancer operational targets step up: "by March 2026" (pathway-rules.md §2.1, S6/S11).
/// Performance for a period ending before this date is compared with the earlier target.
pub const CANCER_TARGETS_STEP_UP: NaiveDate = match NaiveDate::from_ymd_opt(2026, 3, 1) {
    Some(date) => date,
    None => panic!("1 March 2026 is a valid date"),
};

/// The cancer standards in the order the headline shows them: 28-day FDS, 62-day, 31-day.
pub const CANCER_STANDARDS_SHOWN: [CancerStandard; 3] =
    [CancerStandard::FasterDiagnosis, CancerStandard::ReferralToTreatment, CancerStandard::DecisionToTreatment];

/// The operational target for `standard` that applies to performance measured up to `as_of`.
///
/// pathway-rules.md §2.1: FDS 75%, rising to 80% by March 2026; 62-day standard 85% (the interim operational
/// target of 75% by March 2026 is [`cancer_interim_target`]); 31-day 96%.
pub fn cancer_target(standard: CancerStandard, as_of: NaiveDate) -> Target {
    let stepped_up = as_of >= CANCER_TARGETS_STEP_UP;
    match standard {
        CancerStandard::FasterDiagnosis if stepped_up => Target {
            percent: 80,
            label: "80% target (from March 2026)",
            source: "Faster Diagnosis Standard: 80% by March 2026 (pathway-rules.md §2.1, S6)",
        },
        CancerStandard::FasterDiagnosis => Target {
            percent: 75,
            label: "75% target (before March 2026)",
            source: "Faster Diagnosis Standard: 75% (pathway-rules.md §2.1, S6)",
        },
        CancerStandard::ReferralToTreatment => {
            Target { percent: 85, label: "85% standard", source: "62-day standard: 85% (pathway-rules.md §2.1, S6)" }
        }
        CancerStandard::DecisionToTreatment => {
            Target { percent: 96, label: "96% standard", source: "31-day standard: 96% (pathway-rules.md §2.1, S6)" }
        }
    }
}

/// A second, interim figure shown beside the standard, where there is one (62-day: 75% by March 2026).
/// pathway-rules.md §2.1 (S11, confidence P).
pub fn cancer_interim_target(standard: CancerStandard) -> Option<Target> {
    match standard {
        CancerStandard::ReferralToTreatment => Some(Target {
            percent: 75,
            label: "75% interim target (March 2026)",
            source: "2025/26 planning guidance: 62-day 75% by March 2026 (pathway-rules.md §2.1, S11)",
        }),
        CancerStandard::FasterDiagnosis | CancerStandard::DecisionToTreatment => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fds_target_steps_up_from_march_2026() {
        let feb = NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
        let mar = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(cancer_target(CancerStandard::FasterDiagnosis, feb).percent, 75);
        assert_eq!(cancer_target(CancerStandard::FasterDiagnosis, mar).percent, 80);
        assert_eq!(cancer_target(CancerStandard::ReferralToTreatment, feb).percent, 85);
        assert_eq!(cancer_interim_target(CancerStandard::ReferralToTreatment).map(|t| t.percent), Some(75));
        assert_eq!(cancer_interim_target(CancerStandard::FasterDiagnosis), None);
        assert_eq!(cancer_target(CancerStandard::DecisionToTreatment, mar).percent, 96);
    }
}
