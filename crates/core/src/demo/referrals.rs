//! Referrals as the demo plans them: who was referred, when, how urgently, and how far along their pathway they
//! are today. Bookings may move a referral on (seen in a clinic of the last two weeks, say); `events` then writes
//! the pathway's event log from the plan.
//!
//! Clinic visits planned here all fall before the first demo clinic: any visit on or after it comes from a real
//! appointment record, so the event log and the clinic lists agree.

use chrono::{Days, NaiveDate};

use super::rng::{Part, Rng};
use super::trust::Trust;
use crate::model::{Priority, ReferralSource};

/// Where a referral stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    /// Clock running; waiting for the first appointment.
    AwaitingFirst,
    /// Missed the first appointment and has not been in touch: clock nullified, waiting for a clinician's review.
    DnaAwaitingContact,
    /// Seen; clock running while tests or a follow-up decide what happens next (cancer: awaiting the outcome).
    Seen,
    /// Decision to treat made; clock running until treatment.
    AwaitingTreatment,
    /// Clock stopped: active monitoring.
    ActiveMonitoring,
    /// Clock stopped: no treatment needed (decision not to treat; cancer ruled out).
    Discharged,
    /// Clock stopped: first definitive treatment.
    Treated,
}

impl Stage {
    pub(crate) fn clock_running(self) -> bool {
        matches!(self, Stage::AwaitingFirst | Stage::Seen | Stage::AwaitingTreatment)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Setting {
    Admitted,
    Outpatient,
}

/// An event that comes from an appointment rather than from the pathway's milestones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Visit {
    /// The patient cancelled the appointment on `appointment_date`.
    PatientCancelled {
        appointment_date: NaiveDate,
        first: bool,
    },
    DidNotAttend {
        first: bool,
    },
    PatientContactsToRebook,
    FollowUpAttended,
}

#[derive(Debug, Clone)]
pub(crate) struct Referral {
    pub id: String,
    pub patient: usize,
    pub consultant: usize,
    pub specialty: usize,
    pub priority: Priority,
    pub cancer: bool,
    pub source: ReferralSource,
    pub referred_on: NaiveDate,
    pub stage: Stage,
    /// First attendance (cancer: first seen).
    pub seen_on: Option<NaiveDate>,
    /// Cancer only: the date the patient was told the outcome; `cancer_found` says which.
    pub outcome_on: Option<NaiveDate>,
    pub cancer_found: bool,
    /// Decision to treat, start of active monitoring, or decision not to treat (by `stage`).
    pub decided_on: Option<NaiveDate>,
    pub monitoring_asked_for_by_patient: bool,
    pub treated_on: Option<NaiveDate>,
    pub setting: Setting,
    pub visits: Vec<(NaiveDate, Visit)>,
}

impl Referral {
    /// The date of the latest event: nothing may be booked or recorded before it.
    pub(crate) fn last_event_on(&self) -> NaiveDate {
        [self.seen_on, self.outcome_on, self.decided_on, self.treated_on]
            .into_iter()
            .flatten()
            .chain(self.visits.iter().map(|(date, _)| *date))
            .fold(self.referred_on, NaiveDate::max)
    }

