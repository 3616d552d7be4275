//! Task commands that merge: creating a task, editing its fields, completing or reopening it, reassigning many at
//! once and recording a clinic letter's steps. Edits carry a [`FieldStamp`] (hybrid logical clock, who, when);
//! [`merge`] keeps the later write of each field and the value that gave way in the task's history, so two people
//! editing offline lose nothing.

use crate::from_map::from_map;
use chrono::NaiveDate;
use serde::Serialize;

use super::records::key;
use super::{checked_text, Act, CommandContext, RecordSource, Rejection};
use crate::calendar::{is_working_day, Region};
use crate::record::{Record, RecordKey, RecordKind};
use crate::tasks::field::{FieldStamp, FieldValue, FieldWrite, TaskField};
use crate::tasks::letters::LetterStage;
use crate::tasks::merge::{merge, MergeOutcome, TaskChange, TaskStamps};
use crate::tasks::{Task, TaskNote, TaskStatus};

/// Mark a task done, with an optional closing note. `stamp`: the device's clock stamp for the status write, which
/// then merges like any task field (see `tasks::merge`); commands from devices older than stamps have none and are
/// refused when the task is already done, as they were then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompleteTask {
    pub task_id: String,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stamp: Option<FieldStamp>,
}

from_map!(CompleteTask { task_id, note = default, stamp = default });

impl Act for CompleteTask {
    fn reads(&self) -> Vec<RecordKey> {
        vec![key(RecordKind::Task, &self.task_id)]
    }

    fn describe(&self) -> String {
        "Complete a task".to_string()
    }

    fn typed_text(&self) -> Option<String> {
        self.note.clone()
    }

    fn task_changed(&self) -> Option<&str> {
        Some(&self.task_id)
    }

    fn gave_way(&self, written: &[Record]) -> bool {
        self.stamp.as_ref().is_some_and(|stamp| {
            let write = FieldWrite::new(FieldValue::Status(TaskStatus::Done), stamp.clone());
            write_gave_way(&self.task_id, &write, written)
        })
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        match &self.stamp {
            Some(stamp) => set_status(ctx, records, &self.task_id, TaskStatus::Done, self.note.as_deref(), stamp),
            None => complete_task(ctx, records, &self.task_id, self.note.as_deref()),
        }
    }
}

/// Reopen a task that was marked done, saying why. `stamp` as for [`CompleteTask`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReopenTask {
    pub task_id: String,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stamp: Option<FieldStamp>,
}

from_map!(ReopenTask { task_id, reason, stamp = default });

impl Act for ReopenTask {
    fn reads(&self) -> Vec<RecordKey> {
        vec![key(RecordKind::Task, &self.task_id)]
    }

    fn describe(&self) -> String {
        "Reopen a task".to_string()
    }

    fn typed_text(&self) -> Option<String> {
        Some(self.reason.clone())
    }

    fn task_changed(&self) -> Option<&str> {
        Some(&self.task_id)
    }

    fn gave_way(&self, written: &[Record]) -> bool {
        self.stamp.as_ref().is_some_and(|stamp| {
            let write = FieldWrite::new(FieldValue::Status(TaskStatus::Open), stamp.clone());
            write_gave_way(&self.task_id, &write, written)
        })
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        match &self.stamp {
            Some(stamp) => set_status(ctx, records, &self.task_id, TaskStatus::Open, Some(&self.reason), stamp),
            None => reopen_task(ctx, records, &self.task_id, &self.reason),
        }
    }
}

/// Create a task (a free task, chaser or patient query), stamped by the device's clock; the same id created on two
/// devices merges field by field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreateTask {
    /// Boxed: a task is the largest thing a command carries.
    pub task: Box<Task>,
    pub stamp: FieldStamp,
}

from_map!(CreateTask { task, stamp });

impl Act for CreateTask {
    fn reads(&self) -> Vec<RecordKey> {
        vec![key(RecordKind::Task, &self.task.id)]
    }

    fn describe(&self) -> String {
        format!("New task: {}", self.task.title)
    }

    fn task_changed(&self) -> Option<&str> {
        Some(&self.task.id)
    }

