//! Commands: what a person does, validated and applied by the same code in the browser and on the server.
//!
//! A command names the records it reads (`Command::reads`); the caller loads them (from IndexedDB or the
//! database) and `Command::apply` returns the records to write, or a `Rejection` that says, in words a person
//! can act on, what is wrong. No I/O here.
//!
//! - this module: notes, tasks and pathway events;
//! - [`booking`]: booking, rebooking and cancelling appointments, declined offers;
//! - [`reception`]: arrivals, seen, did not attend and walk-ins on the day;
//! - [`clinics`]: templates, generating sessions, leave, cancelling and reducing clinics.

mod booking;
mod clinics;
mod reception;
mod records;
mod tasks;

pub use booking::{needs_rebooking_task, slot_taken_while_offline, CancelledBy, BOOKING_TEAM};
pub use clinics::tell_patient_task_id;
pub use reception::MEDICAL_SECRETARIES;
pub use tasks::gave_way;

pub use crate::rejection::{NeedsRebooking, Rejection, RejectionCode, RejectionDetails};

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{PatientNote, TaskNote, TaskStatus};
use crate::pathway::PathwayEvent;
use crate::record::{Record, RecordKey, RecordKind};

/// The longest note a person may type; longer text is refused, never cut.
pub const MAX_NOTE_CHARS: usize = 2000;

/// Who is acting and on what day (the desk's calendar date, used for "no future dates").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandContext {
    pub today: NaiveDate,
    pub author: String,
}

/// Records a command may read, by key.
pub trait RecordSource {
    fn record(&self, key: &RecordKey) -> Option<&Record>;
}

