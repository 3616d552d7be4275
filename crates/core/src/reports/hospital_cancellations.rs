//! Appointments the hospital cancelled: those dated in a period, counted by the reason given, and the referrals the
//! hospital has cancelled more than once (any of whose cancelled appointments falls in the period), which the
//! team lead follows up before it happens a third time.
//!
//! The reason is the one the person typed when cancelling (a whole clinic's cancellation reads "Clinic cancelled:
//! …"); the same words in a different case count as one reason. An appointment cancelled before the reason was
//! kept on it counts as "Reason not recorded" (the patient's notes have it).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::Period;
use crate::calendar::uk_date;
use crate::model::{Appointment, AppointmentStatus, ClinicSession, Patient};
use crate::nhs_number::format_nhs_number;
use crate::spreadsheet::CsvLine;

/// What a cancellation without a kept reason is counted under.
pub const NOT_RECORDED: &str = "Reason not recorded";

/// One reason and how many appointments it cancelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReasonCount {
    pub reason: String,
    pub appointments: usize,
}

/// A referral the hospital cancelled more than once, with each cancelled appointment, earliest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancelledAgain {
    pub pathway_id: String,
    pub patient_id: String,
    pub cancelled: Vec<CancelledAppointment>,
}

/// A cancelled appointment as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancelledAppointment {
    pub appointment_id: String,
    pub date: NaiveDate,
    pub clinic: String,
    /// The day it was cancelled, when kept.
    pub cancelled_on: Option<NaiveDate>,
    pub reason: String,
}

/// The report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HospitalCancellations {
    /// Most appointments first, then by reason.
    pub by_reason: Vec<ReasonCount>,
    pub total: usize,
    /// The most cancellations first, then the latest cancelled appointment first.
    pub cancelled_again: Vec<CancelledAgain>,
}

/// The hospital's cancellations of appointments dated in `period`.
pub fn hospital_cancellations(
    sessions: &[ClinicSession],
    appointments: &[Appointment],
    period: Period,
) -> HospitalCancellations {
    let clinics: HashMap<&str, &str> = sessions.iter().map(|s| (s.id.as_str(), s.name.as_str())).collect();
    let mut by_reason: HashMap<String, ReasonCount> = HashMap::new();
    let mut by_pathway: HashMap<&str, Vec<&Appointment>> = HashMap::new();
    let mut total = 0;
    for appointment in appointments.iter().filter(|a| a.status == AppointmentStatus::CancelledByHospital) {
        by_pathway.entry(appointment.pathway_id.as_str()).or_default().push(appointment);
        if !period.contains(appointment.date) {
            continue;
        }
        total += 1;
        let reason = reason_of(appointment);
        by_reason
            .entry(reason.to_lowercase())
            .or_insert_with(|| ReasonCount { reason: reason.to_string(), appointments: 0 })
            .appointments += 1;
    }
    let mut by_reason: Vec<ReasonCount> = by_reason.into_values().collect();
    by_reason.sort_by(|a, b| b.appointments.cmp(&a.appointments).then_with(|| a.reason.cmp(&b.reason)));
    let mut cancelled_again: Vec<CancelledAgain> = by_pathway
        .into_iter()
        .filter(|(_, cancelled)| cancelled.len() >= 2 && cancelled.iter().any(|a| period.contains(a.date)))
        .map(|(pathway_id, mut cancelled)| {
            cancelled.sort_by_key(|a| (a.date, a.start));
            CancelledAgain {
                pathway_id: pathway_id.to_string(),
                patient_id: cancelled[0].patient_id.clone(),
                cancelled: cancelled
                    .into_iter()
                    .map(|a| CancelledAppointment {
                        appointment_id: a.id.clone(),
                        date: a.date,
                        clinic: clinics.get(a.session_id.as_str()).copied().unwrap_or("").to_string(),
                        cancelled_on: a.cancelled.as_ref().map(|c| c.on),
                        reason: reason_of(a).to_string(),
                    })
                    .collect(),
            }
        })
        .collect();
    cancelled_again.sort_by(|a, b| {
        let latest = |again: &CancelledAgain| again.cancelled.last().map(|c| c.date);
        b.cancelled
            .len()
            .cmp(&a.cancelled.len())
            .then_with(|| latest(b).cmp(&latest(a)))
            .then_with(|| a.pathway_id.cmp(&b.pathway_id))
    });
    HospitalCancellations { by_reason, total, cancelled_again }
}

fn reason_of(appointment: &Appointment) -> &str {
    appointment.cancelled.as_ref().map(|c| c.reason.trim()).filter(|r| !r.is_empty()).unwrap_or(NOT_RECORDED)
}

/// The column headings of the CSV.
pub const COLUMNS: [&str; 8] = [
    "Appointment date",
    "Clinic",
    "Patient",
    "NHS number",
    "Date of birth",
    "Cancelled on",
    "Reason",
    "Times the hospital cancelled this referral",
];

