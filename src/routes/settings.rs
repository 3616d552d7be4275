//! Settings: your name (the author of what you do here), and what this device holds.

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::record::RecordKind;

use super::load;
use crate::components::loaded;
use crate::state::{current_store, AppState};
use crate::store::{meta, records, CURRENT_VERSION};

#[derive(Debug, Clone, PartialEq)]
struct DeviceFacts {
    schema_version: u32,
    client_id: String,
    counts: Vec<(RecordKind, u32)>,
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let state = AppState::get();
    let facts = load(|store| async move {
        Ok(DeviceFacts {
            schema_version: store.version(),
            client_id: meta::client_id(&store).await?,
            counts: records::counts(&store).await?,
        })
    });
    view! {
        <h1>"Settings"</h1>
        {crate::clock::today_override().map(|day| view! {
            <div class="error-summary" role="note" data-testid="today-override">
                <h2 class="error-summary__title">"Training date in use"</h2>
                <p>{format!("This device treats {} as today (set under “{}” in the browser's local storage, a training and testing aid). Remove it to use the real date.", crate::format::uk_day(day), crate::clock::TODAY_OVERRIDE_KEY)}</p>
            </div>
        })}
        <NameForm/>
        <crate::components::warning_settings::WarningSettings/>
        <crate::components::trust_settings::TrustSettingsForm/>
        {loaded::show(facts, move |facts: DeviceFacts| {
            view! {
                <h2>"This device"</h2>
                <dl class="summary-list">
                    <div class="summary-list__row">
                        <dt class="summary-list__key">"Storage schema version"</dt>
                        <dd class="summary-list__value">{format!("{} (this app: {})", facts.schema_version, CURRENT_VERSION)}</dd>
                    </div>
                    <div class="summary-list__row">
                        <dt class="summary-list__key">"Device id"</dt>
                        <dd class="summary-list__value">{facts.client_id.clone()}</dd>
                    </div>
                </dl>
                <h2>"Records on this device"</h2>
                <table class="table">
                    <thead><tr><th scope="col">"Kind"</th><th scope="col" class="table__numeric">"Count"</th></tr></thead>
                    <tbody>
                        {facts.counts.iter().map(|(kind, n)| view! {
                            <tr><td>{kind.as_str().replace('_', " ")}</td><td class="table__numeric">{*n}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
        })}
        <h2>"Sync"</h2>
        <dl class="summary-list">
            <div class="summary-list__row">
                <dt class="summary-list__key">"Connection"</dt>
                <dd class="summary-list__value">{move || state.sync.with(|s| s.connection_text())}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Waiting to sync"</dt>
                <dd class="summary-list__value">{move || state.sync.with(|s| s.pending_text())}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Last problem"</dt>
                <dd class="summary-list__value">
                    {move || state.sync.with(|s| s.stopped.clone().or(s.last_error.clone()).unwrap_or_else(|| "None".into()))}
                </dd>
            </div>
        </dl>
    }
}

/// Your name: read once when the store opens (not on every sync), so typing is never overwritten.
#[component]
fn NameForm() -> impl IntoView {
    let state = AppState::get();
    let name = RwSignal::new(String::new());
    Effect::new(move |_| {
        if state.store_ready.get() {
            spawn_local(async move {
                if let Ok(store) = current_store() {
                    if let Ok(saved) = meta::display_name(&store).await {
                        name.set(saved);
                    }
                }
            });
        }
    });
    let status = RwSignal::new(String::new());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = name.get_untracked().trim().to_string();
        spawn_local(async move {
            let outcome = match current_store() {
                Ok(store) => meta::set_string(&store, meta::DISPLAY_NAME, &value).await.map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            status.set(match outcome {
                Ok(()) if value.is_empty() => "Name cleared on this device".to_string(),
                Ok(()) => "Saved on this device".to_string(),
                Err(message) => message,
            });
        });
    };
    view! {
        <form class="form" on:submit=save>
            <div class="form-group">
                <label class="label" for="your-name">"Your name"</label>
                <p class="hint" id="your-name-hint">"Shown as the author of notes and changes you make on this device."</p>
                <input
                    id="your-name"
                    class="input"
                    type="text"
                    autocomplete="name"
                    aria-describedby="your-name-hint"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
            </div>
            <button type="submit" class="button">"Save name"</button>
            <p class="save-status" role="status">{move || status.get()}</p>
        </form>
    }
}
