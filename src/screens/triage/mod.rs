//! Referrals → Triage: referrals waiting for a clinician to triage them, per consultant, urgent suspected cancer
//! first and then the longest wait, with how many working days each has waited and when the decision is due. The
//! consultant chosen stays in the address (`/triage?consultant=…`), so a secretary can bookmark their consultant's
//! list.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use pathdesk_core::calendar::uk_date;
use pathdesk_core::model::{Consultant, Pathway, Patient, Priority};
use pathdesk_core::record::RecordKind;
use pathdesk_core::sorting;
use pathdesk_core::text::count;
use pathdesk_core::triage::{triage_wait, TriageWait, TRIAGE_WORKING_DAYS};

use crate::desk::clock;
use crate::desk::store::records;
use crate::ui::form::Confirmation;
use crate::ui::loaded;
use crate::ui::loaded::load;
use crate::ui::tags::priority_class;

#[derive(Clone)]
struct Waiting {
    pathway_id: String,
    consultant_id: String,
    priority: Priority,
    patient: Option<Patient>,
    wait: TriageWait,
}

#[derive(Clone)]
struct Worklist {
    waiting: Vec<Waiting>,
    consultants: Vec<Consultant>,
}

#[component]
pub fn TriagePage() -> impl IntoView {
    let today = clock::today();
    let data = load(move |store| async move {
        let pathways: Vec<Pathway> = records::all(&store, RecordKind::Pathway).await?;
        let mut waiting = Vec::new();
        for pathway in pathways {
            let Some(wait) = triage_wait(&pathway, today) else { continue };
            let patient = records::one(&store, RecordKind::Patient, &pathway.patient_id).await?;
            waiting.push(Waiting {
                pathway_id: pathway.id,
                consultant_id: pathway.consultant_id,
                priority: pathway.priority,
                patient,
                wait,
            });
        }
        sorting::sort_by_key(&mut waiting, |w| (w.priority, w.wait.since, w.pathway_id.clone()));
        let mut consultants: Vec<Consultant> = records::all(&store, RecordKind::Consultant).await?;
        sorting::sort_by(&mut consultants, |a, b| a.name.cmp(&b.name));
        Ok(Worklist { waiting, consultants })
    });
    let query = use_query_map();
    let navigate = use_navigate();
    let chosen = Memo::new(move |_| query.read().get("consultant").unwrap_or_default());
    let saved = move || query.read().get("saved").is_some();
    view! {
        <h1>"Referrals to triage"</h1>
        <p class="lede">{format!("Referrals waiting for the consultant's decision: due within {TRIAGE_WORKING_DAYS} working days of arriving. Urgent suspected cancer first, then the longest wait.")}</p>
        <Confirmation message=Signal::derive(move || saved().then(|| "Triage decision recorded. Saved on this device.".to_string())) id="saved-banner"/>
        {loaded::show(data, move |list: Worklist| {
            let navigate = navigate.clone();
            let options = list.consultants.iter().map(|c| {
                let waiting = list.waiting.iter().filter(|w| w.consultant_id == c.id).count();
                (c.id.clone(), format!("{} ({waiting})", c.name))
            }).collect::<Vec<_>>();
            let names = StoredValue::new(list.consultants.iter().map(|c| (c.id.clone(), c.name.clone())).collect::<Vec<_>>());
            let all = StoredValue::new(list.waiting);
            view! {
                <div class="form-group">
                    <label class="label" for="triage-consultant">"Consultant"</label>
                    <select id="triage-consultant" class="input" prop:value=move || chosen.get() on:change=move |ev| {
                        let id = event_target_value(&ev);
                        let to = if id.is_empty() { "/triage".to_string() } else { format!("/triage?consultant={id}") };
                        navigate(&to, Default::default());
                    }>
                        <option value="">{format!("Every consultant ({})", all.with_value(Vec::len))}</option>
                        {options.into_iter().map(|(id, words)| {
                            let selected = chosen.get_untracked() == id;
                            view! { <option value=id selected=selected>{words}</option> }
                        }).collect_view()}
                    </select>
                </div>
                {move || {
                    let consultant = chosen.get();
                    let rows: Vec<Waiting> = all.with_value(|w| w.iter().filter(|w| consultant.is_empty() || w.consultant_id == consultant).cloned().collect());
                    let overdue = rows.iter().filter(|w| w.wait.overdue(today)).count();
                    view! {
                        <p data-testid="triage-count">{format!("{} waiting for triage, {overdue} overdue.", count(rows.len(), "referral", "referrals"))}</p>
                        <ul class="list" data-testid="triage-list">
                            {rows.into_iter().map(|w| {
                                let consultant = names.with_value(|n| n.iter().find(|(id, _)| *id == w.consultant_id).map(|(_, name)| name.clone())).unwrap_or_default();
                                view! { <TriageRow waiting=w consultant=consultant today=today/> }
                            }).collect_view()}
                        </ul>
                    }
                }}
            }
        })}
    }
}

#[component]
fn TriageRow(waiting: Waiting, consultant: String, today: chrono::NaiveDate) -> impl IntoView {
    let wait = waiting.wait.clone();
    let (name, who) = match &waiting.patient {
        Some(p) => (p.display_name(), format!(" · {}", p.identifiers())),
        None => ("Patient not on this device".to_string(), String::new()),
    };
    let overdue = wait.overdue(today);
    let waited = format!(
        "Received {} · {} waited · due {}",
        uk_date(wait.since),
        count(wait.working_days as usize, "working day", "working days"),
        uk_date(wait.due)
    );
    view! {
        <li class="list__item" data-testid="triage-row" data-pathway-id=waiting.pathway_id.clone()>
            <span>
                <a href=format!("/triage/{}", waiting.pathway_id) aria-label=format!("Record the triage decision for {name}")><strong>{name.clone()}</strong></a>
                {who}
            </span>
            <span class=priority_class(waiting.priority)>{waiting.priority.label()}</span>
            {overdue.then(|| view! { <span class="tag tag--red">"Overdue"</span> })}
            <span class="hint">{format!("{consultant} · {waited}")}</span>
        </li>
    }
}
