//! The clocks of one pathway on a census date, for the app's pathway screen and the PTL (patient tracking list).
//! Built to evaluate a whole waiting list in the browser: one pass over the events, no allocation.

use chrono::NaiveDate;

use super::cancer::{CancerClock, CancerFacts};
use super::event::PathwayEvent;
use super::rtt::{RttNotes, RttPeriod, RttStatus, RttTracker};
use super::wait::RttWait;

/// Where the RTT clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RttClockState {
    /// No clock yet (e-Referral not booked, self-referral not ratified, or no referral).
    NotStarted,
    Running,
    Stopped,
    /// The latest period was nullified by a first-appointment DNA and no new clock has started.
    Nullified,
}

/// The current RTT clock of a pathway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RttClock {
    pub state: RttClockState,
    /// The latest period that counts (running or stopped); never a nullified one.
    pub current: Option<RttPeriod>,
    /// The wait of `current`: to its stop, or to the census date.
    pub wait: Option<RttWait>,
    /// The latest period when it was nullified (shown, never measured).
    pub nullified: Option<RttPeriod>,
    pub notes: RttNotes,
}

impl RttClock {
    /// Evaluates the RTT clock of `events` (in date order) on `as_of`.
    pub fn compute(events: &[PathwayEvent], as_of: NaiveDate) -> Self {
        let mut tracker = RttTracker::new();
        for event in events {
            tracker.apply(event);
        }
        Self::from_tracker(&tracker, as_of)
    }

    pub fn from_tracker(tracker: &RttTracker, as_of: NaiveDate) -> Self {
        let latest = tracker.current().copied();
        let (state, current, nullified) = match latest {
            None => (RttClockState::NotStarted, None, None),
            Some(p) if p.nullified => (RttClockState::Nullified, None, Some(p)),
            Some(p) if p.is_running() => (RttClockState::Running, Some(p), None),
            Some(p) => (RttClockState::Stopped, Some(p), None),
        };
        RttClock { state, current, wait: current.map(|p| p.wait(as_of)), nullified, notes: tracker.notes() }
    }

    pub fn running(&self) -> bool {
        self.state == RttClockState::Running
    }

    pub fn start(&self) -> Option<NaiveDate> {
        self.current.map(|p| p.start)
    }

    pub fn stopped_on(&self) -> Option<NaiveDate> {
        self.current.and_then(|p| p.stop).map(|s| s.date)
    }

    /// Days waited (to the stop, or to the census date).
    pub fn days(&self) -> Option<i64> {
        self.wait.map(|w| w.days)
    }

    /// Completed weeks waited.
    pub fn weeks(&self) -> Option<i64> {
        self.wait.map(|w| w.completed_weeks())
    }

    /// Last day within 18 weeks (start + 126).
    pub fn deadline_18w(&self) -> Option<NaiveDate> {
        self.wait.map(|w| w.deadline_18w())
    }

    /// First day of breach (start + 127).
    pub fn breach_date(&self) -> Option<NaiveDate> {
        self.wait.map(|w| w.breach_date())
    }

    pub fn within_18_weeks(&self) -> Option<bool> {
        self.wait.map(|w| w.within_18_weeks())
    }

    /// Over N weeks (more than 7N days): use 52, 65, 78 or 104.
    pub fn over_weeks(&self, weeks: i64) -> bool {
        self.wait.is_some_and(|w| w.over_weeks(weeks))
    }

    /// The status code that describes the clock now: the stop status, 20 while waiting after a first activity,
    /// the first-activity status (10/11/12) before that.
    pub fn status(&self) -> Option<RttStatus> {
        match (self.state, self.current, self.nullified) {
            (RttClockState::Stopped, Some(p), _) => p.stop.map(|s| s.status),
            (RttClockState::Running, Some(p), _) => Some(match p.first_activity {
                Some(_) => RttStatus::SubsequentActivity,
                None => RttStatus::NotYetKnown,
            }),
            (RttClockState::Nullified, _, Some(_)) => Some(RttStatus::DidNotAttendFirstActivity),
            _ => None,
        }
    }
}

