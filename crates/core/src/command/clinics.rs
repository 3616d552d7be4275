//! Clinic commands: save a template (compare-and-set on its version), make dated sessions from it, record leave,
//! cancel or reduce a session (its patients' appointments are cancelled by the hospital with the reason), and move
//! one session's times or room (its patients' appointments move with it, and the booking team is asked to tell
//! each patient).

use crate::calendar::hhmm;
use std::collections::{BTreeSet, HashSet};

use crate::from_map::from_map;
use chrono::NaiveDate;
use serde::Serialize;

use super::booking::{appointment_note, tell_patient_id, TellPatient, BOOKING_TEAM};
use super::records::{self, key};
use super::{Act, CommandContext, RecordSource, Rejection};
use crate::booking::generate::MAX_GENERATION_DAYS;
use crate::booking::{
    apply_session_change, apply_template_edit, edit_session, generate_sessions, leave_impact, session_id,
    validate_template, Leave, SessionChange, SessionTimes,
};
use crate::calendar::{self, uk_date, Region};
use crate::model::{AppointmentStatus, ClinicList, ClinicSession, ClinicTemplate, PatientNote};
use crate::record::{Record, RecordKey, RecordKind};
use crate::tasks::{Task, TaskKind, TaskNote};

/// Cancel a whole clinic session; `appointment_ids` are the appointments on its list (checked against it), each
/// cancelled by the hospital with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CancelSession {
    pub session_id: String,
    pub reason: String,
    #[serde(default)]
    pub appointment_ids: Vec<String>,
    /// Their pathways, so a cancer patient is phoned first (older desks send none: told by letter unless short
    /// notice).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pathway_ids: Vec<String>,
}

from_map!(CancelSession { session_id, reason, appointment_ids = default, pathway_ids = default });

impl CancelSession {
    /// Cancel the session whose clinic list is `list`: every listed appointment is named.
    pub fn of(list: &ClinicList, reason: impl Into<String>) -> CancelSession {
        CancelSession {
            session_id: list.id.clone(),
            reason: reason.into(),
            appointment_ids: list.places.iter().map(|place| place.appointment_id.clone()).collect(),
            pathway_ids: Vec::new(),
        }
    }
}

impl Act for CancelSession {
    fn reads(&self) -> Vec<RecordKey> {
        session_and_appointments(&self.session_id, &self.appointment_ids, &self.pathway_ids)
    }

    fn describe(&self) -> String {
        "Cancel a clinic".to_string()
    }

    fn typed_text(&self) -> Option<String> {
        Some(self.reason.clone())
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let change = SessionChange::Cancel { reason: self.reason.clone() };
        change_session(ctx, records, &self.session_id, &change, &self.appointment_ids)
    }
}

/// Remove some slots from a session; `appointment_ids` are the appointments in those slots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReduceSession {
    pub session_id: String,
    pub reason: String,
    pub slot_ids: Vec<String>,
    #[serde(default)]
    pub appointment_ids: Vec<String>,
    /// As for [`CancelSession`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pathway_ids: Vec<String>,
}

from_map!(ReduceSession { session_id, reason, slot_ids, appointment_ids = default, pathway_ids = default });

impl ReduceSession {
    /// Remove `slot_ids` from the session whose clinic list is `list`: the appointments in them are named.
    pub fn of(list: &ClinicList, slot_ids: Vec<String>, reason: impl Into<String>) -> ReduceSession {
        let appointment_ids = list
            .places
            .iter()
            .filter(|place| slot_ids.contains(&place.slot_id))
            .map(|place| place.appointment_id.clone())
            .collect();
        ReduceSession {
            session_id: list.id.clone(),
            reason: reason.into(),
            slot_ids,
            appointment_ids,
            pathway_ids: Vec::new(),
        }
    }
}

impl Act for ReduceSession {
    fn reads(&self) -> Vec<RecordKey> {
        session_and_appointments(&self.session_id, &self.appointment_ids, &self.pathway_ids)
    }

    fn describe(&self) -> String {
        "Reduce a clinic".to_string()
    }

    fn typed_text(&self) -> Option<String> {
        Some(self.reason.clone())
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let change = SessionChange::Reduce { removed_slot_ids: self.slot_ids.clone(), reason: self.reason.clone() };
        change_session(ctx, records, &self.session_id, &change, &self.appointment_ids)
    }
}

/// Move one dated clinic's times or room (`was`: what the person saw, checked against the clinic now).
/// `appointment_ids` are the appointments on its list (checked against it): each booked one moves with its slot,
/// gets a note, and a task `tell-<appointment>-<edit_id>` asks the booking team to tell the patient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditSession {
    pub session_id: String,
    pub edit_id: String,
    pub was: SessionTimes,
    pub now: SessionTimes,
    #[serde(default)]
    pub appointment_ids: Vec<String>,
}