    /// The first missed appointment, if the patient has not been in touch since.
    pub(crate) fn unanswered_dna(&self) -> Option<NaiveDate> {
        (self.stage == Stage::DnaAwaitingContact)
            .then(|| self.visits.iter().find(|(_, v)| *v == Visit::DidNotAttend { first: true }).map(|(d, _)| *d))
            .flatten()
    }
}

/// Does this patient have a second referral? About one in five do, so pathways ≈ 1.2 × patients.
pub(crate) fn has_second_referral(seed: u64, patient: usize) -> bool {
    Rng::stream(seed, Part::SecondPathway, patient as u64).chance(0.2)
}

fn days_ago(today: NaiveDate, days: i64) -> NaiveDate {
    today - Days::new(days.max(0) as u64)
}

fn after(date: NaiveDate, days: i64) -> NaiveDate {
    date + Days::new(days.max(0) as u64)
}

/// Days waited so far by a referral whose clock is still running: most under 18 weeks, a tail past 52, and a
/// handful past 65 and 78.
fn running_wait(rng: &mut Rng, priority: Priority) -> i64 {
    match priority {
        Priority::Routine => {
            let band = rng.weighted(&[(0, 7_050), (1, 2_400), (2, 475), (3, 60), (4, 15)]);
            match band {
                0 => rng.between(0, 126),
                1 => rng.between(127, 364),
                2 => rng.between(365, 455),
                3 => rng.between(456, 546),
                _ => rng.between(547, 560),
            }
        }
        _ => match rng.weighted(&[(0, 85), (1, 13), (2, 2)]) {
            0 => rng.between(0, 70),
            1 => rng.between(71, 200),
            _ => rng.between(201, 380),
        },
    }
}

/// Days from referral to treatment for a completed pathway.
fn treated_length(rng: &mut Rng, priority: Priority) -> i64 {
    match priority {
        Priority::Routine => match rng.weighted(&[(0, 65), (1, 28), (2, 7)]) {
            0 => rng.between(30, 126),
            1 => rng.between(127, 300),
            _ => rng.between(301, 420),
        },
        _ => rng.between(14, 110),
    }
}

/// Days from referral to the first appointment.
fn days_to_first_visit(rng: &mut Rng, priority: Priority) -> i64 {
    match priority {
        Priority::UrgentSuspectedCancer => rng.between(5, 14),
        Priority::Urgent => rng.between(7, 35),
        Priority::Routine => rng.between(14, 84),
    }
}

/// A first visit `days_to_first_visit` after referral, but before the first demo clinic (`clinics_start`).
fn first_visit(rng: &mut Rng, referral: NaiveDate, priority: Priority, clinics_start: NaiveDate) -> NaiveDate {
    after(referral, days_to_first_visit(rng, priority)).min(clinics_start - Days::new(1))
}

pub(crate) struct PlanContext<'a> {
    pub trust: &'a Trust,
    pub today: NaiveDate,
    pub clinics_start: NaiveDate,
    pub seed: u64,
}

/// The referrals of all `patients`, in patient order.
pub(crate) fn plan(patients: usize, context: &PlanContext) -> Vec<Referral> {
    let mut referrals = Vec::with_capacity(patients + patients / 4);
    for patient in 0..patients {
        let first = plan_one(context, patient, 1, None);
        let second = has_second_referral(context.seed, patient).then(|| plan_one(context, patient, 2, Some(&first)));
        referrals.push(first);
        referrals.extend(second);
    }
    referrals
}

fn plan_one(context: &PlanContext, patient: usize, number: u64, other: Option<&Referral>) -> Referral {
    let trust = context.trust;
    let mut rng = Rng::stream(context.seed, Part::Referral, patient as u64 * 4 + number);
    let shares: Vec<(usize, u32)> =
        trust.specialties.iter().enumerate().map(|(index, profile)| (index, profile.referral_share)).collect();
    let mut specialty = rng.weighted(&shares);
    // A second referral is usually for another specialty (a different condition).
    if let Some(other) = other {
        if other.specialty == specialty && rng.chance(0.8) {
            specialty = (specialty + 1 + rng.index(shares.len() - 1)) % shares.len();
        }
    }
    let consultant = *rng.pick(&trust.consultants_of(specialty));
    let profile = &trust.specialties[specialty];
    let roll = rng.below(100) as u32;
    let priority = if roll < profile.cancer_percent {
        Priority::UrgentSuspectedCancer
    } else if roll < profile.cancer_percent + profile.urgent_percent {
        Priority::Urgent
    } else {
        Priority::Routine
    };
    let cancer = priority == Priority::UrgentSuspectedCancer;
    let source = if !cancer && rng.chance(0.25) { ReferralSource::ERs } else { ReferralSource::Gp };
    let mut referral = Referral {
        id: format!("pw-{:05}-{number}", patient + 1),
        patient,
        consultant,
        specialty,
        priority,
        cancer,
        source,
        referred_on: context.today,
        stage: Stage::AwaitingFirst,
        seen_on: None,
        outcome_on: None,
        cancer_found: false,
        decided_on: None,
        monitoring_asked_for_by_patient: false,
        treated_on: None,
        setting: Setting::Admitted,
        visits: Vec::new(),
    };
    if cancer {
        plan_cancer(&mut referral, &mut rng, context);
    } else {
        plan_elective(&mut referral, &mut rng, context);
    }
    referral
}

