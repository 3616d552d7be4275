//! Who is at the desk: signing in, changing a one-time password, the idle lock, and signing out. The server
//! decides who is signed in (an HttpOnly cookie); this module keeps what the screens need and decides which
//! screen shows: the sign-in screen, the app, or the app hidden behind the lock screen.

pub mod device_user;
pub mod idle;
pub mod leaving;
pub mod verifier;

use leptos::prelude::*;
use pathdesk_core::access::{SessionInfo, SignInRequest, UserSummary};

use crate::desk::api::{self, ApiFailure};
use crate::desk::state::{self, Desk};
pub use crate::desk::state::{Auth, Screen};
use crate::desk::store::{self, meta};

/// The IndexedDB database of one person's data on this browser: each person who signs in here has their own.
pub fn database_name(username: &str) -> String {
    format!("{}-{username}", store::DB_NAME)
}

/// What to tell a person whose sign-in failed.
pub fn sign_in_failure_text(failure: &ApiFailure) -> String {
    match failure.code() {
        Some("wrong_credentials") => {
            "The username or password is not right. Check both (passwords are case-sensitive) and try again."
                .to_string()
        }
        // The server says how long to wait.
        Some("too_many_attempts") => failure.message(),
        _ => match failure {
            ApiFailure::Unreachable(_) => {
                "Pathdesk cannot reach the server to sign you in. Check the network connection and try again."
                    .to_string()
            }
            other => other.message(),
        },
    }
}

/// At start: ask the server who is signed in and show the right screen. Returns once a screen is on the page.
pub async fn begin(state: Desk) {
    let notice = device_user::take_notice();
    let answer = api::session().await;
    if device_user::sign_out_pending() {
        if let Ok(info) = &answer {
            // Signed out while the server was out of reach: end that session now, before anyone uses it.
            api::set_csrf_token(Some(info.csrf_token.clone()));
            if api::sign_out().await.is_ok() {
                device_user::set_sign_out_pending(false);
            }
            api::set_csrf_token(None);
            show_sign_in(state, notice);
            return;
        }
    }
    match answer {
        Ok(info) => accept_session(state, info, None).await,
        Err(failure) if failure.is_signed_out() => show_sign_in(state, notice),
        Err(failure @ (ApiFailure::Unreachable(_) | ApiFailure::ServerError { .. })) => match device_user::last() {
            // Offline at start: the last person here unlocks with their password, checked on this device.
            Some(known) => {
                state.auth.idle_lock_minutes.set(known.idle_lock_minutes);
                let screen =
                    if idle::start_locked(known.idle_lock_minutes, false) { Screen::Locked } else { Screen::App };
                open_app(state, known.user, screen).await;
            }
            None => {
                let reason = sign_in_failure_text(&failure);
                show_sign_in(state, Some(notice.map_or(reason.clone(), |notice| format!("{notice} {reason}"))))
            }
        },
        Err(failure) => show_sign_in(state, Some(failure.message())),
    }
}

fn show_sign_in(state: Desk, notice: Option<String>) {
    state.auth.notice.set(notice);
    state.auth.screen.set(Screen::SignIn);
}

/// Sign in with the form's username and password; on success make the offline verifier and open the app.
pub async fn sign_in(state: Desk, username: String, password: String) -> Result<(), String> {
    let info = api::sign_in(&SignInRequest { username, password: password.clone() })
        .await
        .map_err(|failure| sign_in_failure_text(&failure))?;
    accept_session(state, info, Some(&password)).await;
    Ok(())
}

