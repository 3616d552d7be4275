//! The sync client against a scripted server, in a real browser with a real IndexedDB.

use pathdesk_core::command::{AddPatientNote, CompleteTask, EditTask};
use std::cell::RefCell;
use std::collections::VecDeque;

use crate::common::*;
use pathdesk::desk::api::ApiFailure;
use pathdesk::desk::local;
use pathdesk::desk::status::Download;
use pathdesk::desk::store::problems;
use pathdesk::desk::store::{meta, outbox, records};
use pathdesk::desk::sync::client::{sync_once, sync_once_telling, SyncError, SyncServer, PULL_LIMIT, PUSH_BATCH};
use pathdesk_core::command::{Command, Rejection};
use pathdesk_core::model::PatientNote;
use pathdesk_core::record::{Record, RecordKind};
use pathdesk_core::sync::{Change, CommandResult, Cursor, Outcome, PullResponse, PushRequest, PushResponse};
use pathdesk_core::tasks::{Task, TaskStatus};
use wasm_bindgen_test::*;

/// Says whether the server refuses a command, and why.
type RefusalRule = Box<dyn Fn(&Command) -> Option<Rejection>>;

/// A server that answers pushes by a rule and pulls from a script, and remembers what it was asked.
struct ScriptedServer {
    refuse: RefusalRule,
    pushes: RefCell<Vec<PushRequest>>,
    pages: RefCell<VecDeque<Result<PullResponse, ApiFailure>>>,
    /// Each pull's cursor and limit, and whether it asked how many changes wait.
    pulls: RefCell<Vec<(Cursor, u32, bool)>>,
    push_failure: Option<ApiFailure>,
    /// Answer "merged" (applied, giving way to a later edit made elsewhere) instead of "applied".
    merges: bool,
}

impl ScriptedServer {
    fn accepting() -> Self {
        ScriptedServer {
            refuse: Box::new(|_| None),
            pushes: RefCell::new(vec![]),
            pages: RefCell::new(VecDeque::new()),
            pulls: RefCell::new(vec![]),
            push_failure: None,
            merges: false,
        }
    }

    fn with_pages(self, pages: Vec<PullResponse>) -> Self {
        *self.pages.borrow_mut() = pages.into_iter().map(Ok).collect();
        self
    }
}

impl SyncServer for ScriptedServer {
    async fn push(&self, request: &PushRequest) -> Result<PushResponse, ApiFailure> {
        if let Some(failure) = &self.push_failure {
            return Err(failure.clone());
        }
        self.pushes.borrow_mut().push(request.clone());
        let results = request
            .commands
            .iter()
            .map(|c| CommandResult {
                id: c.id.clone(),
                seq: c.seq,
                outcome: match (self.refuse)(&c.command) {
                    Some(rejection) => Outcome::Rejected { rejection },
                    None if self.merges => Outcome::Merged,
                    None => Outcome::Applied,
                },
            })
            .collect();
        Ok(PushResponse { results })
    }

    async fn pull(&self, cursor: Cursor, limit: u32, count: bool) -> Result<PullResponse, ApiFailure> {
        self.pulls.borrow_mut().push((cursor, limit, count));
        self.pages.borrow_mut().pop_front().unwrap_or(Ok(PullResponse {
            changes: vec![],
            next_cursor: cursor,
            has_more: false,
            database_id: String::new(),
            waiting: count.then_some(0),
        }))
    }
}

/// A place in this server's change feed, as PostgreSQL gives them (a transaction and a number).
fn at(sequence: i64) -> Cursor {
    Cursor { transaction: 812, sequence }
}

fn page(first_cursor: i64, records: Vec<Record>, has_more: bool) -> PullResponse {
    let changes: Vec<Change> = records
        .into_iter()
        .enumerate()
        .map(|(i, record)| Change { cursor: at(first_cursor + i as i64), record })
        .collect();
    let next_cursor = changes.last().map(|c| c.cursor).unwrap_or(at(first_cursor));
    PullResponse { changes, next_cursor, has_more, database_id: String::new(), waiting: None }
}

fn add_note(id: &str, text: &str) -> Command {
    Command::AddPatientNote(AddPatientNote { note_id: id.into(), patient_id: "pat-0001".into(), text: text.into() })
}

