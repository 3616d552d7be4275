//! Which pathways the PTL shows. Every filter that is set must hold (they combine with AND); an unset filter
//! lets every row through. Filters about the clock (long waits, breaches, nothing booked) only ever match
//! pathways whose RTT clock is still running: a stopped clock is no longer waiting.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::facts::{day, RowFacts};
use super::search::{SearchIndex, SearchQuery};
use crate::model::Priority;

/// Where a running clock stands against its breach date (start + 127), as of the list's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreachFilter {
    /// Breach date on or before the list's date: already past 18 weeks.
    AlreadyBreached,
    /// Not yet breached, and the breach date is on or before the list's date + 7 x `weeks` days.
    /// "Within 4 weeks" on 22 Nov 2026 = breach date from 23 Nov to 20 Dec 2026. `weeks: 0` matches nothing.
    BreachingWithin { weeks: u32 },
    /// Either of the two above: everyone already breached or about to.
    BreachedOrBreachingWithin { weeks: u32 },
}

/// The cancer PTL's questions (cancer waiting times guidance): who needs chasing now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CancerFocus {
    /// Faster Diagnosis clock still running past day 28: no diagnosis told yet.
    PastDay28WithoutDiagnosis,
    /// 62-day clock still running past day 38: should have been transferred to the treating provider by now.
    PastDay38,
    /// 62-day clock still running past day 62: the standard is missed.
    Over62Days,
    /// 62-day clock still running at 104 days or more: the backstop, each one reviewed for harm.
    Over104Days,
}

impl CancerFocus {
    pub const ALL: [CancerFocus; 4] = [
        CancerFocus::PastDay28WithoutDiagnosis,
        CancerFocus::PastDay38,
        CancerFocus::Over62Days,
        CancerFocus::Over104Days,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CancerFocus::PastDay28WithoutDiagnosis => "Past day 28 without a diagnosis told",
            CancerFocus::PastDay38 => "Past day 38 (inter-provider transfer)",
            CancerFocus::Over62Days => "Over 62 days",
            CancerFocus::Over104Days => "104 days or more (backstop)",
        }
    }

    /// The words a form uses for it.
    pub fn code(self) -> &'static str {
        match self {
            CancerFocus::PastDay28WithoutDiagnosis => "past_28",
            CancerFocus::PastDay38 => "past_38",
            CancerFocus::Over62Days => "over_62",
            CancerFocus::Over104Days => "over_104",
        }
    }

    pub(crate) fn keeps(self, row: &RowFacts) -> bool {
        let [fds, day62, _] = row.cancer_clocks;
        match self {
            CancerFocus::PastDay28WithoutDiagnosis => fds.running_past(28),
            CancerFocus::PastDay38 => day62.running_past(38),
            CancerFocus::Over62Days => day62.running_past(62),
            CancerFocus::Over104Days => day62.running_past(103),
        }
    }
}

/// The PTL's filter bar. `PtlFilter::default()` shows every row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PtlFilter {
    pub consultant_id: Option<String>,
    pub specialty_id: Option<String>,
    pub priority: Option<Priority>,
    /// Only pathways also measured against the cancer standards.
    pub cancer_only: bool,
    /// One of the cancer PTL's questions.
    pub cancer_focus: Option<CancerFocus>,
    /// Only pathways whose RTT clock is running (hides stopped clocks and pathways with none).
    pub waiting_only: bool,
    /// Running clock over 52 weeks: 365 days or more (364 days is not over 52 weeks).
    pub over_52_weeks: bool,
    pub breach: Option<BreachFilter>,
    /// Running clock with nothing booked on or after the list's date.
    pub next_step_not_booked: bool,
    /// Only pathways on the admitted (day-case and inpatient) waiting list.
    pub admitted_only: bool,
    /// Name, NHS number or hospital number; see [`SearchQuery`].
    pub search: SearchQuery,
}

/// A filter made ready to run over one list: ids looked up, the search done once, the date as a day number.
pub(crate) struct ReadyFilter<'a> {
    filter: &'a PtlFilter,
    consultant: Option<u32>,
    specialty: Option<u32>,
    as_of_day: i32,
    search_hits: Option<Vec<bool>>,
}

impl<'a> ReadyFilter<'a> {
    /// `None` when no row can match (a consultant or specialty that has no pathways on the list).
    pub(crate) fn new(
        filter: &'a PtlFilter,
        consultants: &HashMap<String, u32>,
        specialties: &HashMap<String, u32>,
        search: &SearchIndex,
        as_of: NaiveDate,
    ) -> Option<Self> {
        let lookup = |wanted: &Option<String>, known: &HashMap<String, u32>| match wanted {
            None => Some(None),
            Some(id) => known.get(id).map(|&number| Some(number)),
        };
        Some(ReadyFilter {
            filter,
            consultant: lookup(&filter.consultant_id, consultants)?,
            specialty: lookup(&filter.specialty_id, specialties)?,
            as_of_day: day(as_of),
            search_hits: filter.search.matching_rows(search),
        })
    }

    /// Does row `index`, with these facts, pass every filter that is set?
    pub(crate) fn keeps(&self, index: usize, row: &RowFacts) -> bool {
        let filter = self.filter;
        self.consultant.is_none_or(|id| id == row.consultant)
            && self.specialty.is_none_or(|id| id == row.specialty)
            && filter.priority.is_none_or(|priority| priority == row.priority)
            && (!filter.cancer_only || row.cancer)
            && (!filter.admitted_only || row.admitted)
            && filter.cancer_focus.is_none_or(|focus| focus.keeps(row))
            && (!filter.waiting_only || row.running())
            && (!filter.over_52_weeks || row.over_weeks(52))
            && filter.breach.is_none_or(|breach| match breach {
                BreachFilter::AlreadyBreached => row.already_breached(self.as_of_day),
                BreachFilter::BreachingWithin { weeks } => row.breaches_within(self.as_of_day, weeks),
                BreachFilter::BreachedOrBreachingWithin { weeks } => {
                    row.already_breached(self.as_of_day) || row.breaches_within(self.as_of_day, weeks)
                }
            })
            && (!filter.next_step_not_booked || row.next_step_not_booked(self.as_of_day))
            && self.search_hits.as_ref().is_none_or(|hits| hits[index])
    }
}
