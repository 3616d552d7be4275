//! Pathway events: an attendance, a decision, a treatment... appended to the pathway's log, so the clocks follow.

use crate::from_map::from_map;
use serde::Serialize;

use super::records::{self, key};
use super::{Act, CommandContext, RecordSource, Rejection};
use crate::calendar::uk_date;
use crate::pathway::{PathwayEvent, RttClock};
use crate::record::{Record, RecordKey, RecordKind};
use crate::tasks::validation::validation_task_id;
use crate::tasks::{TaskNote, TaskStatus};
use crate::validation::{PathwayValidation, RemovalReason, ValidationMilestone, ValidationOutcome};
use chrono::NaiveDate;

/// Append an event to a pathway's log (an attendance, a decision, a treatment...).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordPathwayEvent {
    pub pathway_id: String,
    pub event: PathwayEvent,
}

from_map!(RecordPathwayEvent { pathway_id, event });

impl Act for RecordPathwayEvent {
    fn reads(&self) -> Vec<RecordKey> {
        vec![key(RecordKind::Pathway, &self.pathway_id)]
    }

    fn describe(&self) -> String {
        format!("Record pathway event: {}", self.event.label())
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let mut pathway = records::pathway(records, &self.pathway_id)?.clone();
        crate::pathway::check_new_event(&pathway.events, &self.event, ctx.today).map_err(Rejection::invalid)?;
        pathway.events.push(self.event.clone());
        Ok(vec![Record::Pathway(pathway)])
    }
}

/// Record the outcome of validating a pathway on the waiting list (see [`crate::validation`]): the clock is
/// correct; or it was corrected, with the `correction` event recorded in the same step; or the patient comes off
/// the list for `removal` (an RTT reason), the clock stopping on `stopped_on`. The pathway's open validation tasks
/// are marked done with the outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidatePathway {
    pub pathway_id: String,
    pub outcome: ValidationOutcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<PathwayEvent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removal: Option<RemovalReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

from_map!(ValidatePathway {
    pathway_id, outcome, correction = default, removal = default, stopped_on = default, note = default,
});

impl ValidatePathway {
    fn task_keys(&self) -> impl Iterator<Item = RecordKey> + '_ {
        ValidationMilestone::ALL
            .into_iter()
            .map(|milestone| key(RecordKind::Task, &validation_task_id(&self.pathway_id, milestone)))
    }

    /// The event this outcome records, if any, after checking the outcome has what it needs and nothing else.
    fn event(&self) -> Result<Option<PathwayEvent>, Rejection> {
        let refuse = |text: &str| Err(Rejection::invalid(text.to_string()));
        match self.outcome {
            ValidationOutcome::ClockCorrect if self.correction.is_some() || self.removal.is_some() => {
                refuse("A clock recorded as correct has no correction or removal: choose one outcome.")
            }
            ValidationOutcome::ClockCorrect => Ok(None),
            ValidationOutcome::Corrected => match &self.correction {
                Some(event) if self.removal.is_none() => Ok(Some(event.clone())),
                _ => refuse("Choose the event that was missing and its date: it is recorded with the validation."),
            },
            ValidationOutcome::Removed => match (self.removal, self.stopped_on) {
                (Some(reason), Some(on)) if self.correction.is_none() => Ok(Some(reason.event(on))),
                (None, _) => refuse("Choose why the patient comes off the waiting list."),
                _ => {
                    refuse("Enter the date the clock stopped: when the patient was treated, or the decision was told.")
                }
            },
        }
    }
}

impl Act for ValidatePathway {
    fn reads(&self) -> Vec<RecordKey> {
        std::iter::once(key(RecordKind::Pathway, &self.pathway_id)).chain(self.task_keys()).collect()
    }

    fn describe(&self) -> String {
        format!("Validate a pathway: {}", self.outcome.label().to_lowercase())
    }