#[wasm_bindgen_test]
async fn pushes_in_order_in_batches_then_pulls_every_page() {
    let (store, name) = fresh_store().await;
    records::put_all(&store, &[Record::Patient(patient("pat-0001", "Lovelace", "Ada", "9434765919"))]).await.unwrap();
    let today = date(2026, 11, 21);
    for i in 0..(PUSH_BATCH + 5) {
        local::do_command(&store, add_note(&format!("note-{i}"), &format!("Note {i}")), today).await.unwrap();
    }
    let server = ScriptedServer::accepting().with_pages(vec![
        page(1, vec![Record::Task(task("task-1", "Chase GP letter", today, TaskStatus::Open))], true),
        page(2, vec![Record::Task(task("task-2", "Book interpreter", today, TaskStatus::Open))], false),
    ]);

    let report = sync_once(&store, &server, "2026-11-21T10:42:00.000Z").await.unwrap();

    let pushes = server.pushes.borrow().clone();
    assert_eq!(pushes.iter().map(|p| p.commands.len()).collect::<Vec<_>>(), vec![PUSH_BATCH, 5]);
    let seqs: Vec<u64> = pushes.iter().flat_map(|p| p.commands.iter().map(|c| c.seq)).collect();
    assert_eq!(seqs, (1..=(PUSH_BATCH as u64 + 5)).collect::<Vec<_>>());
    let client_id = meta::client_id(&store).await.unwrap();
    assert!(pushes.iter().all(|p| p.client_id == client_id));
    assert_eq!(report.applied, PUSH_BATCH + 5);
    assert_eq!(outbox::count(&store).await.unwrap(), 0);

    assert_eq!(
        *server.pulls.borrow(),
        vec![(Cursor::START, PULL_LIMIT, true), (at(1), PULL_LIMIT, false)],
        "the first page asks for the count"
    );
    let tasks: Vec<Task> = records::all(&store, RecordKind::Task).await.unwrap();
    assert_eq!(tasks.len(), 2);
    assert_eq!(meta::string(&store, meta::LAST_SYNC).await.unwrap().as_deref(), Some("2026-11-21T10:42:00.000Z"));

    // The next sync pulls from the stored cursor.
    let again = ScriptedServer::accepting();
    sync_once(&store, &again, "2026-11-21T10:43:00.000Z").await.unwrap();
    assert_eq!(*again.pulls.borrow(), vec![(at(2), PULL_LIMIT, true)]);
    remove(store, &name).await;
}

/// A desk that synced with an earlier release kept its cursor as a number: it carries on from that place (no
/// download from the start), and from then on keeps the server's cursor as the text it was given.
#[wasm_bindgen_test]
async fn a_cursor_kept_as_a_number_by_an_earlier_release_carries_on() {
    let (store, name) = fresh_store().await;
    let tx = store.tx(&[pathdesk::desk::store::schema::META], true).unwrap();
    meta::set_in(&tx, meta::PULL_CURSOR, &wasm_bindgen::JsValue::from_f64(5120.0)).unwrap();
    tx.commit().await.unwrap();
    let today = date(2026, 11, 21);
    let server = ScriptedServer::accepting().with_pages(vec![page(
        9,
        vec![Record::Task(task("task-9", "Chase GP letter", today, TaskStatus::Open))],
        false,
    )]);
    sync_once(&store, &server, "2026-11-21T10:42:00.000Z").await.unwrap();
    assert_eq!(*server.pulls.borrow(), vec![(Cursor { transaction: 0, sequence: 5120 }, PULL_LIMIT, true)]);
    assert_eq!(meta::string(&store, meta::PULL_CURSOR).await.unwrap().as_deref(), Some("812.9"));
    let again = ScriptedServer::accepting();
    sync_once(&store, &again, "2026-11-21T10:43:00.000Z").await.unwrap();
    assert_eq!(*again.pulls.borrow(), vec![(at(9), PULL_LIMIT, true)]);
    remove(store, &name).await;
}

