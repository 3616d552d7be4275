//! What a worklist shows: every filter that is set must hold; an unset filter lets every task through.

use chrono::NaiveDate;

use crate::tasks::{TaskKind, TaskStatus};

/// The filter bar of "My tasks" and "Team tasks". `TaskFilter::default()` shows every task.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskFilter {
    pub kind: Option<TaskKind>,
    pub assignee: Option<String>,
    pub consultant_id: Option<String>,
    pub patient_id: Option<String>,
    pub status: Option<TaskStatus>,
    /// Open and due before the list's date.
    pub overdue_only: bool,
    /// Due on or after the first date and on or before the second.
    pub due_within: Option<(NaiveDate, NaiveDate)>,
    /// Words that must all appear (any case) in the title, assignee, patient, consultant or kind, or in the
    /// extra text the list was built with (patient names, NHS numbers).
    pub search: String,
}

impl TaskFilter {
    /// One person's tasks ("My tasks").
    pub fn assigned_to(person: impl Into<String>) -> TaskFilter {
        TaskFilter { assignee: Some(person.into()), ..TaskFilter::default() }
    }

    /// The search words, lower-cased; empty when there is no search.
    pub(super) fn search_words(&self) -> Vec<String> {
        self.search.split_whitespace().map(str::to_lowercase).collect()
    }
}
