//! The shell: skip link, header with the sync indicator, the main navigation and the screens.

mod sync_indicator;
mod user_menu;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::hooks::use_location;
use leptos_router::path;

use self::sync_indicator::SyncIndicator;
use self::user_menu::UserMenu;
use crate::desk::session::Screen;
use crate::desk::Desk;

/// Where the main navigation goes, in the order the desk uses it.
pub const NAV: [(&str, &str); 8] = [
    ("/", "Today"),
    ("/clinics", "Clinics"),
    ("/triage", "Triage"),
    ("/waiting-list", "Waiting list"),
    ("/pathways", "Pathways"),
    ("/patients", "Patients"),
    ("/tasks", "Tasks"),
    ("/settings", "Settings"),
];

#[component]
pub fn App(desk: Desk) -> impl IntoView {
    let state = desk;
    provide_context(state);
    let skip_to_main = |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = document().get_element_by_id("main") {
            use wasm_bindgen::JsCast;
            if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
                let _ = main.focus();
            }
        }
    };
    let screen = state.auth.screen;
    // The app stays on the page while locked or signed out by the server, so nothing typed is lost; it is only
    // drawn again when it comes or goes, not when the lock does.
    let shows_app = Memo::new(move |_| screen.get().shows_app());
    let hidden = move || screen.get().hides_app();
    view! {
        <Router>
            {move || match screen.get() {
                Screen::Checking => Some(view! { <p class="sign-in__checking" role="status">"Opening Pathdesk…"</p> }.into_any()),
                Screen::SignIn => Some(view! { <crate::screens::sign_in::SignIn/> }.into_any()),
                Screen::ChangePassword => Some(view! { <crate::screens::change_password::ChangePassword/> }.into_any()),
                Screen::Locked => Some(view! { <crate::screens::lock::LockScreen/> }.into_any()),
                Screen::SignedOut => Some(view! { <crate::screens::sign_in::SignIn over_app=true/> }.into_any()),
                Screen::App => None,
            }}
            <Show when=move || shows_app.get()>
            <div class="app-shell" inert=hidden aria-hidden=move || hidden().then_some("true") data-testid="app-shell"
                class:density--compact=move || state.density.get() == crate::desk::density::Density::Compact>
            <a class="skip-link" href="#main" on:click=skip_to_main>"Skip to main content"</a>
            <header class="app-header">
                <div class="app-header__inner">
                    <a class="app-header__name" href="/">"Pathdesk"</a>
                    <UserMenu/>
                    <SyncIndicator/>
                </div>
                <nav class="app-nav" aria-label="Main">
                    <ul class="app-nav__list">
                        {NAV
                            .into_iter()
                            .map(|(href, label)| {
                                view! {
                                    <li class="app-nav__item">
                                        <A href=href exact=true attr:class="app-nav__link">{label}</A>
                                    </li>
                                }
                            })
                            .collect_view()}
                        {move || state.auth.is_lead().then(|| view! {
                            <li class="app-nav__item">
                                <A href="/import" exact=true attr:class="app-nav__link">"Import"</A>
                            </li>
                        })}
                        {move || state.auth.is_administrator().then(|| view! {
                            <li class="app-nav__item">
                                <A href="/audit" exact=true attr:class="app-nav__link">"Audit"</A>
                            </li>
                            <li class="app-nav__item">
                                <A href="/users" exact=true attr:class="app-nav__link">"Users"</A>
                            </li>
                        })}
                    </ul>
                </nav>
            </header>
            <AfterNavigation/>
            <main id="main" class="app-main" tabindex="-1">
                <StoreProblem/>
                <Routes fallback=|| view! { <crate::screens::not_found::NotFound/> }>
                    <Route path=path!("/") view=crate::screens::today::TodayPage/>
                    <Route path=path!("/clinics") view=crate::screens::clinics::ClinicsPage/>
                    <Route path=path!("/clinics/templates") view=crate::screens::templates::ClinicTemplatesPage/>
                    <Route path=path!("/clinics/leave") view=crate::screens::leave::LeavePage/>
                    <Route path=path!("/clinics/sessions/:id") view=crate::screens::clinic::ClinicSessionPage/>
                    <Route path=path!("/triage") view=crate::screens::triage::TriagePage/>
                    <Route path=path!("/triage/:id") view=crate::screens::triage_decision::TriageDecisionPage/>
                    <Route path=path!("/waiting-list") view=crate::screens::waiting_list::WaitingListPage/>
                    <Route path=path!("/admitted-list") view=crate::screens::admitted_list::AdmittedListPage/>
                    <Route path=path!("/pathways") view=crate::screens::pathways::PathwaysPage/>
                    <Route path=path!("/validation") view=crate::screens::validation::ValidationPage/>
                    <Route path=path!("/reports") view=crate::screens::reports::ReportsPage/>
                    <Route path=path!("/clinics/case-notes") view=crate::screens::case_notes::CaseNotesPage/>
                    <Route path=path!("/clinics/mdt") view=crate::screens::mdt::MdtPage/>
                    <Route path=path!("/clinics/mdt/:id") view=crate::screens::mdt_meeting::MdtMeetingPage/>
                    <Route path=path!("/validation/:id") view=crate::screens::validate_pathway::ValidatePathwayPage/>
                    <Route path=path!("/pathways/:id") view=crate::screens::pathway::PathwayPage/>
                    <Route path=path!("/patients") view=crate::screens::patients::PatientsPage/>
                    <Route path=path!("/patients/new") view=crate::screens::register_patient::RegisterPatientPage/>
                    <Route path=path!("/patients/:id") view=crate::screens::patient::PatientPage/>
                    <Route path=path!("/patients/:id/referral") view=crate::screens::add_referral::AddReferralPage/>
                    <Route path=path!("/patients/:id/details") view=crate::screens::change_details::ChangeDetailsPage/>
                    <Route path=path!("/tasks") view=crate::screens::tasks::TasksPage/>
                    <Route path=path!("/tasks/team") view=crate::screens::team::TeamPage/>
                    <Route path=path!("/tasks/escalations") view=crate::screens::escalations::EscalationsPage/>
                    <Route path=path!("/tasks/:id") view=crate::screens::tasks::TaskPage/>
                    <Route path=path!("/appointments/:id/letter") view=crate::screens::letter::AppointmentLetterPage/>
                    <Route path=path!("/appointments/:id/outcome") view=crate::screens::clinic_outcome::ClinicOutcomePage/>
                    <Route path=path!("/problems") view=crate::screens::problems::ProblemsPage/>
                    <Route path=path!("/settings") view=crate::screens::settings::SettingsPage/>
                    <Route path=path!("/sign-out") view=crate::screens::sign_out::SignOutPage/>
                    <Route path=path!("/audit") view=crate::screens::audit::AuditPage/>
                    <Route path=path!("/users") view=crate::screens::users::UsersPage/>
                    <Route path=path!("/import") view=crate::screens::import::ImportPage/>
                </Routes>
            </main>
            </div>
            </Show>
        </Router>
    }
}

