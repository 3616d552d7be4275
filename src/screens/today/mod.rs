//! Today: reception's desk. This desk's clinic sessions for today with their booked patients: check in, seen, did
//! not attend, walk-ins, and "Find patient" (an NHS number typed or scanned, then Enter, checks the patient in).
//! Everything is done on this device and syncs later, so it works with the network down all day.

pub mod model;
pub mod reception_row;

use pathdesk_core::calendar::hhmm;
use pathdesk_core::calendar::uk_day;
use pathdesk_core::command::{RecordArrival, RecordWalkIn};
use pathdesk_core::nhs_number::format_nhs_number;
use pathdesk_core::text::count;
use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::command::Command;
use pathdesk_core::model::{Appointment, AppointmentStatus, ClinicSession, Pathway, Patient, SessionStatus};
use pathdesk_core::record::RecordKind;
use pathdesk_core::sorting;

use self::model::{check_in, check_in_message, find_booked, Booked, CheckIn};
use self::reception_row::{run, ReceptionRow};
use crate::desk::clock;
use crate::desk::queries;
use crate::desk::store::records;
use crate::desk::Desk;
use crate::ui::keyed::{keyed_rows, when_empty, Row};
use crate::ui::loaded;
use crate::ui::loaded::load;
use pathdesk_core::patient_search;

/// A session with the patients booked into it, in time order.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionList {
    pub session: ClinicSession,
    pub booked: Vec<(Appointment, Option<Patient>)>,
}

/// The sessions on `day`, by start time, each with its appointments that are not cancelled.
pub fn sessions_on(
    day: chrono::NaiveDate,
    sessions: Vec<ClinicSession>,
    appointments: &[Appointment],
    patients: &HashMap<String, Patient>,
) -> Vec<SessionList> {
    let mut lists: Vec<SessionList> = sessions
        .into_iter()
        .filter(|s| s.date == day)
        .map(|session| {
            let mut booked: Vec<(Appointment, Option<Patient>)> = appointments
                .iter()
                .filter(|a| a.session_id == session.id)
                .filter(|a| {
                    !matches!(a.status, AppointmentStatus::CancelledByHospital | AppointmentStatus::CancelledByPatient)
                })
                .map(|a| (a.clone(), patients.get(&a.patient_id).cloned()))
                .collect();
            sorting::sort_by_key(&mut booked, |(a, _)| a.start);
            SessionList { session, booked }
        })
        .collect();
    sorting::sort_by(&mut lists, |a, b| (a.session.start, &a.session.name).cmp(&(b.session.start, &b.session.name)));
    lists
}

#[derive(Clone, PartialEq)]
struct TodayData {
    lists: Vec<SessionList>,
}

/// Who may be added as a walk-in: every patient and pathway on the device, read only once reception searches for
/// someone not booked today (Today itself reads only today's clinics and their patients).
#[derive(Clone, PartialEq)]
struct WalkInData {
    patients: Vec<Patient>,
    pathways: Vec<Pathway>,
}

impl TodayData {
    fn booked(&self) -> Vec<Booked> {
        self.lists
            .iter()
            .flat_map(|l| l.booked.iter())
            .map(|(appointment, patient)| Booked { appointment: appointment.clone(), patient: patient.clone() })
            .collect()
    }
}

