//! What happened and when, with the attributes that kind of pathway event needs: the fields of "Add an event" on a
//! pathway, and of the correction recorded when validating one. The answers are kept in the caller's signals, so
//! a form that stays while its page reloads keeps what was typed.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::event_model::{event_choices, field_id, fields, Field, FieldKind};
use super::form::{date_input, error_for, error_line, group_class, DateLayout, Problems};

/// The event type select (ids `event-type`), its date (`event-date`) and the type's attribute fields.
#[component]
pub fn EventFields(
    type_name: RwSignal<String>,
    date: RwSignal<String>,
    answers: RwSignal<BTreeMap<String, String>>,
    problems: Problems,
) -> impl IntoView {
    let choices = event_choices();
    view! {
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
