//! RTT period status codes (DSCN 18/2006), `pathway-rules.md` §1.10.

/// RTT period status codes (DSCN 18/2006), §1.10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RttStatus {
    FirstActivity,
    FirstActivityAfterActiveMonitoring,
    FirstActivityNewCondition,
    SubsequentActivity,
    TransferredToAnotherProvider,
    FirstDefinitiveTreatment,
    ActiveMonitoringByPatient,
    ActiveMonitoringByClinician,
    DidNotAttendFirstActivity,
    DecisionNotToTreat,
    PatientDeclinedTreatment,
    PatientDied,
    AfterTreatment,
    DuringActiveMonitoring,
    NotYetReferred,
    NotApplicable,
    NotYetKnown,
}

impl RttStatus {
    /// The national code, e.g. "30".
    pub fn code(self) -> &'static str {
        use RttStatus::*;
        match self {
            FirstActivity => "10",
            FirstActivityAfterActiveMonitoring => "11",
            FirstActivityNewCondition => "12",
            SubsequentActivity => "20",
            TransferredToAnotherProvider => "21",
            FirstDefinitiveTreatment => "30",
            ActiveMonitoringByPatient => "31",
            ActiveMonitoringByClinician => "32",
            DidNotAttendFirstActivity => "33",
            DecisionNotToTreat => "34",
            PatientDeclinedTreatment => "35",
            PatientDied => "36",
            AfterTreatment => "90",
            DuringActiveMonitoring => "91",
            NotYetReferred => "92",
            NotApplicable => "98",
            NotYetKnown => "99",
        }
    }

    /// What the code means, for staff.
    pub fn meaning(self) -> &'static str {
        use RttStatus::*;
        match self {
            FirstActivity => "First activity of the waiting time",
            FirstActivityAfterActiveMonitoring => "First activity after active monitoring ended",
            FirstActivityNewCondition => "First activity after a referral for a separate condition",
            SubsequentActivity => "Waiting: more activity expected",
            TransferredToAnotherProvider => "Transferred to another provider",
            FirstDefinitiveTreatment => "First definitive treatment",
            ActiveMonitoringByPatient => "Active monitoring (patient's choice)",
            ActiveMonitoringByClinician => "Active monitoring (clinician's decision)",
            DidNotAttendFirstActivity => "Did not attend first appointment (wait not counted)",
            DecisionNotToTreat => "Decision not to treat, or no further contact needed",
            PatientDeclinedTreatment => "Patient declined treatment",
            PatientDied => "Patient died before treatment",
            AfterTreatment => "Activity after treatment",
            DuringActiveMonitoring => "Activity during active monitoring",
            NotYetReferred => "Not yet referred",
            NotApplicable => "Not applicable",
            NotYetKnown => "Not yet known",
        }
    }
}
