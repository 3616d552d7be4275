//! Patients in: registering a patient and adding a referral. The checks the forms show at each field and the
//! commands apply again on every desk and on the server, the search for a possible duplicate before saving, and the
//! events a new referral starts its pathway with (the clocks then come from the pathway engine, as for any event).

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::uk_date;
use crate::from_map::from_map;
use crate::model::{Pathway, Patient, Priority, ReferralSource};
use crate::nhs_number::{check_nhs_number, format_nhs_number};
use crate::pathway::event::{CancerRoute, EventKind, PathwayEvent, Referral};

/// A problem with one field of a form: the field's id (as the form names its input) and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub message: String,
}

impl FieldProblem {
    fn new(field: &'static str, message: impl Into<String>) -> FieldProblem {
        FieldProblem { field, message: message.into() }
    }
}

/// The id a patient registered on a desk gets: from the NHS number, so two desks registering the same person
/// offline meet in one record (the second is refused as already registered) instead of making two.
pub fn new_patient_id(nhs_number: &str) -> String {
    format!("patient-{nhs_number}")
}

/// The hospital number given at registration (a desk offline cannot take the next number from a shared counter).
pub fn new_hospital_number(nhs_number: &str) -> String {
    format!("PD{nhs_number}")
}

/// What is wrong with a patient's details, field by field (empty: nothing).
pub fn check_patient(patient: &Patient, today: NaiveDate) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let nhs = check_nhs_number(&patient.nhs_number);
    if !nhs.valid {
        let message = if nhs.normalised.is_empty() {
            "Enter the patient's NHS number".to_string()
        } else if nhs.normalised.len() != 10 || !nhs.normalised.chars().all(|c| c.is_ascii_digit()) {
            "The NHS number must be 10 digits, like 999 123 4560".to_string()
        } else {
            format!(
                "{} is not a valid NHS number: it fails the Modulus 11 check. Check it against the referral letter",
                format_nhs_number(&nhs.normalised)
            )
        };
        problems.push(FieldProblem::new("nhs-number", message));
    }
    if patient.family_name.trim().is_empty() {
        problems.push(FieldProblem::new("family-name", "Enter the patient's last name"));
    }
    if patient.given_name.trim().is_empty() {
        problems.push(FieldProblem::new("given-name", "Enter the patient's first name"));
    }
    if patient.date_of_birth > today {
        problems.push(FieldProblem::new(
            "date-of-birth",
            format!("Date of birth must be today or in the past, not {}", uk_date(patient.date_of_birth)),
        ));
    }
    if let Some(postcode) = patient.postcode.as_deref().filter(|p| !p.trim().is_empty()) {
        if !is_uk_postcode(postcode) {
            problems.push(FieldProblem::new(
                "postcode",
                format!("\"{postcode}\" is not a UK postcode. Enter it like LS1 4AB"),
            ));
        }
    }
    if let Some(phone) = patient.phone.as_deref().filter(|p| !p.trim().is_empty()) {
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        let allowed = phone.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '(' | ')' | '-'));
        if !allowed || !(10..=13).contains(&digits) {
            problems.push(FieldProblem::new(
                "phone",
                "Enter a phone number with 10 or 11 digits, like 0113 496 0000 or +44 113 496 0000",
            ));
        }
    }
    if let Some(email) = patient.email.as_deref().filter(|e| !e.trim().is_empty()) {
        let parts: Vec<&str> = email.trim().split('@').collect();
        if parts.len() != 2 || parts[0].is_empty() || !parts[1].contains('.') || email.trim().contains(' ') {
            problems.push(FieldProblem::new("email", "Enter an email address like name@example.com"));
        }
    }
    problems
}

