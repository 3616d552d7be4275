//! The parts of a task that people edit one at a time, and one write of one of them (value, who, when, stamp).

use crate::calendar::uk_numeric_date;
use crate::from_map::from_map;
use crate::from_map::words;
use std::cmp::Ordering;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::hlc::Hlc;
use crate::tasks::{Task, TaskStatus};

/// A task field that merges on its own: two people changing different fields both keep their change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TaskField {
    Title,
    Assignee,
    Due,
    Consultant,
    Patient,
    /// Open or done. Written only by the complete and reopen commands; see [`super::merge`] for why it is a
    /// field like the others.
    Status,
}

words!(TaskField { Title = "title", Assignee = "assignee", Due = "due", Consultant = "consultant", Patient = "patient", Status = "status" });

impl TaskField {
    pub const ALL: [TaskField; 6] = [
        TaskField::Title,
        TaskField::Assignee,
        TaskField::Due,
        TaskField::Consultant,
        TaskField::Patient,
        TaskField::Status,
    ];

    pub fn label(self) -> &'static str {
        match self {
            TaskField::Title => "Title",
            TaskField::Assignee => "Assignee",
            TaskField::Due => "Due date",
            TaskField::Consultant => "Consultant",
            TaskField::Patient => "Patient",
            TaskField::Status => "Status",
        }
    }
}

/// A value of one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
pub enum FieldValue {
    Title(String),
    Assignee(String),
    Due(NaiveDate),
    Consultant(Option<String>),
    Patient(Option<String>),
    Status(TaskStatus),
}

/// `FieldValue` as written, `{"field": "due", "value": "2026-12-07"}`: the value read once the field says what it
/// is (serde's reader for adjacently tagged enums is large).
struct FieldValueFields {
    field: TaskField,
    value: serde_json::Value,
}

from_map!(FieldValueFields { field, value = default });

impl<'de> Deserialize<'de> for FieldValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let FieldValueFields { field, value } = FieldValueFields::deserialize(deserializer)?;
        fn read<T: serde::de::DeserializeOwned, E: Error>(value: serde_json::Value) -> Result<T, E> {
            serde_json::from_value(value).map_err(|e| E::custom(format!("value: {e}")))
        }
        Ok(match field {
            TaskField::Title => FieldValue::Title(read(value)?),
            TaskField::Assignee => FieldValue::Assignee(read(value)?),
            TaskField::Due => FieldValue::Due(read(value)?),
            TaskField::Consultant => FieldValue::Consultant(read(value)?),
            TaskField::Patient => FieldValue::Patient(read(value)?),
            TaskField::Status => FieldValue::Status(read(value)?),
        })
    }
}

impl FieldValue {
    pub fn field(&self) -> TaskField {
        match self {
            FieldValue::Title(_) => TaskField::Title,
            FieldValue::Assignee(_) => TaskField::Assignee,
            FieldValue::Due(_) => TaskField::Due,
            FieldValue::Consultant(_) => TaskField::Consultant,
            FieldValue::Patient(_) => TaskField::Patient,
            FieldValue::Status(_) => TaskField::Status,
        }
    }

    /// The task's current value of `field`.
    pub fn read(task: &Task, field: TaskField) -> FieldValue {
        match field {
            TaskField::Title => FieldValue::Title(task.title.clone()),
            TaskField::Assignee => FieldValue::Assignee(task.assignee.clone()),
            TaskField::Due => FieldValue::Due(task.due),
            TaskField::Consultant => FieldValue::Consultant(task.consultant_id.clone()),
            TaskField::Patient => FieldValue::Patient(task.patient_id.clone()),
            TaskField::Status => FieldValue::Status(task.status),
        }
    }

    pub fn write_to(&self, task: &mut Task) {
        match self {
            FieldValue::Title(title) => task.title.clone_from(title),
            FieldValue::Assignee(assignee) => task.assignee.clone_from(assignee),
            FieldValue::Due(due) => task.due = *due,
            FieldValue::Consultant(id) => task.consultant_id.clone_from(id),
            FieldValue::Patient(id) => task.patient_id.clone_from(id),
            FieldValue::Status(status) => task.status = *status,
        }
    }

    /// As a history line shows it: "25/11/2026", "\"Call back Mrs Jones\"", "no consultant".
    pub fn describe(&self) -> String {
        let optional = |id: &Option<String>, none: &str| id.clone().unwrap_or_else(|| none.to_string());
        match self {
            FieldValue::Title(title) => format!("\"{title}\""),
            FieldValue::Assignee(assignee) => assignee.clone(),
            FieldValue::Due(due) => uk_numeric_date(*due),
            FieldValue::Consultant(id) => optional(id, "no consultant"),
            FieldValue::Patient(id) => optional(id, "no patient"),
            FieldValue::Status(TaskStatus::Open) => "open".to_string(),
            FieldValue::Status(TaskStatus::Done) => "done".to_string(),
        }
    }

    /// A total order on values of one field, used only to settle two writes carrying the same stamp (which a
    /// working device never makes), so that even then every replica picks the same one.
    fn tie_break(&self, other: &FieldValue) -> Ordering {
        let key = |value: &FieldValue| serde_json::to_string(value).unwrap_or_default();
        key(self).cmp(&key(other))
    }
}

/// Who wrote a field, when (the clock stamp that orders writes, and the desk's date for people to read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldStamp {
    pub hlc: Hlc,
    pub author: String,
    pub written_on: NaiveDate,
}

from_map!(FieldStamp { hlc, author, written_on });

impl FieldStamp {
    pub fn new(hlc: Hlc, author: impl Into<String>, written_on: NaiveDate) -> FieldStamp {
        FieldStamp { hlc, author: author.into(), written_on }
    }

    /// The stamp a field has before anyone stamped it (a task made before stamps existed): older than every
    /// real write.
    pub fn unstamped() -> FieldStamp {
        FieldStamp { hlc: Hlc::default(), author: String::new(), written_on: NaiveDate::MIN }
    }

    pub fn is_unstamped(&self) -> bool {
        self.author.is_empty() && self.hlc == Hlc::default()
    }
}

/// One write of one field: the unit that is merged, and what the history keeps when it is replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldWrite {
    pub value: FieldValue,
    pub stamp: FieldStamp,
}

from_map!(FieldWrite { value, stamp });

impl FieldWrite {
    pub fn new(value: FieldValue, stamp: FieldStamp) -> FieldWrite {
        FieldWrite { value, stamp }
    }

    pub fn field(&self) -> TaskField {
        self.value.field()
    }

    /// Which of two writes is later: the larger stamp; the same stamp twice is settled by the value.
    pub fn later_than(&self, other: &FieldWrite) -> bool {
        self.order(other) == Ordering::Greater
    }

    /// The order writes are kept in: field, stamp, then value.
    pub(crate) fn order(&self, other: &FieldWrite) -> Ordering {
        self.field()
            .cmp(&other.field())
            .then_with(|| self.stamp.hlc.cmp(&other.stamp.hlc))
            .then_with(|| self.value.tie_break(&other.value))
    }

    /// "25/11/2026 by S. Patel" (or "25/11/2026 (as first recorded)" for an unstamped value).
    pub fn describe(&self) -> String {
        if self.stamp.is_unstamped() {
            format!("{} (as first recorded)", self.value.describe())
        } else {
            format!("{} by {}", self.value.describe(), self.stamp.author)
        }
    }
}
