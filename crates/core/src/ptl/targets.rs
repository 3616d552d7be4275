//! The national standards and targets the PTL headline is measured against.
//!
//! Each target is dated: it applies to performance measured on or after its `from` date, until a later target for
//! the same measure starts. The trust keeps the list in its settings (Settings → Trust settings), so when NHS
//! England publishes new planning targets a team lead adds a row; nobody waits for a new release. The defaults cite
//! `/work/shared/pathway-rules.md` (§1.8, §1.9 for RTT; §2.1 for cancer).

use crate::from_map::from_map;
use crate::from_map::words;
use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::uk_date;
pub use crate::pathway::cancer::CancerStandard;

/// What a target measures. The interim targets sit beside a standard (both are shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetMeasure {
    /// RTT: incomplete pathways within 18 weeks, the constitutional standard.
    Rtt18Weeks,
    /// RTT: within 18 weeks, the current planning (interim) target.
    Rtt18WeeksInterim,
    /// RTT: 52+ week waits as a share of the list; a ceiling, to stay under.
    Over52Weeks,
    /// Cancer: 28-day Faster Diagnosis Standard.
    FasterDiagnosis,
    /// Cancer: 62-day referral to first treatment, the standard.
    Cancer62Day,
    /// Cancer: 62-day, the current planning (interim) target.
    Cancer62DayInterim,
    /// Cancer: 31-day decision to treat to treatment.
    Cancer31Day,
}

words!(TargetMeasure { Rtt18Weeks = "rtt_18_weeks", Rtt18WeeksInterim = "rtt_18_weeks_interim", Over52Weeks = "over_52_weeks", FasterDiagnosis = "faster_diagnosis", Cancer62Day = "cancer_62_day", Cancer62DayInterim = "cancer_62_day_interim", Cancer31Day = "cancer_31_day" });

impl TargetMeasure {
    /// In the order Settings lists them.
    pub const ALL: [TargetMeasure; 7] = [
        TargetMeasure::Rtt18Weeks,
        TargetMeasure::Rtt18WeeksInterim,
        TargetMeasure::Over52Weeks,
        TargetMeasure::FasterDiagnosis,
        TargetMeasure::Cancer62Day,
        TargetMeasure::Cancer62DayInterim,
        TargetMeasure::Cancer31Day,
    ];

    /// The measure in the words of the Settings table.
    pub fn label(self) -> &'static str {
        match self {
            TargetMeasure::Rtt18Weeks => "RTT within 18 weeks: standard",
            TargetMeasure::Rtt18WeeksInterim => "RTT within 18 weeks: interim target",
            TargetMeasure::Over52Weeks => "RTT over 52 weeks: ceiling (share of the list)",
            TargetMeasure::FasterDiagnosis => "28-day faster diagnosis",
            TargetMeasure::Cancer62Day => "62-day referral to treatment: standard",
            TargetMeasure::Cancer62DayInterim => "62-day referral to treatment: interim target",
            TargetMeasure::Cancer31Day => "31-day decision to treatment",
        }
    }

    /// What the figure is compared with, after its percentage: "92% standard", "65% interim target".
    fn kind(self) -> &'static str {
        match self {
            TargetMeasure::Rtt18Weeks | TargetMeasure::Cancer62Day | TargetMeasure::Cancer31Day => "standard",
            TargetMeasure::Rtt18WeeksInterim | TargetMeasure::Cancer62DayInterim => "interim target",
            TargetMeasure::FasterDiagnosis => "target",
            TargetMeasure::Over52Weeks => "ceiling",
        }
    }

    /// Measures the headline always compares against: the trust's list must keep one of each.
    fn required(self) -> bool {
        !matches!(self, TargetMeasure::Rtt18WeeksInterim | TargetMeasure::Cancer62DayInterim)
    }

    /// The cancer standard's own target and its interim one, if any.
    pub fn of_cancer(standard: CancerStandard) -> (TargetMeasure, Option<TargetMeasure>) {
        match standard {
            CancerStandard::FasterDiagnosis => (TargetMeasure::FasterDiagnosis, None),
            CancerStandard::ReferralToTreatment => {
                (TargetMeasure::Cancer62Day, Some(TargetMeasure::Cancer62DayInterim))
            }
            CancerStandard::DecisionToTreatment => (TargetMeasure::Cancer31Day, None),
        }
    }
}

