//! Patients in: registering a patient with their first referral, changing their details, adding a referral.

use crate::from_map::from_map;
use serde::Serialize;

use super::records::key;
use super::{Act, CommandContext, RecordSource, Rejection};
use crate::model::{Consultant, ContactPreference, Patient, Sex};
use crate::record::{Record, RecordKey, RecordKind};
use crate::registration::{
    already_registered, check_patient, check_referral, referral_pathway, FieldProblem, NewReferral,
};

/// Register a patient who is new to the trust, with the referral that brings them: the patient record and the
/// pathway its first events start. `not_duplicates`: patients with the same name and date of birth whom the
/// person checked and found to be someone else (kept with the command, for the audit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisterPatient {
    pub patient: Box<Patient>,
    pub referral: Box<NewReferral>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_duplicates: Vec<String>,
}

from_map!(RegisterPatient { patient, referral, not_duplicates = default });

/// Change a patient's details: only the fields named, so two desks changing different fields (one the phone, one
/// the address) both keep their change; the same field changed twice keeps the later to reach the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangePatientDetails {
    pub patient_id: String,
    pub changes: Box<DetailsChange>,
}

from_map!(ChangePatientDetails { patient_id, changes });

/// The fields changed: `None` leaves one as it is; an empty text clears an optional one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DetailsChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<chrono::NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_preference: Option<ContactPreference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gp_practice: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpreter_language: Option<String>,
}

from_map!(DetailsChange {
    family_name = default, given_name = default, date_of_birth = default, sex = default, address = default,
    postcode = default, phone = default, email = default, contact_preference = default, gp_practice = default,
    interpreter_language = default,
});

impl DetailsChange {
    /// `patient` with these changes.
    pub fn applied_to(&self, patient: &Patient) -> Patient {
        let optional = |text: &Option<String>, was: &Option<String>| match text {
            None => was.clone(),
            Some(text) => Some(text.trim().to_string()).filter(|t| !t.is_empty()),
        };
        Patient {
            family_name: self.family_name.as_deref().map_or_else(|| patient.family_name.clone(), |t| t.trim().into()),
            given_name: self.given_name.as_deref().map_or_else(|| patient.given_name.clone(), |t| t.trim().into()),
            date_of_birth: self.date_of_birth.unwrap_or(patient.date_of_birth),
            sex: self.sex.or(patient.sex),
            address: self.address.clone().unwrap_or_else(|| patient.address.clone()),
            postcode: optional(&self.postcode, &patient.postcode).map(|p| p.to_uppercase()),
            phone: optional(&self.phone, &patient.phone),
            email: optional(&self.email, &patient.email),
            contact_preference: self.contact_preference.or(patient.contact_preference),
            gp_practice: optional(&self.gp_practice, &patient.gp_practice),
            interpreter_language: optional(&self.interpreter_language, &patient.interpreter_language),
            ..patient.clone()
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == DetailsChange::default()
    }
}

/// Add a referral for a registered patient: a new pathway, started by its first events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AddReferral {
    pub referral: Box<NewReferral>,
}

from_map!(AddReferral { referral });

/// Every problem in one refusal, each in the words the form shows at its field.
fn refused(problems: Vec<FieldProblem>) -> Result<(), Rejection> {
    if problems.is_empty() {
        return Ok(());
    }
    let words: Vec<String> = problems.into_iter().map(|p| p.message).collect();
    Err(Rejection::invalid(format!("{}.", words.join(". "))))
}

/// The referral's consultant must be one the trust has, in the specialty named.
fn check_consultant(referral: &NewReferral, records: &impl RecordSource) -> Result<(), Rejection> {
    match records.record(&key(RecordKind::Consultant, &referral.consultant_id)) {
        Some(Record::Consultant(Consultant { specialty_id, name, .. })) if *specialty_id != referral.specialty_id => {
            Err(Rejection::invalid(format!(
                "{name} does not work in the specialty chosen. Choose a consultant of that specialty."
            )))
        }
        Some(Record::Consultant(_)) => Ok(()),
        _ => Err(Rejection::invalid(format!(
            "No consultant with id {}: choose the consultant from the list.",
            referral.consultant_id
        ))),
    }
}