    /// A new task (a free task, a chaser, a patient query). The same id sent from two devices merges field by field.
    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let (task, stamp) = (&self.task, &self.stamp);
        checked_fields(&task.title, &task.assignee, task.due)?;
        if task.status != TaskStatus::Open {
            return Err(Rejection::invalid("A new task starts open: create it, then complete it."));
        }
        match existing_task(records, &task.id) {
            Ok(current) => {
                let values = TaskField::ALL
                    .into_iter()
                    .filter(|field| *field != TaskField::Status)
                    .map(|field| FieldValue::read(task, field));
                let change = TaskChange {
                    task_id: task.id.clone(),
                    writes: values.map(|value| FieldWrite::new(value, stamp.clone())).collect(),
                };
                Ok(vec![Record::Task(merged(current, &change)?.task)])
            }
            Err(_) => {
                let mut created = Task::clone(task);
                created.stamps = TaskStamps::for_new_task(stamp);
                created.history = vec![TaskNote {
                    author: ctx.author.clone(),
                    written_on: ctx.today,
                    text: format!("Created: {} for {}", task.kind.label(), task.assignee.trim()),
                }];
                created.title = task.title.trim().to_string();
                created.assignee = task.assignee.trim().to_string();
                Ok(vec![Record::Task(created)])
            }
        }
    }
}

/// Edit some fields of a task (each write stamped); the later write of each field wins and the other stays in the
/// task's history. `note` is added to the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditTask {
    pub change: TaskChange,
    #[serde(default)]
    pub note: Option<String>,
}

from_map!(EditTask { change, note = default });

impl Act for EditTask {
    fn reads(&self) -> Vec<RecordKey> {
        vec![key(RecordKind::Task, &self.change.task_id)]
    }

    fn describe(&self) -> String {
        "Edit a task".to_string()
    }

    fn task_changed(&self) -> Option<&str> {
        Some(&self.change.task_id)
    }

    fn gave_way(&self, written: &[Record]) -> bool {
        self.change.writes.iter().any(|write| write_gave_way(&self.change.task_id, write, written))
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let change = &self.change;
        let current = existing_task(records, &change.task_id)?;
        let note = match self.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            Some(text) => Some(checked_text(text, "note")?),
            None => None,
        };
        if change.is_empty() && note.is_none() {
            return Err(Rejection::invalid("Nothing was changed: edit a field or type a note, then save."));
        }
        for write in &change.writes {
            match &write.value {
                FieldValue::Status(_) => {
                    return Err(Rejection::invalid("Use Complete or Reopen to change whether a task is done."))
                }
                FieldValue::Title(title) => checked_fields(title, "-", None)?,
                FieldValue::Assignee(assignee) => checked_fields("-", assignee, None)?,
                FieldValue::Due(due) => checked_fields("-", "-", *due)?,
                FieldValue::Consultant(_) | FieldValue::Patient(_) => {}
            }
        }
        let mut task = merged(current, change)?.task;
        if let Some(text) = note {
            task.history.push(TaskNote { author: ctx.author.clone(), written_on: ctx.today, text });
        }
        Ok(vec![Record::Task(task)])
    }
}

/// Move open tasks to another person (each an assignee edit that merges with anything changed meanwhile). Done
/// tasks stay with whoever did them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReassignTasks {
    pub task_ids: Vec<String>,
    pub assignee: String,
    pub stamp: FieldStamp,
}

from_map!(ReassignTasks { task_ids, assignee, stamp });

impl Act for ReassignTasks {
    fn reads(&self) -> Vec<RecordKey> {
        self.task_ids.iter().map(|id| key(RecordKind::Task, id)).collect()
    }

    fn describe(&self) -> String {
        format!("Reassign {} task(s) to {}", self.task_ids.len(), self.assignee)
    }

