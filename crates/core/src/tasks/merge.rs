//! Merging edits to one task made on several devices: per field, the write with the later clock stamp wins, and
//! every write that lost (the older one, whether it was already here or just arrived) is kept, so the task's
//! history can say "Due date 25/11/2026 by S. Patel was replaced by 27/11/2026 by J. Khan". Nothing is lost.
//!
//! The merged task depends only on the set of writes seen, never on the order they arrived in or on how often:
//! each field holds its latest write and `replaced` holds all the others (kept in one order, without repeats).
//! So the server and every device that has seen the same edits show the same task.
//!
//! ## Status (open or done)
//! Status is a field with its own stamp, merged like the others; what is different is who writes it. Only the
//! complete and reopen commands do, and they check first that the step makes sense on the device (a task shown
//! done cannot be completed again). Why not a separate rule such as "done always wins":
//! - a reopen must be able to beat a completion, and with stamps it does exactly when it should: whoever reopens
//!   has seen the completion, so their clock is past its stamp (see [`super::hlc`]) and the reopen is later;
//! - two people acting without seeing each other's step (one completes while the other, offline, changes the due
//!   date) touch different fields, so both stand; two who both complete give the same value, and the second is
//!   recorded as "also done by ...";
//! - it keeps one rule for every field, so status is as commutative and idempotent as the rest, and a lost
//!   status change is in the history like any other.
//!
//! The notes a person writes (closing notes, reasons for reopening) are not fields: they are only ever added.

use crate::from_map::from_map;
use std::collections::BTreeMap;

use serde::Serialize;

use super::field::{FieldStamp, FieldValue, FieldWrite, TaskField};
use super::hlc::Hlc;
use crate::sorting;
use crate::tasks::{Task, TaskNote, TaskStatus};

/// A task's merge record: the stamp of each field's current value and every write that was replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TaskStamps {
    /// The stamp of each field's current value. A field without one is older than any stamped write.
    #[serde(default)]
    pub fields: BTreeMap<TaskField, FieldStamp>,
    /// Every write that lost, in field then stamp order, each once.
    #[serde(default)]
    pub replaced: Vec<FieldWrite>,
}

from_map!(TaskStamps { fields = default, replaced = default });

impl TaskStamps {
    /// Stamps for a task just created: every field written by its creator at `stamp`.
    pub fn for_new_task(stamp: &FieldStamp) -> TaskStamps {
        TaskStamps {
            fields: TaskField::ALL.iter().map(|&field| (field, stamp.clone())).collect(),
            replaced: Vec::new(),
        }
    }

    /// The latest clock stamp on the task (current or replaced): what a device merges into its own clock with
    /// [`Hlc::receive`] when it pulls the task, so its next edit is ordered after everything it has seen.
    pub fn latest_hlc(&self) -> Option<&Hlc> {
        self.fields.values().map(|stamp| &stamp.hlc).chain(self.replaced.iter().map(|w| &w.stamp.hlc)).max()
    }

    pub fn stamp(&self, field: TaskField) -> FieldStamp {
        self.fields.get(&field).cloned().unwrap_or_else(FieldStamp::unstamped)
    }

    /// The write behind the task's current value of `field`.
    pub fn current(&self, task: &Task, field: TaskField) -> FieldWrite {
        FieldWrite::new(FieldValue::read(task, field), self.stamp(field))
    }

    /// Keeps a replaced write; false when it was already kept.
    fn keep_replaced(&mut self, write: FieldWrite) -> bool {
        match self.replaced.binary_search_by(|kept| kept.order(&write)) {
            Ok(_) => false,
            Err(at) => {
                self.replaced.insert(at, write);
                true
            }
        }
    }

    /// One line per replaced write, oldest first within each field: what it was, who wrote it, and what replaced
    /// it. The line is dated and signed by whoever made the replacing write.
    pub fn replaced_lines(&self, task: &Task) -> Vec<TaskNote> {
        self.replaced
            .iter()
            .enumerate()
            .map(|(i, lost)| {
                let field = lost.field();
                let winner = match self.replaced.get(i + 1) {
                    Some(next) if next.field() == field => next.clone(),
                    _ => self.current(task, field),
                };
                let text = if winner.value == lost.value {
                    format!(
                        "{} {} was set to the same again by {}",
                        field.label(),
                        lost.describe(),
                        winner.stamp.author
                    )
                } else {
                    format!("{} {} was replaced by {}", field.label(), lost.describe(), winner.describe())
                };
                TaskNote { author: winner.stamp.author.clone(), written_on: winner.stamp.written_on, text }
            })
            .collect()
    }

