//! My tasks, team tasks, the team lead's summary, cover for leave and bulk reassignment.

use chrono::NaiveDate;
use pathdesk_core::tasks::field::{FieldStamp, FieldValue, TaskField};
use pathdesk_core::tasks::hlc::Hlc;
use pathdesk_core::tasks::merge::{merge, TaskStamps};
use pathdesk_core::tasks::worklist::{PersonWorkload, ReassignError, TaskFilter, Worklist};
use pathdesk_core::tasks::{Task, TaskKind, TaskStatus};

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

const TODAY: &str = "2026-11-23";

fn task(
    id: &str,
    kind: TaskKind,
    title: &str,
    assignee: &str,
    due: &str,
    patient: Option<&str>,
    consultant: &str,
) -> Task {
    let mut task = Task::new_open(id, kind, title, assignee, d(due));
    task.patient_id = patient.map(str::to_string);
    task.consultant_id = Some(consultant.to_string());
    task
}

fn team() -> Vec<Task> {
    let mut done = task("T6", TaskKind::Chaser, "Chase histology", "S. Patel", "2026-11-10", Some("P3"), "C2");
    done.status = TaskStatus::Done;
    vec![
        task("T1", TaskKind::ClinicLetter, "Clinic letter: seen 16 Nov", "S. Patel", "2026-11-23", Some("P1"), "C1"),
        task("T2", TaskKind::PatientQuery, "Call back about transport", "S. Patel", "2026-11-20", Some("P2"), "C1"),
        task("T3", TaskKind::Chaser, "Chase MRI report", "J. Khan", "2026-11-18", Some("P1"), "C2"),
        task("T4", TaskKind::ClinicLetter, "Clinic letter: seen 19 Nov", "J. Khan", "2026-11-26", Some("P4"), "C2"),
        task("T5", TaskKind::Other, "Order letter paper", "S. Patel", "2026-12-04", None, "C1"),
        done,
        task("T0", TaskKind::PatientQuery, "Reply to email re parking", "S. Patel", "2026-11-20", Some("P5"), "C1"),
    ]
}

fn ids(tasks: &[Task], view: &[u32]) -> Vec<String> {
    view.iter().map(|&i| tasks[i as usize].id.clone()).collect()
}

#[test]
fn my_tasks_overdue_first_then_by_due_date_then_by_id() {
    let tasks = team();
    let list = Worklist::new(&tasks, d(TODAY));
    let mine = list.view(&TaskFilter::assigned_to("S. Patel"));
    // T0 and T2 are overdue (due 20 Nov), T6 is done so not overdue though its date has passed; then by date.
    assert_eq!(ids(&tasks, &mine), ["T0", "T2", "T6", "T1", "T5"]);
    assert!(list.is_overdue(1) && !list.is_overdue(5));
}

#[test]
fn team_view_shows_everyone() {
    let tasks = team();
    let list = Worklist::new(&tasks, d(TODAY));
    let open = list.view(&TaskFilter { status: Some(TaskStatus::Open), ..TaskFilter::default() });
    assert_eq!(ids(&tasks, &open), ["T3", "T0", "T2", "T1", "T4", "T5"]);
}

#[test]
fn filters_combine() {
    let tasks = team();
    let list = Worklist::new(&tasks, d(TODAY));
    let view = |filter: TaskFilter| ids(&tasks, &list.view(&filter));
    assert_eq!(view(TaskFilter { kind: Some(TaskKind::ClinicLetter), ..TaskFilter::default() }), ["T1", "T4"]);
    assert_eq!(view(TaskFilter { patient_id: Some("P1".into()), ..TaskFilter::default() }), ["T3", "T1"]);
    assert_eq!(view(TaskFilter { consultant_id: Some("C2".into()), ..TaskFilter::default() }), ["T3", "T6", "T4"]);
    assert_eq!(view(TaskFilter { overdue_only: true, ..TaskFilter::default() }), ["T3", "T0", "T2"]);
    assert_eq!(view(TaskFilter { status: Some(TaskStatus::Done), ..TaskFilter::default() }), ["T6"]);
    assert_eq!(
        view(TaskFilter { overdue_only: true, assignee: Some("J. Khan".into()), ..TaskFilter::default() }),
        ["T3"]
    );
    // Someone, a patient or a consultant with no tasks: nothing, not everything.
    assert!(view(TaskFilter::assigned_to("A. Nobody")).is_empty());
    assert!(view(TaskFilter { consultant_id: Some("C9".into()), ..TaskFilter::default() }).is_empty());
}

