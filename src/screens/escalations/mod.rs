//! Escalations: the team lead's list of patients who cannot be kept within a waiting-time deadline, open first,
//! then acknowledged, then resolved. Each names the patient (name, NHS number, date of birth), the clock and the
//! deadline, why it was raised and the date offered instead; a lead acknowledges it and resolves it saying what
//! was done.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::access::Area;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::command::{Command, UpdateEscalation};
use pathdesk_core::model::Patient;
use pathdesk_core::nhs_number::format_nhs_number;
use pathdesk_core::pathway::Deadline;
use pathdesk_core::record::RecordKind;
use pathdesk_core::tasks::escalation::EscalationState;
use pathdesk_core::tasks::{Task, TaskKind};

use crate::desk::clock;
use crate::desk::store::records;
use crate::desk::Desk;
use crate::ui::allowed::IfMayChange;
use crate::ui::keyed::{keyed_rows, when_empty, Row};
use crate::ui::loaded;
use crate::ui::loaded::load;

/// The escalations on this desk and their patients.
#[derive(Clone, PartialEq)]
struct Escalations {
    tasks: Vec<Task>,
    patients: HashMap<String, Patient>,
}

#[component]
pub fn EscalationsPage() -> impl IntoView {
    let today = clock::today();
    let data = load(|store| async move {
        let mut tasks: Vec<Task> = records::all::<Task>(&store, RecordKind::Task)
            .await?
            .into_iter()
            .filter(|t| t.kind == TaskKind::Escalation && t.escalation.is_some())
            .collect();
        // The nearest deadline first within each state.
        pathdesk_core::sorting::sort_by_key(&mut tasks, |t| t.escalation.as_ref().map(|e| (e.deadline, t.id.clone())));
        let mut patients = HashMap::new();
        for id in tasks.iter().filter_map(|t| t.patient_id.clone()) {
            if let Some(patient) = records::one::<Patient>(&store, RecordKind::Patient, &id).await? {
                patients.insert(id, patient);
            }
        }
        Ok(Escalations { tasks, patients })
    });
    let latest = data.latest();
    view! {
        <h1>"Escalations"</h1>
        {crate::ui::form::Announce::line()}
        <p class="lede">"Patients who cannot be kept within a waiting-time deadline. Acknowledge each, then resolve it saying what was done."</p>
        {loaded::show_ready(data, move || {
            EscalationState::ALL
                .into_iter()
                .map(|state| {
                    // Keyed by the escalation as it stands: a note being typed on one stays while another changes.
                    let rows = Signal::derive(move || {
                        latest.with(|data| {
                            let Some(data) = data else { return Vec::new() };
                            data.tasks
                                .iter()
                                .filter(|t| t.escalation.as_ref().is_some_and(|e| e.state == state))
                                .map(|task| {
                                    let patient = task.patient_id.as_ref().and_then(|id| data.patients.get(id)).cloned();
                                    let shown = (task.clone(), patient.clone());
                                    let task = task.clone();
                                    Row::new(&shown, move || {
                                        view! { <EscalationItem task=task.clone() patient=patient.clone() today=today/> }
                                            .into_any()
                                    })
                                })
                                .collect()
                        })
                    });
                    let empty = match state {
                        EscalationState::Open => "No open escalations.",
                        EscalationState::Acknowledged => "None acknowledged and waiting to be resolved.",
                        EscalationState::Resolved => "None resolved yet.",
                    };
                    view! {
                        <section aria-labelledby=format!("escalations-{}", state.label().to_lowercase())
                            data-testid="escalation-group" data-state=state.label().to_lowercase()>
                            <h2 id=format!("escalations-{}", state.label().to_lowercase())>{state.label()}</h2>
                            {when_empty(rows, empty)}
                            <ul class="tasks">{keyed_rows(rows)}</ul>
                        </section>
                    }
                })
                .collect_view()
        })}
    }
}

