//! The idle lock for shared PCs: any key, pointer or touch input counts as activity; after the trust's
//! `idle_lock_minutes` without any, the screen locks. Where the person was (the focused field) is put back
//! after unlocking.

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{lock, Screen};
use crate::desk::Desk;

/// How often to look at the time since the last input.
pub const CHECK_EVERY_MS: u32 = 5_000;

/// local storage: when someone last used Pathdesk on this browser (ms since 1970), so a reload or a new tab
/// cannot skip the idle lock.
pub const LAST_INPUT_KEY: &str = "pathdesk.last_input";
/// local storage: the screen is locked; a reload or another tab starts locked too.
pub const LOCKED_KEY: &str = "pathdesk.locked";
/// session storage (this tab only): the app was open and unlocked in this tab, so reloading it with the
/// server out of reach carries on; a new tab (after a reboot, say) starts at the lock screen.
pub const TAB_OPEN_KEY: &str = "pathdesk.tab_open";
/// Write the last input time at most this often.
const SAVE_EVERY_MS: f64 = 5_000.0;

thread_local! {
    static LAST_INPUT_MS: Cell<f64> = Cell::new(js_sys::Date::now());
    static LAST_SAVED_MS: Cell<f64> = const { Cell::new(0.0) };
    static FOCUSED: RefCell<Option<web_sys::HtmlElement>> = const { RefCell::new(None) };
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn this_tab() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The person did something: the idle clock starts again.
pub fn touch() {
    let now = js_sys::Date::now();
    LAST_INPUT_MS.with(|last| last.set(now));
    if now - LAST_SAVED_MS.with(Cell::get) >= SAVE_EVERY_MS {
        LAST_SAVED_MS.with(|saved| saved.set(now));
        if let Some(storage) = local() {
            let _ = storage.set_item(LAST_INPUT_KEY, &(now as u64).to_string());
        }
    }
}

/// Start the idle clock now and save it at once (on unlocking or signing in).
pub fn touch_now() {
    LAST_SAVED_MS.with(|saved| saved.set(0.0));
    touch();
}

/// Milliseconds since anyone used Pathdesk on this browser, as saved (none saved: never used).
pub fn saved_idle_ms() -> Option<f64> {
    // The browser's number reader, not Rust's (which would add its float parser to the app for this one value).
    let saved = js_sys::Number::parse_float(&local()?.get_item(LAST_INPUT_KEY).ok()??);
    if !saved.is_finite() {
        return None;
    }
    Some(js_sys::Date::now() - saved)
}

/// Note that the screen is locked (or not) for reloads and other tabs.
pub fn set_locked(locked: bool) {
    if let Some(storage) = local() {
        let _ = if locked { storage.set_item(LOCKED_KEY, "1") } else { storage.remove_item(LOCKED_KEY) };
    }
    if let Some(tab) = this_tab() {
        let _ = if locked { tab.remove_item(TAB_OPEN_KEY) } else { tab.set_item(TAB_OPEN_KEY, "1") };
    }
}

/// Nobody is signed in any more: the next person does not start at a lock screen.
pub fn forget_lock() {
    if let Some(storage) = local() {
        let _ = storage.remove_item(LOCKED_KEY);
    }
}

/// Should Pathdesk start locked? When it was locked, when it has been left alone for the trust's time, or (with
/// the server out of reach) when this tab did not have it open and unlocked.
pub fn start_locked(minutes: u32, server_reached: bool) -> bool {
    let locked = local().and_then(|s| s.get_item(LOCKED_KEY).ok().flatten()).is_some();
    let idle = saved_idle_ms().is_some_and(|ms| due(ms, minutes));
    let tab_open = this_tab().and_then(|s| s.get_item(TAB_OPEN_KEY).ok().flatten()).is_some();
    locked || idle || (!server_reached && !tab_open)
}

/// Milliseconds without input.
pub fn idle_ms() -> f64 {
    js_sys::Date::now() - LAST_INPUT_MS.with(Cell::get)
}

/// Should the screen lock after `idle_ms` without input, with the trust's setting of `minutes`?
pub fn due(idle_ms: f64, minutes: u32) -> bool {
    minutes > 0 && idle_ms >= f64::from(minutes) * 60_000.0
}

/// Keep the focused control, to give focus back after unlocking.
pub fn remember_focus() {
    let focused = document().active_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    FOCUSED.with(|slot| *slot.borrow_mut() = focused);
}

pub fn restore_focus() {
    if let Some(element) = FOCUSED.with(|slot| slot.borrow_mut().take()) {
        // After the overlay is gone and the app is no longer inert.
        request_animation_frame(move || {
            let _ = element.focus();
        });
    }
}

/// Watch for input and lock when the app has been left alone long enough.
pub fn watch(state: Desk) {
    for event in ["keydown", "pointerdown", "pointermove", "wheel", "touchstart", "input"] {
        let on_input = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(touch);
        let _ = window().add_event_listener_with_callback_and_bool(event, on_input.as_ref().unchecked_ref(), true);
        on_input.forget();
    }
    let check = gloo_timers::callback::Interval::new(CHECK_EVERY_MS, move || {
        if state.auth.screen.get_untracked() == Screen::App
            && due(idle_ms(), state.auth.idle_lock_minutes.get_untracked())
        {
            lock(state);
        }
    });
    check.forget();
}
