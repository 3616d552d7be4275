//! Patient → Add a referral: another referral for a registered patient. Saving starts its clocks (from its first
//! events, through the pathway engine) and puts it on the waiting list.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use pathdesk_core::access::Area;
use pathdesk_core::command::{AddReferral, Command};
use pathdesk_core::model::{Consultant, Patient, Specialty};
use pathdesk_core::record::RecordKind;
use pathdesk_core::sorting;

use crate::desk::clock;
use crate::desk::store::records;
use crate::desk::Desk;
use crate::ui::allowed::IfMayChange;
use crate::ui::form::{focus_summary, ErrorSummary, Fields, Problems};
use crate::ui::loaded;
use crate::ui::loaded::load;
use crate::ui::referral_fields::{referral_fields, ReferralDraft};

#[derive(Clone)]
struct ForReferral {
    patient: Option<Patient>,
    specialties: Vec<Specialty>,
    consultants: Vec<Consultant>,
}

#[component]
pub fn AddReferralPage() -> impl IntoView {
    let params = use_params_map();
    let patient_id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let data = load(move |store| {
        let id = patient_id.get();
        async move {
            let mut specialties: Vec<Specialty> = records::all(&store, RecordKind::Specialty).await?;
            sorting::sort_by(&mut specialties, |a, b| a.name.cmp(&b.name));
            let mut consultants: Vec<Consultant> = records::all(&store, RecordKind::Consultant).await?;
            sorting::sort_by(&mut consultants, |a, b| a.name.cmp(&b.name));
            Ok(ForReferral { patient: records::one(&store, RecordKind::Patient, &id).await?, specialties, consultants })
        }
    });
    let draft = ReferralDraft::new();
    let problems: Problems = RwSignal::new(Vec::new());
    view! {
        {loaded::show(data, move |data: ForReferral| match data.patient.clone() {
            None => view! {
                <h1>"Patient not found"</h1>
                <p>"No patient with this id is on this device. "<a href="/patients">"Search for the patient"</a>"."</p>
            }
            .into_any(),
            Some(patient) => view! {
                <h1>"Add a referral"</h1>
                <p class="lede" data-testid="referral-patient">
                    <strong>{patient.display_name()}</strong>
                    {format!(" · {}", patient.identifiers())}
                </p>
                <IfMayChange area=Area::Registration>
                    <ReferralForm patient=patient.clone() data=data.clone() draft=draft problems=problems/>
                </IfMayChange>
            }
            .into_any(),
        })}
    }
}

#[component]
fn ReferralForm(patient: Patient, data: ForReferral, draft: ReferralDraft, problems: Problems) -> impl IntoView {
    let state = Desk::get();
    let navigate = use_navigate();
    let saving = RwSignal::new(false);
    let born = patient.date_of_birth;
    let patient_id = patient.id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let pathway_id = format!("pathway-{}", uuid::Uuid::new_v4());
        let referral = match draft.read(pathway_id, patient_id.clone(), Some(born), clock::today()) {
            Ok(referral) => referral,
            Err(found) => {
                problems.set(found);
                focus_summary();
                return;
            }
        };
        problems.set(Vec::new());
        saving.set(true);
        let navigate = navigate.clone();
        let back = format!("/patients/{patient_id}?saved=referral");
        spawn_local(async move {
            match state.run_command(Command::AddReferral(AddReferral { referral: Box::new(referral) })).await {
                Ok(()) => navigate(&back, Default::default()),
                Err(error) => {
                    problems.set(vec![("received-on".into(), error.to_string())]);
                    focus_summary();
                }
            }
            saving.set(false);
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate>
            <ErrorSummary problems=problems/>
            <Fields fields=referral_fields(draft, &data.specialties, data.consultants) problems=problems/>
            <button type="submit" class="button" disabled=move || saving.get()>"Add the referral"</button>
        </form>
    }
}