/// An urgent suspected cancer referral: seen within two weeks, told the outcome within about four, and (rarely)
/// treated.
fn plan_cancer(referral: &mut Referral, rng: &mut Rng, context: &PlanContext) {
    let today = context.today;
    let wait = match rng.weighted(&[(0, 45), (1, 35), (2, 20)]) {
        0 => rng.between(0, 28),
        1 => rng.between(29, 62),
        _ => rng.between(63, 180),
    };
    referral.referred_on = days_ago(today, wait);
    let latest_visit = context.clinics_start - Days::new(1);
    if wait < 10 || after(referral.referred_on, 5) > latest_visit {
        return;
    }
    let seen = first_visit(rng, referral.referred_on, referral.priority, context.clinics_start);
    referral.seen_on = Some(seen);
    referral.stage = Stage::Seen;
    let told = after(seen, rng.between(5, 21));
    if told > today {
        return;
    }
    referral.outcome_on = Some(told);
    if rng.chance(0.88) {
        referral.stage = Stage::Discharged;
        referral.decided_on = Some(told);
        return;
    }
    referral.cancer_found = true;
    let decided = after(told, rng.between(0, 10)).min(today);
    referral.decided_on = Some(decided);
    referral.stage = Stage::AwaitingTreatment;
    let treated = after(decided, rng.between(7, 28));
    if treated <= today && rng.chance(0.6) {
        referral.treated_on = Some(treated);
        referral.stage = Stage::Treated;
    }
}

/// A routine or urgent referral: about 16% already treated, a few on active monitoring or discharged, the rest
/// waiting (for a first appointment, for tests, or for treatment).
fn plan_elective(referral: &mut Referral, rng: &mut Rng, context: &PlanContext) {
    let today = context.today;
    let start = context.clinics_start;
    // Completed pathways must have been seen before the first demo clinic: start at least three weeks before it.
    let latest_completed_start = days_ago(start, rng.between(21, 35));
    // The share of each outcome; `AwaitingFirst` stands for "still waiting", and `plan_waiting` decides how far
    // along (first appointment, tests, or treatment).
    match rng.weighted(&[
        (Stage::Treated, 160),
        (Stage::ActiveMonitoring, 40),
        (Stage::Discharged, 30),
        (Stage::AwaitingFirst, 770),
    ]) {
        Stage::Treated => {
            let treated = days_ago(today, rng.between(0, 120));
            let length = treated_length(rng, referral.priority);
            referral.referred_on = days_ago(treated, length).min(latest_completed_start);
            let seen = first_visit(rng, referral.referred_on, referral.priority, start).min(treated);
            let decided = after(seen, rng.between(0, (treated - seen).num_days().min(60)));
            referral.seen_on = Some(seen);
            referral.decided_on = Some(decided.min(treated));
            referral.treated_on = Some(treated);
            referral.stage = Stage::Treated;
        }
        stopped @ (Stage::ActiveMonitoring | Stage::Discharged) => {
            referral.referred_on = days_ago(today, rng.between(60, 400)).min(latest_completed_start);
            let seen = first_visit(rng, referral.referred_on, referral.priority, start);
            // Usually decided in clinic; sometimes later, after results or thinking time.
            let decided = if rng.chance(0.6) { seen } else { after(seen, rng.between(7, 60)).min(today) };
            referral.seen_on = Some(seen);
            referral.decided_on = Some(decided);
            referral.monitoring_asked_for_by_patient = rng.chance(0.3);
            referral.stage = stopped;
        }
        _ => plan_waiting(referral, rng, context),
    }
}

fn plan_waiting(referral: &mut Referral, rng: &mut Rng, context: &PlanContext) {
    let today = context.today;
    let start = context.clinics_start;
    let wait = running_wait(rng, referral.priority);
    referral.referred_on = days_ago(today, wait);
    let seen_share = match wait {
        0..=41 => 0.3,
        42..=126 => 0.55,
        _ => 0.75,
    };
    if after(referral.referred_on, 14) >= start || !rng.chance(seen_share) {
        // Still waiting for a first appointment; a few cancelled one earlier on.
        let cancelled_on = after(referral.referred_on, rng.between(7, 28));
        let appointment_date = after(cancelled_on, rng.between(2, 10));
        if wait > 42 && appointment_date < start && rng.chance(0.08) {
            let visit = Visit::PatientCancelled { appointment_date, first: true };
            referral.visits.push((cancelled_on, visit));
        }
        return;
    }
    let seen = first_visit(rng, referral.referred_on, referral.priority, start);
    referral.seen_on = Some(seen);
    referral.stage = Stage::Seen;
    if rng.chance(0.4) {
        let decided = after(seen, rng.between(0, (today - seen).num_days().min(120)));
        referral.decided_on = Some(decided);
        referral.stage = Stage::AwaitingTreatment;
    }
}
