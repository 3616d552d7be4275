//! The shell rendered in a real browser: the DOM the end-to-end tests and people rely on.

use leptos::prelude::*;
use pathdesk::app::App;
use pathdesk::desk::status::SyncStatus;
use pathdesk::desk::Desk;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

fn attr(selector: &str, name: &str) -> Option<String> {
    document().query_selector(selector).ok().flatten().and_then(|e| e.get_attribute(name))
}

fn text(selector: &str) -> String {
    document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .map(|e| e.inner_text())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_sync_indicator_and_navigation_keep_their_contract() {
    let state = Desk::new();
    state.auth.screen.set(pathdesk::desk::session::Screen::App);
    // Unmounted when the test ends (the handle drops), so the next test that mounts the app finds only its own.
    let _app = leptos::mount::mount_to(document().body().unwrap(), move || view! { <App desk=state/> });
    leptos::task::tick().await;

    let nav_text = text("nav");
    let nav: Vec<&str> = nav_text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    assert_eq!(nav, vec!["Today", "Clinics", "Triage", "Waiting list", "Pathways", "Patients", "Tasks", "Settings"]);
    let sync_now = document().query_selector("[data-testid=sync-status] button").unwrap().unwrap();
    assert_eq!(sync_now.text_content().as_deref(), Some("Sync now"));
    assert_eq!(attr("[data-testid=sync-status]", "data-online").as_deref(), Some("true"));
    assert_eq!(attr("[data-testid=sync-status]", "data-pending").as_deref(), Some("0"));
    assert_eq!(attr("[data-testid=sync-status]", "data-last-sync").as_deref(), Some(""));
    assert!(document().query_selector("a[href='/problems']").unwrap().is_none(), "no problems, no link");
    assert!(document().query_selector("a.skip-link[href='#main']").unwrap().is_some());

    state.sync.set(SyncStatus {
        browser_online: true,
        last_request_failed: true,
        server_unavailable: false,
        pending: 3,
        problems: 2,
        last_sync: Some("2026-11-21T10:42:00.000Z".into()),
        syncing: true,
        stopped: None,
        last_error: Some("The server could not be reached".into()),
        downloaded_again_at: None,
        read_from_store: true,
        download: None,
    });
    leptos::task::tick().await;

    assert_eq!(attr("[data-testid=sync-status]", "data-online").as_deref(), Some("false"));
    assert_eq!(attr("[data-testid=sync-status]", "data-pending").as_deref(), Some("3"));
    assert_eq!(attr("[data-testid=sync-status]", "data-problems").as_deref(), Some("2"));
    assert_eq!(attr("[data-testid=sync-status]", "data-last-sync").as_deref(), Some("2026-11-21T10:42:00.000Z"));
    assert_eq!(attr("[data-testid=sync-status]", "data-syncing").as_deref(), Some("true"));
    let words = text("[data-testid=sync-status]");
    assert!(words.contains("Offline"), "{words}");
    assert!(words.contains("3 changes only on this device"), "{words}");
    assert!(words.contains("Last synced 21 Nov 2026") || words.contains("Synced "), "{words}");
    assert_eq!(text("a[href='/problems']"), "2 problems need you");

    // A first sign-in's download: how far it has got in words and a bar, and never "synced" beside "not synced yet".
    state.sync.set(SyncStatus {
        last_request_failed: false,
        pending: 0,
        problems: 0,
        last_sync: None,
        syncing: true,
        last_error: None,
        download: Some(pathdesk::desk::status::Download { done: 41_000, of: 108_000 }),
        ..state.sync.get_untracked()
    });
    leptos::task::tick().await;
    let words = text("[data-testid=sync-status]");
    assert!(words.contains("Loading this desk's data: 41,000 of 108,000"), "{words}");
    assert!(!words.contains("synced") && !words.contains("Synced") && !words.contains("Not synced yet"), "{words}");
    assert_eq!(attr("[data-testid=download-progress]", "value").as_deref(), Some("41000"));
    assert_eq!(attr("[data-testid=download-progress]", "max").as_deref(), Some("108000"));
}
