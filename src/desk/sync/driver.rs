//! When to sync, and keeping the indicator truthful: on start, after each local change, every 30 s, when the
//! tab comes back into view or the browser goes online, and when the person presses "Sync now". Failures to
//! reach the server are retried with backoff; a refusal stops syncing until a person presses "Sync now".

use std::cell::RefCell;

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::access::Area;

use super::backoff::Backoff;
use super::client::{self, HttpServer, SyncError};
use super::tabs::{self, TabChannel};
use crate::desk::changes;
use crate::desk::clock;
use crate::desk::state::{current_store, Desk};
use crate::desk::store::{meta, outbox, problems, StoreNames};

pub const EVERY_MS: u32 = 30_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    Start,
    LocalChange,
    Timer,
    Visible,
    Online,
    OtherTab,
    Retry(u64),
    Manual,
}

#[derive(Default)]
struct Driver {
    running: bool,
    again: bool,
    backoff: Backoff,
    /// Changes when a sync succeeds or a new retry is planned: an older retry timer then does nothing.
    retry_generation: u64,
    retry_planned: bool,
    channel: Option<TabChannel>,
}

thread_local! {
    static DRIVER: RefCell<Driver> = RefCell::new(Driver::default());
}

/// Open the channel to other tabs: their changes make this tab's screens reload.
pub fn listen_to_other_tabs(state: Desk) {
    let channel = TabChannel::open(move |changed| {
        // What this page held in memory of those stores is out of date: read again when next asked.
        if let Ok(store) = current_store() {
            store.forget_cached(&changed);
        }
        changes::tell(&changed);
        spawn_local(refresh_counts(state));
        // Its changes may be waiting to sync and that tab may not hold the sync lock: try here too.
        request_sync(state, Trigger::OtherTab);
    });
    DRIVER.with(|d| d.borrow_mut().channel = Some(channel));
}

/// Tell other tabs which stores changed.
pub fn announce_change(changed: &StoreNames) {
    if changed.is_empty() {
        return;
    }
    DRIVER.with(|d| {
        if let Some(channel) = &d.borrow().channel {
            channel.announce_change(changed);
        }
    });
}

/// Read the pending and problem counts and the last sync time from the store into the indicator. A figure
/// that cannot be read keeps its last known value rather than showing a reassuring zero.
pub async fn refresh_counts(state: Desk) {
    let Ok(store) = current_store() else { return };
    let pending = outbox::count(&store).await;
    let problems = problems::count(&store).await;
    let last_sync = meta::string(&store, meta::LAST_SYNC).await;
    let downloaded_again = meta::string(&store, meta::DOWNLOADED_AGAIN_AT).await;
    state.sync.update(|s| {
        if let Ok(at) = downloaded_again {
            s.downloaded_again_at = at.filter(|at| !at.is_empty());
        }
        if let Ok(pending) = pending {
            s.pending = pending;
        }
        if let Ok(problems) = problems {
            s.problems = problems;
        }
        if let Ok(last_sync) = last_sync {
            s.last_sync = last_sync;
            s.read_from_store = true;
        }
        s.browser_online = browser_online();
    });
}

pub fn browser_online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
}

/// Ask for a sync. If one is running, another follows it.
pub fn request_sync(state: Desk, trigger: Trigger) {
    let stopped = state.sync.with_untracked(|s| s.stopped.is_some());
    let start = DRIVER.with(|d| {
        let mut d = d.borrow_mut();
        match trigger {
            // A person asked, or the network came back: start afresh.
            Trigger::Manual | Trigger::Online => d.backoff.succeeded(),
            // An old retry timer, superseded: ignore.
            Trigger::Retry(generation) if generation != d.retry_generation => return false,
            Trigger::Retry(_) => d.retry_planned = false,
            // While waiting to retry, automatic triggers wait for the retry.
            _ if d.retry_planned => return false,
            _ => {}
        }
        if stopped && trigger != Trigger::Manual {
            return false;
        }
        if d.running {
            d.again = true;
            return false;
        }
        d.running = true;
        true
    });
    if !start {
        return;
    }
    if trigger == Trigger::Manual {
        state.sync.update(|s| s.stopped = None);
    }
    state.sync.update(|s| s.syncing = true);
    spawn_local(run(state));
}

