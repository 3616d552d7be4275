//! Patients → Register a patient: a patient new to the trust, with the referral that brings them. Possible
//! duplicates (the same NHS number, or the same last name and date of birth) are shown before saving and never
//! merged; saving starts the referral's clocks and puts it on the waiting list.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use pathdesk_core::access::Area;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::command::{Command, RegisterPatient};
use pathdesk_core::model::{Consultant, Patient, Specialty};
use pathdesk_core::nhs_number::format_nhs_number;
use pathdesk_core::record::RecordKind;
use pathdesk_core::registration::{check_patient, possible_duplicates, DuplicateReason};
use pathdesk_core::sorting;

use crate::desk::clock;
use crate::desk::local::LocalError;
use crate::desk::store::records;
use crate::desk::Desk;
use crate::ui::allowed::IfMayChange;
use crate::ui::form::{focus_summary, ErrorSummary, Fields, Problems};
use crate::ui::loaded;
use crate::ui::loaded::load;
use crate::ui::patient_fields::{patient_fields, PatientDraft};
use crate::ui::referral_fields::{referral_fields, ReferralDraft};

#[derive(Clone)]
struct Registers {
    patients: Vec<Patient>,
    specialties: Vec<Specialty>,
    consultants: Vec<Consultant>,
}

#[component]
pub fn RegisterPatientPage() -> impl IntoView {
    let data = load(|store| async move {
        let mut specialties: Vec<Specialty> = records::all(&store, RecordKind::Specialty).await?;
        sorting::sort_by(&mut specialties, |a, b| a.name.cmp(&b.name));
        let mut consultants: Vec<Consultant> = records::all(&store, RecordKind::Consultant).await?;
        sorting::sort_by(&mut consultants, |a, b| a.name.cmp(&b.name));
        Ok(Registers { patients: records::all(&store, RecordKind::Patient).await?, specialties, consultants })
    });
    let draft = PatientDraft::new();
    let referral = ReferralDraft::new();
    let problems: Problems = RwSignal::new(Vec::new());
    view! {
        <h1>"Register a patient"</h1>
        <p class="lede">"A patient new to the trust, with the referral that brings them. Check the NHS number against the referral letter."</p>
        <IfMayChange area=Area::Registration>
            {loaded::show(data, move |data: Registers| view! { <RegisterForm data=data draft=draft referral=referral problems=problems/> })}
        </IfMayChange>
    }
}

