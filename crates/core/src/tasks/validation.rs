//! Pathway validation tasks: a running RTT pathway that passes 12, 26 or 52 weeks without a recorded validation
//! needs someone to check it (is the clock start right, has it stopped, is the patient still waiting?).
//!
//! "Passing N weeks" follows the PTL's long-wait rule (`pathway-rules.md` §1): over N weeks means more than 7N
//! days, so day 84 is not yet over 12 weeks and day 85 is. A validation recorded at W completed weeks covers
//! every milestone up to W: one done at 27 weeks covers 12 and 26, and the next is due after 52 weeks.

use chrono::NaiveDate;

use super::draft::TaskDraft;
use crate::model::TaskKind;

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

/// The id of a pathway's validation task at a milestone: one task per milestone, whichever device notices it.
pub fn validation_task_id(pathway_id: &str, milestone: ValidationMilestone) -> String {
    format!("validation-{pathway_id}-{}w", milestone.weeks())
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
        title: format!("Validate pathway {pathway_id}: over {} weeks", milestone.weeks()),
        patient_id: Some(patient_id.to_string()),
        consultant_id: Some(consultant_id.to_string()),
        due,
        letter: None,
    }
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
        assert_eq!(task.kind, TaskKind::PathwayValidation);
        assert_eq!(task.title, "Validate pathway PW7: over 26 weeks");
        assert_eq!(task.due, due);
    }
}
