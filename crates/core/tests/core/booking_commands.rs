//! Booking commands as the browser and the server both run them: what each writes, and what it refuses and why.

use pathdesk_core::command::{
    BookAppointment, CancelAppointment, CancelSession, EditSession, GenerateSessions, RebookAppointment, RecordArrival,
    RecordDidNotAttend, RecordFollowUpDue, RecordLeave, RecordOfferDeclined, RecordSeen, RecordWalkIn, ReduceSession,
    SaveClinicTemplate,
};
use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};
use pathdesk_core::booking::{session_id, Leave, SessionTimes};
use pathdesk_core::command::{tell_patient_id, CancelledBy, Command, CommandContext, Rejection, RejectionCode};
use pathdesk_core::model::{
    Appointment, AppointmentStatus, Cancellation, ClinicList, ClinicSession, ClinicTemplate, Consultant, Pathway,
    PathwayOffers, Priority, ReferralSource, SessionStatus, Slot, SlotType, TemplateSlot, Weekday, EXTRA_SLOT_ID,
};
use pathdesk_core::pathway::event::{Referral, ReferralSource as EventSource};
use pathdesk_core::pathway::{EventKind, PathwayEvent};
use pathdesk_core::record::{Record, RecordKey, RecordKind};
use pathdesk_core::tasks::{TaskKind, TaskStatus};

use crate::fixtures::patient;

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

const TODAY: &str = "2026-11-23";

fn ctx() -> CommandContext {
    CommandContext { today: date(TODAY), author: "B. Coordinator".to_string() }
}

fn ctx_on(day: &str) -> CommandContext {
    CommandContext { today: date(day), author: "R. Reception".to_string() }
}

fn slot(id: &str, slot_type: SlotType, h: u32, m: u32, capacity: u32) -> Slot {
    Slot { id: id.into(), slot_type, start: time(h, m), minutes: 15, capacity }
}

fn session(id: &str, day: &str, specialty_id: &str) -> ClinicSession {
    ClinicSession {
        id: id.into(),
        template_id: None,
        consultant_id: "con-1".into(),
        specialty_id: specialty_id.into(),
        name: "Urology new patients".into(),
        date: date(day),
        start: time(9, 0),
        end: time(12, 0),
        location: "Outpatients B".into(),
        status: SessionStatus::Scheduled,
        slots: vec![
            slot("s-new-0900", SlotType::New, 9, 0, 1),
            slot("s-fu-0930", SlotType::FollowUp, 9, 30, 2),
            slot("s-new-1000", SlotType::New, 10, 0, 1),
        ],
    }
}

fn referral(day: &str) -> PathwayEvent {
    PathwayEvent::new(
        date(day),
        EventKind::ReferralReceived(Box::new(Referral { source: Some(EventSource::Gp), ..Referral::default() })),
    )
}

fn pathway(id: &str, patient_id: &str, events: Vec<PathwayEvent>) -> Pathway {
    Pathway {
        id: id.into(),
        patient_id: patient_id.into(),
        specialty_id: "spec-uro".into(),
        consultant_id: "con-1".into(),
        priority: Priority::Routine,
        source: ReferralSource::Gp,
        cancer: false,
        follow_up_due: None,
        listed: None,
        validations: Vec::new(),
        events,
    }
}

/// A desk's records: two patients waiting for a first appointment, and clinics 4 weeks and 1 week away and today.
struct Desk {
    records: HashMap<RecordKey, Record>,
}

impl Desk {
    fn new() -> Self {
        let mut desk = Desk { records: HashMap::new() };
        desk.put(Record::Patient(patient("pat-1", "Example")));
        desk.put(Record::Patient(patient("pat-2", "Sample")));
        desk.put(Record::Pathway(pathway("pw-1", "pat-1", vec![referral("2026-10-01")])));
        desk.put(Record::Pathway(pathway("pw-2", "pat-2", vec![referral("2026-10-05")])));
        desk.put(Record::ClinicSession(session("ses-dec", "2026-12-21", "spec-uro")));
        desk.put(Record::ClinicSession(session("ses-soon", "2026-11-30", "spec-uro")));
        desk.put(Record::ClinicSession(session("ses-today", TODAY, "spec-uro")));
        desk.put(Record::ClinicSession(session("ses-derm", "2026-12-21", "spec-derm")));
        desk.put(Record::Consultant(Consultant::new("con-1", "Mr A. Surgeon", "spec-uro")));
        desk
    }

    fn put(&mut self, record: Record) {
        self.records.insert(record.key(), record);
    }

    /// Applies the command with only the records it names (as the store and the server load them) and keeps
    /// what it writes.
    fn run(&mut self, command: Command, ctx: &CommandContext) -> Result<Vec<Record>, Rejection> {
        let loaded: HashMap<RecordKey, Record> = command
            .reads()
            .into_iter()
            .filter_map(|key| self.records.get(&key).map(|record| (key, record.clone())))
            .collect();
        let written = command.apply(ctx, &loaded)?;
        for record in &written {
            self.put(record.clone());
        }
        Ok(written)
    }

    fn appointment(&self, id: &str) -> Appointment {
        match self.records.get(&RecordKey::new(RecordKind::Appointment, id)) {
            Some(Record::Appointment(appointment)) => appointment.clone(),
            other => panic!("no appointment {id}: {other:?}"),
        }
    }

    fn pathway(&self, id: &str) -> Pathway {
        match self.records.get(&RecordKey::new(RecordKind::Pathway, id)) {
            Some(Record::Pathway(pathway)) => pathway.clone(),
            other => panic!("no pathway {id}: {other:?}"),
        }
    }

    fn list(&self, session_id: &str) -> ClinicList {
        match self.records.get(&RecordKey::new(RecordKind::ClinicList, session_id)) {
            Some(Record::ClinicList(list)) => list.clone(),
            _ => ClinicList::new(session_id),
        }
    }

    fn offers(&self, pathway_id: &str) -> PathwayOffers {
        match self.records.get(&RecordKey::new(RecordKind::PathwayOffers, pathway_id)) {
            Some(Record::PathwayOffers(offers)) => offers.clone(),
            other => panic!("no offers for {pathway_id}: {other:?}"),
        }
    }

    fn session(&self, id: &str) -> ClinicSession {
        match self.records.get(&RecordKey::new(RecordKind::ClinicSession, id)) {
            Some(Record::ClinicSession(session)) => session.clone(),
            other => panic!("no session {id}: {other:?}"),
        }
    }
}

fn book(appointment_id: &str, pathway_id: &str, session_id: &str, slot_id: &str) -> Command {
    Command::BookAppointment(BookAppointment {
        appointment_id: appointment_id.into(),
        pathway_id: pathway_id.into(),
        session_id: session_id.into(),
        slot_id: slot_id.into(),
        offered_on: date(TODAY),
        patient_accepted_earlier_date: false,
        past_deadline_reason: None,
        consultant_id: None,
    })
}

fn refused(result: Result<Vec<Record>, Rejection>) -> Rejection {
    match result {
        Ok(written) => panic!("expected a refusal, got {written:?}"),
        Err(rejection) => rejection,
    }
}

fn assert_mentions(rejection: &Rejection, words: &str) {
    assert!(rejection.message.contains(words), "{:?} should mention {words:?}", rejection.message);
}

fn last_event(pathway: &Pathway) -> &EventKind {
    &pathway.events.last().expect("an event").kind
}

// --- Booking -----------------------------------------------------------------------------------------------------

#[test]
fn booking_a_first_appointment_fills_a_place_and_records_the_accepted_offer() {
    let mut desk = Desk::new();
    let written = desk.run(book("appt-1", "pw-1", "ses-dec", "s-new-0900"), &ctx()).unwrap();
    let kinds: Vec<RecordKind> = written.iter().map(Record::kind).collect();
    assert_eq!(kinds, vec![RecordKind::Appointment, RecordKind::ClinicList, RecordKind::PathwayOffers]);

    let appointment = desk.appointment("appt-1");
    assert_eq!(appointment.status, AppointmentStatus::Booked);
    assert_eq!(appointment.patient_id, "pat-1");
    assert_eq!((appointment.date, appointment.start), (date("2026-12-21"), time(9, 0)));
    assert_eq!(appointment.slot_type, SlotType::New);
    assert_eq!(appointment.booked_on, date(TODAY));
    assert_eq!(desk.list("ses-dec").booked("s-new-0900"), 1);
    let offers = desk.offers("pw-1");
    assert_eq!(offers.offers.len(), 1);
    assert_eq!(offers.offers[0].id, "appt-1");
    assert!(offers.offers[0].reasonable && !offers.offers[0].declined);
    assert!(!offers.offers[0].patient_accepted_earlier_date);
    // A GP referral's clock already runs: the booking adds no pathway event.
    assert_eq!(desk.pathway("pw-1").events.len(), 1);
}

