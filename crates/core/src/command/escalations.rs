//! Escalations: raising a patient who cannot be kept within a waiting-time deadline to the team leads, and a
//! lead acknowledging or resolving it (see [`crate::tasks::escalation`]).

use crate::from_map::from_map;
use chrono::NaiveDate;
use serde::Serialize;

use super::records::{self, key};
use super::{checked_text, Act, CommandContext, RecordSource, Rejection};
use crate::calendar::uk_date;
use crate::model::Patient;
use crate::nhs_number::format_nhs_number;
use crate::pathway::{Deadline, Standard};
use crate::record::{Record, RecordKey, RecordKind};
use crate::tasks::escalation::{escalation_task_id, Escalation, EscalationState, TEAM_LEADS};
use crate::tasks::{Task, TaskKind, TaskNote, TaskStatus};

/// Raise an escalation for the team leads: a task naming the patient, the clock and the deadline, due today. The
/// same escalation raised again (from another desk, or later) adds a line to its history and opens it again if it
/// was resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Escalate {
    pub pathway_id: String,
    pub patient_id: String,
    pub standard: Standard,
    pub deadline: NaiveDate,
    pub reason: String,
    /// The date offered instead, if there is one.
    #[serde(default)]
    pub offered: Option<NaiveDate>,
}

from_map!(Escalate { pathway_id, patient_id, standard, deadline, reason, offered = default });

impl Escalate {
    fn task_id(&self) -> String {
        escalation_task_id(&self.pathway_id, self.standard, self.deadline)
    }
}

impl Act for Escalate {
    fn reads(&self) -> Vec<RecordKey> {
        vec![
            key(RecordKind::Pathway, &self.pathway_id),
            key(RecordKind::Patient, &self.patient_id),
            key(RecordKind::Task, &self.task_id()),
        ]
    }

    fn describe(&self) -> String {
        format!("Escalate: {} by {}", self.standard.label(), uk_date(self.deadline))
    }

    fn typed_text(&self) -> Option<String> {
        Some(self.reason.clone())
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let reason = checked_text(&self.reason, "reason for the escalation")?;
        let pathway = records::pathway(records, &self.pathway_id)?;
        if pathway.patient_id != self.patient_id {
            return Err(Rejection::invalid(format!(
                "Pathway {} is not this patient's: reload the patient and escalate again.",
                self.pathway_id
            )));
        }
        let deadline = Deadline { standard: self.standard, date: self.deadline };
        let line = |text: String| TaskNote { author: ctx.author.clone(), written_on: ctx.today, text };
        if let Some(Record::Task(existing)) = records.record(&key(RecordKind::Task, &self.task_id())) {
            let mut task = existing.clone();
            task.history.push(line(format!("Escalated again: {reason}")));
            if let Some(escalation) = task.escalation.as_mut() {
                if escalation.state == EscalationState::Resolved {
                    escalation.state = EscalationState::Open;
                    task.status = TaskStatus::Open;
                }
                escalation.offered = self.offered.or(escalation.offered);
            }
            return Ok(vec![Record::Task(task)]);
        }
        let patient = match records.record(&key(RecordKind::Patient, &self.patient_id)) {
            Some(Record::Patient(patient)) => patient,
            _ => {
                return Err(Rejection::not_found(format!(
                    "No patient with id {} on this desk: it may not have synced yet. Sync, then try again.",
                    self.patient_id
                )))
            }
        };
        let mut task =
            Task::new_open(self.task_id(), TaskKind::Escalation, title(patient, &deadline), TEAM_LEADS, ctx.today);
        task.patient_id = Some(self.patient_id.clone());
        task.consultant_id = Some(pathway.consultant_id.clone());
        task.history.push(line(format!("Escalated: {reason}")));
        task.escalation = Some(Escalation {
            pathway_id: self.pathway_id.clone(),
            standard: self.standard,
            deadline: self.deadline,
            reason,
            offered: self.offered,
            state: EscalationState::Open,
        });
        Ok(vec![Record::Task(task)])
    }
}

/// "Escalation: SMITH, Ann (999 000 0018): 28-day Faster Diagnosis by 7 Dec 2026".
fn title(patient: &Patient, deadline: &Deadline) -> String {
    format!(
        "Escalation: {} ({}): {} by {}",
        patient.display_name(),
        format_nhs_number(&patient.nhs_number),
        deadline.standard.label(),
        uk_date(deadline.date)
    )
}

/// A team lead acknowledges an escalation (they have it in hand) or resolves it, saying what was done (required);
/// a resolved one can be opened again, saying why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UpdateEscalation {
    pub task_id: String,
    pub state: EscalationState,
    #[serde(default)]
    pub note: Option<String>,
}

from_map!(UpdateEscalation { task_id, state, note = default });

impl Act for UpdateEscalation {
    fn reads(&self) -> Vec<RecordKey> {
        vec![key(RecordKind::Task, &self.task_id)]
    }

    fn describe(&self) -> String {
        match self.state {
            EscalationState::Open => "Open an escalation again".to_string(),
            EscalationState::Acknowledged => "Acknowledge an escalation".to_string(),
            EscalationState::Resolved => "Resolve an escalation".to_string(),
        }
    }

    fn typed_text(&self) -> Option<String> {
        self.note.clone()
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let mut task = match records.record(&key(RecordKind::Task, &self.task_id)) {
            Some(Record::Task(task)) => task.clone(),
            _ => return Err(Rejection::not_found(format!("No escalation with id {}.", self.task_id))),
        };
        let Some(escalation) = task.escalation.as_mut() else {
            return Err(Rejection::invalid(format!("\"{}\" is not an escalation.", task.title)));
        };
        if escalation.state == self.state {
            return Err(Rejection::conflict(format!(
                "This escalation is already {}: reload to see who changed it.",
                self.state.label().to_lowercase()
            )));
        }
        let note = match (self.state, self.note.as_deref().map(str::trim).filter(|n| !n.is_empty())) {
            (EscalationState::Acknowledged, None) => None,
            (EscalationState::Resolved, None) => {
                return Err(Rejection::invalid("Say what was done to resolve the escalation, then save."))
            }
            (EscalationState::Open, None) => {
                return Err(Rejection::invalid("Say why the escalation is open again, then save."))
            }
            (_, Some(note)) => Some(checked_text(note, "note")?),
        };
        escalation.state = self.state;
        task.status = if self.state == EscalationState::Resolved { TaskStatus::Done } else { TaskStatus::Open };
        let text = match note {
            Some(note) => format!("{}: {note}", self.state.label()),
            None => self.state.label().to_string(),
        };
        task.history.push(TaskNote { author: ctx.author.clone(), written_on: ctx.today, text });
        Ok(vec![Record::Task(task)])
    }
}
