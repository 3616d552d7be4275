//! PAS extract imports on the server: reading the file (UTF-8 or Windows-1252, as Excel saves it), checking every
//! row against the trust's records (the core's `pas_import` rules), and importing the good rows in batches in the
//! background. Each batch's commands are applied as a desk's pushed commands are (the same rules, command log and
//! audit, on the import's own device) and committed with the import's progress, so an import stopped by a
//! restart or a fault resumes from the last batch it finished: nothing half-applied, nothing twice.

use std::collections::{BTreeSet, HashSet};
use std::time::Duration;

use chrono::{NaiveDate, SecondsFormat, Utc};
use pathdesk_core::pas_import::{self, Existing, ImportKind, Plan, Row, RowProblem};
use pathdesk_core::record::RecordKind;
use pathdesk_core::sync::{CommandEnvelope, Outcome};

use crate::db::imports::{self as jobs, ImportJob, NewImport};
use crate::db::users::User;
use crate::db::{records, users, Database};
use crate::error::{AppError, AppResult};

/// The largest file accepted: 100,000 referral rows fit with room to spare.
pub const MAX_FILE_BYTES: usize = 40 * 1024 * 1024;

/// Rows applied in one transaction, with the import's progress.
pub const BATCH_ROWS: usize = 500;

/// How often the running server looks for imports to carry on (one started while the worker was finishing
/// another, say).
pub const CHECK_EVERY: Duration = Duration::from_secs(5);

/// The advisory lock key of the import worker ("pathdesk" and 3): one process imports at a time.
const JOB_KEY: i64 = 0x7061_7468_6465_0003;

/// The file's text: UTF-8 (with or without its byte-order mark) or Windows-1252; anything else is refused with
/// what to do.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    if bytes.is_empty() {
        return Err("The file is empty: choose the PAS extract's CSV file.".into());
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || bytes.contains(&0) {
        return Err("The file is not saved as CSV text (it looks like UTF-16 or a spreadsheet): in Excel, \
                    save it as \"CSV UTF-8 (Comma delimited)\" and choose it again."
            .into());
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok(text.into_owned())
        }
    }
}

/// The file's rows in the layout's column order, with a problem for each row that is not the header's width; or
/// what is wrong with the file as a whole.
pub fn read_rows(kind: ImportKind, text: &str) -> Result<(Vec<Row>, Vec<RowProblem>), String> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(true).from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|error| format!("The file's first line could not be read as CSV headings: {error}"))?
        .iter()
        .map(str::to_string)
        .collect();
    if header.iter().all(|h| h.trim().is_empty()) {
        return Err("The file has no headings on its first line: start from the template.".into());
    }
    let places = pas_import::read_header(kind, &header)?;
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let number = index + 2;
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                problems.push(RowProblem {
                    row: number,
                    column: String::new(),
                    message: format!("The row is not CSV Pathdesk can read: {error}"),
                });
                continue;
            }
        };
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if record.len() != header.len() {
            problems.push(RowProblem {
                row: number,
                column: String::new(),
                message: format!(
                    "The row has {} cells where the headings have {}: the file may be cut short, or a value with a comma \
                     is missing its quotes",
                    record.len(),
                    header.len()
                ),
            });
            continue;
        }
        let cells = places.iter().map(|place| place.and_then(|i| record.get(i)).unwrap_or("").to_string()).collect();
        rows.push(Row { number, cells });
    }
    Ok((rows, problems))
}

/// What the trust holds that a plan reads: patients, pathways, consultants, specialties, clinics, their lists and
/// appointments.
pub async fn existing(database: &Database) -> sqlx::Result<Existing> {
    let mut connection = database.pool().acquire().await?;
    let mut found = Vec::new();
    for kind in [
        RecordKind::Specialty,
        RecordKind::Consultant,
        RecordKind::Patient,
        RecordKind::Pathway,
        RecordKind::ClinicSession,
        RecordKind::ClinicList,
        RecordKind::Appointment,
    ] {
        found.extend(records::load_kind(&mut connection, kind).await?);
    }
    Ok(Existing::of(found))
}

