//! Who uses this browser: for each person who signed in here, their details, the trust's idle lock setting and
//! the offline unlock verifier (never the password, never the session's token), in local storage. The last of
//! them is who the lock screen asks for when Pathdesk starts with the server out of reach.

use std::collections::BTreeMap;

use pathdesk_core::access::UserSummary;
use serde::{Deserialize, Serialize};

use super::verifier::Verifier;

/// local storage: the people of this browser, by username (JSON).
pub const USERS_KEY: &str = "pathdesk.users";
/// local storage: the username of the last person signed in here, unless they signed out.
pub const LAST_USER_KEY: &str = "pathdesk.last_user";
/// local storage: signed out while the server was out of reach: end the server's session when it is back.
pub const SIGN_OUT_PENDING_KEY: &str = "pathdesk.sign_out_pending";
/// session storage: a message for the sign-in screen after the page reloads (signed out, data removed).
pub const NOTICE_KEY: &str = "pathdesk.notice";

/// One person known to this browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceUser {
    pub user: UserSummary,
    pub idle_lock_minutes: u32,
    pub verifier: Option<Verifier>,
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn all() -> BTreeMap<String, DeviceUser> {
    local()
        .and_then(|s| s.get_item(USERS_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

fn save_all(users: &BTreeMap<String, DeviceUser>) {
    if let (Some(storage), Ok(text)) = (local(), serde_json::to_string(users)) {
        let _ = storage.set_item(USERS_KEY, &text);
    }
}

pub fn get(username: &str) -> Option<DeviceUser> {
    all().remove(username)
}

/// The person the lock screen asks for at an offline start.
pub fn last() -> Option<DeviceUser> {
    let username = local()?.get_item(LAST_USER_KEY).ok()??;
    get(&username)
}

/// Remember a signed-in person. A `verifier` of `None` keeps the one already saved for them.
pub fn remember(user: &UserSummary, idle_lock_minutes: u32, verifier: Option<Verifier>) {
    let mut users = all();
    let verifier = verifier.or_else(|| users.get(&user.username).and_then(|u| u.verifier.clone()));
    users.insert(user.username.clone(), DeviceUser { user: user.clone(), idle_lock_minutes, verifier });
    save_all(&users);
    if let Some(storage) = local() {
        let _ = storage.set_item(LAST_USER_KEY, &user.username);
    }
}

/// Nobody is signed in here any more: an offline start shows the sign-in screen, not a lock screen.
pub fn clear_last() {
    if let Some(storage) = local() {
        let _ = storage.remove_item(LAST_USER_KEY);
    }
}

/// Forget a person entirely (their details and verifier).
pub fn forget(username: &str) {
    let mut users = all();
    users.remove(username);
    save_all(&users);
    if local().and_then(|s| s.get_item(LAST_USER_KEY).ok().flatten()).as_deref() == Some(username) {
        clear_last();
    }
}

pub fn set_sign_out_pending(pending: bool) {
    if let Some(storage) = local() {
        let _ = if pending {
            storage.set_item(SIGN_OUT_PENDING_KEY, "1")
        } else {
            storage.remove_item(SIGN_OUT_PENDING_KEY)
        };
    }
}

pub fn sign_out_pending() -> bool {
    local().and_then(|s| s.get_item(SIGN_OUT_PENDING_KEY).ok().flatten()).is_some()
}

/// Leave a message for the sign-in screen across a reload.
pub fn leave_notice(text: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(NOTICE_KEY, text);
    }
}

/// The message left before a reload, once.
pub fn take_notice() -> Option<String> {
    let storage = session_storage()?;
    let text = storage.get_item(NOTICE_KEY).ok()??;
    let _ = storage.remove_item(NOTICE_KEY);
    Some(text)
}
