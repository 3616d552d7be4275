//! Case notes: scanning notes in where they now are (a barcode scanner types the hospital number and Enter; the
//! box keeps the focus for the next one), and the pull list for clinic preparation: the patients booked into the
//! next working day's clinics whose notes are not at the clinic, with where they are and who has them, and a
//! "Request" for each clinic. Moves and requests are saved on this device and synced like every change.

use std::collections::HashMap;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::calendar::{add_working_days, uk_date, Region};
use pathdesk_core::case_notes::{needed_not_here, CaseNotes, NotesToFetch, LIBRARY};
use pathdesk_core::command::{Command, MoveCaseNotes, RequestCaseNotes};
use pathdesk_core::model::{AppointmentStatus, ClinicSession, Patient};
use pathdesk_core::record::RecordKind;

use crate::desk::local::LocalError;
use crate::desk::store::{records, Store, StoreError};
use crate::desk::{clock, queries, Desk};
use crate::ui::form::{error_for, error_line, focus_element, group_class, show_problems, ErrorSummary, Problems};
use crate::ui::loaded;
use crate::ui::loaded::load;

/// The pull list: the day's clinics with the patients whose notes are not there.
#[derive(Debug, Clone, PartialEq)]
struct PullList {
    day: NaiveDate,
    clinics: Vec<ClinicSession>,
    wanted: Vec<NotesToFetch>,
    patients: HashMap<String, Patient>,
}

async fn pull_list(store: Store, day: NaiveDate) -> Result<PullList, StoreError> {
    let (mut clinics, appointments, patients) = queries::clinics_on(&store, day).await?;
    clinics.retain(|clinic| clinic.status == pathdesk_core::model::SessionStatus::Scheduled);
    clinics.sort_by(|a, b| (a.start, &a.name).cmp(&(b.start, &b.name)));
    let mut notes: HashMap<String, CaseNotes> = HashMap::new();
    for patient_id in patients.keys() {
        if let Some(found) = records::one::<CaseNotes>(&store, RecordKind::CaseNotes, patient_id).await? {
            notes.insert(patient_id.clone(), found);
        }
    }
    let booked = |session: &str| {
        let mut ids: Vec<&str> = appointments
            .iter()
            .filter(|a| {
                a.session_id == session && matches!(a.status, AppointmentStatus::Booked | AppointmentStatus::Arrived)
            })
            .map(|a| a.patient_id.as_str())
            .collect();
        ids.dedup();
        ids
    };
    let wanted = needed_not_here(clinics.iter().map(|c| (c.id.as_str(), c.location.as_str(), booked(&c.id))), |id| {
        notes.get(id)
    });
    Ok(PullList { day, clinics, wanted, patients })
}

#[component]
pub fn CaseNotesPage() -> impl IntoView {
    let today = clock::today();
    let next_day = add_working_days(today, 1, Region::EnglandAndWales).unwrap_or(today);
    let list = load(move |store| pull_list(store, next_day));
    view! {
        <crate::ui::clinics_nav::ClinicsNav/>
        <h1>"Case notes"</h1>
        <p class="lede">"Scan notes in where they are now, and get the notes the next working day's clinics need."</p>
        <ScanIn/>
        <section aria-labelledby="pull-heading">
            <h2 id="pull-heading">{format!("Needed for {} and not at the clinic", uk_date(next_day))}</h2>
            {loaded::show(list, |list: PullList| view! { <PullListView list=list/> })}
        </section>
    }
}

/// One scan or hand entry made on this page, newest first.
#[derive(Debug, Clone, PartialEq)]
struct Scanned {
    who: String,
    to: String,
}

