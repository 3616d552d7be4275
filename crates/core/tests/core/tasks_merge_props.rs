//! Property tests for merging task edits: the same set of edits, in any order and however often, gives the same
//! task, the latest write of each field wins, and every other write is kept for the history.

use chrono::{Days, NaiveDate};
use pathdesk_core::tasks::field::{FieldStamp, FieldValue, FieldWrite, TaskField};
use pathdesk_core::tasks::hlc::Hlc;
use pathdesk_core::tasks::merge::{merge, TaskChange, TaskStamps};
use pathdesk_core::tasks::{Task, TaskKind, TaskStatus};
use proptest::prelude::*;

const NODES: [(&str, &str); 3] = [("desk-1", "S. Patel"), ("tablet", "J. Khan"), ("desk-2", "M. Evans")];

fn base() -> (Task, TaskStamps) {
    let mut task = Task::new_open("T1", TaskKind::PatientQuery, "Call back", "S. Patel", day(10));
    task.patient_id = Some("P1".into());
    let stamp = FieldStamp::new(Hlc { wall_ms: 0, counter: 0, node: "server".into() }, "Reception", day(0));
    (task, TaskStamps::for_new_task(&stamp))
}

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).unwrap().checked_add_days(Days::new(n)).unwrap()
}

fn value() -> impl Strategy<Value = FieldValue> {
    prop_oneof![
        (0..3usize).prop_map(|i| FieldValue::Title(["Call back", "Ring back", "Email reply"][i].to_string())),
        (0..3usize).prop_map(|i| FieldValue::Assignee(NODES[i].1.to_string())),
        (0..20u64).prop_map(|n| FieldValue::Due(day(n))),
        prop::option::of(0..3u32).prop_map(|c| FieldValue::Consultant(c.map(|c| format!("C{c}")))),
        prop::option::of(0..3u32).prop_map(|p| FieldValue::Patient(p.map(|p| format!("P{p}")))),
        any::<bool>().prop_map(|done| FieldValue::Status(if done { TaskStatus::Done } else { TaskStatus::Open })),
    ]
}

/// A write from one of three devices. Walls and counters are drawn from small ranges so that equal walls, equal
/// counters and even equal stamps (with different values) all happen.
fn write() -> impl Strategy<Value = FieldWrite> {
    (value(), 1..6u64, 0..2u32, 0..3usize).prop_map(|(value, wall_ms, counter, node)| {
        let (node, author) = NODES[node];
        let stamp = FieldStamp::new(Hlc { wall_ms, counter, node: node.into() }, author, day(wall_ms));
        FieldWrite::new(value, stamp)
    })
}

fn changes() -> impl Strategy<Value = Vec<TaskChange>> {
    prop::collection::vec(prop::collection::vec(write(), 1..4), 1..8)
        .prop_map(|groups| groups.into_iter().map(|writes| TaskChange { task_id: "T1".into(), writes }).collect())
}

fn apply_all(start: (Task, TaskStamps), changes: &[TaskChange]) -> (Task, TaskStamps) {
    changes.iter().fold(start, |(task, stamps), change| {
        let outcome = merge(&task, &stamps, change).unwrap();
        (outcome.task, outcome.stamps)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_order_gives_the_same_task((changes, shuffled) in changes().prop_flat_map(|c| (Just(c.clone()), Just(c).prop_shuffle()))) {
        prop_assert_eq!(apply_all(base(), &changes), apply_all(base(), &shuffled));
    }

    #[test]
    fn one_write_at_a_time_or_grouped_is_the_same(changes in changes()) {
        let singles: Vec<TaskChange> = changes
            .iter()
            .flat_map(|c| c.writes.iter().rev().map(|w| TaskChange { task_id: "T1".into(), writes: vec![w.clone()] }))
            .collect();
        prop_assert_eq!(apply_all(base(), &changes), apply_all(base(), &singles));
    }

    #[test]
    fn applying_again_changes_nothing(changes in changes()) {
        let once = apply_all(base(), &changes);
        let twice = apply_all(once.clone(), &changes);
        prop_assert_eq!(&once, &twice);
        for change in &changes {
            prop_assert!(merge(&once.0, &once.1, change).unwrap().nothing_new());
        }
    }

    #[test]
    fn the_latest_write_wins_and_nothing_is_lost(changes in changes()) {
        let (start_task, start_stamps) = base();
        let (task, stamps) = apply_all(base(), &changes);
        for field in TaskField::ALL {
            let mut seen: Vec<FieldWrite> = changes.iter().flat_map(|c| c.writes.iter()).filter(|w| w.field() == field).cloned().collect();
            seen.push(start_stamps.current(&start_task, field));
            let latest = seen.iter().fold(None::<&FieldWrite>, |best, w| match best {
                Some(b) if !w.later_than(b) => Some(b),
                _ => Some(w),
            }).unwrap();
            let current = stamps.current(&task, field);
            prop_assert_eq!(&current.value, &latest.value);
            prop_assert_eq!(&current.stamp.hlc, &latest.stamp.hlc);
            // Every write to the field is the current value or kept as replaced.
            for w in &seen {
                let kept = (w.value == current.value && w.stamp.hlc == current.stamp.hlc)
                    || stamps.replaced.iter().any(|r| r.value == w.value && r.stamp.hlc == w.stamp.hlc);
                prop_assert!(kept, "lost {:?}", w);
            }
        }
        // One history line per replaced write.
        prop_assert_eq!(stamps.replaced_lines(&task).len(), stamps.replaced.len());
    }
}
