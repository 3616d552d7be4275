//! Settings: who is signed in (the author of what you do here), and what this device holds.

pub mod secretaries;
pub mod trust_settings;
pub mod warning_settings;

use leptos::prelude::*;
use pathdesk_core::calendar::uk_day;
use pathdesk_core::record::RecordKind;

use crate::desk::store::{meta, records, CURRENT_VERSION};
use crate::desk::Desk;
use crate::ui::loaded;
use crate::ui::loaded::load;

#[derive(Debug, Clone, PartialEq)]
struct DeviceFacts {
    schema_version: u32,
    client_id: String,
    counts: Vec<(RecordKind, u32)>,
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let state = Desk::get();
    let facts = load(|store| async move {
        Ok(DeviceFacts {
            schema_version: store.version(),
            client_id: meta::client_id(&store).await?,
            counts: records::counts(&store).await?,
        })
    });
    view! {
        <h1>"Settings"</h1>
        {crate::desk::clock::today_override().map(|day| view! {
            <div class="error-summary" role="note" data-testid="today-override">
                <h2 class="error-summary__title">"Training date in use"</h2>
                <p>{format!("This device treats {} as today (set under “{}” in the browser's local storage, a training and testing aid). Remove it to use the real date.", uk_day(day), crate::desk::clock::TODAY_OVERRIDE_KEY)}</p>
            </div>
        })}
        <SignedInAs/>
        <self::warning_settings::WarningSettings/>
        <crate::ui::allowed::IfMayChange area=pathdesk_core::access::Area::TrustSettings>
            <self::trust_settings::TrustSettingsForm/>
            <self::secretaries::ConsultantSecretaries/>
        </crate::ui::allowed::IfMayChange>
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

/// Who is signed in: their name signs every change made here (it comes from their account, not from this
/// device).
#[component]
fn SignedInAs() -> impl IntoView {
    let state = Desk::get();
    move || {
        state.auth.user.get().map(|user| {
            view! {
                <h2>"You"</h2>
                <dl class="summary-list">
                    <div class="summary-list__row">
                        <dt class="summary-list__key">"Signed in as"</dt>
                        <dd class="summary-list__value">{format!("{} ({})", user.name, user.username)}</dd>
                    </div>
                    <div class="summary-list__row">
                        <dt class="summary-list__key">"Role"</dt>
                        <dd class="summary-list__value">{user.role.label()}</dd>
                    </div>
                    <div class="summary-list__row">
                        <dt class="summary-list__key">"Screen locks after"</dt>
                        <dd class="summary-list__value">{move || format!("{} minutes without input", state.auth.idle_lock_minutes.get())}</dd>
                    </div>
                </dl>
                <p class="hint">"Your name signs the notes and changes you make. To change it, ask an administrator."</p>
            }
        })
    }
}
