//! The admitted list's work: the pre-operative assessment, and what happened on a to-come-in date (admitted and
//! treated, cancelled by the hospital on the day, or the patient did not come in). The to-come-in date itself is
//! booked as any appointment is, into a procedure list's slot, under the same reasonable-offer rules.

use crate::from_map::from_map;
use chrono::NaiveDate;
use serde::Serialize;

use super::booking::append_event;
use super::records::{self, key};
use super::{checked_text, Act, CommandContext, RecordSource, Rejection};
use crate::calendar::uk_date;
use crate::model::{AppointmentStatus, PatientNote, SlotType};
use crate::outcome::{AdmissionOutcome, PreOp, PreOpStatus};
use crate::pathway::event::{Admission, AdmissionPurpose, Treatment, TreatmentSetting};
use crate::pathway::{EventKind, PathwayEvent, RttClock};
use crate::record::{Record, RecordKey, RecordKind};

/// Record the patient's pre-operative assessment: booked for a date, or done (fit, or not yet fit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordPreOpAssessment {
    pub pathway_id: String,
    pub status: PreOpStatus,
    pub on: NaiveDate,
}

from_map!(RecordPreOpAssessment { pathway_id, status, on });

impl Act for RecordPreOpAssessment {
    fn reads(&self) -> Vec<RecordKey> {
        vec![key(RecordKind::Pathway, &self.pathway_id)]
    }

    fn describe(&self) -> String {
        format!("Record a pre-operative assessment: {}", self.status.label().to_lowercase())
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let mut pathway = records::pathway(records, &self.pathway_id)?.clone();
        let Some(listing) = pathway.listed.as_deref_mut() else {
            return Err(Rejection::invalid(
                "This pathway is not on the admitted list: record the clinic's decision to treat first.",
            ));
        };
        if self.on < listing.listed_on {
            return Err(Rejection::invalid(format!(
                "The assessment date, {}, is before the patient was listed on {}. Check the date.",
                uk_date(self.on),
                uk_date(listing.listed_on)
            )));
        }
        if self.status != PreOpStatus::Booked && self.on > ctx.today {
            return Err(Rejection::invalid(format!(
                "An assessment done is dated today or before, not {}. To book one ahead, choose \"Booked\".",
                uk_date(self.on)
            )));
        }
        listing.pre_op = Some(PreOp { status: self.status, on: self.on });
        Ok(vec![Record::Pathway(pathway)])
    }
}

/// Record what happened on a to-come-in date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordAdmissionOutcome {
    pub appointment_id: String,
    pub pathway_id: String,
    pub outcome: AdmissionOutcome,
    /// Why the hospital cancelled (needed then).
    #[serde(default)]
    pub reason: String,
}

from_map!(RecordAdmissionOutcome { appointment_id, pathway_id, outcome, reason = default });

impl Act for RecordAdmissionOutcome {
    fn reads(&self) -> Vec<RecordKey> {
        vec![key(RecordKind::Appointment, &self.appointment_id), key(RecordKind::Pathway, &self.pathway_id)]
    }

    fn describe(&self) -> String {
        format!("Record an admission: {}", self.outcome.label().to_lowercase())
    }

    fn typed_text(&self) -> Option<String> {
        Some(self.reason.clone()).filter(|r| !r.trim().is_empty())
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let mut appointment = records::appointment(records, &self.appointment_id)?.clone();
        if appointment.pathway_id != self.pathway_id {
            return Err(Rejection::invalid("This admission belongs to another pathway. Reload the admitted list."));
        }
        if appointment.slot_type != SlotType::Procedure {
            return Err(Rejection::invalid(
                "This is a clinic appointment, not an admission: record it from the clinic's list.",
            ));
        }
        if !matches!(appointment.status, AppointmentStatus::Booked | AppointmentStatus::Arrived) {
            return Err(Rejection::conflict(format!(
                "This admission is already marked \"{}\".",
                appointment.status.label()
            )));
        }
        if appointment.date > ctx.today {
            return Err(Rejection::invalid(format!(
                "The admission is on {}, after today: record what happened on or after the day.",
                uk_date(appointment.date)
            )));
        }
        let mut pathway = records::pathway(records, &self.pathway_id)?.clone();
        let date = appointment.date;
        let running = RttClock::compute(&pathway.events, date).running();
        let procedure = pathway.listed.as_ref().map(|l| l.procedure.clone());
        let note = match self.outcome {
            AdmissionOutcome::Treated => {
                if running {
                    // Admitted treatment stops the clock on the day of admission.
                    let treatment = Treatment {
                        setting: Some(TreatmentSetting::Admitted),
                        modality: procedure.clone(),
                        provider: None,
                    };
                    append_event(
                        &mut pathway,
                        PathwayEvent::new(date, EventKind::FirstDefinitiveTreatment(Box::new(treatment))),
                        ctx.today,
                    )?;
                }
                pathway.listed = None;
                appointment.status = AppointmentStatus::Seen;
                format!("Admitted and treated: {}", procedure.unwrap_or_default())
            }
            AdmissionOutcome::CancelledByHospital => {
                if self.reason.trim().is_empty() {
                    return Err(Rejection::invalid(
                        "Enter why the hospital cancelled: it goes on the record and the patient's letter.",
                    ));
                }
                let reason = checked_text(&self.reason, "reason")?;
                if running {
                    // Admitted for treatment and the procedure not done: the clock runs on.
                    let admission = Admission {
                        purpose: Some(AdmissionPurpose::FirstDefinitiveTreatment),
                        procedure_done: Some(false),
                        cancelled_by: Some("provider".into()),
                        reason: Some(reason.clone()),
                    };
                    append_event(
                        &mut pathway,
                        PathwayEvent::new(date, EventKind::Admitted(Box::new(admission))),
                        ctx.today,
                    )?;
                }
                if let Some(listing) = pathway.listed.as_deref_mut() {
                    listing.cancelled_on = Some(date);
                }
                appointment.cancel(AppointmentStatus::CancelledByHospital, date, reason.to_string());
                format!("Admission cancelled by the hospital on the day: {reason}")
            }
            AdmissionOutcome::DidNotAttend => {
                append_event(
                    &mut pathway,
                    PathwayEvent::new(
                        date,
                        EventKind::AppointmentDna { first: Some(false), clearly_communicated: Some(true) },
                    ),
                    ctx.today,
                )?;
                appointment.status = AppointmentStatus::DidNotAttend;
                "Did not come in for admission".to_string()
            }
        };
        Ok(vec![
            Record::PatientNote(PatientNote {
                id: format!("admission-{}", appointment.id),
                patient_id: appointment.patient_id.clone(),
                text: format!("{note} ({}).", uk_date(date)),
                author: ctx.author.clone(),
                written_on: ctx.today,
            }),
            Record::Appointment(appointment),
            Record::Pathway(pathway),
        ])
    }
}
