//! The referrals file: a row per referral, with the patient's details. A patient new to Pathdesk is registered
//! with the referral; a known one has their changed details updated and the referral added; a referral already
//! imported is left as it is (a change to its consultant, priority or date is refused: it is changed in Pathdesk,
//! where the clock's history is kept).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{
    check_pas_id, column, pathway_id, patient_id, read_date, Column, Existing, ImportKind, Plan, PlannedRow, Row,
    RowChange, RowProblem,
};
use crate::command::Command;
use crate::command::{AddReferral, ChangePatientDetails, DetailsChange, RegisterPatient};
use crate::model::{Consultant, Patient, Priority, ReferralSource, Sex};
use crate::nhs_number::check_nhs_number;
use crate::pathway::event::CancerRoute;
use crate::registration::{check_patient, check_referral, NewReferral};

const KIND: ImportKind = ImportKind::Referrals;

pub(super) const COLUMNS: &[Column] = &[
    column("PAS patient ID", true, "The patient's id in the PAS", ["PAS100234", "PAS100871"]),
    column("NHS number", true, "10 digits, passing the Modulus 11 check", ["999 000 1006", "9990001014"]),
    column("Hospital number", true, "The hospital (MRN) number on wristbands and letters", ["RX1234567", "RX7654321"]),
    column("Family name", true, "", ["TESTPATIENT", "EXAMPLE"]),
    column("Given name", true, "", ["Alex", "Sam"]),
    column("Date of birth", true, "dd/mm/yyyy", ["14/02/1961", "03/09/1988"]),
    column("Sex", false, "Female, Male, Indeterminate or Not known (F, M, I or U)", ["F", "M"]),
    column("Postcode", false, "", ["LS1 4AB", ""]),
    column("PAS referral ID", true, "The referral's id in the PAS", ["REF-2026-0001", "REF-2026-0002"]),
    column("Referral received", true, "dd/mm/yyyy", ["01/10/2026", "12/11/2026"]),
    column("Source", false, "GP, e-RS, Consultant, Transfer, Self or Screening (GP when empty)", ["GP", "e-RS"]),
    column("UBRN", false, "The 12-digit e-Referral booking reference, for e-RS referrals", ["", "000012345678"]),
    column("Original clock start", false, "dd/mm/yyyy, for a transfer in from another provider", ["", ""]),
    column(
        "Priority",
        true,
        "Routine, Urgent or Urgent suspected cancer (2WW)",
        ["Routine", "Urgent suspected cancer"],
    ),
    column(
        "Cancer route",
        false,
        "For urgent suspected cancer: Urgent suspected cancer, Breast symptomatic or Screening",
        ["", "Urgent suspected cancer"],
    ),
    column("Specialty", true, "The treatment function code (101) or the specialty's name", ["101", "Urology"]),
    column(
        "Consultant",
        true,
        "The consultant's name as Pathdesk has it, or their Pathdesk id",
        ["Mr Okafor", "Mr Okafor"],
    ),
    column(
        "Reason",
        false,
        "Why the patient was referred (\"Imported from PAS\" when empty)",
        ["LUTS", "Visible haematuria"],
    ),
];

/// One good row, read.
struct Read {
    patient: Patient,
    referral: NewReferral,
}

