//! "My tasks" and "Team tasks": a list of tasks as of one date, filtered and sorted overdue first, then by due
//! date; the team lead's summary per person; the tasks to hand over when someone is on leave; bulk reassignment.
//!
//! Like the PTL, the list is built once ([`Worklist::new`]) and views are row indices (`Vec<u32>`) into the
//! caller's slice: tasks are never cloned, and filtering and sorting compare small numbers worked out once, so
//! the team view can be re-filtered on every keystroke.
//!
//! ```
//! use chrono::NaiveDate;
//! use pathdesk_core::tasks::{Task, TaskKind};
//! use pathdesk_core::tasks::worklist::{TaskFilter, Worklist};
//! let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
//! let tasks = vec![
//!     Task::new_open("T1", TaskKind::Chaser, "Chase MRI report", "S. Patel", today.succ_opt().unwrap()),
//!     Task::new_open("T2", TaskKind::PatientQuery, "Call back re transport", "S. Patel", today.pred_opt().unwrap()),
//! ];
//! let list = Worklist::new(&tasks, today);
//! assert_eq!(list.view(&TaskFilter::assigned_to("S. Patel")), vec![1, 0]); // the overdue one first
//! ```

mod filter;
mod reassign;
mod team;

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};

pub use filter::{TaskFilter, TaskListQuery, TaskShow};
pub use reassign::{ReassignError, ReassignPlan};
pub use team::PersonWorkload;

use super::field::{FieldStamp, FieldValue};
use super::merge::TaskChange;
use crate::tasks::{Task, TaskKind, TaskStatus};

/// An id that no task has: the filter asks for a consultant, patient or person not on the list.
const ABSENT: u32 = u32::MAX;

/// What the filters and the sort read for one task, worked out once.
#[derive(Debug, Clone, Copy)]
struct TaskFacts {
    due_day: i32,
    open: bool,
    overdue: bool,
    kind: TaskKind,
    assignee: u32,
    consultant: u32,
    patient: u32,
}

/// Tasks as of one date, ready to filter and sort.
#[derive(Debug, Clone)]
pub struct Worklist<'a> {
    tasks: &'a [Task],
    today: NaiveDate,
    facts: Vec<TaskFacts>,
    /// Lower-case text the search looks in, one per task.
    search_text: Vec<String>,
    assignees: HashMap<&'a str, u32>,
    consultants: HashMap<&'a str, u32>,
    patients: HashMap<&'a str, u32>,
    /// Task indices in task-id order (ties by position), and each task's place in that order: the last
    /// tie-break of the sort, so the list never jumps about, and how reassignment finds a task by id.
    by_id: Vec<u32>,
    id_rank: Vec<u32>,
}

fn number<'a>(known: &mut HashMap<&'a str, u32>, id: &'a str) -> u32 {
    let next = known.len() as u32;
    *known.entry(id).or_insert(next)
}

