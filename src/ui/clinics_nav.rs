//! The Clinics pages' own navigation (Diary, Templates, Leave, MDT, Case notes), on each of them.

use leptos::prelude::*;

/// The Clinics pages' own navigation: Diary, Templates, Leave, MDT, Case notes.
#[component]
pub fn ClinicsNav() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let link = move |href: &'static str, label: &'static str| {
        let current = move || (location.pathname.get() == href).then_some("page");
        view! { <li><a class="sub-nav__link" href=href aria-current=current>{label}</a></li> }
    };
    view! {
        <nav class="sub-nav" aria-label="Clinics">
            <ul class="sub-nav__list">
                {link("/clinics", "Diary")}
                {link("/clinics/templates", "Templates")}
                {link("/clinics/leave", "Leave")}
                {link("/clinics/mdt", "MDT")}
                {link("/clinics/case-notes", "Case notes")}
            </ul>
        </nav>
    }
}