/// The browser tab's title for a page, so each page is named (and told apart in history and by screen readers).
pub fn page_title(path: &str) -> String {
    let page = match path {
        "/problems" => Some("Problems"),
        "/sign-out" => Some("Sign out"),
        "/audit" => Some("Audit"),
        "/users" => Some("Users"),
        "/tasks/escalations" => Some("Escalations"),
        "/admitted-list" => Some("Admitted list"),
        "/patients/new" => Some("Register a patient"),
        "/tasks/team" => Some("Team tasks"),
        "/clinics/templates" => Some("Clinic templates"),
        "/clinics/leave" => Some("Consultant leave"),
        p if p.starts_with("/patients/") && p.ends_with("/referral") => Some("Add a referral"),
        p if p.starts_with("/patients/") && p.ends_with("/details") => Some("Change details"),
        p if p.starts_with("/patients/") => Some("Patient"),
        p if p.starts_with("/pathways/") => Some("Pathway"),
        p if p.starts_with("/clinics/sessions/") => Some("Clinic"),
        p if p.starts_with("/triage/") => Some("Triage decision"),
        p if p.starts_with("/appointments/") && p.ends_with("/outcome") => Some("Clinic outcome"),
        p if p.starts_with("/appointments/") && p.ends_with("/letter") => Some("Appointment letter"),
        p if p.starts_with("/tasks/") => Some("Task"),
        p => NAV.iter().find(|(href, _)| *href == p).map(|(_, label)| *label),
    };
    match page {
        Some(page) => format!("{page} – Pathdesk"),
        None => "Page not found – Pathdesk".to_string(),
    }
}