fn referral_reads(referral: &NewReferral) -> [RecordKey; 3] {
    [
        key(RecordKind::Patient, &referral.patient_id),
        key(RecordKind::Pathway, &referral.pathway_id),
        key(RecordKind::Consultant, &referral.consultant_id),
    ]
}

impl Act for RegisterPatient {
    fn reads(&self) -> Vec<RecordKey> {
        let mut reads = referral_reads(&self.referral).to_vec();
        if self.patient.id != self.referral.patient_id {
            reads.push(key(RecordKind::Patient, &self.patient.id));
        }
        reads
    }

    fn describe(&self) -> String {
        format!("Register {} with a referral", self.patient.display_name())
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        if self.patient.id != self.referral.patient_id {
            return Err(Rejection::invalid("The referral is for another patient than the one being registered."));
        }
        if let Some(Record::Patient(existing)) = records.record(&key(RecordKind::Patient, &self.patient.id)) {
            return Err(Rejection::conflict(already_registered(existing)));
        }
        let mut problems = check_patient(&self.patient, ctx.today);
        problems.extend(check_referral(&self.referral, self.patient.date_of_birth, ctx.today));
        refused(problems)?;
        if records.record(&key(RecordKind::Pathway, &self.referral.pathway_id)).is_some() {
            return Err(Rejection::conflict(format!("A pathway with id {} already exists.", self.referral.pathway_id)));
        }
        check_consultant(&self.referral, records)?;
        // Stored as typed but tidied: names and texts trimmed, empty ones left out, the postcode in capitals.
        let p = &self.patient;
        let text = |value: &Option<String>| Some(value.clone().unwrap_or_default());
        let tidy = DetailsChange {
            family_name: Some(p.family_name.clone()),
            given_name: Some(p.given_name.clone()),
            postcode: text(&p.postcode),
            phone: text(&p.phone),
            email: text(&p.email),
            gp_practice: text(&p.gp_practice),
            interpreter_language: text(&p.interpreter_language),
            ..DetailsChange::default()
        };
        let nhs_number: String = p.nhs_number.chars().filter(char::is_ascii_digit).collect();
        let patient = Patient { nhs_number, ..tidy.applied_to(p) };
        Ok(vec![Record::Patient(patient), Record::Pathway(referral_pathway(&self.referral))])
    }
}

impl Act for ChangePatientDetails {
    fn reads(&self) -> Vec<RecordKey> {
        vec![key(RecordKind::Patient, &self.patient_id)]
    }

    fn describe(&self) -> String {
        "Change a patient's details".to_string()
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let Some(Record::Patient(patient)) = records.record(&key(RecordKind::Patient, &self.patient_id)) else {
            return Err(Rejection::not_found(format!(
                "No patient with id {}: search for the patient again.",
                self.patient_id
            )));
        };
        if self.changes.is_empty() {
            return Err(Rejection::invalid("Nothing was changed: change a detail, then save."));
        }
        let changed = self.changes.applied_to(patient);
        refused(check_patient(&changed, ctx.today))?;
        Ok(vec![Record::Patient(changed)])
    }
}

impl Act for AddReferral {
    fn reads(&self) -> Vec<RecordKey> {
        referral_reads(&self.referral).to_vec()
    }

    fn describe(&self) -> String {
        "Add a referral".to_string()
    }

    fn typed_text(&self) -> Option<String> {
        Some(self.referral.reason.clone())
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let Some(Record::Patient(patient)) = records.record(&key(RecordKind::Patient, &self.referral.patient_id))
        else {
            return Err(Rejection::not_found(format!(
                "No patient with id {}: search for the patient again.",
                self.referral.patient_id
            )));
        };
        refused(check_referral(&self.referral, patient.date_of_birth, ctx.today))?;
        if records.record(&key(RecordKind::Pathway, &self.referral.pathway_id)).is_some() {
            return Err(Rejection::conflict(format!("A pathway with id {} already exists.", self.referral.pathway_id)));
        }
        check_consultant(&self.referral, records)?;
        Ok(vec![Record::Pathway(referral_pathway(&self.referral))])
    }
}
