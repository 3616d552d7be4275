//! One valid command of every kind, on a small demo trust: the samples the property tests change field by field,
//! shared with the server's sweep of pushed commands at their limits (`crates/server/tests/server/limits_sweep.rs`).

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use pathdesk_core::command::{
    AddClinicSession, AddDiaryItem, CancelDiaryItem, DecideLeave, RecordPasAppointment, RecordStaffLeave, RequestLeave,
};
use pathdesk_core::command::{
    AddPatientNote, BookAppointment, CancelAppointment, CancelSession, CancelledBy, Command, CommandContext,
    CompleteTask, CreateTask, EditSession, EditTask, Escalate, GenerateSessions, ReassignTasks, RebookAppointment,
    RecordArrival, RecordDidNotAttend, RecordFollowUpDue, RecordLeave, RecordLetterStep, RecordOfferDeclined,
    RecordPathwayEvent, RecordSeen, RecordWalkIn, ReduceSession, ReopenTask, SaveClinicTemplate, SaveTrustSettings,
    SetConsultantSecretary, UpdateEscalation, ValidatePathway,
};
use pathdesk_core::command::{
    AddReferral, ChangePatientDetails, DetailsChange, RecordAdmissionOutcome, RecordClinicOutcome,
    RecordPreOpAssessment, RegisterPatient, TriageReferral,
};
use pathdesk_core::command::{ListForMdt, MoveCaseNotes, RecordMdtOutcome, RequestCaseNotes, ScheduleMdtMeeting};
use pathdesk_core::demo::{generate, DemoOptions};
use pathdesk_core::model::{AppointmentStatus, SessionStatus};
use pathdesk_core::model::{Priority, ReferralSource};
use pathdesk_core::outcome::{AdmissionOutcome, ClinicOutcome, IntendedManagement, PreOpStatus, SurgicalPriority};
use pathdesk_core::pathway::event::TriageDecision;
use pathdesk_core::pathway::{EventKind, PathwayEvent, Standard};
use pathdesk_core::record::{Record, RecordKey};
use pathdesk_core::registration::{new_hospital_number, new_patient_id, NewReferral};
use pathdesk_core::settings::TrustSettings;
use pathdesk_core::tasks::escalation::EscalationState;
use pathdesk_core::tasks::field::{FieldStamp, FieldValue};
use pathdesk_core::tasks::hlc::Hlc;
use pathdesk_core::tasks::letters::LetterStage;
use pathdesk_core::tasks::merge::TaskChange;
use pathdesk_core::validation::{RemovalReason, ValidationOutcome};
use serde_json::Value;

/// Who applies the samples, on `today`.
pub fn ctx(today: NaiveDate) -> CommandContext {
    CommandContext { today, author: "R. Desk".to_string() }
}

/// A small demo trust (about 60 pathways) with the trust's settings, keyed as a command reads them, and one
/// patient on the admitted list coming in today.
pub fn trust(today: NaiveDate) -> HashMap<RecordKey, Record> {
    let mut records: HashMap<RecordKey, Record> =
        generate(&DemoOptions::with_pathways(today, 60)).into_iter().map(|record| (record.key(), record)).collect();
    let settings = Record::TrustSettings(TrustSettings::default());
    records.insert(settings.key(), settings);
    let mut listed: Vec<&pathdesk_core::model::Pathway> = records
        .values()
        .filter_map(|r| match r {
            Record::Pathway(p) if p.listed.is_some() => Some(p),
            _ => None,
        })
        .collect();
    listed.sort_by(|a, b| a.id.cmp(&b.id));
    let pathway = (*listed.first().expect("the demo has a patient on the admitted list")).clone();
    let admission = Record::Appointment(pathdesk_core::model::Appointment {
        id: "tci-today".into(),
        patient_id: pathway.patient_id.clone(),
        pathway_id: pathway.id.clone(),
        session_id: "procedure-list-today".into(),
        slot_id: "slot-1".into(),
        date: today,
        start: chrono::NaiveTime::from_hms_opt(8, 30, 0).expect("a time"),
        slot_type: pathdesk_core::model::SlotType::Procedure,
        status: AppointmentStatus::Booked,
        booked_on: today - Days::new(28),
        outcome: None,
        cancelled: None,
    });
    records.insert(admission.key(), admission);
    records
}

