//! The PTL screen's own logic, apart from the DOM: which column the list is sorted by, and the filter form as the
//! core's `PtlFilter`.

use pathdesk_core::model::Priority;
use pathdesk_core::ptl::{BreachFilter, CancerFocus, PtlFilter, PtlSort, SearchQuery};

/// The columns the list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    WeeksWaited,
    BreachDate,
}

/// The sort after a click on `column`'s header: the column's natural order first (longest wait, soonest
/// breach), the other way round on a second click.
pub fn sort_after_click(current: PtlSort, column: SortColumn) -> PtlSort {
    match (column, current) {
        (SortColumn::WeeksWaited, PtlSort::LongestWaitFirst) => PtlSort::ShortestWaitFirst,
        (SortColumn::WeeksWaited, _) => PtlSort::LongestWaitFirst,
        (SortColumn::BreachDate, PtlSort::BreachDateSoonestFirst) => PtlSort::BreachDateLatestFirst,
        (SortColumn::BreachDate, _) => PtlSort::BreachDateSoonestFirst,
    }
}

/// The `aria-sort` of `column`'s header under `sort`. Longest wait first is the most days first:
/// "descending"; the soonest breach date first is "ascending".
pub fn aria_sort(sort: PtlSort, column: SortColumn) -> &'static str {
    match (column, sort) {
        (SortColumn::WeeksWaited, PtlSort::LongestWaitFirst) => "descending",
        (SortColumn::WeeksWaited, PtlSort::ShortestWaitFirst) => "ascending",
        (SortColumn::BreachDate, PtlSort::BreachDateSoonestFirst) => "ascending",
        (SortColumn::BreachDate, PtlSort::BreachDateLatestFirst) => "descending",
        _ => "none",
    }
}

/// The filter form as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterForm {
    /// "" for every consultant.
    pub consultant_id: String,
    pub specialty_id: String,
    /// "" or a priority's value (see `Priority::code`).
    pub priority: String,
    pub waiting_only: bool,
    pub over_52_weeks: bool,
    pub breaching_soon: bool,
    /// Weeks for "breaching within", as typed.
    pub breach_weeks: String,
    pub already_breached: bool,
    pub next_step_not_booked: bool,
    pub search: String,
    /// The cancer PTL: cancer pathways only, shown with their 28-, 62- and 31-day clocks.
    pub cancer_only: bool,
    /// "" or a cancer question's code (see `CancerFocus::code`).
    pub cancer_focus: String,
    /// Only the admitted (day-case and inpatient) waiting list.
    pub admitted_only: bool,
}

impl Default for FilterForm {
    fn default() -> Self {
        FilterForm {
            consultant_id: String::new(),
            specialty_id: String::new(),
            priority: String::new(),
            waiting_only: true,
            over_52_weeks: false,
            breaching_soon: false,
            breach_weeks: DEFAULT_BREACH_WEEKS.to_string(),
            already_breached: false,
            next_step_not_booked: false,
            search: String::new(),
            cancer_only: false,
            cancer_focus: String::new(),
            admitted_only: false,
        }
    }
}

/// "Breaching within N weeks" starts at 3 weeks.
pub const DEFAULT_BREACH_WEEKS: u32 = 3;

