//! Appointment → Record the clinic outcome: what the clinic decided for a patient it saw, from reception's list or
//! the clinic page once they are marked seen. One form: discharge, a follow-up by a date or in so many weeks, a
//! decision to treat as a day case or inpatient (onto the admitted list), treatment in clinic, active monitoring,
//! a test, an onward referral, and on a cancer pathway whether the patient was told cancer is diagnosed or ruled
//! out. The core writes the pathway events each means, so the clocks follow.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use pathdesk_core::access::Area;
use pathdesk_core::calendar::{add_days, hhmm, uk_date};
use pathdesk_core::command::{Command, RecordClinicOutcome};
use pathdesk_core::model::{Appointment, AppointmentStatus, Pathway, Patient};
use pathdesk_core::outcome::{ClinicOutcome, IntendedManagement, SurgicalPriority};
use pathdesk_core::pathway::event::DiagnosisOutcome;
use pathdesk_core::record::RecordKind;

use crate::desk::store::records;
use crate::desk::Desk;
use crate::ui::allowed::IfMayChange;
use crate::ui::form::{focus_summary, ErrorSummary, Field, Fields, Problems, TypedDate};
use crate::ui::loaded;
use crate::ui::loaded::load;
use crate::ui::patient_banner::PatientBanner;

#[derive(Clone)]
struct Seen {
    appointment: Appointment,
    patient: Option<Patient>,
    pathway: Option<Pathway>,
}

/// What has been typed; outside the loaded data, so a sync never clears it.
#[derive(Clone, Copy)]
struct Draft {
    outcome: RwSignal<String>,
    weeks: RwSignal<String>,
    by: TypedDate,
    procedure: RwSignal<String>,
    management: RwSignal<String>,
    priority: RwSignal<String>,
    minutes: RwSignal<String>,
    detail: RwSignal<String>,
    told: RwSignal<String>,
}

