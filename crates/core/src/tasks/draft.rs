//! A task worked out by a rule (a letter after an attendance, a validation at 12 weeks) before anyone is
//! assigned to it. Its id is made from what caused it, so two devices that record the same attendance make the
//! same task, and the second creation is seen as a repeat rather than a duplicate.

use chrono::NaiveDate;

use super::letters::LetterLog;
use crate::model::{Task, TaskKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskDraft {
    pub id: String,
    pub kind: TaskKind,
    pub title: String,
    pub patient_id: Option<String>,
    pub consultant_id: Option<String>,
    pub due: NaiveDate,
    /// A clinic letter's (empty) step log, from the clinic date.
    pub letter: Option<LetterLog>,
}

impl TaskDraft {
    /// The open task, on `assignee`'s list.
    pub fn into_task(self, assignee: impl Into<String>) -> Task {
        let mut task = Task::new_open(self.id, self.kind, self.title, assignee, self.due);
        task.patient_id = self.patient_id;
        task.consultant_id = self.consultant_id;
        task.letter = self.letter;
        task
    }
}
