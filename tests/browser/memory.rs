//! The records a page keeps in memory once read whole (`desk::store::cache`): whatever order reads and writes
//! finish in, what a screen is given is what IndexedDB holds; another tab's change is read again; a screen's loader
//! still learns what it read when memory answered.

use std::cell::RefCell;
use std::rc::Rc;

use crate::common::*;
use pathdesk::desk::store::{open_store, records, Store, StoreNames};
use pathdesk_core::model::{Patient, Specialty};
use pathdesk_core::record::{Record, RecordKey, RecordKind};
use wasm_bindgen_futures::spawn_local;
use wasm_bindgen_test::*;

fn specialty(n: usize) -> Record {
    Record::Specialty(Specialty {
        id: format!("spec-{n:05}"),
        code: format!("{}", 100 + n % 900),
        name: format!("S{n}"),
    })
}

/// What the database holds, read by a page that has nothing in memory (a second open of the same database).
async fn stored_patients(name: &str) -> Vec<Patient> {
    let other = open_store(name).await.expect("the database opens again");
    let stored = records::all(&other, RecordKind::Patient).await.expect("read");
    assert!(other.cache().borrow().holds(RecordKind::Patient), "the second page keeps what it read whole");
    other.close();
    stored
}

async fn held_patients(store: &Store) -> Vec<Patient> {
    records::all(store, RecordKind::Patient).await.expect("read")
}

#[wasm_bindgen_test]
async fn records_read_whole_stay_in_memory_and_follow_every_committed_write() {
    let (store, name) = fresh_store().await;
    let ada = patient("pat-0001", "Lovelace", "Ada", "9434765919");
    let alan = patient("pat-0002", "Turing", "Alan", "9434765870");
    records::put_all(&store, &[Record::Patient(ada.clone()), Record::Patient(alan.clone())]).await.unwrap();
    assert!(!store.cache().borrow().holds(RecordKind::Patient), "nothing is kept before a whole read");
    assert_eq!(held_patients(&store).await, vec![ada.clone(), alan.clone()]);
    assert!(store.cache().borrow().holds(RecordKind::Patient));

    // A put, a change and a delete, each committed: memory follows.
    let grace = patient("pat-0003", "Hopper", "Grace", "9434765846");
    let mut ada_moved = ada.clone();
    ada_moved.postcode = Some("LS2 9JT".to_string());
    records::put_all(&store, &[Record::Patient(grace.clone()), Record::Patient(ada_moved.clone())]).await.unwrap();
    let tx = store.tx(&[RecordKind::Patient.as_str()], true).unwrap();
    records::delete_in(&tx, &RecordKey::new(RecordKind::Patient, "pat-0002")).unwrap();
    tx.commit().await.unwrap();
    assert_eq!(held_patients(&store).await, vec![ada_moved.clone(), grace.clone()]);
    assert_eq!(held_patients(&store).await, stored_patients(&name).await);

    // A transaction that never commits changes neither the database nor memory.
    let tx = store.tx(&[RecordKind::Patient.as_str()], true).unwrap();
    records::put_in(&tx, &Record::Patient(alan.clone())).unwrap();
    drop(tx);
    assert_eq!(held_patients(&store).await, vec![ada_moved, grace]);
    assert_eq!(held_patients(&store).await, stored_patients(&name).await);

    // Another tab changed patients: read again from the database when next asked.
    records::put_all(&store, &[Record::Patient(alan)]).await.unwrap();
    store.forget_cached(&StoreNames::from([RecordKind::Patient.as_str()]));
    assert!(!store.cache().borrow().holds(RecordKind::Patient));
    assert_eq!(held_patients(&store).await.len(), 3);
    remove(store, &name).await;
}