/// A download of more than one page says how far it has got, against the count the server gave on its first page;
/// one page or less says nothing (an ordinary sync is not a download).
#[wasm_bindgen_test]
async fn a_long_download_tells_how_far_it_has_got() {
    let (store, name) = fresh_store().await;
    let today = date(2026, 11, 21);
    let waiting = u64::from(PULL_LIMIT) * 2 + 200;
    let task_page = |first: i64, n: usize, more: bool| {
        let tasks = (0..n)
            .map(|i| Record::Task(task(&format!("task-{first}-{i}"), "Chase GP letter", today, TaskStatus::Open)));
        page(first, tasks.collect(), more)
    };
    let first = PullResponse { waiting: Some(waiting), ..task_page(1, 3, true) };
    let server = ScriptedServer::accepting().with_pages(vec![first, task_page(4, 2, true), task_page(6, 1, false)]);
    let told = RefCell::new(Vec::new());
    sync_once_telling(&store, &server, "2026-11-21T10:42:00.000Z", &|d| told.borrow_mut().push(d)).await.unwrap();
    let of = waiting;
    assert_eq!(
        *told.borrow(),
        vec![Download { done: 3, of }, Download { done: 5, of }, Download { done: 6, of }],
        "after each page stored"
    );
    let asked: Vec<bool> = server.pulls.borrow().iter().map(|(_, _, count)| *count).collect();
    assert_eq!(asked, vec![true, false, false], "the count is asked once, on the first page");

    let small = ScriptedServer::accepting()
        .with_pages(vec![PullResponse { waiting: Some(u64::from(PULL_LIMIT)), ..task_page(7, 2, false) }]);
    let told = RefCell::new(Vec::new());
    sync_once_telling(&store, &small, "2026-11-21T10:43:00.000Z", &|d| told.borrow_mut().push(d)).await.unwrap();
    assert!(told.borrow().is_empty(), "one page is not a download worth a bar: {:?}", told.borrow());
    remove(store, &name).await;
}

#[wasm_bindgen_test]
async fn a_refused_command_becomes_a_problem_and_its_change_is_undone() {
    let (store, name) = fresh_store().await;
    records::put_all(&store, &[Record::Patient(patient("pat-0001", "Lovelace", "Ada", "9434765919"))]).await.unwrap();
    let today = date(2026, 11, 21);
    local::do_command(&store, add_note("note-ok", "Accepted note"), today).await.unwrap();
    local::do_command(&store, add_note("note-bad", "Patient moved to Leeds: update address"), today).await.unwrap();
    let mut server = ScriptedServer::accepting();
    server.refuse = Box::new(|command| match command {
        Command::AddPatientNote(AddPatientNote { note_id, .. }) if note_id == "note-bad" => {
            Some(Rejection::not_found("No patient with id pat-0001: the record may have been merged."))
        }
        _ => None,
    });

    let report = sync_once(&store, &server, "2026-11-21T11:00:00.000Z").await.unwrap();

    assert_eq!((report.applied, report.refused), (1, 1));
    assert_eq!(outbox::count(&store).await.unwrap(), 0);
    let notes: Vec<PatientNote> = records::all(&store, RecordKind::PatientNote).await.unwrap();
    assert_eq!(notes.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(), vec!["note-ok"]);
    let problems = problems::all(&store).await.unwrap();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].rejection.message, "No patient with id pat-0001: the record may have been merged.");
    assert_eq!(problems[0].envelope.command, add_note("note-bad", "Patient moved to Leeds: update address"));
    problems::discard(&store, &problems[0].id).await.unwrap();
    assert_eq!(problems::count(&store).await.unwrap(), 0);
    remove(store, &name).await;
}

#[wasm_bindgen_test]
async fn pending_commands_are_applied_again_on_top_of_pulled_records() {
    let (store, name) = fresh_store().await;
    let today = date(2026, 11, 21);
    records::put_all(&store, &[Record::Task(task("task-1", "Type letter", today, TaskStatus::Open))]).await.unwrap();
    local::do_command(
        &store,
        Command::CompleteTask(CompleteTask { task_id: "task-1".into(), note: None, stamp: None }),
        today,
    )
    .await
    .unwrap();
    // The push fails (offline), so the command stays pending; a page pulled earlier by another path arrives.
    let renamed = task("task-1", "Type letter to GP (renamed elsewhere)", today, TaskStatus::Open);
    pathdesk::desk::sync::client::store_pulled_page(&store, &page(7, vec![Record::Task(renamed)], false))
        .await
        .unwrap();

    let stored: Option<Task> = records::one(&store, RecordKind::Task, "task-1").await.unwrap();
    let stored = stored.unwrap();
    assert_eq!(stored.title, "Type letter to GP (renamed elsewhere)", "the server's change is kept");
    assert_eq!(stored.status, TaskStatus::Done, "the pending completion is applied on top");
    let waiting = outbox::all(&store).await.unwrap();
    assert_eq!(waiting.len(), 1);
    match &waiting[0].before[0].record {
        Some(Record::Task(before)) => {
            assert_eq!(before.title, "Type letter to GP (renamed elsewhere)");
            assert_eq!(before.status, TaskStatus::Open);
        }
        other => panic!("the before-image should be the pulled task, got {other:?}"),
    }
    remove(store, &name).await;
}

