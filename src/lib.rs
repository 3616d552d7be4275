//! Pathdesk in the browser: the desk of an NHS outpatient admin team, working from IndexedDB and syncing with
//! the server when it can.

pub mod api;
pub mod app;
pub mod auth;
pub mod booking_view;
pub mod clock;
pub mod components;
pub mod event_form;
pub mod format;
pub mod local;
pub mod offline;
pub mod pathway_view;
pub mod ptl_view;
pub mod reception_view;
pub mod routes;
pub mod search;
pub mod state;
pub mod store;
pub mod sync;
pub mod template_form;
pub mod trust;

use leptos::task::spawn_local;

use crate::state::AppState;

/// Start the app: render the shell, find out who is signed in, open their store and start syncing, register
/// the service worker, and lock the screen when left alone.
pub fn start() {
    console_error_panic_hook::set_once();
    let state = AppState::new();
    leptos::mount::mount_to_body(move || leptos::view! { <app::App state=state/> });
    offline::register_service_worker();
    auth::idle::watch(state);
    spawn_local(async move {
        auth::begin(state).await;
        mark_ready();
    });
}

/// `<body data-app-ready="true">`: the shell is on screen and the store is open (or said why not).
fn mark_ready() {
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute("data-app-ready", "true");
    }
}