/// After moving to another page: name the tab after it and put focus at the start of the page's content, so
/// keyboard and screen reader users start there, as on a page load.
#[component]
fn AfterNavigation() -> impl IntoView {
    let location = use_location();
    let first = StoredValue::new(true);
    Effect::new(move |_| {
        let path = location.pathname.get();
        document().set_title(&page_title(&path));
        if first.get_value() {
            first.set_value(false);
            return;
        }
        if let Some(main) = document().get_element_by_id("main") {
            use wasm_bindgen::JsCast;
            if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
                let _ = main.focus();
            }
        }
    });
}

/// Says so, plainly, when this device's storage cannot be used.
#[component]
fn StoreProblem() -> impl IntoView {
    let state = Desk::get();
    move || {
        state.store_error.get().map(|message| {
            view! {
                <div class="error-summary" role="alert">
                    <h2 class="error-summary__title">"Pathdesk cannot use this device's storage"</h2>
                    <p>{message}</p>
                </div>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_page_has_its_own_title() {
        use crate::app::{page_title, NAV};
        assert_eq!(page_title("/"), "Today – Pathdesk");
        assert_eq!(page_title("/waiting-list"), "Waiting list – Pathdesk");
        assert_eq!(page_title("/patients/pat-0001"), "Patient – Pathdesk");
        assert_eq!(page_title("/problems"), "Problems – Pathdesk");
        assert_eq!(page_title("/tasks/escalations"), "Escalations – Pathdesk");
        assert_eq!(page_title("/nowhere"), "Page not found – Pathdesk");
        // Every page of the app is named, none "Page not found" (the letter, team tasks and a task once were).
        for (path, title) in [
            ("/appointments/appt-1/letter", "Appointment letter"),
            ("/appointments/appt-1/outcome", "Clinic outcome"),
            ("/tasks/team", "Team tasks"),
            ("/tasks/letter-appt-1", "Task"),
            ("/patients/new", "Register a patient"),
            ("/patients/pat-1/referral", "Add a referral"),
            ("/patients/pat-1/details", "Change details"),
            ("/clinics/templates", "Clinic templates"),
            ("/clinics/leave", "Consultant leave"),
            ("/clinics/sessions/s-1", "Clinic"),
            ("/triage/pw-1", "Triage decision"),
            ("/admitted-list", "Admitted list"),
            ("/users", "Users"),
        ] {
            assert_eq!(page_title(path), format!("{title} – Pathdesk"), "{path}");
        }
        let labels: Vec<&str> = NAV.iter().map(|(_, label)| *label).collect();
        assert_eq!(
            labels,
            vec!["Today", "Clinics", "Triage", "Waiting list", "Pathways", "Patients", "Tasks", "Settings"]
        );
        assert_eq!(page_title("/triage/pathway-1"), "Triage decision – Pathdesk");
        assert_eq!(page_title("/admitted-list"), "Admitted list – Pathdesk");
        assert_eq!(page_title("/appointments/a1/outcome"), "Clinic outcome – Pathdesk");
    }
}
