//! One line of the patient tracking list: who is waiting, under whom, and how their clocks stand.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::clock::{PtlCancerClock, PtlRttClock};
use super::targets::CancerStandard;
use crate::model::{Appointment, AppointmentStatus, Consultant, Pathway, Patient, Priority, Specialty};
use crate::pathway::cancer::CancerClock;
use crate::pathway::{Deadline, PathwayClocks, RttClockState};
use crate::validation::ValidationStanding;

/// One pathway on the PTL, flat and ready to show: no lookups needed to render, filter or sort it.
///
/// Build it with [`PtlRow::new`] from the records, or as a struct literal (tests, imports). Rows are worked out
/// as of one date: the [`super::Ptl`] that holds them checks that running clocks were counted to its date.
#[derive(Debug, Clone, PartialEq)]
pub struct PtlRow {
    pub pathway_id: String,
    pub patient_id: String,
    /// "SURNAME, Given", as PAS screens show it.
    pub patient_name: String,
    /// Ten digits, no spaces.
    pub nhs_number: String,
    pub hospital_number: String,
    pub consultant_id: String,
    pub consultant_name: String,
    pub specialty_id: String,
    pub specialty_name: String,
    pub priority: Priority,
    /// Also measured against the cancer standards.
    pub cancer: bool,
    /// The RTT clock of the pathway's current (or last) RTT period; `None` when there has never been one
    /// (e.g. the only period was nullified by a first-appointment DNA).
    pub rtt: Option<PtlRttClock>,
    /// The next booked appointment or admission on or after the list's date.
    pub next_booked: Option<NaiveDate>,
    pub fds: Option<PtlCancerClock>,
    pub day62: Option<PtlCancerClock>,
    pub day31: Option<PtlCancerClock>,
    /// The earliest deadline of the running clocks (see `PathwayClocks::next_deadline`); `None` when none runs.
    pub next_deadline: Option<Deadline>,
    /// On the admitted (day-case and inpatient) waiting list: a clinic listed the patient for a procedure.
    pub admitted: bool,
    /// When the pathway was last validated this clock period, and which validation is due.
    pub validation: ValidationStanding,
}

impl PtlRow {
    /// A row for `pathway` of `patient`, with no clocks or bookings yet: add them with the `with_` methods.
    /// Consultant and specialty names fall back to their ids until [`PtlRow::with_consultant`] and
    /// [`PtlRow::with_specialty`] give the names (so an unknown id still shows something to look up).
    pub fn new(pathway: &Pathway, patient: &Patient) -> Self {
        PtlRow {
            patient_id: patient.id.clone(),
            patient_name: patient.display_name(),
            nhs_number: patient.nhs_number.clone(),
            hospital_number: patient.hospital_number.clone(),
            ..Self::without_patient_record(pathway)
        }
    }

    /// A row for a pathway whose patient record is missing, so it still shows and can be put right.
    pub fn without_patient_record(pathway: &Pathway) -> Self {
        PtlRow {
            pathway_id: pathway.id.clone(),
            patient_id: pathway.patient_id.clone(),
            patient_name: format!("Patient record missing ({})", pathway.patient_id),
            nhs_number: String::new(),
            hospital_number: String::new(),
            consultant_id: pathway.consultant_id.clone(),
            consultant_name: pathway.consultant_id.clone(),
            specialty_id: pathway.specialty_id.clone(),
            specialty_name: pathway.specialty_id.clone(),
            priority: pathway.priority,
            cancer: pathway.cancer,
            rtt: None,
            next_booked: None,
            fds: None,
            day62: None,
            day31: None,
            next_deadline: None,
            admitted: pathway.listed.is_some(),
            validation: ValidationStanding::default(),
        }
    }

    pub fn with_consultant(mut self, consultant: &Consultant) -> Self {
        self.consultant_id = consultant.id.clone();
        self.consultant_name = consultant.name.clone();
        self
    }

    pub fn with_specialty(mut self, specialty: &Specialty) -> Self {
        self.specialty_id = specialty.id.clone();
        self.specialty_name = specialty.name.clone();
        self
    }

    pub fn with_rtt(mut self, clock: PtlRttClock) -> Self {
        self.rtt = Some(clock);
        self
    }

    pub fn with_next_booked(mut self, date: Option<NaiveDate>) -> Self {
        self.next_booked = date;
        self
    }

    /// Sets the FDS, 62-day or 31-day clock, whichever standard `clock` is for.
    pub fn with_cancer_clock(mut self, clock: PtlCancerClock) -> Self {
        match clock.standard {
            CancerStandard::FasterDiagnosis => self.fds = Some(clock),
            CancerStandard::ReferralToTreatment => self.day62 = Some(clock),
            CancerStandard::DecisionToTreatment => self.day31 = Some(clock),
        }
        self
    }