/// Every clock of one pathway on a census date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathwayClocks {
    pub rtt: RttClock,
    /// 28-day faster diagnosis (cancer pathways on an urgent route).
    pub faster_diagnosis: Option<CancerClock>,
    /// 31-day decision to treat (or ECAD) to treatment: the latest treatment.
    pub decision_to_treatment: Option<CancerClock>,
    /// 62-day referral (or consultant upgrade) to first definitive treatment.
    pub referral_to_treatment: Option<CancerClock>,
}

impl PathwayClocks {
    /// Evaluates all clocks of `events` (in date order) on `as_of`; the cancer standards only when `cancer`.
    pub fn compute(events: &[PathwayEvent], cancer: bool, as_of: NaiveDate) -> Self {
        let mut tracker = RttTracker::new();
        let mut facts = CancerFacts::default();
        for event in events {
            tracker.apply(event);
            if cancer {
                facts.apply(event);
            }
        }
        let rtt = RttClock::from_tracker(&tracker, as_of);
        if !cancer {
            return PathwayClocks {
                rtt,
                faster_diagnosis: None,
                decision_to_treatment: None,
                referral_to_treatment: None,
            };
        }
        PathwayClocks {
            rtt,
            faster_diagnosis: facts.faster_diagnosis(as_of).ok(),
            decision_to_treatment: facts.decision_to_treatment(as_of).ok(),
            referral_to_treatment: facts.referral_to_treatment(as_of).ok(),
        }
    }

    /// The cancer clocks that apply, in the order 28, 31, 62.
    pub fn cancer_clocks(&self) -> impl Iterator<Item = &CancerClock> {
        [&self.faster_diagnosis, &self.decision_to_treatment, &self.referral_to_treatment].into_iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn events(json: serde_json::Value) -> Vec<PathwayEvent> {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn cancer_clocks_only_on_cancer_pathways() {
        let log = events(serde_json::json!([
            {"date": "2025-02-03", "type": "referral_received", "route": "urgent_suspected_cancer"},
            {"date": "2025-02-12", "type": "first_seen"},
            {"date": "2025-02-20", "type": "decision_to_treat"},
        ]));
        let plain = PathwayClocks::compute(&log, false, d("2025-03-03"));
        assert_eq!(plain.cancer_clocks().count(), 0);
        let cancer = PathwayClocks::compute(&log, true, d("2025-03-03"));
        let fds = cancer.faster_diagnosis.unwrap();
        assert_eq!((fds.end, fds.days, fds.within_standard), (Some(d("2025-02-20")), 17, true));
        let day31 = cancer.decision_to_treatment.unwrap();
        assert!(!day31.ended() && day31.days == 11 && day31.deadline == d("2025-03-23"));
        let day62 = cancer.referral_to_treatment.unwrap();
        assert_eq!((day62.days, day62.deadline, day62.breach_date()), (28, d("2025-04-06"), d("2025-04-07")));
        assert_eq!(cancer.rtt.status(), Some(RttStatus::SubsequentActivity));
        assert_eq!((cancer.rtt.days(), cancer.rtt.weeks()), (Some(28), Some(4)));
    }

    #[test]
    fn nullified_clock_is_shown_but_not_measured() {
        let log = events(serde_json::json!([
            {"date": "2025-03-03", "type": "referral_received", "source": "gp"},
            {"date": "2025-04-07", "type": "appointment_dna", "first": true, "clearly_communicated": true},
        ]));
        let clocks = PathwayClocks::compute(&log, false, d("2025-05-01"));
        assert_eq!(clocks.rtt.state, RttClockState::Nullified);
        assert!(clocks.rtt.current.is_none() && clocks.rtt.days().is_none() && !clocks.rtt.over_weeks(0));
        assert_eq!(clocks.rtt.nullified.map(|p| p.start), Some(d("2025-03-03")));
        assert_eq!(clocks.rtt.status(), Some(RttStatus::DidNotAttendFirstActivity));
    }

    #[test]
    fn no_referral_yet_means_no_clock() {
        let log = events(serde_json::json!([{"date": "2025-03-03", "type": "ers_referral_created"}]));
        let clocks = PathwayClocks::compute(&log, false, d("2025-05-01"));
        assert_eq!(clocks.rtt.state, RttClockState::NotStarted);
        assert!(clocks.rtt.notes.contains(crate::pathway::rtt::RttNote::WaitingForErsBooking));
    }
}
