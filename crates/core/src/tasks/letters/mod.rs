//! Clinic letters: the task a secretary gets when a patient is seen in clinic, when it is due, and the steps the
//! letter goes through (dictated, typed, checked, sent).

mod due;
mod workflow;

pub use due::{appointment_of_letter_task, letter_due, letter_task_id, Attendance, LetterDueError, LetterSettings};
pub use workflow::{LetterLog, LetterRefusal, LetterStage, LetterStep};