impl FilterForm {
    /// The weeks for "breaching within": a whole number from 0 to 104, or what to type instead.
    pub fn breach_weeks(&self) -> Result<u32, String> {
        self.breach_weeks
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|weeks| *weeks <= 104)
            .ok_or_else(|| "Breaching within: enter a whole number of weeks from 0 to 104.".to_string())
    }

    /// The core's filter. An unreadable number of weeks falls back to the default (the form says so).
    pub fn to_filter(&self) -> PtlFilter {
        let weeks = self.breach_weeks().unwrap_or(DEFAULT_BREACH_WEEKS);
        let breach = match (self.breaching_soon, self.already_breached) {
            (false, false) => None,
            (true, false) => Some(BreachFilter::BreachingWithin { weeks }),
            (false, true) => Some(BreachFilter::AlreadyBreached),
            (true, true) => Some(BreachFilter::BreachedOrBreachingWithin { weeks }),
        };
        let non_empty = |text: &str| (!text.is_empty()).then(|| text.to_string());
        PtlFilter {
            consultant_id: non_empty(&self.consultant_id),
            specialty_id: non_empty(&self.specialty_id),
            priority: Priority::ALL.into_iter().find(|p| Priority::code(*p) == self.priority),
            cancer_only: self.cancer_only,
            cancer_focus: CancerFocus::ALL.into_iter().find(|f| f.code() == self.cancer_focus),
            // The cancer PTL counts cancer clocks, which run on after an RTT clock stops (and the other way round).
            waiting_only: self.waiting_only && !self.cancer_only,
            over_52_weeks: self.over_52_weeks,
            breach,
            next_step_not_booked: self.next_step_not_booked,
            admitted_only: self.admitted_only,
            search: SearchQuery::new(&self.search),
        }
    }
}

#[cfg(test)]
mod tests {
    use pathdesk_core::model::Priority;
    use pathdesk_core::ptl::{BreachFilter, PtlSort};

    use super::*;

    #[test]
    fn column_headers_sort_and_announce_the_order() {
        let mut sort = PtlSort::LongestWaitFirst;
        assert_eq!(aria_sort(sort, SortColumn::WeeksWaited), "descending");
        assert_eq!(aria_sort(sort, SortColumn::BreachDate), "none");
        sort = sort_after_click(sort, SortColumn::BreachDate);
        assert_eq!(sort, PtlSort::BreachDateSoonestFirst);
        assert_eq!(aria_sort(sort, SortColumn::BreachDate), "ascending");
        assert_eq!(aria_sort(sort, SortColumn::WeeksWaited), "none");
        sort = sort_after_click(sort, SortColumn::BreachDate);
        assert_eq!(aria_sort(sort, SortColumn::BreachDate), "descending");
        assert_eq!(sort_after_click(sort, SortColumn::WeeksWaited), PtlSort::LongestWaitFirst);
        assert_eq!(sort_after_click(PtlSort::LongestWaitFirst, SortColumn::WeeksWaited), PtlSort::ShortestWaitFirst);
    }

    #[test]
    fn the_filter_form_becomes_the_core_filter() {
        let plain = FilterForm::default().to_filter();
        assert!(plain.waiting_only && plain.breach.is_none() && plain.consultant_id.is_none());
        let cancer =
            FilterForm { cancer_only: true, cancer_focus: "over_62".into(), ..FilterForm::default() }.to_filter();
        assert!(cancer.cancer_only && !cancer.waiting_only);
        assert_eq!(cancer.cancer_focus, Some(pathdesk_core::ptl::CancerFocus::Over62Days));
        let form = FilterForm {
            consultant_id: "con-3".into(),
            priority: "urgent".into(),
            breaching_soon: true,
            breach_weeks: "6".into(),
            ..FilterForm::default()
        };
        let filter = form.to_filter();
        assert_eq!(filter.consultant_id.as_deref(), Some("con-3"));
        assert_eq!(filter.priority, Some(Priority::Urgent));
        assert_eq!(filter.breach, Some(BreachFilter::BreachingWithin { weeks: 6 }));
        let both = FilterForm { already_breached: true, ..form.clone() }.to_filter();
        assert_eq!(both.breach, Some(BreachFilter::BreachedOrBreachingWithin { weeks: 6 }));
        let only_breached = FilterForm { already_breached: true, ..FilterForm::default() }.to_filter();
        assert_eq!(only_breached.breach, Some(BreachFilter::AlreadyBreached));
        let typo = FilterForm { breach_weeks: "six".into(), ..form };
        assert!(typo.breach_weeks().is_err());
        assert_eq!(typo.to_filter().breach, Some(BreachFilter::BreachingWithin { weeks: 3 }), "falls back to 3 weeks");
    }
}
