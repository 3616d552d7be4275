//! "Needs rebooking": a booking made on this device lost its slot to another desk. Says who and where they were
//! meant to go, and offers the nearby free slots; booking one resolves the problem.

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::calendar::hhmm;
use pathdesk_core::calendar::uk_day;
use pathdesk_core::command::NeedsRebooking;
use pathdesk_core::model::Patient;
use pathdesk_core::nhs_number::format_nhs_number;
use pathdesk_core::record::RecordKind;

use crate::desk::clock;
use crate::desk::state::{current_store, Desk};
use crate::desk::store::{problems, records};
use crate::ui::booking_panel::{BookingPanel, OnBooked, PanelMemory};
use crate::ui::loaded::load;

#[component]
pub fn NeedsRebookingPanel(problem_id: String, needs: NeedsRebooking) -> impl IntoView {
    let state = Desk::get();
    let patient_id = needs.patient_id.clone();
    let patient = load(move |store| {
        let id = patient_id.clone();
        async move { records::one::<Patient>(&store, RecordKind::Patient, &id).await }
    });
    let who = move || {
        patient
            .get()
            .and_then(Result::ok)
            .flatten()
            .map(|p| format!("{} ({})", p.display_name(), format_nhs_number(&p.nhs_number)))
            .unwrap_or_else(|| "The patient".to_string())
    };
    let intended = format!(
        "Intended: {} on {} at {} ({} slot).",
        needs.clinic,
        uk_day(needs.date),
        hhmm(needs.start),
        needs.slot_type.label()
    );
    let memory = PanelMemory::new(Some(needs.date.max(clock::today())));
    let resolved: OnBooked = std::sync::Arc::new(move |_appointment_id: String| {
        let id = problem_id.clone();
        spawn_local(async move {
            if let Ok(store) = current_store() {
                if problems::discard(&store, &id).await.is_ok() {
                    state.changed_here().await;
                }
            }
        });
    });
    view! {
        <div class="needs-rebooking" data-testid="needs-rebooking">
            <p class="tag tag--warning">"Needs rebooking"</p>
            <p><strong data-testid="needs-rebooking-patient">{who}</strong></p>
            <p>{intended}</p>
            <p class="hint">"Nearby free slots are listed below. Book one to resolve this problem."</p>
            <BookingPanel pathway_id=needs.pathway_id.clone() memory=memory on_booked=resolved/>
        </div>
    }
}
