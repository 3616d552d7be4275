//! Validating one pathway from the worklist: who (name, NHS number, date of birth), the clock as this desk works
//! it out today, the events behind it, and one outcome to record: the clock is correct; it needed correcting (the
//! missing event is recorded in the same step); or the patient comes off the waiting list with the RTT reason.
//! Saved on this device first and synced later. A refusal shows at the field and in the summary, and what was
//! typed stays. Once saved, "Next pathway" opens the next one on the worklist.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use pathdesk_core::calendar::{read_typed_date, uk_date, uk_numeric_date};
use pathdesk_core::command::{Command, ValidatePathway};
use pathdesk_core::model::{Consultant, Pathway, Patient};
use pathdesk_core::pathway::RttClock;
use pathdesk_core::ptl::validation_worklist as worklist;
use pathdesk_core::record::RecordKind;
use pathdesk_core::validation::{RemovalReason, ValidationOutcome, ValidationStanding};

use crate::desk::local::LocalError;
use crate::desk::store::{records, Store, StoreError};
use crate::desk::{clock, queries, Desk};
use crate::ui::event_fields::EventFields;
use crate::ui::event_model::{attributes_in_words, EventDraft};
use crate::ui::form::{
    date_input, error_for, error_line, focus_element, group_class, show_problems, DateLayout, ErrorSummary, Problems,
};
use crate::ui::loaded;
use crate::ui::loaded::load;
use crate::ui::patient_banner::PatientBanner;

/// What the page shows.
#[derive(Debug, Clone, PartialEq)]
struct ToValidate {
    pathway: Pathway,
    patient: Option<Patient>,
    consultant: Option<Consultant>,
    /// The next pathway on the worklist after this one (the whole list, longest milestone first).
    next: Option<String>,
}

async fn read(store: Store, id: String) -> Result<Option<ToValidate>, StoreError> {
    let Some(pathway) = records::one::<Pathway>(&store, RecordKind::Pathway, &id).await? else { return Ok(None) };
    let patient = records::one::<Patient>(&store, RecordKind::Patient, &pathway.patient_id).await?;
    let consultant = records::one::<Consultant>(&store, RecordKind::Consultant, &pathway.consultant_id).await?;
    let ptl = queries::ptl(&store, clock::today()).await?;
    let next = worklist(ptl.rows(), None, None)
        .into_iter()
        .map(|index| ptl.row(index).pathway_id.clone())
        .find(|other| *other != id);
    Ok(Some(ToValidate { pathway, patient, consultant, next }))
}

#[component]
pub fn ValidatePathwayPage() -> impl IntoView {
    let params = use_params_map();
    let pathway_id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let data = load(move |store| read(store, pathway_id.get()));
    let found = Memo::new(move |_| data.get().map(|d| matches!(d, Ok(Some(_)))).unwrap_or(false));
    // Whether this pathway is one to validate, and the next one, as of the latest read.
    let running = Memo::new(move |_| {
        data.get()
            .and_then(|d| d.ok().flatten())
            .is_some_and(|d| RttClock::compute(&d.pathway.events, clock::today()).running())
    });
    let next = Memo::new(move |_| data.get().and_then(|d| d.ok().flatten()).and_then(|d| d.next));
    let saved = RwSignal::new(None::<String>);
    // "Next pathway" opens another on this same page: its form starts afresh.
    Effect::new(move |_| {
        pathway_id.track();
        saved.set(None);
    });
    view! {
        <p><a href="/validation">"Validation worklist"</a></p>
        {loaded::show(data, |data: Option<ToValidate>| match data {
            None => view! {
                <h1>"Pathway not found"</h1>
                <p>"No pathway with this id is on this device. "<a href="/validation">"Go to the validation worklist"</a>"."</p>
            }
            .into_any(),
            Some(data) => view! { <ClockToCheck data=data/> }.into_any(),
        })}
        {move || saved.get().map(|outcome| view! {
            <div class="card booking-done" role="status" data-testid="validation-saved" id="validation-saved" tabindex="-1">
                <p>{format!("Validation recorded on this device: {outcome}.")}</p>
                {next.get().map(|id| view! {
                    <a class="button" href=format!("/validation/{id}") data-testid="validation-next">"Next pathway to validate"</a>
                })}
                " " <a class="button button--secondary" href="/validation">"Back to the worklist"</a>
            </div>
        })}
        {move || (found.get() && running.get() && saved.get().is_none()).then(|| view! {
            <crate::ui::allowed::IfMayChange area=pathdesk_core::access::Area::Pathways>
                <ValidationForm pathway_id=pathway_id.get() saved=saved/>
            </crate::ui::allowed::IfMayChange>
        })}
        {move || (found.get() && !running.get() && saved.get().is_none()).then(|| view! {
            <p class="hint" data-testid="validation-not-waiting">
                "This pathway's RTT clock is not running, so it is not on the waiting list to validate."
            </p>
        })}
    }
}