impl RecordSource for HashMap<RecordKey, Record> {
    fn record(&self, key: &RecordKey) -> Option<&Record> {
        self.get(key)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Command {
    /// Add a free-text note to a patient's record.
    AddPatientNote { note_id: String, patient_id: String, text: String },
    /// Mark a task done, with an optional closing note. `stamp`: the device's clock stamp for the status write,
    /// which then merges like any task field (see `tasks::merge`); commands from devices older than stamps have
    /// none and are refused when the task is already done, as they were then.
    CompleteTask {
        task_id: String,
        #[serde(default)]
        note: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        stamp: Option<crate::tasks::field::FieldStamp>,
    },
    /// Reopen a task that was marked done, saying why. `stamp` as for `CompleteTask`.
    ReopenTask {
        task_id: String,
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        stamp: Option<crate::tasks::field::FieldStamp>,
    },
    /// Create a task (a free task, chaser or patient query), stamped by the device's clock; the same id created
    /// on two devices merges field by field.
    CreateTask { task: crate::model::Task, stamp: crate::tasks::field::FieldStamp },
    /// Edit some fields of a task (each write stamped); the later write of each field wins and the other stays in
    /// the task's history. `note` is added to the history.
    EditTask {
        change: crate::tasks::merge::TaskChange,
        #[serde(default)]
        note: Option<String>,
    },
    /// Move open tasks to another person (each an assignee edit that merges).
    ReassignTasks { task_ids: Vec<String>, assignee: String, stamp: crate::tasks::field::FieldStamp },
    /// A clinic letter's next step (typed, checked, sent) on `on`, or back to an earlier step `because`.
    RecordLetterStep {
        task_id: String,
        stage: crate::tasks::letters::LetterStage,
        on: NaiveDate,
        #[serde(default)]
        back_because: Option<String>,
    },
    /// Append an event to a pathway's log (an attendance, a decision, a treatment...).
    RecordPathwayEvent { pathway_id: String, event: PathwayEvent },
    /// Book a patient on a pathway into a slot. `offered_on` is the day the date was offered (for reasonable
    /// notice); `patient_accepted_earlier_date` records that the patient agreed to shorter notice.
    BookAppointment {
        appointment_id: String,
        pathway_id: String,
        session_id: String,
        slot_id: String,
        offered_on: NaiveDate,
        #[serde(default)]
        patient_accepted_earlier_date: bool,
    },
    /// The clinic asked for a follow-up by `due_by` (the pathway waits on the waiting list as a follow-up until one
    /// is booked), or, with `None`, no follow-up is needed after all.
    RecordFollowUpDue {
        pathway_id: String,
        #[serde(default)]
        due_by: Option<NaiveDate>,
    },
    /// The patient declined an appointment date offered on `offered_on`.
    RecordOfferDeclined { pathway_id: String, offer_id: String, offered_on: NaiveDate, appointment_date: NaiveDate },
    /// Cancel an appointment, by the patient or by the hospital, with the reason.
    CancelAppointment {
        appointment_id: String,
        pathway_id: String,
        session_id: String,
        by: CancelledBy,
        reason: String,
    },
    /// The hospital moves an appointment to another slot: the old one is cancelled by the hospital and the new one
    /// booked, in one step (both or neither).
    RebookAppointment {
        appointment_id: String,
        pathway_id: String,
        /// The session of the appointment being moved.
        old_session_id: String,
        new_appointment_id: String,
        session_id: String,
        slot_id: String,
        #[serde(default)]
        reason: Option<String>,
        #[serde(default)]
        patient_accepted_earlier_date: bool,
    },
    /// Reception: the patient has arrived for today's appointment.
    RecordArrival { appointment_id: String },
    /// The patient was seen: appends an outpatient attendance to the pathway and makes the clinic-letter task
    /// (for the medical secretaries, due by the letter standard) unless it exists.
    RecordSeen { appointment_id: String, pathway_id: String },
    /// The patient did not attend: appends a DNA to the pathway. `clearly_communicated`: the appointment was
    /// clearly communicated to the patient (a first-appointment DNA then nullifies the clock).
    RecordDidNotAttend { appointment_id: String, pathway_id: String, clearly_communicated: bool },
    /// A patient without a booking is seen today: in a free slot, or as an extra when `slot_id` is `None`.
    RecordWalkIn {
        appointment_id: String,
        pathway_id: String,
        session_id: String,
        #[serde(default)]
        slot_id: Option<String>,
    },
    /// Cancel a whole clinic session; `appointment_ids` are the appointments on its list (checked against it),
    /// each cancelled by the hospital with the reason.
    CancelSession {
        session_id: String,
        reason: String,
        #[serde(default)]
        appointment_ids: Vec<String>,
    },
    /// Remove some slots from a session; `appointment_ids` are the appointments in those slots.
    ReduceSession {
        session_id: String,
        reason: String,
        slot_ids: Vec<String>,
        #[serde(default)]
        appointment_ids: Vec<String>,
    },
    /// Move one dated clinic's times or room (`was`: what the person saw, checked against the clinic now).
    /// `appointment_ids` are the appointments on its list (checked against it): each booked one moves with its
    /// slot, gets a note, and a task `tell-<appointment>-<edit_id>` asks the booking team to tell the patient.
    EditSession {
        session_id: String,
        edit_id: String,
        was: crate::booking::SessionTimes,
        now: crate::booking::SessionTimes,
        #[serde(default)]
        appointment_ids: Vec<String>,
    },
    /// Record a consultant's leave (the clinics it touches are listed on screen from the record).
    RecordLeave { leave: crate::booking::Leave },
    /// Save a clinic template edited from version `expected_version` (a new template: `expected_version` 0).
    SaveClinicTemplate { template: crate::model::ClinicTemplate, expected_version: u32 },
    /// Make the dated sessions of a template from `from` to `to`, skipping bank holidays.
    GenerateSessions { template_id: String, from: NaiveDate, to: NaiveDate },
    /// Save the trust's settings (booking notice, leave notice, letter turnaround, idle lock); the later save wins.
    SaveTrustSettings { settings: crate::settings::TrustSettings },
}

impl Command {
    /// The task this command changes, for the commands whose changes merge field by field (a device notes which
    /// of its task changes were merged with another desk's).
    pub fn task_changed(&self) -> Option<&str> {
        match self {
            Command::EditTask { change, .. } => Some(&change.task_id),
            Command::CompleteTask { task_id, .. } | Command::ReopenTask { task_id, .. } => Some(task_id),
            Command::CreateTask { task, .. } => Some(&task.id),
            _ => None,
        }
    }

    /// The records `apply` needs to see.
    pub fn reads(&self) -> Vec<RecordKey> {
        match self {
            Command::AddPatientNote { patient_id, note_id, .. } => {
                vec![RecordKey::new(RecordKind::Patient, patient_id), RecordKey::new(RecordKind::PatientNote, note_id)]
            }
            Command::CompleteTask { task_id, .. }
            | Command::ReopenTask { task_id, .. }
            | Command::RecordLetterStep { task_id, .. } => vec![RecordKey::new(RecordKind::Task, task_id)],
            Command::CreateTask { task, .. } => vec![RecordKey::new(RecordKind::Task, &task.id)],
            Command::EditTask { change, .. } => vec![RecordKey::new(RecordKind::Task, &change.task_id)],
            Command::ReassignTasks { task_ids, .. } => {
                task_ids.iter().map(|id| RecordKey::new(RecordKind::Task, id)).collect()
            }
            Command::RecordPathwayEvent { pathway_id, .. } => {
                vec![RecordKey::new(RecordKind::Pathway, pathway_id)]
            }
            Command::BookAppointment { .. }
            | Command::RecordFollowUpDue { .. }
            | Command::RecordOfferDeclined { .. }
            | Command::CancelAppointment { .. }
            | Command::RebookAppointment { .. } => booking::reads(self),
            Command::RecordArrival { .. }
            | Command::RecordSeen { .. }
            | Command::RecordDidNotAttend { .. }
            | Command::RecordWalkIn { .. } => reception::reads(self),
            Command::CancelSession { .. }
            | Command::ReduceSession { .. }
            | Command::EditSession { .. }
            | Command::RecordLeave { .. }
            | Command::SaveClinicTemplate { .. }
            | Command::GenerateSessions { .. } => clinics::reads(self),
            Command::SaveTrustSettings { .. } => vec![records::trust_settings_key()],
        }
    }

    /// A short description for lists of changes waiting to sync ("Note for patient ...").
    pub fn describe(&self) -> String {
        match self {
            Command::AddPatientNote { .. } => "Add a note to a patient".to_string(),
            Command::CompleteTask { .. } => "Complete a task".to_string(),
            Command::ReopenTask { .. } => "Reopen a task".to_string(),
            Command::CreateTask { task, .. } => format!("New task: {}", task.title),
            Command::EditTask { .. } => "Edit a task".to_string(),
            Command::ReassignTasks { task_ids, assignee, .. } => {
                format!("Reassign {} task(s) to {assignee}", task_ids.len())
            }
            Command::RecordLetterStep { stage, back_because: None, .. } => format!("Letter {stage}"),
            Command::RecordLetterStep { stage, .. } => format!("Letter back to {stage}"),
            Command::RecordPathwayEvent { event, .. } => format!("Record pathway event: {}", event.label()),
            Command::BookAppointment { .. } => "Book an appointment".to_string(),
            Command::RecordOfferDeclined { .. } => "Record a declined offer".to_string(),
            Command::RecordFollowUpDue { due_by: Some(due_by), .. } => {
                format!("Follow-up needed by {}", crate::calendar::uk_date(*due_by))
            }
            Command::RecordFollowUpDue { due_by: None, .. } => "No follow-up needed".to_string(),
            Command::CancelAppointment { by: CancelledBy::Patient, .. } => {
                "Cancel an appointment (patient cancelled)".to_string()
            }
            Command::CancelAppointment { by: CancelledBy::Hospital, .. } => {
                "Cancel an appointment (hospital cancelled)".to_string()
            }
            Command::RebookAppointment { .. } => "Rebook an appointment".to_string(),
            Command::RecordArrival { .. } => "Check a patient in".to_string(),
            Command::RecordSeen { .. } => "Mark a patient seen".to_string(),
            Command::RecordDidNotAttend { .. } => "Mark a patient did not attend".to_string(),
            Command::RecordWalkIn { .. } => "Add a walk-in patient".to_string(),
            Command::CancelSession { .. } => "Cancel a clinic".to_string(),
            Command::ReduceSession { .. } => "Reduce a clinic".to_string(),
            Command::EditSession { now, .. } => format!("Move a clinic to {}", now.describe()),
            Command::RecordLeave { .. } => "Record consultant leave".to_string(),
            Command::SaveClinicTemplate { .. } => "Save a clinic template".to_string(),
            Command::GenerateSessions { .. } => "Make clinics from a template".to_string(),
            Command::SaveTrustSettings { .. } => "Save the trust settings".to_string(),
        }
    }

    /// Validate against the current records and return the records to write.
    pub fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        match self {
            Command::AddPatientNote { note_id, patient_id, text } => {
                add_patient_note(ctx, records, note_id, patient_id, text)
            }
            Command::CompleteTask { task_id, note, stamp: Some(stamp) } => {
                tasks::set_status(ctx, records, task_id, TaskStatus::Done, note.as_deref(), stamp)
            }
            Command::ReopenTask { task_id, reason, stamp: Some(stamp) } => {
                tasks::set_status(ctx, records, task_id, TaskStatus::Open, Some(reason), stamp)
            }
            Command::CompleteTask { task_id, note, stamp: None } => {
                complete_task(ctx, records, task_id, note.as_deref())
            }
            Command::ReopenTask { task_id, reason, stamp: None } => reopen_task(ctx, records, task_id, reason),
            Command::CreateTask { task, stamp } => tasks::create_task(ctx, records, task, stamp),
            Command::EditTask { change, note } => tasks::edit_task(ctx, records, change, note.as_deref()),
            Command::ReassignTasks { task_ids, assignee, stamp } => {
                tasks::reassign_tasks(records, task_ids, assignee, stamp)
            }
            Command::RecordLetterStep { task_id, stage, on, back_because } => {
                tasks::record_letter_step(ctx, records, task_id, *stage, *on, back_because.as_deref())
            }
            Command::RecordPathwayEvent { pathway_id, event } => record_pathway_event(ctx, records, pathway_id, event),
            Command::BookAppointment { .. }
            | Command::RecordFollowUpDue { .. }
            | Command::RecordOfferDeclined { .. }
            | Command::CancelAppointment { .. }
            | Command::RebookAppointment { .. } => booking::apply(self, ctx, records),
            Command::RecordArrival { .. }
            | Command::RecordSeen { .. }
            | Command::RecordDidNotAttend { .. }
            | Command::RecordWalkIn { .. } => reception::apply(self, ctx, records),
            Command::CancelSession { .. }
            | Command::ReduceSession { .. }
            | Command::EditSession { .. }
            | Command::RecordLeave { .. }
            | Command::SaveClinicTemplate { .. }
            | Command::GenerateSessions { .. } => clinics::apply(self, ctx, records),
            Command::SaveTrustSettings { settings } => {
                settings.validate().map_err(Rejection::invalid)?;
                Ok(vec![Record::TrustSettings(settings.clone())])
            }
        }
    }
}

fn checked_text(text: &str, what: &str) -> Result<String, Rejection> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Rejection::invalid(format!("The {what} is empty: type some text, then save.")));
    }
    let chars = text.chars().count();
    if chars > MAX_NOTE_CHARS {
        return Err(Rejection::invalid(format!(
            "The {what} is {chars} characters long; the most is {MAX_NOTE_CHARS}. Shorten it, then save."
        )));
    }
    Ok(text.to_string())
}

