//! One pathway: who and where, a warning when a breach is near, the RTT clock and each cancer standard that
//! applies, the form to add an event, and the event timeline. Clocks are worked out on this device as of today,
//! so they change the moment an event is saved or synced in.

pub mod event_form;
pub mod follow_up;
pub mod model;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::command::Command;
use pathdesk_core::command::RecordPathwayEvent;
use pathdesk_core::model::{Consultant, Pathway, Patient, Specialty};
use pathdesk_core::nhs_number::format_nhs_number;
use pathdesk_core::pathway::{rtt_periods, PathwayClocks, PathwayEvent, RttClockState};
use pathdesk_core::record::RecordKind;

use self::event_form::PathwayEventForm;
use self::follow_up::FollowUpForm;
use self::model::{
    cancer_state, period_in_words, previous_periods, rtt_state, start_reason, unsynced_flags, warnings, weeks_and_days,
    WarningThresholds,
};
use crate::desk::clock;
use crate::desk::queries::warning_thresholds;
use crate::desk::store::{outbox, records, Store, StoreError};
use crate::ui::event_model::attributes_in_words;
use crate::ui::loaded;
use crate::ui::loaded::load;
use crate::ui::tags::priority_class;

/// Everything the pathway page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct PathwayFile {
    pub pathway: Pathway,
    pub patient: Option<Patient>,
    pub consultant: Option<Consultant>,
    pub specialty: Option<Specialty>,
    /// Events of this pathway whose command is still in the outbox, oldest first.
    pub unsynced: Vec<PathwayEvent>,
    pub thresholds: WarningThresholds,
}

async fn read_file(store: Store, id: String) -> Result<Option<PathwayFile>, StoreError> {
    let Some(pathway) = records::one::<Pathway>(&store, RecordKind::Pathway, &id).await? else {
        return Ok(None);
    };
    let patient = records::one::<Patient>(&store, RecordKind::Patient, &pathway.patient_id).await?;
    let consultant = records::one::<Consultant>(&store, RecordKind::Consultant, &pathway.consultant_id).await?;
    let specialty = records::one::<Specialty>(&store, RecordKind::Specialty, &pathway.specialty_id).await?;
    let unsynced = outbox::all(&store)
        .await?
        .into_iter()
        .filter_map(|entry| match entry.envelope.command {
            Command::RecordPathwayEvent(RecordPathwayEvent { pathway_id, event }) if pathway_id == id => Some(event),
            _ => None,
        })
        .collect();
    let thresholds = warning_thresholds(&store).await?;
    Ok(Some(PathwayFile { pathway, patient, consultant, specialty, unsynced, thresholds }))
}

#[component]
pub fn PathwayPage() -> impl IntoView {
    let params = use_params_map();
    let pathway_id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let file = load(move |store| read_file(store, pathway_id.get()));
    // The form stays while the page reloads after a save or a sync: what was typed and the messages are kept.
    let found = Memo::new(move |_| file.get().map(|f| matches!(f, Ok(Some(_)))).unwrap_or(false));
    let follow_up_due =
        Memo::new(move |_| file.get().and_then(|f| f.ok().flatten()).and_then(|f| f.pathway.follow_up_due));
    view! {
        {loaded::show(file, |file: Option<PathwayFile>| match file {
            None => view! {
                <h1>"Pathway not found"</h1>
                <p>"No pathway with this id is on this device. "<a href="/pathways">"Go to the patient tracking list"</a> "."</p>
            }
                .into_any(),
            Some(file) => view! { <PathwayClocksView file=file/> }.into_any(),
        })}
        {move || {
            found.get().then(|| {
                view! {
                    <crate::ui::allowed::IfMayChange area=pathdesk_core::access::Area::Pathways>
                    <FollowUpForm pathway_id=pathway_id.get() due=follow_up_due/>
                    <section aria-labelledby="add-event-heading">
                        <h2 id="add-event-heading">"Add an event"</h2>
                        <PathwayEventForm pathway_id=pathway_id.get()/>
                    </section>
                    </crate::ui::allowed::IfMayChange>
                    <section aria-labelledby="timeline-heading">
                        <h2 id="timeline-heading">"Timeline"</h2>
                        <p class="hint">"Newest first."</p>
                        {loaded::show(file, |file: Option<PathwayFile>| file.map(|file| view! { <Timeline file=file/> }))}
                    </section>
                }
            })
        }}
    }
}

