//! The clinic's outcome for a patient seen: one command that writes the pathway events the decision means (so the
//! clocks follow), puts the pathway on the follow-up or admitted waiting list, and makes the clinic letter's task
//! name the outcome.

use crate::from_map::from_map;
use chrono::NaiveDate;
use serde::Serialize;

use super::booking::append_event;
use super::records::{self, key};
use super::{checked_text, Act, CommandContext, RecordSource, Rejection};
use crate::calendar::uk_date;
use crate::model::{AppointmentStatus, PatientNote};
use crate::outcome::{AdmissionListing, ClinicOutcome, IntendedManagement, SurgicalPriority};
use crate::pathway::event::{
    ActiveMonitoring, DiagnosisOutcome, Initiator, TransferOut, Treatment, TreatmentDecision, TreatmentSetting,
    TreatmentStage,
};
use crate::pathway::{EventKind, PathwayEvent, RttClock, RttClockState};
use crate::record::{Record, RecordKey, RecordKind};
use crate::tasks::letters::letter_task_id;

/// Record what the clinic decided for a patient it saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordClinicOutcome {
    pub appointment_id: String,
    pub pathway_id: String,
    pub outcome: ClinicOutcome,
    /// A follow-up: the date it is needed by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up_by: Option<NaiveDate>,
    /// A decision to treat as a day case or inpatient: the procedure, how and how soon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub management: Option<IntendedManagement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surgical_priority: Option<SurgicalPriority>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_minutes: Option<u32>,
    /// The treatment given, the test asked for, or the provider referred on to.
    #[serde(default)]
    pub detail: String,
    /// On a cancer pathway: what the patient was told, if they were told cancer is diagnosed or ruled out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancer_outcome: Option<DiagnosisOutcome>,
}

from_map!(RecordClinicOutcome {
    appointment_id, pathway_id, outcome, follow_up_by = default, procedure = default, management = default,
    surgical_priority = default, expected_minutes = default, detail = default, cancer_outcome = default,
});

impl RecordClinicOutcome {
    /// An outcome with nothing but its kind (the form fills in what the kind needs).
    pub fn new(appointment_id: &str, pathway_id: &str, outcome: ClinicOutcome) -> RecordClinicOutcome {
        RecordClinicOutcome {
            appointment_id: appointment_id.into(),
            pathway_id: pathway_id.into(),
            outcome,
            follow_up_by: None,
            procedure: None,
            management: None,
            surgical_priority: None,
            expected_minutes: None,
            detail: String::new(),
            cancer_outcome: None,
        }
    }

    fn detail(&self, missing: &str) -> Result<String, Rejection> {
        if self.detail.trim().is_empty() {
            return Err(Rejection::invalid(missing.to_string()));
        }
        checked_text(&self.detail, "detail")
    }
}

impl Act for RecordClinicOutcome {
    fn reads(&self) -> Vec<RecordKey> {
        vec![
            key(RecordKind::Appointment, &self.appointment_id),
            key(RecordKind::Pathway, &self.pathway_id),
            key(RecordKind::Task, &letter_task_id(&self.appointment_id)),
        ]
    }

    fn describe(&self) -> String {
        format!("Record a clinic outcome: {}", self.outcome.label().to_lowercase())
    }

