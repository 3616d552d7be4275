//! A task worked out by a rule (a letter after an attendance, a validation at 12 weeks) before anyone is
//! assigned to it. Its id is made from what caused it, so two devices that record the same attendance make the
//! same task, and the second creation is seen as a repeat rather than a duplicate.

use chrono::NaiveDate;

use super::letters::{letter_due, letter_task_id, Attendance, LetterDueError, LetterLog, LetterSettings};
use crate::calendar::uk_date;
use crate::tasks::{Task, TaskKind};

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

/// The clinic-letter task for an attendance, due by the trust's standard.
pub fn letter_task_for_attendance(
    attendance: &Attendance<'_>,
    settings: &LetterSettings,
) -> Result<TaskDraft, LetterDueError> {
    Ok(TaskDraft {
        id: letter_task_id(attendance.appointment_id),
        kind: TaskKind::ClinicLetter,
        title: format!("Clinic letter: seen in clinic on {}", uk_date(attendance.clinic_date)),
        patient_id: Some(attendance.patient_id.to_string()),
        consultant_id: Some(attendance.consultant_id.to_string()),
        due: letter_due(attendance.clinic_date, settings)?,
        letter: Some(LetterLog::new(attendance.clinic_date)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_letter_task_for_an_attendance() {
        let attendance =
            Attendance { appointment_id: "A17", clinic_date: d("2025-12-22"), patient_id: "P4", consultant_id: "C2" };
        let task = letter_task_for_attendance(&attendance, &LetterSettings::default()).unwrap().into_task("R. Ahmed");
        assert_eq!(task.id, "letter-A17");
        assert_eq!(task.kind, TaskKind::ClinicLetter);
        assert_eq!(task.title, "Clinic letter: seen in clinic on 22 Dec 2025");
        assert_eq!(task.due, d("2025-12-31"));
        assert_eq!(task.patient_id.as_deref(), Some("P4"));
        assert_eq!(task.consultant_id.as_deref(), Some("C2"));
        assert_eq!(task.assignee, "R. Ahmed");
    }
}
