//! The numbers the list filters, sorts and counts on, kept apart from the text it displays. A row of facts is
//! a few dozen bytes, so 50,000 of them stay in the processor's cache while the screen re-filters on every
//! keystroke; reaching into the full rows (names, ids: scattered strings) for each comparison would not.
//!
//! The rules here are the same as the ones [`PtlRttClock`] spells out; the list's property test checks the
//! filters built on them against an independent statement of each rule.

use chrono::{Datelike, NaiveDate};

use super::clock::{PtlCancerClock, PtlRttClock};
use super::row::PtlRow;
use super::targets::RTT_DEADLINE_DAYS;
use crate::model::Priority;

/// Where a row's RTT clock stands; also the first thing the clock-based sorts order by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ClockGroup {
    Running = 0,
    Stopped = 1,
    NoClock = 2,
}

/// A cancer clock reduced to what the headline counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CancerFact {
    pub present: bool,
    pub within_standard: bool,
    /// Day number of the end date; `None` while running.
    pub ended_day: Option<i32>,
    /// Days used so far (adjustments taken off), to the end or the list's date.
    pub days_used: i32,
}

impl CancerFact {
    /// Still running with more than `days` used.
    pub fn running_past(&self, days: i32) -> bool {
        self.present && self.ended_day.is_none() && self.days_used > days
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RowFacts {
    /// Index into the list's consultant ids.
    pub consultant: u32,
    pub specialty: u32,
    pub priority: Priority,
    pub cancer: bool,
    pub clock: ClockGroup,
    /// Days waited (to the stop date for a stopped clock); 0 without a clock.
    pub days_waited: i32,
    /// Day number (days from 1 Jan 1 CE) of the breach date; 0 without a clock.
    pub breach_day: i32,
    /// Day number of the next booking; `i32::MIN` when nothing is booked.
    pub next_booked_day: i32,
    /// FDS, 62-day, 31-day (the headline's order).
    pub cancer_clocks: [CancerFact; 3],
    /// Day number of the next deadline of any running clock; `i32::MAX` when none runs.
    pub next_deadline_day: i32,
    pub admitted: bool,
}

/// Day number of a date, for comparing dates as integers.
pub(crate) fn day(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

impl RowFacts {
    pub(crate) fn new(row: &PtlRow, consultant: u32, specialty: u32) -> Self {
        let (clock, days_waited, breach_day) = match &row.rtt {
            Some(PtlRttClock { running, days_waited, breach_date, .. }) => (
                if *running { ClockGroup::Running } else { ClockGroup::Stopped },
                (*days_waited).clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
                day(*breach_date),
            ),
            None => (ClockGroup::NoClock, 0, 0),
        };
        let cancer = |clock: Option<PtlCancerClock>| match clock {
            Some(clock) => CancerFact {
                present: true,
                within_standard: clock.within_standard,
                ended_day: clock.ended_on.map(day),
                days_used: clock.days_used.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
            },
            None => CancerFact { present: false, within_standard: false, ended_day: None, days_used: 0 },
        };
        RowFacts {
            consultant,
            specialty,
            priority: row.priority,
            cancer: row.cancer,
            clock,
            days_waited,
            breach_day,
            next_booked_day: row.next_booked.map_or(i32::MIN, day),
            cancer_clocks: [cancer(row.fds), cancer(row.day62), cancer(row.day31)],
            next_deadline_day: row.next_deadline.map_or(i32::MAX, |deadline| day(deadline.date)),
            admitted: row.admitted,
        }
    }

    pub(crate) fn running(&self) -> bool {
        self.clock == ClockGroup::Running
    }

    /// Waiting 126 days or fewer.
    pub(crate) fn within_18_weeks(&self) -> bool {
        self.running() && i64::from(self.days_waited) <= RTT_DEADLINE_DAYS
    }

    /// Waiting more than 7 x `weeks` days.
    pub(crate) fn over_weeks(&self, weeks: u32) -> bool {
        self.running() && i64::from(self.days_waited) > 7 * i64::from(weeks)
    }

    /// Waiting, with the breach date on or before `as_of_day`.
    pub(crate) fn already_breached(&self, as_of_day: i32) -> bool {
        self.running() && self.breach_day <= as_of_day
    }

    /// Waiting, not yet breached, breach date on or before `as_of_day` + 7 x `weeks`.
    pub(crate) fn breaches_within(&self, as_of_day: i32, weeks: u32) -> bool {
        self.running()
            && self.breach_day > as_of_day
            && i64::from(self.breach_day) <= i64::from(as_of_day) + 7 * i64::from(weeks)
    }

    /// Waiting, with nothing booked on or after `as_of_day`.
    pub(crate) fn next_step_not_booked(&self, as_of_day: i32) -> bool {
        self.running() && self.next_booked_day < as_of_day
    }
}
