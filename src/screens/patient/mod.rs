//! One patient: details, pathways, appointments and notes, with the form to add a note.

pub mod cancel;
pub mod case_notes;

use pathdesk_core::calendar::hhmm;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::calendar::uk_day;
use pathdesk_core::command::AddPatientNote;
use pathdesk_core::nhs_number::format_nhs_number;
use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_params_map, use_query_map};
use pathdesk_core::access::Area;
use pathdesk_core::command::Command;
use pathdesk_core::model::{Appointment, AppointmentStatus, Consultant, Pathway, Patient, PatientNote};
use pathdesk_core::record::RecordKind;
use pathdesk_core::sorting;
use pathdesk_core::tasks::{Task, TaskStatus};

use self::cancel::{CancelAppointment, CancelDraft, CancelOutcome};
use crate::desk::clock;
use crate::desk::local::LocalError;
use crate::desk::store::{outbox, records, Store, StoreError};
use crate::desk::Desk;
use crate::ui::allowed::IfMayChange;
use crate::ui::form::{said, Confirmation};
use crate::ui::loaded;
use crate::ui::loaded::load;
use crate::ui::query_form::QueryForm;
use crate::ui::tags::priority_class;

/// Everything the patient page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct PatientFile {
    pub patient: Patient,
    pub pathways: Vec<Pathway>,
    pub appointments: Vec<Appointment>,
    /// Newest first.
    pub notes: Vec<PatientNote>,
    pub consultants: HashMap<String, Consultant>,
    /// Notes whose command is still in the outbox.
    pub unsynced_notes: HashSet<String>,
    /// The tasks about this patient (queries, letters, reviews): open first, soonest due first.
    pub tasks: Vec<Task>,
    /// Where their paper notes are (none: never located).
    pub case_notes: Option<pathdesk_core::case_notes::CaseNotes>,
}

/// The date the referral was received: the first `referral_received` event of the pathway.
pub fn referral_date(pathway: &Pathway) -> Option<chrono::NaiveDate> {
    pathway.events.iter().find(|e| e.kind.type_name() == "referral_received").and_then(|e| e.date)
}

async fn read_file(store: Store, id: String) -> Result<Option<PatientFile>, StoreError> {
    let Some(patient) = records::one::<Patient>(&store, RecordKind::Patient, &id).await? else {
        return Ok(None);
    };
    let mut pathways: Vec<Pathway> = records::for_patient(&store, RecordKind::Pathway, &id).await?;
    sorting::sort_by_key(&mut pathways, |p| (p.priority, referral_date(p)));
    let mut appointments: Vec<Appointment> = records::for_patient(&store, RecordKind::Appointment, &id).await?;
    sorting::sort_by_key(&mut appointments, |a| (a.date, a.start));
    let mut notes: Vec<PatientNote> = records::for_patient(&store, RecordKind::PatientNote, &id).await?;
    let consultants: Vec<Consultant> = records::all(&store, RecordKind::Consultant).await?;
    let mut tasks: Vec<Task> = records::all::<Task>(&store, RecordKind::Task)
        .await?
        .into_iter()
        .filter(|task| task.patient_id.as_deref() == Some(id.as_str()))
        .collect();
    sorting::sort_by_key(&mut tasks, |task| (task.status != TaskStatus::Open, task.due));
    let unsynced_notes = outbox::all(&store)
        .await?
        .into_iter()
        .flat_map(|entry| entry.touched)
        .filter(|key| key.kind == RecordKind::PatientNote)
        .map(|key| key.id)
        .collect::<HashSet<String>>();
    // Newest day first; within a day, notes still on this device (the latest written) first.
    sorting::sort_by_key(&mut notes, |note| (std::cmp::Reverse(note.written_on), !unsynced_notes.contains(&note.id)));
    Ok(Some(PatientFile {
        patient,
        pathways,
        appointments,
        notes,
        consultants: consultants.into_iter().map(|c| (c.id.clone(), c)).collect(),
        unsynced_notes,
        tasks,
        case_notes: records::one(&store, RecordKind::CaseNotes, &id).await?,
    }))
}

