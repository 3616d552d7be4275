//! "Add an event" on a pathway: what happened, when, and the attributes that kind of event needs. Saved on this
//! device first (the core checks it can follow the events already recorded), synced later. A refusal is shown
//! beside the form and what was typed stays.

use pathdesk_core::command::RecordPathwayEvent;
use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::command::Command;

use crate::desk::clock;
use crate::desk::local::LocalError;
use crate::desk::Desk;
use crate::ui::event_fields::EventFields;
use crate::ui::event_model::EventDraft;
use crate::ui::form::{said, show_problems, Confirmation, ErrorSummary, Problems};

#[component]
pub fn PathwayEventForm(pathway_id: String) -> impl IntoView {
    let state = Desk::get();
    let pathway_id = StoredValue::new(pathway_id);
    let type_name = RwSignal::new("outpatient_attended".to_string());
    let date = RwSignal::new(pathdesk_core::calendar::uk_numeric_date(clock::today()));
    let answers = RwSignal::new(BTreeMap::<String, String>::new());
    let note = RwSignal::new(String::new());
    let problems: Problems = RwSignal::new(Vec::new());
    let saved = RwSignal::new(String::new());
    let saving = RwSignal::new(false);

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        saved.set(String::new());
        let draft = EventDraft {
            type_name: type_name.get_untracked(),
            date: date.get_untracked(),
            answers: answers.get_untracked(),
            note: note.get_untracked(),
        };
        let event = match draft.build() {
            Ok(event) => event,
            Err(problem) => {
                show_problems(problems, vec![problem]);
                return;
            }
        };
        saving.set(true);
        let command = Command::RecordPathwayEvent(RecordPathwayEvent { pathway_id: pathway_id.get_value(), event });
        spawn_local(async move {
            match state.run_command(command).await {
                Ok(()) => {
                    problems.set(Vec::new());
                    answers.set(BTreeMap::new());
                    note.set(String::new());
                    saved.set("Saved on this device".to_string());
                }
                // The core's checks are about when it happened, against the events already recorded.
                Err(LocalError::Rejected(rejection)) => {
                    show_problems(problems, vec![("event-date".into(), rejection.message)])
                }
                Err(other) => show_problems(problems, vec![("event-date".into(), other.to_string())]),
            }
            saving.set(false);
        });
    };

    view! {
        <form class="form event-form" on:submit=save novalidate data-testid="event-form">
            <div data-testid="event-error"><ErrorSummary problems=problems title="This event was not saved"/></div>
            <EventFields type_name=type_name date=date answers=answers problems=problems/>
            <div class="form-group">
                <label class="label" for="event-note">"Note (optional)"</label>
                <input
                    id="event-note"
                    class="input input--wide"
                    type="text"
                    prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))
                />
            </div>
            <button type="submit" class="button" prop:disabled=move || saving.get()>"Save event"</button>
            <Confirmation message=said(saved) id="event-saved"/>
        </form>
    }
}
