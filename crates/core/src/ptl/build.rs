//! Building the PTL's rows from the records the app holds: pathways, patients, consultants, specialties and
//! appointments, with every clock worked out by the pathway engine as of one date.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::row::{next_booked_by_pathway, PtlRow};
use crate::model::{Appointment, Consultant, Pathway, Patient, Specialty};
use crate::pathway::PathwayClocks;
use crate::validation::ValidationStanding;

/// The records a PTL is built from.
#[derive(Debug, Clone, Copy)]
pub struct PtlSources<'a> {
    pub pathways: &'a [Pathway],
    pub patients: &'a [Patient],
    pub consultants: &'a [Consultant],
    pub specialties: &'a [Specialty],
    pub appointments: &'a [Appointment],
}

/// One row per pathway, clocks as of `as_of`. Nothing is dropped: a pathway whose patient record is missing
/// still gets a row, named "Patient record missing (id)", so someone can find and fix it.
pub fn build_rows(sources: PtlSources<'_>, as_of: NaiveDate) -> Vec<PtlRow> {
    build_rows_with(sources, as_of, &|_, pathway| PathwayClocks::compute(&pathway.events, pathway.cancer, as_of))
}

/// [`build_rows`] with the clocks on `as_of` of each pathway (by its place in `sources.pathways`) given by
/// `clocks_of` (the app keeps them worked out per
/// pathway, so only pathways whose events changed are evaluated again).
pub fn build_rows_with(
    sources: PtlSources<'_>,
    as_of: NaiveDate,
    clocks_of: &dyn Fn(usize, &Pathway) -> PathwayClocks,
) -> Vec<PtlRow> {
    let patients: HashMap<&str, &Patient> = sources.patients.iter().map(|p| (p.id.as_str(), p)).collect();
    let consultants: HashMap<&str, &Consultant> = sources.consultants.iter().map(|c| (c.id.as_str(), c)).collect();
    let specialties: HashMap<&str, &Specialty> = sources.specialties.iter().map(|s| (s.id.as_str(), s)).collect();
    let next_booked = next_booked_by_pathway(sources.appointments, as_of);
    sources
        .pathways
        .iter()
        .enumerate()
        .map(|(index, pathway)| {
            let mut row = match patients.get(pathway.patient_id.as_str()) {
                Some(patient) => PtlRow::new(pathway, patient),
                None => PtlRow::without_patient_record(pathway),
            };
            if let Some(consultant) = consultants.get(pathway.consultant_id.as_str()) {
                row = row.with_consultant(consultant);
            }
            if let Some(specialty) = specialties.get(pathway.specialty_id.as_str()) {
                row = row.with_specialty(specialty);
            }
            let clocks = clocks_of(index, pathway);
            row.validation = ValidationStanding::of(&pathway.validations, &clocks.rtt);
            row.with_clocks(&clocks).with_next_booked(next_booked.get(pathway.id.as_str()).copied())
        })
        .collect()
}
