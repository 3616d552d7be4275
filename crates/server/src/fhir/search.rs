//! A FHIR search's parameters as typed: which resource, by id, by patient (reference or NHS number), by date, by
//! status, and the page. A parameter this server does not support, or a value it cannot read, is refused with what
//! to send instead: a search that ignored it would answer a different question.

use chrono::{Datelike, NaiveDate};

use super::resources::{HOSPITAL_NUMBER, NHS_NUMBER};

/// The resource types this server answers for.
pub const TYPES: [&str; 7] =
    ["Patient", "Practitioner", "Schedule", "Slot", "Appointment", "ServiceRequest", "EpisodeOfCare"];

/// Results per page unless `_count` says otherwise, and the most it may say.
pub const DEFAULT_COUNT: usize = 100;
pub const MAX_COUNT: usize = 1000;

/// The search parameters each type accepts (besides `_id`, `_count`, `_offset` and `_format`), with their FHIR
/// type and what they match, for the CapabilityStatement too.
pub fn parameters(resource_type: &str) -> &'static [(&'static str, &'static str, &'static str)] {
    const PATIENT: (&str, &str, &str) = (
        "patient",
        "reference",
        "The patient: Patient/{id} (or patient:identifier=https://fhir.nhs.uk/Id/nhs-number|{NHS number})",
    );
    match resource_type {
        "Patient" => &[
            ("identifier", "token", "NHS number (https://fhir.nhs.uk/Id/nhs-number|{10 digits}) or hospital number"),
            ("birthdate", "date", "Date of birth"),
        ],
        "Practitioner" => &[("name", "string", "Part of the consultant's name")],
        "Schedule" => {
            &[("actor", "reference", "The consultant: Practitioner/{id}"), ("date", "date", "The clinic's day")]
        }
        "Slot" => &[
            ("schedule", "reference", "The clinic session: Schedule/{id}"),
            ("start", "date", "The slot's day"),
            ("status", "token", "free, busy or busy-unavailable"),
        ],
        "Appointment" => &[
            PATIENT,
            ("date", "date", "The appointment's day"),
            ("status", "token", "booked, arrived, fulfilled, noshow or cancelled"),
            ("practitioner", "reference", "The consultant whose clinic it is: Practitioner/{id}"),
        ],
        "ServiceRequest" => &[PATIENT, ("authored", "date", "The day the referral was received")],
        "EpisodeOfCare" => &[
            PATIENT,
            ("date", "date", "A day within the episode (from the clock start to the last clock stop)"),
            ("status", "token", "active (a clock is running) or finished"),
        ],
        _ => &[],
    }
}

/// Who a search is about, as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatientIs {
    Id(String),
    NhsNumber(String),
    HospitalNumber(String),
}

/// A date range asked for (each bound included), from one or more `date=` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl DateRange {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|from| date >= from) && self.to.is_none_or(|to| date <= to)
    }

    /// Does the span `first`..=`last` (open-ended when `last` is `None`) meet the range?
    pub fn meets(&self, first: NaiveDate, last: Option<NaiveDate>) -> bool {
        self.to.is_none_or(|to| first <= to) && self.from.is_none_or(|from| last.is_none_or(|last| last >= from))
    }

    fn narrow(&mut self, prefix: &str, first: NaiveDate, last: NaiveDate) -> Result<(), String> {
        let (from, to) = match prefix {
            "eq" => (Some(first), Some(last)),
            "ge" => (Some(first), None),
            "gt" => (last.succ_opt(), None),
            "le" => (None, Some(last)),
            "lt" => (None, first.pred_opt()),
            other => {
                return Err(format!(
                "The date prefix {other:?} is not supported: use eq, ge, gt, le or lt (for example date=ge2026-12-01)."
            ))
            }
        };
        if let Some(from) = from {
            self.from = Some(self.from.map_or(from, |f| f.max(from)));
        }
        if let Some(to) = to {
            self.to = Some(self.to.map_or(to, |t| t.min(to)));
        }
        Ok(())
    }
}

/// One search, read from its query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Search {
    pub id: Option<String>,
    pub patient: Option<PatientIs>,
    pub dates: DateRange,
    pub status: Option<String>,
    /// A reference to the practitioner, schedule or actor asked for (its id).
    pub of: Option<String>,
    pub name: Option<String>,
    pub count: usize,
    pub offset: usize,
}