/// Every hospital-cancelled appointment dated in `period`, a row each, by date, for Excel (where the reasons can
/// be pivoted and the patients looked up).
pub fn csv(sessions: &[ClinicSession], appointments: &[Appointment], patients: &[Patient], period: Period) -> String {
    let clinics: HashMap<&str, &str> = sessions.iter().map(|s| (s.id.as_str(), s.name.as_str())).collect();
    let patients: HashMap<&str, &Patient> = patients.iter().map(|p| (p.id.as_str(), p)).collect();
    let cancelled: Vec<&Appointment> =
        appointments.iter().filter(|a| a.status == AppointmentStatus::CancelledByHospital).collect();
    let mut times: HashMap<&str, usize> = HashMap::new();
    for appointment in &cancelled {
        *times.entry(appointment.pathway_id.as_str()).or_default() += 1;
    }
    let mut rows: Vec<&Appointment> = cancelled.into_iter().filter(|a| period.contains(a.date)).collect();
    rows.sort_by(|a, b| (a.date, a.start, &a.id).cmp(&(b.date, b.start, &b.id)));
    let mut out = super::csv_headed(&COLUMNS);
    for appointment in rows {
        let patient = patients.get(appointment.patient_id.as_str());
        let mut line = CsvLine::new(&mut out);
        line.date(Some(appointment.date));
        line.text(clinics.get(appointment.session_id.as_str()).copied().unwrap_or(""));
        line.text(&patient.map_or_else(|| appointment.patient_id.clone(), |p| p.display_name()));
        // Spaced, so Excel keeps it as text (as ten digits it would show 9.43E+09).
        line.quoted_text(&patient.map_or_else(String::new, |p| format_nhs_number(&p.nhs_number)));
        line.date(patient.map(|p| p.date_of_birth));
        line.date(appointment.cancelled.as_ref().map(|c| c.on));
        line.text(reason_of(appointment));
        line.number(Some(times[appointment.pathway_id.as_str()] as i64));
        line.end();
    }
    out
}

/// "cancelled-by-the-hospital-2026-11-09-to-2027-01-03.csv".
pub fn csv_file_name(period: Period) -> String {
    format!("cancelled-by-the-hospital-{}.csv", period.file_part())
}

/// "3 Dec 2026, Urology new: Clinic overbooked (cancelled 1 Dec 2026)".
pub fn describe(cancelled: &CancelledAppointment) -> String {
    let clinic = if cancelled.clinic.is_empty() { String::new() } else { format!(", {}", cancelled.clinic) };
    let on = cancelled.cancelled_on.map(|on| format!(" (cancelled {})", uk_date(on))).unwrap_or_default();
    format!("{}{clinic}: {}{on}", uk_date(cancelled.date), cancelled.reason)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cancellation, SlotType};
    use chrono::NaiveTime;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn cancelled(id: &str, pathway: &str, date: &str, reason: Option<&str>, status: AppointmentStatus) -> Appointment {
        Appointment {
            id: id.into(),
            patient_id: format!("p-{pathway}"),
            pathway_id: pathway.into(),
            session_id: "ses".into(),
            slot_id: "s".into(),
            date: d(date),
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            slot_type: SlotType::New,
            status,
            booked_on: d("2026-10-01"),
            outcome: None,
            cancelled: reason.map(|r| Cancellation { on: d(date) - chrono::Days::new(2), reason: r.into() }),
        }
    }

    #[test]
    fn counted_by_reason_and_referrals_cancelled_twice_listed() {
        use AppointmentStatus::*;
        let appointments = [
            cancelled("1", "pw-a", "2026-12-01", Some("Clinic overbooked"), CancelledByHospital),
            cancelled("2", "pw-b", "2026-12-02", Some("clinic overbooked "), CancelledByHospital),
            cancelled("3", "pw-c", "2026-12-03", Some("Consultant off sick"), CancelledByHospital),
            cancelled("4", "pw-c", "2026-11-02", None, CancelledByHospital), // before the period: counted twice only
            cancelled("5", "pw-d", "2026-12-04", Some("On holiday"), CancelledByPatient), // the patient's
            cancelled("6", "pw-e", "2026-11-01", Some("Clinic overbooked"), CancelledByHospital),
            cancelled("7", "pw-e", "2026-11-05", Some("Clinic overbooked"), CancelledByHospital), // both before
        ];
        let period = Period::new(d("2026-11-30"), d("2026-12-13")).unwrap();
        let report = hospital_cancellations(&[], &appointments, period);
        assert_eq!(report.total, 3);
        assert_eq!(
            report.by_reason,
            [
                ReasonCount { reason: "Clinic overbooked".into(), appointments: 2 },
                ReasonCount { reason: "Consultant off sick".into(), appointments: 1 },
            ]
        );
        assert_eq!(report.cancelled_again.len(), 1, "pw-e's were both before the period");
        let again = &report.cancelled_again[0];
        assert_eq!((again.pathway_id.as_str(), again.patient_id.as_str()), ("pw-c", "p-pw-c"));
        assert_eq!(
            again.cancelled.iter().map(|c| (c.date, c.reason.as_str())).collect::<Vec<_>>(),
            [(d("2026-11-02"), NOT_RECORDED), (d("2026-12-03"), "Consultant off sick")]
        );
        assert_eq!(describe(&again.cancelled[1]), "3 Dec 2026: Consultant off sick (cancelled 1 Dec 2026)");
        let text = csv(&[], &appointments, &[], period);
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines.len(), 5, "a heading, three rows and the last line's end: {lines:?}");
        assert_eq!(lines[3], "03/12/2026,,p-pw-c,\"\",,01/12/2026,Consultant off sick,2");
    }
}