#[component]
pub fn PatientPage() -> impl IntoView {
    let params = use_params_map();
    let patient_id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let file = load(move |store| read_file(store, patient_id.get()));
    record_opening(patient_id);
    // The note form stays put while the lists reload (after a save or a sync), so what is typed, the error
    // and "Saved on this device" are kept; it changes only when the page shows another patient.
    let found = Memo::new(move |_| file.get().map(|f| matches!(f, Ok(Some(_)))).unwrap_or(false));
    // Likewise the cancel form: owned here, not by the appointment's row, which redraws after every save or sync.
    let cancel = CancelDraft::new();
    Effect::new(move |_| {
        patient_id.track();
        cancel.clear();
    });
    let query = use_query_map();
    let saved = move || match query.read().get("saved").as_deref() {
        Some("registered") => {
            Some("Patient registered. Their referral is on the waiting list and its clocks are running.")
        }
        Some("referral") => Some("Referral added. It is on the waiting list and its clocks are running."),
        Some("details") => Some("Patient's details changed."),
        Some("outcome") => Some("Clinic outcome recorded: the pathway and its clocks are updated."),
        _ => None,
    };
    view! {
        // The confirmation of what was just saved takes the focus, so the person (and a screen reader) starts there.
        <Confirmation message=Signal::derive(move || saved().map(|words| format!("{words} Saved on this device."))) id="saved-banner"/>
        {loaded::show(file, move |file: Option<PatientFile>| match file {
            None => view! {
                <h1>"Patient not found"</h1>
                <p>"No patient with this id is on this device. "<a href="/patients">"Search for the patient"</a> "."</p>
            }
                .into_any(),
            Some(file) => view! { <PatientView file=file/> }.into_any(),
        })}
        {move || {
            found.get().then(|| {
                let id = patient_id.get();
                let about = id.clone();
                let notes_of = id.clone();
                view! {
                    <section aria-labelledby="appointments-heading">
                        <h2 id="appointments-heading">"Appointments"</h2>
                        <CancelOutcome draft=cancel/>
                        {loaded::show(file, move |file: Option<PatientFile>| {
                            file.map(|file| view! { <AppointmentList appointments=file.appointments draft=cancel/> })
                        })}
                    </section>
                    <section aria-labelledby="case-notes-heading">
                        <h2 id="case-notes-heading">"Case notes"</h2>
                        {loaded::show(file, |file: Option<PatientFile>| {
                            file.map(|file| view! { <case_notes::CaseNotesSummary notes=file.case_notes/> })
                        })}
                        <IfMayChange area=Area::Notes>
                            <case_notes::MoveNotesForm patient_id=notes_of/>
                        </IfMayChange>
                    </section>
                    <section aria-labelledby="patient-tasks-heading">
                        <h2 id="patient-tasks-heading">"Tasks and queries"</h2>
                        {loaded::show(file, |file: Option<PatientFile>| {
                            file.map(|file| view! { <PatientTasks tasks=file.tasks/> })
                        })}
                        <IfMayChange area=Area::Tasks>
                            <details class="panel">
                                <summary>"Log a query from this patient"</summary>
                                <QueryForm patient_id=about/>
                            </details>
                        </IfMayChange>
                    </section>
                    <section aria-labelledby="notes-heading">
                        <h2 id="notes-heading">"Notes"</h2>
                        <NoteForm patient_id=id/>
                        {loaded::show(file, |file: Option<PatientFile>| {
                            file.map(|file| view! { <NoteList notes=file.notes unsynced=file.unsynced_notes/> })
                        })}
                    </section>
                }
            })
        }}
    }
}

