//! What a clinic decided for a patient it saw, and the admitted waiting list a decision to treat as a day case or
//! inpatient puts the patient on. The pathway events each outcome means are written by
//! [`crate::command::RecordClinicOutcome`]; the clocks then follow from the events alone.

use chrono::NaiveDate;
use serde::Serialize;

use crate::from_map::{from_map, words};

/// What the clinic decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClinicOutcome {
    /// Discharged to the GP: no further hospital care for this condition.
    Discharged,
    /// Seen again in clinic by a date (the follow-up waiting list).
    FollowUp,
    /// Decision to treat as a day case or inpatient (the admitted waiting list).
    ListedForProcedure,
    /// Treatment given in clinic today (first definitive treatment, in outpatients).
    TreatedInClinic,
    /// Active monitoring agreed with the patient.
    ActiveMonitoring,
    /// A diagnostic test requested; the clock runs on while the result is awaited.
    DiagnosticTest,
    /// Referred on to another provider (an inter-provider transfer).
    OnwardReferral,
}

words!(ClinicOutcome {
    Discharged = "discharged", FollowUp = "follow_up", ListedForProcedure = "listed_for_procedure",
    TreatedInClinic = "treated_in_clinic", ActiveMonitoring = "active_monitoring", DiagnosticTest = "diagnostic_test",
    OnwardReferral = "onward_referral",
});

impl ClinicOutcome {
    pub const ALL: [ClinicOutcome; 7] = [
        ClinicOutcome::Discharged,
        ClinicOutcome::FollowUp,
        ClinicOutcome::ListedForProcedure,
        ClinicOutcome::TreatedInClinic,
        ClinicOutcome::ActiveMonitoring,
        ClinicOutcome::DiagnosticTest,
        ClinicOutcome::OnwardReferral,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ClinicOutcome::Discharged => "Discharge to GP",
            ClinicOutcome::FollowUp => "Follow-up appointment",
            ClinicOutcome::ListedForProcedure => "Decision to treat: day case or inpatient",
            ClinicOutcome::TreatedInClinic => "Treatment started in clinic",
            ClinicOutcome::ActiveMonitoring => "Active monitoring",
            ClinicOutcome::DiagnosticTest => "Diagnostic test",
            ClinicOutcome::OnwardReferral => "Onward referral to another provider",
        }
    }

    /// The outcome as a clinic letter's task names it ("discharged to GP").
    pub fn letter_words(self) -> &'static str {
        match self {
            ClinicOutcome::Discharged => "discharged to GP",
            ClinicOutcome::FollowUp => "follow-up",
            ClinicOutcome::ListedForProcedure => "listed for a procedure",
            ClinicOutcome::TreatedInClinic => "treated in clinic",
            ClinicOutcome::ActiveMonitoring => "active monitoring",
            ClinicOutcome::DiagnosticTest => "test requested",
            ClinicOutcome::OnwardReferral => "referred on",
        }
    }
}

/// How the patient is expected to be admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntendedManagement {
    DayCase,
    Inpatient,
}

words!(IntendedManagement { DayCase = "day_case", Inpatient = "inpatient" });

impl IntendedManagement {
    pub const ALL: [IntendedManagement; 2] = [IntendedManagement::DayCase, IntendedManagement::Inpatient];

    pub fn label(self) -> &'static str {
        match self {
            IntendedManagement::DayCase => "Day case",
            IntendedManagement::Inpatient => "Inpatient",
        }
    }
}

/// The clinical priority of a procedure, as the surgical prioritisation codes (Federation of Surgical Specialty
/// Associations) give it: P1 within 72 hours, P2 within a month, P3 within 3 months, P4 longer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SurgicalPriority {
    P1,
    P2,
    P3,
    P4,
}

words!(SurgicalPriority { P1 = "p1", P2 = "p2", P3 = "p3", P4 = "p4" });

impl SurgicalPriority {
    pub const ALL: [SurgicalPriority; 4] =
        [SurgicalPriority::P1, SurgicalPriority::P2, SurgicalPriority::P3, SurgicalPriority::P4];