#[test]
fn search_any_case_all_words() {
    let tasks = team();
    let names = |task: &Task| match task.patient_id.as_deref() {
        Some("P1") => "SMITH, Olivia 943 476 5919".to_string(),
        Some("P2") => "Ó BRIAIN, Seán".to_string(),
        _ => String::new(),
    };
    let list = Worklist::with_search_text(&tasks, d(TODAY), names);
    let search = |text: &str| ids(&tasks, &list.view(&TaskFilter { search: text.into(), ..TaskFilter::default() }));
    assert_eq!(search("clinic LETTER"), ["T1", "T4"]);
    assert_eq!(search("smith"), ["T3", "T1"]);
    assert_eq!(search("smith mri"), ["T3"]);
    assert_eq!(search("seán"), ["T2"]);
    assert_eq!(search("ó briain"), ["T2"]);
    assert_eq!(search("khan"), ["T3", "T4"]);
    assert_eq!(search("5919"), ["T3", "T1"]);
    assert!(search("smith parking").is_empty());
    assert_eq!(search("   ").len(), tasks.len());
}

#[test]
fn team_lead_summary() {
    let tasks = team();
    let list = Worklist::new(&tasks, d(TODAY));
    assert_eq!(
        list.team_summary(),
        vec![
            PersonWorkload { assignee: "J. Khan".into(), open: 2, overdue: 1, due_today: 0 },
            PersonWorkload { assignee: "S. Patel".into(), open: 4, overdue: 2, due_today: 1 },
        ]
    );
}

#[test]
fn cover_for_leave() {
    let tasks = team();
    let list = Worklist::new(&tasks, d(TODAY));
    // On leave 23 Nov to 30 Nov: T1 (due 23 Nov); not T5 (4 Dec), not the done T6.
    assert_eq!(ids(&tasks, &list.open_tasks_due_during("S. Patel", d(TODAY), d("2026-11-30"))), ["T1"]);
    // Including what is already overdue.
    assert_eq!(
        ids(&tasks, &list.open_tasks_due_during("S. Patel", d("2026-01-01"), d("2026-11-30"))),
        ["T0", "T2", "T1"]
    );
}

#[test]
fn bulk_reassign_plan_merges_like_any_edit() {
    let tasks = team();
    let list = Worklist::new(&tasks, d(TODAY));
    let stamp = FieldStamp::new(Hlc { wall_ms: 9_000, counter: 0, node: "lead".into() }, "M. Evans", d(TODAY));
    let plan = list.reassign_plan(&["T0", "T2", "T3", "T6", "T99"], "J. Khan", &stamp).unwrap();
    let moved: Vec<&str> = plan.changes.iter().map(|c| c.task_id.as_str()).collect();
    assert_eq!(moved, ["T0", "T2"]);
    assert_eq!(plan.already_theirs, ["T3"]);
    assert_eq!(plan.done, ["T6"]);
    assert_eq!(plan.not_found, ["T99"]);
    let change = &plan.changes[1];
    assert_eq!(change.writes.len(), 1);
    assert_eq!(change.writes[0].value, FieldValue::Assignee("J. Khan".into()));

    // Meanwhile S. Patel, offline, moved T2's due date: both changes stand.
    let created = FieldStamp::new(Hlc { wall_ms: 1_000, counter: 0, node: "desk".into() }, "S. Patel", d("2026-11-16"));
    let stamps = TaskStamps::for_new_task(&created);
    let offline = FieldStamp::new(Hlc { wall_ms: 8_000, counter: 0, node: "laptop".into() }, "S. Patel", d(TODAY));
    let patel = pathdesk_core::tasks::merge::TaskChange::edits(&tasks[1], [FieldValue::Due(d("2026-11-25"))], &offline);
    let one = merge(&tasks[1], &stamps, change).unwrap();
    let both = merge(&one.task, &one.stamps, &patel).unwrap();
    assert_eq!((both.task.assignee.as_str(), both.task.due), ("J. Khan", d("2026-11-25")));
    assert_eq!(both.stamps.stamp(TaskField::Assignee).author, "M. Evans");

    assert_eq!(list.reassign_plan(&["T1"], "  ", &stamp), Err(ReassignError::NoAssignee));
}

