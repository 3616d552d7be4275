//! Several devices pushing at once while another pulls: nothing lost, nothing applied twice, and a puller that
//! follows its cursor ends with exactly the server's records (commit order is cursor order).

use std::collections::HashMap;
use std::sync::Arc;

use crate::common::*;
use axum::http::StatusCode;
use pathdesk_core::record::{Record, RecordKey};
use pathdesk_core::sync::Cursor;
use pathdesk_server::db::{command_log, seed};

on_each_database!(a_puller_following_its_cursor_misses_nothing_while_devices_push);

const DEVICES: usize = 4;
const COMMANDS_PER_DEVICE: u64 = 60;

async fn a_puller_following_its_cursor_misses_nothing_while_devices_push(server: &TestServer) {
    let mut seeded: Vec<Record> = (0..20).map(|i| patient(&format!("p{i}"))).collect();
    seeded.extend((0..DEVICES * COMMANDS_PER_DEVICE as usize).map(|i| open_task(&format!("t{i}"))));
    seed::seed(&server.database, seeded).await.unwrap();
    let app = Arc::new(server.app.clone());

    let mut pushers = Vec::new();
    for device in 0..DEVICES {
        let app = app.clone();
        pushers.push(tokio::spawn(async move {
            // Small pushes, so the devices' transactions interleave.
            for start in (1..=COMMANDS_PER_DEVICE).step_by(3) {
                let commands = (start..(start + 3).min(COMMANDS_PER_DEVICE + 1))
                    .map(|seq| {
                        let id = format!("d{device}-c{seq}");
                        if seq % 2 == 0 {
                            add_note(&id, seq, &format!("p{}", seq % 20), "Rang back")
                        } else {
                            complete_task(
                                &id,
                                seq,
                                &format!("t{}", device * COMMANDS_PER_DEVICE as usize + seq as usize),
                            )
                        }
                    })
                    .collect();
                let request = push_request(&format!("desk-{device}"), commands);
                let (status, body) = post_json(&app, "/api/sync/push", &serde_json::to_string(&request).unwrap()).await;
                assert_eq!(status, StatusCode::OK, "{body}");
            }
        }));
    }

    // A device keeping up with the changes as they commit.
    let mut local: HashMap<RecordKey, Record> = HashMap::new();
    let mut cursor = Cursor::START;
    let mut changes_seen_during_pushes = 0;
    while pushers.iter().any(|pusher| !pusher.is_finished()) {
        let page = server.pull(cursor, 25).await;
        changes_seen_during_pushes += page.changes.len();
        for change in page.changes {
            local.insert(change.record.key(), change.record);
        }
        cursor = page.next_cursor;
        tokio::task::yield_now().await;
    }
    assert!(changes_seen_during_pushes > 260, "the puller ran alongside the pushes (saw {changes_seen_during_pushes})");
    for pusher in pushers {
        pusher.await.expect("a pushing device failed");
    }
    loop {
        let page = server.pull(cursor, 25).await;
        for change in page.changes {
            local.insert(change.record.key(), change.record);
        }
        cursor = page.next_cursor;
        if !page.has_more {
            break;
        }
    }

    let server_state: HashMap<RecordKey, Record> =
        server.pull_all(2000).await.into_iter().map(|change| (change.record.key(), change.record)).collect();
    assert_eq!(server_state.len(), 20 + DEVICES * COMMANDS_PER_DEVICE as usize * 3 / 2);
    assert!(local == server_state, "the puller's copy differs from the server's records");

    let mut connection = server.database.pool().acquire().await.unwrap();
    for device in 0..DEVICES {
        let log = command_log::for_device(&mut connection, &format!("desk-{device}")).await.unwrap();
        assert_eq!(
            log.iter().map(|entry| entry.seq).collect::<Vec<_>>(),
            (1..=COMMANDS_PER_DEVICE as i64).collect::<Vec<_>>()
        );
    }
}
