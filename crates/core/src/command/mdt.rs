//! MDT meetings: scheduling one for a tumour site, listing a fast-track patient for it, and recording what it
//! decided (see `crate::mdt`).

use chrono::NaiveDate;
use serde::Serialize;

use super::records::{self, key};
use super::{checked_text, short_text, Act, CommandContext, RecordSource, Rejection};
use crate::calendar::{add_working_days, uk_date, Region};
use crate::from_map::from_map;
use crate::limits::{LOCATION_CHARS, NAME_CHARS};
use crate::mdt::{mdt_task_id, MdtDecision, MdtListing, MdtMeeting, MdtOutcome};
use crate::pathway::event::{DiagnosisOutcome, TransferOut};
use crate::pathway::{EventKind, PathwayEvent};
use crate::record::{Record, RecordKey, RecordKind};
use crate::tasks::{Task, TaskKind, TaskNote, BOOKING_TEAM, MEDICAL_SECRETARIES};

/// Working days the next step after an MDT decision has.
pub const MDT_ACTION_WORKING_DAYS: u32 = 2;

fn meeting<'a>(records: &'a impl RecordSource, id: &str) -> Result<&'a MdtMeeting, Rejection> {
    match records.record(&key(RecordKind::MdtMeeting, id)) {
        Some(Record::MdtMeeting(meeting)) => Ok(meeting),
        _ => {
            Err(Rejection::not_found(format!("No MDT meeting with id {id} on this desk: sync, then choose it again.")))
        }
    }
}

/// Schedule a tumour site's MDT meeting on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScheduleMdtMeeting {
    pub meeting_id: String,
    pub specialty_id: String,
    pub name: String,
    pub date: NaiveDate,
    pub location: String,
}

from_map!(ScheduleMdtMeeting { meeting_id, specialty_id, name, date, location });

impl Act for ScheduleMdtMeeting {
    fn reads(&self) -> Vec<RecordKey> {
        vec![key(RecordKind::MdtMeeting, &self.meeting_id), key(RecordKind::Specialty, &self.specialty_id)]
    }

    fn describe(&self) -> String {
        "Schedule an MDT meeting".to_string()
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        if records.record(&key(RecordKind::MdtMeeting, &self.meeting_id)).is_some() {
            return Err(Rejection::conflict("This MDT meeting is already scheduled."));
        }
        if !matches!(records.record(&key(RecordKind::Specialty, &self.specialty_id)), Some(Record::Specialty(_))) {
            return Err(Rejection::invalid("Choose the tumour site from the list."));
        }
        if self.date < ctx.today {
            return Err(Rejection::invalid(format!(
                "The date is in the past ({}): enter the date of the coming meeting.",
                uk_date(self.date)
            )));
        }
        Ok(vec![Record::MdtMeeting(MdtMeeting {
            id: self.meeting_id.clone(),
            specialty_id: self.specialty_id.clone(),
            name: short_text(&self.name, "meeting's name", NAME_CHARS)?,
            date: self.date,
            location: short_text(&self.location, "meeting's location", LOCATION_CHARS)?,
            patients: Vec::new(),
        })])
    }
}

/// List a fast-track patient's pathway for discussion at a coming meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListForMdt {
    pub meeting_id: String,
    pub pathway_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
}

from_map!(ListForMdt { meeting_id, pathway_id, question = default });

impl Act for ListForMdt {
    fn reads(&self) -> Vec<RecordKey> {
        vec![key(RecordKind::MdtMeeting, &self.meeting_id), key(RecordKind::Pathway, &self.pathway_id)]
    }

    fn describe(&self) -> String {
        "List a patient for an MDT meeting".to_string()
    }

    fn typed_text(&self) -> Option<String> {
        self.question.clone()
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let mut meeting = meeting(records, &self.meeting_id)?.clone();
        let pathway = records::pathway(records, &self.pathway_id)?;
        if meeting.date < ctx.today {
            return Err(Rejection::invalid(format!(
                "This meeting sat on {}: list the patient for a coming one.",
                uk_date(meeting.date)
            )));
        }
        if !pathway.cancer || pathway.specialty_id != meeting.specialty_id {
            return Err(Rejection::invalid("Only this tumour site's cancer pathways are discussed at its MDT."));
        }
        if meeting.listing(&self.pathway_id).is_some() {
            return Err(Rejection::conflict("The patient is already listed for this meeting."));
        }
        let question = match self.question.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            Some(question) => Some(checked_text(question, "question for the MDT")?),
            None => None,
        };
        meeting.patients.push(MdtListing {
            pathway_id: pathway.id.clone(),
            patient_id: pathway.patient_id.clone(),
            listed_on: ctx.today,
            listed_by: ctx.author.clone(),
            question,
            outcome: None,
        });
        Ok(vec![Record::MdtMeeting(meeting)])
    }
}