/// Reads the query of a search on `resource_type` (already one of [`TYPES`]).
pub fn read(resource_type: &str, pairs: &[(String, String)]) -> Result<Search, String> {
    let mut search = Search { count: DEFAULT_COUNT, ..Search::default() };
    let allowed = parameters(resource_type);
    for (key, value) in pairs {
        let value = value.trim();
        match key.as_str() {
            "_format" => {
                if !matches!(value, "json" | "application/fhir+json" | "application/json") {
                    return Err(format!(
                        "_format={value:?} is not served: this server answers in JSON only (_format=json)."
                    ));
                }
            }
            "_count" => {
                search.count =
                    value.parse::<usize>().ok().filter(|n| (1..=MAX_COUNT).contains(n)).ok_or_else(|| {
                        format!("_count={value:?} is not allowed: use a whole number from 1 to {MAX_COUNT}.")
                    })?;
            }
            "_offset" => {
                search.offset = value.parse().map_err(|_| format!("_offset={value:?} is not a whole number."))?;
            }
            "_id" => search.id = Some(id_of(value, resource_type)?),
            "patient" if allowed.iter().any(|(name, _, _)| *name == "patient") => {
                search.patient = Some(PatientIs::Id(id_of(value, "Patient")?));
            }
            "patient:identifier" if allowed.iter().any(|(name, _, _)| *name == "patient") => {
                search.patient = Some(identifier(value)?);
            }
            "identifier" if resource_type == "Patient" => search.patient = Some(identifier(value)?),
            "date" | "birthdate" | "start" | "authored" if allowed.iter().any(|(name, _, _)| name == key) => {
                let (prefix, text) = split_prefix(value);
                let (first, last) = date_span(text)?;
                search.dates.narrow(prefix, first, last)?;
            }
            "status" if allowed.iter().any(|(name, _, _)| *name == "status") => search.status = Some(value.to_string()),
            "actor" | "practitioner" if allowed.iter().any(|(name, _, _)| name == key) => {
                search.of = Some(id_of(value, "Practitioner")?);
            }
            "schedule" if resource_type == "Slot" => search.of = Some(id_of(value, "Schedule")?),
            "name" if resource_type == "Practitioner" => search.name = Some(value.to_lowercase()),
            other => {
                let names: Vec<&str> = allowed.iter().map(|(name, _, _)| *name).collect();
                return Err(format!(
                    "{resource_type} cannot be searched by {other:?}. Search it by _id{}{} (see /api/fhir/metadata).",
                    if names.is_empty() { "" } else { ", " },
                    names.join(", ")
                ));
            }
        }
    }
    Ok(search)
}

/// `Patient/abc` or `abc` as the id `abc` (of a reference to `resource_type`).
fn id_of(value: &str, resource_type: &str) -> Result<String, String> {
    let id = value.strip_prefix(resource_type).and_then(|rest| rest.strip_prefix('/')).unwrap_or(value);
    let valid =
        !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if valid {
        Ok(id.to_string())
    } else {
        Err(format!("{value:?} is not a {resource_type} id or reference: send {resource_type}/{{id}}."))
    }
}

/// `https://fhir.nhs.uk/Id/nhs-number|9990000018`, a bare NHS number, or the hospital number's system and value.
fn identifier(value: &str) -> Result<PatientIs, String> {
    let (system, number) = match value.split_once('|') {
        Some((system, number)) => (Some(system), number),
        None => (None, value),
    };
    match system {
        Some(HOSPITAL_NUMBER) if !number.is_empty() => Ok(PatientIs::HospitalNumber(number.to_string())),
        Some(NHS_NUMBER) | None | Some("") => {
            let digits: String = number.chars().filter(|c| !c.is_whitespace()).collect();
            if digits.len() == 10 && digits.chars().all(|c| c.is_ascii_digit()) {
                Ok(PatientIs::NhsNumber(digits))
            } else {
                Err(format!("{number:?} is not an NHS number: send its 10 digits, as {NHS_NUMBER}|9990000018."))
            }
        }
        Some(other) => {
            Err(format!("The identifier system {other:?} is not known here: use {NHS_NUMBER} or {HOSPITAL_NUMBER}."))
        }
    }
}

fn split_prefix(value: &str) -> (&str, &str) {
    match value.get(..2) {
        Some(prefix) if prefix.chars().all(|c| c.is_ascii_lowercase()) => (prefix, &value[2..]),
        _ => ("eq", value),
    }
}

