//! Pathway validation tasks: a running RTT pathway that passes 12, 26 or 52 weeks without a recorded validation
//! needs someone to check it (is the clock start right, has it stopped, is the patient still waiting?).
//!
//! "Passing N weeks" follows the PTL's long-wait rule (`pathway-rules.md` §1): over N weeks means more than 7N
//! days, so day 84 is not yet over 12 weeks and day 85 is. A validation recorded at W completed weeks covers
//! every milestone up to W: one done at 27 weeks covers 12 and 26, and the next is due after 52 weeks.
//!
//! What counts as a recorded validation: one recorded on the pathway (`crate::validation`), at the weeks the clock
//! then showed; or the pathway's validation task for a milestone marked done, at that milestone's weeks (a
//! validation done at 13 weeks still leaves the 26-week one due). [`validation_tasks_due`] works out, for a set of
//! pathways and the tasks already held, the tasks to create: only for milestones passed in the last
//! [`TASK_WITHIN_DAYS`] days, so tasks arrive with the milestones; older ones wait on the validation worklist.

use crate::calendar::uk_numeric_date;
use std::collections::HashMap;

use chrono::NaiveDate;

use super::draft::TaskDraft;
use super::field::FieldStamp;
use super::hlc::Hlc;
use super::merge::TaskStamps;
use crate::calendar::{add_working_days, CalendarError, Region};
use crate::model::Pathway;
use crate::pathway::RttClock;
use crate::tasks::{Task, TaskKind, TaskNote, TaskStatus};

/// Who validation tasks go to: the booking team keeps the waiting list.
pub const VALIDATION_ASSIGNEE: &str = super::BOOKING_TEAM;
/// Working days the team has to validate a pathway once it has passed a milestone.
pub const VALIDATION_WORKING_DAYS: u32 = 5;
/// A validation task is made only for a milestone passed at most this many days ago: one passed earlier (a trust's
/// long waiters when Pathdesk starts, a server stopped for a fortnight) is on the validation worklist, not a task.
pub const TASK_WITHIN_DAYS: i64 = 7;
/// The author (and clock node) of the tasks this rule makes, as their history shows it.
pub const VALIDATION_AUTHOR: &str = "Pathdesk (waiting list check)";

pub use crate::validation::{validation_due, ValidationMilestone};

/// The id of a pathway's validation task at a milestone: one task per milestone, whichever device notices it.
pub fn validation_task_id(pathway_id: &str, milestone: ValidationMilestone) -> String {
    format!("validation-{pathway_id}-{}w", milestone.weeks())
}

/// The pathway a validation task is about, from its id (see [`validation_task_id`]).
pub fn pathway_of_validation_task(task_id: &str) -> Option<&str> {
    let rest = task_id.strip_prefix("validation-")?;
    ValidationMilestone::ALL.into_iter().find_map(|milestone| rest.strip_suffix(&format!("-{}w", milestone.weeks())))
}

/// The validation task for a pathway at a milestone, due on `due`.
pub fn validation_task(
    pathway_id: &str,
    patient_id: &str,
    consultant_id: &str,
    milestone: ValidationMilestone,
    due: NaiveDate,
) -> TaskDraft {
    TaskDraft {
        id: validation_task_id(pathway_id, milestone),
        kind: TaskKind::PathwayValidation,
        // The patient is named beside every task about them (name, NHS number, date of birth); the pathway's id is
        // the system's, not a name anyone uses.
        title: format!("Validate RTT pathway: over {} weeks waiting", milestone.weeks()),
        patient_id: Some(patient_id.to_string()),
        consultant_id: Some(consultant_id.to_string()),
        due,
        letter: None,
    }
}

