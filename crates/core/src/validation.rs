//! Validating the waiting list: a person checks a pathway whose RTT clock passed 12, 26 or 52 weeks (is the clock
//! start right, did it stop and nobody recorded it, does the patient still need to wait?) and records one outcome:
//!
//! - **clock correct**: nothing to change;
//! - **corrected**: the event that was missing (an attendance, a decision, a treatment...) is recorded in the same
//!   step, so the clock is right from that moment;
//! - **removed**: the patient comes off the waiting list with the RTT reason (status 30, 31, 32, 34, 35 or 36):
//!   the clock-stopping event is recorded on the date it happened.
//!
//! Each outcome is kept on the pathway ([`PathwayValidation`]) with who recorded it and the completed weeks the
//! clock then showed. A validation counts for the clock period it was recorded in, and covers every milestone up
//! to its weeks ([`crate::tasks::validation::validation_due`]). The PTL shows whether each pathway was validated
//! within the last 12 weeks ([`VALIDATED_WITHIN_DAYS`]).

use chrono::NaiveDate;
use serde::Serialize;

use crate::from_map::{from_map, words};
use crate::pathway::event::{ActiveMonitoring, Initiator};
use crate::pathway::{EventKind, PathwayEvent, RttClock, RttStatus};

/// "Validated within 12 weeks": a validation recorded at most this many days before the list's date.
pub const VALIDATED_WITHIN_DAYS: i64 = 84;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ValidationMilestone {
    Weeks12,
    Weeks26,
    Weeks52,
}

impl ValidationMilestone {
    pub const ALL: [ValidationMilestone; 3] =
        [ValidationMilestone::Weeks12, ValidationMilestone::Weeks26, ValidationMilestone::Weeks52];

    pub fn weeks(self) -> u32 {
        match self {
            ValidationMilestone::Weeks12 => 12,
            ValidationMilestone::Weeks26 => 26,
            ValidationMilestone::Weeks52 => 52,
        }
    }

    /// The last milestone a clock has passed.
    pub fn passed(days_waited: u32) -> Option<ValidationMilestone> {
        Self::ALL.into_iter().rev().find(|milestone| days_waited > 7 * milestone.weeks())
    }
}

/// The milestone whose validation is due for a pathway: `None` when its RTT clock is not running
/// (`running_days_waited` is `None`), it has not passed 12 weeks, or a validation already covers the last
/// milestone passed. `validated_at_weeks`: the completed weeks waited when each validation was recorded.
pub fn validation_due(running_days_waited: Option<u32>, validated_at_weeks: &[u32]) -> Option<ValidationMilestone> {
    let milestone = ValidationMilestone::passed(running_days_waited?)?;
    let covered = validated_at_weeks.iter().any(|&weeks| weeks >= milestone.weeks());
    (!covered).then_some(milestone)
}

/// What the person validating found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValidationOutcome {
    ClockCorrect,
    Corrected,
    Removed,
}

words!(ValidationOutcome { ClockCorrect = "clock_correct", Corrected = "corrected", Removed = "removed" });

impl ValidationOutcome {
    pub fn label(self) -> &'static str {
        match self {
            ValidationOutcome::ClockCorrect => "Clock correct",
            ValidationOutcome::Corrected => "Corrected",
            ValidationOutcome::Removed => "Removed from the waiting list",
        }
    }
}

/// Why a validated pathway comes off the waiting list: the RTT clock stops a validation can find missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RemovalReason {
    /// 30: treated already (here or at another provider on our behalf).
    Treated,
    /// 31: the patient chose to be monitored.
    ActiveMonitoringByPatient,
    /// 32: the clinician decided to monitor.
    ActiveMonitoringByClinician,
    /// 34: no treatment needed, or no further contact needed.
    DecisionNotToTreat,
    /// 35: the patient declined treatment.
    PatientDeclined,
    /// 36: the patient died before treatment.
    PatientDied,
}

words!(RemovalReason {
    Treated = "treated",
    ActiveMonitoringByPatient = "active_monitoring_patient",
    ActiveMonitoringByClinician = "active_monitoring_clinician",
    DecisionNotToTreat = "decision_not_to_treat",
    PatientDeclined = "patient_declined",
    PatientDied = "patient_died",
});