fn add_patient_note(
    ctx: &CommandContext,
    records: &impl RecordSource,
    note_id: &str,
    patient_id: &str,
    text: &str,
) -> Result<Vec<Record>, Rejection> {
    let text = checked_text(text, "note")?;
    match records.record(&RecordKey::new(RecordKind::Patient, patient_id)) {
        Some(Record::Patient(_)) => {}
        _ => {
            return Err(Rejection::not_found(format!(
                "No patient with id {patient_id}: the record may have been removed. Search for the patient again."
            )))
        }
    }
    if records.record(&RecordKey::new(RecordKind::PatientNote, note_id)).is_some() {
        return Err(Rejection::conflict(format!("A note with id {note_id} already exists.")));
    }
    Ok(vec![Record::PatientNote(PatientNote {
        id: note_id.to_string(),
        patient_id: patient_id.to_string(),
        text,
        author: ctx.author.clone(),
        written_on: ctx.today,
    })])
}

fn existing_task<'a>(records: &'a impl RecordSource, task_id: &str) -> Result<&'a crate::model::Task, Rejection> {
    match records.record(&RecordKey::new(RecordKind::Task, task_id)) {
        Some(Record::Task(task)) => Ok(task),
        _ => Err(Rejection::not_found(format!("No task with id {task_id}."))),
    }
}