#[test]
fn a_full_slot_is_refused_with_the_patient_who_needs_another_slot() {
    let mut desk = Desk::new();
    desk.run(book("appt-1", "pw-1", "ses-dec", "s-new-0900"), &ctx()).unwrap();
    let rejection = refused(desk.run(book("appt-2", "pw-2", "ses-dec", "s-new-0900"), &ctx()));
    assert_eq!(rejection.code, RejectionCode::Conflict);
    assert_eq!(rejection.message, "The 09:00 slot is full (1 booked, 1 places). Choose another slot.");
    let needs = rejection.needs_rebooking().expect("who needs rebooking");
    assert_eq!(needs.patient_id, "pat-2");
    assert_eq!(needs.pathway_id, "pw-2");
    assert_eq!((needs.session_id.as_str(), needs.slot_id.as_str()), ("ses-dec", "s-new-0900"));
    assert_eq!(needs.clinic, "Urology new patients");
    // A slot of two takes two.
    let mut desk = Desk::new();
    for (id, pathway_id) in [("a", "pw-1"), ("b", "pw-2")] {
        let mut pathway = desk.pathway(pathway_id);
        pathway.events.push(PathwayEvent::new(date("2026-11-02"), EventKind::OutpatientAttended { first: Some(true) }));
        desk.put(Record::Pathway(pathway));
        desk.run(book(id, pathway_id, "ses-dec", "s-fu-0930"), &ctx()).unwrap();
    }
    assert_eq!(desk.list("ses-dec").booked("s-fu-0930"), 2);
}

#[test]
fn a_date_after_a_cancer_deadline_is_booked_only_with_the_reason_recorded() {
    let mut desk = Desk::new();
    // An urgent suspected cancer referral on 5 Nov: its 28-day date is 3 Dec; the clinic on 21 Dec is after it.
    let mut cancer = pathway(
        "pw-usc",
        "pat-1",
        vec![PathwayEvent::new(
            date("2026-11-05"),
            EventKind::ReferralReceived(Box::new(Referral {
                source: Some(EventSource::Gp),
                route: Some(pathdesk_core::pathway::event::CancerRoute::UrgentSuspectedCancer),
                ..Referral::default()
            })),
        )],
    );
    cancer.priority = Priority::UrgentSuspectedCancer;
    cancer.cancer = true;
    desk.put(Record::Pathway(cancer));
    let late = refused(desk.run(book("a-late", "pw-usc", "ses-dec", "s-new-0900"), &ctx()));
    assert_eq!(late.code, RejectionCode::Invalid);
    assert_mentions(&late, "21 Dec 2026 is after the 28-day Faster Diagnosis deadline (3 Dec 2026)");
    // After it, with the patient's choice recorded: booked.
    let mut chosen = book("a-chosen", "pw-usc", "ses-dec", "s-new-0900");
    if let Command::BookAppointment(booking) = &mut chosen {
        booking.past_deadline_reason = Some("Patient's choice: away until 20 Dec".into());
    }
    desk.run(chosen, &ctx()).expect("booked with the reason recorded");
    assert_eq!(desk.appointment("a-chosen").date, date("2026-12-21"));
    // Within the deadline: no reason needed (short notice agreed by the patient).
    let mut soon = book("a-soon", "pw-usc", "ses-soon", "s-new-0900");
    if let Command::BookAppointment(booking) = &mut soon {
        booking.patient_accepted_earlier_date = true;
    }
    desk.run(soon, &ctx()).expect("30 Nov is within the 28 days");
    // A routine pathway (no cancer clock) is never held to one.
    desk.run(book("a-routine", "pw-2", "ses-dec", "s-new-1000"), &ctx()).expect("no cancer deadline");
}

#[test]
fn the_slot_type_follows_whether_the_patient_has_been_seen() {
    let mut desk = Desk::new();
    let rejection = refused(desk.run(book("appt-1", "pw-1", "ses-dec", "s-fu-0930"), &ctx()));
    assert_eq!(rejection.code, RejectionCode::Invalid);
    assert_eq!(rejection.message, "The 09:30 slot is for Follow-up appointments, not New. Choose a New slot.");

    let mut pathway = desk.pathway("pw-1");
    pathway.events.push(PathwayEvent::new(date("2026-11-02"), EventKind::OutpatientAttended { first: Some(true) }));
    desk.put(Record::Pathway(pathway));
    let rejection = refused(desk.run(book("appt-1", "pw-1", "ses-dec", "s-new-0900"), &ctx()));
    assert_mentions(&rejection, "Choose a Follow-up slot");
    desk.run(book("appt-1", "pw-1", "ses-dec", "s-fu-0930"), &ctx()).unwrap();
    assert_eq!(desk.appointment("appt-1").slot_type, SlotType::FollowUp);
}

#[test]
fn booking_refuses_other_specialties_cancelled_and_past_clinics_and_unknown_slots() {
    let mut desk = Desk::new();
    let rejection = refused(desk.run(book("a", "pw-1", "ses-derm", "s-new-0900"), &ctx()));
    assert_mentions(&rejection, "another specialty");

    let mut cancelled = desk.session("ses-dec");
    cancelled.status = SessionStatus::Cancelled { reason: "Consultant on leave".into() };
    desk.put(Record::ClinicSession(cancelled));
    let rejection = refused(desk.run(book("a", "pw-1", "ses-dec", "s-new-0900"), &ctx()));
    assert_eq!(rejection.code, RejectionCode::Conflict);
    assert_mentions(&rejection, "is cancelled (Consultant on leave)");

    let rejection = refused(desk.run(book("a", "pw-1", "ses-soon", "s-new-0900"), &ctx_on("2026-12-01")));
    assert_mentions(&rejection, "is in the past");

    let rejection = refused(desk.run(book("a", "pw-1", "ses-soon", "s-nowhere"), &ctx()));
    assert_mentions(&rejection, "not in Urology new patients on 30 Nov 2026");

    let rejection = refused(desk.run(book("a", "pw-1", "ses-missing", "s-new-0900"), &ctx()));
    assert_eq!(rejection.code, RejectionCode::NotFound);

    let mut desk = Desk::new();
    desk.run(book("a", "pw-1", "ses-dec", "s-new-0900"), &ctx()).unwrap();
    let rejection = refused(desk.run(book("a", "pw-2", "ses-dec", "s-new-1000"), &ctx()));
    assert_mentions(&rejection, "already exists");
}

#[test]
fn short_notice_needs_the_patients_agreement_which_is_recorded() {
    let mut desk = Desk::new();
    // 30 Nov is 7 days after the offer: less than the 21 days of a reasonable offer.
    let rejection = refused(desk.run(book("appt-1", "pw-1", "ses-soon", "s-new-0900"), &ctx()));
    assert_eq!(rejection.code, RejectionCode::Invalid);
    assert_mentions(&rejection, "Only 7 days' notice");
    assert_mentions(&rejection, "record that the patient accepted this earlier date");
    assert!(desk.list("ses-soon").places.is_empty(), "nothing written");

    let accepted = Command::BookAppointment(BookAppointment {
        appointment_id: "appt-1".into(),
        pathway_id: "pw-1".into(),
        session_id: "ses-soon".into(),
        slot_id: "s-new-0900".into(),
        offered_on: date(TODAY),
        patient_accepted_earlier_date: true,
        past_deadline_reason: None,
        consultant_id: None,
    });
    desk.run(accepted, &ctx()).unwrap();
    let offer = &desk.offers("pw-1").offers[0];
    assert!(offer.patient_accepted_earlier_date && offer.reasonable);

    let future_offer = Command::BookAppointment(BookAppointment {
        appointment_id: "appt-2".into(),
        pathway_id: "pw-2".into(),
        session_id: "ses-dec".into(),
        slot_id: "s-new-1000".into(),
        offered_on: date("2026-11-24"),
        patient_accepted_earlier_date: false,
        past_deadline_reason: None,
        consultant_id: None,
    });
    assert_mentions(&refused(desk.run(future_offer, &ctx())), "is after today");
}

