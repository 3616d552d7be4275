//! A consultant's diary beyond clinics in the Diary's week: meetings, MDTs, admin and teaching, each with Take out;
//! and putting a new one in the diary.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::calendar::{hhmm, read_typed_date, read_typed_time, uk_day};
use pathdesk_core::command::{AddDiaryItem, CancelDiaryItem, Command};
use pathdesk_core::diary::{DiaryItem, DiaryItemKind};

use crate::desk::local::LocalError;
use crate::desk::Desk;
use crate::ui::allowed::IfMayChange;
use crate::ui::form::{
    date_input, error_for, show_problems, Confirmation, DateLayout, ErrorSummary, Problems, SelectField, TextField,
};

/// The week's items (already chosen for the diary's consultant or specialty), by date and time.
pub fn week_items(items: Vec<DiaryItem>, names: &std::collections::HashMap<String, String>) -> impl IntoView {
    let state = Desk::get();
    let problem = RwSignal::new(None::<String>);
    let take_out = move |item_id: String| {
        spawn_local(async move {
            match state.run_command(Command::CancelDiaryItem(CancelDiaryItem { item_id })).await {
                Ok(()) => problem.set(None),
                Err(LocalError::Rejected(rejection)) => problem.set(Some(rejection.message)),
                Err(other) => problem.set(Some(other.to_string())),
            }
        });
    };
    let rows = items
        .into_iter()
        .map(|item| {
            let who = names.get(&item.consultant_id).cloned().unwrap_or_else(|| item.consultant_id.clone());
            let place = item.location.clone().map(|l| format!(" · {l}")).unwrap_or_default();
            let id = item.id.clone();
            let label = format!("Take out: {} on {}", item.title, uk_day(item.date));
            view! {
                <li class="list__item" data-testid="diary-item" data-item-id=item.id.clone()>
                    <strong>{format!("{}: {}", item.item_kind.label(), item.title)}</strong>
                    {format!(" · {} {}–{}{place} · {who} ", uk_day(item.date), hhmm(item.start), hhmm(item.end))}
                    <IfMayChange area=pathdesk_core::access::Area::Clinics>
                        <button type="button" class="button button--secondary" aria-label=label.clone()
                            on:click={let id = id.clone(); move |_| take_out(id.clone())}>"Take out"</button>
                    </IfMayChange>
                </li>
            }
        })
        .collect_view();
    view! {
        {move || problem.get().map(|message| view! { <p class="error-message" role="alert">{message}</p> })}
        <ul class="list" data-testid="diary-items">{rows}</ul>
    }
}

/// Put a meeting, MDT, admin or teaching session in `consultant_id`'s diary.
#[component]
pub fn AddDiaryItemForm(consultant_id: String, monday: NaiveDate) -> impl IntoView {
    let state = Desk::get();
    let consultant_id = StoredValue::new(consultant_id);
    let kind = RwSignal::new(DiaryItemKind::Meeting.word().to_string());
    let title = RwSignal::new(String::new());
    let date = RwSignal::new(pathdesk_core::calendar::uk_numeric_date(monday));
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let location = RwSignal::new(String::new());
    let problems: Problems = RwSignal::new(Vec::new());
    let done = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        let on = read_typed_date(&date.get_untracked(), "The date");
        let from = read_typed_time(&start.get_untracked(), "The start time");
        let until = read_typed_time(&end.get_untracked(), "The end time");
        let mut found = Vec::new();
        if title.get_untracked().trim().is_empty() {
            found.push(("item-title".to_string(), "Enter what it is (for example, Audit meeting).".to_string()));
        }
        for (field, result) in
            [("item-date", on.as_ref().err()), ("item-start", from.as_ref().err()), ("item-end", until.as_ref().err())]
        {
            if let Some(message) = result {
                found.push((field.to_string(), message.clone()));
            }
        }
        let (Ok(on), Ok(from), Ok(until)) = (on, from, until) else { return show_problems(problems, found) };
        if !found.is_empty() {
            return show_problems(problems, found);
        }
        let command = AddDiaryItem {
            item_id: format!("diary-{}", uuid::Uuid::new_v4()),
            consultant_id: consultant_id.get_value(),
            kind: DiaryItemKind::from_word(&kind.get_untracked()).unwrap_or(DiaryItemKind::Other),
            title: title.get_untracked(),
            date: on,
            start: from,
            end: until,
            location: Some(location.get_untracked()).filter(|l| !l.trim().is_empty()),
        };
        spawn_local(async move {
            match state.run_command(Command::AddDiaryItem(command)).await {
                Ok(()) => {
                    problems.set(Vec::new());
                    title.set(String::new());
                    done.set(Some(format!("Added to the diary on {}. Saved on this device.", uk_day(on))));
                }
                Err(LocalError::Rejected(rejection)) => {
                    let field = if rejection.message.contains("end time") { "item-end" } else { "item-title" };
                    show_problems(problems, vec![(field.into(), rejection.message)]);
                }
                Err(other) => show_problems(problems, vec![("item-title".into(), other.to_string())]),
            }
        });
    };
    let kinds: Vec<(String, String)> =
        DiaryItemKind::ALL.iter().map(|k| (k.word().to_string(), k.label().to_string())).collect();
    view! {
        <details class="panel">
            <summary>"Add a meeting, admin or teaching session"</summary>
            <ErrorSummary problems=problems title="It was not added to the diary"/>
            <form class="form" on:submit=submit novalidate data-testid="diary-item-form">
                <SelectField id="item-kind" label="What kind" value=kind options=Signal::derive(move || kinds.clone()) problems=problems/>
                <TextField id="item-title" label="What it is" value=title problems=problems wide=true/>
                {date_input("item-date", "Date", "", date, error_for(problems, "item-date"), DateLayout::Form)}
                <TextField id="item-start" label="Starts (24-hour clock, for example 13:30)" value=start problems=problems inputmode="numeric"/>
                <TextField id="item-end" label="Ends" value=end problems=problems inputmode="numeric"/>
                <TextField id="item-location" label="Where (optional)" value=location problems=problems wide=true/>
                <button type="submit" class="button">"Add to the diary"</button>
                <Confirmation message=done id="diary-item-done"/>
            </form>
        </details>
    }
}