/// The server accepted this session: remember the person (and a verifier of the password, if typed) and show
/// the app, or the change-password screen first.
pub async fn accept_session(state: Desk, info: SessionInfo, password: Option<&str>) {
    api::set_csrf_token(Some(info.csrf_token.clone()));
    device_user::set_sign_out_pending(false);
    state.auth.idle_lock_minutes.set(info.idle_lock_minutes);
    let verifier = match password {
        Some(password) => verifier::make(password).await.ok(),
        None => None,
    };
    device_user::remember(&info.user, info.idle_lock_minutes, verifier);
    if info.must_change_password {
        state.auth.user.set(Some(info.user));
        state.auth.screen.set(Screen::ChangePassword);
        return;
    }
    // A reload or a new tab does not get past a lock, nor past the idle time (typing the password just now does).
    let screen = if password.is_none() && idle::start_locked(info.idle_lock_minutes, true) {
        Screen::Locked
    } else {
        Screen::App
    };
    open_app(state, info.user, screen).await;
}

/// Show the app for `user`: open their data on this browser (once), then sync.
pub async fn open_app(state: Desk, user: UserSummary, screen: Screen) {
    let already_open = state.auth.user.with_untracked(|u| u.as_ref().map(|u| u.username.clone()));
    if state.store_ready.get_untracked() {
        if already_open.as_deref() != Some(user.username.as_str()) {
            // Another person's data is open in this page: start afresh with theirs.
            reload("/");
            return;
        }
        state.auth.user.set(Some(user));
        set_screen(state, screen);
        crate::desk::sync::driver::request_sync(state, crate::desk::sync::driver::Trigger::Manual);
        return;
    }
    state.auth.user.set(Some(user.clone()));
    set_screen(state, screen);
    match store::open_store(&database_name(&user.username)).await {
        Ok(opened) => {
            // Changes made here are signed with the signed-in person's name.
            if let Err(error) = meta::set_string(&opened, meta::DISPLAY_NAME, &user.name).await {
                state.store_error.set(Some(error.to_string()));
            }
            state::set_store(opened);
            state.store_ready.set(true);
            crate::desk::sync::driver::start(state);
        }
        Err(error) => state.store_error.set(Some(error.to_string())),
    }
}

/// Show the app (unlocked) or the lock screen, and remember which for reloads and other tabs.
fn set_screen(state: Desk, screen: Screen) {
    match screen {
        Screen::App => {
            idle::touch_now();
            idle::set_locked(false);
        }
        Screen::Locked => idle::set_locked(true),
        _ => {}
    }
    state.auth.screen.set(screen);
}

/// Lock the screen now (after inactivity, or the person's "Lock" button).
pub fn lock(state: Desk) {
    if state.auth.screen.get_untracked() == Screen::App {
        idle::remember_focus();
        set_screen(state, Screen::Locked);
    }
}

/// Unlock with `password`, checked on this device (so it works offline); without a saved check, by the server.
pub async fn unlock(state: Desk, password: String) -> Result<(), String> {
    let Some(user) = state.auth.user.get_untracked() else {
        return Err("Nobody is signed in on this device. Reload the page to sign in.".to_string());
    };
    let known = device_user::get(&user.username).and_then(|known| known.verifier);
    let right = match known {
        Some(saved) => verifier::check(&password, &saved).await.map_err(|e| e.to_string())?,
        None => {
            match api::sign_in(&SignInRequest { username: user.username.clone(), password: password.clone() }).await {
                Ok(info) => {
                    api::set_csrf_token(Some(info.csrf_token.clone()));
                    let verifier = verifier::make(&password).await.ok();
                    device_user::remember(&info.user, info.idle_lock_minutes, verifier);
                    true
                }
                Err(ApiFailure::Unreachable(_)) => {
                    return Err("This device cannot check your password offline yet: sign in once with the network \
                            on. Try again when the server is reachable."
                        .to_string())
                }
                Err(failure) if failure.code() == Some("wrong_credentials") => false,
                Err(failure) => return Err(sign_in_failure_text(&failure)),
            }
        }
    };
    if !right {
        return Err(format!("That is not the password of {}. Try again.", user.name));
    }
    set_screen(state, Screen::App);
    idle::restore_focus();
    Ok(())
}

/// Load `path` afresh (after signing out, or when another person signs in).
pub fn reload(path: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(path);
    }
}