#[test]
fn booking_an_e_referral_converts_its_ubrn_so_the_clock_starts() {
    let mut desk = Desk::new();
    let created = PathwayEvent::new(date("2026-11-10"), EventKind::ErsReferralCreated { ubrn: None });
    desk.put(Record::Pathway(pathway("pw-1", "pat-1", vec![created])));
    desk.run(book("appt-1", "pw-1", "ses-dec", "s-new-0900"), &ctx()).unwrap();
    let pathway = desk.pathway("pw-1");
    assert_eq!(last_event(&pathway), &EventKind::UbrnConverted {});
    assert_eq!(pathway.events.last().unwrap().date, Some(date(TODAY)));
    let clock = pathdesk_core::pathway::RttClock::compute(&pathway.events, date(TODAY));
    assert_eq!(clock.start(), Some(date(TODAY)));
}

// --- Cancelling and rebooking --------------------------------------------------------------------------------------

fn cancel(appointment_id: &str, pathway_id: &str, by: CancelledBy, reason: &str) -> Command {
    Command::CancelAppointment(CancelAppointment {
        appointment_id: appointment_id.into(),
        pathway_id: pathway_id.into(),
        session_id: "ses-dec".into(),
        by,
        reason: reason.into(),
    })
}

#[test]
fn a_patient_cancellation_frees_the_place_and_becomes_a_pathway_event() {
    let mut desk = Desk::new();
    desk.run(book("appt-1", "pw-1", "ses-dec", "s-new-0900"), &ctx()).unwrap();
    desk.run(cancel("appt-1", "pw-1", CancelledBy::Patient, "  On holiday  "), &ctx()).unwrap();
    assert_eq!(desk.appointment("appt-1").status, AppointmentStatus::CancelledByPatient);
    assert_eq!(
        desk.appointment("appt-1").cancelled,
        Some(Cancellation { on: date(TODAY), reason: "On holiday".into() }),
        "the day and the reason are kept on the appointment, for the reports"
    );
    let pathway = desk.pathway("pw-1");
    assert_eq!(
        last_event(&pathway),
        &EventKind::PatientCancelled { appointment_date: Some(date("2026-12-21")), first: Some(true) }
    );
    assert_eq!(pathway.events.last().unwrap().note.as_deref(), Some("On holiday"));
    let note = desk
        .records
        .values()
        .find_map(|record| match record {
            Record::PatientNote(note) => Some(note.clone()),
            _ => None,
        })
        .expect("a note on the patient's record");
    assert_eq!(note.text, "Appointment on 21 Dec 2026 at 09:00 cancelled by the patient: On holiday");
    // The place is free again.
    desk.run(book("appt-2", "pw-2", "ses-dec", "s-new-0900"), &ctx()).unwrap();
    assert_eq!(desk.list("ses-dec").places.len(), 1);
}

#[test]
fn a_hospital_cancellation_keeps_the_clock_and_needs_a_reason() {
    let mut desk = Desk::new();
    desk.run(book("appt-1", "pw-1", "ses-dec", "s-new-0900"), &ctx()).unwrap();
    let rejection = refused(desk.run(cancel("appt-1", "pw-1", CancelledBy::Hospital, "  "), &ctx()));
    assert_mentions(&rejection, "reason for cancelling is empty");
    let written = desk.run(cancel("appt-1", "pw-1", CancelledBy::Hospital, "Clinic room flooded"), &ctx()).unwrap();
    assert!(!written.iter().any(|record| record.kind() == RecordKind::Pathway), "no pathway event");
    assert_eq!(desk.appointment("appt-1").status, AppointmentStatus::CancelledByHospital);
    assert_eq!(
        desk.appointment("appt-1").cancelled,
        Some(Cancellation { on: date(TODAY), reason: "Clinic room flooded".into() })
    );
    assert!(desk.list("ses-dec").places.is_empty());
    let again = refused(desk.run(cancel("appt-1", "pw-1", CancelledBy::Hospital, "Twice"), &ctx()));
    assert_eq!(again.code, RejectionCode::Conflict);
    assert_mentions(&again, "already cancelled by hospital");
    let wrong = refused(desk.run(cancel("appt-1", "pw-2", CancelledBy::Hospital, "Wrong"), &ctx()));
    assert_mentions(&wrong, "not to the pathway and clinic given");
}

fn task(desk: &Desk, id: &str) -> Option<pathdesk_core::tasks::Task> {
    match desk.records.get(&RecordKey::new(RecordKind::Task, id)) {
        Some(Record::Task(task)) => Some(task.clone()),
        _ => None,
    }
}

#[test]
fn the_hospital_cancelling_or_moving_an_appointment_asks_the_booking_team_to_tell_the_patient() {
    let mut desk = Desk::new();
    // 21 Dec is four weeks away: a letter will do.
    desk.run(book("appt-1", "pw-1", "ses-dec", "s-new-0900"), &ctx()).unwrap();
    desk.run(cancel("appt-1", "pw-1", CancelledBy::Hospital, "Clinic room flooded"), &ctx()).unwrap();
    let tell = task(&desk, "tell-appt-1-cancelled").expect("a task to tell the patient");
    assert_eq!(
        tell.title,
        "Tell the patient: appointment on 21 Dec 2026 at 09:00 cancelled by the hospital (Clinic room flooded); to be rebooked"
    );
    assert_eq!((tell.assignee.as_str(), tell.patient_id.as_deref()), ("Booking team", Some("pat-1")));
    assert!(tell.history[0].text.ends_with("Send the letter."), "{}", tell.history[0].text);
    assert_eq!(pathdesk_core::command::told_appointment(&tell.id), Some("appt-1"), "its letter is the cancelled one's");
    // The patient cancelling is not something to tell them.
    desk.run(book("appt-2", "pw-2", "ses-dec", "s-new-0900"), &ctx()).unwrap();
    desk.run(cancel("appt-2", "pw-2", CancelledBy::Patient, "On holiday"), &ctx()).unwrap();
    assert!(task(&desk, "tell-appt-2-cancelled").is_none());

    // Moved to 30 Nov, a week away: short notice, so phone first.
    desk.run(book("appt-3", "pw-2", "ses-dec", "s-new-1000"), &ctx()).unwrap();
    let mut moved = rebook("ses-soon", "s-new-0900");
    if let Command::RebookAppointment(rebook) = &mut moved {
        rebook.appointment_id = "appt-3".into();
        rebook.pathway_id = "pw-2".into();
        rebook.patient_accepted_earlier_date = true;
    }
    let new_id = match &moved {
        Command::RebookAppointment(rebook) => rebook.new_appointment_id.clone(),
        _ => unreachable!(),
    };
    desk.run(moved, &ctx()).unwrap();
    let tell = task(&desk, &format!("tell-{new_id}-moved")).expect("a task to tell the patient of the move");
    assert_eq!(tell.title, "Phone the patient: appointment moved from 21 Dec 2026 at 10:00 to 30 Nov 2026 at 09:00");
    assert!(tell.history[0].text.ends_with("Phone first (short notice), then send the letter."));
    assert_eq!(
        pathdesk_core::command::told_appointment(&tell.id),
        Some(new_id.as_str()),
        "its letter is the new one's"
    );
}