/// A file checked: its rows and the plan (with the rows that could not be read among the problems).
pub struct Checked {
    pub rows: Vec<Row>,
    pub plan: Plan,
}

/// Reads and checks `bytes` as a `kind` file against the trust's records on `today`. Writes nothing.
pub async fn check(
    database: &Database,
    kind: ImportKind,
    bytes: &[u8],
    today: NaiveDate,
) -> AppResult<(String, Checked)> {
    let text = decode(bytes).map_err(|message| AppError::unprocessable("import_file", message))?;
    let (rows, unreadable) =
        read_rows(kind, &text).map_err(|message| AppError::unprocessable("import_file", message))?;
    if rows.is_empty() && unreadable.is_empty() {
        return Err(AppError::unprocessable("import_file", "The file has headings but no rows: nothing to import."));
    }
    let existing = existing(database).await?;
    let mut plan = pas_import::plan(kind, &rows, &existing, today);
    plan.problems.extend(unreadable);
    plan.problems.sort_by_key(|p| p.row);
    Ok((text, Checked { rows, plan }))
}

/// Starts importing a checked file: its good rows, in batches, in the background. Returns the import's id.
pub async fn start(
    database: &Database,
    user: &User,
    kind: ImportKind,
    file_name: &str,
    text: &str,
    checked: &Checked,
) -> AppResult<String> {
    let id = uuid::Uuid::new_v4().to_string();
    let now = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
    crate::push::check_device(database, user, &device(&id)).await?;
    let skip: BTreeSet<usize> = checked.plan.problems.iter().map(|p| p.row).collect();
    let skip: Vec<usize> = skip.into_iter().collect();
    let mut connection = database.pool().acquire().await?;
    jobs::insert(
        &mut connection,
        &NewImport {
            id: &id,
            kind: kind.word(),
            file_name,
            contents: text,
            user_id: &user.id,
            created_at: &now,
            total_rows: checked.rows.len(),
            skip_rows: &skip,
            counts: checked.plan.counts(),
        },
    )
    .await?;
    drop(connection);
    carry_on(database.clone());
    Ok(id)
}

/// The import's own device in the command log: its commands are numbered there, so a batch applied again after a
/// restart is recognised and not applied twice.
fn device(import_id: &str) -> String {
    format!("import-{import_id}")
}

/// Carries on every running import, in the background (at once; one process at a time).
pub fn carry_on(database: Database) {
    tokio::spawn(async move {
        if let Err(error) = run_all(&database).await {
            tracing::error!(%error, "the PAS import worker stopped");
        }
    });
}

/// Looks for running imports every [`CHECK_EVERY`] (one left by a restart, or started while another ran).
pub fn check_periodically(database: Database) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval_at(tokio::time::Instant::now() + CHECK_EVERY, CHECK_EVERY);
        loop {
            interval.tick().await;
            if let Err(error) = run_all(&database).await {
                tracing::error!(%error, "the PAS import worker stopped");
            }
        }
    });
}

/// Runs every running import to its end, unless another worker (in this process or another) is doing so.
pub async fn run_all(database: &Database) -> sqlx::Result<()> {
    // One worker in this process (across processes on PostgreSQL: the advisory lock): two would apply the same
    // batch at once.
    let Some(_only) = database.import_worker() else { return Ok(()) };
    database
        .once_across_processes(JOB_KEY, async {
            loop {
                let mut connection = database.pool().acquire().await?;
                let running = jobs::running(&mut connection).await?;
                drop(connection);
                let Some(id) = running.first() else { return Ok(()) };
                run_one(database, id, usize::MAX).await?;
            }
        })
        .await
        .map(|_| ())
}