async fn run(state: Desk) {
    loop {
        let outcome = match current_store() {
            Ok(store) => {
                tabs::with_sync_lock(move || async move {
                    let client_id = crate::desk::store::meta::client_id(&store).await.map_err(SyncError::Store)?;
                    let progress = move |download| {
                        state.sync.update(|s| s.download = Some(download));
                    };
                    client::sync_once_telling(&store, &HttpServer { client_id }, &clock::now_iso(), &progress).await
                })
                .await
            }
            Err(_) => None,
        };
        match outcome {
            // Another tab is syncing; it will tell us when data changes.
            None => {}
            Some(Ok(_)) => {
                DRIVER.with(|d| {
                    let mut d = d.borrow_mut();
                    d.backoff.succeeded();
                    d.retry_generation += 1;
                    d.retry_planned = false;
                });
                state.sync.update(|s| {
                    s.last_request_failed = false;
                    s.server_unavailable = false;
                    s.last_error = None;
                    s.stopped = None;
                });
                if let Ok(store) = current_store() {
                    let changed = store.take_changes();
                    changes::tell(&changed);
                    announce_change(&changed);
                    let people_store = store.clone();
                    spawn_local(async move { crate::desk::people::refresh(&people_store).await });
                    let with_ptl = state.auth.works_on(Area::Pathways);
                    if with_ptl || state.auth.works_on(Area::Booking) {
                        spawn_local(async move {
                            let _ = crate::desk::queries::keep_lists_ready(&store, clock::today(), with_ptl).await;
                        });
                    }
                }
            }
            Some(Err(error)) => note_failure(state, &error),
        }
        refresh_counts(state).await;
        state.sync.update(|s| s.download = None);
        let again = DRIVER.with(|d| {
            let mut d = d.borrow_mut();
            let again = d.again && !d.retry_planned;
            d.again = false;
            if !again {
                d.running = false;
            }
            again
        });
        if !again {
            break;
        }
    }
    state.sync.update(|s| s.syncing = false);
}

fn note_failure(state: Desk, error: &SyncError) {
    use crate::desk::api::ApiFailure;
    if matches!(error, SyncError::Api(failure) if failure.is_signed_out()) {
        // The session ended: the outbox stays; syncing carries on once the person signs in again.
        state.sync.update(|s| s.last_request_failed = false);
        state.signed_out_by_server();
        return;
    }
    match error {
        SyncError::Api(ApiFailure::Unreachable(_)) => state.sync.update(|s| {
            s.last_request_failed = true;
            s.server_unavailable = false;
        }),
        SyncError::Api(ApiFailure::ServerError { .. }) => state.sync.update(|s| {
            s.last_request_failed = true;
            s.server_unavailable = true;
        }),
        SyncError::Api(ApiFailure::Refused { .. }) => state.sync.update(|s| {
            s.last_request_failed = false;
            s.server_unavailable = false;
        }),
        SyncError::Store(_) | SyncError::NoProgress(_) => {}
    }
    if !error.is_transient() {
        state.sync.update(|s| s.stopped = Some(error.to_string()));
        return;
    }
    state.sync.update(|s| s.last_error = Some(error.to_string()));
    let (delay, generation) = DRIVER.with(|d| {
        let mut d = d.borrow_mut();
        d.retry_generation += 1;
        d.retry_planned = true;
        (d.backoff.failed(clock::random()), d.retry_generation)
    });
    spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(delay).await;
        request_sync(state, Trigger::Retry(generation));
    });
}

/// Start syncing now and keep syncing: every 30 s, on focus, when visible again and when the browser is online.
pub fn start(state: Desk) {
    listen_to_other_tabs(state);
    spawn_local(async move {
        refresh_counts(state).await;
        request_sync(state, Trigger::Start);
    });
    spawn_local(async move {
        loop {
            gloo_timers::future::TimeoutFuture::new(EVERY_MS).await;
            request_sync(state, Trigger::Timer);
        }
    });
    let _ = window_event_listener(leptos::ev::online, move |_| {
        state.sync.update(|s| s.browser_online = true);
        request_sync(state, Trigger::Online);
    });
    let _ = window_event_listener(leptos::ev::offline, move |_| {
        state.sync.update(|s| s.browser_online = false);
    });
    let _ = window_event_listener(leptos::ev::focus, move |_| request_sync(state, Trigger::Visible));
    let on_visible = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        let visible = document().visibility_state() == web_sys::VisibilityState::Visible;
        if visible {
            request_sync(state, Trigger::Visible);
        }
    });
    use wasm_bindgen::JsCast;
    let _ = document().add_event_listener_with_callback("visibilitychange", on_visible.as_ref().unchecked_ref());
    on_visible.forget();
}