fn choices<T: Copy>(
    all: &[T],
    word: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<(String, String)> {
    let mut options = vec![(String::new(), "Choose".to_string())];
    options.extend(all.iter().map(|&item| (word(item).to_string(), label(item).to_string())));
    options
}

impl Draft {
    fn new() -> Draft {
        let text = || RwSignal::new(String::new());
        Draft {
            outcome: text(),
            weeks: text(),
            by: TypedDate::new(),
            procedure: text(),
            management: text(),
            priority: text(),
            minutes: text(),
            detail: text(),
            told: text(),
        }
    }

    fn is(&self, outcome: ClinicOutcome) -> Signal<bool> {
        let chosen = self.outcome;
        Signal::derive(move || chosen.get() == outcome.word())
    }

    /// The command as typed, or every problem (field id, message) in the order of the form.
    fn read(&self, seen: &Appointment, cancer: bool) -> Result<RecordClinicOutcome, Vec<(String, String)>> {
        let mut problems: Vec<(String, String)> = Vec::new();
        let mut problem = |field: &str, message: &str| problems.push((field.to_string(), message.to_string()));
        let Some(outcome) = ClinicOutcome::from_word(&self.outcome.get_untracked()) else {
            problem("outcome", "Choose what the clinic decided");
            return Err(problems);
        };
        let mut command = RecordClinicOutcome::new(&seen.id, &seen.pathway_id, outcome);
        let text = |signal: RwSignal<String>| signal.get_untracked().trim().to_string();
        match outcome {
            ClinicOutcome::FollowUp => {
                let weeks = text(self.weeks);
                let typed_date = text(self.by.text).chars().any(|c| c != '/' && !c.is_whitespace());
                command.follow_up_by = match (weeks.is_empty(), typed_date) {
                    (false, false) => match weeks.parse::<u64>() {
                        Ok(n) if (1..=104).contains(&n) => Some(add_days(seen.date, n * 7)),
                        _ => {
                            problem("follow-up-weeks", "Enter the number of weeks as a whole number from 1 to 104");
                            None
                        }
                    },
                    (true, true) => match self.by.read("The follow-up date") {
                        Ok(date) if date > seen.date => Some(date),
                        Ok(_) => {
                            problem(
                                "follow-up-by",
                                &format!("The follow-up date must be after the clinic on {}", uk_date(seen.date)),
                            );
                            None
                        }
                        Err(message) => {
                            problem("follow-up-by", &message);
                            None
                        }
                    },
                    (false, true) => {
                        problem("follow-up-weeks", "Enter the weeks or a date, not both");
                        None
                    }
                    (true, false) => {
                        problem("follow-up-weeks", "Enter in how many weeks the follow-up is needed, or the date");
                        None
                    }
                };
            }
            ClinicOutcome::ListedForProcedure => {
                let procedure = text(self.procedure);
                if procedure.is_empty() {
                    problem("procedure", "Enter the procedure the patient is listed for");
                }
                command.procedure = Some(procedure);
                command.management = IntendedManagement::from_word(&self.management.get_untracked());
                if command.management.is_none() {
                    problem("management", "Choose day case or inpatient");
                }
                command.surgical_priority = SurgicalPriority::from_word(&self.priority.get_untracked());
                if command.surgical_priority.is_none() {
                    problem("surgical-priority", "Choose the clinical priority, P1 to P4");
                }
                let minutes = text(self.minutes);
                if !minutes.is_empty() {
                    match minutes.parse::<u32>() {
                        Ok(m) if (1..=1440).contains(&m) => command.expected_minutes = Some(m),
                        _ => problem("expected-minutes", "Enter the expected minutes as a whole number, like 45"),
                    }
                }
            }
            ClinicOutcome::TreatedInClinic | ClinicOutcome::DiagnosticTest | ClinicOutcome::OnwardReferral => {
                command.detail = text(self.detail);
                if command.detail.is_empty() {
                    problem("detail", detail_missing(outcome));
                }
            }
            ClinicOutcome::ActiveMonitoring => command.detail = text(self.detail),
            ClinicOutcome::Discharged => {}
        }
        if cancer {
            command.cancer_outcome = match self.told.get_untracked().as_str() {
                "cancer_diagnosed" => Some(DiagnosisOutcome::CancerDiagnosed),
                "cancer_ruled_out" => Some(DiagnosisOutcome::CancerRuledOut),
                _ => None,
            };
        }
        if problems.is_empty() {
            Ok(command)
        } else {
            Err(problems)
        }
    }
}

fn detail_label(outcome: Option<ClinicOutcome>) -> &'static str {
    match outcome {
        Some(ClinicOutcome::TreatedInClinic) => "Treatment given",
        Some(ClinicOutcome::DiagnosticTest) => "Test requested",
        Some(ClinicOutcome::OnwardReferral) => "Referred on to (provider)",
        _ => "Reason (optional)",
    }
}

fn detail_missing(outcome: ClinicOutcome) -> &'static str {
    match outcome {
        ClinicOutcome::TreatedInClinic => "Enter the treatment given in clinic",
        ClinicOutcome::DiagnosticTest => "Enter the test requested, like CT abdomen and pelvis",
        _ => "Enter the provider the patient is referred on to",
    }
}

/// `/appointments/:id/outcome`.
#[component]
pub fn ClinicOutcomePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let data = load(move |store| {
        let id = id.get();
        async move {
            let Some(appointment) = records::one::<Appointment>(&store, RecordKind::Appointment, &id).await? else {
                return Ok(None);
            };
            let patient = records::one(&store, RecordKind::Patient, &appointment.patient_id).await?;
            let pathway = records::one(&store, RecordKind::Pathway, &appointment.pathway_id).await?;
            Ok(Some(Seen { appointment, patient, pathway }))
        }
    });
    let draft = Draft::new();
    let problems: Problems = RwSignal::new(Vec::new());
    view! {
        <h1>"Record the clinic outcome"</h1>
        {loaded::show(data, move |seen: Option<Seen>| match seen {
            None => view! { <p>"No appointment with this id is on this device. "<a href="/">"Back to today's clinics"</a>"."</p> }.into_any(),
            Some(seen) => {
                let a = &seen.appointment;
                let when = format!("Seen in clinic on {} at {} ({})", uk_date(a.date), hhmm(a.start), a.slot_type.label());
                view! {
                    {seen.patient.clone().map(|patient| view! { <PatientBanner patient=patient/> })}
                    <p>{when}</p>
                    {match (a.status, a.outcome) {
                        (_, Some(recorded)) => view! {
                            <p data-testid="outcome-recorded">"Outcome recorded: " <strong>{recorded.label()}</strong> ". To correct it, record a pathway event on the pathway."</p>
                        }.into_any(),
                        (AppointmentStatus::Seen, None) => view! {
                            <IfMayChange area=Area::ClinicOutcomes>
                                <OutcomeForm seen=seen.clone() draft=draft problems=problems/>
                            </IfMayChange>
                        }.into_any(),
                        (status, None) => view! {
                            <p>{format!("This appointment is marked \"{}\". Mark the patient seen first, then record what the clinic decided.", status.label())}</p>
                        }.into_any(),
                    }}
                }
                .into_any()
            }
        })}
    }
}

