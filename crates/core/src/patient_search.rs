//! Finding a patient: by name, NHS number (with or without spaces) or hospital number.

use crate::model::Patient;

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

/// The patient whose hospital number is `typed` (as a scanner or a person types it: any case, spaces around).
pub fn by_hospital_number<'a>(patients: &'a [Patient], typed: &str) -> Option<&'a Patient> {
    let typed = typed.trim();
    patients.iter().find(|patient| !typed.is_empty() && patient.hospital_number.eq_ignore_ascii_case(typed))
}

/// Patients matching `query`, by family then given name (then as they came), at most `limit`. Only the first
/// `limit` are kept in order as the patients are read, each name lowered once: one letter typed against a trust of
/// 40,000 patients matches half of them, and sorting them all (lowering two names per comparison) took 150 ms.
pub fn search<'a>(patients: &'a [Patient], query: &str, limit: usize) -> Vec<&'a Patient> {
    let mut first: Vec<((String, String), &Patient)> = Vec::with_capacity(limit + 1);
    for patient in patients.iter().filter(|p| matches(p, query)) {
        let key = (patient.family_name.to_lowercase(), patient.given_name.to_lowercase());
        if first.len() == limit && first.last().is_none_or(|(last, _)| key >= *last) {
            continue;
        }
        // After every equal name already kept, so equal names stay in the order they came.
        let at = first.partition_point(|(kept, _)| *kept <= key);
        first.insert(at, (key, patient));
        first.truncate(limit);
    }
    first.into_iter().map(|(_, patient)| patient).collect()
}

/// What was typed into a list's search box, read once, to test many rows against: an NHS number (with or without
/// spaces, 3 digits or more) matches as its digits; and every word typed must be part of the name or the
/// hospital number, in any case. Nothing typed keeps every row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowSearch {
    words: Vec<String>,
    digits: Option<String>,
}

impl RowSearch {
    pub fn new(typed: &str) -> RowSearch {
        let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
        let digits = (digits.len() >= 3 && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits);
        let words = typed
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        RowSearch { words, digits }
    }

    /// Does the list row for a patient match?
    pub fn keeps(&self, row: &crate::ptl::PtlRow) -> bool {
        if self.digits.as_ref().is_some_and(|digits| row.nhs_number.contains(digits.as_str())) {
            return true;
        }
        if self.words.is_empty() {
            return true;
        }
        let name = row.patient_name.to_lowercase();
        let hospital = row.hospital_number.to_lowercase();
        self.words.iter().all(|word| name.contains(word.as_str()) || hospital.contains(word.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::model::Patient;

    fn patient(id: &str, family: &str, given: &str, nhs: &str) -> Patient {
        Patient::new(
            id,
            nhs,
            format!("RX{}", &id[id.len().saturating_sub(4)..]),
            family,
            given,
            NaiveDate::from_ymd_opt(1961, 3, 14).unwrap(),
        )
    }

    #[test]
    fn patients_are_found_by_name_nhs_number_with_or_without_spaces_and_hospital_number() {
        let mut ada = patient("pat-0001", "Lovelace", "Ada", "9434765919");
        ada.hospital_number = "RX1234567".into();
        let alan = patient("pat-0002", "Turing", "Alan", "9434765870");
        assert!(super::matches(&ada, "lovelace"));
        assert!(super::matches(&ada, "LOVE"));
        assert!(super::matches(&ada, "ada lovelace"));
        assert!(super::matches(&ada, "Lovelace, Ada"));
        assert!(super::matches(&ada, "943 476 5919"));
        assert!(super::matches(&ada, "9434765919"));
        assert!(super::matches(&ada, "rx1234567"));
        assert!(!super::matches(&ada, "turing"));
        assert!(!super::matches(&ada, "ada turing"));
        assert!(!super::matches(&ada, "   "));
        let patients = vec![alan.clone(), ada.clone()];
        let found = super::search(&patients, "94347", 10);
        assert_eq!(found.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), vec!["pat-0001", "pat-0002"]);
        assert_eq!(super::search(&patients, "94347", 1).len(), 1);
    }

    /// The first `limit` matches by family then given name (any case), equal names in the order they came: the
    /// same as sorting every match and keeping the first, whatever the limit.
    #[test]
    fn a_search_keeps_the_first_matches_by_name_whatever_the_limit() {
        let names = [
            ("Smith", "Zoe"),
            ("smith", "adam"),
            ("Smithers", "Ann"),
            ("Jones", "Sam"),
            ("SMITH", "Adam"),
            ("Goldsmith", "Eve"),
            ("Smith", "Adam"),
            ("Ashworth", "Simon"),
            ("Brown", "Jo"),
            ("Smyth", "Ian"),
        ];
        let patients: Vec<Patient> = names
            .iter()
            .enumerate()
            .map(|(i, (family, given))| patient(&format!("pat-{i:04}"), family, given, "9434765919"))
            .collect();
        let mut expected: Vec<&Patient> = patients.iter().filter(|p| super::matches(p, "sm")).collect();
        expected.sort_by_key(|p| (p.family_name.to_lowercase(), p.given_name.to_lowercase()));
        assert_eq!(expected.len(), 7, "Jones (Sam), Ashworth (Simon) and Brown do not match; Goldsmith does");
        for limit in 0..=10 {
            let found: Vec<&str> = super::search(&patients, "sm", limit).iter().map(|p| p.id.as_str()).collect();
            let wanted: Vec<&str> = expected.iter().take(limit).map(|p| p.id.as_str()).collect();
            assert_eq!(found, wanted, "limit {limit}");
        }
        let first: Vec<&str> = super::search(&patients, "smith", 3).iter().map(|p| p.given_name.as_str()).collect();
        assert_eq!(first, vec!["Eve", "adam", "Adam"], "Goldsmith first; equal names as they came");
    }

    #[test]
    fn a_scanned_hospital_number_finds_its_patient_whatever_the_case() {
        let patients =
            [patient("p-0001", "Smith", "Ann", "9990000018"), patient("p-0002", "Jones", "Bob", "9990000026")];
        assert_eq!(super::by_hospital_number(&patients, " rx0002\n").map(|p| p.id.as_str()), Some("p-0002"));
        assert!(super::by_hospital_number(&patients, "RX9999").is_none());
        assert!(super::by_hospital_number(&patients, "  ").is_none());
    }
}
