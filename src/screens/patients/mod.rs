//! Patients: find a patient on this device by name, NHS number or hospital number.

use leptos::prelude::*;
use pathdesk_core::calendar::uk_date;
use pathdesk_core::model::Patient;
use pathdesk_core::nhs_number::format_nhs_number;
use pathdesk_core::record::RecordKind;
use pathdesk_core::text::count;

use crate::desk::store::records;
use crate::ui::allowed::IfMayChange;
use crate::ui::loaded;
use crate::ui::loaded::load;
use pathdesk_core::access::Area;
use pathdesk_core::patient_search;

/// The most results shown at once.
pub const MAX_RESULTS: usize = 50;

#[component]
pub fn PatientsPage() -> impl IntoView {
    let query = RwSignal::new(String::new());
    let patients = load(|store| async move { records::all::<Patient>(&store, RecordKind::Patient).await });
    view! {
        <h1>"Patients"</h1>
        <IfMayChange area=Area::Registration>
            <p><a class="button button--secondary" href="/patients/new">"Register a patient"</a></p>
        </IfMayChange>
        <div class="form-group">
            <label class="label" for="patient-search">"Search patients"</label>
            <p class="hint" id="patient-search-hint">"Name, NHS number (with or without spaces) or hospital number"</p>
            <input
                id="patient-search"
                class="input input--wide"
                type="search"
                aria-label="Search patients"
                aria-describedby="patient-search-hint"
                autocomplete="off"
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
        </div>
        {loaded::show(patients, move |patients: Vec<Patient>| {
            move || {
                let typed = query.get();
                if typed.trim().is_empty() {
                    return view! {
                        <p class="hint">{count(patients.len(), "patient", "patients")} " on this device."</p>
                    }
                        .into_any();
                }
                let found = patient_search::search(&patients, &typed, MAX_RESULTS);
                let summary = count(found.len(), "patient found", "patients found");
                view! {
                    <p class="hint" role="status">{summary}</p>
                    <ul class="list results">
                        {found
                            .into_iter()
                            .map(|p| {
                                let href = format!("/patients/{}", p.id);
                                let details = format!(
                                    "NHS {} · Hospital no. {} · Born {}",
                                    format_nhs_number(&p.nhs_number),
                                    p.hospital_number,
                                    uk_date(p.date_of_birth)
                                );
                                view! {
                                    <li class="list__item">
                                        <a href=href class="results__name">{p.display_name()}</a>
                                        <span class="results__details">{details}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }
        })}
    }
}
