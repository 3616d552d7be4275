//! What the whole app shares: the open store, the sync status, and who is signed in (the screen that shows).

use std::cell::RefCell;

use leptos::prelude::*;
use pathdesk_core::access::{self, Area, Role, UserSummary, DEFAULT_IDLE_LOCK_MINUTES};
use pathdesk_core::command::Command;

use crate::desk::api;
use crate::desk::status::SyncStatus;
use crate::desk::store::{Store, StoreError};

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
pub struct Desk {
    pub sync: RwSignal<SyncStatus>,
    /// The store is open.
    pub store_ready: RwSignal<bool>,
    /// The store could not be opened: said to the person instead of the screens.
    pub store_error: RwSignal<Option<String>>,
    /// Who is signed in and which screen shows.
    pub auth: Auth,
    /// How densely this device draws lists.
    pub density: RwSignal<crate::desk::density::Density>,
}

impl Desk {
    pub fn new() -> Desk {
        Desk {
            sync: RwSignal::new(SyncStatus::default()),
            store_ready: RwSignal::new(false),
            store_error: RwSignal::new(None),
            auth: Auth::new(),
            density: crate::desk::density::signal(),
        }
    }

    pub fn get() -> Desk {
        expect_context::<Desk>()
    }

    /// Track the store, for a screen's loader: `Ok(None)` while the store is opening, `Err` (a message for the
    /// person) if it could not be opened.
    pub fn track_store(&self) -> Result<Option<Store>, String> {
        if let Some(error) = self.store_error.get() {
            return Err(error);
        }
        if !self.store_ready.get() {
            return Ok(None);
        }
        current_store().map(Some).map_err(|e| e.to_string())
    }

    /// The server says the session ended (it expired, or was ended elsewhere): ask to sign in again over the app,
    /// keeping everything on this device.
    pub fn signed_out_by_server(&self) {
        api::set_csrf_token(None);
        if self.auth.screen.get_untracked() == Screen::App {
            self.auth.notice.set(Some(
                "Signed out: sign in again. Changes on this device are kept and sync once you are signed in."
                    .to_string(),
            ));
            self.auth.screen.set(Screen::SignedOut);
        }
    }
}

impl Default for Desk {
    fn default() -> Self {
        Desk::new()
    }
}

/// Which screen Pathdesk shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Asking the server who is signed in.
    Checking,
    /// Nobody is signed in: the sign-in screen, nothing behind it.
    SignIn,
    /// Signed in with a one-time password: choose a new one first.
    ChangePassword,
    /// The app.
    App,
    /// The app, hidden and inert behind the lock screen.
    Locked,
    /// The server ended the session while the app was open: sign in again over the app (nothing typed is lost).
    SignedOut,
}

impl Screen {
    /// The app is on the page (perhaps hidden behind a lock or sign-in overlay).
    pub fn shows_app(self) -> bool {
        matches!(self, Screen::App | Screen::Locked | Screen::SignedOut)
    }

    /// The app is on the page but hidden and unusable.
    pub fn hides_app(self) -> bool {
        matches!(self, Screen::Locked | Screen::SignedOut)
    }
}

/// The signed-in person and the screen, as signals for the shell.
#[derive(Clone, Copy)]
pub struct Auth {
    pub screen: RwSignal<Screen>,
    /// Whose data this app shows (known offline too).
    pub user: RwSignal<Option<UserSummary>>,
    pub idle_lock_minutes: RwSignal<u32>,
    /// A message for the sign-in screen (why it shows).
    pub notice: RwSignal<Option<String>>,
}

impl Auth {
    pub fn new() -> Auth {
        Auth {
            screen: RwSignal::new(Screen::Checking),
            user: RwSignal::new(None),
            idle_lock_minutes: RwSignal::new(DEFAULT_IDLE_LOCK_MINUTES),
            notice: RwSignal::new(None),
        }
    }

    pub fn role(&self) -> Option<Role> {
        self.user.with(|u| u.as_ref().map(|u| u.role))
    }

    /// Does this person's role do this kind of work? (The core's rules, which the server enforces.)
    pub fn works_on(&self, area: Area) -> bool {
        self.user.with_untracked(|u| u.as_ref().is_some_and(|u| u.role.works_on(area)))
    }

    /// May this person send `command`? `Err` says why not.
    pub fn may_send(&self, command: &Command) -> Result<(), String> {
        match self.user.with_untracked(|u| u.as_ref().map(|u| u.role)) {
            Some(role) => access::may_send(role, command),
            None => Err("Nobody is signed in: sign in to make changes.".to_string()),
        }
    }

    pub fn is_administrator(&self) -> bool {
        self.role() == Some(Role::Administrator)
    }

    /// A team lead or an administrator (who import PAS extracts, among other things).
    pub fn is_lead(&self) -> bool {
        matches!(self.role(), Some(Role::Administrator | Role::TeamLead))
    }
}

impl Default for Auth {
    fn default() -> Self {
        Auth::new()
    }
}