/// The tasks about the patient, each linking to its page.
#[component]
fn PatientTasks(tasks: Vec<Task>) -> impl IntoView {
    if tasks.is_empty() {
        return view! { <p class="hint">"No tasks about this patient."</p> }.into_any();
    }
    view! {
        <ul class="list" data-testid="patient-tasks">
            {tasks
                .into_iter()
                .map(|task| {
                    let state = match task.status {
                        TaskStatus::Open => format!("due {}", uk_date(task.due)),
                        TaskStatus::Done => "done".to_string(),
                    };
                    view! {
                        <li data-testid="patient-task" data-task-id=task.id.clone()>
                            <a href=format!("/tasks/{}", task.id)>{task.title.clone()}</a>
                            {format!(" ({}, {state})", task.kind.label())}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn PatientView(file: PatientFile) -> impl IntoView {
    let PatientFile { patient, pathways, consultants, .. } = file;
    let details = vec![
        ("NHS number", format_nhs_number(&patient.nhs_number)),
        ("Hospital number", patient.hospital_number.clone()),
        ("Date of birth", uk_date(patient.date_of_birth)),
        ("Sex", patient.sex.map_or_else(|| "Not recorded".into(), |s| s.label().to_string())),
        ("Address", if patient.address.is_empty() { "Not recorded".into() } else { patient.address.join(", ") }),
        ("Phone", patient.phone.clone().unwrap_or_else(|| "Not recorded".into())),
        ("Email", patient.email.clone().unwrap_or_else(|| "Not recorded".into())),
        ("Postcode", patient.postcode.clone().unwrap_or_else(|| "Not recorded".into())),
        ("GP practice", patient.gp_practice.clone().unwrap_or_else(|| "Not recorded".into())),
        ("Contact by", patient.contact_preference.map_or_else(|| "Not recorded".into(), |c| c.label().to_string())),
        ("Interpreter", patient.interpreter_language.clone().unwrap_or_else(|| "Not needed".into())),
    ];
    let add_referral = format!("/patients/{}/referral", patient.id);
    let change_details = format!("/patients/{}/details", patient.id);
    view! {
        <h1>{patient.display_name()}</h1>
        <dl class="summary-list">
            {details
                .into_iter()
                .map(|(key, value)| {
                    view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">{key}</dt>
                            <dd class="summary-list__value">{value}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
        <PathwayList pathways=pathways consultants=consultants/>
        <IfMayChange area=Area::Registration>
            <p>
                <a class="button button--secondary" href=change_details>"Change details"</a>
                " "
                <a class="button button--secondary" href=add_referral>"Add a referral"</a>
            </p>
        </IfMayChange>
    }
}

#[component]
fn PathwayList(pathways: Vec<Pathway>, consultants: HashMap<String, Consultant>) -> impl IntoView {
    let empty = pathways.is_empty();
    view! {
        <section aria-labelledby="pathways-heading">
            <h2 id="pathways-heading">"Pathways"</h2>
            {empty.then(|| view! { <p class="hint">"No pathways on this device."</p> })}
            <ul class="list">
                {pathways
                    .into_iter()
                    .map(|pathway| {
                        let consultant = consultants
                            .get(&pathway.consultant_id)
                            .map(|c| c.name.clone())
                            .unwrap_or_else(|| "Consultant not known".into());
                        let referred = referral_date(&pathway)
                            .map(|d| format!("Referred {}", uk_date(d)))
                            .unwrap_or_else(|| "Referral date not recorded".into());
                        let priority_class = priority_class(pathway.priority);
                        let href = format!("/pathways/{}", pathway.id);
                        let triage = pathdesk_core::triage::awaiting_triage_since(&pathway)
                            .is_some()
                            .then(|| format!("/triage/{}", pathway.id));
                        let listed = pathway.listed.as_deref().map(|l| {
                            format!("On the admitted list: {} ({}, {})", l.procedure, l.management.label().to_lowercase(), l.priority.code())
                        });
                        view! {
                            <li class="list__item" data-testid="patient-pathway">
                                <span class=priority_class>{pathway.priority.label()}</span>
                                " "
                                <a href=href>{referred}</a>
                                " · "
                                {consultant}
                                {triage.map(|href| view! { " " <a class="tag tag--orange" href=href>"Awaiting triage"</a> })}
                                {listed.map(|words| view! { " · " <span data-testid="listed">{words}</span> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// The patient's appointments, oldest first. A booked appointment can have its letter printed again and, from
/// today on, be cancelled by a person whose role books.
#[component]
fn AppointmentList(appointments: Vec<Appointment>, draft: CancelDraft) -> impl IntoView {
    let empty = appointments.is_empty();
    let today = clock::today();
    view! {
        {empty.then(|| view! { <p class="hint">"No appointments on this device."</p> })}
        <ul class="list">
            {appointments
                .into_iter()
                .map(|a| {
                    let when = format!("{} {}", uk_day(a.date), hhmm(a.start));
                    let booked = a.status == AppointmentStatus::Booked;
                    let cancellable = booked && a.date >= today;
                    let letter = format!("/appointments/{}/letter", a.id);
                    let needs_outcome = a.status == AppointmentStatus::Seen
                        && a.outcome.is_none()
                        && a.slot_type != pathdesk_core::model::SlotType::Procedure;
                    let outcome_href = format!("/appointments/{}/outcome", a.id);
                    let outcome = a.outcome.map(|o| o.label());
                    let letter_hidden = format!(" for the appointment on {when}");
                    let id = a.id.clone();
                    view! {
                        <li class="list__item appointment" data-testid="appointment" data-appointment-id=id>
                            {when}
                            " "
                            <span class="tag">{a.slot_type.label()}</span>
                            " "
                            <span class="tag" data-testid="appointment-status">{a.status.label()}</span>
                            {outcome.map(|words| view! { " " <span class="tag tag--seen" data-testid="appointment-outcome">{words}</span> })}
                            {needs_outcome.then(|| view! {
                                <IfMayChange area=Area::ClinicOutcomes>
                                    " " <a class="appointment__outcome" href=outcome_href.clone()>"Record the outcome"</a>
                                </IfMayChange>
                            })}
                            {booked.then(|| view! {
                                " "
                                <a class="appointment__letter" href=letter>
                                    "Letter"
                                    <span class="visually-hidden">{letter_hidden}</span>
                                </a>
                            })}
                            {cancellable.then(move || view! {
                                <IfMayChange area=Area::Booking>
                                    <div class="appointment__actions">
                                        <CancelAppointment appointment=a draft=draft/>
                                    </div>
                                </IfMayChange>
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
fn NoteList(notes: Vec<PatientNote>, unsynced: HashSet<String>) -> impl IntoView {
    let empty = notes.is_empty();
    view! {
        {empty.then(|| view! { <p class="hint">"No notes yet."</p> })}
        <ul class="notes">
            {notes
                .into_iter()
                .map(|note| {
                    let pending = unsynced.contains(&note.id);
                    let byline = format!("{} · {}", note.author, uk_date(note.written_on));
                    view! {
                        <li class="notes__item" data-testid="note" data-note-id=note.id.clone()>
                            <p class="notes__text">{note.text.clone()}</p>
                            <p class="notes__byline">
                                {byline}
                                {pending.then(|| view! { " " <span class="tag tag--grey">"Not yet synced"</span> })}
                            </p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// Add a note: saved on this device first (with its outbox entry), synced later. A refusal is shown beside
/// the form and what was typed stays.
#[component]
fn NoteForm(patient_id: String) -> impl IntoView {
    let state = Desk::get();
    let text = RwSignal::new(String::new());
    let saved = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let patient_id = StoredValue::new(patient_id);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        saved.set(String::new());
        let command = Command::AddPatientNote(AddPatientNote {
            note_id: uuid::Uuid::new_v4().to_string(),
            patient_id: patient_id.get_value(),
            text: text.get_untracked(),
        });
        spawn_local(async move {
            match state.run_command(command).await {
                Ok(()) => {
                    text.set(String::new());
                    error.set(None);
                    saved.set("Saved on this device".to_string());
                }
                Err(LocalError::Rejected(rejection)) => error.set(Some(rejection.message)),
                Err(other) => error.set(Some(other.to_string())),
            }
            saving.set(false);
        });
    };
    view! {
        <crate::ui::allowed::IfMayChange area=pathdesk_core::access::Area::Notes>
        <form class="form" on:submit=save novalidate>
            <div class="form-group" class:form-group--error=move || error.with(Option::is_some)>
                <label class="label" for="new-note">"New note"</label>
                {move || {
                    error.get().map(|message| view! {
                        <p class="error-message" id="new-note-error">
                            <span class="visually-hidden">"Error: "</span>
                            {message}
                        </p>
                    })
                }}
                <textarea
                    id="new-note"
                    class="textarea"
                    rows="4"
                    aria-label="New note"
                    aria-describedby=move || error.with(|e| if e.is_some() { "new-note-error" } else { "" })
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
            </div>
            <button type="submit" class="button" prop:disabled=move || saving.get()>"Save note"</button>
            <Confirmation message=said(saved) id="note-saved"/>
        </form>
        </crate::ui::allowed::IfMayChange>
    }
}

/// Opening a patient's record while online goes in the audit. Offline nothing is recorded and nothing is said:
/// the desk keeps working.
fn record_opening(patient_id: Memo<String>) {
    let state = Desk::get();
    Effect::new(move |_| {
        let id = patient_id.get();
        let online = state.sync.with_untracked(|s| s.online());
        if id.is_empty() || !online {
            return;
        }
        spawn_local(async move {
            // A patient registered here and not yet synced is not on the server yet: its registration, audited
            // with the patient when it syncs, says who made the record.
            let key = pathdesk_core::record::RecordKey::new(RecordKind::Patient, id.clone());
            if let Ok(store) = crate::desk::state::current_store() {
                if outbox::all(&store).await.is_ok_and(|waiting| waiting.iter().any(|entry| entry.touches(&key))) {
                    return;
                }
            }
            let _ = crate::desk::api::patient_opened(&id).await;
        });
    });
}
