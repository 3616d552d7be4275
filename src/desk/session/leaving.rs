//! Signing out: what is only on this device (the outbox and problems) is never thrown away unexported; the
//! person's data can be removed from this browser; the service worker's app shell stays.

use pathdesk_core::access::UserSummary;
use serde::Serialize;
use wasm_bindgen::JsCast;

use super::{database_name, device_user};
use crate::desk::api::{self, ApiFailure};
use crate::desk::store::outbox::{self, OutboxEntry};
use crate::desk::store::problems::{self, Problem};
use crate::desk::store::{idb, meta, Store, StoreError};

/// The file a person downloads before signing out with unsynced work: everything needed to do it again.
#[derive(Debug, Clone, Serialize)]
pub struct UnsyncedExport {
    pub exported_at: String,
    pub username: String,
    pub name: String,
    pub device: String,
    /// Changes made on this device that the server has not yet answered, in the order they were made.
    pub outbox: Vec<OutboxEntry>,
    /// Changes the server refused, with the reasons.
    pub problems: Vec<Problem>,
}

/// What is only on this device.
#[derive(Debug, Clone, PartialEq)]
pub struct Unsynced {
    pub outbox: Vec<OutboxEntry>,
    pub problems: Vec<Problem>,
}

impl Unsynced {
    pub fn is_empty(&self) -> bool {
        self.outbox.is_empty() && self.problems.is_empty()
    }

    /// "3 changes not yet synced and 1 problem".
    pub fn describe(&self) -> String {
        let changes = match self.outbox.len() {
            1 => "1 change not yet synced".to_string(),
            n => format!("{n} changes not yet synced"),
        };
        match self.problems.len() {
            0 => changes,
            1 => format!("{changes} and 1 problem"),
            n => format!("{changes} and {n} problems"),
        }
    }
}

pub async fn unsynced(store: &Store) -> Result<Unsynced, StoreError> {
    Ok(Unsynced { outbox: outbox::all(store).await?, problems: problems::all(store).await? })
}

/// Download what is only on this device as a JSON file (no pop-up: a link the browser saves).
pub async fn export(store: &Store, user: &UserSummary) -> Result<String, String> {
    let Unsynced { outbox, problems } = unsynced(store).await.map_err(|e| e.to_string())?;
    let export = UnsyncedExport {
        exported_at: crate::desk::clock::now_iso(),
        username: user.username.clone(),
        name: user.name.clone(),
        device: meta::client_id(store).await.map_err(|e| e.to_string())?,
        outbox,
        problems,
    };
    let json = serde_json::to_string(&export).map_err(|e| e.to_string())?;
    let file_name = format!("pathdesk-unsynced-{}-{}.json", user.username, crate::desk::clock::today());
    download(&file_name, &json, "application/json")
        .map_err(|e| format!("The file could not be saved ({e}). Try again, or sync instead."))?;
    Ok(file_name)
}

fn download(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    let js = |e: wasm_bindgen::JsValue| idb::js_message(&e);
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(js)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(js)?;
    let document = leptos::prelude::document();
    let link: web_sys::HtmlAnchorElement = document.create_element("a").map_err(js)?.unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// End the session on the server. Out of reach: it is ended the next time Pathdesk reaches the server.
pub async fn end_session() -> Result<(), String> {
    match api::sign_out().await {
        Ok(()) => {}
        Err(ApiFailure::Unreachable(_) | ApiFailure::ServerError { .. }) => device_user::set_sign_out_pending(true),
        // Already signed out on the server: nothing to end.
        Err(failure) if failure.is_signed_out() => {}
        Err(failure) => return Err(failure.message()),
    }
    api::set_csrf_token(None);
    device_user::clear_last();
    super::idle::forget_lock();
    Ok(())
}

/// Remove `username`'s data from this browser: their database, their details and their offline verifier.
pub async fn remove_data(store: Option<Store>, username: &str) -> Result<(), String> {
    if let Some(store) = store {
        store.close();
    }
    idb::delete_database(&database_name(username)).await.map_err(|e| e.to_string())?;
    device_user::forget(username);
    Ok(())
}
