//! Finding a patient on this device: by name, NHS number (with or without spaces) or hospital number.

use pathdesk_core::model::Patient;
use pathdesk_core::sorting;

/// Does `patient` match what was typed? Every word typed must match: a part of the family or given name (any
/// case), the NHS number (spaces ignored, so "943 476 5919" and "9434765919" both work) or the hospital number.
pub fn matches(patient: &Patient, query: &str) -> bool {
    let query = query.trim();
    if query.is_empty() {
        return false;
    }
    let digits: String = query.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() >= 3 && digits.chars().all(|c| c.is_ascii_digit()) && patient.nhs_number.contains(&digits) {
        return true;
    }
    let family = patient.family_name.to_lowercase();
    let given = patient.given_name.to_lowercase();
    let hospital = patient.hospital_number.to_lowercase();
    query.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).all(|word| {
        let word = word.to_lowercase();
        family.contains(&word) || given.contains(&word) || hospital.contains(&word)
    })
}

/// Patients matching `query`, by family then given name, at most `limit`.
pub fn search<'a>(patients: &'a [Patient], query: &str, limit: usize) -> Vec<&'a Patient> {
    let mut found: Vec<&Patient> = patients.iter().filter(|p| matches(p, query)).collect();
    sorting::sort_by(&mut found, |a, b| {
        (a.family_name.to_lowercase(), a.given_name.to_lowercase())
            .cmp(&(b.family_name.to_lowercase(), b.given_name.to_lowercase()))
    });
    found.truncate(limit);
    found
}
