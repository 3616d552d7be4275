//! Pathdesk in the browser: the desk of an NHS outpatient admin team, working from IndexedDB and syncing with
//! the server when it can.
//!
//! The house: `desk/` is the device runtime (store, local changes, sync, who is signed in) and imports nothing
//! above it; `screens/` has one folder per screen, none importing another; `ui/` holds the pieces two or more
//! screens share; `app` is the shell. What a rule is lives in `pathdesk_core`.

pub mod app;
pub mod desk;
pub mod screens;
pub mod ui;

use leptos::task::spawn_local;

use crate::desk::Desk;

/// Start the app: render the shell, find out who is signed in, open their store and start syncing, register
/// the service worker, and lock the screen when left alone.
pub fn start() {
    console_error_panic_hook::set_once();
    let desk = Desk::new();
    leptos::mount::mount_to_body(move || leptos::view! { <app::App desk=desk/> });
    desk::offline::register_service_worker();
    desk::session::idle::watch(desk);
    spawn_local(async move {
        desk::session::begin(desk).await;
        mark_ready();
    });
}

/// `<body data-app-ready="true">`: the shell is on screen and the store is open (or said why not).
fn mark_ready() {
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute("data-app-ready", "true");
    }
}