    /// The task's notes and the replaced-value lines together, by date (notes first within a day).
    pub fn full_history(&self, task: &Task) -> Vec<TaskNote> {
        let mut lines: Vec<TaskNote> = task.history.iter().cloned().chain(self.replaced_lines(task)).collect();
        sorting::sort_by_key(&mut lines, |note| note.written_on);
        lines
    }
}

/// Edits to one task from one device, to be merged into the task wherever it is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskChange {
    pub task_id: String,
    pub writes: Vec<FieldWrite>,
}

from_map!(TaskChange { task_id, writes });

impl TaskChange {
    /// The writes that give `task` these values, all at `stamp`; values it already has are left out.
    pub fn edits(task: &Task, values: impl IntoIterator<Item = FieldValue>, stamp: &FieldStamp) -> TaskChange {
        let writes = values
            .into_iter()
            .filter(|value| *value != FieldValue::read(task, value.field()))
            .map(|value| FieldWrite::new(value, stamp.clone()))
            .collect();
        TaskChange { task_id: task.id.clone(), writes }
    }

    /// The status write of a complete (done) or reopen (open) command.
    pub fn status(task_id: impl Into<String>, status: TaskStatus, stamp: &FieldStamp) -> TaskChange {
        TaskChange { task_id: task_id.into(), writes: vec![FieldWrite::new(FieldValue::Status(status), stamp.clone())] }
    }

    pub fn is_empty(&self) -> bool {
        self.writes.is_empty()
    }
}

/// The task after a merge, and what happened to each write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeOutcome {
    pub task: Task,
    pub stamps: TaskStamps,
    /// Fields the change set (its write was the later one).
    pub applied: Vec<TaskField>,
    /// Incoming writes that lost to a later value already on the task.
    pub incoming_lost: Vec<FieldWrite>,
    /// Values that were on the task and were replaced by the change.
    pub current_replaced: Vec<FieldWrite>,
}

impl MergeOutcome {
    /// Some of the change gave way to a later edit made elsewhere: the sync outcome is "merged", not "applied".
    pub fn gave_way(&self) -> bool {
        !self.incoming_lost.is_empty()
    }

    /// For the person whose change gave way, one sentence per write: "Your change to Due date (26/11/2026) gave
    /// way to a later one: 27/11/2026 by J. Khan. Yours is kept in the task's history."
    pub fn gave_way_messages(&self) -> Vec<String> {
        self.incoming_lost
            .iter()
            .map(|lost| {
                let field = lost.field();
                let winner = self.stamps.current(&self.task, field);
                format!(
                    "Your change to {} ({}) gave way to a later one: {}. Yours is kept in the task's history.",
                    field.label(),
                    lost.value.describe(),
                    winner.describe()
                )
            })
            .collect()
    }

