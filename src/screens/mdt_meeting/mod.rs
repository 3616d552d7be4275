//! One MDT meeting: the patients listed (name, NHS number, date of birth, what the team is asked, their next cancer
//! deadline) and, once it has sat, the decision for each, which records the pathway events and makes the task for
//! the next step; until the day it sits, the fast-track patients the cancer PTL suggests discussing, to list with a click.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use pathdesk_core::calendar::uk_day;
use pathdesk_core::command::{Command, ListForMdt, RecordMdtOutcome};
use pathdesk_core::mdt::{MdtDecision, MdtListing, MdtMeeting};
use pathdesk_core::model::{Pathway, Patient};
use pathdesk_core::nhs_number::format_nhs_number;
use pathdesk_core::ptl::{mdt_suggestions, Ptl};
use pathdesk_core::record::RecordKind;

use crate::desk::local::LocalError;
use crate::desk::store::{records, Store, StoreError};
use crate::desk::{clock, queries, Desk};
use crate::ui::allowed::IfMayChange;
use crate::ui::clinics_nav::ClinicsNav;
use crate::ui::loaded;
use crate::ui::loaded::load;

/// Suggestions shown at once.
const SUGGESTED: usize = 20;

#[derive(Clone)]
struct MeetingData {
    meeting: Option<MdtMeeting>,
    /// The listed patients' records and pathways.
    patients: HashMap<String, Patient>,
    pathways: HashMap<String, Pathway>,
    ptl: Arc<Ptl>,
    /// Pathways listed for this or another coming meeting.
    listed_elsewhere: Vec<String>,
}

async fn read(store: Store, id: String) -> Result<MeetingData, StoreError> {
    let today = clock::today();
    let meeting = records::one::<MdtMeeting>(&store, RecordKind::MdtMeeting, &id).await?;
    let mut patients = HashMap::new();
    let mut pathways = HashMap::new();
    for listing in meeting.iter().flat_map(|m| m.patients.iter()) {
        if let Some(patient) = records::one::<Patient>(&store, RecordKind::Patient, &listing.patient_id).await? {
            patients.insert(patient.id.clone(), patient);
        }
        if let Some(pathway) = records::one::<Pathway>(&store, RecordKind::Pathway, &listing.pathway_id).await? {
            pathways.insert(pathway.id.clone(), pathway);
        }
    }
    let listed_elsewhere = records::all::<MdtMeeting>(&store, RecordKind::MdtMeeting)
        .await?
        .into_iter()
        .filter(|m| m.date >= today)
        .flat_map(|m| m.patients.into_iter().map(|l| l.pathway_id))
        .collect();
    let ptl = queries::ptl(&store, today).await?;
    Ok(MeetingData { meeting, patients, pathways, ptl, listed_elsewhere })
}

#[component]
pub fn MdtMeetingPage() -> impl IntoView {
    let params = use_params_map();
    let meeting_id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let data = load(move |store| read(store, meeting_id.get()));
    let drafts: Drafts = RwSignal::new(HashMap::new());
    view! {
        <ClinicsNav/>
        {loaded::show(data, move |data: MeetingData| {
            let Some(meeting) = data.meeting.clone() else {
                return view! {
                    <h1>"MDT meeting not found"</h1>
                    <p>"This meeting is not on this device. "<a href="/clinics/mdt">"Go to the MDT meetings"</a>"."</p>
                }
                .into_any();
            };
            let today = clock::today();
            let sat = meeting.date <= today;
            view! {
                <h1><span class="caption">"MDT meeting"</span>{meeting.name.clone()}</h1>
                <p class="lede" data-testid="mdt-when">{format!("{} · {}", uk_day(meeting.date), meeting.location)}</p>
                <section aria-labelledby="listed-heading">
                    <h2 id="listed-heading">"Patients listed"</h2>
                    {meeting.patients.is_empty().then(|| view! { <p class="hint">"Nobody is listed yet."</p> })}
                    <ul class="mdt-list" data-testid="mdt-listed">
                        {meeting.patients.iter().map(|listing| listed_view(&meeting, listing, &data, sat, drafts)).collect_view()}
                    </ul>
                </section>
                {(meeting.date >= today).then(|| view! { <Suggestions meeting=meeting.clone() data=data.clone()/> })}
            }
            .into_any()
        })}
    }
}