#[component]
fn ScanIn() -> impl IntoView {
    let state = Desk::get();
    let location = RwSignal::new(String::new());
    let holder = RwSignal::new(String::new());
    let number = RwSignal::new(String::new());
    let problems: Problems = RwSignal::new(Vec::new());
    let done = RwSignal::new(Vec::<Scanned>::new());
    let busy = RwSignal::new(false);
    let places = load(|store| async move {
        let mut places: Vec<String> = vec![LIBRARY.to_string(), "Secretaries' office".to_string()];
        for session in queries::clinics_on(&store, clock::today()).await?.0 {
            if !places.contains(&session.location) {
                places.push(session.location);
            }
        }
        Ok(places)
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let typed = number.get_untracked().trim().to_uppercase();
        let place = location.get_untracked().trim().to_string();
        let mut found = Vec::new();
        if place.is_empty() {
            found.push((
                "notes-location".to_string(),
                "Enter where the notes are now (for example, Outpatients A).".to_string(),
            ));
        }
        if typed.is_empty() {
            found.push(("notes-scan".to_string(), "Scan or type the hospital number on the notes.".to_string()));
        }
        if !found.is_empty() {
            return show_problems(problems, found);
        }
        busy.set(true);
        spawn_local(async move {
            let result = async {
                let store = crate::desk::current_store().map_err(|e| e.to_string())?;
                let patients = records::all::<Patient>(&store, RecordKind::Patient).await.map_err(|e| e.to_string())?;
                let patient = pathdesk_core::patient_search::by_hospital_number(&patients, &typed).cloned().ok_or_else(|| {
                    format!("No patient with hospital number {typed} on this desk. Check the label, or type the number by hand.")
                })?;
                let notes = records::one::<CaseNotes>(&store, RecordKind::CaseNotes, &patient.id).await.map_err(|e| e.to_string())?;
                let holding = Some(holder.get_untracked().trim().to_string()).filter(|h| !h.is_empty());
                if notes.as_ref().is_some_and(|n| n.is_at(&place) && n.holder == holding) {
                    return Err(format!("{} ({}): the notes are already recorded here.", patient.display_name(), patient.identifiers()));
                }
                let command = MoveCaseNotes { patient_id: patient.id.clone(), location: place.clone(), holder: holding, scanned: true };
                match state.run_command(Command::MoveCaseNotes(command)).await {
                    Ok(()) => Ok(Scanned { who: format!("{} · {}", patient.display_name(), patient.identifiers()), to: place.clone() }),
                    Err(LocalError::Rejected(rejection)) => Err(rejection.message),
                    Err(other) => Err(other.to_string()),
                }
            }
            .await;
            match result {
                Ok(scanned) => {
                    problems.set(Vec::new());
                    number.set(String::new());
                    done.update(|done| done.insert(0, scanned));
                }
                Err(message) => show_problems(problems, vec![("notes-scan".to_string(), message)]),
            }
            busy.set(false);
            focus_element("notes-scan");
        });
    };
    let scan_error = error_for(problems, "notes-scan");
    let location_error = error_for(problems, "notes-location");
    view! {
        <section aria-labelledby="scan-heading">
            <h2 id="scan-heading">"Scan notes in"</h2>
            <ErrorSummary problems=problems title="The notes were not moved"/>
            <form class="form" on:submit=submit novalidate data-testid="notes-scan-form">
                <div class=group_class(location_error)>
                    <label class="label" for="notes-location">"Where the notes are now"</label>
                    <p class="hint" id="notes-location-hint">"A clinic, an office or the library. Stays filled in for the next scan."</p>
                    {error_line("notes-location", location_error)}
                    <input id="notes-location" class="input input--wide" type="text" list="notes-places" autocomplete="off"
                        aria-describedby="notes-location-hint" prop:value=move || location.get()
                        on:input=move |ev| location.set(event_target_value(&ev))/>
                    <datalist id="notes-places">
                        {loaded::show_ready(places, move || places.get().and_then(Result::ok).unwrap_or_default()
                            .into_iter().map(|place| view! { <option value=place/> }).collect_view())}
                    </datalist>
                </div>
                <div class="form-group">
                    <label class="label" for="notes-holder">"Held by (optional)"</label>
                    <input id="notes-holder" class="input" type="text" autocomplete="off" prop:value=move || holder.get()
                        on:input=move |ev| holder.set(event_target_value(&ev))/>
                </div>
                <div class=group_class(scan_error)>
                    <label class="label" for="notes-scan">"Hospital number"</label>
                    <p class="hint" id="notes-scan-hint">"Scan the label on the notes, or type the number and press Enter."</p>
                    {error_line("notes-scan", scan_error)}
                    <input id="notes-scan" class="input" type="text" autocomplete="off" spellcheck="false"
                        aria-describedby="notes-scan-hint" prop:value=move || number.get()
                        on:input=move |ev| number.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="button" prop:disabled=move || busy.get()>"Record where they are"</button>
            </form>
            <ul class="list" role="status" data-testid="notes-scanned">
                {move || done.get().into_iter().map(|scanned| view! {
                    <li class="list__item">{format!("{} → {}", scanned.who, scanned.to)}</li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn PullListView(list: PullList) -> impl IntoView {
    if list.clinics.is_empty() {
        return view! { <p class="hint">{format!("No clinics on {} on this device.", uk_date(list.day))}</p> }
            .into_any();
    }
    if list.wanted.is_empty() {
        return view! { <p data-testid="pull-list-empty">"Every booked patient's notes are at their clinic."</p> }
            .into_any();
    }
    let PullList { clinics, wanted, patients, .. } = list;
    clinics
        .into_iter()
        .filter(|clinic| wanted.iter().any(|w| w.session_id == clinic.id))
        .map(|clinic| {
            let rows: Vec<NotesToFetch> = wanted.iter().filter(|w| w.session_id == clinic.id).cloned().collect();
            let unrequested: Vec<String> = rows.iter().filter(|w| !w.requested).map(|w| w.patient_id.clone()).collect();
            view! {
                <ClinicPull clinic=clinic rows=rows unrequested=unrequested patients=patients.clone()/>
            }
        })
        .collect_view()
        .into_any()
}

#[component]
fn ClinicPull(
    clinic: ClinicSession,
    rows: Vec<NotesToFetch>,
    unrequested: Vec<String>,
    patients: HashMap<String, Patient>,
) -> impl IntoView {
    let state = Desk::get();
    let session_id = clinic.id.clone();
    let message = RwSignal::new(None::<String>);
    let request = move |_| {
        let command = RequestCaseNotes { session_id: session_id.clone(), patient_ids: unrequested.clone() };
        spawn_local(async move {
            let said = match state.run_command(Command::RequestCaseNotes(command)).await {
                Ok(()) => "Requested on this device.".to_string(),
                Err(LocalError::Rejected(rejection)) => rejection.message,
                Err(other) => other.to_string(),
            };
            message.set(Some(said));
        });
    };
    let any_unrequested = rows.iter().any(|w| !w.requested);
    let heading = format!("{} · {} · {}", clinic.name, clinic.start.format("%H:%M"), clinic.location);
    view! {
        <div class="card" data-testid="pull-clinic" data-session-id=clinic.id.clone()>
            <h3>{heading.clone()}</h3>
            <table class="table">
                <caption class="visually-hidden">{format!("Notes not yet at {heading}")}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Patient"</th>
                        <th scope="col">"Hospital number"</th>
                        <th scope="col">"Where the notes are"</th>
                        <th scope="col">"Requested"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| {
                        let patient = patients.get(&row.patient_id);
                        let name = patient.map(|p| format!("{} · {}", p.display_name(), p.identifiers())).unwrap_or_else(|| row.patient_id.clone());
                        view! {
                            <tr data-testid="pull-row" data-patient-id=row.patient_id.clone() data-requested=row.requested.to_string()>
                                <td><a href=format!("/patients/{}", row.patient_id)>{name}</a></td>
                                <td>{patient.map(|p| p.hospital_number.clone()).unwrap_or_default()}</td>
                                <td>{row.standing.words()}</td>
                                <td>{if row.requested { "Yes" } else { "No" }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {any_unrequested.then(|| view! {
                <button type="button" class="button button--secondary" on:click=request>"Request these notes for the clinic"</button>
            })}
            {move || message.get().map(|text| view! { <p role="status">{text}</p> })}
        </div>
    }
}