/// A FHIR date (`2026`, `2026-12` or `2026-12-08`) as its first and last day.
fn date_span(text: &str) -> Result<(NaiveDate, NaiveDate), String> {
    let wrong = || {
        format!("{text:?} is not a date: use YYYY-MM-DD (or YYYY-MM, or YYYY), optionally after ge, gt, le, lt or eq.")
    };
    let parts: Vec<&str> = text.split('-').collect();
    let number = |part: &str, len: usize| (part.len() == len).then(|| part.parse::<u32>().ok()).flatten();
    match parts.as_slice() {
        [year] => {
            let year = number(year, 4).ok_or_else(wrong)? as i32;
            Ok((
                NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(wrong)?,
                NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(wrong)?,
            ))
        }
        [year, month] => {
            let year = number(year, 4).ok_or_else(wrong)? as i32;
            let first = NaiveDate::from_ymd_opt(year, number(month, 2).ok_or_else(wrong)?, 1).ok_or_else(wrong)?;
            let next = if first.month() == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(year, first.month() + 1, 1)
            };
            Ok((first, next.and_then(|n| n.pred_opt()).ok_or_else(wrong)?))
        }
        [year, month, day] => {
            let year = number(year, 4).ok_or_else(wrong)? as i32;
            let date =
                NaiveDate::from_ymd_opt(year, number(month, 2).ok_or_else(wrong)?, number(day, 2).ok_or_else(wrong)?)
                    .ok_or_else(wrong)?;
            Ok((date, date))
        }
        _ => Err(wrong()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
        query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_patient_is_found_by_nhs_number_with_or_without_the_system() {
        let search =
            read("Appointment", &pairs(&[("patient:identifier", "https://fhir.nhs.uk/Id/nhs-number|9990000018")]))
                .unwrap();
        assert_eq!(search.patient, Some(PatientIs::NhsNumber("9990000018".into())));
        let bare = read("Patient", &pairs(&[("identifier", "999 000 0018")])).unwrap();
        assert_eq!(bare.patient, Some(PatientIs::NhsNumber("9990000018".into())));
        let by_reference = read("EpisodeOfCare", &pairs(&[("patient", "Patient/pat-1")])).unwrap();
        assert_eq!(by_reference.patient, Some(PatientIs::Id("pat-1".into())));
        let wrong = read("Patient", &pairs(&[("identifier", "https://fhir.nhs.uk/Id/nhs-number|12345")])).unwrap_err();
        assert!(wrong.contains("10 digits"), "{wrong}");
        let system = read("Patient", &pairs(&[("identifier", "http://example.org|1")])).unwrap_err();
        assert!(system.contains("not known here"), "{system}");
    }

    #[test]
    fn dates_with_prefixes_narrow_one_range() {
        let search =
            read("Appointment", &pairs(&[("date", "ge2026-12-01"), ("date", "lt2027-01"), ("_count", "5")])).unwrap();
        assert_eq!(search.dates, DateRange { from: Some(d("2026-12-01")), to: Some(d("2026-12-31")) });
        assert_eq!(search.count, 5);
        let month = read("Slot", &pairs(&[("start", "2026-02")])).unwrap();
        assert_eq!(month.dates, DateRange { from: Some(d("2026-02-01")), to: Some(d("2026-02-28")) });
        assert!(month.dates.contains(d("2026-02-28")) && !month.dates.contains(d("2026-03-01")));
        let span = DateRange { from: Some(d("2026-12-01")), to: Some(d("2026-12-31")) };
        assert!(span.meets(d("2026-11-01"), None), "an open episode that began before");
        assert!(!span.meets(d("2026-11-01"), Some(d("2026-11-30"))), "one that ended before");
        for bad in ["2026-13-01", "2026-02-30", "26-12-01", "sa2026-12-01", "2026-1-1"] {
            let refused = read("Appointment", &pairs(&[("date", bad)])).unwrap_err();
            assert!(refused.contains("not a date") || refused.contains("not supported"), "{bad}: {refused}");
        }
    }

    #[test]
    fn an_unsupported_parameter_is_refused_with_the_ones_that_are() {
        let refused = read("Slot", &pairs(&[("patient", "Patient/x")])).unwrap_err();
        assert!(
            refused.contains("Slot cannot be searched by \"patient\"") && refused.contains("schedule"),
            "{refused}"
        );
        assert!(read("Patient", &pairs(&[("_count", "0")])).unwrap_err().contains("from 1 to 1000"));
        assert!(read("Patient", &pairs(&[("_format", "xml")])).unwrap_err().contains("JSON only"));
        assert!(read("Patient", &pairs(&[("_id", "a b")])).unwrap_err().contains("not a Patient id"));
    }
}