#[wasm_bindgen_test]
async fn a_refusal_of_the_whole_push_is_not_transient_and_keeps_the_outbox() {
    let (store, name) = fresh_store().await;
    records::put_all(&store, &[Record::Patient(patient("pat-0001", "Lovelace", "Ada", "9434765919"))]).await.unwrap();
    local::do_command(&store, add_note("note-1", "Kept"), date(2026, 11, 21)).await.unwrap();
    let mut server = ScriptedServer::accepting();
    server.push_failure = Some(ApiFailure::Refused {
        status: 409,
        code: "sequence_gap".into(),
        message: "Expected command 4 from this device, got 1.".into(),
    });
    let error = sync_once(&store, &server, "2026-11-21T12:00:00.000Z").await.unwrap_err();
    assert!(!error.is_transient());
    assert!(error.to_string().contains("sequence_gap"));
    assert_eq!(outbox::count(&store).await.unwrap(), 1);

    server.push_failure = Some(ApiFailure::Unreachable("Failed to fetch".into()));
    let error = sync_once(&store, &server, "2026-11-21T12:00:01.000Z").await.unwrap_err();
    assert!(matches!(error, SyncError::Api(ApiFailure::Unreachable(_))));
    assert!(error.is_transient());
    assert_eq!(outbox::count(&store).await.unwrap(), 1);
    assert_eq!(meta::string(&store, meta::LAST_SYNC).await.unwrap(), None);
    remove(store, &name).await;
}

#[wasm_bindgen_test]
async fn pulling_a_task_moves_the_task_clock_past_its_stamps() {
    use pathdesk_core::tasks::field::FieldStamp;
    use pathdesk_core::tasks::hlc::Hlc;
    use pathdesk_core::tasks::merge::TaskStamps;
    let (store, name) = fresh_store().await;
    let today = date(2026, 11, 21);
    let node = meta::client_id(&store).await.unwrap();
    // This device edited a task a moment ago, by its own clock.
    let now_ms = js_sys::Date::now() as u64;
    meta::set_string(&store, meta::TASK_CLOCK, &Hlc::start(node.clone()).tick(now_ms).to_string()).await.unwrap();
    // Another desk whose clock runs an hour fast edited a task; this device pulls it.
    let fast = Hlc { wall_ms: now_ms + 3_600_000, counter: 4, node: "fast-desk".into() };
    let mut pulled = task("task-1", "Type letter", today, TaskStatus::Open);
    pulled.stamps = TaskStamps::for_new_task(&FieldStamp::new(fast.clone(), "J. Khan", today));
    pathdesk::desk::sync::client::store_pulled_page(&store, &page(1, vec![Record::Task(pulled)], false)).await.unwrap();

    let clock: Hlc = meta::string(&store, meta::TASK_CLOCK).await.unwrap().unwrap().parse().unwrap();
    assert!(clock > fast, "the clock {clock} is past the pulled stamp {fast}");
    assert_eq!(clock.node, node, "still this device's clock");
    // So the next edit here, even of another task, is ordered after the change it has seen.
    let other = task("task-2", "Chase GP", today, TaskStatus::Open);
    let stamp = pathdesk::desk::local::stamp_task_edit(&store, Some(&other)).await.unwrap();
    assert!(stamp.hlc > fast);
    remove(store, &name).await;
}

