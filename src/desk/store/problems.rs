//! Problems: commands the server refused, kept whole with the reason until a person deals with them.

use pathdesk_core::command::Rejection;
use pathdesk_core::sorting;
use pathdesk_core::sync::CommandEnvelope;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use super::idb::{self, Tx};
use super::{schema, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// The command's UUID.
    pub id: String,
    /// Everything that was sent, so nothing typed is lost.
    pub envelope: CommandEnvelope,
    pub rejection: Rejection,
    /// When this device heard the answer (ISO 8601).
    pub noticed_at: String,
}

pub fn add_in(tx: &Tx, problem: &Problem) -> Result<(), StoreError> {
    tx.wrote(schema::PROBLEMS);
    idb::put(&tx.store(schema::PROBLEMS)?, problem)?;
    Ok(())
}

pub async fn all(store: &Store) -> Result<Vec<Problem>, StoreError> {
    let tx = store.tx(&[schema::PROBLEMS], false)?;
    let mut problems: Vec<Problem> = idb::get_all(&tx.store(schema::PROBLEMS)?).await?;
    tx.finish().await?;
    sorting::sort_by_key(&mut problems, |p| p.envelope.seq);
    Ok(problems)
}

pub async fn count(store: &Store) -> Result<u32, StoreError> {
    let tx = store.tx(&[schema::PROBLEMS], false)?;
    let n = idb::count(&tx.store(schema::PROBLEMS)?).await?;
    tx.finish().await?;
    Ok(n)
}

/// A person has dealt with the problem: forget it.
pub async fn discard(store: &Store, id: &str) -> Result<(), StoreError> {
    let tx = store.tx(&[schema::PROBLEMS], true)?;
    tx.wrote(schema::PROBLEMS);
    idb::delete(&tx.store(schema::PROBLEMS)?, &JsValue::from_str(id))?;
    tx.commit().await
}
