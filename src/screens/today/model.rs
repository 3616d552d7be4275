//! What reception's Today screen works out from the records: finding a patient booked today from what was typed or
//! scanned, and which one to check in when an NHS number is entered. No I/O.

use pathdesk_core::calendar::hhmm;
use pathdesk_core::model::{Appointment, AppointmentStatus, Patient};
use pathdesk_core::nhs_number::format_nhs_number;

use pathdesk_core::patient_search;

/// A patient booked today, with their appointment.
#[derive(Debug, Clone, PartialEq)]
pub struct Booked {
    pub appointment: Appointment,
    pub patient: Option<Patient>,
}

/// The ten digits of an NHS number typed or scanned with or without spaces; `None` for anything else.
pub fn nhs_digits(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    (digits.len() == 10 && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

/// Today's bookings whose patient matches what was typed (name, NHS number with or without spaces, or hospital
/// number).
pub fn find_booked<'a>(booked: &'a [Booked], typed: &str) -> Vec<&'a Booked> {
    booked.iter().filter(|b| b.patient.as_ref().is_some_and(|p| patient_search::matches(p, typed))).collect()
}

/// What happens when an NHS number is entered followed by Enter.
#[derive(Debug, Clone, PartialEq)]
pub enum CheckIn {
    /// One booking today still waiting for the patient: check them in.
    Arrive(Box<Booked>),
    /// The patient's booking today is already past arrival (arrived, seen...): say so.
    Already(Box<Booked>),
    /// The NHS number has no booking today (a walk-in, or the wrong day).
    NoBooking,
    /// More than one booking today is still waiting: reception chooses.
    Several(usize),
    /// What was typed is not an NHS number: only the list is filtered.
    NotNhsNumber,
    /// Ten digits that fail the Modulus 11 check: mistyped or misread, never a patient.
    InvalidNhsNumber,
}

/// Decide the check-in for an NHS number typed or scanned.
pub fn check_in(booked: &[Booked], typed: &str) -> CheckIn {
    let Some(digits) = nhs_digits(typed) else { return CheckIn::NotNhsNumber };
    if !pathdesk_core::nhs_number::check_nhs_number(&digits).valid {
        return CheckIn::InvalidNhsNumber;
    }
    let theirs: Vec<&Booked> =
        booked.iter().filter(|b| b.patient.as_ref().is_some_and(|p| p.nhs_number == digits)).collect();
    let waiting: Vec<&&Booked> = theirs.iter().filter(|b| b.appointment.status == AppointmentStatus::Booked).collect();
    match (waiting.len(), theirs.first()) {
        (1, _) => CheckIn::Arrive(Box::new((*waiting[0]).clone())),
        (0, Some(first)) => CheckIn::Already(Box::new((*first).clone())),
        (0, None) => CheckIn::NoBooking,
        (n, _) => CheckIn::Several(n),
    }
}

/// The words for the status message after an NHS number was entered.
pub fn check_in_message(outcome: &CheckIn, typed: &str) -> String {
    let name = |b: &Booked| b.patient.as_ref().map(Patient::display_name).unwrap_or_else(|| "The patient".into());
    match outcome {
        CheckIn::Arrive(b) => {
            format!("{} checked in for {} ({}).", name(b), hhmm(b.appointment.start), b.appointment.slot_type.label())
        }
        CheckIn::Already(b) => format!("{} is already marked \"{}\" today.", name(b), b.appointment.status.label()),
        CheckIn::NoBooking => format!(
            "No booking today for NHS number {}. Check the number, or add the patient as a walk-in.",
            format_nhs_number(typed)
        ),
        CheckIn::Several(n) => format!("{n} bookings today for this NHS number: choose one in the list."),
        CheckIn::NotNhsNumber => String::new(),
        CheckIn::InvalidNhsNumber => format!(
            "{} is not a valid NHS number: it fails the Modulus 11 check. Check the number typed, or scan it again.",
            format_nhs_number(typed)
        ),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveTime};
    use pathdesk_core::model::SlotType;

    use super::*;

    fn patient(id: &str, nhs: &str, family: &str) -> Patient {
        Patient::new(id, nhs, format!("H{id}"), family, "Alex", NaiveDate::from_ymd_opt(1970, 1, 1).unwrap())
    }

    fn booked_today(id: &str, p: Patient, status: AppointmentStatus) -> Booked {
        Booked {
            appointment: Appointment {
                id: id.into(),
                patient_id: p.id.clone(),
                pathway_id: "pw".into(),
                session_id: "s".into(),
                slot_id: "sl".into(),
                date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                start: NaiveTime::from_hms_opt(9, 30, 0).unwrap(),
                slot_type: SlotType::New,
                status,
                booked_on: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
                outcome: None,
                cancelled: None,
            },
            patient: Some(p),
        }
    }

    #[test]
    fn an_nhs_number_with_or_without_spaces_checks_in_its_one_waiting_booking() {
        let list = vec![
            booked_today("a1", patient("1", "9434765919", "Smith"), AppointmentStatus::Booked),
            booked_today("a2", patient("2", "9434765870", "Jones"), AppointmentStatus::Booked),
        ];
        for typed in ["943 476 5919", "9434765919", " 943-476-5919 "] {
            match check_in(&list, typed) {
                CheckIn::Arrive(b) => assert_eq!(b.appointment.id, "a1"),
                other => panic!("{typed}: {other:?}"),
            }
        }
        assert_eq!(check_in(&list, "9434765811"), CheckIn::NoBooking);
        assert_eq!(check_in(&list, "Smith"), CheckIn::NotNhsNumber);
        assert!(check_in_message(&CheckIn::NoBooking, "9434765811").contains("943 476 5811"));
        // A mistyped number (the last digit wrong) fails Modulus 11: said so, never "no booking today".
        assert_eq!(check_in(&list, "9434765918"), CheckIn::InvalidNhsNumber);
        let said = check_in_message(&CheckIn::InvalidNhsNumber, "9434765918");
        assert!(said.contains("943 476 5918 is not a valid NHS number") && !said.contains("No booking"), "{said}");
    }

    #[test]
    fn a_patient_already_arrived_is_not_checked_in_twice_and_two_waiting_bookings_are_left_to_reception() {
        let p = patient("1", "9434765919", "Smith");
        let arrived = vec![booked_today("a1", p.clone(), AppointmentStatus::Arrived)];
        assert!(matches!(check_in(&arrived, "9434765919"), CheckIn::Already(_)));
        let two = vec![
            booked_today("a1", p.clone(), AppointmentStatus::Booked),
            booked_today("a2", p, AppointmentStatus::Booked),
        ];
        assert_eq!(check_in(&two, "9434765919"), CheckIn::Several(2));
    }

    #[test]
    fn find_by_name_or_hospital_number() {
        let list = vec![
            booked_today("a1", patient("1", "9434765919", "Smith"), AppointmentStatus::Booked),
            booked_today("a2", patient("2", "9434765870", "Jones"), AppointmentStatus::Booked),
        ];
        assert_eq!(find_booked(&list, "jon").len(), 1);
        assert_eq!(find_booked(&list, "H1")[0].appointment.id, "a1");
    }
}
