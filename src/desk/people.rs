//! Who work can be given to: the people and team pools the server names (`GET /api/people`), kept on this device
//! so a desk offline still offers them. Asked for again after a sync, at most every ten minutes.

use std::cell::Cell;

use leptos::prelude::{ArcTrigger, Notify, Track};
use pathdesk_core::access::Directory;

use crate::desk::api;
use crate::desk::store::{meta, Store};

/// How long a directory fetched from the server is used before it is asked for again.
const REFRESH_EVERY_MS: f64 = 10.0 * 60.0 * 1000.0;

thread_local! {
    static LAST_ASKED_MS: Cell<Option<f64>> = const { Cell::new(None) };
    /// Notified when a new directory is kept: forms that offer it read it again.
    static KEPT: ArcTrigger = ArcTrigger::new();
}

/// Called where a form reads the directory: it reads again when a new one is kept.
pub fn track() {
    KEPT.with(|kept| kept.track());
}

/// Who work can be given to, as kept on this device (no one yet when the server has never been asked).
pub async fn load(store: &Store) -> Directory {
    let kept = meta::string(store, meta::PEOPLE).await.ok().flatten();
    kept.and_then(|text| serde_json::from_str(&text).ok()).unwrap_or_default()
}

/// Asks the server again, unless it was asked in the last ten minutes; keeps what it says. A failure leaves the
/// kept directory as it was (the next sync asks again).
pub async fn refresh(store: &Store) {
    let now = js_sys::Date::now();
    if LAST_ASKED_MS.with(|last| last.get().is_some_and(|at| now - at < REFRESH_EVERY_MS)) {
        return;
    }
    let Ok(directory) = api::people().await else { return };
    let Ok(text) = serde_json::to_string(&directory) else { return };
    if meta::set_string(store, meta::PEOPLE, &text).await.is_ok() {
        LAST_ASKED_MS.with(|last| last.set(Some(now)));
        KEPT.with(|kept| kept.notify());
    }
}