impl RemovalReason {
    pub const ALL: [RemovalReason; 6] = [
        RemovalReason::Treated,
        RemovalReason::ActiveMonitoringByPatient,
        RemovalReason::ActiveMonitoringByClinician,
        RemovalReason::DecisionNotToTreat,
        RemovalReason::PatientDeclined,
        RemovalReason::PatientDied,
    ];

    /// The RTT period status the clock stops with.
    pub fn status(self) -> RttStatus {
        match self {
            RemovalReason::Treated => RttStatus::FirstDefinitiveTreatment,
            RemovalReason::ActiveMonitoringByPatient => RttStatus::ActiveMonitoringByPatient,
            RemovalReason::ActiveMonitoringByClinician => RttStatus::ActiveMonitoringByClinician,
            RemovalReason::DecisionNotToTreat => RttStatus::DecisionNotToTreat,
            RemovalReason::PatientDeclined => RttStatus::PatientDeclinedTreatment,
            RemovalReason::PatientDied => RttStatus::PatientDied,
        }
    }

    /// "34 – Decision not to treat, or no further contact needed", as a choice in a list.
    pub fn label(self) -> String {
        let status = self.status();
        format!("{} – {}", status.code(), status.meaning())
    }

    /// The event that stops the clock for this reason on `on` (a decision counts once told to the patient, so it
    /// is recorded as told: the person validating has checked that it was).
    pub fn event(self, on: NaiveDate) -> PathwayEvent {
        let monitoring =
            |initiated_by| EventKind::ActiveMonitoringStart(Box::new(ActiveMonitoring { initiated_by, reason: None }));
        let kind = match self {
            RemovalReason::Treated => EventKind::FirstDefinitiveTreatment(Box::default()),
            RemovalReason::ActiveMonitoringByPatient => monitoring(Some(Initiator::Patient)),
            RemovalReason::ActiveMonitoringByClinician => monitoring(Some(Initiator::Clinician)),
            RemovalReason::DecisionNotToTreat => EventKind::DecisionNotToTreat { communicated_to_patient: Some(true) },
            RemovalReason::PatientDeclined => EventKind::PatientDeclinesAllTreatment { communicated: Some(true) },
            RemovalReason::PatientDied => EventKind::PatientDied {},
        };
        PathwayEvent::new(on, kind)
    }
}

/// One validation of a pathway, as recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathwayValidation {
    /// The day it was recorded.
    pub on: NaiveDate,
    /// Who recorded it.
    pub by: String,
    pub outcome: ValidationOutcome,
    /// The completed weeks the RTT clock showed once the outcome was recorded; `None` when it then stood stopped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weeks: Option<u32>,
    /// For a removal: why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removal: Option<RemovalReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

from_map!(PathwayValidation { on, by, outcome, weeks = default, removal = default, note = default });

/// Where a pathway stands for validation on a date, worked out from its clock and its recorded validations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ValidationStanding {
    /// The latest validation of the current clock period.
    pub last_validated: Option<NaiveDate>,
    /// The milestone whose validation is due: `None` when the clock is not running, has not passed 12 weeks, or a
    /// validation covers the last milestone passed.
    pub due: Option<ValidationMilestone>,
}

impl ValidationStanding {
    /// `validations`: the pathway's, as recorded; `clock`: its RTT clock on the list's date.
    pub fn of(validations: &[PathwayValidation], clock: &RttClock) -> Self {
        let last_validated = this_period(validations, clock.start()).map(|validation| validation.on).max();
        let running_days = clock.running().then(|| clock.days()).flatten().map(|days| days.max(0) as u32);
        let weeks: Vec<u32> = validated_weeks(validations, clock).collect();
        ValidationStanding { last_validated, due: validation_due(running_days, &weeks) }
    }

    /// Validated no more than [`VALIDATED_WITHIN_DAYS`] before `as_of`.
    pub fn validated_within_12_weeks(&self, as_of: NaiveDate) -> bool {
        self.last_validated.is_some_and(|on| (as_of - on).num_days() <= VALIDATED_WITHIN_DAYS)
    }
}