#[wasm_bindgen_test]
async fn a_merged_answer_marks_the_task_for_its_page() {
    use pathdesk_core::tasks::field::{FieldStamp, FieldValue};
    use pathdesk_core::tasks::hlc::Hlc;
    use pathdesk_core::tasks::merge::TaskChange;
    let (store, name) = fresh_store().await;
    let today = date(2026, 11, 21);
    let seen = task("task-1", "Type letter", today, TaskStatus::Open);
    records::put_all(&store, &[Record::Task(seen.clone())]).await.unwrap();
    let stamp = FieldStamp::new(Hlc { wall_ms: 5, counter: 0, node: "me".into() }, "S. Patel", today);
    let change = TaskChange::edits(&seen, [FieldValue::Due(date(2026, 11, 24))], &stamp);
    local::do_command(&store, Command::EditTask(EditTask { change, note: None }), today).await.unwrap();
    let mut server = ScriptedServer::accepting();
    server.merges = true;

    let report = sync_once(&store, &server, "2026-11-21T12:00:00.000Z").await.unwrap();

    assert_eq!((report.applied, report.refused), (1, 0), "merged is not a problem");
    assert_eq!(outbox::count(&store).await.unwrap(), 0);
    assert_eq!(meta::merged_tasks(&store).await.unwrap(), vec!["task-1".to_string()]);
    remove(store, &name).await;
}

fn page_of(database_id: &str, first_cursor: i64, records: Vec<Record>) -> PullResponse {
    PullResponse { database_id: database_id.to_string(), ..page(first_cursor, records, false) }
}

/// The server restored from a backup answers as another database: the device forgets what it held (records the
/// backup may not have), downloads everything from the start, keeps its waiting changes and says so on Problems.
#[wasm_bindgen_test]
async fn a_server_restored_from_a_backup_is_downloaded_again_keeping_the_changes_waiting_here() {
    use pathdesk::desk::sync::client::{store_pulled_page, Pulled};
    let (store, name) = fresh_store().await;
    let today = date(2026, 11, 21);
    let ada = Record::Patient(patient("pat-0001", "Lovelace", "Ada", "9434765919"));
    let after_backup = Record::Task(task("task-9", "Made after the backup", today, TaskStatus::Open));
    let first = ScriptedServer::accepting().with_pages(vec![page_of("db-a", 1, vec![ada.clone(), after_backup])]);
    sync_once(&store, &first, "2026-11-21T10:00:00.000Z").await.unwrap();
    assert_eq!(meta::string(&store, meta::DATABASE_ID).await.unwrap().as_deref(), Some("db-a"));
    assert_eq!(records::all::<Task>(&store, RecordKind::Task).await.unwrap().len(), 1);

    // A note typed here, still waiting when the restored server first answers.
    local::do_command(&store, add_note("note-waiting", "Phoned about transport"), today).await.unwrap();
    assert_eq!(
        store_pulled_page(&store, &page_of("db-b", 3, vec![])).await.unwrap(),
        Pulled::FromAnotherDatabase,
        "a page from another database is not stored"
    );
    assert!(records::all::<Task>(&store, RecordKind::Task).await.unwrap().is_empty(), "the old records are forgotten");
    assert_eq!(outbox::count(&store).await.unwrap(), 1, "the waiting change is kept");
    assert_eq!(store_pulled_page(&store, &page_of("db-b", 1, vec![ada])).await.unwrap(), Pulled::Stored);
    let notes: Vec<PatientNote> = records::all(&store, RecordKind::PatientNote).await.unwrap();
    assert_eq!(notes.len(), 1, "the waiting note shows again on top of the restored data");

    // A whole sync against a restored server: pulls from where it was, then again from the start.
    let restored = ScriptedServer::accepting().with_pages(vec![
        page_of("db-c", 7, vec![]),
        page_of("db-c", 1, vec![Record::Patient(patient("pat-0001", "Lovelace", "Ada", "9434765919"))]),
    ]);
    let report = sync_once(&store, &restored, "2026-11-21T11:00:00.000Z").await.unwrap();
    assert!(report.started_again);
    assert_eq!(report.pulled, 1);
    let cursors: Vec<(Cursor, bool)> =
        restored.pulls.borrow().iter().map(|(cursor, _, count)| (*cursor, *count)).collect();
    assert_eq!(
        cursors,
        vec![(at(1), true), (Cursor::START, true)],
        "the second pull starts from the beginning, asking the count again"
    );
    assert_eq!(
        meta::string(&store, meta::DOWNLOADED_AGAIN_AT).await.unwrap().as_deref(),
        Some("2026-11-21T11:00:00.000Z"),
        "kept until a person has read it, across reloads"
    );
    remove(store, &name).await;
}
