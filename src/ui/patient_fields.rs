//! The patient's part of a form, shared by registering a patient and changing their details: who they are, how to
//! reach them, their GP and whether they need an interpreter. Read and checked by core.

use leptos::prelude::*;
use pathdesk_core::model::{ContactPreference, Patient, Sex};
use pathdesk_core::registration::{new_hospital_number, new_patient_id};

use crate::ui::form::{Field, TypedDate};

/// What has been typed about the patient; outside the loaded data, so a sync never clears it.
#[derive(Clone, Copy)]
pub struct PatientDraft {
    pub nhs_number: RwSignal<String>,
    pub given_name: RwSignal<String>,
    pub family_name: RwSignal<String>,
    pub born: TypedDate,
    pub sex: RwSignal<String>,
    pub address: RwSignal<String>,
    pub postcode: RwSignal<String>,
    pub phone: RwSignal<String>,
    pub email: RwSignal<String>,
    pub contact: RwSignal<String>,
    pub gp_practice: RwSignal<String>,
    pub interpreter: RwSignal<String>,
    pub different_person: RwSignal<bool>,
}

impl PatientDraft {
    pub fn new() -> PatientDraft {
        let text = || RwSignal::new(String::new());
        PatientDraft {
            nhs_number: text(),
            given_name: text(),
            family_name: text(),
            born: TypedDate::new(),
            sex: RwSignal::new("not_known".into()),
            address: text(),
            postcode: text(),
            phone: text(),
            email: text(),
            contact: RwSignal::new("letter".into()),
            gp_practice: text(),
            interpreter: text(),
            different_person: RwSignal::new(false),
        }
    }

    /// The patient as typed (the date of birth as far as it reads), and the problem with the date if any.
    pub fn patient(&self, tracked: bool) -> (Patient, Option<String>) {
        let get = |s: RwSignal<String>| if tracked { s.get() } else { s.get_untracked() };
        let nhs: String = get(self.nhs_number).chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        let born = if tracked {
            pathdesk_core::calendar::read_typed_date(&self.born.text.get(), "Date of birth")
        } else {
            self.born.read("Date of birth")
        };
        let optional = |s: RwSignal<String>| Some(get(s).trim().to_string()).filter(|t| !t.is_empty());
        let patient = Patient {
            id: new_patient_id(&nhs),
            hospital_number: new_hospital_number(&nhs),
            nhs_number: nhs,
            family_name: get(self.family_name).trim().to_string(),
            given_name: get(self.given_name).trim().to_string(),
            date_of_birth: born.clone().unwrap_or(chrono::NaiveDate::MIN),
            phone: optional(self.phone),
            email: optional(self.email),
            postcode: optional(self.postcode),
            address: get(self.address).lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect(),
            sex: Sex::from_word(&get(self.sex)),
            contact_preference: ContactPreference::from_word(&get(self.contact)),
            gp_practice: optional(self.gp_practice),
            interpreter_language: optional(self.interpreter),
        };
        (patient, born.err())
    }
}

/// The fields, in order; without the NHS number when it cannot be changed here.
pub fn patient_fields(draft: PatientDraft, with_nhs_number: bool) -> Vec<(Field, Option<Signal<bool>>)> {
    let sexes: Vec<(String, String)> = Sex::ALL.iter().map(|s| (s.word().to_string(), s.label().to_string())).collect();
    let contacts: Vec<(String, String)> =
        ContactPreference::ALL.iter().map(|c| (c.word().to_string(), c.label().to_string())).collect();
    let mut fields = vec![
        (Field::numeric("nhs-number", "NHS number", "10 digits, for example 999 123 4560", draft.nhs_number), None),
        (Field::text("given-name", "First name", "", draft.given_name), None),
        (Field::text("family-name", "Last name", "", draft.family_name), None),
        (
            Field::Date {
                id: "date-of-birth",
                legend: "Date of birth",
                hint: "For example 17 5 1980",
                date: draft.born,
            },
            None,
        ),
        (Field::select("sex", "Sex", draft.sex, sexes), None),
        (
            Field::Lines {
                id: "address",
                label: "Address",
                hint: "One line each, without the postcode",
                value: draft.address,
            },
            None,
        ),
        (Field::text("postcode", "Postcode", "", draft.postcode), None),
        (Field::text("phone", "Phone", "", draft.phone), None),
        (Field::text("email", "Email", "", draft.email), None),
        (Field::select("contact", "Contact by", draft.contact, contacts), None),
        (Field::wide("gp-practice", "GP practice", "", draft.gp_practice), None),
        (
            Field::text(
                "interpreter",
                "Interpreter needed: language",
                "Leave empty when no interpreter is needed",
                draft.interpreter,
            ),
            None,
        ),
    ];
    if !with_nhs_number {
        fields.remove(0);
    }
    fields
}