    pub fn label(self) -> &'static str {
        match self {
            SurgicalPriority::P1 => "P1: within 72 hours",
            SurgicalPriority::P2 => "P2: within 1 month",
            SurgicalPriority::P3 => "P3: within 3 months",
            SurgicalPriority::P4 => "P4: can wait longer than 3 months",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            SurgicalPriority::P1 => "P1",
            SurgicalPriority::P2 => "P2",
            SurgicalPriority::P3 => "P3",
            SurgicalPriority::P4 => "P4",
        }
    }

    /// The longest clinically appropriate wait from listing, in days (P4: none is set).
    pub fn within_days(self) -> Option<u64> {
        match self {
            SurgicalPriority::P1 => Some(3),
            SurgicalPriority::P2 => Some(31),
            SurgicalPriority::P3 => Some(92),
            SurgicalPriority::P4 => None,
        }
    }
}

/// A pathway's place on the admitted (day-case and inpatient) waiting list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdmissionListing {
    /// The procedure, as the clinician wrote it ("Flexible cystoscopy").
    pub procedure: String,
    pub management: IntendedManagement,
    pub priority: SurgicalPriority,
    /// The day the patient was listed (the decision to treat).
    pub listed_on: NaiveDate,
    /// Expected theatre or procedure time, in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_minutes: Option<u32>,
    /// The pre-operative assessment: booked for a date, passed, or the patient is not yet fit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_op: Option<PreOp>,
    /// The day the hospital last cancelled the patient's admission on or after the day: they must be offered
    /// another date within 28 days of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled_on: Option<NaiveDate>,
}

from_map!(AdmissionListing {
    procedure, management, priority, listed_on, expected_minutes = default, pre_op = default, cancelled_on = default,
});

impl AdmissionListing {
    /// A listing with nothing yet beyond the clinic's decision.
    pub fn new(
        procedure: String,
        management: IntendedManagement,
        priority: SurgicalPriority,
        listed_on: NaiveDate,
        expected_minutes: Option<u32>,
    ) -> AdmissionListing {
        AdmissionListing {
            procedure,
            management,
            priority,
            listed_on,
            expected_minutes,
            pre_op: None,
            cancelled_on: None,
        }
    }

    /// The last day to admit a patient whose operation the hospital cancelled (NHS standard: within 28 days).
    pub fn rebook_by(&self) -> Option<NaiveDate> {
        self.cancelled_on.map(|day| crate::calendar::add_days(day, REBOOK_AFTER_CANCELLATION_DAYS))
    }
}

/// Days within which a patient whose operation the hospital cancelled on the day must be treated (the NHS
/// constitution's cancelled operations standard).
pub const REBOOK_AFTER_CANCELLATION_DAYS: u64 = 28;

/// Where the pre-operative assessment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PreOpStatus {
    /// Booked for `on`.
    Booked,
    /// Assessed on `on` and fit for the procedure.
    Passed,
    /// Assessed on `on` and not yet fit: needs review before a date is booked.
    NotYetFit,
}

words!(PreOpStatus { Booked = "booked", Passed = "passed", NotYetFit = "not_yet_fit" });

impl PreOpStatus {
    pub const ALL: [PreOpStatus; 3] = [PreOpStatus::Booked, PreOpStatus::Passed, PreOpStatus::NotYetFit];

    pub fn label(self) -> &'static str {
        match self {
            PreOpStatus::Booked => "Booked",
            PreOpStatus::Passed => "Passed: fit for the procedure",
            PreOpStatus::NotYetFit => "Not yet fit: needs review",
        }
    }
}

/// A pre-operative assessment: its status and the date it is for or was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PreOp {
    pub status: PreOpStatus,
    pub on: NaiveDate,
}

from_map!(PreOp { status, on });

/// What happened on a to-come-in date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AdmissionOutcome {
    /// Admitted and the procedure done: first definitive treatment.
    Treated,
    /// Cancelled by the hospital on the day (no bed, list overran...): to be admitted again within 28 days.
    CancelledByHospital,
    /// The patient did not come in.
    DidNotAttend,
}

words!(AdmissionOutcome {
    Treated = "treated", CancelledByHospital = "cancelled_by_hospital", DidNotAttend = "did_not_attend",
});

impl AdmissionOutcome {
    pub const ALL: [AdmissionOutcome; 3] =
        [AdmissionOutcome::Treated, AdmissionOutcome::CancelledByHospital, AdmissionOutcome::DidNotAttend];

    pub fn label(self) -> &'static str {
        match self {
            AdmissionOutcome::Treated => "Admitted and treated",
            AdmissionOutcome::CancelledByHospital => "Cancelled by the hospital on the day",
            AdmissionOutcome::DidNotAttend => "Did not come in",
        }
    }
}