/// The validation tasks `pathways` need on `today` that are not already among `tasks` (by id, any status).
///
/// Each is made the same way wherever and whenever on that day it is worked out (id from the pathway and the
/// milestone, the stamp from the date), so two makers produce the same record and it merges as one task.
pub fn validation_tasks_due(
    pathways: &[Pathway],
    tasks: &HashMap<&str, &Task>,
    today: NaiveDate,
) -> Result<Vec<Task>, CalendarError> {
    let mut due_tasks = Vec::new();
    for pathway in pathways {
        let clock = RttClock::compute(&pathway.events, today);
        let running_days = clock.running().then(|| clock.days()).flatten().map(|days| days.max(0) as u32);
        // Validations recorded on the pathway this clock period, and (from before they were) validation tasks
        // marked done, each counting at its milestone's weeks.
        let validated_at_weeks: Vec<u32> = ValidationMilestone::ALL
            .into_iter()
            .filter(|&milestone| {
                tasks
                    .get(validation_task_id(&pathway.id, milestone).as_str())
                    .is_some_and(|task| task.status == TaskStatus::Done)
            })
            .map(ValidationMilestone::weeks)
            .chain(crate::validation::validated_weeks(&pathway.validations, &clock))
            .collect();
        let Some(milestone) = validation_due(running_days, &validated_at_weeks) else { continue };
        if tasks.contains_key(validation_task_id(&pathway.id, milestone).as_str()) {
            continue;
        }
        let Some(passed_on) =
            clock.start().map(|start| crate::calendar::add_days(start, 7 * u64::from(milestone.weeks()) + 1))
        else {
            continue;
        };
        // A task as the milestone arrives; one passed longer ago is on the validation worklist, not a new task
        // (a trust's first start would otherwise make one for every long waiter at once).
        if (today - passed_on).num_days() > TASK_WITHIN_DAYS {
            continue;
        }
        let passed_on = Some(passed_on);
        let due = add_working_days(today, VALIDATION_WORKING_DAYS, Region::EnglandAndWales)?;
        let mut task = validation_task(&pathway.id, &pathway.patient_id, &pathway.consultant_id, milestone, due)
            .into_task(VALIDATION_ASSIGNEE);
        let wall_ms = today.and_hms_opt(0, 0, 0).map_or(0, |t| t.and_utc().timestamp_millis().max(0) as u64);
        let stamp =
            FieldStamp::new(Hlc { wall_ms, counter: 0, node: "waiting-list-check".into() }, VALIDATION_AUTHOR, today);
        task.stamps = TaskStamps::for_new_task(&stamp);
        let passed = passed_on.map(|date| format!(" on {}", uk_numeric_date(date))).unwrap_or_default();
        task.history = vec![TaskNote {
            author: VALIDATION_AUTHOR.to_string(),
            written_on: today,
            text: format!(
                "Created: the pathway passed {} weeks{passed} with no validation recorded. Check the clock start, \
                 any stops and that the patient still needs to wait, then mark this task done.",
                milestone.weeks()
            ),
        }];
        due_tasks.push(task);
    }
    Ok(due_tasks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ValidationMilestone::*;

    #[test]
    fn over_twelve_weeks_means_more_than_84_days() {
        assert_eq!(validation_due(Some(84), &[]), None);
        assert_eq!(validation_due(Some(85), &[]), Some(Weeks12));
        assert_eq!(validation_due(Some(182), &[]), Some(Weeks12));
        assert_eq!(validation_due(Some(183), &[]), Some(Weeks26));
        assert_eq!(validation_due(Some(364), &[]), Some(Weeks26));
        assert_eq!(validation_due(Some(365), &[]), Some(Weeks52));
    }

    #[test]
    fn a_stopped_clock_needs_no_validation() {
        assert_eq!(validation_due(None, &[]), None);
    }

    #[test]
    fn a_validation_covers_milestones_up_to_when_it_was_done() {
        assert_eq!(validation_due(Some(100), &[12]), None);
        assert_eq!(validation_due(Some(100), &[11]), Some(Weeks12));
        // Validated at 13 weeks; now at 27 weeks the 26-week validation is due.
        assert_eq!(validation_due(Some(190), &[13]), Some(Weeks26));
        // Validated at 27 weeks covers 12 and 26 (no 12-week task afterwards).
        assert_eq!(validation_due(Some(200), &[27]), None);
        assert_eq!(validation_due(Some(400), &[13, 27]), Some(Weeks52));
        assert_eq!(validation_due(Some(400), &[53]), None);
    }

    #[test]
    fn one_task_per_pathway_and_milestone() {
        let due = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let task = validation_task("PW7", "P1", "C1", Weeks26, due).into_task("Booking team");
        assert_eq!(task.id, "validation-PW7-26w");
        assert_eq!(pathway_of_validation_task(&task.id), Some("PW7"));
        assert_eq!(pathway_of_validation_task("validation-PW7-13w"), None);
        assert_eq!(task.kind, TaskKind::PathwayValidation);
        assert_eq!(task.title, "Validate RTT pathway: over 26 weeks waiting");
        assert!(!task.title.contains("PW7"), "no internal id in what people read");
        assert_eq!(task.patient_id.as_deref(), Some("P1"), "the patient it is about, shown beside it");
        assert_eq!(task.due, due);
    }

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn waiting_since(id: &str, referred: &str, more: &[&str]) -> Pathway {
        let mut events =
            vec![serde_json::from_str(&format!(r#"{{"date":"{referred}","type":"referral_received","source":"gp"}}"#))
                .unwrap()];
        events.extend(more.iter().map(|json| serde_json::from_str(json).unwrap()));
        Pathway {
            id: id.to_string(),
            patient_id: format!("patient-{id}"),
            specialty_id: "S1".into(),
            consultant_id: "C1".into(),
            priority: crate::model::Priority::Routine,
            source: serde_json::from_str("\"gp\"").unwrap(),
            cancer: false,
            events,
            follow_up_due: None,
            listed: None,
            validations: Vec::new(),
        }
    }

    #[test]
    fn a_pathway_past_twelve_weeks_gets_one_task_and_only_once() {
        let today = d("2026-11-20");
        // Referred 85 days ago (over 12 weeks), 84 days ago (not yet), and one treated (clock stopped).
        let pathways = [
            waiting_since("PW1", "2026-08-27", &[]),
            waiting_since("PW2", "2026-08-28", &[]),
            waiting_since("PW3", "2026-01-05", &[r#"{"date":"2026-03-02","type":"first_definitive_treatment"}"#]),
        ];
        let made = validation_tasks_due(&pathways, &HashMap::new(), today).unwrap();
        assert_eq!(made.len(), 1, "{made:?}");
        let task = &made[0];
        assert_eq!(task.id, "validation-PW1-12w");
        assert_eq!(task.kind, TaskKind::PathwayValidation);
        assert_eq!(task.assignee, "Booking team");
        assert_eq!(task.patient_id.as_deref(), Some("patient-PW1"));
        // Five working days after Friday 20 November 2026.
        assert_eq!(task.due, d("2026-11-27"));
        assert!(task.history[0].text.contains("passed 12 weeks on 20/11/2026"), "{}", task.history[0].text);
        // Worked out again (another device, another server process): the very same record.
        assert_eq!(validation_tasks_due(&pathways, &HashMap::new(), today).unwrap(), made);
        // Once it exists, open or done, it is not made again.
        let held: HashMap<&str, &Task> = made.iter().map(|t| (t.id.as_str(), t)).collect();
        assert!(validation_tasks_due(&pathways, &held, today).unwrap().is_empty());
    }

    #[test]
    fn a_done_validation_covers_its_milestone_and_the_next_one_comes_at_26_weeks() {
        let pathway = [waiting_since("PW1", "2026-04-01", &[])];
        let today = d("2026-10-01"); // 183 days: over 26 weeks
        let mut done12 = validation_task("PW1", "patient-PW1", "C1", Weeks12, today).into_task("Booking team");
        done12.status = TaskStatus::Done;
        let held: HashMap<&str, &Task> = [(done12.id.as_str(), &done12)].into();
        let made = validation_tasks_due(&pathway, &held, today).unwrap();
        assert_eq!(made.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), ["validation-PW1-26w"]);
        // A done 26-week validation leaves nothing due until 52 weeks.
        let mut done26 = made[0].clone();
        done26.status = TaskStatus::Done;
        let held: HashMap<&str, &Task> = [(done26.id.as_str(), &done26)].into();
        assert!(validation_tasks_due(&pathway, &held, today).unwrap().is_empty());
        assert_eq!(
            validation_tasks_due(&pathway, &held, d("2027-04-01"))
                .unwrap()
                .iter()
                .map(|t| t.id.clone())
                .collect::<Vec<_>>(),
            ["validation-PW1-52w"]
        );
    }

    #[test]
    fn a_due_date_past_the_calendar_is_an_error() {
        let pathway = [waiting_since("PW1", "2089-01-02", &[])];
        assert!(validation_tasks_due(&pathway, &HashMap::new(), d("2089-07-04")).is_err());
    }

    #[test]
    fn tasks_come_as_milestones_arrive_and_long_waiters_at_first_start_go_to_the_worklist() {
        let today = d("2026-11-20");
        // Passed 12 weeks 7 days ago (a task), 8 days ago (the worklist), and 52 weeks long ago (the worklist).
        let pathways = [
            waiting_since("PW1", "2026-08-20", &[]),
            waiting_since("PW2", "2026-08-19", &[]),
            waiting_since("PW3", "2025-06-02", &[]),
        ];
        let made = validation_tasks_due(&pathways, &HashMap::new(), today).unwrap();
        assert_eq!(made.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), ["validation-PW1-12w"]);
    }

    #[test]
    fn a_validation_recorded_on_the_pathway_covers_its_milestone() {
        let mut pathway = waiting_since("PW1", "2026-08-27", &[]);
        let today = d("2026-11-20"); // 85 days
        pathway.validations.push(crate::validation::PathwayValidation {
            on: today,
            by: "A. Validator".into(),
            outcome: crate::validation::ValidationOutcome::ClockCorrect,
            weeks: Some(12),
            removal: None,
            note: None,
        });
        assert!(validation_tasks_due(&[pathway], &HashMap::new(), today).unwrap().is_empty());
    }
}