impl PatientDraft {
    /// The draft holding `patient`'s details as they are, to change some of them.
    pub fn fill(&self, patient: &Patient) {
        let born = patient.date_of_birth;
        self.nhs_number.set(patient.nhs_number.clone());
        self.given_name.set(patient.given_name.clone());
        self.family_name.set(patient.family_name.clone());
        self.born.set(born);
        self.sex.set(patient.sex.map_or("not_known", |s| s.word()).to_string());
        self.address.set(patient.address.join("\n"));
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        self.postcode.set(text(&patient.postcode));
        self.phone.set(text(&patient.phone));
        self.email.set(text(&patient.email));
        self.contact.set(patient.contact_preference.map_or("letter", |c| c.word()).to_string());
        self.gp_practice.set(text(&patient.gp_practice));
        self.interpreter.set(text(&patient.interpreter_language));
    }

    /// What was changed from `before`, field by field (only those, so another desk's change to another field is
    /// kept), or every problem with the details as typed (field id, message).
    pub fn changes(
        &self,
        before: &Patient,
        today: chrono::NaiveDate,
    ) -> Result<pathdesk_core::command::DetailsChange, Vec<(String, String)>> {
        use pathdesk_core::command::DetailsChange;
        let (typed, born_problem) = self.patient(false);
        let typed = Patient { id: before.id.clone(), nhs_number: before.nhs_number.clone(), ..typed };
        let differs = |a: &Option<String>, b: &Option<String>| {
            (a.as_deref().unwrap_or("") != b.as_deref().unwrap_or("")).then(|| a.clone().unwrap_or_default())
        };
        let change = DetailsChange {
            family_name: (typed.family_name != before.family_name).then(|| typed.family_name.clone()),
            given_name: (typed.given_name != before.given_name).then(|| typed.given_name.clone()),
            date_of_birth: (born_problem.is_none() && typed.date_of_birth != before.date_of_birth)
                .then_some(typed.date_of_birth),
            sex: typed.sex.filter(|s| Some(*s) != before.sex && !(before.sex.is_none() && *s == Sex::NotKnown)),
            address: (typed.address != before.address).then(|| typed.address.clone()),
            postcode: differs(&typed.postcode, &before.postcode),
            phone: differs(&typed.phone, &before.phone),
            email: differs(&typed.email, &before.email),
            contact_preference: typed.contact_preference.filter(|c| {
                Some(*c) != before.contact_preference
                    && !(before.contact_preference.is_none() && *c == ContactPreference::Letter)
            }),
            gp_practice: differs(&typed.gp_practice, &before.gp_practice),
            interpreter_language: differs(&typed.interpreter_language, &before.interpreter_language),
        };
        let mut problems: Vec<(String, String)> =
            pathdesk_core::registration::check_patient(&change.applied_to(before), today)
                .into_iter()
                .map(|p| (p.field.to_string(), p.message))
                .collect();
        if let Some(problem) = born_problem {
            problems.insert(0, ("date-of-birth".into(), problem));
        }
        if problems.is_empty() && change.is_empty() {
            problems.push(("given-name".into(), "Nothing was changed: change a detail, then save".into()));
        }
        if problems.is_empty() {
            Ok(change)
        } else {
            Err(problems)
        }
    }
}

impl Default for PatientDraft {
    fn default() -> Self {
        PatientDraft::new()
    }
}