#[test]
fn cancelling_a_clinic_asks_to_phone_its_cancer_patients_first() {
    let mut desk = Desk::new();
    let mut cancer = desk.pathway("pw-1");
    cancer.cancer = true;
    desk.put(Record::Pathway(cancer));
    desk.run(book("appt-1", "pw-1", "ses-dec", "s-new-0900"), &ctx()).unwrap();
    desk.run(book("appt-2", "pw-2", "ses-dec", "s-new-1000"), &ctx()).unwrap();
    let command = Command::CancelSession(CancelSession {
        session_id: "ses-dec".into(),
        reason: "Consultant unwell".into(),
        appointment_ids: vec!["appt-1".into(), "appt-2".into()],
        pathway_ids: vec!["pw-1".into(), "pw-2".into()],
    });
    desk.run(command, &ctx()).unwrap();
    let cancer_task = task(&desk, "tell-appt-1-cancelled").unwrap();
    assert!(
        cancer_task.title.starts_with("Phone the patient: Urology new patients on 21 Dec 2026 cancelled"),
        "{}",
        cancer_task.title
    );
    assert!(cancer_task.history[0].text.ends_with("Phone first (a cancer pathway), then send the letter."));
    let routine_task = task(&desk, "tell-appt-2-cancelled").unwrap();
    assert!(routine_task.title.starts_with("Tell the patient: "), "{}", routine_task.title);
}

fn rebook(session_id: &str, slot_id: &str) -> Command {
    Command::RebookAppointment(RebookAppointment {
        appointment_id: "appt-1".into(),
        pathway_id: "pw-1".into(),
        old_session_id: "ses-dec".into(),
        new_appointment_id: "appt-1b".into(),
        session_id: session_id.into(),
        slot_id: slot_id.into(),
        reason: Some("Consultant on leave".into()),
        patient_accepted_earlier_date: false,
        past_deadline_reason: None,
        consultant_id: None,
    })
}

#[test]
fn rebooking_moves_the_patient_in_one_step() {
    let mut desk = Desk::new();
    desk.run(book("appt-1", "pw-1", "ses-dec", "s-new-0900"), &ctx()).unwrap();
    desk.run(rebook("ses-dec", "s-new-1000"), &ctx()).unwrap();
    assert_eq!(desk.appointment("appt-1").status, AppointmentStatus::CancelledByHospital);
    assert_eq!(desk.appointment("appt-1").cancelled.as_ref().map(|c| c.reason.as_str()), Some("Consultant on leave"));
    let moved = desk.appointment("appt-1b");
    assert_eq!((moved.status, moved.start), (AppointmentStatus::Booked, time(10, 0)));
    let list = desk.list("ses-dec");
    assert_eq!((list.booked("s-new-0900"), list.booked("s-new-1000")), (0, 1));
    assert_eq!(last_event(&desk.pathway("pw-1")), &EventKind::AppointmentRebookedByProvider {});

    // Into a full slot: nothing changes, and the refusal names the patient.
    desk.run(book("appt-2", "pw-2", "ses-dec", "s-new-0900"), &ctx()).unwrap();
    let mut desk2 = Desk::new();
    desk2.run(book("appt-1", "pw-1", "ses-dec", "s-new-1000"), &ctx()).unwrap();
    desk2.run(book("appt-2", "pw-2", "ses-dec", "s-new-0900"), &ctx()).unwrap();
    let rejection = refused(desk2.run(rebook("ses-dec", "s-new-0900"), &ctx()));
    assert_eq!(rejection.needs_rebooking().unwrap().patient_id, "pat-1");
    assert_eq!(desk2.appointment("appt-1").status, AppointmentStatus::Booked, "the old booking stands");
}

// --- Reception ---------------------------------------------------------------------------------------------------

fn booked_today(desk: &mut Desk, appointment_id: &str, pathway_id: &str, slot_id: &str) {
    // Booked three weeks ago for today.
    let command = Command::BookAppointment(BookAppointment {
        appointment_id: appointment_id.into(),
        pathway_id: pathway_id.into(),
        session_id: "ses-today".into(),
        slot_id: slot_id.into(),
        offered_on: date("2026-11-02"),
        patient_accepted_earlier_date: false,
        past_deadline_reason: None,
        consultant_id: None,
    });
    desk.run(command, &ctx_on("2026-11-02")).unwrap();
}

#[test]
fn reception_checks_in_and_marks_seen_which_records_the_first_attendance() {
    let mut desk = Desk::new();
    booked_today(&mut desk, "appt-1", "pw-1", "s-new-0900");
    let early = refused(
        desk.run(Command::RecordArrival(RecordArrival { appointment_id: "appt-1".into() }), &ctx_on("2026-11-20")),
    );
    assert_mentions(&early, "not today");
    desk.run(Command::RecordArrival(RecordArrival { appointment_id: "appt-1".into() }), &ctx()).unwrap();
    assert_eq!(desk.appointment("appt-1").status, AppointmentStatus::Arrived);
    let twice = refused(desk.run(Command::RecordArrival(RecordArrival { appointment_id: "appt-1".into() }), &ctx()));
    assert_mentions(&twice, "already marked \"Arrived\"");

    let written = desk.run(seen_in_pool("appt-1", "pw-1"), &ctx()).unwrap();
    assert_eq!(desk.appointment("appt-1").status, AppointmentStatus::Seen);
    let letter = written
        .iter()
        .find_map(|record| match record {
            Record::Task(task) => Some(task.clone()),
            _ => None,
        })
        .expect("a clinic letter task");
    assert_eq!(letter.kind, TaskKind::ClinicLetter);
    assert_eq!(letter.id, "letter-appt-1");
    assert_eq!(letter.assignee, "Medical secretaries");
    assert_eq!(letter.patient_id.as_deref(), Some("pat-1"));
    // Five working days after Monday 23 Nov 2026.
    assert_eq!(letter.due, date("2026-11-30"));
    let pathway = desk.pathway("pw-1");
    assert_eq!(last_event(&pathway), &EventKind::OutpatientAttended { first: Some(true) });
    assert_eq!(pathway.events.last().unwrap().date, Some(date(TODAY)));
    // The place stays taken.
    assert_eq!(desk.list("ses-today").booked("s-new-0900"), 1);
}

/// The patient of `appointment_id` was seen, the desk not saying whose clinic it was (the letter goes to the pool).
fn seen_in_pool(appointment_id: &str, pathway_id: &str) -> Command {
    Command::RecordSeen(RecordSeen {
        appointment_id: appointment_id.into(),
        pathway_id: pathway_id.into(),
        consultant_id: None,
    })
}

/// A consultant with a named secretary: the letter of each patient seen in their clinic goes to that secretary;
/// a consultant without one, or a desk that did not say whose clinic it was, leaves it with the pool.
#[test]
fn the_clinic_letter_goes_to_the_consultants_named_secretary() {
    let mut desk = Desk::new();
    let mut named = pathdesk_core::model::Consultant::new("con-named", "Ms Rivers", "spec-uro");
    named.secretary = Some("R. Hughes (Urology)".into());
    desk.put(Record::Consultant(named));
    desk.put(Record::Consultant(pathdesk_core::model::Consultant::new("con-pool", "Mr Hale", "spec-uro")));
    let letter_for = |desk: &mut Desk, appointment: &str, slot: &str, consultant: Option<&str>| {
        booked_today(desk, appointment, "pw-1", slot);
        let seen = RecordSeen {
            appointment_id: appointment.into(),
            pathway_id: "pw-1".into(),
            consultant_id: consultant.map(str::to_string),
        };
        let written = desk.run(Command::RecordSeen(seen), &ctx()).unwrap();
        written
            .iter()
            .find_map(|record| match record {
                Record::Task(task) => Some(task.assignee.clone()),
                _ => None,
            })
            .expect("a letter task")
    };
    assert_eq!(letter_for(&mut desk, "appt-1", "s-new-0900", Some("con-named")), "R. Hughes (Urology)");
    assert_eq!(letter_for(&mut desk, "appt-2", "s-fu-0930", Some("con-pool")), "Medical secretaries");
}

#[test]
fn the_clinic_letter_follows_the_trusts_letter_standard() {
    let mut desk = Desk::new();
    let settings = pathdesk_core::settings::TrustSettings { letter_due_working_days: 3, ..Default::default() };
    desk.put(Record::TrustSettings(settings));
    booked_today(&mut desk, "appt-1", "pw-1", "s-new-0900");
    let written = desk.run(seen_in_pool("appt-1", "pw-1"), &ctx()).unwrap();
    let due = written.iter().find_map(|record| match record {
        Record::Task(task) => Some(task.due),
        _ => None,
    });
    // Three working days after Monday 23 Nov 2026, where the default would give Monday 30 Nov.
    assert_eq!(due, Some(date("2026-11-26")));
}