    fn typed_text(&self) -> Option<String> {
        self.note.clone()
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let mut pathway = records::pathway(records, &self.pathway_id)?.clone();
        let before = RttClock::compute(&pathway.events, ctx.today);
        if !before.running() {
            let stopped = before.stopped_on().map(|on| format!(" (stopped on {})", uk_date(on))).unwrap_or_default();
            return Err(Rejection::conflict(format!(
                "This pathway's RTT clock is not running{stopped}, so it is not on the waiting list to validate. \
                 Go back to the worklist for the next pathway."
            )));
        }
        let note = match self.note.as_deref().map(str::trim).filter(|note| !note.is_empty()) {
            Some(note) => Some(super::checked_text(note, "note")?),
            None => None,
        };
        if let Some(event) = self.event()? {
            crate::pathway::check_new_event(&pathway.events, &event, ctx.today).map_err(Rejection::invalid)?;
            pathway.events.push(event);
        }
        let after = RttClock::compute(&pathway.events, ctx.today);
        if self.outcome == ValidationOutcome::Removed && after.running() {
            return Err(Rejection::invalid(
                "That date does not stop the clock: it is before the clock started. Enter the date the patient was \
                 treated, or the decision was told to them."
                    .to_string(),
            ));
        }
        let weeks = after.running().then(|| after.weeks()).flatten().map(|weeks| weeks.max(0) as u32);
        pathway.validations.push(PathwayValidation {
            on: ctx.today,
            by: ctx.author.clone(),
            outcome: self.outcome,
            weeks,
            removal: self.removal.filter(|_| self.outcome == ValidationOutcome::Removed),
            note: note.clone(),
        });
        let mut written = vec![Record::Pathway(pathway)];
        let done_text = match &note {
            Some(note) => format!("Completed: validated ({}). {note}", self.outcome.label().to_lowercase()),
            None => format!("Completed: validated ({}).", self.outcome.label().to_lowercase()),
        };
        for task_key in self.task_keys() {
            if let Some(Record::Task(task)) = records.record(&task_key) {
                if task.status == TaskStatus::Open {
                    let mut task = task.clone();
                    task.status = TaskStatus::Done;
                    task.history.push(TaskNote {
                        author: ctx.author.clone(),
                        written_on: ctx.today,
                        text: done_text.clone(),
                    });
                    written.push(Record::Task(task));
                }
            }
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Pathway, Priority, ReferralSource};
    use crate::pathway::RttStatus;
    use crate::tasks::validation::validation_task;
    use std::collections::HashMap;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn ctx() -> CommandContext {
        CommandContext { today: d("2026-12-07"), author: "A. Validator (Booking team)".into() }
    }

    fn event(json: &str) -> PathwayEvent {
        serde_json::from_str(json).unwrap()
    }

    /// A pathway referred on 1 Sep 2026 (97 days on 7 Dec: over 12 weeks) and its open 12-week validation task.
    fn held() -> HashMap<RecordKey, Record> {
        let pathway = Pathway {
            id: "pw-1".into(),
            patient_id: "p-1".into(),
            specialty_id: "s".into(),
            consultant_id: "c".into(),
            priority: Priority::Routine,
            source: ReferralSource::Gp,
            cancer: false,
            events: vec![event(r#"{"date":"2026-09-01","type":"referral_received","source":"gp"}"#)],
            follow_up_due: None,
            listed: None,
            validations: Vec::new(),
        };
        let task = validation_task("pw-1", "p-1", "c", ValidationMilestone::Weeks12, d("2026-12-04"))
            .into_task(crate::tasks::BOOKING_TEAM);
        [Record::Pathway(pathway), Record::Task(task)].into_iter().map(|record| (record.key(), record)).collect()
    }

    fn validate(outcome: ValidationOutcome) -> ValidatePathway {
        ValidatePathway {
            pathway_id: "pw-1".into(),
            outcome,
            correction: None,
            removal: None,
            stopped_on: None,
            note: None,
        }
    }

    fn written_pathway(written: &[Record]) -> &Pathway {
        written.iter().find_map(|record| if let Record::Pathway(p) = record { Some(p) } else { None }).unwrap()
    }

    #[test]
    fn a_correct_clock_is_recorded_with_its_weeks_and_closes_the_validation_task() {
        let command = ValidatePathway {
            note: Some(" Checked the referral letter date ".into()),
            ..validate(ValidationOutcome::ClockCorrect)
        };
        let written = command.apply(&ctx(), &held()).unwrap();
        let pathway = written_pathway(&written);
        assert_eq!(pathway.events.len(), 1, "nothing added to the clock");
        let validation = &pathway.validations[0];
        assert_eq!(
            (validation.on, validation.weeks, validation.outcome),
            (d("2026-12-07"), Some(13), ValidationOutcome::ClockCorrect)
        );
        assert_eq!(validation.by, "A. Validator (Booking team)");
        assert_eq!(validation.note.as_deref(), Some("Checked the referral letter date"));
        let Some(Record::Task(task)) = written.iter().find(|r| matches!(r, Record::Task(_))) else {
            panic!("{written:?}")
        };
        assert_eq!(task.status, TaskStatus::Done);
        assert!(task.history.last().unwrap().text.contains("validated (clock correct)"), "{:?}", task.history);
    }

    #[test]
    fn a_correction_records_the_missing_event_in_the_same_step() {
        let attended = event(r#"{"date":"2026-10-12","type":"outpatient_attended","first":true}"#);
        let command = ValidatePathway { correction: Some(attended.clone()), ..validate(ValidationOutcome::Corrected) };
        let written = command.apply(&ctx(), &held()).unwrap();
        let pathway = written_pathway(&written);
        assert_eq!(pathway.events.last(), Some(&attended));
        assert_eq!(pathway.validations[0].weeks, Some(13), "the clock still runs");
        // A missed treatment stops it: the validation then shows no weeks.
        let treated = event(r#"{"date":"2026-11-30","type":"first_definitive_treatment"}"#);
        let command = ValidatePathway { correction: Some(treated), ..validate(ValidationOutcome::Corrected) };
        let written = command.apply(&ctx(), &held()).unwrap();
        assert_eq!(written_pathway(&written).validations[0].weeks, None);
        // An event the clock cannot take (after today) is refused, and nothing is written.
        let future = event(r#"{"date":"2026-12-08","type":"outpatient_attended"}"#);
        let command = ValidatePathway { correction: Some(future), ..validate(ValidationOutcome::Corrected) };
        assert!(command.apply(&ctx(), &held()).unwrap_err().message.contains("after today"));
        let missing = validate(ValidationOutcome::Corrected);
        assert!(missing.apply(&ctx(), &held()).unwrap_err().message.contains("Choose the event"));
    }

    #[test]
    fn a_removal_stops_the_clock_with_the_rtt_reason_and_a_stopped_clock_is_not_validated_again() {
        let command = ValidatePathway {
            removal: Some(RemovalReason::PatientDeclined),
            stopped_on: Some(d("2026-11-02")),
            ..validate(ValidationOutcome::Removed)
        };
        let mut records = held();
        let written = command.apply(&ctx(), &records).unwrap();
        let pathway = written_pathway(&written);
        let clock = RttClock::compute(&pathway.events, d("2026-12-07"));
        assert_eq!((clock.running(), clock.stopped_on()), (false, Some(d("2026-11-02"))));
        assert_eq!(clock.status(), Some(RttStatus::PatientDeclinedTreatment));
        assert_eq!(pathway.validations[0].removal, Some(RemovalReason::PatientDeclined));
        for record in written {
            records.insert(record.key(), record);
        }
        let again = validate(ValidationOutcome::ClockCorrect).apply(&ctx(), &records).unwrap_err();
        assert!(again.message.contains("not running (stopped on 2 Nov 2026)"), "{}", again.message);
        // A removal needs its reason and its date.
        let no_date = ValidatePathway { removal: Some(RemovalReason::Treated), ..validate(ValidationOutcome::Removed) };
        assert!(no_date.apply(&ctx(), &held()).unwrap_err().message.contains("Enter the date the clock stopped"));
        let no_reason = ValidatePathway { stopped_on: Some(d("2026-11-02")), ..validate(ValidationOutcome::Removed) };
        assert!(no_reason.apply(&ctx(), &held()).unwrap_err().message.contains("Choose why"));
        // "Clock correct" carries nothing else.
        let mixed =
            ValidatePathway { removal: Some(RemovalReason::Treated), ..validate(ValidationOutcome::ClockCorrect) };
        assert!(mixed.apply(&ctx(), &held()).is_err());
    }
}