fn summary_row(key: &'static str, value: impl IntoView + 'static, testid: &'static str) -> impl IntoView {
    view! {
        <div class="summary-list__row">
            <dt class="summary-list__key">{key}</dt>
            <dd class="summary-list__value" data-testid=testid>{value}</dd>
        </div>
    }
}

#[component]
fn PathwayClocksView(file: PathwayFile) -> impl IntoView {
    let today = clock::today();
    let PathwayFile { pathway, patient, consultant, specialty, thresholds, .. } = file;
    let clocks = PathwayClocks::compute(&pathway.events, pathway.cancer, today);
    let name = patient.as_ref().map(|p| p.display_name()).unwrap_or_else(|| "Unknown patient".into());
    let patient_href = format!("/patients/{}", pathway.patient_id);
    let nhs = patient.as_ref().map(|p| format_nhs_number(&p.nhs_number)).unwrap_or_else(|| "Not known".into());
    let warnings = warnings(&clocks, today, thresholds);
    view! {
        <h1>
            <span class="caption">"Pathway"</span>
            {name.clone()}
        </h1>
        <dl class="summary-list">
            {summary_row("Patient", view! { <a href=patient_href>{name}</a> " · NHS number " {nhs} }, "pathway-patient")}
            {summary_row("Specialty", specialty.map(|s| s.name).unwrap_or_else(|| pathway.specialty_id.clone()), "pathway-specialty")}
            {summary_row("Consultant", consultant.map(|c| c.name).unwrap_or_else(|| pathway.consultant_id.clone()), "pathway-consultant")}
            {summary_row(
                "Priority",
                view! { <span class=priority_class(pathway.priority)>{pathway.priority.label()}</span> },
                "pathway-priority",
            )}
            {summary_row("Cancer pathway", if pathway.cancer { "Yes" } else { "No" }, "pathway-cancer")}
        </dl>
        {warnings
            .into_iter()
            .map(|warning| {
                if warning.breached {
                    view! { <div class="pathway-warning pathway-warning--breached" role="alert" data-testid="pathway-warning" data-breached="true">{warning.text}</div> }.into_any()
                } else {
                    view! { <div class="pathway-warning" role="status" data-testid="pathway-warning" data-breached="false">{warning.text}</div> }.into_any()
                }
            })
            .collect_view()}
        <RttSection pathway=pathway.clone() clocks=clocks/>
        <CancerSection clocks=clocks cancer=pathway.cancer/>
    }
}

#[component]
fn RttSection(pathway: Pathway, clocks: PathwayClocks) -> impl IntoView {
    let rtt = clocks.rtt;
    let (periods, _) = rtt_periods(&pathway.events);
    let earlier: Vec<String> = previous_periods(&periods).iter().map(period_in_words).collect();
    let status = rtt.status();
    let dates = rtt.current.is_some().then(|| {
        let start = rtt.current.map(|p| format!("{} ({})", uk_date(p.start), start_reason(p.start_reason)));
        view! {
            {summary_row("Weeks waited", rtt.days().map(weeks_and_days).unwrap_or_default(), "rtt-waited")}
            {summary_row("Clock start", start.unwrap_or_default(), "rtt-start")}
            {rtt.stopped_on().map(|d| summary_row("Clock stopped on", uk_date(d), "rtt-stopped"))}
            {rtt.running().then(|| view! {
                {summary_row("Last day within 18 weeks", rtt.deadline_18w().map(uk_date).unwrap_or_default(), "rtt-deadline")}
                {summary_row("Breaches on", rtt.breach_date().map(uk_date).unwrap_or_default(), "rtt-breach")}
            })}
            {(!rtt.running()).then(|| {
                let within = match rtt.within_18_weeks() {
                    Some(true) => "Yes: stopped within 18 weeks",
                    Some(false) => "No: stopped after 18 weeks",
                    None => "",
                };
                summary_row("Within 18 weeks", within, "rtt-within")
            })}
        }
    });
    let nullified = rtt.nullified.map(|p| period_in_words(&p));
    let notes: Vec<&'static str> = rtt.notes.iter().map(|n| n.text()).collect();
    view! {
        <section class="clock-card" aria-labelledby="rtt-heading" data-testid="rtt-clock" data-state=format!("{:?}", rtt.state)>
            <h2 id="rtt-heading">"Referral to treatment (18 weeks)"</h2>
            <dl class="summary-list">
                {summary_row("Clock", rtt_state(rtt.state), "rtt-state")}
                {dates}
                {nullified.map(|text| summary_row("Nullified period", text, "rtt-nullified"))}
                <div class="summary-list__row">
                    <dt class="summary-list__key">"Status"</dt>
                    <dd class="summary-list__value" data-testid="rtt-status" data-code=status.map(|s| s.code()).unwrap_or_default()>
                        {match status {
                            Some(s) => format!("{} – {}", s.code(), s.meaning()),
                            None => "No status yet".to_string(),
                        }}
                    </dd>
                </div>
            </dl>
            {(!notes.is_empty()).then(|| view! {
                <h3>"To look at"</h3>
                <ul class="list">{notes.into_iter().map(|n| view! { <li class="list__item">{n}</li> }).collect_view()}</ul>
            })}
            {(!earlier.is_empty()).then(|| view! {
                <h3>"Earlier periods"</h3>
                <ul class="list" data-testid="rtt-previous">
                    {earlier.into_iter().map(|p| view! { <li class="list__item">{p}</li> }).collect_view()}
                </ul>
            })}
            {(rtt.state == RttClockState::NotStarted).then(|| view! { <p class="hint">"No waiting time clock has started on this pathway."</p> })}
        </section>
    }
}