from_map!(EditSession { session_id, edit_id, was, now, appointment_ids = default });

impl EditSession {
    /// Move the session whose clinic list is `list` from `was` (as the person saw it) to `now`: every listed
    /// appointment is named. `edit_id` is new for each change (the tasks to tell the patients are named by it).
    pub fn of(list: &ClinicList, edit_id: impl Into<String>, was: SessionTimes, now: SessionTimes) -> EditSession {
        EditSession {
            session_id: list.id.clone(),
            edit_id: edit_id.into(),
            was,
            now,
            appointment_ids: list.places.iter().map(|place| place.appointment_id.clone()).collect(),
        }
    }
}

impl Act for EditSession {
    fn reads(&self) -> Vec<RecordKey> {
        let mut keys = session_and_appointments(&self.session_id, &self.appointment_ids, &[]);
        keys.extend(self.appointment_ids.iter().map(|id| key(RecordKind::Task, &tell_patient_id(id, &self.edit_id))));
        keys
    }

    fn describe(&self) -> String {
        format!("Move a clinic to {}", self.now.describe())
    }

    fn typed_text(&self) -> Option<String> {
        Some(self.now.describe())
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        edit(ctx, records, &self.session_id, &self.edit_id, &self.was, &self.now, &self.appointment_ids)
    }
}

/// Record a consultant's leave (the clinics it touches are listed on screen from the record).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordLeave {
    pub leave: Leave,
}

from_map!(RecordLeave { leave });

impl Act for RecordLeave {
    fn reads(&self) -> Vec<RecordKey> {
        vec![
            key(RecordKind::Leave, &self.leave.id),
            key(RecordKind::Consultant, &self.leave.consultant_id),
            records::trust_settings_key(),
        ]
    }

    fn describe(&self) -> String {
        "Record consultant leave".to_string()
    }

    fn typed_text(&self) -> Option<String> {
        Some(self.leave.reason.clone())
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        record_leave(ctx, records, &self.leave)
    }
}

/// Save a clinic template edited from version `expected_version` (a new template: `expected_version` 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SaveClinicTemplate {
    pub template: ClinicTemplate,
    pub expected_version: u32,
}

from_map!(SaveClinicTemplate { template, expected_version });

impl Act for SaveClinicTemplate {
    fn reads(&self) -> Vec<RecordKey> {
        vec![key(RecordKind::ClinicTemplate, &self.template.id)]
    }

    fn describe(&self) -> String {
        "Save a clinic template".to_string()
    }

    fn typed_text(&self) -> Option<String> {
        Some(self.template.describe())
    }

    fn apply(&self, _ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        save_template(records, &self.template, self.expected_version)
    }
}

/// Make the dated sessions of a template from `from` to `to`, skipping bank holidays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GenerateSessions {
    pub template_id: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

from_map!(GenerateSessions { template_id, from, to });

impl Act for GenerateSessions {
    fn reads(&self) -> Vec<RecordKey> {
        let (template_id, from, to) = (&self.template_id, self.from, self.to);
        let mut keys = vec![key(RecordKind::ClinicTemplate, template_id)];
        // Every date in range (the template's weekday is not known yet); too long a range is refused by apply.
        if to >= from && (to - from).num_days() <= MAX_GENERATION_DAYS {
            keys.extend(
                from.iter_days()
                    .take_while(|day| *day <= to)
                    .map(|day| key(RecordKind::ClinicSession, &session_id(template_id, day))),
            );
        }
        keys
    }

    fn describe(&self) -> String {
        "Make clinics from a template".to_string()
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        generate(ctx, records, &self.template_id, self.from, self.to)
    }
}

/// A session, its clinic list, the named appointments on it, their pathways and the trust's settings.
fn session_and_appointments(session_id: &str, appointment_ids: &[String], pathway_ids: &[String]) -> Vec<RecordKey> {
    let mut keys = vec![key(RecordKind::ClinicSession, session_id), key(RecordKind::ClinicList, session_id)];
    keys.extend(appointment_ids.iter().map(|id| key(RecordKind::Appointment, id)));
    keys.extend(pathway_ids.iter().map(|id| key(RecordKind::Pathway, id)));
    keys.push(records::trust_settings_key());
    keys
}

