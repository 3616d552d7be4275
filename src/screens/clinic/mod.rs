//! One clinic session: its slots and patients; cancel or reduce it. Before anything is cancelled the impact list
//! shows every patient affected (priority, weeks waited, breach date), ranked, each with a suggested slot that
//! keeps them within target or flagged "escalate"; the chosen patients are rebooked in one step, then the clinic
//! is cancelled or reduced. Every step is a command saved on this device and synced later.

pub mod session_edit;

use pathdesk_core::calendar::hhmm;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::calendar::uk_day;
use pathdesk_core::command::{CancelSession, Escalate, RebookAppointment, ReduceSession};
use pathdesk_core::pathway::Deadline;
use pathdesk_core::text::count;
use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_params_map, use_query_map};
use pathdesk_core::booking::{
    check_session_change, session_change_impact, BookingPolicy, ClinicsSearched, Leave, PathwayWait, SessionChange,
    SessionChangeError,
};
use pathdesk_core::case_notes::{CaseNotes, NotesStanding};
use pathdesk_core::command::Command;
use pathdesk_core::model::{
    Appointment, AppointmentStatus, ClinicList, ClinicSession, Consultant, Pathway, Patient, SessionStatus, SlotType,
    Specialty,
};
use pathdesk_core::ptl::{build_rows, PtlSources};
use pathdesk_core::record::RecordKind;

use self::session_edit::{SessionEditDraft, SessionEditForm};
use crate::desk::clock;
use crate::desk::queries;
use crate::desk::store::records;
use crate::desk::Desk;
use crate::ui::allowed::IfMayChange;
use crate::ui::booking_panel::model::notice_for;
use crate::ui::clinics_nav::ClinicsNav;
use crate::ui::form::Confirmation;
use crate::ui::form::{
    error_for, error_line, focus_element, group_class, show_problems, ErrorSummary, Problems, TextField,
};
use crate::ui::loaded;
use crate::ui::loaded::load;
use pathdesk_core::access::Area;
use pathdesk_core::sorting;

#[derive(Clone)]
struct SessionData {
    session: Option<ClinicSession>,
    /// The specialty's sessions from today: where affected patients can go.
    sessions: Vec<ClinicSession>,
    appointments: Vec<Appointment>,
    /// The procedure lists' bookings among `sessions`: a procedure is offered only where its minutes fit.
    lists: Vec<ClinicList>,
    waits: Vec<PathwayWait>,
    patients: HashMap<String, Patient>,
    /// Where the booked patients' case notes are, by patient (none: never located).
    notes: HashMap<String, CaseNotes>,
    policy: BookingPolicy,
}

/// One row of the impact list, worked out by the core and kept for the screen.
#[derive(Debug, Clone, PartialEq)]
pub struct ImpactRow {
    pub appointment: Appointment,
    pub patient_name: String,
    pub priority: String,
    pub weeks_waited: Option<i64>,
    /// "28-day Faster Diagnosis by 7 Dec 2026 (in 14 days)": the running clock that sets the pace.
    pub next_deadline: Option<String>,
    /// That deadline, to escalate against.
    pub deadline: Option<Deadline>,
    /// The date of the suggested slot.
    pub suggested_on: Option<NaiveDate>,
    /// (session id, slot id, "Tue 15 Dec 2026 09:30, Clinic name", the offer is short notice).
    pub suggestion: Option<(String, String, String, bool)>,
    pub escalate: bool,
    pub advice: String,
}

/// The impact of `change` on `session_id`, as rows for the screen, plus the summary; or the reason it cannot be
/// worked out (the message says what to do).
pub fn impact_rows(
    policy: &BookingPolicy,
    session_id: &str,
    change: &SessionChange,
    clinics: ClinicsSearched<'_>,
    waits: &[PathwayWait],
    today: NaiveDate,
) -> Result<(Vec<ImpactRow>, String), String> {
    let impact =
        session_change_impact(policy, session_id, change, clinics, waits, today).map_err(|error| error.to_string())?;
    let rows = impact
        .patients
        .iter()
        .map(|patient| ImpactRow {
            appointment: patient.appointment.clone(),
            patient_name: patient.wait.patient_name.clone(),
            priority: patient.wait.priority.label().to_string(),
            weeks_waited: patient.weeks_waited,
            next_deadline: patient.wait.next_deadline.map(|deadline| deadline.describe(today)),
            deadline: patient.wait.next_deadline,
            suggested_on: patient.alternative.map(|alternative| alternative.slot.session.date),
            suggestion: patient.alternative.map(|alternative| {
                let session = alternative.slot.session;
                let short = notice_for(policy, today, session.date, false).is_some_and(|a| !a.is_reasonable());
                (
                    session.id.clone(),
                    alternative.slot.slot.id.clone(),
                    format!("{} {}, {}", uk_day(session.date), hhmm(alternative.slot.slot.start), session.name),
                    short,
                )
            }),
            escalate: patient.escalate,
            advice: patient.advice.clone(),
        })
        .collect();
    Ok((rows, impact.summary))
}