fn all<'a, T>(records: &'a HashMap<RecordKey, Record>, pick: impl Fn(&'a Record) -> Option<&'a T>) -> Vec<&'a T> {
    let mut found: Vec<&T> = records.values().filter_map(pick).collect();
    // HashMap order changes from run to run: pick the same records every time.
    found.sort_by_key(|value| format!("{:p}", *value));
    found
}

/// One valid command of every kind, in an order where each can follow the ones before it.
fn samples(records: &HashMap<RecordKey, Record>, today: NaiveDate) -> Vec<Command> {
    let mut sessions = all(records, |r| match r {
        Record::ClinicSession(s) if s.status == SessionStatus::Scheduled => Some(s),
        _ => None,
    });
    sessions.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    let mut booked_today = all(records, |r| match r {
        Record::Appointment(a) if a.status == AppointmentStatus::Booked && a.date == today => Some(a),
        _ => None,
    });
    booked_today.sort_by(|a, b| a.id.cmp(&b.id));
    let admission_today = booked_today
        .iter()
        .find(|a| a.slot_type == pathdesk_core::model::SlotType::Procedure)
        .copied()
        .cloned()
        .expect("the demo has a procedure list today");
    booked_today.retain(|a| a.slot_type != pathdesk_core::model::SlotType::Procedure);
    let [booked_today, booked_later, ..] = booked_today.as_slice() else { panic!("the demo has clinics today") };
    let mut tasks = all(records, |r| match r {
        Record::Task(t) => Some(t),
        _ => None,
    });
    tasks.sort_by(|a, b| a.id.cmp(&b.id));
    let task = tasks.iter().find(|t| t.letter.is_none() && t.escalation.is_none()).copied().cloned().expect("a task");
    let mut pathways = all(records, |r| match r {
        Record::Pathway(p) => Some(p),
        _ => None,
    });
    pathways.sort_by(|a, b| a.id.cmp(&b.id));
    // A pathway with nothing booked, a clinic of its specialty today (for a walk-in) and one six weeks ahead with
    // three slots of the type it needs next.
    let (waiting, later_session, slots) = pathways
        .iter()
        .filter(|p| !records.values().any(|r| matches!(r, Record::Appointment(a) if a.pathway_id == p.id)))
        .filter(|p| sessions.iter().any(|s| s.date == today && s.specialty_id == p.specialty_id))
        .find_map(|p| {
            let wanted = pathdesk_core::booking::next_slot_type(p);
            sessions.iter().filter(|s| s.date > today + Days::new(40) && s.specialty_id == p.specialty_id).find_map(
                |s| {
                    let slots: Vec<String> =
                        s.slots.iter().filter(|slot| slot.slot_type == wanted).map(|slot| slot.id.clone()).collect();
                    (slots.len() > 2).then(|| ((*p).clone(), (*s).clone(), slots))
                },
            )
        })
        .expect("the demo has a pathway waiting and a clinic for it");
    // A pathway still waiting that no other sample touches, to take off the list at validation.
    let validated = pathways
        .iter()
        .filter(|p| p.listed.is_none())
        .filter(|p| {
            ![&waiting.id, &booked_today.pathway_id, &booked_later.pathway_id, &admission_today.pathway_id]
                .contains(&&p.id)
        })
        .find(|p| pathdesk_core::pathway::RttClock::compute(&p.events, today).running())
        .map(|p| p.id.clone())
        .expect("the demo has another pathway waiting");
    // A fast-track pathway to discuss at an MDT that sits today.
    let fast_track = pathways
        .iter()
        .filter(|p| p.cancer)
        .find(|p| {
            ![&waiting.id, &booked_today.pathway_id, &booked_later.pathway_id, &admission_today.pathway_id, &validated]
                .contains(&&p.id)
        })
        .map(|p| (*p).clone())
        .expect("the demo has a fast-track pathway");
    let walk_in_session = sessions
        .iter()
        .find(|s| s.date == today && s.specialty_id == waiting.specialty_id)
        .copied()
        .cloned()
        .expect("a clinic today");
    let mut templates = all(records, |r| match r {
        Record::ClinicTemplate(t) => Some(t),
        _ => None,
    });
    templates.sort_by(|a, b| a.id.cmp(&b.id));
    let template = templates[0].clone();
    let stamp =
        FieldStamp::new(Hlc { wall_ms: 1_795_000_000_000, counter: 0, node: "desk-1".into() }, "R. Desk", today);
    let mut new_task = task.clone();
    new_task.id = "task-new".into();
    new_task.history = vec![];
    new_task.status = pathdesk_core::tasks::TaskStatus::Open;
    // A patient new to the trust (a synthetic test NHS number no demo patient has).
    let nhs = "9990001235";
    let born = NaiveDate::from_ymd_opt(1980, 5, 17).expect("a date");
    let new_patient = pathdesk_core::model::Patient {
        postcode: Some("LS1 4AB".into()),
        address: vec!["1 Example Street".into()],
        gp_practice: Some("Example Street Surgery".into()),
        ..pathdesk_core::model::Patient::new(new_patient_id(nhs), nhs, new_hospital_number(nhs), "Newcome", "Ada", born)
    };
    let consultant = all(records, |r| match r {
        Record::Consultant(c) => Some(c),
        _ => None,
    })
    .into_iter()
    .min_by_key(|c| c.id.clone())
    .cloned()
    .expect("the demo has consultants");
    let settings = TrustSettings { offline_days: 30, ..TrustSettings::default() };
    let times = pathdesk_core::booking::SessionTimes::of(&later_session);
    let mut later = times.clone();
    later.location = "Outpatients B".into();

    vec![
        AddPatientNote { note_id: "note-new".into(), patient_id: waiting.patient_id.clone(), text: "Phoned".into() }
            .into(),
        CompleteTask { task_id: task.id.clone(), note: Some("Done".into()), stamp: Some(stamp.clone()) }.into(),
        ReopenTask { task_id: task.id.clone(), reason: "Not done after all".into(), stamp: Some(stamp.clone()) }.into(),
        CreateTask { task: Box::new(new_task.clone()), stamp: stamp.clone() }.into(),
        EditTask {
            change: TaskChange::edits(&new_task, [FieldValue::Title("Call the patient back".into())], &stamp),
            note: None,
        }
        .into(),
        ReassignTasks { task_ids: vec![new_task.id.clone()], assignee: "S. Patel".into(), stamp: stamp.clone() }.into(),
        RecordPathwayEvent {
            pathway_id: waiting.id.clone(),
            event: PathwayEvent { date: Some(today), kind: EventKind::ConsultantUpgrade {}, pathway: None, note: None },
        }
        .into(),
        RecordFollowUpDue { pathway_id: waiting.id.clone(), due_by: Some(today + Days::new(90)) }.into(),
        MoveCaseNotes {
            patient_id: waiting.patient_id.clone(),
            location: "Urology secretaries' office".into(),
            holder: Some("R. Hughes (Urology)".into()),
            scanned: false,
        }
        .into(),
        RequestCaseNotes { session_id: later_session.id.clone(), patient_ids: vec![waiting.patient_id.clone()] }.into(),
        AddClinicSession {
            session: Box::new(pathdesk_core::model::ClinicSession {
                id: "pas-clinic-sample".into(),
                template_id: None,
                consultant_id: fast_track.consultant_id.clone(),
                specialty_id: fast_track.specialty_id.clone(),
                name: "Imported clinic".into(),
                date: today + Days::new(10),
                start: chrono::NaiveTime::from_hms_opt(9, 0, 0).expect("a time"),
                end: chrono::NaiveTime::from_hms_opt(10, 0, 0).expect("a time"),
                location: "Outpatients".into(),
                status: pathdesk_core::model::SessionStatus::Scheduled,
                slots: vec![pathdesk_core::model::Slot {
                    id: "pas-clinic-sample-0900".into(),
                    slot_type: pathdesk_core::model::SlotType::New,
                    start: chrono::NaiveTime::from_hms_opt(9, 0, 0).expect("a time"),
                    minutes: 30,
                    capacity: 1,
                }],
            }),
        }
        .into(),
        RecordPasAppointment {
            appointment: Box::new(pathdesk_core::model::Appointment {
                id: "pas-appointment-sample".into(),
                patient_id: waiting.patient_id.clone(),
                pathway_id: waiting.id.clone(),
                session_id: "pas-clinic-sample".into(),
                slot_id: "pas-clinic-sample-0900".into(),
                date: today + Days::new(10),
                start: chrono::NaiveTime::from_hms_opt(9, 0, 0).expect("a time"),
                slot_type: pathdesk_core::model::SlotType::New,
                status: pathdesk_core::model::AppointmentStatus::Booked,
                booked_on: today,
                outcome: None,
                cancelled: None,
            }),
        }
        .into(),
        AddDiaryItem {
            item_id: "diary-1".into(),
            consultant_id: fast_track.consultant_id.clone(),
            kind: pathdesk_core::diary::DiaryItemKind::Teaching,
            title: "Registrar teaching".into(),
            date: today + Days::new(3),
            start: chrono::NaiveTime::from_hms_opt(13, 0, 0).expect("a time"),
            end: chrono::NaiveTime::from_hms_opt(14, 0, 0).expect("a time"),
            location: Some("Education centre".into()),
        }
        .into(),
        CancelDiaryItem { item_id: "diary-1".into() }.into(),
        RequestLeave {
            request_id: "leave-request-1".into(),
            consultant_id: fast_track.consultant_id.clone(),
            kind: pathdesk_core::diary::LeaveKind::Annual,
            from: today + Days::new(120),
            to: today + Days::new(124),
            note: Some("Family wedding".into()),
            known_requests: Vec::new(),
        }
        .into(),
        DecideLeave {
            request_id: "leave-request-1".into(),
            approve: true,
            consultant_id: fast_track.consultant_id.clone(),
            decline_reason: None,
        }
        .into(),
        RecordStaffLeave {
            leave_id: "staff-leave-1".into(),
            person: "R. Hughes (Urology)".into(),
            from: today,
            to: today + Days::new(2),
            reason: "Annual leave".into(),
        }
        .into(),
        ScheduleMdtMeeting {
            meeting_id: "mdt-today".into(),
            specialty_id: fast_track.specialty_id.clone(),
            name: "Cancer MDT".into(),
            date: today,
            location: "Seminar room 2".into(),
        }
        .into(),
        ListForMdt {
            meeting_id: "mdt-today".into(),
            pathway_id: fast_track.id.clone(),
            question: Some("Staging".into()),
        }
        .into(),
        RecordMdtOutcome {
            meeting_id: "mdt-today".into(),
            pathway_id: fast_track.id.clone(),
            decision: pathdesk_core::mdt::MdtDecision::MoreTests,
            refer_to: None,
            note: Some("Repeat the MRI".into()),
            consultant_id: Some(fast_track.consultant_id.clone()),
        }
        .into(),
        ValidatePathway {
            pathway_id: validated,
            outcome: ValidationOutcome::Removed,
            correction: None,
            removal: Some(RemovalReason::PatientDeclined),
            stopped_on: Some(today),
            note: Some("Patient phoned: no longer wants the operation".into()),
        }
        .into(),
        BookAppointment {
            appointment_id: "appt-new".into(),
            pathway_id: waiting.id.clone(),
            session_id: later_session.id.clone(),
            slot_id: slots[0].clone(),
            offered_on: today,
            patient_accepted_earlier_date: false,
            past_deadline_reason: Some("Patient chose this date".into()),
            consultant_id: None,
        }
        .into(),
        RecordOfferDeclined {
            pathway_id: waiting.id.clone(),
            offer_id: "offer-new".into(),
            offered_on: today,
            appointment_date: today + Days::new(30),
            consultant_id: Some(waiting.consultant_id.clone()),
        }
        .into(),
        RebookAppointment {
            appointment_id: "appt-new".into(),
            pathway_id: waiting.id.clone(),
            old_session_id: later_session.id.clone(),
            new_appointment_id: "appt-rebooked".into(),
            session_id: later_session.id.clone(),
            slot_id: slots[1].clone(),
            reason: Some("Patient asked".into()),
            patient_accepted_earlier_date: false,
            past_deadline_reason: Some("Patient chose this date".into()),
            consultant_id: None,
        }
        .into(),
        CancelAppointment {
            appointment_id: "appt-rebooked".into(),
            pathway_id: waiting.id.clone(),
            session_id: later_session.id.clone(),
            by: CancelledBy::Patient,
            reason: "On holiday".into(),
        }
        .into(),
        RecordArrival { appointment_id: booked_today.id.clone() }.into(),
        RecordSeen {
            appointment_id: booked_today.id.clone(),
            pathway_id: booked_today.pathway_id.clone(),
            consultant_id: Some(template.consultant_id.clone()),
        }
        .into(),
        RecordClinicOutcome {
            procedure: Some("Flexible cystoscopy".into()),
            management: Some(IntendedManagement::DayCase),
            surgical_priority: Some(SurgicalPriority::P2),
            expected_minutes: Some(30),
            ..RecordClinicOutcome::new(&booked_today.id, &booked_today.pathway_id, ClinicOutcome::ListedForProcedure)
        }
        .into(),
        RecordPreOpAssessment { pathway_id: booked_today.pathway_id.clone(), status: PreOpStatus::Passed, on: today }
            .into(),
        RecordAdmissionOutcome {
            appointment_id: admission_today.id.clone(),
            pathway_id: admission_today.pathway_id.clone(),
            outcome: AdmissionOutcome::CancelledByHospital,
            reason: "No bed on the day unit".into(),
        }
        .into(),
        // The letter task "seen" just made.
        RecordLetterStep { task_id: String::new(), stage: LetterStage::Dictated, on: today, back_because: None }.into(),
        RecordDidNotAttend {
            appointment_id: booked_later.id.clone(),
            pathway_id: booked_later.pathway_id.clone(),
            clearly_communicated: true,
        }
        .into(),
        RecordWalkIn {
            appointment_id: "walk-in-new".into(),
            pathway_id: waiting.id.clone(),
            session_id: walk_in_session.id.clone(),
            slot_id: None,
        }
        .into(),
        EditSession {
            session_id: later_session.id.clone(),
            edit_id: "edit-new".into(),
            was: times,
            now: later,
            appointment_ids: vec![],
        }
        .into(),
        ReduceSession {
            session_id: later_session.id.clone(),
            reason: "Room needed".into(),
            slot_ids: vec![slots[2].clone()],
            appointment_ids: vec![],
            pathway_ids: vec![],
        }
        .into(),
        CancelSession {
            session_id: later_session.id.clone(),
            reason: "Consultant unwell".into(),
            appointment_ids: vec![],
            pathway_ids: vec![],
        }
        .into(),
        RecordLeave {
            leave: pathdesk_core::booking::Leave {
                id: "leave-new".into(),
                consultant_id: template.consultant_id.clone(),
                from: today + Days::new(200),
                to: today + Days::new(204),
                reason: "Annual leave".into(),
                recorded_on: today,
            },
        }
        .into(),
        SaveClinicTemplate { expected_version: template.version, template: template.clone() }.into(),
        GenerateSessions { template_id: template.id.clone(), from: today, to: today + Days::new(60) }.into(),
        SaveTrustSettings { settings }.into(),
        SetConsultantSecretary {
            consultant_id: template.consultant_id.clone(),
            secretary: Some("R. Hughes (Urology)".into()),
        }
        .into(),
        Escalate {
            pathway_id: waiting.id.clone(),
            patient_id: waiting.patient_id.clone(),
            standard: Standard::Rtt,
            deadline: today + Days::new(20),
            reason: "No clinic before the deadline".into(),
            offered: None,
        }
        .into(),
        UpdateEscalation { task_id: String::new(), state: EscalationState::Acknowledged, note: Some("On it".into()) }
            .into(),
        RegisterPatient {
            patient: Box::new(new_patient.clone()),
            referral: Box::new(NewReferral {
                pathway_id: "pathway-new".into(),
                patient_id: new_patient.id.clone(),
                received_on: today,
                source: ReferralSource::Gp,
                ubrn: None,
                original_clock_start: None,
                priority: Priority::UrgentSuspectedCancer,
                cancer_route: Some(pathdesk_core::pathway::event::CancerRoute::UrgentSuspectedCancer),
                specialty_id: consultant.specialty_id.clone(),
                consultant_id: consultant.id.clone(),
                reason: "Haematuria".into(),
            }),
            not_duplicates: vec![],
        }
        .into(),
        ChangePatientDetails {
            patient_id: new_patient.id.clone(),
            changes: Box::new(DetailsChange { phone: Some("0113 496 0001".into()), ..DetailsChange::default() }),
        }
        .into(),
        AddReferral {
            referral: Box::new(NewReferral {
                pathway_id: "pathway-second".into(),
                patient_id: new_patient.id.clone(),
                received_on: today,
                source: ReferralSource::ERs,
                ubrn: Some("0000 1234 5678".into()),
                original_clock_start: None,
                priority: Priority::Routine,
                cancer_route: None,
                specialty_id: consultant.specialty_id.clone(),
                consultant_id: consultant.id.clone(),
                reason: "Knee pain".into(),
            }),
        }
        .into(),
        TriageReferral {
            pathway_id: "pathway-second".into(),
            decided_on: today,
            decision: TriageDecision::Accepted,
            clinician: "Dr Sample".into(),
            priority: Some(Priority::Urgent),
            consultant_id: None,
            reason: "Locking and swelling: see within 4 weeks".into(),
        }
        .into(),
    ]
}

