//! The admitted (day-case and inpatient) waiting list: every pathway a clinic listed for a procedure and not yet
//! treated, with its procedure, intended management, clinical priority (P1 to P4), expected minutes, pre-operative
//! assessment, the date listed, its to-come-in date when one is booked, and its clocks. Ordered by clinical
//! priority, then the next deadline of any running clock, then the longest listed; filtered by consultant,
//! management, priority, booked or not, and a search by name, NHS number or hospital number.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::{Appointment, AppointmentStatus, Pathway, SlotType};
use crate::outcome::{AdmissionListing, IntendedManagement, SurgicalPriority};
use crate::pathway::PathwayClocks;
use crate::patient_search::RowSearch;
use crate::ptl::{build_rows_with, PtlRow, PtlSources};

/// One patient on the admitted list.
#[derive(Debug, Clone, PartialEq)]
pub struct AdmittedRow {
    pub row: PtlRow,
    pub born: Option<NaiveDate>,
    pub listing: AdmissionListing,
    /// The booked admission (to-come-in date) on or after the list's date, with its appointment.
    pub tci: Option<(NaiveDate, String)>,
}

impl AdmittedRow {
    /// Days on the list by `as_of`.
    pub fn days_listed(&self, as_of: NaiveDate) -> i64 {
        (as_of - self.listing.listed_on).num_days()
    }

    /// The last day the clinical priority allows (P4: none).
    pub fn priority_due(&self) -> Option<NaiveDate> {
        self.listing.priority.within_days().map(|days| crate::calendar::add_days(self.listing.listed_on, days))
    }
}

/// The admitted list's rows, clocks as of `as_of`: the listed pathways of `sources`.
pub fn admitted_rows(sources: PtlSources<'_>, as_of: NaiveDate) -> Vec<AdmittedRow> {
    admitted_rows_with(sources, as_of, &|_, pathway| PathwayClocks::compute(&pathway.events, pathway.cancer, as_of))
}

/// [`admitted_rows`] with the clocks on `as_of` of each pathway (by its place in `sources.pathways`) given by
/// `clocks_of`, as the app keeps them.
pub fn admitted_rows_with(
    sources: PtlSources<'_>,
    as_of: NaiveDate,
    clocks_of: &dyn Fn(usize, &Pathway) -> PathwayClocks,
) -> Vec<AdmittedRow> {
    let places: Vec<usize> = (0..sources.pathways.len()).filter(|&i| sources.pathways[i].listed.is_some()).collect();
    let listed: Vec<Pathway> = places.iter().map(|&i| sources.pathways[i].clone()).collect();
    let born: HashMap<&str, NaiveDate> = sources.patients.iter().map(|p| (p.id.as_str(), p.date_of_birth)).collect();
    let mut tci: HashMap<&str, (NaiveDate, String)> = HashMap::new();
    for appointment in sources.appointments {
        let Appointment { pathway_id, date, slot_type, status, id, .. } = appointment;
        if *slot_type == SlotType::Procedure && *status == AppointmentStatus::Booked && *date >= as_of {
            let entry = tci.entry(pathway_id.as_str()).or_insert((*date, id.clone()));
            if *date < entry.0 {
                *entry = (*date, id.clone());
            }
        }
    }
    let rows = build_rows_with(PtlSources { pathways: &listed, ..sources }, as_of, &|index, pathway| {
        clocks_of(places[index], pathway)
    });
    listed
        .iter()
        .zip(rows)
        .filter_map(|(pathway, row)| {
            let listing = pathway.listed.as_deref()?.clone();
            Some(AdmittedRow {
                born: born.get(pathway.patient_id.as_str()).copied(),
                tci: tci.get(pathway.id.as_str()).cloned(),
                listing,
                row,
            })
        })
        .collect()
}

/// How the list is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AdmittedSort {
    /// Clinical priority, then the next deadline, then the longest listed.
    #[default]
    Priority,
    /// The longest listed first.
    Listed,
    /// By the patient's name.
    Name,
}

