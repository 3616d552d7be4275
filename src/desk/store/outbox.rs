//! The outbox: commands done on this device and not yet answered by the server, in the order they were done.

use pathdesk_core::record::{Record, RecordKey};
use pathdesk_core::sync::CommandEnvelope;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use super::idb::{self, Tx};
use super::{schema, Store, StoreError};

/// A record as it was just before a command changed it (`None`: the command created it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BeforeImage {
    pub key: RecordKey,
    pub record: Option<Record>,
}

/// One command waiting to sync, with what it changed here so it can be undone if the server refuses it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// The same as `envelope.seq`: the store's key, so the outbox reads back in the order things were done.
    pub seq: u64,
    pub envelope: CommandEnvelope,
    /// The records the command wrote on this device.
    pub touched: Vec<RecordKey>,
    pub before: Vec<BeforeImage>,
}

impl OutboxEntry {
    pub fn touches(&self, key: &RecordKey) -> bool {
        self.touched.contains(key)
    }
}

/// Queue appending `entry` in `tx`.
pub fn append_in(tx: &Tx, entry: &OutboxEntry) -> Result<(), StoreError> {
    tx.wrote(schema::OUTBOX);
    idb::put(&tx.store(schema::OUTBOX)?, entry)?;
    Ok(())
}

/// Queue removing the entry with `seq` in `tx`.
pub fn remove_in(tx: &Tx, seq: u64) -> Result<(), StoreError> {
    tx.wrote(schema::OUTBOX);
    idb::delete(&tx.store(schema::OUTBOX)?, &JsValue::from_f64(seq as f64))?;
    Ok(())
}

/// The whole outbox in `tx`, oldest first.
pub async fn all_in(tx: &Tx) -> Result<Vec<OutboxEntry>, StoreError> {
    idb::get_all(&tx.store(schema::OUTBOX)?).await
}

/// The whole outbox, oldest first.
pub async fn all(store: &Store) -> Result<Vec<OutboxEntry>, StoreError> {
    let tx = store.tx(&[schema::OUTBOX], false)?;
    let entries = all_in(&tx).await?;
    tx.finish().await?;
    Ok(entries)
}

/// How many changes are only on this device.
pub async fn count(store: &Store) -> Result<u32, StoreError> {
    let tx = store.tx(&[schema::OUTBOX], false)?;
    let n = idb::count(&tx.store(schema::OUTBOX)?).await?;
    tx.finish().await?;
    Ok(n)
}

/// Append one entry in its own transaction.
pub async fn append(store: &Store, entry: &OutboxEntry) -> Result<(), StoreError> {
    let tx = store.tx(&[schema::OUTBOX], true)?;
    append_in(&tx, entry)?;
    tx.commit().await
}
