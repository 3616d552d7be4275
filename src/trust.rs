//! The trust's settings on this device: the synced record, or the defaults until a trust saves its own.

use pathdesk_core::record::RecordKind;
use pathdesk_core::settings::{TrustSettings, TRUST_SETTINGS_ID};

use crate::store::{records, Store, StoreError};

/// The trust settings this desk follows.
pub async fn settings(store: &Store) -> Result<TrustSettings, StoreError> {
    Ok(records::one::<TrustSettings>(store, RecordKind::TrustSettings, TRUST_SETTINGS_ID).await?.unwrap_or_default())
}
