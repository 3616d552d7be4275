//! Triage → one referral: the clinician's decision, recorded by their secretary. Accept (at the same priority, or
//! upgraded or downgraded with the reason), straight to test, return to the GP with advice (the clock stops), or
//! send to another consultant (who triages it again). Taking a referral off the urgent suspected cancer pathway
//! needs the clinician named. The core checks everything again when it applies the decision.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use pathdesk_core::access::Area;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::command::{Command, TriageReferral};
use pathdesk_core::model::{Consultant, Pathway, Patient, Priority};
use pathdesk_core::pathway::event::TriageDecision;
use pathdesk_core::pathway::EventKind;
use pathdesk_core::record::RecordKind;
use pathdesk_core::sorting;
use pathdesk_core::triage::awaiting_triage_since;

use crate::desk::clock;
use crate::desk::store::records;
use crate::desk::Desk;
use crate::ui::allowed::IfMayChange;
use crate::ui::form::{focus_summary, ErrorSummary, Field, Fields, Problems, TypedDate};
use crate::ui::loaded;
use crate::ui::loaded::load;
use crate::ui::patient_banner::PatientBanner;

#[derive(Clone)]
struct Referral {
    pathway: Pathway,
    patient: Option<Patient>,
    consultants: Vec<Consultant>,
}

const DECISIONS: [(TriageDecision, &str, &str); 4] = [
    (TriageDecision::Accepted, "accepted", "Accept"),
    (TriageDecision::StraightToTest, "straight_to_test", "Accept straight to test"),
    (TriageDecision::ReturnedToGp, "returned_to_gp", "Return to the GP with advice"),
    (TriageDecision::Redirected, "redirected", "Send to another consultant or service"),
];

/// What has been typed; outside the loaded data, so a sync never clears it.
#[derive(Clone, Copy)]
struct Draft {
    decision: RwSignal<String>,
    priority: RwSignal<String>,
    clinician: RwSignal<String>,
    consultant: RwSignal<String>,
    reason: RwSignal<String>,
    decided: TypedDate,
}

impl Draft {
    fn new() -> Draft {
        let today = clock::today();
        let decided = TypedDate::new();
        decided.set(today);
        Draft {
            decision: RwSignal::new(String::new()),
            priority: RwSignal::new(String::new()),
            clinician: RwSignal::new(String::new()),
            consultant: RwSignal::new(String::new()),
            reason: RwSignal::new(String::new()),
            decided,
        }
    }