/// Record what the MDT decided for a listed patient: the pathway events it means, dated the meeting, and the task
/// for the next step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordMdtOutcome {
    pub meeting_id: String,
    pub pathway_id: String,
    pub decision: MdtDecision,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refer_to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The pathway's consultant as the desk saw it: a letter or referral goes to their named secretary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultant_id: Option<String>,
}

from_map!(RecordMdtOutcome {
    meeting_id, pathway_id, decision, refer_to = default, note = default, consultant_id = default,
});

impl Act for RecordMdtOutcome {
    fn reads(&self) -> Vec<RecordKey> {
        let pathway = key(RecordKind::Pathway, &self.pathway_id);
        let task = key(RecordKind::Task, &mdt_task_id(&self.meeting_id, &self.pathway_id));
        let mut keys = vec![key(RecordKind::MdtMeeting, &self.meeting_id), pathway, task];
        keys.extend(self.consultant_id.iter().map(|id| key(RecordKind::Consultant, id)));
        keys
    }

    fn describe(&self) -> String {
        format!("Record an MDT outcome: {}", self.decision.label().to_lowercase())
    }

    fn typed_text(&self) -> Option<String> {
        self.note.clone()
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let mut meeting = meeting(records, &self.meeting_id)?.clone();
        let mut pathway = records::pathway(records, &self.pathway_id)?.clone();
        if meeting.date > ctx.today {
            return Err(Rejection::invalid(format!(
                "The meeting is on {}: record its decisions once it has sat.",
                uk_date(meeting.date)
            )));
        }
        let Some(listing) = meeting.patients.iter_mut().find(|l| l.pathway_id == self.pathway_id) else {
            return Err(Rejection::invalid("The patient is not listed for this meeting: list them first."));
        };
        if listing.outcome.is_some() {
            return Err(Rejection::conflict("This patient's outcome at this meeting is already recorded."));
        }
        let refer_to = match (self.decision, self.refer_to.as_deref()) {
            (MdtDecision::ReferOn, Some(to)) => Some(short_text(to, "provider referred on to", NAME_CHARS)?),
            (MdtDecision::ReferOn, None) => {
                return Err(Rejection::invalid("Enter the provider the patient is referred on to."));
            }
            _ => None,
        };
        let note = match self.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            Some(note) => Some(checked_text(note, "note")?),
            None => None,
        };
        // The events the decision means, on the meeting's date.
        let told = pathway.events.iter().any(|e| matches!(e.kind, EventKind::OutcomeCommunicated { .. }));
        let diagnosis = |outcome| EventKind::OutcomeCommunicated { outcome: Some(outcome) };
        let mut kinds = Vec::new();
        match self.decision {
            MdtDecision::CancerRuledOut if !told => kinds.push(diagnosis(DiagnosisOutcome::CancerRuledOut)),
            MdtDecision::TreatHere | MdtDecision::ReferOn if !told => {
                kinds.push(diagnosis(DiagnosisOutcome::CancerDiagnosed))
            }
            _ => {}
        }
        match self.decision {
            MdtDecision::TreatHere => kinds.push(EventKind::DecisionToTreat(Box::default())),
            MdtDecision::ReferOn => kinds.push(EventKind::InterProviderTransferSent(Box::new(TransferOut {
                to: refer_to.clone(),
                ..TransferOut::default()
            }))),
            _ => {}
        }
        for kind in kinds {
            let mut event = PathwayEvent::new(meeting.date, kind);
            event.note = Some(format!("{} on {}", meeting.name, uk_date(meeting.date)).into());
            crate::pathway::check_new_event(&pathway.events, &event, ctx.today).map_err(Rejection::invalid)?;
            pathway.events.push(event);
        }
        // The next step, for whoever takes it.
        let secretary = self
            .consultant_id
            .as_deref()
            .filter(|id| *id == pathway.consultant_id)
            .and_then(|id| records::consultant(records, id).ok())
            .and_then(|consultant| consultant.secretary.clone())
            .unwrap_or_else(|| MEDICAL_SECRETARIES.to_string());
        let (title, assignee) = match self.decision {
            MdtDecision::CancerRuledOut => {
                ("Write to the patient and GP: cancer ruled out at MDT".to_string(), secretary)
            }
            MdtDecision::TreatHere => ("Book the first treatment decided at MDT".to_string(), BOOKING_TEAM.to_string()),
            MdtDecision::ReferOn => (
                format!("Refer on to {}: send the referral and the MDT summary", refer_to.clone().unwrap_or_default()),
                secretary,
            ),
            MdtDecision::MoreTests => {
                ("Book the tests the MDT asked for, then list for the next MDT".to_string(), BOOKING_TEAM.to_string())
            }
        };
        let due = add_working_days(ctx.today, MDT_ACTION_WORKING_DAYS, Region::EnglandAndWales)
            .map_err(|error| Rejection::invalid(error.to_string()))?;
        let task_id = mdt_task_id(&meeting.id, &pathway.id);
        let mut task = Task::new_open(task_id.clone(), TaskKind::Other, title, assignee, due);
        task.patient_id = Some(pathway.patient_id.clone());
        task.consultant_id = Some(pathway.consultant_id.clone());
        let said = note.as_ref().map(|note| format!(" {note}")).unwrap_or_default();
        task.history.push(TaskNote {
            author: ctx.author.clone(),
            written_on: ctx.today,
            text: format!("{} at {} on {}.{said}", self.decision.label(), meeting.name, uk_date(meeting.date)),
        });
        listing.outcome = Some(MdtOutcome {
            decision: self.decision,
            refer_to,
            note,
            recorded_on: ctx.today,
            recorded_by: ctx.author.clone(),
            task_id,
        });
        Ok(vec![Record::MdtMeeting(meeting), Record::Pathway(pathway), Record::Task(task)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Consultant, Pathway, Priority, ReferralSource, Specialty};
    use crate::pathway::PathwayClocks;
    use std::collections::HashMap;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn ctx(today: &str) -> CommandContext {
        CommandContext { today: d(today), author: "K. Adeyemi (MDT co-ordinator)".into() }
    }

    /// A urology fast-track pathway referred on 2 Nov 2026, its consultant with a named secretary, and the service.
    fn held() -> HashMap<RecordKey, Record> {
        let referral: PathwayEvent = serde_json::from_str(
            r#"{"date":"2026-11-02","type":"referral_received","source":"gp","route":"urgent_suspected_cancer"}"#,
        )
        .unwrap();
        let pathway = Pathway {
            id: "pw-1".into(),
            patient_id: "p-1".into(),
            specialty_id: "spec-uro".into(),
            consultant_id: "con-1".into(),
            priority: Priority::UrgentSuspectedCancer,
            source: ReferralSource::Gp,
            cancer: true,
            events: vec![referral],
            follow_up_due: None,
            listed: None,
            validations: Vec::new(),
        };
        let mut consultant = Consultant::new("con-1", "Ms Rivers", "spec-uro");
        consultant.secretary = Some("R. Hughes (Urology)".into());
        let specialty = Specialty { id: "spec-uro".into(), name: "Urology".into(), code: "101".into() };
        [Record::Pathway(pathway), Record::Consultant(consultant), Record::Specialty(specialty)]
            .into_iter()
            .map(|r| (r.key(), r))
            .collect()
    }

    fn apply(
        command: impl Act,
        today: &str,
        records: &mut HashMap<RecordKey, Record>,
    ) -> Result<Vec<Record>, Rejection> {
        let written = command.apply(&ctx(today), records)?;
        for record in &written {
            records.insert(record.key(), record.clone());
        }
        Ok(written)
    }

    fn scheduled_and_listed() -> HashMap<RecordKey, Record> {
        let mut records = held();
        let schedule = ScheduleMdtMeeting {
            meeting_id: "mdt-1".into(),
            specialty_id: "spec-uro".into(),
            name: "Urology cancer MDT".into(),
            date: d("2026-11-26"),
            location: "Seminar room 2".into(),
        };
        assert!(schedule.apply(&ctx("2026-11-27"), &records).unwrap_err().message.contains("in the past"));
        apply(schedule.clone(), "2026-11-20", &mut records).unwrap();
        assert!(apply(schedule, "2026-11-20", &mut records).is_err(), "scheduled once");
        let list =
            ListForMdt { meeting_id: "mdt-1".into(), pathway_id: "pw-1".into(), question: Some("CT staging".into()) };
        apply(list.clone(), "2026-11-20", &mut records).unwrap();
        assert!(apply(list, "2026-11-20", &mut records).unwrap_err().message.contains("already listed"));
        records
    }

    fn outcome(decision: MdtDecision) -> RecordMdtOutcome {
        RecordMdtOutcome {
            meeting_id: "mdt-1".into(),
            pathway_id: "pw-1".into(),
            decision,
            refer_to: None,
            note: None,
            consultant_id: Some("con-1".into()),
        }
    }

    #[test]
    fn treat_here_tells_the_diagnosis_starts_the_31_day_clock_and_asks_booking_to_book_treatment() {
        let mut records = scheduled_and_listed();
        assert!(apply(outcome(MdtDecision::TreatHere), "2026-11-25", &mut records)
            .unwrap_err()
            .message
            .contains("once it has sat"));
        let written = apply(outcome(MdtDecision::TreatHere), "2026-11-27", &mut records).unwrap();
        let Some(Record::Pathway(pathway)) = written.iter().find(|r| matches!(r, Record::Pathway(_))) else { panic!() };
        let types: Vec<&str> = pathway.events.iter().skip(1).map(|e| e.type_name()).collect();
        assert_eq!(types, ["outcome_communicated", "decision_to_treat"]);
        assert!(pathway.events.iter().skip(1).all(|e| e.date() == Some(d("2026-11-26"))), "dated the meeting");
        let clocks = PathwayClocks::compute(&pathway.events, true, d("2026-11-27"));
        let fds = clocks.faster_diagnosis.expect("28-day clock");
        assert_eq!(fds.end, Some(d("2026-11-26")), "the 28-day clock ends with the diagnosis told");
        let day31 = clocks.decision_to_treatment.expect("31-day clock");
        assert_eq!(day31.start, d("2026-11-26"));
        let Some(Record::Task(task)) = written.iter().find(|r| matches!(r, Record::Task(_))) else { panic!() };
        assert_eq!(
            (task.assignee.as_str(), task.title.as_str()),
            (BOOKING_TEAM, "Book the first treatment decided at MDT")
        );
        assert_eq!(task.patient_id.as_deref(), Some("p-1"));
        let Some(Record::MdtMeeting(meeting)) = written.iter().find(|r| matches!(r, Record::MdtMeeting(_))) else {
            panic!()
        };
        assert_eq!(meeting.patients[0].outcome.as_ref().unwrap().task_id, task.id);
        assert!(apply(outcome(MdtDecision::TreatHere), "2026-11-27", &mut records)
            .unwrap_err()
            .message
            .contains("already recorded"));
    }

    #[test]
    fn refer_on_needs_the_provider_and_goes_to_the_consultants_secretary() {
        let mut records = scheduled_and_listed();
        assert!(apply(outcome(MdtDecision::ReferOn), "2026-11-27", &mut records)
            .unwrap_err()
            .message
            .contains("provider"));
        let refer =
            RecordMdtOutcome { refer_to: Some("Royal Test Cancer Centre".into()), ..outcome(MdtDecision::ReferOn) };
        let written = apply(refer, "2026-11-27", &mut records).unwrap();
        let Some(Record::Task(task)) = written.iter().find(|r| matches!(r, Record::Task(_))) else { panic!() };
        assert_eq!(task.assignee, "R. Hughes (Urology)");
        assert!(task.title.contains("Royal Test Cancer Centre"));
        let Some(Record::Pathway(pathway)) = written.iter().find(|r| matches!(r, Record::Pathway(_))) else { panic!() };
        assert_eq!(pathway.events.last().unwrap().type_name(), "inter_provider_transfer_sent");
    }

    #[test]
    fn more_tests_leaves_the_clocks_alone() {
        let mut records = scheduled_and_listed();
        let written = apply(outcome(MdtDecision::MoreTests), "2026-11-27", &mut records).unwrap();
        let Some(Record::Pathway(pathway)) = written.iter().find(|r| matches!(r, Record::Pathway(_))) else { panic!() };
        assert_eq!(pathway.events.len(), 1);
        let not_cancer = {
            let mut records = held();
            if let Some(Record::Pathway(p)) = records.get_mut(&key(RecordKind::Pathway, "pw-1")) {
                p.cancer = false;
            }
            records
        };
        let mut with_meeting = not_cancer;
        with_meeting
            .insert(key(RecordKind::MdtMeeting, "mdt-1"), records[&key(RecordKind::MdtMeeting, "mdt-1")].clone());
        let list = ListForMdt { meeting_id: "mdt-1".into(), pathway_id: "pw-1".into(), question: None };
        assert!(list.apply(&ctx("2026-11-20"), &with_meeting).unwrap_err().message.contains("cancer pathways"));
    }
}
