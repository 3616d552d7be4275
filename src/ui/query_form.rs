//! Logging a patient's phone call or email as a task: from the tasks page (linked to the patient found by name or
//! NHS number), or from the patient's own page.

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::calendar::{uk_date, Region};
use pathdesk_core::command::{Command, CreateTask};
use pathdesk_core::model::Patient;
use pathdesk_core::patient_search;
use pathdesk_core::record::RecordKind;
use pathdesk_core::tasks::query::{query_due, PatientQuery, QueryChannel};
use pathdesk_core::tasks::{Task, TaskKind};

use crate::desk::local::{stamp_task_edit, LocalError};
use crate::desk::{clock, Desk};
use crate::ui::form::{show_problems, Confirmation, ErrorSummary, Problems, TextField};

/// Patients offered when linking a query by search.
const PATIENT_MATCHES: usize = 5;

/// Log a phone call or email from a patient: who, about what, and when the answer is due (working days). From a
/// patient's page (`patient_id`) the query is about that patient; elsewhere the person may find the patient by
/// name, NHS number or hospital number and link it. Either way it names them in every task list and shows on their
/// page.
#[component]
pub fn QueryForm(#[prop(optional, into)] patient_id: Option<String>) -> impl IntoView {
    let from_patient_page = patient_id.is_some();
    let linked = RwSignal::new(None::<Patient>);
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
            task.patient_id = patient_id.get_value().or_else(|| linked.get_untracked().map(|patient| patient.id));
            match state.run_command(Command::CreateTask(CreateTask { task: Box::new(task), stamp })).await {
                Ok(()) => {
                    problems.set(Vec::new());
                    who.set(String::new());
                    about.set(String::new());
                    linked.set(None);
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
            {(!from_patient_page).then(|| view! { <PatientLink linked=linked/> })}
            <TextField id="query-who" label="Who" value=who problems=problems/>
            <TextField id="query-about" label="About what" value=about problems=problems wide=true/>
            <TextField id="query-days" label="Call back or reply within (working days)" value=days problems=problems inputmode="numeric"/>
            <Confirmation message=saved id="query-logged"/>
            <button type="submit" class="button" prop:disabled=move || busy.get()>"Log query"</button>
        </form>
    }
}

/// "Which patient is it about?": a search by name, NHS number or hospital number over the patients on this desk
/// (read when the person first types), the first few matches each with name, NHS number and date of birth, and
/// the one chosen shown the same way with a way to change it.
#[component]
fn PatientLink(linked: RwSignal<Option<Patient>>) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let wanted = RwSignal::new(false);
    // Read once the person starts typing (a trust's patients are many), through the screens' one loader type.
    let patients = crate::ui::loaded::load(move |store| {
        let wanted = wanted.get();
        async move {
            match wanted {
                true => crate::desk::store::records::all::<Patient>(&store, RecordKind::Patient).await,
                false => Ok(Vec::new()),
            }
        }
    });
    let identity = |patient: &Patient| format!("{} · {}", patient.display_name(), patient.identifiers());
    let choose = move |patient: Patient| {
        linked.set(Some(patient));
        typed.set(String::new());
        crate::ui::form::focus_element("query-patient-change");
    };
    view! {
        <div class="form-group" data-testid="query-patient">
            {move || match linked.get() {
                Some(patient) => view! {
                    <p class="label">"About the patient"</p>
                    <p data-testid="query-patient-linked">{identity(&patient)}</p>
                    <button type="button" class="button button--secondary button--small" id="query-patient-change"
                        on:click=move |_| {
                            linked.set(None);
                            crate::ui::form::focus_element("query-patient-search");
                        }>"Change patient"</button>
                }.into_any(),
                None => view! {
                    <label class="label" for="query-patient-search">"Patient (optional)"</label>
                    <p class="hint" id="query-patient-hint">"Name, NHS number or hospital number: the query is then listed with the patient."</p>
                    <input id="query-patient-search" class="input input--wide" type="search" autocomplete="off"
                        aria-describedby="query-patient-hint" prop:value=move || typed.get()
                        on:input=move |ev| {
                            wanted.set(true);
                            typed.set(event_target_value(&ev));
                        }/>
                    {move || {
                        let text = typed.get();
                        if text.trim().is_empty() {
                            return None;
                        }
                        let all = patients.get().and_then(Result::ok).unwrap_or_default();
                        let found: Vec<Patient> =
                            patient_search::search(&all, &text, PATIENT_MATCHES).into_iter().cloned().collect();
                        Some(view! {
                            <p class="hint" role="status">{match found.len() {
                                0 => "No patient on this desk matches.".to_string(),
                                n => format!("{n} shown: choose the patient."),
                            }}</p>
                            <ul class="list results" data-testid="query-patient-matches">
                                {found.into_iter().map(|patient| {
                                    let label = identity(&patient);
                                    view! {
                                        <li class="list__item">
                                            <span>{label.clone()}</span>" "
                                            <button type="button" class="button button--secondary button--small"
                                                aria-label=format!("Choose {label}")
                                                on:click=move |_| choose(patient.clone())>"Choose"</button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        })
                    }}
                }.into_any(),
            }}
        </div>
    }
}
