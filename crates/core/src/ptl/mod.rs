//! The patient tracking list (PTL): every waiting pathway with its clocks, for booking co-ordinators and
//! medical secretaries to work through each day. Filter it, sort it, see the headline figures against the
//! national standards, chart the weeks waited and export it to Excel.
//!
//! The list is built once ([`Ptl::new`]) from flat [`PtlRow`]s worked out as of one date. Filtering and sorting
//! then work on row indices (`Vec<u32>`) into that list: rows are never cloned, and nothing is allocated per row,
//! so the screen can re-filter 50,000 rows on every keystroke.
//!
//! ```
//! use chrono::NaiveDate;
//! use pathdesk_core::ptl::{Ptl, PtlFilter, PtlSort};
//! let as_of = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
//! let ptl = Ptl::new(as_of, Vec::new()).unwrap();
//! let shown = ptl.view(&PtlFilter { over_52_weeks: true, ..PtlFilter::default() }, PtlSort::LongestWaitFirst);
//! assert!(shown.is_empty());
//! ```

mod build;
mod clock;
mod csv;
mod distribution;
mod facts;
mod filter;
mod headline;
mod mdt;
mod row;
mod search;
mod sort;
mod svg;
pub mod targets;
mod validation;

use chrono::NaiveDate;

pub use build::{build_rows, build_rows_with, PtlSources};
pub use clock::{PtlCancerClock, PtlRttClock};
pub use csv::{csv_file_name, ptl_csv, CSV_COLUMNS};
pub use distribution::{Distribution, DistributionBand, DistributionError, WeekBands};
pub use filter::{BreachFilter, CancerFocus, PtlFilter};

pub use headline::{CancerMeasure, CancerPerformance, Headline, LongWait, Share};
pub use mdt::{mdt_suggestions, SUGGEST_WITHIN_DAYS};
pub use row::{next_booked_by_pathway, PtlRow};
pub use search::SearchQuery;
pub use sort::PtlSort;
pub use svg::distribution_svg;
pub use targets::{CancerStandard, NationalTarget, Target, TargetMeasure};
#[cfg(test)]
pub(crate) use validation::routine_row;
pub use validation::{due_counts as validation_due_counts, worklist as validation_worklist};

use facts::RowFacts;
use filter::ReadyFilter;
use search::SearchIndex;
use std::collections::HashMap;

/// Why a list could not be built. The message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PtlError {
    #[error(
        "pathway {pathway_id}: its RTT clock was counted to {counted_to} but the list is as of {as_of}; \
         work out every row's clocks as of the list's date and build the list again"
    )]
    RowsFromAnotherDay { pathway_id: String, counted_to: NaiveDate, as_of: NaiveDate },
    #[error("the list has {rows} rows, more than the {max} it can hold; split it by specialty")]
    TooManyRows { rows: usize, max: usize },
}

/// The most rows a list holds: sort keys pack a row's position in 32 bits.
const MAX_ROWS: usize = u32::MAX as usize;

/// The patient tracking list as of one date: rows plus what was worked out once to filter and sort them fast.
#[derive(Debug, Clone)]
pub struct Ptl {
    as_of: NaiveDate,
    rows: Vec<PtlRow>,
    /// The numbers filters, sorts and counts read, one per row (see `facts`).
    facts: Vec<RowFacts>,
    search: SearchIndex,
    /// Consultant and specialty ids, numbered in order of first appearance.
    consultants: HashMap<String, u32>,
    specialties: HashMap<String, u32>,
    /// Row indices in pathway-id order (ties by position); `id_rank` is its inverse. The tie-break of every sort.
    by_id: Vec<u32>,
    id_rank: Vec<u32>,
}

