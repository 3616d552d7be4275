//! The outpatient waiting list: pathways with no appointment to come whose clock still runs (or has none yet), and
//! follow-ups the clinic asked for. Ordered most urgent first (priority, then the next deadline of any running
//! clock, then a follow-up's due date), or by the longest wait, or by name; filtered by specialty, consultant, what
//! the patient needs next, priority, and a search by name, NHS number or hospital number. The filter travels in the
//! address, so a list can be bookmarked and shared.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::booking::next_slot_type;
use crate::model::{Pathway, Patient, Priority, SlotType};
use crate::pathway::Deadline;
use crate::patient_search::RowSearch;
use crate::ptl::PtlRow;

/// A row of the waiting list.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitingRow {
    pub row: PtlRow,
    /// The patient's date of birth, shown with the name and NHS number.
    pub born: Option<NaiveDate>,
    /// New for a first appointment, follow-up after the first attendance, procedure once listed.
    pub slot_type: SlotType,
    /// The date the clinic wants a follow-up by, when it asked for one.
    pub follow_up_due: Option<NaiveDate>,
}

impl WaitingRow {
    /// The date the list is ordered by within a priority: the next deadline of any running clock (a cancer date
    /// or 18 weeks), else the date a follow-up is due by.
    pub fn due(&self) -> Option<NaiveDate> {
        self.next_deadline().map(|deadline| deadline.date).or(self.follow_up_due)
    }

    /// The earliest deadline of the pathway's running clocks, and which standard sets it.
    pub fn next_deadline(&self) -> Option<Deadline> {
        self.row.next_deadline
    }

    /// Weeks waited on a running 18-week clock.
    pub fn weeks_waited(&self) -> Option<i64> {
        self.row.rtt.as_ref().filter(|clock| clock.running).map(|clock| clock.weeks_waited)
    }
}

/// Who the waiting list shows, most urgent first: pathways with no appointment to come whose clock still runs (or
/// has none yet), and follow-ups the clinic asked for (clock running or not).
pub fn waiting_rows(rows: Vec<PtlRow>, pathways: &[Pathway], patients: &[Patient]) -> Vec<WaitingRow> {
    let by_id: HashMap<&str, &Pathway> = pathways.iter().map(|p| (p.id.as_str(), p)).collect();
    let born: HashMap<&str, NaiveDate> = patients.iter().map(|p| (p.id.as_str(), p.date_of_birth)).collect();
    let mut waiting: Vec<WaitingRow> = rows
        .into_iter()
        .filter(|row| row.next_booked.is_none())
        .filter_map(|row| {
            let pathway = by_id.get(row.pathway_id.as_str()).copied();
            let follow_up_due = pathway.and_then(|p| p.follow_up_due);
            let clock_waiting = row.rtt.as_ref().is_none_or(|clock| clock.running);
            if !clock_waiting && follow_up_due.is_none() {
                return None;
            }
            let slot_type = pathway.map(next_slot_type).unwrap_or(SlotType::New);
            let born = born.get(row.patient_id.as_str()).copied();
            Some(WaitingRow { row, born, slot_type, follow_up_due })
        })
        .collect();
    sort(&mut waiting, WaitingSort::MostUrgent, |w| w);
    waiting
}

/// How the list is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WaitingSort {
    /// Priority, then the next deadline of any running clock (or a follow-up's due date), earliest first.
    #[default]
    MostUrgent,
    /// The longest 18-week wait first.
    LongestWait,
    /// By the patient's name.
    Name,
}

impl WaitingSort {
    pub const ALL: [WaitingSort; 3] = [WaitingSort::MostUrgent, WaitingSort::LongestWait, WaitingSort::Name];

    pub fn code(self) -> &'static str {
        match self {
            WaitingSort::MostUrgent => "urgent",
            WaitingSort::LongestWait => "longest",
            WaitingSort::Name => "name",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            WaitingSort::MostUrgent => "Most urgent, then next deadline",
            WaitingSort::LongestWait => "Longest waiting",
            WaitingSort::Name => "Patient's name",
        }
    }

    pub fn from_code(code: &str) -> WaitingSort {
        WaitingSort::ALL.into_iter().find(|s| s.code() == code).unwrap_or_default()
    }
}