impl<'a> Worklist<'a> {
    /// The list as of `today` (which tasks are overdue).
    pub fn new(tasks: &'a [Task], today: NaiveDate) -> Worklist<'a> {
        Self::with_search_text(tasks, today, |_| String::new())
    }

    /// As [`Worklist::new`], with more text for the search to find each task by (the patient's name and NHS
    /// number, the consultant's name), since tasks hold only ids.
    pub fn with_search_text(tasks: &'a [Task], today: NaiveDate, extra: impl Fn(&Task) -> String) -> Worklist<'a> {
        assert!(tasks.len() < ABSENT as usize, "a worklist holds fewer than 4,294,967,295 tasks");
        let mut assignees = HashMap::new();
        let mut consultants = HashMap::new();
        let mut patients = HashMap::new();
        let today_day = today.num_days_from_ce();
        let facts = tasks
            .iter()
            .map(|task| {
                let open = task.status == TaskStatus::Open;
                let due_day = task.due.num_days_from_ce();
                TaskFacts {
                    due_day,
                    open,
                    overdue: open && due_day < today_day,
                    kind: task.kind,
                    assignee: number(&mut assignees, &task.assignee),
                    consultant: task.consultant_id.as_deref().map_or(ABSENT, |id| number(&mut consultants, id)),
                    patient: task.patient_id.as_deref().map_or(ABSENT, |id| number(&mut patients, id)),
                }
            })
            .collect();
        let search_text = tasks
            .iter()
            .map(|task| {
                let extra = extra(task);
                let parts = [
                    task.title.as_str(),
                    task.assignee.as_str(),
                    task.patient_id.as_deref().unwrap_or(""),
                    task.consultant_id.as_deref().unwrap_or(""),
                    task.kind.label(),
                    extra.as_str(),
                ];
                // A separator no one types, so a search never matches across two parts.
                let mut text = String::with_capacity(parts.iter().map(|part| part.len() + 1).sum());
                for part in parts {
                    text.push_str(part);
                    text.push('\u{1f}');
                }
                if text.is_ascii() {
                    text.make_ascii_lowercase();
                    text
                } else {
                    text.to_lowercase()
                }
            })
            .collect();
        let mut by_id: Vec<u32> = (0..tasks.len() as u32).collect();
        crate::sorting::sort_by(&mut by_id, |&a, &b| tasks[a as usize].id.cmp(&tasks[b as usize].id));
        let mut id_rank = vec![0; tasks.len()];
        for (rank, &index) in by_id.iter().enumerate() {
            id_rank[index as usize] = rank as u32;
        }
        Worklist { tasks, today, facts, search_text, assignees, consultants, patients, by_id, id_rank }
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    pub fn tasks(&self) -> &'a [Task] {
        self.tasks
    }

    pub fn is_overdue(&self, index: u32) -> bool {
        self.facts[index as usize].overdue
    }

    /// The tasks the filter keeps, overdue first, then by due date (then by task id), as indices into the slice.
    pub fn view(&self, filter: &TaskFilter) -> Vec<u32> {
        let lookup = |wanted: &Option<String>, known: &HashMap<&str, u32>| {
            wanted.as_deref().map(|id| known.get(id).copied().unwrap_or(ABSENT))
        };
        let assignee = lookup(&filter.assignee, &self.assignees);
        let consultant = lookup(&filter.consultant_id, &self.consultants);
        let patient = lookup(&filter.patient_id, &self.patients);
        if [assignee, consultant, patient].contains(&Some(ABSENT)) {
            return Vec::new();
        }
        let due_within = filter.due_within.map(|(from, to)| (from.num_days_from_ce(), to.num_days_from_ce()));
        let words = filter.search_words();
        let status_open = filter.status.map(|status| status == TaskStatus::Open);
        let mut keyed: Vec<u64> = self
            .facts
            .iter()
            .enumerate()
            .filter(|(index, facts)| {
                filter.kind.is_none_or(|kind| kind == facts.kind)
                    && assignee.is_none_or(|id| id == facts.assignee)
                    && consultant.is_none_or(|id| id == facts.consultant)
                    && patient.is_none_or(|id| id == facts.patient)
                    && status_open.is_none_or(|open| open == facts.open)
                    && (!filter.overdue_only || facts.overdue)
                    && due_within.is_none_or(|(from, to)| (from..=to).contains(&facts.due_day))
                    && words.iter().all(|word| self.search_text[*index].contains(word.as_str()))
            })
            .map(|(index, facts)| self.sort_key(index, facts))
            .collect();
        keyed.sort_unstable();
        keyed.into_iter().map(|key| self.by_id[(key & u64::from(u32::MAX)) as usize]).collect()
    }

    /// The Tasks page's list for the person `me`: the open tasks the query keeps (overdue first, then by due date),
    /// then the done ones, the most recently due first.
    pub fn task_list(&self, query: &TaskListQuery, me: &str) -> Vec<u32> {
        let (open, mut done): (Vec<u32>, Vec<u32>) =
            self.view(&query.to_filter(me)).into_iter().partition(|&index| self.facts[index as usize].open);
        done.reverse();
        open.into_iter().chain(done).collect()
    }

    /// [not overdue: 1 bit][due day, offset: 31 bits][id rank: 32 bits]: smaller sorts first.
    fn sort_key(&self, index: usize, facts: &TaskFacts) -> u64 {
        let due = (i64::from(facts.due_day) + (1 << 30)).clamp(0, (1 << 31) - 1) as u64;
        (u64::from(!facts.overdue) << 63) | (due << 32) | u64::from(self.id_rank[index])
    }

    /// Open and overdue work per person (everyone with a task on the list), in name order.
    pub fn team_summary(&self) -> Vec<PersonWorkload> {
        let today_day = self.today.num_days_from_ce();
        let mut people: BTreeMap<&str, PersonWorkload> = BTreeMap::new();
        for (task, facts) in self.tasks.iter().zip(&self.facts) {
            let person = people
                .entry(&task.assignee)
                .or_insert_with(|| PersonWorkload { assignee: task.assignee.clone(), ..PersonWorkload::default() });
            if facts.open {
                person.open += 1;
                person.overdue += u32::from(facts.overdue);
                person.due_today += u32::from(facts.due_day == today_day);
            }
        }
        people.into_values().collect()
    }

    /// Cover for leave: `person`'s open tasks due from `first` to `last` (both included), in list order. Pass
    /// the list's date as `first` to leave out what is already overdue, or an early date to include it.
    pub fn open_tasks_due_during(&self, person: &str, first: NaiveDate, last: NaiveDate) -> Vec<u32> {
        self.view(&TaskFilter {
            assignee: Some(person.to_string()),
            status: Some(TaskStatus::Open),
            due_within: Some((first, last)),
            ..TaskFilter::default()
        })
    }

    /// The changes that move the tasks with these ids to `new_assignee`, all stamped `stamp`. Tasks already
    /// theirs, done or not on the list are named in the plan rather than changed.
    pub fn reassign_plan(
        &self,
        task_ids: &[&str],
        new_assignee: &str,
        stamp: &FieldStamp,
    ) -> Result<ReassignPlan, ReassignError> {
        let new_assignee = new_assignee.trim();
        if new_assignee.is_empty() {
            return Err(ReassignError::NoAssignee);
        }
        let mut plan = ReassignPlan::default();
        for &id in task_ids {
            let found = self.by_id.binary_search_by(|&index| self.tasks[index as usize].id.as_str().cmp(id));
            let Ok(rank) = found else {
                plan.not_found.push(id.to_string());
                continue;
            };
            let task = &self.tasks[self.by_id[rank] as usize];
            if task.status == TaskStatus::Done {
                plan.done.push(task.id.clone());
            } else if task.assignee == new_assignee {
                plan.already_theirs.push(task.id.clone());
            } else {
                plan.changes.push(TaskChange::edits(task, [FieldValue::Assignee(new_assignee.to_string())], stamp));
            }
        }
        Ok(plan)
    }
}
