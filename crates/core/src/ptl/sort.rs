//! The orders the PTL can be shown in. Every order is total and deterministic: rows that tie on what the user
//! sorted by are ordered by pathway id, so the list never jumps about between refreshes.
//!
//! Pathways whose RTT clock is running come first in the clock-based orders; stopped clocks follow (by their
//! frozen values) and pathways without an RTT clock come last. Within "priority then breach date" this grouping
//! applies inside each priority.

use super::facts::RowFacts;

/// How the PTL is ordered. The default is the longest wait first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum PtlSort {
    /// Most days waited first (so weeks waited descending).
    #[default]
    LongestWaitFirst,
    /// Fewest days waited first.
    ShortestWaitFirst,
    /// Earliest breach date first: who breaches next.
    BreachDateSoonestFirst,
    /// Latest breach date first.
    BreachDateLatestFirst,
    /// Urgent suspected cancer, then urgent, then routine; within each, earliest breach date first.
    PriorityThenBreachDate,
    /// The earliest next deadline of any running clock (cancer or 18 weeks) first; none last.
    NextDeadlineSoonestFirst,
}

impl PtlSort {
    pub const ALL: [PtlSort; 6] = [
        PtlSort::LongestWaitFirst,
        PtlSort::ShortestWaitFirst,
        PtlSort::BreachDateSoonestFirst,
        PtlSort::BreachDateLatestFirst,
        PtlSort::PriorityThenBreachDate,
        PtlSort::NextDeadlineSoonestFirst,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PtlSort::LongestWaitFirst => "Longest wait first",
            PtlSort::ShortestWaitFirst => "Shortest wait first",
            PtlSort::BreachDateSoonestFirst => "Breach date, soonest first",
            PtlSort::BreachDateLatestFirst => "Breach date, latest first",
            PtlSort::PriorityThenBreachDate => "Priority, then breach date",
            PtlSort::NextDeadlineSoonestFirst => "Next deadline, soonest first",
        }
    }

    /// The row's position key, without the pathway-id tie-break: smaller sorts first. 32 bits, so that with the
    /// row's pathway-id rank it packs into one `u64` and sorting 50,000 rows compares plain integers.
    ///
    /// Layout (high to low bits): [priority: 2][clock group: 2][value: 28]. Values are offset so that negative
    /// day counts (data errors) still sort in order; values beyond ±2^27 days are clamped (never reached).
    pub(crate) fn key(self, row: &RowFacts) -> u32 {
        const OFFSET: i64 = 1 << 27;
        let ascending = |value: i32| -> u32 { (i64::from(value) + OFFSET).clamp(0, 2 * OFFSET - 1) as u32 };
        let descending = |value: i32| -> u32 { (2 * OFFSET - 1) as u32 - ascending(value) };
        let (priority, value) = match self {
            PtlSort::LongestWaitFirst => (0, descending(row.days_waited)),
            PtlSort::ShortestWaitFirst => (0, ascending(row.days_waited)),
            PtlSort::BreachDateSoonestFirst => (0, ascending(row.breach_day)),
            PtlSort::BreachDateLatestFirst => (0, descending(row.breach_day)),
            // Priority is declared most urgent first (USC = 0, urgent = 1, routine = 2).
            PtlSort::PriorityThenBreachDate => (row.priority as u32, ascending(row.breach_day)),
            // Any clock's deadline, so neither the RTT grouping nor priority comes first; none runs: last.
            PtlSort::NextDeadlineSoonestFirst => {
                return if row.next_deadline_day == i32::MAX { u32::MAX } else { ascending(row.next_deadline_day) };
            }
        };
        (priority << 30) | ((row.clock as u32) << 28) | value
    }
}
