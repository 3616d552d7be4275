//! The PTL screen's own logic, apart from the DOM: which rows of a long list are on screen (virtual scrolling),
//! which column the list is sorted by, and the filter form as the core's `PtlFilter`.

use pathdesk_core::model::Priority;
use pathdesk_core::ptl::{BreachFilter, CancerFocus, PtlFilter, PtlSort, SearchQuery};

/// Height of one table row in pixels: fixed, so the rows on screen follow from the scroll position
/// (style/pathways.css sets the same height).
pub const ROW_HEIGHT_PX: f64 = 48.0;
/// Rows drawn above and below the visible ones, so fast scrolling does not show gaps.
pub const OVERSCAN_ROWS: usize = 8;

/// The rows to draw for a scroll position: `first..end` of the list, with empty space above and below
/// standing in for the rows not drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VisibleRows {
    pub first: usize,
    pub end: usize,
    pub space_above_px: f64,
    pub space_below_px: f64,
}

/// The rows of a `total`-row list to draw when the box, `viewport_px` high, is scrolled `scroll_top_px`.
pub fn visible_rows(total: usize, scroll_top_px: f64, viewport_px: f64) -> VisibleRows {
    let top = scroll_top_px.max(0.0);
    let first_seen = (top / ROW_HEIGHT_PX).floor() as usize;
    let seen = (viewport_px.max(ROW_HEIGHT_PX) / ROW_HEIGHT_PX).ceil() as usize + 1;
    let first = first_seen.saturating_sub(OVERSCAN_ROWS).min(total);
    let end = (first_seen + seen + OVERSCAN_ROWS).min(total);
    let first = first.min(end);
    VisibleRows {
        first,
        end,
        space_above_px: first as f64 * ROW_HEIGHT_PX,
        space_below_px: (total - end) as f64 * ROW_HEIGHT_PX,
    }
}

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
    fn only_the_rows_in_view_are_drawn_and_spacers_keep_the_scroll_height() {
        let total = 50_000;
        let top = visible_rows(total, 0.0, 600.0);
        assert_eq!(top.first, 0);
        assert!(top.end < 40, "{top:?}");
        assert_eq!(top.space_above_px, 0.0);
        let deep = visible_rows(total, 1_000.0 * ROW_HEIGHT_PX, 600.0);
        assert_eq!(deep.first, 1_000 - OVERSCAN_ROWS);
        assert!(deep.end > 1_000 + 12);
        let height = deep.space_above_px + (deep.end - deep.first) as f64 * ROW_HEIGHT_PX + deep.space_below_px;
        assert_eq!(height, total as f64 * ROW_HEIGHT_PX, "the list keeps its full height");
        let bottom = visible_rows(total, total as f64 * ROW_HEIGHT_PX, 600.0);
        assert_eq!((bottom.end, bottom.space_below_px), (total, 0.0));
        let few = visible_rows(5, 0.0, 600.0);
        assert_eq!((few.first, few.end), (0, 5));
        assert_eq!(visible_rows(0, 300.0, 600.0).end, 0);
    }

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