/// Puts `rows` in `order`; `row` reads the waiting row of each item.
fn sort<T>(rows: &mut Vec<T>, order: WaitingSort, row: impl Fn(&T) -> &WaitingRow) {
    crate::sorting::sort_by(rows, |a, b| {
        let (a, b) = (row(a), row(b));
        let then_pathway = || a.row.pathway_id.cmp(&b.row.pathway_id);
        match order {
            WaitingSort::MostUrgent => {
                let (da, db) = (a.due(), b.due());
                // A pathway with no date to keep goes after those with one.
                a.row
                    .priority
                    .cmp(&b.row.priority)
                    .then_with(|| da.is_none().cmp(&db.is_none()))
                    .then_with(|| da.cmp(&db))
                    .then_with(then_pathway)
            }
            WaitingSort::LongestWait => b.weeks_waited().cmp(&a.weeks_waited()).then_with(then_pathway),
            WaitingSort::Name => a.row.patient_name.cmp(&b.row.patient_name).then_with(then_pathway),
        }
    });
}

/// Which rows the list shows, and in what order; the default shows every row, most urgent first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WaitingFilter {
    pub specialty_id: String,
    pub consultant_id: String,
    /// What the patient needs next: a new appointment, a follow-up, a procedure.
    pub needs: Option<SlotType>,
    pub priority: Option<Priority>,
    /// Name, NHS number (with or without spaces) or hospital number.
    pub search: String,
    pub sort: WaitingSort,
}

impl WaitingFilter {
    /// The filter as an address's query parameters, those left at their default left out, so a list can be
    /// bookmarked and shared (`/waiting-list?consultant=…&needs=follow_up&sort=longest`).
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let pairs = [
            ("specialty", self.specialty_id.clone()),
            ("consultant", self.consultant_id.clone()),
            ("needs", self.needs.map_or("", |n| n.word()).to_string()),
            ("priority", self.priority.map_or("", |p| p.word()).to_string()),
            ("q", self.search.trim().to_string()),
            ("sort", if self.sort == WaitingSort::MostUrgent { "" } else { self.sort.code() }.to_string()),
        ];
        pairs.into_iter().filter(|(_, value)| !value.is_empty()).collect()
    }

    /// The filter an address's query parameters describe (`get` reads one by name); unknown words are ignored.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> WaitingFilter {
        WaitingFilter {
            specialty_id: get("specialty").unwrap_or_default(),
            consultant_id: get("consultant").unwrap_or_default(),
            needs: get("needs").and_then(|w| SlotType::from_word(&w)),
            priority: get("priority").and_then(|w| Priority::from_word(&w)),
            search: get("q").unwrap_or_default(),
            sort: WaitingSort::from_code(&get("sort").unwrap_or_default()),
        }
    }
}

/// The positions in `rows` (which `waiting_rows` made) that `filter` keeps, in its order.
pub fn waiting_list(rows: &[WaitingRow], filter: &WaitingFilter) -> Vec<u32> {
    let search = RowSearch::new(&filter.search);
    let mut kept: Vec<(u32, &WaitingRow)> = rows
        .iter()
        .enumerate()
        .filter(|(_, w)| filter.specialty_id.is_empty() || w.row.specialty_id == filter.specialty_id)
        .filter(|(_, w)| filter.consultant_id.is_empty() || w.row.consultant_id == filter.consultant_id)
        .filter(|(_, w)| filter.needs.is_none_or(|needs| needs == w.slot_type))
        .filter(|(_, w)| filter.priority.is_none_or(|priority| priority == w.row.priority))
        .filter(|(_, w)| search.keeps(&w.row))
        .map(|(i, w)| (i as u32, w))
        .collect();
    // `rows` are already most urgent first: only another order sorts again.
    if filter.sort != WaitingSort::MostUrgent {
        sort(&mut kept, filter.sort, |(_, w)| w);
    }
    kept.into_iter().map(|(i, _)| i).collect()
}