fn change_session(
    ctx: &CommandContext,
    records: &impl RecordSource,
    session_id: &str,
    change: &SessionChange,
    appointment_ids: &[String],
) -> Result<Vec<Record>, Rejection> {
    let session = records::session(records, session_id)?;
    let changed = apply_session_change(session, change, ctx.today)?;
    let mut list = records::clinic_list(records, session_id);

    // The command names the appointments the person saw in the removed slots; the list must agree, so nobody
    // booked in the meantime is cancelled unseen.
    let affected: BTreeSet<&str> = list
        .places
        .iter()
        .filter(|place| change.removes(&place.slot_id))
        .map(|place| place.appointment_id.as_str())
        .collect();
    same_patients_as_seen(session, &affected, appointment_ids)?;

    let reason = change.reason().trim();
    let mut written = Vec::new();
    let mut cancelled: HashSet<String> = HashSet::new();
    for appointment_id in &affected {
        let mut appointment = records::appointment(records, appointment_id)?.clone();
        // Patients already seen or marked did not attend today keep their record as it is.
        if !matches!(appointment.status, AppointmentStatus::Booked | AppointmentStatus::Arrived) {
            continue;
        }
        let clinic = if matches!(change, SessionChange::Cancel { .. }) { "Clinic cancelled" } else { "Clinic reduced" };
        appointment.cancel(AppointmentStatus::CancelledByHospital, ctx.today, format!("{clinic}: {reason}"));
        let note = format!(
            "Appointment on {} at {} cancelled by the hospital ({} {}): {reason}",
            uk_date(appointment.date),
            hhmm(appointment.start),
            session.name,
            if matches!(change, SessionChange::Cancel { .. }) { "cancelled" } else { "reduced" }
        );
        written.push(appointment_note(ctx, &appointment, note));
        let cancer = matches!(
            records.record(&key(RecordKind::Pathway, &appointment.pathway_id)),
            Some(Record::Pathway(pathway)) if pathway.cancer
        );
        let tell = TellPatient {
            appointment: &appointment,
            suffix: "cancelled",
            what: format!(
                "{} on {} {} ({reason}): appointment at {} cancelled; to be rebooked",
                session.name,
                uk_date(appointment.date),
                if matches!(change, SessionChange::Cancel { .. }) { "cancelled" } else { "reduced" },
                hhmm(appointment.start)
            ),
            cancer,
            date: appointment.date,
        };
        written.push(Record::Task(tell.task(ctx, &records::booking_policy(records))));
        cancelled.insert(appointment.id.clone());
        written.push(Record::Appointment(appointment));
    }
    list.places.retain(|place| !cancelled.contains(&place.appointment_id));
    written.push(Record::ClinicList(list));
    written.push(Record::ClinicSession(changed));
    Ok(written)
}

/// The command names the appointments the person saw on the clinic; the list must agree, so nobody booked in the
/// meantime is changed unseen.
fn same_patients_as_seen(
    session: &ClinicSession,
    on_list: &BTreeSet<&str>,
    appointment_ids: &[String],
) -> Result<(), Rejection> {
    let named: BTreeSet<&str> = appointment_ids.iter().map(String::as_str).collect();
    if *on_list == named {
        return Ok(());
    }
    let missing = on_list.difference(&named).count();
    Err(Rejection::conflict(if missing > 0 {
        format!(
            "{missing} more {} booked into {} on {} since you opened it. Reload the clinic, check the list of \
             patients, then try again.",
            if missing == 1 { "patient was" } else { "patients were" },
            session.name,
            uk_date(session.date)
        )
    } else {
        format!(
            "Some of the patients chosen are no longer booked in {} on {}. Reload the clinic, check the list of \
             patients, then try again.",
            session.name,
            uk_date(session.date)
        )
    }))
}