fn listed_view(meeting: &MdtMeeting, listing: &MdtListing, data: &MeetingData, sat: bool, drafts: Drafts) -> AnyView {
    let patient = data.patients.get(&listing.patient_id);
    let who = patient
        .map(|p| format!("{} · {}", p.display_name(), p.identifiers()))
        .unwrap_or_else(|| listing.patient_id.clone());
    let deadline = data
        .ptl
        .rows()
        .iter()
        .find(|row| row.pathway_id == listing.pathway_id)
        .and_then(|row| row.next_deadline)
        .map(|deadline| deadline.describe(clock::today()))
        .unwrap_or_else(|| "No cancer clock running".to_string());
    let consultant_id = data.pathways.get(&listing.pathway_id).map(|p| p.consultant_id.clone());
    let outcome = match &listing.outcome {
        Some(outcome) => {
            let to = outcome.refer_to.as_ref().map(|to| format!(" ({to})")).unwrap_or_default();
            view! {
                <p data-testid="mdt-outcome"><strong>{format!("Decided: {}{to}", outcome.decision.label())}</strong>
                    " · " <a href=format!("/tasks/{}", outcome.task_id)>"Next step task"</a></p>
            }
            .into_any()
        }
        None if sat => {
            let (meeting_id, pathway_id) = (meeting.id.clone(), listing.pathway_id.clone());
            view! {
                <IfMayChange area=pathdesk_core::access::Area::Pathways>
                    <OutcomeForm meeting_id=meeting_id.clone() pathway_id=pathway_id.clone() consultant_id=consultant_id.clone() drafts=drafts/>
                </IfMayChange>
            }
            .into_any()
        }
        None => view! { <p class="hint">"To be discussed."</p> }.into_any(),
    };
    view! {
        <li class="card" data-testid="mdt-patient" data-pathway-id=listing.pathway_id.clone()>
            <h3><a href=format!("/pathways/{}", listing.pathway_id)>{who}</a></h3>
            <p>{listing.question.clone().map(|q| format!("Question: {q}")).unwrap_or_else(|| "No question recorded.".into())}</p>
            <p data-testid="mdt-deadline">{format!("Next deadline: {deadline}")}</p>
            {outcome}
        </li>
    }
    .into_any()
}

/// What is typed into a patient's decision form, kept by the page: the list is drawn again after every save or
/// sync, and what was chosen and typed must survive that.
#[derive(Debug, Clone, Default, PartialEq)]
struct Draft {
    decision: String,
    refer_to: String,
    note: String,
    problem: Option<String>,
}

type Drafts = RwSignal<HashMap<String, Draft>>;

