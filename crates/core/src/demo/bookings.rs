//! Appointments: past clinics with what happened (seen, did not attend, cancelled by the patient), today's clinics
//! booked for reception to check in, and future clinics about 70% booked. Each appointment belongs to a referral
//! in the right state for its slot, and moves that referral on, so the clinic lists and the event logs agree.

use std::collections::{HashMap, HashSet};

use crate::outcome::ClinicOutcome;
use chrono::{Days, NaiveDate};

use super::clinics::DatedClinic;
use super::referrals::{Referral, Setting, Stage, Visit};
use super::rng::{Part, Rng};
use crate::model::{Appointment, AppointmentStatus, Priority, Slot, SlotType};

/// Which referrals a slot can take: new slots take those waiting for a first appointment (by priority), follow-up
/// slots those already seen, procedure slots those with a decision to treat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Queue {
    FirstCancer = 0,
    FirstUrgent = 1,
    FirstRoutine = 2,
    FollowUp = 3,
    Procedure = 4,
}

const QUEUES: usize = 5;

fn queue_of(referral: &Referral, has_procedure_lists: bool) -> Option<Queue> {
    match referral.stage {
        Stage::AwaitingFirst => Some(match referral.priority {
            Priority::UrgentSuspectedCancer => Queue::FirstCancer,
            Priority::Urgent => Queue::FirstUrgent,
            Priority::Routine => Queue::FirstRoutine,
        }),
        Stage::Seen => Some(Queue::FollowUp),
        Stage::AwaitingTreatment if has_procedure_lists => Some(Queue::Procedure),
        _ => None,
    }
}

/// Each consultant's queues of referral indices.
struct Queues {
    by_consultant: Vec<[Vec<usize>; QUEUES]>,
}

impl Queues {
    fn new(referrals: &[Referral], consultants: usize, procedure_lists: &[bool]) -> Self {
        let mut by_consultant: Vec<[Vec<usize>; QUEUES]> = (0..consultants).map(|_| Default::default()).collect();
        for (index, referral) in referrals.iter().enumerate() {
            if let Some(queue) = queue_of(referral, procedure_lists[referral.consultant]) {
                by_consultant[referral.consultant][queue as usize].push(index);
            }
        }
        Queues { by_consultant }
    }

    /// Takes a random referral from the queue that `fits`, trying a few before giving up on the slot.
    fn take(&mut self, consultant: usize, queue: Queue, rng: &mut Rng, fits: impl Fn(usize) -> bool) -> Option<usize> {
        let list = &mut self.by_consultant[consultant][queue as usize];
        for _ in 0..8 {
            if list.is_empty() {
                return None;
            }
            let position = rng.index(list.len());
            if fits(list[position]) {
                return Some(list.swap_remove(position));
            }
        }
        None
    }

    fn is_empty(&self, consultant: usize, queue: Queue) -> bool {
        self.by_consultant[consultant][queue as usize].is_empty()
    }
}

pub(crate) struct BookingContext<'a> {
    pub clinics: &'a [DatedClinic],
    pub today: NaiveDate,
    pub seed: u64,
    /// Per consultant: does the consultant run procedure lists?
    pub procedure_lists: Vec<bool>,
}

/// The date the appointment was offered: usually three to six weeks ahead, never before the referral's latest
/// event, never after `latest`.
fn offered_on(rng: &mut Rng, appointment: NaiveDate, earliest: NaiveDate, latest: NaiveDate) -> NaiveDate {
    let mut target = appointment - Days::new(21 + rng.below(22));
    if target > latest {
        target = latest - Days::new(rng.below(15));
    }
    target.max(earliest).min(latest)
}

fn appointment_id(slot_id: &str, place: u32) -> String {
    let slot = slot_id.strip_prefix("slot-").unwrap_or(slot_id);
    if place == 0 {
        format!("appt-{slot}")
    } else {
        format!("appt-{slot}-{}", place + 1)
    }
}