impl AdmittedSort {
    pub const ALL: [AdmittedSort; 3] = [AdmittedSort::Priority, AdmittedSort::Listed, AdmittedSort::Name];

    pub fn code(self) -> &'static str {
        match self {
            AdmittedSort::Priority => "priority",
            AdmittedSort::Listed => "listed",
            AdmittedSort::Name => "name",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AdmittedSort::Priority => "Clinical priority, then next deadline",
            AdmittedSort::Listed => "Longest on the list",
            AdmittedSort::Name => "Patient's name",
        }
    }

    pub fn from_code(code: &str) -> AdmittedSort {
        AdmittedSort::ALL.into_iter().find(|s| s.code() == code).unwrap_or_default()
    }
}

/// Which rows the list shows; the default shows every row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdmittedFilter {
    pub consultant_id: String,
    pub management: Option<IntendedManagement>,
    pub priority: Option<SurgicalPriority>,
    /// Only those with no to-come-in date booked.
    pub not_booked: bool,
    /// Name, NHS number (with or without spaces) or hospital number.
    pub search: String,
    pub sort: AdmittedSort,
}

impl AdmittedFilter {
    /// The filter as an address's query parameters, those left at their default left out (the app encodes them
    /// into `?consultant=…&priority=p2&sort=listed`), so a list can be bookmarked and shared.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let pairs = [
            ("consultant", self.consultant_id.clone()),
            ("management", self.management.map_or("", |m| m.word()).to_string()),
            ("priority", self.priority.map_or("", |p| p.word()).to_string()),
            ("not_booked", if self.not_booked { "1" } else { "" }.to_string()),
            ("q", self.search.trim().to_string()),
            ("sort", if self.sort == AdmittedSort::Priority { "" } else { self.sort.code() }.to_string()),
        ];
        pairs.into_iter().filter(|(_, value)| !value.is_empty()).collect()
    }

    /// The filter an address's query parameters describe (`get` reads one by name); unknown words are ignored.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> AdmittedFilter {
        AdmittedFilter {
            consultant_id: get("consultant").unwrap_or_default(),
            management: get("management").and_then(|w| IntendedManagement::from_word(&w)),
            priority: get("priority").and_then(|w| SurgicalPriority::from_word(&w)),
            not_booked: get("not_booked").is_some_and(|v| v == "1"),
            search: get("q").unwrap_or_default(),
            sort: AdmittedSort::from_code(&get("sort").unwrap_or_default()),
        }
    }

    fn keeps(&self, row: &AdmittedRow, search: &RowSearch) -> bool {
        (self.consultant_id.is_empty() || row.row.consultant_id == self.consultant_id)
            && self.management.is_none_or(|m| m == row.listing.management)
            && self.priority.is_none_or(|p| p == row.listing.priority)
            && (!self.not_booked || row.tci.is_none())
            && search.keeps(&row.row)
    }
}

/// The rows `filter` keeps, in its order.
pub fn admitted_list<'a>(rows: &'a [AdmittedRow], filter: &AdmittedFilter) -> Vec<&'a AdmittedRow> {
    let search = RowSearch::new(&filter.search);
    let mut kept: Vec<&AdmittedRow> = rows.iter().filter(|row| filter.keeps(row, &search)).collect();
    match filter.sort {
        AdmittedSort::Priority => crate::sorting::sort_by_key(&mut kept, |row| {
            let deadline = row.row.next_deadline.map(|d| d.date).or(row.priority_due());
            (row.listing.priority, deadline.is_none(), deadline, row.listing.listed_on)
        }),
        AdmittedSort::Listed => crate::sorting::sort_by_key(&mut kept, |row| row.listing.listed_on),
        AdmittedSort::Name => crate::sorting::sort_by(&mut kept, |a, b| a.row.patient_name.cmp(&b.row.patient_name)),
    }
    kept
}