#[wasm_bindgen_test]
async fn a_read_and_a_write_in_either_order_leave_memory_as_stored() {
    let (store, name) = fresh_store().await;
    records::put_all(&store, &[Record::Patient(patient("pat-0001", "Lovelace", "Ada", "9434765919"))]).await.unwrap();

    // The write starts first: the read waits for it and sees it, but does not keep what it read (the write
    // committed while it read).
    let alan = patient("pat-0002", "Turing", "Alan", "9434765870");
    let tx = store.tx(&[RecordKind::Patient.as_str()], true).unwrap();
    records::put_in(&tx, &Record::Patient(alan.clone())).unwrap();
    spawn_local(async move { tx.commit().await.unwrap() });
    assert!(held_patients(&store).await.contains(&alan), "the read saw the write that started before it");
    assert_eq!(held_patients(&store).await, stored_patients(&name).await);

    // The read starts first: it is kept without the write, and the write then follows into memory.
    store.forget_cached(&StoreNames::from([RecordKind::Patient.as_str()]));
    let grace = patient("pat-0003", "Hopper", "Grace", "9434765846");
    let read: Rc<RefCell<Option<Vec<Patient>>>> = Rc::default();
    {
        let (store, read) = (store.clone(), read.clone());
        spawn_local(async move { *read.borrow_mut() = Some(held_patients(&store).await) });
    }
    {
        let (store, grace) = (store.clone(), grace.clone());
        spawn_local(async move { records::put_all(&store, &[Record::Patient(grace)]).await.unwrap() });
    }
    gloo_timers::future::TimeoutFuture::new(200).await;
    let first = read.borrow().clone().expect("the read finished");
    assert!(!first.contains(&grace), "the read started before the write");
    assert!(held_patients(&store).await.contains(&grace), "the write followed into memory");
    assert_eq!(held_patients(&store).await, stored_patients(&name).await);
    remove(store, &name).await;
}

#[wasm_bindgen_test]
async fn a_kind_is_kept_in_steps_in_key_order_unless_a_write_overtakes_it() {
    let (store, name) = fresh_store().await;
    let many: Vec<Record> = (0..4_500).rev().map(specialty).collect();
    records::put_all(&store, &many).await.unwrap();
    assert!(records::keep_in_memory(&store, RecordKind::Specialty).await.unwrap());
    let held: Vec<Specialty> = records::all(&store, RecordKind::Specialty).await.unwrap();
    assert_eq!(held.len(), 4_500);
    assert!(held.windows(2).all(|pair| pair[0].id < pair[1].id), "in key order, as IndexedDB gives them");

    store.forget_cached(&StoreNames::from([RecordKind::Specialty.as_str()]));
    {
        let store = store.clone();
        spawn_local(async move { records::put_all(&store, &[specialty(9_999)]).await.unwrap() });
    }
    let kept = records::keep_in_memory(&store, RecordKind::Specialty).await.unwrap();
    assert!(!kept, "a write committed between its steps: nothing kept that might miss it");
    assert!(!store.cache().borrow().holds(RecordKind::Specialty));
    let read: Vec<Specialty> = records::all(&store, RecordKind::Specialty).await.unwrap();
    assert_eq!(read.len(), 4_501);
    remove(store, &name).await;
}

#[wasm_bindgen_test]
async fn a_screen_answered_from_memory_still_learns_what_it_read() {
    let (store, name) = fresh_store().await;
    records::put_all(&store, &[Record::Patient(patient("pat-0001", "Lovelace", "Ada", "9434765919"))]).await.unwrap();
    held_patients(&store).await;
    let (noting, reads) = store.noting_reads();
    let read: Vec<Patient> = records::all(&noting, RecordKind::Patient).await.unwrap();
    assert_eq!(read.len(), 1);
    assert!(reads.borrow().contains(RecordKind::Patient.as_str()), "so a change to patients reads it again");
    remove(store, &name).await;
}

#[wasm_bindgen_test]
async fn a_page_that_missed_another_tabs_message_reads_again_once_the_database_says_it_was_written_elsewhere() {
    let (store, name) = fresh_store().await;
    records::put_all(&store, &[Record::Patient(patient("pat-0001", "Lovelace", "Ada", "9434765919"))]).await.unwrap();
    assert_eq!(held_patients(&store).await.len(), 1);
    // Another page writes (here a second open of the database, whose memory this page does not share) and its
    // message never arrives; the mark it leaves in localStorage says the database was written elsewhere.
    let other = open_store(&name).await.unwrap();
    records::put_all(&other, &[Record::Patient(patient("pat-0002", "Turing", "Alan", "9434765870"))]).await.unwrap();
    other.close();
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.set_item(&format!("pathdesk.written.{name}"), "another-page:7").unwrap();
    assert_eq!(held_patients(&store).await.len(), 2, "read again from the database");
    storage.remove_item(&format!("pathdesk.written.{name}")).unwrap();
    remove(store, &name).await;
}