/// Applies `command` to `records` and keeps what it wrote. The letter task made by `record_seen` and the
/// escalation made by `escalate` are the ones the samples after them work on.
fn apply_and_keep(
    records: &mut HashMap<RecordKey, Record>,
    mut command: Command,
    today: NaiveDate,
) -> Result<Command, String> {
    let made = |which: fn(&pathdesk_core::tasks::Task) -> bool| {
        records.values().find_map(|r| match r {
            Record::Task(t) if which(t) => Some(t.id.clone()),
            _ => None,
        })
    };
    match &mut command {
        Command::RecordLetterStep(step) => step.task_id = made(|t| t.letter.is_some()).ok_or("no letter task")?,
        Command::UpdateEscalation(update) => {
            update.task_id = made(|t| t.escalation.is_some()).ok_or("no escalation to update")?
        }
        _ => {}
    }
    let written = command.apply(&ctx(today), records).map_err(|r| format!("{}: {}", command.name(), r.message))?;
    for record in written {
        records.insert(record.key(), record);
    }
    Ok(command)
}

/// One valid command of every kind, built on a small demo trust for `today`, as applied one after another, each with the records as they stood just before it.
pub fn sample_states(today: NaiveDate) -> Vec<(Command, HashMap<RecordKey, Record>)> {
    let mut records = trust(today);
    let mut states = Vec::new();
    for command in samples(&records.clone(), today) {
        let before = records.clone();
        let command = apply_and_keep(&mut records, command, today).unwrap_or_else(|problem| panic!("{problem}"));
        states.push((command, before));
    }
    states
}

/// The value at each leaf of `value` (objects and arrays walked), by JSON pointer.
pub fn leaves(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => map.iter().for_each(|(key, v)| leaves(v, format!("{at}/{key}"), out)),
        Value::Array(items) => {
            out.push(at.clone());
            items.iter().enumerate().for_each(|(i, v)| leaves(v, format!("{at}/{i}"), out));
        }
        _ => out.push(at),
    }
}