    fn apply(&self, _ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let assignee = &self.assignee;
        checked_fields("-", assignee, None)?;
        if self.task_ids.is_empty() {
            return Err(Rejection::invalid("Tick the tasks to reassign, then choose who they go to."));
        }
        let mut written = Vec::new();
        for task_id in &self.task_ids {
            let current = existing_task(records, task_id)?;
            if current.status == TaskStatus::Done {
                continue;
            }
            let change = TaskChange::edits(current, [FieldValue::Assignee(assignee.trim().to_string())], &self.stamp);
            if change.is_empty() {
                continue;
            }
            written.push(Record::Task(merged(current, &change)?.task));
        }
        if written.is_empty() {
            return Err(Rejection::invalid(format!(
                "None of the ticked tasks can move: they are done or already assigned to {}.",
                assignee.trim()
            )));
        }
        Ok(written)
    }
}

/// A clinic letter's next step (typed, checked, sent) on `on`, or back to an earlier step `because`. Sending closes
/// the task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordLetterStep {
    pub task_id: String,
    pub stage: LetterStage,
    pub on: NaiveDate,
    #[serde(default)]
    pub back_because: Option<String>,
}

from_map!(RecordLetterStep { task_id, stage, on, back_because = default });

impl Act for RecordLetterStep {
    fn reads(&self) -> Vec<RecordKey> {
        vec![key(RecordKind::Task, &self.task_id)]
    }

    fn describe(&self) -> String {
        match self.back_because {
            None => format!("Letter {}", self.stage),
            Some(_) => format!("Letter back to {}", self.stage),
        }
    }

    fn apply(&self, ctx: &CommandContext, records: &impl RecordSource) -> Result<Vec<Record>, Rejection> {
        let (stage, on) = (self.stage, self.on);
        let mut task = existing_task(records, &self.task_id)?.clone();
        let Some(mut log) = task.letter.clone() else {
            return Err(Rejection::invalid(format!(
                "\"{}\" is not a clinic letter: it has no letter steps.",
                task.title
            )));
        };
        match self.back_because.as_deref() {
            Some(reason) => log.send_back(stage, &ctx.author, on, reason, ctx.today),
            None => log.advance(stage, &ctx.author, on, ctx.today),
        }
        .map_err(|refusal| Rejection::conflict(refusal.to_string()))?;
        let line = log.step_lines().pop().unwrap_or_default();
        task.history.push(TaskNote { author: ctx.author.clone(), written_on: on, text: format!("Letter: {line}") });
        if log.stage() == Some(LetterStage::Sent) {
            task.status = TaskStatus::Done;
        }
        task.letter = Some(log);
        Ok(vec![Record::Task(task)])
    }
}

/// Completing (`Done`) or reopening (`Open`) a task with a stamped status write. Status merges like every other
/// field (see [`crate::tasks::merge`]), so this is never refused because another desk got there first: two desks
/// that both complete a task offline both stand ("set to the same again"), and a completion that crossed with a
/// reopening is decided by the clocks, the other kept in the history. `note`: the closing note, or the reason for
/// reopening (required). The note is added to the history either way: it is what that person did.
fn set_status(
    ctx: &CommandContext,
    records: &impl RecordSource,
    task_id: &str,
    status: TaskStatus,
    note: Option<&str>,
    stamp: &FieldStamp,
) -> Result<Vec<Record>, Rejection> {
    let current = existing_task(records, task_id)?;
    let text = match (status, note.map(str::trim).filter(|n| !n.is_empty())) {
        (TaskStatus::Done, Some(note)) => format!("Completed: {}", checked_text(note, "closing note")?),
        (TaskStatus::Done, None) => "Completed".to_string(),
        (TaskStatus::Open, reason) => {
            format!("Reopened: {}", checked_text(reason.unwrap_or_default(), "reason for reopening")?)
        }
    };
    let mut task = merged(current, &TaskChange::status(task_id, status, stamp))?.task;
    task.history.push(TaskNote { author: ctx.author.clone(), written_on: ctx.today, text });
    Ok(vec![Record::Task(task)])
}

/// A write gave way when its field on the written task now carries another stamp (a later write won).
fn write_gave_way(task_id: &str, write: &FieldWrite, written: &[Record]) -> bool {
    written.iter().any(|record| match record {
        Record::Task(task) if task.id == task_id => task.stamps.stamp(write.field()) != write.stamp,
        _ => false,
    })
}

