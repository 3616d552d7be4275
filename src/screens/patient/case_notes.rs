//! The patient's paper case notes on their page: where they are, who has them and since when, the clinics they
//! are requested for, every movement, and moving them by hand (a scan is on the Case notes page).

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::case_notes::{CaseNotes, LIBRARY};
use pathdesk_core::command::{Command, MoveCaseNotes};

use crate::desk::local::LocalError;
use crate::desk::{clock, Desk};
use crate::ui::form::{error_for, error_line, group_class, said, show_problems, Confirmation, ErrorSummary, Problems};

/// Where the notes are, the clinics that want them and their movements, newest first.
#[component]
pub fn CaseNotesSummary(notes: Option<CaseNotes>) -> impl IntoView {
    let Some(notes) = notes else {
        return view! {
            <p data-testid="case-notes-where">{format!("Not located: no movement recorded (presumed in the {}).", LIBRARY.to_lowercase())}</p>
        }
        .into_any();
    };
    let held = notes.holder.as_ref().map(|holder| format!(", held by {holder}")).unwrap_or_default();
    let requests: Vec<String> = notes
        .open_requests(clock::today())
        .map(|r| format!("Wanted at {} for the clinic on {} (requested by {})", r.location, uk_date(r.date), r.by))
        .collect();
    let movements: Vec<String> = notes
        .movements
        .iter()
        .rev()
        .map(|m| {
            let holder = m.holder.as_ref().map(|h| format!(" (held by {h})")).unwrap_or_default();
            let how = if m.scanned { "scanned" } else { "by hand" };
            format!("{}: {} → {}{holder}, {how} by {}", uk_date(m.on), m.from, m.to, m.by)
        })
        .collect();
    view! {
        <p data-testid="case-notes-where">
            <strong>{notes.location.clone()}</strong>{format!("{held}, since {}", uk_date(notes.since))}
        </p>
        {(!requests.is_empty()).then(|| view! {
            <ul class="list" data-testid="case-notes-requests">
                {requests.into_iter().map(|line| view! { <li class="list__item">{line}</li> }).collect_view()}
            </ul>
        })}
        {(!movements.is_empty()).then(|| view! {
            <details class="panel">
                <summary>{format!("Movements ({})", movements.len())}</summary>
                <ol class="list" data-testid="case-notes-movements">
                    {movements.into_iter().map(|line| view! { <li class="list__item">{line}</li> }).collect_view()}
                </ol>
            </details>
        })}
    }
    .into_any()
}

/// Move the notes by hand: where to, and who holds them.
#[component]
pub fn MoveNotesForm(patient_id: String) -> impl IntoView {
    let state = Desk::get();
    let patient_id = StoredValue::new(patient_id);
    let location = RwSignal::new(String::new());
    let holder = RwSignal::new(String::new());
    let problems: Problems = RwSignal::new(Vec::new());
    let saved = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        saved.set(String::new());
        let place = location.get_untracked();
        if place.trim().is_empty() {
            return show_problems(
                problems,
                vec![("move-notes-location".into(), "Enter where the notes are going.".into())],
            );
        }
        let command = MoveCaseNotes {
            patient_id: patient_id.get_value(),
            location: place.clone(),
            holder: Some(holder.get_untracked()).filter(|h| !h.trim().is_empty()),
            scanned: false,
        };
        busy.set(true);
        spawn_local(async move {
            match state.run_command(Command::MoveCaseNotes(command)).await {
                Ok(()) => {
                    problems.set(Vec::new());
                    location.set(String::new());
                    holder.set(String::new());
                    saved.set(format!("Notes moved to {}. Saved on this device.", place.trim()));
                }
                Err(LocalError::Rejected(rejection)) => {
                    show_problems(problems, vec![("move-notes-location".into(), rejection.message)])
                }
                Err(other) => show_problems(problems, vec![("move-notes-location".into(), other.to_string())]),
            }
            busy.set(false);
        });
    };
    let error = error_for(problems, "move-notes-location");
    view! {
        <details class="panel">
            <summary>"Move the notes by hand"</summary>
            <ErrorSummary problems=problems title="The notes were not moved"/>
            <form class="form" on:submit=submit novalidate data-testid="move-notes-form">
                <div class=group_class(error)>
                    <label class="label" for="move-notes-location">"Where to"</label>
                    {error_line("move-notes-location", error)}
                    <input id="move-notes-location" class="input input--wide" type="text" autocomplete="off"
                        prop:value=move || location.get() on:input=move |ev| location.set(event_target_value(&ev))/>
                </div>
                <div class="form-group">
                    <label class="label" for="move-notes-holder">"Held by (optional)"</label>
                    <input id="move-notes-holder" class="input" type="text" autocomplete="off"
                        prop:value=move || holder.get() on:input=move |ev| holder.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="button" prop:disabled=move || busy.get()>"Record the move"</button>
                <Confirmation message=said(saved) id="move-notes-saved"/>
            </form>
        </details>
    }
}
