//! Patient → Change details: a registered patient's name, date of birth, contact details, GP and interpreter.
//! Only the fields changed are sent, so two desks changing different details (one the phone, one the address),
//! even offline, both keep their change.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use pathdesk_core::access::Area;
use pathdesk_core::command::{ChangePatientDetails, Command};
use pathdesk_core::model::Patient;
use pathdesk_core::record::RecordKind;

use crate::desk::clock;
use crate::desk::store::records;
use crate::desk::Desk;
use crate::ui::allowed::IfMayChange;
use crate::ui::form::{focus_summary, ErrorSummary, Fields, Problems};
use crate::ui::loaded;
use crate::ui::loaded::load;
use crate::ui::patient_banner::PatientBanner;
use crate::ui::patient_fields::{patient_fields, PatientDraft};

/// `/patients/:id/details`.
#[component]
pub fn ChangeDetailsPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let data = load(move |store| {
        let id = id.get();
        async move { records::one::<Patient>(&store, RecordKind::Patient, &id).await }
    });
    let draft = PatientDraft::new();
    // Filled once per patient from their record: a sync while typing never overwrites what was typed.
    let filled: RwSignal<Option<String>> = RwSignal::new(None);
    let problems: Problems = RwSignal::new(Vec::new());
    view! {
        <h1>"Change the patient's details"</h1>
        {loaded::show(data, move |patient: Option<Patient>| match patient {
            None => view! { <p>"No patient with this id is on this device. "<a href="/patients">"Search for the patient"</a>"."</p> }.into_any(),
            Some(patient) => {
                if filled.get_untracked().as_deref() != Some(patient.id.as_str()) {
                    draft.fill(&patient);
                    filled.set(Some(patient.id.clone()));
                }
                view! {
                    <PatientBanner patient=patient.clone()/>
                    <IfMayChange area=Area::Registration>
                        <DetailsForm patient=patient draft=draft problems=problems/>
                    </IfMayChange>
                }
                .into_any()
            }
        })}
    }
}

#[component]
fn DetailsForm(patient: Patient, draft: PatientDraft, problems: Problems) -> impl IntoView {
    let state = Desk::get();
    let navigate = use_navigate();
    let saving = RwSignal::new(false);
    let before = StoredValue::new(patient);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let changes = match before.with_value(|p| draft.changes(p, clock::today())) {
            Ok(changes) => changes,
            Err(found) => {
                problems.set(found);
                focus_summary();
                return;
            }
        };
        problems.set(Vec::new());
        saving.set(true);
        let navigate = navigate.clone();
        let patient_id = before.with_value(|p| p.id.clone());
        let back = format!("/patients/{patient_id}?saved=details");
        spawn_local(async move {
            let command =
                Command::ChangePatientDetails(ChangePatientDetails { patient_id, changes: Box::new(changes) });
            match state.run_command(command).await {
                Ok(()) => navigate(&back, Default::default()),
                Err(error) => {
                    problems.set(vec![("given-name".into(), error.to_string())]);
                    focus_summary();
                }
            }
            saving.set(false);
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate>
            <ErrorSummary problems=problems/>
            <p class="hint">"The NHS number cannot be changed here. If it is wrong, ask a team lead to correct the record."</p>
            <Fields fields=patient_fields(draft, false) problems=problems/>
            <button type="submit" class="button" disabled=move || saving.get()>"Save the changes"</button>
        </form>
    }
}