/// A completion from a device older than clock stamps: refused when the task is already done.
fn complete_task(
    ctx: &CommandContext,
    records: &impl RecordSource,
    task_id: &str,
    note: Option<&str>,
) -> Result<Vec<Record>, Rejection> {
    let mut task = existing_task(records, task_id)?.clone();
    if task.status == TaskStatus::Done {
        return Err(Rejection::conflict(format!("\"{}\" is already done.", task.title)));
    }
    let text = match note.map(str::trim).filter(|n| !n.is_empty()) {
        Some(note) => format!("Completed: {}", checked_text(note, "closing note")?),
        None => "Completed".to_string(),
    };
    task.status = TaskStatus::Done;
    task.history.push(TaskNote { author: ctx.author.clone(), written_on: ctx.today, text });
    Ok(vec![Record::Task(task)])
}

/// A reopening from a device older than clock stamps: refused when the task is already open.
fn reopen_task(
    ctx: &CommandContext,
    records: &impl RecordSource,
    task_id: &str,
    reason: &str,
) -> Result<Vec<Record>, Rejection> {
    let mut task = existing_task(records, task_id)?.clone();
    if task.status == TaskStatus::Open {
        return Err(Rejection::conflict(format!("\"{}\" is already open.", task.title)));
    }
    let reason = checked_text(reason, "reason for reopening")?;
    task.status = TaskStatus::Open;
    task.history.push(TaskNote {
        author: ctx.author.clone(),
        written_on: ctx.today,
        text: format!("Reopened: {reason}"),
    });
    Ok(vec![Record::Task(task)])
}

fn record_pathway_event(
    ctx: &CommandContext,
    records: &impl RecordSource,
    pathway_id: &str,
    event: &PathwayEvent,
) -> Result<Vec<Record>, Rejection> {
    let mut pathway = match records.record(&RecordKey::new(RecordKind::Pathway, pathway_id)) {
        Some(Record::Pathway(pathway)) => pathway.clone(),
        _ => return Err(Rejection::not_found(format!("No pathway with id {pathway_id}."))),
    };
    crate::pathway::check_new_event(&pathway.events, event, ctx.today).map_err(Rejection::invalid)?;
    pathway.events.push(event.clone());
    Ok(vec![Record::Pathway(pathway)])
}