    /// Takes the clocks the pathway engine worked out (`PathwayClocks::compute(events, cancer, as_of)`).
    /// A clock that has not started, or whose period was nullified by a first-appointment DNA, gives no RTT clock;
    /// the cancer clocks are copied as the engine measured them (adjustments included).
    pub fn with_clocks(mut self, clocks: &PathwayClocks) -> Self {
        self.rtt = match (clocks.rtt.state, clocks.rtt.wait) {
            (RttClockState::Running, Some(wait)) => Some(PtlRttClock::running(wait.start, wait.end)),
            (RttClockState::Stopped, Some(wait)) => Some(PtlRttClock::stopped(wait.start, wait.end)),
            _ => None,
        };
        let convert = |clock: &CancerClock| PtlCancerClock {
            standard: clock.standard,
            start: clock.start,
            adjustment_days: clock.adjustment_days(),
            ended_on: clock.end,
            days_used: clock.days,
            deadline: clock.deadline,
            within_standard: clock.within_standard,
        };
        self.fds = clocks.faster_diagnosis.as_ref().map(convert);
        self.day62 = clocks.referral_to_treatment.as_ref().map(convert);
        self.day31 = clocks.decision_to_treatment.as_ref().map(convert);
        self.next_deadline = clocks.next_deadline();
        self
    }

    /// The RTT clock if it is still running: the patient is on the waiting list.
    pub fn running_clock(&self) -> Option<&PtlRttClock> {
        self.rtt.as_ref().filter(|clock| clock.running)
    }

    /// Waiting, with nothing booked on or after `as_of`: the booking team's next job.
    pub fn next_step_not_booked(&self, as_of: NaiveDate) -> bool {
        self.running_clock().is_some() && self.next_booked.is_none_or(|date| date < as_of)
    }
}

/// The next booked appointment date on or after `as_of` for each pathway, from the appointment records.
/// Only appointments still booked (or arrived, on the day) count; DNAs and cancellations leave no next step.
pub fn next_booked_by_pathway(appointments: &[Appointment], as_of: NaiveDate) -> HashMap<&str, NaiveDate> {
    let mut next: HashMap<&str, NaiveDate> = HashMap::new();
    for appointment in appointments {
        let still_booked = matches!(appointment.status, AppointmentStatus::Booked | AppointmentStatus::Arrived);
        if !still_booked || appointment.date < as_of {
            continue;
        }
        next.entry(appointment.pathway_id.as_str())
            .and_modify(|date| *date = (*date).min(appointment.date))
            .or_insert(appointment.date);
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ReferralSource, SlotType};
    use chrono::NaiveTime;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn appointment(pathway: &str, date: &str, status: AppointmentStatus) -> Appointment {
        Appointment {
            id: format!("a-{pathway}-{date}"),
            patient_id: "p1".into(),
            pathway_id: pathway.into(),
            session_id: "s".into(),
            slot_id: "slot".into(),
            date: d(date),
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            slot_type: SlotType::New,
            status,
            booked_on: d("2026-11-01"),
            outcome: None,
            cancelled: None,
        }
    }

    #[test]
    fn next_booked_is_the_earliest_live_booking_from_today() {
        let as_of = d("2026-11-22");
        let appointments = [
            appointment("pw1", "2026-12-10", AppointmentStatus::Booked),
            appointment("pw1", "2026-12-01", AppointmentStatus::Booked),
            appointment("pw1", "2026-11-25", AppointmentStatus::CancelledByPatient),
            appointment("pw1", "2026-11-20", AppointmentStatus::Booked),
            appointment("pw2", "2026-11-22", AppointmentStatus::Arrived),
            appointment("pw3", "2026-11-30", AppointmentStatus::DidNotAttend),
        ];
        let next = next_booked_by_pathway(&appointments, as_of);
        assert_eq!(next.get("pw1"), Some(&d("2026-12-01")));
        assert_eq!(next.get("pw2"), Some(&d("2026-11-22")));
        assert_eq!(next.get("pw3"), None);
    }

    #[test]
    fn row_from_records_uses_display_name_and_names_of_consultant_and_specialty() {
        let patient = Patient::new("p1", "9434765919", "RX100", "Okafor", "Ada", d("1970-03-02"));
        let pathway = Pathway {
            id: "pw1".into(),
            patient_id: "p1".into(),
            specialty_id: "spec-uro".into(),
            consultant_id: "con-7".into(),
            priority: Priority::Urgent,
            source: ReferralSource::Gp,
            cancer: false,
            events: vec![],
            follow_up_due: None,
            listed: None,
            validations: Vec::new(),
        };
        let bare = PtlRow::new(&pathway, &patient);
        assert_eq!(bare.consultant_name, "con-7", "unknown consultant shows its id");
        let consultant = Consultant::new("con-7", "Mr A Shah", "spec-uro");
        let specialty = Specialty { id: "spec-uro".into(), code: "101".into(), name: "Urology".into() };
        let as_of = d("2026-11-22");
        let row = bare
            .with_consultant(&consultant)
            .with_specialty(&specialty)
            .with_rtt(PtlRttClock::running(d("2026-10-01"), as_of))
            .with_next_booked(None);
        assert_eq!(row.patient_name, "OKAFOR, Ada");
        assert_eq!((row.consultant_name.as_str(), row.specialty_name.as_str()), ("Mr A Shah", "Urology"));
        assert!(row.next_step_not_booked(as_of));
        assert!(!row.clone().with_next_booked(Some(as_of)).next_step_not_booked(as_of), "booked today counts");
        assert!(row.clone().with_next_booked(Some(d("2026-11-21"))).next_step_not_booked(as_of));
    }
}
