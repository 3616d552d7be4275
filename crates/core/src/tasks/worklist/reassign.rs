//! Moving tasks to another person: the field changes to make, so that a bulk reassignment merges like any other
//! edit (someone who changed one of those tasks offline keeps their change to the other fields).

use crate::tasks::merge::TaskChange;

/// What a bulk reassignment will do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReassignPlan {
    /// One assignee change per task that moves.
    pub changes: Vec<TaskChange>,
    /// Already assigned to the new person: left as they are.
    pub already_theirs: Vec<String>,
    /// Done: left with whoever did them.
    pub done: Vec<String>,
    /// Not on this list (removed, or never here).
    pub not_found: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReassignError {
    #[error("Choose who the tasks should go to.")]
    NoAssignee,
}
