//! Escalations: a patient who cannot be kept within a waiting-time deadline (no slot in time when a clinic is
//! cancelled, or booked past it with the patient's or a clinician's agreement), raised to the team leads. A lead
//! acknowledges it (they have it in hand) and resolves it, saying what was done: a national target being missed is
//! never silent. Each escalation is a task (kind `Escalation`) carrying these details.

use crate::from_map::from_map;
use crate::from_map::words;
use chrono::NaiveDate;
use serde::Serialize;

use crate::pathway::Standard;

/// The team leads' pool: escalations go here.
pub const TEAM_LEADS: &str = "Team leads";

/// Where an escalation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EscalationState {
    /// Raised; no lead has taken it yet.
    Open,
    /// A lead has it in hand.
    Acknowledged,
    /// Dealt with: what was done is in the history.
    Resolved,
}

words!(EscalationState { Open = "open", Acknowledged = "acknowledged", Resolved = "resolved" });

impl EscalationState {
    pub const ALL: [EscalationState; 3] =
        [EscalationState::Open, EscalationState::Acknowledged, EscalationState::Resolved];

    pub fn label(self) -> &'static str {
        match self {
            EscalationState::Open => "Open",
            EscalationState::Acknowledged => "Acknowledged",
            EscalationState::Resolved => "Resolved",
        }
    }
}

/// What is escalated: which clock will be missed, by when, why, and the date offered instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Escalation {
    pub pathway_id: String,
    pub standard: Standard,
    /// The last day the standard is met.
    pub deadline: NaiveDate,
    /// Why, in the words of whoever raised it.
    pub reason: String,
    /// The date the patient was offered instead, if there is one.
    #[serde(default)]
    pub offered: Option<NaiveDate>,
    pub state: EscalationState,
}

from_map!(Escalation { pathway_id, standard, deadline, reason, offered = default, state });

/// One escalation per pathway, clock and deadline: two desks escalating the same thing meet in one task.
pub fn escalation_task_id(pathway_id: &str, standard: Standard, deadline: NaiveDate) -> String {
    format!("escalation-{pathway_id}-{}-{deadline}", standard.code())
}