/// The share of past bookings the hospital cancelled before the day.
const HOSPITAL_CANCELLED: f64 = 0.03;

/// The share of rebooked ones it cancelled again (what the report of patients cancelled twice looks for); none is
/// cancelled a third time.
const CANCELLED_AGAIN: f64 = 0.3;

/// Why, as booking teams type it.
const HOSPITAL_REASONS: [&str; 4] =
    ["Consultant called to theatre", "Clinic overbooked", "Consultant off sick", "Room not available"];

/// An appointment with the indices of its referral and clinic, for the task list.
pub(crate) struct Booking {
    pub appointment: Appointment,
    pub referral: usize,
    pub clinic: usize,
}

/// Books the demo's clinics, updating `referrals` with what happened at past appointments.
pub(crate) fn book(context: &BookingContext, referrals: &mut [Referral]) -> Vec<Booking> {
    let mut book = Bookings {
        context,
        rng: Rng::stream(context.seed, Part::Bookings, 0),
        cancellations: Rng::stream(context.seed, Part::Bookings, 1),
        cancelled_before: HashMap::new(),
        rebook_first: Vec::new(),
        bookings: Vec::new(),
        patient_days: HashSet::new(),
    };
    book.past_clinics(referrals);
    book.coming_clinics(referrals);
    book.bookings
}

struct Bookings<'a> {
    context: &'a BookingContext<'a>,
    rng: Rng,
    /// The hospital's cancellations of past bookings.
    cancellations: Rng,
    /// Referrals whose booking the hospital cancelled already: how many times, and the day of the last.
    cancelled_before: HashMap<usize, (u32, NaiveDate)>,
    /// (consultant, referral) the hospital cancelled, to be booked into that consultant's next fitting place.
    rebook_first: Vec<(usize, usize)>,
    bookings: Vec<Booking>,
    /// (patient, date) pairs already booked: no patient has two appointments on one day.
    patient_days: HashSet<(usize, NaiveDate)>,
}

/// The queues a new-patient slot is offered to, in order: `preferred` first, then the others.
fn new_patient_queues(preferred: Queue) -> [Queue; 3] {
    match preferred {
        Queue::FirstCancer => [Queue::FirstCancer, Queue::FirstUrgent, Queue::FirstRoutine],
        Queue::FirstUrgent => [Queue::FirstUrgent, Queue::FirstRoutine, Queue::FirstCancer],
        _ => [Queue::FirstRoutine, Queue::FirstUrgent, Queue::FirstCancer],
    }
}

impl<'a> Bookings<'a> {
    /// The open (not cancelled) clinics for which `when` holds, with their indices.
    fn open_clinics(&self, when: impl Fn(NaiveDate) -> bool) -> Vec<(usize, &'a DatedClinic)> {
        let clinics: &'a [DatedClinic] = self.context.clinics;
        let clinics = clinics.iter().enumerate();
        clinics.filter(|(_, clinic)| !clinic.is_cancelled() && when(clinic.session.date)).collect()
    }

    /// Which queues a place in a slot is offered to, in order.
    fn queues_for(&mut self, slot_type: SlotType, queues: &Queues, consultant: usize, soon: bool) -> Vec<Queue> {
        match slot_type {
            SlotType::FollowUp => vec![Queue::FollowUp],
            SlotType::Procedure => vec![Queue::Procedure],
            SlotType::New => {
                // Urgent suspected cancer first when there is one to see soon; then urgent about a third of the time.
                let preferred = if soon && !queues.is_empty(consultant, Queue::FirstCancer) {
                    Queue::FirstCancer
                } else if self.rng.chance(0.35) {
                    Queue::FirstUrgent
                } else {
                    Queue::FirstRoutine
                };
                new_patient_queues(preferred).to_vec()
            }
        }
    }