#[component]
fn CancerSection(clocks: PathwayClocks, cancer: bool) -> impl IntoView {
    let standards: Vec<_> = clocks.cancer_clocks().copied().collect();
    if !cancer {
        return ().into_any();
    }
    view! {
        <section class="clock-card" aria-labelledby="cancer-heading" data-testid="cancer-clocks">
            <h2 id="cancer-heading">"Cancer waiting times"</h2>
            {standards.is_empty().then(|| view! { <p class="hint">"No cancer standard applies yet."</p> })}
            {(!standards.is_empty()).then(|| view! {
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">"Standard"</th>
                            <th scope="col">"Clock start"</th>
                            <th scope="col" class="table__numeric">"Days used"</th>
                            <th scope="col">"Deadline"</th>
                            <th scope="col">"Status"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {standards.into_iter().map(|clock| {
                            let state = cancer_state(&clock);
                            let ended = clock.end.map(|d| format!(" (ended {})", uk_date(d))).unwrap_or_default();
                            let adjusted = match clock.adjustment_days() {
                                0 => String::new(),
                                days => format!(", after {days} days' adjustment"),
                            };
                            view! {
                                <tr data-testid="cancer-clock" data-standard=clock.standard.days() data-state=state>
                                    <th scope="row">{clock.standard.label()}</th>
                                    <td>{uk_date(clock.start)}</td>
                                    <td class="table__numeric">{format!("{} of {}{adjusted}", clock.days, clock.standard.days())}</td>
                                    <td>{uk_date(clock.deadline)}</td>
                                    <td>{format!("{state}{ended}")}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </section>
    }
    .into_any()
}

#[component]
fn Timeline(file: PathwayFile) -> impl IntoView {
    let events = file.pathway.events;
    let flags = unsynced_flags(&events, &file.unsynced);
    let empty = events.is_empty();
    view! {
        {empty.then(|| view! { <p class="hint">"No events recorded yet."</p> })}
        <ol class="timeline" data-testid="timeline">
            {events
                .into_iter()
                .zip(flags)
                .rev()
                .map(|(event, pending)| {
                    let when = event.date().map(uk_date).unwrap_or_else(|| "Date not recorded".into());
                    let attributes = attributes_in_words(&event);
                    let note = event.note.as_deref().map(str::to_string);
                    view! {
                        <li class="timeline__item" data-testid="timeline-event" data-type=event.type_name()>
                            <p class="timeline__date">{when}</p>
                            <p class="timeline__label">
                                {event.label()}
                                {pending.then(|| view! { " " <span class="tag tag--grey">"Not yet synced"</span> })}
                            </p>
                            {(!attributes.is_empty()).then(|| view! {
                                <ul class="timeline__attributes">
                                    {attributes.into_iter().map(|(k, v)| view! { <li>{format!("{k}: {v}")}</li> }).collect_view()}
                                </ul>
                            })}
                            {note.map(|n| view! { <p class="timeline__note">{n}</p> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