pub(super) fn plan(rows: &[Row], existing: &Existing, today: NaiveDate) -> Plan {
    let mut plan = Plan::default();
    // What the rows above have done: patients registered or changed, referrals added (by id: its row).
    let mut patients: HashMap<String, Patient> = HashMap::new();
    let mut nhs_numbers: HashMap<String, (String, usize)> = HashMap::new();
    let mut referrals: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let read = match read(row, existing, today) {
            Ok(read) => read,
            Err(problems) => {
                plan.problems.extend(problems);
                continue;
            }
        };
        let Read { patient, referral } = read;
        let n = row.number;
        if let Some(first) = referrals.get(&referral.pathway_id) {
            plan.problems.push(RowProblem::new(
                n,
                "PAS referral ID",
                format!("This referral is also on row {first}: keep each referral once in the file"),
            ));
            continue;
        }
        // One NHS number, one patient: in the file and in Pathdesk.
        if let Some((other, first)) = nhs_numbers.get(&patient.nhs_number).filter(|(id, _)| *id != patient.id) {
            plan.problems.push(RowProblem::new(
                n,
                "NHS number",
                format!("This NHS number is also on row {first}, for another PAS patient ID ({other}): check which is right"),
            ));
            continue;
        }
        if let Some(known) = existing.patient_with_nhs_number(&patient.nhs_number).filter(|p| p.id != patient.id) {
            plan.problems.push(RowProblem::new(
                n,
                "NHS number",
                format!(
                    "This NHS number is already registered in Pathdesk as {} (hospital number {}), not from this PAS id: \
                     check the patient in Pathdesk before importing",
                    known.display_name(),
                    known.hospital_number
                ),
            ));
            continue;
        }
        nhs_numbers.insert(patient.nhs_number.clone(), (patient.id.clone(), n));
        let was = patients.get(&patient.id).or_else(|| existing.patient(&patient.id)).cloned();
        let mut commands = Vec::new();
        let mut change = RowChange::Unchanged;
        match &was {
            None => {
                commands.push(Command::RegisterPatient(RegisterPatient {
                    patient: Box::new(patient.clone()),
                    referral: Box::new(referral.clone()),
                    not_duplicates: Vec::new(),
                }));
                change = RowChange::New;
                patients.insert(patient.id.clone(), patient.clone());
                referrals.insert(referral.pathway_id.clone(), n);
                plan.rows.push(PlannedRow { row: n, change, commands });
                continue;
            }
            Some(was) => {
                if was.hospital_number != patient.hospital_number {
                    plan.problems.push(RowProblem::new(
                        n,
                        "Hospital number",
                        format!("This patient has hospital number {} in Pathdesk: a hospital number is not changed by import", was.hospital_number),
                    ));
                    continue;
                }
                let details = changed_details(was, &patient);
                if !details.is_empty() {
                    patients.insert(patient.id.clone(), details.applied_to(was));
                    commands.push(Command::ChangePatientDetails(ChangePatientDetails {
                        patient_id: patient.id.clone(),
                        changes: Box::new(details),
                    }));
                    change = RowChange::Changed;
                }
            }
        }
        match existing.pathway(&referral.pathway_id) {
            None => {
                commands.push(Command::AddReferral(AddReferral { referral: Box::new(referral.clone()) }));
                if change == RowChange::Unchanged {
                    change = RowChange::New;
                }
            }
            Some(pathway) => {
                let received = pathway.events.iter().find_map(|e| match e.kind {
                    crate::pathway::event::EventKind::ReferralReceived(_) => e.date,
                    _ => None,
                });
                let differs = [
                    (pathway.consultant_id != referral.consultant_id, "Consultant"),
                    (pathway.priority != referral.priority, "Priority"),
                    (received.is_some_and(|on| on != referral.received_on), "Referral received"),
                    (pathway.patient_id != referral.patient_id, "PAS patient ID"),
                ];
                if let Some((_, column)) = differs.iter().find(|(differs, _)| *differs) {
                    plan.problems.push(RowProblem::new(
                        n,
                        column,
                        format!("This referral was imported with another {}: change it in Pathdesk, where its history is kept", column.to_lowercase()),
                    ));
                    continue;
                }
            }
        }
        referrals.insert(referral.pathway_id.clone(), n);
        plan.rows.push(PlannedRow { row: n, change, commands });
    }
    plan
}

/// The details a row changes on a patient already in Pathdesk (names, date of birth, sex, postcode).
fn changed_details(was: &Patient, now: &Patient) -> DetailsChange {
    let differs = |a: &str, b: &str| (a.trim() != b.trim()).then(|| b.trim().to_string());
    DetailsChange {
        family_name: differs(&was.family_name, &now.family_name),
        given_name: differs(&was.given_name, &now.given_name),
        date_of_birth: (was.date_of_birth != now.date_of_birth).then_some(now.date_of_birth),
        sex: now.sex.filter(|sex| was.sex != Some(*sex)),
        postcode: now
            .postcode
            .as_deref()
            .and_then(|p| differs(was.postcode.as_deref().unwrap_or(""), &p.to_ascii_uppercase())),
        ..DetailsChange::default()
    }
}

