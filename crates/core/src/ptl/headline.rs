//! The headline figures above the PTL: how the (filtered) list stands against the national standards.

use std::fmt;

use chrono::NaiveDate;

use super::facts::{day, CancerFact, RowFacts};
use super::targets::{
    in_force, CancerStandard, NationalTarget, Target, TargetMeasure, CANCER_STANDARDS_SHOWN, LONG_WAIT_WEEKS,
};

/// `count` out of `of`, e.g. pathways within 18 weeks out of all waiting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Share {
    pub count: u32,
    pub of: u32,
}

impl Share {
    /// The percentage, or `None` when there is nothing to measure (`of` is 0).
    pub fn percent(self) -> Option<f64> {
        (self.of > 0).then(|| f64::from(self.count) * 100.0 / f64::from(self.of))
    }

    /// Reaches the target (count / of >= target%), in exact whole-number arithmetic. `None` when `of` is 0.
    pub fn meets(self, target: &Target) -> Option<bool> {
        (self.of > 0).then(|| u64::from(self.count) * 100 >= u64::from(target.percent) * u64::from(self.of))
    }

    /// Stays under a ceiling target (count / of < target%), e.g. 52+ week waits under 1%. `None` when `of` is 0.
    pub fn stays_under(self, ceiling: &Target) -> Option<bool> {
        (self.of > 0).then(|| u64::from(self.count) * 100 < u64::from(ceiling.percent) * u64::from(self.of))
    }
}

/// One decimal place, rounded **down** so a figure never looks as if it meets a target it misses
/// (91.96% shows as "91.9%", not "92.0%"). "–" when there is nothing to measure.
impl fmt::Display for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.of == 0 {
            return f.write_str("–");
        }
        let tenths = u64::from(self.count) * 1000 / u64::from(self.of);
        write!(f, "{}.{}%", tenths / 10, tenths % 10)
    }
}

/// Pathways waiting more than `weeks` weeks (more than 7 x weeks days), as a share of all waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LongWait {
    pub weeks: u32,
    pub share: Share,
}

/// Which cancer clocks the cancer performance counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancerMeasure {
    /// Clocks that ended between `from` and `to` inclusive (how the national statistics count a month):
    /// the share that met the standard. Targets are those in force on `to`.
    EndedBetween { from: NaiveDate, to: NaiveDate },
    /// Every clock on the listed rows, ended or running: the share still within the standard (a running
    /// clock counts as within until its deadline has passed). Targets are those in force on the list's date.
    OnTheList,
}

/// One cancer standard's performance against its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancerPerformance {
    pub standard: CancerStandard,
    pub within: Share,
    /// The trust's target in force for the period (`None` if it has none for then).
    pub target: Option<Target>,
    pub interim_target: Option<Target>,
}

/// The headline figures over a set of PTL rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    pub as_of: NaiveDate,
    /// Rows looked at (the filtered view), waiting or not.
    pub rows: u32,
    /// Rows whose RTT clock is running: the waiting list these figures describe.
    pub waiting: u32,
    /// Waiting 126 days or fewer, out of all waiting.
    pub within_18_weeks: Share,
    /// The standard in force on `as_of` (92%), from the trust's dated targets.
    pub standard: Option<Target>,
    /// The interim target in force on `as_of` (65% in 2025/26), if there is one.
    pub interim_target: Option<Target>,
    /// Over 52, 65, 78 and 104 weeks.
    pub long_waits: [LongWait; 4],
    /// 52+ week waits must stay under this share of the list.
    pub over_52_ceiling: Option<Target>,
    /// 28-day FDS, 62-day, 31-day, in that order.
    pub cancer: [CancerPerformance; 3],
}

impl Headline {
    /// The figures over `rows` (the facts of the rows in view), against the trust's dated `targets`.
    pub(crate) fn compute<'a>(
        as_of: NaiveDate,
        rows: impl IntoIterator<Item = &'a RowFacts>,
        cancer: CancerMeasure,
        targets: &[NationalTarget],
    ) -> Self {
        let ended_between = match cancer {
            CancerMeasure::EndedBetween { from, to } => Some((day(from), day(to))),
            CancerMeasure::OnTheList => None,
        };
        let mut counted_rows = 0u32;
        let mut waiting = 0u32;
        let mut within = 0u32;
        let mut over = [0u32; LONG_WAIT_WEEKS.len()];
        let mut cancer_counts = [Share::default(); 3];
        for row in rows {
            counted_rows += 1;
            if row.running() {
                waiting += 1;
                within += u32::from(row.within_18_weeks());
                for (count, weeks) in over.iter_mut().zip(LONG_WAIT_WEEKS) {
                    *count += u32::from(row.over_weeks(weeks));
                }
            }
            for (share, clock) in cancer_counts.iter_mut().zip(&row.cancer_clocks) {
                if counts_for(clock, ended_between) {
                    share.of += 1;
                    share.count += u32::from(clock.within_standard);
                }
            }
        }
        let targets_on = match cancer {
            CancerMeasure::EndedBetween { to, .. } => to,
            CancerMeasure::OnTheList => as_of,
        };
        let share = |count| Share { count, of: waiting };
        Headline {
            as_of,
            rows: counted_rows,
            waiting,
            within_18_weeks: share(within),
            standard: in_force(targets, TargetMeasure::Rtt18Weeks, as_of),
            interim_target: in_force(targets, TargetMeasure::Rtt18WeeksInterim, as_of),
            long_waits: std::array::from_fn(|i| LongWait { weeks: LONG_WAIT_WEEKS[i], share: share(over[i]) }),
            over_52_ceiling: in_force(targets, TargetMeasure::Over52Weeks, as_of),
            cancer: std::array::from_fn(|i| {
                let standard = CANCER_STANDARDS_SHOWN[i];
                let (measure, interim) = TargetMeasure::of_cancer(standard);
                CancerPerformance {
                    standard,
                    within: cancer_counts[i],
                    target: in_force(targets, measure, targets_on),
                    interim_target: interim.and_then(|interim| in_force(targets, interim, targets_on)),
                }
            }),
        }
    }

    /// The share waiting over `weeks` weeks, for one of 52, 65, 78, 104.
    pub fn over_weeks(&self, weeks: u32) -> Option<Share> {
        self.long_waits.iter().find(|wait| wait.weeks == weeks).map(|wait| wait.share)
    }

    pub fn cancer_performance(&self, standard: CancerStandard) -> &CancerPerformance {
        let index = CANCER_STANDARDS_SHOWN.iter().position(|s| *s == standard).unwrap_or_default();
        &self.cancer[index]
    }
}

/// Is this clock counted: any clock on the list, or only those that ended in the period (as day numbers)?
fn counts_for(clock: &CancerFact, ended_between: Option<(i32, i32)>) -> bool {
    match ended_between {
        _ if !clock.present => false,
        Some((from, to)) => clock.ended_day.is_some_and(|ended| from <= ended && ended <= to),
        None => true,
    }
}