fn existing_task<'a>(records: &'a impl RecordSource, task_id: &str) -> Result<&'a Task, Rejection> {
    match records.record(&RecordKey::new(RecordKind::Task, task_id)) {
        Some(Record::Task(task)) => Ok(task),
        _ => Err(Rejection::not_found(format!("No task with id {task_id}."))),
    }
}

/// A completion from a device older than clock stamps: refused when the task is already done.
fn complete_task(
    ctx: &CommandContext,
    records: &impl RecordSource,
    task_id: &str,
    note: Option<&str>,
) -> Result<Vec<Record>, Rejection> {
    let mut task = existing_task(records, task_id)?.clone();
    if task.status == TaskStatus::Done {
        return Err(Rejection::conflict(format!("\"{}\" is already done.", task.title)));
    }
    let text = match note.map(str::trim).filter(|n| !n.is_empty()) {
        Some(note) => format!("Completed: {}", checked_text(note, "closing note")?),
        None => "Completed".to_string(),
    };
    task.status = TaskStatus::Done;
    task.history.push(TaskNote { author: ctx.author.clone(), written_on: ctx.today, text });
    Ok(vec![Record::Task(task)])
}

/// A reopening from a device older than clock stamps: refused when the task is already open.
fn reopen_task(
    ctx: &CommandContext,
    records: &impl RecordSource,
    task_id: &str,
    reason: &str,
) -> Result<Vec<Record>, Rejection> {
    let mut task = existing_task(records, task_id)?.clone();
    if task.status == TaskStatus::Open {
        return Err(Rejection::conflict(format!("\"{}\" is already open.", task.title)));
    }
    let reason = checked_text(reason, "reason for reopening")?;
    task.status = TaskStatus::Open;
    task.history.push(TaskNote {
        author: ctx.author.clone(),
        written_on: ctx.today,
        text: format!("Reopened: {reason}"),
    });
    Ok(vec![Record::Task(task)])
}

fn merged(current: &Task, change: &TaskChange) -> Result<MergeOutcome, Rejection> {
    let mut outcome = merge(current, &current.stamps, change).map_err(|e| Rejection::invalid(e.to_string()))?;
    outcome.task.stamps = outcome.stamps.clone();
    Ok(outcome)
}