/// The value, or `None` with its problem noted.
fn take<T>(problems: &mut Vec<RowProblem>, result: Result<T, RowProblem>) -> Option<T> {
    result.map_err(|problem| problems.push(problem)).ok()
}

/// The row read into a patient and a referral, or every problem with it.
fn read(row: &Row, existing: &Existing, today: NaiveDate) -> Result<Read, Vec<RowProblem>> {
    let n = row.number;
    let cell = |name: &str| row.cell(KIND, name);
    let mut problems = Vec::new();
    let pas_patient = take(&mut problems, check_pas_id(n, "PAS patient ID", cell("PAS patient ID")));
    let pas_referral = take(&mut problems, check_pas_id(n, "PAS referral ID", cell("PAS referral ID")));
    let born = take(&mut problems, read_date(n, "Date of birth", cell("Date of birth")));
    let received = take(&mut problems, read_date(n, "Referral received", cell("Referral received")));
    let original = match cell("Original clock start") {
        "" => None,
        text => take(&mut problems, read_date(n, "Original clock start", text)),
    };
    let sex = match cell("Sex").to_ascii_lowercase().as_str() {
        "" => None,
        "f" | "female" => Some(Sex::Female),
        "m" | "male" => Some(Sex::Male),
        "i" | "indeterminate" => Some(Sex::Indeterminate),
        "u" | "x" | "9" | "not known" | "unknown" => Some(Sex::NotKnown),
        other => {
            problems.push(RowProblem::new(
                n,
                "Sex",
                format!("\"{other}\" is not a sex Pathdesk records: use F, M, I or U"),
            ));
            None
        }
    };
    let source = match cell("Source").to_ascii_lowercase().replace(['-', ' '], "").as_str() {
        "" | "gp" => Some(ReferralSource::Gp),
        "ers" => Some(ReferralSource::ERs),
        "consultant" => Some(ReferralSource::ConsultantToConsultant),
        "transfer" => Some(ReferralSource::InterProviderTransfer),
        "self" | "selfreferral" => Some(ReferralSource::SelfReferral),
        "screening" => Some(ReferralSource::Screening),
        _ => {
            problems.push(RowProblem::new(
                n,
                "Source",
                format!(
                    "\"{}\" is not a source: use GP, e-RS, Consultant, Transfer, Self or Screening",
                    cell("Source")
                ),
            ));
            None
        }
    };
    let priority = match cell("Priority").to_ascii_lowercase().as_str() {
        "routine" => Some(Priority::Routine),
        "urgent" => Some(Priority::Urgent),
        "urgent suspected cancer" | "2ww" | "two week wait" | "usc" => Some(Priority::UrgentSuspectedCancer),
        "" => {
            problems.push(RowProblem::new(
                n,
                "Priority",
                "Enter the priority: Routine, Urgent or Urgent suspected cancer",
            ));
            None
        }
        _ => {
            problems.push(RowProblem::new(
                n,
                "Priority",
                format!("\"{}\" is not a priority: use Routine, Urgent or Urgent suspected cancer", cell("Priority")),
            ));
            None
        }
    };
    let route = match cell("Cancer route").to_ascii_lowercase().as_str() {
        "" => (priority == Some(Priority::UrgentSuspectedCancer)).then_some(CancerRoute::UrgentSuspectedCancer),
        "urgent suspected cancer" | "2ww" | "usc" => Some(CancerRoute::UrgentSuspectedCancer),
        "breast symptomatic" => Some(CancerRoute::BreastSymptomatic),
        "screening" => Some(CancerRoute::Screening),
        _ => {
            problems.push(RowProblem::new(
                n,
                "Cancer route",
                format!(
                    "\"{}\" is not a cancer route: use Urgent suspected cancer, Breast symptomatic or Screening",
                    cell("Cancer route")
                ),
            ));
            None
        }
    };
    let specialty = {
        let wanted = cell("Specialty");
        let found = existing
            .specialties
            .iter()
            .find(|s| s.code == wanted || s.name.eq_ignore_ascii_case(wanted) || s.id == wanted);
        if found.is_none() {
            problems.push(RowProblem::new(
                n,
                "Specialty",
                if wanted.is_empty() {
                    "Enter the specialty: its treatment function code, like 101".to_string()
                } else {
                    format!("\"{wanted}\" is not a specialty of this trust: use its treatment function code or name as Pathdesk has it")
                },
            ));
        }
        found
    };
    let consultant: Option<&Consultant> = {
        let wanted = cell("Consultant");
        let found = existing.consultants.iter().find(|c| c.id == wanted || c.name.eq_ignore_ascii_case(wanted));
        match (found, specialty) {
            (None, _) => {
                problems.push(RowProblem::new(
                    n,
                    "Consultant",
                    if wanted.is_empty() {
                        "Enter the consultant, by their name as Pathdesk has it".to_string()
                    } else {
                        format!("There is no consultant \"{wanted}\" in Pathdesk: use the name as Settings lists it, or add the consultant first")
                    },
                ));
                None
            }
            (Some(c), Some(s)) if c.specialty_id != s.id => {
                problems.push(RowProblem::new(
                    n,
                    "Consultant",
                    format!("{} does not work in {}: check the consultant or the specialty", c.name, s.name),
                ));
                None
            }
            (found, _) => found,
        }
    };
    let nhs = check_nhs_number(cell("NHS number"));
    let (
        Some(pas_patient),
        Some(pas_referral),
        Some(born),
        Some(received),
        Some(source),
        Some(priority),
        Some(specialty),
        Some(consultant),
    ) = (pas_patient, pas_referral, born, received, source, priority, specialty, consultant)
    else {
        // The checks below need these; the problems so far are said first.
        if problems.is_empty() {
            problems.push(RowProblem::new(n, "", "The row could not be read"));
        }
        return Err(problems);
    };
    let id = patient_id(&pas_patient);
    let mut patient = Patient::new(
        &id,
        nhs.normalised.clone(),
        cell("Hospital number"),
        cell("Family name"),
        cell("Given name"),
        born,
    );
    patient.sex = sex;
    patient.postcode = Some(cell("Postcode").to_ascii_uppercase()).filter(|p| !p.is_empty());
    let referral = NewReferral {
        pathway_id: pathway_id(&pas_referral),
        patient_id: id,
        received_on: received,
        source,
        ubrn: Some(cell("UBRN").to_string()).filter(|u| !u.is_empty()),
        original_clock_start: original,
        priority,
        cancer_route: route,
        specialty_id: specialty.id.clone(),
        consultant_id: consultant.id.clone(),
        reason: Some(cell("Reason")).filter(|r| !r.is_empty()).unwrap_or("Imported from PAS").to_string(),
    };
    // The same checks as the registration form's, each said against its column.
    let column_of = |field: &str| match field {
        "nhs-number" => "NHS number",
        "family-name" => "Family name",
        "given-name" => "Given name",
        "date-of-birth" => "Date of birth",
        "postcode" => "Postcode",
        "received-on" => "Referral received",
        "ubrn" => "UBRN",
        "original-clock-start" => "Original clock start",
        "cancer-route" => "Cancer route",
        "reason" => "Reason",
        _ => "",
    };
    for problem in check_patient(&patient, today).into_iter().chain(check_referral(&referral, born, today)) {
        problems.push(RowProblem::new(n, column_of(problem.field), problem.message));
    }
    if cell("Hospital number").is_empty() {
        problems.push(RowProblem::new(n, "Hospital number", "Enter the patient's hospital number"));
    }
    if problems.is_empty() {
        Ok(Read { patient, referral })
    } else {
        Err(problems)
    }
}
