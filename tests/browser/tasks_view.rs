//! The task screens' logic that needs the browser: the clock stamp an edit gets on this device (kept in
//! IndexedDB), and the "merged" mark a task's page shows.

use crate::common::*;
use pathdesk::desk::local::stamp_task_edit;
use pathdesk::desk::store::meta;
use pathdesk_core::command::CompleteTask;
use pathdesk_core::tasks::field::FieldStamp;
use pathdesk_core::tasks::hlc::Hlc;
use pathdesk_core::tasks::merge::TaskStamps;
use pathdesk_core::tasks::TaskStatus;
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
async fn each_edit_here_gets_a_later_stamp_than_anything_seen_on_the_task() {
    let (store, name) = fresh_store().await;
    meta::set_string(&store, meta::DISPLAY_NAME, "S. Patel").await.unwrap();
    let first = stamp_task_edit(&store, None).await.unwrap();
    let second = stamp_task_edit(&store, None).await.unwrap();
    assert!(second.hlc > first.hlc, "stamps on one device only grow");
    assert_eq!(second.author, "S. Patel");
    assert_eq!(second.hlc.node, meta::client_id(&store).await.unwrap());

    // A task last written by a desk whose clock runs a day ahead: an edit here still comes after it.
    let ahead = Hlc { wall_ms: js_sys::Date::now() as u64 + 86_400_000, counter: 9, node: "fast-desk".into() };
    let mut seen = task("t1", "Chase GP", date(2026, 11, 24), TaskStatus::Open);
    seen.stamps = TaskStamps::for_new_task(&FieldStamp::new(ahead.clone(), "J. Khan", date(2026, 11, 22)));
    let edit = stamp_task_edit(&store, Some(&seen)).await.unwrap();
    assert!(edit.hlc > ahead);
    // And the device's clock keeps that: the next edit of any task is later still.
    assert!(stamp_task_edit(&store, None).await.unwrap().hlc > edit.hlc);
    remove(store, &name).await;
}

#[wasm_bindgen_test]
async fn a_task_is_marked_merged_once_until_it_is_changed_here_again() {
    let (store, name) = fresh_store().await;
    assert!(meta::merged_tasks(&store).await.unwrap().is_empty());
    for _ in 0..2 {
        let tx = store.tx(&[pathdesk::desk::store::schema::META], true).unwrap();
        meta::set_task_merged_in(&tx, "t1", true).await.unwrap();
        tx.commit().await.unwrap();
    }
    assert_eq!(meta::merged_tasks(&store).await.unwrap(), vec!["t1".to_string()]);
    // The next change to that task made here supersedes the note.
    let today = date(2026, 11, 23);
    let open = task("t1", "Chase GP", today, TaskStatus::Open);
    pathdesk::desk::store::records::put_all(&store, &[pathdesk_core::record::Record::Task(open.clone())])
        .await
        .unwrap();
    let stamp = stamp_task_edit(&store, Some(&open)).await.unwrap();
    let complete = pathdesk_core::command::Command::CompleteTask(CompleteTask {
        task_id: "t1".into(),
        note: None,
        stamp: Some(stamp),
    });
    pathdesk::desk::local::do_command(&store, complete, today).await.unwrap();
    assert!(meta::merged_tasks(&store).await.unwrap().is_empty());
    remove(store, &name).await;
}
