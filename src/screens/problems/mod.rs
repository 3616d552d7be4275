//! Problems: changes the server refused, with the reason and what was sent, so nothing typed is lost.

pub mod rebook;

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::calendar::hhmm;
use pathdesk_core::calendar::uk_date;

use self::rebook::NeedsRebookingPanel;
use crate::desk::clock;
use crate::desk::state::{current_store, Desk};
use crate::desk::store::meta;
use crate::desk::store::problems::{self, Problem};
use crate::ui::keyed::{keyed_rows, when_empty, Row};
use crate::ui::loaded;
use crate::ui::loaded::load;

#[component]
pub fn ProblemsPage() -> impl IntoView {
    let state = Desk::get();
    let list = load(|store| async move { problems::all(&store).await });
    let latest = list.latest();
    view! {
        <h1 id="problems-heading" tabindex="-1">"Problems"</h1>
        {crate::ui::form::Announce::line()}
        <p class="lede">"Changes made on this device that the server did not accept. Nothing has been lost: copy what you need, then discard."</p>
        {move || state.sync.with(|s| s.stopped.clone()).map(|message| view! {
            <div class="error-summary" role="alert">
                <h2 class="error-summary__title">"Syncing has stopped"</h2>
                <p>{message}</p>
                <p>"Changes stay on this device. When the problem is fixed, press “Sync now”."</p>
            </div>
        })}
        {move || state.sync.with(|s| s.downloaded_again_at.clone()).map(|at| view! {
            <div class="notification-banner" role="region" aria-labelledby="downloaded-again-title" data-testid="downloaded-again">
                <h2 class="notification-banner__title" id="downloaded-again-title">"The server was restored from a backup"</h2>
                <p>{format!("At {}, this device found the server's data restored from a backup, so it downloaded everything again.", when(&at))}</p>
                <p>"Changes still waiting on this device were kept and sync as usual. Changes that other devices synced after the backup was made are not on the server: check recent bookings and notes, and enter again what is missing."</p>
                <button type="button" class="button button--secondary" on:click=move |_| dismiss_downloaded_again(state)>"I have read this"</button>
            </div>
        })}
        {loaded::show_ready(list, move || {
            // Keyed by problem: discarding one leaves the others (and what was copied from them) as they were.
            let rows = Signal::derive(move || {
                latest.with(|problems| {
                    problems
                        .iter()
                        .flatten()
                        .map(|problem| {
                            let shown = problem.clone();
                            Row::new(&problem.id, move || view! { <ProblemItem problem=shown.clone()/> }.into_any())
                        })
                        .collect::<Vec<_>>()
                })
            });
            view! {
                {when_empty(rows, "No problems. Everything done on this device was accepted or is waiting to sync.")}
                <ul class="problems">{keyed_rows(rows)}</ul>
            }
        })}
    }
}

/// "7 Dec 2026 09:30" in this desk's time, from an ISO 8601 timestamp.
fn when(iso: &str) -> String {
    clock::local_date_time(iso).map(|t| format!("{} {}", uk_date(t.date()), hhmm(t.time()))).unwrap_or_default()
}

/// Forgets the notice of a restored server, on this device, once a person has read it.
fn dismiss_downloaded_again(state: Desk) {
    spawn_local(async move {
        if let Ok(store) = current_store() {
            if meta::set_string(&store, meta::DOWNLOADED_AGAIN_AT, "").await.is_ok() {
                state.sync.update(|s| s.downloaded_again_at = None);
            }
        }
    });
}

#[component]
fn ProblemItem(problem: Problem) -> impl IntoView {
    let state = Desk::get();
    let copied = RwSignal::new(String::new());
    let id = problem.id.clone();
    let text = problem.envelope.command.typed_text();
    let when = when(&problem.noticed_at);
    let done = format!(
        "{} on {} by {}",
        problem.envelope.command.describe(),
        uk_date(problem.envelope.issued_on),
        problem.envelope.author
    );
    let said = crate::ui::form::Announce::find();
    let discarded = format!("Discarded: {done}.");
    let discard = move |_| {
        let (id, discarded) = (id.clone(), discarded.clone());
        spawn_local(async move {
            if let Ok(store) = current_store() {
                if problems::discard(&store, &id).await.is_ok() {
                    state.changed_here().await;
                    // The problem's card goes: say so, and start again from the top of the list.
                    if let Some(said) = said {
                        said.say(discarded);
                    }
                    crate::ui::form::focus_element("problems-heading");
                }
            }
        });
    };
    view! {
        <li class="problems__item card" data-testid="problem" data-problem-id=problem.id.clone()>
            <h2 class="card__heading">{done}</h2>
            <p class="error-message">{problem.rejection.message.clone()}</p>
            <p class="hint">{format!("Refused when this device synced: {when}")}</p>
            {problem.rejection.needs_rebooking().cloned().map(|needs| view! {
                <NeedsRebookingPanel problem_id=problem.id.clone() needs=needs/>
            })}
            {text.map(|text| {
                let to_copy = text.clone();
                let copy = move |_| {
                    let to_copy = to_copy.clone();
                    spawn_local(async move {
                        let promise = window().navigator().clipboard().write_text(&to_copy);
                        let result = wasm_bindgen_futures::JsFuture::from(promise).await;
                        copied.set(if result.is_ok() { "Copied".into() } else { "Could not copy: select the text and copy it".into() });
                    });
                };
                view! {
                    <p class="label">"What was sent"</p>
                    <blockquote class="problems__sent">{text}</blockquote>
                    <button type="button" class="button button--secondary" on:click=copy>"Copy"</button>
                    <span class="save-status" role="status">{move || copied.get()}</span>
                }
            })}
            <button type="button" class="button button--warning" on:click=discard>"Discard"</button>
        </li>
    }
}