impl Ptl {
    /// Builds the list. Every running RTT clock must have been counted to `as_of`.
    pub fn new(as_of: NaiveDate, rows: Vec<PtlRow>) -> Result<Self, PtlError> {
        // Rows are addressed by u32 index; on wasm32 every Vec length fits, so this only guards 64-bit builds.
        if u32::try_from(rows.len()).is_err() {
            return Err(PtlError::TooManyRows { rows: rows.len(), max: MAX_ROWS });
        }
        if let Some((row, clock)) =
            rows.iter().find_map(|row| row.running_clock().filter(|c| c.counted_to != as_of).map(|c| (row, c)))
        {
            return Err(PtlError::RowsFromAnotherDay {
                pathway_id: row.pathway_id.clone(),
                counted_to: clock.counted_to,
                as_of,
            });
        }
        let mut consultants = HashMap::new();
        let mut specialties = HashMap::new();
        let facts = rows
            .iter()
            .map(|row| {
                let consultant = number_for(&mut consultants, &row.consultant_id);
                let specialty = number_for(&mut specialties, &row.specialty_id);
                RowFacts::new(row, consultant, specialty)
            })
            .collect();
        let mut by_id: Vec<u32> = (0..rows.len() as u32).collect();
        crate::sorting::sort_by(&mut by_id, |&a, &b| rows[a as usize].pathway_id.cmp(&rows[b as usize].pathway_id));
        let mut id_rank = vec![0; rows.len()];
        for (rank, &index) in by_id.iter().enumerate() {
            id_rank[index as usize] = rank as u32;
        }
        let search = SearchIndex::new(&rows);
        Ok(Ptl { as_of, rows, facts, search, consultants, specialties, by_id, id_rank })
    }

    /// The date the clocks were counted to.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    pub fn rows(&self) -> &[PtlRow] {
        &self.rows
    }

    /// The row at `index` (an index from [`Ptl::filter`] or [`Ptl::view`]).
    pub fn row(&self, index: u32) -> &PtlRow {
        &self.rows[index as usize]
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Indices of the rows that pass `filter`, in list order.
    pub fn filter(&self, filter: &PtlFilter) -> Vec<u32> {
        let Some(ready) = ReadyFilter::new(filter, &self.consultants, &self.specialties, &self.search, self.as_of)
        else {
            return Vec::new();
        };
        self.facts.iter().enumerate().filter(|(i, facts)| ready.keeps(*i, facts)).map(|(i, _)| i as u32).collect()
    }

    /// Puts `indices` in `order`; ties are broken by pathway id (then by list position), so the result is the
    /// same every time.
    pub fn sort(&self, indices: &mut [u32], order: PtlSort) {
        let mut keyed: Vec<u64> = indices
            .iter()
            .map(|&i| (u64::from(order.key(&self.facts[i as usize])) << 32) | u64::from(self.id_rank[i as usize]))
            .collect();
        keyed.sort_unstable();
        for (slot, key) in indices.iter_mut().zip(keyed) {
            *slot = self.by_id[(key as u32) as usize];
        }
    }

    /// Filter then sort: the indices of the rows to show, in order.
    pub fn view(&self, filter: &PtlFilter, order: PtlSort) -> Vec<u32> {
        let mut indices = self.filter(filter);
        self.sort(&mut indices, order);
        indices
    }

    /// The headline figures over the rows at `indices` (usually the filtered view).
    pub fn headline(&self, indices: &[u32], cancer: CancerMeasure, targets: &[NationalTarget]) -> Headline {
        Headline::compute(self.as_of, indices.iter().map(|&i| &self.facts[i as usize]), cancer, targets)
    }

    /// How many of the rows at `indices` answer the cancer question `focus` (the 104-day backstop count, ...).
    pub fn count(&self, indices: &[u32], focus: CancerFocus) -> usize {
        indices.iter().filter(|&&i| focus.keeps(&self.facts[i as usize])).count()
    }

    /// Weeks waited by band, over the running clocks among the rows at `indices`.
    pub fn distribution(&self, indices: &[u32], bands: WeekBands) -> Distribution {
        Distribution::compute(indices.iter().map(|&i| &self.facts[i as usize]), bands)
    }

    /// The rows at `indices`, in that order, as a CSV file for Excel. See [`ptl_csv`].
    pub fn csv(&self, indices: &[u32]) -> String {
        ptl_csv(indices.iter().map(|&i| self.row(i)), self.as_of)
    }
}

/// The number for `id`, giving it the next one if it is new.
fn number_for(numbers: &mut HashMap<String, u32>, id: &str) -> u32 {
    if let Some(&number) = numbers.get(id) {
        return number;
    }
    let number = numbers.len() as u32;
    numbers.insert(id.to_owned(), number);
    number
}