/// One dated national target, as the trust keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NationalTarget {
    pub measure: TargetMeasure,
    /// Whole percent, e.g. 92.
    pub percent: u32,
    /// The first day it applies to.
    pub from: NaiveDate,
    /// Where it comes from, for anyone checking the figure: "2025/26 planning guidance".
    pub source: String,
}

from_map!(NationalTarget { measure, percent, from, source });

/// A target in force on a date, in the words on the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Whole percent, e.g. 92.
    pub percent: u32,
    /// What the figure is measured against: "92% standard (from 1 Jun 2015)".
    pub label: String,
    /// The source, for the tooltip and for anyone checking the figure.
    pub source: String,
}

impl NationalTarget {
    fn new(measure: TargetMeasure, percent: u32, from: NaiveDate, source: &str) -> Self {
        NationalTarget { measure, percent, from, source: source.to_string() }
    }

    fn shown(&self) -> Target {
        let label = match self.measure {
            TargetMeasure::Over52Weeks => format!("under {}% of the list (from {})", self.percent, uk_date(self.from)),
            measure => format!("{}% {} (from {})", self.percent, measure.kind(), uk_date(self.from)),
        };
        Target { percent: self.percent, label, source: self.source.clone() }
    }
}

/// The target for `measure` in force on `on`: the one with the latest `from` on or before it. `None` when none
/// had started by then.
pub fn in_force(targets: &[NationalTarget], measure: TargetMeasure, on: NaiveDate) -> Option<Target> {
    targets.iter().filter(|t| t.measure == measure && t.from <= on).max_by_key(|t| t.from).map(NationalTarget::shown)
}

/// Why a trust's list of targets cannot be saved; the message says what to do.
pub fn check(targets: &[NationalTarget]) -> Result<(), String> {
    for target in targets {
        if target.percent == 0 || target.percent > 100 {
            return Err(format!(
                "{} from {}: {}% is not a target. Enter a whole percentage from 1 to 100.",
                target.measure.label(),
                uk_date(target.from),
                target.percent
            ));
        }
        let twins = targets.iter().filter(|t| t.measure == target.measure && t.from == target.from).count();
        if twins > 1 {
            return Err(format!(
                "{} has two targets from {}. Keep one, or give the newer one its own start date.",
                target.measure.label(),
                uk_date(target.from)
            ));
        }
    }
    if let Some(missing) =
        TargetMeasure::ALL.into_iter().find(|m| m.required() && targets.iter().all(|t| t.measure != *m))
    {
        return Err(format!(
            "The headline needs a target for {}. Add one (the national figure is in pathway-rules.md).",
            missing.label()
        ));
    }
    Ok(())
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid default date")
}

/// The national targets as published when this release was made. The dates are when each applies from:
/// - RTT 92% within 18 weeks, the sole RTT standard since June 2015 (§1.9, S1 §1.1, S12).
/// - RTT 65% within 18 weeks and 52+ week waits under 1% of the list: 2025/26 planning guidance, for the year from
///   April 2025 to March 2026 (§1.9, S11).
/// - Cancer: the three standards as consolidated in October 2023 (FDS 75%, 62-day 85%, 31-day 96%; §2.1, S6);
///   FDS rising to 80% by March 2026 (S6) and 62-day 75% by March 2026 (2025/26 planning guidance, S11).
pub fn national_defaults() -> Vec<NationalTarget> {
    use TargetMeasure::*;
    vec![
        NationalTarget::new(Rtt18Weeks, 92, date(2015, 6, 1), "Constitutional standard (pathway-rules.md §1.9)"),
        NationalTarget::new(Rtt18WeeksInterim, 65, date(2025, 4, 1), "2025/26 planning guidance (§1.9, S11)"),
        NationalTarget::new(Over52Weeks, 1, date(2025, 4, 1), "2025/26 planning guidance (§1.9, S11)"),
        NationalTarget::new(FasterDiagnosis, 75, date(2023, 10, 1), "Faster Diagnosis Standard (§2.1, S6)"),
        NationalTarget::new(
            FasterDiagnosis,
            80,
            date(2026, 3, 1),
            "Faster Diagnosis Standard: 80% by March 2026 (§2.1, S6)",
        ),
        NationalTarget::new(Cancer62Day, 85, date(2023, 10, 1), "62-day standard (§2.1, S6)"),
        NationalTarget::new(Cancer62DayInterim, 75, date(2025, 4, 1), "2025/26 planning guidance (§2.1, S11)"),
        NationalTarget::new(Cancer31Day, 96, date(2023, 10, 1), "31-day standard (§2.1, S6)"),
    ]
}

