//! Records in their stores: one object store per [`RecordKind`], keyed by `id`, holding the record's own struct.

use pathdesk_core::record::{Record, RecordKey, RecordKind, RecordOf};
use wasm_bindgen::JsValue;

use pathdesk_core::model::Pathway;
use pathdesk_core::pathway::PathwayClocks;

use super::cache::Change;
use super::idb::{self, Tx};
use super::{schema, Store, StoreError};

/// The value stored for a record: its JSON text without the kind tag (the store says the kind) under `json`,
/// beside its `id` (the key) and the fields the store's indexes are on (see `schema::INDEXES`). IndexedDB copies
/// one string several times faster than the same record as nested objects (a first sync of a 40,000-patient trust
/// stores 108,000 records), and it is read back without `JSON.stringify`. Records stored by earlier releases, as
/// nested objects, are still read (see [`decode`]) until they are next written.
pub fn encode(record: &Record) -> Result<JsValue, StoreError> {
    let json = match record {
        Record::Specialty(r) => serde_json::to_string(r),
        Record::Consultant(r) => serde_json::to_string(r),
        Record::Patient(r) => serde_json::to_string(r),
        Record::PatientNote(r) => serde_json::to_string(r),
        Record::Pathway(r) => serde_json::to_string(r),
        Record::ClinicTemplate(r) => serde_json::to_string(r),
        Record::ClinicSession(r) => serde_json::to_string(r),
        Record::Appointment(r) => serde_json::to_string(r),
        Record::Task(r) => serde_json::to_string(r),
        Record::Leave(r) => serde_json::to_string(r),
        Record::PathwayOffers(r) => serde_json::to_string(r),
        Record::ClinicList(r) => serde_json::to_string(r),
        Record::TrustSettings(r) => serde_json::to_string(r),
        Record::CaseNotes(r) => serde_json::to_string(r),
        Record::MdtMeeting(r) => serde_json::to_string(r),
        Record::DiaryItem(r) => serde_json::to_string(r),
        Record::LeaveRequest(r) => serde_json::to_string(r),
        Record::StaffLeave(r) => serde_json::to_string(r),
    }
    .map_err(|e| StoreError::Data(e.to_string()))?;
    let value = js_sys::Object::new();
    let set = |field: &str, text: &str| {
        js_sys::Reflect::set(&value, &JsValue::from_str(field), &JsValue::from_str(text))
            .map(|_| ())
            .map_err(|e| StoreError::Data(idb::js_message(&e)))
    };
    set("id", &record.key().id)?;
    for (field, text) in indexed_fields(record) {
        set(field, &text)?;
    }
    set(JSON_FIELD, &json)?;
    Ok(value.into())
}

/// Where a stored value keeps the record's JSON text.
const JSON_FIELD: &str = "json";

/// The fields of `record` that its store's indexes are on (`schema::INDEXES`), as IndexedDB keys.
pub fn indexed_fields(record: &Record) -> Vec<(&'static str, String)> {
    match record {
        Record::PatientNote(r) => vec![("patient_id", r.patient_id.clone())],
        Record::Pathway(r) => vec![("patient_id", r.patient_id.clone())],
        Record::Appointment(r) => vec![("patient_id", r.patient_id.clone()), ("session_id", r.session_id.clone())],
        Record::ClinicSession(r) => vec![("date", r.date.to_string())],
        _ => vec![],
    }
}

/// The stored value read back as a record of `kind`. It is read as a `Record` tagged with its kind, the way
/// records arrive from the server, so the app carries one reader per record type rather than two (about 60 KB).
pub fn decode(kind: RecordKind, value: JsValue) -> Result<Record, StoreError> {
    let json = js_sys::Reflect::get(&value, &JsValue::from_str(JSON_FIELD)).ok().and_then(|json| json.as_string());
    if let Some(json) = json {
        return decode_json(kind, &json);
    }
    // Stored by an earlier release: the record's own fields, as nested objects.
    js_sys::Reflect::set(&value, &JsValue::from_str("kind"), &JsValue::from_str(kind.as_str()))
        .map_err(|e| StoreError::Data(idb::js_message(&e)))?;
    idb::from_js(value)
}

/// A record's JSON text without its tag, read as a record of `kind` (the tag put first, where `Record`'s reader
/// looks for it).
fn decode_json(kind: RecordKind, json: &str) -> Result<Record, StoreError> {
    let fields = json
        .trim_start()
        .strip_prefix('{')
        .ok_or_else(|| StoreError::Data("a stored record is not a JSON object".into()))?;
    let comma = if fields.trim_start().starts_with('}') { "" } else { "," };
    let tagged = format!("{{\"kind\":\"{}\"{comma}{fields}", kind.as_str());
    serde_json::from_str(&tagged).map_err(|e| StoreError::Data(e.to_string()))
}

fn decode_as<T: RecordOf>(kind: RecordKind, value: JsValue) -> Result<T, StoreError> {
    T::from_record(decode(kind, value)?).ok_or_else(|| wrong_type(kind))
}

/// Queue writing `record` into its store in `tx`.
pub fn put_in(tx: &Tx, record: &Record) -> Result<(), StoreError> {
    let store = tx.store(record.kind().as_str())?;
    tx.wrote(record.kind().as_str());
    store.put(&encode(record)?).map_err(|e| StoreError::Request(idb::js_message(&e)))?;
    tx.note(Change::Put(Box::new(record.clone())));
    Ok(())
}