#[component]
fn EscalationItem(task: Task, patient: Option<Patient>, today: chrono::NaiveDate) -> impl IntoView {
    let state = Desk::get();
    let Some(escalation) = task.escalation.clone() else { return ().into_any() };
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let deadline = Deadline { standard: escalation.standard, date: escalation.deadline };
    let (name, nhs, born) = match &patient {
        Some(p) => (p.display_name(), format_nhs_number(&p.nhs_number), uk_date(p.date_of_birth)),
        None => ("Patient not on this desk".to_string(), String::new(), String::new()),
    };
    let patient_href = task.patient_id.as_ref().map(|id| format!("/patients/{id}")).unwrap_or_default();
    let task_id = task.id.clone();
    let said = crate::ui::form::Announce::find();
    let row = StoredValue::new(format!("[data-testid=escalation][data-task-id=\"{}\"]", task.id));
    let who = StoredValue::new(name.clone());
    let change = move |to: EscalationState| {
        if busy.get_untracked() {
            return;
        }
        let typed = note.get_untracked();
        let command = Command::from(UpdateEscalation {
            task_id: task_id.clone(),
            state: to,
            note: Some(typed).filter(|n| !n.trim().is_empty()),
        });
        busy.set(true);
        // Read now: once saved, this row is drawn afresh and its stored values are gone.
        let (row, who) = (crate::ui::form::RedrawnRow::mark(row.get_value()), who.get_value());
        spawn_local(async move {
            match state.run_command(command).await {
                Ok(()) => {
                    error.try_set(None);
                    if let Some(said) = said {
                        said.say(format!(
                            "Escalation for {}: {}. Saved on this device.",
                            who,
                            to.label().to_lowercase()
                        ));
                    }
                    // The escalation moves to its new group: carry on from it there.
                    row.focus("button, textarea");
                }
                Err(e) => {
                    error.try_set(Some(e.to_string()));
                }
            };
            busy.try_set(false);
        });
    };
    let note_id = format!("escalation-note-{}", task.id);
    let (acknowledge, resolve, reopen) = (change.clone(), change.clone(), change);
    let current = escalation.state;
    view! {
        <li class="tasks__item" data-testid="escalation" data-task-id=task.id.clone()>
            <p><a href=patient_href>{name}</a>{format!(" · NHS number {nhs} · born {born}")}</p>
            <p class="tag tag--red" data-testid="escalation-deadline">{deadline.describe(today)}</p>
            <p>{escalation.reason.clone()}</p>
            {escalation.offered.map(|on| view! { <p class="hint">{format!("Earliest date offered: {}", uk_date(on))}</p> })}
            <details>
                <summary>"History"</summary>
                <ul>{task.history.iter().map(|line| view! {
                    <li>{format!("{} · {} · {}", uk_date(line.written_on), line.author, line.text)}</li>
                }).collect_view()}</ul>
            </details>
            <IfMayChange area=Area::Escalations>
                <div class="form-group">
                    <label class="label" for=note_id.clone()>
                        {if current == EscalationState::Resolved { "Why it is open again" } else { "What was done (needed to resolve)" }}
                    </label>
                    <textarea id=note_id.clone() class="input input--wide" rows="2"
                        prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                </div>
                <div class="button-group">
                    {(current == EscalationState::Open).then(|| view! {
                        <button type="button" class="button button--secondary"
                            on:click=move |_| acknowledge(EscalationState::Acknowledged)>"Acknowledge"</button>
                    })}
                    {(current != EscalationState::Resolved).then(|| view! {
                        <button type="button" class="button" on:click=move |_| resolve(EscalationState::Resolved)>"Resolve"</button>
                    })}
                    {(current == EscalationState::Resolved).then(|| view! {
                        <button type="button" class="button button--secondary"
                            on:click=move |_| reopen(EscalationState::Open)>"Open again"</button>
                    })}
                </div>
            </IfMayChange>
            {move || error.get().map(|message| view! { <p class="error-message" role="alert">{message}</p> })}
        </li>
    }
    .into_any()
}