/// Within 18 weeks means 126 days or fewer; the deadline is start + 126 and the breach date start + 127.
/// pathway-rules.md §1.8.
pub const RTT_DEADLINE_DAYS: i64 = 126;

/// Long-wait thresholds shown on the headline: over N weeks means more than 7N days. pathway-rules.md §1.8, §1.9.
pub const LONG_WAIT_WEEKS: [u32; 4] = [52, 65, 78, 104];

/// The cancer standards in the order the headline shows them: 28-day FDS, 62-day, 31-day.
pub const CANCER_STANDARDS_SHOWN: [CancerStandard; 3] =
    [CancerStandard::FasterDiagnosis, CancerStandard::ReferralToTreatment, CancerStandard::DecisionToTreatment];

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_target_in_force_is_the_latest_started_and_says_which_it_is() {
        let targets = national_defaults();
        let fds = |on| in_force(&targets, TargetMeasure::FasterDiagnosis, d(on)).map(|t| t.percent);
        assert_eq!(fds("2026-02-28"), Some(75));
        assert_eq!(fds("2026-03-01"), Some(80));
        assert_eq!(fds("2023-09-30"), None, "no FDS target before the standards of October 2023");
        let rtt = in_force(&targets, TargetMeasure::Rtt18Weeks, d("2026-12-07")).unwrap();
        assert_eq!(rtt.label, "92% standard (from 1 Jun 2015)");
        let interim = in_force(&targets, TargetMeasure::Rtt18WeeksInterim, d("2026-12-07")).unwrap();
        assert_eq!(interim.label, "65% interim target (from 1 Apr 2025)");
        let ceiling = in_force(&targets, TargetMeasure::Over52Weeks, d("2026-12-07")).unwrap();
        assert_eq!(ceiling.label, "under 1% of the list (from 1 Apr 2025)");
        assert_eq!(in_force(&targets, TargetMeasure::Cancer31Day, d("2026-12-07")).map(|t| t.percent), Some(96));
    }

    #[test]
    fn a_new_year_s_target_takes_over_on_its_date() {
        let mut targets = national_defaults();
        targets.push(NationalTarget::new(TargetMeasure::Rtt18WeeksInterim, 70, d("2026-04-01"), "2026/27 guidance"));
        let on = |date| in_force(&targets, TargetMeasure::Rtt18WeeksInterim, d(date)).unwrap().percent;
        assert_eq!((on("2026-03-31"), on("2026-04-01")), (65, 70));
        assert_eq!(check(&targets), Ok(()));
    }

    #[test]
    fn a_list_the_headline_cannot_use_is_refused_with_what_to_do() {
        assert_eq!(check(&national_defaults()), Ok(()));
        let mut zero = national_defaults();
        zero[0].percent = 0;
        assert!(check(&zero).unwrap_err().contains("Enter a whole percentage from 1 to 100"));
        let mut twice = national_defaults();
        twice.push(twice[0].clone());
        assert!(check(&twice).unwrap_err().contains("two targets from 1 Jun 2015"));
        let without_31 =
            national_defaults().into_iter().filter(|t| t.measure != TargetMeasure::Cancer31Day).collect::<Vec<_>>();
        assert!(check(&without_31).unwrap_err().contains("needs a target for 31-day decision to treatment"));
        let without_interim = national_defaults()
            .into_iter()
            .filter(|t| t.measure != TargetMeasure::Rtt18WeeksInterim)
            .collect::<Vec<_>>();
        assert_eq!(check(&without_interim), Ok(()), "an interim target is optional");
    }
}