/// The completed weeks each validation of `clock`'s period was recorded at (a removal, which stopped it, has none).
pub fn validated_weeks<'a>(validations: &'a [PathwayValidation], clock: &RttClock) -> impl Iterator<Item = u32> + 'a {
    this_period(validations, clock.start()).filter_map(|validation| validation.weeks)
}

/// The validations recorded during the clock period that started on `clock_start` (none without a clock).
fn this_period(
    validations: &[PathwayValidation],
    clock_start: Option<NaiveDate>,
) -> impl Iterator<Item = &PathwayValidation> + Clone {
    validations.iter().filter(move |validation| clock_start.is_some_and(|start| validation.on >= start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// A pathway's events and validations, as the rules read them.
    struct Waiting {
        events: Vec<PathwayEvent>,
        validations: Vec<PathwayValidation>,
    }

    fn pathway(referred: &str) -> Waiting {
        let referral: PathwayEvent =
            serde_json::from_str(&format!(r#"{{"date":"{referred}","type":"referral_received","source":"gp"}}"#))
                .unwrap();
        Waiting { events: vec![referral], validations: Vec::new() }
    }

    fn validated(on: &str, weeks: Option<u32>) -> PathwayValidation {
        PathwayValidation {
            on: d(on),
            by: "A. Validator".into(),
            outcome: ValidationOutcome::ClockCorrect,
            weeks,
            removal: None,
            note: None,
        }
    }

    #[test]
    fn a_pathway_over_12_weeks_with_no_validation_is_due_and_one_at_13_weeks_covers_it() {
        let mut pathway = pathway("2026-06-01");
        let today = d("2026-09-01"); // 92 days: over 12 weeks, not 26
        let clock = RttClock::compute(&pathway.events, today);
        let standing = ValidationStanding::of(&pathway.validations, &clock);
        assert_eq!(standing.due, Some(ValidationMilestone::Weeks12));
        assert_eq!(standing.last_validated, None);
        assert!(!standing.validated_within_12_weeks(today));
        pathway.validations.push(validated("2026-09-01", Some(13)));
        let standing = ValidationStanding::of(&pathway.validations, &clock);
        assert_eq!(standing.due, None);
        assert!(standing.validated_within_12_weeks(today));
        // 91 days later it no longer counts as validated within 12 weeks, and the 26-week milestone has passed.
        let later = d("2026-12-01");
        let standing = ValidationStanding::of(&pathway.validations, &RttClock::compute(&pathway.events, later));
        assert!(!standing.validated_within_12_weeks(later));
        assert_eq!(standing.due, Some(ValidationMilestone::Weeks26));
    }

    #[test]
    fn a_validation_of_an_earlier_clock_period_does_not_count_for_the_new_one() {
        let mut pathway = pathway("2026-01-05");
        pathway.validations.push(validated("2026-04-20", Some(15)));
        pathway.events.push(RemovalReason::ActiveMonitoringByClinician.event(d("2026-05-01")));
        let proceed: PathwayEvent =
            serde_json::from_str(r#"{"date":"2026-06-01","type":"patient_decides_to_proceed"}"#).unwrap();
        pathway.events.push(proceed);
        let today = d("2026-09-15"); // the new clock started 1 Jun: 106 days
        let standing = ValidationStanding::of(&pathway.validations, &RttClock::compute(&pathway.events, today));
        assert_eq!(standing.last_validated, None);
        assert_eq!(standing.due, Some(ValidationMilestone::Weeks12));
    }

    #[test]
    fn every_removal_reason_stops_a_running_clock_with_its_status() {
        for reason in RemovalReason::ALL {
            let mut pathway = pathway("2026-03-02");
            pathway.events.push(reason.event(d("2026-07-01")));
            let clock = RttClock::compute(&pathway.events, d("2026-08-01"));
            assert!(!clock.running(), "{reason:?}");
            assert_eq!(clock.status(), Some(reason.status()), "{reason:?}");
            assert_eq!(RemovalReason::from_word(reason.word()), Some(reason));
        }
    }
}
