//! Logging a patient's phone call or email as a task: from the tasks page, or from the patient's own page.

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::calendar::{uk_date, Region};
use pathdesk_core::command::{Command, CreateTask};
use pathdesk_core::tasks::query::{query_due, PatientQuery, QueryChannel};
use pathdesk_core::tasks::{Task, TaskKind};

use crate::desk::local::{stamp_task_edit, LocalError};
use crate::desk::{clock, Desk};
use crate::ui::form::{show_problems, Confirmation, ErrorSummary, Problems, TextField};

/// Log a phone call or email from a patient: who, about what, and when the answer is due (working days). From a
/// patient's page (`patient_id`) the query is about that patient: it names them in every task list and shows on
/// their page.
#[component]
pub fn QueryForm(#[prop(optional, into)] patient_id: Option<String>) -> impl IntoView {
    let patient_id = StoredValue::new(patient_id);
    let state = Desk::get();
    let channel = RwSignal::new(QueryChannel::Phone);
    let who = RwSignal::new(String::new());
    let about = RwSignal::new(String::new());
    let days = RwSignal::new("2".to_string());
    let problems: Problems = RwSignal::new(Vec::new());
    let error = move |message: String| show_problems(problems, vec![("query-who".into(), message)]);
    let saved = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let query =
            PatientQuery { channel: channel.get_untracked(), who: who.get_untracked(), about: about.get_untracked() };
        let mut found = Vec::new();
        if query.who.trim().is_empty() {
            found.push(("query-who".to_string(), "Enter who got in touch, like the patient or their daughter".into()));
        }
        if query.about.trim().is_empty() {
            found.push(("query-about".to_string(), "Enter what the query is about".into()));
        }
        let working_days = days.get_untracked().trim().parse::<u32>();
        if working_days.is_err() {
            found.push((
                "query-days".to_string(),
                "Enter the working days to the call back or reply as a whole number, like 2".into(),
            ));
        }
        let (Ok(working_days), true) = (working_days, found.is_empty()) else {
            show_problems(problems, found);
            return;
        };
        let today = clock::today();
        let due = match query_due(today, working_days, Region::EnglandAndWales) {
            Ok(due) => due,
            Err(e) => {
                show_problems(problems, vec![("query-days".into(), e.to_string())]);
                return;
            }
        };
        busy.set(true);
        spawn_local(async move {
            let store = match crate::desk::current_store() {
                Ok(store) => store,
                Err(e) => {
                    error(e.to_string());
                    busy.set(false);
                    return;
                }
            };
            let stamp = match stamp_task_edit(&store, None).await {
                Ok(stamp) => stamp,
                Err(e) => {
                    error(e.to_string());
                    busy.set(false);
                    return;
                }
            };
            let title = query.title();
            let mut task = Task::new_open(
                format!("query-{}", uuid::Uuid::new_v4()),
                TaskKind::PatientQuery,
                title.clone(),
                stamp.author.clone(),
                due,
            );
            task.query = Some(query);
            task.patient_id = patient_id.get_value();
            match state.run_command(Command::CreateTask(CreateTask { task: Box::new(task), stamp })).await {
                Ok(()) => {
                    problems.set(Vec::new());
                    who.set(String::new());
                    about.set(String::new());
                    saved.set(Some(format!("Logged: {title}, due {}", uk_date(due))));
                }
                Err(LocalError::Rejected(rejection)) => error(rejection.message),
                Err(other) => error(other.to_string()),
            }
            busy.set(false);
        });
    };
    view! {
        <ErrorSummary problems=problems/>
        <form class="form" on:submit=submit novalidate data-testid="query-form">
            <fieldset class="form-group">
                <legend class="label">"How did they get in touch?"</legend>
                <label>
                    <input type="radio" name="query-channel" prop:checked=move || channel.get() == QueryChannel::Phone
                        on:change=move |_| channel.set(QueryChannel::Phone)/>
                    " Phone"
                </label>
                " "
                <label>
                    <input type="radio" name="query-channel" prop:checked=move || channel.get() == QueryChannel::Email
                        on:change=move |_| channel.set(QueryChannel::Email)/>
                    " Email"
                </label>
            </fieldset>
            <TextField id="query-who" label="Who" value=who problems=problems/>
            <TextField id="query-about" label="About what" value=about problems=problems wide=true/>
            <TextField id="query-days" label="Call back or reply within (working days)" value=days problems=problems inputmode="numeric"/>
            <Confirmation message=saved id="query-logged"/>
            <button type="submit" class="button" prop:disabled=move || busy.get()>"Log query"</button>
        </form>
    }
}