/// A UK postcode in its usual shape: outward code (A9, A99, AA9, AA99, A9A, AA9A), a space or none, inward (9AA).
pub fn is_uk_postcode(text: &str) -> bool {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
        return false;
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    let inward: Vec<char> = inward.chars().collect();
    let inward_ok = inward[0].is_ascii_digit() && inward[1].is_ascii_alphabetic() && inward[2].is_ascii_alphabetic();
    let out: Vec<char> = outward.chars().collect();
    let outward_ok = out[0].is_ascii_alphabetic()
        && out.iter().all(char::is_ascii_alphanumeric)
        && out.iter().any(char::is_ascii_digit)
        && (2..=4).contains(&out.len());
    inward_ok && outward_ok
}

/// Why an existing patient may be the one being registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuplicateReason {
    /// The same NHS number: the same person, already registered.
    SameNhsNumber,
    /// The same last name and date of birth: perhaps the same person; a person decides.
    SameNameAndDateOfBirth,
}

/// Registered patients who may be `candidate`, the same NHS number first. Never merged: the form shows them and
/// the person opens the existing record or says the new one is someone else.
pub fn possible_duplicates<'a>(
    patients: impl IntoIterator<Item = &'a Patient>,
    candidate: &Patient,
) -> Vec<(&'a Patient, DuplicateReason)> {
    let digits = |text: &str| text.chars().filter(char::is_ascii_digit).collect::<String>();
    let nhs = digits(&candidate.nhs_number);
    let family = candidate.family_name.trim().to_lowercase();
    let mut found: Vec<(&Patient, DuplicateReason)> = patients
        .into_iter()
        .filter_map(|p| {
            if !nhs.is_empty() && digits(&p.nhs_number) == nhs {
                Some((p, DuplicateReason::SameNhsNumber))
            } else if p.date_of_birth == candidate.date_of_birth && p.family_name.trim().to_lowercase() == family {
                Some((p, DuplicateReason::SameNameAndDateOfBirth))
            } else {
                None
            }
        })
        .collect();
    crate::sorting::sort_by_key(&mut found, |(p, reason)| (*reason != DuplicateReason::SameNhsNumber, p.id.clone()));
    found
}

/// A patient already registered with this NHS number, in words for a refusal.
pub fn already_registered(existing: &Patient) -> String {
    format!(
        "NHS number {} is already registered to {} (born {}). Open their record instead of registering them again.",
        format_nhs_number(&existing.nhs_number),
        existing.display_name(),
        uk_date(existing.date_of_birth)
    )
}

/// A referral as the booking co-ordinator adds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewReferral {
    pub pathway_id: String,
    pub patient_id: String,
    pub received_on: NaiveDate,
    pub source: ReferralSource,
    /// The e-Referral Service's 12-digit booking reference, for a referral that came through e-RS.
    pub ubrn: Option<String>,
    /// For a transfer in from another provider: the original clock start, from the transfer's minimum data set.
    pub original_clock_start: Option<NaiveDate>,
    pub priority: Priority,
    /// For an urgent suspected cancer referral: its cancer route (urgent suspected cancer, breast symptomatic,
    /// screening), which starts the cancer clocks.
    pub cancer_route: Option<CancerRoute>,
    pub specialty_id: String,
    pub consultant_id: String,
    /// Why the patient was referred, as the letter says ("Haematuria, 3 weeks").
    pub reason: String,
}

from_map!(NewReferral {
    pathway_id, patient_id, received_on, source, ubrn = default, original_clock_start = default, priority,
    cancer_route = default, specialty_id, consultant_id, reason,
});

