//! The sync indicator: online or offline, changes only on this device, last sync, problems, and "Sync now".
//! It always tells the truth: it reads the outbox and problem counts from the store after every change.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::desk::clock;
use crate::desk::status::last_sync_text;
use crate::desk::sync::driver::{self, Trigger};
use crate::desk::Desk;

#[component]
pub fn SyncIndicator() -> impl IntoView {
    let state = Desk::get();
    let status = state.sync;
    let online = move || status.with(|s| s.online());
    // While a download runs, how far it has got stands where the last sync time is.
    let last_sync_words = move || {
        if let Some(loading) = status.with(|s| s.download_text()) {
            return loading;
        }
        let last = status.with(|s| s.last_sync.clone());
        last_sync_text(last.as_deref().and_then(clock::local_date_time), clock::today())
    };
    let download = move || status.with(|s| s.download);
    let sync_now = move |_| driver::request_sync(state, Trigger::Manual);
    view! {
        <div
            class="sync-status"
            class:sync-status--offline=move || !online()
            data-testid="sync-status"
            data-online=move || online().to_string()
            data-pending=move || status.with(|s| s.pending.to_string())
            data-problems=move || status.with(|s| s.problems_needing_person().to_string())
            data-last-sync=move || status.with(|s| s.last_sync.clone().unwrap_or_default())
            data-syncing=move || status.with(|s| s.syncing.to_string())
        >
            <p class="sync-status__summary" role="status">
                <span class="sync-status__connection">{move || status.with(|s| s.connection_text())}</span>
                <span class="sync-status__pending">{move || status.with(|s| s.pending_text())}</span>
                <span class="sync-status__last">{last_sync_words}</span>
                <span class="sync-status__busy">{move || status.with(|s| if s.syncing && s.download_text().is_none() { "Syncing…" } else { "" })}</span>
            </p>
            {move || download().map(|d| view! {
                <progress class="sync-status__progress" max=d.of.to_string() value=d.done.to_string()
                    aria-label="This desk's data loaded so far" data-testid="download-progress"></progress>
            })}
            {move || {
                status
                    .with(|s| s.problems_text())
                    .map(|text| {
                        view! {
                            <A href="/problems" attr:class="sync-status__problems">
                                {text}
                            </A>
                        }
                    })
            }}
            <button type="button" class="button button--secondary sync-status__button" on:click=sync_now>
                "Sync now"
            </button>
        </div>
    }
}