#[component]
pub fn TodayPage() -> impl IntoView {
    let state = Desk::get();
    let today = clock::today();
    // Today's clinics, their appointments and those patients, through the store's indexes.
    let data = load(move |store| async move {
        let (sessions, appointments, patients) = queries::clinics_on(&store, today).await?;
        Ok(TodayData { lists: sessions_on(today, sessions, &appointments, &patients) })
    });
    let query = RwSignal::new(String::new());
    // The walk-in search's data, read the first time reception types a search (and again when patients or
    // pathways change), then searched in memory at each key.
    let searching = RwSignal::new(false);
    let walk_in_data = load(move |store| {
        let wanted = searching.get();
        async move {
            if !wanted {
                return Ok(None);
            }
            let patients: Vec<Patient> = records::all(&store, RecordKind::Patient).await?;
            let pathways: Vec<Pathway> = records::all(&store, RecordKind::Pathway).await?;
            Ok(Some(WalkInData { patients, pathways }))
        }
    });
    let walk_in_latest = walk_in_data.latest();
    let asking: Confirming = RwSignal::new(None);
    let message = RwSignal::new(String::new());

    // The message is an error (in red, announced at once): an NHS number that fails Modulus 11.
    let invalid = RwSignal::new(false);
    let latest = data.latest();
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() != "Enter" {
            return;
        }
        ev.prevent_default();
        let typed = query.get_untracked();
        invalid.set(false);
        let Some(data) = latest.get_untracked() else { return };
        let outcome = check_in(&data.booked(), &typed);
        let text = check_in_message(&outcome, &typed);
        match outcome {
            CheckIn::Arrive(b) => {
                let command = Command::RecordArrival(RecordArrival { appointment_id: b.appointment.id.clone() });
                spawn_local(async move {
                    match run(state, command).await {
                        Ok(()) => {
                            message.try_set(text);
                            query.try_set(String::new());
                        }
                        Err(error) => {
                            message.try_set(error);
                        }
                    }
                });
            }
            CheckIn::NotNhsNumber => {
                let found = find_booked(&data.booked(), &typed).len();
                message.set(count(found, "patient booked today matches", "patients booked today match"));
            }
            CheckIn::InvalidNhsNumber => {
                invalid.set(true);
                message.set(text);
            }
            _ => message.set(text),
        }
    };
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <div class="today-head">
            <h1>"Today"</h1>
            <p class="lede">{uk_day(today)}</p>
            <button type="button" class="button button--secondary no-print" on:click=print>"Print clinic list"</button>
        </div>
        <div class="reception-find no-print">
            <label class="label" for="find-patient">"Find patient"</label>
            <p class="hint" id="find-patient-hint">"Name, NHS number or hospital number. Type or scan an NHS number and press Enter to check the patient in."</p>
            <input id="find-patient" class="input input--wide" type="search" autocomplete="off"
                aria-describedby="find-patient-hint"
                prop:value=move || query.get()
                on:input=move |ev| {
                    let typed = event_target_value(&ev);
                    if typed.trim().len() >= 2 && !searching.get_untracked() {
                        searching.set(true);
                    }
                    query.set(typed);
                }
                on:keydown=on_key/>
            <p class=move || if invalid.get() { "error-message" } else { "save-status" } role=move || if invalid.get() { "alert" } else { "status" } data-testid="find-status">{move || message.get()}</p>
            {crate::ui::form::Announce::line()}
        </div>
        {loaded::show_ready(data, move || {
            // Keyed by what each card and row shows: a change to one patient's appointment redraws that row only,
            // so an open "Did not attend" question or a message on another row stays.
            let cards = Signal::derive(move || {
                latest.with(|data| {
                    data.iter()
                        .flat_map(|data| data.lists.iter())
                        .map(|list| {
                            let session = list.session.clone();
                            Row::new(&card_key(&session), move || {
                                view! { <SessionCard session=session.clone() latest=latest query=query/> }.into_any()
                            })
                        })
                        .collect::<Vec<_>>()
                })
            });
            // Keyed too: a sync that redraws the page keeps a walk-in's open "Is the patient at the desk?" question.
            let walk_ins = Signal::derive(move || {
                latest.with(|d| {
                    walk_in_latest.with(|w| match (d, w) {
                        (Some(d), Some(Some(w))) => walk_in_candidates(d, w, &query.get(), asking),
                        _ => Vec::new(),
                    })
                })
            });
            view! {
                {when_empty(cards, "No clinic sessions today on this device.")}
                {keyed_rows(cards)}
                {move || walk_ins.with(|w| !w.is_empty()).then(|| view! {
                    <section class="card no-print" aria-labelledby="walk-in-heading">
                        <h2 id="walk-in-heading" class="card__heading">"Not booked today: add as a walk-in"</h2>
                        <ul class="list">{keyed_rows(walk_ins)}</ul>
                    </section>
                })}
            }
        })}
    }
}