/// What is wrong with a referral for `patient` (born on `born`), field by field.
pub fn check_referral(referral: &NewReferral, born: NaiveDate, today: NaiveDate) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    if referral.received_on > today {
        problems.push(FieldProblem::new(
            "received-on",
            format!(
                "The date received must be today or in the past, not {}: a referral is added once it has arrived",
                uk_date(referral.received_on)
            ),
        ));
    }
    if referral.received_on < born {
        problems.push(FieldProblem::new(
            "received-on",
            format!("The date received, {}, is before the patient was born", uk_date(referral.received_on)),
        ));
    }
    match (referral.source, referral.ubrn.as_deref().map(str::trim).filter(|u| !u.is_empty())) {
        (ReferralSource::ERs, None) => {
            problems.push(FieldProblem::new("ubrn", "Enter the 12-digit UBRN from the e-Referral Service"))
        }
        (ReferralSource::ERs, Some(ubrn)) => {
            let digits: String = ubrn.chars().filter(|c| !c.is_whitespace()).collect();
            if digits.len() != 12 || !digits.chars().all(|c| c.is_ascii_digit()) {
                problems.push(FieldProblem::new("ubrn", "The UBRN is 12 digits, like 0000 1234 5678"));
            }
        }
        _ => {}
    }
    match (referral.source, referral.original_clock_start) {
        (ReferralSource::InterProviderTransfer, None) => problems.push(FieldProblem::new(
            "original-clock-start",
            "Enter the original clock start from the transfer's minimum data set (IPTAMDS)",
        )),
        (ReferralSource::InterProviderTransfer, Some(start)) if start > referral.received_on => {
            problems.push(FieldProblem::new(
                "original-clock-start",
                format!(
                    "The original clock start, {}, is after the date received, {}",
                    uk_date(start),
                    uk_date(referral.received_on)
                ),
            ))
        }
        _ => {}
    }
    if referral.priority == Priority::UrgentSuspectedCancer && referral.cancer_route.is_none() {
        problems.push(FieldProblem::new(
            "cancer-route",
            "Choose the cancer route of this urgent suspected cancer referral",
        ));
    }
    if referral.specialty_id.trim().is_empty() {
        problems.push(FieldProblem::new("specialty", "Choose the specialty the patient is referred to"));
    }
    if referral.consultant_id.trim().is_empty() {
        problems.push(FieldProblem::new("consultant", "Choose the consultant the referral is for"));
    }
    if referral.reason.trim().is_empty() {
        problems.push(FieldProblem::new("reason", "Enter why the patient was referred, as the referral letter says"));
    }
    problems
}

/// The pathway a new referral starts: its first events, from which the pathway engine starts the clocks.
pub fn referral_pathway(referral: &NewReferral) -> Pathway {
    let cancer = referral.priority == Priority::UrgentSuspectedCancer;
    let ubrn = referral.ubrn.as_deref().map(|u| u.chars().filter(|c| !c.is_whitespace()).collect::<String>());
    let mut events = Vec::new();
    if let (ReferralSource::ERs, Some(ubrn)) = (referral.source, ubrn) {
        events.push(PathwayEvent {
            date: Some(referral.received_on),
            kind: EventKind::ErsReferralCreated { ubrn: Some(ubrn.into()) },
            pathway: None,
            note: None,
        });
    }
    use crate::pathway::event::ReferralSource as EventSource;
    let source = match referral.source {
        ReferralSource::Gp | ReferralSource::ERs => EventSource::Gp,
        ReferralSource::SelfReferral => EventSource::SelfReferral,
        ReferralSource::InterfaceService => EventSource::InterfaceService,
        ReferralSource::InterProviderTransfer => EventSource::InterProviderTransfer,
        ReferralSource::ConsultantToConsultant => EventSource::ConsultantToConsultant,
        ReferralSource::Screening => EventSource::Screening,
    };
    events.push(PathwayEvent {
        date: Some(referral.received_on),
        kind: EventKind::ReferralReceived(Box::new(Referral {
            source: Some(source),
            via: (referral.source == ReferralSource::ERs).then(|| "ers".to_string()),
            route: if cancer { referral.cancer_route.clone() } else { None },
            iptamds_rtt_start: (referral.source == ReferralSource::InterProviderTransfer)
                .then_some(referral.original_clock_start)
                .flatten(),
            ..Referral::default()
        })),
        pathway: None,
        note: Some(referral.reason.trim().into()),
    });
    Pathway {
        id: referral.pathway_id.clone(),
        patient_id: referral.patient_id.clone(),
        specialty_id: referral.specialty_id.clone(),
        consultant_id: referral.consultant_id.clone(),
        priority: referral.priority,
        source: referral.source,
        cancer,
        events,
        follow_up_due: None,
        listed: None,
        validations: Vec::new(),
    }
}