#[component]
pub fn ClinicSessionPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let today = clock::today();
    let session_id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let data = load(move |store| {
        let id = session_id();
        async move {
            let session: Option<ClinicSession> = records::one(&store, RecordKind::ClinicSession, &id).await?;
            let policy = queries::trust_settings(&store).await?.booking;
            let Some(session) = session else {
                return Ok(SessionData {
                    session: None,
                    sessions: vec![],
                    appointments: vec![],
                    lists: vec![],
                    waits: vec![],
                    patients: HashMap::new(),
                    notes: HashMap::new(),
                    policy,
                });
            };
            // Where the affected patients can go: the specialty's clinics from today, never in a consultant's
            // recorded leave (the clinic being changed stays, to be changed).
            let leave: Vec<Leave> = records::all(&store, RecordKind::Leave).await?;
            let sessions: Vec<ClinicSession> = records::all::<ClinicSession>(&store, RecordKind::ClinicSession)
                .await?
                .into_iter()
                .filter(|s| s.specialty_id == session.specialty_id && (s.date >= today || s.id == session.id))
                .filter(|s| s.id == session.id || !leave.iter().any(|away| away.covers(&s.consultant_id, s.date)))
                .collect();
            let appointments: Vec<Appointment> = records::all(&store, RecordKind::Appointment).await?;
            let mut pathways: Vec<Pathway> = Vec::new();
            let mut patients: Vec<Patient> = Vec::new();
            let mut notes: HashMap<String, CaseNotes> = HashMap::new();
            for appointment in appointments.iter().filter(|a| a.session_id == session.id) {
                if let Some(n) =
                    records::one::<CaseNotes>(&store, RecordKind::CaseNotes, &appointment.patient_id).await?
                {
                    notes.insert(n.patient_id.clone(), n);
                }
                if let Some(p) = records::one::<Pathway>(&store, RecordKind::Pathway, &appointment.pathway_id).await? {
                    pathways.push(p);
                }
                if let Some(p) = records::one::<Patient>(&store, RecordKind::Patient, &appointment.patient_id).await? {
                    patients.push(p);
                }
            }
            let consultants: Vec<Consultant> = records::all(&store, RecordKind::Consultant).await?;
            let specialties: Vec<Specialty> = records::all(&store, RecordKind::Specialty).await?;
            let sources = PtlSources {
                pathways: &pathways,
                patients: &patients,
                consultants: &consultants,
                specialties: &specialties,
                appointments: &appointments,
            };
            // A patient listed for a procedure goes only to a list with their procedure's minutes left.
            let waits = build_rows(sources, today)
                .iter()
                .map(|row| PathwayWait {
                    procedure_minutes: pathways
                        .iter()
                        .find(|p| p.id == row.pathway_id)
                        .and_then(|p| p.listed.as_ref())
                        .and_then(|listing| listing.expected_minutes),
                    ..PathwayWait::from_row(row)
                })
                .collect();
            let mut lists = Vec::new();
            for candidate in
                sessions.iter().filter(|s| s.slots.iter().any(|slot| slot.slot_type == SlotType::Procedure))
            {
                if let Some(list) = records::one::<ClinicList>(&store, RecordKind::ClinicList, &candidate.id).await? {
                    lists.push(list);
                }
            }
            let patients = patients.into_iter().map(|p| (p.id.clone(), p)).collect();
            Ok(SessionData { session: Some(session), sessions, appointments, lists, waits, patients, notes, policy })
        }
    });

    // The planned change and the person's choices survive redraws after each saved step or a sync.
    let cancel_whole = RwSignal::new(true);
    let reason = RwSignal::new(query.with_untracked(|q| q.get("reason")).unwrap_or_default());
    let removed: RwSignal<BTreeSet<String>> = RwSignal::new(BTreeSet::new());
    let planned: RwSignal<Option<SessionChange>> = RwSignal::new(None);
    let selected: RwSignal<BTreeSet<String>> = RwSignal::new(BTreeSet::new());
    let agreed: RwSignal<BTreeSet<String>> = RwSignal::new(BTreeSet::new());
    // Appointments whose patients were escalated here: kept while the clinic is drawn again after a sync.
    let escalated: RwSignal<BTreeSet<String>> = RwSignal::new(BTreeSet::new());
    let outcome: RwSignal<Vec<String>> = RwSignal::new(Vec::new());
    let problems: RwSignal<Vec<String>> = RwSignal::new(Vec::new());
    // What is wrong with the cancel-or-reduce form, at its boxes.
    let change_problems: Problems = RwSignal::new(Vec::new());
    let edit_draft = SessionEditDraft::new();
    // A step that went wrong for some patients is said where the person is looking: focus moves to the message.
    Effect::new(move || {
        if problems.with(|p| !p.is_empty()) {
            focus_element("change-problems");
        }
    });

    view! {
        <h1>"Clinic"</h1>
        <ClinicsNav/>
        {loaded::show(data, move |data: SessionData| {
            let Some(session) = data.session.clone() else {
                return view! { <p class="error-message" role="alert">"This clinic is not on this device. Sync, or go back to the diary and choose it again."</p> }.into_any();
            };
            let change_text = match &session.status {
                SessionStatus::Scheduled => None,
                SessionStatus::Cancelled { reason } => Some(format!("Cancelled: {reason}")),
                SessionStatus::Reduced { reason } => Some(format!("Reduced: {reason}")),
            };
            let cancelled = matches!(session.status, SessionStatus::Cancelled { .. });
            let on_list: Vec<Appointment> = {
                let mut list: Vec<Appointment> = data.appointments.iter()
                    .filter(|a| a.session_id == session.id && !matches!(a.status, AppointmentStatus::CancelledByHospital | AppointmentStatus::CancelledByPatient))
                    .cloned().collect();
                sorting::sort_by_key(&mut list, |a| a.start);
                list
            };
            let name_of = |a: &Appointment| data.patients.get(&a.patient_id).map(|p| p.display_name()).unwrap_or_else(|| a.patient_id.clone());
            // The NHS number and date of birth beside the name, on screen and on the printed list.
            let identity_of = |a: &Appointment| data.patients.get(&a.patient_id).map(|p| (
                pathdesk_core::nhs_number::format_nhs_number(&p.nhs_number),
                uk_date(p.date_of_birth),
            )).unwrap_or_default();
            let not_located = on_list
                .iter()
                .filter(|a| matches!(a.status, AppointmentStatus::Booked | AppointmentStatus::Arrived))
                .filter(|a| NotesStanding::of(data.notes.get(&a.patient_id), &session.location) == NotesStanding::NotLocated)
                .count();
            let list_view = on_list.iter().map(|a| {
                // Once seen, what the clinic decided: recorded, or a link to record it.
                let outcome = match (a.status, a.outcome) {
                    (_, Some(outcome)) => Some(outcome.label().into_any()),
                    (AppointmentStatus::Seen, None) if a.slot_type != pathdesk_core::model::SlotType::Procedure => Some(view! {
                        <a href=format!("/appointments/{}/outcome", a.id)>"Record the outcome"<span class="visually-hidden">{format!(" for {}", name_of(a))}</span></a>
                    }.into_any()),
                    _ => None,
                };
                let (nhs, born) = identity_of(a);
                let notes = NotesStanding::of(data.notes.get(&a.patient_id), &session.location);
                let located = (notes != NotesStanding::NotLocated).to_string();
                view! {
                    <tr><td>{hhmm(a.start)}</td><td>{a.slot_type.label()}</td><td>{name_of(a)}</td><td class="nowrap">{nhs}</td><td class="nowrap">{born}</td><td>{a.status.label()}</td><td>{outcome}</td>
                        <td data-testid="session-notes" data-located=located>{notes.words()}</td></tr>
                }
            }).collect_view();
            let impact = planned.get().map(|change| {
                impact_rows(
                    &data.policy,
                    &session.id,
                    &change,
                    ClinicsSearched { sessions: &data.sessions, appointments: &data.appointments, lists: &data.lists },
                    &data.waits,
                    today,
                )
            });
            let slot_choices = session.slots.iter().map(|slot| {
                let id = slot.id.clone();
                let id_for_check = id.clone();
                let label = format!("{} {} ({} places)", hhmm(slot.start), slot.slot_type.label(), slot.capacity);
                view! {
                    <label class="checkbox">
                        <input type="checkbox" prop:checked=move || removed.with(|r| r.contains(&id_for_check))
                            on:change=move |ev| { let on = event_target_checked(&ev); let id = id.clone(); removed.update(|r| { if on { r.insert(id); } else { r.remove(&id); } }) }/>
                        {label}
                    </label>
                }
            }).collect_view();
            let session_for_plan = session.clone();
            let show_impact = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let change = if cancel_whole.get_untracked() {
                    SessionChange::Cancel { reason: reason.get_untracked() }
                } else {
                    SessionChange::Reduce { removed_slot_ids: removed.get_untracked().into_iter().collect(), reason: reason.get_untracked() }
                };
                // The core's own check, said at the box it is about before anyone is listed.
                if let Err(error) = check_session_change(&session_for_plan, &change, today) {
                    let field = match error {
                        SessionChangeError::NoReason => "change-reason",
                        SessionChangeError::NoSlotsChosen | SessionChangeError::EverySlotRemoved | SessionChangeError::UnknownSlot { .. } => "change-slots",
                        _ => "change-what",
                    };
                    planned.set(None);
                    show_problems(change_problems, vec![(field.to_string(), error.to_string())]);
                    return;
                }
                change_problems.set(Vec::new());
                selected.set(BTreeSet::new());
                outcome.set(Vec::new());
                problems.set(Vec::new());
                planned.set(Some(change));
            };
            view! {
                <h2>{format!("{} — {}", session.name, uk_day(session.date))}</h2>
                <p data-testid="session-times">{format!("{}–{} · {}", hhmm(session.start), hhmm(session.end), session.location)}</p>
                <p class="no-print"><button type="button" class="button button--secondary" on:click=|_| { let _ = window().print(); }>"Print clinic list"</button></p>
                {change_text.map(|t| view! { <p class="tag tag--warning" data-testid="session-change">{t}</p> })}
                {(not_located > 0).then(|| view! {
                    <p data-testid="session-notes-missing">
                        {format!("Case notes not yet located: {}. ", count(not_located, "patient", "patients"))}
                        <a href="/clinics/case-notes">"Case notes"</a>
                    </p>
                })}
                <table class="table" data-testid="session-list">
                    <caption>"Patients on this clinic"</caption>
                    <thead><tr><th scope="col">"Time"</th><th scope="col">"Type"</th><th scope="col">"Patient"</th><th scope="col">"NHS number"</th><th scope="col">"Date of birth"</th><th scope="col">"Status"</th><th scope="col">"Outcome"</th><th scope="col">"Case notes"</th></tr></thead>
                    <tbody>{list_view}</tbody>
                </table>
                {(!cancelled && session.date >= today).then(|| {
                    let session = session.clone();
                    let appointment_ids: Vec<String> = on_list.iter().map(|a| a.id.clone()).collect();
                    let to_tell = on_list.iter().filter(|a| a.status == AppointmentStatus::Booked).count();
                    view! {
                        <IfMayChange area=Area::Clinics>
                            <SessionEditForm session=session.clone() appointment_ids=appointment_ids.clone() to_tell draft=edit_draft/>
                        </IfMayChange>
                    }
                })}
                {(!cancelled).then(|| view! {
                    <IfMayChange area=Area::Clinics>
                    <section class="card no-print" aria-labelledby="change-heading">
                        <h2 class="card__heading" id="change-heading">"Cancel or reduce this clinic"</h2>
                        <ErrorSummary problems=change_problems/>
                        <form on:submit=show_impact novalidate>
                            <fieldset class="fieldset" id="change-what">
                                <legend>"What to do"</legend>
                                {error_line("change-what", error_for(change_problems, "change-what"))}
                                <label class="checkbox"><input type="radio" name="change" prop:checked=move || cancel_whole.get() on:change=move |_| cancel_whole.set(true)/>"Cancel the whole clinic"</label>
                                <label class="checkbox"><input type="radio" name="change" prop:checked=move || !cancel_whole.get() on:change=move |_| cancel_whole.set(false)/>"Reduce it: remove some slots"</label>
                            </fieldset>
                            <div class=group_class(error_for(change_problems, "change-slots")) prop:hidden=move || cancel_whole.get()>
                                <fieldset class="fieldset" id="change-slots"><legend>"Slots to remove"</legend>
                                    {error_line("change-slots", error_for(change_problems, "change-slots"))}
                                    {slot_choices}
                                </fieldset>
                            </div>
                            <TextField id="change-reason" label="Reason" value=reason problems=change_problems/>
                            <p><button type="submit" class="button">"Show who is affected"</button></p>
                        </form>
                    </section>
                    </IfMayChange>
                })}
                {impact.map(|result| match result {
                    Err(message) => view! { <p class="error-message" role="alert" data-testid="impact-error">{message}</p> }.into_any(),
                    Ok((rows, summary)) => {
                        // Everyone on the list in the removed slots, arrived or seen today included: the core checks
                        // the change names each of them, and cancels only those still to be seen.
                        let on_removed_slots: Vec<String> = planned.with_untracked(|change| {
                            change.as_ref().map(|change| on_list.iter().filter(|a| change.removes(&a.slot_id)).map(|a| a.id.clone()).collect()).unwrap_or_default()
                        });
                        // Their pathways, so the core phones a cancer patient first.
                        let pathways_removed: Vec<String> = on_list.iter().filter(|a| on_removed_slots.contains(&a.id)).map(|a| a.pathway_id.clone()).collect();
                        impact_view(session.clone(), rows, (on_removed_slots, pathways_removed), summary, (selected, agreed, escalated), outcome, problems, planned).into_any()
                    }
                })}
            }.into_any()
        })}
        // Outside the loaded data: the outcome of the last step stays on screen while the clinic is redrawn.
        <Confirmation message=Signal::derive(move || outcome.with(|o| (!o.is_empty()).then(|| o.join(" ")))) id="change-outcome"/>
        {move || (!problems.get().is_empty()).then(|| view! {
            <div class="error-summary" role="alert" data-testid="change-problems" id="change-problems" tabindex="-1">
                <ul>{problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </div>
        })}
    }
}