#[test]
fn a_follow_up_attendance_is_not_first() {
    let mut desk = Desk::new();
    let mut pathway = desk.pathway("pw-1");
    pathway.events.push(PathwayEvent::new(date("2026-10-20"), EventKind::OutpatientAttended { first: Some(true) }));
    desk.put(Record::Pathway(pathway));
    booked_today(&mut desk, "appt-1", "pw-1", "s-fu-0930");
    // A letter task already made (by another desk) is left as it is.
    let mut existing = pathdesk_core::tasks::Task::new_open(
        "letter-appt-1",
        TaskKind::ClinicLetter,
        "Clinic letter",
        "S. Secretary",
        date("2026-11-30"),
    );
    existing.status = TaskStatus::Done;
    desk.put(Record::Task(existing));
    let written = desk.run(seen_in_pool("appt-1", "pw-1"), &ctx()).unwrap();
    assert!(!written.iter().any(|record| record.kind() == RecordKind::Task), "no second letter task");
    assert_eq!(last_event(&desk.pathway("pw-1")), &EventKind::OutpatientAttended { first: Some(false) });
}

#[test]
fn did_not_attend_records_the_dna_and_keeps_the_place() {
    let mut desk = Desk::new();
    booked_today(&mut desk, "appt-1", "pw-1", "s-new-0900");
    let dna = Command::RecordDidNotAttend(RecordDidNotAttend {
        appointment_id: "appt-1".into(),
        pathway_id: "pw-1".into(),
        clearly_communicated: true,
    });
    desk.run(dna.clone(), &ctx()).unwrap();
    assert_eq!(desk.appointment("appt-1").status, AppointmentStatus::DidNotAttend);
    assert_eq!(
        last_event(&desk.pathway("pw-1")),
        &EventKind::AppointmentDna { first: Some(true), clearly_communicated: Some(true) }
    );
    assert_mentions(&refused(desk.run(dna, &ctx())), "already marked \"Did not attend\"");
    assert_eq!(desk.list("ses-today").booked("s-new-0900"), 1, "a missed appointment used its place");
    let arrival = refused(desk.run(Command::RecordArrival(RecordArrival { appointment_id: "appt-1".into() }), &ctx()));
    assert_eq!(arrival.code, RejectionCode::Conflict);

    let future = Command::RecordDidNotAttend(RecordDidNotAttend {
        appointment_id: "appt-1".into(),
        pathway_id: "pw-1".into(),
        clearly_communicated: false,
    });
    assert_mentions(&refused(desk.run(future, &ctx_on("2026-11-22"))), "after today");
}

#[test]
fn a_walk_in_is_seen_in_a_free_slot_or_as_an_extra_today_only() {
    let mut desk = Desk::new();
    booked_today(&mut desk, "appt-1", "pw-1", "s-new-0900");
    let into_full = Command::RecordWalkIn(RecordWalkIn {
        appointment_id: "walk-1".into(),
        pathway_id: "pw-2".into(),
        session_id: "ses-today".into(),
        slot_id: Some("s-new-0900".into()),
    });
    let rejection = refused(desk.run(into_full, &ctx()));
    assert_mentions(&rejection, "is full");
    assert_mentions(&rejection, "Or see the patient as an extra.");

    let extra = Command::RecordWalkIn(RecordWalkIn {
        appointment_id: "walk-1".into(),
        pathway_id: "pw-2".into(),
        session_id: "ses-today".into(),
        slot_id: None,
    });
    desk.run(extra, &ctx()).unwrap();
    let walk_in = desk.appointment("walk-1");
    assert_eq!(walk_in.status, AppointmentStatus::Arrived);
    assert_eq!(walk_in.slot_id, EXTRA_SLOT_ID);
    assert_eq!(walk_in.slot_type, SlotType::New);
    let list = desk.list("ses-today");
    assert_eq!(list.places.len(), 2);
    assert_eq!(list.booked("s-new-0900"), 1, "an extra takes no slot's place");

    let in_a_slot = Command::RecordWalkIn(RecordWalkIn {
        appointment_id: "walk-2".into(),
        pathway_id: "pw-2".into(),
        session_id: "ses-today".into(),
        slot_id: Some("s-new-1000".into()),
    });
    desk.run(in_a_slot, &ctx()).unwrap();
    assert_eq!(desk.list("ses-today").booked("s-new-1000"), 1);

    let not_today = Command::RecordWalkIn(RecordWalkIn {
        appointment_id: "walk-3".into(),
        pathway_id: "pw-2".into(),
        session_id: "ses-dec".into(),
        slot_id: None,
    });
    assert_mentions(&refused(desk.run(not_today, &ctx())), "not today");
}

// --- Declined offers ---------------------------------------------------------------------------------------------

fn declined(offer_id: &str, offered_on: &str, appointment_date: &str) -> Command {
    Command::RecordOfferDeclined(RecordOfferDeclined {
        pathway_id: "pw-1".into(),
        offer_id: offer_id.into(),
        offered_on: date(offered_on),
        appointment_date: date(appointment_date),
        consultant_id: None,
    })
}

/// The clinical review the declined offers call for goes to the pathway's consultant's named secretary, who
/// arranges it with them; a desk naming another consultant than the pathway's does not move it.
#[test]
fn a_clinical_review_goes_to_the_consultants_named_secretary() {
    let review_for = |consultant_id: &str| {
        let mut desk = Desk::new();
        let pathway = desk.pathway("pw-1");
        let mut theirs = pathdesk_core::model::Consultant::new(pathway.consultant_id.clone(), "Ms Rivers", "spec-uro");
        theirs.secretary = Some("R. Hughes (Urology)".into());
        desk.put(Record::Consultant(theirs));
        let mut other = pathdesk_core::model::Consultant::new("con-other", "Mr Hale", "spec-uro");
        other.secretary = Some("S. Patel (Urology)".into());
        desk.put(Record::Consultant(other));
        let id = if consultant_id == "theirs" { pathway.consultant_id.clone() } else { consultant_id.to_string() };
        let mut task = None;
        for (offer, offered_on, on) in [("o-1", "2026-11-02", "2026-11-30"), ("o-3", "2026-11-20", "2026-12-14")] {
            let command = Command::RecordOfferDeclined(RecordOfferDeclined {
                pathway_id: "pw-1".into(),
                offer_id: offer.into(),
                offered_on: date(offered_on),
                appointment_date: date(on),
                consultant_id: Some(id.clone()),
            });
            let written = desk.run(command, &ctx()).unwrap();
            task = written.into_iter().find_map(|record| match record {
                Record::Task(task) => Some(task.assignee),
                _ => None,
            });
        }
        task.expect("a clinical review task")
    };
    assert_eq!(review_for("theirs"), "R. Hughes (Urology)");
    assert_eq!(review_for("con-other"), "Booking team", "only the pathway's own consultant's secretary");
}

#[test]
fn two_declined_reasonable_offers_ask_for_a_clinical_review_never_a_discharge() {
    let mut desk = Desk::new();
    let written = desk.run(declined("o-1", "2026-11-02", "2026-11-30"), &ctx()).unwrap();
    assert_eq!(written.iter().map(Record::kind).collect::<Vec<_>>(), vec![RecordKind::PathwayOffers]);

    // A short-notice date declined does not count.
    let written = desk.run(declined("o-2", "2026-11-16", "2026-11-25"), &ctx()).unwrap();
    assert_eq!(written.len(), 1, "no review after one reasonable offer and one at short notice");
    assert_eq!(desk.offers("pw-1").offers.iter().filter(|offer| offer.reasonable).count(), 1);

    let written = desk.run(declined("o-3", "2026-11-20", "2026-12-14"), &ctx()).unwrap();
    let task = written
        .iter()
        .find_map(|record| match record {
            Record::Task(task) => Some(task.clone()),
            _ => None,
        })
        .expect("a clinical review task");
    assert_eq!(task.kind, TaskKind::PathwayValidation);
    assert_eq!(task.title, "Clinical review: two reasonable offers declined");
    assert_eq!(task.status, TaskStatus::Open);
    assert_eq!(task.patient_id.as_deref(), Some("pat-1"));
    assert!(task.history[0].text.contains("Do not discharge the patient"), "{}", task.history[0].text);
    assert!(!written.iter().any(|record| record.kind() == RecordKind::Pathway), "the pathway is not touched");
    assert_eq!(desk.pathway("pw-1").events.len(), 1);

    let repeat = refused(desk.run(declined("o-3", "2026-11-20", "2026-12-14"), &ctx()));
    assert_mentions(&repeat, "already recorded");
    assert_mentions(&refused(desk.run(declined("o-4", "2026-11-24", "2026-12-30"), &ctx())), "after today");
}

