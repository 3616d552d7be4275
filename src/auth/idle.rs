//! The idle lock for shared PCs: any key, pointer or touch input counts as activity; after the trust's
//! `idle_lock_minutes` without any, the screen locks. Where the person was (the focused field) is put back
//! after unlocking.

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{lock, Screen};
use crate::state::AppState;

/// How often to look at the time since the last input.
pub const CHECK_EVERY_MS: u32 = 5_000;

thread_local! {
    static LAST_INPUT_MS: Cell<f64> = Cell::new(js_sys::Date::now());
    static FOCUSED: RefCell<Option<web_sys::HtmlElement>> = const { RefCell::new(None) };
}

/// The person did something: the idle clock starts again.
pub fn touch() {
    LAST_INPUT_MS.with(|last| last.set(js_sys::Date::now()));
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
pub fn watch(state: AppState) {
    touch();
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