/// Patients matching the search who have no booking today, with a walk-in button per clinic of their pathway's
/// specialty running today.
fn walk_in_candidates(data: &TodayData, everyone: &WalkInData, query: &str, asking: Confirming) -> Vec<Row> {
    if query.trim().len() < 2 {
        return Vec::new();
    }
    let booked_today: Vec<&str> =
        data.lists.iter().flat_map(|l| l.booked.iter()).map(|(a, _)| a.patient_id.as_str()).collect();
    patient_search::search(&everyone.patients, query, 5)
        .into_iter()
        .filter(|p| !booked_today.contains(&p.id.as_str()))
        .flat_map(|patient| {
            everyone.pathways.iter().filter(|pw| pw.patient_id == patient.id).flat_map(move |pathway| {
                data.lists
                    .iter()
                    .filter(|l| l.session.specialty_id == pathway.specialty_id)
                    .filter(|l| !matches!(l.session.status, SessionStatus::Cancelled { .. }))
                    .map(|l| {
                        let shows = (patient, &pathway.id, &l.session.id, &l.session.name);
                        let (patient, pathway, session) = (patient.clone(), pathway.clone(), l.session.clone());
                        Row::new(&shows, move || walk_in_item(&patient, &pathway, &session, asking))
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect()
}

/// Which walk-in reception is confirming ("pathway|session"): held by the page, so the question stays open when a
/// sync or a save draws the walk-in's row again.
type Confirming = RwSignal<Option<String>>;

fn walk_in_item(patient: &Patient, pathway: &Pathway, session: &ClinicSession, asking: Confirming) -> AnyView {
    let state = Desk::get();
    let error = RwSignal::new(String::new());
    // Reception confirms who is at the desk (name, date of birth, NHS number) before the walk-in is added.
    let this = StoredValue::new(format!("{}|{}", pathway.id, session.id));
    let confirming =
        Signal::derive(move || asking.with(|a| this.with_value(|this| a.as_deref() == Some(this.as_str()))));
    let (pathway_id, session_id) = (pathway.id.clone(), session.id.clone());
    let add = move |_| {
        let command = Command::RecordWalkIn(RecordWalkIn {
            appointment_id: uuid::Uuid::new_v4().to_string(),
            pathway_id: pathway_id.clone(),
            session_id: session_id.clone(),
            slot_id: None,
        });
        asking.set(None);
        spawn_local(async move {
            if let Err(e) = run(state, command).await {
                error.try_set(e);
            }
        });
    };
    let walk_in_label = format!("Walk-in to {}", session.name);
    let who = format!(
        "{} · born {} · NHS {}",
        patient.display_name(),
        pathdesk_core::calendar::uk_date(patient.date_of_birth),
        format_nhs_number(&patient.nhs_number)
    );
    let question = format!("Is the patient at the desk {who}? Ask their name and date of birth.");
    view! {
        <li class="list__item reception-row" data-testid="walk-in">
            <span>{who}</span>
            <crate::ui::allowed::IfMayChange area=pathdesk_core::access::Area::Reception>
            <button type="button" class="button button--secondary" aria-expanded=move || confirming.get().to_string()
                on:click=move |_| asking.set((!confirming.get_untracked()).then(|| this.get_value()))>
                {walk_in_label}
            </button>
            </crate::ui::allowed::IfMayChange>
            {move || confirming.get().then(|| {
                let add = add.clone();
                view! {
                    <fieldset class="reception-row__dna" data-testid="walk-in-confirm">
                        <legend>{question.clone()}</legend>
                        <button type="button" class="button" on:click=add>"Yes, add the walk-in"</button>
                        <button type="button" class="button button--secondary" on:click=move |_| asking.set(None)>"No"</button>
                    </fieldset>
                }
            })}
            <span class="error-message" role="alert">{move || error.get()}</span>
        </li>
    }
    .into_any()
}

pub fn session_status_text(status: &SessionStatus) -> Option<String> {
    match status {
        SessionStatus::Scheduled => None,
        SessionStatus::Cancelled { reason } => Some(format!("Cancelled: {reason}")),
        SessionStatus::Reduced { reason } => Some(format!("Reduced: {reason}")),
    }
}

/// What a clinic card's heading shows: the card is drawn again only when that changes.
fn card_key(session: &ClinicSession) -> (String, String, Option<String>) {
    (session.id.clone(), session_heading(session), session_status_text(&session.status))
}

fn session_heading(session: &ClinicSession) -> String {
    format!("{} {}–{}, {}", session.name, hhmm(session.start), hhmm(session.end), session.location)
}

/// One clinic's card: its heading and its patients, each row keyed by its appointment and patient.
#[component]
fn SessionCard(session: ClinicSession, latest: Signal<Option<TodayData>>, query: RwSignal<String>) -> impl IntoView {
    let heading = session_heading(&session);
    let status = session_status_text(&session.status);
    let id = session.id.clone();
    let consultant_id = session.consultant_id.clone();
    let shown = Signal::derive(move || {
        let query = query.get();
        latest.with(|data| {
            data.iter()
                .flat_map(|data| data.lists.iter().filter(|l| l.session.id == id))
                .flat_map(|list| list.booked.iter())
                .filter(|(_, p)| {
                    query.trim().is_empty() || p.as_ref().is_some_and(|p| patient_search::matches(p, &query))
                })
                .map(|row| {
                    let (appointment, patient) = row.clone();
                    let consultant_id = consultant_id.clone();
                    Row::new(row, move || {
                        view! {
                            <ReceptionRow appointment=appointment.clone() patient=patient.clone()
                                consultant_id=consultant_id.clone()/>
                        }
                        .into_any()
                    })
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="card clinic-list" data-testid="clinic-session" data-session-id=session.id.clone()>
            <h2 class="card__heading">{heading}</h2>
            {status.map(|s| view! { <p class="tag tag--warning">{s}</p> })}
            {when_empty(shown, "No patients booked, or none match the search.")}
            <ul class="list reception-list">{keyed_rows(shown)}</ul>
        </section>
    }
}