// --- Clinics -----------------------------------------------------------------------------------------------------

#[test]
fn cancelling_a_clinic_cancels_its_patients_with_the_reason() {
    let mut desk = Desk::new();
    desk.run(book("appt-1", "pw-1", "ses-dec", "s-new-0900"), &ctx()).unwrap();
    desk.run(book("appt-2", "pw-2", "ses-dec", "s-new-1000"), &ctx()).unwrap();

    let stale = Command::CancelSession(CancelSession {
        session_id: "ses-dec".into(),
        reason: "Consultant annual leave".into(),
        appointment_ids: vec!["appt-1".into()],
        pathway_ids: vec![],
    });
    let rejection = refused(desk.run(stale, &ctx()));
    assert_eq!(rejection.code, RejectionCode::Conflict);
    assert_mentions(&rejection, "1 more patient was booked into Urology new patients on 21 Dec 2026");

    let command = Command::CancelSession(CancelSession {
        session_id: "ses-dec".into(),
        reason: "Consultant annual leave".into(),
        appointment_ids: vec!["appt-1".into(), "appt-2".into()],
        pathway_ids: vec![],
    });
    desk.run(command.clone(), &ctx()).unwrap();
    assert_eq!(desk.session("ses-dec").status, SessionStatus::Cancelled { reason: "Consultant annual leave".into() });
    for id in ["appt-1", "appt-2"] {
        assert_eq!(desk.appointment(id).status, AppointmentStatus::CancelledByHospital);
        assert_eq!(
            desk.appointment(id).cancelled.as_ref().map(|c| c.reason.as_str()),
            Some("Clinic cancelled: Consultant annual leave")
        );
    }
    assert!(desk.list("ses-dec").places.is_empty());
    assert_mentions(&refused(desk.run(command, &ctx())), "already cancelled");
    let no_reason = Command::CancelSession(CancelSession {
        session_id: "ses-soon".into(),
        reason: " ".into(),
        appointment_ids: Vec::new(),
        pathway_ids: vec![],
    });
    assert_mentions(&refused(desk.run(no_reason, &ctx())), "The reason is empty");
}

#[test]
fn reducing_a_clinic_cancels_only_the_removed_slots() {
    let mut desk = Desk::new();
    desk.run(book("appt-1", "pw-1", "ses-dec", "s-new-0900"), &ctx()).unwrap();
    desk.run(book("appt-2", "pw-2", "ses-dec", "s-new-1000"), &ctx()).unwrap();
    let command = Command::ReduceSession(ReduceSession {
        session_id: "ses-dec".into(),
        reason: "Consultant leaves early".into(),
        slot_ids: vec!["s-new-1000".into()],
        appointment_ids: vec!["appt-2".into()],
        pathway_ids: vec![],
    });
    desk.run(command, &ctx()).unwrap();
    let session = desk.session("ses-dec");
    assert!(matches!(session.status, SessionStatus::Reduced { .. }));
    assert_eq!(session.slots.len(), 2);
    assert_eq!(desk.appointment("appt-1").status, AppointmentStatus::Booked);
    assert_eq!(desk.appointment("appt-2").status, AppointmentStatus::CancelledByHospital);
    assert_eq!(desk.list("ses-dec").places.len(), 1);
    // The removed slot can no longer be booked.
    let rejection = refused(desk.run(book("appt-3", "pw-2", "ses-dec", "s-new-1000"), &ctx()));
    assert_mentions(&rejection, "removed when Urology new patients on 21 Dec 2026 was reduced");
}

fn leave(from: &str, to: &str) -> Leave {
    Leave {
        id: "leave-1".into(),
        consultant_id: "con-1".into(),
        from: date(from),
        to: date(to),
        reason: " Annual leave ".into(),
        recorded_on: date("2020-01-01"),
    }
}

#[test]
fn leave_is_stored_as_recorded_today() {
    let mut desk = Desk::new();
    let written =
        desk.run(Command::RecordLeave(RecordLeave { leave: leave("2026-12-21", "2026-12-24") }), &ctx()).unwrap();
    match &written[..] {
        [Record::Leave(stored), Record::Consultant(consultant)] => {
            assert_eq!(stored.recorded_on, date(TODAY), "notice runs from the day it is recorded");
            assert_eq!(stored.reason, "Annual leave");
            let period = consultant.away_on(date("2026-12-22")).expect("kept on the consultant for bookings");
            assert_eq!((period.id.as_str(), period.reason.as_str()), ("leave-1", "Annual leave"));
            assert!(consultant.away_on(date("2026-12-25")).is_none());
        }
        other => panic!("expected the leave and the consultant, got {other:?}"),
    }
    let again =
        refused(desk.run(Command::RecordLeave(RecordLeave { leave: leave("2026-12-21", "2026-12-24") }), &ctx()));
    assert_mentions(&again, "already recorded");
    let mut backwards = leave("2026-12-24", "2026-12-21");
    backwards.id = "leave-2".into();
    assert_mentions(
        &refused(desk.run(Command::RecordLeave(RecordLeave { leave: backwards }), &ctx())),
        "before it starts",
    );
    let mut unknown = leave("2026-12-21", "2026-12-24");
    unknown.id = "leave-3".into();
    unknown.consultant_id = "con-x".into();
    assert_eq!(
        refused(desk.run(Command::RecordLeave(RecordLeave { leave: unknown }), &ctx())).code,
        RejectionCode::NotFound
    );
}

fn template(version: u32) -> ClinicTemplate {
    ClinicTemplate {
        id: "tpl-1".into(),
        consultant_id: "con-1".into(),
        specialty_id: "spec-uro".into(),
        name: "Monday urology".into(),
        weekday: Weekday::Monday,
        start: time(9, 0),
        end: time(12, 0),
        location: "Outpatients B".into(),
        slots: vec![
            TemplateSlot { slot_type: SlotType::New, start: time(9, 0), minutes: 20, capacity: 1 },
            TemplateSlot { slot_type: SlotType::FollowUp, start: time(9, 20), minutes: 10, capacity: 2 },
        ],
        version,
    }
}

fn save(template: ClinicTemplate, expected_version: u32) -> Command {
    Command::SaveClinicTemplate(SaveClinicTemplate { template, expected_version })
}

