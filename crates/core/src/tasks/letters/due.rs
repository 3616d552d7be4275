//! When a clinic letter is due: N working days after the clinic (a trust setting, 5 by default), counted with
//! the bank holiday calendar (`pathway-rules.md` §4: the clinic is day 0, even at a weekend).

use crate::from_map::from_map;
use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::{add_working_days, uk_date, CalendarError, Region};
use crate::model::Appointment;

/// The trust's letter standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LetterSettings {
    /// Working days after the clinic by which the letter should be sent.
    pub turnaround_working_days: u32,
    /// Whose bank holidays count.
    pub region: Region,
}

from_map!(LetterSettings { turnaround_working_days, region });

impl LetterSettings {
    pub const DEFAULT_TURNAROUND_WORKING_DAYS: u32 = 5;
}

impl Default for LetterSettings {
    fn default() -> Self {
        LetterSettings { turnaround_working_days: Self::DEFAULT_TURNAROUND_WORKING_DAYS, region: Region::default() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Cannot set a due date for the letter after the clinic on {}: {source}", uk_date(*clinic_date))]
pub struct LetterDueError {
    pub clinic_date: NaiveDate,
    #[source]
    pub source: CalendarError,
}

/// The date the letter for a clinic on `clinic_date` is due. A date beyond the bank holiday data is an error:
/// a guessed due date could be wrong by a bank holiday.
pub fn letter_due(clinic_date: NaiveDate, settings: &LetterSettings) -> Result<NaiveDate, LetterDueError> {
    add_working_days(clinic_date, settings.turnaround_working_days, settings.region)
        .map_err(|source| LetterDueError { clinic_date, source })
}

/// A patient seen in clinic: what the letter task needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attendance<'a> {
    pub appointment_id: &'a str,
    pub clinic_date: NaiveDate,
    pub patient_id: &'a str,
    pub consultant_id: &'a str,
}

impl<'a> Attendance<'a> {
    /// The attendance at `appointment`, in a clinic held by `consultant_id`.
    pub fn at(appointment: &'a Appointment, consultant_id: &'a str) -> Attendance<'a> {
        Attendance {
            appointment_id: &appointment.id,
            clinic_date: appointment.date,
            patient_id: &appointment.patient_id,
            consultant_id,
        }
    }
}

/// The letter task's id: one letter per appointment, whichever device records the attendance.
pub fn letter_task_id(appointment_id: &str) -> String {
    format!("{LETTER_TASK_PREFIX}{appointment_id}")
}

const LETTER_TASK_PREFIX: &str = "letter-";

/// The appointment a clinic letter's task is about ([`letter_task_id`] undone); `None` for any other task.
pub fn appointment_of_letter_task(task_id: &str) -> Option<&str> {
    task_id.strip_prefix(LETTER_TASK_PREFIX).filter(|id| !id.is_empty())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_letter_task_names_its_appointment() {
        let id = super::letter_task_id("appt-42");
        assert_eq!(super::appointment_of_letter_task(&id), Some("appt-42"));
        assert_eq!(super::appointment_of_letter_task("task-7"), None);
        assert_eq!(super::appointment_of_letter_task("letter-"), None);
    }

    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn over_christmas_2025_a_monday_clinic_is_due_on_new_years_eve() {
        // Mon 22 Dec: Tue 23, Wed 24, (25, 26 bank holidays, weekend), Mon 29, Tue 30, Wed 31.
        assert_eq!(letter_due(d("2025-12-22"), &LetterSettings::default()).unwrap(), d("2025-12-31"));
    }

    #[test]
    fn over_easter_2026() {
        // Wed 1 Apr: Thu 2, (Good Friday 3, weekend, Easter Monday 6), Tue 7, Wed 8, Thu 9, Fri 10.
        assert_eq!(letter_due(d("2026-04-01"), &LetterSettings::default()).unwrap(), d("2026-04-10"));
    }

    #[test]
    fn a_weekend_clinic_is_day_zero() {
        // Sat 7 Nov 2026: Mon 9 is the first working day, Fri 13 the fifth.
        assert_eq!(letter_due(d("2026-11-07"), &LetterSettings::default()).unwrap(), d("2026-11-13"));
        let same_day = LetterSettings { turnaround_working_days: 0, ..LetterSettings::default() };
        assert_eq!(letter_due(d("2026-11-07"), &same_day).unwrap(), d("2026-11-07"));
    }

    #[test]
    fn the_trust_setting_is_used() {
        let ten = LetterSettings { turnaround_working_days: 10, ..LetterSettings::default() };
        assert_eq!(letter_due(d("2026-11-02"), &ten).unwrap(), d("2026-11-16"));
    }

    #[test]
    fn past_the_calendar_data_is_a_clear_error() {
        let err = letter_due(d("2028-12-27"), &LetterSettings::default()).unwrap_err();
        assert!(matches!(err.source, CalendarError::OutsideData { .. }));
        let text = err.to_string();
        assert!(text.starts_with("Cannot set a due date for the letter after the clinic on 27 Dec 2028"), "{text}");
        assert!(text.contains("bank holiday list to be updated"), "{text}");
    }
}
