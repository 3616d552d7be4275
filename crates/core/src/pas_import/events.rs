//! The pathway events file: a row per event of a referral imported before (by its PAS referral ID). An event
//! already on the pathway (the same type on the same day) is unchanged; a new one is recorded as "Add an event"
//! records it, with the same checks of its order against the pathway's other events.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{
    check_pas_id, column, pathway_id, read_date, Column, Existing, ImportKind, Plan, PlannedRow, Row, RowChange,
    RowProblem,
};
use crate::command::Command;
use crate::command::RecordPathwayEvent;
use crate::pathway::PathwayEvent;

const KIND: ImportKind = ImportKind::Events;

pub(super) const COLUMNS: &[Column] = &[
    column(
        "PAS referral ID",
        true,
        "The referral's id in the PAS, as in the referrals file",
        ["REF-2026-0001", "REF-2026-0001"],
    ),
    column("Event date", true, "dd/mm/yyyy", ["20/10/2026", "03/11/2026"]),
    column("Event", true, "One of the events below, by its code or its words", ["first_seen", "Decision to treat"]),
    column("Note", false, "Kept with the event", ["", "Listed for TURBT"]),
];

/// The events a file may carry: (code, words). Each needs nothing beyond its date; events with more to record
/// (a transfer out, a treatment's setting) are recorded in Pathdesk.
pub const EVENT_TYPES: [(&str, &str); 11] = [
    ("outpatient_attended", "Outpatient attended"),
    ("first_seen", "First seen"),
    ("appointment_dna", "Did not attend"),
    ("decision_to_admit", "Decision to admit"),
    ("decision_to_treat", "Decision to treat"),
    ("first_definitive_treatment", "First definitive treatment"),
    ("clinician_reviews_and_discharges_to_gp", "Discharged to the GP"),
    ("active_monitoring_start", "Active monitoring started"),
    ("decision_not_to_treat", "Decision not to treat"),
    ("patient_declines_all_treatment", "Patient declines all treatment"),
    ("patient_died", "Patient died"),
];

pub(super) fn plan(rows: &[Row], existing: &Existing, today: NaiveDate) -> Plan {
    let mut plan = Plan::default();
    // Each pathway's events as the rows above leave them.
    let mut events: HashMap<String, Vec<PathwayEvent>> = HashMap::new();
    for row in rows {
        let n = row.number;
        let cell = |name: &str| row.cell(KIND, name);
        let mut problems = Vec::new();
        let pas = check_pas_id(n, "PAS referral ID", cell("PAS referral ID")).map_err(|p| problems.push(p)).ok();
        let date = read_date(n, "Event date", cell("Event date")).map_err(|p| problems.push(p)).ok();
        let wanted = cell("Event");
        let code = EVENT_TYPES
            .iter()
            .find(|(code, words)| code.eq_ignore_ascii_case(wanted) || words.eq_ignore_ascii_case(wanted))
            .map(|(code, _)| *code);
        if code.is_none() {
            problems.push(RowProblem::new(
                n,
                "Event",
                format!(
                    "\"{wanted}\" is not an event this import records: use one of {}",
                    EVENT_TYPES.iter().map(|(_, words)| *words).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        let pathway = pas.as_deref().map(pathway_id).and_then(|id| existing.pathway(&id));
        if pas.is_some() && pathway.is_none() {
            problems.push(RowProblem::new(
                n,
                "PAS referral ID",
                "No referral with this PAS referral ID is in Pathdesk: import the referrals file first",
            ));
        }
        let (Some(pathway), Some(date), Some(code), true) = (pathway, date, code, problems.is_empty()) else {
            plan.problems.extend(problems);
            continue;
        };
        let note = Some(cell("Note")).filter(|note| !note.is_empty());
        let json = serde_json::json!({ "date": date, "type": code, "note": note });
        let event: PathwayEvent = match serde_json::from_value(json) {
            Ok(event) => event,
            Err(error) => {
                plan.problems.push(RowProblem::new(n, "Event", format!("The event could not be read: {error}")));
                continue;
            }
        };
        let so_far = events.entry(pathway.id.clone()).or_insert_with(|| pathway.events.clone());
        if so_far.iter().any(|e| e.date == event.date && e.type_name() == event.type_name()) {
            plan.rows.push(PlannedRow { row: n, change: RowChange::Unchanged, commands: Vec::new() });
            continue;
        }
        if let Err(message) = crate::pathway::check_new_event(so_far, &event, today) {
            plan.problems.push(RowProblem::new(n, "Event date", message));
            continue;
        }
        so_far.push(event.clone());
        let command = Command::RecordPathwayEvent(RecordPathwayEvent { pathway_id: pathway.id.clone(), event });
        plan.rows.push(PlannedRow { row: n, change: RowChange::New, commands: vec![command] });
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_offered_is_read_from_its_date_and_code_alone() {
        for (code, _) in EVENT_TYPES {
            let event: Result<PathwayEvent, _> =
                serde_json::from_value(serde_json::json!({"date": "2026-11-02", "type": code}));
            assert!(event.is_ok(), "{code}: {event:?}");
            assert_eq!(event.unwrap().type_name(), code);
        }
    }
}