    /// Nothing new: every write had been seen before (a repeated push, an echo of the device's own edit).
    pub fn nothing_new(&self) -> bool {
        self.applied.is_empty() && self.incoming_lost.is_empty() && self.current_replaced.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("These edits are for task {change_task_id} but were given task {task_id}; nothing was changed. Reload the task and edit it again.")]
pub struct MergeError {
    pub task_id: String,
    pub change_task_id: String,
}

/// Merges `change` into the task: each incoming write is applied when it is later than the field's current value;
/// whichever of the two loses is kept in `stamps.replaced`. Writes seen before change nothing.
pub fn merge(current: &Task, stamps: &TaskStamps, change: &TaskChange) -> Result<MergeOutcome, MergeError> {
    if change.task_id != current.id {
        return Err(MergeError { task_id: current.id.clone(), change_task_id: change.task_id.clone() });
    }
    let mut outcome = MergeOutcome {
        task: current.clone(),
        stamps: stamps.clone(),
        applied: Vec::new(),
        incoming_lost: Vec::new(),
        current_replaced: Vec::new(),
    };
    for incoming in &change.writes {
        let field = incoming.field();
        let existing = outcome.stamps.current(&outcome.task, field);
        if incoming.later_than(&existing) {
            incoming.value.write_to(&mut outcome.task);
            outcome.stamps.fields.insert(field, incoming.stamp.clone());
            if outcome.stamps.keep_replaced(existing.clone()) {
                outcome.current_replaced.push(existing);
            }
            if !outcome.applied.contains(&field) {
                outcome.applied.push(field);
            }
        } else if existing.later_than(incoming) && outcome.stamps.keep_replaced(incoming.clone()) {
            outcome.incoming_lost.push(incoming.clone());
        }
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::tasks::TaskKind;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn stamp(wall_ms: u64, node: &str, author: &str, on: &str) -> FieldStamp {
        FieldStamp::new(Hlc { wall_ms, counter: 0, node: node.to_string() }, author, d(on))
    }

    fn query_task() -> (Task, TaskStamps) {
        let task =
            Task::new_open("T1", TaskKind::PatientQuery, "Call back about transport", "S. Patel", d("2026-11-25"));
        (task, TaskStamps::for_new_task(&stamp(1_000, "desk-1", "S. Patel", "2026-11-20")))
    }

    #[test]
    fn two_offline_edits_to_different_fields_both_stay() {
        let (task, stamps) = query_task();
        let tablet = TaskChange::edits(
            &task,
            [FieldValue::Due(d("2026-11-27"))],
            &stamp(5_000, "tablet", "J. Khan", "2026-11-21"),
        );
        let desk = TaskChange::edits(
            &task,
            [FieldValue::Assignee("A. Okafor".to_string())],
            &stamp(4_000, "desk-2", "M. Evans", "2026-11-21"),
        );
        for (first, second) in [(&tablet, &desk), (&desk, &tablet)] {
            let one = merge(&task, &stamps, first).unwrap();
            let both = merge(&one.task, &one.stamps, second).unwrap();
            assert_eq!(both.task.due, d("2026-11-27"));
            assert_eq!(both.task.assignee, "A. Okafor");
            assert!(!both.gave_way());
            // The values they replaced are in the history.
            let lines: Vec<String> = both.stamps.replaced_lines(&both.task).into_iter().map(|n| n.text).collect();
            assert_eq!(
                lines,
                vec![
                    "Assignee S. Patel by S. Patel was replaced by A. Okafor by M. Evans".to_string(),
                    "Due date 25/11/2026 by S. Patel was replaced by 27/11/2026 by J. Khan".to_string(),
                ]
            );
        }
    }

    #[test]
    fn same_field_the_later_stamp_wins_and_the_loser_is_in_the_history() {
        let (task, stamps) = query_task();
        let patel = TaskChange::edits(
            &task,
            [FieldValue::Due(d("2026-11-26"))],
            &stamp(3_000, "desk-1", "S. Patel", "2026-11-21"),
        );
        let khan = TaskChange::edits(
            &task,
            [FieldValue::Due(d("2026-11-27"))],
            &stamp(6_000, "tablet", "J. Khan", "2026-11-21"),
        );
        // Khan's later edit reaches the server first; Patel's arrives afterwards and gives way.
        let first = merge(&task, &stamps, &khan).unwrap();
        let second = merge(&first.task, &first.stamps, &patel).unwrap();
        assert_eq!(second.task.due, d("2026-11-27"));
        assert!(second.gave_way());
        assert_eq!(second.incoming_lost, patel.writes);
        assert_eq!(
            second.gave_way_messages(),
            ["Your change to Due date (26/11/2026) gave way to a later one: 27/11/2026 by J. Khan. Yours is kept in \
              the task's history."]
        );
        assert_eq!(second.stamps.latest_hlc().map(|h| h.wall_ms), Some(6_000));
        let lines: Vec<String> = second.stamps.replaced_lines(&second.task).into_iter().map(|n| n.text).collect();
        assert_eq!(
            lines,
            vec![
                "Due date 25/11/2026 by S. Patel was replaced by 26/11/2026 by S. Patel".to_string(),
                "Due date 26/11/2026 by S. Patel was replaced by 27/11/2026 by J. Khan".to_string(),
            ]
        );
        // The other order gives the same task and the same history.
        let a = merge(&task, &stamps, &patel).unwrap();
        let b = merge(&a.task, &a.stamps, &khan).unwrap();
        assert_eq!((b.task, b.stamps), (second.task, second.stamps));
    }

    #[test]
    fn a_repeated_change_changes_nothing() {
        let (task, stamps) = query_task();
        let change = TaskChange::edits(
            &task,
            [FieldValue::Title("Ring back".into())],
            &stamp(2_000, "d", "J. Khan", "2026-11-21"),
        );
        let once = merge(&task, &stamps, &change).unwrap();
        let twice = merge(&once.task, &once.stamps, &change).unwrap();
        assert!(twice.nothing_new());
        assert_eq!((twice.task, twice.stamps), (once.task, once.stamps));
    }

    #[test]
    fn reopening_after_seeing_the_completion_wins() {
        let (task, stamps) = query_task();
        let done = merge(
            &task,
            &stamps,
            &TaskChange::status("T1", TaskStatus::Done, &stamp(2_000, "a", "S. Patel", "2026-11-21")),
        )
        .unwrap();
        // The reopening device received the completion's stamp, so its clock is past it.
        let seen = Hlc::start("b").receive(&done.stamps.stamp(TaskField::Status).hlc, 1_500).tick(1_600);
        let reopen = TaskChange::status("T1", TaskStatus::Open, &FieldStamp::new(seen, "J. Khan", d("2026-11-22")));
        let reopened = merge(&done.task, &done.stamps, &reopen).unwrap();
        assert_eq!(reopened.task.status, TaskStatus::Open);
        let lines = reopened.stamps.replaced_lines(&reopened.task);
        assert_eq!(lines.last().unwrap().text, "Status done by S. Patel was replaced by open by J. Khan");
    }

    #[test]
    fn completed_twice_says_so() {
        let (task, stamps) = query_task();
        let a = TaskChange::status("T1", TaskStatus::Done, &stamp(2_000, "a", "S. Patel", "2026-11-21"));
        let b = TaskChange::status("T1", TaskStatus::Done, &stamp(2_500, "b", "J. Khan", "2026-11-21"));
        let one = merge(&task, &stamps, &a).unwrap();
        let two = merge(&one.task, &one.stamps, &b).unwrap();
        assert_eq!(two.task.status, TaskStatus::Done);
        let last = two.stamps.replaced_lines(&two.task).pop().unwrap();
        assert_eq!(last.text, "Status done by S. Patel was set to the same again by J. Khan");
    }

    #[test]
    fn a_task_without_stamps_takes_any_stamped_edit() {
        let (task, _) = query_task();
        let change =
            TaskChange::edits(&task, [FieldValue::Patient(Some("P9".into()))], &stamp(1, "d", "J. Khan", "2026-11-21"));
        let merged = merge(&task, &TaskStamps::default(), &change).unwrap();
        assert_eq!(merged.task.patient_id.as_deref(), Some("P9"));
        assert_eq!(
            merged.stamps.replaced_lines(&merged.task)[0].text,
            "Patient no patient (as first recorded) was replaced by P9 by J. Khan"
        );
    }

    #[test]
    fn edits_for_another_task_are_refused() {
        let (task, stamps) = query_task();
        let change = TaskChange { task_id: "T2".into(), writes: Vec::new() };
        let err = merge(&task, &stamps, &change).unwrap_err();
        assert!(err.to_string().contains("for task T2 but were given task T1"), "{err}");
    }

    #[test]
    fn unchanged_values_are_not_written() {
        let (task, _) = query_task();
        let change = TaskChange::edits(
            &task,
            [FieldValue::Due(d("2026-11-25")), FieldValue::Title("New".into())],
            &stamp(9, "d", "J. Khan", "2026-11-21"),
        );
        assert_eq!(change.writes.len(), 1);
        assert_eq!(change.writes[0].field(), TaskField::Title);
    }
}
