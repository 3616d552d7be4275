//! What the whole app shares: the open store, a data version that screens reload on, and the sync status.

use std::cell::RefCell;

use leptos::prelude::*;
use pathdesk_core::command::Command;

use crate::clock;
use crate::local::{self, LocalError};
use crate::store::{Store, StoreError};
use crate::sync::driver::{self, Trigger};
use crate::sync::status::SyncStatus;

thread_local! {
    static STORE: RefCell<Option<Store>> = const { RefCell::new(None) };
}

/// The app's open database, once opened.
pub fn current_store() -> Result<Store, StoreError> {
    STORE.with(|store| store.borrow().clone()).ok_or_else(|| StoreError::Open("it is still opening".to_string()))
}

pub fn set_store(store: Store) {
    STORE.with(|slot| *slot.borrow_mut() = Some(store));
}

/// Signals shared by every screen (given as context by the shell).
#[derive(Clone, Copy)]
pub struct AppState {
    /// Bumped whenever data on this device changed (here, by sync or in another tab): screens reload on it.
    pub data_version: RwSignal<u64>,
    pub sync: RwSignal<SyncStatus>,
    /// The store is open.
    pub store_ready: RwSignal<bool>,
    /// The store could not be opened: said to the person instead of the screens.
    pub store_error: RwSignal<Option<String>>,
    /// Who is signed in and which screen shows.
    pub auth: crate::auth::Auth,
}

impl AppState {
    pub fn new() -> AppState {
        AppState {
            data_version: RwSignal::new(0),
            sync: RwSignal::new(SyncStatus::default()),
            store_ready: RwSignal::new(false),
            store_error: RwSignal::new(None),
            auth: crate::auth::Auth::new(),
        }
    }

    pub fn get() -> AppState {
        expect_context::<AppState>()
    }

    /// Screens read their data again.
    pub fn data_changed(&self) {
        self.data_version.update(|v| *v += 1);
    }

    /// Track the data version and the store, for a screen's loader: `Ok(None)` while the store is opening,
    /// `Err` (a message for the person) if it could not be opened.
    pub fn track_store(&self) -> Result<Option<Store>, String> {
        self.data_version.track();
        if let Some(error) = self.store_error.get() {
            return Err(error);
        }
        if !self.store_ready.get() {
            return Ok(None);
        }
        current_store().map(Some).map_err(|e| e.to_string())
    }

    /// Do a command on this device, then tell the screens, the other tabs and the sync loop.
    pub async fn run_command(&self, command: Command) -> Result<(), LocalError> {
        if let Err(reason) = self.auth.may_send(&command) {
            return Err(LocalError::Rejected(pathdesk_core::command::Rejection {
                code: pathdesk_core::command::RejectionCode::Forbidden,
                message: format!("{reason} Nothing was saved."),
                details: None,
            }));
        }
        let store = current_store()?;
        local::do_command(&store, command, clock::today()).await?;
        self.data_changed();
        driver::announce_change();
        driver::refresh_counts(*self).await;
        driver::request_sync(*self, Trigger::LocalChange);
        Ok(())
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::new()
    }
}