#[component]
fn OutcomeForm(seen: Seen, draft: Draft, problems: Problems) -> impl IntoView {
    let state = Desk::get();
    let navigate = use_navigate();
    let saving = RwSignal::new(false);
    let cancer = seen.pathway.as_ref().is_some_and(|p| p.cancer);
    let appointment = StoredValue::new(seen.appointment.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let command = match appointment.with_value(|a| draft.read(a, cancer)) {
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
        let back = format!("/patients/{}?saved=outcome", appointment.with_value(|a| a.patient_id.clone()));
        spawn_local(async move {
            match state.run_command(Command::RecordClinicOutcome(command)).await {
                Ok(()) => navigate(&back, Default::default()),
                Err(error) => {
                    problems.set(vec![("outcome".into(), error.to_string())]);
                    focus_summary();
                }
            }
            saving.set(false);
        });
    };
    let outcomes = choices(&ClinicOutcome::ALL, |o| o.word(), |o| o.label());
    let managements = choices(&IntendedManagement::ALL, |m| m.word(), |m| m.label());
    let priorities = choices(&SurgicalPriority::ALL, |p| p.word(), |p| p.label());
    let told = vec![
        (String::new(), "Not told yet".to_string()),
        ("cancer_diagnosed".to_string(), "Told: cancer diagnosed".to_string()),
        ("cancer_ruled_out".to_string(), "Told: cancer ruled out".to_string()),
    ];
    let listed = draft.is(ClinicOutcome::ListedForProcedure);
    let follow_up = draft.is(ClinicOutcome::FollowUp);
    let chosen = draft.outcome;
    let with_detail = Signal::derive(move || {
        matches!(
            ClinicOutcome::from_word(&chosen.get()),
            Some(
                ClinicOutcome::TreatedInClinic
                    | ClinicOutcome::DiagnosticTest
                    | ClinicOutcome::OnwardReferral
                    | ClinicOutcome::ActiveMonitoring
            )
        )
    });
    let fields = vec![
        (Field::select("outcome", "What did the clinic decide?", draft.outcome, outcomes), None),
        (
            Field::numeric(
                "follow-up-weeks",
                "Follow-up in how many weeks",
                "For example 6. Or enter the date below",
                draft.weeks,
            ),
            Some(follow_up),
        ),
        (
            Field::Date { id: "follow-up-by", legend: "Or needed by", hint: "For example 18 1 2027", date: draft.by },
            Some(follow_up),
        ),
        (
            Field::wide(
                "procedure",
                "Procedure",
                "As the clinician wrote it, like Flexible cystoscopy",
                draft.procedure,
            ),
            Some(listed),
        ),
        (Field::select("management", "Intended management", draft.management, managements), Some(listed)),
        (Field::select("surgical-priority", "Clinical priority", draft.priority, priorities), Some(listed)),
        (
            Field::numeric(
                "expected-minutes",
                "Expected minutes (optional)",
                "Theatre or procedure time",
                draft.minutes,
            ),
            Some(listed),
        ),
    ];
    let detail_field = move || {
        let label = detail_label(ClinicOutcome::from_word(&chosen.get()));
        with_detail.get().then(|| view! { <Fields fields=vec![(Field::wide("detail", label, "", draft.detail), None)] problems=problems/> })
    };
    view! {
        <form class="form" on:submit=submit novalidate>
            <ErrorSummary problems=problems/>
            <Fields fields=fields problems=problems/>
            {detail_field}
            {cancer.then(|| view! {
                <Fields fields=vec![(Field::select("cancer-outcome", "On the cancer pathway: was the patient told?", draft.told, told), None)] problems=problems/>
            })}
            <button type="submit" class="button" disabled=move || saving.get()>"Save the outcome"</button>
        </form>
    }
}
