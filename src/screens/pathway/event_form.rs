//! "Add an event" on a pathway: what happened, when, and the attributes that kind of event needs. Saved on this
//! device first (the core checks it can follow the events already recorded), synced later. A refusal is shown
//! beside the form and what was typed stays.

use pathdesk_core::command::RecordPathwayEvent;
use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::command::Command;

use super::event_model::{event_choices, field_id, fields, EventDraft, Field, FieldKind};
use crate::desk::clock;
use crate::desk::local::LocalError;
use crate::desk::Desk;
use crate::ui::form::{
    date_input, error_for, error_line, group_class, show_problems, DateLayout, ErrorSummary, Problems,
};
use crate::ui::form::{said, Confirmation};

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
    let choices = event_choices();

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
            <div class="event-form__row">
                <div class="form-group">
                    <label class="label" for="event-type">"What happened"</label>
                    <select
                        id="event-type"
                        class="select"
                        on:change=move |ev| {
                            type_name.set(event_target_value(&ev));
                            answers.set(BTreeMap::new());
                        }
                    >
                        {choices
                            .into_iter()
                            .map(|(value, words)| {
                                view! {
                                    <option value=value selected=move || type_name.with(|t| t == value)>{words}</option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                {date_input("event-date", "Date", "", date, error_for(problems, "event-date"), DateLayout::Inline)}
            </div>
            <div class="event-form__row">
                {move || type_name.with(|t| fields(t)).iter().map(|field| field_view(*field, answers, problems)).collect_view()}
            </div>
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

fn field_view(field: Field, answers: RwSignal<BTreeMap<String, String>>, problems: Problems) -> AnyView {
    let id = field_id(field.key);
    let error = error_for(problems, id.clone());
    let key = field.key;
    let value = move || answers.with(|a| a.get(key).cloned().unwrap_or_default());
    let set = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        answers.update(|a| {
            a.insert(key.to_string(), typed);
        });
    };
    let options: Vec<(&'static str, &'static str)> = match field.kind {
        FieldKind::YesNo => vec![("yes", "Yes"), ("no", "No")],
        FieldKind::Choice(options) => options.to_vec(),
        _ => Vec::new(),
    };
    let control = match field.kind {
        FieldKind::YesNo | FieldKind::Choice(_) => view! {
            <select id=id.clone() class="select" on:change=set>
                <option value="" selected=move || value().is_empty()>"Not recorded"</option>
                {options
                    .into_iter()
                    .map(|(option, words)| view! { <option value=option selected=move || value() == option>{words}</option> })
                    .collect_view()}
            </select>
        }
        .into_any(),
        FieldKind::Date => {
            // The boxes keep the answer's text; clearing the answers (a save, another kind of event) clears them.
            let text = RwSignal::new(value());
            Effect::new(move || {
                let answer = value();
                if text.with_untracked(|t| *t != answer) {
                    text.set(answer);
                }
            });
            Effect::new(move || {
                let typed = text.get();
                if answers.with_untracked(|a| a.get(key).map(String::as_str).unwrap_or_default() != typed) {
                    answers.update(|a| {
                        a.insert(key.to_string(), typed);
                    });
                }
            });
            return date_input(id, field.label, "", text, error, DateLayout::Inline);
        }
        FieldKind::Days => view! {
            <input id=id.clone() class="input input--number" type="number" min="0" step="1" inputmode="numeric" prop:value=value on:input=set/>
        }
        .into_any(),
        FieldKind::Text => view! { <input id=id.clone() class="input" type="text" prop:value=value on:input=set/> }.into_any(),
    };
    view! {
        <div class=group_class(error)>
            <label class="label" for=id.clone()>{field.label}</label>
            {error_line(id, error)}
            {control}
        </div>
    }
    .into_any()
}
