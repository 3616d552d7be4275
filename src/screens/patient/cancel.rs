//! Cancel one booked appointment from the patient's page: who cancelled (the patient or the hospital) and why.
//! The core decides whether it may be cancelled (an empty reason, an appointment already seen...) and its message
//! is shown as it is. What was typed lives in a draft the page owns, so the redraw after a save or a sync keeps it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use pathdesk_core::calendar::hhmm;
use pathdesk_core::calendar::uk_day;
use pathdesk_core::command::CancelAppointment;
use pathdesk_core::command::{CancelledBy, Command};
use pathdesk_core::model::Appointment;

use crate::desk::local::LocalError;
use crate::desk::Desk;
use crate::ui::form::Confirmation;

/// The cancel form's state, kept by the page: which appointment's form is open, what was chosen and typed, the
/// refusal and what was saved.
#[derive(Clone, Copy)]
pub struct CancelDraft {
    /// The appointment whose form is open.
    open: RwSignal<Option<String>>,
    by: RwSignal<Option<CancelledBy>>,
    reason: RwSignal<String>,
    problem: RwSignal<Option<String>>,
    saved: RwSignal<Option<String>>,
    saving: RwSignal<bool>,
}

impl CancelDraft {
    pub fn new() -> Self {
        CancelDraft {
            open: RwSignal::new(None),
            by: RwSignal::new(None),
            reason: RwSignal::new(String::new()),
            problem: RwSignal::new(None),
            saved: RwSignal::new(None),
            saving: RwSignal::new(false),
        }
    }

    /// Forget everything: another patient is shown.
    pub fn clear(&self) {
        self.close();
        self.saved.set(None);
    }

    fn close(&self) {
        self.open.set(None);
        self.by.set(None);
        self.reason.set(String::new());
        self.problem.set(None);
    }
}

impl Default for CancelDraft {
    fn default() -> Self {
        CancelDraft::new()
    }
}

/// What was saved, for the page's status line (kept outside the list so it stays while the list redraws).
#[component]
pub fn CancelOutcome(draft: CancelDraft) -> impl IntoView {
    view! {
        <Confirmation message=draft.saved id="cancel-saved"/>
    }
}

/// "Cancel…" on a booked appointment, and the form it opens.
#[component]
pub fn CancelAppointment(appointment: Appointment, draft: CancelDraft) -> impl IntoView {
    let id = appointment.id.clone();
    let when = format!("{} {}", uk_day(appointment.date), hhmm(appointment.start));
    let form_id = format!("cancel-{id}");
    let is_open = {
        let id = id.clone();
        Memo::new(move |_| draft.open.with(|open| open.as_deref() == Some(id.as_str())))
    };
    let toggle = move |_| {
        if is_open.get_untracked() {
            draft.close();
        } else {
            draft.close();
            draft.saved.set(None);
            draft.open.set(Some(id.clone()));
        }
    };
    let appointment = StoredValue::new(appointment);
    let when_hidden = format!(" the appointment on {when}");
    view! {
        <button
            type="button"
            class="button button--secondary appointment-cancel__open"
            aria-expanded=move || if is_open.get() { "true" } else { "false" }
            aria-controls=form_id.clone()
            on:click=toggle
        >
            "Cancel…"
            <span class="visually-hidden">{when_hidden}</span>
        </button>
        {move || is_open.get().then(|| view! { <CancelForm appointment=appointment.get_value() draft=draft/> })}
    }
}

#[component]
fn CancelForm(appointment: Appointment, draft: CancelDraft) -> impl IntoView {
    let state = Desk::get();
    let id = appointment.id.clone();
    let when = format!("{} at {}", uk_day(appointment.date), hhmm(appointment.start));
    let form_id = format!("cancel-{id}");
    let reason_id = format!("cancel-reason-{id}");
    let error_id = format!("cancel-error-{id}");
    let radio_name = format!("cancel-by-{id}");
    let appointment = StoredValue::new(appointment);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if draft.saving.get_untracked() {
            return;
        }
        let Some(by) = draft.by.get_untracked() else {
            draft.problem.set(Some("Choose who cancelled: the patient or the hospital.".to_string()));
            return;
        };
        let command = Command::from(CancelAppointment::of(&appointment.get_value(), by, draft.reason.get_untracked()));
        draft.saving.set(true);
        spawn_local(async move {
            match state.run_command(command).await {
                Ok(()) => {
                    draft.close();
                    draft.saved.set(Some(match by {
                        CancelledBy::Patient => {
                            "Cancelled by the patient: saved on this device. The patient goes back \
                                                 on the waiting list to be offered another date."
                                .to_string()
                        }
                        CancelledBy::Hospital => "Cancelled by the hospital: saved on this device.".to_string(),
                    }));
                }
                Err(LocalError::Rejected(rejection)) => draft.problem.set(Some(rejection.message)),
                Err(other) => draft.problem.set(Some(other.to_string())),
            }
            draft.saving.set(false);
        });
    };
    let choice = move |value: CancelledBy, label: &'static str| {
        let name = radio_name.clone();
        view! {
            <label class="checkbox">
                <input
                    type="radio"
                    name=name
                    prop:checked=move || draft.by.get() == Some(value)
                    on:change=move |_| draft.by.set(Some(value))
                />
                {label}
            </label>
        }
    };
    let reason_described = error_id.clone();
    view! {
        <form id=form_id class="appointment-cancel" on:submit=submit novalidate data-testid="cancel-form">
            <h3 class="appointment-cancel__heading">{format!("Cancel the appointment on {when}")}</h3>
            {move || {
                draft.problem.get().map(|message| view! {
                    <div class="error-summary" role="alert" data-testid="cancel-error">
                        <h4 class="error-summary__title">"The appointment was not cancelled"</h4>
                        <p class="error-message" id=error_id.clone()>{message}</p>
                    </div>
                })
            }}
            <fieldset class="fieldset">
                <legend class="label">"Who cancelled?"</legend>
                {choice(CancelledBy::Patient, "The patient cancelled")}
                {choice(CancelledBy::Hospital, "The hospital cancelled")}
            </fieldset>
            <div class="form-group" class:form-group--error=move || draft.problem.with(Option::is_some)>
                <label class="label" for=reason_id.clone()>"Reason"</label>
                <input
                    id=reason_id
                    class="input input--wide"
                    type="text"
                    autocomplete="off"
                    aria-describedby=move || if draft.problem.with(Option::is_some) { reason_described.clone() } else { String::new() }
                    prop:value=move || draft.reason.get()
                    on:input=move |ev| draft.reason.set(event_target_value(&ev))
                />
            </div>
            <button type="submit" class="button button--warning" prop:disabled=move || draft.saving.get()>
                "Cancel the appointment"
            </button>
        </form>
    }
}