#[component]
fn OutcomeForm(meeting_id: String, pathway_id: String, consultant_id: Option<String>, drafts: Drafts) -> impl IntoView {
    let state = Desk::get();
    let busy = RwSignal::new(false);
    let key = StoredValue::new(pathway_id.clone());
    let read =
        move |field: fn(&Draft) -> String| drafts.with(|d| key.with_value(|k| d.get(k).map(field).unwrap_or_default()));
    let write = move |change: &dyn Fn(&mut Draft)| drafts.update(|d| change(d.entry(key.get_value()).or_default()));
    let problem = move || drafts.with(|d| key.with_value(|k| d.get(k).and_then(|draft| draft.problem.clone())));
    let ids = StoredValue::new((meeting_id, pathway_id, consultant_id));
    let prefix = ids.with_value(|(_, pathway, _)| format!("mdt-{pathway}"));
    let (decision_id, refer_id, note_id, error_id) =
        (format!("{prefix}-decision"), format!("{prefix}-refer"), format!("{prefix}-note"), format!("{prefix}-error"));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let draft = drafts.with_untracked(|d| key.with_value(|k| d.get(k).cloned().unwrap_or_default()));
        let say = move |message: Option<String>| write(&|d: &mut Draft| d.problem = message.clone());
        let Some(chosen) = MdtDecision::from_word(&draft.decision) else {
            say(Some("Choose what the MDT decided.".into()));
            return;
        };
        let (meeting_id, pathway_id, consultant_id) = ids.get_value();
        let command = RecordMdtOutcome {
            meeting_id,
            pathway_id,
            decision: chosen,
            refer_to: Some(draft.refer_to).filter(|t| !t.trim().is_empty() && chosen == MdtDecision::ReferOn),
            note: Some(draft.note).filter(|n| !n.trim().is_empty()),
            consultant_id,
        };
        busy.set(true);
        spawn_local(async move {
            match state.run_command(Command::RecordMdtOutcome(command)).await {
                Ok(()) => say(None),
                Err(LocalError::Rejected(rejection)) => say(Some(rejection.message)),
                Err(other) => say(Some(other.to_string())),
            }
            busy.set(false);
        });
    };
    let error_for_box = error_id.clone();
    view! {
        <form class="form" on:submit=submit novalidate data-testid="mdt-outcome-form">
            <div class=move || if problem().is_some() { "form-group form-group--error" } else { "form-group" }>
                <label class="label" for=decision_id.clone()>"What the MDT decided"</label>
                {move || problem().map(|message| view! {
                    <p class="error-message" id=error_id.clone() role="alert"><span class="visually-hidden">"Error: "</span>{message}</p>
                })}
                <select id=decision_id.clone() class="select"
                    on:change=move |ev| { let value = event_target_value(&ev); write(&|d: &mut Draft| d.decision = value.clone()) }
                    aria-describedby=move || problem().is_some().then(|| error_for_box.clone())>
                    <option value="" selected=move || read(|d| d.decision.clone()).is_empty()>"Choose the decision"</option>
                    {MdtDecision::ALL.into_iter().map(|choice| view! {
                        <option value=choice.word() selected=move || read(|d| d.decision.clone()) == choice.word()>{choice.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            {move || (read(|d| d.decision.clone()) == MdtDecision::ReferOn.word()).then(|| view! {
                <div class="form-group">
                    <label class="label" for=refer_id.clone()>"Referred on to"</label>
                    <input id=refer_id.clone() class="input input--wide" type="text" prop:value=move || read(|d| d.refer_to.clone())
                        on:input=move |ev| { let value = event_target_value(&ev); write(&|d: &mut Draft| d.refer_to = value.clone()) }/>
                </div>
            })}
            <div class="form-group">
                <label class="label" for=note_id.clone()>"Note (optional)"</label>
                <input id=note_id.clone() class="input input--wide" type="text" prop:value=move || read(|d| d.note.clone())
                    on:input=move |ev| { let value = event_target_value(&ev); write(&|d: &mut Draft| d.note = value.clone()) }/>
            </div>
            <button type="submit" class="button" prop:disabled=move || busy.get()>"Record the decision"</button>
        </form>
    }
}

#[component]
fn Suggestions(meeting: MdtMeeting, data: MeetingData) -> impl IntoView {
    let state = Desk::get();
    let listed: Vec<&str> = data.listed_elsewhere.iter().map(String::as_str).collect();
    let rows = mdt_suggestions(data.ptl.rows(), &meeting.specialty_id, meeting.date, &listed);
    let total = rows.len();
    let problem = RwSignal::new(None::<String>);
    let meeting_id = StoredValue::new(meeting.id.clone());
    let today = clock::today();
    let list = move |pathway_id: String| {
        let command = ListForMdt { meeting_id: meeting_id.get_value(), pathway_id, question: None };
        spawn_local(async move {
            match state.run_command(Command::ListForMdt(command)).await {
                Ok(()) => problem.set(None),
                Err(LocalError::Rejected(rejection)) => problem.set(Some(rejection.message)),
                Err(other) => problem.set(Some(other.to_string())),
            }
        });
    };
    view! {
        <section aria-labelledby="suggested-heading">
            <h2 id="suggested-heading">"Suggested from the cancer PTL"</h2>
            <p class="hint">"This site's fast-track patients whose next cancer deadline is soon, not listed for a coming meeting: soonest deadline first."</p>
            {move || problem.get().map(|message| view! { <p class="error-message" role="alert">{message}</p> })}
            {(total == 0).then(|| view! { <p>"No fast-track patients need listing."</p> })}
            <table class="table" data-testid="mdt-suggested">
                <caption class="visually-hidden">"Patients suggested for this meeting"</caption>
                <thead><tr><th scope="col">"Patient"</th><th scope="col">"NHS number"</th><th scope="col">"Next deadline"</th><th scope="col"><span class="visually-hidden">"Action"</span></th></tr></thead>
                <tbody>
                    {rows.into_iter().take(SUGGESTED).map(|index| {
                        let row = data.ptl.row(index);
                        let pathway_id = row.pathway_id.clone();
                        let label = format!("List {} for this meeting", row.patient_name);
                        view! {
                            <tr data-testid="mdt-suggestion" data-pathway-id=row.pathway_id.clone()>
                                <td>{row.patient_name.clone()}</td>
                                <td class="nowrap">{format_nhs_number(&row.nhs_number)}</td>
                                <td>{row.next_deadline.map(|d| d.describe(today)).unwrap_or_default()}</td>
                                <td>
                                    <IfMayChange area=pathdesk_core::access::Area::Pathways>
                                        <button type="button" class="button button--secondary" aria-label=label.clone()
                                            on:click={let pathway_id = pathway_id.clone(); move |_| list(pathway_id.clone())}>"List"</button>
                                    </IfMayChange>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
