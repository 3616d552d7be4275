//! Demo data: a synthetic NHS trust with three specialties, eight consultants, twelve weeks of their clinics,
//! patients, referrals with their event logs, bookings and the admin team's tasks. The server seeds its
//! database with it on first start; benchmarks use it at scale.
//!
//! Deterministic: the same options give the same records, on every machine. Everything is fictional: NHS numbers
//! are in the 999 range kept for testing, phone numbers in Ofcom's drama range (07700 900xxx), e-mail addresses at
//! example.com, postcodes in areas that do not exist (QX, QZ).

mod bank_holidays;
mod bookings;
mod case_notes;
mod clinics;
mod diary;
mod events;
mod mdt;
mod names;
mod nhs_numbers;
pub mod pas_extract;
mod patients;
mod referrals;
mod rng;
mod tasks;
mod trust;

use chrono::NaiveDate;

use crate::record::Record;

/// How big a demo trust to make, for which day, from which seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    /// How many patients; each has one referral (pathway), about one in five has two.
    pub patients: usize,
    /// The desk's date: events are never after it, clinics run from two weeks before its week to ten weeks on.
    pub today: NaiveDate,
    pub seed: u64,
}

impl DemoOptions {
    pub const STANDARD_PATIENTS: usize = 5_000;
    pub const STANDARD_SEED: u64 = 2_026;
    /// The most patients a demo can hold: the 999 test range has about 909,000 valid NHS numbers.
    pub const MAX_PATIENTS: usize = nhs_numbers::MAX_NUMBERS;

    /// The demo the server starts with: 5,000 patients.
    pub fn standard(today: NaiveDate) -> Self {
        DemoOptions { patients: Self::STANDARD_PATIENTS, today, seed: Self::STANDARD_SEED }
    }

    /// The smallest demo (standard seed) with at least `pathways` pathways, for benchmarks.
    pub fn with_pathways(today: NaiveDate, pathways: usize) -> Self {
        let mut options = DemoOptions { patients: 0, today, seed: Self::STANDARD_SEED };
        let mut count = 0;
        while count < pathways && options.patients < Self::MAX_PATIENTS {
            count += 1 + usize::from(referrals::has_second_referral(options.seed, options.patients));
            options.patients += 1;
        }
        options
    }

    /// How many pathways `generate` makes with these options.
    pub fn pathway_count(&self) -> usize {
        self.patients + (0..self.patients).filter(|&p| referrals::has_second_referral(self.seed, p)).count()
    }
}

/// Every record of the demo trust, in a fixed order: specialties, consultants, clinic templates, clinic sessions,
/// patients, patient notes, pathways, appointments, tasks.
///
/// Panics if `options.patients` exceeds `DemoOptions::MAX_PATIENTS`.
pub fn generate(options: &DemoOptions) -> Vec<Record> {
    assert!(
        options.patients <= DemoOptions::MAX_PATIENTS,
        "a demo holds at most {} patients (the NHS test number range runs out); asked for {}: ask for fewer",
        DemoOptions::MAX_PATIENTS,
        options.patients
    );
    let DemoOptions { patients: patient_count, today, seed } = *options;
    let trust = trust::Trust::new();
    let clinics = clinics::sessions(&trust, today, seed);
    let patients = patients::patients(patient_count, today, seed);
    let notes = patients::notes(patient_count, today, seed);
    let plan_context =
        referrals::PlanContext { trust: &trust, today, clinics_start: clinics::first_clinic_day(today), seed };
    let mut referrals = referrals::plan(patient_count, &plan_context);
    let booking_context = bookings::BookingContext {
        clinics: &clinics,
        today,
        seed,
        procedure_lists: (0..trust.consultants.len())
            .map(|consultant| clinics.iter().any(|c| c.consultant == consultant && has_procedures(&c.session)))
            .collect(),
    };
    let bookings = bookings::book(&booking_context, &mut referrals);
    let tasks = tasks::tasks(&tasks::TaskContext {
        trust: &trust,
        clinics: &clinics,
        patients: &patients,
        referrals: &referrals,
        bookings: &bookings,
        today,
        seed,
    });

    let mut records = Vec::with_capacity(
        64 + clinics.len() + patients.len() + notes.len() + referrals.len() + bookings.len() + tasks.len(),
    );
    records.extend(trust.specialties.iter().map(|profile| Record::Specialty(profile.specialty.clone())));
    records.extend(trust.consultants.iter().cloned().map(Record::Consultant));
    records.extend(trust.templates.iter().map(|plan| Record::ClinicTemplate(plan.template.clone())));
    records.extend(clinics.into_iter().map(|clinic| Record::ClinicSession(clinic.session)));
    records.extend(patients.into_iter().map(Record::Patient));
    records.extend(notes.into_iter().map(Record::PatientNote));
    records.extend(referrals.iter().map(|referral| Record::Pathway(events::pathway(referral, &trust, today))));
    records.extend(bookings.into_iter().map(|booking| Record::Appointment(booking.appointment)));
    records.extend(tasks.into_iter().map(Record::Task));
    let case_notes = case_notes::case_notes(&records, today);
    records.extend(case_notes.into_iter().map(Record::CaseNotes));
    let meetings = mdt::meetings(&records, today);
    records.extend(meetings.into_iter().map(Record::MdtMeeting));
    records.extend(diary::records(&trust.consultants, today));
    records
}

fn has_procedures(session: &crate::model::ClinicSession) -> bool {
    session.slots.iter().any(|slot| slot.slot_type == crate::model::SlotType::Procedure)
}
