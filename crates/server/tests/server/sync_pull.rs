//! Pulling changes: complete, ordered pages from any cursor.

use std::collections::HashSet;

use crate::common::*;
use axum::http::StatusCode;
use pathdesk_core::record::{Record, RecordKey};
use pathdesk_core::sync::{CommandEnvelope, Cursor, DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT};
use pathdesk_server::db::seed;

on_each_database!(
    pages_are_complete_and_ordered_across_many_changes,
    a_pull_from_the_last_cursor_gets_only_what_changed_since,
    an_empty_server_gives_an_empty_last_page,
    bad_cursor_or_limit_is_refused_with_a_message,
    a_page_is_bounded_by_bytes_as_well_as_by_count,
);

/// Ten records of about a megabyte each: a page of 500 would be 10 MB. Pages stay under the byte cap (but always
/// carry at least one record), and the feed still delivers every record once.
async fn a_page_is_bounded_by_bytes_as_well_as_by_count(server: &TestServer) {
    use pathdesk_server::db::records::MAX_PULL_PAGE_BYTES;
    let big: Vec<Record> = (0..10)
        .map(|i| {
            let mut task = open_task(&format!("big{i}"));
            if let Record::Task(task) = &mut task {
                task.title = format!("{i} {}", "x".repeat(1024 * 1024));
            }
            task
        })
        .collect();
    seed::seed(&server.database, big).await.unwrap();
    let first = server.pull(Cursor::START, 500).await;
    assert!(first.has_more, "a 10 MB feed does not fit one page");
    let bytes: usize = first.changes.iter().map(|c| serde_json::to_string(&c.record).unwrap().len()).sum();
    assert!(!first.changes.is_empty() && first.changes.len() < 10, "{} records", first.changes.len());
    assert!(bytes <= MAX_PULL_PAGE_BYTES + 64 * first.changes.len(), "{bytes} bytes in one page");
    let all = server.pull_all(500).await;
    let ids: HashSet<String> = all.iter().map(|c| c.record.id().to_string()).collect();
    assert_eq!((all.len(), ids.len()), (10, 10), "every record, once");
}