    /// Takes the first referral that fits from `order`, never a patient already booked that day.
    fn take(
        &mut self,
        queues: &mut Queues,
        consultant: usize,
        order: &[Queue],
        referrals: &[Referral],
        date: NaiveDate,
        fits: impl Fn(&Referral, Queue) -> bool,
    ) -> Option<usize> {
        let patient_days = &self.patient_days;
        order.iter().find_map(|&queue| {
            queues.take(consultant, queue, &mut self.rng, |index| {
                let referral = &referrals[index];
                fits(referral, queue) && !patient_days.contains(&(referral.patient, date))
            })
        })
    }

    fn add(
        &mut self,
        referral_index: usize,
        referral: &Referral,
        clinic: (usize, &DatedClinic),
        place: (&Slot, u32),
        status: AppointmentStatus,
        booked_on: NaiveDate,
    ) {
        let (clinic_index, clinic) = clinic;
        let (slot, place) = place;
        self.patient_days.insert((referral.patient, clinic.session.date));
        let appointment = Appointment {
            id: appointment_id(&slot.id, place),
            patient_id: super::patients::patient_id(referral.patient),
            pathway_id: referral.id.clone(),
            session_id: clinic.session.id.clone(),
            slot_id: slot.id.clone(),
            date: clinic.session.date,
            start: slot.start,
            slot_type: slot.slot_type,
            status,
            booked_on,
            outcome: None,
            cancelled: None,
        };
        self.bookings.push(Booking { appointment, referral: referral_index, clinic: clinic_index });
    }

    /// Clinics before today: about 92% of places were booked, and each appointment has its outcome.
    fn past_clinics(&mut self, referrals: &mut [Referral]) {
        let today = self.context.today;
        let mut queues = Queues::new(referrals, self.context.procedure_lists.len(), &self.context.procedure_lists);
        for (clinic_index, clinic) in self.open_clinics(|date| date < today) {
            let date = clinic.session.date;
            for slot in &clinic.session.slots {
                for place in 0..slot.capacity {
                    if !self.rng.chance(0.92) {
                        continue;
                    }
                    let order = self.queues_for(slot.slot_type, &queues, clinic.consultant, true);
                    // Ready for this visit by its date: referred, seen or decided a few days before.
                    let fits = |referral: &Referral, queue: Queue| {
                        let ready_by = match queue {
                            Queue::FollowUp => referral.seen_on.map(|seen| seen + Days::new(7)),
                            Queue::Procedure => referral.decided_on.map(|decided| decided + Days::new(3)),
                            _ => Some(referral.referred_on + Days::new(3)),
                        };
                        ready_by.is_some_and(|ready| ready <= date) && referral.last_event_on() < date
                    };
                    let again = self.rebook_first.iter().position(|&(consultant, index)| {
                        let referral = &referrals[index];
                        consultant == clinic.consultant
                            && queue_of(referral, self.context.procedure_lists[consultant])
                                .is_some_and(|queue| order.contains(&queue) && fits(referral, queue))
                            && !self.patient_days.contains(&(referral.patient, date))
                    });
                    let index = match again {
                        Some(position) => self.rebook_first.swap_remove(position).1,
                        None => match self.take(&mut queues, clinic.consultant, &order, referrals, date, fits) {
                            Some(index) => index,
                            None => continue,
                        },
                    };
                    let referral = &mut referrals[index];
                    let booked_on = offered_on(&mut self.rng, date, referral.last_event_on(), date - Days::new(1));
                    // A rebooking is offered once the hospital has cancelled the last one.
                    let before = self.cancelled_before.get(&index).copied();
                    let booked_on = before.map_or(booked_on, |(_, cancelled_on)| booked_on.max(cancelled_on));
                    // Now and then the hospital cancelled the booking (the place was not filled again), and the
                    // patient went back on the list: some are cancelled twice. From a stream of its own, so the
                    // rest of the demo is drawn as before.
                    let chance = match before {
                        None => HOSPITAL_CANCELLED,
                        Some((1, _)) => CANCELLED_AGAIN,
                        Some(_) => 0.0,
                    };
                    if self.cancellations.chance(chance) {
                        let days = (date - booked_on).num_days().max(1) as u64;
                        let cancelled_on =
                            (booked_on + Days::new(self.cancellations.below(days))).min(date - Days::new(1));
                        let reason = self.cancellations.pick(&HOSPITAL_REASONS).to_string();
                        let cancelled_on = cancelled_on.max(booked_on);
                        self.cancelled_before.insert(index, (before.map_or(1, |(times, _)| times + 1), cancelled_on));
                        self.add(
                            index,
                            &referrals[index],
                            (clinic_index, clinic),
                            (slot, place),
                            AppointmentStatus::Booked,
                            booked_on,
                        );
                        if let Some(booking) = self.bookings.last_mut() {
                            booking.appointment.cancel(AppointmentStatus::CancelledByHospital, cancelled_on, reason);
                        }
                        // Rebooked into the consultant's next clinic with a place of the kind.
                        self.rebook_first.push((clinic.consultant, index));
                        continue;
                    }
                    let status = record_past_visit(referral, slot.slot_type, date, booked_on, today, &mut self.rng);
                    self.add(index, &referrals[index], (clinic_index, clinic), (slot, place), status, booked_on);
                    // The clinics of the last two working days still wait for their outcomes to be typed in.
                    let recent =
                        crate::calendar::working_days_between(date, today, crate::calendar::Region::EnglandAndWales)
                            .is_ok_and(|days| days <= 2);
                    if status == AppointmentStatus::Seen && !recent {
                        if let Some(booking) = self.bookings.last_mut() {
                            booking.appointment.outcome = Some(outcome_of(&referrals[index], slot.slot_type, date));
                        }
                    }
                }
            }
        }
    }

