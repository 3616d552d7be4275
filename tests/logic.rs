//! The app's plain logic (no storage): search, formats, backoff, the indicator's words, ordering, planning.

#![cfg(target_arch = "wasm32")]

mod common;

use pathdesk_core::command::CompleteTask;
use std::collections::HashMap;

use chrono::NaiveDateTime;
use common::*;
use pathdesk::desk::api::{classify, ApiFailure};
use pathdesk::desk::local::{author_or_placeholder, plan, UNNAMED_AUTHOR};
use pathdesk::desk::status::{last_sync_text, SyncStatus};
use pathdesk::desk::sync::backoff::{delay_ms, Backoff, MAX_DELAY_MS};
use pathdesk::screens::clinics::{by_week, week_start};
use pathdesk::screens::tasks::{is_overdue, order_tasks};
use pathdesk_core::command::{Command, CommandContext};
use pathdesk_core::record::{Record, RecordKey, RecordKind};
use pathdesk_core::tasks::TaskStatus;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn retries_wait_one_second_doubling_to_a_minute_with_jitter() {
    assert_eq!(delay_ms(0, 0.0), 1_000);
    assert_eq!(delay_ms(1, 0.0), 2_000);
    assert_eq!(delay_ms(5, 0.0), 32_000);
    assert_eq!(delay_ms(6, 0.0), MAX_DELAY_MS);
    assert_eq!(delay_ms(60, 0.0), MAX_DELAY_MS);
    assert_eq!(delay_ms(0, 1.0), 750);
    assert!(delay_ms(3, 0.5) < delay_ms(3, 0.0));
    let mut backoff = Backoff::default();
    assert_eq!(backoff.failed(0.0), 1_000);
    assert_eq!(backoff.failed(0.0), 2_000);
    assert_eq!(backoff.failed(0.0), 4_000);
    backoff.succeeded();
    assert_eq!(backoff.failed(0.0), 1_000);
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

#[wasm_bindgen_test]
fn the_indicator_says_when_it_last_synced_and_what_waits() {
    let today = date(2026, 11, 22);
    assert_eq!(last_sync_text(None, today), "Not synced yet");
    assert_eq!(last_sync_text(Some(at("2026-11-22 10:42")), today), "Synced 10:42");
    assert_eq!(last_sync_text(Some(at("2026-11-21 10:42")), today), "Last synced 21 Nov 2026 10:42");
    let mut status = SyncStatus::default();
    assert!(status.online());
    assert_eq!(status.pending_text(), "All changes synced");
    status.pending = 1;
    assert_eq!(status.pending_text(), "1 change only on this device");
    status.pending = 3;
    assert_eq!(status.pending_text(), "3 changes only on this device");
    status.last_request_failed = true;
    assert!(!status.online());
    assert_eq!(status.connection_text(), "Offline");
    status.last_request_failed = false;
    status.browser_online = false;
    assert_eq!(status.connection_text(), "Offline");
    assert_eq!(status.problems_text(), None);
    status.problems = 2;
    status.stopped = Some("refused".into());
    assert_eq!(status.problems_needing_person(), 3);
    assert_eq!(status.problems_text().as_deref(), Some("3 problems need you"));
}

#[wasm_bindgen_test]
fn refusals_need_a_person_and_outages_are_retried() {
    assert!(!classify(409, "sequence_gap".into(), "gap".into()).is_transient());
    assert!(!classify(400, "bad_request".into(), "bad".into()).is_transient());
    assert!(classify(503, "unavailable".into(), "down".into()).is_transient());
    assert!(classify(429, "slow_down".into(), "busy".into()).is_transient());
    assert!(ApiFailure::Unreachable("Failed to fetch".into()).is_transient());
}

#[wasm_bindgen_test]
fn open_tasks_come_overdue_first_and_done_ones_after() {
    let today = date(2026, 11, 21);
    let tasks = vec![
        task("t-later", "Later", date(2026, 11, 28), TaskStatus::Open),
        task("t-done", "Done", date(2026, 11, 1), TaskStatus::Done),
        task("t-overdue", "Overdue", date(2026, 11, 10), TaskStatus::Open),
        task("t-today", "Today", today, TaskStatus::Open),
    ];
    let (open, done) = order_tasks(tasks);
    assert_eq!(open.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), vec!["t-overdue", "t-today", "t-later"]);
    assert_eq!(done.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), vec!["t-done"]);
    assert!(is_overdue(&open[0], today));
    assert!(!is_overdue(&open[1], today), "due today is not overdue");
    assert!(!is_overdue(&done[0], today), "a done task is never overdue");
}

#[wasm_bindgen_test]
fn clinic_weeks_start_on_monday() {
    assert_eq!(week_start(date(2026, 11, 22)), date(2026, 11, 16)); // Sunday -> Monday before
    assert_eq!(week_start(date(2026, 11, 16)), date(2026, 11, 16));
    assert!(by_week(vec![]).is_empty());
}

#[wasm_bindgen_test]
fn planning_a_command_keeps_what_it_replaces() {
    let ctx = CommandContext { today: date(2026, 11, 21), author: "Jo".into() };
    let open = task("task-1", "Type letter", date(2026, 11, 20), TaskStatus::Open);
    let mut records = HashMap::new();
    records.insert(RecordKey::new(RecordKind::Task, "task-1"), Record::Task(open.clone()));
    let (written, before) = plan(
        &Command::CompleteTask(CompleteTask { task_id: "task-1".into(), note: None, stamp: None }),
        &ctx,
        &records,
    )
    .unwrap();
    assert!(matches!(&written[0], Record::Task(t) if t.status == TaskStatus::Done));
    assert_eq!(before[0].record, Some(Record::Task(open)));
    let refused =
        plan(&Command::CompleteTask(CompleteTask { task_id: "nope".into(), note: None, stamp: None }), &ctx, &records);
    assert!(refused.is_err());
    assert_eq!(author_or_placeholder("  "), UNNAMED_AUTHOR);
    assert_eq!(author_or_placeholder(" Jo Booking "), "Jo Booking");
}

#[wasm_bindgen_test]
fn every_page_has_its_own_title() {
    use pathdesk::app::{page_title, NAV};
    assert_eq!(page_title("/"), "Today – Pathdesk");
    assert_eq!(page_title("/waiting-list"), "Waiting list – Pathdesk");
    assert_eq!(page_title("/patients/pat-0001"), "Patient – Pathdesk");
    assert_eq!(page_title("/problems"), "Problems – Pathdesk");
    assert_eq!(page_title("/nowhere"), "Page not found – Pathdesk");
    let labels: Vec<&str> = NAV.iter().map(|(_, label)| *label).collect();
    assert_eq!(labels, vec!["Today", "Clinics", "Waiting list", "Pathways", "Patients", "Tasks", "Settings"]);
}
