//! Pathway validation tasks (12, 26 and 52 weeks without a recorded validation), made by the server.
//!
//! Why the server makes them and not the app: the server holds every pathway, while a device may hold only what
//! it has pulled so far; the rule is a matter of the calendar, not of anyone's action, so nobody's outbox should
//! carry it (every desk of a trust would otherwise push the same thousands of "create" commands, and a laptop
//! left offline for a week would make them late); and the tasks reach every device by the ordinary pull. The
//! rule itself is the core's (`pathdesk_core::tasks::validation`): each task's id comes from the pathway and the
//! milestone and its stamp from the date, so two server processes on one PostgreSQL database that check at the
//! same moment write the same record, never two tasks.
//!
//! The check runs at start-up and then every hour, so a pathway passing a milestone overnight has its task by
//! the start of the working day.

use std::collections::HashMap;
use std::time::Duration;

use chrono::NaiveDate;
use pathdesk_core::model::Pathway;
use pathdesk_core::record::{Record, RecordKind};
use pathdesk_core::tasks::validation::validation_tasks_due;
use pathdesk_core::tasks::Task;

use crate::db::{records, Database};

/// How often the running server looks for pathways that passed a milestone.
pub const CHECK_EVERY: Duration = Duration::from_secs(60 * 60);

/// The advisory lock key of this job ("pathdesk" and 2), so one process at a time runs it.
const JOB_KEY: i64 = 0x7061_7468_6465_0002;

/// Makes the validation tasks due on `today` that do not exist yet; returns how many were made (0 when another
/// server process is making them right now).
pub async fn make_validation_tasks(database: &Database, today: NaiveDate) -> sqlx::Result<usize> {
    Ok(database.once_across_processes(JOB_KEY, make_due_tasks(database, today)).await?.unwrap_or(0))
}

async fn make_due_tasks(database: &Database, today: NaiveDate) -> sqlx::Result<usize> {
    let mut connection = database.pool().acquire().await?;
    let pathways: Vec<Pathway> = records::load_kind(&mut connection, RecordKind::Pathway)
        .await?
        .into_iter()
        .filter_map(|record| match record {
            Record::Pathway(pathway) => Some(pathway),
            _ => None,
        })
        .collect();
    let tasks: Vec<Task> = records::load_kind(&mut connection, RecordKind::Task)
        .await?
        .into_iter()
        .filter_map(|record| match record {
            Record::Task(task) => Some(task),
            _ => None,
        })
        .collect();
    drop(connection);
    let held: HashMap<&str, &Task> = tasks.iter().map(|task| (task.id.as_str(), task)).collect();
    let due = match validation_tasks_due(&pathways, &held, today) {
        Ok(due) => due,
        Err(error) => {
            tracing::error!(%error, "cannot work out pathway validation tasks: the bank holiday calendar needs data");
            return Ok(0);
        }
    };
    // Written only where still absent: a person may have made or edited one since the read above.
    records::write_absent(database, due.into_iter().map(Record::Task).collect()).await
}

/// Checks every [`CHECK_EVERY`] for as long as the server runs (the start-up check is the caller's).
pub fn check_periodically(database: Database) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval_at(tokio::time::Instant::now() + CHECK_EVERY, CHECK_EVERY);
        loop {
            interval.tick().await;
            match make_validation_tasks(&database, crate::uk_today()).await {
                Ok(0) => {}
                Ok(made) => tracing::info!(made, "made pathway validation tasks"),
                Err(error) => tracing::error!(%error, "could not make pathway validation tasks"),
            }
        }
    });
}