fn edit(
    ctx: &CommandContext,
    records: &impl RecordSource,
    session_id: &str,
    edit_id: &str,
    was: &SessionTimes,
    now: &SessionTimes,
    appointment_ids: &[String],
) -> Result<Vec<Record>, Rejection> {
    if edit_id.trim().is_empty() {
        return Err(Rejection::invalid("The change has no id. Reload the clinic, then make the change again."));
    }
    let session = records::session(records, session_id)?;
    let edited = edit_session(session, was, now, ctx.today)?;
    let list = records::clinic_list(records, session_id);
    let on_list: BTreeSet<&str> = list.places.iter().map(|place| place.appointment_id.as_str()).collect();
    same_patients_as_seen(session, &on_list, appointment_ids)?;

    let moved_to = SessionTimes::of(&edited);
    let mut written = Vec::new();
    for appointment_id in &on_list {
        let mut appointment = records::appointment(records, appointment_id)?.clone();
        // Only patients still to come are moved and told; a seen or did-not-attend record keeps its time.
        if !matches!(appointment.status, AppointmentStatus::Booked | AppointmentStatus::Arrived) {
            continue;
        }
        let before = appointment.start;
        if let Some(slot) = edited.slots.iter().find(|slot| slot.id == appointment.slot_id) {
            appointment.start = slot.start;
        }
        // A patient already checked in is here: their time moves, and there is nobody to phone.
        if appointment.status == AppointmentStatus::Arrived {
            written.push(Record::Appointment(appointment));
            continue;
        }
        let what = if before == appointment.start {
            format!("{} moved to {}", session.name, moved_to.location)
        } else {
            format!(
                "{} moved: appointment now at {} (was {}), {}",
                session.name,
                hhmm(appointment.start),
                hhmm(before),
                moved_to.location
            )
        };
        let task_id = tell_patient_id(&appointment.id, edit_id);
        if records::exists(records, RecordKind::Task, &task_id) {
            return Err(Rejection::conflict("This change to the clinic was saved already. Reload the clinic."));
        }
        let mut task = Task::new_open(
            task_id,
            TaskKind::Other,
            format!("Tell the patient: clinic on {} moved", uk_date(session.date)),
            BOOKING_TEAM,
            ctx.today,
        );
        task.patient_id = Some(appointment.patient_id.clone());
        task.consultant_id = Some(session.consultant_id.clone());
        task.history.push(TaskNote {
            author: ctx.author.clone(),
            written_on: ctx.today,
            text: format!("{what}. Tell the patient by phone or letter."),
        });
        written.push(Record::PatientNote(PatientNote {
            id: format!("note-{}-{edit_id}", appointment.id),
            patient_id: appointment.patient_id.clone(),
            text: format!("{what} ({}).", uk_date(session.date)),
            author: ctx.author.clone(),
            written_on: ctx.today,
        }));
        written.push(Record::Task(task));
        written.push(Record::Appointment(appointment));
    }
    written.push(Record::ClinicSession(edited));
    Ok(written)
}

pub(super) fn record_leave(
    ctx: &CommandContext,
    records: &impl RecordSource,
    leave: &Leave,
) -> Result<Vec<Record>, Rejection> {
    let mut consultant = records::consultant(records, &leave.consultant_id)?.clone();
    if records::leave(records, &leave.id).is_some() {
        return Err(Rejection::conflict(format!("Leave {} is already recorded.", leave.id)));
    }
    let mut leave = leave.clone();
    leave.reason = leave.reason.trim().to_string();
    // Notice runs from the day the leave is recorded.
    leave.recorded_on = ctx.today;
    leave_impact(&records::booking_policy(records), &leave, &[])?;
    // Kept on the consultant too, so a booking into their clinic reads it with the clinic.
    consultant.leave.push(crate::model::LeavePeriod {
        id: leave.id.clone(),
        from: leave.from,
        to: leave.to,
        reason: leave.reason.clone(),
    });
    Ok(vec![Record::Leave(leave), Record::Consultant(consultant)])
}

fn save_template(
    records: &impl RecordSource,
    template: &ClinicTemplate,
    expected_version: u32,
) -> Result<Vec<Record>, Rejection> {
    let saved = match records::template(records, &template.id) {
        Some(current) => apply_template_edit(current, template, expected_version)?,
        None if expected_version == 0 => {
            validate_template(template)?;
            ClinicTemplate { version: 1, ..template.clone() }
        }
        None => {
            return Err(Rejection::not_found(format!(
                "The template \"{}\" no longer exists on this desk. Reload the templates; to keep your change, \
                 create it as a new template.",
                template.name
            )))
        }
    };
    Ok(vec![Record::ClinicTemplate(saved)])
}

fn generate(
    ctx: &CommandContext,
    records: &impl RecordSource,
    template_id: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Record>, Rejection> {
    let Some(template) = records::template(records, template_id) else {
        return Err(Rejection::not_found(format!(
            "No clinic template with id {template_id}. Reload the templates and choose one."
        )));
    };
    if from < ctx.today {
        return Err(Rejection::invalid(format!(
            "The first date ({}) is before today ({}). Clinics are made from today on.",
            uk_date(from),
            uk_date(ctx.today)
        )));
    }
    let mut bank_holidays = HashSet::new();
    if to >= from && (to - from).num_days() <= MAX_GENERATION_DAYS {
        let mut day = from;
        while day <= to {
            let holiday = calendar::bank_holiday(day, Region::default()).map_err(|error| {
                Rejection::invalid(format!(
                    "{error} Choose dates up to {}, or ask IT to update the bank holiday list.",
                    uk_date(calendar::DATA_UNTIL)
                ))
            })?;
            if holiday.is_some() {
                bank_holidays.insert(day);
            }
            day = crate::calendar::add_days(day, 1);
        }
    }
    let generated = generate_sessions(template, from, to, &bank_holidays)?;
    // A session made before (here or on another desk) is kept as it is: it may have been booked, reduced or
    // cancelled since.
    Ok(generated
        .sessions
        .into_iter()
        .filter(|session| !records::exists(records, RecordKind::ClinicSession, &session.id))
        .map(Record::ClinicSession)
        .collect())
}