#[test]
fn the_task_list_address_shows_open_done_or_all_and_comes_back_the_same() {
    use pathdesk_core::tasks::worklist::{TaskListQuery, TaskShow};
    let tasks = team();
    let list = Worklist::with_search_text(&tasks, d(TODAY), |task| {
        // As the app adds them: the patient's name and NHS number for the search.
        match task.patient_id.as_deref() {
            Some("P2") => "LOVELL, Ada 9434765919".to_string(),
            _ => String::new(),
        }
    });
    let shown = |query: &TaskListQuery| ids(&tasks, &list.view(&query.to_filter("S. Patel")));
    assert_eq!(shown(&TaskListQuery::default()), ["T3", "T0", "T2", "T1", "T4", "T5"], "open, overdue first by date");
    assert_eq!(shown(&TaskListQuery { show: TaskShow::Done, ..Default::default() }), ["T6"]);
    assert_eq!(shown(&TaskListQuery { show: TaskShow::All, mine: true, ..Default::default() }).len(), 5);
    assert_eq!(shown(&TaskListQuery { search: "lovell".into(), ..Default::default() }), ["T2"]);
    assert_eq!(shown(&TaskListQuery { search: "9434765919".into(), ..Default::default() }), ["T2"]);
    assert_eq!(
        shown(&TaskListQuery { kind: Some(TaskKind::Chaser), overdue_only: true, ..Default::default() }),
        ["T3"]
    );

    let query = TaskListQuery {
        show: TaskShow::All,
        kind: Some(TaskKind::PatientQuery),
        mine: true,
        overdue_only: true,
        search: "transport".into(),
    };
    let pairs = query.to_pairs();
    let back = TaskListQuery::from_query(|key| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()));
    assert_eq!(back, query);
    assert!(TaskListQuery::default().to_pairs().is_empty(), "the everyday list has a plain address");
    assert_eq!(
        TaskListQuery::from_query(|_| Some("nonsense".into())),
        TaskListQuery { search: "nonsense".into(), ..Default::default() }
    );
}

#[test]
fn the_task_list_puts_open_work_first_by_due_date_then_done_work_latest_first() {
    use pathdesk_core::tasks::worklist::{TaskListQuery, TaskShow};
    let mut tasks = team();
    let mut older = task("T7", TaskKind::Chaser, "Chase bloods", "J. Khan", "2026-11-02", Some("P1"), "C2");
    older.status = TaskStatus::Done;
    tasks.push(older);
    let list = Worklist::new(&tasks, d(TODAY));
    let all = list.task_list(&TaskListQuery { show: TaskShow::All, ..Default::default() }, "S. Patel");
    assert_eq!(ids(&tasks, &all), ["T3", "T0", "T2", "T1", "T4", "T5", "T6", "T7"]);
    assert!(list.is_overdue(2) && !list.is_overdue(5), "a done task is never overdue");
}
