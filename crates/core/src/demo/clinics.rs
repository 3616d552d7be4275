//! Dated clinic sessions: twelve weeks of each consultant's weekly templates, from two weeks before the current
//! week, with no clinic on a bank holiday, a few cancelled for consultant leave and a few reduced.

use chrono::{Datelike, Days, NaiveDate};

use super::bank_holidays::is_bank_holiday;
use super::rng::{Part, Rng};
use super::trust::Trust;
use crate::model::{ClinicSession, SessionStatus, Slot};

/// How many weeks of sessions the demo holds.
pub(crate) const WEEKS: u64 = 12;

/// A dated session and the index of its consultant in `Trust::consultants`.
#[derive(Debug, Clone)]
pub(crate) struct DatedClinic {
    pub session: ClinicSession,
    pub consultant: usize,
}

impl DatedClinic {
    pub(crate) fn is_cancelled(&self) -> bool {
        matches!(self.session.status, SessionStatus::Cancelled { .. })
    }
}

/// The Monday two weeks before the week containing `today`: the first day of the demo's clinics.
pub(crate) fn first_clinic_day(today: NaiveDate) -> NaiveDate {
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    monday - Days::new(14)
}

const LEAVE_REASONS: [&str; 3] = [
    "Consultant annual leave: patients moved to other clinics",
    "Consultant study leave (conference): patients moved to other clinics",
    "Consultant annual leave (school holidays): patients moved to other clinics",
];

const REDUCED_REASONS: [&str; 3] = [
    "Consultant needed at the cancer MDT: last slots removed",
    "Consultant on call for the wards: clinic finishes early",
    "Room needed for a teaching session: last slots removed",
];

/// Which consultant is away in which week (week 0 = the first week of clinics).
fn leave_weeks(trust: &Trust, rng: &mut Rng) -> Vec<(usize, u64, &'static str)> {
    let consultants = trust.consultants.len();
    let first = rng.index(consultants);
    let second = (first + 1 + rng.index(consultants - 1)) % consultants;
    let third = rng.index(consultants);
    vec![
        (first, 1, *rng.pick(&LEAVE_REASONS)),
        (second, 5 + rng.below(2), *rng.pick(&LEAVE_REASONS)),
        (third, 9 + rng.below(2), *rng.pick(&LEAVE_REASONS)),
    ]
}

pub(crate) fn sessions(trust: &Trust, today: NaiveDate, seed: u64) -> Vec<DatedClinic> {
    let mut rng = Rng::stream(seed, Part::Clinics, 0);
    let start = first_clinic_day(today);
    let leave = leave_weeks(trust, &mut rng);
    let mut clinics = Vec::new();
    for week in 0..WEEKS {
        let monday = start + Days::new(week * 7);
        for plan in &trust.templates {
            let template = &plan.template;
            let date = monday + Days::new(u64::from(template.weekday.to_chrono().num_days_from_monday()));
            if is_bank_holiday(date) {
                continue;
            }
            let consultant = trust
                .consultants
                .iter()
                .position(|c| c.id == template.consultant_id)
                .expect("every template belongs to a consultant of the trust");
            let session_id = format!("ses-{date}-{}-{}", template.consultant_id, plan.half_day.tag());
            let slots = template
                .slots
                .iter()
                .enumerate()
                .map(|(number, slot)| Slot {
                    id: format!("slot-{}-{:02}", &session_id["ses-".len()..], number + 1),
                    slot_type: slot.slot_type,
                    start: slot.start,
                    minutes: slot.minutes,
                    capacity: slot.capacity,
                })
                .collect();
            let status = match leave.iter().find(|(c, w, _)| *c == consultant && *w == week) {
                Some((_, _, reason)) => SessionStatus::Cancelled { reason: reason.to_string() },
                None => SessionStatus::Scheduled,
            };
            clinics.push(DatedClinic {
                session: ClinicSession {
                    id: session_id,
                    template_id: Some(template.id.clone()),
                    consultant_id: template.consultant_id.clone(),
                    specialty_id: template.specialty_id.clone(),
                    name: template.name.clone(),
                    date,
                    start: template.start,
                    end: template.end,
                    location: template.location.clone(),
                    status,
                    slots,
                },
                consultant,
            });
        }
    }
    reduce_a_few(&mut clinics, &mut rng, start + Days::new(14));
    clinics.sort_by(|a, b| {
        (a.session.date, a.session.start, &a.session.consultant_id).cmp(&(
            b.session.date,
            b.session.start,
            &b.session.consultant_id,
        ))
    });
    clinics
}

/// Three sessions from the current week on lose their last third of slots, with a reason.
fn reduce_a_few(clinics: &mut [DatedClinic], rng: &mut Rng, from: NaiveDate) {
    let candidates: Vec<usize> =
        (0..clinics.len()).filter(|&i| clinics[i].session.date >= from && !clinics[i].is_cancelled()).collect();
    if candidates.is_empty() {
        return;
    }
    for _ in 0..3 {
        let clinic = &mut clinics[*rng.pick(&candidates)].session;
        if clinic.status != SessionStatus::Scheduled {
            continue;
        }
        let keep = clinic.slots.len() * 2 / 3;
        clinic.slots.truncate(keep);
        if let Some(last) = clinic.slots.last() {
            clinic.end = last.start + chrono::Duration::minutes(i64::from(last.minutes));
        }
        clinic.status = SessionStatus::Reduced { reason: rng.pick(&REDUCED_REASONS).to_string() };
    }
}