#[component]
fn RegisterForm(data: Registers, draft: PatientDraft, referral: ReferralDraft, problems: Problems) -> impl IntoView {
    let state = Desk::get();
    let navigate = use_navigate();
    let saving = RwSignal::new(false);
    let patients = StoredValue::new(data.patients);
    // Possible duplicates, as the details are typed: shown before saving, never merged.
    let duplicates = Memo::new(move |_| {
        let (candidate, _) = draft.patient(true);
        patients.with_value(|all| {
            possible_duplicates(all.iter(), &candidate)
                .into_iter()
                .filter(|(_, why)| {
                    *why == DuplicateReason::SameNhsNumber || candidate.date_of_birth != chrono::NaiveDate::MIN
                })
                .map(|(p, why)| (p.clone(), why))
                .collect::<Vec<_>>()
        })
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let today = clock::today();
        let (patient, born_problem) = draft.patient(false);
        let mut found: Vec<(String, String)> = Vec::new();
        for problem in check_patient(&patient, today) {
            if problem.field == "date-of-birth" && born_problem.is_some() {
                continue;
            }
            found.push((problem.field.to_string(), problem.message));
        }
        if let Some(problem) = born_problem {
            found.push(("date-of-birth".into(), problem));
        }
        let same = duplicates.get_untracked();
        if let Some((existing, _)) = same.iter().find(|(_, why)| *why == DuplicateReason::SameNhsNumber) {
            found.push(("nhs-number".into(), pathdesk_core::registration::already_registered(existing)));
        } else if !same.is_empty() && !draft.different_person.get_untracked() {
            found.push((
                "different-person".into(),
                "A patient with the same last name and date of birth is registered: open their record, or confirm this is a different person".into(),
            ));
        }
        let born = (patient.date_of_birth != chrono::NaiveDate::MIN).then_some(patient.date_of_birth);
        let pathway_id = format!("pathway-{}", uuid::Uuid::new_v4());
        let read = referral.read(pathway_id, patient.id.clone(), born, today);
        if let Err(referral_problems) = &read {
            found.extend(referral_problems.iter().cloned());
        }
        let order = [
            "nhs-number",
            "given-name",
            "family-name",
            "date-of-birth",
            "postcode",
            "phone",
            "email",
            "different-person",
        ];
        sorting::sort_by_key(&mut found, |(field, _)| order.iter().position(|f| f == field).unwrap_or(order.len()));
        problems.set(found);
        let (Ok(new_referral), true) = (read, problems.with_untracked(Vec::is_empty)) else {
            focus_summary();
            return;
        };
        let not_duplicates = same.iter().map(|(p, _)| p.id.clone()).collect();
        let patient_id = patient.id.clone();
        let navigate = navigate.clone();
        saving.set(true);
        spawn_local(async move {
            let command = Command::RegisterPatient(RegisterPatient {
                patient: Box::new(patient),
                referral: Box::new(new_referral),
                not_duplicates,
            });
            match state.run_command(command).await {
                Ok(()) => navigate(&format!("/patients/{patient_id}?saved=registered"), Default::default()),
                Err(LocalError::Rejected(rejection)) => {
                    problems.set(vec![("nhs-number".into(), rejection.message)]);
                    focus_summary();
                }
                Err(other) => {
                    problems.set(vec![("nhs-number".into(), other.to_string())]);
                    focus_summary();
                }
            }
            saving.set(false);
        });
    };
    let patient_fields = patient_fields(draft, true);
    view! {
        <form class="form" on:submit=submit novalidate>
            <ErrorSummary problems=problems/>
            <h2>"The patient"</h2>
            <Fields fields=patient_fields problems=problems/>
            <Duplicates duplicates=duplicates draft=draft problems=problems/>
            <h2>"The referral"</h2>
            <Fields fields=referral_fields(referral, &data.specialties, data.consultants) problems=problems/>
            <button type="submit" class="button" disabled=move || saving.get()>"Register and add the referral"</button>
        </form>
    }
}

/// Registered patients who may be this one, before anything is saved.
#[component]
fn Duplicates(
    duplicates: Memo<Vec<(Patient, DuplicateReason)>>,
    draft: PatientDraft,
    problems: Problems,
) -> impl IntoView {
    let error = crate::ui::form::error_for(problems, "different-person");
    move || {
        let found = duplicates.get();
        (!found.is_empty()).then(|| {
            let only_same_name = found.iter().all(|(_, why)| *why == DuplicateReason::SameNameAndDateOfBirth);
            view! {
                <div class=move || if error.with(Option::is_some) { "notification-banner form-group--error" } else { "notification-banner" } role="region" aria-labelledby="duplicates-title" data-testid="possible-duplicates">
                    <h2 class="notification-banner__title" id="duplicates-title">"Possible duplicate"</h2>
                    <ul class="list">
                        {found.into_iter().map(|(p, why)| {
                            let because = match why {
                                DuplicateReason::SameNhsNumber => "the same NHS number",
                                DuplicateReason::SameNameAndDateOfBirth => "the same last name and date of birth",
                            };
                            view! {
                                <li class="list__item">
                                    <a href=format!("/patients/{}", p.id)>{p.display_name()}</a>
                                    {format!(" · NHS {} · born {} · {because}", format_nhs_number(&p.nhs_number), uk_date(p.date_of_birth))}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {only_same_name.then(|| view! {
                        {move || error.get().map(|e| view! { <p class="error-message" id="different-person-error">{e}</p> })}
                        <div class="form-group form-group--inline">
                            <input type="checkbox" id="different-person" class="checkbox" prop:checked=move || draft.different_person.get() on:change=move |ev| draft.different_person.set(event_target_checked(&ev))/>
                            <label for="different-person">"I have checked: the patient I am registering is a different person"</label>
                        </div>
                    })}
                </div>
            }
        })
    }
}