    /// Today's clinics nearly full, later ones less so (about 70% over the ten weeks); each referral whose clock
    /// is running holds at most one booking.
    fn coming_clinics(&mut self, referrals: &[Referral]) {
        let today = self.context.today;
        let mut queues = Queues::new(referrals, self.context.procedure_lists.len(), &self.context.procedure_lists);
        for (clinic_index, clinic) in self.open_clinics(|date| date >= today) {
            let date = clinic.session.date;
            let days_ahead = (date - today).num_days();
            let fill = if days_ahead == 0 { 0.93 } else { (0.92 - 0.045 * days_ahead as f64 / 7.0).max(0.45) };
            for slot in &clinic.session.slots {
                for place in 0..slot.capacity {
                    if !self.rng.chance(fill) {
                        continue;
                    }
                    let order = self.queues_for(slot.slot_type, &queues, clinic.consultant, days_ahead <= 14);
                    let Some(index) = self.take(&mut queues, clinic.consultant, &order, referrals, date, |_, _| true)
                    else {
                        continue;
                    };
                    let referral = &referrals[index];
                    let booked_on = offered_on(&mut self.rng, date, referral.last_event_on(), today);
                    let booked_on = self.cancelled_before.get(&index).map_or(booked_on, |&(_, on)| booked_on.max(on));
                    self.add(
                        index,
                        referral,
                        (clinic_index, clinic),
                        (slot, place),
                        AppointmentStatus::Booked,
                        booked_on,
                    );
                }
            }
        }
    }
}

/// What the clinic decided at a visit on `date`, as the referral's plan has it.
fn outcome_of(referral: &Referral, slot_type: SlotType, date: NaiveDate) -> ClinicOutcome {
    if slot_type == SlotType::Procedure || referral.treated_on == Some(date) {
        return ClinicOutcome::TreatedInClinic;
    }
    if referral.decided_on == Some(date) {
        return match referral.stage {
            Stage::ActiveMonitoring => ClinicOutcome::ActiveMonitoring,
            Stage::Discharged => ClinicOutcome::Discharged,
            _ => ClinicOutcome::ListedForProcedure,
        };
    }
    if referral.cancer {
        ClinicOutcome::DiagnosticTest
    } else {
        ClinicOutcome::FollowUp
    }
}

