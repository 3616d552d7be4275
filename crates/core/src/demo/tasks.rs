//! The admin team's task list: clinic letters to type after each clinic, patient queries, chasers, pathway
//! validations for the booking team, and checks after cancelled clinics. A few are overdue.

use chrono::{Days, NaiveDate};

use super::bank_holidays::working_days_after;
use super::bookings::Booking;
use super::clinics::DatedClinic;
use super::referrals::{Referral, Stage};
use super::rng::{Part, Rng};
use super::trust::{short_name, Trust, BOOKING_TEAM};
use crate::model::{AppointmentStatus, Patient};
use crate::tasks::{Task, TaskKind, TaskNote, TaskStatus};

/// Working days a secretary has to send a clinic letter (the trust's letter turnaround).
pub(crate) const LETTER_WORKING_DAYS: u32 = 5;
const PATIENT_QUERIES: usize = 60;
const CHASERS: usize = 45;
const LONG_WAIT_VALIDATIONS: usize = 40;

/// How a task is written on screen: "21 Nov 2026".
fn uk(date: NaiveDate) -> String {
    crate::calendar::uk_date(date)
}

pub(crate) struct TaskContext<'a> {
    pub trust: &'a Trust,
    pub clinics: &'a [DatedClinic],
    pub patients: &'a [Patient],
    pub referrals: &'a [Referral],
    pub bookings: &'a [Booking],
    pub today: NaiveDate,
    pub seed: u64,
}

struct TaskList {
    tasks: Vec<Task>,
}

struct NewTask {
    kind: TaskKind,
    title: String,
    patient: Option<usize>,
    consultant: Option<usize>,
    assignee: &'static str,
    created_on: NaiveDate,
    created_note: String,
    due: NaiveDate,
    /// When done, the date and what was done.
    done: Option<(NaiveDate, String)>,
}

impl TaskList {
    fn add(&mut self, trust: &Trust, task: NewTask) {
        let mut history =
            vec![TaskNote { author: task.assignee.to_string(), written_on: task.created_on, text: task.created_note }];
        if let Some((done_on, text)) = &task.done {
            history.push(TaskNote { author: task.assignee.to_string(), written_on: *done_on, text: text.clone() });
        }
        self.tasks.push(Task {
            id: format!("task-{:05}", self.tasks.len() + 1),
            kind: task.kind,
            title: task.title,
            patient_id: task.patient.map(super::patients::patient_id),
            consultant_id: task.consultant.map(|c| trust.consultants[c].id.clone()),
            assignee: task.assignee.to_string(),
            due: task.due,
            status: if task.done.is_some() { TaskStatus::Done } else { TaskStatus::Open },
            history,
            stamps: Default::default(),
            letter: None,
            query: None,
            escalation: None,
        });
    }
}

pub(crate) fn tasks(context: &TaskContext) -> Vec<Task> {
    let mut rng = Rng::stream(context.seed, Part::Tasks, 0);
    let mut list = TaskList { tasks: Vec::new() };
    clinic_letters(context, &mut rng, &mut list);
    patient_queries(context, &mut rng, &mut list);
    chasers(context, &mut rng, &mut list);
    validations(context, &mut rng, &mut list);
    cancelled_clinic_checks(context, &mut list);
    list.tasks
}

/// One letter per patient seen in clinic, usually typed within the 5 working days (one in ten later, so a few are
/// overdue); letters typed more than a week ago have dropped off the list.
fn clinic_letters(context: &TaskContext, rng: &mut Rng, list: &mut TaskList) {
    let today = context.today;
    for booking in context.bookings.iter().filter(|b| b.appointment.status == AppointmentStatus::Seen) {
        let appointment = &booking.appointment;
        let clinic = &context.clinics[booking.clinic];
        let typing_days = if rng.chance(0.9) { rng.between(1, 5) } else { rng.between(6, 8) };
        let typed_on = working_days_after(appointment.date, typing_days as u32);
        if typed_on + Days::new(7) < today {
            continue;
        }
        let patient = context.referrals[booking.referral].patient;
        let consultant = clinic.consultant;
        let assignee = context.trust.secretary_of(consultant);
        list.add(
            context.trust,
            NewTask {
                kind: TaskKind::ClinicLetter,
                title: format!(
                    "Type clinic letter: {}, seen {} ({})",
                    context.patients[patient].display_name(),
                    uk(appointment.date),
                    short_name(&context.trust.consultants[consultant].name)
                ),
                patient: Some(patient),
                consultant: Some(consultant),
                assignee,
                created_on: appointment.date,
                created_note: format!("Dictation received after clinic on {}.", uk(appointment.date)),
                due: working_days_after(appointment.date, LETTER_WORKING_DAYS),
                done: (typed_on <= today)
                    .then(|| (typed_on, "Letter typed, signed off and sent to the GP and patient.".to_string())),
            },
        );
    }
}

/// Picks up to `count` referrals that `fit`, at random, without repeats.
fn some_referrals(context: &TaskContext, rng: &mut Rng, count: usize, fit: impl Fn(&Referral) -> bool) -> Vec<usize> {
    let mut chosen = Vec::new();
    if context.referrals.is_empty() {
        return chosen;
    }
    for _ in 0..count * 20 {
        if chosen.len() == count {
            break;
        }
        let index = rng.index(context.referrals.len());
        if fit(&context.referrals[index]) && !chosen.contains(&index) {
            chosen.push(index);
        }
    }
    chosen
}