/// Runs import `id` for at most `batches` batches (all of them: `usize::MAX`); it is finished (`done`) once its last
/// row is done, or `failed` with the reason when it cannot go on.
pub async fn run_one(database: &Database, id: &str, batches: usize) -> sqlx::Result<()> {
    let mut connection = database.pool().acquire().await?;
    let (Some(job), Some(text)) = (jobs::get(&mut connection, id).await?, jobs::contents(&mut connection, id).await?)
    else {
        return Ok(());
    };
    let user = users::find_by_id(&mut connection, &job.user_id).await?;
    drop(connection);
    let now = || Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
    let fail = |message: String| async move {
        let mut connection = database.pool().acquire().await?;
        jobs::finish(&mut connection, id, jobs::FAILED, Some(&message), &now()).await
    };
    let Some(user) = user else { return fail("The person who started it no longer has an account.".into()).await };
    let Some(kind) = ImportKind::from_word(&job.kind) else { return fail(format!("Unknown kind {}", job.kind)).await };
    let rows = match read_rows(kind, &text) {
        Ok((rows, _)) => rows,
        Err(message) => return fail(message).await,
    };
    match import_rows(database, &user, kind, &job, &rows, batches).await {
        Ok(true) => {
            let mut connection = database.pool().acquire().await?;
            jobs::finish(&mut connection, id, jobs::DONE, None, &now()).await
        }
        Ok(false) => Ok(()),
        Err(AppError::Unavailable(error)) => {
            // The database went away: the import stays running and carries on when it is back.
            tracing::warn!(%error, import = id, "the PAS import waits for the database");
            Ok(())
        }
        Err(error) => {
            tracing::error!(?error, import = id, "the PAS import stopped");
            fail("The import stopped on a fault. Press Resume to carry on from where it stopped; if it stops again, tell the trust's Pathdesk administrator.".into()).await
        }
    }
}

/// Applies the rows after the import's progress, a batch at a time; true once every row is done. The whole file
/// is planned once per run, against the records as they now stand (rows done before a stop plan as unchanged), so a
/// clinic whose slots span two batches is added whole, and a row sees what the rows above it do.
async fn import_rows(
    database: &Database,
    user: &User,
    kind: ImportKind,
    job: &ImportJob,
    rows: &[Row],
    batches: usize,
) -> AppResult<bool> {
    let skip: HashSet<usize> = job.skip_rows.iter().copied().collect();
    let good: Vec<Row> = rows.iter().filter(|row| !skip.contains(&row.number)).cloned().collect();
    let today = crate::uk_today();
    let plan = pas_import::plan(kind, &good, &existing(database).await?, today);
    let mut done = usize::try_from(job.done_rows).unwrap_or(0);
    let mut seq = job.next_seq;
    let mut problems = job.problems.clone();
    let client_id = device(&job.id);
    for _ in 0..batches {
        if done >= rows.len() {
            return Ok(true);
        }
        let end = (done + BATCH_ROWS).min(rows.len());
        let numbers: HashSet<usize> = rows[done..end].iter().map(|row| row.number).collect();
        let mut envelopes = Vec::new();
        let mut row_of = Vec::new();
        for row in plan.rows.iter().filter(|row| numbers.contains(&row.row)) {
            for command in &row.commands {
                envelopes.push(CommandEnvelope {
                    id: format!("{client_id}-{seq}"),
                    seq: seq as u64,
                    issued_on: today,
                    author: user.name.clone(),
                    command: command.clone(),
                });
                row_of.push(row.row);
                seq += 1;
            }
        }
        // Rows refused now that were good at the check: their records changed since.
        for problem in plan.problems.iter().filter(|p| numbers.contains(&p.row)) {
            problems.push((problem.row, problem.column.clone(), problem.message.clone()));
        }
        let mut transaction = database.begin_write().await?;
        let outcomes =
            crate::push::apply_import_batch(database, &mut transaction, user, &client_id, &envelopes, today).await?;
        for (outcome, row) in outcomes.iter().zip(&row_of) {
            if let Outcome::Rejected { rejection } = outcome {
                problems.push((*row, String::new(), rejection.message.clone()));
            }
        }
        done = end;
        jobs::advance(&mut transaction, &job.id, done, seq, &problems).await?;
        transaction.commit().await?;
    }
    Ok(done >= rows.len())
}
