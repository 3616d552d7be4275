//! Triage: the clinician's decision on a referral, recorded by their secretary. Accepted (at the same priority, or
//! upgraded or downgraded with a reason), straight to test, returned to the GP with advice (the RTT clock stops:
//! no treatment by this service), or redirected to another consultant, who triages it again.

use crate::from_map::from_map;
use chrono::NaiveDate;
use serde::Serialize;

use super::booking::append_event;
use super::records::{self, key};
use super::{checked_text, Act, CommandContext, RecordSource, Rejection};
use crate::calendar::uk_date;
use crate::model::Priority;
use crate::pathway::event::TriageDecision;
use crate::pathway::{EventKind, PathwayEvent};
use crate::record::{Record, RecordKey, RecordKind};
use crate::triage::awaiting_triage_since;

/// Record how a clinician triaged a referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TriageReferral {
    pub pathway_id: String,
    /// The day the clinician decided.
    pub decided_on: NaiveDate,
    pub decision: TriageDecision,
    /// The clinician who decided; needed to take a referral off the cancer pathway.
    #[serde(default)]
    pub clinician: String,
    /// The priority accepted at; `None` keeps the referral's priority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// For a redirection: the consultant it goes to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultant_id: Option<String>,
    /// Why: needed for a change of priority, a return to the GP (the advice) and a redirection.
    #[serde(default)]
    pub reason: String,
}

from_map!(TriageReferral {
    pathway_id, decided_on, decision, clinician = default, priority = default, consultant_id = default,
    reason = default,
});

impl Act for TriageReferral {
    fn reads(&self) -> Vec<RecordKey> {
        let mut reads = vec![key(RecordKind::Pathway, &self.pathway_id)];
        if let Some(consultant) = &self.consultant_id {
            reads.push(key(RecordKind::Consultant, consultant));
        }
        reads
    }

    fn describe(&self) -> String {
        match self.decision {
            TriageDecision::Accepted => "Triage a referral: accepted",
            TriageDecision::StraightToTest => "Triage a referral: straight to test",
            TriageDecision::ReturnedToGp => "Triage a referral: returned to the GP",
            TriageDecision::Redirected => "Triage a referral: sent to another consultant",
            TriageDecision::Other(_) => "Triage a referral",
        }
        .to_string()
    }

    fn typed_text(&self) -> Option<String> {
        Some(self.reason.clone()).filter(|r| !r.trim().is_empty())
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let mut pathway = records::pathway(records, &self.pathway_id)?.clone();
        let Some(since) = awaiting_triage_since(&pathway) else {
            return Err(Rejection::conflict(
                "This referral is already triaged (see its pathway's events). Open the pathway to check what was \
                 decided.",
            ));
        };
        if self.decided_on < since {
            return Err(Rejection::invalid(format!(
                "The decision date, {}, is before the referral reached this consultant on {}. Check the date.",
                uk_date(self.decided_on),
                uk_date(since)
            )));
        }
        let clinician = self.clinician.trim();
        let reason = self.reason.trim();
        let was_cancer = pathway.cancer;
        let priority = self.priority.unwrap_or(pathway.priority);
        let mut events = Vec::new();
        match &self.decision {
            TriageDecision::Accepted | TriageDecision::StraightToTest => {
                if priority != pathway.priority {
                    if reason.is_empty() {
                        return Err(Rejection::invalid(format!(
                            "Give the reason for changing the priority from {} to {}.",
                            pathway.priority.label().to_lowercase(),
                            priority.label().to_lowercase()
                        )));
                    }
                    if priority == Priority::UrgentSuspectedCancer {
                        // A consultant upgrade starts the 62-day clock on the day of the decision.
                        events.push(PathwayEvent::new(self.decided_on, EventKind::ConsultantUpgrade {}));
                        pathway.cancer = true;
                    } else if pathway.priority == Priority::UrgentSuspectedCancer {
                        pathway.cancer = false;
                    }
                    pathway.priority = priority;
                }
            }
            TriageDecision::ReturnedToGp => {
                if reason.is_empty() {
                    return Err(Rejection::invalid(
                        "Enter the advice given to the GP: the letter and the record need it.",
                    ));
                }
                pathway.cancer = false;
            }
            TriageDecision::Redirected => {
                let Some(consultant_id) = self.consultant_id.as_deref().filter(|c| !c.trim().is_empty()) else {
                    return Err(Rejection::invalid("Choose the consultant the referral goes to."));
                };
                if consultant_id == pathway.consultant_id {
                    return Err(Rejection::invalid(
                        "The referral is already with this consultant: choose another, or accept it.",
                    ));
                }
                if reason.is_empty() {
                    return Err(Rejection::invalid("Give the reason for sending the referral to another consultant."));
                }
                let consultant = records::consultant(records, consultant_id)?;
                pathway.consultant_id = consultant.id.clone();
                pathway.specialty_id = consultant.specialty_id.clone();
            }
            TriageDecision::Other(word) => {
                return Err(Rejection::invalid(format!(
                    "\"{word}\" is not a triage decision: choose accept, straight to test, return to the GP or \
                     send to another consultant."
                )));
            }
        }
        if was_cancer && !pathway.cancer && clinician.is_empty() {
            return Err(Rejection::invalid(
                "Name the clinician who took this referral off the urgent suspected cancer pathway.",
            ));
        }
        let note = if reason.is_empty() { None } else { Some(checked_text(reason, "reason")?.into()) };
        let by = (!clinician.is_empty()).then(|| clinician.into());
        let triaged = PathwayEvent {
            date: Some(self.decided_on),
            kind: EventKind::Triaged { decision: Some(self.decision.clone()), by },
            pathway: None,
            note,
        };
        events.insert(0, triaged);
        let clock_running = crate::pathway::RttClock::compute(&pathway.events, self.decided_on).running();
        if self.decision == TriageDecision::ReturnedToGp && clock_running {
            // No treatment by this service: the clock stops on the day the decision is told (status 34).
            events.push(PathwayEvent::new(
                self.decided_on,
                EventKind::DecisionNotToTreat { communicated_to_patient: Some(true) },
            ));
        }
        for event in events {
            append_event(&mut pathway, event, ctx.today)?;
        }
        Ok(vec![Record::Pathway(pathway)])
    }
}