    fn typed_text(&self) -> Option<String> {
        let typed = [self.procedure.clone().unwrap_or_default(), self.detail.clone()].join(" ");
        Some(typed.trim().to_string()).filter(|t| !t.is_empty())
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let mut appointment = records::appointment(records, &self.appointment_id)?.clone();
        if appointment.pathway_id != self.pathway_id {
            return Err(Rejection::invalid("This appointment belongs to another pathway. Reload the clinic list."));
        }
        if let Some(recorded) = appointment.outcome {
            return Err(Rejection::conflict(format!(
                "The outcome of this appointment is already recorded: {}. To change it, record a correcting \
                 pathway event on the pathway.",
                recorded.label().to_lowercase()
            )));
        }
        if appointment.status != AppointmentStatus::Seen {
            return Err(Rejection::invalid(format!(
                "This appointment is marked \"{}\": an outcome is recorded once the patient has been seen.",
                appointment.status.label()
            )));
        }
        let mut pathway = records::pathway(records, &self.pathway_id)?.clone();
        let date = appointment.date;
        let clock = RttClock::compute(&pathway.events, date);
        let running = clock.running();
        let mut events = Vec::new();
        let mut note = self.outcome.label().to_string();
        match self.cancer_outcome.clone() {
            Some(told) if pathway.cancer => events.push(EventKind::OutcomeCommunicated { outcome: Some(told) }),
            Some(_) => {
                return Err(Rejection::invalid(
                    "This pathway is not on a cancer pathway: leave \"cancer diagnosed or ruled out\" empty.",
                ))
            }
            None => {}
        }
        match self.outcome {
            ClinicOutcome::Discharged => {
                if running {
                    events.push(EventKind::DecisionNotToTreat { communicated_to_patient: Some(true) });
                }
                pathway.follow_up_due = None;
            }
            ClinicOutcome::FollowUp => {
                let Some(by) = self.follow_up_by else {
                    return Err(Rejection::invalid("Enter the date the follow-up is needed by."));
                };
                if by <= date {
                    return Err(Rejection::invalid(format!(
                        "The follow-up date, {}, must be after the clinic on {}.",
                        uk_date(by),
                        uk_date(date)
                    )));
                }
                pathway.follow_up_due = Some(by);
                note = format!("Follow-up needed by {}", uk_date(by));
            }
            ClinicOutcome::ListedForProcedure => {
                let procedure = self.procedure.as_deref().map(str::trim).unwrap_or_default();
                if procedure.is_empty() {
                    return Err(Rejection::invalid("Enter the procedure the patient is listed for."));
                }
                let procedure = checked_text(procedure, "procedure")?;
                let (Some(management), Some(priority)) = (self.management, self.surgical_priority) else {
                    return Err(Rejection::invalid(
                        "Choose day case or inpatient, and the clinical priority (P1 to P4).",
                    ));
                };
                if self.expected_minutes.is_some_and(|m| m == 0 || m > 24 * 60) {
                    return Err(Rejection::invalid("Expected minutes must be between 1 and 1,440."));
                }
                let after_monitoring = clock.state == RttClockState::Stopped
                    && clock.current.and_then(|p| p.stop).is_some_and(|s| {
                        matches!(
                            s.status,
                            crate::pathway::RttStatus::ActiveMonitoringByPatient
                                | crate::pathway::RttStatus::ActiveMonitoringByClinician
                        )
                    });
                events.push(EventKind::DecisionToTreat(Box::new(TreatmentDecision {
                    after_active_monitoring: after_monitoring.then_some(true),
                    treatment: Some(procedure.clone()),
                    treatment_stage: pathway.cancer.then_some(TreatmentStage::First),
                    ..TreatmentDecision::default()
                })));
                events.push(EventKind::DecisionToAdmit {});
                note = format!("Listed for {procedure} ({}, {})", management.label().to_lowercase(), priority.code());
                pathway.listed =
                    Some(Box::new(AdmissionListing::new(procedure, management, priority, date, self.expected_minutes)));
                pathway.follow_up_due = None;
            }
            ClinicOutcome::TreatedInClinic => {
                let treatment = self.detail("Enter the treatment given in clinic.")?;
                if !running {
                    return Err(Rejection::invalid(
                        "No waiting time clock is running on this pathway, so this is not a first treatment: \
                         record a follow-up, or the treatment as a pathway event.",
                    ));
                }
                events.push(EventKind::FirstDefinitiveTreatment(Box::new(Treatment {
                    setting: Some(TreatmentSetting::Outpatient),
                    modality: Some(treatment.clone()),
                    provider: None,
                })));
                note = format!("Treated in clinic: {treatment}");
            }
            ClinicOutcome::ActiveMonitoring => {
                events.push(EventKind::ActiveMonitoringStart(Box::new(ActiveMonitoring {
                    initiated_by: Some(Initiator::Clinician),
                    reason: Some(self.detail.trim().to_string()).filter(|r| !r.is_empty()),
                })));
            }
            ClinicOutcome::DiagnosticTest => {
                let test = self.detail("Enter the test requested, like \"CT abdomen and pelvis\".")?;
                note = format!("Test requested: {test}");
            }
            ClinicOutcome::OnwardReferral => {
                let provider = self.detail("Enter the provider the patient is referred on to.")?;
                events.push(EventKind::InterProviderTransferSent(Box::new(TransferOut {
                    from: None,
                    to: Some(provider.clone()),
                    iptamds_rtt_start: clock.start().filter(|_| running),
                })));
                note = format!("Referred on to {provider}");
            }
        }
        for kind in events {
            append_event(&mut pathway, PathwayEvent::new(date, kind), ctx.today)?;
        }
        appointment.outcome = Some(self.outcome);
        let mut written = Vec::new();
        if let Some(mut task) = records::task(records, &letter_task_id(&appointment.id)).cloned() {
            // The letter's task names the outcome, unless someone has already retitled it.
            if task.title.starts_with("Clinic letter: seen in clinic") {
                task.title =
                    format!("Clinic letter: {} (seen in clinic on {})", self.outcome.letter_words(), uk_date(date));
                written.push(Record::Task(task));
            }
        }
        written.push(Record::PatientNote(PatientNote {
            id: format!("outcome-{}", appointment.id),
            patient_id: appointment.patient_id.clone(),
            text: format!("Clinic outcome ({}): {note}.", uk_date(date)),
            author: ctx.author.clone(),
            written_on: ctx.today,
        }));
        written.push(Record::Appointment(appointment));
        written.push(Record::Pathway(pathway));
        Ok(written)
    }
}