#[test]
fn templates_are_saved_with_compare_and_set() {
    let mut desk = Desk::new();
    desk.run(save(template(0), 0), &ctx()).unwrap();
    let stored = match desk.records.get(&RecordKey::new(RecordKind::ClinicTemplate, "tpl-1")) {
        Some(Record::ClinicTemplate(template)) => template.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(stored.version, 1);

    let mut edit = stored.clone();
    edit.location = "Outpatients C".into();
    desk.run(save(edit.clone(), 1), &ctx()).unwrap();
    let stale = refused(desk.run(save(edit.clone(), 1), &ctx()));
    assert_eq!(stale.code, RejectionCode::Conflict);
    assert_mentions(&stale, "changed since you opened it (version 2, you had 1)");

    let mut broken = edit;
    broken.slots[1].capacity = 0;
    assert_mentions(&refused(desk.run(save(broken, 2), &ctx())), "sees 0 patients");

    let mut gone = template(0);
    gone.id = "tpl-gone".into();
    assert_eq!(refused(desk.run(save(gone, 3), &ctx())).code, RejectionCode::NotFound);
}

#[test]
fn generating_clinics_skips_bank_holidays_and_keeps_existing_sessions() {
    let mut desk = Desk::new();
    desk.run(save(template(0), 0), &ctx()).unwrap();
    // An existing session (already reduced) must not be overwritten.
    let mut existing = session(&session_id("tpl-1", date("2026-12-14")), "2026-12-14", "spec-uro");
    existing.status = SessionStatus::Reduced { reason: "Half day".into() };
    desk.put(Record::ClinicSession(existing.clone()));

    let command = Command::GenerateSessions(GenerateSessions {
        template_id: "tpl-1".into(),
        from: date("2026-12-14"),
        to: date("2027-01-04"),
    });
    let written = desk.run(command, &ctx()).unwrap();
    let dates: Vec<NaiveDate> = written
        .iter()
        .map(|record| match record {
            Record::ClinicSession(session) => session.date,
            other => panic!("{other:?}"),
        })
        .collect();
    // 14 Dec exists already; 28 Dec is the Boxing Day substitute bank holiday.
    assert_eq!(dates, vec![date("2026-12-21"), date("2027-01-04")]);
    assert_eq!(desk.session(&session_id("tpl-1", date("2026-12-14"))), existing);

    let beyond = Command::GenerateSessions(GenerateSessions {
        template_id: "tpl-1".into(),
        from: date("2028-12-01"),
        to: date("2029-01-31"),
    });
    let rejection = refused(desk.run(beyond, &ctx()));
    assert_eq!(rejection.code, RejectionCode::Invalid);
    assert_mentions(&rejection, "31 Dec 2028");
    let past = Command::GenerateSessions(GenerateSessions {
        template_id: "tpl-1".into(),
        from: date("2026-11-02"),
        to: date(TODAY),
    });
    assert_mentions(&refused(desk.run(past, &ctx())), "before today");
    let unknown =
        Command::GenerateSessions(GenerateSessions { template_id: "tpl-x".into(), from: date(TODAY), to: date(TODAY) });
    assert_eq!(refused(desk.run(unknown, &ctx())).code, RejectionCode::NotFound);
}

// --- Wire format -------------------------------------------------------------------------------------------------

#[test]
fn commands_and_rejections_keep_their_json_shape() {
    let command = book("appt-1", "pw-1", "ses-dec", "s-new-0900");
    let json = serde_json::to_value(&command).unwrap();
    assert_eq!(json["type"], "book_appointment");
    assert_eq!(json["offered_on"], "2026-11-23");
    assert_eq!(serde_json::from_value::<Command>(json).unwrap(), command);
    let without_flag = serde_json::json!({
        "type": "book_appointment", "appointment_id": "a", "pathway_id": "p", "session_id": "s", "slot_id": "x",
        "offered_on": "2026-11-23"
    });
    assert!(matches!(
        serde_json::from_value::<Command>(without_flag).unwrap(),
        Command::BookAppointment(BookAppointment { patient_accepted_earlier_date: false, .. })
    ));

    // A rejection without details reads and writes exactly as before.
    let plain = Rejection::invalid("No.");
    assert_eq!(serde_json::to_value(&plain).unwrap(), serde_json::json!({"code": "invalid", "message": "No."}));
    let old: Rejection =
        serde_json::from_value(serde_json::json!({"code": "conflict", "message": "Changed."})).unwrap();
    assert_eq!(old, Rejection::conflict("Changed."));

    let mut desk = Desk::new();
    desk.run(book("appt-1", "pw-1", "ses-dec", "s-new-0900"), &ctx()).unwrap();
    let full = refused(desk.run(book("appt-2", "pw-2", "ses-dec", "s-new-0900"), &ctx()));
    let json = serde_json::to_value(&full).unwrap();
    assert_eq!(json["details"]["kind"], "needs_rebooking");
    assert_eq!(json["details"]["patient_id"], "pat-2");
    assert_eq!(json["details"]["slot_id"], "s-new-0900");
    assert_eq!(serde_json::from_value::<Rejection>(json).unwrap(), full);
}

#[test]
fn the_lost_slot_message_and_task_name_the_patient_and_clinic() {
    let mut desk = Desk::new();
    desk.run(book("appt-1", "pw-1", "ses-dec", "s-new-0900"), &ctx()).unwrap();
    let full = refused(desk.run(book("appt-2", "pw-2", "ses-dec", "s-new-0900"), &ctx()));
    let needs = full.needs_rebooking().unwrap();
    let rejection = pathdesk_core::command::slot_taken_while_offline(needs);
    assert_eq!(
        rejection.message,
        "Slot taken while you were offline: Urology new patients 21 Dec 2026 09:00 was booked from another desk. \
         The patient needs rebooking."
    );
    let task = pathdesk_core::command::needs_rebooking_task(needs, Some(&patient("pat-2", "Sample")), date(TODAY));
    assert_eq!(task.title, "Needs rebooking: SAMPLE, Ada for Urology new patients 21 Dec 2026");
    assert_eq!(task.kind, TaskKind::Other);
    assert_eq!(task.assignee, pathdesk_core::command::BOOKING_TEAM);
    assert_eq!(task.id, "rebook-appt-2");
    assert_eq!(task.patient_id.as_deref(), Some("pat-2"));
}

#[test]
fn commands_built_from_the_screen_records_carry_the_ids_their_checks_need() {
    let mut desk = Desk::new();
    desk.run(book("appt-1", "pw-1", "ses-dec", "s-new-0900"), &ctx()).unwrap();
    desk.run(book("appt-2", "pw-2", "ses-dec", "s-new-1000"), &ctx()).unwrap();

    let reduce = Command::from(ReduceSession::of(&desk.list("ses-dec"), vec!["s-new-1000".into()], "Room needed"));
    assert!(
        matches!(&reduce, Command::ReduceSession(ReduceSession { appointment_ids, .. }) if appointment_ids == &["appt-2"])
    );
    desk.run(reduce, &ctx()).unwrap();

    let moved =
        Command::from(RebookAppointment::of(&desk.appointment("appt-1"), "appt-1b", "ses-dec", "s-new-0900", None));
    assert_mentions(&refused(desk.run(moved, &ctx())), "already booked into");
    let cancel =
        Command::from(CancelAppointment::of(&desk.appointment("appt-1"), CancelledBy::Patient, "Feeling better"));
    desk.run(cancel, &ctx()).unwrap();
    assert!(desk.list("ses-dec").places.is_empty());

    desk.run(book("appt-3", "pw-2", "ses-dec", "s-new-0900"), &ctx()).unwrap();
    let cancel_all = Command::from(CancelSession::of(&desk.list("ses-dec"), "Consultant unwell"));
    desk.run(cancel_all, &ctx()).unwrap();
    assert_eq!(desk.appointment("appt-3").status, AppointmentStatus::CancelledByHospital);
}

fn times(start: NaiveTime, end: NaiveTime, location: &str) -> SessionTimes {
    SessionTimes { start, end, location: location.into() }
}

#[test]
fn moving_one_clinic_moves_its_patients_and_asks_the_booking_team_to_tell_them() {
    let mut desk = Desk::new();
    desk.run(book("appt-1", "pw-1", "ses-dec", "s-new-0900"), &ctx()).unwrap();
    desk.run(book("appt-2", "pw-2", "ses-dec", "s-new-1000"), &ctx()).unwrap();
    let events_before = desk.pathway("pw-1").events;
    let was = SessionTimes::of(&desk.session("ses-dec"));
    let command = Command::from(EditSession::of(
        &desk.list("ses-dec"),
        "edit-1",
        was.clone(),
        times(time(13, 0), time(16, 0), "Room 4"),
    ));
    desk.run(command.clone(), &ctx()).unwrap();

    let session = desk.session("ses-dec");
    assert_eq!((session.start, session.end, session.location.as_str()), (time(13, 0), time(16, 0), "Room 4"));
    assert_eq!(desk.appointment("appt-1").start, time(13, 0));
    assert_eq!(desk.appointment("appt-2").start, time(14, 0));
    assert_eq!(desk.appointment("appt-2").status, AppointmentStatus::Booked);
    assert_eq!(desk.list("ses-dec").places.len(), 2, "nobody loses their place");
    assert_eq!(desk.pathway("pw-1").events, events_before, "a time change on the same date leaves the clock");
    for (appointment, patient) in [("appt-1", "pat-1"), ("appt-2", "pat-2")] {
        let task = match desk.records.get(&RecordKey::new(RecordKind::Task, tell_patient_id(appointment, "edit-1"))) {
            Some(Record::Task(task)) => task.clone(),
            other => panic!("no task to tell the patient of {appointment}: {other:?}"),
        };
        assert_eq!(task.assignee, "Booking team");
        assert_eq!(task.patient_id.as_deref(), Some(patient));
        assert_eq!(task.status, TaskStatus::Open);
        assert!(task.history[0].text.contains("Room 4"), "{:?}", task.history);
    }

    // The same change sent again (or from a desk that still shows 09:00) is refused, saying what the clinic is now.
    let rejection = refused(desk.run(command, &ctx()));
    assert_eq!(rejection.code, RejectionCode::Conflict);
    assert_mentions(&rejection, "it is now 13:00–16:00, Room 4");
}

#[test]
fn a_clinic_edit_refuses_patients_booked_since_it_was_opened_and_slots_that_do_not_fit() {
    let mut desk = Desk::new();
    let opened = desk.list("ses-dec");
    let was = SessionTimes::of(&desk.session("ses-dec"));
    desk.run(book("appt-1", "pw-1", "ses-dec", "s-new-0900"), &ctx()).unwrap();
    let stale = Command::from(EditSession::of(
        &opened,
        "edit-1",
        was.clone(),
        times(time(10, 0), time(13, 0), "Outpatients B"),
    ));
    let rejection = refused(desk.run(stale, &ctx()));
    assert_eq!(rejection.code, RejectionCode::Conflict);
    assert_mentions(&rejection, "1 more patient was booked into Urology new patients on 21 Dec 2026");
    assert_eq!(desk.appointment("appt-1").start, time(9, 0));

    // The last slot starts at 10:00 and lasts 15 minutes: moved an hour later it ends at 11:15.
    let overrun = Command::from(EditSession::of(
        &desk.list("ses-dec"),
        "edit-2",
        was,
        times(time(10, 0), time(11, 0), "Outpatients B"),
    ));
    assert_mentions(&refused(desk.run(overrun, &ctx())), "Choose an end of 11:15 or later");
}

#[test]
fn a_clinic_under_way_can_be_cancelled_or_moved_naming_everyone_on_its_list() {
    let mut desk = Desk::new();
    booked_today(&mut desk, "appt-1", "pw-1", "s-new-0900");
    booked_today(&mut desk, "appt-2", "pw-2", "s-new-1000");
    desk.run(Command::RecordArrival(RecordArrival { appointment_id: "appt-1".into() }), &ctx()).unwrap();
    desk.run(seen_in_pool("appt-1", "pw-1"), &ctx()).unwrap();
    desk.run(Command::RecordArrival(RecordArrival { appointment_id: "appt-2".into() }), &ctx()).unwrap();

    // Moving it on the day: the patient in the waiting room moves with the clinic and nobody needs a phone call.
    let was = SessionTimes::of(&desk.session("ses-today"));
    let later = Command::from(EditSession::of(
        &desk.list("ses-today"),
        "edit-1",
        was,
        times(time(9, 30), time(12, 30), "Room 2"),
    ));
    let written = desk.run(later, &ctx()).unwrap();
    assert_eq!(desk.appointment("appt-2").start, time(10, 30));
    assert_eq!(desk.appointment("appt-1").start, time(9, 0), "a seen patient's record keeps its time");
    assert!(!written.iter().any(|record| matches!(record, Record::Task(_))), "no task to tell anyone: {written:?}");

    // Naming only the patient still to be seen is not the list as it is.
    let partial = Command::CancelSession(CancelSession {
        session_id: "ses-today".into(),
        reason: "Consultant unwell".into(),
        appointment_ids: vec!["appt-2".into()],
        pathway_ids: vec![],
    });
    assert_eq!(refused(desk.run(partial, &ctx())).code, RejectionCode::Conflict);
    desk.run(Command::from(CancelSession::of(&desk.list("ses-today"), "Consultant unwell")), &ctx()).unwrap();
    assert_eq!(desk.appointment("appt-1").status, AppointmentStatus::Seen, "the seen patient keeps their record");
    assert_eq!(desk.appointment("appt-2").status, AppointmentStatus::CancelledByHospital);
}

#[test]
fn a_follow_up_asked_for_waits_until_a_follow_up_is_booked() {
    let mut desk = Desk::new();
    let attended = PathwayEvent::new(date("2026-11-02"), EventKind::OutpatientAttended { first: Some(true) });
    desk.put(Record::Pathway(pathway("pw-3", "pat-1", vec![referral("2026-10-01"), attended])));
    let ask = |due_by: Option<&str>| {
        Command::RecordFollowUpDue(RecordFollowUpDue { pathway_id: "pw-3".into(), due_by: due_by.map(date) })
    };

    assert_mentions(&refused(desk.run(ask(Some("2026-11-20")), &ctx())), "is before today");
    assert_mentions(&refused(desk.run(ask(Some("2029-01-04")), &ctx())), "more than two years away");
    assert_eq!(refused(desk.run(ask(None), &ctx())).code, RejectionCode::Conflict, "nothing to take off the list");
    desk.run(ask(Some("2026-12-31")), &ctx()).unwrap();
    assert_eq!(desk.pathway("pw-3").follow_up_due, Some(date("2026-12-31")));

    desk.run(book("appt-3", "pw-3", "ses-dec", "s-fu-0930"), &ctx()).unwrap();
    let pathway = desk.pathway("pw-3");
    assert_eq!(pathway.follow_up_due, None, "booked: off the waiting list");
    assert_eq!(pathway.events.len(), 2, "booking a follow-up adds no event");

    // Asked for and then not needed after all.
    desk.run(ask(Some("2027-03-01")), &ctx()).unwrap();
    desk.run(ask(None), &ctx()).unwrap();
    assert_eq!(desk.pathway("pw-3").follow_up_due, None);
}

#[test]
fn a_decision_to_treat_waiting_for_its_treatment_needs_a_procedure_slot_and_books_one() {
    use pathdesk_core::booking::next_slot_type;
    let mut desk = Desk::new();
    let seen = PathwayEvent::new(date("2026-10-20"), EventKind::OutpatientAttended { first: Some(true) });
    let decided = PathwayEvent::new(date("2026-10-20"), EventKind::DecisionToTreat(Box::default()));
    let mut listed = pathway("pw-3", "pat-1", vec![referral("2026-10-01"), seen.clone()]);
    assert_eq!(next_slot_type(&listed), SlotType::FollowUp, "seen, nothing decided: a follow-up");
    listed.events.push(decided.clone());
    assert_eq!(next_slot_type(&listed), SlotType::Procedure, "decided to treat: the procedure list");
    let mut treated = listed.clone();
    treated.events.push(PathwayEvent::new(date("2026-11-02"), EventKind::FirstDefinitiveTreatment(Box::default())));
    assert_eq!(next_slot_type(&treated), SlotType::FollowUp, "treated: a follow-up again");
    let mut admit = pathway("pw-4", "pat-2", vec![referral("2026-10-01"), seen]);
    admit.events.push(PathwayEvent::new(date("2026-10-21"), EventKind::DecisionToAdmit {}));
    assert_eq!(next_slot_type(&admit), SlotType::Procedure);

    desk.put(Record::Pathway(listed));
    let mut list = session("ses-proc", "2026-12-21", "spec-uro");
    list.name = "Flexible cystoscopy list".into();
    list.slots = vec![slot("s-proc-0900", SlotType::Procedure, 9, 0, 1)];
    desk.put(Record::ClinicSession(list));
    // A New slot is not for a patient already seen; the procedure slot books.
    let wrong = refused(desk.run(book("ap-x", "pw-3", "ses-dec", "s-new-0900"), &ctx()));
    assert_mentions(&wrong, "Choose a Procedure slot");
    desk.run(book("ap-p", "pw-3", "ses-proc", "s-proc-0900"), &ctx()).unwrap();
    assert_eq!(desk.appointment("ap-p").slot_type, SlotType::Procedure);
}