/// 1,200 changes: 700 seeded records, then 500 pushed commands (notes, and task completions that move a seeded
/// record to a new cursor).
async fn pages_are_complete_and_ordered_across_many_changes(server: &TestServer) {
    let mut seeded: Vec<Record> = (0..400).map(|i| patient(&format!("p{i}"))).collect();
    seeded.extend((0..300).map(|i| open_task(&format!("t{i}"))));
    seed::seed(&server.database, seeded).await.unwrap();
    let mut commands: Vec<CommandEnvelope> = Vec::new();
    for i in 0..500u64 {
        let id = format!("c{i}");
        commands.push(if i % 5 == 0 {
            complete_task(&id, i + 1, &format!("t{}", i / 5))
        } else {
            add_note(&id, i + 1, &format!("p{}", i % 400), "Called: no answer")
        });
    }
    for chunk in commands.chunks(250) {
        let (status, body) = server.push(&push_request("desk-1", chunk.to_vec())).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    // 700 seeded + 400 new notes; 100 tasks changed in place.
    let expected_records = 700 + 400;

    let (mut after, mut pages, mut keys, mut cursors) = (Cursor::START, 0, HashSet::new(), Vec::new());
    loop {
        let page = server.pull(after, 100).await;
        assert_eq!(page.waiting, None, "a pull that does not ask for the count is not slowed by counting");
        // Asked from any cursor, the count is what the rest of the pull will deliver.
        let (status, counted) =
            get_json(&server.app, &format!("/api/sync/pull?after={after}&limit=1&count=true")).await;
        assert_eq!(status, StatusCode::OK, "{counted}");
        assert_eq!(counted["waiting"], serde_json::json!(expected_records - keys.len()), "after {after}");
        pages += 1;
        assert!(page.changes.len() <= 100);
        for change in &page.changes {
            assert!(keys.insert(change.record.key()), "{:?} came twice", change.record.key());
            cursors.push(change.cursor);
        }
        if page.has_more {
            assert_eq!(page.changes.len(), 100, "only the last page may be short");
            assert_eq!(page.next_cursor, page.changes.last().unwrap().cursor);
        }
        after = page.next_cursor;
        if !page.has_more {
            break;
        }
        assert!(pages < 100, "pulling never ends");
    }
    assert_eq!(keys.len(), expected_records);
    assert!(cursors.windows(2).all(|pair| pair[0] < pair[1]), "cursors strictly increase");
    assert_eq!(pages, expected_records.div_ceil(100));

    // Completed tasks come with their latest version.
    let all = server.pull_all(MAX_PULL_LIMIT).await;
    let done = all
        .iter()
        .filter(|change| matches!(&change.record, Record::Task(task) if task.status == pathdesk_core::tasks::TaskStatus::Done))
        .count();
    assert_eq!(done, 100);
}

async fn a_pull_from_the_last_cursor_gets_only_what_changed_since(server: &TestServer) {
    seed::seed(&server.database, vec![patient("p1"), open_task("t1"), open_task("t2")]).await.unwrap();
    let first = server.pull(Cursor::START, DEFAULT_PULL_LIMIT).await;
    assert_eq!(first.changes.len(), 3);
    assert!(!first.has_more);

    let (status, _) = server.push(&push_request("desk-1", vec![complete_task("c1", 1, "t1")])).await;
    assert_eq!(status, StatusCode::OK);
    let second = server.pull(first.next_cursor, DEFAULT_PULL_LIMIT).await;
    let keys: Vec<RecordKey> = second.changes.iter().map(|change| change.record.key()).collect();
    assert_eq!(keys, vec![open_task("t1").key()]);
    assert!(second.next_cursor > first.next_cursor);

    let third = server.pull(second.next_cursor, DEFAULT_PULL_LIMIT).await;
    assert!(third.changes.is_empty());
    assert_eq!(third.next_cursor, second.next_cursor, "an empty page keeps the cursor");
    assert!(!third.has_more);
}

async fn an_empty_server_gives_an_empty_last_page(server: &TestServer) {
    let (status, body) = get_json(&server.app, "/api/sync/pull").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let database_id = body["database_id"].as_str().unwrap_or_default().to_string();
    assert_eq!(database_id.len(), 32, "the answer names its database: {body}");
    assert_eq!(
        body,
        serde_json::json!({"changes": [], "next_cursor": "0", "has_more": false, "database_id": database_id})
    );
}

async fn bad_cursor_or_limit_is_refused_with_a_message(server: &TestServer) {
    for (query, words) in [
        ("after=abc", "after=\"abc\" is not a cursor"),
        ("after=-5", "after=\"-5\" is not a cursor"),
        ("limit=0", "from 1 to 2000"),
        ("limit=many", "from 1 to 2000"),
        ("limit=2001", "from 1 to 2000"),
        ("count=yes", "count=\"yes\" is not true or false"),
    ] {
        let (status, body) = get_json(&server.app, &format!("/api/sync/pull?{query}")).await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, "invalid_query", words);
    }
}

/// A pull from a device already known writes nothing, so it is answered while a push holds SQLite's write lock
/// (before, every pull claimed its device again and waited behind the push).
#[tokio::test]
async fn a_pull_is_answered_while_a_push_holds_the_write_lock() {
    let server = sqlite_server().await;
    seed::seed(&server.database, vec![patient("p1")]).await.unwrap();
    let uri = "/api/sync/pull?after=0&limit=10&client_id=desk-reader";
    let (status, _, _) = send(&server.app, get(uri)).await;
    assert_eq!(status, StatusCode::OK, "the first pull claims the device");
    let mut writer = server.database.pool().acquire().await.unwrap();
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *writer).await.unwrap();
    let started = std::time::Instant::now();
    let (status, _, body) = send(&server.app, get(uri)).await;
    let took = started.elapsed();
    sqlx::query("ROLLBACK").execute(&mut *writer).await.unwrap();
    drop(writer);
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    assert!(took < std::time::Duration::from_secs(2), "the pull waited {took:?}");
    let page: pathdesk_core::sync::PullResponse = serde_json::from_slice(&body).unwrap();
    assert_eq!(page.changes.len(), 1, "and it carries the record as stored");
    server.finish().await;
}
