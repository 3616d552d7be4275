//! Records in their stores: one object store per [`RecordKind`], keyed by `id`, holding the record's own struct.

use pathdesk_core::record::{Record, RecordKey, RecordKind, RecordOf};
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

/// The stored value read back as a record of `kind`. It is read as a `Record` tagged with its kind, the way
/// records arrive from the server, so the app carries one reader per record type rather than two (about 60 KB).
pub fn decode(kind: RecordKind, value: JsValue) -> Result<Record, StoreError> {
    js_sys::Reflect::set(&value, &JsValue::from_str("kind"), &JsValue::from_str(kind.as_str()))
        .map_err(|e| StoreError::Data(idb::js_message(&e)))?;
    idb::from_js(value)
}

fn decode_as<T: RecordOf>(kind: RecordKind, value: JsValue) -> Result<T, StoreError> {
    T::from_record(decode(kind, value)?)
        .ok_or_else(|| StoreError::Data(format!("a stored {} record is not of the type asked for", kind.as_str())))
}

/// Queue writing `record` into its store in `tx`.
pub fn put_in(tx: &Tx, record: &Record) -> Result<(), StoreError> {
    let store = tx.store(record.kind().as_str())?;
    tx.wrote(record.kind().as_str());
    store.put(&encode(record)?).map_err(|e| StoreError::Request(idb::js_message(&e)))?;
    Ok(())
}

/// Queue removing every record of every kind in `tx` (the outbox, problems and settings stay).
pub fn clear_all_in(tx: &Tx) -> Result<(), StoreError> {
    for kind in RecordKind::ALL {
        let store = tx.store(kind.as_str())?;
        tx.wrote(kind.as_str());
        store.clear().map_err(|e| StoreError::Request(idb::js_message(&e)))?;
    }
    Ok(())
}

/// Queue removing the record at `key` in `tx`.
pub fn delete_in(tx: &Tx, key: &RecordKey) -> Result<(), StoreError> {
    let store = tx.store(key.kind.as_str())?;
    tx.wrote(key.kind.as_str());
    idb::delete(&store, &JsValue::from_str(&key.id))?;
    Ok(())
}

/// Read one record in `tx`.
pub async fn get_in(tx: &Tx, key: &RecordKey) -> Result<Option<Record>, StoreError> {
    let store = tx.store(key.kind.as_str())?;
    let value = idb::get_value(&store, &JsValue::from_str(&key.id)).await?;
    value.map(|value| decode(key.kind, value)).transpose()
}

/// Write records in one transaction (all or none).
pub async fn put_all(store: &Store, records: &[Record]) -> Result<(), StoreError> {
    let mut kinds: Vec<&str> = records.iter().map(|r| r.kind().as_str()).collect();
    pathdesk_core::sorting::sort_by(&mut kinds, |a, b| a.cmp(b));
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

// The readers below are generic only in their last, synchronous step: the reading itself is one async function
// for every kind, not one state machine per record type (about 15 KB of wasm between them).

/// Every record of one kind, as its own struct (`T` must match `kind`).
pub async fn all<T: RecordOf>(store: &Store, kind: RecordKind) -> Result<Vec<T>, StoreError> {
    all_values(store, kind).await?.into_iter().map(|value| decode_as(kind, value)).collect()
}

async fn all_values(store: &Store, kind: RecordKind) -> Result<Vec<JsValue>, StoreError> {
    let tx = store.tx(&[kind.as_str()], false)?;
    let values = idb::get_all_values(&tx.store(kind.as_str())?).await?;
    tx.finish().await?;
    Ok(values)
}

/// One record of one kind by id, as its own struct.
pub async fn one<T: RecordOf>(store: &Store, kind: RecordKind, id: &str) -> Result<Option<T>, StoreError> {
    one_value(store, kind, id).await?.map(|value| decode_as(kind, value)).transpose()
}

async fn one_value(store: &Store, kind: RecordKind, id: &str) -> Result<Option<JsValue>, StoreError> {
    let tx = store.tx(&[kind.as_str()], false)?;
    let value = idb::get_value(&tx.store(kind.as_str())?, &JsValue::from_str(id)).await?;
    tx.finish().await?;
    Ok(value)
}

/// The records of `kind` about one patient, through the `by_patient` index.
pub async fn for_patient<T: RecordOf>(store: &Store, kind: RecordKind, patient_id: &str) -> Result<Vec<T>, StoreError> {
    by_index(store, kind, schema::BY_PATIENT, patient_id).await
}

/// The records of `kind` whose indexed field is `key`, through the index `index` (see `schema::INDEXES`): only
/// those are read, however many the device holds.
pub async fn by_index<T: RecordOf>(
    store: &Store,
    kind: RecordKind,
    index: &str,
    key: &str,
) -> Result<Vec<T>, StoreError> {
    let tx = store.tx(&[kind.as_str()], false)?;
    let found = by_index_in(&tx, kind, index, key).await?;
    tx.finish().await?;
    Ok(found)
}

/// [`by_index`] within a transaction that holds `kind`'s store.
pub async fn by_index_in<T: RecordOf>(tx: &Tx, kind: RecordKind, index: &str, key: &str) -> Result<Vec<T>, StoreError> {
    if !schema::INDEXES.iter().any(|(k, name, _)| *k == kind && *name == index) {
        return Err(StoreError::Data(format!("{} records have no index {index}", kind.as_str())));
    }
    let values = idb::get_all_values_by_index(&tx.store(kind.as_str())?, index, &JsValue::from_str(key)).await?;
    values.into_iter().map(|value| decode_as(kind, value)).collect()
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