/// Title and assignee must be given; a due date must be within the bank holiday calendar's data (working-day
/// figures depend on it).
fn checked_fields(title: &str, assignee: &str, due: impl Into<Option<NaiveDate>>) -> Result<(), Rejection> {
    if title.trim().is_empty() {
        return Err(Rejection::invalid("The task has no title: say what needs doing, then save."));
    }
    if assignee.trim().is_empty() {
        return Err(Rejection::invalid("Choose who the task is for, then save."));
    }
    if let Some(due) = due.into() {
        is_working_day(due, Region::EnglandAndWales).map_err(|e| Rejection::invalid(e.to_string()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::super::Command;
    use super::*;
    use crate::record::RecordKey;
    use crate::tasks::hlc::Hlc;
    use crate::tasks::letters::LetterLog;
    use crate::tasks::TaskKind;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn ctx(author: &str) -> CommandContext {
        CommandContext { today: d("2026-01-05"), author: author.to_string() }
    }

    fn stamp(wall_ms: u64, node: &str, author: &str) -> FieldStamp {
        FieldStamp::new(Hlc { wall_ms, counter: 0, node: node.to_string() }, author, d("2026-01-05"))
    }

    fn run(store: &mut HashMap<RecordKey, Record>, author: &str, command: Command) -> Result<(), Rejection> {
        for record in command.apply(&ctx(author), store)? {
            store.insert(record.key(), record);
        }
        Ok(())
    }

    fn task_in(store: &HashMap<RecordKey, Record>, id: &str) -> Task {
        existing_task(store, id).unwrap().clone()
    }

    fn query() -> Task {
        Task::new_open(
            "q-1",
            TaskKind::PatientQuery,
            "Call back the patient about transport",
            "S. Patel",
            d("2026-01-07"),
        )
    }

    fn created() -> HashMap<RecordKey, Record> {
        let mut store = HashMap::new();
        run(
            &mut store,
            "S. Patel",
            Command::CreateTask(CreateTask { task: Box::new(query()), stamp: stamp(1_000, "desk-1", "S. Patel") }),
        )
        .unwrap();
        store
    }

    fn edit(task: &Task, value: FieldValue, stamp: &FieldStamp) -> Command {
        Command::EditTask(EditTask { change: TaskChange::edits(task, [value], stamp), note: None })
    }

    #[test]
    fn a_created_task_is_stamped_and_says_who_made_it() {
        let store = created();
        let task = task_in(&store, "q-1");
        assert_eq!(task.stamps.stamp(TaskField::Due).author, "S. Patel");
        assert_eq!(task.history[0].text, "Created: Patient query for S. Patel");
    }

    #[test]
    fn the_same_task_created_on_two_devices_merges() {
        let mut store = created();
        let mut other = query();
        other.assignee = "J. Khan".into();
        run(
            &mut store,
            "J. Khan",
            Command::CreateTask(CreateTask { task: Box::new(other), stamp: stamp(2_000, "desk-2", "J. Khan") }),
        )
        .unwrap();
        let task = task_in(&store, "q-1");
        assert_eq!(task.assignee, "J. Khan");
        let history = task.stamps.full_history(&task);
        assert!(
            history.iter().any(|n| n.text.contains("S. Patel") && n.text.contains("was replaced by")),
            "{history:?}"
        );
    }

    #[test]
    fn two_offline_edits_keep_both_fields_and_the_later_due_date() {
        let mut store = created();
        let seen = task_in(&store, "q-1");
        let patel = stamp(5_000, "desk-1", "S. Patel");
        let khan = stamp(6_000, "desk-2", "J. Khan");
        // J. Khan's later edit arrives first; S. Patel's earlier one second.
        run(&mut store, "J. Khan", edit(&seen, FieldValue::Due(d("2026-01-09")), &khan)).unwrap();
        run(&mut store, "S. Patel", edit(&seen, FieldValue::Due(d("2026-01-08")), &patel)).unwrap();
        run(&mut store, "S. Patel", edit(&seen, FieldValue::Title("Ring Mrs Jones".into()), &patel)).unwrap();
        let late = edit(&seen, FieldValue::Due(d("2026-01-12")), &stamp(5_500, "desk-1", "S. Patel"));
        assert!(late.gave_way(&late.apply(&ctx("S. Patel"), &store).unwrap()));
        let later = edit(&seen, FieldValue::Due(d("2026-01-12")), &stamp(9_000, "desk-1", "S. Patel"));
        assert!(!later.gave_way(&later.apply(&ctx("S. Patel"), &store).unwrap()));
        let task = task_in(&store, "q-1");
        assert_eq!(task.due, d("2026-01-09"));
        assert_eq!(task.title, "Ring Mrs Jones");
        let lines: Vec<String> = task.stamps.full_history(&task).into_iter().map(|n| n.text).collect();
        assert!(lines.iter().any(|l| l.contains("08/01/2026") && l.contains("09/01/2026")), "{lines:?}");
    }

    #[test]
    fn edits_are_checked() {
        let mut store = created();
        let seen = task_in(&store, "q-1");
        let s = stamp(5_000, "desk-1", "S. Patel");
        let err = run(&mut store, "S. Patel", edit(&seen, FieldValue::Due(d("2090-01-02")), &s)).unwrap_err();
        assert!(err.message.starts_with("No bank holiday data for 2090-01-02"), "{}", err.message);
        let err = run(&mut store, "S. Patel", edit(&seen, FieldValue::Status(TaskStatus::Done), &s)).unwrap_err();
        assert_eq!(err.message, "Use Complete or Reopen to change whether a task is done.");
        let err = run(&mut store, "S. Patel", edit(&seen, FieldValue::Assignee(" ".into()), &s)).unwrap_err();
        assert_eq!(err.message, "Choose who the task is for, then save.");
        let noted = Command::EditTask(EditTask {
            change: TaskChange { task_id: "q-1".into(), writes: vec![] },
            note: Some("Left a voicemail".into()),
        });
        run(&mut store, "S. Patel", noted).unwrap();
        assert_eq!(task_in(&store, "q-1").history.last().unwrap().text, "Left a voicemail");
    }

    fn complete(stamp: &FieldStamp, note: Option<&str>) -> Command {
        Command::CompleteTask(CompleteTask {
            task_id: "q-1".into(),
            note: note.map(str::to_string),
            stamp: Some(stamp.clone()),
        })
    }

    fn reopen(stamp: &FieldStamp, reason: &str) -> Command {
        Command::ReopenTask(ReopenTask { task_id: "q-1".into(), reason: reason.into(), stamp: Some(stamp.clone()) })
    }

    fn history_texts(task: &Task) -> Vec<String> {
        task.stamps.full_history(task).into_iter().map(|n| n.text).collect()
    }

    #[test]
    fn two_desks_completing_one_task_offline_both_stand() {
        let mut store = created();
        let patel = stamp(5_000, "desk-1", "S. Patel");
        let khan = stamp(6_000, "desk-2", "J. Khan");
        // J. Khan's later completion reaches the server first; S. Patel's arrives when the task is already done.
        let first = complete(&khan, Some("Rang back"));
        run(&mut store, "J. Khan", first).unwrap();
        let second = complete(&patel, None);
        let written = second.apply(&ctx("S. Patel"), &store).unwrap();
        assert!(second.gave_way(&written), "the earlier completion gave way to the later one");
        for record in written {
            store.insert(record.key(), record);
        }
        let task = task_in(&store, "q-1");
        assert_eq!(task.status, TaskStatus::Done);
        assert_eq!(task.stamps.stamp(TaskField::Status), khan);
        let lines = history_texts(&task);
        assert!(lines.contains(&"Completed: Rang back".to_string()), "{lines:?}");
        assert!(lines.contains(&"Completed".to_string()), "both people's completions are recorded: {lines:?}");
        assert!(
            lines.contains(&"Status done by S. Patel was set to the same again by J. Khan".to_string()),
            "{lines:?}"
        );
    }

    #[test]
    fn the_later_of_a_reopening_and_a_completion_wins_and_the_other_is_in_the_history() {
        let mut store = created();
        run(&mut store, "S. Patel", complete(&stamp(2_000, "desk-1", "S. Patel"), None)).unwrap();
        // Both desks saw it done. Offline, J. Khan reopens it (6,000); S. Patel reopens and completes it again
        // later (7,000 and 8,000). S. Patel's desk syncs first.
        run(&mut store, "S. Patel", reopen(&stamp(7_000, "desk-1", "S. Patel"), "Patient rang again")).unwrap();
        run(&mut store, "S. Patel", complete(&stamp(8_000, "desk-1", "S. Patel"), Some("Sorted"))).unwrap();
        let late = reopen(&stamp(6_000, "desk-2", "J. Khan"), "Results came back");
        let written = late.apply(&ctx("J. Khan"), &store).unwrap();
        assert!(late.gave_way(&written));
        for record in written {
            store.insert(record.key(), record);
        }
        let task = task_in(&store, "q-1");
        assert_eq!(task.status, TaskStatus::Done, "the completion at 8,000 is the latest status write");
        let lines = history_texts(&task);
        assert!(
            lines.contains(&"Status open by J. Khan was set to the same again by S. Patel".to_string()),
            "{lines:?}"
        );
        assert!(lines.contains(&"Reopened: Results came back".to_string()), "{lines:?}");
        // The same writes in the other order give the same task.
        let mut other = created();
        run(&mut other, "S. Patel", complete(&stamp(2_000, "desk-1", "S. Patel"), None)).unwrap();
        run(&mut other, "J. Khan", reopen(&stamp(6_000, "desk-2", "J. Khan"), "Results came back")).unwrap();
        run(&mut other, "S. Patel", reopen(&stamp(7_000, "desk-1", "S. Patel"), "Patient rang again")).unwrap();
        run(&mut other, "S. Patel", complete(&stamp(8_000, "desk-1", "S. Patel"), Some("Sorted"))).unwrap();
        let again = task_in(&other, "q-1");
        assert_eq!((again.status, &again.stamps), (task.status, &task.stamps));
    }

    #[test]
    fn a_stamped_reopening_still_needs_a_reason() {
        let mut store = created();
        run(&mut store, "S. Patel", complete(&stamp(2_000, "desk-1", "S. Patel"), None)).unwrap();
        let err = run(&mut store, "S. Patel", reopen(&stamp(3_000, "desk-1", "S. Patel"), "  ")).unwrap_err();
        assert_eq!(err.message, "The reason for reopening is empty: type some text, then save.");
        assert_eq!(task_in(&store, "q-1").status, TaskStatus::Done);
    }

    #[test]
    fn reassigning_moves_open_tasks_only() {
        let mut store = created();
        let mut done = Task::new_open("q-2", TaskKind::Chaser, "Chase MRI report", "S. Patel", d("2026-01-07"));
        done.status = TaskStatus::Done;
        store.insert(RecordKey::new(crate::record::RecordKind::Task, "q-2"), Record::Task(done));
        let command = Command::ReassignTasks(ReassignTasks {
            task_ids: vec!["q-1".into(), "q-2".into()],
            assignee: "A. Okafor".into(),
            stamp: stamp(7_000, "desk-3", "M. Evans"),
        });
        run(&mut store, "M. Evans", command).unwrap();
        assert_eq!(task_in(&store, "q-1").assignee, "A. Okafor");
        assert_eq!(task_in(&store, "q-2").assignee, "S. Patel");
    }

    #[test]
    fn a_letter_moves_through_its_steps_and_sending_closes_it() {
        let mut store = HashMap::new();
        let mut letter = Task::new_open(
            "letter-a1",
            TaskKind::ClinicLetter,
            "Clinic letter",
            "Medical secretaries",
            d("2025-12-31"),
        );
        letter.letter = Some(LetterLog::new(d("2025-12-22")));
        store.insert(RecordKey::new(crate::record::RecordKind::Task, "letter-a1"), Record::Task(letter));
        let step = |stage, on: &str, back: Option<&str>| {
            Command::RecordLetterStep(RecordLetterStep {
                task_id: "letter-a1".into(),
                stage,
                on: d(on),
                back_because: back.map(str::to_string),
            })
        };
        let err = run(&mut store, "R. Ahmed", step(LetterStage::Typed, "2025-12-23", None)).unwrap_err();
        assert_eq!(
            err.message,
            "The letter has not been dictated yet, so it cannot be marked typed. Record it as dictated first."
        );
        run(&mut store, "Dr A. Khan", step(LetterStage::Dictated, "2025-12-22", None)).unwrap();
        run(&mut store, "R. Ahmed", step(LetterStage::Typed, "2025-12-23", None)).unwrap();
        run(&mut store, "Dr A. Khan", step(LetterStage::Dictated, "2025-12-24", Some("Wrong clinic date"))).unwrap();
        run(&mut store, "R. Ahmed", step(LetterStage::Typed, "2025-12-24", None)).unwrap();
        run(&mut store, "Dr A. Khan", step(LetterStage::Checked, "2025-12-29", None)).unwrap();
        assert_eq!(task_in(&store, "letter-a1").status, TaskStatus::Open);
        run(&mut store, "R. Ahmed", step(LetterStage::Sent, "2025-12-30", None)).unwrap();
        let task = task_in(&store, "letter-a1");
        assert_eq!(task.status, TaskStatus::Done);
        assert_eq!(task.letter.as_ref().unwrap().sent_on(), Some(d("2025-12-30")));
        assert_eq!(task.history.last().unwrap().text, "Letter: Sent by R. Ahmed on 30 Dec 2025");
        assert!(task
            .history
            .iter()
            .any(|n| n.text == "Letter: Back to dictated by Dr A. Khan on 24 Dec 2025: Wrong clinic date"));
    }
}