#[component]
fn ClockToCheck(data: ToValidate) -> impl IntoView {
    let today = clock::today();
    let ToValidate { pathway, patient, consultant, .. } = data;
    let rtt = RttClock::compute(&pathway.events, today);
    let standing = ValidationStanding::of(&pathway.validations, &rtt);
    let row = |key: &'static str, value: String, testid: &'static str| {
        view! {
            <div class="summary-list__row">
                <dt class="summary-list__key">{key}</dt>
                <dd class="summary-list__value" data-testid=testid>{value}</dd>
            </div>
        }
    };
    let clock_words = match (rtt.running(), rtt.stopped_on()) {
        (true, _) => "Running".to_string(),
        (false, Some(on)) => format!("Stopped on {}", uk_date(on)),
        (false, None) => "Not running".to_string(),
    };
    let weeks = rtt.weeks().map(|w| format!("{w} weeks ({} days)", rtt.days().unwrap_or_default())).unwrap_or_default();
    let due = standing.due.map(|m| format!("Over {} weeks", m.weeks())).unwrap_or_else(|| "Not due".to_string());
    let history: Vec<String> = pathway
        .validations
        .iter()
        .rev()
        .map(|v| {
            let reason = v.removal.map(|r| format!(": {}", r.label())).unwrap_or_default();
            format!("{} by {}: {}{reason}", uk_date(v.on), v.by, v.outcome.label().to_lowercase())
        })
        .collect();
    let events = pathway.events.clone();
    view! {
        <h1><span class="caption">"Validate pathway"</span>{patient.as_ref().map(|p| p.display_name()).unwrap_or_else(|| "Unknown patient".into())}</h1>
        {patient.map(|patient| view! { <PatientBanner patient=patient/> })}
        <dl class="summary-list" data-testid="validation-clock">
            {row("Consultant", consultant.map(|c| c.name).unwrap_or_else(|| pathway.consultant_id.clone()), "validation-consultant")}
            {row("RTT clock", clock_words, "validation-clock-state")}
            {row("Clock start", rtt.start().map(uk_date).unwrap_or_default(), "validation-clock-start")}
            {row("Waited", weeks, "validation-waited")}
            {row("Validation due", due, "validation-due")}
            {row("Last validated", standing.last_validated.map(uk_date).unwrap_or_else(|| "Never".into()), "validation-last")}
        </dl>
        <p><a href=format!("/pathways/{}", pathway.id)>"Open the full pathway"</a></p>
        <section aria-labelledby="validation-events-heading">
            <h2 id="validation-events-heading">"Events on this pathway"</h2>
            <ol class="timeline" data-testid="validation-events">
                {events.into_iter().rev().map(|event| {
                    let attributes = attributes_in_words(&event)
                        .into_iter()
                        .map(|(k, v)| format!("{k}: {v}"))
                        .collect::<Vec<_>>()
                        .join("; ");
                    view! {
                        <li class="timeline__item" data-type=event.type_name()>
                            <p class="timeline__date">{event.date().map(uk_date).unwrap_or_else(|| "Date not recorded".into())}</p>
                            <p class="timeline__label">{event.label()}</p>
                            {(!attributes.is_empty()).then(|| view! { <p class="hint">{attributes}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
        {(!history.is_empty()).then(|| view! {
            <section aria-labelledby="validation-history-heading">
                <h2 id="validation-history-heading">"Earlier validations"</h2>
                <ul class="list" data-testid="validation-history">
                    {history.into_iter().map(|line| view! { <li class="list__item">{line}</li> }).collect_view()}
                </ul>
            </section>
        })}
    }
}

#[component]
fn ValidationForm(pathway_id: String, saved: RwSignal<Option<String>>) -> impl IntoView {
    let state = Desk::get();
    let pathway_id = StoredValue::new(pathway_id);
    let today = uk_numeric_date(clock::today());
    let outcome = RwSignal::new(None::<ValidationOutcome>);
    // The correction: an event, as on the pathway page.
    let type_name = RwSignal::new("outpatient_attended".to_string());
    let event_date = RwSignal::new(today.clone());
    let answers = RwSignal::new(BTreeMap::<String, String>::new());
    // The removal: why, and when the clock stopped.
    let reason = RwSignal::new(String::new());
    let stopped_on = RwSignal::new(today);
    let note = RwSignal::new(String::new());
    let problems: Problems = RwSignal::new(Vec::new());
    let saving = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let Some(chosen) = outcome.get_untracked() else {
            show_problems(problems, vec![("validation-outcome-correct".into(), "Choose what you found.".into())]);
            return;
        };
        let mut command = ValidatePathway {
            pathway_id: pathway_id.get_value(),
            outcome: chosen,
            correction: None,
            removal: None,
            stopped_on: None,
            note: Some(note.get_untracked()).filter(|n| !n.trim().is_empty()),
        };
        // Where a refusal from the rules belongs on the form.
        let mut field = "validation-outcome-correct";
        match chosen {
            ValidationOutcome::ClockCorrect => {}
            ValidationOutcome::Corrected => {
                let draft = EventDraft {
                    type_name: type_name.get_untracked(),
                    date: event_date.get_untracked(),
                    answers: answers.get_untracked(),
                    note: String::new(),
                };
                match draft.build() {
                    Ok(event) => command.correction = Some(event),
                    Err(problem) => return show_problems(problems, vec![problem]),
                }
                field = "event-date";
            }
            ValidationOutcome::Removed => {
                let mut found = Vec::new();
                match RemovalReason::from_word(&reason.get_untracked()) {
                    Some(why) => command.removal = Some(why),
                    None => found.push((
                        "validation-reason".into(),
                        "Choose why the patient comes off the waiting list.".into(),
                    )),
                }
                match read_typed_date(&stopped_on.get_untracked(), "The date the clock stopped") {
                    Ok(on) => command.stopped_on = Some(on),
                    Err(message) => found.push(("validation-stopped-on".into(), message)),
                }
                if !found.is_empty() {
                    return show_problems(problems, found);
                }
                field = "validation-stopped-on";
            }
        }
        saving.set(true);
        let words = chosen.label().to_lowercase();
        spawn_local(async move {
            match state.run_command(Command::ValidatePathway(command)).await {
                Ok(()) => {
                    problems.set(Vec::new());
                    saved.set(Some(words));
                    focus_element("validation-saved");
                }
                Err(LocalError::Rejected(rejection)) => {
                    show_problems(problems, vec![(field.into(), rejection.message)])
                }
                Err(other) => show_problems(problems, vec![(field.into(), other.to_string())]),
            }
            saving.set(false);
        });
    };

    let outcome_error = error_for(problems, "validation-outcome-correct");
    let reason_error = error_for(problems, "validation-reason");
    let radio = move |value: ValidationOutcome, id: &'static str, words: &'static str, hint: &'static str| {
        view! {
            <div class="radios__item">
                <input id=id class="radios__input" type="radio" name="validation-outcome" value=value.word()
                    prop:checked=move || outcome.get() == Some(value) on:change=move |_| outcome.set(Some(value))/>
                <label class="label radios__label" for=id>{words}</label>
                <p class="hint radios__hint">{hint}</p>
            </div>
        }
    };
    view! {
        <section aria-labelledby="validation-form-heading">
            <h2 id="validation-form-heading">"Record the validation"</h2>
            <ErrorSummary problems=problems title="The validation was not recorded"/>
            <form class="form" on:submit=submit novalidate data-testid="validation-form">
                <div class=group_class(outcome_error)>
                    <fieldset class="fieldset" aria-describedby="validation-outcome-hint">
                        <legend class="label">"What did you find?"</legend>
                        <p class="hint" id="validation-outcome-hint">"Check the clock start, that nothing stopped the clock unrecorded, and that the patient still needs to wait."</p>
                        {error_line("validation-outcome-correct", outcome_error)}
                        <div class="radios">
                            {radio(ValidationOutcome::ClockCorrect, "validation-outcome-correct", "The clock is correct", "Nothing to change: the patient is still waiting.")}
                            {radio(ValidationOutcome::Corrected, "validation-outcome-corrected", "The clock needs correcting", "An event is missing (an attendance, a decision, a treatment): record it now.")}
                            {radio(ValidationOutcome::Removed, "validation-outcome-removed", "Remove from the waiting list", "The clock should have stopped: choose the RTT reason and the date.")}
                        </div>
                    </fieldset>
                </div>
                {move || (outcome.get() == Some(ValidationOutcome::Corrected)).then(|| view! {
                    <div class="card" data-testid="validation-correction">
                        <h3>"The missing event"</h3>
                        <EventFields type_name=type_name date=event_date answers=answers problems=problems/>
                    </div>
                })}
                {move || (outcome.get() == Some(ValidationOutcome::Removed)).then(|| view! {
                    <div class="card" data-testid="validation-removal">
                        <div class=group_class(reason_error)>
                            <label class="label" for="validation-reason">"Why the patient comes off the list (RTT status)"</label>
                            {error_line("validation-reason", reason_error)}
                            <select id="validation-reason" class="select" on:change=move |ev| reason.set(event_target_value(&ev))
                                aria-invalid=move || reason_error.with(Option::is_some).then_some("true")>
                                <option value="" selected=move || reason.get().is_empty()>"Choose a reason"</option>
                                {RemovalReason::ALL.into_iter().map(|why| view! {
                                    <option value=why.word() selected=move || reason.get() == why.word()>{why.label()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        {date_input("validation-stopped-on", "Date the clock stopped", "The day the patient was treated, or the decision was told to them. For example, 27 3 2027",
                            stopped_on, error_for(problems, "validation-stopped-on"), DateLayout::Form)}
                    </div>
                })}
                <div class="form-group">
                    <label class="label" for="validation-note">"Note (optional)"</label>
                    <textarea id="validation-note" class="input" prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                </div>
                <button type="submit" class="button" prop:disabled=move || saving.get()>"Record the validation"</button>
            </form>
        </section>
    }
}
