//! Pathway validation tasks made by the server: one per pathway and milestone, reaching devices by pull, and a
//! second check (or a second server process) never makes another.

use crate::common::*;
use chrono::Days;
use pathdesk_core::model::{Pathway, Priority};
use pathdesk_core::record::Record;
use pathdesk_core::tasks::TaskStatus;
use pathdesk_server::db::seed;
use pathdesk_server::validation::make_validation_tasks;

on_each_database!(a_pathway_past_twelve_weeks_gets_its_task_once, three_processes_checking_at_once_make_each_task_once,);

fn waiting_since(id: &str, days_ago: u64) -> Record {
    let referred = today().checked_sub_days(Days::new(days_ago)).unwrap();
    Record::Pathway(Pathway {
        id: id.to_string(),
        patient_id: "p1".into(),
        specialty_id: "S1".into(),
        consultant_id: "C1".into(),
        priority: Priority::Routine,
        source: serde_json::from_str("\"gp\"").unwrap(),
        cancer: false,
        follow_up_due: None,
        listed: None,
        validations: Vec::new(),
        events: vec![serde_json::from_value(serde_json::json!({
            "date": referred.to_string(), "type": "referral_received", "source": "gp"
        }))
        .unwrap()],
    })
}

async fn a_pathway_past_twelve_weeks_gets_its_task_once(server: &TestServer) {
    // Past 12 weeks five days ago; waiting 30 days; past 12 weeks five weeks ago (a long waiter when the trust
    // started: on the validation worklist, not a task).
    let pathways = vec![waiting_since("PW-long", 90), waiting_since("PW-new", 30), waiting_since("PW-backlog", 120)];
    seed::seed(&server.database, [vec![patient("p1")], pathways].concat()).await.unwrap();
    assert_eq!(make_validation_tasks(&server.database, today()).await.unwrap(), 1);
    let tasks: Vec<_> = server
        .pull_all(100)
        .await
        .into_iter()
        .filter_map(|c| match c.record {
            Record::Task(task) => Some(task),
            _ => None,
        })
        .collect();
    assert_eq!(tasks.len(), 1, "only the pathway that passed 12 weeks this week: {tasks:?}");
    assert_eq!(tasks[0].id, "validation-PW-long-12w");
    assert_eq!(tasks[0].status, TaskStatus::Open);
    assert_eq!(tasks[0].assignee, "Booking team");

    // Checking again, as the hourly check or a second server process does, makes nothing and changes nothing.
    let before = server.pull_all(100).await;
    assert_eq!(make_validation_tasks(&server.database, today()).await.unwrap(), 0);
    let after = server.pull_all(100).await;
    assert_eq!(after.len(), before.len());
    assert_eq!(after.last().unwrap().cursor, before.last().unwrap().cursor, "no record was written again");
}

/// Three server processes on one database start (or tick) together: the task is made once, by one of them, and
/// written once (a second write would overwrite a person's edit made in between and send every desk a change).
async fn three_processes_checking_at_once_make_each_task_once(server: &TestServer) {
    use pathdesk_server::db::records;
    seed::seed(&server.database, vec![patient("p1"), waiting_since("PW-long", 90), waiting_since("PW-older", 186)])
        .await
        .unwrap();
    let seeded = server.pull_all(100).await.len();
    let db = &server.database;
    let (a, b, c) = tokio::join!(
        make_validation_tasks(db, today()),
        make_validation_tasks(db, today()),
        make_validation_tasks(db, today())
    );
    assert_eq!(a.unwrap() + b.unwrap() + c.unwrap(), 2, "one task for each pathway, made once");
    let changes = server.pull_all(100).await;
    assert_eq!(changes.len(), seeded + 2, "each task written once: {:?}", &changes[seeded..]);

    // The same records offered by three writers at once (as three processes' jobs would): written once.
    let task = match &changes.last().unwrap().record {
        Record::Task(task) => task.clone(),
        other => panic!("expected a task, got {other:?}"),
    };
    let mut again = task.clone();
    again.id = "validation-extra".into();
    let offer = || records::write_absent(db, vec![Record::Task(again.clone())]);
    let (a, b, c) = tokio::join!(offer(), offer(), offer());
    assert_eq!(a.unwrap() + b.unwrap() + c.unwrap(), 1);
    assert_eq!(server.pull_all(100).await.len(), seeded + 3);
}
