//! Pathway events: an attendance, a decision, a treatment... appended to the pathway's log, so the clocks follow.

use crate::from_map::from_map;
use serde::Serialize;

use super::records::{self, key};
use super::{Act, CommandContext, RecordSource, Rejection};
use crate::pathway::PathwayEvent;
use crate::record::{Record, RecordKey, RecordKind};

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
