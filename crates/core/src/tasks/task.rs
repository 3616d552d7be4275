//! A task: a piece of work for a person or a team pool (a clinic letter, a patient query, a chaser, a pathway
//! validation), with its history and, for edits made on several desks, who wrote each field last.

use crate::from_map::from_map;
use crate::from_map::words;
use chrono::NaiveDate;
use serde::Serialize;

use super::escalation::Escalation;
use super::letters::LetterLog;
use super::merge::TaskStamps;
use super::query::PatientQuery;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskKind {
    ClinicLetter,
    PatientQuery,
    Chaser,
    PathwayValidation,
    /// A patient who cannot be kept within a waiting-time deadline, for the team leads.
    Escalation,
    Other,
}

words!(TaskKind { ClinicLetter = "clinic_letter", PatientQuery = "patient_query", Chaser = "chaser", PathwayValidation = "pathway_validation", Escalation = "escalation", Other = "other" });

impl TaskKind {
    pub const ALL: [TaskKind; 6] = [
        TaskKind::ClinicLetter,
        TaskKind::PatientQuery,
        TaskKind::Chaser,
        TaskKind::PathwayValidation,
        TaskKind::Escalation,
        TaskKind::Other,
    ];

    /// The kind as it travels (`clinic_letter`): the same words serde writes.
    pub fn code(self) -> &'static str {
        match self {
            TaskKind::ClinicLetter => "clinic_letter",
            TaskKind::PatientQuery => "patient_query",
            TaskKind::Chaser => "chaser",
            TaskKind::PathwayValidation => "pathway_validation",
            TaskKind::Escalation => "escalation",
            TaskKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TaskKind::ClinicLetter => "Clinic letter",
            TaskKind::PatientQuery => "Patient query",
            TaskKind::Chaser => "Chaser",
            TaskKind::PathwayValidation => "Pathway validation",
            TaskKind::Escalation => "Escalation",
            TaskKind::Other => "Task",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskStatus {
    Open,
    Done,
}

words!(TaskStatus { Open = "open", Done = "done" });

/// A line in a task's history: who did what, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskNote {
    pub author: String,
    pub written_on: NaiveDate,
    pub text: String,
}

from_map!(TaskNote { author, written_on, text });

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    pub id: String,
    /// On the wire as `task_kind`: `Record` is tagged with `kind`, and a second `kind` key made every task
    /// unreadable once serialized (`duplicate field kind`).
    #[serde(rename = "task_kind")]
    pub kind: TaskKind,
    pub title: String,
    #[serde(default)]
    pub patient_id: Option<String>,
    #[serde(default)]
    pub consultant_id: Option<String>,
    pub assignee: String,
    pub due: NaiveDate,
    pub status: TaskStatus,
    #[serde(default)]
    pub history: Vec<TaskNote>,
    /// Who wrote each field last (hybrid logical clock), and the values that gave way: see [`super::merge`].
    #[serde(default)]
    pub stamps: TaskStamps,
    /// A clinic letter's steps (dictated, typed, checked, sent); `None` for other kinds.
    #[serde(default)]
    pub letter: Option<LetterLog>,
    /// A patient query's caller, channel and subject; `None` for other kinds.
    #[serde(default)]
    pub query: Option<PatientQuery>,
    /// An escalation's clock, deadline, reason and state; `None` for other kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalation: Option<Escalation>,
}

from_map!(Task {
    id, kind as "task_kind", title, patient_id = default, consultant_id = default, assignee, due, status,
    history = default, stamps = default, letter = default, query = default, escalation = default,
});

impl Task {
    /// A new open task. Code that creates tasks uses this rather than a struct literal, so fields added to
    /// `Task` later (with defaults) do not ripple through every caller.
    pub fn new_open(
        id: impl Into<String>,
        kind: TaskKind,
        title: impl Into<String>,
        assignee: impl Into<String>,
        due: NaiveDate,
    ) -> Task {
        Task {
            id: id.into(),
            kind,
            title: title.into(),
            patient_id: None,
            consultant_id: None,
            assignee: assignee.into(),
            due,
            status: TaskStatus::Open,
            history: Vec::new(),
            stamps: Default::default(),
            letter: None,
            query: None,
            escalation: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kinds_code_is_what_serde_writes() {
        for kind in TaskKind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), serde_json::json!(kind.code()));
        }
    }
}
