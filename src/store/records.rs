//! Records in their stores: one object store per [`RecordKind`], keyed by `id`, holding the record's own struct.

use pathdesk_core::record::{Record, RecordKey, RecordKind};
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

use super::idb::{self, Tx};
use super::{schema, Store, StoreError};

/// The value stored for a record: its own struct (no kind tag: the store says the kind).
pub fn encode(record: &Record) -> Result<JsValue, StoreError> {
    match record {
        Record::Specialty(r) => idb::to_js(r),
        Record::Consultant(r) => idb::to_js(r),
        Record::Patient(r) => idb::to_js(r),
        Record::PatientNote(r) => idb::to_js(r),
        Record::Pathway(r) => idb::to_js(r),
        Record::ClinicTemplate(r) => idb::to_js(r),
        Record::ClinicSession(r) => idb::to_js(r),
        Record::Appointment(r) => idb::to_js(r),
        Record::Task(r) => idb::to_js(r),
        Record::Leave(r) => idb::to_js(r),
        Record::PathwayOffers(r) => idb::to_js(r),
        Record::ClinicList(r) => idb::to_js(r),
        Record::TrustSettings(r) => idb::to_js(r),
    }
}

pub fn decode(kind: RecordKind, value: JsValue) -> Result<Record, StoreError> {
    Ok(match kind {
        RecordKind::Specialty => Record::Specialty(idb::from_js(value)?),
        RecordKind::Consultant => Record::Consultant(idb::from_js(value)?),
        RecordKind::Patient => Record::Patient(idb::from_js(value)?),
        RecordKind::PatientNote => Record::PatientNote(idb::from_js(value)?),
        RecordKind::Pathway => Record::Pathway(idb::from_js(value)?),
        RecordKind::ClinicTemplate => Record::ClinicTemplate(idb::from_js(value)?),
        RecordKind::ClinicSession => Record::ClinicSession(idb::from_js(value)?),
        RecordKind::Appointment => Record::Appointment(idb::from_js(value)?),
        RecordKind::Task => Record::Task(idb::from_js(value)?),
        RecordKind::Leave => Record::Leave(idb::from_js(value)?),
        RecordKind::PathwayOffers => Record::PathwayOffers(idb::from_js(value)?),
        RecordKind::ClinicList => Record::ClinicList(idb::from_js(value)?),
        RecordKind::TrustSettings => Record::TrustSettings(idb::from_js(value)?),
    })
}

/// Queue writing `record` into its store in `tx`.
pub fn put_in(tx: &Tx, record: &Record) -> Result<(), StoreError> {
    let store = tx.store(record.kind().as_str())?;
    store.put(&encode(record)?).map_err(|e| StoreError::Request(idb::js_message(&e)))?;
    Ok(())
}

/// Queue removing the record at `key` in `tx`.
pub fn delete_in(tx: &Tx, key: &RecordKey) -> Result<(), StoreError> {
    let store = tx.store(key.kind.as_str())?;
    idb::delete(&store, &JsValue::from_str(&key.id))?;
    Ok(())
}

/// Read one record in `tx`.
pub async fn get_in(tx: &Tx, key: &RecordKey) -> Result<Option<Record>, StoreError> {
    let store = tx.store(key.kind.as_str())?;
    let value =
        idb::request(store.get(&JsValue::from_str(&key.id)).map_err(|e| StoreError::Request(idb::js_message(&e)))?)
            .await?;
    if value.is_undefined() {
        Ok(None)
    } else {
        decode(key.kind, value).map(Some)
    }
}

/// Write records in one transaction (all or none).
pub async fn put_all(store: &Store, records: &[Record]) -> Result<(), StoreError> {
    let mut kinds: Vec<&str> = records.iter().map(|r| r.kind().as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    if kinds.is_empty() {
        return Ok(());
    }
    let tx = store.tx(&kinds, true)?;
    for record in records {
        put_in(&tx, record)?;
    }
    tx.commit().await
}

/// Read one record.
pub async fn get(store: &Store, key: &RecordKey) -> Result<Option<Record>, StoreError> {
    let tx = store.tx(&[key.kind.as_str()], false)?;
    let record = get_in(&tx, key).await?;
    tx.finish().await?;
    Ok(record)
}

/// Every record of one kind, as its own struct (`T` must match `kind`).
pub async fn all<T: DeserializeOwned>(store: &Store, kind: RecordKind) -> Result<Vec<T>, StoreError> {
    let tx = store.tx(&[kind.as_str()], false)?;
    let values = idb::get_all(&tx.store(kind.as_str())?).await?;
    tx.finish().await?;
    Ok(values)
}

/// One record of one kind by id, as its own struct.
pub async fn one<T: DeserializeOwned>(store: &Store, kind: RecordKind, id: &str) -> Result<Option<T>, StoreError> {
    let tx = store.tx(&[kind.as_str()], false)?;
    let value = idb::get(&tx.store(kind.as_str())?, &JsValue::from_str(id)).await?;
    tx.finish().await?;
    Ok(value)
}

/// The records of `kind` about one patient, through the `by_patient` index.
pub async fn for_patient<T: DeserializeOwned>(
    store: &Store,
    kind: RecordKind,
    patient_id: &str,
) -> Result<Vec<T>, StoreError> {
    if !schema::INDEXED_BY_PATIENT.contains(&kind) {
        return Err(StoreError::Data(format!("{} records are not indexed by patient", kind.as_str())));
    }
    let tx = store.tx(&[kind.as_str()], false)?;
    let values =
        idb::get_all_by_index(&tx.store(kind.as_str())?, schema::BY_PATIENT, &JsValue::from_str(patient_id)).await?;
    tx.finish().await?;
    Ok(values)
}

/// How many records of each kind this device holds.
pub async fn counts(store: &Store) -> Result<Vec<(RecordKind, u32)>, StoreError> {
    let names: Vec<&str> = RecordKind::ALL.iter().map(|k| k.as_str()).collect();
    let tx = store.tx(&names, false)?;
    let mut counts = Vec::new();
    for kind in RecordKind::ALL {
        counts.push((kind, idb::count(&tx.store(kind.as_str())?).await?));
    }
    tx.finish().await?;
    Ok(counts)
}