    /// The decision as typed, or every problem (field id, message) in the order of the form.
    fn read(&self, pathway: &Pathway) -> Result<TriageReferral, Vec<(String, String)>> {
        let mut problems: Vec<(String, String)> = Vec::new();
        let decision =
            DECISIONS.iter().find(|(_, word, _)| *word == self.decision.get_untracked()).map(|d| d.0.clone());
        if decision.is_none() {
            problems.push(("decision".into(), "Choose the clinician's decision".into()));
        }
        let decided_on = match self.decided.read("The date of the decision") {
            Ok(date) if date > clock::today() => {
                problems.push(("decided-on".into(), "The date of the decision must be today or in the past".into()));
                None
            }
            Ok(date) => Some(date),
            Err(message) => {
                problems.push(("decided-on".into(), message));
                None
            }
        };
        let reason = self.reason.get_untracked().trim().to_string();
        let clinician = self.clinician.get_untracked().trim().to_string();
        let priority = Priority::from_word(&self.priority.get_untracked());
        let consultant = Some(self.consultant.get_untracked()).filter(|c| !c.is_empty());
        match &decision {
            Some(TriageDecision::Accepted | TriageDecision::StraightToTest) => {
                let new = priority.unwrap_or(pathway.priority);
                if new != pathway.priority && reason.is_empty() {
                    problems.push((
                        "reason".into(),
                        format!(
                            "Give the reason for changing the priority from {} to {}",
                            pathway.priority.label().to_lowercase(),
                            new.label().to_lowercase()
                        ),
                    ));
                }
                if pathway.cancer && new != Priority::UrgentSuspectedCancer && clinician.is_empty() {
                    problems.push((
                        "clinician".into(),
                        "Name the clinician who took this referral off the urgent suspected cancer pathway".into(),
                    ));
                }
            }
            Some(TriageDecision::ReturnedToGp) => {
                if reason.is_empty() {
                    problems.push(("reason".into(), "Enter the advice given to the GP".into()));
                }
                if pathway.cancer && clinician.is_empty() {
                    problems.push((
                        "clinician".into(),
                        "Name the clinician who took this referral off the urgent suspected cancer pathway".into(),
                    ));
                }
            }
            Some(TriageDecision::Redirected) => {
                if consultant.is_none() {
                    problems.push(("to-consultant".into(), "Choose the consultant the referral goes to".into()));
                }
                if reason.is_empty() {
                    problems.push((
                        "reason".into(),
                        "Give the reason for sending the referral to another consultant".into(),
                    ));
                }
            }
            _ => {}
        }
        let order = ["decision", "priority", "to-consultant", "clinician", "reason", "decided-on"];
        sorting::sort_by_key(&mut problems, |(field, _)| order.iter().position(|f| f == field).unwrap_or(order.len()));
        match (decision, decided_on, problems.is_empty()) {
            (Some(decision), Some(decided_on), true) => Ok(TriageReferral {
                pathway_id: pathway.id.clone(),
                decided_on,
                consultant_id: if decision == TriageDecision::Redirected { consultant } else { None },
                priority: matches!(decision, TriageDecision::Accepted | TriageDecision::StraightToTest)
                    .then_some(priority)
                    .flatten(),
                decision,
                clinician,
                reason,
            }),
            _ => Err(problems),
        }
    }
}

/// `/triage/:id`: the pathway of the referral.
#[component]
pub fn TriageDecisionPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let data = load(move |store| {
        let id = id.get();
        async move {
            let Some(pathway) = records::one::<Pathway>(&store, RecordKind::Pathway, &id).await? else {
                return Ok(None);
            };
            let patient = records::one(&store, RecordKind::Patient, &pathway.patient_id).await?;
            let mut consultants: Vec<Consultant> = records::all(&store, RecordKind::Consultant).await?;
            sorting::sort_by(&mut consultants, |a, b| a.name.cmp(&b.name));
            Ok(Some(Referral { pathway, patient, consultants }))
        }
    });
    let draft = Draft::new();
    let problems: Problems = RwSignal::new(Vec::new());
    view! {
        <p><a href="/triage">"Back to referrals to triage"</a></p>
        <h1>"Triage decision"</h1>
        {loaded::show(data, move |referral: Option<Referral>| match referral {
            None => view! { <p>"No referral with this id is on this device. "<a href="/triage">"Back to referrals to triage"</a>"."</p> }.into_any(),
            Some(referral) => view! { <Decision referral=referral draft=draft problems=problems/> }.into_any(),
        })}
    }
}