/// Appointment ids the person chose (to rebook, agreed to short notice, escalated), kept by the page.
type Chosen = RwSignal<BTreeSet<String>>;

#[allow(clippy::too_many_arguments)]
fn impact_view(
    session: ClinicSession,
    rows: Vec<ImpactRow>,
    (on_removed_slots, pathways_removed): (Vec<String>, Vec<String>),
    summary: String,
    (selected, agreed, escalated): (Chosen, Chosen, Chosen),
    outcome: RwSignal<Vec<String>>,
    problems: RwSignal<Vec<String>>,
    planned: RwSignal<Option<SessionChange>>,
) -> impl IntoView {
    let state = Desk::get();
    // Only slots within each patient's next deadline are offered to rebook here; the earliest slot of a patient who
    // cannot be kept within it is shown, to escalate.
    let can_offer: Vec<String> =
        rows.iter().filter(|r| r.suggestion.is_some() && !r.escalate).map(|r| r.appointment.id.clone()).collect();
    let select_all = move |_| selected.set(can_offer.iter().cloned().collect());
    // Raise every patient who cannot be kept within their deadline to the team leads (one task each; raising one
    // again adds to its history, so pressing twice does no harm).
    let escalations: Vec<(String, Command)> = rows
        .iter()
        .filter(|row| row.escalate)
        .filter_map(|row| {
            let deadline = row.deadline?;
            let what = match planned.get_untracked()? {
                SessionChange::Cancel { reason } => format!("cancelled ({reason})"),
                SessionChange::Reduce { reason, .. } => format!("reduced ({reason})"),
            };
            Some((
                row.appointment.id.clone(),
                Command::from(Escalate {
                    pathway_id: row.appointment.pathway_id.clone(),
                    patient_id: row.appointment.patient_id.clone(),
                    standard: deadline.standard,
                    deadline: deadline.date,
                    reason: format!("{} on {} {what}. {}", session.name, uk_date(session.date), row.advice),
                    offered: row.suggested_on,
                }),
            ))
        })
        .collect();
    let escalate = move |which: Option<String>| {
        let chosen: Vec<(String, Command)> =
            escalations.iter().filter(|(id, _)| which.as_ref().is_none_or(|which| which == id)).cloned().collect();
        spawn_local(async move {
            let mut failed = Vec::new();
            for (id, command) in chosen {
                match state.run_command(command).await {
                    Ok(()) => {
                        // Its button gives way to "Escalated": the focus goes to those words, in the same row.
                        if which.is_some() {
                            focus_element(format!("escalated-{id}"));
                        }
                        escalated.update(|done| {
                            done.insert(id);
                        })
                    }
                    Err(error) => failed.push(error.to_string()),
                }
            }
            problems.set(failed);
        });
    };
    let escalate_all = escalate.clone();
    let has_escalations = rows.iter().any(|row| row.escalate);
    let rows_for_rebook = rows.clone();
    let reason_text = planned.with_untracked(|p| p.as_ref().map(|c| c.reason().to_string())).unwrap_or_default();
    let rebook = move |_| {
        let chosen = selected.get_untracked();
        let agreed_ids = agreed.get_untracked();
        let commands: Vec<(String, Command)> = rows_for_rebook
            .iter()
            .filter(|row| chosen.contains(&row.appointment.id))
            .filter_map(|row| {
                let (session_id, slot_id, _, _) = row.suggestion.clone()?;
                Some((
                    row.patient_name.clone(),
                    Command::RebookAppointment(RebookAppointment {
                        appointment_id: row.appointment.id.clone(),
                        pathway_id: row.appointment.pathway_id.clone(),
                        old_session_id: row.appointment.session_id.clone(),
                        new_appointment_id: uuid::Uuid::new_v4().to_string(),
                        session_id,
                        slot_id,
                        reason: Some(reason_text.clone()).filter(|r| !r.trim().is_empty()),
                        patient_accepted_earlier_date: agreed_ids.contains(&row.appointment.id),
                        past_deadline_reason: None,
                        consultant_id: None,
                    }),
                ))
            })
            .collect();
        if commands.is_empty() {
            problems.set(vec![
                "No patients are chosen. Tick the patients to rebook, then choose “Rebook selected”.".into()
            ]);
            return;
        }
        spawn_local(async move {
            let mut done = 0;
            let mut failed = Vec::new();
            for (name, command) in commands {
                match state.run_command(command).await {
                    Ok(()) => done += 1,
                    Err(error) => failed.push(format!("{name}: {error}")),
                }
            }
            selected.set(BTreeSet::new());
            outcome.set(vec![format!("{} rebooked.", count(done, "patient", "patients"))]);
            problems.set(failed);
        });
    };
    let change_now = move |_| {
        let Some(change) = planned.get_untracked() else { return };
        let command = match change {
            SessionChange::Cancel { reason } => Command::CancelSession(CancelSession {
                session_id: session.id.clone(),
                reason,
                appointment_ids: on_removed_slots.clone(),
                pathway_ids: pathways_removed.clone(),
            }),
            SessionChange::Reduce { removed_slot_ids, reason } => Command::ReduceSession(ReduceSession {
                session_id: session.id.clone(),
                reason,
                slot_ids: removed_slot_ids,
                appointment_ids: on_removed_slots.clone(),
                pathway_ids: pathways_removed.clone(),
            }),
        };
        let words = command.describe();
        spawn_local(async move {
            match state.run_command(command).await {
                Ok(()) => {
                    planned.set(None);
                    outcome.set(vec![format!("{words}: saved on this device.")]);
                    problems.set(Vec::new());
                }
                Err(error) => problems.set(vec![error.to_string()]),
            }
        });
    };
    let cancel_label = if planned.with_untracked(|p| matches!(p, Some(SessionChange::Reduce { .. }))) {
        "Reduce the clinic now"
    } else {
        "Cancel the clinic now"
    };
    let table_rows = rows
        .into_iter()
        .enumerate()
        .map(|(rank, row)| {
            let id = row.appointment.id.clone();
            let (id_check, id_set, id_agree, id_agree_set) = (id.clone(), id.clone(), id.clone(), id.clone());
            let suggestion = row.suggestion.clone();
            let has_suggestion = suggestion.is_some() && !row.escalate;
            let short = has_suggestion && suggestion.as_ref().is_some_and(|s| s.3);
            view! {
                <tr data-testid="impact-row" data-escalate=row.escalate.to_string()>
                    <td>
                        {has_suggestion.then(|| view! {
                            <input type="checkbox" class="checkbox__input" aria-label=format!("Rebook {}", row.patient_name)
                                prop:checked=move || selected.with(|s| s.contains(&id_check))
                                on:change=move |ev| { let on = event_target_checked(&ev); let id = id_set.clone(); selected.update(|s| { if on { s.insert(id); } else { s.remove(&id); } }) }/>
                        })}
                    </td>
                    <td class="table__numeric">{rank + 1}</td>
                    <td data-testid="impact-patient">{row.patient_name.clone()}</td>
                    <td>{row.priority.clone()}</td>
                    <td class="table__numeric">{row.weeks_waited.map(|w| w.to_string()).unwrap_or_else(|| "—".into())}</td>
                    <td data-testid="impact-deadline">{row.next_deadline.clone().unwrap_or_else(|| "No clock running".into())}</td>
                    <td>
                        {match (suggestion.map(|s| s.2), row.escalate) {
                            (Some(slot), false) => slot,
                            (Some(slot), true) => format!("Earliest: {slot}"),
                            (None, _) => "No free slot".into(),
                        }}
                        {row.escalate.then(|| {
                            let escalate = escalate.clone();
                            let (id, id_done) = (row.appointment.id.clone(), row.appointment.id.clone());
                            view! {
                                <p class="tag tag--red" data-testid="escalate">"Escalate: cannot be kept within the deadline"</p>
                                {move || if escalated.with(|done| done.contains(&id_done)) {
                                    view! { <p class="hint" role="status" tabindex="-1" id=format!("escalated-{id_done}")>"Escalated to the team leads."</p> }.into_any()
                                } else {
                                    let (escalate, id) = (escalate.clone(), id.clone());
                                    view! {
                                        <button type="button" class="button button--secondary" data-testid="escalate-one"
                                            on:click=move |_| escalate(Some(id.clone()))>"Escalate to the team leads"</button>
                                    }.into_any()
                                }}
                            }
                        })}
                        <p class="hint">{row.advice.clone()}</p>
                        {short.then(|| view! {
                            <label class="checkbox">
                                <input type="checkbox" prop:checked=move || agreed.with(|s| s.contains(&id_agree))
                                    on:change=move |ev| { let on = event_target_checked(&ev); let id = id_agree_set.clone(); agreed.update(|s| { if on { s.insert(id); } else { s.remove(&id); } }) }/>
                                "Patient agreed to the earlier date"
                            </label>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card no-print" aria-labelledby="impact-heading" data-testid="impact">
            <h2 class="card__heading" id="impact-heading">"Who is affected"</h2>
            <p data-testid="impact-summary">{summary}</p>
            <table class="table">
                <thead><tr>
                    <th scope="col">"Rebook"</th><th scope="col" class="table__numeric">"Rank"</th><th scope="col">"Patient"</th>
                    <th scope="col">"Priority"</th><th scope="col" class="table__numeric">"Weeks waited"</th>
                    <th scope="col">"Next deadline"</th><th scope="col">"Suggested slot"</th>
                </tr></thead>
                <tbody>{table_rows}</tbody>
            </table>
            <div class="button-group">
                <button type="button" class="button button--secondary" on:click=select_all>"Select all with a slot in time"</button>
                <button type="button" class="button" on:click=rebook data-testid="rebook-selected">"Rebook selected"</button>
                {has_escalations.then(|| view! {
                    <button type="button" class="button button--secondary" data-testid="escalate-all"
                        on:click=move |_| escalate_all(None)>"Escalate all who cannot be kept within their deadline"</button>
                })}
                <button type="button" class="button button--warning" on:click=change_now data-testid="change-now">{cancel_label}</button>
            </div>
            <p class="hint">"Rebook first: the clinic change then cancels the appointments of anyone still on it, who go back to the waiting list."</p>
        </section>
    }
}