fn patient_queries(context: &TaskContext, rng: &mut Rng, list: &mut TaskList) {
    const QUERIES: [(&str, &str); 5] = [
        ("Patient phoned: asks how long the wait for a first appointment is", "Phone call logged by reception."),
        ("Patient e-mailed: cannot make the booked date, asks for a later one", "E-mail received in the team inbox."),
        ("GP surgery phoned: asks for an update on the referral", "Phone call logged by reception."),
        ("Patient phoned: new mobile number, asks us to update the record", "Phone call logged by reception."),
        ("Patient e-mailed: asks for a copy of the last clinic letter", "E-mail received in the team inbox."),
    ];
    let today = context.today;
    for index in some_referrals(context, rng, PATIENT_QUERIES, |r| r.stage.clock_running()) {
        let referral = &context.referrals[index];
        let (title, note) = *rng.pick(&QUERIES);
        let created_on = (today - Days::new(rng.below(8))).max(referral.referred_on);
        let due = working_days_after(created_on, 2);
        let done = (created_on + Days::new(3) <= today && rng.chance(0.75)).then(|| {
            (working_days_after(created_on, 1).min(today), "Patient called back and query answered.".to_string())
        });
        list.add(
            context.trust,
            NewTask {
                kind: TaskKind::PatientQuery,
                title: title.to_string(),
                patient: Some(referral.patient),
                consultant: Some(referral.consultant),
                assignee: context.trust.secretary_of(referral.consultant),
                created_on,
                created_note: note.to_string(),
                due,
                done,
            },
        );
    }
}

fn chasers(context: &TaskContext, rng: &mut Rng, list: &mut TaskList) {
    let today = context.today;
    for index in some_referrals(context, rng, CHASERS, |r| r.stage == Stage::Seen) {
        let referral = &context.referrals[index];
        let what = match context.trust.specialties[referral.specialty].tag {
            "uro" => *rng.pick(&["PSA result", "CT urogram report", "urine cytology result"]),
            "card" => *rng.pick(&["echocardiogram report", "24-hour ECG report", "CT coronary angiogram report"]),
            _ => *rng.pick(&["skin biopsy histology", "patch test results", "photographs from medical illustration"]),
        };
        let seen = referral.seen_on.unwrap_or(referral.referred_on);
        let created_on = (today - Days::new(rng.below(14))).max(seen);
        let done = (created_on + Days::new(7) <= today && rng.chance(0.5)).then(|| {
            (working_days_after(created_on, 5).min(today), "Result received and filed for the consultant.".to_string())
        });
        list.add(
            context.trust,
            NewTask {
                kind: TaskKind::Chaser,
                title: format!("Chase {what} before the follow-up"),
                patient: Some(referral.patient),
                consultant: Some(referral.consultant),
                assignee: context.trust.secretary_of(referral.consultant),
                created_on,
                created_note: format!("Consultant asked for the {what} to be chased (seen {}).", uk(seen)),
                due: working_days_after(created_on, 5),
                done,
            },
        );
    }
}

/// Pathways the booking team must check: the longest waits, and first appointments missed with no contact since.
fn validations(context: &TaskContext, rng: &mut Rng, list: &mut TaskList) {
    let today = context.today;
    let mut long_waits: Vec<usize> = (0..context.referrals.len())
        .filter(|&i| {
            context.referrals[i].stage.clock_running() && (today - context.referrals[i].referred_on).num_days() > 280
        })
        .collect();
    long_waits.sort_by_key(|&i| (context.referrals[i].referred_on, i));
    for &index in long_waits.iter().take(LONG_WAIT_VALIDATIONS) {
        let referral = &context.referrals[index];
        let weeks = (today - referral.referred_on).num_days() / 7;
        let created_on = today - Days::new(rng.below(7));
        list.add(
            context.trust,
            NewTask {
                kind: TaskKind::PathwayValidation,
                title: format!("Validate RTT pathway: {weeks} weeks waited"),
                patient: Some(referral.patient),
                consultant: Some(referral.consultant),
                assignee: BOOKING_TEAM,
                created_on,
                created_note: "On the weekly long-waiters list: check the clock start and any stops.".to_string(),
                due: working_days_after(created_on, 5),
                done: None,
            },
        );
    }
    for referral in context.referrals {
        let Some(missed_on) = referral.unanswered_dna() else { continue };
        list.add(
            context.trust,
            NewTask {
                kind: TaskKind::PathwayValidation,
                title: format!(
                    "First appointment missed on {}: ask the consultant to re-offer or discharge",
                    uk(missed_on)
                ),
                patient: Some(referral.patient),
                consultant: Some(referral.consultant),
                assignee: BOOKING_TEAM,
                created_on: missed_on,
                created_note: "Did not attend; no contact from the patient since.".to_string(),
                due: working_days_after(missed_on, 5),
                done: None,
            },
        );
    }
}

/// After a clinic is cancelled for leave, someone checks every patient was moved.
fn cancelled_clinic_checks(context: &TaskContext, list: &mut TaskList) {
    for clinic in context.clinics.iter().filter(|c| c.is_cancelled()) {
        let date = clinic.session.date;
        let created_on = (date - Days::new(42)).min(context.today);
        let due = (date - Days::new(14)).max(created_on);
        let done = (due < context.today).then(|| (due, "All patients moved to other clinics.".to_string()));
        list.add(
            context.trust,
            NewTask {
                kind: TaskKind::Other,
                title: format!("{} on {} cancelled: check every patient has been moved", clinic.session.name, uk(date)),
                patient: None,
                consultant: Some(clinic.consultant),
                assignee: BOOKING_TEAM,
                created_on,
                created_note: "Consultant leave approved: clinic cancelled.".to_string(),
                due,
                done,
            },
        );
    }
}