/// What happened at a past appointment, written into the referral's plan.
fn record_past_visit(
    referral: &mut Referral,
    slot_type: SlotType,
    date: NaiveDate,
    booked_on: NaiveDate,
    today: NaiveDate,
    rng: &mut Rng,
) -> AppointmentStatus {
    let first = slot_type == SlotType::New;
    let (did_not_attend, cancelled) = match slot_type {
        SlotType::Procedure => (4, 4),
        SlotType::FollowUp => (7, 5),
        SlotType::New => (8, 6),
    };
    let roll = rng.below(100);
    if roll < did_not_attend {
        referral.visits.push((date, Visit::DidNotAttend { first }));
        if first {
            let days_since = (today - date).num_days();
            if days_since >= 1 && rng.chance(0.6) {
                let contact = date + Days::new(rng.between(1, days_since.min(14)) as u64);
                referral.visits.push((contact, Visit::PatientContactsToRebook));
            } else {
                referral.stage = Stage::DnaAwaitingContact;
            }
        }
        return AppointmentStatus::DidNotAttend;
    }
    if roll < did_not_attend + cancelled {
        let cancelled_on = booked_on + Days::new(rng.below((date - booked_on).num_days().max(1) as u64));
        let cancelled_on = cancelled_on.min(date - Days::new(1)).max(booked_on);
        referral.visits.push((cancelled_on, Visit::PatientCancelled { appointment_date: date, first }));
        return AppointmentStatus::CancelledByPatient;
    }
    match slot_type {
        SlotType::New => seen_first_time(referral, date, today, rng),
        SlotType::FollowUp => seen_again(referral, date, rng),
        SlotType::Procedure => {
            referral.treated_on = Some(date);
            referral.setting = Setting::Outpatient;
            referral.stage = Stage::Treated;
        }
    }
    AppointmentStatus::Seen
}

fn seen_first_time(referral: &mut Referral, date: NaiveDate, today: NaiveDate, rng: &mut Rng) {
    referral.seen_on = Some(date);
    referral.stage = Stage::Seen;
    if referral.cancer {
        let days_since = (today - date).num_days();
        if days_since >= 5 && rng.chance(0.7) {
            let told = date + Days::new(rng.between(5, days_since.min(14)) as u64);
            tell_cancer_outcome(referral, told, rng);
        }
        return;
    }
    decide_in_clinic(referral, date, rng, [25, 10, 10]);
}

fn seen_again(referral: &mut Referral, date: NaiveDate, rng: &mut Rng) {
    referral.visits.push((date, Visit::FollowUpAttended));
    if referral.cancer {
        tell_cancer_outcome(referral, date, rng);
        return;
    }
    decide_in_clinic(referral, date, rng, [35, 10, 15]);
}

fn tell_cancer_outcome(referral: &mut Referral, told: NaiveDate, rng: &mut Rng) {
    referral.outcome_on = Some(told);
    referral.decided_on = Some(told);
    if rng.chance(0.85) {
        referral.stage = Stage::Discharged;
    } else {
        referral.cancer_found = true;
        referral.stage = Stage::AwaitingTreatment;
    }
}

/// The consultant decides at the visit, with `[treat, monitor, discharge]` percent chances; otherwise the patient
/// stays under review (tests, a follow-up).
fn decide_in_clinic(referral: &mut Referral, date: NaiveDate, rng: &mut Rng, percent: [u64; 3]) {
    let roll = rng.below(100);
    let stage = if roll < percent[0] {
        Stage::AwaitingTreatment
    } else if roll < percent[0] + percent[1] {
        Stage::ActiveMonitoring
    } else if roll < percent[0] + percent[1] + percent[2] {
        Stage::Discharged
    } else {
        return;
    };
    referral.decided_on = Some(date);
    referral.monitoring_asked_for_by_patient = rng.chance(0.3);
    referral.stage = stage;
}
