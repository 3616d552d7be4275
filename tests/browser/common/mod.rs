//! Synthetic records and fresh databases for the browser tests.
#![allow(dead_code)]

use chrono::NaiveDate;
use pathdesk::desk::store::{idb, Store};
use pathdesk_core::model::{Patient, PatientNote};
use pathdesk_core::tasks::{Task, TaskKind, TaskStatus};

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A database name no other test uses.
pub fn fresh_name() -> String {
    format!("pathdesk-test-{}", uuid::Uuid::new_v4())
}

pub async fn fresh_store() -> (Store, String) {
    let name = fresh_name();
    let store = pathdesk::desk::store::open_store(&name).await.expect("a fresh database opens");
    (store, name)
}

pub async fn remove(store: Store, name: &str) {
    store.close();
    idb::delete_database(name).await.expect("test database deleted");
}

pub fn patient(id: &str, family: &str, given: &str, nhs: &str) -> Patient {
    let hospital_number = format!("RX{}", &id[id.len().saturating_sub(4)..]);
    Patient {
        phone: Some("01632 960001".to_string()),
        postcode: Some("LS1 4AP".to_string()),
        ..Patient::new(id, nhs, hospital_number, family, given, date(1961, 3, 14))
    }
}

pub fn note(id: &str, patient_id: &str, text: &str) -> PatientNote {
    PatientNote {
        id: id.to_string(),
        patient_id: patient_id.to_string(),
        text: text.to_string(),
        author: "Test Secretary".to_string(),
        written_on: date(2026, 11, 20),
    }
}

pub fn task(id: &str, title: &str, due: NaiveDate, status: TaskStatus) -> Task {
    Task {
        id: id.to_string(),
        kind: TaskKind::ClinicLetter,
        title: title.to_string(),
        patient_id: None,
        consultant_id: None,
        assignee: "Medical secretaries".to_string(),
        due,
        status,
        history: vec![],
        stamps: Default::default(),
        letter: None,
        query: None,
        escalation: None,
    }
}
