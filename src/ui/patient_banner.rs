//! Who is being acted on: the patient's name, NHS number and date of birth together, at the top of every form
//! about one patient.

use leptos::prelude::*;
use pathdesk_core::model::Patient;

#[component]
pub fn PatientBanner(patient: Patient) -> impl IntoView {
    view! {
        <p class="lede patient-banner" data-testid="patient-banner">
            <a href=format!("/patients/{}", patient.id)><strong>{patient.display_name()}</strong></a>
            {format!(" · {}", patient.identifiers())}
        </p>
    }
}