/// Queue removing every record of every kind in `tx` (the outbox, problems and settings stay).
pub fn clear_all_in(tx: &Tx) -> Result<(), StoreError> {
    for kind in RecordKind::ALL {
        let store = tx.store(kind.as_str())?;
        tx.wrote(kind.as_str());
        store.clear().map_err(|e| StoreError::Request(idb::js_message(&e)))?;
        tx.note(Change::Clear(kind));
    }
    Ok(())
}

/// Queue removing the record at `key` in `tx`.
pub fn delete_in(tx: &Tx, key: &RecordKey) -> Result<(), StoreError> {
    let store = tx.store(key.kind.as_str())?;
    tx.wrote(key.kind.as_str());
    idb::delete(&store, &JsValue::from_str(&key.id))?;
    tx.note(Change::Delete(key.clone()));
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

/// Every record of one kind, as its own struct (`T` must match `kind`): from this page's memory once read (see
/// [`super::cache`]), so a screen opened again or read again after a change does not decode them all again.
pub async fn all<T: RecordOf>(store: &Store, kind: RecordKind) -> Result<Vec<T>, StoreError> {
    every_record(store, kind)
        .await?
        .into_iter()
        .map(|record| T::from_record(record).ok_or_else(|| wrong_type(kind)))
        .collect()
}

/// [`all`] before the records are unwrapped: one async function for every kind.
async fn every_record(store: &Store, kind: RecordKind) -> Result<Vec<Record>, StoreError> {
    store.forget_cached_if_written_elsewhere();
    if let Some(held) = store.cache().borrow().all(kind) {
        store.noted_read(kind.as_str());
        return Ok(held);
    }
    all_records(store, kind).await
}

/// Every pathway with its clocks on `as_of`: evaluated only for pathways written since they were last evaluated
/// for that date (see [`super::cache`]).
pub async fn pathways_with_clocks(
    store: &Store,
    as_of: chrono::NaiveDate,
) -> Result<Vec<(Pathway, PathwayClocks)>, StoreError> {
    store.forget_cached_if_written_elsewhere();
    loop {
        if let Some(held) = store.cache().borrow().pathways_with_clocks(as_of) {
            store.noted_read(RecordKind::Pathway.as_str());
            return Ok(held);
        }
        let read = all_records(store, RecordKind::Pathway).await?;
        if !store.cache().borrow().holds(RecordKind::Pathway) {
            // A write overtook the read: use what was read, this once.
            return Ok(read
                .into_iter()
                .filter_map(|record| match record {
                    Record::Pathway(pathway) => {
                        let clocks = PathwayClocks::compute(&pathway.events, pathway.cancer, as_of);
                        Some((pathway, clocks))
                    }
                    _ => None,
                })
                .collect());
        }
    }
}

/// Read every record of `kind` from IndexedDB, keeping them in memory unless a write to that kind committed while
/// reading.
async fn all_records(store: &Store, kind: RecordKind) -> Result<Vec<Record>, StoreError> {
    let generation = store.cache().borrow().generation(kind);
    let tx = store.tx(&[kind.as_str()], false)?;
    let values = idb::get_all_values(&tx.store(kind.as_str())?).await?;
    tx.finish().await?;
    let records = values.into_iter().map(|value| decode(kind, value)).collect::<Result<Vec<_>, _>>()?;
    store.cache().borrow_mut().install(kind, generation, &records);
    Ok(records)
}

/// Records read per step by [`keep_in_memory`]: each step about 50 ms for pathways, so a click waits little.
const KEEP_PAGE: u32 = 2000;

/// Read every record of `kind` into this page's memory, if it is not there yet, in steps that let the desk answer
/// clicks between them: so the first screen that shows them opens without reading them all. Returns whether they
/// are held (not when a write to the kind committed meanwhile: then a screen reads them when it opens).
pub async fn keep_in_memory(store: &Store, kind: RecordKind) -> Result<bool, StoreError> {
    if store.cache().borrow().holds(kind) {
        return Ok(true);
    }
    let generation = store.cache().borrow().generation(kind);
    let mut records = Vec::new();
    loop {
        let after = records.last().map(|record: &Record| record.key().id);
        let tx = store.tx(&[kind.as_str()], false)?;
        let values = idb::get_page_values(&tx.store(kind.as_str())?, after.as_deref(), KEEP_PAGE).await?;
        tx.finish().await?;
        let full_page = values.len() == KEEP_PAGE as usize;
        for value in values {
            records.push(decode(kind, value)?);
        }
        if store.cache().borrow().generation(kind) != generation {
            return Ok(false);
        }
        if !full_page {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(0).await;
    }
    Ok(store.cache().borrow_mut().install(kind, generation, &records))
}

fn wrong_type(kind: RecordKind) -> StoreError {
    StoreError::Data(format!("a stored {} record is not of the type asked for", kind.as_str()))
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

#[cfg(test)]
mod tests {
    use super::*;
    use pathdesk_core::demo::{generate, DemoOptions};

    #[test]
    fn every_indexed_field_is_kept_beside_the_json_of_every_record_of_its_kind() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).expect("a date");
        let records = generate(&DemoOptions { patients: 40, ..DemoOptions::standard(today) });
        for (kind, index, field) in schema::INDEXES {
            let of_kind: Vec<&Record> = records.iter().filter(|r| r.kind() == kind).collect();
            assert!(!of_kind.is_empty(), "the demo has {} records", kind.as_str());
            for record in of_kind {
                let fields = indexed_fields(record);
                let value = fields.iter().find(|(name, _)| *name == field).map(|(_, value)| value.clone());
                let json = serde_json::to_value(record).expect("json");
                assert_eq!(value.as_deref(), json[field].as_str(), "{} index {index}", kind.as_str());
            }
        }
    }
}
