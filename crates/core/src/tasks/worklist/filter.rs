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

/// Which tasks the Tasks page shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TaskShow {
    #[default]
    Open,
    Done,
    All,
}

impl TaskShow {
    pub const ALL: [TaskShow; 3] = [TaskShow::Open, TaskShow::Done, TaskShow::All];

    pub fn code(self) -> &'static str {
        match self {
            TaskShow::Open => "open",
            TaskShow::Done => "done",
            TaskShow::All => "all",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TaskShow::Open => "Open",
            TaskShow::Done => "Done",
            TaskShow::All => "Open and done",
        }
    }

    pub fn from_code(code: &str) -> TaskShow {
        TaskShow::ALL.into_iter().find(|s| s.code() == code).unwrap_or_default()
    }
}

/// The Tasks page's filters as they travel in its address (`/tasks?show=done&kind=patient_query&q=lovell`), so a
/// list can be bookmarked and shared; those left at their default are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskListQuery {
    pub show: TaskShow,
    pub kind: Option<TaskKind>,
    /// Only the tasks assigned to the person at this desk.
    pub mine: bool,
    pub overdue_only: bool,
    /// Words to find: in the title, the assignee, the kind, the patient's name, NHS or hospital number, the
    /// consultant's name.
    pub search: String,
}

impl TaskListQuery {
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let pairs = [
            ("show", if self.show == TaskShow::Open { "" } else { self.show.code() }.to_string()),
            ("kind", self.kind.map_or("", |k| k.code()).to_string()),
            ("mine", if self.mine { "1" } else { "" }.to_string()),
            ("overdue", if self.overdue_only { "1" } else { "" }.to_string()),
            ("q", self.search.trim().to_string()),
        ];
        pairs.into_iter().filter(|(_, value)| !value.is_empty()).collect()
    }

    /// The query an address's parameters describe (`get` reads one by name); unknown words are ignored.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> TaskListQuery {
        TaskListQuery {
            show: TaskShow::from_code(&get("show").unwrap_or_default()),
            kind: get("kind").and_then(|code| TaskKind::ALL.into_iter().find(|k| k.code() == code)),
            mine: get("mine").is_some_and(|v| v == "1"),
            overdue_only: get("overdue").is_some_and(|v| v == "1"),
            search: get("q").unwrap_or_default(),
        }
    }

    /// The worklist filter for the person `me` at this desk.
    pub fn to_filter(&self, me: &str) -> TaskFilter {
        TaskFilter {
            kind: self.kind,
            assignee: self.mine.then(|| me.to_string()),
            status: match self.show {
                TaskShow::Open => Some(TaskStatus::Open),
                TaskShow::Done => Some(TaskStatus::Done),
                TaskShow::All => None,
            },
            overdue_only: self.overdue_only,
            search: self.search.clone(),
            ..TaskFilter::default()
        }
    }
}