#[component]
fn Decision(referral: Referral, draft: Draft, problems: Problems) -> impl IntoView {
    let pathway = referral.pathway.clone();
    let consultant_name = |id: &str| {
        referral.consultants.iter().find(|c| c.id == id).map(|c| c.name.clone()).unwrap_or_else(|| id.to_string())
    };
    let letter = pathway.events.iter().find_map(|e| match &e.kind {
        EventKind::ReferralReceived(_) => Some((e.date, e.note.clone())),
        _ => None,
    });
    let summary = format!(
        "{} referral for {}{}",
        pathway.priority.label(),
        consultant_name(&pathway.consultant_id),
        letter.as_ref().and_then(|(date, _)| *date).map(|d| format!(", received {}", uk_date(d))).unwrap_or_default()
    );
    let reason = letter.and_then(|(_, note)| note).map(|n| n.to_string()).unwrap_or_default();
    let waiting = awaiting_triage_since(&pathway).is_some();
    view! {
        {referral.patient.clone().map(|patient| view! { <PatientBanner patient=patient/> })}
        <p data-testid="triage-referral">{summary}</p>
        {(!reason.is_empty()).then(|| view! { <p class="inset-text">{format!("Referral: {reason}")}</p> })}
        {if waiting {
            view! {
                <IfMayChange area=Area::Triage>
                    <DecisionForm referral=referral.clone() draft=draft problems=problems/>
                </IfMayChange>
            }.into_any()
        } else {
            view! { <p data-testid="already-triaged">"This referral has been triaged. "<a href=format!("/pathways/{}", pathway.id)>"See its pathway"</a>" for the decision."</p> }.into_any()
        }}
    }
}

#[component]
fn DecisionForm(referral: Referral, draft: Draft, problems: Problems) -> impl IntoView {
    let state = Desk::get();
    let navigate = use_navigate();
    let saving = RwSignal::new(false);
    let pathway = StoredValue::new(referral.pathway.clone());
    if draft.priority.get_untracked().is_empty() {
        draft.priority.set(referral.pathway.priority.word().to_string());
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let command = match pathway.with_value(|p| draft.read(p)) {
            Ok(command) => command,
            Err(found) => {
                problems.set(found);
                focus_summary();
                return;
            }
        };
        problems.set(Vec::new());
        saving.set(true);
        let navigate = navigate.clone();
        let back = format!("/triage?consultant={}&saved=1", pathway.with_value(|p| p.consultant_id.clone()));
        spawn_local(async move {
            match state.run_command(Command::TriageReferral(command)).await {
                Ok(()) => navigate(&back, Default::default()),
                Err(error) => {
                    problems.set(vec![("decision".into(), error.to_string())]);
                    focus_summary();
                }
            }
            saving.set(false);
        });
    };
    let mut decisions = vec![(String::new(), "Choose".to_string())];
    decisions.extend(DECISIONS.iter().map(|(_, word, label)| (word.to_string(), label.to_string())));
    let priorities: Vec<(String, String)> =
        Priority::ALL.iter().map(|p| (p.word().to_string(), p.label().to_string())).collect();
    let current = referral.pathway.consultant_id.clone();
    let mut others = vec![(String::new(), "Choose".to_string())];
    others.extend(referral.consultants.iter().filter(|c| c.id != current).map(|c| (c.id.clone(), c.name.clone())));
    let chosen = draft.decision;
    let accepting = Signal::derive(move || matches!(chosen.get().as_str(), "accepted" | "straight_to_test"));
    let redirecting = Signal::derive(move || chosen.get() == "redirected");
    let fields = vec![
        (Field::select("decision", "The clinician's decision", draft.decision, decisions), None),
        (Field::select("priority", "Priority", draft.priority, priorities), Some(accepting)),
        (Field::select("to-consultant", "Send to", draft.consultant, others), Some(redirecting)),
        (
            Field::text(
                "clinician",
                "Clinician who decided",
                "Needed to take a referral off the urgent suspected cancer pathway",
                draft.clinician,
            ),
            None,
        ),
        (
            Field::Lines {
                id: "reason",
                label: "Reason or advice",
                hint: "Needed for a change of priority, the advice to the GP, or a referral sent on",
                value: draft.reason,
            },
            None,
        ),
        (
            Field::Date {
                id: "decided-on",
                legend: "Date of the decision",
                hint: "For example 7 12 2026",
                date: draft.decided,
            },
            None,
        ),
    ];
    view! {
        <form class="form" on:submit=submit novalidate>
            <ErrorSummary problems=problems/>
            <Fields fields=fields problems=problems/>
            <button type="submit" class="button" disabled=move || saving.get()>"Save the triage decision"</button>
        </form>
    }
}
